#include "imaging/vision.h"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

namespace tricholog::imaging {
namespace {

TEST(VisionModuleTest, LoadsAndEveryFunctionIsThere) {
  auto vision = Vision();
  ASSERT_TRUE(vision) << vision.error().message;
  EXPECT_NE((*vision)->read_onnx, nullptr);
  EXPECT_NE((*vision)->compute_ecc, nullptr);
}

TEST(VisionModuleTest, InpaintFillsAMarkFromItsSurroundings) {
  auto vision = Vision();
  ASSERT_TRUE(vision) << vision.error().message;
  cv::Mat image(40, 40, CV_8UC3, cv::Scalar(100, 120, 140));
  cv::Mat mask = cv::Mat::zeros(40, 40, CV_8U);
  cv::circle(image, {20, 20}, 4, cv::Scalar(0, 0, 255), cv::FILLED);
  cv::circle(mask, {20, 20}, 5, 255, cv::FILLED);
  cv::Mat painted;
  (*vision)->inpaint_telea(image, mask, painted, 3);
  const cv::Vec3b centre = painted.at<cv::Vec3b>(20, 20);
  EXPECT_NEAR(centre[0], 100, 3);
  EXPECT_NEAR(centre[2], 140, 3);
}

TEST(VisionModuleTest, MissingModelAndCascadeAreReportedNotThrown) {
  auto vision = Vision();
  ASSERT_TRUE(vision) << vision.error().message;
  auto net = (*vision)->read_onnx("/nonexistent/model.onnx");
  ASSERT_FALSE(net);
  EXPECT_EQ(net.error().code, ErrorCode::kNotFound);
  EXPECT_EQ((*vision)->load_cascade("/nonexistent/cascade.xml"), nullptr);
}

TEST(VisionModuleTest, EccOfAnImageWithItselfIsOne) {
  auto vision = Vision();
  ASSERT_TRUE(vision) << vision.error().message;
  cv::Mat gray(64, 64, CV_8U);
  cv::randu(gray, 0, 255);
  cv::GaussianBlur(gray, gray, {5, 5}, 1.5);
  EXPECT_NEAR((*vision)->compute_ecc(gray, gray, cv::Mat()), 1.0, 1e-3);  // float sums
}

}  // namespace
}  // namespace tricholog::imaging
