#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"

namespace tricholog::cli {
namespace {

namespace fs = std::filesystem;

const fs::path kCase =
    fs::path(TRICHOLOG_SHARED_DATA_DIR) / "synthetic" / "scalp-views" / "case005";

using test_util::CliRun;
using test_util::RunTricholog;

fs::path TempDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("tricholog_analyze_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(AnalyzeScalp, UnknownViewNamesTheField) {
  const CliRun r = RunTricholog({"analyze", "scalp", "--view", "side", "missing.jpg", "--json"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("view"), std::string::npos);
  EXPECT_NE(r.err.find("top, back, left, right, front"), std::string::npos);
}

TEST(AnalyzeScalp, MissingImageIsAnError) {
  const CliRun r =
      RunTricholog({"analyze", "scalp", "--view", "top", "/nonexistent/photo.jpg", "--json"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("image"), std::string::npos);
}

TEST(AnalyzeScalp, PrintsTheContractKeysAndWritesFullSizeMasks) {
  if (!fs::exists(kCase / "top.jpg")) GTEST_SKIP() << "no shared data";
  fs::path dir = TempDir("masks");
  const CliRun r = RunTricholog({"analyze", "scalp", "--view", "top", (kCase / "top.jpg").string(),
                                 "--masks-out", dir.string(), "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto json = nlohmann::json::parse(r.out);
  for (const char* key : {"view", "hair_loss_percent", "scalp_area_px", "hair_loss_area_px",
                          "hair_coverage_percent", "zones", "quality"}) {
    EXPECT_TRUE(json.contains(key)) << key;
  }
  EXPECT_TRUE(json["quality"].contains("status"));
  EXPECT_TRUE(json["quality"].contains("issues"));
  // 2016 x 1512 decodes at half size (1008 x 756), small enough to segment as it is; a
  // 3-MP photo gets the budget's floor.
  EXPECT_EQ(json["working_size"]["width"], 1008);
  EXPECT_EQ(json["working_size"]["height"], 756);
  EXPECT_EQ(json["budget"]["seconds"], 10.0);
  EXPECT_EQ(json["budget"]["megabytes"], 500.0);
  cv::Mat scalp = cv::imread((dir / "scalp.png").string(), cv::IMREAD_UNCHANGED);
  cv::Mat loss = cv::imread((dir / "loss.png").string(), cv::IMREAD_UNCHANGED);
  ASSERT_FALSE(scalp.empty());
  EXPECT_EQ(scalp.type(), CV_8UC1);
  EXPECT_EQ(scalp.cols, 2016);
  EXPECT_EQ(scalp.rows, 1512);
  EXPECT_EQ(cv::countNonZero(scalp), json["scalp_area_px"].get<int>());
  EXPECT_EQ(cv::countNonZero(loss), json["hair_loss_area_px"].get<int>());
}

TEST(AnalyzeScalp, CorrectedMasksReplaceTheAutomaticOnes) {
  if (!fs::exists(kCase / "top.jpg")) GTEST_SKIP() << "no shared data";
  fs::path dir = TempDir("correction");
  cv::Mat scalp = cv::Mat::zeros(1512, 2016, CV_8U), loss = cv::Mat::zeros(1512, 2016, CV_8U);
  scalp(cv::Rect(500, 300, 1000, 600)).setTo(255);
  loss(cv::Rect(500, 300, 250, 600)).setTo(255);
  cv::imwrite((dir / "s.png").string(), scalp);
  cv::imwrite((dir / "l.png").string(), loss);
  const CliRun r = RunTricholog({"analyze", "scalp", "--view", "top", (kCase / "top.jpg").string(),
                                 "--scalp-mask", (dir / "s.png").string(), "--loss-mask",
                                 (dir / "l.png").string(), "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["scalp_area_px"].get<int>(), 600000);
  EXPECT_EQ(json["hair_loss_area_px"].get<int>(), 150000);
  EXPECT_DOUBLE_EQ(json["hair_loss_percent"].get<double>(), 25.0);
  EXPECT_EQ(json["scalp_mask_source"], "user");
}

TEST(AnalyzeSalt, FourViewsGiveSaltAndBand) {
  if (!fs::exists(kCase / "top.jpg")) GTEST_SKIP() << "no shared data";
  const CliRun r = RunTricholog(
      {"analyze", "salt", "--top", (kCase / "top.jpg").string(), "--back",
       (kCase / "back.jpg").string(), "--left", (kCase / "left.jpg").string(), "--right",
       (kCase / "right.jpg").string(), "--front", (kCase / "front.jpg").string(), "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto json = nlohmann::json::parse(r.out);
  EXPECT_NEAR(json["salt"].get<double>(), 13.47, 3.0);  // truth.json of case005
  EXPECT_EQ(json["aa_iga"].get<int>(), 1);              // limited: 1-20
  EXPECT_EQ(json["views"].size(), 5u);
}

TEST(AnalyzeCompare, WritesAnOverlayAndTheChange) {
  if (!fs::exists(kCase / "back.jpg")) GTEST_SKIP() << "no shared data";
  fs::path out = TempDir("compare") / "overlay.jpg";
  const CliRun r =
      RunTricholog({"analyze", "compare", "--view", "back", (kCase / "back.jpg").string(),
                    (kCase / "back.jpg").string(), "--out", out.string(), "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto json = nlohmann::json::parse(r.out);
  EXPECT_NEAR(json["hair_loss_change_points"].get<double>(), 0.0, 1e-9);
  EXPECT_TRUE(json["registration"].contains("correlation"));
  EXPECT_FALSE(cv::imread(out.string()).empty());
}

}  // namespace
}  // namespace tricholog::cli
