#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_test_util.h"

namespace tricholog::cli {
namespace {

using nlohmann::json;

using test_util::CliRun;
using test_util::RunTricholog;

json RunJson(std::vector<std::string> args) {
  args.push_back("--json");
  const CliRun r = RunTricholog(std::move(args));
  EXPECT_EQ(r.code, 0) << r.err;
  return json::parse(r.out);
}

// Writes `text` to a fresh file in the test temp dir and returns its path.
std::string WriteFile(const std::string& name, const std::string& text) {
  const std::filesystem::path path = std::filesystem::path(testing::TempDir()) / name;
  std::ofstream(path) << text;
  return path.string();
}

// The EASI worked example of easi_score_test.cc: 24.7 with weights for age >= 8.
const char* kEasiExample = R"({"age_years": 34, "regions": {
  "head_neck":   {"erythema": 2, "induration": 1.5, "excoriation": 1, "lichenification": 0, "area_percent": 20},
  "upper_limbs": {"erythema": 2, "induration": 2, "excoriation": 1.5, "lichenification": 1, "area_percent": 35},
  "trunk":       {"erythema": 1, "induration": 1, "excoriation": 0.5, "lichenification": 0.5, "area_score": 1},
  "lower_limbs": {"erythema": 3, "induration": 2.5, "excoriation": 2, "lichenification": 2, "area_percent": 72}}})";

std::string EasiWith(const std::string& from, const std::string& to) {
  std::string text = kEasiExample;
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(ScoreSalt, JsonHasTheDocumentedKeys) {
  const json out =
      RunJson({"score", "salt", "--top", "0", "--back", "0", "--left", "0", "--right", "20"});
  EXPECT_DOUBLE_EQ(out["salt"].get<double>(), 3.6);  // Lilly worked example
  EXPECT_DOUBLE_EQ(out["salt_rounded"].get<double>(), 3.6);
  EXPECT_EQ(out["aa_iga"], 1);
  EXPECT_EQ(out["aa_iga_label"], "Limited");
  EXPECT_EQ(out["severity"], "limited");
  EXPECT_EQ(out["olsen_s_class"], "S1");
  EXPECT_EQ(out["salt_le_20"], true);
  EXPECT_EQ(out["salt_le_10"], true);
  EXPECT_FALSE(out.contains("baseline"));
  EXPECT_FALSE(out.contains("salt50"));
}

TEST(ScoreSalt, BaselineGivesRelativeFlags) {
  // 0.4*50 + 0.24*62.5 = 20 + 15 = 35; baseline 70 -> exactly 50 % improvement.
  const json out = RunJson({"score", "salt", "--top", "50", "--back", "62.5", "--left", "0",
                            "--right", "0", "--baseline", "70"});
  EXPECT_DOUBLE_EQ(out["salt"].get<double>(), 35.0);
  EXPECT_EQ(out["aa_iga"], 2);
  EXPECT_EQ(out["olsen_s_class"], "S2");
  EXPECT_DOUBLE_EQ(out["baseline"].get<double>(), 70.0);
  EXPECT_DOUBLE_EQ(out["percent_improvement"].get<double>(), 50.0);
  EXPECT_EQ(out["salt30"], true);
  EXPECT_EQ(out["salt50"], true);
  EXPECT_EQ(out["salt75"], false);
  EXPECT_EQ(out["salt90"], false);
  EXPECT_EQ(out["salt100"], false);
  EXPECT_TRUE(out["relative_response_reason"].is_null());
}

TEST(ScoreSalt, ZeroBaselineHasNullImprovementAndAReason) {
  const json out = RunJson({"score", "salt", "--top", "10", "--back", "0", "--left", "0", "--right",
                            "0", "--baseline", "0"});
  EXPECT_TRUE(out["percent_improvement"].is_null());
  EXPECT_TRUE(out["salt50"].is_null());
  EXPECT_TRUE(out["salt100"].is_null());
  EXPECT_NE(out["relative_response_reason"].get<std::string>().find("baseline SALT is 0"),
            std::string::npos);
}

TEST(ScoreSalt, HumanSummaryEndsWithTheNotice) {
  const CliRun r = RunTricholog({"score", "salt", "--top", "100", "--back", "100", "--left", "100",
                                 "--right", "100", "--baseline", "100"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("SALT 100.0"), std::string::npos);
  EXPECT_NE(r.out.find("Very severe"), std::string::npos);
  EXPECT_NE(r.out.find("S5"), std::string::npos);
  const std::string last = "Tricholog informs; it does not diagnose or prescribe.\n";
  ASSERT_GE(r.out.size(), last.size());
  EXPECT_EQ(r.out.substr(r.out.size() - last.size()), last);
}

TEST(ScoreSalt, OutOfRangeRegionExitsOneNamingIt) {
  const CliRun r =
      RunTricholog({"score", "salt", "--top", "120", "--back", "0", "--left", "0", "--right", "0"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("top: 120 is out of range; allowed 0 to 100"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(ScoreSalt, OutOfRangeBaselineExitsOne) {
  const CliRun r = RunTricholog({"score", "salt", "--top", "10", "--back", "0", "--left", "0",
                                 "--right", "0", "--baseline", "150"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("baseline: 150 is out of range"), std::string::npos) << r.err;
}

TEST(ScoreSalt, MissingRegionIsAUsageError) {
  const CliRun r = RunTricholog({"score", "salt", "--top", "10", "--back", "0", "--left", "0"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--right"), std::string::npos) << r.err;
}

TEST(ScoreSalt, NonNumericFlagIsAUsageError) {
  EXPECT_EQ(
      RunTricholog({"score", "salt", "--top", "lots", "--back", "0", "--left", "0", "--right", "0"})
          .code,
      2);
}

TEST(Score, NoSubcommandIsAUsageError) {
  EXPECT_EQ(RunTricholog({"score"}).code, 2);
  EXPECT_EQ(RunTricholog({"score", "pasi"}).code, 2);
}

TEST(Score, HelpShowsTheInputFormat) {
  const CliRun r = RunTricholog({"score", "easi", "--help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("age_years"), std::string::npos);
  EXPECT_NE(r.out.find("area_score"), std::string::npos);
}

TEST(ScoreEasi, WorkedExampleAsJson) {
  const json out = RunJson({"score", "easi", "--input", WriteFile("easi.json", kEasiExample)});
  EXPECT_DOUBLE_EQ(out["easi"].get<double>(), 24.7);
  EXPECT_EQ(out["severity"], "severe");
  EXPECT_EQ(out["weight_set"], "8_and_over");
  EXPECT_DOUBLE_EQ(out["regions"]["lower_limbs"]["contribution"].get<double>(), 19.0);
  EXPECT_DOUBLE_EQ(out["regions"]["head_neck"]["weight"].get<double>(), 0.1);
  EXPECT_DOUBLE_EQ(out["regions"]["upper_limbs"]["sign_sum"].get<double>(), 6.5);
  EXPECT_EQ(out["regions"]["trunk"]["area_score"], 1);
  EXPECT_FALSE(out.contains("easi50"));
}

TEST(ScoreEasi, ChildWeightSet) {
  const json out =
      RunJson({"score", "easi", "--input",
               WriteFile("easi_child.json", EasiWith("\"age_years\": 34", "\"age_years\": 5"))});
  EXPECT_DOUBLE_EQ(out["easi"].get<double>(), 20.85);
  EXPECT_EQ(out["weight_set"], "under_8");
  EXPECT_EQ(out["severity"], "moderate");
}

TEST(ScoreEasi, BaselineTotalInTheInput) {
  const std::string path = WriteFile(
      "easi_bt.json", EasiWith("\"age_years\": 34", "\"baseline_total\": 49.4, \"age_years\": 34"));
  const json out = RunJson({"score", "easi", "--input", path});
  EXPECT_DOUBLE_EQ(out["baseline"].get<double>(), 49.4);
  EXPECT_DOUBLE_EQ(out["percent_improvement"].get<double>(), 50.0);
  EXPECT_EQ(out["easi50"], true);
  EXPECT_EQ(out["easi75"], false);
  EXPECT_EQ(out["easi90"], false);
  EXPECT_TRUE(out["relative_response_reason"].is_null());
}

TEST(ScoreEasi, BaselineInputFile) {
  // Baseline: every sign 3 on 100 % of every region = 72.
  const std::string all3 = R"({"erythema": 3, "induration": 3, "excoriation": 3,
                               "lichenification": 3, "area_percent": 100})";
  const std::string baseline = R"({"age_years": 34, "regions": {"head_neck": )" + all3 +
                               R"(, "upper_limbs": )" + all3 + R"(, "trunk": )" + all3 +
                               R"(, "lower_limbs": )" + all3 + "}}";
  const json out = RunJson({"score", "easi", "--input", WriteFile("easi_cur.json", kEasiExample),
                            "--baseline-input", WriteFile("easi_base.json", baseline)});
  EXPECT_DOUBLE_EQ(out["baseline"].get<double>(), 72.0);
  EXPECT_NEAR(out["percent_improvement"].get<double>(), (72 - 24.7) * 100 / 72, 1e-9);
  EXPECT_EQ(out["easi50"], true);
  EXPECT_EQ(out["easi75"], false);
}

TEST(ScoreEasi, ZeroBaselineHasNullFlags) {
  const std::string path = WriteFile(
      "easi_b0.json", EasiWith("\"age_years\": 34", "\"baseline_total\": 0, \"age_years\": 34"));
  const json out = RunJson({"score", "easi", "--input", path});
  EXPECT_TRUE(out["percent_improvement"].is_null());
  EXPECT_TRUE(out["easi50"].is_null());
  EXPECT_FALSE(out["relative_response_reason"].get<std::string>().empty());
}

TEST(ScoreEasi, HumanSummary) {
  const CliRun r =
      RunTricholog({"score", "easi", "--input", WriteFile("easi_h.json", kEasiExample)});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("EASI 24.70 (severe)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("does not diagnose or prescribe."), std::string::npos);
}

// Runs `score easi` on `text` and returns stderr, expecting exit code 1.
std::string EasiError(const std::string& name, const std::string& text) {
  const CliRun r = RunTricholog({"score", "easi", "--input", WriteFile(name, text)});
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_TRUE(r.out.empty());
  return r.err;
}

TEST(ScoreEasi, UnknownKeyIsAnError) {
  const std::string err =
      EasiError("typo.json", EasiWith("\"erythema\": 1, \"induration\": 1, \"excoriation\": 0.5",
                                      "\"erythem\": 1, \"induration\": 1, \"excoriation\": 0.5"));
  EXPECT_NE(err.find("regions.trunk.erythem: is not a known key"), std::string::npos) << err;
  EXPECT_NE(err.find("typo.json"), std::string::npos) << err;
  EXPECT_NE(EasiError("typo2.json", EasiWith("\"age_years\"", "\"age\"")).find("age:"),
            std::string::npos);
}

TEST(ScoreEasi, OutOfRangeSignNamesTheField) {
  const std::string err = EasiError(
      "sign.json", EasiWith("\"erythema\": 1, \"induration\": 1, \"excoriation\": 0.5",
                            "\"erythema\": 3.5, \"induration\": 1, \"excoriation\": 0.5"));
  EXPECT_NE(err.find("regions.trunk.erythema: 3.5 is out of range; allowed 0 to 3"),
            std::string::npos)
      << err;
}

TEST(ScoreEasi, MissingFieldsAreNamed) {
  EXPECT_NE(
      EasiError("noage.json", EasiWith("\"age_years\": 34,", "")).find("age_years: is required"),
      std::string::npos);
  EXPECT_NE(EasiError("nosign.json", EasiWith("\"lichenification\": 0, ", ""))
                .find("regions.head_neck.lichenification: is required"),
            std::string::npos);
  EXPECT_NE(EasiError("noregion.json", R"({"age_years": 34, "regions": {}})")
                .find("regions.head_neck: is required"),
            std::string::npos);
}

TEST(ScoreEasi, WrongTypesAreNamed) {
  EXPECT_NE(EasiError("str.json", EasiWith("\"age_years\": 34", "\"age_years\": \"34\""))
                .find("age_years: must be a number"),
            std::string::npos);
  EXPECT_NE(EasiError("arr.json", "[1, 2]").find("must be a JSON object"), std::string::npos);
  EXPECT_NE(EasiError("area.json", EasiWith("\"area_score\": 1", "\"area_score\": 1.5"))
                .find("regions.trunk.area_score: 1.5 is not a whole number"),
            std::string::npos);
}

TEST(ScoreEasi, InvalidJsonNamesTheFileAndPosition) {
  const std::string err = EasiError("broken.json", "{\"age_years\": 34,,}");
  EXPECT_NE(err.find("broken.json: is not valid JSON"), std::string::npos) << err;
  EXPECT_NE(err.find("line 1"), std::string::npos) << err;
}

TEST(ScoreEasi, MissingFileExitsOne) {
  const CliRun r = RunTricholog({"score", "easi", "--input", "/nonexistent/easi.json"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("/nonexistent/easi.json"), std::string::npos);
}

TEST(ScoreEasi, BaselineGivenTwiceIsAnError) {
  const std::string path =
      WriteFile("easi_twice.json",
                EasiWith("\"age_years\": 34", "\"baseline_total\": 40, \"age_years\": 34"));
  const CliRun r = RunTricholog({"score", "easi", "--input", path, "--baseline-input", path});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("baseline_total"), std::string::npos) << r.err;
}

TEST(ScoreEasi, ErrorInTheBaselineFileNamesThatFile) {
  const CliRun r = RunTricholog(
      {"score", "easi", "--input", WriteFile("good.json", kEasiExample), "--baseline-input",
       WriteFile("bad_base.json", EasiWith("\"area_percent\": 72", "\"area_percent\": 172"))});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("regions.lower_limbs.area_percent: 172 is out of range"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("bad_base.json"), std::string::npos) << r.err;
}

TEST(ScoreEasi, ReadsStandardInput) {
  std::istringstream input(kEasiExample);
  std::streambuf* saved = std::cin.rdbuf(input.rdbuf());
  const CliRun r = RunTricholog({"score", "easi", "--input", "-", "--json"});
  std::cin.rdbuf(saved);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_DOUBLE_EQ(json::parse(r.out)["easi"].get<double>(), 24.7);
}

TEST(ScoreItch, ScoreAndResponder) {
  json out = RunJson(
      {"score", "itch", "--input", WriteFile("itch.json", R"({"score": 4, "baseline": 8})")});
  EXPECT_EQ(out["score"], 4);
  EXPECT_EQ(out["severity"], "moderate");
  EXPECT_EQ(out["baseline"], 8);
  EXPECT_EQ(out["improvement"], 4);
  EXPECT_EQ(out["responder_threshold"], 4);
  EXPECT_EQ(out["responder"], true);
  EXPECT_EQ(out["threshold_reachable"], true);
  EXPECT_TRUE(out["note"].is_null());

  out = RunJson({"score", "itch", "--input", WriteFile("itch_plain.json", R"({"score": 9})")});
  EXPECT_EQ(out["severity"], "severe");
  EXPECT_FALSE(out.contains("responder"));
}

TEST(ScoreItch, LowBaselineSaysTheThresholdIsOutOfReach) {
  const json out = RunJson(
      {"score", "itch", "--input", WriteFile("itch_low.json", R"({"score": 0, "baseline": 3})")});
  EXPECT_EQ(out["responder"], false);
  EXPECT_EQ(out["threshold_reachable"], false);
  EXPECT_NE(out["note"].get<std::string>().find("cannot be reached"), std::string::npos);
}

TEST(ScoreItch, Errors) {
  CliRun r =
      RunTricholog({"score", "itch", "--input", WriteFile("itch_bad.json", R"({"score": 11})")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("score: 11 is out of range; allowed 0 to 10"), std::string::npos) << r.err;
  r = RunTricholog({"score", "itch", "--input", WriteFile("itch_none.json", R"({"baseline": 5})")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("score: is required"), std::string::npos) << r.err;
  r = RunTricholog({"score", "itch", "--input", WriteFile("itch_frac.json", R"({"score": 6.5})")});
  EXPECT_NE(r.err.find("score: 6.5 is not a whole number"), std::string::npos) << r.err;
  r = RunTricholog(
      {"score", "itch", "--input", WriteFile("itch_b.json", R"({"score": 5, "baseline": 12})")});
  EXPECT_NE(r.err.find("baseline: 12 is out of range"), std::string::npos) << r.err;
  EXPECT_EQ(RunTricholog({"score", "itch"}).code, 2);
}

TEST(ScoreItch, HumanSummarySaysWhichWayItMoved) {
  CliRun r = RunTricholog(
      {"score", "itch", "--input", WriteFile("itch_worse.json", R"({"score": 9, "baseline": 6})")});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Versus baseline 6: worse by 3 points; responder (>= 4 points): no"),
            std::string::npos)
      << r.out;
  r = RunTricholog(
      {"score", "itch", "--input", WriteFile("itch_one.json", R"({"score": 2, "baseline": 3})")});
  EXPECT_NE(r.out.find("improved by 1 point;"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cannot be reached"), std::string::npos) << r.out;
}

TEST(ScorePoem, TotalBandAndBaselineList) {
  const json out = RunJson(
      {"score", "poem", "--input", WriteFile("poem.json", R"({"items": [4, 3, 0, 1, 2, 4, 4],
                                                       "baseline": [4, 4, 3, 3, 4, 4, 4]})")});
  EXPECT_EQ(out["total"], 18);
  EXPECT_EQ(out["severity"], "severe");
  EXPECT_EQ(out["baseline_total"], 26);
  EXPECT_EQ(out["improvement"], 8);
  EXPECT_EQ(out["responder"], true);
}

TEST(ScorePoem, BandEdges) {
  const std::pair<const char*, const char*> cases[] = {
      {"[1, 1, 0, 0, 0, 0, 0]", "clear or almost clear"},
      {"[1, 1, 1, 0, 0, 0, 0]", "mild"},
      {"[4, 4, 0, 0, 0, 0, 0]", "moderate"},
      {"[4, 4, 4, 4, 1, 0, 0]", "severe"},
      {"[4, 4, 4, 4, 4, 4, 1]", "very severe"}};
  for (const auto& [items, band] : cases) {
    const json out =
        RunJson({"score", "poem", "--input",
                 WriteFile("poem_band.json", std::string("{\"items\": ") + items + "}")});
    EXPECT_EQ(out["severity"], band) << items;
  }
}

TEST(ScorePoem, Errors) {
  CliRun r = RunTricholog({"score", "poem", "--input",
                           WriteFile("poem_bad.json", R"({"items": [0, 0, 0, 5, 0, 0, 0]})")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("items[3]: 5 is out of range; allowed 0 to 4 (question 4)"),
            std::string::npos)
      << r.err;
  r = RunTricholog(
      {"score", "poem", "--input", WriteFile("poem_six.json", R"({"items": [0, 0, 0, 0, 0, 0]})")});
  EXPECT_NE(r.err.find("items: has 6 answers; exactly 7 are required"), std::string::npos) << r.err;
  r = RunTricholog(
      {"score", "poem", "--input",
       WriteFile(
           "poem_both.json",
           R"({"items": [0, 0, 0, 0, 0, 0, 0], "baseline": [0, 0, 0, 0, 0, 0, 0], "baseline_total": 3})")});
  EXPECT_NE(r.err.find("baseline: give baseline or baseline_total, not both"), std::string::npos)
      << r.err;
  r = RunTricholog(
      {"score", "poem", "--input",
       WriteFile("poem_bt.json", R"({"items": [0, 0, 0, 0, 0, 0, 0], "baseline_total": 29})")});
  EXPECT_NE(r.err.find("baseline_total: 29 is out of range; allowed 0 to 28"), std::string::npos)
      << r.err;
  r = RunTricholog(
      {"score", "poem", "--input", WriteFile("poem_obj.json", R"({"items": {"a": 1}})")});
  EXPECT_NE(r.err.find("items: must be a JSON array"), std::string::npos) << r.err;
}

TEST(ScoreDlqi, NotRelevantAndMeaningfulChange) {
  const json out = RunJson(
      {"score", "dlqi", "--input",
       WriteFile(
           "dlqi.json",
           R"({"items": [3, 2, 1, 0, 1, 2, "not_relevant", 0, 1, 2], "baseline_total": 19})")});
  EXPECT_EQ(out["total"], 12);
  EXPECT_EQ(out["effect"], "very large effect");
  EXPECT_EQ(out["not_relevant_count"], 1);
  EXPECT_EQ(out["baseline_total"], 19);
  EXPECT_EQ(out["improvement"], 7);
  EXPECT_EQ(out["responder"], true);
}

TEST(ScoreDlqi, Errors) {
  CliRun r = RunTricholog(
      {"score", "dlqi", "--input",
       WriteFile("dlqi_nr.json", R"({"items": ["not_relevant", 0, 0, 0, 0, 0, 0, 0, 0, 0]})")});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("items[0]: \"not relevant\" is not an answer to question 1"),
            std::string::npos)
      << r.err;
  r = RunTricholog(
      {"score", "dlqi", "--input",
       WriteFile("dlqi_word.json", R"({"items": [0, 0, "a lot", 0, 0, 0, 0, 0, 0, 0]})")});
  EXPECT_NE(r.err.find("items[2]: must be 0 to 3 or \"not_relevant\""), std::string::npos) << r.err;
  r = RunTricholog(
      {"score", "dlqi", "--input",
       WriteFile(
           "dlqi_base.json",
           R"({"items": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], "baseline": [0, 0, 0, 0, 0, 0, 0, 0, 0, 9]})")});
  EXPECT_NE(r.err.find("baseline[9]: 9 is out of range; allowed 0 to 3 (question 10)"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace tricholog::cli
