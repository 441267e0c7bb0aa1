// The CSL-JSON reader on items written from the CSL data schema (csl-data.json): the fields a
// study needs, both date forms, personal and literal authors, one item or an array; bad items
// skipped with their position and the field named; text that is not CSL-JSON refused.
#include "evidence/csl_json.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

namespace tricholog::evidence {
namespace {

TEST(ParseCslJson, ReadsTheFieldsAStudyNeeds) {
  constexpr std::string_view text = R"([
    {"id": "example-2019", "type": "article-journal",
     "title": "A made-up case report", "container-title": "Dermatology Examples",
     "container-title-short": "Derm Ex",
     "issued": {"date-parts": [[2019, 8]]},
     "author": [{"family": "Example", "given": "Alice B"}, {"literal": "The Example Group"}],
     "DOI": "https://doi.org/10.1234/ABC.5", "PMID": 31234567, "PMCID": "PMC7654321",
     "abstract": "A case.", "keyword": "alopecia areata, dupilumab",
     "volume": 30, "issue": "4", "page": "12-15"},
    {"id": 7, "type": "article-journal", "title": "Raw date",
     "container-title-short": "Short J", "issued": {"raw": "2022-03-01"}}
  ])";
  auto parsed = ParseCslJson(text);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->items.size(), 2u);
  EXPECT_TRUE(parsed->skipped.empty());
  const CslStudy& a = parsed->items[0];
  EXPECT_EQ(a.csl_id, "example-2019");
  EXPECT_EQ(a.study.title, "A made-up case report");
  EXPECT_EQ(a.study.journal, "Dermatology Examples");
  EXPECT_EQ(a.study.year, 2019);
  EXPECT_EQ(a.study.month, 8);
  ASSERT_EQ(a.study.authors.size(), 2u);
  EXPECT_EQ(a.study.authors[0].family, "Example");
  EXPECT_EQ(a.study.authors[0].given, "Alice B");
  EXPECT_EQ(a.study.authors[1].family, "The Example Group");
  EXPECT_EQ(a.study.doi, "10.1234/abc.5");
  EXPECT_EQ(a.study.pmid, "31234567");
  EXPECT_EQ(a.study.pmcid, "PMC7654321");
  EXPECT_EQ(a.study.keywords, (std::vector<std::string>{"alopecia areata", "dupilumab"}));
  EXPECT_EQ(a.study.volume, "30");
  EXPECT_EQ(a.study.pages, "12-15");
  const CslStudy& b = parsed->items[1];
  EXPECT_EQ(b.csl_id, "7");
  EXPECT_EQ(b.study.journal, "Short J");
  EXPECT_EQ(b.study.year, 2022);
  EXPECT_FALSE(b.study.month);
  // One item on its own is a file too.
  auto one = ParseCslJson(R"({"id": "x", "title": "Alone"})");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->items.size(), 1u);
}

TEST(ParseCslJson, SkipsBadItemsNamingTheirPositionAndField) {
  constexpr std::string_view text = R"([
    {"id": "no-title"},
    {"id": "bad-doi", "title": "T", "DOI": "not a doi"},
    {"id": "bad-month", "title": "T", "issued": {"date-parts": [[2020, 13]]}},
    {"id": "old", "title": "T", "issued": {"date-parts": [[1492]]}},
    {"id": "bad-author", "title": "T", "author": [{"given": "Only"}]},
    {"id": "bad-pmid", "title": "T", "PMID": "12a"},
    "not an object",
    {"id": "kept", "title": "Kept"}
  ])";
  auto parsed = ParseCslJson(text);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->items.size(), 1u);
  EXPECT_EQ(parsed->items[0].csl_id, "kept");
  ASSERT_EQ(parsed->skipped.size(), 7u);
  const char* fields[] = {"title", "DOI", "issued.date-parts", "issued", "author[0]",
                          "PMID",  "item"};
  for (std::size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(parsed->skipped[i].line, static_cast<int>(i + 1));
    EXPECT_NE(parsed->skipped[i].message.find(fields[i]), std::string::npos)
        << parsed->skipped[i].message;
  }
}

TEST(ParseCslJson, RefusesWhatIsNotCslJson) {
  for (std::string_view text :
       {std::string_view(""), std::string_view("TY  - JOUR"), std::string_view("42"),
        std::string_view(R"([{"title": "a", "title": "b"}])")}) {
    auto parsed = ParseCslJson(text, "library.json");
    if (parsed) {
      // Duplicate keys are a parse error, not a skipped item.
      ADD_FAILURE() << text;
      continue;
    }
    EXPECT_EQ(parsed.error().code, ErrorCode::kParseError) << text;
  }
}

}  // namespace
}  // namespace tricholog::evidence

namespace tricholog::evidence {
namespace {

// The starter library shipped in data/evidence/ is CSL-JSON that this reader takes whole: every
// item parses, none is skipped, ids are unique, and each has a journal and a year.
TEST(StarterLibrary, EveryItemParses) {
  const std::string path =
      std::string(TRICHOLOG_SOURCE_DATA_DIR) + "/evidence/starter-library.csl.json";
  std::ifstream file(path, std::ios::binary);
  ASSERT_TRUE(file) << path;
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  auto parsed = ParseCslJson(text, path);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  for (const auto& skipped : parsed->skipped) ADD_FAILURE() << skipped.message;
  EXPECT_GE(parsed->items.size(), 20u);
  std::set<std::string> ids;
  for (const CslStudy& item : parsed->items) {
    EXPECT_TRUE(ids.insert(item.csl_id).second) << item.csl_id;
    EXPECT_FALSE(item.study.journal.empty()) << item.csl_id;
    EXPECT_TRUE(item.study.year.has_value()) << item.csl_id;
    EXPECT_FALSE(item.study.authors.empty()) << item.csl_id;
  }
  // The 2019 Dermatitis case report of AA reactivated on dupilumab is in it (issue 20).
  const bool has_case_report = std::any_of(parsed->items.begin(), parsed->items.end(), [](auto& i) {
    return i.study.journal == "Dermatitis" && i.study.year == 2019 && !i.study.authors.empty() &&
           i.study.authors[0].family == "Carnicle";
  });
  EXPECT_TRUE(has_case_report);
}

}  // namespace
}  // namespace tricholog::evidence
