// Backup/restore round trips on each backend, and moving a store from SQLite to PostgreSQL.
#include "store/backup.h"

#include <gtest/gtest.h>

#include "store/record_json.h"
#include "store/store_test_util.h"

namespace tricholog::store {
namespace {

namespace fs = std::filesystem;

struct Opened {
  std::unique_ptr<Store> store;
  std::string schema;
};

Opened OpenFresh(const std::string& backend) {
  auto db = testing::OpenTestDatabase(backend,
                                      fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / "backup_test");
  EXPECT_TRUE(db) << db.error().ToString();
  if (!db) return {};
  StoreOptions options;
  options.clock = std::make_shared<SteppingClock>();
  options.password_cost = PasswordCost::kMinimum;
  auto store = Store::Open(std::move(db->db), options);
  EXPECT_TRUE(store) << store.error().ToString();
  return {store ? std::move(*store) : nullptr, db->schema};
}

// A patient with an account, a physician share, a course, sessions with photos, an AE, a note.
std::string Populate(Store& store, BlobStore& blobs) {
  const Actor admin = Actor::LocalAdmin();
  auto user = store.CreateUser(admin, {"", Role::kPatient, "p@example.org", "P", ""}, "password-1");
  auto doctor =
      store.CreateUser(admin, {"", Role::kPhysician, "d@example.org", "D", ""}, "password-2");
  EXPECT_TRUE(user && doctor);
  const Actor me{user->id, Role::kPatient};
  auto patient = store.CreatePatient(me, {"", user->id, "P", 1988, ""});
  EXPECT_TRUE(patient);
  EXPECT_TRUE(store.GrantShare(me, patient->id, doctor->id));
  Course c{"",          patient->id,  "",   "dupilumab", "il4r_antibody",
           "dupilumab", "300 mg q2w", "AA", true,        *Date::Parse("2025-01-06"),
           std::nullopt};
  auto course = store.StartCourse(me, c);
  EXPECT_TRUE(course);
  for (int n = 0; n < 3; ++n) {
    TrackingSession s = testing::SampleSession(patient->id, course->id, n);
    for (auto& photo : s.photos) {
      const std::string bytes = "photo " + photo.view + std::to_string(n);
      photo.sha256 = *blobs.Put(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
    }
    EXPECT_TRUE(store.RecordSession(me, s));
    if (n == 0) {
      // The first photo's analysis, with its two mask blobs: they travel in the backup too.
      auto queued = store.QueuePhotoAnalysis(me, patient->id, s.photos[0].sha256, "top");
      EXPECT_TRUE(queued);
      PhotoAnalysis done = *queued;
      done.status = "done";
      done.attempts = 1;
      for (auto [sha, text] : {std::pair{&done.scalp_mask_sha256, "scalp mask"},
                               {&done.loss_mask_sha256, "loss mask"}}) {
        const std::string bytes(text);
        *sha = *blobs.Put(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
      }
      done.result_json = R"({"hair_loss_percent":12.5})";
      EXPECT_TRUE(store.SavePhotoAnalysis(me, done));
    }
  }
  AdverseEvent e{"",           patient->id, course->id, "Conjunctivitis",
                 "10010741",   1,           "5.0",      *Date::Parse("2025-02-01"),
                 std::nullopt, "none",      false};
  EXPECT_TRUE(store.RecordAdverseEvent(me, e));
  EXPECT_TRUE(store.AddNote(me, {"", patient->id, "", "", "", "first month"}));
  return patient->id;
}

// `backup` with its last audit rows removed after checking that they name `entities`.
nlohmann::json WithoutAuditTail(nlohmann::json backup, const std::vector<std::string>& entities) {
  auto& rows = backup["tables"]["audit_log"]["rows"];
  EXPECT_GE(rows.size(), entities.size());
  for (std::size_t i = 0; i < entities.size(); ++i) {
    EXPECT_EQ(rows[rows.size() - entities.size() + i][5], entities[i]);
  }
  rows.erase(rows.end() - static_cast<std::ptrdiff_t>(entities.size()), rows.end());
  return backup;
}

class BackupTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && testing::PostgresTestUrl().empty()) {
      GTEST_SKIP() << "TRICHOLOG_TEST_POSTGRES_URL is not set; run under scripts/with-postgres.sh";
    }
  }
};

TEST_P(BackupTest, BackupRestoreBackupIsIdentical) {
  auto blob_dir = fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / testing::UniqueName("bk_");
  auto blobs = BlobStore::Open(blob_dir / "a");
  auto blobs2 = BlobStore::Open(blob_dir / "b");
  ASSERT_TRUE(blobs && blobs2);
  Opened a = OpenFresh(GetParam());
  Opened b = OpenFresh(GetParam());
  ASSERT_TRUE(a.store && b.store);
  Populate(*a.store, *blobs);
  BackupStats stats;
  auto first = BackupStore(*a.store, Actor::LocalAdmin(), &*blobs, &stats);
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(stats.blobs, 14);  // 12 photos + 2 masks
  auto restored = RestoreStore(*b.store, Actor::LocalAdmin(), *first, &*blobs2);
  ASSERT_TRUE(restored) << restored.error().ToString();
  auto second = BackupStore(*b.store, Actor::LocalAdmin(), &*blobs2);
  ASSERT_TRUE(second);
  // The same document, except that b's audit log goes on: the restore, then the second backup.
  EXPECT_EQ(first->dump(), WithoutAuditTail(*second, {"restore", "backup"}).dump());
  // Passwords survive (the Argon2id hashes are restored as they were).
  EXPECT_TRUE(b.store->Authenticate("p@example.org", "password-1"));
  // A second restore into a non-empty store is refused, and non-admins cannot back up.
  EXPECT_EQ(RestoreStore(*b.store, Actor::LocalAdmin(), *first, &*blobs2).error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(BackupStore(*b.store, {"x", Role::kPatient}, nullptr).error().code,
            ErrorCode::kPermissionDenied);
  testing::DropPostgresSchema(a.schema);
  testing::DropPostgresSchema(b.schema);
  fs::remove_all(blob_dir);
}

INSTANTIATE_TEST_SUITE_P(Backends, BackupTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

TEST(CrossBackend, SqliteExportImportedIntoPostgresExportsIdentically) {
  if (testing::PostgresTestUrl().empty()) {
    GTEST_SKIP() << "TRICHOLOG_TEST_POSTGRES_URL is not set; run under scripts/with-postgres.sh";
  }
  auto blobs =
      BlobStore::Open(fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / testing::UniqueName("xb_"));
  ASSERT_TRUE(blobs);
  Opened lite = OpenFresh("sqlite");
  Opened pg = OpenFresh("postgres");
  ASSERT_TRUE(lite.store && pg.store);
  const std::string patient_id = Populate(*lite.store, *blobs);
  auto record = lite.store->GetPatientRecord(Actor::LocalAdmin(), patient_id);
  ASSERT_TRUE(record);
  const std::string from_sqlite = RecordToJson(*record).dump(2);
  auto parsed = RecordFromJson(nlohmann::json::parse(from_sqlite));
  ASSERT_TRUE(parsed);
  ASSERT_TRUE(pg.store->ImportPatientRecord(Actor::LocalAdmin(), *parsed));
  auto again = pg.store->GetPatientRecord(Actor::LocalAdmin(), patient_id);
  ASSERT_TRUE(again);
  EXPECT_EQ(RecordToJson(*again).dump(2), from_sqlite);

  // The whole store moves too: a SQLite backup restored into PostgreSQL backs up identically.
  Opened pg2 = OpenFresh("postgres");
  auto blobs2 =
      BlobStore::Open(fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / testing::UniqueName("xb2_"));
  ASSERT_TRUE(blobs2);
  auto backup = BackupStore(*lite.store, Actor::LocalAdmin(), &*blobs);
  ASSERT_TRUE(backup) << backup.error().ToString();
  auto restored = RestoreStore(*pg2.store, Actor::LocalAdmin(), *backup, &*blobs2);
  ASSERT_TRUE(restored) << restored.error().ToString();
  auto backup2 = BackupStore(*pg2.store, Actor::LocalAdmin(), &*blobs2);
  ASSERT_TRUE(backup2);
  EXPECT_EQ(backup->dump(), WithoutAuditTail(*backup2, {"restore", "backup"}).dump());
  fs::remove_all(blobs->root());
  fs::remove_all(blobs2->root());
  testing::DropPostgresSchema(pg.schema);
  testing::DropPostgresSchema(pg2.schema);
}

}  // namespace
}  // namespace tricholog::store
