// PubMed XML import: the PubmedArticleSet that PubMed's efetch writes (db=pubmed, retmode=xml),
// element names as in NLM's PubMed DTD (pubmed_250101.dtd; dtd.nlm.nih.gov/ncbi/pubmed/out/).
// Read with libxml2 without network access, DTD loading or entity expansion (no XXE, no billion
// laughs).
//
// Read from each PubmedArticle: MedlineCitation/PMID; Article/ArticleTitle (inline markup kept
// as text); Journal/Title (ISOAbbreviation when no title); JournalIssue/Volume, Issue, PubDate
// (Year and Month, or MedlineDate "2019 Jul-Aug"); Pagination/MedlinePgn; Abstract/AbstractText
// (labelled parts joined as "LABEL: text"); AuthorList/Author (LastName, ForeName; or
// CollectiveName); MeshHeadingList/MeshHeading/DescriptorName; KeywordList/Keyword;
// ELocationID and PubmedData/ArticleIdList/ArticleId (doi, pmc); PubmedData/ReferenceList/
// Reference (Citation, ArticleIdList pubmed and doi) as the study's reference list.
#ifndef TRICHOLOG_EVIDENCE_PUBMED_XML_H_
#define TRICHOLOG_EVIDENCE_PUBMED_XML_H_

#include <string_view>

#include "core/error.h"
#include "evidence/study.h"

namespace tricholog::evidence {

inline constexpr std::size_t kMaxPubmedXmlBytes = 256u << 20;

// Parses every PubmedArticle of `text`. An article without a numeric PMID or a title, or with a
// year outside 1800..2200, is skipped with the line its element starts on. Errors: kTooLarge
// over kMaxPubmedXmlBytes; kParseError for text that is not well-formed XML (naming the line and
// column libxml2 reports) or whose root is not PubmedArticleSet.
Result<ParsedFile> ParsePubmedXml(std::string_view text);

}  // namespace tricholog::evidence

#endif  // TRICHOLOG_EVIDENCE_PUBMED_XML_H_
