// The whole application's route table (http::App, as `serve` builds it): every route for every
// actor — anonymous, the patient, another patient, a physician the patient has not shared with,
// the admin — with a real patient id, photo and session in the path, so a route added to the
// app is checked here without being listed; CSRF on every state-changing route; and the photo
// routes (original, thumbnails within bounds, masks, the analysis row, /dashboard).
#include "http/app.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "http/app_test_util.h"
#include "imaging/image_decode.h"

namespace tricholog::http {
namespace {

using test::Fetch;
using test::Reply;

class AppRoutesTest : public test::AppTest {};

TEST_F(AppRoutesTest, EveryRouteForEveryActor) {
  const Signed owner = SignUp("pat@example.org");
  SignUp("other@example.org");
  auto doctor = gate_->With([](store::Store& s) {
    return s.CreateUser(store::Actor::LocalAdmin(),
                        {"", store::Role::kPhysician, "dr@example.org", "Dr", ""},
                        test::kTestPassword);
  });
  ASSERT_TRUE(doctor);
  const std::string patient_id = PatientIdOf(owner);
  std::string session_id;
  const std::string photo = AddAnalysedPhoto(owner, patient_id, &session_id);
  // A session draft for the capture wizard's routes (the discard and delete routes come last).
  store::SessionDraft draft;
  draft.patient_id = patient_id;
  draft.session_date = *Date::Parse("2026-01-05");
  auto created = gate_->With([&](store::Store& s) {
    return s.CreateDraft({owner.user_id, store::Role::kPatient}, draft);
  });
  ASSERT_TRUE(created) << created.error().ToString();
  // A value for every path parameter any route uses; a route with a new one fails below until
  // it is given here.
  const std::map<std::string, std::string> values = {{"patient_id", patient_id},
                                                     {"sha256", photo},
                                                     {"kind", "loss"},
                                                     {"session_id", session_id},
                                                     {"view", "top"},
                                                     {"path...", "css/site.css"},
                                                     {"medication_id", "no-such-medication"},
                                                     {"draft_id", created->id},
                                                     {"study_id", "no-such-study"},
                                                     {"post_id", "no-such-post"},
                                                     {"comment_id", "no-such-comment"},
                                                     {"report_id", "no-such-report"}};
  struct ActorCase {
    std::string name;
    std::string email;  // empty: anonymous
    bool admin = false;
    bool sees_patient = false;  // may see patient_id's record
  };
  const std::vector<ActorCase> actors = {{"anonymous", "", false, false},
                                         {"patient", "pat@example.org", false, true},
                                         {"other patient", "other@example.org", false, false},
                                         {"unshared physician", "dr@example.org", false, false},
                                         {"admin", "admin@example.org", true, true}};
  // Routes only the record's own patient may use: anyone else who may see the record (here the
  // admin; a physician it is shared with) is told 403, not 404.
  const std::set<std::string> owner_only = {"views.session.retake_view",
                                            "api.views.session.retake_view"};
  int checked = 0;
  for (const Route& route : router().routes()) {
    std::string target = route.path;
    for (const auto& [name, value] : values) {
      const std::string key = "{" + name + "}";
      for (auto at = target.find(key); at != std::string::npos; at = target.find(key)) {
        target.replace(at, key.size(), value);
      }
    }
    ASSERT_EQ(target.find('{'), std::string::npos) << route.path << ": add a value for it above";
    const bool patient_route = route.path.find("{patient_id}") != std::string::npos;
    const std::string method(MethodName(route.method));
    for (const ActorCase& actor : actors) {
      // A fresh session each time: sign-out and password change end sessions.
      const Signed who = actor.email.empty() ? Signed{} : SignIn(actor.email);
      const bool signed_in = !actor.email.empty();
      const std::string where = route.name + " (" + target + ") as " + actor.name;
      auto reply = Fetch(port(), method, target, who.Headers(signed_in));
      ASSERT_TRUE(reply) << where;
      const bool allowed = route.access == Access::kPublic ||
                           (route.access == Access::kSignedIn && signed_in) ||
                           (route.access == Access::kAdmin && actor.admin);
      if (!allowed && !signed_in) {
        EXPECT_EQ(reply->status, IsApiPath(route.path) ? 401 : 303) << where;
        if (!IsApiPath(route.path)) {
          EXPECT_EQ(reply->Header("location").rfind("/signin", 0), 0u) << where;
        }
      } else if (!allowed) {
        EXPECT_EQ(reply->status, 403) << where;
      } else if (patient_route && !actor.sees_patient) {
        // Someone else's record: 404, never 403, so ids cannot be probed.
        EXPECT_EQ(reply->status, 404) << where << ": " << reply->body.substr(0, 300);
      } else if (owner_only.count(route.name) > 0 && actor.name != "patient") {
        EXPECT_EQ(reply->status, 403) << where << ": " << reply->body.substr(0, 300);
      } else {
        // Past the gate: the handler answered (success or its own validation error).
        EXPECT_NE(reply->status, 401) << where;
        EXPECT_NE(reply->status, 403) << where;
        EXPECT_LT(reply->status, 500) << where << ": " << reply->body.substr(0, 300);
        if (patient_route && route.method == Method::kGet) {
          EXPECT_TRUE(reply->status == 200 || reply->status == 303)
              << where << " gave " << reply->status << ": " << reply->body.substr(0, 300);
        }
      }
      if (allowed && route.name == "api.me") {
        EXPECT_EQ(nlohmann::json::parse(reply->body)["user_id"], who.user_id) << where;
      }
      if (signed_in && IsStateChanging(route.method) && !route.csrf_exempt && allowed) {
        const Signed fresh = SignIn(actor.email);
        auto no_token = Fetch(port(), method, target, fresh.Headers(false));
        ASSERT_TRUE(no_token);
        EXPECT_EQ(no_token->status, 403) << where << " without a CSRF token";
        auto me = Fetch(port(), "GET", "/api/v1/me", fresh.cookie);
        ASSERT_TRUE(me);
        EXPECT_EQ(me->status, 200) << where << ": the refused request changed nothing";
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, static_cast<int>(actors.size() * router().routes().size()));
  // Only the forms used before a session exists may skip the CSRF token.
  std::set<std::string> exempt;
  for (const Route& route : router().routes()) {
    if (route.csrf_exempt) exempt.insert(route.name);
  }
  EXPECT_EQ(exempt, (std::set<std::string>{"signup", "signin", "api.accounts.create",
                                           "api.session.create"}));
}

TEST_F(AppRoutesTest, PhotoThumbnailsMasksAndTheAnalysisRow) {
  const Signed owner = SignUp("pat@example.org");
  const std::string patient_id = PatientIdOf(owner);
  const std::string sha = AddAnalysedPhoto(owner, patient_id);
  const std::string base = "/api/v1/patients/" + patient_id + "/photos/" + sha;

  auto original = Get(base, owner);
  ASSERT_TRUE(original);
  EXPECT_EQ(original->status, 200);
  EXPECT_EQ(original->Header("content-type"), "image/jpeg");
  EXPECT_EQ(*blobs_->Get(sha),
            std::vector<std::uint8_t>(original->body.begin(), original->body.end()));
  EXPECT_NE(original->Header("cache-control").find("private"), std::string::npos);

  auto thumbnail = Get(base + "?w=200", owner);
  ASSERT_TRUE(thumbnail);
  ASSERT_EQ(thumbnail->status, 200);
  const std::vector<std::uint8_t> bytes(thumbnail->body.begin(), thumbnail->body.end());
  auto size = imaging::ReadImageHeaderSize(bytes);
  ASSERT_TRUE(size);
  EXPECT_EQ(size->width, 200);
  EXPECT_EQ(size->height, 150);
  for (const char* bad : {"?w=63", "?w=1601", "?w=abc", "?w=200x", "?w=-5"}) {
    auto refused = Get(base + bad, owner);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400) << bad;
    EXPECT_EQ(nlohmann::json::parse(refused->body)["error"]["field"], "w") << bad;
  }

  auto mask = Get(base + "/masks/loss", owner);
  ASSERT_TRUE(mask);
  EXPECT_EQ(mask->status, 200);
  EXPECT_EQ(mask->Header("content-type"), "image/png");
  EXPECT_EQ(Get(base + "/masks/hair", owner)->status, 404);

  auto row = Get("/api/v1/patients/" + patient_id + "/photo-analyses/" + sha, owner);
  ASSERT_TRUE(row);
  ASSERT_EQ(row->status, 200);
  const auto json = nlohmann::json::parse(row->body);
  EXPECT_EQ(json["status"], "done");
  EXPECT_EQ(json["view"], "top");
  EXPECT_GT(json["result"]["hair_loss_percent"].get<double>(), 1.0);
  EXPECT_EQ(json["loss_mask_url"], base + "/masks/loss");

  // A hash that is not in this record, even one that exists in the blob store, is 404.
  const std::string stranger = *blobs_->Put(std::vector<std::uint8_t>{1, 2, 3});
  EXPECT_EQ(Get("/api/v1/patients/" + patient_id + "/photos/" + stranger, owner)->status, 404);
  EXPECT_EQ(Get("/api/v1/patients/" + patient_id + "/photos/nothex", owner)->status, 404);

  auto dashboard = Get("/dashboard", owner);
  ASSERT_TRUE(dashboard);
  EXPECT_EQ(dashboard->status, 303);
  EXPECT_EQ(dashboard->Header("location"), "/patients/" + patient_id + "/dashboard");
}

TEST_F(AppRoutesTest, APhysiciansStartPageListsOnlyTheRecordsSharedWithThem) {
  const Signed owner = SignUp("pat@example.org", "Pat Shared");
  SignUp("other@example.org", "Olly Unshared");
  const std::string patient_id = PatientIdOf(owner);
  auto doctor = gate_->With([](store::Store& s) {
    return s.CreateUser(store::Actor::LocalAdmin(),
                        {"", store::Role::kPhysician, "dr@example.org", "Dr", ""},
                        test::kTestPassword);
  });
  ASSERT_TRUE(doctor);
  const Signed dr = SignIn("dr@example.org");
  auto before = Get("/dashboard", dr);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->status, 200);
  EXPECT_NE(before->body.find("No patient has shared"), std::string::npos);
  const store::Actor pat{owner.user_id, store::Role::kPatient};
  ASSERT_TRUE(
      gate_->With([&](store::Store& s) { return s.GrantShare(pat, patient_id, doctor->id); }));
  auto after = Get("/dashboard", dr);
  ASSERT_TRUE(after);
  EXPECT_NE(after->body.find("Pat Shared"), std::string::npos);
  EXPECT_NE(after->body.find("/patients/" + patient_id + "/dashboard"), std::string::npos);
  EXPECT_EQ(after->body.find("Olly Unshared"), std::string::npos);
  // The shared record's photos open for the physician.
  const std::string sha = AddAnalysedPhoto(owner, patient_id);
  EXPECT_EQ(Get("/api/v1/patients/" + patient_id + "/photo-analyses/" + sha, dr)->status, 200);
}

}  // namespace
}  // namespace tricholog::http
