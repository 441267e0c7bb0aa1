// `store check`: finds integrity and foreign-key problems (SQLite), photo blobs without rows,
// rows without blobs and temporary files; --repair removes only what nothing refers to. On a real
// SQLite file and on PostgreSQL.
#include "store/store_check.h"

#include <gtest/gtest.h>

#include <fstream>

#include "store/store_test_util.h"

namespace tricholog::store {
namespace {

namespace fs = std::filesystem;

class StoreCheckTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && testing::PostgresTestUrl().empty()) {
      GTEST_SKIP() << "TRICHOLOG_TEST_POSTGRES_URL is not set; run under scripts/with-postgres.sh";
    }
    dir_ = fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / testing::UniqueName("store_check_");
    fs::create_directories(dir_);
    auto db = testing::OpenTestDatabase(GetParam(), dir_);
    ASSERT_TRUE(db) << db.error().ToString();
    schema_ = db->schema;
    StoreOptions options;
    options.clock = std::make_shared<SteppingClock>();
    auto store = Store::Open(std::move(db->db), options);
    ASSERT_TRUE(store);
    store_ = std::move(*store);
    auto blobs = BlobStore::Open(dir_ / "blobs");
    ASSERT_TRUE(blobs);
    blobs_ = std::make_unique<BlobStore>(std::move(*blobs));
    if (GetParam() == "sqlite") {
      for (const auto& f : fs::directory_iterator(dir_)) {
        if (f.path().extension() == ".db") options_.sqlite_path = f.path();
      }
      ASSERT_FALSE(options_.sqlite_path.empty());
    }
    options_.min_age = std::chrono::seconds(-10);  // every file counts as old in a test
    auto patient = store_->CreatePatient(admin_, {"", "", "Check", 1990, ""});
    ASSERT_TRUE(patient);
    TrackingSession s = testing::SampleSession(patient->id, "", 1);
    for (auto& photo : s.photos) photo.sha256 = Put("photo " + photo.view);
    auto session = store_->RecordSession(admin_, s);
    ASSERT_TRUE(session);
    session_ = *session;
  }

  void TearDown() override {
    store_.reset();
    testing::DropPostgresSchema(schema_);
    fs::remove_all(dir_);
  }

  std::string Put(const std::string& text) {
    return *blobs_->Put(std::vector<std::uint8_t>(text.begin(), text.end()));
  }

  static void Touch(const fs::path& path) { std::ofstream(path) << "partial"; }

  const Actor admin_ = Actor::LocalAdmin();
  fs::path dir_;
  std::string schema_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<BlobStore> blobs_;
  StoreCheckOptions options_;
  TrackingSession session_;
};

TEST_P(StoreCheckTest, HealthyStoreHasNoProblems) {
  auto report = CheckStore(*store_, admin_, *blobs_, options_);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->remaining_problems(), 0);
  EXPECT_TRUE(report->integrity_problems.empty());
}

TEST_P(StoreCheckTest, FindsCrashLeftoversAndRepairRemovesOnlyUnreferencedFiles) {
  const std::string orphan = Put("a photo whose session never committed");
  Touch(blobs_->root() / "tmp" / (orphan + ".4b1d"));
  if (!options_.sqlite_path.empty()) {
    Touch(options_.sqlite_path.string() + ".tmp.1234");
    Touch(options_.sqlite_path.string() + "-wal.keep");  // not ours: never touched
  }
  const std::string gone = session_.photos[1].sha256;
  fs::remove(blobs_->root() / gone.substr(0, 2) / gone);

  auto report = CheckStore(*store_, admin_, *blobs_, options_);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->unreferenced_blobs, std::vector<std::string>{orphan});
  ASSERT_EQ(report->missing_blobs.size(), 1u);
  EXPECT_NE(report->missing_blobs[0].find(gone), std::string::npos);
  EXPECT_NE(report->missing_blobs[0].find(session_.id), std::string::npos);
  const std::size_t temp_files = options_.sqlite_path.empty() ? 1 : 2;
  EXPECT_EQ(report->temp_files.size(), temp_files);
  EXPECT_EQ(report->blobs_removed, 0);  // a check alone changes nothing
  EXPECT_TRUE(blobs_->Contains(orphan));
  EXPECT_EQ(report->remaining_problems(), static_cast<int>(2 + temp_files));

  options_.repair = true;
  auto repaired = CheckStore(*store_, admin_, *blobs_, options_);
  ASSERT_TRUE(repaired) << repaired.error().ToString();
  EXPECT_EQ(repaired->blobs_removed, 1);
  EXPECT_EQ(repaired->temp_files_removed, static_cast<int>(temp_files));
  EXPECT_FALSE(blobs_->Contains(orphan));
  for (const auto& photo : session_.photos) {
    if (photo.sha256 != gone) {
      EXPECT_TRUE(blobs_->Contains(photo.sha256)) << photo.view;
    }
  }
  // The missing photo cannot be repaired: it is what remains.
  EXPECT_EQ(repaired->remaining_problems(), 1);
  if (!options_.sqlite_path.empty()) {
    EXPECT_TRUE(fs::exists(options_.sqlite_path.string() + "-wal.keep"));
  }
  // Both runs are audited.
  auto audit = store_->database().Query(
      "SELECT action FROM audit_log WHERE entity = 'store_check' ORDER BY seq", {});
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->rows.size(), 2u);
  EXPECT_EQ(audit->rows[0][0].value_or(""), "read");
  EXPECT_EQ(audit->rows[1][0].value_or(""), "update");
}

TEST_P(StoreCheckTest, YoungFilesAreReportedButKept) {
  const std::string orphan = Put("just put, its session not yet recorded");
  options_.repair = true;
  options_.min_age = std::chrono::minutes(15);
  auto report = CheckStore(*store_, admin_, *blobs_, options_);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->unreferenced_blobs.size(), 1u);
  EXPECT_EQ(report->blobs_removed, 0);
  EXPECT_TRUE(blobs_->Contains(orphan));
}

TEST_P(StoreCheckTest, SqliteForeignKeyDamageIsReported) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "PostgreSQL enforces foreign keys on every write";
  ASSERT_TRUE(store_->database().ExecScript(
      "PRAGMA foreign_keys = OFF; INSERT INTO notes (id, patient_id, session_id, author_user_id, "
      "written_at, body) VALUES ('n1', 'ghost', NULL, 'a', '2025-01-01T00:00:00Z', 'x'); "
      "PRAGMA foreign_keys = ON"));
  auto report = CheckStore(*store_, admin_, *blobs_, options_);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->integrity_problems.size(), 1u);
  EXPECT_NE(report->integrity_problems[0].find("foreign_key_check: table notes"),
            std::string::npos);
  EXPECT_EQ(report->remaining_problems(), 1);
}

TEST_P(StoreCheckTest, OnlyAnAdminMayCheck) {
  auto report = CheckStore(*store_, {"someone", Role::kPhysician}, *blobs_, options_);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kPermissionDenied);
}

TEST(StoreCheckNames, TempFilesBesideTheDatabase) {
  EXPECT_TRUE(IsTempFileBesideDatabase("t.db", "t.db.tmp.1234"));
  EXPECT_TRUE(IsTempFileBesideDatabase("t.db", ".t.db.backup.tmp"));
  EXPECT_TRUE(IsTempFileBesideDatabase("t.db", ".t.db.tricholog-tmp.77.0123456789abcdef"));
  EXPECT_TRUE(IsTempFileBesideDatabase("t.db", ".t.db.demo-tmp.77"));
  EXPECT_FALSE(IsTempFileBesideDatabase("t.db", ".u.db.demo-tmp.77"));
  EXPECT_FALSE(IsTempFileBesideDatabase("t.db", "t.db"));
  EXPECT_FALSE(IsTempFileBesideDatabase("t.db", "t.db-wal"));
  EXPECT_FALSE(IsTempFileBesideDatabase("t.db", "t.db-journal"));
  EXPECT_FALSE(IsTempFileBesideDatabase("t.db", "other.db.tmp"));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreCheckTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace tricholog::store
