// Migrations: a store created at schema version 1 with data opens under the current code with its
// data intact and the version-2 additions working. Runs on both backends.
#include <gtest/gtest.h>

#include "store/migrations.h"
#include "store/store.h"
#include "store/store_test_util.h"

namespace tricholog::store {
namespace {

class MigrationTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && testing::PostgresTestUrl().empty()) {
      GTEST_SKIP() << "TRICHOLOG_TEST_POSTGRES_URL is not set; run under scripts/with-postgres.sh";
    }
  }
  void TearDown() override { testing::DropPostgresSchema(schema_); }

  std::unique_ptr<Database> OpenAtVersion1() {
    auto db = testing::OpenTestDatabase(
        GetParam(), std::filesystem::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / "migration_test");
    EXPECT_TRUE(db) << db.error().ToString();
    schema_ = db->schema;
    auto applied = Migrate(*db->db, "2024-01-01T00:00:00Z", 1);
    EXPECT_TRUE(applied) << applied.error().ToString();
    EXPECT_EQ(*applied, std::vector<int>{1});
    return std::move(db->db);
  }

  // Rows as a version-1 tricholog wrote them.
  static void WriteVersion1Data(Database& db) {
    const char* statements[] = {
        "INSERT INTO users VALUES ('u1', 'patient', 'p@example.org', 'P', 'x', "
        "'2024-01-01T00:00:00Z')",
        "INSERT INTO patients VALUES ('p1', 'u1', 'P', 1980, '2024-01-01T00:00:00Z')",
        "INSERT INTO sessions VALUES ('s1', 'p1', NULL, '2024-02-01', NULL, 4, 10, 6, 'u1', "
        "'2024-02-01T10:00:00Z')",
        "INSERT INTO session_salt_regions VALUES ('s1', 0, 'top', 55.5)",
        "INSERT INTO session_photos VALUES ('s1', 0, 'top', "
        "'0000000000000000000000000000000000000000000000000000000000000001', 800, 600)",
    };
    for (const char* sql : statements) {
      auto r = db.Query(sql, {});
      ASSERT_TRUE(r) << sql << ": " << r.error().ToString();
    }
  }

  std::string schema_;
};

TEST_P(MigrationTest, Version1DataSurvivesAndVersion2Works) {
  auto db = OpenAtVersion1();
  ASSERT_NE(db, nullptr);
  WriteVersion1Data(*db);
  StoreOptions options;
  options.clock = std::make_shared<SteppingClock>();
  auto store = Store::Open(std::move(db), options);
  ASSERT_TRUE(store) << store.error().ToString();
  EXPECT_EQ(*(*store)->SchemaVersion(), LatestSchemaVersion(GetParam()));
  const Actor patient{"u1", Role::kPatient};
  auto old = (*store)->GetSession(patient, "s1");
  ASSERT_TRUE(old) << old.error().ToString();
  EXPECT_EQ(old->itch_nrs, 4);
  ASSERT_EQ(old->salt_regions.size(), 1u);
  EXPECT_DOUBLE_EQ(old->salt_regions[0].loss_pct, 55.5);
  EXPECT_FALSE(old->vellus_fraction.has_value());
  EXPECT_TRUE(old->injection_site_reactions.empty());

  TrackingSession next = testing::SampleSession("p1", "", 3);
  next.vellus_fraction = 0.25;
  auto written = (*store)->RecordSession(patient, next);
  ASSERT_TRUE(written) << written.error().ToString();
  auto read = (*store)->GetSession(patient, written->id);
  ASSERT_TRUE(read);
  EXPECT_DOUBLE_EQ(read->vellus_fraction.value_or(-1), 0.25);
  ASSERT_EQ(read->injection_site_reactions.size(), 1u);
  EXPECT_EQ(read->injection_site_reactions[0].ctcae_grade, 1);
}

TEST_P(MigrationTest, OpeningAnOldSchemaWithoutMigratingAsksForMigrate) {
  auto db = OpenAtVersion1();
  ASSERT_NE(db, nullptr);
  StoreOptions options;
  options.migrate_on_open = false;
  auto store = Store::Open(std::move(db), options);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kConflict);
  EXPECT_NE(store.error().message.find("tricholog migrate"), std::string::npos);
}

TEST_P(MigrationTest, MigrateIsIdempotent) {
  auto db = OpenAtVersion1();
  ASSERT_NE(db, nullptr);
  auto first = Migrate(*db, "2024-01-02T00:00:00Z");
  ASSERT_TRUE(first);
  std::vector<int> expected;  // every version after 1, in order
  for (int v = 2; v <= LatestSchemaVersion(GetParam()); ++v) expected.push_back(v);
  EXPECT_EQ(*first, expected);
  auto second = Migrate(*db, "2024-01-03T00:00:00Z");
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->empty());
  EXPECT_FALSE(Migrate(*db, "x", 99));
}

TEST_P(MigrationTest, RefusesADatabaseNewerThanTheBinary) {
  auto db = OpenAtVersion1();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Query("INSERT INTO schema_migrations VALUES (999, 'future', 'x')", {}));
  auto r = Migrate(*db, "2024-01-02T00:00:00Z");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace tricholog::store
