// CLI store commands, in-process: migrate, export, backup, restore on a throwaway SQLite file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli.h"

namespace tricholog::cli {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

CliRun Cli(std::vector<std::string> args) {
  args.insert(args.begin(), "tricholog");
  std::ostringstream out, err;
  const int code = RunCli(args, out, err);
  return {code, out.str(), err.str()};
}

fs::path FreshDir(const std::string& name) {
  const fs::path dir = fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / "db_command" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(DbCommand, MigrateReportsTheSchemaVersion) {
  const fs::path dir = FreshDir("migrate");
  const std::string db = "sqlite:" + (dir / "t.db").string();
  CliRun r = Cli({"migrate", "--db", db});
  ASSERT_EQ(r.code, 0) << r.err;
  auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["schema_version"], json["latest"]);
  EXPECT_EQ(json["applied"].size(), json["latest"].get<std::size_t>());
  r = Cli({"migrate", "--db", db});
  ASSERT_EQ(r.code, 0);
  EXPECT_TRUE(nlohmann::json::parse(r.out)["applied"].empty());
}

TEST(DbCommand, BadDbLocationNamesTheAcceptedForms) {
  CliRun r = Cli({"migrate", "--db", "mysql://x"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("sqlite:PATH or postgresql://"), std::string::npos);
}

TEST(DbCommand, ExportOfAnEmptyStoreAsksForAPatient) {
  const fs::path dir = FreshDir("export_empty");
  CliRun r = Cli({"export", "--db", "sqlite:" + (dir / "t.db").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("--patient"), std::string::npos);
}

TEST(DbCommand, BackupRestoreRoundTrip) {
  const fs::path dir = FreshDir("backup");
  const std::string a = "sqlite:" + (dir / "a.db").string();
  const std::string b = "sqlite:" + (dir / "b.db").string();
  ASSERT_EQ(Cli({"migrate", "--db", a}).code, 0);
  CliRun backup = Cli({"backup", "--db", a, "--out", (dir / "a.json").string()});
  ASSERT_EQ(backup.code, 0) << backup.err;
  CliRun restore = Cli({"restore", "--db", b, "--in", (dir / "a.json").string()});
  ASSERT_EQ(restore.code, 0) << restore.err;
  ASSERT_EQ(Cli({"backup", "--db", b, "--out", (dir / "b.json").string()}).code, 0);
  std::ifstream fa(dir / "a.json"), fb(dir / "b.json");
  std::stringstream sa, sb;
  sa << fa.rdbuf();
  sb << fb.rdbuf();
  EXPECT_EQ(sa.str(), sb.str());
  EXPECT_EQ(Cli({"restore", "--db", b, "--in", (dir / "missing.json").string()}).code, 1);
}

}  // namespace
}  // namespace tricholog::cli
