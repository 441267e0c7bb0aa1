#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli_test_util.h"

namespace tricholog::cli {
namespace {

using test_util::CliRun;
// Runs tricholog with the repository's data/ folder.
constexpr auto RunArgs = test_util::RunTrichologWithSourceData;

TEST(ProtocolsCommand, ListShowsEveryProtocolWithItsAaStatus) {
  const CliRun r = RunArgs({"protocols", "list"});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* id : {"baricitinib", "deuruxolitinib", "dupilumab", "minoxidil", "ritlecitinib",
                         "triamcinolone"}) {
    EXPECT_NE(r.out.find(id), std::string::npos) << id;
  }
  EXPECT_NE(r.out.find("off_label"), std::string::npos);
}

TEST(ProtocolsCommand, ListJsonHasTheKeys) {
  const CliRun r = RunArgs({"protocols", "list", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto rows = nlohmann::json::parse(r.out);
  ASSERT_GE(rows.size(), 6u);
  for (const auto& row : rows) {
    for (const char* key : {"id", "name", "class", "aa_label", "ad_label"})
      EXPECT_TRUE(row.contains(key)) << key;
  }
}

TEST(ProtocolsCommand, ShowPrintsDosingAndEvidence) {
  const CliRun r = RunArgs({"protocols", "show", "dupilumab"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("600 mg loading dose (two 300 mg injections at different sites"),
            std::string::npos);
  EXPECT_NE(r.out.find("300 mg every 2 weeks"), std::string::npos);
  EXPECT_NE(r.out.find("week 16:"), std::string::npos);
  EXPECT_NE(r.out.find("does not diagnose or prescribe"), std::string::npos);
}

TEST(ProtocolsCommand, ShowJsonIsTheParsedProtocol) {
  const CliRun r = RunArgs({"protocols", "show", "ritlecitinib", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["id"], "ritlecitinib");
  EXPECT_EQ(j["class"], "jak_inhibitor");
  EXPECT_EQ(j["tracking"]["then_every_weeks"], 12);  // the default, filled in
}

TEST(ProtocolsCommand, UnknownNameListsTheAvailableOnes) {
  const CliRun r = RunArgs({"protocols", "show", "tofacitinib"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(
      r.err.find("'tofacitinib' is not a known protocol; available: baricitinib, deuruxolitinib"),
      std::string::npos)
      << r.err;
}

TEST(ProtocolsCommand, MissingSubcommandIsAUsageError) {
  EXPECT_EQ(RunArgs({"protocols"}).code, 2);
  EXPECT_EQ(RunArgs({"protocols", "show"}).code, 2);
}

TEST(ProtocolsCommand, MissingDataFolderIsAnError) {
  std::ostringstream out, err;
  const int code =
      RunCli({"tricholog", "--data-dir", "/nonexistent/tricholog", "protocols", "list"}, out, err);
  EXPECT_EQ(code, 1);
  EXPECT_NE(err.str().find("protocol folder not found"), std::string::npos);
}

}  // namespace
}  // namespace tricholog::cli
