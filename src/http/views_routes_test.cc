// The views routes (views_routes.h) on the whole app: the session page and its JSON with SALT
// and mask URLs, the loss-mask correction (wrong size refused naming the field; an empty mask
// makes the view's loss 0 and changes the session's SALT regions; DELETE restores the automatic
// figures), the trends JSON and page, the photo timeline and the before/after compare image,
// and another patient getting 404 on every one of them.
#include "http/views_routes.h"

#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include "app/photo_analysis.h"
#include "http/app_test_util.h"
#include "http/views_util.h"
#include "imaging/image_decode.h"
#include "imaging/image_encode.h"
#include "imaging/scalp_render.h"

namespace tricholog::http {
namespace {

using test::Fetch;

constexpr int kWidth = 480;
constexpr int kHeight = 360;

class ViewsRoutesTest : public test::AppTest {
 protected:
  // A session on `date` with the top, back, left and right views of a head with one patch
  // (smaller at later `week`s), each analysed, and SALT regions from the analyses.
  std::string AddFourViewSession(const Signed& who, const std::string& patient_id,
                                 const std::string& date, int week) {
    imaging::ScalpState state;
    state.patches.push_back({0, 70, 30.0 - week, 22.0 - week / 2.0, 0});
    state.patches.push_back({180, 40, 24.0 - week, 18.0 - week / 2.0, 0});
    const store::Actor actor{who.user_id, store::Role::kPatient};
    store::TrackingSession session;
    session.patient_id = patient_id;
    session.session_date = *Date::Parse(date);
    std::vector<store::PhotoAnalysis> rows;
    for (auto [view, name] : {std::pair{imaging::ScalpView::kTop, "top"},
                              {imaging::ScalpView::kBack, "back"},
                              {imaging::ScalpView::kLeft, "left"},
                              {imaging::ScalpView::kRight, "right"}}) {
      auto render = imaging::RenderScalpView(
          state, view, {{kWidth, kHeight}, static_cast<std::uint64_t>(week + 7)});
      EXPECT_TRUE(render) << render.error().ToString();
      auto jpeg = imaging::EncodeJpeg(render->bgr, 90);
      auto sha = blobs_->Put(*jpeg);
      EXPECT_TRUE(sha);
      session.photos.push_back({name, *sha, kWidth, kHeight});
      auto queued = gate_->With(
          [&](store::Store& s) { return s.QueuePhotoAnalysis(actor, patient_id, *sha, name); });
      EXPECT_TRUE(queued);
      auto analysed = app::AnalyzeStoredPhoto(*blobs_, *queued);
      EXPECT_TRUE(analysed && analysed->status == "done") << name;
      auto saved =
          gate_->With([&](store::Store& s) { return s.SavePhotoAnalysis(actor, *analysed); });
      EXPECT_TRUE(saved);
      rows.push_back(*saved);
    }
    auto regions = app::SaltRegionsFromAnalyses(rows);
    EXPECT_TRUE(regions) << regions.error().ToString();
    session.salt_regions = *regions;
    auto recorded = gate_->With([&](store::Store& s) { return s.RecordSession(actor, session); });
    EXPECT_TRUE(recorded) << recorded.error().ToString();
    return recorded ? recorded->id : "";
  }

  nlohmann::json GetJson(const std::string& target, const Signed& who) {
    auto reply = Get(target, who);
    EXPECT_TRUE(reply && reply->status == 200) << target << ": " << (reply ? reply->body : "");
    if (!reply || reply->status != 200) return nullptr;
    return nlohmann::json::parse(reply->body);
  }

  static std::string Png(const cv::Mat& mask) {
    auto png = imaging::EncodePng(mask);
    EXPECT_TRUE(png);
    return std::string(png->begin(), png->end());
  }

  std::optional<test::Reply> PutMask(const std::string& target, const Signed& who,
                                     const std::string& body) {
    return Fetch(port(), "PUT", target, who.Headers() + "Content-Type: image/png\r\n", body);
  }
};

// A view the engine cannot measure shows its verdict, not a figure, and gives the view's
// interval otherwise.
TEST_F(ViewsRoutesTest, SessionPageShowsTheVerdictOfAViewThatCannotBeMeasured) {
  const Signed owner = SignUp("verdict@example.org");
  const std::string patient_id = PatientIdOf(owner);
  const std::string session_id = AddFourViewSession(owner, patient_id, "2026-01-05", 0);
  const std::string page_url = "/patients/" + patient_id + "/sessions/" + session_id;
  const auto json = GetJson("/api/v1" + page_url, owner);
  ASSERT_TRUE(json.is_object());
  const std::string sha = json["photos"][0]["sha256"];
  const store::Actor actor{owner.user_id, store::Role::kPatient};

  auto before = Get(page_url, owner);
  ASSERT_TRUE(before && before->status == 200);
  EXPECT_NE(before->body.find("likely between"), std::string::npos);
  EXPECT_EQ(before->body.find("No figure for this view"), std::string::npos);

  auto row =
      gate_->With([&](store::Store& s) { return s.GetPhotoAnalysis(actor, patient_id, sha); });
  ASSERT_TRUE(row) << row.error().ToString();
  auto result = nlohmann::json::parse(row->result_json);
  result["confidence"]["measurable"] = false;
  result["confidence"]["verdict"] = {{"code", "uneven_light"},
                                     {"message", "Turn away from the window and retake."}};
  row->result_json = result.dump();
  ASSERT_TRUE(gate_->With([&](store::Store& s) { return s.SavePhotoAnalysis(actor, *row); }));
  EXPECT_FALSE(app::SaltRegionsFromAnalyses({*row}).has_value());

  auto page = Get(page_url, owner);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body.substr(0, 300);
  EXPECT_NE(page->body.find("No figure for this view"), std::string::npos);
  EXPECT_NE(page->body.find("Turn away from the window and retake."), std::string::npos);
}

TEST_F(ViewsRoutesTest, SessionPageShowsSaltRegionsMasksAndQuality) {
  const Signed owner = SignUp("pat@example.org");
  const std::string patient_id = PatientIdOf(owner);
  const std::string session_id = AddFourViewSession(owner, patient_id, "2026-01-05", 0);
  const std::string page_url = "/patients/" + patient_id + "/sessions/" + session_id;

  const auto json = GetJson("/api/v1" + page_url, owner);
  ASSERT_TRUE(json.is_object());
  ASSERT_TRUE(json["salt"]["complete"].get<bool>());
  const double salt = json["salt"]["total"].get<double>();
  EXPECT_GT(salt, 1.0);
  EXPECT_EQ(json["salt"]["regions"].size(), 4u);
  ASSERT_EQ(json["photos"].size(), 4u);
  const std::string sha = json["photos"][0]["sha256"];
  const std::string loss_url = "/api/v1/patients/" + patient_id + "/photos/" + sha + "/masks/loss";
  EXPECT_EQ(json["photos"][0]["analysis"]["loss_mask_url"], loss_url);
  EXPECT_FALSE(json["photos"][0]["quality_words"].get<std::string>().empty());

  auto page = Get(page_url, owner);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body.substr(0, 300);
  EXPECT_NE(page->body.find("SALT " + views_detail::OneDecimal(salt)), std::string::npos);
  EXPECT_NE(page->body.find(loss_url), std::string::npos);
  EXPECT_NE(page->body.find("/masks/scalp"), std::string::npos);
  EXPECT_NE(page->body.find("Photo quality"), std::string::npos);
  EXPECT_NE(page->body.find("/static/js/session.js"), std::string::npos);
  // A zone without a density index ("–") comes with the reason, and only then.
  EXPECT_EQ(page->body.find("<td class=\"num\">–</td>") != std::string::npos,
            page->body.find("shows no bare skin to compare the hair with") != std::string::npos);

  // A session id of nobody's, or one that is not this patient's: 404 naming the session.
  auto missing = Get("/api/v1/patients/" + patient_id + "/sessions/nope", owner);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(ViewsRoutesTest, CorrectedLossMaskChangesSaltAndDeleteRestoresIt) {
  const Signed owner = SignUp("pat@example.org");
  const std::string patient_id = PatientIdOf(owner);
  const std::string session_id = AddFourViewSession(owner, patient_id, "2026-01-05", 0);
  const std::string api = "/api/v1/patients/" + patient_id + "/sessions/" + session_id;
  const auto before = GetJson(api, owner);
  ASSERT_TRUE(before.is_object());
  const std::string sha = before["photos"][0]["sha256"];
  ASSERT_EQ(before["photos"][0]["view"], "top");
  const double top_loss = before["salt"]["regions"][0]["loss_pct"].get<double>();
  ASSERT_GT(top_loss, 1.0);
  const double salt_before = before["salt"]["total"].get<double>();
  const std::string mask_url = "/api/v1/patients/" + patient_id + "/photos/" + sha + "/masks/loss";

  // Wrong size: 400 naming the field, nothing changed.
  auto wrong = PutMask(mask_url, owner, Png(cv::Mat::zeros(10, 10, CV_8UC1)));
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 400);
  auto error = nlohmann::json::parse(wrong->body)["error"];
  EXPECT_EQ(error["field"], "mask");
  EXPECT_NE(error["message"].get<std::string>().find("480"), std::string::npos);
  // Not a PNG, and grey pixels: 400 naming the field.
  auto jpeg = imaging::EncodeJpeg(cv::Mat(kHeight, kWidth, CV_8UC3, cv::Scalar(0, 0, 0)), 90);
  auto not_png = PutMask(mask_url, owner, std::string(jpeg->begin(), jpeg->end()));
  ASSERT_TRUE(not_png);
  EXPECT_EQ(not_png->status, 400);
  EXPECT_EQ(nlohmann::json::parse(not_png->body)["error"]["field"], "mask");
  auto grey = PutMask(mask_url, owner, Png(cv::Mat(kHeight, kWidth, CV_8UC1, cv::Scalar(100))));
  ASSERT_TRUE(grey);
  EXPECT_EQ(grey->status, 400);
  EXPECT_EQ(nlohmann::json::parse(grey->body)["error"]["field"], "mask");
  // Over the size limit: 413 before the body is read.
  auto huge = PutMask(mask_url, owner, std::string(kMaxMaskPngBytes + 1, 'x'));
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
  // Without the CSRF token: refused by the router.
  auto no_token = Fetch(port(), "PUT", mask_url, owner.Headers(false),
                        Png(cv::Mat::zeros(kHeight, kWidth, CV_8UC1)));
  ASSERT_TRUE(no_token);
  EXPECT_EQ(no_token->status, 403);
  EXPECT_EQ(GetJson(api, owner)["salt"]["total"].get<double>(), salt_before);

  // An empty mask: no loss in the top view; the session's top region and SALT follow.
  auto put = PutMask(mask_url, owner, Png(cv::Mat::zeros(kHeight, kWidth, CV_8UC1)));
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 200) << put->body.substr(0, 300);
  const auto answer = nlohmann::json::parse(put->body);
  EXPECT_EQ(answer["analysis"]["result"]["hair_loss_percent"].get<double>(), 0.0);
  EXPECT_TRUE(answer["analysis"]["loss_mask_corrected"].get<bool>());
  ASSERT_EQ(answer["sessions"].size(), 1u);
  EXPECT_EQ(answer["sessions"][0]["id"], session_id);
  const auto after = GetJson(api, owner);
  EXPECT_EQ(after["salt"]["regions"][0]["region"], "top");
  EXPECT_EQ(after["salt"]["regions"][0]["loss_pct"].get<double>(), 0.0);
  // The corrected view's figure is settled by hand (schema v7); the others stay automatic.
  EXPECT_EQ(after["salt"]["regions"][0]["confirmation"], "user_corrected");
  EXPECT_EQ(after["salt"]["regions"][1]["confirmation"], "automatic");
  EXPECT_NEAR(after["salt"]["total"].get<double>(), salt_before - 0.4 * top_loss, 1e-6);
  // The mask route now serves the user's mask, and the page says it is a correction.
  auto served = Get(mask_url, owner);
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200);
  auto page = Get("/patients/" + patient_id + "/sessions/" + session_id, owner);
  EXPECT_NE(page->body.find("your correction"), std::string::npos);
  EXPECT_NE(page->body.find("Back to automatic"), std::string::npos);

  // Back to automatic: the figures as measured before.
  auto removed = Fetch(port(), "DELETE", mask_url, owner.Headers());
  ASSERT_TRUE(removed);
  ASSERT_EQ(removed->status, 200) << removed->body.substr(0, 300);
  EXPECT_FALSE(nlohmann::json::parse(removed->body)["analysis"]["loss_mask_corrected"].get<bool>());
  const auto restored = GetJson(api, owner);
  EXPECT_NEAR(restored["salt"]["regions"][0]["loss_pct"].get<double>(), top_loss, 1e-9);
  EXPECT_NEAR(restored["salt"]["total"].get<double>(), salt_before, 1e-9);
  EXPECT_EQ(restored["salt"]["regions"][0]["confirmation"], "automatic");
}

TEST_F(ViewsRoutesTest, TrendsHaveOneSaltPointPerSessionAndCharts) {
  const Signed owner = SignUp("pat@example.org");
  const std::string patient_id = PatientIdOf(owner);
  AddFourViewSession(owner, patient_id, "2026-01-05", 0);
  AddFourViewSession(owner, patient_id, "2026-03-02", 8);
  const auto json = GetJson("/api/v1/patients/" + patient_id + "/trends", owner);
  ASSERT_TRUE(json.is_object());
  EXPECT_EQ(json["sessions"].size(), 2u);
  ASSERT_EQ(json["series"]["salt"].size(), 2u);
  EXPECT_EQ(json["series"]["salt"][0]["date"], "2026-01-05");
  EXPECT_GT(json["series"]["salt"][0]["value"].get<double>(),
            json["series"]["salt"][1]["value"].get<double>());
  EXPECT_TRUE(json["charts"]["salt"].is_object());
  EXPECT_TRUE(json["charts"]["easi"].is_null());

  auto page = Get("/patients/" + patient_id + "/trends", owner);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<svg"), std::string::npos);
  EXPECT_NE(page->body.find("<table"), std::string::npos);  // the text equivalent
  EXPECT_NE(page->body.find("aria-current=\"page\""), std::string::npos);
  // No sessions: still a page, saying so.
  const Signed other = SignUp("other@example.org");
  auto empty = Get("/patients/" + PatientIdOf(other) + "/trends", other);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 200);
  EXPECT_NE(empty->body.find("No sessions are recorded yet"), std::string::npos);
}

TEST_F(ViewsRoutesTest, TimelineAndCompareImage) {
  const Signed owner = SignUp("pat@example.org");
  const std::string patient_id = PatientIdOf(owner);
  const std::string first = AddFourViewSession(owner, patient_id, "2026-01-05", 0);
  const std::string second = AddFourViewSession(owner, patient_id, "2026-03-02", 8);
  auto timeline = Get("/patients/" + patient_id + "/photos", owner);
  ASSERT_TRUE(timeline);
  ASSERT_EQ(timeline->status, 200);
  EXPECT_NE(timeline->body.find("/sessions/" + second + "#photo-top"), std::string::npos);
  EXPECT_NE(timeline->body.find("?w=160"), std::string::npos);
  EXPECT_NE(timeline->body.find("Top view, 5 Jan 2026"), std::string::npos);

  const std::string base =
      "/api/v1/patients/" + patient_id + "/compare/top?from=" + first + "&to=" + second;
  cv::Size sizes[2];
  int i = 0;
  for (const char* image : {"before", "after"}) {
    auto reply = Get(base + "&image=" + image, owner);
    ASSERT_TRUE(reply);
    ASSERT_EQ(reply->status, 200) << reply->body.substr(0, 300);
    EXPECT_EQ(reply->Header("content-type"), "image/jpeg");
    const std::vector<std::uint8_t> bytes(reply->body.begin(), reply->body.end());
    auto size = imaging::ReadImageHeaderSize(bytes);
    ASSERT_TRUE(size);
    sizes[i++] = {size->width, size->height};
  }
  EXPECT_EQ(sizes[0], sizes[1]);  // the two sides of the slider line up
  auto overlay = Get(base + "&image=overlay", owner);
  ASSERT_TRUE(overlay);
  EXPECT_EQ(overlay->status, 200);
  auto bad = Get(base + "&image=sideways", owner);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(nlohmann::json::parse(bad->body)["error"]["field"], "image");
  auto unknown = Get("/api/v1/patients/" + patient_id + "/compare/top?from=nope", owner);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(nlohmann::json::parse(unknown->body)["error"]["field"], "from");
  auto front = Get("/api/v1/patients/" + patient_id + "/compare/front", owner);
  ASSERT_TRUE(front);
  EXPECT_EQ(front->status, 404);  // no front photos in these sessions

  auto page =
      Get("/patients/" + patient_id + "/photos/compare?view=top&from=" + first + "&to=" + second,
          owner);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("id=\"compare-position\""), std::string::npos);
  EXPECT_NE(page->body.find("/static/js/compare.js"), std::string::npos);
  EXPECT_NE(page->body.find("image=before"), std::string::npos);
}

TEST_F(ViewsRoutesTest, AnotherPatientGets404Everywhere) {
  const Signed owner = SignUp("pat@example.org");
  const std::string patient_id = PatientIdOf(owner);
  std::string session_id;
  const std::string sha = AddAnalysedPhoto(owner, patient_id, &session_id);
  const Signed other = SignUp("other@example.org");
  const std::string p = "/patients/" + patient_id;
  for (const std::string& target :
       {p + "/sessions/" + session_id, "/api/v1" + p + "/sessions/" + session_id, p + "/trends",
        "/api/v1" + p + "/trends", p + "/photos", p + "/photos/compare",
        "/api/v1" + p + "/compare/top"}) {
    auto reply = Get(target, other);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 404) << target;
  }
  const std::string mask_url = "/api/v1" + p + "/photos/" + sha + "/masks/loss";
  auto put = PutMask(mask_url, other, Png(cv::Mat::zeros(480, 640, CV_8UC1)));
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 404);
  auto removed = Fetch(port(), "DELETE", mask_url, other.Headers());
  ASSERT_TRUE(removed);
  EXPECT_EQ(removed->status, 404);
  // The owner's figures are untouched.
  auto row = Get("/api/v1" + p + "/photo-analyses/" + sha, owner);
  EXPECT_FALSE(nlohmann::json::parse(row->body)["loss_mask_corrected"].get<bool>());
}

}  // namespace
}  // namespace tricholog::http
