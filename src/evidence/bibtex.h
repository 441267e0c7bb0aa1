// BibTeX import: entries as reference managers and Google Scholar write them,
// "@article{key, title = {…}, author = "… and …", year = 2019, …}". Read as described in the
// BibTeX documentation (Patashnik, "BibTeXing", 1988): braced or quoted values with nested
// braces, bare numbers, @string macros and the month names jan…dec, '#' concatenation; @comment,
// @preamble and text between entries ignored. Common LaTeX accents (\"u, \'e, \`a, \^o, \~n, \c{c})
// become their Unicode letters and grouping braces are removed.
//
// Read: title, journal (journaltitle), year, month, author ("Family, Given and Given Family and
// {Collective}"), doi, pmid, pmcid, abstract, keywords (comma- or semicolon-separated), volume,
// number, pages.
#ifndef TRICHOLOG_EVIDENCE_BIBTEX_H_
#define TRICHOLOG_EVIDENCE_BIBTEX_H_

#include <string_view>

#include "core/error.h"
#include "evidence/study.h"

namespace tricholog::evidence {

inline constexpr std::size_t kMaxBibtexBytes = 64u << 20;

// Parses every entry of `text`. An entry without a title, with unbalanced braces or quotes, or
// with a year outside 1800..2200 is skipped with the line its '@' is on. Errors: kTooLarge over
// kMaxBibtexBytes; kParseError when there is no entry at all (naming line 1).
Result<ParsedFile> ParseBibtex(std::string_view text);

}  // namespace tricholog::evidence

#endif  // TRICHOLOG_EVIDENCE_BIBTEX_H_
