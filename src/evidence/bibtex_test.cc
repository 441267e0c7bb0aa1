// The BibTeX reader on entries written from the BibTeX documentation: braced, quoted and numeric
// values, nested braces, @string macros and month names, '#' concatenation, LaTeX accents, both
// author forms and collective names; bad entries skipped with the line of their '@'.
#include "evidence/bibtex.h"

#include <gtest/gtest.h>

namespace tricholog::evidence {
namespace {

constexpr std::string_view kEntries = R"(Text before the first entry is ignored.
@string{dermex = "Dermatology Examples"}
@comment{ anything { here } }
@article{example2019,
  title    = {Reactivation of a {Made-Up} Condition after a made-up treatment},
  author   = {Example, Alice B. and Carl Sample and {The Example Group} and M{\"u}ller, J{\"o}rg},
  journal  = dermex,
  year     = 2019,
  month    = aug,
  volume   = "30",
  number   = {4},
  pages    = {12--15},
  doi      = {https://doi.org/10.1234/EXAMPLE.5678},
  pmid     = {31234567},
  pmcid    = {PMC7654321},
  keywords = {alopecia areata; dupilumab},
  abstract = "A " # "case."
}
@Article(second,
  title = "Caf{\'e} study",
  journaltitle = {Short J},
  year = {2021}
)
)";

TEST(ParseBibtex, ReadsTheFieldsAStudyNeeds) {
  auto parsed = ParseBibtex(kEntries);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->studies.size(), 2u);
  EXPECT_TRUE(parsed->skipped.empty());
  const Study& a = parsed->studies[0];
  EXPECT_EQ(a.title, "Reactivation of a Made-Up Condition after a made-up treatment");
  EXPECT_EQ(a.journal, "Dermatology Examples");
  EXPECT_EQ(a.year, 2019);
  EXPECT_EQ(a.month, 8);
  EXPECT_EQ(a.volume, "30");
  EXPECT_EQ(a.issue, "4");
  EXPECT_EQ(a.pages, "12-15");
  EXPECT_EQ(a.doi, "10.1234/example.5678");
  EXPECT_EQ(a.pmid, "31234567");
  EXPECT_EQ(a.pmcid, "PMC7654321");
  EXPECT_EQ(a.keywords, (std::vector<std::string>{"alopecia areata", "dupilumab"}));
  EXPECT_EQ(a.abstract, "A case.");
  ASSERT_EQ(a.authors.size(), 4u);
  EXPECT_EQ(a.authors[0].family, "Example");
  EXPECT_EQ(a.authors[0].given, "Alice B.");
  EXPECT_EQ(a.authors[1].family, "Sample");
  EXPECT_EQ(a.authors[1].given, "Carl");
  EXPECT_EQ(a.authors[2].family, "The Example Group");
  EXPECT_EQ(a.authors[3].family, "Müller");
  EXPECT_EQ(a.authors[3].given, "Jörg");
  const Study& b = parsed->studies[1];
  EXPECT_EQ(b.title, "Café study");
  EXPECT_EQ(b.journal, "Short J");
  EXPECT_EQ(b.year, 2021);
}

TEST(ParseBibtex, SkipsBadEntriesNamingTheLineOfTheirAt) {
  constexpr std::string_view text =
      "@article{a,\n"  // line 1: no title
      "  year = 2020\n"
      "}\n"
      "@article{b, title = {Old}, year = 1492}\n"         // line 4
      "@article{c, title = {Bad year}, year = {20x1}}\n"  // line 5
      "@article{d, title = {Kept}, doi = {not a doi}}\n"  // line 6
      "@article{e, title = {Unclosed\n";                  // line 7
  auto parsed = ParseBibtex(text);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->studies.size(), 1u);
  EXPECT_EQ(parsed->studies[0].title, "Kept");
  EXPECT_TRUE(parsed->studies[0].doi.empty());
  ASSERT_EQ(parsed->skipped.size(), 4u);
  EXPECT_EQ(parsed->skipped[0].line, 1);
  EXPECT_EQ(parsed->skipped[1].line, 4);
  EXPECT_NE(parsed->skipped[1].message.find("1492"), std::string::npos);
  EXPECT_EQ(parsed->skipped[2].line, 5);
  EXPECT_EQ(parsed->skipped[3].line, 7);
  EXPECT_NE(parsed->skipped[3].message.find("unbalanced"), std::string::npos);
}

TEST(ParseBibtex, RefusesWhatIsNotBibtex) {
  for (std::string_view text : {std::string_view(""), std::string_view("TY  - JOUR\nER  - \n"),
                                std::string_view("mail me @ example.org")}) {
    auto parsed = ParseBibtex(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_EQ(parsed.error().code, ErrorCode::kParseError);
    EXPECT_NE(parsed.error().message.find("line 1"), std::string::npos);
  }
}

}  // namespace
}  // namespace tricholog::evidence
