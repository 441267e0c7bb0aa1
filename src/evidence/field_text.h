// What every evidence reader does to a field's text the same way: trimming, identifier forms
// (DOI, PMID, PMCID), month names, and the file-size error. Internal to src/evidence.
#ifndef TRICHOLOG_EVIDENCE_FIELD_TEXT_H_
#define TRICHOLOG_EVIDENCE_FIELD_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.h"

namespace tricholog::evidence {

bool IsDigit(char c);
// True for a non-empty run of ASCII digits (a PMID).
bool AllDigits(std::string_view text);
// Without leading and trailing spaces, tabs, CR and LF.
std::string_view TrimSpace(std::string_view text);
// ASCII lower case.
std::string LowerAscii(std::string_view text);

// A DOI as the library stores it: "10.prefix/suffix" lower-cased, from a bare DOI, "doi:…" or a
// (dx.)doi.org URL; empty when the text is not a DOI (never guessed).
std::string NormaliseDoi(std::string_view text);
// True for "PMC" followed by at least one digit.
bool IsPmcid(std::string_view text);
// 1..12 from a month's English name or its first three letters (any case, "Aug", "august") or
// a number 1–12 of one or two digits; 0 otherwise.
int MonthFromText(std::string_view text);

// kTooLarge naming `field`: "the file is N bytes; at most M are read".
tl::unexpected<Error> FileTooLarge(std::size_t size, std::size_t max,
                                   std::string_view field = "file");

}  // namespace tricholog::evidence

#endif  // TRICHOLOG_EVIDENCE_FIELD_TEXT_H_
