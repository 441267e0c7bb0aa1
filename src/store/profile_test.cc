// The onboarding profile (schema v5) on SQLite and PostgreSQL: display name and birth year,
// treatment history, current medications; authorised, audited, errors naming the field.
// PostgreSQL cases need TRICHOLOG_TEST_POSTGRES_URL (scripts/with-postgres.sh sets it).
#include <gtest/gtest.h>

#include <algorithm>

#include "store/store.h"
#include "store/store_test_util.h"

namespace tricholog::store {
namespace {

class ProfileTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && testing::PostgresTestUrl().empty()) {
      GTEST_SKIP() << "TRICHOLOG_TEST_POSTGRES_URL is not set; run under scripts/with-postgres.sh";
    }
    auto store = testing::OpenFreshTestStore(GetParam(), dir_, schemas_);
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    alice_ = MakeUser(Role::kPatient, "alice@example.org");
    bob_ = MakeUser(Role::kPatient, "bob@example.org");
    doctor_ = MakeUser(Role::kPhysician, "dr@example.org");
    auto pa = store_->CreatePatient(alice_, {"", alice_.user_id, "Alice", 1990, ""});
    ASSERT_TRUE(pa) << pa.error().ToString();
    alice_patient_ = pa->id;
  }
  void TearDown() override {
    for (const auto& s : schemas_) testing::DropPostgresSchema(s);
  }
  Actor MakeUser(Role role, const std::string& email) {
    auto user =
        store_->CreateUser(Actor::LocalAdmin(), {"", role, email, email, ""}, "password-" + email);
    EXPECT_TRUE(user) << user.error().ToString();
    return {user ? user->id : "", role};
  }
  int AuditCount(const std::string& action, const std::string& entity) {
    auto rows = store_->ListAudit(alice_, alice_patient_);
    EXPECT_TRUE(rows);
    return static_cast<int>(std::count_if(rows->begin(), rows->end(), [&](const AuditEntry& e) {
      return e.action == action && e.entity == entity;
    }));
  }

  const std::filesystem::path dir_ =
      std::filesystem::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / "profile_test";
  std::vector<std::string> schemas_;
  std::unique_ptr<Store> store_;
  Actor alice_, bob_, doctor_;
  std::string alice_patient_;
};

// The test store's clock starts at 2025-01-01: "today" for the date checks.
TEST_P(ProfileTest, UpdatesNameAndBirthYearWithErrorsNamingTheField) {
  auto updated = store_->UpdatePatientProfile(alice_, alice_patient_, "Alice B", 1991);
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->display_name, "Alice B");
  EXPECT_EQ(updated->birth_year, 1991);
  EXPECT_EQ(store_->GetPatient(alice_, alice_patient_)->display_name, "Alice B");
  auto cleared = store_->UpdatePatientProfile(alice_, alice_patient_, "Alice B", std::nullopt);
  ASSERT_TRUE(cleared);
  EXPECT_FALSE(cleared->birth_year);

  auto future = store_->UpdatePatientProfile(alice_, alice_patient_, "Alice", 2026);
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().field, "birth_year");
  EXPECT_NE(future.error().message.find("1900 to 2025"), std::string::npos);
  EXPECT_EQ(store_->UpdatePatientProfile(alice_, alice_patient_, "Alice", 1899).error().field,
            "birth_year");
  EXPECT_EQ(store_->UpdatePatientProfile(alice_, alice_patient_, "  ", 1990).error().field,
            "display_name");
  EXPECT_EQ(store_->UpdatePatientProfile(bob_, alice_patient_, "Mallory", 1990).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(store_->UpdatePatientProfile(doctor_, alice_patient_, "Dr", 1990).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(store_->GetPatient(alice_, alice_patient_)->display_name, "Alice B");
  EXPECT_EQ(AuditCount("update", "patient"), 2);
}

TEST_P(ProfileTest, TreatmentHistoryAndMedicationsRoundTrip) {
  PastTreatment t{"",
                  alice_patient_,
                  "intralesional triamcinolone",
                  Date::Parse("2023-02-01").value(),
                  Date::Parse("2023-08-01").value(),
                  "patches regrew, then came back",
                  ""};
  auto added = store_->AddPastTreatment(alice_, t);
  ASSERT_TRUE(added) << added.error().ToString();
  EXPECT_FALSE(added->id.empty());
  EXPECT_FALSE(added->recorded_at.empty());
  ASSERT_TRUE(store_->AddPastTreatment(
      alice_, {"", alice_patient_, "minoxidil 5 %", std::nullopt, std::nullopt, "", ""}));
  auto med = store_->AddMedication(alice_, {"", alice_patient_, "cetirizine", "10 mg once a day",
                                            Date::Parse("2024-05-01").value(), ""});
  ASSERT_TRUE(med) << med.error().ToString();
  ASSERT_TRUE(
      store_->AddMedication(alice_, {"", alice_patient_, "vitamin d", "", std::nullopt, ""}));

  auto profile = store_->GetPatientProfile(alice_, alice_patient_);
  ASSERT_TRUE(profile) << profile.error().ToString();
  EXPECT_EQ(profile->patient.display_name, "Alice");
  ASSERT_EQ(profile->treatment_history.size(), 2u);
  EXPECT_EQ(profile->treatment_history[0].name, "minoxidil 5 %");  // unknown start first
  EXPECT_EQ(profile->treatment_history[1].name, "intralesional triamcinolone");
  EXPECT_EQ(profile->treatment_history[1].ended_on, Date::Parse("2023-08-01").value());
  EXPECT_EQ(profile->treatment_history[1].response, "patches regrew, then came back");
  ASSERT_EQ(profile->medications.size(), 2u);
  EXPECT_EQ(profile->medications[0].name, "cetirizine");
  EXPECT_EQ(profile->medications[0].dose, "10 mg once a day");
  EXPECT_EQ(profile->medications[0].since, Date::Parse("2024-05-01").value());
  EXPECT_FALSE(profile->medications[1].since);

  ASSERT_TRUE(store_->RemoveMedication(alice_, alice_patient_, med->id));
  EXPECT_EQ(store_->GetPatientProfile(alice_, alice_patient_)->medications.size(), 1u);
  EXPECT_EQ(store_->RemoveMedication(alice_, alice_patient_, med->id).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(AuditCount("create", "treatment_history"), 2);
  EXPECT_EQ(AuditCount("create", "medication"), 2);
  EXPECT_EQ(AuditCount("delete", "medication"), 1);
  EXPECT_GE(AuditCount("read", "profile"), 2);
}

TEST_P(ProfileTest, RefusesBadInputAndOtherPeoplesRecords) {
  auto bad = [&](PastTreatment t) {
    t.patient_id = alice_patient_;
    auto r = store_->AddPastTreatment(alice_, t);
    EXPECT_FALSE(r);
    return r ? std::string() : r.error().field;
  };
  EXPECT_EQ(bad({"", "", "", std::nullopt, std::nullopt, "", ""}), "name");
  EXPECT_EQ(bad({"", "", std::string(201, 'x'), std::nullopt, std::nullopt, "", ""}), "name");
  EXPECT_EQ(bad({"", "", "x", Date::Parse("1899-12-31").value(), std::nullopt, "", ""}),
            "started_on");
  EXPECT_EQ(bad({"", "", "x", std::nullopt, Date::Parse("2025-01-02").value(), "", ""}),
            "ended_on");  // after today
  EXPECT_EQ(bad({"", "", "x", Date::Parse("2024-01-02").value(), Date::Parse("2024-01-01").value(),
                 "", ""}),
            "ended_on");  // before the start
  EXPECT_EQ(bad({"", "", "x", std::nullopt, std::nullopt, std::string(2001, 'r'), ""}), "response");
  auto med = store_->AddMedication(
      alice_, {"", alice_patient_, "x", "", Date::Parse("2030-01-01").value(), ""});
  ASSERT_FALSE(med);
  EXPECT_EQ(med.error().field, "since");
  EXPECT_NE(med.error().message.find("2030-01-01 is out of range"), std::string::npos);

  EXPECT_EQ(
      store_->AddMedication(bob_, {"", alice_patient_, "x", "", std::nullopt, ""}).error().code,
      ErrorCode::kPermissionDenied);
  EXPECT_EQ(store_->GetPatientProfile(bob_, alice_patient_).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(store_->GetPatientProfile(alice_, alice_patient_)->medications.size(), 0u);
  EXPECT_EQ(store_->GetPatientProfile(alice_, alice_patient_)->treatment_history.size(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, ProfileTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace tricholog::store
