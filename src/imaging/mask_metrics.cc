#include "imaging/mask_metrics.h"

#include <cassert>
#include <opencv2/core.hpp>

namespace tricholog::imaging {
namespace {

struct Overlap {
  double intersection = 0;
  double count_a = 0;
  double count_b = 0;
};

Overlap CountOverlap(const cv::Mat& a, const cv::Mat& b) {
  assert(a.size() == b.size());
  assert(a.type() == CV_8UC1 && b.type() == CV_8UC1);
  Overlap o;
  o.count_a = cv::countNonZero(a);
  o.count_b = cv::countNonZero(b);
  cv::Mat both;
  cv::bitwise_and(a != 0, b != 0, both);
  o.intersection = cv::countNonZero(both);
  return o;
}

}  // namespace

double MaskIoU(const cv::Mat& a, const cv::Mat& b) {
  const Overlap o = CountOverlap(a, b);
  const double uni = o.count_a + o.count_b - o.intersection;
  return uni == 0 ? 1.0 : o.intersection / uni;
}

double MaskDice(const cv::Mat& a, const cv::Mat& b) {
  const Overlap o = CountOverlap(a, b);
  const double sum = o.count_a + o.count_b;
  return sum == 0 ? 1.0 : 2.0 * o.intersection / sum;
}

double MaskFraction(const cv::Mat& mask) {
  if (mask.empty()) return 0.0;
  assert(mask.type() == CV_8UC1);
  return static_cast<double>(cv::countNonZero(mask)) / static_cast<double>(mask.total());
}

}  // namespace tricholog::imaging
