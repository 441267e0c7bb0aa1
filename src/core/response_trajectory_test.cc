#include "core/response_trajectory.h"

#include <gtest/gtest.h>

#include "core/assessment_test_util.h"

namespace tricholog {
namespace {

using testing::SaltCourse;

// SALT every 4 weeks from week 4; baseline 80 at week 0 unless stated.
Trajectory Classify(TreatmentClass treatment, int today_weeks, double baseline,
                    std::initializer_list<double> values) {
  return AssessResponse(SaltCourse(treatment, today_weeks, baseline, values)).value().trajectory;
}

TEST(ResponseTrajectory, TooEarlyBeforeFirstDecisionWeek) {
  EXPECT_EQ(Classify(TreatmentClass::kJakInhibitor, 12, 80, {80, 78, 79}), Trajectory::kTooEarly);
  EXPECT_EQ(Classify(TreatmentClass::kJakInhibitor, 4, 80, {}), Trajectory::kTooEarly);
}

TEST(ResponseTrajectory, EarlyResponderReachesTargetByWeek26) {
  // Weeks 4..28: SALT ≤ 20 first at week 20, held at 24 and 28.
  EXPECT_EQ(Classify(TreatmentClass::kJakInhibitor, 28, 80, {75, 60, 40, 30, 18, 15, 12}),
            Trajectory::kEarlyResponder);
}

TEST(ResponseTrajectory, MiddleAndLateResponders) {
  // First ≤ 20 at week 40 (10th value).
  EXPECT_EQ(
      Classify(TreatmentClass::kJakInhibitor, 44, 80, {80, 78, 70, 65, 60, 55, 50, 40, 30, 19, 15}),
      Trajectory::kMiddleResponder);
  // First ≤ 20 at week 60 (15th value).
  EXPECT_EQ(Classify(TreatmentClass::kJakInhibitor, 64, 80,
                     {80, 80, 78, 75, 70, 70, 65, 60, 55, 50, 45, 40, 35, 30, 19, 18}),
            Trajectory::kLateResponder);
}

TEST(ResponseTrajectory, PartialAndRelapser) {
  // 80 → 50 is a 37.5 % improvement, beyond the 10-point MDC95, short of SALT ≤ 20.
  EXPECT_EQ(Classify(TreatmentClass::kJakInhibitor, 28, 80, {78, 70, 60, 52, 50, 50, 50}),
            Trajectory::kPartialResponder);
  // Reaches 50, then drifts back to 75–78.
  EXPECT_EQ(Classify(TreatmentClass::kJakInhibitor, 32, 80, {70, 55, 50, 50, 65, 75, 78, 77}),
            Trajectory::kRelapser);
}

TEST(ResponseTrajectory, NoResponseYetThenNonResponder) {
  EXPECT_EQ(Classify(TreatmentClass::kJakInhibitor, 28, 80, {80, 79, 78, 80, 77, 79, 80}),
            Trajectory::kNoResponseYet);
  EXPECT_EQ(Classify(TreatmentClass::kJakInhibitor, 52, 80,
                     {80, 79, 78, 80, 77, 79, 80, 78, 79, 80, 78, 79, 76}),
            Trajectory::kNonResponder);
}

TEST(ResponseTrajectory, ImprovementWithinNoiseIsNotPartial) {
  // Baseline 25: 30 % is 7.5 points, inside the 10-point MDC95.
  EXPECT_EQ(Classify(TreatmentClass::kJakInhibitor, 28, 25, {20, 17, 17, 17, 17, 17, 17}),
            Trajectory::kNoResponseYet);
}

TEST(ResponseTrajectory, MildBaselineUsesSalt50AsTarget) {
  // Baseline 20: the target is SALT50 with a change beyond the 10-point MDC95, so 20 → 11
  // (45 %, 9 points) is nothing yet and 20 → 9 (55 %, 11 points) from week 12 is early.
  EXPECT_EQ(Classify(TreatmentClass::kJakInhibitor, 28, 20, {15, 12, 11, 11, 11, 11, 11}),
            Trajectory::kNoResponseYet);
  EXPECT_EQ(Classify(TreatmentClass::kJakInhibitor, 28, 20, {15, 12, 9, 8, 8, 8, 8}),
            Trajectory::kEarlyResponder);
}

TEST(ResponseTrajectory, InsufficientDataAfterFirstDecision) {
  EXPECT_EQ(Classify(TreatmentClass::kJakInhibitor, 30, 80, {40}), Trajectory::kInsufficientData);
}

TEST(ResponseTrajectory, ReasonIsFilled) {
  const ResponseAssessment a = AssessResponse(SaltCourse(TreatmentClass::kJakInhibitor, 28, 80,
                                                         {75, 60, 40, 30, 18, 15, 12}))
                                   .value();
  EXPECT_NE(a.trajectory_reason.find("week 20"), std::string::npos);
  EXPECT_EQ(TrajectoryName(a.trajectory), "early_responder");
}

}  // namespace
}  // namespace tricholog
