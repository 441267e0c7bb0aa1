#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/cli_test_util.h"

namespace tricholog::cli {
namespace {

namespace fs = std::filesystem;
using test_util::CliRun;
using test_util::RunTricholog;

fs::path TempDir(const std::string& name) {
  const auto dir = fs::temp_directory_path() / ("tricholog_chart_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const fs::path kExample =
    fs::path(TRICHOLOG_SOURCE_DATA_DIR) / ".." / "docs" / "charts" / "example-course.json";

TEST(ChartCommand, WritesEachChartAsSvg) {
  const auto dir = TempDir("ok");
  for (const char* kind : {"salt", "easi", "itch", "zones"}) {
    const fs::path out = dir / (std::string(kind) + ".svg");
    const CliRun r = RunTricholog(
        {"chart", kind, "--in", kExample.string(), "--out", out.string(), "--width", "360"});
    ASSERT_EQ(r.code, 0) << kind << ": " << r.err;
    const std::string svg = Slurp(out);
    EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"360\"", 0), 0u) << kind;
    EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
    EXPECT_NE(r.out.find("wrote " + out.string()), std::string::npos) << r.out;
  }
}

TEST(ChartCommand, SaltSummarySaysWhetherTheChangeIsBeyondNoise) {
  const auto dir = TempDir("summary");
  const CliRun r =
      RunTricholog({"chart", "salt", "--in", kExample.string(), "--out", (dir / "s.svg").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("more than measurement noise"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 awaiting confirmation, not counted yet"), std::string::npos) << r.out;
}

TEST(ChartCommand, HtmlFormatHoldsFigureCaptionAndTable) {
  const auto dir = TempDir("html");
  const CliRun r = RunTricholog({"chart", "itch", "--in", kExample.string(), "--out",
                                 (dir / "i.html").string(), "--format", "html"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string html = Slurp(dir / "i.html");
  EXPECT_EQ(html.rfind("<figure class=\"chart\">", 0), 0u);
  EXPECT_NE(html.find("<figcaption>"), std::string::npos);
  EXPECT_NE(html.find("<table class=\"chart-data\">"), std::string::npos);
}

TEST(ChartCommand, RefusesTheInputAsOutputAndBadWidths) {
  const auto dir = TempDir("bad");
  fs::copy_file(kExample, dir / "in.json");
  const std::string before = Slurp(dir / "in.json");
  CliRun r = RunTricholog(
      {"chart", "salt", "--in", (dir / "in.json").string(), "--out", (dir / "in.json").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("is the input file"), std::string::npos) << r.err;
  EXPECT_EQ(Slurp(dir / "in.json"), before);
  r = RunTricholog({"chart", "salt", "--in", (dir / "in.json").string(), "--out",
                    (dir / "o.svg").string(), "--width", "100"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("width: 100 is out of range; allowed 240 to 4000"), std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir / "o.svg"));
  r = RunTricholog(
      {"chart", "pie", "--in", (dir / "in.json").string(), "--out", (dir / "o.svg").string()});
  EXPECT_EQ(r.code, 2);
}

}  // namespace
}  // namespace tricholog::cli
