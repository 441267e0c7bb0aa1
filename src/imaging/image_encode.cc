#include "imaging/image_encode.h"

#include <new>

#include "imaging/image_codecs.h"

namespace tricholog::imaging {
namespace {

Result<void> CheckEncodable(const cv::Mat& image) {
  if (image.empty() || image.depth() != CV_8U || (image.channels() != 1 && image.channels() != 3)) {
    return MakeError(ErrorCode::kInvalidArgument, "needs a non-empty 8-bit grey or BGR image",
                     "image");
  }
  return {};
}

// The encoders copy (PNG: convert) the matrix; a failed allocation is an Error, not a throw.
template <typename Encode>
Result<std::vector<std::uint8_t>> Guarded(Encode encode) {
  try {
    return encode();
  } catch (const std::bad_alloc&) {
    return MakeError(ErrorCode::kInternal, "out of memory while encoding", "image");
  } catch (const cv::Exception& e) {
    return MakeError(ErrorCode::kInternal, e.what(), "image");
  }
}

}  // namespace

Result<std::vector<std::uint8_t>> EncodeJpeg(const cv::Mat& image, int quality) {
  if (quality < 1 || quality > 100) {
    return MakeError(ErrorCode::kInvalidArgument, "must be 1 to 100", "quality");
  }
  if (auto ok = CheckEncodable(image); !ok) return tl::unexpected(ok.error());
  return Guarded([&] { return codec::EncodeJpegBytes(image, quality); });
}

Result<std::vector<std::uint8_t>> EncodePng(const cv::Mat& image) {
  if (auto ok = CheckEncodable(image); !ok) return tl::unexpected(ok.error());
  return Guarded([&] { return codec::EncodePngBytes(image); });
}

}  // namespace tricholog::imaging
