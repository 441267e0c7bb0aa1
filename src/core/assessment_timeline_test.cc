#include "core/assessment_timeline.h"

#include <gtest/gtest.h>

namespace tricholog {
namespace {

Date D(const char* text) { return Date::Parse(text).value(); }

TEST(AssessmentTimeline, WeeksSinceStartRoundsDown) {
  const Date start = D("2025-01-01");
  EXPECT_EQ(WeeksSinceStart(start, start), 0);
  EXPECT_EQ(WeeksSinceStart(start, start.AddDays(6)), 0);
  EXPECT_EQ(WeeksSinceStart(start, start.AddDays(7)), 1);
  EXPECT_EQ(WeeksSinceStart(start, start.AddDays(16 * 7)), 16);
  EXPECT_EQ(WeeksSinceStart(start, start.AddDays(-1)), -1);
  EXPECT_EQ(WeeksSinceStart(start, start.AddDays(-7)), -1);
  EXPECT_EQ(WeeksSinceStart(start, start.AddDays(-8)), -2);
}

TEST(AssessmentTimeline, DefaultPhaseBoundaries) {
  const auto spans = DefaultPhaseSpans();
  ASSERT_TRUE(ValidatePhaseSpans(spans).has_value());
  EXPECT_EQ(PhaseAtWeek(spans, 0).value(), TimelinePhase::kObservation);
  EXPECT_EQ(PhaseAtWeek(spans, 12).value(), TimelinePhase::kObservation);
  EXPECT_EQ(PhaseAtWeek(spans, 13).value(), TimelinePhase::kResponseWindow);
  EXPECT_EQ(PhaseAtWeek(spans, 25).value(), TimelinePhase::kResponseWindow);
  EXPECT_EQ(PhaseAtWeek(spans, 26).value(), TimelinePhase::kContinuedAssessment);
  EXPECT_EQ(PhaseAtWeek(spans, 51).value(), TimelinePhase::kContinuedAssessment);
  EXPECT_EQ(PhaseAtWeek(spans, 52).value(), TimelinePhase::kMaintenance);
  EXPECT_EQ(PhaseAtWeek(spans, 500).value(), TimelinePhase::kMaintenance);
  EXPECT_FALSE(PhaseAtWeek(spans, -1).has_value());
}

TEST(AssessmentTimeline, PhaseSpansMustTileFromWeekZero) {
  const std::vector<PhaseSpan> gap{{TimelinePhase::kObservation, 0, 12},
                                   {TimelinePhase::kMaintenance, 13, std::nullopt}};
  const auto r = ValidatePhaseSpans(gap, "course.phases");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "course.phases[1].start_week");
  const std::vector<PhaseSpan> late{{TimelinePhase::kObservation, 2, std::nullopt}};
  EXPECT_EQ(ValidatePhaseSpans(late, "p").error().field, "p[0].start_week");
  const std::vector<PhaseSpan> closed{{TimelinePhase::kObservation, 0, 10}};
  EXPECT_EQ(ValidatePhaseSpans(closed, "p").error().field, "p[0].end_week");
  const std::vector<PhaseSpan> open_middle{{TimelinePhase::kObservation, 0, std::nullopt},
                                           {TimelinePhase::kMaintenance, 10, std::nullopt}};
  EXPECT_EQ(ValidatePhaseSpans(open_middle, "p").error().field, "p[0].end_week");
  const std::vector<PhaseSpan> empty_span{{TimelinePhase::kObservation, 0, 0},
                                          {TimelinePhase::kMaintenance, 0, std::nullopt}};
  EXPECT_EQ(ValidatePhaseSpans(empty_span, "p").error().field, "p[0].end_week");
}

TEST(AssessmentTimeline, DecisionWeeksByClass) {
  EXPECT_EQ(DefaultDecisionWeeks(TreatmentClass::kIl4rAntibody).front(), 16);
  EXPECT_EQ(DefaultDecisionWeeks(TreatmentClass::kJakInhibitor), (std::vector<int>{24, 36, 52}));
  EXPECT_EQ(DefaultDecisionWeeks(TreatmentClass::kCorticosteroid).front(), 12);
  const std::vector<int> weeks{16, 52};
  EXPECT_EQ(NextDecisionWeek(weeks, 0), 16);
  EXPECT_EQ(NextDecisionWeek(weeks, 16), 16);
  EXPECT_EQ(NextDecisionWeek(weeks, 17), 52);
  EXPECT_FALSE(NextDecisionWeek(weeks, 53).has_value());
}

TEST(AssessmentTimeline, DecisionWeeksValidated) {
  const std::vector<int> unsorted{24, 12};
  EXPECT_EQ(ValidateDecisionWeeks(unsorted, "course.decision_weeks").error().field,
            "course.decision_weeks[1]");
  const std::vector<int> zero{0};
  const auto r = ValidateDecisionWeeks(zero, "w");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("allowed 1 to 520"), std::string::npos);
}

TEST(AssessmentTimeline, FirstDecisionReasonNamesTheWeek) {
  EXPECT_NE(FirstDecisionWeekReason(TreatmentClass::kIl4rAntibody, 16).find("16 weeks"),
            std::string::npos);
  EXPECT_NE(FirstDecisionWeekReason(TreatmentClass::kJakInhibitor, 24).find("week 24"),
            std::string::npos);
}

}  // namespace
}  // namespace tricholog
