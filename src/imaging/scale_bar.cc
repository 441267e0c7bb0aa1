#include "imaging/scale_bar.h"

#include <cstdlib>
#include <opencv2/imgproc.hpp>

namespace tricholog::imaging {
namespace {

constexpr int kOffsetPx = 3;   // rows compared above and below the bar
constexpr int kContrast = 25;  // grey levels the bar must differ from both neighbours
constexpr int kMinLengthPx = 100;
constexpr int kMaxGapPx = 2;  // JPEG ringing may break the line for a pixel or two
// The bar is drawn in one flat colour: where it crosses a hair or a dark patch it loses its
// contrast with the rows beside it but keeps its own grey level (within this tolerance).
constexpr int kBarLevelTolerance = 12;
// An L-shaped bar's vertical arm is about as long as the bar; shorter runs are not an arm.
constexpr double kMinArmShare = 0.6;

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

bool AtBarLevel(const cv::Mat& gray, int y, int x, int level) {
  return std::abs(gray.at<std::uint8_t>(y, x) - level) <= kBarLevelTolerance;
}

// The length of the run of bar-level pixels going up column x from row y - 1 (gaps of up
// to kMaxGapPx allowed).
int ArmLength(const cv::Mat& gray, int x, int y, int level) {
  int length = 0, gap = 0;
  for (int yy = y - 1; yy >= 0 && gap <= kMaxGapPx; --yy) {
    if (AtBarLevel(gray, yy, x, level)) {
      length = y - yy;
      gap = 0;
    } else {
      ++gap;
    }
  }
  return length;
}

// The column near `x` (within `reach` px) with the longest vertical arm; {x, length}.
std::pair<int, int> BestArm(const cv::Mat& gray, int x, int y, int level, int reach) {
  std::pair<int, int> best{-1, 0};
  for (int xx = std::max(0, x - reach); xx <= std::min(gray.cols - 1, x + reach); ++xx) {
    const int length = ArmLength(gray, xx, y, level);
    if (length > best.second) best = {xx, length};
  }
  return best;
}

// A bar found by its contrast may be cut short where it crosses a hair (no contrast left
// with the rows beside it). Pixels of the bar's own grey level continue it, and an
// L-shaped bar's vertical arm, of the same length as the bar, confirms its corner and
// gives its length when a hair hides part of the horizontal line. Without an arm the bar
// is kept as found.
void ExtendAlongArm(const cv::Mat& gray, ScaleBar& bar) {
  std::vector<std::uint8_t> levels(gray.ptr<std::uint8_t>(bar.y) + bar.x0,
                                   gray.ptr<std::uint8_t>(bar.y) + bar.x1 + 1);
  std::nth_element(levels.begin(), levels.begin() + static_cast<std::ptrdiff_t>(levels.size() / 2),
                   levels.end());
  const int level = levels[levels.size() / 2];
  const auto extend = [&](int x, int step) {
    int end = x, gap = 0;
    for (int xx = x + step; xx >= 0 && xx < gray.cols && gap <= kMaxGapPx; xx += step) {
      if (AtBarLevel(gray, bar.y, xx, level)) {
        end = xx;
        gap = 0;
      } else {
        ++gap;
      }
    }
    return end;
  };
  const int x0 = extend(bar.x0, -1), x1 = extend(bar.x1, +1);
  constexpr int kReach = 3;
  const auto [left_x, left_arm] = BestArm(gray, x0, bar.y, level, kReach);
  const auto [right_x, right_arm] = BestArm(gray, x1, bar.y, level, kReach);
  const int min_arm = static_cast<int>(kMinArmShare * (x1 - x0 + 1));
  if (left_arm >= min_arm && left_arm >= right_arm) {
    bar.x0 = left_x;
    bar.x1 = std::min(gray.cols - 1, std::max(x1, left_x + left_arm));
  } else if (right_arm >= min_arm) {
    bar.x1 = right_x;
    bar.x0 = std::max(0, std::min(x0, right_x - right_arm));
  }
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
  if (best) ExtendAlongArm(gray, *best);
  if (best) best->um_per_px = bar_length_um / (best->x1 - best->x0 + 1);
  return best;
}

}  // namespace tricholog::imaging
