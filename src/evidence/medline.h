// MEDLINE (PubMed "nbib") import: the tagged text PubMed writes with "Send to: Citation manager"
// and efetch rettype=medline. Each line is a tag of up to four characters padded to four, "- ",
// then the value; continuation lines start with six spaces; a record starts with "PMID-" and
// records are separated by blank lines. Field descriptions: NLM, "MEDLINE/PubMed Data Element
// (Field) Descriptions" (nlm.nih.gov/bsd/mms/medlineelements.html).
//
// Read: PMID, TI, AB, FAU (full author, "Family, Given"; AU when no FAU), JT (journal; TA when no
// JT), DP (year and month from "2019 Aug 1", "2019 Jul-Aug"), LID/AID "... [doi]", PMC, MH (MeSH
// heading without qualifiers and stars: "Alopecia Areata/*drug therapy" -> "Alopecia Areata"),
// OT (keywords), VI, IP, PG.
#ifndef TRICHOLOG_EVIDENCE_MEDLINE_H_
#define TRICHOLOG_EVIDENCE_MEDLINE_H_

#include <string_view>

#include "core/error.h"
#include "evidence/study.h"

namespace tricholog::evidence {

inline constexpr std::size_t kMaxMedlineBytes = 64u << 20;

// Parses every record of `text`. A record without a PMID or a title, or with a year outside
// 1800..2200, is skipped with its first line. Errors: kTooLarge over kMaxMedlineBytes;
// kParseError when no record starts with "PMID-" (naming line 1).
Result<ParsedFile> ParseMedline(std::string_view text);

}  // namespace tricholog::evidence

#endif  // TRICHOLOG_EVIDENCE_MEDLINE_H_
