#include "evidence/synonyms.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace tricholog::evidence {
namespace {

std::vector<std::string> Ids(const std::vector<const Concept*>& concepts) {
  std::vector<std::string> ids;
  for (const Concept* c : concepts) ids.emplace_back(c->id);
  return ids;
}

TEST(Synonyms, IssueTwentyPairsAreOneConcept) {
  // The pairs the issue names: each brand or abbreviation is its generic's concept.
  const std::pair<const char*, const char*> pairs[] = {{"Dupixent", "dupilumab"},
                                                       {"Olumiant", "baricitinib"},
                                                       {"Litfulo", "ritlecitinib"},
                                                       {"Leqselvi", "deuruxolitinib"},
                                                       {"AA", "alopecia areata"},
                                                       {"AD", "atopic dermatitis"},
                                                       {"atopic eczema", "atopic dermatitis"}};
  for (const auto& [a, b] : pairs) {
    const Concept* ca = ConceptOfPhrase(a);
    const Concept* cb = ConceptOfPhrase(b);
    ASSERT_NE(ca, nullptr) << a;
    EXPECT_EQ(ca, cb) << a << " and " << b;
  }
  EXPECT_EQ(ConceptOfPhrase("finasteride"), nullptr);
  EXPECT_EQ(ConceptOfPhrase("   "), nullptr);
}

TEST(Synonyms, PhraseLookupIgnoresCaseAndSpacing) {
  EXPECT_EQ(ConceptOfPhrase("  Atopic   ECZEMA "), ConceptById("atopic_dermatitis"));
  EXPECT_EQ(ConceptOfPhrase("ctp-543"), ConceptById("deuruxolitinib"));
}

TEST(Synonyms, EveryPhraseBelongsToOneConcept) {
  std::set<std::string> seen;
  for (const Concept& c : Concepts()) {
    ASSERT_FALSE(c.phrases.empty()) << c.id;
    for (const ConceptPhrase& p : c.phrases) {
      EXPECT_TRUE(seen.insert(std::string(p.text)).second) << p.text << " twice";
    }
  }
}

TEST(Synonyms, FreeTextFindsConceptsInOrderOnce) {
  EXPECT_EQ(Ids(ConceptsIn("Started Dupixent for my eczema; my AA patches filled in. Dupi rocks")),
            (std::vector<std::string>{"dupilumab", "atopic_dermatitis", "alopecia_areata"}));
}

TEST(Synonyms, CapitalsOnlyAbbreviationsNeedCapitals) {
  // "ad" and "salt" are ordinary words in lower case.
  EXPECT_TRUE(ConceptsIn("saw an ad about salt water").empty());
  EXPECT_EQ(Ids(ConceptsIn("my AD flared and SALT went up")),
            (std::vector<std::string>{"atopic_dermatitis", "salt"}));
}

TEST(Synonyms, WholeWordsOnly) {
  EXPECT_TRUE(ConceptsIn("baricitinibs Dupixentish AAA").empty());
  EXPECT_EQ(Ids(ConceptsIn("a JAK inhibitor (baricitinib)")),
            (std::vector<std::string>{"jak_inhibitor", "baricitinib"}));
}

}  // namespace
}  // namespace tricholog::evidence
