// Related research (issue 20, deliverable 4): the studies most like one study of the library,
// ranked by a blend of three signals computed from the schema-10 tables at query time, each
// suggestion with the reasons it was made, and nothing shown below a relevance cut-off.
//
// Signals (../shared/reference/knowledge.md §5.1; docs/evidence.md "Related research"):
//  - text: a more-like-this query in the manner of PubMed's related articles (pmra; Lin &
//    Wilbur 2007): the reference's ~25 highest tf·idf words (title words counted twice, TLDR,
//    summary, abstract, keywords and MeSH once), ORed into one full-text query ranked with
//    BM25 column weights title 2, keywords 2, MeSH 2, others 1 (SQLite FTS5), or with
//    ts_rank_cd and weights A (title) 1, B (TLDR, keywords, MeSH) 1, C and D 0.5 (PostgreSQL).
//    Its similarity is the candidate's score over the reference's own score for the same query.
//  - terms: shared MeSH descriptors, keywords and the project's condition and treatment tags,
//    spellings of one concept (synonyms.h) counted once, each weighted by its IDF over the
//    library; MeSH check tags (Humans, Male, Adult...) dropped. Similarity: the shared weight
//    (Σ idf²) over the reference's own.
//  - citations: direct citation either way, bibliographic coupling (works both cite; by
//    library id, PMID or DOI) and co-citation (studies that cite both), as Salton cosines.
// Fusion: reciprocal rank fusion, Σ over signals of 1 / (k + rank), k = 60 (Cormack, Clarke &
// Büttcher, SIGIR 2009; not tuned here). Ties within a signal share the better rank.
// Cut-off: a suggestion is shown only when one signal's own similarity reaches that signal's
// threshold (RelatedCutoff); a list may be short or empty rather than filled.
#ifndef TRICHOLOG_EVIDENCE_RELATED_H_
#define TRICHOLOG_EVIDENCE_RELATED_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace tricholog::store {
class Store;
}

namespace tricholog::evidence {

enum class RelatedSignal { kText, kTerms, kCitations };
inline constexpr int kRelatedSignalCount = 3;

// "text", "terms", "citations".
std::string_view RelatedSignalName(RelatedSignal signal);
// The signal named `name`; nullopt for any other name ("blend" is not a signal).
std::optional<RelatedSignal> ParseRelatedSignal(std::string_view name);

// The thresholds below which a suggestion is not shown. Citations pass on any shared or direct
// citation (a priori: a citation link is deliberate). The text and terms thresholds were fitted
// on all 37 queries of data/evidence/relevance/judgments.json by `tricholog bench relevance`
// (grid 0..1 in steps of 0.05, maximising relevant minus not-relevant among the first 10
// shown); its leave-one-query-out fits agreed on 36 of 37 queries (docs/evidence.md "Relevance
// measured"). On that set text similarity alone never earned a place (every starter study is
// tagged, and text-only matches were more often not relevant), so text 1.0 means: text ranks,
// but does not by itself pass the cut-off.
struct RelatedCutoff {
  double text = 1.0;    // text similarity (candidate score / reference's own score)
  double terms = 0.20;  // share of the reference's IDF² term weight the candidate shares
  double citations = 1e-9;
};

struct RelatedOptions {
  int limit = 10;                       // at most this many suggestions (1 to 100)
  std::optional<RelatedSignal> signal;  // one signal alone; nullopt: the blend of all three
  bool apply_cutoff = true;             // false: every candidate a signal found, ranked
  RelatedCutoff cutoff;
  int rrf_k = 60;  // reciprocal rank fusion constant (1 to 1000)
  // Candidates each signal contributes to the fusion (10 to 1000).
  int per_signal = 50;
};

struct RelatedStudy {
  std::string id;
  std::string title;
  std::string journal;
  std::optional<int> year;
  // The blend's fused score (Σ 1/(k+rank)), or the one signal's similarity with options.signal.
  double score = 0;
  // Per signal (indexed by RelatedSignal): 1-based rank in that signal's list, 0 when absent,
  // and the signal's own similarity (0 when absent), which the cut-off reads.
  int ranks[kRelatedSignalCount] = {0, 0, 0};
  double similarity[kRelatedSignalCount] = {0, 0, 0};
  // Why it was suggested, strongest first: "cites this study", "cites 3 of the same studies",
  // "cited together by 2 studies", "both: dupilumab, alopecia areata", "shared terms: ...".
  std::vector<std::string> reasons;
};

// True when some signal's similarity reaches its threshold in `cutoff`.
bool PassesCutoff(const RelatedStudy& study, const RelatedCutoff& cutoff);

// The studies related to `study_id`, best first, never the study itself. Read-only; runs in one
// transaction of `store` (studies are public records, read without an actor and not audited).
// kNotFound (field "study_id") when no study has that id; kInvalidArgument naming the option
// when an option is out of range.
Result<std::vector<RelatedStudy>> RelatedStudies(store::Store& store, std::string_view study_id,
                                                 const RelatedOptions& options = {});

}  // namespace tricholog::evidence

#endif  // TRICHOLOG_EVIDENCE_RELATED_H_
