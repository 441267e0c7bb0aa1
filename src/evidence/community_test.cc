// The community (community.h, schema v11) on SQLite and PostgreSQL alike: who may do what
// (members only, own photos only, moderators only), one vote per account, comment threads,
// sorts, the related posts of a study (links first, synonyms, the cut-off, votes as tie-break
// only) and the migration from schema 10.
#include "evidence/community.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <thread>

#include "store/backup.h"
#include "store/blob_store.h"
#include "store/migrations.h"
#include "store/postgres/postgres_database.h"
#include "store/sqlite/sqlite_database.h"
#include "store/store.h"
#include "store/store_test_util.h"

namespace tricholog::evidence {
namespace {

using store::Actor;
using store::Role;

TEST(SummarizeBody, CutsAtAWordBoundaryAndCollapsesSpaces) {
  EXPECT_EQ(SummarizeBody("Short\n\nbody."), "Short body.");
  std::string long_body;
  for (int i = 0; i < 60; ++i) long_body += "word" + std::to_string(i) + " ";
  const std::string summary = SummarizeBody(long_body, 40);
  EXPECT_EQ(summary, "word0 word1 word2 word3 word4 word5\u2026");
  // Multi-byte characters count as one each and are never split.
  const std::string accents = SummarizeBody("caf\u00e9 caf\u00e9 caf\u00e9 caf\u00e9", 7);
  EXPECT_EQ(accents, "caf\u00e9\u2026");
}

TEST(HotScore, DecaysVotesWithAge) {
  EXPECT_DOUBLE_EQ(HotScore(10, 0), 10 / std::pow(2.0, 1.5));
  EXPECT_GT(HotScore(5, 1), HotScore(50, 200));  // a fresh post beats an old popular one
  EXPECT_EQ(HotScore(7, -5), HotScore(7, 0));    // a clock skew never makes a post hotter
}

TEST(PostCategory, NamesAndLabelsRoundTrip) {
  for (PostCategory c : PostCategories()) {
    EXPECT_EQ(*ParsePostCategory(PostCategoryName(c)), c);
  }
  EXPECT_EQ(PostCategoryLabel(PostCategory::kIsThisRegrowth), "Is this regrowth?");
  auto bad = ParsePostCategory("Treatment");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "category");
}

class CommunityTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && store::testing::PostgresTestUrl().empty()) {
      GTEST_SKIP() << "TRICHOLOG_TEST_POSTGRES_URL is not set; run under scripts/with-postgres.sh";
    }
    std::unique_ptr<store::Database> db;
    if (GetParam() == "sqlite") {
      sqlite_path_ = (dir_ / (store::testing::UniqueName("community_") + ".db")).string();
      auto opened = store::OpenSqliteDatabase(sqlite_path_);
      ASSERT_TRUE(opened) << opened.error().ToString();
      db = std::move(*opened);
    } else {
      auto opened = store::testing::OpenTestDatabase(GetParam(), dir_);
      ASSERT_TRUE(opened) << opened.error().ToString();
      schema_ = opened->schema;
      db = std::move(opened->db);
    }
    store_ = OpenStore(std::move(db));
    ASSERT_NE(store_, nullptr);
    community_ = std::make_unique<Community>(*store_);
    alice_ = MakeUser(Role::kPatient, "alice@example.org", "Alice");
    bob_ = MakeUser(Role::kPatient, "bob@example.org", "Bob");
    carol_ = MakeUser(Role::kPatient, "carol@example.org", "Carol");  // no patient record
    doctor_ = MakeUser(Role::kPhysician, "dr.h@example.org", "Dr. Hansen");
    mod_ = MakeUser(Role::kPatient, "mod@example.org", "Mo");
    site_admin_ = MakeUser(Role::kAdmin, "admin@example.org", "Admin");
    alice_patient_ = MakePatient(alice_, "Alice");
    bob_patient_ = MakePatient(bob_, "Bob");
    alice_photo_ = RecordSessionPhoto(alice_, alice_patient_, 1);
    bob_photo_ = RecordSessionPhoto(bob_, bob_patient_, 2);
    ASSERT_TRUE(community_->GrantModerator(admin_, mod_.user_id));
    study_ = AddStudy("aaaaaaaaaa", "Alopecia areata reactivation during dupilumab treatment",
                      "Dupilumab for atopic dermatitis was followed by a relapse of alopecia "
                      "areata in a patient whose hair had regrown.",
                      "Alopecia Areata; Dermatitis, Atopic; Antibodies, Monoclonal, Humanized",
                      {{"condition", "alopecia_areata"},
                       {"condition", "atopic_dermatitis"},
                       {"treatment", "dupilumab"}});
    other_study_ = AddStudy("bbbbbbbbbb", "Baricitinib in severe alopecia areata", "", "", {});
  }

  void TearDown() override {
    community_.reset();
    store_.reset();
    store::testing::DropPostgresSchema(schema_);
  }

  std::unique_ptr<store::Store> OpenStore(std::unique_ptr<store::Database> db) {
    store::StoreOptions options;
    options.clock = clock_;
    options.password_cost = store::PasswordCost::kMinimum;
    auto store = store::Store::Open(std::move(db), options);
    EXPECT_TRUE(store) << store.error().ToString();
    return store ? std::move(*store) : nullptr;
  }

  Actor MakeUser(Role role, const std::string& email, const std::string& name) {
    auto user = store_->CreateUser(admin_, {"", role, email, name, ""}, "password-" + email);
    EXPECT_TRUE(user) << user.error().ToString();
    return {user ? user->id : "", role};
  }

  std::string MakePatient(const Actor& owner, const std::string& name) {
    auto p = store_->CreatePatient(admin_, {"", owner.user_id, name, 1990, ""});
    EXPECT_TRUE(p) << p.error().ToString();
    return p ? p->id : "";
  }

  // Records a session for the patient; returns the hash of its first photo.
  std::string RecordSessionPhoto(const Actor& owner, const std::string& patient_id, int n) {
    store::Course c{"",          patient_id,   "",   "dupilumab", "il4r_antibody",
                    "dupilumab", "300 mg q2w", "AA", true,        *Date::Parse("2025-01-06"),
                    std::nullopt};
    auto course = store_->StartCourse(owner, c);
    EXPECT_TRUE(course) << course.error().ToString();
    auto session =
        store_->RecordSession(owner, store::testing::SampleSession(patient_id, course->id, n));
    EXPECT_TRUE(session) << session.error().ToString();
    return session ? session->photos.at(0).sha256 : "";
  }

  std::string AddStudy(const std::string& id, const std::string& title, const std::string& tldr,
                       const std::string& mesh,
                       const std::vector<std::pair<std::string, std::string>>& tags) {
    auto r = store_->database().Query(
        "INSERT INTO studies (id, title, title_key, tldr, mesh_text, added_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')",
        {id, title, id, tldr, mesh});
    EXPECT_TRUE(r) << r.error().ToString();
    for (const auto& [kind, term] : tags) {
      auto t = store_->database().Query(
          "INSERT INTO study_terms (study_id, kind, term, term_key) VALUES (?, ?, ?, ?)",
          {id, kind, term, term});
      EXPECT_TRUE(t) << t.error().ToString();
    }
    return id;
  }

  NewPost Simple(const std::string& title, const std::string& body,
                 PostCategory category = PostCategory::kTreatment) {
    NewPost p;
    p.category = category;
    p.title = title;
    p.body = body;
    return p;
  }

  std::string MustPost(const Actor& actor, NewPost post) {
    auto made = community_->CreatePost(actor, std::move(post));
    EXPECT_TRUE(made) << made.error().ToString();
    return made ? made->id : "";
  }

  // An admin-seeded post: author, date and prior votes.
  std::string Seed(const Actor& author, const std::string& title, const std::string& body,
                   const std::string& created_at, long long votes,
                   PostCategory category = PostCategory::kTreatment) {
    NewPost p = Simple(title, body, category);
    p.author_user_id = author.user_id;
    p.created_at = created_at;
    p.seed_upvotes = votes;
    return MustPost(admin_, std::move(p));
  }

  long long Count(const std::string& sql, const std::vector<store::SqlValue>& params = {}) {
    auto rows = store_->database().Query(sql, params);
    EXPECT_TRUE(rows) << rows.error().ToString();
    return rows ? std::stoll(rows->rows.at(0).at(0).value_or("0")) : -1;
  }

  std::vector<std::string> Titles(const std::vector<RelatedPost>& related) {
    std::vector<std::string> out;
    for (const auto& r : related) out.push_back(r.post.title);
    return out;
  }

  std::filesystem::path dir_ = ::testing::TempDir();
  std::shared_ptr<store::SteppingClock> clock_ =
      std::make_shared<store::SteppingClock>(1767225600 /* 2026-01-01 */, 1);
  std::string schema_, sqlite_path_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Community> community_;
  const Actor admin_ = Actor::LocalAdmin();
  Actor alice_, bob_, carol_, doctor_, mod_, site_admin_;
  std::string alice_patient_, bob_patient_, alice_photo_, bob_photo_, study_, other_study_;
};

// --- authorisation -------------------------------------------------------------------------------

TEST_P(CommunityTest, NonMembersAreRefusedAndTheAttemptIsAudited) {
  const Actor stranger{"no-such-account", Role::kPatient};
  auto made = community_->CreatePost(stranger, Simple("Hello", "Body"));
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(made.error().field, "actor");
  EXPECT_FALSE(community_->ListPosts(stranger, {}));
  EXPECT_FALSE(community_->RelatedPosts(stranger, study_));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE actor_user_id = 'no-such-account' AND "
                  "action = 'denied'"),
            3);
  // Claiming another role in the Actor changes nothing: the account's role counts.
  const Actor fake_admin{bob_.user_id, Role::kAdmin};
  auto hide_attempt = community_->ListOpenReports(fake_admin);
  ASSERT_FALSE(hide_attempt);
  EXPECT_EQ(hide_attempt.error().code, ErrorCode::kPermissionDenied);
}

TEST_P(CommunityTest, APostKeepsItsFieldsLinksAndAuthorsRole) {
  NewPost p = Simple("Dupilumab and my patches", "Week 12 on it.\n\nAsking about this study.");
  p.discuss_study_id = study_;
  p.study_ids = {other_study_};
  auto post = community_->CreatePost(doctor_, p);
  ASSERT_TRUE(post) << post.error().ToString();
  EXPECT_EQ(post->author.display_name, "Dr. Hansen");
  EXPECT_TRUE(post->author.IsPhysician());  // pages show the physician badge
  EXPECT_EQ(post->category, PostCategory::kTreatment);
  ASSERT_EQ(post->studies.size(), 2u);
  EXPECT_EQ(post->studies[0].study_id, study_);
  EXPECT_EQ(post->studies[0].linked_from, "discuss");
  EXPECT_EQ(post->studies[1].linked_from, "author");
  EXPECT_EQ(post->created_at.substr(0, 4), "2026");
  EXPECT_TRUE(post->edited_at.empty());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE entity = 'post' AND action = 'create' AND "
                  "entity_id = ?",
                  {post->id}),
            1);

  auto edited =
      community_->EditPost(doctor_, post->id, PostCategory::kResearch, "New title", "New body");
  ASSERT_TRUE(edited) << edited.error().ToString();
  EXPECT_EQ(edited->title, "New title");
  EXPECT_FALSE(edited->edited_at.empty());
  auto not_author = community_->EditPost(alice_, post->id, PostCategory::kChat, "x", "y");
  ASSERT_FALSE(not_author);
  EXPECT_EQ(not_author.error().code, ErrorCode::kPermissionDenied);
}

TEST_P(CommunityTest, InputsAreValidatedAndErrorsNameTheField) {
  auto field_of = [&](NewPost p) {
    auto made = community_->CreatePost(alice_, std::move(p));
    return made ? std::string("ok") : made.error().field;
  };
  EXPECT_EQ(field_of(Simple("", "body")), "title");
  EXPECT_EQ(field_of(Simple("   ", "body")), "title");
  EXPECT_EQ(field_of(Simple(std::string(201, 'x'), "body")), "title");
  EXPECT_EQ(field_of(Simple(std::string(200, 'x'), "body")), "ok");
  EXPECT_EQ(field_of(Simple("two\nlines", "body")), "title");
  EXPECT_EQ(field_of(Simple("t", std::string(20001, 'b'))), "body");
  EXPECT_EQ(field_of(Simple("t", std::string(20000, 'b'))), "ok");
  EXPECT_EQ(field_of(Simple("t", "bad \xff utf8")), "body");
  NewPost unknown_study = Simple("t", "b");
  unknown_study.study_ids = {"zzzzzzzzzz"};
  EXPECT_EQ(field_of(unknown_study), "study_ids[0]");
  NewPost seeding = Simple("t", "b");
  seeding.created_at = "2020-01-01T00:00:00Z";
  auto refused = community_->CreatePost(alice_, seeding);  // only an admin seeds
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
}

TEST_P(CommunityTest, PhotosComeOnlyFromThePostersOwnSessionsWithConsent) {
  NewPost p = Simple("Is this regrowth?", "Week 20 photo.", PostCategory::kIsThisRegrowth);
  p.photos = {alice_photo_};
  auto no_consent = community_->CreatePost(alice_, p);
  ASSERT_FALSE(no_consent);
  EXPECT_EQ(no_consent.error().field, "photo_consent");

  p.photo_consent = true;
  p.photos = {bob_photo_};  // another member's photo
  auto others = community_->CreatePost(alice_, p);
  ASSERT_FALSE(others);
  EXPECT_EQ(others.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(others.error().field, "photos[0]");

  p.photos = {alice_photo_};
  auto physician = community_->CreatePost(doctor_, p);  // a physician has no record of their own
  ASSERT_FALSE(physician);
  EXPECT_EQ(physician.error().code, ErrorCode::kPermissionDenied);
  auto no_record = community_->CreatePost(carol_, p);
  ASSERT_FALSE(no_record);
  EXPECT_EQ(no_record.error().code, ErrorCode::kPermissionDenied);

  auto post = community_->CreatePost(alice_, p);
  ASSERT_TRUE(post) << post.error().ToString();
  EXPECT_TRUE(post->photo_consent);
  EXPECT_FALSE(post->photo_consented_at.empty());
  EXPECT_EQ(post->photos, std::vector<std::string>{alice_photo_});

  EXPECT_TRUE(*community_->MayViewPostPhoto(bob_, post->id, alice_photo_));
  EXPECT_TRUE(*community_->MayViewPostPhoto(doctor_, post->id, alice_photo_));
  EXPECT_FALSE(*community_->MayViewPostPhoto(bob_, post->id, bob_photo_));  // not in the post
  EXPECT_FALSE(community_->MayViewPostPhoto({"stranger", Role::kPatient}, post->id, alice_photo_));

  ASSERT_TRUE(community_->HidePost(mod_, post->id, "personal data"));
  EXPECT_FALSE(*community_->MayViewPostPhoto(bob_, post->id, alice_photo_));
  EXPECT_TRUE(*community_->MayViewPostPhoto(alice_, post->id, alice_photo_));
  EXPECT_TRUE(*community_->MayViewPostPhoto(mod_, post->id, alice_photo_));
  ASSERT_TRUE(community_->UnhidePost(mod_, post->id));

  ASSERT_TRUE(community_->WithdrawPhotoConsent(alice_, post->id));
  EXPECT_FALSE(*community_->MayViewPostPhoto(bob_, post->id, alice_photo_));
  EXPECT_TRUE(community_->GetPost(bob_, post->id)->photos.empty());

  // The database itself refuses photos on a post without consent.
  auto raw = store_->database().Query(
      "INSERT INTO post_photos (post_id, ordinal, sha256) VALUES (?, 0, ?)",
      {post->id, alice_photo_});
  EXPECT_FALSE(raw);
}

// --- votes
// -----------------------------------------------------------------------------------------

TEST_P(CommunityTest, OneUpvotePerAccountToggles) {
  const std::string id = MustPost(alice_, Simple("Votes", "Body"));
  auto v1 = community_->ToggleVote(bob_, id);
  ASSERT_TRUE(v1) << v1.error().ToString();
  EXPECT_TRUE(v1->voted);
  EXPECT_EQ(v1->upvotes, 1);
  EXPECT_EQ(community_->ToggleVote(carol_, id)->upvotes, 2);
  auto v2 = community_->ToggleVote(bob_, id);  // again: the vote is taken back
  EXPECT_FALSE(v2->voted);
  EXPECT_EQ(v2->upvotes, 1);
  EXPECT_TRUE(community_->GetPost(carol_, id)->voted);
  EXPECT_FALSE(community_->GetPost(bob_, id)->voted);
  // The primary key refuses a second row for one account.
  ASSERT_TRUE(community_->ToggleVote(bob_, id));
  auto dup = store_->database().Query(
      "INSERT INTO post_votes (post_id, user_id, voted_at) VALUES (?, ?, '2026-01-01T00:00:00Z')",
      {id, bob_.user_id});
  EXPECT_FALSE(dup);
}

TEST_P(CommunityTest, ConcurrentTogglesFromTwoStoresNeverCountAnAccountTwice) {
  const std::string id = MustPost(alice_, Simple("Race", "Body"));
  auto db = GetParam() == "postgres"
                ? store::OpenPostgresDatabase(store::testing::PostgresTestUrl(), schema_)
                : store::OpenSqliteDatabase(sqlite_path_);
  ASSERT_TRUE(db) << db.error().ToString();
  auto second_store = OpenStore(std::move(*db));
  ASSERT_NE(second_store, nullptr);
  Community second(*second_store);
  constexpr int kToggles = 25;  // odd per thread: 50 toggles in all leave no vote
  int failures = 0;
  std::thread other([&] {
    for (int i = 0; i < kToggles; ++i) {
      if (!second.ToggleVote(bob_, id)) ++failures;
    }
  });
  int own_failures = 0;
  for (int i = 0; i < kToggles; ++i) {
    if (!community_->ToggleVote(bob_, id)) ++own_failures;
  }
  other.join();
  const long long rows = Count("SELECT COUNT(*) FROM post_votes WHERE post_id = ? AND user_id = ?",
                               {id, bob_.user_id});
  EXPECT_LE(rows, 1);
  // Every toggle that succeeded flipped the vote once.
  EXPECT_EQ(rows, (2 * kToggles - failures - own_failures) % 2);
}

// --- comments
// ----------------------------------------------------------------------------------------

TEST_P(CommunityTest, CommentsThreadSixDeepWithinOnePost) {
  const std::string post = MustPost(alice_, Simple("Thread", "Body"));
  const std::string other_post = MustPost(bob_, Simple("Other", "Body"));
  std::string parent;
  std::vector<std::string> chain;
  for (int depth = 1; depth <= kMaxCommentDepth; ++depth) {
    auto c = community_->AddComment(depth % 2 ? bob_ : doctor_,
                                    {post, parent, "level " + std::to_string(depth), "", ""});
    ASSERT_TRUE(c) << c.error().ToString();
    EXPECT_EQ(c->depth, depth);
    parent = c->id;
    chain.push_back(c->id);
  }
  auto too_deep = community_->AddComment(bob_, {post, parent, "level 7", "", ""});
  ASSERT_FALSE(too_deep);
  EXPECT_EQ(too_deep.error().field, "parent_id");
  auto wrong_post = community_->AddComment(bob_, {other_post, chain[0], "cross-post", "", ""});
  ASSERT_FALSE(wrong_post);
  EXPECT_EQ(wrong_post.error().field, "parent_id");
  // The database refuses them too: a parent of another post, a depth that is not parent + 1.
  for (const char* sql :
       {"INSERT INTO post_comments (id, post_id, parent_id, parent_depth, depth, author_user_id, "
        "body, created_at) VALUES ('x1', ?, ?, 1, 2, ?, 'b', '2026-01-01T00:00:00Z')",
        "INSERT INTO post_comments (id, post_id, parent_id, parent_depth, depth, author_user_id, "
        "body, created_at) VALUES ('x2', ?, ?, 1, 3, ?, 'b', '2026-01-01T00:00:00Z')"}) {
    const std::string target =
        std::string(sql).find("'x1'") != std::string::npos ? other_post : post;
    auto raw = store_->database().Query(sql, {target, chain[0], bob_.user_id});
    EXPECT_FALSE(raw) << sql;
  }

  auto sibling = community_->AddComment(carol_, {post, "", "second top-level", "", ""});
  ASSERT_TRUE(sibling);
  auto reply = community_->AddComment(alice_, {post, chain[0], "a second reply", "", ""});
  ASSERT_TRUE(reply);
  auto thread = community_->ListComments(carol_, post);
  ASSERT_TRUE(thread) << thread.error().ToString();
  std::vector<std::string> order;
  for (const Comment& c : *thread) order.push_back(c.body);
  EXPECT_EQ(order, (std::vector<std::string>{"level 1", "level 2", "level 3", "level 4", "level 5",
                                             "level 6", "a second reply", "second top-level"}));
  EXPECT_TRUE((*thread)[1].author.IsPhysician());

  // A moderator hides a comment: others see a hole, the author and moderators the text.
  ASSERT_FALSE(community_->HideComment(bob_, chain[1], "rude"));
  ASSERT_TRUE(community_->HideComment(mod_, chain[1], "rude"));
  auto as_carol = community_->ListComments(carol_, post);
  ASSERT_TRUE(as_carol->at(1).hidden);
  EXPECT_EQ(as_carol->at(1).body, "");
  EXPECT_EQ(as_carol->at(1).hidden->reason, "rude");
  EXPECT_EQ(community_->ListComments(doctor_, post)->at(1).body, "level 2");
  EXPECT_EQ(community_->ListComments(mod_, post)->at(1).body, "level 2");
  EXPECT_EQ(community_->GetPost(carol_, post)->comments, 7);
}

// --- reports and moderation
// ------------------------------------------------------------------------------

TEST_P(CommunityTest, MembersReportModeratorsHideAndTheAuthorSeesWhy) {
  const std::string post = MustPost(alice_, Simple("Buy my serum", "Cheap miracle serum."));
  const std::string kept = MustPost(alice_, Simple("Week 8", "Patches filling in."));
  auto report = community_->ReportPost(bob_, post, "advertising");
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->status, "open");
  auto again = community_->ReportPost(bob_, post, "advertising!");  // one open report per member
  EXPECT_EQ(again->id, report->id);
  auto report2 = community_->ReportPost(carol_, kept, "I disagree");

  for (const Actor& who : {bob_, alice_, doctor_}) {
    auto list = community_->ListOpenReports(who);
    ASSERT_FALSE(list);
    EXPECT_EQ(list.error().code, ErrorCode::kPermissionDenied);
    auto hide = community_->HidePost(who, post, "spam");
    ASSERT_FALSE(hide);
    EXPECT_EQ(hide.error().code, ErrorCode::kPermissionDenied);
  }
  auto open = community_->ListOpenReports(mod_);
  ASSERT_TRUE(open) << open.error().ToString();
  ASSERT_EQ(open->size(), 2u);
  EXPECT_EQ(open->at(0).title, "Buy my serum");
  EXPECT_EQ(open->at(0).reason, "advertising");

  auto empty_reason = community_->HidePost(mod_, post, "");
  ASSERT_FALSE(empty_reason);
  EXPECT_EQ(empty_reason.error().field, "reason");
  ASSERT_TRUE(community_->HidePost(mod_, post, "advertising is not allowed"));
  ASSERT_TRUE(community_->DismissReport(site_admin_, report2->id));  // admins always moderate
  EXPECT_TRUE(community_->ListOpenReports(mod_)->empty());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM post_reports WHERE status = 'hidden'"), 1);

  // Others no longer find the post; the author sees it is hidden and why.
  auto as_bob = community_->GetPost(bob_, post);
  ASSERT_FALSE(as_bob);
  EXPECT_EQ(as_bob.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(community_->ListPosts(bob_, {})->total, 1);
  auto as_alice = community_->GetPost(alice_, post);
  ASSERT_TRUE(as_alice);
  ASSERT_TRUE(as_alice->hidden);
  EXPECT_EQ(as_alice->hidden->reason, "advertising is not allowed");
  EXPECT_EQ(as_alice->hidden->moderator_user_id, mod_.user_id);
  PostQuery mine;
  mine.author_user_id = alice_.user_id;
  auto own_list = community_->ListPosts(alice_, mine);
  EXPECT_EQ(own_list->total, 2);
  EXPECT_EQ(community_->ListPosts(alice_, {})->total, 1);  // the general list leaves it out
  EXPECT_EQ(community_->ListPosts(mod_, {})->total, 2);    // moderators see everything

  // Moderators are granted and revoked by admins only.
  auto by_mod = community_->GrantModerator(mod_, bob_.user_id);
  ASSERT_FALSE(by_mod);
  EXPECT_EQ(by_mod.error().code, ErrorCode::kPermissionDenied);
  ASSERT_TRUE(community_->RevokeModerator(site_admin_, mod_.user_id));
  EXPECT_FALSE(*community_->IsModerator(mod_));
  EXPECT_FALSE(community_->ListOpenReports(mod_));
  EXPECT_TRUE(*community_->IsModerator(site_admin_));
  EXPECT_GE(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'denied' AND entity IN "
                  "('report', 'post', 'moderator')"),
            7);
}

// --- sorts
// -------------------------------------------------------------------------------------------------

TEST_P(CommunityTest, SortsByNewTopAndHotWithCategoriesAndPages) {
  // Now is 2026-01-01; ages 1 day, 30 days, 2 hours, 400 days.
  const std::string day = Seed(alice_, "A day old", "b", "2025-12-31T00:00:00Z", 20);
  const std::string month =
      Seed(bob_, "A month old", "b", "2025-12-02T00:00:00Z", 300, PostCategory::kProgress);
  const std::string fresh = Seed(carol_, "Two hours old", "b", "2025-12-31T22:00:00Z", 3);
  const std::string old = Seed(alice_, "Over a year old", "b", "2024-11-27T00:00:00Z", 5000);
  auto ids = [&](PostQuery q) {
    std::vector<std::string> out;
    auto page = community_->ListPosts(bob_, q);
    EXPECT_TRUE(page) << page.error().ToString();
    for (const auto& p : page->posts) out.push_back(p.id);
    return out;
  };
  PostQuery q;
  EXPECT_EQ(ids(q), (std::vector<std::string>{fresh, day, month, old}));
  q.sort = PostSort::kTop;
  EXPECT_EQ(ids(q), (std::vector<std::string>{old, month, day, fresh}));
  q.sort = PostSort::kHot;
  // 3/(2+2)^1.5 = 0.375; 20/(24+2)^1.5 = 0.151; 300/(720+2)^1.5 = 0.0155; 5000/(9624+2)^1.5 =
  // 0.0053
  EXPECT_EQ(ids(q), (std::vector<std::string>{fresh, day, month, old}));
  ASSERT_TRUE(community_->ToggleVote(carol_, month));
  q.category = PostCategory::kProgress;
  EXPECT_EQ(ids(q), std::vector<std::string>{month});
  q = {};
  q.sort = PostSort::kTop;
  q.per_page = 3;
  q.page = 2;
  auto page = community_->ListPosts(bob_, q);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 4);
  ASSERT_EQ(page->posts.size(), 1u);
  EXPECT_EQ(page->posts[0].id, fresh);
  EXPECT_EQ(community_->ListPosts(bob_, {PostSort::kTop, {}, "", 1, 3})->posts[1].upvotes, 301);
  q.per_page = 101;
  EXPECT_EQ(community_->ListPosts(bob_, q).error().field, "per_page");
}

// --- related posts
// -----------------------------------------------------------------------------------------

TEST_P(CommunityTest, RelatedPostsPutLinksFirstMatchSynonymsAndCutOffTheRest) {
  // Linked from the study's "Discuss this study" button; its text says little.
  NewPost linked = Simple("Question about this paper", "Has anyone read it? What do you think?",
                          PostCategory::kResearch);
  linked.discuss_study_id = study_;
  const std::string linked_id = MustPost(bob_, linked);
  // Only brand and short names: Dupixent, "my AA", eczema.
  const std::string synonyms =
      Seed(alice_, "Dupixent woke up my AA",
           "Started Dupixent for eczema in spring; by summer two new patches of AA appeared.",
           "2025-10-01T00:00:00Z", 4);
  // Popular and off-topic, sharing only common words with the study ("hair", "treatment", and
  // "during", "patient"), with far more votes than anything else.
  const std::string popular =
      Seed(carol_, "Finasteride changed my hairline",
           "Two years of finasteride treatment during which my hair thickened at the crown. "
           "Patient advice: take photos every month.",
           "2025-06-01T00:00:00Z", 9000, PostCategory::kProgress);
  // A popular post sharing one ordinary study word ("reactivation", said of something else).
  const std::string one_word =
      Seed(carol_, "Account reactivation on the forum",
           "My old account needed reactivation after a year away. Mods were quick.",
           "2025-06-02T00:00:00Z", 4000, PostCategory::kChat);
  // Hidden posts never appear.
  const std::string hidden =
      Seed(bob_, "Dupilumab relapse of alopecia areata",
           "Dupilumab for atopic dermatitis and my AA came back.", "2025-09-01T00:00:00Z", 0);
  ASSERT_TRUE(community_->HidePost(mod_, hidden, "duplicate"));
  // A post about another study's topic only (baricitinib) is not related to this one.
  const std::string bari = Seed(bob_, "Olumiant month 3", "Olumiant is working on my eyebrows.",
                                "2025-09-02T00:00:00Z", 50);

  auto related = community_->RelatedPosts(doctor_, study_, 10);
  ASSERT_TRUE(related) << related.error().ToString();
  ASSERT_EQ(related->size(), 2u) << ::testing::PrintToString(Titles(*related));
  EXPECT_EQ(related->at(0).post.id, linked_id);
  EXPECT_TRUE(related->at(0).linked);
  EXPECT_EQ(related->at(0).reason, "links this study");
  EXPECT_EQ(related->at(1).post.id, synonyms);
  EXPECT_EQ(related->at(1).reason, "both: alopecia areata, atopic dermatitis, dupilumab");
  EXPECT_EQ(related->at(1).post.category, PostCategory::kTreatment);
  EXPECT_EQ(related->at(1).post.upvotes, 4);
  EXPECT_EQ(related->at(1).post.created_at, "2025-10-01T00:00:00Z");
  EXPECT_FALSE(related->at(1).post.summary.empty());
  EXPECT_GE(related->at(1).relevance, kRelatedPostCutoff);
  EXPECT_EQ(*community_->RelatedPostCount(doctor_, study_), 2);
  EXPECT_EQ(community_->RelatedPosts(doctor_, study_, 1)->size(), 1u);
  // Not even moderators see hidden posts here.
  EXPECT_EQ(*community_->RelatedPostCount(mod_, study_), 2);
  // The off-topic posts exist and are found by the full-text index (so the cut-off, not the
  // index, keeps them out).
  EXPECT_EQ(Count(GetParam() == "sqlite"
                      ? "SELECT COUNT(*) FROM posts_fts WHERE posts_fts MATCH 'reactivation'"
                      : "SELECT COUNT(*) FROM posts WHERE search_vector @@ "
                        "to_tsquery('english', 'reactivation')"),
            1);
  auto bari_related = community_->RelatedPosts(doctor_, other_study_, 10);
  ASSERT_TRUE(bari_related);
  ASSERT_FALSE(bari_related->empty());
  EXPECT_EQ(bari_related->at(0).post.id, bari);
  EXPECT_EQ(bari_related->at(0).reason.substr(0, 6), "both: ");
  (void)popular;
  (void)one_word;

  auto unknown = community_->RelatedPosts(doctor_, "zzzzzzzzzz");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TEST_P(CommunityTest, VotesOnlyBreakTiesBetweenRelatedPosts) {
  // Equally relevant: the same words, different votes -> the more voted first.
  const std::string few =
      Seed(alice_, "Dupilumab and alopecia areata", "Dupilumab for AA.", "2025-10-01T00:00:00Z", 2);
  const std::string many =
      Seed(bob_, "Dupilumab and alopecia areata", "Dupilumab for AA.", "2025-09-01T00:00:00Z", 800);
  // Less relevant (one concept, in passing) but far more popular: stays below both.
  const std::string popular = Seed(carol_, "Dupixent injection tips",
                                   "Ice the spot first. Rotate sites.\n\nWorks for my eczema.",
                                   "2025-08-01T00:00:00Z", 20000);
  auto related = community_->RelatedPosts(doctor_, study_, 10);
  ASSERT_TRUE(related) << related.error().ToString();
  ASSERT_EQ(related->size(), 3u) << ::testing::PrintToString(Titles(*related));
  EXPECT_EQ(related->at(0).post.id, many);
  EXPECT_EQ(related->at(1).post.id, few);
  EXPECT_EQ(related->at(2).post.id, popular);
  EXPECT_NEAR(related->at(0).relevance, related->at(1).relevance, 1e-9);
  EXPECT_GT(related->at(1).relevance, related->at(2).relevance + 0.1);
}

// --- backup

TEST_P(CommunityTest, BackupAndRestoreCarryTheCommunity) {
  NewPost p = Simple("Dupixent and my AA, week 30", "Photo attached.", PostCategory::kProgress);
  p.photos = {alice_photo_};
  p.photo_consent = true;
  p.discuss_study_id = study_;
  const std::string post = MustPost(alice_, p);
  std::string parent;
  for (int depth = 1; depth <= 3; ++depth) {
    auto c = community_->AddComment(bob_, {post, parent, "reply " + std::to_string(depth), "", ""});
    ASSERT_TRUE(c) << c.error().ToString();
    parent = c->id;
  }
  ASSERT_TRUE(community_->ToggleVote(bob_, post));
  ASSERT_TRUE(community_->ReportComment(carol_, parent, "off topic"));

  store::BackupOptions options;
  options.skip_missing_photos = true;  // the sample sessions' photos have no blobs here
  auto backup = store::BackupStore(*store_, admin_, nullptr, nullptr, options);
  ASSERT_TRUE(backup) << backup.error().ToString();
  EXPECT_EQ((*backup)["tables"]["post_comments"]["rows"].size(), 3u);
  std::vector<std::string> schemas;
  auto restored = store::testing::OpenFreshTestStore(GetParam(), dir_, schemas);
  ASSERT_TRUE(restored) << restored.error().ToString();
  auto blobs = store::BlobStore::Open(dir_ / store::testing::UniqueName("blobs_"));
  ASSERT_TRUE(blobs) << blobs.error().ToString();
  auto stats = store::RestoreStore(**restored, admin_, *backup, &*blobs);
  ASSERT_TRUE(stats) << stats.error().ToString();
  {
    Community again(**restored);
    auto got = again.GetPost(bob_, post);
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_EQ(got->upvotes, 1);
    EXPECT_EQ(got->photos, std::vector<std::string>{alice_photo_});
    EXPECT_EQ(again.ListComments(bob_, post)->size(), 3u);
    EXPECT_EQ(again.ListOpenReports(mod_)->size(), 1u);  // the moderator role came along
    // The full-text index is rebuilt from the restored rows.
    auto related = again.RelatedPosts(doctor_, study_);
    ASSERT_TRUE(related) << related.error().ToString();
    ASSERT_EQ(related->size(), 1u);
    EXPECT_EQ(related->at(0).post.id, post);
  }
  restored->reset();
  for (const auto& s : schemas) store::testing::DropPostgresSchema(s);
}

// --- migration
// ----------------------------------------------------------------------------------------------

TEST_P(CommunityTest, AStoreAtSchema10MigratesTo11) {
  auto opened = store::testing::OpenTestDatabase(GetParam(), dir_);
  ASSERT_TRUE(opened) << opened.error().ToString();
  const std::string schema = opened->schema;
  auto applied = store::Migrate(*opened->db, "2026-01-01T00:00:00Z", 10);
  ASSERT_TRUE(applied) << applied.error().ToString();
  for (const char* sql : {
           "INSERT INTO users VALUES ('u1', 'patient', 'p@example.org', 'P', 'x', "
           "'2026-01-01T00:00:00Z')",
           "INSERT INTO studies (id, title, title_key, added_at, updated_at) VALUES "
           "('cccccccccc', 'Dupilumab in alopecia areata', 'dupilumab in alopecia areata', "
           "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
       }) {
    auto r = opened->db->Query(sql, {});
    ASSERT_TRUE(r) << sql << ": " << r.error().ToString();
  }
  {
    auto store = OpenStore(std::move(opened->db));  // migrates on open
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(*store->SchemaVersion(), store::LatestSchemaVersion(GetParam()));
    EXPECT_GE(*store->SchemaVersion(), 11);
    Community community(*store);
    NewPost p = Simple("Dupilumab for my AA", "Anyone else?");
    p.discuss_study_id = "cccccccccc";
    auto post = community.CreatePost({"u1", Role::kPatient}, p);
    ASSERT_TRUE(post) << post.error().ToString();
    auto related = community.RelatedPosts({"u1", Role::kPatient}, "cccccccccc");
    ASSERT_TRUE(related) << related.error().ToString();
    ASSERT_EQ(related->size(), 1u);
    EXPECT_EQ(related->at(0).reason, "links this study");
  }
  store::testing::DropPostgresSchema(schema);
}

INSTANTIATE_TEST_SUITE_P(Backends, CommunityTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace tricholog::evidence
