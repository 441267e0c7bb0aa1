// The store commands on hostile files, end to end in-process: each refusal is exit 1 with the
// JSON path on stderr (never a signal or an uncaught exception), and the store is unchanged.
// Also the new flags: export --with-photos, backup --skip-missing-photos, store check [--repair].
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli_test_util.h"

namespace tricholog::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test_util::CliRun;
using test_util::RunTricholog;

fs::path FreshDir(const std::string& name) {
  const fs::path dir = fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / "db_hostile" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void Write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A demo store `a` exported with photos to a.json and backed up to a.backup.json.
struct Demo {
  fs::path dir;
  std::string db;
  json record, backup;
};

Demo MakeDemo(const std::string& name) {
  Demo d{FreshDir(name), "", {}, {}};
  d.db = "sqlite:" + (d.dir / "a.db").string();
  CliRun demo = RunTricholog({"demo", "--db", d.db, "--photo-size", "640x480"});
  EXPECT_EQ(demo.code, 0) << demo.err;
  CliRun exported =
      RunTricholog({"export", "--db", d.db, "--with-photos", "--out", (d.dir / "a.json").string()});
  EXPECT_EQ(exported.code, 0) << exported.err;
  d.record = json::parse(Slurp(d.dir / "a.json"));
  CliRun backup =
      RunTricholog({"backup", "--db", d.db, "--out", (d.dir / "a.backup.json").string()});
  EXPECT_EQ(backup.code, 0) << backup.err;
  d.backup = json::parse(Slurp(d.dir / "a.backup.json"));
  return d;
}

TEST(DbCommandHostile, ImportRefusalsExitOneNamingThePathAndWriteNothing) {
  Demo d = MakeDemo("import");
  ASSERT_FALSE(d.record["photos"].empty());
  const std::string b = "sqlite:" + (d.dir / "b.db").string();
  const std::string in = (d.dir / "hostile.json").string();
  struct Case {
    std::string name, text, path;
  };
  std::vector<Case> cases;
  auto mutated = [&](auto f) {
    json j = d.record;
    f(j);
    return j.dump(2);
  };
  cases.push_back({"itch 4294967300",
                   mutated([](json& j) { j["sessions"][0]["itch_nrs"] = 4294967300LL; }),
                   "$.sessions[0].itch_nrs"});
  cases.push_back(
      {"week 2.7", mutated([](json& j) { j["sessions"][1]["week"] = 2.7; }), "$.sessions[1].week"});
  cases.push_back({"photo without its bytes", mutated([](json& j) { j.erase("photos"); }),
                   "$.sessions[0].photos[0].sha256"});
  cases.push_back({"1e999", mutated([](json& j) { j["patient"]["birth_year"] = "X"; }), ""});
  cases.back().text.replace(cases.back().text.find("\"X\""), 3, "1e999");
  cases.push_back({"duplicate key", d.record.dump(), "$.format"});
  cases.back().text.insert(1, "\"format\": \"x\", ");
  cases.push_back({"not JSON", "{\"format\": ", ""});
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Write(in, c.text);
    CliRun r = RunTricholog({"import", "--db", b, "--in", in});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("tricholog: error:"), std::string::npos) << r.err;
    if (!c.path.empty()) {
      EXPECT_NE(r.err.find(c.path), std::string::npos) << r.err;
    }
  }
  // Nothing was imported: the store holds no patient and no photo file.
  CliRun empty = RunTricholog({"export", "--db", b});
  EXPECT_EQ(empty.code, 1);
  EXPECT_NE(empty.err.find("holds 0 patients"), std::string::npos) << empty.err;
  std::size_t files = 0;
  for (const auto& f : fs::recursive_directory_iterator(d.dir / "b.db.blobs")) {
    files += f.is_regular_file();
  }
  EXPECT_EQ(files, 0u);
  // The valid file (photos embedded) imports with its photos.
  CliRun ok = RunTricholog({"import", "--db", b, "--in", (d.dir / "a.json").string()});
  ASSERT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(json::parse(ok.out)["photos"], d.record["photos"].size());
  CliRun again =
      RunTricholog({"export", "--db", b, "--with-photos", "--out", (d.dir / "b.json").string()});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(Slurp(d.dir / "a.json"), Slurp(d.dir / "b.json"));
}

TEST(DbCommandHostile, RestoreRefusalsExitOneAndLeaveNoPhotoFiles) {
  Demo d = MakeDemo("restore");
  const std::string in = (d.dir / "hostile.json").string();
  const std::string sha = d.backup["blobs"].begin().key();
  struct Case {
    std::string name, path;
    std::function<void(json&)> mutate;
  };
  const std::vector<Case> cases = {
      {"format as a number", "$.format", [](json& j) { j["format"] = 5; }},
      {"photo as a number", "$.blobs." + sha, [&](json& j) { j["blobs"][sha] = 12; }},
      {"schema_version 99", "$.schema_version", [](json& j) { j["schema_version"] = 99; }},
      {"emptied audit log", "$.tables.audit_log.rows",
       [](json& j) { j["tables"]["audit_log"]["rows"] = json::array(); }},
      {"text in an integer column", "$.tables.sessions.rows[0][5]",
       [](json& j) { j["tables"]["sessions"]["rows"][0][5] = "abc"; }},
      {"unknown column", "$.tables.notes.columns",
       [](json& j) { j["tables"]["notes"]["columns"][5] = "body); DROP TABLE notes; --"; }},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].name);
    json j = d.backup;
    cases[i].mutate(j);
    Write(in, j.dump());
    const fs::path target = d.dir / ("t" + std::to_string(i) + ".db");
    CliRun r = RunTricholog({"restore", "--db", "sqlite:" + target.string(), "--in", in});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find(cases[i].path), std::string::npos) << r.err;
    // No photo file was written (the blob folder holds only its empty tmp/).
    const fs::path blobs = target.string() + ".blobs";
    std::size_t files = 0;
    if (fs::exists(blobs)) {
      for (const auto& f : fs::recursive_directory_iterator(blobs)) files += f.is_regular_file();
    }
    EXPECT_EQ(files, 0u);
  }
}

TEST(DbCommandHostile, BackupOfAMissingPhotoFailsUnlessSkipped) {
  Demo d = MakeDemo("backup_missing");
  const std::string sha = d.backup["blobs"].begin().key();
  fs::remove(d.dir / "a.db.blobs" / sha.substr(0, 2) / sha);
  CliRun refused = RunTricholog({"backup", "--db", d.db, "--out", (d.dir / "x.json").string()});
  EXPECT_EQ(refused.code, 1);
  EXPECT_NE(refused.err.find(sha), std::string::npos) << refused.err;
  CliRun skipped = RunTricholog(
      {"backup", "--db", d.db, "--skip-missing-photos", "--out", (d.dir / "y.json").string()});
  ASSERT_EQ(skipped.code, 0) << skipped.err;
  EXPECT_EQ(json::parse(skipped.out)["skipped_photos"], json::array({sha}));
  // store check sees the row without its photo, and --repair cannot fix that: exit 1.
  CliRun check = RunTricholog({"store", "check", "--db", d.db});
  EXPECT_EQ(check.code, 1);
  const json report = json::parse(check.out);
  EXPECT_EQ(report["counts"]["missing_blobs"], 1);
  EXPECT_EQ(report["counts"]["integrity_problems"], 0);
}

TEST(DbCommandHostile, StoreCheckRepairsCrashLeftovers) {
  Demo d = MakeDemo("check");
  CliRun clean = RunTricholog({"store", "check", "--db", d.db});
  ASSERT_EQ(clean.code, 0) << clean.err << clean.out;
  EXPECT_EQ(json::parse(clean.out)["remaining_problems"], 0);
  Write(d.dir / "a.db.blobs" / "tmp" / "leftover.1234", "partial");
  const std::string orphan(64, 'a');
  fs::create_directories(d.dir / "a.db.blobs" / "aa");
  Write(d.dir / "a.db.blobs" / "aa" / orphan, "no row refers to me");
  CliRun found = RunTricholog({"store", "check", "--db", d.db});
  EXPECT_EQ(found.code, 1);
  EXPECT_EQ(json::parse(found.out)["unreferenced_blobs"], json::array({orphan}));
  CliRun repaired = RunTricholog({"store", "check", "--repair", "--min-age-s", "0", "--db", d.db});
  EXPECT_EQ(repaired.code, 0) << repaired.out;
  EXPECT_EQ(json::parse(repaired.out)["counts"]["blobs_removed"], 1);
  EXPECT_FALSE(fs::exists(d.dir / "a.db.blobs" / "aa" / orphan));
  EXPECT_EQ(RunTricholog({"store", "check", "--db", d.db}).code, 0);
}

}  // namespace
}  // namespace tricholog::cli
