// CLI store commands, in-process: migrate, export, backup, restore on a throwaway SQLite file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli_test_util.h"

namespace tricholog::cli {
namespace {

namespace fs = std::filesystem;

using test_util::CliRun;
using test_util::RunTricholog;

fs::path FreshDir(const std::string& name) {
  const fs::path dir = fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / "db_command" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(DbCommand, MigrateReportsTheSchemaVersion) {
  const fs::path dir = FreshDir("migrate");
  const std::string db = "sqlite:" + (dir / "t.db").string();
  CliRun r = RunTricholog({"migrate", "--db", db});
  ASSERT_EQ(r.code, 0) << r.err;
  auto json = nlohmann::json::parse(r.out);
  EXPECT_EQ(json["schema_version"], json["latest"]);
  EXPECT_EQ(json["applied"].size(), json["latest"].get<std::size_t>());
  r = RunTricholog({"migrate", "--db", db});
  ASSERT_EQ(r.code, 0);
  EXPECT_TRUE(nlohmann::json::parse(r.out)["applied"].empty());
}

TEST(DbCommand, BadDbLocationNamesTheAcceptedForms) {
  CliRun r = RunTricholog({"migrate", "--db", "mysql://x"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("sqlite:PATH or postgresql://"), std::string::npos);
}

TEST(DbCommand, ExportOfAnEmptyStoreAsksForAPatient) {
  const fs::path dir = FreshDir("export_empty");
  ASSERT_EQ(RunTricholog({"migrate", "--db", "sqlite:" + (dir / "t.db").string()}).code, 0);
  CliRun r = RunTricholog({"export", "--db", "sqlite:" + (dir / "t.db").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("--patient"), std::string::npos);
}

TEST(DbCommand, ReadingCommandsRefuseAMissingStoreAndCreateNothing) {
  const fs::path dir = FreshDir("missing_store");
  const std::string db = "sqlite:" + (dir / "typo" / "t.db").string();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"export", "--db", db},
        std::vector<std::string>{"backup", "--db", db, "--out", (dir / "b.json").string()}}) {
    CliRun r = RunTricholog(args);
    EXPECT_EQ(r.code, 1) << args[0];
    EXPECT_NE(r.err.find("db: no store at"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(dir / "typo"));
  EXPECT_FALSE(fs::exists(dir / "b.json"));
}

TEST(DbCommand, ExportAndBackupNeverOverwriteTheStore) {
  const fs::path dir = FreshDir("onto_store");
  const fs::path db_path = dir / "t.db";
  const std::string db = "sqlite:" + db_path.string();
  ASSERT_EQ(RunTricholog({"migrate", "--db", db}).code, 0);
  const auto size = fs::file_size(db_path);
  for (const char* command : {"export", "backup"}) {
    for (const std::string& out :
         {db_path.string(), db_path.string() + "-wal", (dir / "." / "t.db").string()}) {
      CliRun r = RunTricholog({command, "--db", db, "--out", out});
      EXPECT_EQ(r.code, 1) << command << " " << out;
      EXPECT_NE(r.err.find("an output never overwrites it"), std::string::npos) << r.err;
    }
  }
  EXPECT_EQ(fs::file_size(db_path), size);
  EXPECT_EQ(RunTricholog({"migrate", "--db", db}).code, 0);  // still a store
}

TEST(DbCommand, BackupRestoreRoundTrip) {
  const fs::path dir = FreshDir("backup");
  const std::string a = "sqlite:" + (dir / "a.db").string();
  const std::string b = "sqlite:" + (dir / "b.db").string();
  ASSERT_EQ(RunTricholog({"migrate", "--db", a}).code, 0);
  CliRun backup = RunTricholog({"backup", "--db", a, "--out", (dir / "a.json").string()});
  ASSERT_EQ(backup.code, 0) << backup.err;
  CliRun restore = RunTricholog({"restore", "--db", b, "--in", (dir / "a.json").string()});
  ASSERT_EQ(restore.code, 0) << restore.err;
  ASSERT_EQ(RunTricholog({"backup", "--db", b, "--out", (dir / "b.json").string()}).code, 0);
  // The same document, except that b's audit log goes on: the restore, then b's own backup.
  std::ifstream fa(dir / "a.json"), fb(dir / "b.json");
  auto ja = nlohmann::json::parse(fa);
  auto jb = nlohmann::json::parse(fb);
  auto& audit_b = jb["tables"]["audit_log"]["rows"];
  ASSERT_EQ(audit_b.size(), ja["tables"]["audit_log"]["rows"].size() + 2);
  EXPECT_EQ(audit_b[audit_b.size() - 2][5], "restore");
  EXPECT_EQ(audit_b[audit_b.size() - 1][5], "backup");
  audit_b.erase(audit_b.end() - 2, audit_b.end());
  EXPECT_EQ(ja.dump(), jb.dump());
  EXPECT_EQ(RunTricholog({"restore", "--db", b, "--in", (dir / "missing.json").string()}).code, 1);
}

}  // namespace
// The whole CLI path a user takes: demo, export with every option, import into a second store,
// export again; the two exports are byte-identical and hold the demo's sessions and photos.
TEST(DbCommand, DemoExportImportRoundTrip) {
  const fs::path dir = FreshDir("demo_export");
  const std::string a = "sqlite:" + (dir / "a.db").string();
  const std::string b = "sqlite:" + (dir / "b.db").string();
  CliRun demo = RunTricholog({"demo", "--db", a, "--photo-size", "640x480"});
  ASSERT_EQ(demo.code, 0) << demo.err;
  const auto demo_json = nlohmann::json::parse(demo.out);
  CliRun exported = RunTricholog({"export", "--db", a, "--format", "json", "--with-photos", "--out",
                                  (dir / "a.json").string()});
  ASSERT_EQ(exported.code, 0) << exported.err;
  std::ifstream fa(dir / "a.json");
  const auto record = nlohmann::json::parse(fa);
  ASSERT_EQ(record["sessions"].size(), demo_json["sessions"].get<std::size_t>());
  std::size_t photos = 0;
  for (const auto& session : record["sessions"]) photos += session["photos"].size();
  EXPECT_EQ(photos, demo_json["photos"].get<std::size_t>());

  ASSERT_EQ(RunTricholog({"import", "--db", b, "--in", (dir / "a.json").string()}).code, 0);
  ASSERT_EQ(
      RunTricholog({"export", "--db", b, "--with-photos", "--out", (dir / "b.json").string()}).code,
      0);
  std::ifstream fa2(dir / "a.json"), fb(dir / "b.json");
  std::stringstream sa, sb;
  sa << fa2.rdbuf();
  sb << fb.rdbuf();
  EXPECT_EQ(sa.str(), sb.str());
  EXPECT_EQ(RunTricholog({"export", "--db", a, "--format", "xml"}).code, 2);
}

}  // namespace tricholog::cli
