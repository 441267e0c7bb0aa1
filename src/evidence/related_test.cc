// Related research on a small corpus built in the test (rows written straight into the schema-10
// tables): each signal finds what it should and says why, the cut-off leaves unrelated studies
// out, the reference never comes back, and an unknown id is kNotFound. SQLite and PostgreSQL.
#include "evidence/related.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "store/store.h"
#include "store/store_test_util.h"

namespace tricholog::evidence {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

struct Row {
  std::string id, title, tldr, mesh_text;
  std::string pmid = {}, doi = {};
};

class RelatedTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && store::testing::PostgresTestUrl().empty()) {
      GTEST_SKIP() << "TRICHOLOG_TEST_POSTGRES_URL is not set; run under scripts/with-postgres.sh";
    }
    auto opened = store::testing::OpenFreshTestStore(GetParam(), dir_, schemas_);
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
    BuildCorpus();
  }
  void TearDown() override {
    for (const auto& s : schemas_) store::testing::DropPostgresSchema(s);
  }

  void Exec(const std::string& sql, const std::vector<store::SqlValue>& params) {
    auto r = store_->database().Query(sql, params);
    ASSERT_TRUE(r) << r.error().ToString() << "\n" << sql;
  }
  void AddStudy(const Row& s) {
    Exec(
        "INSERT INTO studies (id, pmid, doi, title, title_key, journal, year, tldr, mesh_text, "
        "added_at, updated_at) VALUES (?, ?, ?, ?, ?, 'J Test', 2020, ?, ?, "
        "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        {s.id, s.pmid.empty() ? store::SqlValue() : s.pmid,
         s.doi.empty() ? store::SqlValue() : s.doi, s.title, s.id, s.tldr, s.mesh_text});
  }
  void Term(const std::string& study, const std::string& kind, const std::string& term,
            const std::string& key) {
    Exec("INSERT INTO study_terms (study_id, kind, term, term_key) VALUES (?, ?, ?, ?)",
         {study, kind, term, key});
  }
  // Reference rows wait until every study exists (cited_id is a foreign key).
  void Cites(const std::string& study, int position, store::SqlValue cited_id,
             store::SqlValue pmid = {}, store::SqlValue doi = {}) {
    pending_.push_back({study, std::to_string(position), pmid, doi, cited_id});
  }

  void BuildCorpus() {
    AddStudy({"reference0", "Alopecia areata reactivated during dupilumab treatment of eczema",
              "Scalp hair loss began months into dupilumab and regrew after triamcinolone.",
              "Alopecia Areata; Dermatitis, Atopic; Humans; Female", "", "10.1000/ref"});
    Term("reference0", "condition", "alopecia areata", "alopecia_areata");
    Term("reference0", "condition", "atopic dermatitis", "atopic_dermatitis");
    Term("reference0", "treatment", "dupilumab", "dupilumab");
    Term("reference0", "mesh", "Humans", "humans");
    Term("reference0", "mesh", "Female", "female");
    // The reference cites three outside works and one library study.
    Cites("reference0", 0, {}, "1111111");
    Cites("reference0", 1, {}, "2222222");
    Cites("reference0", 2, {}, {}, "10.1000/shared");
    Cites("reference0", 3, "olderbase0");

    // Coupling: cites the same three outside works; nothing else in common.
    AddStudy({"coupled001", "Serum cytokine profiles of a volunteer cohort",
              "Interleukin levels measured twice a year.", ""});
    Cites("coupled001", 0, {}, "1111111");
    Cites("coupled001", 1, {}, "2222222");
    Cites("coupled001", 2, {}, {}, "10.1000/shared");
    Cites("coupled001", 3, {}, "9999999");

    // Co-citation: two studies cite both the reference and cocited01.
    AddStudy({"cocited001", "Mouse grooming behaviour under stress",
              "Grooming bouts were counted on video.", ""});
    AddStudy({"citer00001", "Zebrafish fin regeneration genetics", "Fins regrow in days.", ""});
    AddStudy({"citer00002", "Protein folding kinetics in yeast", "Chaperones speed folding.", ""});
    Cites("citer00001", 0, "reference0");
    Cites("citer00001", 1, "cocited001");
    Cites("citer00002", 0, {}, {}, "10.1000/ref");  // cites the reference by DOI only
    Cites("citer00002", 1, "cocited001");

    // Cited by the reference.
    AddStudy({"olderbase0", "Lichen planus of the oral mucosa", "White lacy patches.", ""});

    // Tags only: dupilumab and alopecia areata, under other spellings, plus a check tag.
    AddStudy({"tagsonly01", "Observations on four consecutive referrals",
              "Outcomes at one year in a clinic.", ""});
    Term("tagsonly01", "treatment", "Dupixent", "dupixent");
    Term("tagsonly01", "mesh", "Alopecia Areata", "alopecia areata");
    Term("tagsonly01", "mesh", "Humans", "humans");

    // Text only: most of the reference's words, no tags, no citations.
    AddStudy({"textonly01", "Dupilumab treatment and alopecia areata: scalp hair loss in eczema",
              "Hair loss on dupilumab regrew after triamcinolone injections.", ""});

    // Weak text: one shared word.
    AddStudy({"weakmatch1", "Eczema in toddlers at daycare", "Skin care routines compared.", ""});

    // Unrelated: only check tags in common.
    AddStudy({"unrelated1", "Hip fracture surgery timing in older adults",
              "Earlier surgery shortened hospital stays.", "Humans; Female"});
    Term("unrelated1", "mesh", "Humans", "humans");
    Term("unrelated1", "mesh", "Female", "female");
    AddStudy(
        {"unrelated2", "Solar panel efficiency in desert climates", "Dust lowers output.", ""});
    for (const auto& params : pending_) {
      Exec(
          "INSERT INTO study_references (study_id, position, cited_pmid, cited_doi, cited_id) "
          "VALUES (?, ?, ?, ?, ?)",
          params);
    }
  }

  std::vector<RelatedStudy> Related(RelatedOptions options = {}) {
    options.cutoff = kCutoff;
    auto r = RelatedStudies(*store_, "reference0", options);
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : std::vector<RelatedStudy>{};
  }
  static const RelatedStudy* Find(const std::vector<RelatedStudy>& list, const std::string& id) {
    auto it =
        std::find_if(list.begin(), list.end(), [&](const RelatedStudy& s) { return s.id == id; });
    return it == list.end() ? nullptr : &*it;
  }
  static std::vector<std::string> Ids(const std::vector<RelatedStudy>& list) {
    std::vector<std::string> ids;
    for (const auto& s : list) ids.push_back(s.id);
    return ids;
  }

  // Thresholds fixed in the test, so refitting the shipped defaults cannot change it.
  static constexpr RelatedCutoff kCutoff{0.30, 0.50, 1e-9};
  std::filesystem::path dir_ = std::filesystem::temp_directory_path();
  std::vector<std::string> schemas_;
  std::vector<std::vector<store::SqlValue>> pending_;
  std::unique_ptr<store::Store> store_;
};

TEST_P(RelatedTest, CouplingCountsWorksSharedByPmidAndDoi) {
  RelatedOptions options;
  options.signal = RelatedSignal::kCitations;
  auto list = Related(options);
  const RelatedStudy* coupled = Find(list, "coupled001");
  ASSERT_NE(coupled, nullptr);
  EXPECT_THAT(coupled->reasons, Contains("cites 3 of the same studies"));
  EXPECT_GT(coupled->ranks[static_cast<int>(RelatedSignal::kCitations)], 0);
}

TEST_P(RelatedTest, CoCitationAndDirectCitationEitherWay) {
  auto list = Related();
  const RelatedStudy* cocited = Find(list, "cocited001");
  ASSERT_NE(cocited, nullptr);
  EXPECT_THAT(cocited->reasons, Contains("cited together by 2 studies"));
  for (const char* citer : {"citer00001", "citer00002"}) {  // by id, and by DOI only
    const RelatedStudy* s = Find(list, citer);
    ASSERT_NE(s, nullptr) << citer;
    EXPECT_THAT(s->reasons, Contains("cites this study")) << citer;
  }
  const RelatedStudy* older = Find(list, "olderbase0");
  ASSERT_NE(older, nullptr);
  EXPECT_THAT(older->reasons, Contains("cited by this study"));
}

TEST_P(RelatedTest, SharedTagsAreOneConceptWhateverTheSpellingAndCheckTagsCountForNothing) {
  RelatedOptions options;
  options.signal = RelatedSignal::kTerms;
  options.apply_cutoff = false;
  auto list = Related(options);
  const RelatedStudy* tags = Find(list, "tagsonly01");
  ASSERT_NE(tags, nullptr);
  ASSERT_FALSE(tags->reasons.empty());
  EXPECT_THAT(tags->reasons.back(), HasSubstr("both: "));
  EXPECT_THAT(tags->reasons.back(), HasSubstr("dupilumab"));
  EXPECT_THAT(tags->reasons.back(), HasSubstr("alopecia areata"));
  // Humans and Female are shared with unrelated1, and are check tags.
  EXPECT_EQ(Find(list, "unrelated1"), nullptr);
}

TEST_P(RelatedTest, TextRanksTheStudyWithTheSameWordsFirstAndNamesThem) {
  RelatedOptions options;
  options.signal = RelatedSignal::kText;
  options.apply_cutoff = false;
  auto list = Related(options);
  ASSERT_FALSE(list.empty());
  EXPECT_EQ(list[0].id, "textonly01");
  EXPECT_GT(list[0].similarity[0], 0.3);
  ASSERT_FALSE(list[0].reasons.empty());
  EXPECT_THAT(list[0].reasons.back(), HasSubstr("shared terms: "));
  EXPECT_THAT(list[0].reasons.back(), HasSubstr("dupilumab"));
  // The weak match is found, and ranked below.
  const RelatedStudy* weak = Find(list, "weakmatch1");
  ASSERT_NE(weak, nullptr);
  EXPECT_LT(weak->similarity[0], list[0].similarity[0]);
}

TEST_P(RelatedTest, CutOffLeavesWeakAndUnrelatedStudiesOutAndNeverFills) {
  RelatedOptions options;
  options.limit = 20;
  auto list = Related(options);
  const std::vector<std::string> ids = Ids(list);
  for (const char* id : {"coupled001", "cocited001", "citer00001", "citer00002", "olderbase0",
                         "tagsonly01", "textonly01"}) {
    EXPECT_THAT(ids, Contains(id));
  }
  EXPECT_EQ(Find(list, "weakmatch1"), nullptr);
  EXPECT_EQ(Find(list, "unrelated1"), nullptr);
  EXPECT_EQ(Find(list, "unrelated2"), nullptr);
  EXPECT_EQ(list.size(), 7u);  // room for 20; not filled
  for (const auto& s : list) {
    EXPECT_TRUE(PassesCutoff(s, kCutoff)) << s.id;
    EXPECT_FALSE(s.reasons.empty()) << s.id;
    EXPECT_EQ(s.journal, "J Test");
    EXPECT_EQ(s.year, 2020);
    EXPECT_FALSE(s.title.empty());
  }
  // Best first.
  for (std::size_t i = 1; i < list.size(); ++i) EXPECT_GE(list[i - 1].score, list[i].score);
}

TEST_P(RelatedTest, TheReferenceItselfIsNeverReturned) {
  for (bool cutoff : {true, false}) {
    RelatedOptions options;
    options.apply_cutoff = cutoff;
    options.limit = 100;
    EXPECT_EQ(Find(Related(options), "reference0"), nullptr);
    for (auto signal : {RelatedSignal::kText, RelatedSignal::kTerms, RelatedSignal::kCitations}) {
      options.signal = signal;
      EXPECT_EQ(Find(Related(options), "reference0"), nullptr);
    }
  }
}

TEST_P(RelatedTest, BlendCombinesRanksOfEverySignal) {
  RelatedOptions options;
  options.limit = 20;
  options.apply_cutoff = false;
  auto list = Related(options);
  for (const auto& s : list) {
    double expected = 0;
    for (int rank : s.ranks) {
      if (rank > 0) expected += 1.0 / (60 + rank);
    }
    EXPECT_DOUBLE_EQ(s.score, expected) << s.id;
  }
}

TEST_P(RelatedTest, UnknownIdAndBadOptions) {
  auto missing = RelatedStudies(*store_, "nosuchid00");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().field, "study_id");
  RelatedOptions options;
  options.limit = 0;
  auto bad = RelatedStudies(*store_, "reference0", options);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "limit");
  EXPECT_EQ(ParseRelatedSignal("terms"), RelatedSignal::kTerms);
  EXPECT_EQ(ParseRelatedSignal("blend"), std::nullopt);
}

TEST_P(RelatedTest, AStudyWithNothingInCommonGetsAnEmptyList) {
  auto list = RelatedStudies(*store_, "unrelated2");
  ASSERT_TRUE(list) << list.error().ToString();
  EXPECT_TRUE(list->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, RelatedTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace tricholog::evidence
