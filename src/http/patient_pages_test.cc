// The patient's pages: dashboard figures for a seeded record, the schedule and its .ics, the
// JSON export and the audit log, onboarding forms (errors next to the field, input kept), and
// starting a course (off-label flag). Another patient gets 404 on all of them.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "evidence/library.h"
#include "http/app_test_util.h"
#include "http/http_test_util.h"

namespace tricholog::http {
namespace {

using nlohmann::json;
using test::Fetch;

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

// Issue 20, links both ways: with the starter library in the store, the course card lists the
// studies the dupilumab protocol names by PMID/DOI, and an alert links the study it rests on.
TEST_F(PatientPagesTest, DashboardLinksTheProtocolsAndAlertsStudies) {
  const Signed pat = SignUp("links@example.org");
  const std::string id = PatientIdOf(pat);
  SeedCourse(pat, id);
  auto before = Get("/patients/" + id + "/dashboard", pat);
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, 200) << before->body;
  EXPECT_EQ(before->body.find("Studies this protocol rests on"), std::string::npos);

  std::string mitchell, yosipovitch;
  auto imported = gate_->With([&](store::Store& s) -> Result<void> {
    evidence::EvidenceLibrary library(s);
    auto r = evidence::ImportStarterLibrary(
        library, store::Actor::LocalAdmin(),
        std::filesystem::path(TRICHOLOG_SOURCE_DATA_DIR) / "evidence");
    if (!r) return tl::unexpected(r.error());
    auto m = library.FindStudy("pmid:29387767");
    auto y = library.FindStudy("pmid:30729499");
    if (!m || !y || !*m || !*y) return MakeError(ErrorCode::kNotFound, "starter study", "pmid");
    mitchell = **m;
    yosipovitch = **y;
    return {};
  });
  ASSERT_TRUE(imported) << imported.error().ToString();

  auto page = Get("/patients/" + id + "/dashboard", pat);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  const std::string& body = page->body;
  const auto course = body.find("Studies this protocol rests on");
  ASSERT_NE(course, std::string::npos) << body;
  EXPECT_NE(body.find("href=\"/research/" + mitchell + "\"", course), std::string::npos);
  // Itch fell from 8 to 2: the itch-responder alert rests on the PP-NRS validation study.
  const auto alerts = body.find("id=\"alerts-title\"");
  ASSERT_NE(alerts, std::string::npos);
  const auto study_link = body.find("Study: <a href=\"/research/" + yosipovitch + "\"", alerts);
  EXPECT_NE(study_link, std::string::npos) << body.substr(alerts, 3000);
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

TEST_F(PatientPagesTest, ProfileFormErrorsComeBackNextToTheFieldWithTheInputKept) {
  const Signed pat = SignUp("pat@example.org");
  const std::string id = PatientIdOf(pat);
  const std::string target = "/patients/" + id + "/profile";
  auto bad_year =
      Form(target, "form=profile&display_name=Pat%20Quinn&birth_year=1800", pat.Headers());
  ASSERT_TRUE(bad_year);
  EXPECT_EQ(bad_year->status, 400);
  EXPECT_NE(bad_year->body.find("id=\"profile-birth_year-error\""), std::string::npos);
  EXPECT_NE(bad_year->body.find("1800 is out of range"), std::string::npos);
  EXPECT_NE(bad_year->body.find("value=\"1800\""), std::string::npos);
  EXPECT_NE(bad_year->body.find("value=\"Pat Quinn\""), std::string::npos);
  EXPECT_EQ(
      json::parse(Get("/api/v1/patients/" + id + "/profile", pat)->body)["patient"]["display_name"],
      "Pat");  // nothing was written

  auto bad_end = Form(target,
                      "form=history&name=triamcinolone&started_on=2024-03-01&ended_on=2024-02-01"
                      "&response=regrew",
                      pat.Headers());
  ASSERT_TRUE(bad_end);
  EXPECT_EQ(bad_end->status, 400);
  EXPECT_NE(bad_end->body.find("id=\"history-ended_on-error\""), std::string::npos);
  EXPECT_NE(bad_end->body.find("value=\"triamcinolone\""), std::string::npos);
  EXPECT_NE(bad_end->body.find(">regrew</textarea>"), std::string::npos);

  auto bad_onset = Form(
      target, "form=condition&kind=alopecia_areata&subtype=patchy&onset=2999-01-01", pat.Headers());
  ASSERT_TRUE(bad_onset);
  EXPECT_EQ(bad_onset->status, 400);
  EXPECT_NE(bad_onset->body.find("id=\"condition-onset-error\""), std::string::npos);
  EXPECT_NE(bad_onset->body.find("2999-01-01 is out of range"), std::string::npos);
  EXPECT_NE(bad_onset->body.find("value=\"patchy\" selected"), std::string::npos);

  auto bad_since = Form(target, "form=medication&name=cetirizine&since=tomorrow", pat.Headers());
  ASSERT_TRUE(bad_since);
  EXPECT_EQ(bad_since->status, 400);
  EXPECT_NE(bad_since->body.find("id=\"medication-since-error\""), std::string::npos);
  EXPECT_NE(bad_since->body.find("value=\"cetirizine\""), std::string::npos);

  // The same forms, right this time: saved, then shown.
  EXPECT_EQ(
      Form(target, "form=profile&display_name=Pat%20Quinn&birth_year=1990", pat.Headers())->status,
      303);
  EXPECT_EQ(Form(target, "form=condition&kind=alopecia_areata&subtype=patchy&onset=2023-09-01",
                 pat.Headers())
                ->status,
            303);
  EXPECT_EQ(
      Form(target, "form=history&name=triamcinolone&started_on=2023-01-01", pat.Headers())->status,
      303);
  EXPECT_EQ(Form(target, "form=medication&name=cetirizine&dose=10%20mg", pat.Headers())->status,
            303);
  const json profile = json::parse(Get("/api/v1/patients/" + id + "/profile", pat)->body);
  EXPECT_EQ(profile["patient"]["display_name"], "Pat Quinn");
  EXPECT_EQ(profile["patient"]["birth_year"], 1990);
  ASSERT_EQ(profile["conditions"].size(), 1u);
  EXPECT_EQ(profile["conditions"][0]["snomed_code"], "68225006");
  EXPECT_EQ(profile["treatment_history"][0]["name"], "triamcinolone");
  ASSERT_EQ(profile["medications"].size(), 1u);
  EXPECT_EQ(profile["medications"][0]["dose"], "10 mg");
  auto page = Get(target, pat);
  EXPECT_NE(page->body.find("Alopecia areata"), std::string::npos);
  EXPECT_NE(page->body.find("cetirizine"), std::string::npos);

  const std::string med = profile["medications"][0]["id"];
  EXPECT_EQ(Fetch(port(), "DELETE", "/api/v1/patients/" + id + "/medications/" + med, pat.Headers())
                ->status,
            204);
  EXPECT_EQ(Fetch(port(), "DELETE", "/api/v1/patients/" + id + "/medications/" + med, pat.Headers())
                ->status,
            404);
  auto api_bad = Json("POST", "/api/v1/patients/" + id + "/medications",
                      {{"name", "x"}, {"since", "2999-01-01"}}, pat.Headers());
  EXPECT_EQ(api_bad->status, 400);
  EXPECT_EQ(json::parse(api_bad->body)["error"]["field"], "since");
}

TEST_F(PatientPagesTest, StartingADupilumabCourseForAaMarksItOffLabel) {
  const Signed pat = SignUp("pat@example.org");
  const std::string id = PatientIdOf(pat);
  auto no_condition = Form("/patients/" + id + "/courses/new",
                           "protocol_id=dupilumab&start_date=2026-01-05", pat.Headers());
  ASSERT_TRUE(no_condition);
  EXPECT_EQ(no_condition->status, 400);
  EXPECT_NE(no_condition->body.find("id=\"course-condition_id-error\""), std::string::npos);
  EXPECT_NE(no_condition->body.find("value=\"dupilumab\" checked"), std::string::npos);

  auto aa = Json("POST", "/api/v1/patients/" + id + "/conditions",
                 {{"kind", "alopecia_areata"}, {"subtype", "patchy"}}, pat.Headers());
  ASSERT_EQ(aa->status, 201) << aa->body;
  auto ad = Json("POST", "/api/v1/patients/" + id + "/conditions", {{"kind", "atopic_dermatitis"}},
                 pat.Headers());
  ASSERT_EQ(ad->status, 201) << ad->body;
  const std::string aa_id = json::parse(aa->body)["id"];
  const std::string ad_id = json::parse(ad->body)["id"];

  auto page = Get("/patients/" + id + "/courses/new", pat);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("Off-label for your Alopecia areata"), std::string::npos);

  const std::string start = Today().AddDays(-7).ToString();
  auto started =
      Form("/patients/" + id + "/courses/new",
           "protocol_id=dupilumab&condition_id=" + aa_id + "&start_date=" + start, pat.Headers());
  ASSERT_TRUE(started);
  ASSERT_EQ(started->status, 303) << started->body.substr(0, 2000);
  EXPECT_EQ(started->Header("location"), "/patients/" + id + "/dashboard");
  const json profile = json::parse(Get("/api/v1/patients/" + id + "/profile", pat)->body);
  ASSERT_EQ(profile["courses"].size(), 1u);
  EXPECT_EQ(profile["courses"][0]["off_label"], true);
  EXPECT_EQ(profile["courses"][0]["treatment_class"], "il4r_antibody");
  EXPECT_NE(profile["courses"][0]["dosing"].get<std::string>().find("600 mg loading dose"),
            std::string::npos);
  auto dashboard = Get("/patients/" + id + "/dashboard", pat);
  EXPECT_NE(dashboard->body.find("Off-label for this condition"), std::string::npos);
  EXPECT_NE(dashboard->body.find("Week 1"), std::string::npos);

  // The same protocol for eczema is on label; minoxidil is not a treatment for eczema.
  auto for_ad = Json("POST", "/api/v1/patients/" + id + "/courses",
                     {{"protocol_id", "dupilumab"}, {"condition_id", ad_id}, {"start_date", start}},
                     pat.Headers());
  ASSERT_EQ(for_ad->status, 201) << for_ad->body;
  EXPECT_EQ(json::parse(for_ad->body)["off_label"], false);
  auto minoxidil =
      Json("POST", "/api/v1/patients/" + id + "/courses",
           {{"protocol_id", "minoxidil"}, {"condition_id", ad_id}, {"start_date", start}},
           pat.Headers());
  EXPECT_EQ(minoxidil->status, 400);
  EXPECT_EQ(json::parse(minoxidil->body)["error"]["field"], "protocol_id");
  auto too_late =
      Json("POST", "/api/v1/patients/" + id + "/courses",
           {{"protocol_id", "dupilumab"}, {"condition_id", aa_id}, {"start_date", "2999-01-01"}},
           pat.Headers());
  EXPECT_EQ(too_late->status, 400);
  EXPECT_EQ(json::parse(too_late->body)["error"]["field"], "start_date");
}

// The physician report: a PDF download for the patient and a physician the record is shared
// with (page and API twin), A4 or Letter, with bad query values named.
TEST_F(PatientPagesTest, PhysicianReportIsAPdfForThoseWhoMayReadTheRecord) {
  const Signed pat = SignUp("pat@example.org");
  const std::string id = PatientIdOf(pat);
  SeedCourse(pat, id);
  auto pdf = Get("/patients/" + id + "/report.pdf", pat);
  ASSERT_TRUE(pdf);
  ASSERT_EQ(pdf->status, 200) << pdf->body.substr(0, 300);
  EXPECT_EQ(pdf->Header("content-type"), "application/pdf");
  EXPECT_NE(pdf->Header("content-disposition").find("attachment"), std::string::npos);
  EXPECT_EQ(pdf->Header("cache-control"), "no-store");
  EXPECT_EQ(pdf->body.rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf->body.find("/MediaBox [ 0 0 595.275591 841.889764 ]"), std::string::npos);
  auto letter =
      Get("/api/v1/patients/" + id + "/report.pdf?paper=letter&to=" + Today().ToString(), pat);
  ASSERT_TRUE(letter);
  ASSERT_EQ(letter->status, 200);
  EXPECT_NE(letter->body.find("/MediaBox [ 0 0 612 792 ]"), std::string::npos);

  auto bad_paper = Get("/api/v1/patients/" + id + "/report.pdf?paper=a5", pat);
  ASSERT_TRUE(bad_paper);
  EXPECT_EQ(bad_paper->status, 400);
  EXPECT_EQ(json::parse(bad_paper->body)["error"]["field"], "paper");
  auto bad_order = Get("/api/v1/patients/" + id + "/report.pdf?from=2026-12-01&to=2026-01-01", pat);
  ASSERT_TRUE(bad_order);
  EXPECT_EQ(bad_order->status, 400);
  auto bad_date = Get("/api/v1/patients/" + id + "/report.pdf?to=2026-02-30", pat);
  ASSERT_TRUE(bad_date);
  EXPECT_EQ(bad_date->status, 400);

  // The dashboard offers it.
  auto dashboard = Get("/patients/" + id + "/dashboard", pat);
  ASSERT_TRUE(dashboard);
  EXPECT_NE(dashboard->body.find("action=\"/patients/" + id + "/report.pdf\""), std::string::npos);

  // A physician: not before the patient shares, then yes.
  auto doctor = gate_->With([](store::Store& s) {
    return s.CreateUser(store::Actor::LocalAdmin(),
                        {"", store::Role::kPhysician, "dr@example.org", "Dr", ""},
                        test::kTestPassword);
  });
  ASSERT_TRUE(doctor);
  const Signed dr = SignIn("dr@example.org");
  auto before = Get("/patients/" + id + "/report.pdf", dr);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->status, 404);
  ASSERT_TRUE(gate_->With([&](store::Store& s) {
    return s.GrantShare({pat.user_id, store::Role::kPatient}, id, doctor->id);
  }));
  auto after = Get("/patients/" + id + "/report.pdf", dr);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
  EXPECT_EQ(after->body.rfind("%PDF-", 0), 0u);
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
        "/patients/" + id + "/report.pdf", "/api/v1/patients/" + id + "/report.pdf",
        "/patients/" + id + "/courses/new", "/api/v1/patients/" + id + "/profile"}) {
    auto reply = Get(path, other);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 404) << path;
    EXPECT_EQ(reply->body.find("dupilumab"), std::string::npos) << path;
  }
}

}  // namespace
}  // namespace tricholog::http
