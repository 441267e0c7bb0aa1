// The PubMed XML reader on articles written from the PubMed DTD's element names: every field a
// study needs, both date forms, labelled abstracts, collective authors, the DOI and PMCID from
// the id list; bad articles skipped with their line; malformed XML named by line and column; no
// external entity ever read.
#include "evidence/pubmed_xml.h"

#include <gtest/gtest.h>

namespace tricholog::evidence {
namespace {

// Made up for this test, laid out as efetch writes it.
constexpr std::string_view kSet = R"(<?xml version="1.0" ?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">
<PubmedArticleSet>
<PubmedArticle>
  <MedlineCitation Status="MEDLINE" Owner="NLM">
    <PMID Version="1">31234567</PMID>
    <Article PubModel="Print">
      <Journal>
        <JournalIssue CitedMedium="Internet">
          <Volume>30</Volume><Issue>4</Issue>
          <PubDate><Year>2019</Year><Month>Aug</Month></PubDate>
        </JournalIssue>
        <Title>Dermatology examples</Title>
        <ISOAbbreviation>Derm Ex</ISOAbbreviation>
      </Journal>
      <ArticleTitle>Reactivation of a <i>made-up</i> condition.</ArticleTitle>
      <Pagination><MedlinePgn>12-15</MedlinePgn></Pagination>
      <ELocationID EIdType="doi" ValidYN="Y">10.1234/EXAMPLE.5678</ELocationID>
      <Abstract>
        <AbstractText Label="BACKGROUND">Why.</AbstractText>
        <AbstractText Label="RESULTS">What.</AbstractText>
      </Abstract>
      <AuthorList CompleteYN="Y">
        <Author ValidYN="Y"><LastName>Example</LastName><ForeName>Alice B</ForeName></Author>
        <Author ValidYN="Y"><CollectiveName>The Example Group</CollectiveName></Author>
      </AuthorList>
    </Article>
    <MeshHeadingList>
      <MeshHeading><DescriptorName UI="D000506" MajorTopicYN="Y">Alopecia Areata</DescriptorName>
        <QualifierName UI="Q000188" MajorTopicYN="N">drug therapy</QualifierName></MeshHeading>
      <MeshHeading><DescriptorName UI="D006801" MajorTopicYN="N">Humans</DescriptorName></MeshHeading>
    </MeshHeadingList>
    <KeywordList Owner="NOTNLM"><Keyword MajorTopicYN="N">dupilumab</Keyword></KeywordList>
  </MedlineCitation>
  <PubmedData>
    <ArticleIdList>
      <ArticleId IdType="pubmed">31234567</ArticleId>
      <ArticleId IdType="pmc">PMC7654321</ArticleId>
    </ArticleIdList>
  </PubmedData>
</PubmedArticle>
<PubmedArticle>
  <MedlineCitation><PMID Version="1">31234568</PMID>
    <Article><Journal><JournalIssue><PubDate><MedlineDate>2021 Jul-Aug</MedlineDate></PubDate></JournalIssue>
      <ISOAbbreviation>Short J</ISOAbbreviation></Journal>
      <ArticleTitle>Second.</ArticleTitle></Article>
  </MedlineCitation>
  <PubmedData><ArticleIdList><ArticleId IdType="doi">10.5555/Second</ArticleId></ArticleIdList></PubmedData>
</PubmedArticle>
<PubmedArticle>
  <MedlineCitation><PMID Version="1">1</PMID><Article><ArticleTitle></ArticleTitle></Article></MedlineCitation>
</PubmedArticle>
<PubmedArticle>
  <MedlineCitation><PMID Version="1">2</PMID><Article><Journal><JournalIssue><PubDate><Year>1492</Year></PubDate></JournalIssue></Journal><ArticleTitle>Old.</ArticleTitle></Article></MedlineCitation>
</PubmedArticle>
</PubmedArticleSet>
)";

TEST(ParsePubmedXml, ReadsTheFieldsAStudyNeeds) {
  auto parsed = ParsePubmedXml(kSet);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->studies.size(), 2u);
  const Study& a = parsed->studies[0];
  EXPECT_EQ(a.pmid, "31234567");
  EXPECT_EQ(a.title, "Reactivation of a made-up condition.");
  EXPECT_EQ(a.journal, "Dermatology examples");
  EXPECT_EQ(a.volume, "30");
  EXPECT_EQ(a.issue, "4");
  EXPECT_EQ(a.year, 2019);
  EXPECT_EQ(a.month, 8);
  EXPECT_EQ(a.pages, "12-15");
  EXPECT_EQ(a.doi, "10.1234/example.5678");
  EXPECT_EQ(a.pmcid, "PMC7654321");
  EXPECT_EQ(a.abstract, "BACKGROUND: Why. RESULTS: What.");
  ASSERT_EQ(a.authors.size(), 2u);
  EXPECT_EQ(a.authors[0].family, "Example");
  EXPECT_EQ(a.authors[0].given, "Alice B");
  EXPECT_EQ(a.authors[1].family, "The Example Group");
  EXPECT_EQ(a.mesh_terms, (std::vector<std::string>{"Alopecia Areata", "Humans"}));
  EXPECT_EQ(a.keywords, (std::vector<std::string>{"dupilumab"}));
  const Study& b = parsed->studies[1];
  EXPECT_EQ(b.journal, "Short J");
  EXPECT_EQ(b.year, 2021);
  EXPECT_EQ(b.month, 7);
  EXPECT_EQ(b.doi, "10.5555/second");
  // The two bad articles, with the lines their elements start on.
  ASSERT_EQ(parsed->skipped.size(), 2u);
  EXPECT_EQ(parsed->skipped[0].line, 50);
  EXPECT_NE(parsed->skipped[0].message.find("ArticleTitle"), std::string::npos);
  EXPECT_EQ(parsed->skipped[1].line, 53);
  EXPECT_NE(parsed->skipped[1].message.find("1492"), std::string::npos);
}

TEST(ParsePubmedXml, MalformedXmlIsNamedByLineAndColumn) {
  auto parsed = ParsePubmedXml("<PubmedArticleSet>\n<PubmedArticle>\n</PubmedArticleSet>\n");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::kParseError);
  // libxml2 names the end tag that does not match (line 3) or the end of the data (line 4).
  EXPECT_TRUE(parsed.error().message.starts_with("line 3") ||
              parsed.error().message.starts_with("line 4"))
      << parsed.error().message;
  EXPECT_NE(parsed.error().message.find("column"), std::string::npos);
  EXPECT_EQ(parsed.error().message.find('\n'), std::string::npos);
  auto wrong_root = ParsePubmedXml("<?xml version=\"1.0\"?>\n<html/>");
  ASSERT_FALSE(wrong_root);
  EXPECT_NE(wrong_root.error().message.find("PubmedArticleSet"), std::string::npos);
  EXPECT_FALSE(ParsePubmedXml(""));
}

TEST(ParsePubmedXml, NeverReadsAnExternalEntity) {
  constexpr std::string_view text = R"(<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet [<!ENTITY leak SYSTEM "file:///etc/passwd">]>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>5</PMID>
<Article><ArticleTitle>Title &leak; end</ArticleTitle></Article></MedlineCitation></PubmedArticle>
</PubmedArticleSet>)";
  auto parsed = ParsePubmedXml(text);
  if (!parsed) return;  // refusing the document is safe too
  for (const Study& s : parsed->studies) {
    EXPECT_EQ(s.title.find("root:"), std::string::npos) << s.title;
  }
}

}  // namespace
}  // namespace tricholog::evidence
