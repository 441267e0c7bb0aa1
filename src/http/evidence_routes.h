// The research pages (issue 20; docs/evidence-pages.md): searching the evidence library and a
// study's page — title, "Month YYYY in Journal", authors, identifiers as plain links, TLDR,
// summary, type and tags, "Discuss this study in the community", the research it cites (k / n),
// the studies that cite it, related community posts (k / N), related research (k / n), and the
// protocols and alerts of the tracker that cite it. Handlers are thin: the figures come from
// evidence::EvidenceLibrary, evidence::Community, evidence::RelatedStudies and
// app::ItemsCiting (app/evidence_links.h).
//
// Who may read: study pages and search are public (Access::kPublic). A study is a public
// bibliographic record (the library reads it without an actor and writes no audit row), and a
// physician may want to send a patient a link. Community posts are for members only: signed
// out, the study page says so and links to sign-in instead of listing related posts.
#ifndef TRICHOLOG_HTTP_EVIDENCE_ROUTES_H_
#define TRICHOLOG_HTTP_EVIDENCE_ROUTES_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "evidence/library.h"
#include "http/patient_routes.h"
#include "http/router.h"

namespace tricholog::http {

// Results per search page, and the most a study page lists of related posts and research.
inline constexpr int kSearchHitsPerPage = 10;
inline constexpr int kRelatedShown = 6;

// Adds (public):
//   GET /research              ?q=&year_from=&year_to=&condition=&treatment=&type=&page=
//   GET /research/{study_id}   the study page; a study key (PMID, DOI, starter id) redirects
//                              (303) to the study's page
//   GET /research/{study_id}/image   the study's image, when it has one
// Loads the protocol catalog from context->protocols_dir once (for "Protocols and alerts that
// cite this study"; logged and left empty when it cannot be read).
Result<void> AddEvidenceRoutes(Router& router, std::shared_ptr<const PatientContext> context);

// "Case report", "Meta-analysis", ... for a study type of evidence::kStudyTypes; "" for "".
std::string StudyTypeLabel(std::string_view type);

}  // namespace tricholog::http

#endif  // TRICHOLOG_HTTP_EVIDENCE_ROUTES_H_
