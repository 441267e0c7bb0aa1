// The patient's pages: dashboard figures for a seeded record, the schedule and its .ics, the
// JSON export and the audit log, onboarding forms (errors next to the field, input kept), and
// starting a course (off-label flag). Another patient gets 404 on all of them.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "http/app_test_util.h"

namespace tricholog::http {
namespace {

using nlohmann::json;

class PatientPagesTest : public test::AppTest {
 protected:
  static Date Today() {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return Date::FromDaysSinceEpoch(
        static_cast<int>(std::chrono::duration_cast<std::chrono::hours>(now).count() / 24));
  }

  // A dupilumab course for AA that started 20 weeks ago, with sessions at weeks 0, 4, 8 and 12
  // (SALT 60, 50, 30, 20; EASI, itch and two zones), so week 16 is overdue and week 20 due.
  std::string SeedCourse(const Signed& who, const std::string& patient_id) {
    const store::Actor actor{who.user_id, store::Role::kPatient};
    const Date start = Today().AddDays(-20 * 7);
    std::string course_id;
    auto done = gate_->With([&](store::Store& s) -> Result<void> {
      auto aa = s.AddCondition(actor, {"", patient_id, "alopecia_areata", "68225006", "L63.9",
                                       "ED70.2", "patchy", std::nullopt});
      if (!aa) return tl::unexpected(aa.error());
      auto course =
          s.StartCourse(actor, {"", patient_id, aa->id, "dupilumab", "il4r_antibody", "dupilumab",
                                "300 mg every 2 weeks", "", true, start, std::nullopt});
      if (!course) return tl::unexpected(course.error());
      course_id = course->id;
      const double salts[] = {60, 50, 30, 20};
      for (int i = 0; i < 4; ++i) {
        store::TrackingSession t;
        t.patient_id = patient_id;
        t.course_id = course->id;
        t.session_date = start.AddDays(i * 28);
        t.week = i * 4;
        for (const char* region : {"top", "back", "left", "right"}) {
          t.salt_regions.push_back({region, salts[i]});
        }
        t.zone_densities = {{"vertex", 100.0 + 20 * i}, {"occiput", 150.0 + 10 * i}};
        for (const char* region : {"head_neck", "upper_limbs", "trunk", "lower_limbs"}) {
          t.easi_regions.push_back({region, 2, 2 - (i + 1) / 2, 1, 1, 0});
        }
        t.itch_nrs = 8 - 2 * i;
        if (auto r = s.RecordSession(actor, t); !r) return tl::unexpected(r.error());
      }
      return {};
    });
    EXPECT_TRUE(done) << done.error().ToString();
    return course_id;
  }
};

TEST_F(PatientPagesTest, DashboardShowsTheFiguresOfTheRecord) {
  const Signed pat = SignUp("pat@example.org");
  const std::string id = PatientIdOf(pat);
  SeedCourse(pat, id);

  auto api = Get("/api/v1/patients/" + id + "/dashboard", pat);
  ASSERT_TRUE(api);
  ASSERT_EQ(api->status, 200) << api->body;
  const json d = json::parse(api->body);
  EXPECT_EQ(d["sessions_recorded"], 4);
  EXPECT_EQ(d["course"]["protocol_id"], "dupilumab");
  EXPECT_EQ(d["course"]["week"], 20);
  EXPECT_EQ(d["course"]["phase"], "response_window");
  EXPECT_EQ(d["course"]["off_label"], true);
  EXPECT_EQ(d["next_session"]["week"], 20);
  EXPECT_EQ(d["next_session"]["status"], "due");
  ASSERT_EQ(d["overdue"].size(), 1u);
  EXPECT_EQ(d["overdue"][0]["week"], 16);
  bool overdue_alert = false;
  for (const json& alert : d["alerts"]) {
    overdue_alert = overdue_alert || alert["code"] == "session_overdue";
    EXPECT_FALSE(alert["reason"].get<std::string>().empty());
  }
  EXPECT_TRUE(overdue_alert) << d["alerts"].dump();
  EXPECT_DOUBLE_EQ(d["salt"]["value"].get<double>(), 20.0);
  EXPECT_EQ(d["salt"]["aa_iga"], 1);
  EXPECT_EQ(d["salt"]["aa_iga_label"], "Limited");
  EXPECT_EQ(d["salt"]["salt_le_20"], true);
  EXPECT_DOUBLE_EQ(d["salt"]["change"]["baseline"].get<double>(), 60.0);
  EXPECT_DOUBLE_EQ(d["salt"]["change"]["change"].get<double>(), -40.0);
  EXPECT_EQ(d["salt"]["change"]["beyond_noise"], true);
  EXPECT_EQ(d["itch"]["nrs"], 2);
  ASSERT_EQ(d["density"]["zones"].size(), 2u);
  EXPECT_DOUBLE_EQ(d["density"]["zones"][0]["hairs_per_cm2"].get<double>(), 160.0);
  EXPECT_GT(d["easi"]["total"].get<double>(), 0.0);
  EXPECT_EQ(d["notice"], "Tricholog informs; it does not diagnose or prescribe.");

  auto page = Get("/patients/" + id + "/dashboard", pat);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_NE(page->body.find("Week 20"), std::string::npos);
  EXPECT_NE(page->body.find("Limited"), std::string::npos);
  EXPECT_NE(page->body.find("Off-label"), std::string::npos);
  EXPECT_NE(page->body.find("Overdue"), std::string::npos);
  EXPECT_NE(page->body.find("Beyond measurement noise"), std::string::npos);
  EXPECT_NE(page->body.find("does not diagnose or prescribe"), std::string::npos);
  EXPECT_EQ(page->body.find("Start here"), std::string::npos);
}

TEST_F(PatientPagesTest, ANewPatientIsToldWhereToStart) {
  const Signed pat = SignUp("new@example.org");
  const std::string id = PatientIdOf(pat);
  auto page = Get("/patients/" + id + "/dashboard", pat);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_NE(page->body.find("Start here"), std::string::npos);
  EXPECT_NE(page->body.find("/patients/" + id + "/profile"), std::string::npos);
  EXPECT_NE(page->body.find("/patients/" + id + "/courses/new"), std::string::npos);
  EXPECT_NE(page->body.find("/patients/" + id + "/sessions/new"), std::string::npos);
  const json d = json::parse(Get("/api/v1/patients/" + id + "/dashboard", pat)->body);
  EXPECT_TRUE(d["course"].is_null());
  EXPECT_TRUE(d["salt"].is_null());
  auto ics = Get("/patients/" + id + "/schedule.ics", pat);
  ASSERT_EQ(ics->status, 200);
  EXPECT_EQ(ics->body.find("BEGIN:VEVENT"), std::string::npos);
}

TEST_F(PatientPagesTest, ScheduleAndItsCalendarFile) {
  const Signed pat = SignUp("pat@example.org");
  const std::string id = PatientIdOf(pat);
  SeedCourse(pat, id);
  auto page = Get("/patients/" + id + "/schedule", pat);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_NE(page->body.find("status-overdue"), std::string::npos);
  EXPECT_NE(page->body.find("status-due"), std::string::npos);
  EXPECT_NE(page->body.find("status-upcoming"), std::string::npos);
  EXPECT_NE(page->body.find("status-done"), std::string::npos);

  auto ics = Get("/patients/" + id + "/schedule.ics", pat);
  ASSERT_TRUE(ics);
  ASSERT_EQ(ics->status, 200);
  EXPECT_EQ(ics->Header("content-type").rfind("text/calendar", 0), 0u);
  EXPECT_NE(ics->Header("content-disposition").find("attachment"), std::string::npos);
  EXPECT_EQ(ics->body.rfind("BEGIN:VCALENDAR\r\n", 0), 0u);
  EXPECT_NE(ics->body.find("END:VCALENDAR\r\n"), std::string::npos);
  // One VEVENT per planned session: the dashboard's schedule is the same one.
  const json d = json::parse(Get("/api/v1/patients/" + id + "/dashboard", pat)->body);
  std::size_t events = 0;
  for (auto at = ics->body.find("BEGIN:VEVENT"); at != std::string::npos;
       at = ics->body.find("BEGIN:VEVENT", at + 1)) {
    ++events;
  }
  // Two years of the default plan (weeks 0..24 every 4, then 30, 36, 44, 52, then every 12).
  EXPECT_EQ(events, 7u + 4u + 4u);
  EXPECT_EQ(d["course"]["protocol_id"], "dupilumab");
}

TEST_F(PatientPagesTest, ExportIsTheRecordAndTheAuditListsReads) {
  const Signed pat = SignUp("pat@example.org");
  const std::string id = PatientIdOf(pat);
  SeedCourse(pat, id);
  ASSERT_EQ(Get("/patients/" + id + "/dashboard", pat)->status, 200);
  auto exported = Get("/api/v1/patients/" + id + "/export", pat);
  ASSERT_TRUE(exported);
  ASSERT_EQ(exported->status, 200);
  EXPECT_NE(exported->Header("content-disposition").find("attachment"), std::string::npos);
  const json record = json::parse(exported->body);
  EXPECT_EQ(record["patient"]["id"], id);
  EXPECT_EQ(record["sessions"].size(), 4u);

  auto audit = Get("/api/v1/patients/" + id + "/audit", pat);
  ASSERT_EQ(audit->status, 200) << audit->body;
  const json rows = json::parse(audit->body)["entries"];
  ASSERT_GE(rows.size(), 3u);
  EXPECT_GT(rows[0]["seq"].get<long long>(), rows[1]["seq"].get<long long>());  // newest first
  bool read_record = false;
  for (const json& row : rows) {
    read_record = read_record || (row["action"] == "read" && row["actor_user_id"] == pat.user_id);
  }
  EXPECT_TRUE(read_record);
  auto page = Get("/patients/" + id + "/data", pat);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("/api/v1/patients/" + id + "/export"), std::string::npos);
  EXPECT_NE(page->body.find("<td>You</td><td>read"), std::string::npos);
  EXPECT_EQ(Get("/patients/" + id + "/data?page=0", pat)->status, 400);
}

TEST_F(PatientPagesTest, AnotherPatientGets404) {
  const Signed pat = SignUp("pat@example.org");
  const Signed other = SignUp("other@example.org");
  const std::string id = PatientIdOf(pat);
  SeedCourse(pat, id);
  for (const std::string& path :
       {"/patients/" + id + "/dashboard", "/api/v1/patients/" + id + "/dashboard",
        "/patients/" + id + "/schedule", "/patients/" + id + "/schedule.ics",
        "/patients/" + id + "/data", "/api/v1/patients/" + id + "/export",
        "/api/v1/patients/" + id + "/audit", "/patients/" + id + "/profile",
        "/patients/" + id + "/courses/new", "/api/v1/patients/" + id + "/profile"}) {
    auto reply = Get(path, other);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 404) << path;
    EXPECT_EQ(reply->body.find("dupilumab"), std::string::npos) << path;
  }
}

}  // namespace
}  // namespace tricholog::http
