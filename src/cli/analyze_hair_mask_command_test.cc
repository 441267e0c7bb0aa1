#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"

namespace tricholog::cli {
namespace {

using test_util::CliRun;
using test_util::RunTricholog;

std::filesystem::path TempDir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("tricholog_hair_mask_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(AnalyzeHairMask, WritesMaskTheSizeOfTheInputAndPrintsJson) {
  const auto dir = TempDir("ok");
  cv::Mat photo(240, 320, CV_8UC3, cv::Scalar(200, 200, 210));
  for (int x = 80; x < 240; x += 3)
    cv::line(photo, {x, 0}, {x + 10, 239}, cv::Scalar(30, 40, 60), 1);
  ASSERT_TRUE(cv::imwrite((dir / "photo.png").string(), photo));
  const CliRun r = RunTricholog({"analyze", "hair-mask", (dir / "photo.png").string(), "--out",
                                 (dir / "mask.png").string(), "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const cv::Mat mask = cv::imread((dir / "mask.png").string(), cv::IMREAD_UNCHANGED);
  ASSERT_FALSE(mask.empty());
  EXPECT_EQ(mask.type(), CV_8UC1);
  EXPECT_EQ(mask.cols, 320);
  EXPECT_EQ(mask.rows, 240);
  const auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json.at("width"), 320);
  EXPECT_EQ(json.at("height"), 240);
  EXPECT_GT(json.at("hair_fraction").get<double>(), 0.2);
  EXPECT_LT(json.at("hair_fraction").get<double>(), 0.9);
  EXPECT_EQ(json.at("working_size").at("width"), 320);  // under work_pixels: not reduced
  EXPECT_EQ(json.at("working_size").at("height"), 240);
  EXPECT_EQ(json.at("budget").at("seconds"), 10.0);
  EXPECT_EQ(json.at("budget").at("megabytes"), 500.0);
  // Only the mask is left behind: no temporary file.
  int files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 2);
}

TEST(AnalyzeHairMask, MissingImageFailsWithoutWritingAMask) {
  const auto dir = TempDir("missing");
  const CliRun r = RunTricholog(
      {"analyze", "hair-mask", (dir / "nope.jpg").string(), "--out", (dir / "mask.png").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_FALSE(r.err.empty());
  EXPECT_FALSE(std::filesystem::exists(dir / "mask.png"));
}

TEST(AnalyzeHairMask, OutIsRequired) {
  const CliRun r = RunTricholog({"analyze", "hair-mask", "photo.jpg"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--out"), std::string::npos);
}

}  // namespace
}  // namespace tricholog::cli
