// Session drafts (schema v6) on SQLite and PostgreSQL alike: create, read, list, update and
// delete with authorisation and audit, and ConfirmDraft recording the session and its adverse
// events and deleting the draft in one transaction (or nothing at all).
#include <gtest/gtest.h>

#include <algorithm>

#include "store/store.h"
#include "store/store_test_util.h"

namespace tricholog::store {
namespace {

using testing::OpenFreshTestStore;

std::string Sha(char c) { return std::string(64, c); }

class DraftsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && testing::PostgresTestUrl().empty()) {
      GTEST_SKIP() << "TRICHOLOG_TEST_POSTGRES_URL is not set; run under scripts/with-postgres.sh";
    }
    auto store = OpenFreshTestStore(GetParam(), dir_, schemas_);
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    alice_ = MakeUser("alice@example.org");
    bob_ = MakeUser("bob@example.org");
    auto pa = store_->CreatePatient(alice_, {"", alice_.user_id, "Alice", 1990, ""});
    ASSERT_TRUE(pa) << pa.error().ToString();
    alice_patient_ = pa->id;
    auto pb = store_->CreatePatient(bob_, {"", bob_.user_id, "Bob", 1985, ""});
    ASSERT_TRUE(pb) << pb.error().ToString();
    bob_patient_ = pb->id;
    // The five photos Alice uploaded (analysis rows exist: they are her photos).
    const char c[] = {'a', 'b', 'c', 'd', 'e'};
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(store_->QueuePhotoAnalysis(alice_, alice_patient_, Sha(c[i]),
                                             std::string(kDraftViews[i])));
    }
  }
  void TearDown() override {
    for (const auto& s : schemas_) testing::DropPostgresSchema(s);
  }

  Actor MakeUser(const std::string& email) {
    auto user = store_->CreateUser(Actor::LocalAdmin(), {"", Role::kPatient, email, email, ""},
                                   "password-" + email);
    EXPECT_TRUE(user) << user.error().ToString();
    return {user ? user->id : "", Role::kPatient};
  }

  SessionDraft FullDraft() {
    SessionDraft d;
    d.patient_id = alice_patient_;
    d.session_date = *Date::Parse("2026-02-02");
    d.photo_top = Sha('a');
    d.photo_front = Sha('b');
    d.photo_back = Sha('c');
    d.photo_left = Sha('d');
    d.photo_right = Sha('e');
    d.answers_json = R"({"itch_nrs": 4})";
    return d;
  }

  TrackingSession SessionOf(const SessionDraft& d) {
    TrackingSession s;
    s.patient_id = d.patient_id;
    s.session_date = d.session_date;
    for (std::string_view view : kDraftViews) {
      s.photos.push_back({std::string(view), *d.Photo(view), 640, 480});
    }
    s.salt_regions = {{"top", 10}, {"back", 5}, {"left", 0}, {"right", 0}};
    s.itch_nrs = 4;
    return s;
  }

  AdverseEvent Event(int grade) {
    AdverseEvent e;
    e.patient_id = alice_patient_;
    e.term = "Conjunctivitis";
    e.ctcae_grade = grade;
    e.ctcae_version = "5.0";
    e.onset = *Date::Parse("2026-02-01");
    e.action_taken = "none";
    return e;
  }

  std::size_t SessionCount() {
    auto sessions = store_->ListSessions(alice_, alice_patient_);
    EXPECT_TRUE(sessions);
    return sessions ? sessions->size() : 0;
  }

  const std::filesystem::path dir_ =
      std::filesystem::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / "drafts_test";
  std::vector<std::string> schemas_;
  std::unique_ptr<Store> store_;
  Actor alice_, bob_;
  std::string alice_patient_, bob_patient_;
};

TEST_P(DraftsTest, CreateGetListUpdateDeleteAreAuthorisedAndAudited) {
  SessionDraft d;
  d.patient_id = alice_patient_;
  d.session_date = *Date::Parse("2026-02-02");
  auto created = store_->CreateDraft(alice_, d);
  ASSERT_TRUE(created) << created.error().ToString();
  EXPECT_FALSE(created->id.empty());
  EXPECT_EQ(created->answers_json, "{}");

  auto got = store_->GetDraft(alice_, alice_patient_, created->id);
  ASSERT_TRUE(got) << got.error().ToString();
  EXPECT_EQ(got->session_date, d.session_date);
  EXPECT_TRUE(got->photo_top.empty());

  SessionDraft changed = *got;
  changed.photo_top = Sha('a');
  changed.answers_json = R"({"itch_nrs": 7})";
  auto updated = store_->UpdateDraft(alice_, changed);
  ASSERT_TRUE(updated) << updated.error().ToString();
  auto again = store_->GetDraft(alice_, alice_patient_, created->id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->photo_top, Sha('a'));
  EXPECT_EQ(again->answers_json, R"({"itch_nrs": 7})");

  auto list = store_->ListDrafts(alice_, alice_patient_);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().id, created->id);

  // Bob may not see, list, change or delete Alice's draft; nor reach it through his record.
  EXPECT_EQ(store_->GetDraft(bob_, alice_patient_, created->id).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(store_->ListDrafts(bob_, alice_patient_).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(store_->DeleteDraft(bob_, alice_patient_, created->id).error().code,
            ErrorCode::kPermissionDenied);
  auto via_bob = store_->GetDraft(bob_, bob_patient_, created->id);
  ASSERT_FALSE(via_bob);
  EXPECT_EQ(via_bob.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(via_bob.error().field, "draft_id");

  ASSERT_TRUE(store_->DeleteDraft(alice_, alice_patient_, created->id));
  EXPECT_EQ(store_->GetDraft(alice_, alice_patient_, created->id).error().code,
            ErrorCode::kNotFound);

  auto audit = store_->ListAudit(alice_, alice_patient_);
  ASSERT_TRUE(audit);
  int creates = 0, updates = 0, deletes = 0, denied = 0;
  for (const auto& entry : *audit) {
    if (entry.entity != "session_draft") continue;
    creates += entry.action == "create";
    updates += entry.action == "update";
    deletes += entry.action == "delete";
    denied += entry.action == "denied";
  }
  EXPECT_EQ(creates, 1);
  EXPECT_EQ(updates, 1);
  EXPECT_EQ(deletes, 1);
  EXPECT_EQ(denied, 3);
}

TEST_P(DraftsTest, RefusesPhotosOfOthersBadHashesAndBadAnswers) {
  SessionDraft d = FullDraft();
  // Bob's upload is not Alice's photo.
  ASSERT_TRUE(store_->QueuePhotoAnalysis(bob_, bob_patient_, Sha('f'), "top"));
  d.photo_left = Sha('f');
  auto foreign = store_->CreateDraft(alice_, d);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().field, "photo_left");

  d = FullDraft();
  d.photo_back = "not-a-hash";
  auto bad = store_->CreateDraft(alice_, d);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "photo_back");

  d = FullDraft();
  d.answers_json = "[1, 2]";
  auto answers = store_->CreateDraft(alice_, d);
  ASSERT_FALSE(answers);
  EXPECT_EQ(answers.error().field, "answers");

  d = FullDraft();
  d.course_id = "no-such-course";
  EXPECT_FALSE(store_->CreateDraft(alice_, d));
  auto list = store_->ListDrafts(alice_, alice_patient_);
  ASSERT_TRUE(list);
  EXPECT_TRUE(list->empty());
}

TEST_P(DraftsTest, ConfirmRecordsOneSessionWithItsEventsAndDeletesTheDraft) {
  auto draft = store_->CreateDraft(alice_, FullDraft());
  ASSERT_TRUE(draft) << draft.error().ToString();
  auto confirmed =
      store_->ConfirmDraft(alice_, alice_patient_, draft->id, SessionOf(*draft), {Event(2)});
  ASSERT_TRUE(confirmed) << confirmed.error().ToString();
  EXPECT_EQ(SessionCount(), 1u);
  auto record = store_->GetPatientRecord(alice_, alice_patient_);
  ASSERT_TRUE(record);
  ASSERT_EQ(record->adverse_events.size(), 1u);
  EXPECT_EQ(record->adverse_events[0].ctcae_grade, 2);
  ASSERT_EQ(record->sessions.size(), 1u);
  EXPECT_EQ(record->sessions[0].photos.size(), 5u);
  EXPECT_EQ(record->sessions[0].salt_regions.size(), 4u);
  EXPECT_EQ(store_->GetDraft(alice_, alice_patient_, draft->id).error().code, ErrorCode::kNotFound);
  // Confirming twice finds no draft and records nothing more.
  EXPECT_EQ(
      store_->ConfirmDraft(alice_, alice_patient_, draft->id, SessionOf(*draft), {}).error().code,
      ErrorCode::kNotFound);
  EXPECT_EQ(SessionCount(), 1u);
}

TEST_P(DraftsTest, ConfirmRecordsNothingWhenAViewIsMissingOrAnEventIsBad) {
  SessionDraft d = FullDraft();
  d.photo_right.clear();
  auto draft = store_->CreateDraft(alice_, d);
  ASSERT_TRUE(draft);
  TrackingSession session = SessionOf(FullDraft());
  auto refused = store_->ConfirmDraft(alice_, alice_patient_, draft->id, session, {});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "photo_right");
  EXPECT_EQ(SessionCount(), 0u);
  EXPECT_TRUE(store_->GetDraft(alice_, alice_patient_, draft->id));

  // A bad adverse event after the session was written rolls the session back too.
  auto full = store_->CreateDraft(alice_, FullDraft());
  ASSERT_TRUE(full);
  auto bad_event =
      store_->ConfirmDraft(alice_, alice_patient_, full->id, SessionOf(*full), {Event(9)});
  ASSERT_FALSE(bad_event);
  EXPECT_EQ(SessionCount(), 0u);
  auto record = store_->GetPatientRecord(alice_, alice_patient_);
  ASSERT_TRUE(record);
  EXPECT_TRUE(record->adverse_events.empty());
  EXPECT_TRUE(store_->GetDraft(alice_, alice_patient_, full->id));

  // Bob cannot confirm Alice's draft.
  EXPECT_EQ(store_->ConfirmDraft(bob_, alice_patient_, full->id, SessionOf(*full), {}).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(SessionCount(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, DraftsTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace tricholog::store
