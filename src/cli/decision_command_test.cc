// `tricholog decision add|list` and `tricholog export --format csv`, in-process, on a throwaway
// SQLite store holding two imported patients (each with a course).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli_test_util.h"

namespace tricholog::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test_util::CliRun;
using test_util::RunTricholog;

// A minimal record of patient `id` with one course `course` (the JSON export's format).
json MinimalRecord(const std::string& id, const std::string& course) {
  return {{"format", "tricholog.patient_record/1"},
          {"patient",
           {{"id", id},
            {"user_id", ""},
            {"display_name", "P " + id},
            {"birth_year", 1990},
            {"created_at", "2025-01-01T00:00:00Z"}}},
          {"conditions", json::array()},
          {"courses",
           {{{"id", course},
             {"patient_id", id},
             {"condition_id", ""},
             {"protocol_id", "dupilumab"},
             {"treatment_class", "il4r_antibody"},
             {"medication", "dupilumab"},
             {"dosing", "300 mg every 2 weeks"},
             {"reason", "AA"},
             {"off_label", true},
             {"start_date", "2025-01-06"},
             {"end_date", nullptr}}}},
          {"administrations", json::array()},
          {"sessions", json::array()},
          {"adverse_events", json::array()},
          {"notes", json::array()},
          {"shares", json::array()}};
}

class DecisionCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One folder per test: ctest runs the tests of this fixture side by side.
    dir_ = fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" /
           (std::string("decision_command_") +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = "sqlite:" + (dir_ / "t.db").string();
    for (const auto& [patient, course] : {std::pair{"p1", "c1"}, std::pair{"p2", "c2"}}) {
      const fs::path file = dir_ / (std::string(patient) + ".json");
      std::ofstream(file) << MinimalRecord(patient, course).dump();
      CliRun r = RunTricholog({"import", "--db", db_, "--in", file.string()});
      ASSERT_EQ(r.code, 0) << r.err;
    }
  }

  std::vector<std::string> Add(const std::string& patient, const std::string& course,
                               const std::string& decision, const std::string& reason) {
    return {"decision",   "add",    "--db",     db_,          "--patient", patient,
            "--course",   course,   "--on",     "2025-04-28", "--week",    "16",
            "--decision", decision, "--reason", reason,       "--json"};
  }

  fs::path dir_;
  std::string db_;
};

TEST_F(DecisionCommandTest, AddsAndListsDecisionsInTheRecord) {
  CliRun added = RunTricholog(Add("p1", "c1", "continue", "SALT 60 -> 35, improving"));
  ASSERT_EQ(added.code, 0) << added.err;
  const json decision = json::parse(added.out)["decision"];
  EXPECT_EQ(decision["patient_id"], "p1");
  EXPECT_EQ(decision["course_id"], "c1");
  EXPECT_EQ(decision["decided_on"], "2025-04-28");
  EXPECT_EQ(decision["week"], 16);
  EXPECT_EQ(decision["decision"], "continue");
  EXPECT_EQ(decision["decided_by"], "local-admin");
  CliRun stop =
      RunTricholog({"decision", "add", "--db", db_, "--patient", "p1", "--course", "c1", "--on",
                    "2025-01-20", "--decision", "stop", "--reason", "no week given"});
  ASSERT_EQ(stop.code, 0) << stop.err;
  EXPECT_NE(stop.out.find("recorded decision"), std::string::npos) << stop.out;

  CliRun listed = RunTricholog({"decision", "list", "--db", db_, "--patient", "p1", "--json"});
  ASSERT_EQ(listed.code, 0) << listed.err;
  const json list = json::parse(listed.out)["decisions"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["decision"], "stop");  // by date: 2025-01-20 first
  EXPECT_TRUE(list[0]["week"].is_null());
  EXPECT_EQ(list[1]["id"], decision["id"]);
  CliRun empty = RunTricholog({"decision", "list", "--db", db_, "--patient", "p2"});
  ASSERT_EQ(empty.code, 0) << empty.err;
  EXPECT_NE(empty.out.find("no decisions"), std::string::npos);

  // In the JSON export, which imports again.
  CliRun exported = RunTricholog({"export", "--db", db_, "--patient", "p1", "--format", "json"});
  ASSERT_EQ(exported.code, 0) << exported.err;
  EXPECT_EQ(json::parse(exported.out)["decisions"].size(), 2u);
}

TEST_F(DecisionCommandTest, RefusesAnotherPatientsCourseAndBadValues) {
  CliRun r = RunTricholog(Add("p1", "c2", "continue", "wrong course"));
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("decision.course_id: is not a course of patient p1"), std::string::npos)
      << r.err;
  r = RunTricholog(Add("p1", "c1", "pause", "x"));
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("allowed: continue, stop, change_treatment"), std::string::npos) << r.err;
  CliRun listed = RunTricholog({"decision", "list", "--db", db_, "--patient", "p1", "--json"});
  ASSERT_EQ(listed.code, 0);
  EXPECT_TRUE(json::parse(listed.out)["decisions"].empty());
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_F(DecisionCommandTest, CsvExportWritesTheFolderAndReplacesOnlyItsOwn) {
  ASSERT_EQ(RunTricholog(Add("p1", "c1", "change_treatment", "=2+3, \"JAK\"\nnext")).code, 0);
  const fs::path out = dir_ / "csv";
  CliRun r = RunTricholog({"export", "--db", db_, "--patient", "p1", "--format", "csv", "--out",
                           out.string(), "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const json summary = json::parse(r.out);
  EXPECT_EQ(summary["replaced"], false);
  int decisions_rows = -1;
  for (const json& f : summary["files"]) {
    EXPECT_TRUE(fs::is_regular_file(out / f["name"].get<std::string>())) << f;
    if (f["name"] == "decisions.csv") decisions_rows = f["rows"];
  }
  EXPECT_EQ(decisions_rows, 1);
  EXPECT_TRUE(fs::is_regular_file(out / "README.md"));
  const std::string decisions = Slurp(out / "decisions.csv");
  // The formula guard, RFC 4180 quoting of the comma, quotes and newline, CRLF record ends.
  EXPECT_NE(decisions.find(",change_treatment,\"'=2+3, \"\"JAK\"\"\nnext\",local-admin,"),
            std::string::npos)
      << decisions;
  EXPECT_EQ(decisions.substr(decisions.size() - 2), "\r\n");
  EXPECT_EQ((fs::status(out).permissions() & fs::perms::others_all), fs::perms::none);

  // A second export replaces the first; a foreign folder is refused and left alone.
  std::ofstream(out / "stray.txt") << "x";
  r = RunTricholog({"export", "--db", db_, "--patient", "p1", "--format", "csv", "--out",
                    out.string() + "/", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["replaced"], true);
  EXPECT_FALSE(fs::exists(out / "stray.txt"));
  const fs::path foreign = dir_ / "foreign";
  fs::create_directories(foreign);
  std::ofstream(foreign / "mine.txt") << "keep";
  r = RunTricholog(
      {"export", "--db", db_, "--patient", "p1", "--format", "csv", "--out", foreign.string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("is not empty and was not written by"), std::string::npos) << r.err;
  EXPECT_EQ(Slurp(foreign / "mine.txt"), "keep");
  r = RunTricholog({"export", "--db", db_, "--patient", "p1", "--format", "csv", "--out",
                    (dir_ / "w").string(), "--with-photos"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("with-photos"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "w"));
  // Nothing temporary is left beside the folders.
  for (const auto& entry : fs::directory_iterator(dir_)) {
    EXPECT_EQ(entry.path().filename().string().find("tricholog-csv-tmp"), std::string::npos)
        << entry.path();
  }
}

}  // namespace
}  // namespace tricholog::cli
