// A test fixture with the whole web application (http::App, as `serve` builds it) on a fresh
// SQLite store and blob store under a temporary directory, served on a loopback port, with
// helpers to sign up and in over the JSON API and to give a patient a stored, analysed scalp
// photo. For the route tests of every part of the app. Not part of the library.
#ifndef TRICHOLOG_HTTP_APP_TEST_UTIL_H_
#define TRICHOLOG_HTTP_APP_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/photo_analysis.h"
#include "http/app.h"
#include "http/http_test_util.h"
#include "imaging/image_encode.h"
#include "imaging/scalp_render.h"
#include "store/clock.h"
#include "store/sqlite/sqlite_database.h"

namespace tricholog::http::test {

inline const std::filesystem::path kTestWebDir =
    std::filesystem::path(TRICHOLOG_SOURCE_DIR) / "web";
inline const std::filesystem::path kTestProtocolsDir =
    std::filesystem::path(TRICHOLOG_SOURCE_DIR) / "data" / "protocols";
inline constexpr std::string_view kTestPassword = "a good password";

// The course the session tests record under: dupilumab from 1 Dec 2025.
inline store::Course DupilumabCourse(const std::string& patient_id) {
  store::Course course;
  course.patient_id = patient_id;
  course.protocol_id = "dupilumab";
  course.treatment_class = "il4r_antibody";
  course.medication = "dupilumab";
  course.dosing = "300 mg every 2 weeks";
  course.start_date = *Date::Parse("2025-12-01");
  return course;
}

class AppTest : public ::testing::Test {
 protected:
  struct Signed {
    std::string cookie;  // "Cookie: tricholog_session=...\r\n"
    std::string csrf;
    std::string user_id;
    std::string Headers(bool with_csrf = true) const {
      return cookie + (with_csrf ? "X-CSRF-Token: " + csrf + "\r\n" : "");
    }
  };

  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("tricholog-http-app-" + store::NewUuid());
    std::filesystem::create_directories(dir_);
    auto db = store::OpenSqliteDatabase((dir_ / "t.db").string());
    ASSERT_TRUE(db) << db.error().ToString();
    store::StoreOptions options;
    options.password_cost = store::PasswordCost::kMinimum;
    auto opened = store::Store::Open(std::move(*db), options);
    ASSERT_TRUE(opened) << opened.error().ToString();
    auto admin = (*opened)->CreateUser(store::Actor::LocalAdmin(),
                                       {"", store::Role::kAdmin, "admin@example.org", "Ada", ""},
                                       kTestPassword);
    ASSERT_TRUE(admin) << admin.error().ToString();
    gate_ = std::make_shared<StoreGate>(std::move(*opened));
    auto blobs = store::BlobStore::Open(dir_ / "blobs");
    ASSERT_TRUE(blobs) << blobs.error().ToString();
    blobs_ = std::make_unique<store::BlobStore>(std::move(*blobs));
    AppConfig config;
    config.web_dir = kTestWebDir;
    config.protocols_dir = kTestProtocolsDir;
    config.records = gate_;
    config.passwords = gate_;
    config.blobs = blobs_.get();
    config.pool = &pool_;
    auto app = App::Build(std::move(config));
    ASSERT_TRUE(app) << app.error().ToString();
    app_ = std::move(*app);
    server_ = std::make_unique<TestServer>(app_->router());
    ASSERT_TRUE(server_->started());
  }
  void TearDown() override {
    server_.reset();
    app_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::uint16_t port() const { return server_->port(); }
  const Router& router() const { return app_->router(); }

  std::optional<Reply> Get(std::string_view target, const Signed& who) {
    return Fetch(port(), "GET", target, who.cookie);
  }
  std::optional<Reply> Json(std::string_view method, std::string_view target,
                            const nlohmann::json& body, const std::string& headers = "") {
    return Fetch(port(), method, target, headers + "Content-Type: application/json\r\n",
                 body.dump());
  }
  std::optional<Reply> Form(std::string_view target, std::string_view body,
                            const std::string& headers = "") {
    return Fetch(port(), "POST", target,
                 headers + "Content-Type: application/x-www-form-urlencoded\r\n", body);
  }

  static std::string CookieFrom(const Reply& reply) {
    const std::string set = reply.Header("set-cookie");
    return "Cookie: " + set.substr(0, set.find(';')) + "\r\n";
  }
  // A new patient account (and record) through the API.
  Signed SignUp(const std::string& email, const std::string& name = "Pat") {
    auto reply = Json("POST", "/api/v1/accounts",
                      {{"email", email}, {"password", kTestPassword}, {"display_name", name}});
    EXPECT_TRUE(reply && reply->status == 201) << (reply ? reply->body : "no reply");
    if (!reply || reply->status != 201) return {};
    const auto body = nlohmann::json::parse(reply->body);
    return {CookieFrom(*reply), body["csrf_token"], body["user"]["id"]};
  }
  Signed SignIn(const std::string& email) {
    auto reply = Json("POST", "/api/v1/session", {{"email", email}, {"password", kTestPassword}});
    EXPECT_TRUE(reply && reply->status == 200) << (reply ? reply->body : "no reply");
    if (!reply || reply->status != 200) return {};
    const auto body = nlohmann::json::parse(reply->body);
    return {CookieFrom(*reply), body["csrf_token"], body["user"]["id"]};
  }
  // The patient record id of a patient account.
  std::string PatientIdOf(const Signed& who) {
    auto id = OwnPatientId(*gate_, Principal{who.user_id, store::Role::kPatient, "", "", ""});
    EXPECT_TRUE(id) << id.error().ToString();
    return id ? *id : "";
  }

  // Records a session for `patient_id` with a rendered top view (one bare patch) and its
  // finished analysis; returns the photo's sha256 (session id in *session_id when given).
  std::string AddAnalysedPhoto(const Signed& who, const std::string& patient_id,
                               std::string* session_id = nullptr) {
    imaging::ScalpState state;
    state.patches.push_back({0, 70, 18, 14, 0});
    auto render = imaging::RenderScalpView(state, imaging::ScalpView::kTop, {{640, 480}, 3});
    EXPECT_TRUE(render);
    auto jpeg = imaging::EncodeJpeg(render->bgr, 90);
    auto sha = blobs_->Put(*jpeg);
    EXPECT_TRUE(sha);
    const store::Actor actor{who.user_id, store::Role::kPatient};
    store::TrackingSession session;
    session.patient_id = patient_id;
    session.session_date = *Date::Parse("2026-01-05");
    session.photos.push_back({"top", *sha, 640, 480});
    auto recorded = gate_->With([&](store::Store& s) { return s.RecordSession(actor, session); });
    EXPECT_TRUE(recorded) << recorded.error().ToString();
    if (session_id != nullptr && recorded) *session_id = recorded->id;
    auto queued = gate_->With(
        [&](store::Store& s) { return s.QueuePhotoAnalysis(actor, patient_id, *sha, "top"); });
    EXPECT_TRUE(queued);
    auto analysed = app::AnalyzeStoredPhoto(*blobs_, *queued);
    EXPECT_TRUE(analysed && analysed->status == "done");
    auto saved =
        gate_->With([&](store::Store& s) { return s.SavePhotoAnalysis(actor, *analysed); });
    EXPECT_TRUE(saved);
    return *sha;
  }

  std::filesystem::path dir_;
  std::shared_ptr<StoreGate> gate_;
  std::unique_ptr<store::BlobStore> blobs_;
  WorkerPool pool_{2, 64};
  std::unique_ptr<App> app_;
  std::unique_ptr<TestServer> server_;
};

}  // namespace tricholog::http::test

#endif  // TRICHOLOG_HTTP_APP_TEST_UTIL_H_
