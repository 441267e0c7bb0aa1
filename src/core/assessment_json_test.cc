#include "core/assessment_json.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace tricholog {
namespace {

using nlohmann::json;

// A dupilumab course: two pre-treatment captures, then SALT rising beyond noise.
json Example() {
  return json::parse(R"({
    "course": {"treatment_class": "il4r_antibody", "start_date": "2025-01-06"},
    "today": "2025-03-31",
    "overdue_since": "2025-03-24",
    "sessions": [
      {"date": "2025-01-02", "salt": 28, "easi": 20, "itch_nrs": 8},
      {"date": "2025-01-06", "region_loss": {"top": 40, "back": 30, "left": 20, "right": 20},
       "easi": 18, "itch_nrs": 8, "dlqi": 12},
      {"date": "2025-02-03", "salt": 36, "easi": 12, "itch_nrs": 5, "eye_symptoms": ["dry_eye"]},
      {"date": "2025-03-03", "salt": 44, "easi": 8, "itch_nrs": 3, "capture_quality_ok": true},
      {"date": "2025-03-31", "salt": 47, "easi": 6, "itch_nrs": 3, "eye_symptoms": true,
       "adverse_events": ["cold sore"], "note": "felt well"}
    ]
  })");
}

TEST(AssessmentJson, ReadsAFullDocument) {
  const auto input = AssessmentInputFromJson(Example());
  ASSERT_TRUE(input.has_value()) << input.error().ToString();
  EXPECT_EQ(input->course.treatment, TreatmentClass::kIl4rAntibody);
  EXPECT_EQ(input->today.ToString(), "2025-03-31");
  EXPECT_EQ(input->overdue_since->ToString(), "2025-03-24");
  ASSERT_EQ(input->sessions.size(), 5u);
  EXPECT_TRUE(input->sessions[1].region_loss.has_value());
  EXPECT_EQ(input->sessions[4].eye_symptoms, (std::vector<EyeSymptom>{EyeSymptom::kUnspecified}));
  EXPECT_EQ(input->sessions[4].adverse_events, (std::vector<std::string>{"cold sore"}));
}

TEST(AssessmentJson, TodayOverrideAndMissingToday) {
  json doc = Example();
  const auto overridden = AssessmentInputFromJson(doc, Date::Parse("2025-04-07").value());
  EXPECT_EQ(overridden->today.ToString(), "2025-04-07");
  doc.erase("today");
  const auto missing = AssessmentInputFromJson(doc);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().field, "today");
  EXPECT_NE(missing.error().message.find("--today"), std::string::npos);
}

TEST(AssessmentJson, OutputCarriesVerdictsAlertsAndNotice) {
  const AssessmentInput input = AssessmentInputFromJson(Example()).value();
  const ResponseAssessment a = AssessResponse(input).value();
  const json out = AssessmentToJson(a, BuildAlerts(input, a));
  EXPECT_EQ(out["weeks_since_start"], 12);
  EXPECT_EQ(out["phase"], "observation");
  EXPECT_EQ(out["next_decision_week"], 16);
  // Baseline SALT = mean(28, 0.4·40 + 0.24·30 + 0.18·20 + 0.18·20 = 30.4) = 29.2.
  EXPECT_NEAR(out["measures"]["salt"]["baseline"].get<double>(), 29.2, 1e-9);
  EXPECT_EQ(out["measures"]["salt"]["baseline_source"], "pre_treatment");
  EXPECT_EQ(out["measures"]["salt"]["real"], true);
  EXPECT_EQ(out["measures"]["salt"]["direction"], "worsening");
  // EASI baseline mean(20, 18) = 19 → 6 is a 68 % reduction: EASI-50, not EASI-75.
  EXPECT_EQ(out["measures"]["easi"]["thresholds_reached"], json({"easi50"}));
  EXPECT_TRUE(out["measures"]["dlqi"]["latest"].is_null());
  std::vector<std::string> codes;
  for (const json& alert : out["alerts"]) codes.push_back(alert["code"]);
  for (const char* code :
       {"possible_aa_reactivation", "eye_symptoms_on_dupilumab", "session_overdue",
        "too_early_to_judge", "itch_responder_reached", "adverse_event_reported"}) {
    EXPECT_NE(std::find(codes.begin(), codes.end(), code), codes.end()) << code;
  }
  // SALT +17.8 is beyond 2 × MDC95 (default 3): urgent, listed before the info alerts.
  EXPECT_EQ(out["alerts"][0]["code"], "possible_aa_reactivation");
  EXPECT_EQ(out["alerts"][0]["severity"], "urgent");
  EXPECT_EQ(out["alerts"][0]["values"]["salt_latest"], 47.0);
  EXPECT_EQ(out["alerts"].back()["severity"], "info");
  EXPECT_EQ(out["disclaimer"], "Tricholog informs; it does not diagnose or prescribe.");
}

TEST(AssessmentJson, UnknownKeysAreErrorsNamingThePath) {
  json doc = Example();
  doc["sessions"][2]["itch"] = 4;
  auto r = AssessmentInputFromJson(doc);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().field, "sessions[2].itch");
  EXPECT_NE(r.error().message.find("itch_nrs"), std::string::npos);
  doc = Example();
  doc["course"]["drug"] = "dupilumab";
  EXPECT_EQ(AssessmentInputFromJson(doc).error().field, "course.drug");
  doc = Example();
  doc["extra"] = 1;
  EXPECT_EQ(AssessmentInputFromJson(doc).error().field, "extra");
}

TEST(AssessmentJson, TypeAndValueErrorsNameTheField) {
  json doc = Example();
  doc["sessions"][1]["salt"] = "high";
  EXPECT_EQ(AssessmentInputFromJson(doc).error().field, "sessions[1].salt");
  doc = Example();
  doc["sessions"][0]["date"] = "2025-02-30";
  EXPECT_EQ(AssessmentInputFromJson(doc).error().field, "sessions[0].date");
  doc = Example();
  doc["course"].erase("start_date");
  EXPECT_EQ(AssessmentInputFromJson(doc).error().field, "course.start_date");
  doc = Example();
  doc["course"]["treatment_class"] = "antibiotic";
  EXPECT_EQ(AssessmentInputFromJson(doc).error().field, "course.treatment_class");
  doc = Example();
  doc["sessions"][2]["eye_symptoms"] = json::array({"dry_eye", "pinkeye"});
  EXPECT_EQ(AssessmentInputFromJson(doc).error().field, "sessions[2].eye_symptoms[1]");
  doc = Example();
  doc["sessions"][1]["region_loss"].erase("left");
  EXPECT_EQ(AssessmentInputFromJson(doc).error().field, "sessions[1].region_loss.left");
  doc = Example();
  doc["course"]["phases"] = json::parse(R"([{"phase": "washout", "start_week": 0}])");
  EXPECT_EQ(AssessmentInputFromJson(doc).error().field, "course.phases[0].phase");
  doc = Example();
  doc["course"]["decision_weeks"] = json::array({16, 20.5});
  EXPECT_EQ(AssessmentInputFromJson(doc).error().field, "course.decision_weeks[1]");
}

TEST(AssessmentJson, NoiseForms) {
  json doc = Example();
  doc["noise"] = json::parse(R"({
    "salt": {"repeat_pairs": [[30, 32], [45, 44], [60, 63]]},
    "easi": {"sd": 15, "icc": 0.95},
    "itch_nrs": {"mdc95": 2},
    "poem": {"sem": 1},
    "density_per_cm2": {"mdc95_percent": 15}
  })");
  const AssessmentInput input = AssessmentInputFromJson(doc).value();
  const NoiseModel& salt = input.noise[MeasureIndex(Measure::kSalt)];
  EXPECT_EQ(salt.source, NoiseSource::kRepeatCapture);
  EXPECT_NEAR(salt.sem, std::sqrt((4.0 + 1.0 + 9.0) / 6.0), 1e-12);
  EXPECT_NEAR(input.noise[MeasureIndex(Measure::kEasi)].sem, 3.354, 0.001);
  EXPECT_EQ(input.noise[MeasureIndex(Measure::kItchNrs)].mdc95, 2.0);
  EXPECT_TRUE(input.noise[MeasureIndex(Measure::kDensityPerCm2)].percent_of_baseline);
  // DLQI was not configured: the default stays.
  EXPECT_EQ(input.noise[MeasureIndex(Measure::kDlqi)].mdc95,
            DefaultNoiseModels()[MeasureIndex(Measure::kDlqi)].mdc95);

  doc["noise"] = json::parse(R"({"salt": {"mdc95": 8, "sem": 3}})");
  EXPECT_EQ(AssessmentInputFromJson(doc).error().field, "noise.salt");
  doc["noise"] = json::parse(R"({"salt": {"sd": 15, "icc": 1.5}})");
  EXPECT_EQ(AssessmentInputFromJson(doc).error().field, "noise.salt.icc");
  doc["noise"] = json::parse(R"({"salt": {"repeat_pairs": [[30, 32]]}})");
  EXPECT_EQ(AssessmentInputFromJson(doc).error().field, "noise.salt.repeat_pairs");
  doc["noise"] = json::parse(R"({"scorad": {"mdc95": 8}})");
  EXPECT_EQ(AssessmentInputFromJson(doc).error().field, "noise.scorad");
  doc["noise"] = json::parse(R"({"salt": {"mdc95": 0}})");
  EXPECT_EQ(AssessmentInputFromJson(doc).error().field, "noise.salt.mdc95");
}

}  // namespace
}  // namespace tricholog
