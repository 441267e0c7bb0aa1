#include "core/change_statistics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <utility>
#include <vector>

#include "core/assessment_measures.h"

namespace tricholog {
namespace {

// clinical.md §5.3's illustrative example: SD 15, ICC 0.95 → SEM ≈ 3.354, MDC95 ≈ 9.30.
TEST(ChangeStatistics, SemAndMdcWorkedExample) {
  const auto sem = SemFromReliability(15.0, 0.95);
  ASSERT_TRUE(sem.has_value());
  EXPECT_NEAR(*sem, 3.354, 0.001);
  EXPECT_NEAR(Mdc95FromSem(*sem), 9.30, 0.005);
  EXPECT_NEAR(SemFromMdc95(Mdc95FromSem(*sem)), *sem, 1e-12);
}

TEST(ChangeStatistics, SemFromReliabilityRejectsBadInputs) {
  const auto bad_icc = SemFromReliability(15.0, 1.2, "noise.salt.sd", "noise.salt.icc");
  ASSERT_FALSE(bad_icc.has_value());
  EXPECT_EQ(bad_icc.error().field, "noise.salt.icc");
  EXPECT_NE(bad_icc.error().message.find("allowed 0 to 1"), std::string::npos);
  const auto bad_sd = SemFromReliability(-1.0, 0.9, "noise.salt.sd");
  ASSERT_FALSE(bad_sd.has_value());
  EXPECT_EQ(bad_sd.error().field, "noise.salt.sd");
  EXPECT_DOUBLE_EQ(SemFromReliability(10.0, 1.0).value(), 0.0);
}

// Pairs (10, 12), (20, 17), (30, 30): Σd² = 4 + 9 + 0 = 13, SEM = √(13 / 6).
TEST(ChangeStatistics, SemFromRepeatPairsIsWithinSubjectSd) {
  const std::vector<std::pair<double, double>> pairs{{10, 12}, {20, 17}, {30, 30}};
  const auto sem = SemFromRepeatPairs(pairs);
  ASSERT_TRUE(sem.has_value());
  EXPECT_NEAR(*sem, std::sqrt(13.0 / 6.0), 1e-12);
}

TEST(ChangeStatistics, SemFromRepeatPairsNeedsTwoFinitePairs) {
  const std::vector<std::pair<double, double>> one{{10, 12}};
  const auto r = SemFromRepeatPairs(one, "noise.salt.repeat_pairs");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "noise.salt.repeat_pairs");
  const std::vector<std::pair<double, double>> nan{{10, 12}, {NAN, 1}};
  const auto r2 = SemFromRepeatPairs(nan, "p");
  ASSERT_FALSE(r2.has_value());
  EXPECT_EQ(r2.error().field, "p[1]");
}

TEST(ChangeStatistics, RciMatchesMdcRule) {
  const double sem = 3.354;
  const double mdc = Mdc95FromSem(sem);
  const auto rci = ReliableChangeIndex(50, 50 + mdc * 1.01, sem);
  ASSERT_TRUE(rci.has_value());
  EXPECT_GT(*rci, 1.96);
  EXPECT_TRUE(IsReliableChange(*rci));
  EXPECT_FALSE(IsReliableChange(*ReliableChangeIndex(50, 50 + mdc * 0.99, sem)));
  EXPECT_TRUE(IsReliableChange(*ReliableChangeIndex(50, 50 - mdc * 1.01, sem)));
  EXPECT_FALSE(IsReliableChange(1.96));  // exactly at the cut-off is not reliable
  EXPECT_FALSE(ReliableChangeIndex(1, 2, 0).has_value());
}

TEST(ChangeStatistics, PercentChangeUndefinedAtBaselineZero) {
  EXPECT_FALSE(PercentChange(0, 10).has_value());
  EXPECT_FALSE(PercentReduction(0, 0).has_value());
  EXPECT_DOUBLE_EQ(PercentChange(80, 20).value(), -75.0);
  EXPECT_DOUBLE_EQ(PercentReduction(80, 20).value(), 75.0);  // SALT75
  EXPECT_DOUBLE_EQ(PercentReduction(20, 30).value(), -50.0);
}

TEST(ChangeStatistics, NoiseModelFactoriesAgree) {
  const NoiseModel from_sem = NoiseModel::FromSem(2.0, NoiseSource::kRepeatCapture, "pairs");
  EXPECT_NEAR(from_sem.mdc95, 1.96 * std::sqrt(2.0) * 2.0, 1e-12);
  EXPECT_EQ(from_sem.source, NoiseSource::kRepeatCapture);
  const NoiseModel from_mdc = NoiseModel::FromMdc95(10.0, NoiseSource::kConfigured, "x");
  EXPECT_EQ(from_mdc.mdc95, 10.0);
  EXPECT_EQ(from_mdc.Mdc95At(75), 10.0);
  const NoiseModel pct = NoiseModel::PercentOfBaselineMdc95(20.0, "vendor");
  EXPECT_DOUBLE_EQ(pct.Mdc95At(150), 30.0);
  EXPECT_FALSE(ValidateNoiseModel(NoiseModel{}, "noise.salt").has_value());
  EXPECT_EQ(ValidateNoiseModel(NoiseModel{}, "noise.salt").error().field, "noise.salt.sem");
}

TEST(ChangeStatistics, NoiseSourceNamesRoundTrip) {
  for (NoiseSource s :
       {NoiseSource::kConfigured, NoiseSource::kRepeatCapture, NoiseSource::kMeasured}) {
    EXPECT_EQ(ParseNoiseSource(NoiseSourceName(s)).value(), s);
  }
  EXPECT_FALSE(ParseNoiseSource("guess").has_value());
}

TEST(ChangeStatistics, DefaultNoiseModelsAreValidAndDocumented) {
  const NoiseModels models = DefaultNoiseModels();
  for (Measure m : kAllMeasures) {
    const NoiseModel& model = models[MeasureIndex(m)];
    EXPECT_TRUE(ValidateNoiseModel(model, MeasureName(m)).has_value()) << MeasureName(m);
    EXPECT_FALSE(model.basis.empty()) << MeasureName(m);
  }
  // SALT and the views: the photo noise table (provisional until measured).
  EXPECT_EQ(models[MeasureIndex(Measure::kSalt)].mdc95, 3.0);
  for (SaltView v : kAllSaltViews) {
    EXPECT_EQ(models.View(v).mdc95, 6.0) << SaltViewName(v);
    EXPECT_TRUE(ValidateNoiseModel(models.View(v), SaltViewName(v)).has_value());
    EXPECT_FALSE(models.View(v).basis.empty());
  }
  EXPECT_EQ(PhotoNoiseTable().size(), 1 + kSaltViewCount);
  // Itch: ICC 0.95, SD 2.5 → MDC95 ≈ 1.55: a 2-point change is beyond noise, 1 point is not.
  const double itch_mdc = models[MeasureIndex(Measure::kItchNrs)].mdc95;
  EXPECT_GT(itch_mdc, 1.0);
  EXPECT_LT(itch_mdc, 2.0);
  EXPECT_DOUBLE_EQ(models[MeasureIndex(Measure::kPoem)].mdc95, 1.68);
  EXPECT_TRUE(models[MeasureIndex(Measure::kDensityPerCm2)].percent_of_baseline);
}

TEST(AssessmentMeasures, NamesRoundTrip) {
  for (Measure m : kAllMeasures) EXPECT_EQ(ParseMeasure(MeasureName(m)).value(), m);
  const auto r = ParseMeasure("scorad");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("itch_nrs"), std::string::npos);
}

}  // namespace
}  // namespace tricholog
