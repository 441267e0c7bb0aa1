#include "app/mask_outline.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "imaging/image_decode.h"

namespace tricholog::app {

Result<std::vector<OutlinePolygon>> TraceMaskOutline(std::span<const std::uint8_t> mask_png) {
  auto decoded = imaging::DecodeImage(mask_png);
  if (!decoded) return tl::unexpected(decoded.error());
  cv::Mat gray;
  cv::cvtColor(decoded->bgr, gray, cv::COLOR_BGR2GRAY);
  return TraceMaskOutline(gray);
}

std::vector<OutlinePolygon> TraceMaskOutline(const cv::Mat& mask) {
  cv::Mat gray = mask;
  const int longest = std::max(gray.cols, gray.rows);
  if (longest > kOutlineLongSide) {
    const double scale = static_cast<double>(kOutlineLongSide) / longest;
    cv::Mat small;
    cv::resize(gray, small,
               cv::Size(std::max(1, static_cast<int>(std::lround(gray.cols * scale))),
                        std::max(1, static_cast<int>(std::lround(gray.rows * scale)))),
               0, 0, cv::INTER_AREA);
    gray = small;
  }
  cv::Mat binary = gray > 127;
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(binary, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  const double min_area = kMinOutlineAreaFraction * gray.cols * gray.rows;
  std::vector<OutlinePolygon> out;
  for (const auto& contour : contours) {
    if (cv::contourArea(contour) < min_area) continue;
    std::vector<cv::Point> simple;
    cv::approxPolyDP(contour, simple, 1.0, true);
    if (simple.size() < 3) continue;
    OutlinePolygon polygon;
    for (const cv::Point& p : simple) {
      polygon.emplace_back(static_cast<float>((p.x + 0.5) / gray.cols),
                           static_cast<float>((p.y + 0.5) / gray.rows));
    }
    out.push_back(std::move(polygon));
  }
  return out;
}

std::string OutlineToText(const std::vector<OutlinePolygon>& polygons) {
  std::string out;
  for (const auto& polygon : polygons) {
    for (std::size_t i = 0; i < polygon.size(); ++i) {
      out += fmt::format("{}{:.4f},{:.4f}", i == 0 ? "" : " ", polygon[i].first, polygon[i].second);
    }
    out += '\n';
  }
  return out;
}

Result<std::vector<OutlinePolygon>> OutlineFromText(std::string_view text) {
  std::vector<OutlinePolygon> out;
  int line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.empty()) continue;
    OutlinePolygon polygon;
    while (!line.empty()) {
      const std::size_t space = line.find(' ');
      std::string_view pair = line.substr(0, space);
      line = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
      const std::size_t comma = pair.find(',');
      float x = -1;
      float y = -1;
      bool ok = comma != std::string_view::npos;
      if (ok) {
        auto rx = std::from_chars(pair.data(), pair.data() + comma, x);
        auto ry = std::from_chars(pair.data() + comma + 1, pair.data() + pair.size(), y);
        ok = rx.ec == std::errc() && ry.ec == std::errc() && rx.ptr == pair.data() + comma &&
             ry.ptr == pair.data() + pair.size() && x >= 0 && x <= 1 && y >= 0 && y <= 1;
      }
      if (!ok) {
        return MakeError(ErrorCode::kParseError,
                         fmt::format("line {}: expected points x,y between 0 and 1", line_number),
                         "outline");
      }
      polygon.emplace_back(x, y);
    }
    out.push_back(std::move(polygon));
  }
  return out;
}

Result<std::vector<OutlinePolygon>> MaskOutline(store::BlobStore& blobs,
                                                const std::string& mask_sha256) {
  auto kept = blobs.GetDerived(mask_sha256, "outline.txt");
  if (!kept) return tl::unexpected(kept.error());
  if (*kept) {
    const std::string text((*kept)->begin(), (*kept)->end());
    if (auto parsed = OutlineFromText(text)) return parsed;  // a damaged copy is traced again
  }
  auto png = blobs.Get(mask_sha256);
  if (!png) return tl::unexpected(png.error());
  auto traced = TraceMaskOutline(*png);
  if (!traced) return tl::unexpected(traced.error());
  const std::string text = OutlineToText(*traced);
  (void)blobs.PutDerived(
      mask_sha256, "outline.txt",
      std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
  return traced;
}

void KeepMaskOutline(store::BlobStore& blobs, const std::string& mask_sha256, const cv::Mat& mask) {
  if (mask.empty() || mask.type() != CV_8UC1) return;
  const std::string text = OutlineToText(TraceMaskOutline(mask));
  (void)blobs.PutDerived(
      mask_sha256, "outline.txt",
      std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

}  // namespace tricholog::app
