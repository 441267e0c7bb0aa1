// The evidence search's query language (issue 20): a user's text turned into a small tree and
// rendered for each engine — an SQLite FTS5 MATCH expression and a PostgreSQL to_tsquery text.
// Pure functions, no I/O.
//
// The language (websearch-like): words, all of which must match; "quoted phrases"; word* for a
// prefix; OR (in capitals) between two alternatives; -word or -"phrase" to exclude. A word,
// run of words or quoted phrase that is a synonyms.h concept phrase ("Dupixent", "atopic
// eczema", "AA") matches any phrase of its concept. Every term reaching an engine is quoted
// and holds only word characters (WordsOf), so no text can make a syntax error or use an
// engine operator: a stray quote, parenthesis, colon, NEAR, ^ or & is just a separator.
#ifndef TRICHOLOG_EVIDENCE_SEARCH_QUERY_H_
#define TRICHOLOG_EVIDENCE_SEARCH_QUERY_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tricholog::evidence {

// One way a clause can match: a word, or a phrase of words in order; `prefix` makes the last
// word a prefix.
struct QueryAlternative {
  std::vector<std::string> words;  // lower-case (WordsOf)
  bool prefix = false;
  bool operator==(const QueryAlternative&) const = default;
};

// A clause matches when any of its alternatives does; a negated clause excludes what it matches.
struct QueryClause {
  std::vector<QueryAlternative> alternatives;
  bool negated = false;
  std::string concept_id;  // the synonyms.h concept the clause was expanded from, or ""
  bool operator==(const QueryClause&) const = default;
};

// All positive clauses must match and no negated one.
struct ParsedQuery {
  std::vector<QueryClause> clauses;
  bool operator==(const ParsedQuery&) const = default;
};

// Bounds that keep one query's cost small: at most this many clauses (later ones are dropped)
// and bytes of text read (the rest is ignored).
inline constexpr std::size_t kMaxQueryClauses = 16;
inline constexpr std::size_t kMaxQueryTextBytes = 512;

// Parses the user's text. Never fails: what cannot be searched (punctuation only, an unclosed
// quote's marks) is dropped.
ParsedQuery ParseSearchText(std::string_view text);

// True when the query has a clause that must match (a query of exclusions only, or of nothing,
// cannot be run).
bool HasPositiveClause(const ParsedQuery& query);

// The FTS5 MATCH expression: '"w1 w2" *', '("a" OR "b c")', clauses joined with AND, exclusions
// with NOT. Empty when !HasPositiveClause.
std::string ToFts5Match(const ParsedQuery& query);

// The to_tsquery text: "'w1' <-> 'w2':*", "( 'a' | 'b' <-> 'c' )", clauses joined with &,
// exclusions with & !( ... ). Empty when !HasPositiveClause.
std::string ToTsquery(const ParsedQuery& query);

// A readable form for messages and --json ("dupilumab OR dupixent OR ...").
std::string DescribeQuery(const ParsedQuery& query);

}  // namespace tricholog::evidence

#endif  // TRICHOLOG_EVIDENCE_SEARCH_QUERY_H_
