// The RIS reader on samples written from the RIS format specification: the fields a study needs,
// authors as "Family, Given", dates as "YYYY/MM/DD/", continuation lines, PubMed's ways of giving
// the PMID and PMCID; bad records skipped with the line they start on; files that are not RIS.
#include "evidence/ris.h"

#include <gtest/gtest.h>

namespace tricholog::evidence {
namespace {

// Two journal articles as a reference manager writes them (made up for this test, in the
// format's layout: tag, two spaces, hyphen, space, value; CRLF line ends in the second).
constexpr std::string_view kTwoRecords =
    "TY  - JOUR\n"
    "TI  - Reactivation of a made-up condition after a made-up\n"
    "      treatment for another condition\n"
    "AU  - Example, Alice B\n"
    "AU  - Sample, Carl\n"
    "JO  - Derm Ex\n"
    "JF  - Dermatology Examples\n"
    "PY  - 2019/08/01/\n"
    "VL  - 30\n"
    "IS  - 4\n"
    "SP  - 12\n"
    "EP  - 15\n"
    "DO  - https://doi.org/10.1234/EXAMPLE.5678\n"
    "AN  - 31234567\n"
    "C2  - PMC7654321\n"
    "KW  - alopecia areata\n"
    "KW  - dupilumab\n"
    "AB  - A case.\n"
    "ER  - \n"
    "\n"
    "TY  - JOUR\r\n"
    "T1  - A second study\r\n"
    "A1  - BRAVE Investigators\r\n"
    "Y1  - 2022\r\n"
    "N1  - PMCID: PMC1111111\r\n"
    "ER  - \r\n";

TEST(ParseRis, ReadsTheFieldsAStudyNeeds) {
  auto parsed = ParseRis(kTwoRecords);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->studies.size(), 2u);
  EXPECT_TRUE(parsed->skipped.empty());
  const Study& a = parsed->studies[0];
  EXPECT_EQ(a.title,
            "Reactivation of a made-up condition after a made-up treatment for another condition");
  ASSERT_EQ(a.authors.size(), 2u);
  EXPECT_EQ(a.authors[0].family, "Example");
  EXPECT_EQ(a.authors[0].given, "Alice B");
  EXPECT_EQ(a.journal, "Dermatology Examples");  // the full name over the abbreviation
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
  const Study& b = parsed->studies[1];
  EXPECT_EQ(b.title, "A second study");
  ASSERT_EQ(b.authors.size(), 1u);
  EXPECT_EQ(b.authors[0].family, "BRAVE Investigators");
  EXPECT_EQ(b.year, 2022);
  EXPECT_FALSE(b.month);
  EXPECT_EQ(b.pmcid, "PMC1111111");
  EXPECT_TRUE(b.doi.empty());
}

TEST(ParseRis, SkipsBadRecordsNamingTheLineTheyStartOn) {
  constexpr std::string_view text =
      "TY  - JOUR\n"  // line 1: no title
      "AU  - Nobody, A\n"
      "ER  - \n"
      "TY  - JOUR\n"  // line 4: a year out of range
      "TI  - Old\n"
      "PY  - 1492\n"
      "ER  - \n"
      "TY  - JOUR\n"  // line 8: fine
      "TI  - Kept\n"
      "DO  - not a doi\n"
      "AN  - WOS:000123\n"
      "ER  - \n"
      "TY  - JOUR\n"  // line 13: cut off
      "TI  - Cut off\n";
  auto parsed = ParseRis(text);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->studies.size(), 1u);
  EXPECT_EQ(parsed->studies[0].title, "Kept");
  EXPECT_TRUE(parsed->studies[0].doi.empty());   // not a DOI: left empty, never guessed
  EXPECT_TRUE(parsed->studies[0].pmid.empty());  // an accession number that is not a PMID
  ASSERT_EQ(parsed->skipped.size(), 3u);
  EXPECT_EQ(parsed->skipped[0].line, 1);
  EXPECT_NE(parsed->skipped[0].message.find("no title"), std::string::npos);
  EXPECT_EQ(parsed->skipped[1].line, 4);
  EXPECT_NE(parsed->skipped[1].message.find("1492"), std::string::npos);
  EXPECT_EQ(parsed->skipped[2].line, 13);
  EXPECT_NE(parsed->skipped[2].message.find("without ER"), std::string::npos);
}

TEST(ParseRis, RefusesWhatIsNotRis) {
  for (std::string_view text : {std::string_view(""), std::string_view("@article{x, title={y}}"),
                                std::string_view("<PubmedArticleSet/>")}) {
    auto parsed = ParseRis(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_EQ(parsed.error().code, ErrorCode::kParseError);
    EXPECT_NE(parsed.error().message.find("line 1"), std::string::npos);
  }
  // A byte order mark is not part of the first tag.
  auto bom = ParseRis("\xEF\xBB\xBFTY  - JOUR\nTI  - With a BOM\nER  - \n");
  ASSERT_TRUE(bom);
  EXPECT_EQ(bom->studies.size(), 1u);
}

TEST(ParseRis, AnOversizeRecordIsSkippedAndTheRestKept) {
  std::string text = "TY  - JOUR\nTI  - Huge\n";
  const std::string keyword = "KW  - " + std::string(1000, 'k') + "\n";
  while (text.size() <= kMaxRisRecordBytes + 2000) text += keyword;
  text += "ER  - \nTY  - JOUR\nTI  - Small\nER  - \n";
  auto parsed = ParseRis(text);
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->studies.size(), 1u);
  EXPECT_EQ(parsed->studies[0].title, "Small");
  ASSERT_EQ(parsed->skipped.size(), 1u);
  EXPECT_EQ(parsed->skipped[0].line, 1);
}

}  // namespace
}  // namespace tricholog::evidence
