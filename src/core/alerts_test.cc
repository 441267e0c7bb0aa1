#include "core/alerts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <set>

#include "core/assessment_test_util.h"

namespace tricholog {
namespace {

using testing::AddAt;
using testing::Course;
using testing::SaltCourse;

std::vector<Alert> AlertsFor(const AssessmentInput& input) {
  return BuildAlerts(input, AssessResponse(input).value());
}

const Alert* FindAlert(const std::vector<Alert>& alerts, std::string_view code) {
  for (const Alert& a : alerts) {
    if (a.code == code) return &a;
  }
  return nullptr;
}

bool Has(const std::vector<Alert>& alerts, std::string_view code) {
  return FindAlert(alerts, code) != nullptr;
}

bool Mentions(const Alert& alert, std::string_view text) {
  return alert.reason.find(text) != std::string::npos;
}

TEST(Alerts, ReactivationOnDupilumabWhenSaltWorsensBeyondNoise) {
  const auto alerts = AlertsFor(SaltCourse(TreatmentClass::kIl4rAntibody, 12, 30, {35, 42, 45}));
  const Alert* a = FindAlert(alerts, "possible_aa_reactivation");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->severity, AlertSeverity::kAttention);  // +15 < 2 × MDC95
  EXPECT_TRUE(Mentions(*a, "2018"));
  EXPECT_TRUE(Mentions(*a, "reversed"));
  EXPECT_TRUE(Mentions(*a, "physician"));
  const bool cites_mckenzie = std::any_of(a->evidence.begin(), a->evidence.end(), [](auto& e) {
    return e.find("McKenzie") != std::string::npos;
  });
  EXPECT_TRUE(cites_mckenzie);
  // Mitchell & Levitt 2018 is linked by its PMID, so the alert can open its study page.
  EXPECT_EQ(a->study_refs, std::vector<std::string>{"pmid:29387767"});
  EXPECT_FALSE(Has(alerts, "salt_worsening"));
}

// Every catalogue entry names a code BuildAlerts makes, carries at least one identifier of a
// known form, and (for codes with a fixed title) the title the alert itself shows.
TEST(Alerts, StudyCatalogueNamesRealCodesWithIdentifiers) {
  const std::set<std::string_view> codes = {
      "possible_aa_reactivation", "salt_worsening",         "no_regrowth",
      "salt_20_reached",          "salt_10_reached",        "eye_symptoms_on_dupilumab",
      "adverse_event_reported",   "session_overdue",        "too_early_to_judge",
      "easi_worsening",           "itch_responder_reached", "confirm_view_photo"};
  std::set<std::string_view> seen;
  for (const AlertStudies& entry : AlertStudyCatalogue()) {
    EXPECT_TRUE(codes.count(entry.code)) << entry.code;
    EXPECT_TRUE(seen.insert(entry.code).second) << entry.code << " twice";
    EXPECT_FALSE(entry.title.empty());
    ASSERT_FALSE(entry.study_refs.empty()) << entry.code;
    for (std::string_view ref : entry.study_refs) {
      const bool known_form = ref.rfind("pmid:", 0) == 0 || ref.rfind("doi:10.", 0) == 0 ||
                              ref.rfind("pmcid:PMC", 0) == 0;
      EXPECT_TRUE(known_form) << ref;
    }
  }
  // Alerts without identified studies carry no refs.
  const auto worse = AlertsFor(SaltCourse(TreatmentClass::kJakInhibitor, 12, 30, {35, 42, 45}));
  ASSERT_TRUE(Has(worse, "salt_worsening"));
  EXPECT_TRUE(FindAlert(worse, "salt_worsening")->study_refs.empty());
}

TEST(Alerts, ReactivationUrgentWhenLarge) {
  const auto alerts = AlertsFor(SaltCourse(TreatmentClass::kIl4rAntibody, 12, 20, {30, 45, 60}));
  ASSERT_TRUE(Has(alerts, "possible_aa_reactivation"));
  EXPECT_EQ(FindAlert(alerts, "possible_aa_reactivation")->severity, AlertSeverity::kUrgent);
  EXPECT_EQ(alerts.front().code, "possible_aa_reactivation");  // most severe first
}

TEST(Alerts, NoReactivationWithoutPersistenceOrAtMdc) {
  // One session beyond noise.
  EXPECT_FALSE(Has(AlertsFor(SaltCourse(TreatmentClass::kIl4rAntibody, 12, 30, {32, 33, 45})),
                   "possible_aa_reactivation"));
  // Exactly at MDC95 (10 points) twice.
  EXPECT_FALSE(Has(AlertsFor(SaltCourse(TreatmentClass::kIl4rAntibody, 12, 30, {32, 40, 40})),
                   "possible_aa_reactivation"));
  // Beyond noise twice, but the second capture failed quality.
  AssessmentInput input = SaltCourse(TreatmentClass::kIl4rAntibody, 12, 30, {32, 45});
  AddAt(input, 12, Measure::kSalt, 46, /*quality_ok=*/false);
  EXPECT_FALSE(Has(AlertsFor(input), "possible_aa_reactivation"));
}

TEST(Alerts, WorseningOnOtherTreatmentsIsNotCalledReactivation) {
  const auto alerts = AlertsFor(SaltCourse(TreatmentClass::kJakInhibitor, 12, 30, {35, 42, 45}));
  EXPECT_FALSE(Has(alerts, "possible_aa_reactivation"));
  ASSERT_TRUE(Has(alerts, "salt_worsening"));
}

TEST(Alerts, NoRegrowthFromWeek26) {
  const auto at26 =
      AlertsFor(SaltCourse(TreatmentClass::kIl4rAntibody, 26, 70, {70, 68, 71, 69, 70, 72}));
  ASSERT_TRUE(Has(at26, "no_regrowth"));
  EXPECT_TRUE(Mentions(*FindAlert(at26, "no_regrowth"), "Discuss with your physician"));
  EXPECT_FALSE(Mentions(*FindAlert(at26, "no_regrowth"), "36 weeks"));
  const auto at25 =
      AlertsFor(SaltCourse(TreatmentClass::kIl4rAntibody, 25, 70, {70, 68, 71, 69, 70, 72}));
  EXPECT_FALSE(Has(at25, "no_regrowth"));
  const auto regrowing =
      AlertsFor(SaltCourse(TreatmentClass::kIl4rAntibody, 26, 70, {70, 65, 60, 55, 50, 45}));
  EXPECT_FALSE(Has(regrowing, "no_regrowth"));
}

TEST(Alerts, NoRegrowthOnJakInhibitorMentionsSmpcAtWeek36) {
  const auto at36 = AlertsFor(
      SaltCourse(TreatmentClass::kJakInhibitor, 36, 70, {70, 68, 71, 69, 70, 72, 70, 71, 70}));
  ASSERT_TRUE(Has(at36, "no_regrowth"));
  const Alert& a = *FindAlert(at36, "no_regrowth");
  EXPECT_TRUE(Mentions(a, "36 weeks"));
  EXPECT_TRUE(Mentions(a, "For information"));
  const auto at30 =
      AlertsFor(SaltCourse(TreatmentClass::kJakInhibitor, 30, 70, {70, 68, 71, 69, 70, 72, 70}));
  ASSERT_TRUE(Has(at30, "no_regrowth"));
  EXPECT_FALSE(Mentions(*FindAlert(at30, "no_regrowth"), "36 weeks"));
}

TEST(Alerts, SaltTargetsReached) {
  const auto le20 = AlertsFor(SaltCourse(TreatmentClass::kJakInhibitor, 28, 60, {40, 18, 15}));
  ASSERT_TRUE(Has(le20, "salt_20_reached"));
  EXPECT_EQ(FindAlert(le20, "salt_20_reached")->severity, AlertSeverity::kInfo);
  EXPECT_FALSE(Has(le20, "salt_10_reached"));
  const auto le10 = AlertsFor(SaltCourse(TreatmentClass::kJakInhibitor, 28, 60, {40, 9, 8}));
  EXPECT_TRUE(Has(le10, "salt_10_reached"));
  EXPECT_FALSE(Has(le10, "salt_20_reached"));
  // Only the latest session is ≤ 20: not yet held.
  EXPECT_FALSE(Has(AlertsFor(SaltCourse(TreatmentClass::kJakInhibitor, 28, 60, {40, 22, 18})),
                   "salt_20_reached"));
  // Baseline already ≤ 20: nothing was crossed.
  EXPECT_FALSE(Has(AlertsFor(SaltCourse(TreatmentClass::kJakInhibitor, 28, 20, {15, 8, 8})),
                   "salt_20_reached"));
}

TEST(Alerts, EyeSymptomsOnDupilumab) {
  AssessmentInput input = Course(TreatmentClass::kIl4rAntibody, 10);
  AddAt(input, 8, Measure::kItchNrs, 5).eye_symptoms = {EyeSymptom::kConjunctivitis,
                                                        EyeSymptom::kDryEye};
  auto alerts = AlertsFor(input);
  const Alert* a = FindAlert(alerts, "eye_symptoms_on_dupilumab");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->severity, AlertSeverity::kAttention);
  EXPECT_TRUE(Mentions(*a, "conjunctivitis"));
  const bool cites_label = std::any_of(a->evidence.begin(), a->evidence.end(), [](auto& e) {
    return e.find("10 % vs 2 %") != std::string::npos;
  });
  EXPECT_TRUE(cites_label);

  input.sessions.back().eye_symptoms = {EyeSymptom::kKeratitis};
  EXPECT_EQ(FindAlert(AlertsFor(input), "eye_symptoms_on_dupilumab")->severity,
            AlertSeverity::kUrgent);

  input.course.treatment = TreatmentClass::kJakInhibitor;
  EXPECT_FALSE(Has(AlertsFor(input), "eye_symptoms_on_dupilumab"));

  input.course.treatment = TreatmentClass::kIl4rAntibody;
  input.today = input.course.start_date.AddDays(8 * 7 + kSymptomLookbackDays + 1);
  EXPECT_FALSE(Has(AlertsFor(input), "eye_symptoms_on_dupilumab"));  // reported too long ago
}

TEST(Alerts, SessionOverdue) {
  AssessmentInput input = Course(TreatmentClass::kJakInhibitor, 10);
  input.overdue_since = input.today.AddDays(-5);
  const auto alerts = AlertsFor(input);
  ASSERT_TRUE(Has(alerts, "session_overdue"));
  EXPECT_TRUE(Mentions(*FindAlert(alerts, "session_overdue"), "5 days ago"));
  input.overdue_since = input.today;
  EXPECT_FALSE(Has(AlertsFor(input), "session_overdue"));
  input.overdue_since.reset();
  EXPECT_FALSE(Has(AlertsFor(input), "session_overdue"));
}

TEST(Alerts, TooEarlyToJudgeNamesTheWeek) {
  const auto dupi = AlertsFor(Course(TreatmentClass::kIl4rAntibody, 15));
  ASSERT_TRUE(Has(dupi, "too_early_to_judge"));
  const Alert& a = *FindAlert(dupi, "too_early_to_judge");
  EXPECT_EQ(a.severity, AlertSeverity::kInfo);
  EXPECT_NE(a.title.find("week 16"), std::string::npos);
  EXPECT_TRUE(Mentions(a, "16 weeks"));
  EXPECT_FALSE(Has(AlertsFor(Course(TreatmentClass::kIl4rAntibody, 16)), "too_early_to_judge"));
  const auto jak = AlertsFor(Course(TreatmentClass::kJakInhibitor, 20));
  ASSERT_TRUE(Has(jak, "too_early_to_judge"));
  EXPECT_NE(FindAlert(jak, "too_early_to_judge")->title.find("week 24"), std::string::npos);
}

TEST(Alerts, EasiWorseningAndItchResponder) {
  AssessmentInput input = Course(TreatmentClass::kIl4rAntibody, 20);
  AddAt(input, 0, Measure::kEasi, 10);
  AddAt(input, 16, Measure::kEasi, 18);
  AddAt(input, 20, Measure::kEasi, 20);
  AddAt(input, 0, Measure::kItchNrs, 8);
  AddAt(input, 16, Measure::kItchNrs, 4);
  AddAt(input, 20, Measure::kItchNrs, 3);
  auto alerts = AlertsFor(input);
  EXPECT_TRUE(Has(alerts, "easi_worsening"));
  EXPECT_TRUE(Has(alerts, "itch_responder_reached"));
  // Itch down 3 in one of the two sessions: real (beyond 1.55) but not the 4-point responder.
  input.sessions[4].values.Set(Measure::kItchNrs, 5);
  EXPECT_FALSE(Has(AlertsFor(input), "itch_responder_reached"));
}

TEST(Alerts, AdverseEventsReportedRecently) {
  AssessmentInput input = Course(TreatmentClass::kJakInhibitor, 10);
  AddAt(input, 9, Measure::kItchNrs, 2).adverse_events = {"acne", "headache"};
  const auto alerts = AlertsFor(input);
  ASSERT_TRUE(Has(alerts, "adverse_event_reported"));
  EXPECT_TRUE(Mentions(*FindAlert(alerts, "adverse_event_reported"), "acne, headache"));
}

// A deterministic wobble below MDC95 around a constant must never raise a change alert and
// never make a change "real", whatever the seed, the level and the treatment.
TEST(Alerts, StableMeasurementsNeverRaiseChangeAlerts) {
  const std::set<std::string> change_codes{"possible_aa_reactivation", "salt_worsening",
                                           "salt_20_reached",          "salt_10_reached",
                                           "easi_worsening",           "itch_responder_reached"};
  const NoiseModels noise = DefaultNoiseModels();
  struct Level {
    Measure measure;
    double value;
  };
  const std::vector<Level> levels{
      {Measure::kSalt, 5},    {Measure::kSalt, 21},          {Measure::kSalt, 50},
      {Measure::kSalt, 95},   {Measure::kEasi, 8},           {Measure::kEasi, 30},
      {Measure::kItchNrs, 4}, {Measure::kItchNrs, 8},        {Measure::kDlqi, 12},
      {Measure::kPoem, 14},   {Measure::kDensityPerCm2, 150}};
  int checked = 0;
  for (uint32_t seed = 1; seed <= 200; ++seed) {
    uint32_t state = seed * 2654435761u;
    auto unit = [&state] {  // LCG (Numerical Recipes), uniform in [0, 1)
      state = state * 1664525u + 1013904223u;
      return static_cast<double>(state >> 8) / static_cast<double>(1u << 24);
    };
    for (TreatmentClass treatment :
         {TreatmentClass::kIl4rAntibody, TreatmentClass::kJakInhibitor}) {
      for (const Level& level : levels) {
        AssessmentInput input = Course(treatment, 60);
        const MeasureInfo& info = InfoFor(level.measure);
        // Each value within ±0.49·MDC95 of the level, so any two differ by < MDC95 (±0.4 for
        // percent-of-baseline noise, whose MDC95 shrinks with a lower baseline mean).
        const NoiseModel& model = noise[MeasureIndex(level.measure)];
        const double half = (model.percent_of_baseline ? 0.4 : 0.49) * model.Mdc95At(level.value);
        for (int week : {-1, 0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 44, 52, 60}) {
          const double v = level.value + (2 * unit() - 1) * half;
          AddAt(input, week, level.measure, std::clamp(v, info.min_value, info.max_value));
        }
        const ResponseAssessment a = AssessResponse(input).value();
        ASSERT_EQ(a.measures.size(), 1u);
        EXPECT_FALSE(a.measures[0].real) << MeasureName(level.measure) << " seed " << seed;
        EXPECT_EQ(a.measures[0].direction, ChangeDirection::kStable);
        for (const Alert& alert : BuildAlerts(input, a)) {
          EXPECT_EQ(change_codes.count(alert.code), 0u)
              << alert.code << " " << MeasureName(level.measure) << " seed " << seed;
        }
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 200 * 2 * 11);
}

TEST(Alerts, SeverityNames) {
  EXPECT_EQ(AlertSeverityName(AlertSeverity::kInfo), "info");
  EXPECT_EQ(AlertSeverityName(AlertSeverity::kAttention), "attention");
  EXPECT_EQ(AlertSeverityName(AlertSeverity::kUrgent), "urgent");
}

}  // namespace
}  // namespace tricholog
