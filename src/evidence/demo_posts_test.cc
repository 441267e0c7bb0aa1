// The demo's community posts (demo_posts.h) seeded from data/evidence/demo-posts.json over the
// starter library, on both backends: authors, dates, votes, threads and study links arrive as
// written; a link to a study the store lacks is skipped with a warning; and no post the file
// marks off-topic is a related post of any starter study (the cut-off at work on data it was
// tuned on; the unit test of the cut-off is in community_test.cc, on posts written there).
#include "evidence/demo_posts.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "evidence/community.h"
#include "evidence/library.h"
#include "store/clock.h"
#include "store/store.h"
#include "store/store_test_util.h"

namespace tricholog::evidence {
namespace {

using store::Actor;
using store::Role;

const std::filesystem::path kData = TRICHOLOG_SOURCE_DATA_DIR;

class DemoPostsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && store::testing::PostgresTestUrl().empty()) {
      GTEST_SKIP() << "TRICHOLOG_TEST_POSTGRES_URL is not set; run under scripts/with-postgres.sh";
    }
    auto store = store::testing::OpenFreshTestStore(GetParam(), dir_, schemas_);
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    for (const auto& s : schemas_) store::testing::DropPostgresSchema(s);
  }

  void ImportStarterLibrary() {
    EvidenceLibrary library(*store_);
    ImportOptions options;
    options.source_prefix = "starter";
    auto imported =
        library.ImportFile(admin_, kData / "evidence" / "starter-library.csl.json", options);
    ASSERT_TRUE(imported) << imported.error().ToString();
    auto annotated =
        library.ImportAnnotations(admin_, kData / "evidence" / "starter-summaries.json");
    ASSERT_TRUE(annotated) << annotated.error().ToString();
  }

  Result<DemoCommunitySummary> Seed(const std::filesystem::path& file) {
    return SeedDemoCommunity(*store_, file, {*Date::Parse("2026-06-01"), "demo-password-1", ""});
  }

  long long Count(const std::string& sql, const std::vector<store::SqlValue>& params = {}) {
    auto rows = store_->database().Query(sql, params);
    EXPECT_TRUE(rows) << rows.error().ToString();
    return rows ? std::stoll(rows->rows.at(0).at(0).value_or("0")) : -1;
  }

  std::filesystem::path dir_ = ::testing::TempDir();
  std::vector<std::string> schemas_;
  std::unique_ptr<store::Store> store_;
  const Actor admin_ = Actor::LocalAdmin();
};

TEST_P(DemoPostsTest, TheDemoFileSeedsAuthorsPostsThreadsVotesAndLinks) {
  ImportStarterLibrary();
  const nlohmann::json doc =
      nlohmann::json::parse(std::ifstream(kData / "evidence" / "demo-posts.json"));
  std::size_t comments = 0, links = 0;
  long long votes = 0;
  std::function<void(const nlohmann::json&)> count = [&](const nlohmann::json& list) {
    for (const auto& c : list) {
      ++comments;
      if (c.contains("replies")) count(c["replies"]);
    }
  };
  for (const auto& p : doc["posts"]) {
    count(p["comments"]);
    links += p["studies"].size();
    votes += p["upvotes"].get<long long>();
  }
  auto seeded = Seed(kData / "evidence" / "demo-posts.json");
  ASSERT_TRUE(seeded) << seeded.error().ToString();
  EXPECT_EQ(seeded->authors, static_cast<int>(doc["authors"].size()));
  EXPECT_EQ(seeded->posts, static_cast<int>(doc["posts"].size()));
  EXPECT_EQ(seeded->comments, static_cast<int>(comments));
  EXPECT_EQ(seeded->study_links, static_cast<int>(links));
  EXPECT_TRUE(seeded->warnings.empty()) << seeded->warnings.front();
  EXPECT_EQ(seeded->seeded_upvotes, votes);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM post_studies"), static_cast<long long>(links));
  EXPECT_EQ(Count("SELECT SUM(seed_upvotes) FROM posts"), votes);
  // The first post is dated days_ago before the demo's today, at noon.
  const auto& first = doc["posts"][0];
  const long long noon =
      static_cast<long long>(Date::Parse("2026-06-01")->days_since_epoch()) * 86400 + 12 * 3600;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM posts WHERE title = ? AND created_at = ?",
                  {first["title"].get<std::string>(),
                   store::FormatUtc(noon - first["days_ago"].get<long long>() * 86400)}),
            1);
  // The physician author carries the badge.
  EXPECT_GE(Count("SELECT COUNT(*) FROM posts p JOIN users u ON u.id = p.author_user_id WHERE "
                  "u.role = 'physician'"),
            1);
}

TEST_P(DemoPostsTest, NoOffTopicDemoPostIsRelatedToAnyStarterStudy) {
  ImportStarterLibrary();
  auto seeded = Seed(kData / "evidence" / "demo-posts.json");
  ASSERT_TRUE(seeded) << seeded.error().ToString();
  const nlohmann::json doc =
      nlohmann::json::parse(std::ifstream(kData / "evidence" / "demo-posts.json"));
  std::set<std::string> off_topic;
  for (const auto& p : doc["posts"]) {
    if (p["off_topic"].get<bool>()) off_topic.insert(p["title"].get<std::string>());
  }
  ASSERT_FALSE(off_topic.empty());
  auto rows = store_->database().Query(
      "SELECT id, source FROM studies WHERE source LIKE 'starter:%' ORDER BY source", {});
  ASSERT_TRUE(rows);
  ASSERT_GT(rows->rows.size(), 30u);
  Community community(*store_);
  const Actor reader{*store_->database()
                          .Query("SELECT id FROM users ORDER BY email LIMIT 1", {})
                          ->rows.at(0)
                          .at(0),
                     Role::kPatient};
  const bool print = std::getenv("TRICHOLOG_PRINT_RELATED") != nullptr;
  int studies_with_posts = 0;
  for (const auto& row : rows->rows) {
    auto related = community.RelatedPosts(reader, *row[0], 100);
    ASSERT_TRUE(related) << related.error().ToString();
    if (!related->empty()) ++studies_with_posts;
    for (const RelatedPost& r : *related) {
      EXPECT_EQ(off_topic.count(r.post.title), 0u)
          << *row[1] << " shows off-topic \"" << r.post.title << "\" (" << r.reason << ")";
      if (print) {
        std::cout << *row[1] << "\t" << r.relevance << "\t" << r.post.upvotes << "\t"
                  << r.post.title << "\t" << r.reason << "\n";
      }
    }
  }
  EXPECT_GT(studies_with_posts, 10);
}

TEST_P(DemoPostsTest, ALinkToAStudyTheStoreLacksIsSkippedWithAWarning) {
  const auto file = dir_ / store::testing::UniqueName("posts_").append(".json");
  std::ofstream(file) << R"({"format_version": 1,
    "authors": [{"key": "maya", "display_name": "Maya R.", "role": "patient"},
                {"key": "dr_l", "display_name": "Dr. L", "role": "physician"}],
    "posts": [{"id": "post-a", "author": "maya", "category": "treatment", "title": "Dupi week 8",
               "body": "Body.", "days_ago": 3, "upvotes": 7, "studies": ["no-such-study"],
               "off_topic": false,
               "comments": [{"author": "dr_l", "body": "Reply", "days_ago": 2,
                             "replies": [{"author": "maya", "body": "Thanks", "days_ago": 1,
                                          "replies": []}]}]}]})";
  auto seeded = Seed(file);
  ASSERT_TRUE(seeded) << seeded.error().ToString();
  EXPECT_EQ(seeded->posts, 1);
  EXPECT_EQ(seeded->comments, 2);
  EXPECT_EQ(seeded->study_links, 0);
  ASSERT_EQ(seeded->warnings.size(), 1u);
  EXPECT_NE(seeded->warnings[0].find("no-such-study"), std::string::npos);
  EXPECT_EQ(Count("SELECT MAX(depth) FROM post_comments"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users WHERE email = ?", {DemoAuthorEmail("dr_l")}), 1);

  std::ofstream(file) << R"({"format_version": 1, "authors": [], "posts": [
    {"id": "x", "author": "nobody", "category": "chat", "title": "t", "body": "b",
     "days_ago": 1, "upvotes": 0}]})";
  auto bad = Seed(file);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "posts[0].author");
}

INSTANTIATE_TEST_SUITE_P(Backends, DemoPostsTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace tricholog::evidence
