#include "imaging/analysis_budget.h"

#include <gtest/gtest.h>

#include <string>

namespace tricholog::imaging {
namespace {

TEST(AnalysisBudget, TenSecondsAndOneGigabyteForTwelveMegapixels) {
  const AnalysisBudget budget = BudgetForPixels(12'000'000);
  EXPECT_DOUBLE_EQ(budget.seconds, 10.0);
  EXPECT_EQ(budget.bytes, 1'000'000'000);
  EXPECT_EQ(budget.photo_pixels, 12'000'000);
  EXPECT_DOUBLE_EQ(budget.megabytes(), 1000.0);
}

TEST(AnalysisBudget, LinearBetweenTheFloorAndTheCap) {
  const AnalysisBudget double_size = BudgetForPixels(24'000'000);
  EXPECT_DOUBLE_EQ(double_size.seconds, 20.0);
  EXPECT_EQ(double_size.bytes, 2'000'000'000);
  const AnalysisBudget small = BudgetForPixels(1'300'000);  // a 1280 x 1024 dermoscope field
  EXPECT_DOUBLE_EQ(small.seconds, kBudgetMinSeconds);
  EXPECT_EQ(small.bytes, kBudgetMinBytes);
  const AnalysisBudget huge = BudgetForPixels(81'000'000);
  EXPECT_DOUBLE_EQ(huge.seconds, kBudgetMaxSeconds);
  EXPECT_EQ(huge.bytes, kBudgetMaxBytes);
  EXPECT_EQ(BudgetForPixels(-5).photo_pixels, 0);
}

TEST(AnalysisBudget, TrichoscopyGetsThreeTimesTheTime) {
  const AnalysisBudget scalp = BudgetFor(AnalysisKind::kScalpView, 12'000'000);
  const AnalysisBudget tricho = BudgetFor(AnalysisKind::kTrichoscopy, 12'000'000);
  EXPECT_DOUBLE_EQ(scalp.seconds, 10.0);
  EXPECT_DOUBLE_EQ(tricho.seconds, 30.0);
  EXPECT_EQ(tricho.bytes, scalp.bytes);
  EXPECT_DOUBLE_EQ(BudgetFor(AnalysisKind::kTrichoscopy, 1'300'000).seconds, 30.0);
  EXPECT_DOUBLE_EQ(BudgetFor(AnalysisKind::kHairMask, 1'300'000).seconds, 10.0);
}

TEST(AnalysisBudget, TrichoscopyOfANineThousandSquarePhotoIsRefusedNamingPixelsAndBudget) {
  auto plan = FitBudget(AnalysisKind::kTrichoscopy, {9000, 9000}, 81'000'000, {9000, 9000});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(plan.error().field, "image");
  EXPECT_NE(plan.error().message.find("9000x9000 photo (81.0 MP)"), std::string::npos)
      << plan.error().message;
  EXPECT_NE(plan.error().message.find("allows 3000 MB"), std::string::npos) << plan.error().message;
}

TEST(AnalysisBudget, ATwelveMegapixelPhotoFitsEveryAnalysis) {
  const cv::Size photo(4000, 3000);
  for (AnalysisKind kind :
       {AnalysisKind::kScalpView, AnalysisKind::kHairMask, AnalysisKind::kTrichoscopy}) {
    const cv::Size working = kind == AnalysisKind::kTrichoscopy ? photo : cv::Size(1024, 768);
    auto plan = FitBudget(kind, photo, 12'000'000, working);
    ASSERT_TRUE(plan) << plan.error().ToString();
    EXPECT_LE(plan->estimated_bytes, plan->budget.bytes);
    EXPECT_EQ(plan->working_size, working);
  }
}

TEST(AnalysisBudget, EstimateGrowsWithInputAndWorkingPixels) {
  for (AnalysisKind kind :
       {AnalysisKind::kScalpView, AnalysisKind::kHairMask, AnalysisKind::kTrichoscopy}) {
    EXPECT_LT(EstimatePeakBytes(kind, 1'000'000, 1'000'000),
              EstimatePeakBytes(kind, 10'000'000, 1'000'000));
    EXPECT_LE(EstimatePeakBytes(kind, 1'000'000, 1'000'000),
              EstimatePeakBytes(kind, 1'000'000, 2'000'000));
  }
}

TEST(AnalysisBudget, EmptySizeIsInvalid) {
  auto plan = FitBudget(AnalysisKind::kHairMask, {0, 10}, 0, {0, 10});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::kInvalidArgument);
}

TEST(Deadline, ExpiresOnceTheClockPassesTheBudgetAndStaysExpired) {
  FakeAnalysisClock clock(/*jump_after_reads=*/4, /*jump_seconds=*/10.5);
  const Deadline deadline(AnalysisKind::kTrichoscopy, BudgetForPixels(12'000'000), clock);
  EXPECT_FALSE(deadline.Expired());  // read 2 (read 1: the start)
  EXPECT_TRUE(deadline.Check());     // read 3
  EXPECT_TRUE(deadline.Expired());   // read 4: 10.5 s after the start, past 10 s
  EXPECT_EQ(clock.reads(), 4);
  EXPECT_TRUE(deadline.Expired());  // sticky: no further read
  EXPECT_EQ(clock.reads(), 4);
  auto checked = deadline.Check();
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(checked.error().field, "image");
  EXPECT_NE(checked.error().message.find(
                "trichoscopy stopped after 10.0 s, the time budget for a 12.0-MP photo"),
            std::string::npos)
      << checked.error().message;
}

TEST(Deadline, AClockThatStaysWithinTheBudgetNeverExpires) {
  FakeAnalysisClock clock(/*jump_after_reads=*/2, /*jump_seconds=*/9.9);
  const Deadline deadline(AnalysisKind::kHairMask, BudgetForPixels(12'000'000), clock);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(deadline.Expired());
}

TEST(Deadline, SteadyClockMovesForward) {
  const AnalysisClock& clock = SteadyAnalysisClock();
  const double a = clock.NowSeconds();
  EXPECT_GE(clock.NowSeconds(), a);
}

}  // namespace
}  // namespace tricholog::imaging
