// A study's bibliographic record as the evidence library keeps it (issue 20): identifiers,
// title, journal, date, authors, abstract, keywords and MeSH terms. Plain values; every import
// format (PubMed XML, MEDLINE, RIS, BibTeX, CSL-JSON) parses into this.
#ifndef TRICHOLOG_EVIDENCE_STUDY_H_
#define TRICHOLOG_EVIDENCE_STUDY_H_

#include <optional>
#include <string>
#include <vector>

namespace tricholog::evidence {

struct Author {
  std::string family;  // "Carnicle"; a collective name ("BRAVE-AA Investigators") goes here
  std::string given;   // "Jocelyn M"; may be empty
};

// A work a study cites (one entry of its reference list), by whichever identifiers the source
// gives: PubMed XML's ReferenceList/Reference (Citation text and ArticleIdList).
struct CitedWork {
  std::string pmid;   // digits only, or empty
  std::string doi;    // lower-cased "10.xxxx/...", or empty
  std::string title;  // the citation text as given, or empty
};

struct Study {
  std::string pmid;   // digits only, or empty
  std::string doi;    // lower-cased "10.xxxx/...", or empty
  std::string pmcid;  // "PMC1234567", or empty
  std::string title;
  std::string journal;
  std::optional<int> year;   // 1800 .. 2200
  std::optional<int> month;  // 1 .. 12
  std::vector<Author> authors;
  std::string abstract;
  std::vector<std::string> keywords;
  std::vector<std::string> mesh_terms;
  std::string volume;
  std::string issue;
  std::string pages;
  std::vector<CitedWork> references;  // the reference list, in order; often empty
};

// A record an import skipped: where it starts in the file and why.
struct SkippedRecord {
  int line = 0;  // 1-based line of the record's first line
  std::string message;
};

struct ParsedFile {
  std::vector<Study> studies;
  std::vector<SkippedRecord> skipped;
};

}  // namespace tricholog::evidence

#endif  // TRICHOLOG_EVIDENCE_STUDY_H_
