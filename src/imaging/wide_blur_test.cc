#include "imaging/wide_blur.h"

#include <gtest/gtest.h>

#include <cmath>
#include <opencv2/imgproc.hpp>

namespace tricholog::imaging {
namespace {

// Texture at every scale: uniform noise, so that differences in the kernel's width show.
cv::Mat NoiseImage(int rows, int cols, int type) {
  cv::Mat image(rows, cols, type);
  cv::RNG rng(42);
  rng.fill(image, cv::RNG::UNIFORM, 0.0, 1.0);
  return image;
}

TEST(WideGaussianBlur, NarrowKernelIsExactlyGaussianBlur) {
  const cv::Mat src = NoiseImage(61, 80, CV_32F);
  cv::Mat ours, reference;
  WideGaussianBlur(src, ours, 2.0);
  cv::GaussianBlur(src, reference, cv::Size(), 2.0);
  EXPECT_EQ(cv::norm(ours, reference, cv::NORM_INF), 0.0);
}

TEST(WideGaussianBlur, WideKernelMatchesFullResolutionBlur) {
  for (const int type : {CV_32FC1, CV_32FC3}) {
    const cv::Mat src = NoiseImage(241, 320, type);
    for (const double sigma : {3.0, 6.0, 10.0}) {
      cv::Mat ours, reference;
      WideGaussianBlur(src, ours, sigma);
      cv::GaussianBlur(src, reference, cv::Size(), sigma);
      ASSERT_EQ(ours.size(), src.size());
      ASSERT_EQ(ours.type(), src.type());
      // The blurred noise varies by about 0.3 / (2 sqrt(pi) sigma) around 0.5; the half
      // resolution copy stays within a fifth of that.
      cv::Mat diff = cv::abs(ours - reference);
      cv::Scalar mean, stddev;
      cv::meanStdDev(reference, mean, stddev);
      EXPECT_LT(cv::mean(diff)[0], 0.2 * stddev[0]) << "sigma " << sigma;
    }
  }
}

TEST(WideGaussianBlur, SpreadsAnImpulseBySigma) {
  cv::Mat src = cv::Mat::zeros(201, 201, CV_32F);
  src.at<float>(100, 100) = 1.0f;
  for (const double sigma : {4.0, 8.0}) {
    cv::Mat out;
    WideGaussianBlur(src, out, sigma);
    double sum = 0, second = 0;
    for (int y = 0; y < out.rows; ++y) {
      for (int x = 0; x < out.cols; ++x) {
        const double v = out.at<float>(y, x);
        sum += v;
        second += v * (x - 100) * (x - 100);
      }
    }
    EXPECT_NEAR(sum, 1.0, 0.01);
    // Bilinear return adds a little spread of its own (a tent of 1/4 px^2 half-resolution
    // variance, 1/6 px^2 here); within 10 % of the width.
    EXPECT_NEAR(std::sqrt(second / sum), sigma, 0.1 * sigma) << "sigma " << sigma;
  }
}

}  // namespace
}  // namespace tricholog::imaging
