// What the physician report says, on hand-built records: the verdict is the assessment's own
// trajectory (and a worsening alert before it), the report is as of its end date, and a period
// whose start is after its end is refused. (The demo patient's whole PDF is read back page by
// page in src/cli/report_command_test.cc.)
#include "app/physician_report.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <variant>

#include "app/protocol_catalog.h"
#include "store/clock.h"

namespace tricholog::app {
namespace {

namespace fs = std::filesystem;

TEST(VerdictOf, NamesTheTrajectoryInFourWordsAndPutsWorseningFirst) {
  ResponseAssessment a;
  a.trajectory_reason = "the assessment's reason";
  struct Case {
    Trajectory trajectory;
    const char* label;
  };
  for (const Case c :
       {Case{Trajectory::kTooEarly, "Too early to judge"},
        Case{Trajectory::kInsufficientData, "Too early to judge"},
        Case{Trajectory::kEarlyResponder, "Responding"},
        Case{Trajectory::kLateResponder, "Responding"},
        Case{Trajectory::kPartialResponder, "Responding"},
        Case{Trajectory::kNoResponseYet, "Not responding"},
        Case{Trajectory::kNonResponder, "Not responding"}, Case{Trajectory::kRelapser, "Worsening"},
        Case{Trajectory::kNoBaselineLoss, "No hair loss at baseline"}}) {
    a.trajectory = c.trajectory;
    const ReportVerdict v = VerdictOf(a, {});
    EXPECT_EQ(v.label, c.label) << TrajectoryName(c.trajectory);
    EXPECT_EQ(v.reason, "the assessment's reason");
  }
  // A worsening alert outranks a responder trajectory, with the alert's reason.
  a.trajectory = Trajectory::kEarlyResponder;
  Alert alert;
  alert.code = "possible_aa_reactivation";
  alert.reason = "SALT rose beyond its noise on dupilumab";
  const ReportVerdict v = VerdictOf(a, {alert});
  EXPECT_EQ(v.label, "Worsening");
  EXPECT_EQ(v.reason, alert.reason);
}

// A record with a course and SALT sessions at weeks 0, 4, 8 and one after the report's end.
PhysicianReportData Record() {
  PhysicianReportData data;
  store::PatientRecord& r = data.record;
  r.patient = {"p1", "", "Test patient", 1990, ""};
  r.conditions.push_back(
      {"c1", "p1", "alopecia_areata", "68225006", "L63.9", "ED70.2", "patchy", std::nullopt});
  const Date start = *Date::Parse("2026-01-05");
  r.courses.push_back({"k1", "p1", "c1", "dupilumab", "il4r_antibody", "dupilumab",
                       "300 mg every 2 weeks", "", true, start, std::nullopt});
  const double salts[] = {60, 55, 50, 10};
  for (int i = 0; i < 4; ++i) {
    store::TrackingSession s;
    s.id = "s" + std::to_string(i);
    s.patient_id = "p1";
    s.course_id = "k1";
    s.session_date = start.AddDays(28 * i);
    s.week = 4 * i;
    for (const char* region : {"top", "back", "left", "right"}) {
      s.salt_regions.push_back({region, salts[i]});
    }
    r.sessions.push_back(s);
  }
  r.adverse_events.push_back({"e1", "p1", "k1", "Conjunctivitis", "", 2, "5.0", start.AddDays(30),
                              std::nullopt, "none", false});
  r.adverse_events.push_back({"e2", "p1", "k1", "Headache", "", 1, "5.0", start.AddDays(200),
                              std::nullopt, "none", false});
  return data;
}

std::string AllText(const report::Document& doc) {
  std::string out;
  for (const report::Block& block : doc.blocks) {
    if (auto* t = std::get_if<report::TextBlock>(&block)) out += t->text + "\n";
    if (auto* f = std::get_if<report::FactBlock>(&block)) out += f->label + ": " + f->value + "\n";
    if (auto* c = std::get_if<report::CalloutBlock>(&block))
      out += c->title + ": " + c->body + "\n";
    if (auto* t = std::get_if<report::Table>(&block)) {
      for (const auto& row : t->rows) {
        for (const auto& cell : row) out += cell + " | ";
        out += "\n";
      }
    }
  }
  return out;
}

TEST(PhysicianReportDocument, IsAsOfItsEndDateAndRefusesAnUpsideDownPeriod) {
  const fs::path dir = fs::temp_directory_path() / ("tricholog-report-" + store::NewUuid());
  auto blobs = store::BlobStore::Open(dir);
  ASSERT_TRUE(blobs);
  auto catalog = LoadProtocolCatalog(fs::path(TRICHOLOG_SOURCE_DATA_DIR) / "protocols");
  ASSERT_TRUE(catalog);
  const PhysicianReportData data = Record();
  PhysicianReportOptions options;
  options.to = *Date::Parse("2026-03-10");  // after week 8, before week 12
  auto doc = PhysicianReportDocument(data, *blobs, *catalog, options);
  ASSERT_TRUE(doc) << doc.error().ToString();
  const std::string text = AllText(*doc);
  EXPECT_NE(text.find("Physician summary: Test patient"), std::string::npos);
  EXPECT_NE(text.find("SALT now: 50.0 on 2 Mar 2026"), std::string::npos) << text;
  EXPECT_NE(text.find("SALT at baseline: 60.0"), std::string::npos) << text;
  EXPECT_EQ(text.find("10.0 on"), std::string::npos);  // the week-12 session is after `to`
  EXPECT_NE(text.find("Conjunctivitis"), std::string::npos);
  EXPECT_EQ(text.find("Headache"), std::string::npos);                    // its onset is after `to`
  EXPECT_NE(text.find("Too early to judge"), std::string::npos) << text;  // week 9 of 16
  EXPECT_NE(text.find("does not diagnose or prescribe"), std::string::npos);
  EXPECT_NE(doc->running_header.find("Test patient"), std::string::npos);

  options.from = *Date::Parse("2026-04-01");
  auto upside_down = PhysicianReportDocument(data, *blobs, *catalog, options);
  ASSERT_FALSE(upside_down);
  EXPECT_EQ(upside_down.error().field, "from");
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace tricholog::app
