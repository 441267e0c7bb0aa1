#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"

namespace tricholog::cli {
namespace {

using test_util::CliRun;
using test_util::RunTricholog;

// Writes `text` to a file unique to this test process; removes it when the test ends.
class TempInput {
 public:
  TempInput(const std::string& name, const std::string& text)
      : path_(std::filesystem::temp_directory_path() /
              ("tricholog_assess_" + std::to_string(::getpid()) + "_" + name + ".json")) {
    std::ofstream(path_) << text;
  }
  ~TempInput() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  TempInput(const TempInput&) = delete;
  TempInput& operator=(const TempInput&) = delete;
  operator std::string() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

constexpr const char* kCourse = R"({
  "course": {"treatment_class": "jak_inhibitor", "start_date": "2025-01-06"},
  "today": "2025-07-21",
  "sessions": [
    {"date": "2025-01-06", "salt": 80},
    {"date": "2025-03-03", "salt": 70},
    {"date": "2025-05-26", "salt": 40},
    {"date": "2025-06-23", "salt": 18},
    {"date": "2025-07-21", "salt": 15, "capture_quality_ok": true}
  ]
})";

TEST(AssessCommand, JsonOutputHasAssessmentAndAlerts) {
  const CliRun r = RunTricholog({"assess", "--input", TempInput("json", kCourse), "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto out = nlohmann::json::parse(r.out);
  EXPECT_EQ(out["weeks_since_start"], 28);
  EXPECT_EQ(out["phase"], "continued_assessment");
  EXPECT_EQ(out["measures"]["salt"]["real"], true);
  EXPECT_EQ(out["measures"]["salt"]["direction"], "improving");
  EXPECT_EQ(out["trajectory"]["label"], "early_responder");
  ASSERT_FALSE(out["alerts"].empty());
  EXPECT_EQ(out["alerts"][0]["code"], "salt_20_reached");
  EXPECT_EQ(out["disclaimer"], "Tricholog informs; it does not diagnose or prescribe.");
}

TEST(AssessCommand, HumanOutputEndsWithNotice) {
  const CliRun r = RunTricholog({"assess", "--input", TempInput("human", kCourse)});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("week 28"), std::string::npos);
  EXPECT_NE(r.out.find("SALT 20 or less reached"), std::string::npos);
  const std::string notice = "Tricholog informs; it does not diagnose or prescribe.\n";
  ASSERT_GE(r.out.size(), notice.size());
  EXPECT_EQ(r.out.substr(r.out.size() - notice.size()), notice);
}

// A lone top-view jump: listed under "Photos to confirm", and the JSON has the view check.
constexpr const char* kLoneJump = R"({
  "course": {"treatment_class": "il4r_antibody", "start_date": "2025-01-06"},
  "today": "2025-03-31",
  "sessions": [
    {"date": "2025-01-06", "region_loss": {"top": 20, "back": 20, "left": 20, "right": 20}},
    {"date": "2025-02-03", "region_loss": {"top": 20, "back": 20, "left": 20, "right": 20}},
    {"date": "2025-03-31", "region_loss": {"top": 45, "back": 20, "left": 20, "right": 20}}
  ]
})";

TEST(AssessCommand, LoneViewJumpIsListedToConfirm) {
  const CliRun r = RunTricholog({"assess", "--input", TempInput("jump", kLoneJump)});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Photos to confirm"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2025-03-31 top: Loss on the top view"), std::string::npos) << r.out;
  const CliRun j = RunTricholog({"assess", "--input", TempInput("jump_json", kLoneJump), "--json"});
  ASSERT_EQ(j.code, 0) << j.err;
  const auto out = nlohmann::json::parse(j.out);
  EXPECT_EQ(out["view_checks"].back()["salt_status"], "unconfirmed");
  EXPECT_EQ(out["view_checks"].back()["to_confirm"][0]["view"], "top");
}

TEST(AssessCommand, TodayFlagOverridesInput) {
  const CliRun r = RunTricholog(
      {"assess", "--input", TempInput("today", kCourse), "--today", "2025-08-18", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["weeks_since_start"], 32);
  const CliRun bad =
      RunTricholog({"assess", "--input", TempInput("today2", kCourse), "--today", "18/08/2025"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_NE(bad.err.find("--today"), std::string::npos);
  // A session after --today is an error that names it.
  const CliRun early =
      RunTricholog({"assess", "--input", TempInput("today3", kCourse), "--today", "2025-07-01"});
  EXPECT_EQ(early.code, 1);
  EXPECT_NE(early.err.find("sessions[4].date"), std::string::npos);
}

TEST(AssessCommand, ErrorsNameTheField) {
  std::string text = kCourse;
  text.replace(text.find("\"salt\": 80"), 10, "\"salt\": 120");
  const CliRun r = RunTricholog({"assess", "--input", TempInput("range", text)});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("sessions[0].salt: 120 is out of range; allowed 0 to 100"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(AssessCommand, MissingOrBrokenFile) {
  const CliRun missing = RunTricholog({"assess", "--input", "/nonexistent/course.json"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("/nonexistent/course.json"), std::string::npos);
  const CliRun broken = RunTricholog({"assess", "--input", TempInput("broken", "{\"course\": ")});
  EXPECT_EQ(broken.code, 1);
  EXPECT_NE(broken.err.find("not valid JSON"), std::string::npos);
  EXPECT_EQ(RunTricholog({"assess"}).code, 2);  // --input is required
}

}  // namespace
}  // namespace tricholog::cli
