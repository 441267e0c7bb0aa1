#include "core/salt_score.h"

#include <gtest/gtest.h>

#include <limits>

namespace tricholog {
namespace {

SaltScore Salt(double top, double back, double left, double right) {
  auto score = ComputeSalt({top, back, left, right});
  EXPECT_TRUE(score.has_value()) << score.error().ToString();
  return score.value_or(SaltScore{});
}

TEST(Salt, WeightsTopBackLeftRight) {
  EXPECT_DOUBLE_EQ(Salt(100, 0, 0, 0).salt, 40.0);
  EXPECT_DOUBLE_EQ(Salt(0, 100, 0, 0).salt, 24.0);
  EXPECT_DOUBLE_EQ(Salt(0, 0, 100, 0).salt, 18.0);
  EXPECT_DOUBLE_EQ(Salt(0, 0, 0, 100).salt, 18.0);
}

TEST(Salt, LillyWorkedExampleTwentyPercentRightSideIs3Point6) {
  // Lilly Medical: 20 % loss on the right side = 20 x 0.18 = 3.6 SALT points.
  EXPECT_DOUBLE_EQ(Salt(0, 0, 0, 20).salt, 3.6);
}

TEST(Salt, FullLossIs100AndNoLossIs0) {
  EXPECT_EQ(Salt(100, 100, 100, 100).salt, 100.0);
  EXPECT_EQ(Salt(0, 0, 0, 0).salt, 0.0);
}

TEST(Salt, MixedRegionsKeepFullPrecision) {
  // 0.4*33.3 + 0.24*12.5 + 0.18*7 + 0.18*0.5 = 13.32 + 3 + 1.26 + 0.09 = 17.67
  EXPECT_NEAR(Salt(33.3, 12.5, 7, 0.5).salt, 17.67, 1e-12);
}

TEST(Salt, RejectsOutOfRangeRegionNamingIt) {
  auto score = ComputeSalt({120, 0, 0, 0});
  ASSERT_FALSE(score.has_value());
  EXPECT_EQ(score.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(score.error().field, "top");
  EXPECT_EQ(score.error().ToString(), "top: 120 is out of range; allowed 0 to 100");

  EXPECT_EQ(ComputeSalt({0, -1, 0, 0}).error().field, "back");
  EXPECT_EQ(ComputeSalt({0, 0, 100.5, 0}).error().field, "left");
  EXPECT_EQ(ComputeSalt({0, 0, 0, 101}).error().field, "right");
}

TEST(Salt, RejectsNotANumber) {
  auto score = ComputeSalt({0, 0, 0, std::numeric_limits<double>::quiet_NaN()});
  ASSERT_FALSE(score.has_value());
  EXPECT_EQ(score.error().field, "right");
}

TEST(SaltAaIga, PublishedBandEdges) {
  // Wyrwich 2020: 0 none; 1-20 limited; 21-49 moderate; 50-94 severe; 95-100 very severe.
  EXPECT_EQ(AaIgaForSalt(0), AaIga::kNone);
  EXPECT_EQ(AaIgaForSalt(1), AaIga::kLimited);
  EXPECT_EQ(AaIgaForSalt(20), AaIga::kLimited);
  EXPECT_EQ(AaIgaForSalt(21), AaIga::kModerate);
  EXPECT_EQ(AaIgaForSalt(49), AaIga::kModerate);
  EXPECT_EQ(AaIgaForSalt(50), AaIga::kSevere);
  EXPECT_EQ(AaIgaForSalt(94), AaIga::kSevere);
  EXPECT_EQ(AaIgaForSalt(95), AaIga::kVerySevere);
  EXPECT_EQ(AaIgaForSalt(100), AaIga::kVerySevere);
}

TEST(SaltAaIga, FractionsBetweenBandsStayBelowTheNextEdge) {
  EXPECT_EQ(AaIgaForSalt(0.1), AaIga::kLimited);
  EXPECT_EQ(AaIgaForSalt(20.1), AaIga::kModerate);
  EXPECT_EQ(AaIgaForSalt(49.9), AaIga::kModerate);
  EXPECT_EQ(AaIgaForSalt(94.9), AaIga::kSevere);
}

TEST(SaltAaIga, ComputedTwentyIsLimited) {
  // 0.4*15.8 + 0.24*19.5 + 0.18*20.3 + 0.18*29.7 = 6.32 + 4.68 + 3.654 + 5.346 = 20.
  const SaltScore score = Salt(15.8, 19.5, 20.3, 29.7);
  EXPECT_NEAR(score.salt, 20.0, 1e-9);
  EXPECT_EQ(score.aa_iga, AaIga::kLimited);
  EXPECT_TRUE(score.salt_le_20);
}

TEST(SaltAaIga, LabelsAndSeverityWords) {
  EXPECT_EQ(AaIgaLabel(AaIga::kNone), "None");
  EXPECT_EQ(AaIgaLabel(AaIga::kVerySevere), "Very severe");
  EXPECT_EQ(AaIgaSeverity(AaIga::kLimited), "limited");
  EXPECT_EQ(AaIgaSeverity(AaIga::kModerate), "moderate");
  EXPECT_EQ(AaIgaSeverity(AaIga::kSevere), "severe");
  EXPECT_EQ(AaIgaSeverity(AaIga::kVerySevere), "very severe");
}

TEST(SaltOlsen, SClassBandEdges) {
  // Olsen: S0 0; S1 1-24; S2 25-49; S3 50-74; S4 75-99; S5 100.
  EXPECT_EQ(OlsenSClass(0), 0);
  EXPECT_EQ(OlsenSClass(0.5), 1);
  EXPECT_EQ(OlsenSClass(24), 1);
  EXPECT_EQ(OlsenSClass(24.9), 1);
  EXPECT_EQ(OlsenSClass(25), 2);
  EXPECT_EQ(OlsenSClass(49.9), 2);
  EXPECT_EQ(OlsenSClass(50), 3);
  EXPECT_EQ(OlsenSClass(74.9), 3);
  EXPECT_EQ(OlsenSClass(75), 4);
  EXPECT_EQ(OlsenSClass(99.9), 4);
  EXPECT_EQ(OlsenSClass(100), 5);
  EXPECT_EQ(OlsenSClassName(3), "S3");
}

TEST(SaltAbsolute, TargetsAreInclusive) {
  auto at20 = ClassifySalt(20);
  ASSERT_TRUE(at20.has_value());
  EXPECT_TRUE(at20->salt_le_20);
  EXPECT_FALSE(at20->salt_le_10);
  auto at10 = ClassifySalt(10);
  ASSERT_TRUE(at10.has_value());
  EXPECT_TRUE(at10->salt_le_10);
  auto above = ClassifySalt(20.01);
  ASSERT_TRUE(above.has_value());
  EXPECT_FALSE(above->salt_le_20);
}

TEST(SaltAbsolute, ClassifyRejectsOutOfRange) {
  auto bad = ClassifySalt(100.5, "baseline");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().ToString(), "baseline: 100.5 is out of range; allowed 0 to 100");
}

TEST(SaltResponse, ExactlyHalfIsSalt50) {
  auto r = CompareSalt(70, 35);
  ASSERT_TRUE(r.has_value());
  ASSERT_TRUE(r->percent_improvement.has_value());
  EXPECT_DOUBLE_EQ(*r->percent_improvement, 50.0);
  EXPECT_TRUE(r->salt30);
  EXPECT_TRUE(r->salt50);
  EXPECT_FALSE(r->salt75);
}

TEST(SaltResponse, ThresholdsSurviveBinaryRounding) {
  // 30 -> 21 is exactly 30 %; 0.3 is not a binary fraction.
  auto r30 = CompareSalt(30, 21);
  ASSERT_TRUE(r30.has_value());
  EXPECT_TRUE(r30->salt30);
  // Exact on paper, but the doubles give 29.999999999999993 and 74.99999999999999.
  auto r3 = CompareSalt(3.8, 2.66);
  ASSERT_TRUE(r3.has_value());
  EXPECT_NEAR(*r3->percent_improvement, 30.0, 1e-9);
  EXPECT_TRUE(r3->salt30);
  EXPECT_FALSE(r3->salt50);
  EXPECT_TRUE(CompareSalt(2.4, 0.6)->salt75);
  EXPECT_TRUE(CompareSalt(33.3, 3.33)->salt90);
  EXPECT_TRUE(CompareSalt(100, 10)->salt90);
}

TEST(SaltResponse, JustBelowThresholdIsNotAResponse) {
  auto r = CompareSalt(80, 40.1);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->salt30);
  EXPECT_FALSE(r->salt50);
}

TEST(SaltResponse, FullRegrowthIsSalt100) {
  auto r = CompareSalt(90.6, 0);
  ASSERT_TRUE(r.has_value());
  EXPECT_DOUBLE_EQ(*r->percent_improvement, 100.0);
  EXPECT_TRUE(r->salt90);
  EXPECT_TRUE(r->salt100);
}

TEST(SaltResponse, WorseningGivesNegativePercent) {
  auto r = CompareSalt(40, 60);
  ASSERT_TRUE(r.has_value());
  EXPECT_DOUBLE_EQ(*r->percent_improvement, -50.0);
  EXPECT_FALSE(r->salt30);
  EXPECT_TRUE(r->relative_response_reason.empty());
}

TEST(SaltResponse, ZeroBaselineHasNoRelativeResponse) {
  auto r = CompareSalt(0, 0);
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->percent_improvement.has_value());
  EXPECT_FALSE(r->salt30 || r->salt50 || r->salt75 || r->salt90 || r->salt100);
  EXPECT_NE(r->relative_response_reason.find("baseline SALT is 0"), std::string::npos);

  auto worse = CompareSalt(0, 12);
  ASSERT_TRUE(worse.has_value());
  EXPECT_FALSE(worse->percent_improvement.has_value());
}

TEST(SaltResponse, RejectsOutOfRangeNamingTheInput) {
  EXPECT_EQ(CompareSalt(-1, 10).error().field, "baseline");
  EXPECT_EQ(CompareSalt(10, 101).error().field, "salt");
}

}  // namespace
}  // namespace tricholog
