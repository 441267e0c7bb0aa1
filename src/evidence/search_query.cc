#include "evidence/search_query.h"

#include <algorithm>
#include <optional>

#include "evidence/synonyms.h"

namespace tricholog::evidence {
namespace {

// The longest run of words looked up as one concept phrase ("eczema area and severity index").
constexpr std::size_t kMaxConceptWords = 6;
// A prefix shorter than this is searched as a whole word: "a*" would match most of the index.
constexpr std::size_t kMinPrefixBytes = 3;
constexpr std::size_t kMaxWordsPerAlternative = 16;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

// One lexed piece of the text: the OR operator, or a word / quoted phrase with its marks.
struct Unit {
  bool is_or = false;
  std::vector<std::string> words;
  bool quoted = false;
  bool prefix = false;
  bool negated = false;
  bool Plain() const { return !is_or && !quoted && !prefix && !negated; }
};

std::string_view Truncated(std::string_view text) {
  if (text.size() <= kMaxQueryTextBytes) return text;
  std::size_t end = kMaxQueryTextBytes;
  // Never cut a UTF-8 sequence in two.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

std::vector<Unit> Lex(std::string_view text) {
  std::vector<Unit> units;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    while (i < n && IsSpace(text[i])) ++i;
    if (i >= n) break;
    Unit unit;
    if (text[i] == '-' && i + 1 < n && !IsSpace(text[i + 1]) && text[i + 1] != '-') {
      unit.negated = true;
      ++i;
    }
    std::string_view raw;
    if (text[i] == '"') {
      const std::size_t close = text.find('"', i + 1);
      const std::size_t end = close == std::string_view::npos ? n : close;
      raw = text.substr(i + 1, end - i - 1);
      unit.quoted = true;
      i = close == std::string_view::npos ? n : close + 1;
      if (i < n && text[i] == '*') {
        unit.prefix = true;
        while (i < n && text[i] == '*') ++i;
      }
    } else {
      const std::size_t start = i;
      while (i < n && !IsSpace(text[i]) && text[i] != '"') ++i;
      raw = text.substr(start, i - start);
      if (raw == "OR" && !unit.negated) {
        unit.is_or = true;
        units.push_back(std::move(unit));
        continue;
      }
      if (!raw.empty() && raw.back() == '*') {
        unit.prefix = true;
        while (!raw.empty() && raw.back() == '*') raw.remove_suffix(1);
      }
    }
    unit.words = WordsOf(raw);
    if (unit.words.empty()) continue;
    if (unit.words.size() > kMaxWordsPerAlternative) unit.words.resize(kMaxWordsPerAlternative);
    if (unit.prefix && unit.words.back().size() < kMinPrefixBytes) unit.prefix = false;
    units.push_back(std::move(unit));
  }
  return units;
}

std::string Joined(const std::vector<std::string>& words) {
  std::string joined;
  for (const std::string& w : words) {
    if (!joined.empty()) joined.push_back(' ');
    joined += w;
  }
  return joined;
}

QueryClause ConceptClause(const Concept& concept_, bool negated) {
  QueryClause clause;
  clause.negated = negated;
  clause.concept_id = std::string(concept_.id);
  for (const ConceptPhrase& phrase : concept_.phrases) {
    QueryAlternative alt{WordsOf(phrase.text), false};
    if (std::find(clause.alternatives.begin(), clause.alternatives.end(), alt) ==
        clause.alternatives.end()) {
      clause.alternatives.push_back(std::move(alt));
    }
  }
  return clause;
}

QueryClause UnitClause(const Unit& unit) {
  if (!unit.prefix) {
    if (const Concept* c = ConceptOfPhrase(Joined(unit.words))) {
      return ConceptClause(*c, unit.negated);
    }
  }
  QueryClause clause;
  clause.negated = unit.negated;
  clause.alternatives.push_back({unit.words, unit.prefix});
  return clause;
}

void Merge(QueryClause& into, const QueryClause& other) {
  into.negated = false;
  if (into.concept_id != other.concept_id) into.concept_id.clear();
  for (const QueryAlternative& alt : other.alternatives) {
    if (std::find(into.alternatives.begin(), into.alternatives.end(), alt) ==
        into.alternatives.end()) {
      into.alternatives.push_back(alt);
    }
  }
}

std::string Fts5Alternative(const QueryAlternative& alt) {
  // Words hold only word characters (no '"'), so quoting cannot be broken out of.
  std::string out = "\"" + Joined(alt.words) + "\"";
  if (alt.prefix) out += " *";
  return out;
}

std::string Fts5Clause(const QueryClause& clause) {
  if (clause.alternatives.size() == 1) return Fts5Alternative(clause.alternatives[0]);
  std::string out = "(";
  for (std::size_t i = 0; i < clause.alternatives.size(); ++i) {
    if (i > 0) out += " OR ";
    out += Fts5Alternative(clause.alternatives[i]);
  }
  return out + ")";
}

std::string TsAlternative(const QueryAlternative& alt) {
  std::string out;
  for (std::size_t i = 0; i < alt.words.size(); ++i) {
    if (i > 0) out += " <-> ";
    // Words hold no ' or \ (ASCII punctuation separates words), so the quoting is exact.
    out += "'" + alt.words[i] + "'";
  }
  if (alt.prefix) out += ":*";
  return out;
}

std::string TsClause(const QueryClause& clause) {
  std::string out = "( ";
  for (std::size_t i = 0; i < clause.alternatives.size(); ++i) {
    if (i > 0) out += " | ";
    out += TsAlternative(clause.alternatives[i]);
  }
  return out + " )";
}

}  // namespace

ParsedQuery ParseSearchText(std::string_view text) {
  const std::vector<Unit> units = Lex(Truncated(text));
  // Clauses in order, each with whether an OR joined it to the one before.
  std::vector<std::pair<QueryClause, bool>> clauses;
  bool or_pending = false;
  std::size_t i = 0;
  while (i < units.size()) {
    if (units[i].is_or) {
      or_pending = !clauses.empty();
      ++i;
      continue;
    }
    std::optional<QueryClause> clause;
    std::size_t used = 1;
    if (units[i].Plain()) {
      // The longest run of plain words that is a concept phrase ("atopic eczema").
      std::size_t run = 0;
      while (i + run < units.size() && units[i + run].Plain()) ++run;
      std::vector<std::string> words;
      std::optional<std::pair<const Concept*, std::size_t>> best;
      for (std::size_t k = 0; k < run; ++k) {
        words.insert(words.end(), units[i + k].words.begin(), units[i + k].words.end());
        if (words.size() > kMaxConceptWords) break;
        if (const Concept* c = ConceptOfPhrase(Joined(words))) best = {c, k + 1};
      }
      if (best) {
        clause = ConceptClause(*best->first, false);
        used = best->second;
      }
    }
    if (!clause) clause = UnitClause(units[i]);
    clauses.emplace_back(std::move(*clause), or_pending);
    or_pending = false;
    i += used;
  }

  ParsedQuery parsed;
  for (auto& [clause, joined_by_or] : clauses) {
    if (joined_by_or && !parsed.clauses.empty()) {
      Merge(parsed.clauses.back(), clause);
      continue;
    }
    if (std::find(parsed.clauses.begin(), parsed.clauses.end(), clause) != parsed.clauses.end()) {
      continue;
    }
    if (parsed.clauses.size() >= kMaxQueryClauses) break;
    parsed.clauses.push_back(std::move(clause));
  }
  return parsed;
}

bool HasPositiveClause(const ParsedQuery& query) {
  return std::any_of(query.clauses.begin(), query.clauses.end(),
                     [](const QueryClause& c) { return !c.negated; });
}

std::string ToFts5Match(const ParsedQuery& query) {
  if (!HasPositiveClause(query)) return {};
  std::string positive, negative;
  for (const QueryClause& clause : query.clauses) {
    if (clause.negated) {
      negative += " NOT " + Fts5Clause(clause);
    } else {
      if (!positive.empty()) positive += " AND ";
      positive += Fts5Clause(clause);
    }
  }
  if (negative.empty()) return positive;
  return "(" + positive + ")" + negative;
}

std::string ToTsquery(const ParsedQuery& query) {
  if (!HasPositiveClause(query)) return {};
  std::string out;
  for (const QueryClause& clause : query.clauses) {
    if (!clause.negated) {
      if (!out.empty()) out += " & ";
      out += TsClause(clause);
    }
  }
  for (const QueryClause& clause : query.clauses) {
    if (clause.negated) out += " & !" + TsClause(clause);
  }
  return out;
}

std::string DescribeQuery(const ParsedQuery& query) {
  std::string out;
  for (const QueryClause& clause : query.clauses) {
    if (!out.empty()) out += ' ';
    if (clause.negated) out += '-';
    if (clause.alternatives.size() > 1) out += '(';
    for (std::size_t i = 0; i < clause.alternatives.size(); ++i) {
      const QueryAlternative& alt = clause.alternatives[i];
      if (i > 0) out += " OR ";
      const bool phrase = alt.words.size() > 1;
      if (phrase) out += '"';
      out += Joined(alt.words);
      if (phrase) out += '"';
      if (alt.prefix) out += '*';
    }
    if (clause.alternatives.size() > 1) out += ')';
  }
  return out;
}

}  // namespace tricholog::evidence
