#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
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

// A close-up with two crossing 12 px shafts on skin, written as PNG. The file is named after
// the running test: ctest runs the tests of this suite in parallel processes, and one test's
// clean-up must not remove another's image.
std::string WriteCloseUp() {
  cv::Mat image(600, 800, CV_8UC3, cv::Scalar(150, 170, 205));
  cv::line(image, {100, 100}, {700, 500}, cv::Scalar(40, 40, 50), 10);
  cv::line(image, {100, 500}, {700, 100}, cv::Scalar(40, 40, 50), 10);
  const std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  const auto path =
      (std::filesystem::temp_directory_path() / ("tricholog_trichoscopy_cli_" + test + ".png"))
          .string();
  cv::imwrite(path, image);
  return path;
}

TEST(AnalyzeTrichoscopyCommand, PrintsTheDocumentedJsonKeys) {
  const std::string path = WriteCloseUp();
  const CliRun r = RunTricholog({"analyze", "trichoscopy", path, "--um-per-px", "6", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  for (const char* key :
       {"hair_count", "density_per_cm2", "vellus_count", "terminal_count", "vellus_percent",
        "mean_width_um", "um_per_px", "hairs", "scale_source", "width_histogram", "count_method",
        "traced_shaft_count", "learned_count"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["hair_count"], 2);
  EXPECT_EQ(j["um_per_px"], 6.0);
  EXPECT_EQ(j["scale_source"], "given");
  ASSERT_EQ(j["hairs"].size(), 2u);
  for (const char* key : {"x", "y", "width_um", "length_um", "class"})
    EXPECT_TRUE(j["hairs"][0].contains(key)) << key;
  EXPECT_EQ(j["hairs"][0]["class"], "terminal");
  EXPECT_EQ(j["working_size"]["width"], 800);  // trichoscopy runs at full size
  EXPECT_EQ(j["working_size"]["height"], 600);
  EXPECT_EQ(j["budget"]["seconds"], 30.0);
  EXPECT_EQ(j["budget"]["megabytes"], 500.0);
  std::filesystem::remove(path);
}

// The case: a JPEG whose header was patched to 9000 x 9000 kept the command busy for
// more than ten minutes. Its full-size analysis cannot fit the memory budget, so it is
// refused from the header, before anything is decoded.
TEST(AnalyzeTrichoscopyCommand, AHeaderPatchedToNineThousandSquareIsRefusedBeforeDecoding) {
  std::vector<std::uint8_t> jpeg;
  cv::imencode(".jpg", cv::Mat(150, 200, CV_8UC3, cv::Scalar(150, 170, 205)), jpeg);
  bool patched = false;
  for (std::size_t i = 2; i + 9 < jpeg.size() && !patched;) {  // find the SOF0 marker
    const std::size_t length = (jpeg[i + 2] << 8) | jpeg[i + 3];
    if (jpeg[i + 1] == 0xC0) {
      jpeg[i + 5] = jpeg[i + 7] = 9000 >> 8;
      jpeg[i + 6] = jpeg[i + 8] = 9000 & 0xFF;
      patched = true;
    }
    i += 2 + length;
  }
  ASSERT_TRUE(patched);
  const std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  const auto path =
      (std::filesystem::temp_directory_path() / ("tricholog_trichoscopy_cli_" + test + ".jpg"))
          .string();
  {
    std::ofstream file(path, std::ios::binary);
    file.write(reinterpret_cast<const char*>(jpeg.data()),
               static_cast<std::streamsize>(jpeg.size()));
  }
  const CliRun r = RunTricholog({"analyze", "trichoscopy", path, "--json"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("9000x9000 photo (81.0 MP)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the budget allows 3000 MB"), std::string::npos) << r.err;
  std::filesystem::remove(path);
}

TEST(AnalyzeTrichoscopyCommand, CountsTheMeanOfTracedAndLearnedUnlessOneIsAsked) {
  const std::string path = WriteCloseUp();
  const auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"analyze", "trichoscopy", path, "--um-per-px", "6", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const CliRun r = RunTricholog(args);
    EXPECT_EQ(r.code, 0) << r.err;
    return r.code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
  };
  const nlohmann::json combined = run({});
  ASSERT_EQ(combined["count_method"], "combined") << "the count model did not load";
  ASSERT_TRUE(combined["learned_count"].is_number());
  const double learned = combined["learned_count"].get<double>();
  EXPECT_NEAR(learned, 2.0, 0.5);  // two crossing hairs: four ends
  EXPECT_EQ(combined["traced_shaft_count"], 2);
  EXPECT_EQ(combined["hair_count"], std::lround(0.5 * (learned + 2)));

  const nlohmann::json traced = run({"--count", "traced"});
  EXPECT_EQ(traced["count_method"], "traced");
  EXPECT_EQ(traced["hair_count"], traced["traced_shaft_count"]);
  EXPECT_TRUE(traced["learned_count"].is_null());

  const nlohmann::json alone = run({"--count", "learned"});
  EXPECT_EQ(alone["count_method"], "learned");
  EXPECT_EQ(alone["hair_count"], std::lround(learned));
  std::filesystem::remove(path);
}

TEST(AnalyzeTrichoscopyCommand, UnknownCountMethodIsAnError) {
  const std::string path = WriteCloseUp();
  const CliRun r = RunTricholog({"analyze", "trichoscopy", path, "--count", "guess", "--json"});
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find("--count"), std::string::npos) << r.err;
  std::filesystem::remove(path);
}

TEST(AnalyzeTrichoscopyCommand, VellusThresholdOutOfRangeIsAnError) {
  const std::string path = WriteCloseUp();
  const CliRun r =
      RunTricholog({"analyze", "trichoscopy", path, "--vellus-max-um", "400", "--json"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("vellus_max_um"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("allowed 10 to 100"), std::string::npos) << r.err;
  std::filesystem::remove(path);
}

TEST(AnalyzeTrichoscopyCommand, MissingImageIsAnError) {
  const CliRun r = RunTricholog({"analyze", "trichoscopy", "/nonexistent/closeup.jpg"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("no such file"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tricholog::cli
