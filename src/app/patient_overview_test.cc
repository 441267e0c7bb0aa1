// The overview behind the dashboard and schedule pages: which course is current, missed versus
// overdue sessions, the assessment input taken from stored sessions, off-label by condition.
#include "app/patient_overview.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "app/protocol_catalog.h"

namespace tricholog::app {
namespace {

const std::filesystem::path kProtocols =
    std::filesystem::path(TRICHOLOG_SOURCE_DATA_DIR) / "protocols";

Date D(const char* text) { return *Date::Parse(text); }

store::PatientRecord Record(Date start) {
  store::PatientRecord r;
  r.patient = {"p", "u", "Pat", 1990, ""};
  r.conditions.push_back({"aa", "p", "alopecia_areata", "", "", "", "patchy", std::nullopt});
  r.courses.push_back({"c", "p", "aa", "dupilumab", "il4r_antibody", "dupilumab", "", "", true,
                       start, std::nullopt});
  return r;
}

store::TrackingSession Session(Date date, double salt) {
  store::TrackingSession s;
  s.patient_id = "p";
  s.course_id = "c";
  s.session_date = date;
  for (const char* region : {"top", "back", "left", "right"})
    s.salt_regions.push_back({region, salt});
  return s;
}

TEST(PatientOverview, AMissedSessionBeforeARecordedOneIsNotOverdue) {
  auto catalog = LoadProtocolCatalog(kProtocols);
  ASSERT_TRUE(catalog) << catalog.error().ToString();
  const Date start = D("2026-01-05");
  store::PatientRecord r = Record(start);
  r.sessions.push_back(Session(start, 60));                 // week 0
  r.sessions.push_back(Session(start.AddDays(8 * 7), 40));  // week 8 (week 4 missed)
  const Date today = start.AddDays(17 * 7);                 // week 12 closed, week 16 due
  auto o = BuildPatientOverview(r, *catalog, today);
  ASSERT_TRUE(o) << o.error().ToString();
  ASSERT_TRUE(o->course);
  ASSERT_EQ(o->course->overdue.size(), 1u);
  EXPECT_EQ(o->course->schedule.sessions[o->course->overdue[0]].week, 12);
  ASSERT_TRUE(o->course->next_index);
  EXPECT_EQ(o->course->schedule.sessions[*o->course->next_index].week, 16);
  EXPECT_EQ(o->course->input.overdue_since,
            o->course->schedule.sessions[o->course->overdue[0]].window_end);
  ASSERT_TRUE(o->salt);
  EXPECT_DOUBLE_EQ(o->salt->score.salt, 40);
  EXPECT_EQ(o->course->assessment.weeks_since_start, 17);
}

TEST(PatientOverview, NoCourseBeforeItStartsOrAfterItEnds) {
  auto catalog = LoadProtocolCatalog(kProtocols);
  ASSERT_TRUE(catalog);
  store::PatientRecord r = Record(D("2026-03-01"));
  EXPECT_EQ(CurrentCourse(r, D("2026-02-28")), nullptr);
  EXPECT_NE(CurrentCourse(r, D("2026-03-01")), nullptr);
  r.courses[0].end_date = D("2026-06-01");
  EXPECT_EQ(CurrentCourse(r, D("2026-06-02")), nullptr);
  auto o = BuildPatientOverview(r, *catalog, D("2026-02-01"));
  ASSERT_TRUE(o);
  EXPECT_FALSE(o->course);
  EXPECT_FALSE(o->salt);
}

TEST(PatientOverview, InputFromStoredSessionsAndAdverseEvents) {
  auto catalog = LoadProtocolCatalog(kProtocols);
  ASSERT_TRUE(catalog);
  const Date start = D("2026-01-05");
  store::PatientRecord r = Record(start);
  store::TrackingSession s = Session(start, 50);
  s.salt_regions.pop_back();  // three regions: no SALT
  s.zone_densities = {{"vertex", 100}, {"occiput", 200}};
  s.itch_nrs = 6;
  s.vellus_fraction = 0.25;
  r.sessions.push_back(s);
  r.sessions.push_back(Session(start.AddDays(28), 30));
  r.adverse_events.push_back({"e", "p", "c", "Conjunctivitis", "", 2, "5.0", start.AddDays(10),
                              std::nullopt, "none", false});
  const AssessmentInput input =
      AssessmentInputFor(r, r.courses[0], *FindProtocol(*catalog, "dupilumab"), start.AddDays(30));
  ASSERT_EQ(input.sessions.size(), 2u);
  EXPECT_FALSE(input.sessions[0].values.Get(Measure::kSalt));
  EXPECT_DOUBLE_EQ(*input.sessions[0].values.Get(Measure::kDensityPerCm2), 150);
  EXPECT_DOUBLE_EQ(*input.sessions[0].values.Get(Measure::kVellusPercent), 25);
  EXPECT_DOUBLE_EQ(*input.sessions[0].values.Get(Measure::kItchNrs), 6);
  EXPECT_DOUBLE_EQ(*input.sessions[1].values.Get(Measure::kSalt), 30);
  ASSERT_EQ(input.sessions[1].eye_symptoms.size(), 1u);  // first session on or after onset
  EXPECT_EQ(input.sessions[1].eye_symptoms[0], EyeSymptom::kConjunctivitis);
  EXPECT_EQ(input.course.treatment, TreatmentClass::kIl4rAntibody);
}

// A session whose top view alone jumps from 20 to 45 % loss, with the id "jump".
store::TrackingSession LoneTopJump(Date date) {
  store::TrackingSession jump = Session(date, 20);
  jump.id = "jump";
  jump.salt_regions[0].loss_pct = 45;
  return jump;
}

// The stored regions and their confirmations (schema v7) reach the assessment: a lone top-view
// jump is "to confirm" on the overview and in ViewChecksFor, until the region is accepted.
TEST(PatientOverview, StoredRegionConfirmationsReachTheViewCheck) {
  auto catalog = LoadProtocolCatalog(kProtocols);
  ASSERT_TRUE(catalog);
  const Date start = D("2026-01-05");
  store::PatientRecord r = Record(start);
  r.sessions.push_back(Session(start, 20));
  r.sessions.push_back(Session(start.AddDays(28), 20));
  r.sessions.push_back(LoneTopJump(start.AddDays(56)));
  const Date today = start.AddDays(60);
  auto o = BuildPatientOverview(r, *catalog, today);
  ASSERT_TRUE(o) << o.error().ToString();
  ASSERT_TRUE(o->course);
  const SessionViewCheck* check = o->course->assessment.FindViewCheck(start.AddDays(56));
  ASSERT_NE(check, nullptr);
  EXPECT_EQ(check->session_id, "jump");
  EXPECT_TRUE(check->HasToConfirm());
  ASSERT_TRUE(o->course->input.sessions[2].region_loss);
  EXPECT_DOUBLE_EQ(o->course->input.sessions[2].region_loss->top, 45);
  EXPECT_TRUE(ViewChecksFor(r, "c", today).back().HasToConfirm());

  r.sessions.back().salt_regions[0].confirmation = "user_accepted";
  const auto checks = ViewChecksFor(r, "c", today);
  ASSERT_EQ(checks.size(), 3u);
  EXPECT_FALSE(checks.back().HasToConfirm());
  ASSERT_EQ(checks.back().moved.size(), 1u);
  EXPECT_EQ(checks.back().moved[0].status, ViewChangeStatus::kConfirmedByUser);
}

// The patient's answer to "has your hair changed?" (schema v8) reaches the assessment: a lone
// top-view jump to more loss that the patient also reported ("less hair") is a change of the
// scalp, not "to confirm"; the opposite answer, "about the same", or no answer leave it to confirm.
TEST(PatientOverview, StoredReportedHairChangeReachesTheViewCheck) {
  auto catalog = LoadProtocolCatalog(kProtocols);
  ASSERT_TRUE(catalog);
  const Date start = D("2026-01-05");
  store::PatientRecord r = Record(start);
  r.sessions.push_back(Session(start, 20));
  r.sessions.push_back(Session(start.AddDays(28), 20));
  store::TrackingSession jump = LoneTopJump(start.AddDays(56));
  jump.patient_reported_hair_change = "less_hair";
  r.sessions.push_back(jump);
  const Date today = start.AddDays(60);

  auto o = BuildPatientOverview(r, *catalog, today);
  ASSERT_TRUE(o) << o.error().ToString();
  ASSERT_TRUE(o->course);
  ASSERT_TRUE(o->course->input.sessions[2].patient_reported_hair_change);
  EXPECT_EQ(*o->course->input.sessions[2].patient_reported_hair_change,
            PatientReportedHairChange::kLessHair);
  EXPECT_FALSE(o->course->input.sessions[1].patient_reported_hair_change);
  const SessionViewCheck* check = o->course->assessment.FindViewCheck(start.AddDays(56));
  ASSERT_NE(check, nullptr);
  EXPECT_FALSE(check->HasToConfirm());
  ASSERT_EQ(check->moved.size(), 1u);
  EXPECT_EQ(check->moved[0].status, ViewChangeStatus::kPatientReported);

  auto checks = ViewChecksFor(r, "c", today);
  ASSERT_EQ(checks.size(), 3u);
  EXPECT_FALSE(checks.back().HasToConfirm());

  for (const char* other : {"more_hair", "none"}) {
    SCOPED_TRACE(other);
    r.sessions.back().patient_reported_hair_change = other;
    checks = ViewChecksFor(r, "c", today);
    EXPECT_TRUE(checks.back().HasToConfirm());
  }
  r.sessions.back().patient_reported_hair_change.reset();
  EXPECT_TRUE(ViewChecksFor(r, "c", today).back().HasToConfirm());
}

TEST(PatientOverview, OffLabelFollowsTheProtocolsLabelForTheCondition) {
  auto catalog = LoadProtocolCatalog(kProtocols);
  ASSERT_TRUE(catalog);
  const Protocol dupilumab = *FindProtocol(*catalog, "dupilumab");
  EXPECT_TRUE(OffLabelFor(dupilumab, "alopecia_areata"));
  EXPECT_FALSE(OffLabelFor(dupilumab, "atopic_dermatitis"));
  EXPECT_FALSE(OffLabelFor(dupilumab, "other"));
}

}  // namespace
}  // namespace tricholog::app
