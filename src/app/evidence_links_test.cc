#include "app/evidence_links.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "app/protocol_catalog.h"
#include "core/alerts.h"

namespace tricholog::app {
namespace {

namespace fs = std::filesystem;

std::vector<Protocol> Catalog() {
  auto catalog = LoadProtocolCatalog(fs::path(TRICHOLOG_SOURCE_DATA_DIR) / "protocols");
  EXPECT_TRUE(catalog) << catalog.error().ToString();
  return catalog ? *catalog : std::vector<Protocol>{};
}

evidence::Study StudyWith(std::string pmid, std::string doi, std::string pmcid = "") {
  evidence::Study s;
  s.title = "A study";
  s.pmid = std::move(pmid);
  s.doi = std::move(doi);
  s.pmcid = std::move(pmcid);
  return s;
}

TEST(EvidenceLinks, KeysUseTheLibrarysForms) {
  Citation c;
  c.pmid = "29387767";
  c.doi = "https://doi.org/10.1016/J.JDCR.2017.11.020";
  c.pmcid = "PMC5790019";
  EXPECT_EQ(CitationKeys(c),
            (std::vector<std::string>{"pmid:29387767", "doi:10.1016/j.jdcr.2017.11.020",
                                      "pmcid:PMC5790019"}));
  EXPECT_TRUE(CitationKeys(Citation{}).empty());
}

// Mitchell & Levitt 2018: the dupilumab protocol cites it by PMID, and the AA-reactivation alert
// rests on it; the study page lists both.
TEST(EvidenceLinks, TheDupilumabCaseReportIsCitedByItsProtocolAndAnAlert) {
  const auto items = ItemsCiting(StudyWith("29387767", ""), Catalog());
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].kind, "protocol");
  EXPECT_EQ(items[0].id, "dupilumab");
  EXPECT_FALSE(items[0].supports.empty());
  EXPECT_EQ(items[1].kind, "alert");
  EXPECT_EQ(items[1].id, "possible_aa_reactivation");
}

TEST(EvidenceLinks, AnyOneSharedIdentifierLinks) {
  // The ALLEGRO-2b/3 Lancet paper by DOI only (any case): ritlecitinib's protocol, and the
  // no-regrowth and SALT-target alerts (which name it by PMID) do not match a DOI-only study.
  const auto by_doi = ItemsCiting(StudyWith("", "10.1016/s0140-6736(23)00222-2"), Catalog());
  ASSERT_EQ(by_doi.size(), 1u);
  EXPECT_EQ(by_doi[0].id, "ritlecitinib");
  const auto by_pmid = ItemsCiting(StudyWith("37062298", ""), Catalog());
  std::vector<std::string> ids;
  for (const CitingItem& item : by_pmid) ids.push_back(item.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"ritlecitinib", "no_regrowth", "salt_20_reached",
                                           "salt_10_reached"}));
}

TEST(EvidenceLinks, AStudyWithoutIdentifiersOrUncitedLinksNothing) {
  EXPECT_TRUE(ItemsCiting(StudyWith("", ""), Catalog()).empty());
  EXPECT_TRUE(ItemsCiting(StudyWith("1", "10.9999/not-cited"), Catalog()).empty());
}

// Every identifier a protocol or alert uses is well formed, and every alert's study is also
// cited by some protocol or is a measurement definition (so the links are not one-sided).
TEST(EvidenceLinks, EveryProtocolCitesAtLeastOneIdentifiedStudyOrSaysWhyNot) {
  int identified = 0;
  for (const Protocol& p : Catalog()) {
    for (const Citation& c : p.evidence) identified += CitationKeys(c).empty() ? 0 : 1;
  }
  EXPECT_GE(identified, 7);
}

}  // namespace
}  // namespace tricholog::app
