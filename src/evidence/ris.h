// RIS (Research Information Systems) import: the tagged format reference managers and PubMed
// ("Send to: Citation manager") write. Each line is "XX  - value" (a two-character tag, two
// spaces, a hyphen, a space); a record starts with "TY" and ends with "ER". Continuation lines
// (without a tag) extend the previous value. Format: the RIS specification (Research
// Information Systems, 2011, "RIS Format Specifications"), as summarised by refman.com and
// implemented in rispy.
//
// Read: TY, TI/T1 (title), AU/A1/A2 (authors "Family, Given"), JO/JF/JA/T2 (journal),
// PY/Y1/DA (year and month from "YYYY/MM/DD/other"), DO (DOI), AN (PMID when digits), C2 or
// "PMCID: PMC..." in N1 (PMCID), AB/N2 (abstract), KW (keywords), VL, IS, SP, EP.
#ifndef TRICHOLOG_EVIDENCE_RIS_H_
#define TRICHOLOG_EVIDENCE_RIS_H_

#include <string_view>

#include "core/error.h"
#include "evidence/study.h"

namespace tricholog::evidence {

// The largest RIS file read (64 MiB) and record (1 MiB).
inline constexpr std::size_t kMaxRisBytes = 64u << 20;
inline constexpr std::size_t kMaxRisRecordBytes = 1u << 20;

// Parses every record of `text`. A record without a title, with a value out of range (a year
// outside 1800..2200) or cut off without ER is skipped and listed with its first line; the
// others are returned in file order. Errors: kTooLarge over kMaxRisBytes; kParseError when the
// text holds no RIS record at all (naming line 1).
Result<ParsedFile> ParseRis(std::string_view text);

}  // namespace tricholog::evidence

#endif  // TRICHOLOG_EVIDENCE_RIS_H_
