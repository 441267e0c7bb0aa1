#include "imaging/hair_density.h"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

namespace tricholog::imaging {
namespace {

// Skin below row 200 (the neck), scalp above it with `strands` dark strands drawn over skin.
struct Drawn {
  cv::Mat lab, scalp, skin, loss, strand;
};

Drawn DrawHead(int strands, double blur = 0) {
  const cv::Size size(300, 300);
  cv::Mat bgr(size, CV_8UC3, cv::Scalar(120, 150, 200));
  Drawn d;
  d.strand = cv::Mat::zeros(size, CV_8U);
  cv::RNG rng(3);
  for (int i = 0; i < strands; ++i) {
    const cv::Point a(rng.uniform(0, 300), rng.uniform(0, 190));
    const cv::Point b = a + cv::Point(rng.uniform(-5, 6), 12);
    cv::line(bgr, a, b, cv::Scalar(25, 30, 40), 1);
    cv::line(d.strand, a, b, 255, 1);
  }
  if (blur > 0) cv::GaussianBlur(bgr, bgr, cv::Size(), blur);
  cv::cvtColor(bgr, d.lab, cv::COLOR_BGR2Lab);
  d.scalp = cv::Mat::zeros(size, CV_8U);
  d.scalp(cv::Rect(0, 0, 300, 200)).setTo(255);
  d.skin = cv::Mat::zeros(size, CV_8U);
  d.skin(cv::Rect(0, 220, 300, 80)).setTo(255);
  d.loss = cv::Mat::zeros(size, CV_8U);
  return d;
}

double Index(const Drawn& d) {
  const HairContrast c = MeasureHairContrast(d.lab, d.scalp, d.skin, d.loss, d.strand);
  EXPECT_TRUE(c.valid);
  return cv::mean(c.delta_e, c.hair_bearing)[0];
}

TEST(HairDensity, RisesWithTheHair) {
  const double sparse = Index(DrawHead(300));
  const double middle = Index(DrawHead(900));
  const double dense = Index(DrawHead(2700));
  EXPECT_LT(sparse, middle);
  EXPECT_LT(middle, dense);
  EXPECT_GT(dense, 2 * sparse);
}

TEST(HairDensity, BlurHardlyMovesIt) {
  const double sharp = Index(DrawHead(900));
  const double soft = Index(DrawHead(900, 1.2));
  EXPECT_NEAR(soft, sharp, 0.25 * sharp);
}

TEST(HairDensity, BareScalpReadsNearZero) { EXPECT_LT(Index(DrawHead(0)), 1.0); }

TEST(HairDensity, NoSkinToCompareWithGivesNoIndex) {
  Drawn d = DrawHead(900);
  d.skin.setTo(0);
  EXPECT_FALSE(MeasureHairContrast(d.lab, d.scalp, d.skin, d.loss, d.strand).valid);
}

}  // namespace
}  // namespace tricholog::imaging
