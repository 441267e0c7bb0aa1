#include "imaging/mask_metrics.h"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

namespace tricholog::imaging {
namespace {

TEST(MaskMetrics, IoUOfOverlappingSquares) {
  // Two 10x10 squares sharing a 5x10 strip: |A∩B| = 50, |A∪B| = 150.
  cv::Mat a = cv::Mat::zeros(20, 20, CV_8U), b = cv::Mat::zeros(20, 20, CV_8U);
  a(cv::Rect(0, 0, 10, 10)).setTo(255);
  b(cv::Rect(5, 0, 10, 10)).setTo(1);  // any non-zero value counts
  EXPECT_DOUBLE_EQ(MaskIoU(a, b), 50.0 / 150.0);
  EXPECT_DOUBLE_EQ(MaskDice(a, b), 100.0 / 200.0);
}

TEST(MaskMetrics, IdenticalDisjointAndEmpty) {
  cv::Mat a = cv::Mat::zeros(8, 8, CV_8U), b = cv::Mat::zeros(8, 8, CV_8U);
  EXPECT_DOUBLE_EQ(MaskIoU(a, b), 1.0);  // both empty agree
  a.row(0).setTo(255);
  EXPECT_DOUBLE_EQ(MaskIoU(a, a), 1.0);
  EXPECT_DOUBLE_EQ(MaskIoU(a, b), 0.0);
  b.row(7).setTo(255);
  EXPECT_DOUBLE_EQ(MaskIoU(a, b), 0.0);
  EXPECT_DOUBLE_EQ(MaskDice(a, b), 0.0);
}

TEST(MaskMetrics, FractionOfNonZeroPixels) {
  cv::Mat m = cv::Mat::zeros(10, 10, CV_8U);
  m(cv::Rect(0, 0, 5, 2)).setTo(255);
  EXPECT_DOUBLE_EQ(MaskFraction(m), 0.1);
  EXPECT_DOUBLE_EQ(MaskFraction(cv::Mat()), 0.0);
}

}  // namespace
}  // namespace tricholog::imaging
