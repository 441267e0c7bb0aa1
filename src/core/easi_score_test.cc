#include "core/easi_score.h"

#include <gtest/gtest.h>

#include <limits>

namespace tricholog {
namespace {

EasiRegionInput Region(double erythema, double induration, double excoriation,
                       double lichenification, double area_percent) {
  return EasiRegionInput{erythema, induration, excoriation, lichenification, area_percent, {}};
}

// A worked example (our own numbers), scored by hand with both weight sets:
//   region       signs (E+I+Ex+L)          S     area      A
//   head/neck    2 + 1.5 + 1 + 0           4.5   20 %      2
//   upper limbs  2 + 2 + 1.5 + 1           6.5   35 %      3
//   trunk        1 + 1 + 0.5 + 0.5         3     9.5 %     1
//   lower limbs  3 + 2.5 + 2 + 2           9.5   72 %      5
// age >= 8: 0.1*4.5*2 + 0.2*6.5*3 + 0.3*3*1 + 0.4*9.5*5 = 0.9 + 3.9 + 0.9 + 19 = 24.7
// age <  8: 0.2*4.5*2 + 0.2*6.5*3 + 0.3*3*1 + 0.3*9.5*5 = 1.8 + 3.9 + 0.9 + 14.25 = 20.85
EasiInput WorkedExample(double age_years) {
  EasiInput input;
  input.age_years = age_years;
  input.regions = {Region(2, 1.5, 1, 0, 20), Region(2, 2, 1.5, 1, 35), Region(1, 1, 0.5, 0.5, 9.5),
                   Region(3, 2.5, 2, 2, 72)};
  return input;
}

EasiInput Uniform(double age_years, double sign, double area_percent) {
  EasiInput input;
  input.age_years = age_years;
  for (auto& region : input.regions) region = Region(sign, sign, sign, sign, area_percent);
  return input;
}

TEST(Easi, WorkedExampleAdultWeights) {
  auto score = ComputeEasi(WorkedExample(34));
  ASSERT_TRUE(score.has_value()) << score.error().ToString();
  EXPECT_FALSE(score->child_weights);
  EXPECT_DOUBLE_EQ(score->total, 24.7);
  EXPECT_EQ(score->severity, EasiSeverity::kSevere);
  const auto& hn = score->regions[0];
  EXPECT_EQ(hn.region, EasiRegion::kHeadNeck);
  EXPECT_DOUBLE_EQ(hn.weight, 0.1);
  EXPECT_DOUBLE_EQ(hn.sign_sum, 4.5);
  EXPECT_EQ(hn.area_score, 2);
  EXPECT_DOUBLE_EQ(hn.contribution, 0.9);
  EXPECT_DOUBLE_EQ(score->regions[1].contribution, 3.9);
  EXPECT_EQ(score->regions[2].area_score, 1);
  EXPECT_DOUBLE_EQ(score->regions[2].contribution, 0.9);
  EXPECT_DOUBLE_EQ(score->regions[3].weight, 0.4);
  EXPECT_DOUBLE_EQ(score->regions[3].contribution, 19.0);
}

TEST(Easi, WorkedExampleChildWeights) {
  auto score = ComputeEasi(WorkedExample(5));
  ASSERT_TRUE(score.has_value()) << score.error().ToString();
  EXPECT_TRUE(score->child_weights);
  EXPECT_DOUBLE_EQ(score->total, 20.85);
  EXPECT_EQ(score->severity, EasiSeverity::kModerate);
  EXPECT_DOUBLE_EQ(score->regions[0].weight, 0.2);
  EXPECT_DOUBLE_EQ(score->regions[0].contribution, 1.8);
  EXPECT_DOUBLE_EQ(score->regions[3].weight, 0.3);
  EXPECT_DOUBLE_EQ(score->regions[3].contribution, 14.25);
}

TEST(Easi, ChildWeightsBelowEightYears) {
  EXPECT_TRUE(ComputeEasi(WorkedExample(7.99))->child_weights);
  EXPECT_FALSE(ComputeEasi(WorkedExample(8))->child_weights);
  EXPECT_TRUE(ComputeEasi(WorkedExample(0))->child_weights);
}

TEST(Easi, MaximumIs72InBothAgeGroups) {
  EXPECT_DOUBLE_EQ(ComputeEasi(Uniform(40, 3, 100))->total, 72.0);
  EXPECT_DOUBLE_EQ(ComputeEasi(Uniform(3, 3, 100))->total, 72.0);
  EXPECT_EQ(ComputeEasi(Uniform(40, 3, 100))->severity, EasiSeverity::kVerySevere);
}

TEST(Easi, NoEczemaIsClear) {
  auto score = ComputeEasi(Uniform(30, 0, 0));
  ASSERT_TRUE(score.has_value());
  EXPECT_EQ(score->total, 0.0);
  EXPECT_EQ(score->severity, EasiSeverity::kClear);
}

TEST(Easi, AreaScoreGivenDirectly) {
  EasiInput input = Uniform(30, 0, 0);
  input.regions[2] = EasiRegionInput{1, 1, 1, 1, {}, 4};
  auto score = ComputeEasi(input);
  ASSERT_TRUE(score.has_value()) << score.error().ToString();
  EXPECT_EQ(score->regions[2].area_score, 4);
  EXPECT_DOUBLE_EQ(score->total, 0.3 * 4 * 4);
}

TEST(EasiArea, PublishedBandEdges) {
  // HOME: 0 = 0 %; 1 = 1-9; 2 = 10-29; 3 = 30-49; 4 = 50-69; 5 = 70-89; 6 = 90-100.
  const std::pair<double, int> cases[] = {{0, 0},  {1, 1},  {9, 1},  {10, 2}, {29, 2},
                                          {30, 3}, {49, 3}, {50, 4}, {69, 4}, {70, 5},
                                          {89, 5}, {90, 6}, {100, 6}};
  for (const auto& [percent, expected] : cases) {
    EXPECT_EQ(EasiAreaScore(percent).value(), expected) << percent << " %";
  }
}

TEST(EasiArea, FractionsBetweenBandsGoDown) {
  EXPECT_EQ(EasiAreaScore(0.5).value(), 1);
  EXPECT_EQ(EasiAreaScore(9.5).value(), 1);
  EXPECT_EQ(EasiAreaScore(29.9).value(), 2);
  EXPECT_EQ(EasiAreaScore(89.99).value(), 5);
}

TEST(EasiArea, RejectsOutOfRange) {
  auto bad = EasiAreaScore(100.5, "regions.trunk.area_percent");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().ToString(),
            "regions.trunk.area_percent: 100.5 is out of range; allowed 0 to 100");
  EXPECT_FALSE(EasiAreaScore(-1).has_value());
}

TEST(EasiSeverity, LeshemBandEdges) {
  EXPECT_EQ(EasiSeverityFor(0), EasiSeverity::kClear);
  EXPECT_EQ(EasiSeverityFor(0.05), EasiSeverity::kAlmostClear);
  EXPECT_EQ(EasiSeverityFor(1.0), EasiSeverity::kAlmostClear);
  EXPECT_EQ(EasiSeverityFor(1.05), EasiSeverity::kMild);
  EXPECT_EQ(EasiSeverityFor(7.0), EasiSeverity::kMild);
  EXPECT_EQ(EasiSeverityFor(7.05), EasiSeverity::kModerate);
  EXPECT_EQ(EasiSeverityFor(21.0), EasiSeverity::kModerate);
  EXPECT_EQ(EasiSeverityFor(21.05), EasiSeverity::kSevere);
  EXPECT_EQ(EasiSeverityFor(50.0), EasiSeverity::kSevere);
  EXPECT_EQ(EasiSeverityFor(50.05), EasiSeverity::kVerySevere);
  EXPECT_EQ(EasiSeverityName(EasiSeverity::kAlmostClear), "almost clear");
  EXPECT_EQ(EasiSeverityName(EasiSeverity::kVerySevere), "very severe");
}

TEST(EasiSeverity, ComputedBandEdgeTotals) {
  // Lower limbs only, adult: 0.4 * 3.5 * 5 = 7.0, the top of "mild" (0.4 is not a binary
  // fraction, so a naive product could land just above 7).
  EasiInput input = Uniform(30, 0, 0);
  input.regions[3] = Region(1, 1, 1, 0.5, 75);
  auto score = ComputeEasi(input);
  ASSERT_TRUE(score.has_value());
  EXPECT_DOUBLE_EQ(score->total, 7.0);
  EXPECT_EQ(score->severity, EasiSeverity::kMild);
}

TEST(EasiValidation, SignOutOfRangeNamesRegionAndSign) {
  EasiInput input = WorkedExample(34);
  input.regions[2].erythema = 3.5;
  auto score = ComputeEasi(input);
  ASSERT_FALSE(score.has_value());
  EXPECT_EQ(score.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(score.error().ToString(),
            "regions.trunk.erythema: 3.5 is out of range; allowed 0 to 3");
}

TEST(EasiValidation, SignMustBeAHalfPointStep) {
  EasiInput input = WorkedExample(34);
  input.regions[0].induration = 1.2;
  auto score = ComputeEasi(input);
  ASSERT_FALSE(score.has_value());
  EXPECT_EQ(score.error().field, "regions.head_neck.induration");
  EXPECT_NE(score.error().message.find("multiple of 0.5"), std::string::npos);
}

TEST(EasiValidation, EachSignIsChecked) {
  for (int sign = 0; sign < 4; ++sign) {
    EasiInput input = WorkedExample(34);
    EasiRegionInput& region = input.regions[1];
    double* values[] = {&region.erythema, &region.induration, &region.excoriation,
                        &region.lichenification};
    *values[sign] = -0.5;
    auto score = ComputeEasi(input);
    ASSERT_FALSE(score.has_value());
    const char* names[] = {"erythema", "induration", "excoriation", "lichenification"};
    EXPECT_EQ(score.error().field, std::string("regions.upper_limbs.") + names[sign]);
  }
}

TEST(EasiValidation, AreaPercentAndScoreAreExclusive) {
  EasiInput both = WorkedExample(34);
  both.regions[3].area_score = 2;
  auto score = ComputeEasi(both);
  ASSERT_FALSE(score.has_value());
  EXPECT_EQ(score.error().ToString(),
            "regions.lower_limbs: give area_percent or area_score, not both");

  EasiInput neither = WorkedExample(34);
  neither.regions[3].area_percent.reset();
  score = ComputeEasi(neither);
  ASSERT_FALSE(score.has_value());
  EXPECT_EQ(score.error().field, "regions.lower_limbs");
}

TEST(EasiValidation, AreaScoreAndPercentRanges) {
  EasiInput input = WorkedExample(34);
  input.regions[0] = EasiRegionInput{1, 1, 1, 1, {}, 7};
  EXPECT_EQ(ComputeEasi(input).error().ToString(),
            "regions.head_neck.area_score: 7 is out of range; allowed 0 to 6");
  input.regions[0] = Region(1, 1, 1, 1, 120);
  EXPECT_EQ(ComputeEasi(input).error().field, "regions.head_neck.area_percent");
}

TEST(EasiValidation, AgeMustBeInRange) {
  EXPECT_EQ(ComputeEasi(WorkedExample(-1)).error().field, "age_years");
  EXPECT_EQ(ComputeEasi(WorkedExample(200)).error().field, "age_years");
  EXPECT_EQ(ComputeEasi(WorkedExample(std::numeric_limits<double>::quiet_NaN())).error().field,
            "age_years");
}

TEST(EasiResponse, ExactThresholds) {
  auto r50 = CompareEasi(24.7, 12.35);
  ASSERT_TRUE(r50.has_value());
  EXPECT_DOUBLE_EQ(*r50->percent_improvement, 50.0);
  EXPECT_TRUE(r50->easi50);
  EXPECT_FALSE(r50->easi75);
  // 3.8 -> 0.95 is 75 % on paper but 74.99999999999999 in doubles.
  auto r75 = CompareEasi(3.8, 0.95);
  ASSERT_TRUE(r75.has_value());
  EXPECT_TRUE(r75->easi75);
  EXPECT_FALSE(r75->easi90);
  auto r90 = CompareEasi(20, 2);
  EXPECT_TRUE(r90->easi90);
}

TEST(EasiResponse, WorseningAndZeroBaseline) {
  auto worse = CompareEasi(10, 15);
  ASSERT_TRUE(worse.has_value());
  EXPECT_DOUBLE_EQ(*worse->percent_improvement, -50.0);
  EXPECT_FALSE(worse->easi50);

  auto zero = CompareEasi(0, 3);
  ASSERT_TRUE(zero.has_value());
  EXPECT_FALSE(zero->percent_improvement.has_value());
  EXPECT_FALSE(zero->easi50 || zero->easi75 || zero->easi90);
  EXPECT_NE(zero->relative_response_reason.find("baseline EASI is 0"), std::string::npos);
}

TEST(EasiResponse, RejectsOutOfRange) {
  EXPECT_EQ(CompareEasi(72.5, 1).error().field, "baseline_total");
  EXPECT_EQ(CompareEasi(10, -1).error().field, "total");
}

}  // namespace
}  // namespace tricholog
