// The integration suite: every test runs against SQLite and PostgreSQL alike. PostgreSQL cases
// need TRICHOLOG_TEST_POSTGRES_URL (scripts/with-postgres.sh sets it) and skip without it.
#include "store/store.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "store/migrations.h"
#include "store/record_json.h"
#include "store/store_test_util.h"

namespace tricholog::store {
namespace {

using testing::OpenFreshTestStore;
using testing::OpenTestDatabase;
using testing::SampleSession;

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && testing::PostgresTestUrl().empty()) {
      GTEST_SKIP() << "TRICHOLOG_TEST_POSTGRES_URL is not set; run under scripts/with-postgres.sh";
    }
    store_ = OpenFresh();
    ASSERT_NE(store_, nullptr);
    auto admin_user = store_->CreateUser(
        admin_, {"", Role::kAdmin, "admin@example.org", "Admin", ""}, "correct horse battery");
    ASSERT_TRUE(admin_user) << admin_user.error().ToString();
    alice_ = MakeUser(Role::kPatient, "alice@example.org");
    bob_ = MakeUser(Role::kPatient, "bob@example.org");
    doctor_ = MakeUser(Role::kPhysician, "dr.h@example.org");
    auto pa = store_->CreatePatient(alice_, {"", alice_.user_id, "Alice", 1990, ""});
    ASSERT_TRUE(pa) << pa.error().ToString();
    alice_patient_ = pa->id;
    auto pb = store_->CreatePatient(admin_, {"", bob_.user_id, "Bob", 1985, ""});
    ASSERT_TRUE(pb) << pb.error().ToString();
    bob_patient_ = pb->id;
  }

  void TearDown() override {
    for (const auto& s : schemas_) testing::DropPostgresSchema(s);
  }

  std::unique_ptr<Store> OpenFresh() {
    auto store = OpenFreshTestStore(GetParam(), dir_, schemas_);
    EXPECT_TRUE(store) << store.error().ToString();
    return store ? std::move(*store) : nullptr;
  }

  Actor MakeUser(Role role, const std::string& email) {
    auto user = store_->CreateUser(admin_, {"", role, email, email, ""}, "password-" + email);
    EXPECT_TRUE(user) << user.error().ToString();
    return {user ? user->id : "", role};
  }

  Course AliceCourse() {
    Course c;
    c.patient_id = alice_patient_;
    c.protocol_id = "dupilumab";
    c.treatment_class = "il4r_antibody";
    c.medication = "dupilumab";
    c.dosing = "600 mg loading dose, then 300 mg every 2 weeks";
    c.reason = "alopecia areata with atopic dermatitis";
    c.off_label = true;
    c.start_date = *Date::Parse("2025-01-06");
    auto course = store_->StartCourse(alice_, c);
    EXPECT_TRUE(course) << course.error().ToString();
    return *course;
  }

  const std::filesystem::path dir_ =
      std::filesystem::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / "store_test";
  std::vector<std::string> schemas_;
  std::unique_ptr<Store> store_;
  Actor admin_ = Actor::LocalAdmin();
  Actor alice_, bob_, doctor_;
  std::string alice_patient_, bob_patient_;
};

TEST_P(StoreTest, OpensAtTheLatestSchemaVersion) {
  auto version = store_->SchemaVersion();
  ASSERT_TRUE(version);
  EXPECT_EQ(*version, LatestSchemaVersion(GetParam()));
  EXPECT_GE(*version, 2);
}

TEST_P(StoreTest, RecordedSessionReadsBackWithEveryDataPoint) {
  const Course course = AliceCourse();
  TrackingSession in = SampleSession(alice_patient_, course.id, 7);
  auto written = store_->RecordSession(alice_, in);
  ASSERT_TRUE(written) << written.error().ToString();
  EXPECT_EQ(written->recorded_by, alice_.user_id);
  auto read = store_->GetSession(alice_, written->id);
  ASSERT_TRUE(read) << read.error().ToString();
  in.id = written->id;
  in.recorded_by = written->recorded_by;
  in.recorded_at = written->recorded_at;
  PatientRecord a, b;
  a.sessions = {in};
  b.sessions = {*read};
  EXPECT_EQ(RecordToJson(a).dump(), RecordToJson(b).dump());
  EXPECT_EQ(read->photos.size(), 4u);
  EXPECT_EQ(read->easi_regions.at(2).region, "trunk");
  ASSERT_TRUE(read->vellus_fraction.has_value());
  EXPECT_DOUBLE_EQ(*read->vellus_fraction, *in.vellus_fraction);
}

// Schema v8: the patient's answer to "has your hair changed?" reads back as written, and not
// asked reads back as not asked.
TEST_P(StoreTest, ReportedHairChangeReadsBackAndNotAskedStaysEmpty) {
  for (const std::optional<std::string>& change :
       {std::optional<std::string>(), std::optional<std::string>("none"),
        std::optional<std::string>("less_hair"), std::optional<std::string>("more_hair")}) {
    TrackingSession in = SampleSession(alice_patient_, "", 1);
    in.patient_reported_hair_change = change;
    auto written = store_->RecordSession(alice_, in);
    ASSERT_TRUE(written) << written.error().ToString();
    auto read = store_->GetSession(alice_, written->id);
    ASSERT_TRUE(read) << read.error().ToString();
    EXPECT_EQ(read->patient_reported_hair_change, change);
    auto listed = store_->ListSessions(alice_, alice_patient_);
    ASSERT_TRUE(listed);
    for (const TrackingSession& s : *listed) {
      if (s.id == written->id) {
        EXPECT_EQ(s.patient_reported_hair_change, change);
      }
    }
  }
}

TEST_P(StoreTest, ReportedHairChangeOtherThanTheThreeAnswersIsRefused) {
  TrackingSession s = SampleSession(alice_patient_, "", 1);
  s.patient_reported_hair_change = "not_sure";
  auto r = store_->RecordSession(alice_, s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "session.patient_reported_hair_change");
  EXPECT_NE(r.error().message.find("allowed: none, less_hair, more_hair"), std::string::npos);
  // The database refuses it too (the column's CHECK), for a writer that skips the store.
  auto recorded = store_->RecordSession(alice_, SampleSession(alice_patient_, "", 2));
  ASSERT_TRUE(recorded);
  auto bad = store_->database().Query(
      "UPDATE sessions SET patient_reported_hair_change = 'maybe' WHERE id = ?", {recorded->id});
  EXPECT_FALSE(bad);
}

TEST_P(StoreTest, PatientCannotReadAnotherPatientsData) {
  auto bobs = store_->RecordSession(bob_, SampleSession(bob_patient_, "", 1));
  ASSERT_TRUE(bobs) << bobs.error().ToString();
  EXPECT_EQ(store_->GetPatient(alice_, bob_patient_).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(store_->GetSession(alice_, bobs->id).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(store_->ListSessions(alice_, bob_patient_).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(store_->GetPatientRecord(alice_, bob_patient_).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(store_->RecordSession(alice_, SampleSession(bob_patient_, "", 2)).error().code,
            ErrorCode::kPermissionDenied);
  // A patient cannot see the list entry either, nor probe for ids that do not exist.
  auto listed = store_->ListPatients(alice_);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->at(0).id, alice_patient_);
  EXPECT_EQ(store_->GetPatient(alice_, "no-such-patient").error().code,
            ErrorCode::kPermissionDenied);
  // Bob's own view still works, and the refusals are in his audit log.
  EXPECT_TRUE(store_->GetSession(bob_, bobs->id));
  auto audit = store_->ListAudit(admin_, bob_patient_);
  ASSERT_TRUE(audit);
  int denied = 0;
  for (const auto& e : *audit)
    denied += (e.action == "denied" && e.actor_user_id == alice_.user_id);
  EXPECT_EQ(denied, 5);
}

TEST_P(StoreTest, PhysicianNeedsAnActiveShare) {
  EXPECT_EQ(store_->GetPatient(doctor_, alice_patient_).error().code, ErrorCode::kPermissionDenied);
  auto share = store_->GrantShare(alice_, alice_patient_, doctor_.user_id);
  ASSERT_TRUE(share) << share.error().ToString();
  EXPECT_TRUE(store_->GetPatient(doctor_, alice_patient_));
  EXPECT_EQ(store_->GetPatient(doctor_, bob_patient_).error().code, ErrorCode::kPermissionDenied);
  auto listed = store_->ListPatients(doctor_);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->size(), 1u);
  // Alice cannot share Bob's record, and a physician cannot pass access on.
  EXPECT_EQ(store_->GrantShare(alice_, bob_patient_, doctor_.user_id).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(store_->GrantShare(doctor_, alice_patient_, doctor_.user_id).error().code,
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(store_->RevokeShare(alice_, share->id));
  EXPECT_EQ(store_->GetPatient(doctor_, alice_patient_).error().code, ErrorCode::kPermissionDenied);
  auto record = store_->GetPatientRecord(alice_, alice_patient_);
  ASSERT_TRUE(record);
  ASSERT_EQ(record->shares.size(), 1u);
  EXPECT_TRUE(record->shares[0].revoked_at.has_value());
}

TEST_P(StoreTest, SharingOnlyWithPhysicians) {
  auto r = store_->GrantShare(alice_, alice_patient_, bob_.user_id);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().field, "physician_user_id");
}

TEST_P(StoreTest, AdminRoleIsCheckedAgainstTheUserTable) {
  const Actor forged{alice_.user_id, Role::kAdmin};
  EXPECT_EQ(store_->GetPatient(forged, bob_patient_).error().code, ErrorCode::kPermissionDenied);
  auto all = store_->ListPatients(admin_);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 2u);
  auto none = store_->ListPatients(forged);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_P(StoreTest, OnlyAdminsCreateUsers) {
  auto r = store_->CreateUser(alice_, {"", Role::kAdmin, "evil@example.org", "x", ""}, "12345678x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied);
  auto dup =
      store_->CreateUser(admin_, {"", Role::kPatient, "alice@example.org", "x", ""}, "12345678x");
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field, "user.email");
}

TEST_P(StoreTest, AuthenticatesWithArgon2idHashes) {
  auto ok = store_->Authenticate("alice@example.org", "password-alice@example.org");
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(ok->user_id, alice_.user_id);
  EXPECT_EQ(ok->role, Role::kPatient);
  EXPECT_EQ(store_->Authenticate("alice@example.org", "wrong password").error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(store_->Authenticate("nobody@example.org", "whatever1").error().code,
            ErrorCode::kPermissionDenied);
  auto hash =
      store_->database().Query("SELECT password_hash FROM users WHERE id = ?", {alice_.user_id});
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->rows.at(0).at(0)->rfind("$argon2id$", 0), 0u);
}

TEST_P(StoreTest, ReadsAndWritesAreAudited) {
  const Course course = AliceCourse();
  auto s = store_->RecordSession(alice_, SampleSession(alice_patient_, course.id, 1));
  ASSERT_TRUE(s);
  ASSERT_TRUE(store_->GetSession(alice_, s->id));
  auto audit = store_->ListAudit(alice_, alice_patient_);
  ASSERT_TRUE(audit);
  std::vector<std::string> actions;
  for (const auto& e : *audit) actions.push_back(e.action + " " + e.entity);
  const std::vector<std::string> expected = {"create patient", "create course", "create session",
                                             "read session"};
  EXPECT_EQ(actions, expected);
  EXPECT_EQ(audit->back().actor_user_id, alice_.user_id);
  EXPECT_LT(audit->front().at, audit->back().at);
  EXPECT_EQ(store_->ListAudit(doctor_, alice_patient_).error().code, ErrorCode::kPermissionDenied);
}

TEST_P(StoreTest, AuditLogIsAppendOnly) {
  auto update = store_->database().Query("UPDATE audit_log SET actor_user_id = 'x'", {});
  EXPECT_FALSE(update);
  auto del = store_->database().Query("DELETE FROM audit_log", {});
  EXPECT_FALSE(del);
}

TEST_P(StoreTest, InvalidSessionNamesTheFieldAndRange) {
  TrackingSession s = SampleSession(alice_patient_, "", 1);
  s.itch_nrs = 11;
  auto r = store_->RecordSession(alice_, s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "session.itch_nrs");
  EXPECT_NE(r.error().message.find("allowed 0 to 10"), std::string::npos);
  s = SampleSession(alice_patient_, "", 1);
  s.salt_regions[1].loss_pct = 120;
  EXPECT_EQ(store_->RecordSession(alice_, s).error().field, "session.salt_regions[1].loss_pct");
}

TEST_P(StoreTest, SessionOnAnotherPatientsCourseIsRefused) {
  const Course course = AliceCourse();
  auto r = store_->RecordSession(admin_, SampleSession(bob_patient_, course.id, 1));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "session.course_id");
}

TEST_P(StoreTest, FailedTransactionLeavesNothingBehind) {
  std::string id;
  auto r = store_->RunInTransaction([&]() -> Result<void> {
    auto s = store_->RecordSession(alice_, SampleSession(alice_patient_, "", 3));
    if (!s) return tl::unexpected(s.error());
    id = s->id;
    return MakeError(ErrorCode::kConflict, "abandon");
  });
  ASSERT_FALSE(r);
  ASSERT_FALSE(id.empty());
  auto rows =
      store_->database().Query("SELECT COUNT(*) FROM session_photos WHERE session_id = ?", {id});
  ASSERT_TRUE(rows);
  EXPECT_EQ(*rows->rows[0][0], "0");
  // A duplicate id fails on the session row; none of its data points are written.
  TrackingSession s = SampleSession(alice_patient_, "", 4);
  s.id = "fixed-id";
  ASSERT_TRUE(store_->RecordSession(alice_, s));
  s.salt_regions.push_back({"top", 1});
  EXPECT_EQ(store_->RecordSession(alice_, s).error().code, ErrorCode::kConflict);
  auto again = store_->GetSession(alice_, "fixed-id");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->salt_regions.size(), 4u);
}

TEST_P(StoreTest, AdverseEventsKeepCtcaeGradeAndVersion) {
  const Course course = AliceCourse();
  AdverseEvent e;
  e.patient_id = alice_patient_;
  e.course_id = course.id;
  e.term = "Conjunctivitis";
  e.ctcae_grade = 2;
  e.ctcae_version = "5.0";
  e.onset = *Date::Parse("2025-02-10");
  e.resolved = *Date::Parse("2025-03-01");
  e.action_taken = "none";
  ASSERT_TRUE(store_->RecordAdverseEvent(alice_, e));
  e.ctcae_version = "4.03";
  auto bad = store_->RecordAdverseEvent(alice_, e);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "adverse_event.ctcae_version");
  auto record = store_->GetPatientRecord(alice_, alice_patient_);
  ASSERT_TRUE(record);
  ASSERT_EQ(record->adverse_events.size(), 1u);
  EXPECT_EQ(record->adverse_events[0].ctcae_grade, 2);
  EXPECT_EQ(record->adverse_events[0].ctcae_version, "5.0");
}

TEST_P(StoreTest, ExportImportExportIsIdentical) {
  const Course course = AliceCourse();
  Condition aa{"",      alice_patient_, "alopecia_areata", "68225006",
               "L63.9", "ED70.2",       "patchy",          *Date::Parse("2023-05-01")};
  ASSERT_TRUE(store_->AddCondition(alice_, aa));
  ASSERT_TRUE(store_->RecordAdministration(
      alice_, {"", course.id, *Date::Parse("2025-01-06"), 600, "abdomen_left"}));
  for (int n = 0; n < 3; ++n) {
    ASSERT_TRUE(store_->RecordSession(alice_, SampleSession(alice_patient_, course.id, n)));
  }
  ASSERT_TRUE(store_->AddNote(alice_, {"", alice_patient_, "", "", "", "itch better this week"}));
  ASSERT_TRUE(store_->GrantShare(alice_, alice_patient_, doctor_.user_id));
  auto first = store_->GetPatientRecord(admin_, alice_patient_);
  ASSERT_TRUE(first);
  const std::string exported = RecordToJson(*first).dump(2);

  auto other = OpenFresh();
  ASSERT_NE(other, nullptr);
  for (const auto& [id, role, email] :
       {std::tuple{alice_.user_id, Role::kPatient, "alice@example.org"},
        std::tuple{doctor_.user_id, Role::kPhysician, "dr.h@example.org"}}) {
    ASSERT_TRUE(other->CreateUser(admin_, {id, role, email, email, ""}, "password-x"));
  }
  auto parsed = RecordFromJson(nlohmann::json::parse(exported));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_TRUE(other->ImportPatientRecord(admin_, *parsed));
  auto second = other->GetPatientRecord(admin_, alice_patient_);
  ASSERT_TRUE(second);
  EXPECT_EQ(RecordToJson(*second).dump(2), exported);
  EXPECT_EQ(other->ImportPatientRecord(admin_, *parsed).error().code, ErrorCode::kConflict);
  EXPECT_EQ(other->ImportPatientRecord(alice_, *parsed).error().code, ErrorCode::kPermissionDenied);
}

TEST_P(StoreTest, ReadsAreAuditedAndLeaveFullDurabilityForWrites) {
  const bool sqlite = GetParam() == "sqlite";
  // The test cluster runs with synchronous_commit off (scripts/with-postgres.sh): on here.
  if (!sqlite) {
    ASSERT_TRUE(store_->database().ExecScript("SET synchronous_commit = on"));
  }
  auto setting =
      store_->database().Query(sqlite ? "PRAGMA synchronous" : "SHOW synchronous_commit", {});
  ASSERT_TRUE(setting);
  const std::string before = setting->rows.at(0).at(0).value_or("");
  ASSERT_TRUE(store_->GetPatient(alice_, alice_patient_));
  ASSERT_TRUE(store_->ListSessions(alice_, alice_patient_));
  EXPECT_EQ(store_->GetPatient(bob_, alice_patient_).error().code, ErrorCode::kPermissionDenied);
  auto audit = store_->ListAudit(admin_, alice_patient_);
  ASSERT_TRUE(audit);
  int reads = 0, denied = 0;
  for (const auto& e : *audit) {
    reads += e.action == "read" && e.actor_user_id == alice_.user_id;
    denied += e.action == "denied" && e.actor_user_id == bob_.user_id;
  }
  EXPECT_EQ(reads, 2);
  EXPECT_EQ(denied, 1);
  // A read's commit may skip waiting for the disk; the setting is back for the next write.
  auto after =
      store_->database().Query(sqlite ? "PRAGMA synchronous" : "SHOW synchronous_commit", {});
  ASSERT_TRUE(after);
  EXPECT_EQ(after->rows.at(0).at(0).value_or(""), before);
  EXPECT_EQ(before, sqlite ? "2" : "on");  // FULL, as the store opens it; on, as set above
}

TEST_P(StoreTest, PhotoAnalysesAreQueuedOnceAuthorisedAndAudited) {
  auto session = store_->RecordSession(alice_, SampleSession(alice_patient_, "", 3));
  ASSERT_TRUE(session) << session.error().ToString();
  const SessionPhoto photo = session->photos.at(0);
  auto queued = store_->QueuePhotoAnalysis(alice_, alice_patient_, photo.sha256, photo.view);
  ASSERT_TRUE(queued) << queued.error().ToString();
  EXPECT_EQ(queued->status, "pending");
  // Queuing again is a no-op that returns the row (an upload retried after a lost answer).
  PhotoAnalysis done = *queued;
  done.status = "done";
  done.attempts = 1;
  done.scalp_mask_sha256 = std::string(64, 'b');
  done.loss_mask_sha256 = std::string(64, 'c');
  done.result_json = R"({"hair_loss_percent": 12.5})";
  ASSERT_TRUE(store_->SavePhotoAnalysis(alice_, done));
  auto again = store_->QueuePhotoAnalysis(alice_, alice_patient_, photo.sha256, photo.view);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, "done");
  auto read = store_->GetPhotoAnalysis(alice_, alice_patient_, photo.sha256);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->result_json, done.result_json);
  EXPECT_EQ(read->updated_by, alice_.user_id);
  // Masks belong to the patient's record; another patient's reads are refused and audited.
  EXPECT_TRUE(*store_->PhotoBelongsToPatient(alice_, alice_patient_, std::string(64, 'c')));
  EXPECT_FALSE(*store_->PhotoBelongsToPatient(alice_, alice_patient_, std::string(64, 'd')));
  EXPECT_EQ(store_->PhotoBelongsToPatient(bob_, alice_patient_, photo.sha256).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(store_->GetPhotoAnalysis(bob_, alice_patient_, photo.sha256).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(store_->QueuePhotoAnalysis(bob_, alice_patient_, photo.sha256, "top").error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(store_->PendingPhotoAnalyses(alice_).error().code, ErrorCode::kPermissionDenied);
  auto audit = store_->ListAudit(admin_, alice_patient_);
  ASSERT_TRUE(audit);
  std::vector<std::string> seen;
  for (const auto& e : *audit) {
    if (e.entity == "photo_analysis" || e.entity == "photo")
      seen.push_back(e.action + " " + e.entity);
  }
  EXPECT_EQ(std::count(seen.begin(), seen.end(), "create photo_analysis"), 1);
  EXPECT_EQ(std::count(seen.begin(), seen.end(), "update photo_analysis"), 1);
  EXPECT_GE(std::count(seen.begin(), seen.end(), "denied photo_analysis"), 2);
}

TEST_P(StoreTest, PhotoAnalysisFieldsAreChecked) {
  const std::string sha(64, 'e');
  EXPECT_EQ(store_->QueuePhotoAnalysis(alice_, alice_patient_, "ABC", "top").error().field,
            "photo_sha256");
  EXPECT_EQ(store_->QueuePhotoAnalysis(alice_, alice_patient_, sha, "crown").error().field, "view");
  auto queued = store_->QueuePhotoAnalysis(alice_, alice_patient_, sha, "top");
  ASSERT_TRUE(queued);
  PhotoAnalysis bad = *queued;
  bad.status = "done";  // done without masks
  EXPECT_EQ(store_->SavePhotoAnalysis(alice_, bad).error().field, "loss_mask_sha256");
  bad = *queued;
  bad.attempts = 101;
  EXPECT_EQ(store_->SavePhotoAnalysis(alice_, bad).error().field, "attempts");
  bad = *queued;
  bad.photo_sha256 = std::string(64, 'f');  // never queued
  EXPECT_EQ(store_->SavePhotoAnalysis(alice_, bad).error().code, ErrorCode::kNotFound);
  auto pending = store_->PendingPhotoAnalyses(admin_);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ(pending->at(0).photo_sha256, sha);
  auto listed = store_->ListPhotoAnalyses(alice_, alice_patient_);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace tricholog::store
