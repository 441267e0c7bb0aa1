// "To confirm" marks (docs/assessment.md, "Confirmed change") on the session page, its JSON and
// the dashboard, and the "This photo is right" POST: CSRF, owner only (404 for others),
// stored as user_accepted, audited, and the mark goes away.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "http/app_test_util.h"

namespace tricholog::http {
namespace {

using test::Fetch;

class ConfirmViewRoutesTest : public test::AppTest {
 protected:
  std::string AddRegions(const Signed& who, const std::string& patient_id,
                         const std::string& course_id, const std::string& date, double top) {
    const store::Actor actor{who.user_id, store::Role::kPatient};
    store::TrackingSession session;
    session.patient_id = patient_id;
    session.course_id = course_id;
    session.session_date = *Date::Parse(date);
    session.salt_regions = {{"top", top}, {"back", 20}, {"left", 20}, {"right", 20}};
    auto recorded = gate_->With([&](store::Store& s) { return s.RecordSession(actor, session); });
    EXPECT_TRUE(recorded) << recorded.error().ToString();
    return recorded ? recorded->id : "";
  }

  std::string StartCourse(const Signed& who, const std::string& patient_id) {
    const store::Course course = test::DupilumabCourse(patient_id);
    auto started = gate_->With([&](store::Store& s) {
      return s.StartCourse({who.user_id, store::Role::kPatient}, course);
    });
    EXPECT_TRUE(started) << started.error().ToString();
    return started ? started->id : "";
  }

  nlohmann::json GetJson(const std::string& target, const Signed& who) {
    auto reply = Get(target, who);
    EXPECT_TRUE(reply && reply->status == 200) << target << ": " << (reply ? reply->body : "");
    if (!reply || reply->status != 200) return nullptr;
    return nlohmann::json::parse(reply->body);
  }
};

TEST_F(ConfirmViewRoutesTest, LoneViewJumpIsMarkedAndThisPhotoIsRightConfirmsIt) {
  const Signed owner = SignUp("pat@example.org");
  const Signed other = SignUp("other@example.org");
  const std::string patient_id = PatientIdOf(owner);
  const std::string course_id = StartCourse(owner, patient_id);
  AddRegions(owner, patient_id, course_id, "2025-12-01", 20);
  const std::string steady = AddRegions(owner, patient_id, course_id, "2026-01-05", 20);
  const std::string jump = AddRegions(owner, patient_id, course_id, "2026-02-02", 45);
  const std::string page = "/patients/" + patient_id + "/sessions/" + jump;

  // The JSON and the page mark the top view "to confirm"; the steady session has no mark.
  auto json = GetJson("/api/v1" + page, owner);
  ASSERT_TRUE(json.is_object());
  EXPECT_EQ(json["salt"]["status"], "unconfirmed");
  EXPECT_EQ(json["salt"]["to_confirm"], nlohmann::json::array({"top"}));
  EXPECT_TRUE(json["salt"]["regions"][0]["to_confirm"].get<bool>());
  EXPECT_EQ(json["salt"]["regions"][0]["confirmation"], "automatic");
  EXPECT_FALSE(json["salt"]["regions"][1]["to_confirm"].get<bool>());
  EXPECT_EQ(
      GetJson("/api/v1/patients/" + patient_id + "/sessions/" + steady, owner)["salt"]["status"],
      "confirmed");
  auto html = Get(page, owner);
  ASSERT_TRUE(html && html->status == 200);
  EXPECT_NE(html->body.find("id=\"to-confirm-top\""), std::string::npos);
  EXPECT_NE(html->body.find("SALT unconfirmed"), std::string::npos);
  const std::string action = page + "/views/top/confirm";
  EXPECT_NE(html->body.find("action=\"" + action + "\""), std::string::npos);

  // The dashboard lists the photo to confirm, linking to the session.
  auto dashboard = GetJson("/api/v1/patients/" + patient_id + "/dashboard", owner);
  ASSERT_TRUE(dashboard.is_object());
  ASSERT_EQ(dashboard["to_confirm"].size(), 1u);
  EXPECT_EQ(dashboard["to_confirm"][0]["session_id"], jump);
  EXPECT_EQ(dashboard["to_confirm"][0]["view"], "top");
  for (const auto& alert : dashboard["alerts"]) {
    EXPECT_NE(alert["code"], "possible_aa_reactivation");
  }
  auto dashboard_page = Get("/patients/" + patient_id + "/dashboard", owner);
  ASSERT_TRUE(dashboard_page && dashboard_page->status == 200);
  EXPECT_NE(dashboard_page->body.find("Photos to confirm"), std::string::npos);
  EXPECT_NE(dashboard_page->body.find(page + "#to-confirm-top"), std::string::npos);
  EXPECT_NE(dashboard_page->body.find(">Unconfirmed</span>"), std::string::npos);

  // Without the CSRF token: refused. Another patient: 404, nothing stored.
  auto no_token = Form(action, "", owner.cookie);
  ASSERT_TRUE(no_token);
  EXPECT_EQ(no_token->status, 403);
  auto foreign = Form(action, "csrf=" + other.csrf, other.cookie);
  ASSERT_TRUE(foreign);
  EXPECT_EQ(foreign->status, 404);
  // Not a SALT view: 404 naming the view.
  auto front = Form(page + "/views/front/confirm", "csrf=" + owner.csrf, owner.cookie);
  ASSERT_TRUE(front);
  EXPECT_EQ(front->status, 404);
  EXPECT_EQ(GetJson("/api/v1" + page, owner)["salt"]["status"], "unconfirmed");

  // The owner says the photo is right: stored, audited, the mark is gone.
  auto accepted = Form(action, "csrf=" + owner.csrf, owner.cookie);
  ASSERT_TRUE(accepted);
  ASSERT_EQ(accepted->status, 303) << accepted->body.substr(0, 300);
  EXPECT_EQ(accepted->Header("location"), page + "?confirmed=top");
  json = GetJson("/api/v1" + page, owner);
  EXPECT_EQ(json["salt"]["status"], "confirmed");
  EXPECT_EQ(json["salt"]["regions"][0]["confirmation"], "user_accepted");
  EXPECT_EQ(json["salt"]["regions"][0]["check_status"], "confirmed_by_user");
  auto after = Get(page + "?confirmed=top", owner);
  ASSERT_TRUE(after && after->status == 200);
  EXPECT_EQ(after->body.find("id=\"to-confirm-top\""), std::string::npos);
  EXPECT_NE(after->body.find("the top photo is marked as right"), std::string::npos);
  EXPECT_NE(after->body.find("Checked: the photo is right"), std::string::npos);
  EXPECT_TRUE(
      GetJson("/api/v1/patients/" + patient_id + "/dashboard", owner)["to_confirm"].empty());
  // The API undoes it (automatic) and sets it again; a bad value is 400 naming the field.
  const std::string api = "/api/v1" + page + "/views/top/confirmation";
  auto undo = Json("PUT", api, {{"confirmation", "automatic"}}, owner.Headers());
  ASSERT_TRUE(undo);
  ASSERT_EQ(undo->status, 200) << undo->body.substr(0, 300);
  EXPECT_EQ(nlohmann::json::parse(undo->body)["salt"]["status"], "unconfirmed");
  auto bad = Json("PUT", api, {{"confirmation", "user_corrected"}}, owner.Headers());
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(nlohmann::json::parse(bad->body)["error"]["field"], "confirmation");
  auto foreign_api = Json("PUT", api, {{"confirmation", "user_accepted"}}, other.Headers());
  ASSERT_TRUE(foreign_api);
  EXPECT_EQ(foreign_api->status, 404);
  auto again = Json("PUT", api, {{"confirmation", "retaken"}}, owner.Headers());
  ASSERT_TRUE(again && again->status == 200);
  EXPECT_EQ(nlohmann::json::parse(again->body)["salt"]["regions"][0]["confirmation"], "retaken");

  auto audit = gate_->With([&](store::Store& s) {
    return s.ListAudit({owner.user_id, store::Role::kPatient}, patient_id);
  });
  ASSERT_TRUE(audit);
  bool found = false;
  for (const auto& e : *audit) {
    found = found || (e.action == "update" && e.entity == "session" && e.entity_id == jump);
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace tricholog::http
