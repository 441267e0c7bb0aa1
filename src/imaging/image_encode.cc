#include "imaging/image_encode.h"

#include <opencv2/imgcodecs.hpp>

namespace tricholog::imaging {
namespace {

Result<void> CheckEncodable(const cv::Mat& image) {
  if (image.empty() || image.depth() != CV_8U || (image.channels() != 1 && image.channels() != 3)) {
    return MakeError(ErrorCode::kInvalidArgument, "needs a non-empty 8-bit grey or BGR image",
                     "image");
  }
  return {};
}

Result<std::vector<std::uint8_t>> Encode(const cv::Mat& image, const char* extension,
                                         const std::vector<int>& params) {
  if (auto ok = CheckEncodable(image); !ok) return tl::unexpected(ok.error());
  std::vector<std::uint8_t> bytes;
  try {
    if (!cv::imencode(extension, image, bytes, params)) {
      return MakeError(ErrorCode::kInternal, "the encoder failed", "image");
    }
  } catch (const cv::Exception& e) {
    return MakeError(ErrorCode::kInternal, e.what(), "image");
  }
  return bytes;
}

}  // namespace

Result<std::vector<std::uint8_t>> EncodeJpeg(const cv::Mat& image, int quality) {
  if (quality < 1 || quality > 100) {
    return MakeError(ErrorCode::kInvalidArgument, "must be 1 to 100", "quality");
  }
  return Encode(image, ".jpg", {cv::IMWRITE_JPEG_QUALITY, quality});
}

Result<std::vector<std::uint8_t>> EncodePng(const cv::Mat& image) {
  return Encode(image, ".png", {});
}

}  // namespace tricholog::imaging
