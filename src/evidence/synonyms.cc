#include "evidence/synonyms.h"

#include <algorithm>
#include <cctype>

namespace tricholog::evidence {
namespace {

bool IsWordChar(unsigned char c) { return std::isalnum(c) != 0 || c >= 0x80; }

struct Token {
  std::string lower;
  bool all_capitals = false;  // every letter upper-case, at least one letter
};

std::vector<Token> Tokens(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !IsWordChar(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t start = i;
    while (i < text.size() && IsWordChar(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start) continue;
    Token token;
    bool letter = false, lower = false;
    for (std::size_t k = start; k < i; ++k) {
      const auto c = static_cast<unsigned char>(text[k]);
      if (std::isalpha(c)) {
        letter = true;
        lower = lower || std::islower(c);
      }
      token.lower.push_back(static_cast<char>(c < 0x80 ? std::tolower(c) : c));
    }
    token.all_capitals = letter && !lower;
    tokens.push_back(std::move(token));
  }
  return tokens;
}

}  // namespace

const std::vector<Concept>& Concepts() {
  // Brand names: the US/EU product names (Dupixent, Olumiant, Litfulo, Leqselvi, Xeljanz,
  // Jakafi/Opzelura, Kenalog, Rogaine); "dupi"/"dupa" and "bari" are the community's short
  // forms (knowledge.md §5.1); CTP-543 is deuruxolitinib's development code (THRIVE-AA).
  static const std::vector<Concept> concepts = {
      {"alopecia_areata", "alopecia areata", "condition", {{"alopecia areata"}, {"aa", true}}},
      {"atopic_dermatitis",
       "atopic dermatitis",
       "condition",
       {{"atopic dermatitis"}, {"atopic eczema"}, {"eczema"}, {"ad", true}}},
      {"dupilumab", "dupilumab", "treatment", {{"dupilumab"}, {"dupixent"}, {"dupi"}, {"dupa"}}},
      {"baricitinib", "baricitinib", "treatment", {{"baricitinib"}, {"olumiant"}, {"bari"}}},
      {"ritlecitinib", "ritlecitinib", "treatment", {{"ritlecitinib"}, {"litfulo"}}},
      {"deuruxolitinib",
       "deuruxolitinib",
       "treatment",
       {{"deuruxolitinib"}, {"leqselvi"}, {"ctp 543"}}},
      {"tofacitinib", "tofacitinib", "treatment", {{"tofacitinib"}, {"xeljanz"}}},
      {"ruxolitinib", "ruxolitinib", "treatment", {{"ruxolitinib"}, {"jakafi"}, {"opzelura"}}},
      {"jak_inhibitor",
       "JAK inhibitors",
       "treatment",
       {{"jak inhibitor"},
        {"jak inhibitors"},
        {"janus kinase inhibitor"},
        {"janus kinase inhibitors"},
        {"jakinib"},
        {"jakinibs"}}},
      {"triamcinolone", "triamcinolone", "treatment", {{"triamcinolone"}, {"kenalog"}}},
      {"minoxidil", "minoxidil", "treatment", {{"minoxidil"}, {"rogaine"}, {"loniten"}}},
      {"salt", "SALT", "measure", {{"severity of alopecia tool"}, {"salt", true}}},
      {"easi", "EASI", "measure", {{"eczema area and severity index"}, {"easi"}}},
  };
  return concepts;
}

std::vector<std::string> WordsOf(std::string_view text) {
  std::vector<std::string> words;
  for (Token& t : Tokens(text)) words.push_back(std::move(t.lower));
  return words;
}

const Concept* ConceptOfPhrase(std::string_view phrase) {
  std::string joined;
  for (const std::string& w : WordsOf(phrase)) {
    if (!joined.empty()) joined.push_back(' ');
    joined += w;
  }
  if (joined.empty()) return nullptr;
  for (const Concept& c : Concepts()) {
    for (const ConceptPhrase& p : c.phrases) {
      if (p.text == joined) return &c;
    }
  }
  return nullptr;
}

const Concept* ConceptById(std::string_view id) {
  for (const Concept& c : Concepts()) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

std::vector<const Concept*> ConceptsIn(std::string_view text) {
  const std::vector<Token> tokens = Tokens(text);
  std::vector<const Concept*> found;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    for (const Concept& c : Concepts()) {
      if (std::find(found.begin(), found.end(), &c) != found.end()) continue;
      for (const ConceptPhrase& p : c.phrases) {
        const std::vector<std::string> words = WordsOf(p.text);
        if (words.empty() || i + words.size() > tokens.size()) continue;
        bool match = true;
        for (std::size_t k = 0; k < words.size() && match; ++k) {
          match =
              tokens[i + k].lower == words[k] && (!p.capitals_only || tokens[i + k].all_capitals);
        }
        if (match) {
          found.push_back(&c);
          break;
        }
      }
    }
  }
  return found;
}

}  // namespace tricholog::evidence
