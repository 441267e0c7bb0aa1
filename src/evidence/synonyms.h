// Synonyms as one concept (issue 20): a drug's generic name, brand names and the community's
// short forms, and a condition's name and abbreviation, are one search concept. Search expands a
// query term into its concept's phrases; related posts match concepts, not spellings.
// The table is the project's (names from the products' labels and the trials' reports); a
// phrase belongs to one concept only. Pure functions; no I/O.
#ifndef TRICHOLOG_EVIDENCE_SYNONYMS_H_
#define TRICHOLOG_EVIDENCE_SYNONYMS_H_

#include <string>
#include <string_view>
#include <vector>

namespace tricholog::evidence {

struct ConceptPhrase {
  std::string_view text;  // lower-case words separated by single spaces ("atopic dermatitis")
  // Matched in free text only when written in capitals ("AA", "AD", "SALT"): the lower-case
  // word is an ordinary English word or too short to mean the concept. Queries match either
  // case, since a person who types "ad" into a hair-loss library's search means the disease.
  bool capitals_only = false;
};

struct Concept {
  std::string_view id;                 // "dupilumab", "alopecia_areata"
  std::string_view label;              // shown in reasons: "dupilumab", "alopecia areata"
  std::string_view kind;               // "condition", "treatment", "measure"
  std::vector<ConceptPhrase> phrases;  // the first is the label's own phrase
};

// Every concept, in a fixed order.
const std::vector<Concept>& Concepts();

// The concept whose phrase `phrase` is, compared after lower-casing and collapsing spaces
// ("Dupixent", "atopic  eczema"); nullptr when none.
const Concept* ConceptOfPhrase(std::string_view phrase);

// The concept with this id; nullptr when none.
const Concept* ConceptById(std::string_view id);

// The concepts a free text mentions, each once, in order of first mention. Phrases match whole
// words (letters and digits are word characters; case-insensitive except capitals_only phrases).
std::vector<const Concept*> ConceptsIn(std::string_view text);

// Lower-case words of `text` (letters and digits, other characters separate words), for callers
// that normalise phrases the way this table does.
std::vector<std::string> WordsOf(std::string_view text);

}  // namespace tricholog::evidence

#endif  // TRICHOLOG_EVIDENCE_SYNONYMS_H_
