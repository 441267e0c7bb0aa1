// Confirmed change (docs/assessment.md, "Confirmed change"): a SALT view whose loss jumps beyond
// its noise alone is "to confirm"; SALT alerts rest on confirmed figures only and name them.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/alerts.h"
#include "core/assessment_json.h"
#include "core/assessment_test_util.h"
#include "core/response_assessment.h"

namespace tricholog {
namespace {

using testing::Course;
using testing::Day;

// A course on `treatment` with the default noise (SALT MDC95 3, each view 6).
AssessmentInput ViewCourse(TreatmentClass treatment, int today_weeks) {
  AssessmentInput input = Course(treatment, today_weeks);
  input.noise = DefaultNoiseModels();
  return input;
}

AssessmentSession& AddRegions(AssessmentInput& input, int week, double top, double back,
                              double left, double right) {
  AssessmentSession session;
  session.date = input.course.start_date.AddDays(week * 7);
  session.region_loss = RegionLossPercent{top, back, left, right};
  input.sessions.push_back(session);
  return input.sessions.back();
}

// Weeks 0, 4, 8 at 20 % loss on every view (SALT 20).
AssessmentInput SteadyThen(TreatmentClass treatment, int today_weeks) {
  AssessmentInput input = ViewCourse(treatment, today_weeks);
  for (int week : {0, 4, 8}) AddRegions(input, week, 20, 20, 20, 20);
  return input;
}

bool HasCode(const std::vector<Alert>& alerts, const std::string& code) {
  return std::any_of(alerts.begin(), alerts.end(), [&](const Alert& a) { return a.code == code; });
}

const Alert* FindAlert(const std::vector<Alert>& alerts, const std::string& code) {
  for (const Alert& a : alerts) {
    if (a.code == code) return &a;
  }
  return nullptr;
}

TEST(ConfirmedChange, SingleViewJumpAloneIsToConfirmAndRaisesNoAlert) {
  AssessmentInput input = SteadyThen(TreatmentClass::kIl4rAntibody, 12);
  AddRegions(input, 12, 45, 20, 20, 20);  // top +25 (MDC95 6), SALT 20 → 30
  const ResponseAssessment a = AssessResponse(input).value();
  ASSERT_EQ(a.view_checks.size(), 4u);
  const SessionViewCheck& last = a.view_checks.back();
  ASSERT_EQ(last.moved.size(), 1u);
  EXPECT_EQ(last.moved[0].view, SaltView::kTop);
  EXPECT_EQ(last.moved[0].status, ViewChangeStatus::kToConfirm);
  EXPECT_DOUBLE_EQ(last.moved[0].change, 25);
  EXPECT_NE(last.moved[0].reason.find("top view"), std::string::npos);
  EXPECT_FALSE(last.salt_confirmed);
  // The unconfirmed SALT is left out of the SALT verdict.
  const MeasureAssessment* salt = a.Find(Measure::kSalt);
  ASSERT_NE(salt, nullptr);
  EXPECT_EQ(salt->excluded_unconfirmed, 1);
  EXPECT_EQ(salt->latest->date, Day("2025-03-03"));
  ASSERT_TRUE(a.salt_all_figures.has_value());
  EXPECT_TRUE(a.salt_all_figures->pending_confirmation);
  const std::vector<Alert> alerts = BuildAlerts(input, a);
  for (const char* code : {"possible_aa_reactivation", "salt_worsening", "confirm_view_photo"}) {
    EXPECT_FALSE(HasCode(alerts, code)) << code;
  }
}

TEST(ConfirmedChange, SameJumpRepeatedNextSessionIsConfirmedAndTheAlertNamesIt) {
  AssessmentInput input = SteadyThen(TreatmentClass::kIl4rAntibody, 16);
  AddRegions(input, 12, 45, 20, 20, 20);
  AddRegions(input, 16, 46, 20, 20, 20);  // the top view holds its new level
  const ResponseAssessment a = AssessResponse(input).value();
  const SessionViewCheck* jump = a.FindViewCheck(Day("2025-03-31"));
  ASSERT_NE(jump, nullptr);
  ASSERT_EQ(jump->moved.size(), 1u);
  EXPECT_EQ(jump->moved[0].status, ViewChangeStatus::kConfirmedByRepeat);
  EXPECT_EQ(jump->moved[0].repeated_on, Day("2025-04-28"));
  EXPECT_TRUE(jump->salt_confirmed);
  EXPECT_TRUE(a.view_checks.back().moved.empty());  // 46 against 45: within noise
  EXPECT_FALSE(a.salt_all_figures.has_value());
  const MeasureAssessment* salt = a.Find(Measure::kSalt);
  EXPECT_TRUE(salt->real);
  EXPECT_EQ(salt->excluded_unconfirmed, 0);

  const std::vector<Alert> alerts = BuildAlerts(input, a);
  const Alert* alert = FindAlert(alerts, "possible_aa_reactivation");
  ASSERT_NE(alert, nullptr);
  EXPECT_FALSE(HasCode(alerts, "confirm_view_photo"));
  ASSERT_EQ(alert->rests_on.size(), 2u);
  EXPECT_EQ(alert->rests_on[0].date, Day("2025-03-31"));
  EXPECT_EQ(alert->rests_on[0].view, SaltView::kTop);
  EXPECT_EQ(alert->rests_on[0].status, "confirmed_by_repeat");
  EXPECT_EQ(alert->rests_on[1].date, Day("2025-04-28"));
  EXPECT_FALSE(alert->rests_on[1].view.has_value());
  EXPECT_EQ(alert->rests_on[1].status, "measured");
  EXPECT_NE(alert->reason.find("2025-03-31 and 2025-04-28"), std::string::npos) << alert->reason;
  EXPECT_NE(alert->reason.find("top view"), std::string::npos) << alert->reason;
  EXPECT_NE(alert->evidence.back().find("2025-03-31 top view (confirmed_by_repeat)"),
            std::string::npos)
      << alert->evidence.back();
}

TEST(ConfirmedChange, AllViewsMovingTogetherIsARealChangeWithNothingToConfirm) {
  AssessmentInput input = SteadyThen(TreatmentClass::kJakInhibitor, 16);
  AddRegions(input, 12, 30, 30, 30, 30);
  AddRegions(input, 16, 31, 30, 31, 30);
  const ResponseAssessment a = AssessResponse(input).value();
  const SessionViewCheck* moved = a.FindViewCheck(Day("2025-03-31"));
  ASSERT_NE(moved, nullptr);
  ASSERT_EQ(moved->moved.size(), 4u);
  for (const ViewChange& c : moved->moved) {
    EXPECT_EQ(c.status, ViewChangeStatus::kMovedWithOtherViews) << SaltViewName(c.view);
  }
  for (const SessionViewCheck& c : a.view_checks) EXPECT_TRUE(c.salt_confirmed);
  const std::vector<Alert> alerts = BuildAlerts(input, a);
  const Alert* alert = FindAlert(alerts, "salt_worsening");
  ASSERT_NE(alert, nullptr);
  EXPECT_EQ(alert->rests_on.size(), 5u);  // four views on 2025-03-31, the SALT of 2025-04-28
  EXPECT_NE(alert->reason.find("on 2025-03-31 the top, back, left and right views moved together"),
            std::string::npos)
      << alert->reason;
  EXPECT_FALSE(HasCode(alerts, "confirm_view_photo"));
}

TEST(ConfirmedChange, TwoViewsMovingTheSameWayAreReal) {
  AssessmentInput input = SteadyThen(TreatmentClass::kOther, 12);
  AddRegions(input, 12, 40, 20, 30, 20);  // top and left both lose more
  const ResponseAssessment a = AssessResponse(input).value();
  ASSERT_EQ(a.view_checks.back().moved.size(), 2u);
  EXPECT_TRUE(a.view_checks.back().salt_confirmed);
}

TEST(ConfirmedChange, ViewsMovingOppositeWaysAreEachToConfirm) {
  AssessmentInput input = SteadyThen(TreatmentClass::kOther, 12);
  AddRegions(input, 12, 45, 20, 5, 20);  // top worse, left better: no common change
  const ResponseAssessment a = AssessResponse(input).value();
  ASSERT_EQ(a.view_checks.back().moved.size(), 2u);
  for (const ViewChange& c : a.view_checks.back().moved) {
    EXPECT_EQ(c.status, ViewChangeStatus::kToConfirm);
  }
}

TEST(ConfirmedChange, UserCorrectedAcceptedOrRetakenViewIsConfirmed) {
  for (RegionConfirmation how : {RegionConfirmation::kUserCorrected,
                                 RegionConfirmation::kUserAccepted, RegionConfirmation::kRetaken}) {
    AssessmentInput input = SteadyThen(TreatmentClass::kIl4rAntibody, 12);
    AddRegions(input, 12, 45, 20, 20, 20).region_confirmation[SaltViewIndex(SaltView::kTop)] = how;
    const ResponseAssessment a = AssessResponse(input).value();
    const SessionViewCheck& last = a.view_checks.back();
    ASSERT_EQ(last.moved.size(), 1u);
    EXPECT_EQ(last.moved[0].status, ViewChangeStatus::kConfirmedByUser);
    EXPECT_EQ(last.moved[0].confirmation, how);
    EXPECT_TRUE(last.salt_confirmed);
    EXPECT_EQ(a.Find(Measure::kSalt)->excluded_unconfirmed, 0);
    EXPECT_EQ(a.Find(Measure::kSalt)->latest->value, 30);
  }
}

TEST(ConfirmedChange, UserCorrectedJumpCountsForTheAlert) {
  AssessmentInput input = SteadyThen(TreatmentClass::kOther, 16);
  AddRegions(input, 12, 45, 20, 20, 20).region_confirmation[SaltViewIndex(SaltView::kTop)] =
      RegionConfirmation::kUserCorrected;
  AddRegions(input, 16, 45, 20, 20, 20);
  const ResponseAssessment a = AssessResponse(input).value();
  const std::vector<Alert> alerts = BuildAlerts(input, a);
  const Alert* alert = FindAlert(alerts, "salt_worsening");
  ASSERT_NE(alert, nullptr);
  EXPECT_EQ(alert->rests_on[0].status, "confirmed_by_user");
  EXPECT_NE(alert->reason.find("user_corrected"), std::string::npos) << alert->reason;
}

TEST(ConfirmedChange, JumpWithinOrExactlyAtMdcIsNothing) {
  for (double top : {25.9, 26.0, 14.0}) {  // +5.9, +6 (exactly MDC95), −6
    AssessmentInput input = SteadyThen(TreatmentClass::kIl4rAntibody, 12);
    AddRegions(input, 12, top, 20, 20, 20);
    const ResponseAssessment a = AssessResponse(input).value();
    for (const SessionViewCheck& c : a.view_checks) {
      EXPECT_TRUE(c.moved.empty()) << top;
      EXPECT_TRUE(c.salt_confirmed) << top;
    }
    EXPECT_FALSE(a.salt_all_figures.has_value());
  }
}

TEST(ConfirmedChange, JustBeyondMdcIsAJump) {
  AssessmentInput input = SteadyThen(TreatmentClass::kIl4rAntibody, 12);
  AddRegions(input, 12, 26.01, 20, 20, 20);
  const ResponseAssessment a = AssessResponse(input).value();
  ASSERT_EQ(a.view_checks.back().moved.size(), 1u);
  EXPECT_EQ(a.view_checks.back().moved[0].status, ViewChangeStatus::kToConfirm);
}

TEST(ConfirmedChange, PatientReportedLessHairCorroboratesALossJump) {
  AssessmentInput input = SteadyThen(TreatmentClass::kIl4rAntibody, 12);
  AddRegions(input, 12, 45, 20, 20, 20).patient_reported_hair_change =
      PatientReportedHairChange::kLessHair;
  const ResponseAssessment a = AssessResponse(input).value();
  EXPECT_EQ(a.view_checks.back().moved[0].status, ViewChangeStatus::kPatientReported);
  EXPECT_TRUE(a.view_checks.back().salt_confirmed);
}

TEST(ConfirmedChange, ReportsThatDoNotMatchAndOtherSignsDoNotCorroborate) {
  for (PatientReportedHairChange said :
       {PatientReportedHairChange::kNone, PatientReportedHairChange::kMoreHair}) {
    AssessmentInput input = SteadyThen(TreatmentClass::kIl4rAntibody, 12);
    AssessmentSession& s = AddRegions(input, 12, 45, 20, 20, 20);
    s.patient_reported_hair_change = said;
    s.values.Set(Measure::kItchNrs, 9);  // itch and EASI are no hair signs
    s.values.Set(Measure::kEasi, 30);
    const ResponseAssessment a = AssessResponse(input).value();
    EXPECT_EQ(a.view_checks.back().moved[0].status, ViewChangeStatus::kToConfirm);
  }
}

TEST(ConfirmedChange, AlertThatWouldRestOnAnUnconfirmedViewBecomesAConfirmItem) {
  AssessmentInput input = ViewCourse(TreatmentClass::kIl4rAntibody, 12);
  AddRegions(input, 0, 20, 20, 20, 20);
  AddRegions(input, 4, 20, 20, 20, 20);
  AddRegions(input, 8, 30, 30, 30, 30);   // the whole scalp: real
  AddRegions(input, 12, 60, 30, 30, 30);  // then the top alone: to confirm
  const ResponseAssessment a = AssessResponse(input).value();
  ASSERT_TRUE(a.salt_all_figures.has_value());
  EXPECT_TRUE(a.salt_all_figures->real);       // on every figure SALT worsened twice in a row
  EXPECT_FALSE(a.Find(Measure::kSalt)->real);  // on confirmed figures only once
  const std::vector<Alert> alerts = BuildAlerts(input, a);
  EXPECT_FALSE(HasCode(alerts, "possible_aa_reactivation"));
  const Alert* item = FindAlert(alerts, "confirm_view_photo");
  ASSERT_NE(item, nullptr);
  EXPECT_EQ(item->severity, AlertSeverity::kAttention);
  EXPECT_EQ(item->title, "Confirm the top photo of 2025-03-31");
  EXPECT_NE(item->reason.find("Hair loss has increased on dupilumab"), std::string::npos);
  ASSERT_EQ(item->rests_on.size(), 1u);
  EXPECT_EQ(item->rests_on[0].view, SaltView::kTop);
  EXPECT_EQ(item->rests_on[0].status, "to_confirm");
  EXPECT_EQ(std::count_if(alerts.begin(), alerts.end(),
                          [](const Alert& x) { return x.code == "confirm_view_photo"; }),
            1);
}

TEST(ConfirmedChange, NoRegrowthRestsOnConfirmedFiguresOnly) {
  // Week 28: SALT improved on every view, then the top view alone reads worse again.
  AssessmentInput input = ViewCourse(TreatmentClass::kJakInhibitor, 28);
  AddRegions(input, 0, 60, 60, 60, 60);
  AddRegions(input, 20, 40, 40, 40, 40);
  AddRegions(input, 24, 40, 40, 40, 40);
  AddRegions(input, 28, 90, 40, 40, 40);
  const ResponseAssessment a = AssessResponse(input).value();
  EXPECT_TRUE(a.Find(Measure::kSalt)->real);
  const std::vector<Alert> alerts = BuildAlerts(input, a);
  EXPECT_FALSE(HasCode(alerts, "no_regrowth"));
  const Alert* item = FindAlert(alerts, "confirm_view_photo");
  ASSERT_NE(item, nullptr);
  EXPECT_NE(item->reason.find("No clear regrowth yet"), std::string::npos) << item->reason;
}

TEST(ConfirmedChange, AJumpNotRepeatedStaysToConfirmAndTheReturnIsNoJump) {
  AssessmentInput input = SteadyThen(TreatmentClass::kIl4rAntibody, 16);
  AddRegions(input, 12, 45, 20, 20, 20);
  AddRegions(input, 16, 21, 20, 20, 20);
  const ResponseAssessment a = AssessResponse(input).value();
  const SessionViewCheck* blip = a.FindViewCheck(Day("2025-03-31"));
  ASSERT_EQ(blip->moved.size(), 1u);
  EXPECT_EQ(blip->moved[0].status, ViewChangeStatus::kToConfirm);
  EXPECT_NE(blip->moved[0].reason.find("did not repeat"), std::string::npos);
  EXPECT_TRUE(a.view_checks.back().moved.empty());  // 21 against 20, not against 45
}

TEST(ConfirmedChange, FailedQualitySessionsAreLeftOutOfTheViewCheck) {
  AssessmentInput input = SteadyThen(TreatmentClass::kIl4rAntibody, 12);
  AddRegions(input, 12, 80, 20, 20, 20).capture_quality_ok = false;
  const ResponseAssessment a = AssessResponse(input).value();
  EXPECT_EQ(a.view_checks.size(), 3u);
}

TEST(ConfirmedChange, PerViewNoiseCanBeConfigured) {
  AssessmentInput input = SteadyThen(TreatmentClass::kIl4rAntibody, 12);
  input.noise.View(SaltView::kTop) =
      NoiseModel::FromMdc95(30, NoiseSource::kRepeatCapture, "this patient's repeats");
  AddRegions(input, 12, 45, 20, 20, 20);
  const ResponseAssessment a = AssessResponse(input).value();
  EXPECT_TRUE(a.view_checks.back().moved.empty());
  input.noise.View(SaltView::kTop) = NoiseModel{};
  const auto bad = AssessResponse(input);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field.rfind("noise.region_loss.top", 0), 0u) << bad.error().field;
}

TEST(ConfirmedChange, CheckSessionViewsAloneGivesTheSameMarksWithIds) {
  AssessmentInput input = SteadyThen(TreatmentClass::kIl4rAntibody, 12);
  AddRegions(input, 12, 45, 20, 20, 20).id = "s-12";
  std::reverse(input.sessions.begin(), input.sessions.end());  // any order
  const std::vector<SessionViewCheck> checks = CheckSessionViews(input.sessions, input.noise);
  ASSERT_EQ(checks.size(), 4u);
  EXPECT_EQ(checks.back().session_id, "s-12");
  EXPECT_FALSE(checks.back().salt_confirmed);
  EXPECT_TRUE(checks.front().salt_confirmed);
}

TEST(ConfirmedChange, NamesRoundTrip) {
  for (RegionConfirmation c : {RegionConfirmation::kAutomatic, RegionConfirmation::kUserCorrected,
                               RegionConfirmation::kUserAccepted, RegionConfirmation::kRetaken}) {
    EXPECT_EQ(ParseRegionConfirmation(RegionConfirmationName(c)).value(), c);
  }
  for (PatientReportedHairChange c :
       {PatientReportedHairChange::kNone, PatientReportedHairChange::kLessHair,
        PatientReportedHairChange::kMoreHair}) {
    EXPECT_EQ(ParsePatientReportedHairChange(PatientReportedHairChangeName(c)).value(), c);
  }
  for (SaltView v : kAllSaltViews) EXPECT_EQ(ParseSaltView(SaltViewName(v)).value(), v);
  EXPECT_FALSE(ParseRegionConfirmation("maybe").has_value());
  EXPECT_FALSE(ParseSaltView("front").has_value());
}

TEST(ConfirmedChange, JsonCarriesConfirmationsReportsViewNoiseAndChecks) {
  const nlohmann::json doc = nlohmann::json::parse(R"({
    "course": {"treatment_class": "il4r_antibody", "start_date": "2025-01-06"},
    "today": "2025-04-28",
    "noise": {"region_loss": {"back": {"mdc95": 8}}},
    "sessions": [
      {"date": "2025-01-06", "region_loss": {"top": 20, "back": 20, "left": 20, "right": 20}},
      {"date": "2025-02-03", "region_loss": {"top": 20, "back": 20, "left": 20, "right": 20}},
      {"date": "2025-03-03", "region_loss": {"top": 20, "back": 20, "left": 20, "right": 20},
       "patient_reported_hair_change": "none"},
      {"date": "2025-03-31", "region_loss": {"top": 45, "back": 20, "left": 20, "right": 20}},
      {"date": "2025-04-28", "region_loss": {"top": 20, "back": 20, "left": 45, "right": 20},
       "region_confirmation": {"left": "user_accepted"}}
    ]})");
  const AssessmentInput input = AssessmentInputFromJson(doc).value();
  EXPECT_EQ(input.noise.View(SaltView::kBack).mdc95, 8);
  EXPECT_EQ(input.noise.View(SaltView::kTop).mdc95, 6);
  EXPECT_EQ(input.sessions[2].patient_reported_hair_change, PatientReportedHairChange::kNone);
  EXPECT_EQ(input.sessions[4].region_confirmation[SaltViewIndex(SaltView::kLeft)],
            RegionConfirmation::kUserAccepted);
  const ResponseAssessment a = AssessResponse(input).value();
  const nlohmann::json out = AssessmentToJson(a, BuildAlerts(input, a));
  const nlohmann::json& checks = out["view_checks"];
  ASSERT_EQ(checks.size(), 5u);
  EXPECT_EQ(checks[3]["salt_status"], "unconfirmed");
  ASSERT_EQ(checks[3]["to_confirm"].size(), 1u);
  EXPECT_EQ(checks[3]["to_confirm"][0]["view"], "top");
  EXPECT_EQ(checks[4]["salt_status"], "confirmed");
  EXPECT_EQ(checks[4]["moved_views"][0]["view"], "left");
  EXPECT_EQ(checks[4]["moved_views"][0]["status"], "confirmed_by_user");
  EXPECT_EQ(checks[4]["moved_views"][0]["confirmation"], "user_accepted");
  EXPECT_EQ(out["measures"]["salt"]["excluded_unconfirmed"], 1);
  for (const nlohmann::json& alert : out["alerts"]) EXPECT_TRUE(alert["rests_on"].is_array());

  nlohmann::json bad = doc;
  bad["sessions"][4]["region_confirmation"] = {{"front", "user_accepted"}};
  auto r = AssessmentInputFromJson(bad);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "sessions[4].region_confirmation.front");
  bad = doc;
  bad["sessions"][4]["region_confirmation"] = {{"left", "ok"}};
  r = AssessmentInputFromJson(bad);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "sessions[4].region_confirmation.left");
  bad = doc;
  bad["sessions"][2]["patient_reported_hair_change"] = "lots";
  r = AssessmentInputFromJson(bad);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "sessions[2].patient_reported_hair_change");
  bad = doc;
  bad["noise"]["region_loss"] = {{"front", {{"mdc95", 5}}}};
  r = AssessmentInputFromJson(bad);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "noise.region_loss.front");
}

}  // namespace
}  // namespace tricholog
