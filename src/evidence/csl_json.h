// CSL-JSON import: the Citation Style Language's JSON form of bibliographic items (the schema
// csl-data.json, github.com/citation-style-language/schema), as Zotero, citation-js and the
// project's own starter library (data/evidence/) write it: an array of items, or one item.
//
// Read: title, container-title (journal; container-title-short when no long form), issued
// (date-parts [[YYYY, M, D]], or a "raw"/"literal" string starting with the year), author
// ([{family, given}] or [{literal}]), DOI, PMID, PMCID, abstract, keyword (comma-separated),
// volume, issue, page.
#ifndef TRICHOLOG_EVIDENCE_CSL_JSON_H_
#define TRICHOLOG_EVIDENCE_CSL_JSON_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "evidence/study.h"

namespace tricholog::evidence {

inline constexpr std::size_t kMaxCslJsonBytes = 64u << 20;

// A study and the CSL item's own "id" (the starter library keys its summaries by it).
struct CslStudy {
  std::string csl_id;
  Study study;
};

struct ParsedCslFile {
  std::vector<CslStudy> items;
  std::vector<SkippedRecord> skipped;  // `line` is the item's 1-based position in the array
};

// Parses `text` (named `source` in errors). An item that is not an object, has no title, or has
// a field of the wrong type or out of range is skipped with its position and the field named.
// Errors: kTooLarge over kMaxCslJsonBytes; kParseError for text that is not JSON (with the
// parser's byte position) or JSON that is neither an array nor an object.
Result<ParsedCslFile> ParseCslJson(std::string_view text, std::string_view source = "file");

}  // namespace tricholog::evidence

#endif  // TRICHOLOG_EVIDENCE_CSL_JSON_H_
