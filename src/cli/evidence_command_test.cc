// `tricholog evidence import|search|show`, in-process, on a throwaway SQLite store: the starter
// library with its summaries, a RIS file with a malformed record, searches with filters and
// --json, errors that name the option.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"

namespace tricholog::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test_util::CliRun;
using test_util::RunTrichologWithSourceData;

class EvidenceCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" /
           (std::string("evidence_command_") +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = "sqlite:" + (dir_ / "t.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  CliRun Run(std::vector<std::string> args) {
    args.insert(args.begin() + 2, {"--db", db_});
    return RunTrichologWithSourceData(std::move(args));
  }

  fs::path dir_;
  std::string db_;
};

TEST_F(EvidenceCommandTest, ImportsTheStarterLibrarySearchesAndShows) {
  CliRun imported = Run({"evidence", "import", "--starter", "--json"});
  ASSERT_EQ(imported.code, 0) << imported.err;
  const json report = json::parse(imported.out);
  EXPECT_GE(report["files"][0]["added"].get<int>(), 29);
  EXPECT_TRUE(report["files"][0]["skipped"].empty());
  EXPECT_EQ(report["annotations"]["annotated"], report["files"][0]["added"]);

  // Dupixent finds the 2019 Dermatitis case report, which says "dupilumab".
  CliRun found = Run({"evidence", "search", "Dupixent reactivation", "--json"});
  ASSERT_EQ(found.code, 0) << found.err;
  const json page = json::parse(found.out);
  ASSERT_GE(page["total"].get<int>(), 1);
  EXPECT_EQ(page["hits"][0]["source"], "starter:carnicle-2019-dupilumab-aa-reactivation");
  EXPECT_EQ(page["hits"][0]["authors"], "Carnicle JM, Hendricks AJ, Shi VY");
  bool highlighted = false;
  for (const auto& s : page["hits"][0]["title_segments"])
    highlighted |= s["highlighted"].get<bool>();
  EXPECT_TRUE(highlighted);

  CliRun trials =
      Run({"evidence", "search", "", "--type", "trial", "--treatment", "baricitinib", "--json"});
  ASSERT_EQ(trials.code, 0) << trials.err;
  for (const auto& hit : json::parse(trials.out)["hits"]) EXPECT_EQ(hit["study_type"], "trial");

  CliRun text = Run({"evidence", "search", "alopecia areata", "--year-from", "2022"});
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("studies"), std::string::npos);

  CliRun shown = Run({"evidence", "show", "carnicle-2019-dupilumab-aa-reactivation", "--json"});
  ASSERT_EQ(shown.code, 0) << shown.err;
  const json study = json::parse(shown.out);
  EXPECT_EQ(study["journal"], "Dermatitis");
  EXPECT_EQ(study["study_type"], "case_report");
  EXPECT_FALSE(study["tldr"].get<std::string>().empty());
  CliRun plain = Run({"evidence", "show", study["id"].get<std::string>()});
  ASSERT_EQ(plain.code, 0) << plain.err;
  EXPECT_NE(plain.out.find("Research cited in this study (0 / 0 results)"), std::string::npos);

  // Importing the starter library again merges every study.
  CliRun again = Run({"evidence", "import", "--starter", "--json"});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(json::parse(again.out)["files"][0]["added"], 0);
}

TEST_F(EvidenceCommandTest, ReportsSkippedRecordsAndNamesOptionsInErrors) {
  const fs::path ris = dir_ / "refs.ris";
  std::ofstream(ris) << "TY  - JOUR\nTI  - A made-up study of scalp hair\nPY  - 2020\nER  - \n"
                        "\nTY  - JOUR\nPY  - 2021\nER  - \n";
  CliRun imported = Run({"evidence", "import", ris.string()});
  ASSERT_EQ(imported.code, 0) << imported.err;
  EXPECT_NE(imported.out.find("1 added"), std::string::npos) << imported.out;
  EXPECT_NE(imported.out.find("skipped line 6"), std::string::npos) << imported.out;

  CliRun empty = Run({"evidence", "search", "\"\""});
  EXPECT_EQ(empty.code, 1);
  EXPECT_NE(empty.err.find("QUERY"), std::string::npos) << empty.err;
  CliRun limit = Run({"evidence", "search", "hair", "--limit", "0"});
  EXPECT_EQ(limit.code, 1);
  EXPECT_NE(limit.err.find("--limit"), std::string::npos) << limit.err;
  CliRun condition = Run({"evidence", "search", "hair", "--condition", "acne"});
  EXPECT_EQ(condition.code, 1);
  EXPECT_NE(condition.err.find("--condition"), std::string::npos) << condition.err;
  CliRun missing = Run({"evidence", "import", (dir_ / "none.xml").string()});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("none.xml"), std::string::npos) << missing.err;
  CliRun format = Run({"evidence", "import", ris.string(), "--format", "word"});
  EXPECT_EQ(format.code, 1);
  EXPECT_NE(format.err.find("--format"), std::string::npos) << format.err;
  CliRun unknown = Run({"evidence", "show", "pmid:1"});
  EXPECT_EQ(unknown.code, 1);
}

}  // namespace
}  // namespace tricholog::cli
