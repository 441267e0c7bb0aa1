// Links both ways between the tracker and the evidence library (issue 20, Deliver 8): a
// protocol's citations and an alert's studies open their study pages, and a study page lists the
// protocols and alerts that cite it. Protocol files name their studies by PMID, DOI or PMCID
// (data/protocols/*.json "evidence"); alerts by AlertStudyCatalogue (core/alerts.h). A citation
// without an identifier links nowhere (never matched by title: a bracketed description is not
// the work's title).
#ifndef TRICHOLOG_APP_EVIDENCE_LINKS_H_
#define TRICHOLOG_APP_EVIDENCE_LINKS_H_

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/protocol.h"
#include "evidence/library.h"
#include "evidence/study.h"

namespace tricholog::app {

// The identifier keys of a protocol citation, in the library's FindStudy form: "pmid:…",
// "doi:…" (lower-cased), "pmcid:PMC…". Empty when it has none.
std::vector<std::string> CitationKeys(const Citation& citation);
// The same for a study's facts.
std::vector<std::string> StudyKeys(const evidence::Study& study);

// Something in the tracker that cites a study.
struct CitingItem {
  std::string kind;      // "protocol" or "alert"
  std::string id;        // the protocol id or the alert code
  std::string title;     // "Dupilumab (Dupixent)", "Hair loss has increased on dupilumab"
  std::string supports;  // what the protocol takes from the study; empty for alerts
};

// The protocols of `catalog` and the alert codes that cite `study` (by any shared identifier),
// protocols first in catalog order, then alerts in AlertStudyCatalogue order. Pure.
std::vector<CitingItem> ItemsCiting(const evidence::Study& study,
                                    const std::vector<Protocol>& catalog);

// A citation or study reference resolved against the library.
struct LinkedCitation {
  Citation citation;
  std::optional<std::string> study_id;  // the library study, when the library has it
};

// Each citation of `protocol` with the library study it names, in the protocol's order.
Result<std::vector<LinkedCitation>> LinkProtocolCitations(evidence::EvidenceLibrary& library,
                                                          const Protocol& protocol);

// The library ids of `refs` ("pmid:…", "doi:…", "pmcid:…"; an alert's study_refs), in order,
// leaving out those the library does not hold.
Result<std::vector<std::string>> ResolveStudyRefs(evidence::EvidenceLibrary& library,
                                                  const std::vector<std::string>& refs);

}  // namespace tricholog::app

#endif  // TRICHOLOG_APP_EVIDENCE_LINKS_H_
