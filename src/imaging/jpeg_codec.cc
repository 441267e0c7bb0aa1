// JPEG through libjpeg-turbo's TurboJPEG API (libturbojpeg 2.1): header, DCT-scaled decode,
// encode. See image_codecs.h.
#include <turbojpeg.h>

#include <cstring>
#include <memory>
#include <string>

#include "imaging/image_codecs.h"
#include "imaging/pixel_buffer.h"

namespace tricholog::imaging::codec {
namespace {

struct TjDeleter {
  void operator()(void* handle) const { tjDestroy(handle); }
};
using TjHandle = std::unique_ptr<void, TjDeleter>;

// Decoding flags. STOPONWARNING: libjpeg only warns about corrupt entropy-coded data and a
// premature end of file (it pads the rest with grey), so a warning must stop the decode.
// LIMITSCANS: a progressive JPEG with more than 500 scans is refused (a known CPU-time
// bomb). ACCURATEDCT names the default (JDCT_ISLOW, what OpenCV's decoder used) explicitly.
constexpr int kDecodeFlags = TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS | TJFLAG_ACCURATEDCT;

tl::unexpected<Error> JpegFailure(tjhandle handle, const std::string& what) {
  const bool warning = tjGetErrorCode(handle) == TJERR_WARNING;
  const std::string detail = tjGetErrorStr2(handle);
  return MakeError(ErrorCode::kParseError,
                   (warning ? "JPEG data is damaged: " : what + ": ") + detail, "image");
}

}  // namespace

Result<ImageHeader> ReadJpegHeader(std::span<const std::uint8_t> bytes) {
  TjHandle handle(tjInitDecompress());
  if (!handle) return MakeError(ErrorCode::kInternal, "TurboJPEG could not start", "image");
  int width = 0, height = 0, subsampling = 0, colorspace = 0;
  if (tjDecompressHeader3(handle.get(), bytes.data(), static_cast<unsigned long>(bytes.size()),
                          &width, &height, &subsampling, &colorspace) != 0) {
    return JpegFailure(handle.get(), "JPEG header is invalid");
  }
  if (width <= 0 || height <= 0) {
    return MakeError(ErrorCode::kParseError, "JPEG header has a zero width or height", "image");
  }
  if (colorspace == TJCS_CMYK || colorspace == TJCS_YCCK) {
    return MakeError(ErrorCode::kUnsupported, "CMYK JPEG photos are not accepted", "image");
  }
  return ImageHeader{width, height, 1};
}

Result<cv::Mat> DecodeJpegPixels(std::span<const std::uint8_t> bytes, int scale_denominator) {
  TjHandle handle(tjInitDecompress());
  if (!handle) return MakeError(ErrorCode::kInternal, "TurboJPEG could not start", "image");
  int width = 0, height = 0, subsampling = 0, colorspace = 0;
  const auto size = static_cast<unsigned long>(bytes.size());
  if (tjDecompressHeader3(handle.get(), bytes.data(), size, &width, &height, &subsampling,
                          &colorspace) != 0) {
    return JpegFailure(handle.get(), "JPEG header is invalid");
  }
  // 1/2, 1/4 and 1/8 are among the factors every libjpeg-turbo build offers
  // (tjGetScalingFactors); TJSCALED rounds up, as libjpeg's output size does.
  const tjscalingfactor factor{1, scale_denominator};
  const int scaled_width = TJSCALED(width, factor);
  const int scaled_height = TJSCALED(height, factor);
  cv::Mat bgr = NewPixelBuffer(scaled_height, scaled_width, CV_8UC3);
  if (tjDecompress2(handle.get(), bytes.data(), size, bgr.data, scaled_width,
                    static_cast<int>(bgr.step), scaled_height, TJPF_BGR, kDecodeFlags) != 0) {
    return JpegFailure(handle.get(), "JPEG data could not be decoded");
  }
  return bgr;
}

Result<std::vector<std::uint8_t>> EncodeJpegBytes(const cv::Mat& image, int quality) {
  TjHandle handle(tjInitCompress());
  if (!handle) return MakeError(ErrorCode::kInternal, "TurboJPEG could not start", "image");
  const bool grey = image.channels() == 1;
  unsigned char* jpeg = nullptr;
  unsigned long jpeg_size = 0;
  const int status = tjCompress2(handle.get(), image.data, image.cols, static_cast<int>(image.step),
                                 image.rows, grey ? TJPF_GRAY : TJPF_BGR, &jpeg, &jpeg_size,
                                 grey ? TJSAMP_GRAY : TJSAMP_420, quality, TJFLAG_ACCURATEDCT);
  std::unique_ptr<unsigned char, decltype(&tjFree)> owned(jpeg, &tjFree);
  if (status != 0) {
    return MakeError(ErrorCode::kInternal,
                     std::string("JPEG encoder failed: ") + tjGetErrorStr2(handle.get()), "image");
  }
  return std::vector<std::uint8_t>(jpeg, jpeg + jpeg_size);
}

}  // namespace tricholog::imaging::codec
