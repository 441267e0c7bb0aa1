#include "imaging/quality_gate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace tricholog::imaging {
namespace {

// A stand-in for a well-lit scalp photo: mid-grey skin tones with many thin dark "hairs"
// (fine texture a sharpness measure can see), 2000 x 1500 px, and a scalp mask covering
// the central 60 % x 60 %.
cv::Mat MakeGoodPhoto() {
  cv::Mat image(1500, 2000, CV_8UC3, cv::Scalar(120, 140, 170));
  cv::RNG rng(7);
  for (int i = 0; i < 4000; ++i) {
    const cv::Point a(rng.uniform(0, 2000), rng.uniform(0, 1500));
    const cv::Point b = a + cv::Point(rng.uniform(-60, 60), rng.uniform(-60, 60));
    const int shade = rng.uniform(30, 80);
    cv::line(image, a, b, cv::Scalar(shade, shade, shade + 10), 2, cv::LINE_AA);
  }
  return image;
}

cv::Mat GoodPhoto() {
  static const cv::Mat photo = MakeGoodPhoto();
  return photo.clone();  // tests draw on their copy
}

cv::Mat ScalpMask(cv::Size size) {
  cv::Mat mask = cv::Mat::zeros(size, CV_8UC1);
  cv::rectangle(mask,
                cv::Rect(size.width / 5, size.height / 5, size.width * 3 / 5, size.height * 3 / 5),
                255, cv::FILLED);
  return mask;
}

QualityContext WithMask(const cv::Mat& image) {
  QualityContext context;
  context.scalp_mask = ScalpMask(image.size());
  return context;
}

TEST(QualityGate, CleanPhotoPasses) {
  const cv::Mat image = GoodPhoto();
  const QualityReport report = AssessQuality(image, WithMask(image));
  EXPECT_EQ(report.status, QualityStatus::kPass);
  EXPECT_TRUE(report.issues.empty()) << report.issues.front().code;
  EXPECT_LT(report.metrics.blur, 0.42);
  EXPECT_EQ(report.metrics.short_side_px, 1500);
  ASSERT_TRUE(report.metrics.scalp_fraction);
  EXPECT_NEAR(*report.metrics.scalp_fraction, 0.36, 0.01);
}

TEST(QualityGate, DarkPhotoSaysTurnTowardsTheLight) {
  cv::Mat image = GoodPhoto() * 0.2;
  const QualityReport report = AssessQuality(image, WithMask(image));
  ASSERT_TRUE(report.Has("too_dark"));
  EXPECT_EQ(report.status, QualityStatus::kFail);
  EXPECT_NE(report.issues.front().message.find("turn towards the light"), std::string::npos);
}

TEST(QualityGate, OverexposedPhotoFails) {
  cv::Mat image = GoodPhoto() * 1.0 + cv::Scalar(130, 130, 130);
  const QualityReport report = AssessQuality(image, WithMask(image));
  EXPECT_TRUE(report.Has("overexposed"));
  EXPECT_EQ(report.status, QualityStatus::kFail);
}

TEST(QualityGate, BlurredPhotoSaysHoldStill) {
  cv::Mat image;
  cv::GaussianBlur(GoodPhoto(), image, cv::Size(), 8);
  const QualityReport report = AssessQuality(image, WithMask(image));
  ASSERT_TRUE(report.Has("blurred"));
  EXPECT_EQ(report.status, QualityStatus::kFail);
  EXPECT_GT(report.metrics.blur, 0.55);
}

TEST(QualityGate, SlightBlurWarns) {
  cv::Mat image;
  cv::GaussianBlur(GoodPhoto(), image, cv::Size(), 4);
  const QualityReport report = AssessQuality(image, WithMask(image));
  EXPECT_TRUE(report.Has("blurred"));
}

TEST(QualityGate, GlareOnScalpIsFlagged) {
  cv::Mat image = GoodPhoto();
  cv::circle(image, cv::Point(1000, 750), 140, cv::Scalar(252, 252, 252), cv::FILLED);
  const QualityReport report = AssessQuality(image, WithMask(image));
  ASSERT_TRUE(report.Has("glare"));
  EXPECT_GT(report.metrics.glare_fraction, 0.05);
  EXPECT_EQ(report.status, QualityStatus::kFail);
}

TEST(QualityGate, GlareOutsideTheScalpIsIgnored) {
  cv::Mat image = GoodPhoto();
  cv::circle(image, cv::Point(100, 100), 90, cv::Scalar(252, 252, 252), cv::FILLED);  // a window
  EXPECT_FALSE(AssessQuality(image, WithMask(image)).Has("glare"));
}

TEST(QualityGate, DownscaledPhotoIsLowResolution) {
  cv::Mat image;
  cv::resize(GoodPhoto(), image, cv::Size(800, 600), 0, 0, cv::INTER_AREA);
  const QualityReport report = AssessQuality(image, WithMask(image));
  ASSERT_TRUE(report.Has("low_resolution"));
  EXPECT_EQ(report.status, QualityStatus::kFail);
}

TEST(QualityGate, ReducedDecodeUsesFullResolution) {
  cv::Mat image;
  cv::resize(GoodPhoto(), image, cv::Size(1000, 750), 0, 0, cv::INTER_AREA);
  QualityContext context = WithMask(image);
  context.full_short_side_px = 1500;
  EXPECT_FALSE(AssessQuality(image, context).Has("low_resolution"));
}

TEST(QualityGate, TinyScalpIsAFramingFailure) {
  const cv::Mat image = GoodPhoto();
  QualityContext context;
  context.scalp_mask = cv::Mat::zeros(image.size(), CV_8UC1);
  cv::rectangle(context.scalp_mask, cv::Rect(900, 700, 200, 150), 255, cv::FILLED);  // 1 %
  const QualityReport report = AssessQuality(image, context);
  ASSERT_TRUE(report.Has("scalp_too_small"));
  EXPECT_EQ(report.status, QualityStatus::kFail);
  EXPECT_NE(report.issues.back().message.find("closer"), std::string::npos);
}

TEST(QualityGate, StrongColourTintWarns) {
  cv::Mat image = GoodPhoto();
  std::vector<cv::Mat> channels;
  cv::split(image, channels);
  channels[2] *= 0;  // red removed, green halved: a strong blue cast
  channels[1] *= 0.5;
  cv::merge(channels, image);
  EXPECT_TRUE(AssessQuality(image, WithMask(image)).Has("colour_cast"));
}

// The Crete blur effect written out in floating point, as in the paper, for one axis
// (0: vertical neighbours, 1: horizontal) over the whole frame.
double ReferenceBlurEffect(const cv::Mat& gray, int axis) {
  cv::Mat f, blurred;
  gray.convertTo(f, CV_32F);
  cv::blur(f, blurred, axis == 0 ? cv::Size(1, 9) : cv::Size(9, 1));
  double s_f = 0, s_v = 0;
  for (int y = axis == 0 ? 1 : 0; y < f.rows; ++y) {
    for (int x = axis == 0 ? 0 : 1; x < f.cols; ++x) {
      const int py = axis == 0 ? y - 1 : y, px = axis == 0 ? x : x - 1;
      const double d_f = std::abs(f.at<float>(y, x) - f.at<float>(py, px));
      const double d_b = std::abs(blurred.at<float>(y, x) - blurred.at<float>(py, px));
      s_f += d_f;
      s_v += std::max(d_f - d_b, 0.0);
    }
  }
  return (s_f - s_v) / s_f;
}

TEST(QualityGate, BlurMetricMatchesTheFloatingPointDefinition) {
  cv::Mat image;
  cv::resize(GoodPhoto(), image, cv::Size(1000, 750), 0, 0, cv::INTER_AREA);
  cv::GaussianBlur(image, image, cv::Size(), 1.2);
  cv::Mat gray;
  cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
  const double expected = std::max(ReferenceBlurEffect(gray, 0), ReferenceBlurEffect(gray, 1));
  EXPECT_NEAR(AssessQuality(image).metrics.blur, expected, 1e-4);
}

TEST(QualityGate, PrecomputedLabGivesTheSameReport) {
  cv::Mat image;
  cv::resize(GoodPhoto(), image, cv::Size(1000, 750), 0, 0, cv::INTER_AREA);
  const QualityContext context = WithMask(image);
  cv::Mat lab;
  cv::cvtColor(image, lab, cv::COLOR_BGR2Lab);
  const QualityReport plain = AssessQuality(image, context);
  const QualityReport shared = AssessQuality(image, context, lab);
  EXPECT_EQ(shared.status, plain.status);
  EXPECT_DOUBLE_EQ(shared.metrics.colour_cast, plain.metrics.colour_cast);
  EXPECT_DOUBLE_EQ(shared.metrics.blur, plain.metrics.blur);
  // The given Lab image is the one used: a strongly tinted one raises the colour cast.
  cv::Mat tinted = lab.clone();
  tinted.setTo(cv::Scalar(128, 128, 60));
  EXPECT_TRUE(AssessQuality(image, context, tinted).Has("colour_cast"));
}

TEST(QualityGate, BaselineConsistency) {
  const cv::Mat baseline_image = GoodPhoto();
  const cv::Mat mask = ScalpMask(baseline_image.size());
  QualityContext context;
  context.scalp_mask = mask;
  context.baseline = ComputeBaselineStats(baseline_image, mask);

  const QualityReport same = AssessQuality(baseline_image, context);
  EXPECT_EQ(same.status, QualityStatus::kPass);
  ASSERT_TRUE(same.metrics.brightness_ratio);
  EXPECT_NEAR(*same.metrics.brightness_ratio, 1.0, 1e-6);

  const cv::Mat darker = baseline_image * 0.6;
  EXPECT_TRUE(AssessQuality(darker, context).Has("baseline_brightness"));

  cv::Mat warmer = baseline_image.clone();
  warmer -= cv::Scalar(40, 0, 0);  // less blue: warmer lamp
  EXPECT_TRUE(AssessQuality(warmer, context).Has("baseline_colour"));

  QualityContext smaller = context;
  smaller.scalp_mask = cv::Mat::zeros(mask.size(), CV_8UC1);
  cv::rectangle(smaller.scalp_mask, cv::Rect(600, 450, 800, 600), 255, cv::FILLED);  // 16 % vs 36 %
  const QualityReport scaled = AssessQuality(baseline_image, smaller);
  ASSERT_TRUE(scaled.Has("baseline_scale"));
  EXPECT_EQ(scaled.status, QualityStatus::kWarn);
}

TEST(QualityGate, EmptyImageIsUnreadable) {
  const QualityReport report = AssessQuality(cv::Mat());
  EXPECT_EQ(report.status, QualityStatus::kFail);
  EXPECT_TRUE(report.Has("unreadable"));
  EXPECT_EQ(QualityStatusName(report.status), "fail");
}

}  // namespace
}  // namespace tricholog::imaging
