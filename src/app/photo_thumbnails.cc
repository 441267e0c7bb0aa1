#include "app/photo_thumbnails.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "imaging/image_decode.h"
#include "imaging/image_encode.h"

namespace tricholog::app {

Result<std::vector<std::uint8_t>> MakeThumbnail(std::span<const std::uint8_t> bytes, int width) {
  if (width < kMinThumbnailWidth || width > kMaxThumbnailWidth) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        fmt::format("must be a whole number from {} to {}", kMinThumbnailWidth, kMaxThumbnailWidth),
        "w");
  }
  auto header = imaging::ReadImageHeaderSize(bytes);
  if (!header) return tl::unexpected(header.error());
  // The largest JPEG scale-down that keeps the image at least `width` wide, whichever side the
  // orientation makes the width.
  int denominator = 1;
  const int short_side = std::min(header->width, header->height);
  while (denominator < 8 && short_side / (denominator * 2) >= width) denominator *= 2;
  auto decoded = imaging::DecodeImage(bytes, imaging::DecodeLimits{}, denominator);
  if (!decoded) return tl::unexpected(decoded.error());
  cv::Mat out = decoded->bgr;
  if (out.cols > width) {
    const int height = std::max(
        1, static_cast<int>(std::lround(static_cast<double>(out.rows) * width / out.cols)));
    cv::resize(decoded->bgr, out, cv::Size(width, height), 0, 0, cv::INTER_AREA);
  }
  return imaging::EncodeJpeg(out, 82);
}

Result<std::vector<std::uint8_t>> PhotoThumbnail(store::BlobStore& blobs, const std::string& sha256,
                                                 int width) {
  const std::string name = fmt::format("w{}.jpg", width);
  if (width >= kMinThumbnailWidth && width <= kMaxThumbnailWidth) {
    auto kept = blobs.GetDerived(sha256, name);
    if (!kept) return tl::unexpected(kept.error());
    if (*kept) return std::move(**kept);
  }
  auto bytes = blobs.Get(sha256);
  if (!bytes) return tl::unexpected(bytes.error());
  auto made = MakeThumbnail(*bytes, width);
  if (!made) return tl::unexpected(made.error());
  (void)blobs.PutDerived(sha256, name, *made);  // made again next time if it cannot be kept
  return made;
}

Result<std::vector<std::uint8_t>> MakePrintCopy(std::span<const std::uint8_t> bytes) {
  auto header = imaging::ReadImageHeaderSize(bytes);
  if (!header) return tl::unexpected(header.error());
  // The largest JPEG scale-down that keeps the long side at least kPrintLongSide.
  int denominator = 1;
  const int long_side = std::max(header->width, header->height);
  while (denominator < 8 && long_side / (denominator * 2) >= kPrintLongSide) denominator *= 2;
  auto decoded = imaging::DecodeImage(bytes, imaging::DecodeLimits{}, denominator);
  if (!decoded) return tl::unexpected(decoded.error());
  cv::Mat out = decoded->bgr;
  const int longest = std::max(out.cols, out.rows);
  if (longest > kPrintLongSide) {
    const double scale = static_cast<double>(kPrintLongSide) / longest;
    const cv::Size size(std::max(1, static_cast<int>(std::lround(out.cols * scale))),
                        std::max(1, static_cast<int>(std::lround(out.rows * scale))));
    cv::resize(decoded->bgr, out, size, 0, 0, cv::INTER_AREA);
  }
  return imaging::EncodeJpeg(out, kPrintQuality);
}

Result<std::vector<std::uint8_t>> PhotoPrintCopy(store::BlobStore& blobs,
                                                 const std::string& sha256) {
  auto kept = blobs.GetDerived(sha256, "print.jpg");
  if (!kept) return tl::unexpected(kept.error());
  if (*kept) return std::move(**kept);
  auto bytes = blobs.Get(sha256);
  if (!bytes) return tl::unexpected(bytes.error());
  auto made = MakePrintCopy(*bytes);
  if (!made) return tl::unexpected(made.error());
  (void)blobs.PutDerived(sha256, "print.jpg", *made);  // made again next time if it cannot be kept
  return made;
}

}  // namespace tricholog::app
