#include "core/response_assessment.h"

#include <gtest/gtest.h>

#include "core/assessment_test_util.h"

namespace tricholog {
namespace {

using testing::AddAt;
using testing::Course;
using testing::SaltCourse;

const MeasureAssessment& Salt(const ResponseAssessment& a) {
  const MeasureAssessment* m = a.Find(Measure::kSalt);
  EXPECT_NE(m, nullptr);
  return *m;
}

TEST(ResponseAssessment, BaselineIsMeanOfPreTreatmentCaptures) {
  AssessmentInput input = Course(TreatmentClass::kJakInhibitor, 8);
  AddAt(input, 0, Measure::kSalt, 80);
  AddAt(input, -2, Measure::kSalt, 70);
  AddAt(input, -5, Measure::kSalt, 10);  // 35 days before the start: outside the look-back
  AddAt(input, 4, Measure::kSalt, 74);
  const ResponseAssessment a = AssessResponse(input).value();
  EXPECT_DOUBLE_EQ(*Salt(a).baseline, 75.0);
  EXPECT_EQ(Salt(a).baseline_source, BaselineSource::kPreTreatment);
  EXPECT_EQ(Salt(a).baseline_sessions, 2);
  ASSERT_EQ(Salt(a).series.size(), 1u);
  EXPECT_DOUBLE_EQ(*Salt(a).change, -1.0);
}

TEST(ResponseAssessment, BaselineFallsBackToFirstSessionAfterStart) {
  AssessmentInput input = Course(TreatmentClass::kJakInhibitor, 12);
  AddAt(input, 4, Measure::kSalt, 60);
  AddAt(input, 8, Measure::kSalt, 55);
  const ResponseAssessment a = AssessResponse(input).value();
  EXPECT_EQ(Salt(a).baseline_source, BaselineSource::kFirstSession);
  EXPECT_DOUBLE_EQ(*Salt(a).baseline, 60.0);
  ASSERT_EQ(Salt(a).series.size(), 1u);  // the baseline session is not also a follow-up
  EXPECT_DOUBLE_EQ(Salt(a).latest->value, 55.0);
}

TEST(ResponseAssessment, BaselineOverrideWins) {
  AssessmentInput input = SaltCourse(TreatmentClass::kJakInhibitor, 8, 50, {45});
  input.course.baseline_override.Set(Measure::kSalt, 90);
  const ResponseAssessment a = AssessResponse(input).value();
  EXPECT_EQ(Salt(a).baseline_source, BaselineSource::kOverride);
  EXPECT_DOUBLE_EQ(*Salt(a).change, -45.0);
}

TEST(ResponseAssessment, ExactlyAtMdcIsNotReal) {
  // Default SALT MDC95 is exactly 10 points.
  const ResponseAssessment a =
      AssessResponse(SaltCourse(TreatmentClass::kJakInhibitor, 12, 50, {60, 60})).value();
  EXPECT_FALSE(Salt(a).real);
  EXPECT_FALSE(Salt(a).pending_confirmation);
  EXPECT_EQ(Salt(a).direction, ChangeDirection::kStable);
}

TEST(ResponseAssessment, OneSessionBeyondNoiseIsPendingNotReal) {
  const ResponseAssessment a =
      AssessResponse(SaltCourse(TreatmentClass::kJakInhibitor, 12, 50, {52, 65})).value();
  EXPECT_FALSE(Salt(a).real);
  EXPECT_TRUE(Salt(a).pending_confirmation);
  EXPECT_EQ(Salt(a).direction, ChangeDirection::kStable);
}

TEST(ResponseAssessment, TwoSessionsBeyondNoiseSameDirectionIsReal) {
  const ResponseAssessment worse =
      AssessResponse(SaltCourse(TreatmentClass::kJakInhibitor, 12, 50, {61, 65})).value();
  EXPECT_TRUE(Salt(worse).real);
  EXPECT_EQ(Salt(worse).direction, ChangeDirection::kWorsening);
  EXPECT_GT(*Salt(worse).rci, 1.96);
  const ResponseAssessment better =
      AssessResponse(SaltCourse(TreatmentClass::kJakInhibitor, 12, 50, {39, 30})).value();
  EXPECT_TRUE(Salt(better).real);
  EXPECT_EQ(Salt(better).direction, ChangeDirection::kImproving);
  const ResponseAssessment flip =
      AssessResponse(SaltCourse(TreatmentClass::kJakInhibitor, 12, 50, {39, 61})).value();
  EXPECT_FALSE(Salt(flip).real);
}

TEST(ResponseAssessment, FailedQualitySessionDoesNotCount) {
  AssessmentInput input = SaltCourse(TreatmentClass::kJakInhibitor, 12, 50, {52, 65});
  AddAt(input, 12, Measure::kSalt, 70, /*quality_ok=*/false);
  const ResponseAssessment a = AssessResponse(input).value();
  EXPECT_FALSE(Salt(a).real);
  EXPECT_EQ(Salt(a).excluded_for_quality, 1);
  EXPECT_DOUBLE_EQ(Salt(a).latest->value, 65.0);
  // Quality applies to photo measures only: a clinician's EASI in that session still counts.
  input.sessions.back().values.Set(Measure::kEasi, 12);
  const ResponseAssessment b = AssessResponse(input).value();
  ASSERT_NE(b.Find(Measure::kEasi), nullptr);
  EXPECT_EQ(b.Find(Measure::kEasi)->baseline_source, BaselineSource::kFirstSession);
}

TEST(ResponseAssessment, FailedQualityBaselineCaptureIsSkipped) {
  AssessmentInput input = Course(TreatmentClass::kJakInhibitor, 8);
  AddAt(input, 0, Measure::kSalt, 30, /*quality_ok=*/false);
  AddAt(input, 0, Measure::kSalt, 60);
  AddAt(input, 4, Measure::kSalt, 58);
  EXPECT_DOUBLE_EQ(*Salt(AssessResponse(input).value()).baseline, 60.0);
}

TEST(ResponseAssessment, BaselineZeroHasNoPercent) {
  const ResponseAssessment a =
      AssessResponse(SaltCourse(TreatmentClass::kIl4rAntibody, 12, 0, {15, 20})).value();
  EXPECT_FALSE(Salt(a).percent_change.has_value());
  EXPECT_DOUBLE_EQ(*Salt(a).change, 20.0);
  EXPECT_TRUE(Salt(a).real);
  EXPECT_TRUE(Salt(a).thresholds_reached.empty());
  EXPECT_EQ(a.trajectory, Trajectory::kNoBaselineLoss);
}

TEST(ResponseAssessment, MissingMeasuresAreLeftOut) {
  AssessmentInput input = Course(TreatmentClass::kIl4rAntibody, 8);
  AddAt(input, 0, Measure::kItchNrs, 8);
  AddAt(input, 4, Measure::kItchNrs, 6);
  const ResponseAssessment a = AssessResponse(input).value();
  ASSERT_EQ(a.measures.size(), 1u);
  EXPECT_EQ(a.measures[0].measure, Measure::kItchNrs);
  EXPECT_EQ(a.Find(Measure::kSalt), nullptr);
  EXPECT_EQ(a.trajectory, Trajectory::kTooEarly);
  const ResponseAssessment empty = AssessResponse(Course(TreatmentClass::kOther, 30)).value();
  EXPECT_TRUE(empty.measures.empty());
  EXPECT_EQ(empty.trajectory, Trajectory::kInsufficientData);
}

TEST(ResponseAssessment, SaltComputedFromRegionsWhenMissing) {
  AssessmentInput input = Course(TreatmentClass::kJakInhibitor, 4);
  AssessmentSession s;
  s.date = input.course.start_date;
  s.region_loss = RegionLossPercent{50, 50, 0, 20};  // 20 + 12 + 0 + 3.6
  input.sessions.push_back(s);
  EXPECT_NEAR(*Salt(AssessResponse(input).value()).baseline, 35.6, 1e-9);
  // Lilly's worked example: 20 % loss on the right side alone is 3.6 SALT points.
  EXPECT_NEAR(SaltFromRegions({0, 0, 0, 20}), 3.6, 1e-12);
}

TEST(ResponseAssessment, SaltResponderThresholds) {
  const ResponseAssessment a =
      AssessResponse(SaltCourse(TreatmentClass::kJakInhibitor, 28, 60, {40, 16, 12})).value();
  const auto& t = Salt(a).thresholds_reached;
  EXPECT_NE(std::find(t.begin(), t.end(), "salt_le_20"), t.end());
  EXPECT_EQ(std::find(t.begin(), t.end(), "salt_le_10"), t.end());
  EXPECT_NE(std::find(t.begin(), t.end(), "salt75"), t.end());  // 80 % improvement
  EXPECT_EQ(std::find(t.begin(), t.end(), "salt90"), t.end());
  EXPECT_TRUE(Salt(a).clinically_meaningful);
  // SALT30 alone is a partial response, not clinically meaningful by itself.
  const ResponseAssessment p =
      AssessResponse(SaltCourse(TreatmentClass::kJakInhibitor, 12, 80, {60, 55})).value();
  EXPECT_EQ(Salt(p).thresholds_reached, (std::vector<std::string>{"salt30"}));
  EXPECT_FALSE(Salt(p).clinically_meaningful);
}

TEST(ResponseAssessment, EasiItchDlqiThresholds) {
  AssessmentInput input = Course(TreatmentClass::kIl4rAntibody, 16);
  AddAt(input, 0, Measure::kEasi, 24);
  AddAt(input, 16, Measure::kEasi, 6);  // 75 % reduction
  AddAt(input, 0, Measure::kItchNrs, 8);
  AddAt(input, 16, Measure::kItchNrs, 5);  // −3: not the −4 MCID
  AddAt(input, 0, Measure::kDlqi, 10);
  AddAt(input, 16, Measure::kDlqi, 15);  // +5: meaningful worsening
  const ResponseAssessment a = AssessResponse(input).value();
  EXPECT_EQ(a.Find(Measure::kEasi)->thresholds_reached,
            (std::vector<std::string>{"easi50", "easi75"}));
  EXPECT_FALSE(a.Find(Measure::kItchNrs)->clinically_meaningful);
  EXPECT_EQ(a.Find(Measure::kDlqi)->thresholds_reached,
            (std::vector<std::string>{"dlqi_worsened_4"}));
  EXPECT_TRUE(a.Find(Measure::kDlqi)->clinically_meaningful);
}

TEST(ResponseAssessment, DensityNoiseScalesWithBaseline) {
  AssessmentInput input = Course(TreatmentClass::kMinoxidil, 12);
  AddAt(input, 0, Measure::kDensityPerCm2, 100);
  AddAt(input, 8, Measure::kDensityPerCm2, 130);
  AddAt(input, 12, Measure::kDensityPerCm2, 128);
  const MeasureAssessment& d = *AssessResponse(input).value().Find(Measure::kDensityPerCm2);
  EXPECT_NEAR(d.mdc95, 23.52, 1e-9);
  EXPECT_TRUE(d.real);
  EXPECT_EQ(d.direction, ChangeDirection::kImproving);  // higher density is better
}

TEST(ResponseAssessment, TimelineAtToday) {
  const ResponseAssessment a =
      AssessResponse(SaltCourse(TreatmentClass::kIl4rAntibody, 14, 50, {50})).value();
  EXPECT_EQ(a.weeks_since_start, 14);
  EXPECT_EQ(a.phase, TimelinePhase::kResponseWindow);
  EXPECT_EQ(a.next_decision_week, 16);
  EXPECT_EQ(a.next_decision_date->ToString(), "2025-04-28");
  EXPECT_TRUE(a.before_first_decision);
  AssessmentInput before = Course(TreatmentClass::kIl4rAntibody, 0);
  before.today = before.course.start_date.AddDays(-3);
  const ResponseAssessment b = AssessResponse(before).value();
  EXPECT_FALSE(b.phase.has_value());
  EXPECT_EQ(b.trajectory, Trajectory::kTooEarly);
}

TEST(ResponseAssessment, CustomPhasesAndDecisionWeeks) {
  AssessmentInput input = Course(TreatmentClass::kOther, 10);
  input.course.phases = {{TimelinePhase::kObservation, 0, 8},
                         {TimelinePhase::kMaintenance, 8, std::nullopt}};
  input.course.decision_weeks = {8, 20};
  const ResponseAssessment a = AssessResponse(input).value();
  EXPECT_EQ(a.phase, TimelinePhase::kMaintenance);
  EXPECT_EQ(a.next_decision_week, 20);
  EXPECT_FALSE(a.before_first_decision);
}

TEST(ResponseAssessment, ErrorsNameTheField) {
  AssessmentInput input = SaltCourse(TreatmentClass::kJakInhibitor, 8, 50, {120});
  auto r = AssessResponse(input);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "sessions[1].salt");
  EXPECT_NE(r.error().message.find("allowed 0 to 100"), std::string::npos);

  input = SaltCourse(TreatmentClass::kJakInhibitor, 2, 50, {40});  // week 4 > today
  EXPECT_EQ(AssessResponse(input).error().field, "sessions[1].date");

  input = Course(TreatmentClass::kJakInhibitor, 2);
  AddAt(input, 0, Measure::kItchNrs, 11);
  EXPECT_EQ(AssessResponse(input).error().field, "sessions[0].itch_nrs");

  input = Course(TreatmentClass::kJakInhibitor, 2);
  input.sessions.push_back({});
  input.sessions.back().date = input.course.start_date;
  input.sessions.back().region_loss = RegionLossPercent{10, 10, 101, 0};
  EXPECT_EQ(AssessResponse(input).error().field, "sessions[0].region_loss.left");

  input = Course(TreatmentClass::kJakInhibitor, 2);
  input.noise[MeasureIndex(Measure::kEasi)] = NoiseModel{};
  EXPECT_EQ(AssessResponse(input).error().field, "noise.easi.sem");

  input = Course(TreatmentClass::kJakInhibitor, 2);
  input.course.baseline_override.Set(Measure::kDlqi, 31);
  EXPECT_EQ(AssessResponse(input).error().field, "course.baseline.dlqi");

  input = Course(TreatmentClass::kJakInhibitor, 2);
  input.course.decision_weeks = {24, 24};
  EXPECT_EQ(AssessResponse(input).error().field, "course.decision_weeks[1]");
}

TEST(ResponseAssessment, NamesAreStable) {
  EXPECT_EQ(ParseEyeSymptom(EyeSymptomName(EyeSymptom::kDryEye)).value(), EyeSymptom::kDryEye);
  const auto bad = ParseEyeSymptom("pinkeye", "sessions[0].eye_symptoms[0]");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "sessions[0].eye_symptoms[0]");
  EXPECT_NE(bad.error().message.find("conjunctivitis"), std::string::npos);
  EXPECT_EQ(ChangeDirectionName(ChangeDirection::kWorsening), "worsening");
  EXPECT_EQ(BaselineSourceName(BaselineSource::kPreTreatment), "pre_treatment");
}

}  // namespace
}  // namespace tricholog
