// WebP through libwebp: header (WebPGetFeatures) and decode. See image_codecs.h.
#include <webp/decode.h>

#include <string>

#include "imaging/image_codecs.h"
#include "imaging/pixel_buffer.h"

namespace tricholog::imaging::codec {
namespace {

std::string StatusText(VP8StatusCode status) {
  switch (status) {
    case VP8_STATUS_OUT_OF_MEMORY:
      return "out of memory";
    case VP8_STATUS_INVALID_PARAM:
      return "invalid parameter";
    case VP8_STATUS_BITSTREAM_ERROR:
      return "the bitstream is corrupt";
    case VP8_STATUS_UNSUPPORTED_FEATURE:
      return "it uses an unsupported feature";
    case VP8_STATUS_SUSPENDED:
      return "decoding was suspended";
    case VP8_STATUS_USER_ABORT:
      return "decoding was aborted";
    case VP8_STATUS_NOT_ENOUGH_DATA:
      return "the data is truncated";
    default:
      return "status " + std::to_string(static_cast<int>(status));
  }
}

}  // namespace

Result<ImageHeader> ReadWebpHeader(std::span<const std::uint8_t> bytes) {
  WebPBitstreamFeatures features;
  const VP8StatusCode status = WebPGetFeatures(bytes.data(), bytes.size(), &features);
  if (status != VP8_STATUS_OK) {
    return MakeError(ErrorCode::kParseError, "WebP header is invalid: " + StatusText(status),
                     "image");
  }
  if (features.has_animation) {
    return MakeError(ErrorCode::kUnsupported,
                     "animated WebP is not accepted: take a still photo (no frame is decoded)",
                     "image");
  }
  if (features.width <= 0 || features.height <= 0) {
    return MakeError(ErrorCode::kParseError, "WebP header has a zero width or height", "image");
  }
  return ImageHeader{features.width, features.height, 1};
}

Result<cv::Mat> DecodeWebpPixels(std::span<const std::uint8_t> bytes) {
  auto header = ReadWebpHeader(bytes);
  if (!header) return tl::unexpected(header.error());
  WebPDecoderConfig config;
  if (!WebPInitDecoderConfig(&config)) {
    return MakeError(ErrorCode::kInternal, "libwebp version mismatch", "image");
  }
  cv::Mat bgr = NewPixelBuffer(header->height, header->width, CV_8UC3);
  config.output.colorspace = MODE_BGR;
  config.output.is_external_memory = 1;
  config.output.u.RGBA.rgba = bgr.data;
  config.output.u.RGBA.stride = static_cast<int>(bgr.step);
  config.output.u.RGBA.size = bgr.step * static_cast<std::size_t>(bgr.rows);
  const VP8StatusCode status = WebPDecode(bytes.data(), bytes.size(), &config);
  WebPFreeDecBuffer(&config.output);  // external memory: frees nothing of ours
  if (status != VP8_STATUS_OK) {
    return MakeError(ErrorCode::kParseError, "WebP data is damaged: " + StatusText(status),
                     "image");
  }
  return bgr;
}

}  // namespace tricholog::imaging::codec
