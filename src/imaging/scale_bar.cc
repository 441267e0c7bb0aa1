#include "imaging/scale_bar.h"

#include <cstdlib>
#include <opencv2/imgproc.hpp>

namespace tricholog::imaging {
namespace {

constexpr int kOffsetPx = 3;   // rows compared above and below the bar
constexpr int kContrast = 25;  // grey levels the bar must differ from both neighbours
constexpr int kMinLengthPx = 100;
constexpr int kMaxGapPx = 2;  // JPEG ringing may break the line for a pixel or two

// Longest run on row y where the pixel differs by kContrast (same sign) from both the
// pixels kOffsetPx above and below; returns {start, end} or {-1, -1}.
std::pair<int, int> LongestRun(const cv::Mat& gray, int y) {
  const auto* row = gray.ptr<std::uint8_t>(y);
  const auto* up = gray.ptr<std::uint8_t>(y - kOffsetPx);
  const auto* down = gray.ptr<std::uint8_t>(y + kOffsetPx);
  std::pair<int, int> best{-1, -1};
  int start = -1, last = -1;
  for (int x = 0; x < gray.cols; ++x) {
    const int a = up[x] - row[x], b = down[x] - row[x];
    const bool on = (a >= kContrast && b >= kContrast) || (a <= -kContrast && b <= -kContrast);
    if (on) {
      if (start < 0 || x - last > kMaxGapPx + 1) start = x;
      last = x;
      if (last - start > best.second - best.first) best = {start, last};
    }
  }
  return best;
}

}  // namespace

std::optional<ScaleBar> FindScaleBar(const cv::Mat& bgr, double bar_length_um) {
  if (bgr.empty() || bgr.type() != CV_8UC3 || bgr.rows < 4 * kOffsetPx) return std::nullopt;
  cv::Mat gray;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  std::optional<ScaleBar> best;
  for (int y = std::max(kOffsetPx, gray.rows / 2); y < gray.rows - kOffsetPx; ++y) {
    const auto [x0, x1] = LongestRun(gray, y);
    if (x0 < 0 || x1 - x0 + 1 < kMinLengthPx) continue;
    if (!best || x1 - x0 > best->x1 - best->x0) best = ScaleBar{x0, x1, y, 0};
  }
  if (best) best->um_per_px = bar_length_um / (best->x1 - best->x0 + 1);
  return best;
}

}  // namespace tricholog::imaging
