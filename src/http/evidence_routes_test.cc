// The research pages: search (results, highlights, filters, errors kept next to their field),
// the study page (its sections, each saying so plainly when empty; identifiers as links; a hostile
// title escaped), who may read it (anyone; related community posts only for members), a study
// key redirecting to its page, 404s; and time and dates in words.
#include "http/evidence_routes.h"

#include <gtest/gtest.h>

#include <string>

#include "evidence/community.h"
#include "evidence/library.h"
#include "http/app_test_util.h"
#include "http/community_routes.h"

namespace tricholog::http {
namespace {

using test::Fetch;

// Two studies that share a topic, one that cites the other, and a hostile title.
constexpr std::string_view kStudies = R"([
 {"id": "carnicle-2019", "type": "article-journal",
  "title": "Reactivation of Alopecia Areata After Dupilumab Therapy for Atopic Dermatitis",
  "container-title": "Dermatitis", "issued": {"date-parts": [[2019, 8]]},
  "author": [{"family": "Carnicle", "given": "Jocelyn M."}, {"family": "Hendricks", "given": "Aleksi J."},
             {"family": "Shi", "given": "Vivian Y."}],
  "abstract": "A woman with atopic dermatitis treated with dupilumab had her alopecia areata reactivate."},
 {"id": "mitchell-2018", "type": "article-journal", "PMID": "29387767",
  "title": "Alopecia areata after dupilumab for atopic dermatitis",
  "container-title": "JAAD Case Reports", "issued": {"date-parts": [[2018, 2]]},
  "author": [{"family": "Mitchell", "given": "K"}, {"family": "Levitt", "given": "J"}],
  "abstract": "New alopecia areata in a patient on dupilumab for atopic dermatitis."},
 {"id": "hostile", "type": "article-journal",
  "title": "<script>alert('x')</script> Minoxidil & \"quotes\"",
  "container-title": "<b>Journal</b>", "issued": {"date-parts": [[2021]]},
  "author": [{"family": "O'Brien<img src=x onerror=alert(1)>", "given": "A"}],
  "abstract": "Topical minoxidil for androgenetic alopecia."}
])";

class EvidencePagesTest : public test::AppTest {
 protected:
  void SetUp() override {
    test::AppTest::SetUp();
    auto imported = gate_->With([](store::Store& s) {
      evidence::EvidenceLibrary library(s);
      evidence::ImportOptions options;
      options.source_prefix = "starter";
      return library.ImportText(store::Actor::LocalAdmin(), kStudies, "test.json", options);
    });
    ASSERT_TRUE(imported) << imported.error().ToString();
    ASSERT_EQ(imported->ids.size(), 3u);
    carnicle_ = imported->ids[0];
    mitchell_ = imported->ids[1];
    hostile_ = imported->ids[2];
    evidence::StudyAnnotation note;
    note.tldr = "Dupilumab for eczema may bring alopecia areata back.";
    note.summary = "A case report of alopecia areata returning on dupilumab.";
    note.study_type = "case_report";
    note.conditions = {"alopecia_areata", "atopic_dermatitis"};
    note.treatments = {"dupilumab"};
    note.cites = {"pmid:29387767"};
    auto annotated = gate_->With([&](store::Store& s) {
      evidence::EvidenceLibrary library(s);
      return library.Annotate(store::Actor::LocalAdmin(), carnicle_, note);
    });
    ASSERT_TRUE(annotated) << annotated.error().ToString();
  }

  std::optional<test::Reply> Anonymous(std::string_view target) {
    return Fetch(port(), "GET", target, "");
  }

  std::string carnicle_, mitchell_, hostile_;
};

TEST_F(EvidencePagesTest, SearchFindsHighlightsAndPaginates) {
  auto page = Anonymous("/research?q=dupixent+alopecia");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_NE(page->body.find("2 results"), std::string::npos) << page->body;
  EXPECT_NE(page->body.find("href=\"/research/" + carnicle_ + "\""), std::string::npos);
  EXPECT_NE(page->body.find("<mark>"), std::string::npos);
  EXPECT_NE(page->body.find("August 2019 in Dermatitis"), std::string::npos);
  EXPECT_NE(page->body.find("Carnicle JM, Hendricks AJ, Shi VY"), std::string::npos);
  EXPECT_NE(page->body.find("does not diagnose"), std::string::npos);
  // A filter narrows it; the chosen option stays selected.
  auto filtered = Anonymous("/research?q=alopecia&type=case_report");
  ASSERT_TRUE(filtered);
  EXPECT_NE(filtered->body.find("1 result"), std::string::npos) << filtered->body;
  EXPECT_NE(filtered->body.find("value=\"case_report\" selected"), std::string::npos);
}

TEST_F(EvidencePagesTest, SearchSaysSoWhenNothingMatchesAndKeepsBadInputNextToItsField) {
  auto none = Anonymous("/research?q=tofacitinib+zebra");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 200);
  EXPECT_NE(none->body.find("0 results"), std::string::npos);
  EXPECT_NE(none->body.find("No study in the library matches"), std::string::npos);

  auto bad_year = Anonymous("/research?q=alopecia&year_from=19x9");
  ASSERT_TRUE(bad_year);
  EXPECT_EQ(bad_year->status, 400);
  EXPECT_NE(bad_year->body.find("Give a year such as 2019"), std::string::npos);
  EXPECT_NE(bad_year->body.find("value=\"19x9\""), std::string::npos);
  auto bad_type = Anonymous("/research?q=alopecia&type=%3Cscript%3E");
  ASSERT_TRUE(bad_type);
  EXPECT_EQ(bad_type->status, 400);
  EXPECT_EQ(bad_type->body.find("<script>"), std::string::npos);
  // A tag's link: no words, one filter (the filtered studies).
  auto tagged = Anonymous("/research?q=&treatment=dupilumab");
  ASSERT_TRUE(tagged);
  EXPECT_EQ(tagged->status, 200);
  EXPECT_NE(tagged->body.find("href=\"/research/" + carnicle_ + "\""), std::string::npos);
  EXPECT_EQ(tagged->body.find("href=\"/research/" + hostile_ + "\""), std::string::npos);
  // No question yet: the form and a prompt, not an error.
  auto empty = Anonymous("/research");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 200);
  EXPECT_NE(empty->body.find("Type what you want to read about"), std::string::npos);
}

TEST_F(EvidencePagesTest, TheStudyPageHasEverySectionAndSaysSoWhenOneIsEmpty) {
  const Signed pat = SignUp("pat@example.org");
  auto page = Get("/research/" + carnicle_, pat);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  const std::string& html = page->body;
  for (const char* expected :
       {"Reactivation of Alopecia Areata After Dupilumab Therapy for Atopic Dermatitis",
        "August 2019 in Dermatitis", "Carnicle JM, Hendricks AJ, Shi VY",
        "Dupilumab for eczema may bring alopecia areata back.", "Case report",
        "href=\"/community/new?study=" /* Discuss this study */,
        "Discuss this study in the community", "Research cited in this study", "(1 / 1 results)",
        "Related community posts", "No community post discusses", "Related research",
        "Protocols and alerts that cite this study", "does not diagnose"}) {
    EXPECT_NE(html.find(expected), std::string::npos) << expected;
  }
  // The cited study is in the library: a link to its page. It has no TLDR of its own, and the
  // page's TLDR is not shown under it.
  EXPECT_NE(html.find("href=\"/research/" + mitchell_ + "\""), std::string::npos);
  const auto tldr = std::string("Dupilumab for eczema may bring alopecia areata back.");
  EXPECT_EQ(html.find(tldr), html.rfind(tldr)) << "the TLDR appears once";

  // The cited one: a PubMed link, "cited by", and the tracker's alert that rests on it.
  auto cited = Get("/research/" + mitchell_, pat);
  ASSERT_TRUE(cited);
  ASSERT_EQ(cited->status, 200);
  EXPECT_NE(cited->body.find("https://pubmed.ncbi.nlm.nih.gov/29387767/"), std::string::npos);
  EXPECT_NE(cited->body.find("Cited by"), std::string::npos);
  EXPECT_NE(cited->body.find("Hair loss has increased on dupilumab"), std::string::npos);
  EXPECT_NE(cited->body.find("The library has no reference list"), std::string::npos);
}

TEST_F(EvidencePagesTest, SignedOutVisitorsReadTheStudyButNotTheCommunity) {
  const Signed pat = SignUp("pat@example.org");
  auto post = gate_->With([&](store::Store& s) {
    evidence::Community community(s);
    evidence::NewPost p;
    p.category = evidence::PostCategory::kResearch;
    p.title = "Members-only discussion of the reactivation report";
    p.body = "Dupilumab and alopecia areata.";
    p.discuss_study_id = carnicle_;
    return community.CreatePost({pat.user_id, store::Role::kPatient}, p);
  });
  ASSERT_TRUE(post) << post.error().ToString();
  auto anonymous = Anonymous("/research/" + carnicle_);
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 200);
  EXPECT_NE(anonymous->body.find("Community posts are for members"), std::string::npos);
  EXPECT_EQ(anonymous->body.find("Members-only discussion"), std::string::npos);
  auto member = Get("/research/" + carnicle_, pat);
  ASSERT_TRUE(member);
  EXPECT_NE(member->body.find("Members-only discussion"), std::string::npos);
  EXPECT_NE(member->body.find("Related community posts <span class=\"count\">(1 / 1 results)"),
            std::string::npos);
  EXPECT_NE(member->body.find("Links this study"), std::string::npos);
}

TEST_F(EvidencePagesTest, AHostileStudyIsEscapedEverywhere) {
  for (const std::string& target :
       {"/research/" + hostile_, std::string("/research?q=minoxidil")}) {
    auto page = Anonymous(target);
    ASSERT_TRUE(page);
    ASSERT_EQ(page->status, 200) << target << page->body;
    EXPECT_EQ(page->body.find("<script>alert"), std::string::npos) << target;
    EXPECT_EQ(page->body.find("<img src=x"), std::string::npos) << target;
    EXPECT_EQ(page->body.find("<b>Journal"), std::string::npos) << target;
    EXPECT_NE(page->body.find("&lt;script&gt;"), std::string::npos) << target;
  }
}

TEST_F(EvidencePagesTest, UnknownStudiesAre404AndKeysRedirect) {
  auto missing = Anonymous("/research/aaaaaaaaaa");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  auto by_pmid = Anonymous("/research/29387767");
  ASSERT_TRUE(by_pmid);
  EXPECT_EQ(by_pmid->status, 303);
  EXPECT_EQ(by_pmid->Header("location"), "/research/" + mitchell_);
  auto no_image = Anonymous("/research/" + carnicle_ + "/image");
  ASSERT_TRUE(no_image);
  EXPECT_EQ(no_image->status, 404);
}

TEST(AgeInWords, SaysHowLongAgoLikeTheStudyPages) {
  const std::string now = "2026-12-03T12:00:00Z";
  EXPECT_EQ(AgeInWords("2026-12-03T11:59:30Z", now), "just now");
  EXPECT_EQ(AgeInWords("2026-12-03T13:00:00Z", now), "just now");  // the future
  EXPECT_EQ(AgeInWords("2026-12-03T11:55:00Z", now), "5 minutes ago");
  EXPECT_EQ(AgeInWords("2026-12-03T11:00:00Z", now), "1 hour ago");
  EXPECT_EQ(AgeInWords("2026-11-30T12:00:00Z", now), "3 days ago");
  EXPECT_EQ(AgeInWords("2026-09-01T12:00:00Z", now), "3 months ago");
  EXPECT_EQ(AgeInWords("2023-11-01T12:00:00Z", now), "3 years ago");
  EXPECT_EQ(AgeInWords("2025-12-03T12:00:00Z", now), "1 year ago");
  EXPECT_EQ(AgeInWords("yesterday", now), "");
  EXPECT_EQ(DayInWords("2026-03-03T10:00:00Z"), "3 Mar 2026");
  EXPECT_EQ(DayInWords("2026-02-30"), "");
  EXPECT_EQ(StudyTypeLabel("meta_analysis"), "Meta-analysis");
}

}  // namespace
}  // namespace tricholog::http
