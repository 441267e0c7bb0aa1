#include "imaging/view_confidence.h"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

namespace tricholog::imaging {
namespace {

ViewSigns CleanSigns() {
  ViewSigns s;
  s.loss_percent = 20;
  s.classical_loss_percent = 20;
  s.learned_loss_percent = 21;
  s.strand_share_loss = 0.1;
  s.strand_share_hair = 0.8;
  s.light_ratio = 1.05;
  s.light_auc = 0.6;
  s.head_fit = 0.9;
  return s;
}

TEST(ViewConfidence, ABarePatchThatLooksBareIsMeasuredWithAnInterval) {
  const ViewConfidence c = JudgeView(CleanSigns(), QualityReport{}, ScalpView::kTop);
  EXPECT_TRUE(c.measurable);
  EXPECT_EQ(c.verdict.code, "ok");
  EXPECT_LE(c.loss_low, 20.0);
  EXPECT_GE(c.loss_high, 20.0);
  EXPECT_LT(c.loss_high - c.loss_low, 10.0);
  EXPECT_GT(c.confidence, 0.5);
}

TEST(ViewConfidence, LossThatShowsAsManyStrandsAsTheHairIsNotMeasured) {
  ViewSigns s = CleanSigns();
  s.loss_percent = s.classical_loss_percent = 72;  // the whole side read as bare ...
  s.strand_share_loss = 0.84;                      // ... while it shows strands like hair
  s.strand_share_hair = 0.91;
  const ViewConfidence c = JudgeView(s, QualityReport{}, ScalpView::kLeft);
  EXPECT_FALSE(c.measurable);
  EXPECT_EQ(c.verdict.code, "hair_read_as_loss");
  EXPECT_NE(c.verdict.message.find("left side"), std::string::npos) << c.verdict.message;
  EXPECT_NE(c.verdict.message.find("etake"), std::string::npos) << c.verdict.message;
}

TEST(ViewConfidence, LossThatFollowsTheLightAsksForEvenLight) {
  ViewSigns s = CleanSigns();
  s.light_ratio = 1.8;
  s.light_auc = 0.97;
  s.loss_on_bright_side = true;
  const ViewConfidence c = JudgeView(s, QualityReport{}, ScalpView::kTop);
  EXPECT_FALSE(c.measurable);
  EXPECT_EQ(c.verdict.code, "uneven_light");
  EXPECT_NE(c.verdict.message.find("brighter"), std::string::npos) << c.verdict.message;
}

TEST(ViewConfidence, ASmallFalsePatchIsLeftToTheInterval) {
  ViewSigns s = CleanSigns();
  s.loss_percent = s.classical_loss_percent = s.learned_loss_percent = 1.5;
  s.strand_share_loss = 0.9;  // hairy, but too small to move SALT by a point
  const ViewConfidence c = JudgeView(s, QualityReport{}, ScalpView::kBack);
  EXPECT_TRUE(c.measurable);
}

TEST(ViewConfidence, AFailedPhotoKeepsTheQualityGatesOwnVerdict) {
  QualityReport quality;
  quality.status = QualityStatus::kFail;
  const ViewConfidence c = JudgeView(CleanSigns(), quality, ScalpView::kBack);
  EXPECT_TRUE(c.measurable);  // the assessment leaves failed captures out on its own
  EXPECT_EQ(c.verdict.code, "ok");
}

TEST(ViewConfidence, MethodsThatDisagreeWidenTheInterval) {
  ViewSigns agree = CleanSigns();
  ViewSigns disagree = CleanSigns();
  disagree.loss_percent = 45;
  disagree.classical_loss_percent = 45;
  disagree.learned_loss_percent = 12;
  const ViewConfidence a = JudgeView(agree, QualityReport{}, ScalpView::kTop);
  const ViewConfidence d = JudgeView(disagree, QualityReport{}, ScalpView::kTop);
  EXPECT_GT(d.loss_high - d.loss_low, a.loss_high - a.loss_low + 20);
  EXPECT_LE(d.loss_low, 12.0);
  EXPECT_LT(d.confidence, a.confidence);
}

TEST(ViewConfidence, AWholeViewThatOnlyTheThresholdReadsBareIsNotMeasured) {
  ViewSigns s = CleanSigns();
  s.loss_percent = s.classical_loss_percent = 100;  // the threshold calls the whole scalp bare
  s.learned_loss_percent = 77;                      // the learned mask does not
  s.strand_share_hair = 0;                          // no hair left to compare the loss with
  s.strand_share_loss = 0.33;
  const ViewConfidence c = JudgeView(s, QualityReport{}, ScalpView::kRight);
  EXPECT_FALSE(c.measurable);
  EXPECT_EQ(c.verdict.code, "whole_view_unclear");
  EXPECT_NE(c.verdict.message.find("right side"), std::string::npos) << c.verdict.message;

  // Both readings agree that the view is bare (alopecia totalis): measured.
  s.learned_loss_percent = 98;
  s.strand_share_loss = 0.05;
  EXPECT_TRUE(JudgeView(s, QualityReport{}, ScalpView::kRight).measurable);
}

TEST(ViewConfidence, AStripAlongTheLowerEdgeIsMeasuredButAskedToBeChecked) {
  ViewSigns s = CleanSigns();
  s.loss_percent = s.classical_loss_percent = s.learned_loss_percent = 14;
  s.lower_edge_loss_percent = 12;  // most of the loss is a strip along the nape
  const ViewConfidence c = JudgeView(s, QualityReport{}, ScalpView::kBack);
  EXPECT_TRUE(c.measurable);
  EXPECT_EQ(c.verdict.code, "edge_strip");
  EXPECT_NE(c.verdict.message.find("back of the head"), std::string::npos) << c.verdict.message;
  EXPECT_LE(c.loss_low, 2.0);  // the interval holds "the strip is the hairline"
  EXPECT_GE(c.loss_high, 14.0);
  EXPECT_LE(c.confidence, 0.5);

  s.lower_edge_loss_percent = 3;  // a small strip is left to the interval
  EXPECT_EQ(JudgeView(s, QualityReport{}, ScalpView::kBack).verdict.code, "ok");
}

TEST(ViewConfidence, SaltIntervalWeighsTheViewsAndNeedsAllFour) {
  ViewConfidence top, back, left, right;
  top.loss_low = 10, top.loss_high = 20;
  back.loss_low = 0, back.loss_high = 10;
  left.loss_low = right.loss_low = 50;
  left.loss_high = right.loss_high = 50;
  const auto interval = SaltIntervalFromViews(top, back, left, right);
  ASSERT_TRUE(interval.has_value());
  EXPECT_NEAR(interval->low, 0.40 * 10 + 0.18 * 50 * 2, 1e-9);
  EXPECT_NEAR(interval->high, 0.40 * 20 + 0.24 * 10 + 0.18 * 50 * 2, 1e-9);
  left.measurable = false;
  EXPECT_FALSE(SaltIntervalFromViews(top, back, left, right).has_value());
}

TEST(ViewConfidence, CorrectedMasksAreCertain) {
  const ViewConfidence c = CorrectedViewConfidence(33.0);
  EXPECT_TRUE(c.measurable);
  EXPECT_EQ(c.loss_low, 33.0);
  EXPECT_EQ(c.loss_high, 33.0);
  EXPECT_EQ(c.verdict.code, "corrected");
}

// A drawn scalp: the left half bare, the right half with strands; measured under even light
// and under light that brightens the bare half.
TEST(ViewConfidence, LossAlongTheScalpsLowerEdgeIsMeasuredAsAStrip) {
  cv::Mat bgr(200, 200, CV_8UC3, cv::Scalar(120, 140, 170));
  ConfidenceInputs in;
  in.view = ScalpView::kBack;
  in.bgr = bgr;
  in.scalp = cv::Mat::zeros(bgr.size(), CV_8U);
  cv::rectangle(in.scalp, cv::Rect(20, 20, 160, 150), 255, cv::FILLED);  // rows 20..169
  in.strand = cv::Mat::zeros(bgr.size(), CV_8U);
  in.loss = cv::Mat::zeros(bgr.size(), CV_8U);
  cv::rectangle(in.loss, cv::Rect(20, 160, 160, 10), 255, cv::FILLED);  // the bottom strip
  cv::rectangle(in.loss, cv::Rect(80, 60, 30, 30), 255, cv::FILLED);    // a patch in the middle
  in.classical = in.loss.clone();
  const ViewSigns s = MeasureViewSigns(in);
  EXPECT_NEAR(s.lower_edge_loss_percent, 100.0 * 1600 / 24000, 0.01);
  EXPECT_NEAR(s.loss_percent, 100.0 * 2500 / 24000, 0.01);
  in.view = ScalpView::kTop;  // a top view's lower edge is the forehead cut, not a hairline
  EXPECT_EQ(MeasureViewSigns(in).lower_edge_loss_percent, 0.0);
}

TEST(ViewConfidence, SignsOnADrawnScalp) {
  const cv::Size size(400, 300);
  cv::Mat bgr(size, CV_8UC3, cv::Scalar(120, 140, 190));
  cv::Mat strand = cv::Mat::zeros(size, CV_8U);
  cv::RNG rng(7);
  for (int i = 0; i < 900; ++i) {
    const cv::Point a(200 + rng.uniform(0, 200), rng.uniform(0, 300));
    const cv::Point b = a + cv::Point(rng.uniform(-6, 7), 14);
    cv::line(bgr, a, b, cv::Scalar(30, 35, 40), 1);
    cv::line(strand, a, b, 255, 1);
  }
  ConfidenceInputs in;
  in.bgr = bgr;
  in.scalp = cv::Mat(size, CV_8U, cv::Scalar(255));
  in.strand = strand;
  in.loss = cv::Mat::zeros(size, CV_8U);
  in.loss(cv::Rect(0, 0, 200, 300)).setTo(255);
  in.classical = in.loss;
  const ViewSigns even = MeasureViewSigns(in);
  EXPECT_NEAR(even.loss_percent, 50.0, 0.5);
  EXPECT_LT(even.strand_share_loss, 0.01);
  EXPECT_GT(even.strand_share_hair, 0.1);
  EXPECT_LT(even.light_ratio, 1.1);

  cv::Mat lit = bgr.clone();
  for (int x = 0; x < size.width; ++x) {  // twice as bright on the left as on the right
    lit.col(x).convertTo(lit.col(x), -1, 1.4 - 0.7 * x / size.width);
  }
  in.bgr = lit;
  const ViewSigns uneven = MeasureViewSigns(in);
  EXPECT_GT(uneven.light_ratio, 1.5);
  EXPECT_GT(uneven.light_auc, 0.9);
  EXPECT_TRUE(uneven.loss_on_bright_side);
}

}  // namespace
}  // namespace tricholog::imaging
