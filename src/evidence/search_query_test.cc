// The search query parser: words, phrases, prefixes, OR, exclusions and synonym concepts, and
// the FTS5 and tsquery texts rendered from them; hostile text never reaches an engine as syntax.
#include "evidence/search_query.h"

#include <gtest/gtest.h>

namespace tricholog::evidence {
namespace {

TEST(ParseSearchText, WordsAreClausesThatMustAllMatch) {
  const ParsedQuery q = ParseSearchText("scalp  Regrowth");
  ASSERT_EQ(q.clauses.size(), 2u);
  EXPECT_EQ(q.clauses[0].alternatives, (std::vector<QueryAlternative>{{{"scalp"}, false}}));
  EXPECT_EQ(q.clauses[1].alternatives, (std::vector<QueryAlternative>{{{"regrowth"}, false}}));
  EXPECT_EQ(ToFts5Match(q), "\"scalp\" AND \"regrowth\"");
  EXPECT_EQ(ToTsquery(q), "( 'scalp' ) & ( 'regrowth' )");
}

TEST(ParseSearchText, QuotedTextIsAPhraseAndStarAPrefix) {
  const ParsedQuery q = ParseSearchText("\"hair regrowth\" ritlec*");
  ASSERT_EQ(q.clauses.size(), 2u);
  EXPECT_EQ(q.clauses[0].alternatives[0].words, (std::vector<std::string>{"hair", "regrowth"}));
  EXPECT_TRUE(q.clauses[1].alternatives[0].prefix);
  EXPECT_EQ(ToFts5Match(q), "\"hair regrowth\" AND \"ritlec\" *");
  EXPECT_EQ(ToTsquery(q), "( 'hair' <-> 'regrowth' ) & ( 'ritlec':* )");
}

TEST(ParseSearchText, AShortPrefixIsSearchedAsAWord) {
  const ParsedQuery q = ParseSearchText("ab*");
  ASSERT_EQ(q.clauses.size(), 1u);
  EXPECT_FALSE(q.clauses[0].alternatives[0].prefix);
}

TEST(ParseSearchText, ABrandNameExpandsToItsConcept) {
  const ParsedQuery q = ParseSearchText("Dupixent");
  ASSERT_EQ(q.clauses.size(), 1u);
  EXPECT_EQ(q.clauses[0].concept_id, "dupilumab");
  EXPECT_EQ(ToFts5Match(q), "(\"dupilumab\" OR \"dupixent\" OR \"dupi\" OR \"dupa\")");
  EXPECT_EQ(ToTsquery(q), "( 'dupilumab' | 'dupixent' | 'dupi' | 'dupa' )");
}

TEST(ParseSearchText, AnAbbreviationOrAMultiWordPhraseExpandsToItsConcept) {
  for (const char* text : {"AA", "aa", "alopecia areata", "\"Alopecia Areata\""}) {
    const ParsedQuery q = ParseSearchText(text);
    ASSERT_EQ(q.clauses.size(), 1u) << text;
    EXPECT_EQ(q.clauses[0].concept_id, "alopecia_areata") << text;
    EXPECT_EQ(ToFts5Match(q), "(\"alopecia areata\" OR \"aa\")") << text;
  }
  const ParsedQuery ad = ParseSearchText("atopic eczema children");
  ASSERT_EQ(ad.clauses.size(), 2u);
  EXPECT_EQ(ad.clauses[0].concept_id, "atopic_dermatitis");
  EXPECT_EQ(ToTsquery(ad),
            "( 'atopic' <-> 'dermatitis' | 'atopic' <-> 'eczema' | 'eczema' | 'ad' ) & "
            "( 'children' )");
}

TEST(ParseSearchText, OrJoinsAlternativesAndMinusExcludes) {
  const ParsedQuery q = ParseSearchText("scalp OR eyebrow -beard");
  ASSERT_EQ(q.clauses.size(), 2u);
  EXPECT_EQ(q.clauses[0].alternatives.size(), 2u);
  EXPECT_TRUE(q.clauses[1].negated);
  EXPECT_EQ(ToFts5Match(q), "((\"scalp\" OR \"eyebrow\")) NOT \"beard\"");
  EXPECT_EQ(ToTsquery(q), "( 'scalp' | 'eyebrow' ) & !( 'beard' )");
  // Lower-case "or" is a word.
  EXPECT_EQ(ParseSearchText("scalp or eyebrow").clauses.size(), 3u);
}

TEST(ParseSearchText, OnlyExclusionsOrNothingHasNoPositiveClause) {
  for (const char* text : {"", "   ", "-beard", "\"\"", "*", "-", "OR", "()", "!!! ???"}) {
    const ParsedQuery q = ParseSearchText(text);
    EXPECT_FALSE(HasPositiveClause(q)) << text;
    EXPECT_EQ(ToFts5Match(q), "") << text;
    EXPECT_EQ(ToTsquery(q), "") << text;
  }
}

TEST(ParseSearchText, EngineSyntaxInTheTextIsOnlySeparators) {
  // FTS5 operators, column filters, NEAR, ^, and tsquery operators and weights.
  const ParsedQuery q =
      ParseSearchText("title:hair NEAR(a b) ^scalp 'x' & y | !z <-> w:* \\ (drug)) \"unclosed");
  for (const QueryClause& c : q.clauses) {
    for (const QueryAlternative& a : c.alternatives) {
      for (const std::string& w : a.words) {
        for (char ch : w) {
          EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(ch)) ||
                      static_cast<unsigned char>(ch) >= 0x80)
              << w;
        }
      }
    }
  }
  const std::string fts = ToFts5Match(q);
  EXPECT_EQ(fts.find(':'), std::string::npos);
  EXPECT_EQ(fts.find('^'), std::string::npos);
  const std::string ts = ToTsquery(q);
  EXPECT_EQ(ts.find('\\'), std::string::npos);
}

TEST(ParseSearchText, LongTextIsBounded) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "word" + std::to_string(i) + " ";
  const ParsedQuery q = ParseSearchText(text);
  EXPECT_LE(q.clauses.size(), kMaxQueryClauses);
  // A multi-byte character at the cut is never split.
  std::string accents(kMaxQueryTextBytes + 10, 'a');
  accents.replace(kMaxQueryTextBytes - 1, 2, "\xC3\xA9");
  const ParsedQuery cut = ParseSearchText(accents);
  ASSERT_EQ(cut.clauses.size(), 1u);
  const std::string& w = cut.clauses[0].alternatives[0].words[0];
  EXPECT_NE(static_cast<unsigned char>(w.back()), 0xC3);
}

TEST(ParseSearchText, RepeatedClausesAreKeptOnce) {
  EXPECT_EQ(ParseSearchText("dupilumab Dupixent dupilumab").clauses.size(), 1u);
}

TEST(DescribeQuery, ReadsLikeTheQuery) {
  EXPECT_EQ(DescribeQuery(ParseSearchText("Litfulo \"hair loss\" reg* -beard")),
            "(ritlecitinib OR litfulo) \"hair loss\" reg* -beard");
}

}  // namespace
}  // namespace tricholog::evidence
