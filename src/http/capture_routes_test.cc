// The capture wizard over HTTP on the whole app: uploads analysed on the worker pool with a
// quality verdict, bad uploads refused naming the field, confirm recording exactly one session
// with SALT regions from the analyses (or nothing), another patient's draft answered 404, the
// AD form's errors shown next to the field, and a pending analysis resumed by a new App.
#include "http/capture_routes.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <span>

#include "http/app_test_util.h"
#include "store/store.h"

namespace tricholog::http {
namespace {

using test::Fetch;
using test::Reply;

constexpr std::string_view kBoundary = "TricholgBoundary7MA4YWxkTrZu0gW";

std::string MultipartHeaders(const std::string& headers) {
  return headers + "Content-Type: multipart/form-data; boundary=" + std::string(kBoundary) + "\r\n";
}

std::string MultipartBody(std::string_view bytes, std::string_view csrf = "") {
  std::string body;
  if (!csrf.empty()) {
    body += "--" + std::string(kBoundary) +
            "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + std::string(csrf) +
            "\r\n";
  }
  body += "--" + std::string(kBoundary) +
          "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.jpg\"\r\n"
          "Content-Type: image/jpeg\r\n\r\n";
  body.append(bytes.data(), bytes.size());
  body += "\r\n--" + std::string(kBoundary) + "--\r\n";
  return body;
}

class CaptureRoutesTest : public test::AppTest {
 protected:
  // A rendered scalp view as JPEG bytes (one bare patch on the vertex).
  static std::string RenderedView(imaging::ScalpView view) {
    imaging::ScalpState state;
    state.patches.push_back({0, 70, 18, 14, 0});
    auto render = imaging::RenderScalpView(state, view, {{640, 480}, 3});
    EXPECT_TRUE(render);
    auto jpeg = imaging::EncodeJpeg(render->bgr, 90);
    EXPECT_TRUE(jpeg);
    return std::string(jpeg->begin(), jpeg->end());
  }

  std::string CreateDraft(const Signed& who, const std::string& patient_id) {
    auto reply = Json("POST", "/api/v1/patients/" + patient_id + "/drafts",
                      {{"session_date", "2026-01-05"}}, who.Headers());
    EXPECT_TRUE(reply && reply->status == 201) << (reply ? reply->body : "no reply");
    if (!reply || reply->status != 201) return "";
    return nlohmann::json::parse(reply->body)["id"];
  }

  std::optional<Reply> Upload(const Signed& who, const std::string& patient_id,
                              const std::string& draft_id, std::string_view view,
                              std::string_view bytes) {
    return Fetch(
        port(), "POST",
        "/api/v1/patients/" + patient_id + "/drafts/" + draft_id + "/photos/" + std::string(view),
        MultipartHeaders(who.Headers()), MultipartBody(bytes));
  }

  void UploadViews(const Signed& who, const std::string& patient_id, const std::string& draft_id,
                   bool with_right) {
    for (imaging::ScalpView view : imaging::kAllScalpViews) {
      if (!with_right && view == imaging::ScalpView::kRight) continue;
      auto reply =
          Upload(who, patient_id, draft_id, imaging::ScalpViewName(view), RenderedView(view));
      ASSERT_TRUE(reply);
      ASSERT_TRUE(reply->status == 202 || reply->status == 200) << reply->body;
    }
    ASSERT_TRUE(app_->analysis_jobs().WaitIdle(std::chrono::seconds(120)));
  }

  std::size_t SessionCount(const Signed& who, const std::string& patient_id) {
    const store::Actor actor{who.user_id, store::Role::kPatient};
    auto sessions = gate_->With([&](store::Store& s) { return s.ListSessions(actor, patient_id); });
    EXPECT_TRUE(sessions);
    return sessions ? sessions->size() : 0;
  }
};

TEST_F(CaptureRoutesTest, AnUploadedViewIsAnalysedWithAQualityVerdict) {
  const Signed pat = SignUp("pat@example.org");
  const std::string patient_id = PatientIdOf(pat);
  const std::string draft_id = CreateDraft(pat, patient_id);
  auto reply = Upload(pat, patient_id, draft_id, "top", RenderedView(imaging::ScalpView::kTop));
  ASSERT_TRUE(reply);
  ASSERT_TRUE(reply->status == 202 || reply->status == 200) << reply->body;
  const auto body = nlohmann::json::parse(reply->body);
  const std::string sha = body["photo_sha256"];
  EXPECT_EQ(body["view"], "top");
  EXPECT_TRUE(body["verdict"].contains("headline"));
  ASSERT_TRUE(app_->analysis_jobs().WaitIdle(std::chrono::seconds(60)));

  auto analysis = Get("/api/v1/patients/" + patient_id + "/photo-analyses/" + sha, pat);
  ASSERT_TRUE(analysis);
  ASSERT_EQ(analysis->status, 200) << analysis->body;
  const auto row = nlohmann::json::parse(analysis->body);
  EXPECT_EQ(row["status"], "done") << row.dump();
  EXPECT_TRUE(row["result"]["quality"].contains("status"));
  EXPECT_TRUE(row["result"]["quality"]["issues"].is_array());

  auto draft = Get("/api/v1/patients/" + patient_id + "/drafts/" + draft_id, pat);
  ASSERT_TRUE(draft);
  ASSERT_EQ(draft->status, 200);
  const auto d = nlohmann::json::parse(draft->body);
  EXPECT_EQ(d["photos"]["top"]["photo_sha256"], sha);
  EXPECT_NE(d["photos"]["top"]["verdict"]["level"], "pending");
  EXPECT_TRUE(d["photos"]["front"].is_null());
  EXPECT_EQ(d["missing_views"].size(), 4u);

  // The wizard page shows the verdict with a retake control.
  auto page = Get("/patients/" + patient_id + "/drafts/" + draft_id + "?step=top", pat);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("id=\"verdict\""), std::string::npos);
  EXPECT_NE(page->body.find("Retake the photo"), std::string::npos);
  EXPECT_NE(page->body.find("capture=\"environment\""), std::string::npos);
  EXPECT_NE(page->body.find("/static/img/view-top.svg"), std::string::npos);
}

TEST_F(CaptureRoutesTest, ANonImageAndAnOversizeUploadAreRefusedNamingTheField) {
  const Signed pat = SignUp("pat@example.org");
  const std::string patient_id = PatientIdOf(pat);
  const std::string draft_id = CreateDraft(pat, patient_id);

  auto text = Upload(pat, patient_id, draft_id, "top", "this is not a photo at all");
  ASSERT_TRUE(text);
  EXPECT_GE(text->status, 400);
  EXPECT_LT(text->status, 500);
  auto error = nlohmann::json::parse(text->body)["error"];
  EXPECT_EQ(error["field"], "photo");
  EXPECT_NE(error["message"].get<std::string>().find("not a photo"), std::string::npos);

  std::string big(kMaxCapturePhotoBytes + 1024, '\0');
  big[0] = '\xff';
  big[1] = '\xd8';
  big[2] = '\xff';
  auto huge = Upload(pat, patient_id, draft_id, "top", big);
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413) << huge->body.substr(0, 300);
  error = nlohmann::json::parse(huge->body)["error"];
  EXPECT_EQ(error["field"], "photo");
  EXPECT_NE(error["message"].get<std::string>().find("too large"), std::string::npos);

  // The page form (no JavaScript) answers on the page, in words.
  auto page =
      Fetch(port(), "POST", "/patients/" + patient_id + "/drafts/" + draft_id + "/photos/front",
            MultipartHeaders(pat.cookie), MultipartBody("GIF89a nonsense", pat.csrf));
  ASSERT_TRUE(page);
  EXPECT_GE(page->status, 400);
  EXPECT_NE(page->body.find("id=\"photo-error\""), std::string::npos);
  EXPECT_NE(page->body.find("not a photo Tricholog can read"), std::string::npos);

  // Nothing was attached to the draft.
  auto draft = Get("/api/v1/patients/" + patient_id + "/drafts/" + draft_id, pat);
  ASSERT_TRUE(draft);
  EXPECT_EQ(nlohmann::json::parse(draft->body)["missing_views"].size(), 5u);

  // A good photo through the page form (no JavaScript): back to the step, which shows it.
  auto posted =
      Fetch(port(), "POST", "/patients/" + patient_id + "/drafts/" + draft_id + "/photos/front",
            MultipartHeaders(pat.cookie),
            MultipartBody(RenderedView(imaging::ScalpView::kFront), pat.csrf));
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 303) << posted->body.substr(0, 300);
  EXPECT_EQ(posted->Header("location"),
            "/patients/" + patient_id + "/drafts/" + draft_id + "?step=front");
  ASSERT_TRUE(app_->analysis_jobs().WaitIdle(std::chrono::seconds(60)));
  auto step = Get(posted->Header("location"), pat);
  ASSERT_TRUE(step);
  EXPECT_EQ(step->status, 200);
  EXPECT_NE(step->body.find("id=\"preview\""), std::string::npos);
}

TEST_F(CaptureRoutesTest, ConfirmRecordsOneSessionWithSaltFromTheAnalysesAndDeletesTheDraft) {
  const Signed pat = SignUp("pat@example.org");
  const std::string patient_id = PatientIdOf(pat);
  const std::string draft_id = CreateDraft(pat, patient_id);
  UploadViews(pat, patient_id, draft_id, true);
  const std::string base = "/api/v1/patients/" + patient_id + "/drafts/" + draft_id;

  auto bad = Json("PUT", base + "/answers", {{"itch_nrs", 11}}, pat.Headers());
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(nlohmann::json::parse(bad->body)["error"]["field"], "itch_nrs");

  // "Has your hair changed?" takes one of the four answers; anything else names the field.
  auto bad_hair = Json("PUT", base + "/answers", {{"hair_change", "maybe"}}, pat.Headers());
  ASSERT_TRUE(bad_hair);
  EXPECT_EQ(bad_hair->status, 400);
  const auto bad_hair_error = nlohmann::json::parse(bad_hair->body)["error"];
  EXPECT_EQ(bad_hair_error["field"], "hair_change");
  EXPECT_NE(bad_hair_error["message"].get<std::string>().find("more_hair, none, less_hair"),
            std::string::npos);

  const nlohmann::json answers = {
      {"itch_nrs", 3},
      {"poem", 9},
      {"hair_change", "less_hair"},
      {"easi", {{"head_neck", {{"area", 2}, {"erythema", 1}}}}},
      {"adverse_events",
       {{{"term", "Conjunctivitis"}, {"grade", 1}, {"onset", "2026-01-01"}, {"action", "none"}}}},
      {"injection_sites", {{{"site", "abdomen left"}, {"reaction", "redness"}, {"grade", 1}}}}};
  auto put = Json("PUT", base + "/answers", answers, pat.Headers());
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 200) << put->body;
  EXPECT_EQ(nlohmann::json::parse(put->body)["answers"]["itch_nrs"], 3);
  EXPECT_EQ(nlohmann::json::parse(put->body)["answers"]["hair_change"], "less_hair");

  // These renders' back view has no loss, but strands show where the analysis reads a patch:
  // the view cannot be measured, so no SALT is recorded and the verdict says why.
  auto refused = Json("POST", base + "/confirm", nlohmann::json::object(), pat.Headers());
  ASSERT_TRUE(refused);
  ASSERT_EQ(refused->status, 400) << refused->body;
  const auto refusal = nlohmann::json::parse(refused->body)["error"];
  EXPECT_EQ(refusal["field"], "photo_back");
  EXPECT_NE(refusal["message"].get<std::string>().find("cannot be measured"), std::string::npos);
  EXPECT_EQ(SessionCount(pat, patient_id), 0u);
  // The patient marks the back view's bare areas by hand (none): now it is measured.
  const store::Actor patient_actor{pat.user_id, store::Role::kPatient};
  auto listed =
      gate_->With([&](store::Store& s) { return s.ListPhotoAnalyses(patient_actor, patient_id); });
  ASSERT_TRUE(listed);
  std::string back_sha;
  for (const auto& a : *listed) {
    if (a.view == "back") back_sha = a.photo_sha256;
  }
  ASSERT_FALSE(back_sha.empty());
  auto png = imaging::EncodePng(cv::Mat::zeros(480, 640, CV_8UC1));
  ASSERT_TRUE(png);
  auto corrected =
      Fetch(port(), "PUT", "/api/v1/patients/" + patient_id + "/photos/" + back_sha + "/masks/loss",
            pat.Headers() + "Content-Type: image/png\r\n", std::string(png->begin(), png->end()));
  ASSERT_TRUE(corrected);
  ASSERT_EQ(corrected->status, 200) << corrected->body;

  auto confirmed = Json("POST", base + "/confirm", nlohmann::json::object(), pat.Headers());
  ASSERT_TRUE(confirmed);
  ASSERT_EQ(confirmed->status, 201) << confirmed->body;
  const std::string session_id = nlohmann::json::parse(confirmed->body)["session_id"];

  const store::Actor actor{pat.user_id, store::Role::kPatient};
  auto record = gate_->With([&](store::Store& s) { return s.GetPatientRecord(actor, patient_id); });
  ASSERT_TRUE(record);
  ASSERT_EQ(record->sessions.size(), 1u);
  const store::TrackingSession& session = record->sessions[0];
  EXPECT_EQ(session.id, session_id);
  EXPECT_EQ(session.photos.size(), 5u);
  EXPECT_EQ(session.itch_nrs, 3);
  EXPECT_EQ(session.poem, 9);
  EXPECT_EQ(session.patient_reported_hair_change, std::optional<std::string>("less_hair"));
  ASSERT_EQ(session.easi_regions.size(), 4u);
  EXPECT_EQ(session.easi_regions[0].area_score, 2);
  ASSERT_EQ(session.injection_site_reactions.size(), 1u);
  ASSERT_EQ(record->adverse_events.size(), 1u);
  EXPECT_EQ(record->adverse_events[0].ctcae_version, "5.0");
  // SALT regions are the analyses' hair loss of the four SALT views.
  auto analyses =
      gate_->With([&](store::Store& s) { return s.ListPhotoAnalyses(actor, patient_id); });
  ASSERT_TRUE(analyses);
  auto salt = app::SaltRegionsFromAnalyses(*analyses);
  ASSERT_TRUE(salt) << salt.error().ToString();
  ASSERT_EQ(session.salt_regions.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(session.salt_regions[i].region, (*salt)[i].region);
    EXPECT_DOUBLE_EQ(session.salt_regions[i].loss_pct, (*salt)[i].loss_pct);
  }
  auto gone = Get(base, pat);
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 404);
  // A second confirm records nothing more.
  auto again = Json("POST", base + "/confirm", nlohmann::json::object(), pat.Headers());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 404);
  EXPECT_EQ(SessionCount(pat, patient_id), 1u);
}

TEST_F(CaptureRoutesTest, ConfirmWithAViewMissingIsRefusedAndRecordsNothing) {
  const Signed pat = SignUp("pat@example.org");
  const std::string patient_id = PatientIdOf(pat);
  const std::string draft_id = CreateDraft(pat, patient_id);
  UploadViews(pat, patient_id, draft_id, false);
  const std::string base = "/api/v1/patients/" + patient_id + "/drafts/" + draft_id;
  auto refused = Json("POST", base + "/confirm", nlohmann::json::object(), pat.Headers());
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(nlohmann::json::parse(refused->body)["error"]["field"], "photo_right");
  EXPECT_EQ(SessionCount(pat, patient_id), 0u);
  auto still = Get(base, pat);
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, 200);

  // The page's confirm says the same on the review step.
  auto page = Form("/patients/" + patient_id + "/drafts/" + draft_id + "/confirm",
                   "csrf=" + pat.csrf, pat.cookie);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 400);
  EXPECT_NE(page->body.find("not recorded yet"), std::string::npos);
  EXPECT_EQ(SessionCount(pat, patient_id), 0u);
}

TEST_F(CaptureRoutesTest, AnotherPatientGets404OnTheDraft) {
  const Signed pat = SignUp("pat@example.org");
  const Signed other = SignUp("other@example.org");
  const std::string patient_id = PatientIdOf(pat);
  const std::string draft_id = CreateDraft(pat, patient_id);
  for (const std::string& target : {"/patients/" + patient_id + "/drafts/" + draft_id,
                                    "/api/v1/patients/" + patient_id + "/drafts/" + draft_id,
                                    "/patients/" + patient_id + "/sessions/new"}) {
    auto reply = Get(target, other);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 404) << target;
  }
  // Nor through the other patient's own record.
  const std::string other_id = PatientIdOf(other);
  auto via_own = Get("/api/v1/patients/" + other_id + "/drafts/" + draft_id, other);
  ASSERT_TRUE(via_own);
  EXPECT_EQ(via_own->status, 404);
  auto upload = Upload(other, patient_id, draft_id, "top", RenderedView(imaging::ScalpView::kTop));
  ASSERT_TRUE(upload);
  EXPECT_EQ(upload->status, 404);
  auto confirm = Json("POST", "/api/v1/patients/" + patient_id + "/drafts/" + draft_id + "/confirm",
                      nlohmann::json::object(), other.Headers());
  ASSERT_TRUE(confirm);
  EXPECT_EQ(confirm->status, 404);
}

TEST_F(CaptureRoutesTest, TheFormShowsAnErrorNextToTheFieldAndKeepsWhatWasTyped) {
  const Signed pat = SignUp("pat@example.org");
  const std::string patient_id = PatientIdOf(pat);
  const std::string draft_id = CreateDraft(pat, patient_id);
  const std::string page = "/patients/" + patient_id + "/drafts/" + draft_id;
  auto reply =
      Form(page + "/answers",
           "csrf=" + pat.csrf + "&itch_nrs=4&poem=31&ae_0_term=Headache&ae_0_grade=2", pat.cookie);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 400);
  EXPECT_NE(reply->body.find("id=\"poem-error\""), std::string::npos);
  EXPECT_NE(reply->body.find("allowed 0 to 28"), std::string::npos);
  EXPECT_NE(reply->body.find("value=\"31\""), std::string::npos);
  EXPECT_NE(reply->body.find("value=\"Headache\""), std::string::npos);

  auto saved = Form(page + "/answers", "csrf=" + pat.csrf + "&itch_nrs=4&poem=12", pat.cookie);
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->status, 303);
  EXPECT_EQ(saved->Header("location"), page + "?step=review");
  auto review = Get(page + "?step=review", pat);
  ASSERT_TRUE(review);
  EXPECT_EQ(review->status, 200);
  EXPECT_NE(review->body.find("Not taken yet."), std::string::npos);

  // The new-session page lists the unfinished draft to resume.
  auto start = Get("/patients/" + patient_id + "/sessions/new", pat);
  ASSERT_TRUE(start);
  EXPECT_EQ(start->status, 200);
  EXPECT_NE(start->body.find(page), std::string::npos);
  EXPECT_NE(start->body.find("is your baseline"), std::string::npos);
}

// The wizard's form asks "has your hair changed?" once: the page posts the answer, the review
// shows it in words, "Not sure" records nothing, and an answer outside the four is refused next
// to the question.
TEST_F(CaptureRoutesTest, TheFormAsksWhetherTheHairChangedAndPostsTheAnswer) {
  const Signed pat = SignUp("pat@example.org");
  const std::string patient_id = PatientIdOf(pat);
  const std::string draft_id = CreateDraft(pat, patient_id);
  const std::string page = "/patients/" + patient_id + "/drafts/" + draft_id;
  const std::string api = "/api/v1/patients/" + patient_id + "/drafts/" + draft_id;
  auto form = Get(page + "?step=form", pat);
  ASSERT_TRUE(form);
  ASSERT_EQ(form->status, 200);
  EXPECT_NE(form->body.find("Since your last session, has your hair changed?"), std::string::npos);
  for (const char* label : {"More hair", "About the same", "Less hair", "Not sure"}) {
    EXPECT_NE(form->body.find(label), std::string::npos) << label;
  }

  auto saved = Form(page + "/answers", "csrf=" + pat.csrf + "&hair_change=more_hair", pat.cookie);
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->status, 303);
  auto draft = Get(api, pat);
  ASSERT_TRUE(draft);
  EXPECT_EQ(nlohmann::json::parse(draft->body)["answers"]["hair_change"], "more_hair");
  auto review = Get(page + "?step=review", pat);
  ASSERT_TRUE(review);
  EXPECT_NE(review->body.find("more hair"), std::string::npos);
  auto again = Get(page + "?step=form", pat);
  ASSERT_TRUE(again);
  EXPECT_NE(again->body.find("value=\"more_hair\" checked"), std::string::npos);

  auto not_sure = Form(page + "/answers", "csrf=" + pat.csrf + "&hair_change=not_sure", pat.cookie);
  ASSERT_TRUE(not_sure);
  EXPECT_EQ(not_sure->status, 303);
  draft = Get(api, pat);
  ASSERT_TRUE(draft);
  EXPECT_TRUE(nlohmann::json::parse(draft->body)["answers"]["hair_change"].is_null());

  auto bad =
      Form(page + "/answers", "csrf=" + pat.csrf + "&hair_change=lots&itch_nrs=2", pat.cookie);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("id=\"hair_change-error\""), std::string::npos);
  EXPECT_NE(bad->body.find("must be one of more_hair, none, less_hair, not_sure"),
            std::string::npos);
  EXPECT_NE(bad->body.find("value=\"2\""), std::string::npos);  // what was typed is kept
}

// A course and three sessions whose top view jumps alone in the last one (to confirm); the
// sessions' photos are stored blobs. Returns the last session's id; `old_top` its top photo.
std::string RecordJumpSessions(store::BlobStore& blobs, StoreGate& gate, const std::string& user_id,
                               const std::string& patient_id, std::string* old_top) {
  const store::Actor actor{user_id, store::Role::kPatient};
  const store::Course course = test::DupilumabCourse(patient_id);
  auto started = gate.With([&](store::Store& s) { return s.StartCourse(actor, course); });
  EXPECT_TRUE(started);
  if (!started) return "";
  std::string last;
  int n = 0;
  for (const char* date : {"2025-12-01", "2026-01-05", "2026-02-02"}) {
    store::TrackingSession session;
    session.patient_id = patient_id;
    session.course_id = started->id;
    session.session_date = *Date::Parse(date);
    session.salt_regions = {{"top", std::string(date) == "2026-02-02" ? 45.0 : 20.0},
                            {"back", 20},
                            {"left", 20},
                            {"right", 20}};
    for (const char* view : {"top", "back", "left", "right"}) {
      const std::string bytes = fmt::format("photo {} {}", view, n++);
      auto sha = blobs.Put(std::span<const std::uint8_t>(
          reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
      EXPECT_TRUE(sha);
      session.photos.push_back({view, *sha, 640, 480});
      if (old_top != nullptr && std::string(view) == "top") *old_top = *sha;
    }
    auto recorded = gate.With([&](store::Store& s) { return s.RecordSession(actor, session); });
    EXPECT_TRUE(recorded) << recorded.error().ToString();
    if (recorded) last = recorded->id;
  }
  return last;
}

// The session page's retake: the owner uploads a new top photo for the view marked "to
// confirm"; it is taken in and analysed as the wizard does, the view now uses it (the old photo
// is kept), the region's loss is the new analysis' and its figure is "retaken", so the mark goes.
TEST_F(CaptureRoutesTest, RetakingAViewToConfirmMeasuresTheNewPhotoAndClearsTheMark) {
  const Signed pat = SignUp("pat@example.org");
  const std::string patient_id = PatientIdOf(pat);
  std::string old_top;
  const std::string session_id =
      RecordJumpSessions(*blobs_, *gate_, pat.user_id, patient_id, &old_top);
  const std::string page = "/patients/" + patient_id + "/sessions/" + session_id;
  auto before = Get("/api/v1" + page, pat);
  ASSERT_TRUE(before && before->status == 200);
  EXPECT_EQ(nlohmann::json::parse(before->body)["salt"]["to_confirm"],
            nlohmann::json::array({"top"}));
  auto html = Get(page, pat);
  ASSERT_TRUE(html && html->status == 200);
  EXPECT_NE(html->body.find("action=\"" + page + "/views/top/photo\""), std::string::npos);
  EXPECT_NE(html->body.find("Take this photo again"), std::string::npos);

  // The page form (multipart, the CSRF token in the body): back to the page with a notice.
  auto reply = Fetch(port(), "POST", page + "/views/top/photo", MultipartHeaders(pat.cookie),
                     MultipartBody(RenderedView(imaging::ScalpView::kTop), pat.csrf));
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 303) << reply->body.substr(0, 400);
  EXPECT_EQ(reply->Header("location"), page + "?retaken=top");

  auto after = Get("/api/v1" + page, pat);
  ASSERT_TRUE(after && after->status == 200);
  const auto json = nlohmann::json::parse(after->body);
  EXPECT_EQ(json["salt"]["status"], "confirmed");
  EXPECT_TRUE(json["salt"]["to_confirm"].empty());
  EXPECT_EQ(json["salt"]["regions"][0]["region"], "top");
  EXPECT_EQ(json["salt"]["regions"][0]["confirmation"], "retaken");
  EXPECT_EQ(json["salt"]["regions"][1]["confirmation"], "automatic");
  std::string new_top;
  for (const auto& photo : json["photos"]) {
    if (photo["view"] == "top") new_top = photo["sha256"];
  }
  ASSERT_FALSE(new_top.empty());
  EXPECT_NE(new_top, old_top);
  EXPECT_TRUE(blobs_->Contains(old_top));  // the old photo is kept
  const store::Actor actor{pat.user_id, store::Role::kPatient};
  auto analysis =
      gate_->With([&](store::Store& s) { return s.GetPhotoAnalysis(actor, patient_id, new_top); });
  ASSERT_TRUE(analysis);
  EXPECT_EQ(analysis->status, "done");
  EXPECT_EQ(analysis->view, "top");
  const auto figures = nlohmann::json::parse(analysis->result_json);
  EXPECT_DOUBLE_EQ(json["salt"]["regions"][0]["loss_pct"].get<double>(),
                   figures["hair_loss_percent"].get<double>());
  EXPECT_DOUBLE_EQ(json["salt"]["regions"][1]["loss_pct"].get<double>(), 20);
  auto shown = Get(page + "?retaken=top", pat);
  ASSERT_TRUE(shown && shown->status == 200);
  EXPECT_EQ(shown->body.find("id=\"to-confirm-top\""), std::string::npos);
  EXPECT_NE(shown->body.find("Photo retaken"), std::string::npos);
  EXPECT_NE(shown->body.find("now uses your new photo"), std::string::npos);
}

// A retake the engine cannot measure is refused with its verdict, naming the photo, and changes
// nothing; bad uploads are refused naming the field; ids outside the record are 404; another
// patient gets 404, a physician the record is shared with reads the page without the form and is
// told 403.
TEST_F(CaptureRoutesTest, ARetakeIsRefusedUnmeasurableBadOrByAnyoneButThePatient) {
  const Signed pat = SignUp("pat@example.org");
  const Signed other = SignUp("other@example.org");
  const std::string patient_id = PatientIdOf(pat);
  const std::string session_id =
      RecordJumpSessions(*blobs_, *gate_, pat.user_id, patient_id, nullptr);
  const std::string page = "/patients/" + patient_id + "/sessions/" + session_id;
  const std::string api = "/api/v1" + page;
  auto post = [&](const Signed& who, const std::string& target, std::string_view bytes) {
    return Fetch(port(), "POST", target, MultipartHeaders(who.Headers()), MultipartBody(bytes));
  };
  auto stored = [&] {
    auto s = Get(api, pat);
    EXPECT_TRUE(s && s->status == 200);
    return s ? s->body : std::string();
  };
  const std::string unchanged = stored();
  const std::string top = RenderedView(imaging::ScalpView::kTop);

  // These renders' back view cannot be measured (see the confirm test): refused with the verdict.
  auto back = post(pat, api + "/views/back/photo", RenderedView(imaging::ScalpView::kBack));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->status, 400) << back->body;
  auto back_error = nlohmann::json::parse(back->body)["error"];
  EXPECT_EQ(back_error["field"], "photo");
  EXPECT_NE(back_error["message"].get<std::string>().find("cannot be measured"), std::string::npos);
  // On the page, the verdict is shown next to the back view's form.
  auto back_page = Fetch(port(), "POST", page + "/views/back/photo", MultipartHeaders(pat.cookie),
                         MultipartBody(RenderedView(imaging::ScalpView::kBack), pat.csrf));
  ASSERT_TRUE(back_page);
  EXPECT_EQ(back_page->status, 400);
  EXPECT_NE(back_page->body.find("id=\"retake-back-error\""), std::string::npos);
  EXPECT_NE(back_page->body.find("cannot be measured"), std::string::npos);

  // Not a photo, no photo, an empty photo: refused naming "photo".
  auto junk = post(pat, api + "/views/top/photo", "not a photo at all");
  ASSERT_TRUE(junk);
  EXPECT_GE(junk->status, 400);
  EXPECT_LT(junk->status, 500);
  auto junk_error = nlohmann::json::parse(junk->body)["error"];
  EXPECT_EQ(junk_error["field"], "photo");
  EXPECT_NE(junk_error["message"].get<std::string>().find("not a photo"), std::string::npos);
  // The wizard's size limit.
  std::string big(kMaxCapturePhotoBytes + 1024, '\0');
  big[0] = '\xff';
  big[1] = '\xd8';
  big[2] = '\xff';
  auto huge = post(pat, api + "/views/top/photo", big);
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413) << huge->body.substr(0, 300);
  EXPECT_EQ(nlohmann::json::parse(huge->body)["error"]["field"], "photo");
  auto empty = post(pat, api + "/views/top/photo", "");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 400);
  EXPECT_EQ(nlohmann::json::parse(empty->body)["error"]["field"], "photo");
  // A view the session has no photo of, a view that does not exist, an unknown session, another
  // patient's record: 404 before the body is read.
  for (const std::string& target :
       {api + "/views/front/photo", api + "/views/crown/photo",
        "/api/v1/patients/" + patient_id + "/sessions/no-such-session/views/top/photo"}) {
    auto missing = post(pat, target, top);
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 404) << target << ": " << missing->body;
  }
  auto foreign = post(other, api + "/views/top/photo", top);
  ASSERT_TRUE(foreign);
  EXPECT_EQ(foreign->status, 404);
  const std::string other_patient = PatientIdOf(other);
  auto crossed = post(
      other, "/api/v1/patients/" + other_patient + "/sessions/" + session_id + "/views/top/photo",
      top);
  ASSERT_TRUE(crossed);
  EXPECT_EQ(crossed->status, 404);
  // Without the CSRF token: refused.
  auto no_token = Fetch(port(), "POST", page + "/views/top/photo", MultipartHeaders(pat.cookie),
                        MultipartBody(top));
  ASSERT_TRUE(no_token);
  EXPECT_EQ(no_token->status, 403);

  // A physician the record is shared with reads the session, without the retake form, and may
  // not retake.
  auto doctor = gate_->With([](store::Store& s) {
    return s.CreateUser(store::Actor::LocalAdmin(),
                        {"", store::Role::kPhysician, "dr@example.org", "Dr", ""},
                        test::kTestPassword);
  });
  ASSERT_TRUE(doctor);
  ASSERT_TRUE(gate_->With([&](store::Store& s) {
    return s.GrantShare({pat.user_id, store::Role::kPatient}, patient_id, doctor->id);
  }));
  const Signed dr = SignIn("dr@example.org");
  auto read = Get(page, dr);
  ASSERT_TRUE(read && read->status == 200);
  EXPECT_EQ(read->body.find("/views/top/photo"), std::string::npos);
  EXPECT_EQ(read->body.find("Take this photo again"), std::string::npos);
  auto physician = post(dr, api + "/views/top/photo", top);
  ASSERT_TRUE(physician);
  EXPECT_EQ(physician->status, 403) << physician->body;
  EXPECT_NE(physician->body.find("only the patient retakes a photo"), std::string::npos);
  auto physician_page = Fetch(port(), "POST", page + "/views/top/photo",
                              MultipartHeaders(dr.cookie), MultipartBody(top, dr.csrf));
  ASSERT_TRUE(physician_page);
  EXPECT_EQ(physician_page->status, 403);

  EXPECT_EQ(stored(), unchanged);  // none of these changed the session
}

TEST_F(CaptureRoutesTest, APendingAnalysisIsResumedByTheNextStart) {
  const Signed pat = SignUp("pat@example.org");
  const std::string patient_id = PatientIdOf(pat);
  const std::string bytes = RenderedView(imaging::ScalpView::kBack);
  auto sha = blobs_->Put(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
  ASSERT_TRUE(sha);
  const store::Actor actor{pat.user_id, store::Role::kPatient};
  // Queued by a server that stopped before the job ran: the row is pending.
  ASSERT_TRUE(gate_->With(
      [&](store::Store& s) { return s.QueuePhotoAnalysis(actor, patient_id, *sha, "back"); }));

  AppConfig config;
  config.web_dir = test::kTestWebDir;
  config.protocols_dir = test::kTestProtocolsDir;
  config.records = gate_;
  config.passwords = gate_;
  config.blobs = blobs_.get();
  config.pool = &pool_;
  auto restarted = App::Build(std::move(config));
  ASSERT_TRUE(restarted) << restarted.error().ToString();
  ASSERT_TRUE((*restarted)->analysis_jobs().WaitIdle(std::chrono::seconds(60)));
  auto row =
      gate_->With([&](store::Store& s) { return s.GetPhotoAnalysis(actor, patient_id, *sha); });
  ASSERT_TRUE(row);
  EXPECT_EQ(row->status, "done");
  EXPECT_EQ(row->attempts, 1);
  auto pending = gate_->With(
      [&](store::Store& s) { return s.PendingPhotoAnalyses(store::Actor::LocalAdmin()); });
  ASSERT_TRUE(pending);
  EXPECT_TRUE(pending->empty());
}

TEST_F(CaptureRoutesTest, TheSamePhotoForTwoViewsIsRefusedAndAMovedPhotoIsAnalysedAgain) {
  const Signed pat = SignUp("pat@example.org");
  const std::string patient_id = PatientIdOf(pat);
  const std::string first = CreateDraft(pat, patient_id);
  const std::string top = RenderedView(imaging::ScalpView::kTop);
  auto as_front = Upload(pat, patient_id, first, "front", top);
  ASSERT_TRUE(as_front);
  ASSERT_EQ(as_front->status, 202) << as_front->body;
  ASSERT_TRUE(app_->analysis_jobs().WaitIdle(std::chrono::seconds(60)));
  // The same bytes for a second view of the same draft: refused, naming the field.
  auto twice = Upload(pat, patient_id, first, "top", top);
  ASSERT_TRUE(twice);
  EXPECT_EQ(twice->status, 400);
  EXPECT_EQ(nlohmann::json::parse(twice->body)["error"]["field"], "photo");
  // In another draft as the top view: analysed again as the top view.
  const std::string second = CreateDraft(pat, patient_id);
  auto as_top = Upload(pat, patient_id, second, "top", top);
  ASSERT_TRUE(as_top);
  ASSERT_EQ(as_top->status, 202) << as_top->body;
  EXPECT_EQ(nlohmann::json::parse(as_top->body)["analysis"]["view"], "top");
  ASSERT_TRUE(app_->analysis_jobs().WaitIdle(std::chrono::seconds(60)));
  const std::string sha = nlohmann::json::parse(as_top->body)["photo_sha256"];
  auto row = Get("/api/v1/patients/" + patient_id + "/photo-analyses/" + sha, pat);
  ASSERT_TRUE(row);
  const auto json = nlohmann::json::parse(row->body);
  EXPECT_EQ(json["view"], "top");
  EXPECT_EQ(json["status"], "done");
  EXPECT_EQ(json["result"]["view"], "top");
}

}  // namespace
}  // namespace tricholog::http
