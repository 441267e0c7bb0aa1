// PNG through libspng (0.7): header, decode, encode. See image_codecs.h.
#include <spng.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <opencv2/imgproc.hpp>
#include <string>

#include "imaging/image_codecs.h"
#include "imaging/image_container.h"
#include "imaging/pixel_buffer.h"

namespace tricholog::imaging::codec {
namespace {

struct SpngDeleter {
  void operator()(spng_ctx* context) const { spng_ctx_free(context); }
};
using SpngContext = std::unique_ptr<spng_ctx, SpngDeleter>;

tl::unexpected<Error> PngFailure(const std::string& what, int status) {
  return MakeError(ErrorCode::kParseError, what + ": " + spng_strerror(status), "image");
}

bool IsTextChunk(const std::string& type) {
  return type == "tEXt" || type == "zTXt" || type == "iTXt";
}

// The stream's chunks, checked to reach IEND (a truncated PNG is refused here, by name).
Result<std::vector<container::PngChunk>> Chunks(std::span<const std::uint8_t> bytes) {
  auto chunks = container::ParsePngChunks(bytes);
  if (!chunks) {
    return MakeError(ErrorCode::kParseError,
                     "PNG data is truncated or damaged: a chunk runs past the end of the file or "
                     "IEND is missing",
                     "image");
  }
  return chunks;
}

// A decoder context over `bytes` with our limits. libspng checks every chunk's CRC (critical
// and ancillary) and fails on a mismatch by default; that is set explicitly.
Result<SpngContext> OpenDecoder(std::span<const std::uint8_t> bytes, const DecodeLimits& limits) {
  SpngContext context(spng_ctx_new(0));
  if (!context) return MakeError(ErrorCode::kInternal, "libspng could not start", "image");
  int status = spng_set_crc_action(context.get(), SPNG_CRC_ERROR, SPNG_CRC_ERROR);
  if (status == 0) {
    status = spng_set_image_limits(context.get(), static_cast<std::uint32_t>(limits.max_width),
                                   static_cast<std::uint32_t>(limits.max_height));
  }
  // No chunk may be larger than the input may be, and the ancillary chunks libspng keeps
  // (ICC profile, eXIf, ...; text is removed beforehand) total no more than that either.
  if (status == 0)
    status = spng_set_chunk_limits(context.get(), limits.max_bytes, limits.max_bytes);
  if (status == 0) status = spng_set_png_buffer(context.get(), bytes.data(), bytes.size());
  if (status != 0) return PngFailure("PNG decoder set-up failed", status);
  return context;
}

}  // namespace

Result<ImageHeader> ReadPngHeader(std::span<const std::uint8_t> bytes) {
  // Signature (8 bytes), then IHDR: length 13, type, width, height, ... and its CRC. The
  // size is read here rather than through libspng, whose refusal of a size above its image
  // limits carries a generic message: the caller names the limit that was exceeded (libspng's
  // limits are set to the same values as a second guard). The rest of the stream is walked
  // when decoding (and every CRC checked by libspng), so a bomb made of a bare IHDR is refused
  // for its size.
  constexpr std::uint8_t kIhdr[] = {0, 0, 0, 13, 'I', 'H', 'D', 'R'};
  if (bytes.size() < 33 || !std::equal(std::begin(kIhdr), std::end(kIhdr), bytes.begin() + 8)) {
    return MakeError(ErrorCode::kParseError, "PNG header (IHDR) is missing or truncated", "image");
  }
  const auto be32 = [&](std::size_t at) {
    return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) |
           (std::uint32_t{bytes[at + 2]} << 8) | bytes[at + 3];
  };
  const std::uint32_t width = be32(16), height = be32(20);
  if (width == 0 || height == 0 || width > 0x7FFFFFFFu || height > 0x7FFFFFFFu) {
    return MakeError(ErrorCode::kParseError, "PNG header has an invalid width or height", "image");
  }
  return ImageHeader{static_cast<int>(width), static_cast<int>(height), 1};
}

Result<cv::Mat> DecodePngPixels(std::span<const std::uint8_t> bytes, const DecodeLimits& limits) {
  auto chunks = Chunks(bytes);
  if (!chunks) return tl::unexpected(chunks.error());
  // Text chunks are removed first: their content never matters here, and inflating a few
  // hundred bytes of zTXt/iTXt into megabytes was a slow input found by fuzzing.
  std::vector<std::uint8_t> without_text;
  if (std::any_of(chunks->begin(), chunks->end(),
                  [](const container::PngChunk& c) { return IsTextChunk(c.type); })) {
    without_text.assign(bytes.begin(), bytes.begin() + 8);
    for (const container::PngChunk& chunk : *chunks) {
      if (IsTextChunk(chunk.type)) continue;
      const auto whole = bytes.subspan(chunk.offset, chunk.size);
      without_text.insert(without_text.end(), whole.begin(), whole.end());
    }
    bytes = without_text;
  }
  auto context = OpenDecoder(bytes, limits);
  if (!context) return tl::unexpected(context.error());
  spng_ihdr ihdr{};
  if (int status = spng_get_ihdr(context->get(), &ihdr); status != 0) {
    return PngFailure("PNG header is invalid", status);
  }
  std::size_t size = 0;
  if (int status = spng_decoded_image_size(context->get(), SPNG_FMT_RGB8, &size); status != 0) {
    return PngFailure("PNG cannot be decoded to RGB", status);
  }
  const int width = static_cast<int>(ihdr.width), height = static_cast<int>(ihdr.height);
  if (size != std::size_t{ihdr.width} * ihdr.height * 3) {
    return MakeError(ErrorCode::kInternal, "libspng reported an unexpected image size", "image");
  }
  cv::Mat pixels = NewPixelBuffer(height, width, CV_8UC3);
  if (int status = spng_decode_image(context->get(), pixels.data, size, SPNG_FMT_RGB8, 0);
      status != 0) {
    return PngFailure("PNG data is damaged", status);
  }
  cv::cvtColor(pixels, pixels, cv::COLOR_RGB2BGR);
  return pixels;
}

Result<std::vector<std::uint8_t>> EncodePngBytes(const cv::Mat& image) {
  const bool grey = image.channels() == 1;
  cv::Mat packed;  // rows back to back, RGB order, as libspng takes them
  if (grey) {
    packed = image.isContinuous() ? image : image.clone();
  } else {
    cv::cvtColor(image, packed, cv::COLOR_BGR2RGB);
  }
  SpngContext context(spng_ctx_new(SPNG_CTX_ENCODER));
  if (!context) return MakeError(ErrorCode::kInternal, "libspng could not start", "image");
  spng_ihdr ihdr{};
  ihdr.width = static_cast<std::uint32_t>(image.cols);
  ihdr.height = static_cast<std::uint32_t>(image.rows);
  ihdr.bit_depth = 8;
  ihdr.color_type = grey ? SPNG_COLOR_TYPE_GRAYSCALE : SPNG_COLOR_TYPE_TRUECOLOR;
  int status = spng_set_option(context.get(), SPNG_ENCODE_TO_BUFFER, 1);
  if (status == 0) status = spng_set_ihdr(context.get(), &ihdr);
  if (status == 0) {
    status = spng_encode_image(context.get(), packed.data, packed.total() * packed.elemSize(),
                               SPNG_FMT_PNG, SPNG_ENCODE_FINALIZE);
  }
  if (status != 0) {
    return MakeError(ErrorCode::kInternal,
                     std::string("PNG encoder failed: ") + spng_strerror(status), "image");
  }
  std::size_t length = 0;
  void* png = spng_get_png_buffer(context.get(), &length, &status);
  std::unique_ptr<void, decltype(&std::free)> owned(png, &std::free);
  if (png == nullptr || status != 0) {
    return MakeError(ErrorCode::kInternal,
                     std::string("PNG encoder failed: ") + spng_strerror(status), "image");
  }
  const auto* data = static_cast<const std::uint8_t*>(png);
  return std::vector<std::uint8_t>(data, data + length);
}

}  // namespace tricholog::imaging::codec
