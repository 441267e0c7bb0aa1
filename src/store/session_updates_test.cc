// Store::UpdateSessionSaltRegions on SQLite and PostgreSQL: the regions are replaced in one
// transaction and read back, the change is audited, invalid regions are refused naming the
// field (nothing written), and another patient or an unknown session is refused.
#include <gtest/gtest.h>

#include "store/store.h"
#include "store/store_test_util.h"

namespace tricholog::store {
namespace {

class SessionUpdatesTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && testing::PostgresTestUrl().empty()) {
      GTEST_SKIP() << "TRICHOLOG_TEST_POSTGRES_URL is not set; run under scripts/with-postgres.sh";
    }
    auto store = testing::OpenFreshTestStore(GetParam(), dir_, schemas_);
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    alice_ = MakePatient("alice@example.org", alice_patient_);
    bob_ = MakePatient("bob@example.org", bob_patient_);
    TrackingSession session = testing::SampleSession(alice_patient_, "", 1);
    session.salt_regions = {{"top", 50}, {"back", 40}, {"left", 30}, {"right", 20}};
    auto recorded = store_->RecordSession(alice_, session);
    ASSERT_TRUE(recorded) << recorded.error().ToString();
    session_id_ = recorded->id;
  }
  void TearDown() override {
    for (const auto& s : schemas_) testing::DropPostgresSchema(s);
  }

  Actor MakePatient(const std::string& email, std::string& patient_id) {
    auto user = store_->CreateUser(Actor::LocalAdmin(), {"", Role::kPatient, email, email, ""},
                                   "password-" + email);
    EXPECT_TRUE(user) << user.error().ToString();
    const Actor actor{user->id, Role::kPatient};
    auto patient = store_->CreatePatient(actor, {"", user->id, email, 1990, ""});
    EXPECT_TRUE(patient) << patient.error().ToString();
    patient_id = patient->id;
    return actor;
  }

  std::vector<SaltRegionLoss> StoredRegions() {
    auto session = store_->GetSession(alice_, session_id_);
    EXPECT_TRUE(session) << session.error().ToString();
    return session ? session->salt_regions : std::vector<SaltRegionLoss>{};
  }

  const std::filesystem::path dir_ =
      std::filesystem::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / "session_updates_test";
  std::vector<std::string> schemas_;
  std::unique_ptr<Store> store_;
  Actor alice_, bob_;
  std::string alice_patient_, bob_patient_, session_id_;
};

TEST_P(SessionUpdatesTest, ReplacesTheRegionsAndAuditsTheUpdate) {
  auto updated = store_->UpdateSessionSaltRegions(
      alice_, session_id_, {{"top", 0}, {"back", 40}, {"left", 30}, {"right", 20.5}});
  ASSERT_TRUE(updated) << updated.error().ToString();
  ASSERT_EQ(updated->salt_regions.size(), 4u);
  EXPECT_EQ(updated->salt_regions[0].loss_pct, 0);
  const auto stored = StoredRegions();
  ASSERT_EQ(stored.size(), 4u);
  EXPECT_EQ(stored[0].region, "top");
  EXPECT_EQ(stored[0].loss_pct, 0);
  EXPECT_EQ(stored[3].region, "right");
  EXPECT_DOUBLE_EQ(stored[3].loss_pct, 20.5);
  // The other data points of the session are untouched.
  EXPECT_EQ(updated->photos.size(), testing::SampleSession(alice_patient_, "", 1).photos.size());

  auto audit = store_->ListAudit(alice_, alice_patient_);
  ASSERT_TRUE(audit);
  bool found = false;
  for (const AuditEntry& e : *audit) {
    found = found || (e.action == "update" && e.entity == "session" && e.entity_id == session_id_);
  }
  EXPECT_TRUE(found);

  // Fewer regions (a session whose other views are not analysed) are stored as given.
  ASSERT_TRUE(store_->UpdateSessionSaltRegions(alice_, session_id_, {{"top", 12}}));
  ASSERT_EQ(StoredRegions().size(), 1u);
}

TEST_P(SessionUpdatesTest, InvalidRegionsAreRefusedNamingTheFieldAndNothingChanges) {
  struct Case {
    std::vector<SaltRegionLoss> regions;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"top", 101}}, "salt_regions[0].loss_pct"},
      {{{"top", 10}, {"back", -1}}, "salt_regions[1].loss_pct"},
      {{{"crown", 10}}, "salt_regions[0].region"},
      {{{"top", 10}, {"top", 20}}, "salt_regions[1].region"},
  };
  for (const Case& c : cases) {
    auto refused = store_->UpdateSessionSaltRegions(alice_, session_id_, c.regions);
    ASSERT_FALSE(refused) << c.field;
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument) << c.field;
    EXPECT_EQ(refused.error().field, c.field);
  }
  const auto stored = StoredRegions();
  ASSERT_EQ(stored.size(), 4u);
  EXPECT_EQ(stored[0].loss_pct, 50);
}

TEST_P(SessionUpdatesTest, AnotherPatientAndUnknownSessionsAreRefused) {
  auto other = store_->UpdateSessionSaltRegions(bob_, session_id_, {{"top", 0}});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(StoredRegions()[0].loss_pct, 50);
  auto unknown = store_->UpdateSessionSaltRegions(Actor::LocalAdmin(), "no-such-session", {});
  ASSERT_FALSE(unknown);
  EXPECT_TRUE(unknown.error().code == ErrorCode::kNotFound ||
              unknown.error().code == ErrorCode::kPermissionDenied);
}

// Schema v7: each region's confirmation is stored, read back, kept through a regions update
// that gives it, and set per region by SetSaltRegionConfirmation.
TEST_P(SessionUpdatesTest, RegionConfirmationIsStoredAndSetPerRegion) {
  for (const SaltRegionLoss& r : StoredRegions()) EXPECT_EQ(r.confirmation, "automatic");
  auto accepted = store_->SetSaltRegionConfirmation(alice_, session_id_, "back", "user_accepted");
  ASSERT_TRUE(accepted) << accepted.error().ToString();
  auto stored = StoredRegions();
  ASSERT_EQ(stored.size(), 4u);
  EXPECT_EQ(stored[0].confirmation, "automatic");
  EXPECT_EQ(stored[1].region, "back");
  EXPECT_EQ(stored[1].confirmation, "user_accepted");
  EXPECT_EQ(stored[1].loss_pct, 40);  // the figure itself is unchanged

  auto corrected = store_->UpdateSessionSaltRegions(
      alice_, session_id_,
      {{"top", 10, "user_corrected"}, {"back", 40, "user_accepted"}, {"left", 30}, {"right", 20}});
  ASSERT_TRUE(corrected) << corrected.error().ToString();
  stored = StoredRegions();
  EXPECT_EQ(stored[0].confirmation, "user_corrected");
  EXPECT_EQ(stored[1].confirmation, "user_accepted");
  EXPECT_EQ(stored[2].confirmation, "automatic");

  auto audit = store_->ListAudit(alice_, alice_patient_);
  ASSERT_TRUE(audit);
  int updates = 0;
  for (const AuditEntry& e : *audit) {
    updates += e.action == "update" && e.entity == "session" && e.entity_id == session_id_;
  }
  EXPECT_EQ(updates, 2);
}

TEST_P(SessionUpdatesTest, RegionConfirmationRefusesBadValuesOthersAndMissingRegions) {
  auto bad = store_->SetSaltRegionConfirmation(alice_, session_id_, "top", "sure");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "confirmation");
  bad = store_->SetSaltRegionConfirmation(alice_, session_id_, "crown", "user_accepted");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "region");
  bad = store_->UpdateSessionSaltRegions(alice_, session_id_, {{"top", 10, "sure"}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "salt_regions[0].confirmation");
  auto other = store_->SetSaltRegionConfirmation(bob_, session_id_, "top", "user_accepted");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kPermissionDenied);
  ASSERT_TRUE(store_->UpdateSessionSaltRegions(alice_, session_id_, {{"top", 12}}));
  auto missing = store_->SetSaltRegionConfirmation(alice_, session_id_, "back", "user_accepted");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().field, "region");
  EXPECT_EQ(StoredRegions()[0].confirmation, "automatic");
}

INSTANTIATE_TEST_SUITE_P(Backends, SessionUpdatesTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& backend) { return backend.param; });

}  // namespace
}  // namespace tricholog::store
