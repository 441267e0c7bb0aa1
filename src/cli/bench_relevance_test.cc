// `tricholog bench relevance` on the committed starter library and judgments: invariants that
// hold for a sound ranker and can fail for a broken one. No measured figure is written here.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_test_util.h"

namespace tricholog::cli {
namespace {

using nlohmann::json;

class BenchRelevanceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto run =
        test_util::RunTrichologWithSourceData({"bench", "relevance", "--json", "--details"});
    ASSERT_EQ(run.code, 0) << run.err;
    report_ = new json(json::parse(run.out));
    for (const auto& r : (*report_)["rankings"]) (*rankings_)[r["ranking"]] = r;
  }
  static void TearDownTestSuite() {
    delete report_;
    report_ = nullptr;
  }
  static const json& Ranking(const std::string& name) { return rankings_->at(name); }

  static json* report_;
  static std::map<std::string, json>* rankings_;
};
json* BenchRelevanceTest::report_ = nullptr;
std::map<std::string, json>* BenchRelevanceTest::rankings_ = new std::map<std::string, json>();

TEST_F(BenchRelevanceTest, EveryJudgedQueryIsScoredBySignalsAndBlend) {
  ASSERT_NE(report_, nullptr);
  EXPECT_GE((*report_)["queries"].get<int>(), 30);
  for (const char* name :
       {"text", "terms", "citations", "blend", "blend + cut-off (leave-one-out)"}) {
    ASSERT_TRUE(rankings_->count(name)) << name;
    EXPECT_EQ(Ranking(name)["queries"], (*report_)["queries"]) << name;
    for (const char* metric : {"p_at_5_relevant", "p_at_5_highly_relevant", "ndcg_at_5"}) {
      const double v = Ranking(name)[metric].get<double>();
      EXPECT_GE(v, 0.0) << name << " " << metric;
      EXPECT_LE(v, 1.0) << name << " " << metric;
    }
  }
}

// Fusion must not lose what the best signal alone finds (small margin for rank noise).
TEST_F(BenchRelevanceTest, BlendIsAtLeastAsGoodAsTheBestSignalAlone) {
  ASSERT_NE(report_, nullptr);
  double best = 0;
  for (const char* name : {"text", "terms", "citations"}) {
    best = std::max(best, Ranking(name)["ndcg_at_5"].get<double>());
  }
  EXPECT_GE(Ranking("blend")["ndcg_at_5"].get<double>(), best - 0.02);
}

// The cut-off (fitted without the query it is scored on) must raise the share of relevant
// studies among those shown, not lower it, and must not cost much nDCG@5.
TEST_F(BenchRelevanceTest, HeldOutCutOffShowsAHigherShareOfRelevantStudies) {
  ASSERT_NE(report_, nullptr);
  const json& blend = Ranking("blend");
  const json& cut = Ranking("blend + cut-off (leave-one-out)");
  ASSERT_GT(cut["shown_in_first_10"].get<int>(), 0);
  const double share_all =
      blend["shown_relevant"].get<double>() / blend["shown_in_first_10"].get<double>();
  const double share_cut =
      cut["shown_relevant"].get<double>() / cut["shown_in_first_10"].get<double>();
  EXPECT_GE(share_cut, share_all);
  EXPECT_LE(cut["shown_in_first_10"].get<int>(), blend["shown_in_first_10"].get<int>());
  EXPECT_GE(cut["ndcg_at_5"].get<double>(), blend["ndcg_at_5"].get<double>() - 0.05);
}

// The demo's deliberately off-topic (and much upvoted) posts never reach a study page.
TEST_F(BenchRelevanceTest, NoOffTopicPostIsShownForAnyStudy) {
  ASSERT_NE(report_, nullptr);
  const json& posts = (*report_)["posts"];
  ASSERT_TRUE(posts.contains("shown_off_topic")) << posts.dump();
  EXPECT_GT(posts["shown_in_first_10"].get<int>(), 0);
  EXPECT_EQ(posts["shown_off_topic"].get<int>(), 0);
}

TEST_F(BenchRelevanceTest, TheQueryStudyIsNeverAmongItsOwnCandidates) {
  ASSERT_NE(report_, nullptr);
  ASSERT_FALSE((*report_)["details"].empty());
  for (const auto& q : (*report_)["details"]) {
    const std::string self = "starter:" + q["study"].get<std::string>();
    for (const auto& c : q["candidates"]) {
      EXPECT_NE(c["study"].get<std::string>(), self);
      EXPECT_FALSE(c["reasons"].empty()) << self << " -> " << c["study"];
    }
  }
}

}  // namespace
}  // namespace tricholog::cli
