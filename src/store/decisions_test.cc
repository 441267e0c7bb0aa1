// Schema v9: clinicians' decisions about a course (continue, stop, change treatment, with the
// reason). Who may record one, what is refused and why, and that they survive the record JSON,
// backups and a migration from schema 8. On SQLite and PostgreSQL alike.
#include <gtest/gtest.h>

#include <functional>

#include "store/backup.h"
#include "store/migrations.h"
#include "store/record_json.h"
#include "store/store.h"
#include "store/store_test_util.h"

namespace tricholog::store {
namespace {

class DecisionsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && testing::PostgresTestUrl().empty()) {
      GTEST_SKIP() << "TRICHOLOG_TEST_POSTGRES_URL is not set; run under scripts/with-postgres.sh";
    }
    store_ = OpenFresh();
    ASSERT_NE(store_, nullptr);
    alice_ = MakeUser(Role::kPatient, "alice@example.org");
    bob_ = MakeUser(Role::kPatient, "bob@example.org");
    doctor_ = MakeUser(Role::kPhysician, "dr.h@example.org");
    auto pa = store_->CreatePatient(alice_, {"", alice_.user_id, "Alice", 1990, ""});
    ASSERT_TRUE(pa) << pa.error().ToString();
    alice_patient_ = pa->id;
    auto pb = store_->CreatePatient(admin_, {"", bob_.user_id, "Bob", 1985, ""});
    ASSERT_TRUE(pb) << pb.error().ToString();
    bob_patient_ = pb->id;
    alice_course_ = StartCourse(alice_, alice_patient_);
    bob_course_ = StartCourse(bob_, bob_patient_);
  }

  void TearDown() override {
    for (const auto& s : schemas_) testing::DropPostgresSchema(s);
  }

  std::unique_ptr<Store> OpenFresh() {
    auto store = testing::OpenFreshTestStore(GetParam(), dir_, schemas_);
    EXPECT_TRUE(store) << store.error().ToString();
    return store ? std::move(*store) : nullptr;
  }

  Actor MakeUser(Role role, const std::string& email) {
    auto user = store_->CreateUser(admin_, {"", role, email, email, ""}, "password-" + email);
    EXPECT_TRUE(user) << user.error().ToString();
    return {user ? user->id : "", role};
  }

  std::string StartCourse(const Actor& actor, const std::string& patient_id) {
    Course c{"",          patient_id,   "",   "dupilumab", "il4r_antibody",
             "dupilumab", "300 mg q2w", "AA", true,        *Date::Parse("2025-01-06"),
             std::nullopt};
    auto course = store_->StartCourse(actor, c);
    EXPECT_TRUE(course) << course.error().ToString();
    return course ? course->id : "";
  }

  Decision AliceDecision(const char* on = "2025-04-01", std::optional<int> week = 12) const {
    return {"",
            alice_patient_,
            alice_course_,
            *Date::Parse(on),
            week,
            "continue",
            "SALT 60 -> 35, confirmed by the assessment",
            "",
            ""};
  }

  long long Count(const std::string& sql, const std::vector<SqlValue>& params = {}) {
    auto rows = store_->database().Query(sql, params);
    EXPECT_TRUE(rows) << rows.error().ToString();
    return rows ? std::stoll(rows->rows.at(0).at(0).value_or("0")) : -1;
  }

  const std::filesystem::path dir_ =
      std::filesystem::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / "decisions_test";
  std::vector<std::string> schemas_;
  std::unique_ptr<Store> store_;
  Actor admin_ = Actor::LocalAdmin();
  Actor alice_, bob_, doctor_;
  std::string alice_patient_, bob_patient_, alice_course_, bob_course_;
};

TEST_P(DecisionsTest, RecordedDecisionsReadBackByDateThenIdWithWhoAndWhen) {
  ASSERT_TRUE(store_->GrantShare(alice_, alice_patient_, doctor_.user_id));
  Decision later = AliceDecision("2025-06-30", 24);
  later.decision = "change_treatment";
  later.reason = "no SALT50 at week 24; \"JAK inhibitor\", see note\nsecond line";
  auto second = store_->RecordDecision(doctor_, later);
  ASSERT_TRUE(second) << second.error().ToString();
  auto first = store_->RecordDecision(admin_, AliceDecision("2025-04-01", std::nullopt));
  ASSERT_TRUE(first) << first.error().ToString();
  Decision same_day = AliceDecision("2025-04-01", 12);
  same_day.id = "0-first-by-id";  // sorts before the generated id on the same day
  same_day.decision = "stop";
  ASSERT_TRUE(store_->RecordDecision(admin_, same_day));

  EXPECT_EQ(second->decided_by, doctor_.user_id);
  EXPECT_EQ(first->decided_by, admin_.user_id);
  EXPECT_FALSE(first->recorded_at.empty());
  auto record = store_->GetPatientRecord(admin_, alice_patient_);
  ASSERT_TRUE(record) << record.error().ToString();
  ASSERT_EQ(record->decisions.size(), 3u);
  EXPECT_EQ(record->decisions[0].id, "0-first-by-id");
  EXPECT_EQ(record->decisions[0].decision, "stop");
  EXPECT_EQ(record->decisions[1].id, first->id);
  EXPECT_FALSE(record->decisions[1].week.has_value());
  const Decision& d = record->decisions[2];
  EXPECT_EQ(d.id, second->id);
  EXPECT_EQ(d.patient_id, alice_patient_);
  EXPECT_EQ(d.course_id, alice_course_);
  EXPECT_EQ(d.decided_on.ToString(), "2025-06-30");
  EXPECT_EQ(d.week, 24);
  EXPECT_EQ(d.decision, "change_treatment");
  EXPECT_EQ(d.reason, later.reason);
  EXPECT_EQ(d.decided_by, doctor_.user_id);
  EXPECT_EQ(d.recorded_at, second->recorded_at);
  // The patient reads them (their record), Bob's record has none, and ListDecisions agrees.
  auto listed = store_->ListDecisions(alice_, alice_patient_);
  ASSERT_TRUE(listed) << listed.error().ToString();
  EXPECT_EQ(listed->size(), 3u);
  EXPECT_TRUE(store_->GetPatientRecord(bob_, bob_patient_)->decisions.empty());
  EXPECT_EQ(store_->ListDecisions(bob_, alice_patient_).error().code, ErrorCode::kPermissionDenied);
  // Audited like notes: one "create" "decision" row per decision.
  auto audit = store_->ListAudit(admin_, alice_patient_);
  ASSERT_TRUE(audit);
  int created = 0;
  for (const auto& e : *audit) created += e.action == "create" && e.entity == "decision";
  EXPECT_EQ(created, 3);
}

TEST_P(DecisionsTest, OnlyTheAdminAndASharedPhysicianMayDecide) {
  // The patient may not, not even on their own course: deciding is the clinician's act.
  auto by_patient = store_->RecordDecision(alice_, AliceDecision());
  ASSERT_FALSE(by_patient);
  EXPECT_EQ(by_patient.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(by_patient.error().field, "decision_id");
  // A physician without a share may not.
  auto unshared = store_->RecordDecision(doctor_, AliceDecision());
  ASSERT_FALSE(unshared);
  EXPECT_EQ(unshared.error().code, ErrorCode::kPermissionDenied);
  // With an active share they may; after it is revoked, no longer.
  auto share = store_->GrantShare(alice_, alice_patient_, doctor_.user_id);
  ASSERT_TRUE(share);
  auto shared = store_->RecordDecision(doctor_, AliceDecision());
  ASSERT_TRUE(shared) << shared.error().ToString();
  ASSERT_TRUE(store_->RevokeShare(alice_, share->id));
  EXPECT_EQ(store_->RecordDecision(doctor_, AliceDecision()).error().code,
            ErrorCode::kPermissionDenied);
  // Bob's physician share does not reach Alice: a share is per patient.
  ASSERT_TRUE(store_->GrantShare(bob_, bob_patient_, doctor_.user_id));
  EXPECT_EQ(store_->RecordDecision(doctor_, AliceDecision()).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM decisions"), 1);
  // Every refusal is in Alice's audit log.
  auto audit = store_->ListAudit(admin_, alice_patient_);
  ASSERT_TRUE(audit);
  int denied = 0;
  for (const auto& e : *audit) denied += e.action == "denied" && e.entity == "decision";
  EXPECT_EQ(denied, 4);
}

TEST_P(DecisionsTest, InvalidDecisionsNameTheFieldAndTheAllowedValues) {
  struct Case {
    const char* name;
    std::function<void(Decision&)> mutate;
    std::string field, message;
    ErrorCode code = ErrorCode::kInvalidArgument;
  };
  const std::vector<Case> cases = {
      {"week 521", [](Decision& d) { d.week = 521; }, "decision.week", "allowed 0 to 520"},
      {"week -1", [](Decision& d) { d.week = -1; }, "decision.week", "allowed 0 to 520"},
      {"pause", [](Decision& d) { d.decision = "pause"; }, "decision.decision",
       "allowed: continue, stop, change_treatment"},
      {"empty decision", [](Decision& d) { d.decision.clear(); }, "decision.decision",
       "allowed: continue, stop, change_treatment"},
      {"empty reason", [](Decision& d) { d.reason.clear(); }, "decision.reason",
       "allowed 1 to 2000 bytes"},
      {"2001-byte reason", [](Decision& d) { d.reason = std::string(2001, 'x'); },
       "decision.reason", "allowed 1 to 2000 bytes"},
      {"no course", [](Decision& d) { d.course_id.clear(); }, "decision.course_id", "missing",
       ErrorCode::kMissingField},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Decision d = AliceDecision();
    c.mutate(d);
    auto r = store_->RecordDecision(admin_, d);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, c.code) << r.error().ToString();
    EXPECT_EQ(r.error().field, c.field) << r.error().ToString();
    EXPECT_NE(r.error().message.find(c.message), std::string::npos) << r.error().ToString();
  }
  // 2000 bytes exactly (a multi-byte character counts its bytes) is allowed.
  Decision longest = AliceDecision();
  longest.reason = std::string(1998, 'x') + "\xc3\xa9";
  EXPECT_TRUE(store_->RecordDecision(admin_, longest));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM decisions"), 1);
  // The database refuses what the store refuses, for a writer that skips the store.
  auto recorded = store_->RecordDecision(admin_, AliceDecision());
  ASSERT_TRUE(recorded);
  for (const char* sql : {"UPDATE decisions SET decision = 'pause' WHERE id = ?",
                          "UPDATE decisions SET week = 521 WHERE id = ?",
                          "UPDATE decisions SET reason = '' WHERE id = ?"}) {
    EXPECT_FALSE(store_->database().Query(sql, {recorded->id})) << sql;
  }
}

TEST_P(DecisionsTest, ACourseOfAnotherPatientIsRefused) {
  Decision d = AliceDecision();
  d.course_id = bob_course_;
  auto r = store_->RecordDecision(admin_, d);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "decision.course_id");
  d.course_id = "no-such-course";
  r = store_->RecordDecision(admin_, d);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "decision.course_id");
  // The database's (course_id, patient_id) key refuses it too.
  auto recorded = store_->RecordDecision(admin_, AliceDecision());
  ASSERT_TRUE(recorded);
  EXPECT_FALSE(store_->database().Query("UPDATE decisions SET course_id = ? WHERE id = ?",
                                        {bob_course_, recorded->id}));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM decisions WHERE course_id = ?", {bob_course_}), 0);
}

TEST_P(DecisionsTest, DecisionsSurviveExportImportAndBackupRestore) {
  ASSERT_TRUE(store_->GrantShare(alice_, alice_patient_, doctor_.user_id));
  ASSERT_TRUE(store_->RecordDecision(doctor_, AliceDecision("2025-04-01", 12)));
  Decision stop = AliceDecision("2025-06-30", std::nullopt);
  stop.decision = "stop";
  stop.reason = "patient's wish, \"enough\"";
  ASSERT_TRUE(store_->RecordDecision(admin_, stop));
  auto first = store_->GetPatientRecord(admin_, alice_patient_);
  ASSERT_TRUE(first);
  const std::string exported = RecordToJson(*first).dump(2);
  ASSERT_EQ(RecordToJson(*first)["decisions"].size(), 2u);

  // Import into a fresh store: the same record, decisions included.
  auto other = OpenFresh();
  ASSERT_NE(other, nullptr);
  auto parsed = RecordFromJson(nlohmann::json::parse(exported));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_TRUE(other->ImportPatientRecord(admin_, *parsed));
  auto second = other->GetPatientRecord(admin_, alice_patient_);
  ASSERT_TRUE(second);
  EXPECT_EQ(RecordToJson(*second).dump(2), exported);

  // An export written before schema 9 has no "decisions": it still imports, with none.
  auto old = nlohmann::json::parse(exported);
  old.erase("decisions");
  old["patient"]["id"] = "older-export";
  old["patient"]["user_id"] = "";
  for (auto* list : {&old["courses"], &old["shares"]}) {
    for (auto& row : *list) row["patient_id"] = "older-export";
  }
  old["courses"][0]["id"] = "older-course";
  old["shares"][0]["id"] = "older-share";
  auto older = RecordFromJson(old);
  ASSERT_TRUE(older) << older.error().ToString();
  EXPECT_TRUE(older->decisions.empty());
  ASSERT_TRUE(other->ImportPatientRecord(admin_, *older));

  // Backup and restore carry them, row for row.
  auto backup = BackupStore(*store_, admin_, nullptr);
  ASSERT_TRUE(backup) << backup.error().ToString();
  EXPECT_EQ((*backup)["tables"]["decisions"]["rows"].size(), 2u);
  auto restored = OpenFresh();
  ASSERT_NE(restored, nullptr);
  auto stats = RestoreStore(*restored, admin_, *backup, nullptr);
  ASSERT_TRUE(stats) << stats.error().ToString();
  auto third = restored->GetPatientRecord(admin_, alice_patient_);
  ASSERT_TRUE(third);
  EXPECT_EQ(RecordToJson(*third)["decisions"], RecordToJson(*first)["decisions"]);
}

// A store at schema 8 with a course migrates to 9; its data stays and decisions can be recorded.
TEST_P(DecisionsTest, AStoreAtSchema8MigratesTo9) {
  auto opened = testing::OpenTestDatabase(GetParam(), dir_);
  ASSERT_TRUE(opened) << opened.error().ToString();
  schemas_.push_back(opened->schema);
  auto applied = Migrate(*opened->db, "2026-01-01T00:00:00Z", 8);
  ASSERT_TRUE(applied) << applied.error().ToString();
  for (const char* sql : {
           "INSERT INTO users VALUES ('u1', 'patient', 'p@example.org', 'P', 'x', "
           "'2026-01-01T00:00:00Z')",
           "INSERT INTO patients VALUES ('p1', 'u1', 'P', 1980, '2026-01-01T00:00:00Z')",
           "INSERT INTO courses VALUES ('c1', 'p1', NULL, 'dupilumab', 'il4r_antibody', "
           "'dupilumab', '300 mg q2w', 'AA', 1, '2026-01-05', NULL)",
           "INSERT INTO sessions (id, patient_id, course_id, session_date, week, recorded_by, "
           "recorded_at, patient_reported_hair_change) VALUES ('s1', 'p1', 'c1', '2026-04-01', "
           "12, 'u1', '2026-04-01T10:00:00Z', 'more_hair')",
       }) {
    auto r = opened->db->Query(sql, {});
    ASSERT_TRUE(r) << sql << ": " << r.error().ToString();
  }
  StoreOptions options;
  options.clock = std::make_shared<SteppingClock>();
  auto store = Store::Open(std::move(opened->db), options);  // migrates on open
  ASSERT_TRUE(store) << store.error().ToString();
  EXPECT_EQ(*(*store)->SchemaVersion(), LatestSchemaVersion(GetParam()));  // 9 and later
  auto decided = (*store)->RecordDecision(admin_, {"", "p1", "c1", *Date::Parse("2026-04-01"), 12,
                                                   "continue", "SALT improved", "", ""});
  ASSERT_TRUE(decided) << decided.error().ToString();
  auto record = (*store)->GetPatientRecord(admin_, "p1");
  ASSERT_TRUE(record) << record.error().ToString();
  ASSERT_EQ(record->sessions.size(), 1u);
  EXPECT_EQ(record->sessions[0].patient_reported_hair_change, "more_hair");
  ASSERT_EQ(record->decisions.size(), 1u);
  EXPECT_EQ(record->decisions[0].course_id, "c1");
}

INSTANTIATE_TEST_SUITE_P(Backends, DecisionsTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace tricholog::store
