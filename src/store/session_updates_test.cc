// Store::UpdateSessionSaltRegions on SQLite and PostgreSQL: the regions are replaced in one
// transaction and read back, the change is audited, invalid regions are refused naming the
// field (nothing written), and another patient or an unknown session is refused. The same for
// ReplaceSessionPhoto (a retaken view).
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

// A retaken view: the session's photo of that view points at the new photo (the others and the
// order stay), audited; bad photos name the field, a view the session lacks is kNotFound naming
// "photo.view", another patient is refused and nothing changes.
TEST_P(SessionUpdatesTest, ReplaceSessionPhotoPointsOneViewAtTheNewPhoto) {
  auto shas = [this] {
    std::vector<std::string> out;
    auto session = store_->GetSession(alice_, session_id_);
    EXPECT_TRUE(session);
    if (session) {
      for (const SessionPhoto& p : session->photos) out.push_back(p.view + ":" + p.sha256);
    }
    return out;
  };
  auto before = store_->GetSession(alice_, session_id_);
  ASSERT_TRUE(before);
  const std::string new_sha(64, 'e');
  auto replaced = store_->ReplaceSessionPhoto(alice_, session_id_, {"back", new_sha, 800, 600});
  ASSERT_TRUE(replaced) << replaced.error().ToString();
  ASSERT_EQ(replaced->photos.size(), before->photos.size());
  for (std::size_t i = 0; i < before->photos.size(); ++i) {
    EXPECT_EQ(replaced->photos[i].view, before->photos[i].view);
    if (before->photos[i].view == "back") {
      EXPECT_EQ(replaced->photos[i].sha256, new_sha);
      EXPECT_EQ(replaced->photos[i].width_px, 800);
      EXPECT_EQ(replaced->photos[i].height_px, 600);
    } else {
      EXPECT_EQ(replaced->photos[i].sha256, before->photos[i].sha256);
    }
  }
  const std::vector<std::string> after = shas();
  ASSERT_EQ(after.size(), before->photos.size());

  auto bad_sha = store_->ReplaceSessionPhoto(alice_, session_id_, {"top", "ABC", 800, 600});
  ASSERT_FALSE(bad_sha);
  EXPECT_EQ(bad_sha.error().field, "photo.sha256");
  auto bad_view = store_->ReplaceSessionPhoto(alice_, session_id_, {"crown", new_sha, 800, 600});
  ASSERT_FALSE(bad_view);
  EXPECT_EQ(bad_view.error().field, "photo.view");
  auto bad_size = store_->ReplaceSessionPhoto(alice_, session_id_, {"top", new_sha, 0, 600});
  ASSERT_FALSE(bad_size);
  EXPECT_EQ(bad_size.error().field, "photo.width_px");
  auto no_front = store_->ReplaceSessionPhoto(alice_, session_id_, {"front", new_sha, 800, 600});
  ASSERT_FALSE(no_front);
  EXPECT_EQ(no_front.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(no_front.error().field, "photo.view");
  auto other = store_->ReplaceSessionPhoto(bob_, session_id_, {"top", new_sha, 800, 600});
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(shas(), after);

  auto audit = store_->ListAudit(alice_, alice_patient_);
  ASSERT_TRUE(audit);
  int updates = 0;
  for (const AuditEntry& e : *audit) {
    updates += e.action == "update" && e.entity == "session" && e.entity_id == session_id_;
  }
  EXPECT_EQ(updates, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, SessionUpdatesTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& backend) { return backend.param; });

}  // namespace
}  // namespace tricholog::store
