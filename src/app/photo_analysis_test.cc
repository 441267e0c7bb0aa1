// The analysis of a stored photo (app/photo_analysis.h) on a scalp the project renders itself,
// with its exact truth: the automatic figures, a user's loss mask taking over (and the automatic
// masks kept), failures in words, and SALT regions from a session's analyses.
#include "app/photo_analysis.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <opencv2/imgproc.hpp>
#include <optional>

#include "imaging/image_decode.h"
#include "imaging/image_encode.h"
#include "imaging/scalp_render.h"
#include "store/clock.h"

namespace tricholog::app {
namespace {

namespace fs = std::filesystem;

class PhotoAnalysisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tricholog-photo-analysis-" + store::NewUuid());
    auto blobs = store::BlobStore::Open(dir_);
    ASSERT_TRUE(blobs) << blobs.error().ToString();
    blobs_.emplace(std::move(*blobs));
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // A top view with one bare patch, stored as a JPEG; returns the pending row.
  store::PhotoAnalysis StoreRender(imaging::ScalpRender* truth = nullptr) {
    imaging::ScalpState state;
    state.patches.push_back({0, 70, 18, 14, 0});
    auto render = imaging::RenderScalpView(state, imaging::ScalpView::kTop, {{960, 720}, 7});
    EXPECT_TRUE(render) << render.error().ToString();
    auto jpeg = imaging::EncodeJpeg(render->bgr, 92);
    EXPECT_TRUE(jpeg);
    auto sha = blobs_->Put(*jpeg);
    EXPECT_TRUE(sha);
    if (truth != nullptr) *truth = *render;
    store::PhotoAnalysis row;
    row.patient_id = "p1";
    row.photo_sha256 = *sha;
    row.view = "top";
    row.status = "pending";
    row.result_json = "{}";
    return row;
  }

  cv::Mat MaskOf(const std::string& sha) {
    auto bytes = blobs_->Get(sha);
    EXPECT_TRUE(bytes);
    auto decoded = imaging::DecodeImage(*bytes);
    EXPECT_TRUE(decoded);
    cv::Mat gray;
    cv::cvtColor(decoded->bgr, gray, cv::COLOR_BGR2GRAY);
    return gray;
  }

  fs::path dir_;
  std::optional<store::BlobStore> blobs_;
};

TEST_F(PhotoAnalysisTest, AnalysesAStoredRenderNearItsTruth) {
  imaging::ScalpRender truth;
  const store::PhotoAnalysis row = StoreRender(&truth);
  auto done = AnalyzeStoredPhoto(*blobs_, row);
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_EQ(done->status, "done") << done->error;
  EXPECT_EQ(done->attempts, 1);
  const auto figures = nlohmann::json::parse(done->result_json);
  EXPECT_EQ(figures["view"], "top");
  EXPECT_EQ(figures["loss_mask_source"], "automatic");
  EXPECT_NEAR(figures["hair_loss_percent"].get<double>(), truth.hair_loss_percent, 8.0);
  EXPECT_GT(truth.hair_loss_percent, 5.0);
  EXPECT_EQ(figures["width"], 960);
  // The masks are PNGs of the photo's full size.
  const cv::Mat loss = MaskOf(done->loss_mask_sha256);
  EXPECT_EQ(loss.size(), cv::Size(960, 720));
  EXPECT_GT(cv::countNonZero(loss), 0);
  EXPECT_EQ(MaskOf(done->scalp_mask_sha256).size(), cv::Size(960, 720));
}

TEST_F(PhotoAnalysisTest, TheUsersLossMaskDecidesAndTheAutomaticMaskIsKept) {
  auto done = AnalyzeStoredPhoto(*blobs_, StoreRender());
  ASSERT_TRUE(done && done->status == "done");
  store::PhotoAnalysis corrected = *done;
  // The patient erased every patch: no loss anywhere.
  auto empty = imaging::EncodePng(cv::Mat::zeros(720, 960, CV_8UC1));
  ASSERT_TRUE(empty);
  auto sha = blobs_->Put(*empty);
  ASSERT_TRUE(sha);
  corrected.user_loss_mask_sha256 = *sha;
  auto again = AnalyzeStoredPhoto(*blobs_, corrected);
  ASSERT_TRUE(again) << again.error().ToString();
  const auto figures = nlohmann::json::parse(again->result_json);
  EXPECT_EQ(figures["loss_mask_source"], "user");
  EXPECT_DOUBLE_EQ(figures["hair_loss_percent"].get<double>(), 0.0);
  EXPECT_EQ(again->loss_mask_sha256, done->loss_mask_sha256) << "the automatic mask stays";
  EXPECT_EQ(again->attempts, 2);
}

TEST_F(PhotoAnalysisTest, AUserMaskOfAnotherSizeNamesItsField) {
  auto done = AnalyzeStoredPhoto(*blobs_, StoreRender());
  ASSERT_TRUE(done);
  auto small = imaging::EncodePng(cv::Mat::zeros(10, 10, CV_8UC1));
  store::PhotoAnalysis corrected = *done;
  corrected.user_loss_mask_sha256 = *blobs_->Put(*small);
  auto again = AnalyzeStoredPhoto(*blobs_, corrected);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(again.error().field, "user_loss_mask_sha256");
}

TEST_F(PhotoAnalysisTest, APhotoWithoutAHeadFailsInWordsAndAMissingBlobIsNotFound) {
  auto plain = imaging::EncodeJpeg(cv::Mat(480, 640, CV_8UC3, cv::Scalar(200, 200, 200)), 90);
  store::PhotoAnalysis row = StoreRender();
  row.photo_sha256 = *blobs_->Put(*plain);
  auto failed = AnalyzeStoredPhoto(*blobs_, row);
  ASSERT_TRUE(failed) << failed.error().ToString();
  EXPECT_EQ(failed->status, "failed");
  EXPECT_NE(failed->error.find("Retake"), std::string::npos) << failed->error;
  EXPECT_TRUE(failed->loss_mask_sha256.empty());

  row.photo_sha256 = std::string(64, 'a');
  auto missing = AnalyzeStoredPhoto(*blobs_, row);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().field, "photo_sha256");
}

TEST(SaltRegionsFromAnalyses, TakesTheFourSaltViewsAndNamesAMissingOne) {
  std::vector<store::PhotoAnalysis> rows;
  const std::vector<std::pair<std::string, double>> views = {
      {"front", 90}, {"top", 10}, {"back", 20}, {"left", 30}, {"right", 40}};
  for (const auto& [view, loss] : views) {
    store::PhotoAnalysis a;
    a.view = view;
    a.status = "done";
    a.result_json = nlohmann::json{{"hair_loss_percent", loss}}.dump();
    rows.push_back(a);
  }
  auto regions = SaltRegionsFromAnalyses(rows);
  ASSERT_TRUE(regions) << regions.error().ToString();
  ASSERT_EQ(regions->size(), 4u);
  EXPECT_EQ((*regions)[0].region, "top");
  EXPECT_DOUBLE_EQ((*regions)[0].loss_pct, 10);
  EXPECT_DOUBLE_EQ((*regions)[3].loss_pct, 40);

  rows[3].status = "failed";  // left
  auto missing = SaltRegionsFromAnalyses(rows);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "left");

  rows[3].status = "done";
  rows[3].result_json = R"({"hair_loss_percent": 140})";
  EXPECT_FALSE(SaltRegionsFromAnalyses(rows));
}

}  // namespace
}  // namespace tricholog::app
