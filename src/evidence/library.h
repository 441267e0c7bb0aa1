// The evidence library in the store (issue 20, schema 10): studies imported from PubMed XML,
// MEDLINE, RIS, BibTeX and CSL-JSON, deduplicated by PMID, DOI and normalised title, annotated
// with the project's TLDR, summary and tags, searched with full text (SQLite FTS5 BM25 /
// PostgreSQL ts_rank_cd), and their reference lists resolved to library studies.
//
// Permissions and audit: studies are public bibliographic records (no patient data). Writing
// (import, annotate) is admin only (kPermissionDenied otherwise, the refusal audited "denied"
// "study") and audited through Store::AuditStoreAction in the write's transaction. Reading
// (GetStudy, FindStudy, References, CitedBy, Search) takes no Actor and writes no audit row:
// it reveals nothing about a person, and a search page must not write to the store.
//
// Study ids: 10 lower-case base32 characters (RFC 4648 alphabet, lower-cased) of the SHA-256 of
// the study's first identifier, "pmid:<digits>", else "doi:<lower-cased doi>", else
// "title:<title key>" — the same study gets the same id in every store. A study's source key
// (studies.source) is "starter:<CSL id>" for the shipped starter library, so demo posts and
// relevance judgments can name starter studies; "import:<file name>" for other imports.
//
// Not thread-safe (like the Store it wraps): one EvidenceLibrary per Store per thread.
#ifndef TRICHOLOG_EVIDENCE_LIBRARY_H_
#define TRICHOLOG_EVIDENCE_LIBRARY_H_

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "evidence/study.h"
#include "store/model.h"
#include "store/store.h"

namespace tricholog::evidence {

// The study types a study may be tagged with (studies.study_type), "" for none.
inline constexpr std::string_view kStudyTypes[] = {
    "case_report",   "case_series", "cohort",     "trial",      "review",
    "meta_analysis", "guideline",   "definition", "instrument", "other"};
bool IsStudyType(std::string_view type);

// The normalised title used to recognise a study imported again without identifiers: lower-case
// letters and digits (other characters separate words), words joined by single spaces.
std::string TitleKey(std::string_view title);
// The id the library gives `study` (see the header comment); empty when the study has no PMID,
// no DOI and a title without letters or digits.
std::string StudyIdOf(const Study& study);

// A study as the library keeps it: the imported facts and the project's own annotations.
struct StoredStudy {
  std::string id;
  Study study;               // the facts (references: the study's reference list, as imported)
  std::string tldr;          // the project's one-line TLDR ("" until annotated)
  std::string summary;       // the project's summary paragraph
  std::string study_type;    // one of kStudyTypes, or ""
  std::string source;        // "starter:<csl id>", "import:<file name>", ...
  std::string image_sha256;  // optional image (a BlobStore hash), "" for none
  // Concept ids of synonyms.h (kind condition / treatment): the project's tags when annotated,
  // else the concepts the title, keywords and MeSH terms name (set at import).
  std::vector<std::string> conditions;
  std::vector<std::string> treatments;
  std::string added_at;  // ISO-8601 UTC from the store's clock
  std::string updated_at;
};

// A short line about a study, for lists (search results, cited by, references).
struct StudyListItem {
  std::string id;
  std::string title;
  std::string journal;
  std::optional<int> year;
  std::optional<int> month;
  std::string authors;  // AuthorsShort
  std::string tldr;
  std::string study_type;
  std::string source;
};

// "Carnicle JM, Hendricks AJ, Shi VY" (family name and the initials of the given names); more
// than three authors: the first three and "et al."; a collective name as written.
std::string AuthorsShort(const std::vector<Author>& authors);
// "August 2019 in Dermatitis", "2019 in Dermatitis", "August 2019", "" — as a study page shows.
std::string DateInJournal(std::optional<int> year, std::optional<int> month,
                          std::string_view journal);

// --- import -------------------------------------------------------------------------------------

enum class ImportFormat { kPubmedXml, kMedline, kRis, kBibtex, kCslJson };
// "pubmed_xml", "medline", "ris", "bibtex", "csl_json".
std::string_view ImportFormatName(ImportFormat format);
Result<ImportFormat> ParseImportFormat(std::string_view name, std::string_view field = "format");
// The format of a file from its content (an XML PubmedArticleSet; JSON; "@" entries; "PMID-";
// "TY  -"), the extension deciding only when the content does not (.xml, .nbib/.medline/.txt,
// .ris, .bib, .json). kUnsupported naming "file" when neither tells.
Result<ImportFormat> DetectImportFormat(const std::filesystem::path& path, std::string_view text);

struct ImportOptions {
  // The format; detected from the content and extension when unset.
  std::optional<ImportFormat> format;
  // studies.source for a new study: "import:<file name>" when empty. With `source_prefix`
  // set and a CSL-JSON file, each item's source is "<source_prefix>:<csl id>" instead (the demo
  // imports the starter library with source_prefix "starter").
  std::string source;
  std::string source_prefix;
  // Called while importing: `done` of `total` records written (total known after parsing).
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct ImportReport {
  std::string file;    // the path as given
  std::string format;  // ImportFormatName
  int added = 0;       // new studies
  int merged = 0;      // records that matched a study already in the library (or earlier in
                       // the file) by PMID, DOI or title key: missing fields filled in, the
                       // project's TLDR, summary and tags never overwritten
  std::vector<SkippedRecord> skipped;  // malformed records: line (CSL-JSON: item position), why
  std::vector<std::string> ids;        // the library id of every imported record, file order
};

// --- annotations (data/evidence/starter-summaries.json) -----------------------------------------

// The project's own words and tags for one study. Empty fields are left as they are.
struct StudyAnnotation {
  std::string tldr;
  std::string summary;
  std::string study_type;               // kStudyTypes
  std::vector<std::string> conditions;  // concept ids (synonyms.h, kind "condition")
  std::vector<std::string> treatments;  // concept ids (kind "treatment")
  // The studies it cites, each a key FindStudy resolves ("starter:<csl id>", a bare starter id,
  // "pmid:…", "doi:…" or a library id). Non-empty: replaces the study's reference list.
  std::vector<std::string> cites;
};

struct AnnotationReport {
  std::string file;
  int annotated = 0;
  std::vector<std::string> unknown;  // keys that name no study in the library (nothing changed)
};

// --- references ---------------------------------------------------------------------------------

struct ReferenceEntry {
  int position = 0;  // 0-based, the order of the reference list
  std::string cited_pmid;
  std::string cited_doi;
  std::string cited_title;
  std::optional<StudyListItem> study;  // the library study it resolves to, when there is one
};

// "Research cited in this study (k / n results)": every reference row; k = resolved.
struct ReferenceList {
  std::vector<ReferenceEntry> entries;
  int resolved = 0;
  int total = 0;
};

// --- search -------------------------------------------------------------------------------------

struct SearchQuery {
  // The user's text: words (all must match), "quoted phrases", word* prefixes, OR between
  // alternatives, -word to exclude. A word or phrase that is a synonyms.h concept phrase
  // matches every phrase of its concept (Dupixent = dupilumab). Parsed by search_query.h; no
  // text can cause a syntax error in the engine. Empty (or no searchable word) with no filter:
  // kInvalidArgument naming "q". Empty with a filter: the filtered studies, newest first.
  std::string text;
  std::optional<int> year_from;  // inclusive; 1800..2200
  std::optional<int> year_to;
  std::string condition;   // concept id (alopecia_areata, atopic_dermatitis), "" for any
  std::string treatment;   // concept id (dupilumab, baricitinib, ...), "" for any
  std::string study_type;  // kStudyTypes, "" for any
  int limit = 20;          // 1..100
  int offset = 0;          // 0..10000
};

// A piece of text; highlighted pieces are what matched the query. Pages escape and mark them.
struct TextSegment {
  std::string text;
  bool highlighted = false;
};

struct SearchHit {
  std::string id;
  std::string title;
  std::vector<TextSegment> title_segments;  // the whole title, matches highlighted
  std::string journal;
  std::optional<int> year;
  std::optional<int> month;
  std::string authors;  // AuthorsShort
  std::string tldr;
  std::string study_type;
  std::string source;
  // A short passage of the TLDR, summary or abstract around the best match ("…" where cut).
  std::vector<TextSegment> snippet;
  double score = 0;  // higher is better; comparable within one page only
};

struct SearchPage {
  std::vector<SearchHit> hits;
  int total = 0;  // all matching studies (not only this page)
};

class EvidenceLibrary {
 public:
  explicit EvidenceLibrary(store::Store& store);

  store::Store& store() { return store_; }

  // Imports one file in one transaction: every record not malformed is added or merged, or —
  // on a store error — nothing of the file is. Errors: kPermissionDenied (not an admin);
  // kNotFound / kIo naming "file"; a reader's kTooLarge / kParseError (whole file unreadable);
  // kUnsupported (format not recognised). Audited "import" "study" with the file name.
  Result<ImportReport> ImportFile(const store::Actor& actor, const std::filesystem::path& path,
                                  const ImportOptions& options = {});
  // The same for text already in memory (`name` is used for the report and the source).
  Result<ImportReport> ImportText(const store::Actor& actor, std::string_view text,
                                  const std::string& name, const ImportOptions& options = {});

  // Sets the project's annotation of study `id` (kNotFound naming "id"; kInvalidArgument naming
  // "study_type" / "conditions" / "treatments" / "cites" for values not allowed). Admin only,
  // audited "annotate" "study".
  Result<void> Annotate(const store::Actor& actor, const std::string& id,
                        const StudyAnnotation& annotation);
  // Reads an annotations file ({"<csl id>": {"tldr", "summary", "tags": {"conditions",
  // "treatments", "study_type"}, "cites": [...]}}) and annotates each study whose source key is
  // "<key_prefix>:<csl id>" (or that FindStudy resolves otherwise), in one transaction. A key
  // naming no study is listed in `unknown`. kParseError naming "file" for bad JSON.
  Result<AnnotationReport> ImportAnnotations(const store::Actor& actor,
                                             const std::filesystem::path& path,
                                             std::string_view key_prefix = "starter");

  // The study, or kNotFound naming "id".
  Result<StoredStudy> GetStudy(const std::string& id);
  // The id of the study `key` names: a library id, "pmid:123" or bare digits, "doi:10.…" or a
  // bare DOI, a source key ("starter:carnicle-2019-…"), or a bare starter id. nullopt when none.
  Result<std::optional<std::string>> FindStudy(const std::string& key);
  // Several studies as list items, in the order given; unknown ids are left out.
  Result<std::vector<StudyListItem>> ListItems(const std::vector<std::string>& ids);
  // Every study id, oldest first (for related-research precomputation and checks).
  Result<std::vector<std::string>> AllIds();

  // The reference list of study `id` (kNotFound naming "id").
  Result<ReferenceList> References(const std::string& id);
  // The library studies whose reference lists cite `id`, newest first.
  Result<std::vector<StudyListItem>> CitedBy(const std::string& id);

  // Ranked full-text search (see SearchQuery). kInvalidArgument naming "q", "year_from",
  // "year_to", "condition", "treatment", "type", "limit" or "offset".
  Result<SearchPage> Search(const SearchQuery& query);

 private:
  store::Store& store_;
};

// The shipped starter library: `evidence_dir`/starter-library.csl.json imported with source
// keys "starter:<csl id>", then `evidence_dir`/starter-summaries.json as its annotations (what
// `tricholog demo` and `evidence import --starter` do). Idempotent: a second run merges.
struct StarterReport {
  ImportReport import;
  AnnotationReport annotations;
};
Result<StarterReport> ImportStarterLibrary(EvidenceLibrary& library, const store::Actor& actor,
                                           const std::filesystem::path& evidence_dir);

}  // namespace tricholog::evidence

#endif  // TRICHOLOG_EVIDENCE_LIBRARY_H_
