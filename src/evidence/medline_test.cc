// The MEDLINE (nbib) reader on records written from NLM's field descriptions: full and short
// author names, journal title over its abbreviation, dates with month names, the DOI among the
// article ids, MeSH headings without qualifiers; bad records skipped with their first line.
#include "evidence/medline.h"

#include <gtest/gtest.h>

namespace tricholog::evidence {
namespace {

// Made up for this test, in the layout PubMed writes.
constexpr std::string_view kRecords =
    "PMID- 31234567\n"
    "OWN - NLM\n"
    "DP  - 2019 Jul/Aug\n"
    "TI  - Reactivation of a made-up condition after a made-up treatment for another\n"
    "      condition.\n"
    "PG  - 12-15\n"
    "LID - 10.1234/EXAMPLE.5678 [doi]\n"
    "AB  - A case.\n"
    "FAU - Example, Alice B\n"
    "AU  - Example AB\n"
    "FAU - Sample, Carl\n"
    "AU  - Sample C\n"
    "TA  - Derm Ex\n"
    "JT  - Dermatology examples\n"
    "VI  - 30\n"
    "IP  - 4\n"
    "MH  - Alopecia Areata/*drug therapy\n"
    "MH  - Humans\n"
    "MH  - *Antibodies, Monoclonal, Humanized/adverse effects\n"
    "OT  - dupilumab\n"
    "PMC - PMC7654321\n"
    "\n"
    "PMID- 31234568\n"
    "TI  - Only short names.\n"
    "AU  - Nobody A\n"
    "TA  - Short J\n"
    "DP  - 2021\n";

TEST(ParseMedline, ReadsTheFieldsAStudyNeeds) {
  auto parsed = ParseMedline(kRecords);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->studies.size(), 2u);
  EXPECT_TRUE(parsed->skipped.empty());
  const Study& a = parsed->studies[0];
  EXPECT_EQ(a.pmid, "31234567");
  EXPECT_EQ(a.title,
            "Reactivation of a made-up condition after a made-up treatment for another "
            "condition.");
  EXPECT_EQ(a.year, 2019);
  EXPECT_EQ(a.month, 7);
  EXPECT_EQ(a.doi, "10.1234/example.5678");
  EXPECT_EQ(a.pmcid, "PMC7654321");
  ASSERT_EQ(a.authors.size(), 2u);
  EXPECT_EQ(a.authors[0].family, "Example");
  EXPECT_EQ(a.authors[0].given, "Alice B");
  EXPECT_EQ(a.journal, "Dermatology examples");
  EXPECT_EQ(a.volume, "30");
  EXPECT_EQ(a.issue, "4");
  EXPECT_EQ(a.pages, "12-15");
  EXPECT_EQ(a.mesh_terms, (std::vector<std::string>{"Alopecia Areata", "Humans",
                                                    "Antibodies, Monoclonal, Humanized"}));
  EXPECT_EQ(a.keywords, (std::vector<std::string>{"dupilumab"}));
  const Study& b = parsed->studies[1];
  ASSERT_EQ(b.authors.size(), 1u);
  EXPECT_EQ(b.authors[0].family, "Nobody");
  EXPECT_EQ(b.authors[0].given, "A");
  EXPECT_EQ(b.journal, "Short J");
  EXPECT_EQ(b.year, 2021);
  EXPECT_FALSE(b.month);
}

TEST(ParseMedline, SkipsBadRecordsNamingTheirFirstLine) {
  constexpr std::string_view text =
      "PMID- 1\n"  // line 1: no title
      "DP  - 2020\n"
      "\n"
      "PMID- 2\n"  // line 4: year out of range
      "TI  - Old.\n"
      "DP  - 1492 Jan\n"
      "\n"
      "PMID- abc\n"  // line 8: not a PMID
      "TI  - Odd.\n"
      "\n"
      "PMID- 3\n"  // line 11: kept
      "TI  - Kept.\n";
  auto parsed = ParseMedline(text);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->studies.size(), 1u);
  EXPECT_EQ(parsed->studies[0].pmid, "3");
  ASSERT_EQ(parsed->skipped.size(), 3u);
  EXPECT_EQ(parsed->skipped[0].line, 1);
  EXPECT_EQ(parsed->skipped[1].line, 4);
  EXPECT_NE(parsed->skipped[1].message.find("1492"), std::string::npos);
  EXPECT_EQ(parsed->skipped[2].line, 8);
}

TEST(ParseMedline, RefusesWhatIsNotMedline) {
  for (std::string_view text : {std::string_view(""), std::string_view("TY  - JOUR\nER  - \n"),
                                std::string_view("[{\"title\": \"x\"}]")}) {
    auto parsed = ParseMedline(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_EQ(parsed.error().code, ErrorCode::kParseError);
    EXPECT_NE(parsed.error().message.find("line 1"), std::string::npos);
  }
}

}  // namespace
}  // namespace tricholog::evidence
