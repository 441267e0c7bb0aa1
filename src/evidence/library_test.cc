// The evidence library in the store, on SQLite and PostgreSQL alike: import of every format
// through ImportFile, deduplication across formats, merging that keeps the project's words,
// malformed records skipped with their position, all-or-nothing files, admin-only writes,
// annotations and reference lists; and search: ranking, filters, phrases, prefixes, synonyms,
// highlighted snippets and hostile query text.
#include "evidence/library.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "store/store.h"
#include "store/store_test_util.h"

namespace tricholog::evidence {
namespace {

using store::Actor;
using store::Role;

// Made up for these tests, laid out as efetch writes it.
constexpr std::string_view kPubmedXml = R"(<?xml version="1.0" ?>
<PubmedArticleSet>
<PubmedArticle>
  <MedlineCitation><PMID Version="1">90000001</PMID>
    <Article><Journal><JournalIssue><PubDate><Year>2019</Year><Month>Aug</Month></PubDate></JournalIssue>
      <Title>Dermatitis</Title></Journal>
      <ArticleTitle>Reactivation of alopecia areata after dupilumab therapy.</ArticleTitle>
      <Abstract><AbstractText>A woman lost scalp hair on dupilumab and regrew it.</AbstractText></Abstract>
      <AuthorList><Author><LastName>Carnicle</LastName><ForeName>Jocelyn M</ForeName></Author>
        <Author><LastName>Hendricks</LastName><ForeName>Aleksi J</ForeName></Author>
        <Author><LastName>Shi</LastName><ForeName>Vivian Y</ForeName></Author></AuthorList>
    </Article>
    <MeshHeadingList><MeshHeading><DescriptorName>Alopecia Areata</DescriptorName></MeshHeading></MeshHeadingList>
  </MedlineCitation>
  <PubmedData>
    <ArticleIdList><ArticleId IdType="doi">10.9999/derm.0001</ArticleId></ArticleIdList>
    <ReferenceList>
      <Reference><Citation>Baricitinib trial.</Citation>
        <ArticleIdList><ArticleId IdType="pubmed">90000002</ArticleId></ArticleIdList></Reference>
      <Reference><Citation>A paper not in the library.</Citation>
        <ArticleIdList><ArticleId IdType="doi">10.9999/elsewhere</ArticleId></ArticleIdList></Reference>
    </ReferenceList>
  </PubmedData>
</PubmedArticle>
<PubmedArticle>
  <MedlineCitation><PMID Version="1">77</PMID><Article><ArticleTitle></ArticleTitle></Article></MedlineCitation>
</PubmedArticle>
</PubmedArticleSet>
)";

// The same study as the XML's first (by PMID), with a keyword the XML lacks.
constexpr std::string_view kMedline =
    "PMID- 90000001\n"
    "TI  - Reactivation of alopecia areata after dupilumab therapy.\n"
    "DP  - 2019 Aug\n"
    "OT  - eczema\n"
    "\n"
    "PMID- 90000002\n"
    "TI  - Baricitinib in severe alopecia areata: two phase 3 trials.\n"
    "DP  - 2022 May\n"
    "JT  - New England Journal of Examples\n"
    "FAU - King, Brett\n"
    "FAU - Ohyama, Manabu\n"
    "FAU - Kwon, Ohsang\n"
    "FAU - Zlotogorski, Abraham\n";

// First record: the XML study by DOI (no PMID). Second: no title (line 8). Third: new.
constexpr std::string_view kRis =
    "TY  - JOUR\n"
    "TI  - Reactivation of Alopecia Areata After Dupilumab Therapy\n"
    "DO  - 10.9999/DERM.0001\n"
    "AB  - An abstract that must not replace the one already there.\n"
    "PY  - 2019\n"
    "ER  - \n"
    "\n"
    "TY  - JOUR\n"
    "PY  - 2020\n"
    "ER  - \n"
    "\n"
    "TY  - JOUR\n"
    "TI  - Ritlecitinib in alopecia areata (ALLEGRO)\n"
    "PY  - 2023\n"
    "KW  - JAK inhibitor\n"
    "ER  - \n";

// The MEDLINE baricitinib study again, by title only (case and punctuation differ).
constexpr std::string_view kBibtex =
    "@article{king2022,\n"
    "  title = {Baricitinib in Severe Alopecia Areata -- Two Phase 3 Trials},\n"
    "  journal = {New England Journal of Examples},\n"
    "  year = 2022,\n"
    "  volume = {386}\n"
    "}\n";

constexpr std::string_view kCsl = R"([
  {"id": "deuruxolitinib-2024", "type": "article-journal",
   "title": "Deuruxolitinib for scalp hair loss", "container-title": "J Examples",
   "issued": {"date-parts": [[2024, 6]]}, "author": [{"family": "King", "given": "Brett"}],
   "DOI": "10.9999/thrive"},
  {"id": "bad", "type": "article-journal"}
])";

ImportOptions Prefixed(const std::string& prefix) {
  ImportOptions options;
  options.source_prefix = prefix;
  return options;
}

class EvidenceLibraryTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && store::testing::PostgresTestUrl().empty()) {
      GTEST_SKIP() << "TRICHOLOG_TEST_POSTGRES_URL is not set; run under scripts/with-postgres.sh";
    }
    dir_ = std::filesystem::temp_directory_path() / store::testing::UniqueName("evlib");
    std::filesystem::create_directories(dir_);
    auto opened = store::testing::OpenFreshTestStore(GetParam(), dir_, schemas_);
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
    library_ = std::make_unique<EvidenceLibrary>(*store_);
  }

  void TearDown() override {
    library_.reset();
    store_.reset();
    for (const auto& s : schemas_) store::testing::DropPostgresSchema(s);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::filesystem::path Write(const std::string& name, std::string_view text) {
    const auto path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  ImportReport Import(const std::string& name, std::string_view text, ImportOptions options = {}) {
    auto report = library_->ImportFile(admin_, Write(name, text), options);
    EXPECT_TRUE(report) << report.error().ToString();
    return report ? *report : ImportReport{};
  }

  int Count(const std::string& table) {
    auto rows = store_->database().Query("SELECT count(*) FROM " + table, {});
    EXPECT_TRUE(rows) << rows.error().ToString();
    return rows ? std::stoi(*rows->rows[0][0]) : -1;
  }

  std::string IdOf(const std::string& key) {
    auto id = library_->FindStudy(key);
    EXPECT_TRUE(id && *id) << key;
    return id && *id ? **id : "";
  }

  std::vector<std::string> SearchIds(SearchQuery q) {
    auto page = library_->Search(q);
    EXPECT_TRUE(page) << q.text << ": " << page.error().ToString();
    std::vector<std::string> ids;
    if (page) {
      for (const auto& h : page->hits) ids.push_back(h.id);
    }
    return ids;
  }
  std::vector<std::string> SearchIds(const std::string& text) {
    SearchQuery q;
    q.text = text;
    return SearchIds(q);
  }

  Actor admin_ = Actor::LocalAdmin();
  std::filesystem::path dir_;
  std::vector<std::string> schemas_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<EvidenceLibrary> library_;
};

TEST(StudyIds, AreTenBase32CharactersOfTheFirstIdentifier) {
  Study a;
  a.pmid = "31234567";
  a.doi = "10.1/x";
  a.title = "T";
  Study b = a;
  b.title = "Another title";
  EXPECT_EQ(StudyIdOf(a), StudyIdOf(b));  // the PMID decides
  EXPECT_EQ(StudyIdOf(a).size(), 10u);
  EXPECT_EQ(StudyIdOf(a).find_first_not_of("abcdefghijklmnopqrstuvwxyz234567"), std::string::npos);
  Study c;
  c.title = "Baricitinib in Severe Alopecia Areata -- Two Phase 3 Trials";
  Study d;
  d.title = "baricitinib in severe alopecia areata: two phase 3 trials.";
  EXPECT_EQ(StudyIdOf(c), StudyIdOf(d));
  EXPECT_EQ(TitleKey(c.title), "baricitinib in severe alopecia areata two phase 3 trials");
}

TEST(AuthorsShort, InitialsAndEtAl) {
  EXPECT_EQ(
      AuthorsShort({{"Carnicle", "Jocelyn M."}, {"Hendricks", "Aleksi J"}, {"Shi", "Vivian Y"}}),
      "Carnicle JM, Hendricks AJ, Shi VY");
  EXPECT_EQ(AuthorsShort({{"A", "b"}, {"C", "d"}, {"E", "f"}, {"G", "h"}}),
            "A B, C D, E F, et al.");
  EXPECT_EQ(AuthorsShort({{"BRAVE-AA Investigators", ""}}), "BRAVE-AA Investigators");
  EXPECT_EQ(DateInJournal(2019, 8, "Dermatitis"), "August 2019 in Dermatitis");
  EXPECT_EQ(DateInJournal(2019, std::nullopt, ""), "2019");
}

TEST(DetectImportFormat, FromContentThenExtension) {
  EXPECT_EQ(DetectImportFormat("a.txt", kPubmedXml), ImportFormat::kPubmedXml);
  EXPECT_EQ(DetectImportFormat("a.txt", kMedline), ImportFormat::kMedline);
  EXPECT_EQ(DetectImportFormat("a.txt", kRis), ImportFormat::kRis);
  EXPECT_EQ(DetectImportFormat("a.txt", kBibtex), ImportFormat::kBibtex);
  EXPECT_EQ(DetectImportFormat("a.txt", kCsl), ImportFormat::kCslJson);
  EXPECT_EQ(DetectImportFormat("a.ris", ""), ImportFormat::kRis);
  auto unknown = DetectImportFormat("a.dat", "hello");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(unknown.error().field, "file");
}

TEST_P(EvidenceLibraryTest, ImportsEveryFormatAndDeduplicatesAcrossThem) {
  ImportReport xml = Import("a.xml", kPubmedXml);
  EXPECT_EQ(xml.format, "pubmed_xml");
  EXPECT_EQ(xml.added, 1);
  ASSERT_EQ(xml.skipped.size(), 1u);  // the article without a title, by its line
  EXPECT_EQ(xml.skipped[0].line, 25);

  ImportReport medline = Import("b.nbib", kMedline);
  EXPECT_EQ(medline.added, 1);   // baricitinib
  EXPECT_EQ(medline.merged, 1);  // the XML study, by PMID

  ImportReport ris = Import("c.ris", kRis);
  EXPECT_EQ(ris.added, 1);   // ritlecitinib
  EXPECT_EQ(ris.merged, 1);  // the XML study, by DOI
  ASSERT_EQ(ris.skipped.size(), 1u);
  EXPECT_EQ(ris.skipped[0].line, 8);

  ImportReport bib = Import("d.bib", kBibtex);
  EXPECT_EQ(bib.merged, 1);  // baricitinib, by title

  ImportReport csl = Import("e.json", kCsl, Prefixed("starter"));
  EXPECT_EQ(csl.added, 1);
  ASSERT_EQ(csl.skipped.size(), 1u);
  EXPECT_EQ(csl.skipped[0].line, 2);
  EXPECT_EQ(Count("studies"), 4);

  // The merged study: the XML's abstract kept, MEDLINE's keyword added.
  auto carnicle = library_->GetStudy(IdOf("pmid:90000001"));
  ASSERT_TRUE(carnicle) << carnicle.error().ToString();
  EXPECT_EQ(carnicle->id, StudyIdOf(carnicle->study));
  EXPECT_EQ(carnicle->study.abstract, "A woman lost scalp hair on dupilumab and regrew it.");
  EXPECT_EQ(carnicle->study.doi, "10.9999/derm.0001");
  EXPECT_EQ(carnicle->study.keywords, (std::vector<std::string>{"eczema"}));
  EXPECT_EQ(carnicle->study.mesh_terms, (std::vector<std::string>{"Alopecia Areata"}));
  EXPECT_EQ(carnicle->study.authors.size(), 3u);
  EXPECT_EQ(carnicle->source, "import:a.xml");
  // Tags from the title and MeSH until annotated.
  EXPECT_EQ(carnicle->conditions, (std::vector<std::string>{"alopecia_areata"}));
  EXPECT_EQ(carnicle->treatments, (std::vector<std::string>{"dupilumab"}));

  // BibTeX filled the volume of the MEDLINE study it matched by title.
  auto baricitinib = library_->GetStudy(IdOf("pmid:90000002"));
  ASSERT_TRUE(baricitinib);
  EXPECT_EQ(baricitinib->study.volume, "386");
  EXPECT_EQ(IdOf("starter:deuruxolitinib-2024"), IdOf("10.9999/thrive"));
  EXPECT_EQ(IdOf("deuruxolitinib-2024"), IdOf("doi:10.9999/thrive"));

  // The XML study's references: the baricitinib trial resolved once it was imported.
  auto refs = library_->References(carnicle->id);
  ASSERT_TRUE(refs) << refs.error().ToString();
  EXPECT_EQ(refs->total, 2);
  EXPECT_EQ(refs->resolved, 1);
  ASSERT_TRUE(refs->entries[0].study);
  EXPECT_EQ(refs->entries[0].study->id, baricitinib->id);
  EXPECT_EQ(refs->entries[0].study->authors, "King B, Ohyama M, Kwon O, et al.");
  EXPECT_FALSE(refs->entries[1].study);
  EXPECT_EQ(refs->entries[1].cited_doi, "10.9999/elsewhere");
  auto cited_by = library_->CitedBy(baricitinib->id);
  ASSERT_TRUE(cited_by);
  ASSERT_EQ(cited_by->size(), 1u);
  EXPECT_EQ((*cited_by)[0].id, carnicle->id);

  // Importing a file again adds nothing.
  EXPECT_EQ(Import("a2.xml", kPubmedXml).merged, 1);
  EXPECT_EQ(Count("studies"), 4);
  EXPECT_EQ(Count("study_references"), 2);
}

TEST_P(EvidenceLibraryTest, AMergeNeverReplacesTheProjectsWords) {
  Import("a.xml", kPubmedXml);
  const std::string id = IdOf("pmid:90000001");
  StudyAnnotation note{"Our TLDR.",   "Our summary.",
                       "case_report", {"alopecia_areata", "atopic_dermatitis"},
                       {"dupilumab"}, {}};
  ASSERT_TRUE(library_->Annotate(admin_, id, note));
  Import("c.ris", kRis);
  Import("b.nbib", kMedline);
  auto s = library_->GetStudy(id);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->tldr, "Our TLDR.");
  EXPECT_EQ(s->summary, "Our summary.");
  EXPECT_EQ(s->study_type, "case_report");
  EXPECT_EQ(s->conditions, (std::vector<std::string>{"alopecia_areata", "atopic_dermatitis"}));
}

TEST_P(EvidenceLibraryTest, AFailingFileLeavesNothingOfItself) {
  // A store error at the second record (a trigger refusing its title) rolls back the first.
  const std::string refuse =
      GetParam() == "sqlite"
          ? "CREATE TRIGGER refuse BEFORE INSERT ON studies WHEN new.title LIKE 'Baricitinib%' "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END;"
          : "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN IF NEW.title LIKE "
            "'Baricitinib%' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE "
            "plpgsql; CREATE TRIGGER refuse BEFORE INSERT ON studies FOR EACH ROW EXECUTE "
            "FUNCTION refuse();";
  ASSERT_TRUE(store_->database().ExecScript(refuse));
  auto report = library_->ImportFile(admin_, Write("b.nbib", kMedline));
  EXPECT_FALSE(report);
  EXPECT_EQ(Count("studies"), 0);
  EXPECT_EQ(Count("study_terms"), 0);
  // A file that is not XML at all: a parse error naming the position, nothing written.
  auto broken = library_->ImportFile(admin_, Write("x.xml", "<PubmedArticleSet><oops>"));
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, ErrorCode::kParseError);
  EXPECT_EQ(Count("studies"), 0);
}

TEST_P(EvidenceLibraryTest, OnlyAnAdminChangesTheLibrary) {
  auto user = store_->CreateUser(admin_, {"", Role::kPatient, "p@example.org", "P", ""},
                                 "password-p@example.org");
  ASSERT_TRUE(user) << user.error().ToString();
  const Actor patient{user->id, Role::kPatient};
  auto report = library_->ImportFile(patient, Write("a.xml", kPubmedXml));
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kPermissionDenied);
  // A role claimed without an admin account behind it is refused too.
  auto forged = library_->ImportFile({user->id, Role::kAdmin}, Write("a.xml", kPubmedXml));
  ASSERT_FALSE(forged);
  EXPECT_EQ(forged.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(Count("studies"), 0);
  auto denied = store_->database().Query(
      "SELECT count(*) FROM audit_log WHERE action = 'denied' AND entity = 'study'", {});
  ASSERT_TRUE(denied);
  EXPECT_EQ(*denied->rows[0][0], "2");
  Import("a.xml", kPubmedXml);
  auto audited = store_->database().Query(
      "SELECT entity_id FROM audit_log WHERE action = 'import' AND entity = 'study'", {});
  ASSERT_TRUE(audited);
  ASSERT_EQ(audited->rows.size(), 1u);
  EXPECT_EQ(*audited->rows[0][0], "a.xml");
  auto missing = library_->ImportFile(admin_, dir_ / "none.ris");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().field, "file");
}

TEST_P(EvidenceLibraryTest, AnnotationsFileSetsWordsTagsAndCitations) {
  Import("e.json", kCsl, Prefixed("starter"));
  Import("b.nbib", kMedline);
  const auto path = Write("summaries.json", R"({
    "deuruxolitinib-2024": {"tldr": "Short.", "summary": "Longer.",
      "tags": {"conditions": ["alopecia_areata"], "treatments": ["deuruxolitinib"],
               "study_type": "trial"},
      "cites": ["pmid:90000002"]},
    "not-in-library": {"tldr": "x", "summary": "y", "tags": {}, "cites": []}
  })");
  auto report = library_->ImportAnnotations(admin_, path);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->annotated, 1);
  EXPECT_EQ(report->unknown, (std::vector<std::string>{"not-in-library"}));
  auto s = library_->GetStudy(IdOf("starter:deuruxolitinib-2024"));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->tldr, "Short.");
  EXPECT_EQ(s->study_type, "trial");
  EXPECT_EQ(s->treatments, (std::vector<std::string>{"deuruxolitinib"}));
  auto refs = library_->References(s->id);
  ASSERT_TRUE(refs);
  EXPECT_EQ(refs->resolved, 1);
  EXPECT_EQ(refs->total, 1);
  // A bad tag is refused naming the study and the field; nothing of the file is kept.
  const auto bad = Write("bad.json", R"({"deuruxolitinib-2024": {"tldr": "Changed.",
      "tags": {"treatments": ["aspirin"]}}})");
  auto refused = library_->ImportAnnotations(admin_, bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "deuruxolitinib-2024.treatments");
  EXPECT_EQ(library_->GetStudy(s->id)->tldr, "Short.");
}

TEST_P(EvidenceLibraryTest, TheStarterLibraryImportsWholeWithItsSummaries) {
  const std::filesystem::path data = TRICHOLOG_SOURCE_DATA_DIR;
  auto report = library_->ImportFile(admin_, data / "evidence" / "starter-library.csl.json",
                                     Prefixed("starter"));
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_TRUE(report->skipped.empty());
  EXPECT_GE(report->added, 29);
  auto notes = library_->ImportAnnotations(admin_, data / "evidence" / "starter-summaries.json");
  ASSERT_TRUE(notes) << notes.error().ToString();
  EXPECT_TRUE(notes->unknown.empty());
  EXPECT_EQ(notes->annotated, report->added + report->merged);
  auto carnicle = library_->GetStudy(IdOf("starter:carnicle-2019-dupilumab-aa-reactivation"));
  ASSERT_TRUE(carnicle);
  EXPECT_EQ(carnicle->study_type, "case_report");
  EXPECT_FALSE(carnicle->tldr.empty());
}

// --- search ---------------------------------------------------------------------------------

constexpr std::string_view kSearchCorpus = R"([
  {"id": "title-bari", "type": "article-journal", "title": "Baricitinib for severe alopecia areata",
   "container-title": "J", "issued": {"date-parts": [[2022]]},
   "abstract": "Two phase 3 trials of an oral JAK inhibitor in adults with severe scalp hair loss."},
  {"id": "abstract-bari", "type": "article-journal", "title": "Oral treatments for patchy hair loss",
   "container-title": "J", "issued": {"date-parts": [[2015]]},
   "abstract": "We compared baricitinib, tofacitinib and baricitinib again; baricitinib was the most studied of the medicines, and we discuss baricitinib dosing."},
  {"id": "dupi-only", "type": "article-journal", "title": "Hair regrowth during biologic therapy",
   "container-title": "J", "issued": {"date-parts": [[2019]]},
   "abstract": "A man with eczema regrew scalp hair after starting dupilumab injections every two weeks."},
  {"id": "brand-only", "type": "article-journal", "title": "A patient's course on Dupixent",
   "container-title": "J", "issued": {"date-parts": [[2021]]},
   "abstract": "Case of regrowth of hair in a child treated with Dupixent for eczema."},
  {"id": "ritle", "type": "article-journal", "title": "Ritlecitinib in patients with AA",
   "container-title": "J", "issued": {"date-parts": [[2023]]},
   "abstract": "The ALLEGRO trial of ritlecitinib in alopecia areata showed hair regrowth at week 24."},
  {"id": "salt", "type": "article-journal", "title": "Severity of Alopecia Tool II",
   "container-title": "J", "issued": {"date-parts": [[2016]]},
   "abstract": "A definition of the SALT score for scalp hair loss in clinical trials."}
])";

class EvidenceSearchTest : public EvidenceLibraryTest {
 protected:
  void SetUp() override {
    EvidenceLibraryTest::SetUp();
    if (IsSkipped()) return;
    Import("corpus.json", kSearchCorpus, Prefixed("t"));
    ASSERT_TRUE(library_->Annotate(admin_, IdOf("t:ritle"),
                                   {"Ritlecitinib regrew hair.",
                                    "A trial summary.",
                                    "trial",
                                    {"alopecia_areata"},
                                    {"ritlecitinib"},
                                    {}}));
    ASSERT_TRUE(library_->Annotate(admin_, IdOf("t:salt"),
                                   {"", "", "definition", {"alopecia_areata"}, {}, {}}));
  }
};

TEST_P(EvidenceSearchTest, TitleMatchesRankFirst) {
  const auto ids = SearchIds("baricitinib");
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0], IdOf("t:title-bari"));
  EXPECT_EQ(ids[1], IdOf("t:abstract-bari"));
}

TEST_P(EvidenceSearchTest, SynonymsAreOneConcept) {
  // Dupixent finds the study that says only dupilumab, and the other way round.
  for (const char* text : {"Dupixent", "dupilumab", "dupi"}) {
    auto ids = SearchIds(text);
    std::sort(ids.begin(), ids.end());
    std::vector<std::string> want = {IdOf("t:dupi-only"), IdOf("t:brand-only")};
    std::sort(want.begin(), want.end());
    EXPECT_EQ(ids, want) << text;
  }
  // AA finds "alopecia areata", and "alopecia areata" finds the title that says AA.
  const auto aa = SearchIds("AA");
  EXPECT_NE(std::find(aa.begin(), aa.end(), IdOf("t:title-bari")), aa.end());
  const auto words = SearchIds("alopecia areata");
  EXPECT_NE(std::find(words.begin(), words.end(), IdOf("t:ritle")), words.end());
  // Eczema is atopic dermatitis.
  EXPECT_EQ(SearchIds("\"atopic dermatitis\"").size(), 2u);
}

TEST_P(EvidenceSearchTest, PhrasesKeepWordOrderWordsDoNot) {
  EXPECT_EQ(SearchIds("\"hair regrowth\"").size(), 2u);  // dupi-only title, ritle abstract
  EXPECT_EQ(SearchIds("hair regrowth").size(), 3u);      // + brand-only's "regrowth of hair"
  EXPECT_EQ(SearchIds("regrowth -eczema"), std::vector<std::string>{IdOf("t:ritle")});
}

TEST_P(EvidenceSearchTest, PrefixQueries) {
  EXPECT_EQ(SearchIds("ritlec*"), std::vector<std::string>{IdOf("t:ritle")});
  EXPECT_EQ(SearchIds("tofac*"), std::vector<std::string>{IdOf("t:abstract-bari")});
}

TEST_P(EvidenceSearchTest, Filters) {
  SearchQuery q;
  q.text = "hair";
  q.year_from = 2019;
  q.year_to = 2021;
  auto years = SearchIds(q);
  std::sort(years.begin(), years.end());
  std::vector<std::string> want = {IdOf("t:dupi-only"), IdOf("t:brand-only")};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(years, want);

  q = {};
  q.text = "hair";
  q.study_type = "trial";
  EXPECT_EQ(SearchIds(q), std::vector<std::string>{IdOf("t:ritle")});
  q.study_type.clear();
  q.treatment = "Litfulo";  // a concept's phrase names it too
  EXPECT_EQ(SearchIds(q), std::vector<std::string>{IdOf("t:ritle")});
  q.treatment = "baricitinib";  // tagged from its title at import
  EXPECT_EQ(SearchIds(q), std::vector<std::string>{IdOf("t:title-bari")});
  q.treatment.clear();
  q.condition = "alopecia_areata";
  q.text.clear();  // filters alone: newest first
  auto page = library_->Search(q);
  ASSERT_TRUE(page) << page.error().ToString();
  EXPECT_EQ(page->total, 3);
  ASSERT_EQ(page->hits.size(), 3u);
  EXPECT_EQ(page->hits[0].id, IdOf("t:ritle"));
  EXPECT_EQ(page->hits[0].tldr, "Ritlecitinib regrew hair.");
}

TEST_P(EvidenceSearchTest, PagesAndTotals) {
  SearchQuery q;
  q.text = "hair";
  q.limit = 2;
  auto first = library_->Search(q);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->hits.size(), 2u);
  EXPECT_EQ(first->total, 6);
  q.offset = 4;
  auto last = library_->Search(q);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->hits.size(), 2u);
  q.offset = 50;
  auto past = library_->Search(q);
  ASSERT_TRUE(past);
  EXPECT_TRUE(past->hits.empty());
  EXPECT_EQ(past->total, 6);
}

TEST_P(EvidenceSearchTest, SnippetsHighlightTheMatch) {
  SearchQuery q;
  q.text = "injections";
  auto page = library_->Search(q);
  ASSERT_TRUE(page) << page.error().ToString();
  ASSERT_EQ(page->hits.size(), 1u);
  const SearchHit& hit = page->hits[0];
  std::string highlighted, whole;
  for (const auto& s : hit.snippet) {
    whole += s.text;
    if (s.highlighted) highlighted += s.text;
  }
  EXPECT_EQ(highlighted, "injections");
  EXPECT_NE(whole.find("dupilumab injections every two weeks"), std::string::npos) << whole;
  // The title's match is highlighted in the title segments.
  q.text = "Dupixent";
  page = library_->Search(q);
  ASSERT_TRUE(page);
  bool title_marked = false;
  for (const auto& h : page->hits) {
    for (const auto& s : h.title_segments)
      title_marked = title_marked || (s.highlighted && s.text == "Dupixent");
  }
  EXPECT_TRUE(title_marked);
}

TEST_P(EvidenceSearchTest, HostileTextIsNeverAnEngineError) {
  for (const char* text : {"\"",
                           "\"\"\"",
                           "(",
                           ")",
                           "NEAR(hair scalp)",
                           "title:hair",
                           "hair:*",
                           "'",
                           "\\",
                           "!hair",
                           "hair & | !",
                           "^hair",
                           "hair*'*",
                           "- - -",
                           "OR OR",
                           "AND",
                           "NOT hair",
                           "hair NOT",
                           "{title}: hair",
                           "hair\x01\x02",
                           "\xEE\x80\x80hair\xEE\x80\x81",
                           "\xFF\xFE",
                           "日本語",
                           "a:*b",
                           "<-> hair",
                           "hair <2> scalp",
                           "1=1; DROP TABLE studies; --"}) {
    SearchQuery q;
    q.text = text;
    auto page = library_->Search(q);
    if (!page) {
      EXPECT_EQ(page.error().code, ErrorCode::kInvalidArgument) << text;
      EXPECT_EQ(page.error().field, "q") << text << ": " << page.error().ToString();
    }
  }
  EXPECT_EQ(Count("studies"), 6);
  SearchQuery empty;
  auto refused = library_->Search(empty);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "q");
  SearchQuery bad;
  bad.text = "hair";
  bad.limit = 0;
  EXPECT_EQ(library_->Search(bad).error().field, "limit");
  bad.limit = 10;
  bad.condition = "dupilumab";
  EXPECT_EQ(library_->Search(bad).error().field, "condition");
  bad.condition.clear();
  bad.study_type = "anecdote";
  EXPECT_EQ(library_->Search(bad).error().field, "type");
  bad.study_type.clear();
  bad.year_from = 2020;
  bad.year_to = 2010;
  EXPECT_EQ(library_->Search(bad).error().field, "year_to");
}

INSTANTIATE_TEST_SUITE_P(Backends, EvidenceLibraryTest, ::testing::Values("sqlite", "postgres"));
INSTANTIATE_TEST_SUITE_P(Backends, EvidenceSearchTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace tricholog::evidence
