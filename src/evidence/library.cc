#include "evidence/library.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "evidence/bibtex.h"
#include "evidence/csl_json.h"
#include "evidence/field_text.h"
#include "evidence/medline.h"
#include "evidence/pubmed_xml.h"
#include "evidence/ris.h"
#include "evidence/search_query.h"
#include "evidence/synonyms.h"

namespace tricholog::evidence {
namespace {

using store::Actor;
using store::Database;
using store::SqlRows;
using store::SqlValue;

// Private-use characters that mark a match in the engines' snippet/headline output. They are
// removed from every stored text, so a marker in the output is always the engine's.
constexpr std::string_view kMarkOpen = "\xEE\x80\x80";   // U+E000
constexpr std::string_view kMarkClose = "\xEE\x80\x81";  // U+E001

constexpr std::size_t kMaxTitleBytes = 2000;
constexpr std::size_t kMaxImportFileBytes = kMaxPubmedXmlBytes;
constexpr int kMaxSearchOffset = 10000;
constexpr int kMaxSearchLimit = 100;
// Rows of a multi-row INSERT (bounded so that the statement stays small on both engines).
constexpr std::size_t kInsertBatch = 100;

// Columns of `studies` read into a StoredStudy, in this order.
constexpr std::string_view kStudyColumns =
    "id, pmid, doi, pmcid, title, journal, year, month, abstract, tldr, summary, study_type, "
    "volume, issue, pages, image_sha256, source, added_at, updated_at, title_key, seq";

std::string Str(const std::vector<SqlValue>& row, std::size_t i) {
  return i < row.size() && row[i] ? *row[i] : std::string();
}
std::optional<int> OptInt(const std::vector<SqlValue>& row, std::size_t i) {
  if (i >= row.size() || !row[i] || row[i]->empty()) return std::nullopt;
  try {
    return std::stoi(*row[i]);
  } catch (...) {
    return std::nullopt;
  }
}
double Double(const std::vector<SqlValue>& row, std::size_t i) {
  if (i >= row.size() || !row[i]) return 0;
  try {
    return std::stod(*row[i]);
  } catch (...) {
    return 0;
  }
}
SqlValue NullIfEmpty(const std::string& s) { return s.empty() ? SqlValue() : SqlValue(s); }
SqlValue IntValue(std::optional<int> v) { return v ? SqlValue(std::to_string(*v)) : SqlValue(); }

std::string WithoutMarks(std::string text) {
  for (std::string_view mark : {kMarkOpen, kMarkClose}) {
    for (std::size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at)) {
      text.erase(at, mark.size());
    }
  }
  return text;
}

std::string Base32Lower(const unsigned char* bytes, std::size_t chars) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string out;
  std::uint64_t buffer = 0;
  int bits = 0;
  std::size_t i = 0;
  while (out.size() < chars) {
    if (bits < 5) {
      buffer = (buffer << 8) | bytes[i++];
      bits += 8;
    }
    out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31u]);
    bits -= 5;
  }
  return out;
}

std::string JoinTerms(const std::vector<std::string>& terms) {
  std::string out;
  for (const std::string& t : terms) {
    if (!out.empty()) out += "; ";
    out += t;
  }
  return out;
}

std::string ReadSmallFile(const std::filesystem::path& path, std::size_t max, Error* error) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    *error = {std::filesystem::exists(path) ? ErrorCode::kIo : ErrorCode::kNotFound,
              fmt::format("cannot read {}: {}", path.string(), ec.message()), "file"};
    return {};
  }
  if (size > max) {
    *error = FileTooLarge(static_cast<std::size_t>(size), max).value();
    return {};
  }
  std::ifstream in(path, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(size))) {
    *error = {ErrorCode::kIo, fmt::format("cannot read {}", path.string()), "file"};
    return {};
  }
  return text;
}

// Splits engine output with kMarkOpen/kMarkClose into segments.
std::vector<TextSegment> Segments(std::string_view marked) {
  std::vector<TextSegment> out;
  bool highlighted = false;
  std::string current;
  auto flush = [&] {
    if (current.empty()) return;
    if (!out.empty() && out.back().highlighted == highlighted) {
      out.back().text += current;
    } else {
      out.push_back({current, highlighted});
    }
    current.clear();
  };
  std::size_t i = 0;
  while (i < marked.size()) {
    if (marked.substr(i, kMarkOpen.size()) == kMarkOpen) {
      flush();
      highlighted = true;
      i += kMarkOpen.size();
    } else if (marked.substr(i, kMarkClose.size()) == kMarkClose) {
      flush();
      highlighted = false;
      i += kMarkClose.size();
    } else {
      current.push_back(marked[i++]);
    }
  }
  flush();
  return out;
}

// Well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool IsUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c >> 5) == 6) {
      len = 2;
      cp = c & 0x1Fu;
    } else if ((c >> 4) == 14) {
      len = 3;
      cp = c & 0x0Fu;
    } else if ((c >> 3) == 30) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + len > text.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc >> 6) != 2) return false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

bool HasMark(std::string_view text) { return text.find(kMarkOpen) != std::string_view::npos; }

// The first `words` words of `text`, with "…" when cut.
std::string Lead(std::string_view text, int words) {
  std::size_t i = 0;
  int count = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size()) break;
    if (count == words) return std::string(TrimSpace(text.substr(0, i))) + " …";
    while (i < text.size() && text[i] != ' ') ++i;
    ++count;
  }
  return std::string(text);
}

std::string Placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

// Multi-row INSERT of `rows` (each `columns` values) in batches.
Result<void> InsertRows(Database& db, std::string_view head, std::string_view tail,
                        std::size_t columns, const std::vector<SqlValue>& values) {
  const std::size_t rows = values.size() / columns;
  const std::string row = "(" + Placeholders(columns) + ")";
  for (std::size_t start = 0; start < rows; start += kInsertBatch) {
    const std::size_t n = std::min(kInsertBatch, rows - start);
    std::string sql(head);
    for (std::size_t r = 0; r < n; ++r) sql += (r == 0 ? " " : ", ") + row;
    sql += tail;
    std::vector<SqlValue> params(
        values.begin() + static_cast<std::ptrdiff_t>(start * columns),
        values.begin() + static_cast<std::ptrdiff_t>((start + n) * columns));
    auto r = db.Query(sql, params);
    if (!r) return tl::unexpected(r.error());
  }
  return {};
}

Result<void> RequireAdmin(store::Store& store, const Actor& actor) {
  bool admin = actor.role == store::Role::kAdmin;
  if (admin && actor.user_id != Actor::LocalAdmin().user_id) {
    auto rows = store.database().Query("SELECT 1 FROM users WHERE id = ? AND role = 'admin'",
                                       {actor.user_id});
    if (!rows) return tl::unexpected(rows.error());
    admin = !rows->rows.empty();
  }
  if (admin) return {};
  // Outside any transaction, so the refusal is kept.
  (void)store.AuditStoreAction(actor, "denied", "study", "");
  return MakeError(ErrorCode::kPermissionDenied, "only an admin may change the evidence library",
                   "actor");
}

// A study's concepts of `kind` named in its title, keywords and MeSH terms (the tags a study
// gets at import until the project annotates it).
std::vector<std::string> ConceptTags(const Study& study, std::string_view kind) {
  std::string text = study.title;
  for (const auto& k : study.keywords) text += "\n" + k;
  for (const auto& m : study.mesh_terms) text += "\n" + m;
  std::vector<std::string> out;
  for (const Concept* c : ConceptsIn(text)) {
    if (c->kind == kind) out.emplace_back(c->id);
  }
  return out;
}

// The record as the library stores it: marks removed, identifiers that break the schema's
// limits dropped, or an error message when the record cannot be stored at all.
std::optional<std::string> Sanitise(Study& s) {
  s.title = std::string(TrimSpace(WithoutMarks(s.title)));
  if (s.title.empty()) return "the record has no title";
  if (s.title.size() > kMaxTitleBytes) {
    return fmt::format("the title is {} bytes; at most {} are kept", s.title.size(),
                       kMaxTitleBytes);
  }
  if (TitleKey(s.title).empty()) return "the title has no letters or digits";
  if (s.pmid.size() > 12 || !AllDigits(s.pmid)) s.pmid.clear();
  if (s.doi.size() > 300 || s.doi.rfind("10.", 0) != 0 || s.doi.find('/') == std::string::npos) {
    s.doi.clear();
  }
  if (s.pmcid.size() > 20 || !IsPmcid(s.pmcid)) s.pmcid.clear();
  if (s.year && (*s.year < 1800 || *s.year > 2200)) s.year.reset();
  if (s.month && (*s.month < 1 || *s.month > 12)) s.month.reset();
  for (std::string* f : {&s.journal, &s.abstract, &s.volume, &s.issue, &s.pages}) {
    *f = WithoutMarks(std::move(*f));
  }
  for (auto* list : {&s.keywords, &s.mesh_terms}) {
    std::vector<std::string> kept;
    std::set<std::string> keys;
    for (std::string& t : *list) {
      std::string term(TrimSpace(WithoutMarks(t)));
      if (term.empty() || term.size() > 500) continue;
      if (keys.insert(LowerAscii(term)).second) kept.push_back(std::move(term));
    }
    *list = std::move(kept);
  }
  for (Author& a : s.authors) {
    a.family = WithoutMarks(std::move(a.family));
    a.given = WithoutMarks(std::move(a.given));
  }
  std::erase_if(s.authors, [](const Author& a) { return a.family.empty() && a.given.empty(); });
  for (CitedWork& c : s.references) {
    if (c.pmid.size() > 12 || !AllDigits(c.pmid)) c.pmid.clear();
    c.doi = NormaliseDoi(c.doi);
    c.title = WithoutMarks(std::move(c.title));
  }
  std::erase_if(s.references, [](const CitedWork& c) {
    return c.pmid.empty() && c.doi.empty() && c.title.empty();
  });
  return std::nullopt;
}

struct ExistingRow {
  std::string id, pmid, doi, pmcid, title_key;
};

// The library study a record is, by PMID, then DOI, then PMCID, then title key (a title match
// whose PMID or DOI contradicts the record's is another paper).
std::optional<ExistingRow> MatchOf(const Study& s, const std::string& key,
                                   const std::vector<ExistingRow>& rows) {
  if (!s.pmid.empty()) {
    for (const auto& r : rows) {
      if (r.pmid == s.pmid) return r;
    }
  }
  if (!s.doi.empty()) {
    for (const auto& r : rows) {
      if (r.doi == s.doi) return r;
    }
  }
  if (!s.pmcid.empty()) {
    for (const auto& r : rows) {
      if (r.pmcid == s.pmcid) return r;
    }
  }
  for (const auto& r : rows) {
    if (r.title_key != key) continue;
    if (!s.pmid.empty() && !r.pmid.empty() && r.pmid != s.pmid) continue;
    if (!s.doi.empty() && !r.doi.empty() && r.doi != s.doi) continue;
    return r;
  }
  return std::nullopt;
}

const char* MonthName(int month) {
  static constexpr std::array<const char*, 12> kNames = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  return month >= 1 && month <= 12 ? kNames[static_cast<std::size_t>(month - 1)] : "";
}

Result<std::string> ConceptFilter(const std::string& value, std::string_view kind,
                                  std::string_view field) {
  if (value.empty()) return std::string();
  const Concept* c = ConceptById(value);
  if (c == nullptr) c = ConceptOfPhrase(value);
  if (c == nullptr || c->kind != kind) {
    std::string allowed;
    for (const Concept& k : Concepts()) {
      if (k.kind != kind) continue;
      if (!allowed.empty()) allowed += ", ";
      allowed += k.id;
    }
    return InvalidArgument(std::string(field),
                           fmt::format("{} is not a {}; allowed: {}", Quote(value), kind, allowed));
  }
  return std::string(c->id);
}

}  // namespace

bool IsStudyType(std::string_view type) {
  return std::find(std::begin(kStudyTypes), std::end(kStudyTypes), type) != std::end(kStudyTypes);
}

std::string TitleKey(std::string_view title) {
  std::string key;
  for (const std::string& w : WordsOf(title)) {
    if (!key.empty()) key.push_back(' ');
    key += w;
  }
  return key;
}

std::string StudyIdOf(const Study& study) {
  std::string first;
  if (!study.pmid.empty()) {
    first = "pmid:" + study.pmid;
  } else if (!study.doi.empty()) {
    first = "doi:" + LowerAscii(study.doi);
  } else {
    const std::string key = TitleKey(study.title);
    if (key.empty()) return {};
    first = "title:" + key;
  }
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(first.data()),
                     first.size());
  return Base32Lower(digest.data(), 10);
}

std::string AuthorsShort(const std::vector<Author>& authors) {
  std::string out;
  const std::size_t shown = authors.size() > 3 ? 3 : authors.size();
  for (std::size_t i = 0; i < shown; ++i) {
    const Author& a = authors[i];
    std::string name = a.family;
    std::string initials;
    bool at_word_start = true;
    for (std::size_t k = 0; k < a.given.size(); ++k) {
      const auto c = static_cast<unsigned char>(a.given[k]);
      if (c == ' ' || c == '-' || c == '.') {
        at_word_start = true;
        continue;
      }
      if (at_word_start) {
        // The whole UTF-8 character.
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
        std::string letter = a.given.substr(k, len);
        if (letter.size() == 1) letter[0] = static_cast<char>(std::toupper(c));
        initials += letter;
        at_word_start = false;
      }
    }
    if (!initials.empty()) name += (name.empty() ? "" : " ") + initials;
    if (!out.empty()) out += ", ";
    out += name;
  }
  if (authors.size() > 3) out += ", et al.";
  return out;
}

std::string DateInJournal(std::optional<int> year, std::optional<int> month,
                          std::string_view journal) {
  std::string date;
  if (year) {
    date = std::to_string(*year);
    if (month) date = std::string(MonthName(*month)) + " " + date;
  }
  if (journal.empty()) return date;
  if (date.empty()) return std::string(journal);
  return date + " in " + std::string(journal);
}

std::string_view ImportFormatName(ImportFormat format) {
  switch (format) {
    case ImportFormat::kPubmedXml:
      return "pubmed_xml";
    case ImportFormat::kMedline:
      return "medline";
    case ImportFormat::kRis:
      return "ris";
    case ImportFormat::kBibtex:
      return "bibtex";
    case ImportFormat::kCslJson:
      return "csl_json";
  }
  return "?";
}

Result<ImportFormat> ParseImportFormat(std::string_view name, std::string_view field) {
  for (ImportFormat f : {ImportFormat::kPubmedXml, ImportFormat::kMedline, ImportFormat::kRis,
                         ImportFormat::kBibtex, ImportFormat::kCslJson}) {
    if (ImportFormatName(f) == name) return f;
  }
  return InvalidArgument(std::string(field),
                         fmt::format("{} is not an import format; allowed: pubmed_xml, medline, "
                                     "ris, bibtex, csl_json",
                                     Quote(name)));
}

Result<ImportFormat> DetectImportFormat(const std::filesystem::path& path, std::string_view text) {
  std::string_view head = text.substr(0, 4096);
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  const std::string_view trimmed = TrimSpace(head);
  if (!trimmed.empty()) {
    if (trimmed[0] == '<') return ImportFormat::kPubmedXml;
    if (trimmed[0] == '[' || trimmed[0] == '{') return ImportFormat::kCslJson;
    if (trimmed.substr(0, 5) == "PMID-") return ImportFormat::kMedline;
    if (trimmed.substr(0, 2) == "TY" && trimmed.substr(2, 4).find('-') != std::string::npos) {
      return ImportFormat::kRis;
    }
    if (trimmed[0] == '@' || trimmed[0] == '%') return ImportFormat::kBibtex;
  }
  const std::string ext = LowerAscii(path.extension().string());
  if (ext == ".xml") return ImportFormat::kPubmedXml;
  if (ext == ".json") return ImportFormat::kCslJson;
  if (ext == ".nbib" || ext == ".medline" || ext == ".txt") return ImportFormat::kMedline;
  if (ext == ".ris") return ImportFormat::kRis;
  if (ext == ".bib" || ext == ".bibtex") return ImportFormat::kBibtex;
  return MakeError(ErrorCode::kUnsupported,
                   fmt::format("cannot tell the format of {}: neither its content nor its "
                               "extension is PubMed XML, MEDLINE, RIS, BibTeX or CSL-JSON",
                               path.filename().string()),
                   "file");
}

EvidenceLibrary::EvidenceLibrary(store::Store& store) : store_(store) {}

namespace {

// One record to write, with its source key.
struct Incoming {
  Study study;
  std::string source;
};

class Importer {
 public:
  Importer(store::Store& store, ImportReport& report) : db_(store.database()) {
    report_ = &report;
    now_ = store.clock().NowUtc();
  }

  Result<void> Write(std::vector<Incoming>& records, const ImportOptions& options) {
    const std::size_t total = records.size();
    const std::size_t step = std::max<std::size_t>(1, total / 100);
    for (std::size_t i = 0; i < total; ++i) {
      auto r = WriteOne(records[i], i);
      if (!r) return r;
      if (options.progress && ((i + 1) % step == 0 || i + 1 == total))
        options.progress(i + 1, total);
    }
    return ResolveReferences(db_);
  }

  // Unresolved reference rows whose PMID or DOI a library study now has point to it.
  static Result<void> ResolveReferences(Database& db) {
    for (std::string_view column : {"pmid", "doi"}) {
      auto r = db.Query(
          fmt::format("UPDATE study_references SET cited_id = (SELECT s.id FROM studies s WHERE "
                      "s.{0} = study_references.cited_{0}) WHERE cited_id IS NULL AND cited_{0} "
                      "IS NOT NULL AND EXISTS (SELECT 1 FROM studies s WHERE s.{0} = "
                      "study_references.cited_{0})",
                      column),
          {});
      if (!r) return tl::unexpected(r.error());
    }
    return {};
  }

 private:
  Result<void> WriteOne(Incoming& in, std::size_t index) {
    Study& s = in.study;
    if (auto problem = Sanitise(s)) {
      report_->skipped.push_back({0, fmt::format("record {}: {}", index + 1, *problem)});
      return {};
    }
    const std::string key = TitleKey(s.title);
    auto rows = db_.Query(
        "SELECT id, pmid, doi, pmcid, title_key FROM studies WHERE pmid = ? OR doi = ? OR "
        "pmcid = ? OR title_key = ?",
        {NullIfEmpty(s.pmid), NullIfEmpty(s.doi), NullIfEmpty(s.pmcid), key});
    if (!rows) return tl::unexpected(rows.error());
    std::vector<ExistingRow> existing;
    for (const auto& row : rows->rows) {
      existing.push_back({Str(row, 0), Str(row, 1), Str(row, 2), Str(row, 3), Str(row, 4)});
    }
    if (auto match = MatchOf(s, key, existing)) {
      // Identifiers another study already holds are not copied (they are unique).
      auto held_elsewhere = [&](std::string ExistingRow::*field, const std::string& v) {
        return std::any_of(existing.begin(), existing.end(), [&](const ExistingRow& r) {
          return r.id != match->id && r.*field == v;
        });
      };
      if (held_elsewhere(&ExistingRow::pmid, s.pmid)) s.pmid.clear();
      if (held_elsewhere(&ExistingRow::doi, s.doi)) s.doi.clear();
      if (held_elsewhere(&ExistingRow::pmcid, s.pmcid)) s.pmcid.clear();
      auto merged = MergeInto(match->id, s, in.source);
      if (!merged) return merged;
      ++report_->merged;
      report_->ids.push_back(match->id);
      return {};
    }
    // A title-key row that is another paper may hold our PMCID only if it matched above.
    for (const auto& r : existing) {
      if (!s.pmcid.empty() && r.pmcid == s.pmcid) s.pmcid.clear();
    }
    const std::string id = StudyIdOf(s);
    auto inserted = db_.Query(
        "INSERT INTO studies (id, pmid, doi, pmcid, title, title_key, journal, year, month, "
        "abstract, keywords_text, mesh_text, volume, issue, pages, source, added_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {id, NullIfEmpty(s.pmid), NullIfEmpty(s.doi), NullIfEmpty(s.pmcid), s.title, key, s.journal,
         IntValue(s.year), IntValue(s.month), s.abstract, JoinTerms(s.keywords),
         JoinTerms(s.mesh_terms), s.volume, s.issue, s.pages, in.source, now_, now_});
    if (!inserted) return tl::unexpected(inserted.error());
    if (auto r = InsertAuthors(id, s.authors, 0); !r) return r;
    std::vector<std::pair<std::string, std::string>> terms;
    for (const auto& k : s.keywords) terms.emplace_back("keyword", k);
    for (const auto& m : s.mesh_terms) terms.emplace_back("mesh", m);
    for (const auto& c : ConceptTags(s, "condition")) terms.emplace_back("condition", c);
    for (const auto& t : ConceptTags(s, "treatment")) terms.emplace_back("treatment", t);
    if (auto r = InsertTerms(id, terms); !r) return r;
    if (auto r = InsertReferences(id, s.references); !r) return r;
    ++report_->added;
    report_->ids.push_back(id);
    return {};
  }

  Result<void> InsertAuthors(const std::string& id, const std::vector<Author>& authors,
                             int first_position) {
    std::vector<SqlValue> values;
    int position = first_position;
    for (const Author& a : authors) {
      values.insert(values.end(), {id, std::to_string(position++), a.family, a.given});
    }
    if (values.empty()) return {};
    return InsertRows(db_, "INSERT INTO study_authors (study_id, position, family, given) VALUES",
                      "", 4, values);
  }

  Result<void> InsertTerms(const std::string& id,
                           const std::vector<std::pair<std::string, std::string>>& terms) {
    std::vector<SqlValue> values;
    for (const auto& [kind, term] : terms) {
      values.insert(values.end(), {id, kind, term, LowerAscii(term)});
    }
    if (values.empty()) return {};
    return InsertRows(db_, "INSERT INTO study_terms (study_id, kind, term, term_key) VALUES",
                      " ON CONFLICT DO NOTHING", 4, values);
  }

  Result<void> InsertReferences(const std::string& id, const std::vector<CitedWork>& refs) {
    std::vector<SqlValue> values;
    int position = 0;
    for (const CitedWork& c : refs) {
      values.insert(values.end(), {id, std::to_string(position++), NullIfEmpty(c.pmid),
                                   NullIfEmpty(c.doi), c.title});
    }
    if (values.empty()) return {};
    return InsertRows(db_,
                      "INSERT INTO study_references (study_id, position, cited_pmid, cited_doi, "
                      "cited_title) VALUES",
                      "", 5, values);
  }

  // Fills what the library's study lacks from the record; the project's TLDR, summary, type
  // and tags are never touched.
  Result<void> MergeInto(const std::string& id, const Study& s, const std::string& source) {
    auto rows = db_.Query(
        "SELECT pmid, doi, pmcid, journal, year, month, abstract, volume, issue, pages, source, "
        "keywords_text, mesh_text FROM studies WHERE id = ?",
        {id});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->rows.empty()) return MakeError(ErrorCode::kInternal, "merged study vanished");
    const auto& row = rows->rows[0];
    auto fill = [](const std::string& old, const std::string& incoming) {
      return old.empty() ? incoming : old;
    };
    const std::optional<int> year = OptInt(row, 4);
    const bool take_date = !year && s.year;
    std::string new_source = Str(row, 10);
    if (new_source.empty() ||
        (source.rfind("starter:", 0) == 0 && new_source.rfind("starter:", 0) != 0)) {
      new_source = source;
    }
    // Keywords and MeSH: the union.
    std::vector<std::pair<std::string, std::string>> terms;
    for (const auto& k : s.keywords) terms.emplace_back("keyword", k);
    for (const auto& m : s.mesh_terms) terms.emplace_back("mesh", m);
    if (auto r = InsertTerms(id, terms); !r) return r;
    auto listed = db_.Query(
        "SELECT kind, term FROM study_terms WHERE study_id = ? AND kind IN ('keyword', 'mesh') "
        "ORDER BY kind, term_key",
        {id});
    if (!listed) return tl::unexpected(listed.error());
    // Keep the existing text's order and append new terms.
    auto union_text = [&](const std::string& old_text, const std::vector<std::string>& add) {
      std::string text = old_text;
      std::set<std::string> keys;
      for (const std::string& part : WordsSeparated(old_text)) keys.insert(LowerAscii(part));
      for (const std::string& t : add) {
        if (keys.insert(LowerAscii(t)).second) text += (text.empty() ? "" : "; ") + t;
      }
      return text;
    };
    auto updated = db_.Query(
        "UPDATE studies SET pmid = ?, doi = ?, pmcid = ?, journal = ?, year = ?, month = ?, "
        "abstract = ?, volume = ?, issue = ?, pages = ?, source = ?, keywords_text = ?, "
        "mesh_text = ?, updated_at = ? WHERE id = ?",
        {NullIfEmpty(fill(Str(row, 0), s.pmid)), NullIfEmpty(fill(Str(row, 1), s.doi)),
         NullIfEmpty(fill(Str(row, 2), s.pmcid)), fill(Str(row, 3), s.journal),
         IntValue(take_date ? s.year : year), IntValue(take_date ? s.month : OptInt(row, 5)),
         fill(Str(row, 6), s.abstract), fill(Str(row, 7), s.volume), fill(Str(row, 8), s.issue),
         fill(Str(row, 9), s.pages), new_source, union_text(Str(row, 11), s.keywords),
         union_text(Str(row, 12), s.mesh_terms), now_, id});
    if (!updated) return tl::unexpected(updated.error());
    auto counts = db_.Query(
        "SELECT (SELECT count(*) FROM study_authors WHERE study_id = ?), (SELECT count(*) FROM "
        "study_references WHERE study_id = ?)",
        {id, id});
    if (!counts) return tl::unexpected(counts.error());
    if (OptInt(counts->rows[0], 0).value_or(0) == 0) {
      if (auto r = InsertAuthors(id, s.authors, 0); !r) return r;
    }
    if (OptInt(counts->rows[0], 1).value_or(0) == 0) {
      if (auto r = InsertReferences(id, s.references); !r) return r;
    }
    return {};
  }

  static std::vector<std::string> WordsSeparated(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t end = text.find("; ", start);
      const std::string part =
          text.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (!part.empty()) parts.push_back(part);
      if (end == std::string::npos) break;
      start = end + 2;
    }
    return parts;
  }

  Database& db_;
  ImportReport* report_;
  std::string now_;
};

}  // namespace

Result<ImportReport> EvidenceLibrary::ImportFile(const Actor& actor,
                                                 const std::filesystem::path& path,
                                                 const ImportOptions& options) {
  if (auto admin = RequireAdmin(store_, actor); !admin) return tl::unexpected(admin.error());
  Error error;
  const std::string text = ReadSmallFile(path, kMaxImportFileBytes, &error);
  if (!error.message.empty()) return tl::unexpected(error);
  auto report = ImportText(actor, text, path.filename().string(), options);
  if (report) report->file = path.string();
  return report;
}

Result<ImportReport> EvidenceLibrary::ImportText(const Actor& actor, std::string_view text,
                                                 const std::string& name,
                                                 const ImportOptions& options) {
  if (auto admin = RequireAdmin(store_, actor); !admin) return tl::unexpected(admin.error());
  ImportFormat format;
  if (options.format) {
    format = *options.format;
  } else {
    auto detected = DetectImportFormat(name, text);
    if (!detected) return tl::unexpected(detected.error());
    format = *detected;
  }
  ImportReport report;
  report.file = name;
  report.format = std::string(ImportFormatName(format));
  const std::string source = options.source.empty() ? "import:" + name : options.source;
  std::vector<Incoming> records;
  auto take = [&](Result<ParsedFile> parsed) -> Result<void> {
    if (!parsed) return tl::unexpected(parsed.error());
    for (Study& s : parsed->studies) records.push_back({std::move(s), source});
    report.skipped = std::move(parsed->skipped);
    return {};
  };
  Result<void> parsed;
  switch (format) {
    case ImportFormat::kPubmedXml:
      parsed = take(ParsePubmedXml(text));
      break;
    case ImportFormat::kMedline:
      parsed = take(ParseMedline(text));
      break;
    case ImportFormat::kRis:
      parsed = take(ParseRis(text));
      break;
    case ImportFormat::kBibtex:
      parsed = take(ParseBibtex(text));
      break;
    case ImportFormat::kCslJson: {
      auto csl = ParseCslJson(text, name);
      if (!csl) return tl::unexpected(csl.error());
      for (CslStudy& item : csl->items) {
        std::string item_source = source;
        if (!options.source_prefix.empty() && !item.csl_id.empty()) {
          item_source = options.source_prefix + ":" + item.csl_id;
        }
        records.push_back({std::move(item.study), item_source});
      }
      report.skipped = std::move(csl->skipped);
      break;
    }
  }
  if (!parsed) return tl::unexpected(parsed.error());
  if (options.progress) options.progress(0, records.size());
  auto written = store_.RunInTransaction([&]() -> Result<void> {
    Importer importer(store_, report);
    if (auto r = importer.Write(records, options); !r) return r;
    return store_.AuditStoreAction(actor, "import", "study", name);
  });
  if (!written) return tl::unexpected(written.error());
  return report;
}

Result<void> EvidenceLibrary::Annotate(const Actor& actor, const std::string& id,
                                       const StudyAnnotation& annotation) {
  if (auto admin = RequireAdmin(store_, actor); !admin) return admin;
  if (!annotation.study_type.empty() && !IsStudyType(annotation.study_type)) {
    return InvalidArgument("study_type",
                           fmt::format("{} is not a study type", Quote(annotation.study_type)));
  }
  std::vector<std::string> conditions, treatments;
  for (const auto& c : annotation.conditions) {
    auto k = ConceptFilter(c, "condition", "conditions");
    if (!k) return tl::unexpected(k.error());
    conditions.push_back(*k);
  }
  for (const auto& t : annotation.treatments) {
    auto k = ConceptFilter(t, "treatment", "treatments");
    if (!k) return tl::unexpected(k.error());
    treatments.push_back(*k);
  }
  return store_.RunInTransaction([&]() -> Result<void> {
    Database& db = store_.database();
    auto found = db.Query("SELECT tldr, summary, study_type FROM studies WHERE id = ?", {id});
    if (!found) return tl::unexpected(found.error());
    if (found->rows.empty()) {
      return MakeError(ErrorCode::kNotFound, fmt::format("no study {}", Quote(id)), "id");
    }
    const auto& row = found->rows[0];
    auto pick = [](const std::string& incoming, std::string old) {
      return incoming.empty() ? old : WithoutMarks(incoming);
    };
    const std::string type = annotation.study_type.empty() ? Str(row, 2) : annotation.study_type;
    auto updated = db.Query(
        "UPDATE studies SET tldr = ?, summary = ?, study_type = ?, updated_at = ? WHERE id = ?",
        {pick(annotation.tldr, Str(row, 0)), pick(annotation.summary, Str(row, 1)),
         NullIfEmpty(type), store_.clock().NowUtc(), id});
    if (!updated) return tl::unexpected(updated.error());
    for (const auto& [kind, list] :
         {std::pair<std::string, const std::vector<std::string>*>{"condition", &conditions},
          {"treatment", &treatments}}) {
      if (list->empty()) continue;
      auto del = db.Query("DELETE FROM study_terms WHERE study_id = ? AND kind = ?", {id, kind});
      if (!del) return tl::unexpected(del.error());
      std::vector<SqlValue> values;
      for (const auto& c : *list) values.insert(values.end(), {id, kind, c, c});
      auto ins = InsertRows(db, "INSERT INTO study_terms (study_id, kind, term, term_key) VALUES",
                            " ON CONFLICT DO NOTHING", 4, values);
      if (!ins) return ins;
    }
    if (!annotation.cites.empty()) {
      std::vector<std::string> cited;
      for (const auto& key : annotation.cites) {
        auto target = FindStudy(key);
        if (!target) return tl::unexpected(target.error());
        if (!*target) {
          return MakeError(ErrorCode::kNotFound,
                           fmt::format("cites {}, which is not in the library", Quote(key)),
                           "cites");
        }
        cited.push_back(**target);
      }
      auto del = db.Query("DELETE FROM study_references WHERE study_id = ?", {id});
      if (!del) return tl::unexpected(del.error());
      std::vector<SqlValue> values;
      int position = 0;
      for (const auto& c : cited) {
        auto s = db.Query("SELECT pmid, doi, title FROM studies WHERE id = ?", {c});
        if (!s) return tl::unexpected(s.error());
        const auto& r = s->rows.at(0);
        values.insert(values.end(), {id, std::to_string(position++), r[0], r[1], Str(r, 2), c});
      }
      auto ins = InsertRows(db,
                            "INSERT INTO study_references (study_id, position, cited_pmid, "
                            "cited_doi, cited_title, cited_id) VALUES",
                            "", 6, values);
      if (!ins) return ins;
    }
    return store_.AuditStoreAction(actor, "annotate", "study", id);
  });
}

Result<AnnotationReport> EvidenceLibrary::ImportAnnotations(const Actor& actor,
                                                            const std::filesystem::path& path,
                                                            std::string_view key_prefix) {
  if (auto admin = RequireAdmin(store_, actor); !admin) return tl::unexpected(admin.error());
  Error error;
  const std::string text = ReadSmallFile(path, 16u << 20, &error);
  if (!error.message.empty()) return tl::unexpected(error);
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kParseError,
                     fmt::format("{} is not JSON: {}", path.filename().string(), e.what()), "file");
  }
  if (!doc.is_object()) {
    return MakeError(ErrorCode::kParseError, "an annotations file is an object keyed by study",
                     "file");
  }
  AnnotationReport report;
  report.file = path.string();
  auto strings = [](const nlohmann::json& j, const char* key) {
    std::vector<std::string> out;
    if (j.contains(key) && j[key].is_array()) {
      for (const auto& v : j[key]) {
        if (v.is_string()) out.push_back(v.get<std::string>());
      }
    }
    return out;
  };
  auto text_of = [](const nlohmann::json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
  };
  auto resolve = [&](const std::string& key) -> Result<std::optional<std::string>> {
    if (!key_prefix.empty()) {
      auto by_source = FindStudy(std::string(key_prefix) + ":" + key);
      if (!by_source || *by_source) return by_source;
    }
    return FindStudy(key);
  };
  auto written = store_.RunInTransaction([&]() -> Result<void> {
    for (const auto& [key, value] : doc.items()) {
      if (!value.is_object()) {
        return MakeError(ErrorCode::kParseError, fmt::format("{} is not an object", Quote(key)),
                         key);
      }
      auto id = resolve(key);
      if (!id) return tl::unexpected(id.error());
      if (!*id) {
        report.unknown.push_back(key);
        continue;
      }
      StudyAnnotation a;
      a.tldr = text_of(value, "tldr");
      a.summary = text_of(value, "summary");
      if (value.contains("tags") && value["tags"].is_object()) {
        const auto& tags = value["tags"];
        a.conditions = strings(tags, "conditions");
        a.treatments = strings(tags, "treatments");
        a.study_type = text_of(tags, "study_type");
      }
      for (const std::string& cite : strings(value, "cites")) {
        auto target = resolve(cite);
        if (!target) return tl::unexpected(target.error());
        if (*target) a.cites.push_back(**target);
      }
      auto r = Annotate(actor, **id, a);
      if (!r) {
        Error e = r.error();
        e.field = key + "." + e.field;
        return tl::unexpected(e);
      }
      ++report.annotated;
    }
    return {};
  });
  if (!written) return tl::unexpected(written.error());
  return report;
}

Result<StoredStudy> EvidenceLibrary::GetStudy(const std::string& id) {
  Database& db = store_.database();
  auto rows = db.Query(fmt::format("SELECT {} FROM studies WHERE id = ?", kStudyColumns), {id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->rows.empty()) {
    return MakeError(ErrorCode::kNotFound, fmt::format("no study {}", Quote(id)), "id");
  }
  const auto& r = rows->rows[0];
  StoredStudy out;
  out.id = Str(r, 0);
  Study& s = out.study;
  s.pmid = Str(r, 1);
  s.doi = Str(r, 2);
  s.pmcid = Str(r, 3);
  s.title = Str(r, 4);
  s.journal = Str(r, 5);
  s.year = OptInt(r, 6);
  s.month = OptInt(r, 7);
  s.abstract = Str(r, 8);
  out.tldr = Str(r, 9);
  out.summary = Str(r, 10);
  out.study_type = Str(r, 11);
  s.volume = Str(r, 12);
  s.issue = Str(r, 13);
  s.pages = Str(r, 14);
  out.image_sha256 = Str(r, 15);
  out.source = Str(r, 16);
  out.added_at = Str(r, 17);
  out.updated_at = Str(r, 18);
  auto authors = db.Query(
      "SELECT family, given FROM study_authors WHERE study_id = ? ORDER BY position", {id});
  if (!authors) return tl::unexpected(authors.error());
  for (const auto& a : authors->rows) s.authors.push_back({Str(a, 0), Str(a, 1)});
  auto terms = db.Query(
      "SELECT kind, term FROM study_terms WHERE study_id = ? ORDER BY kind, term_key", {id});
  if (!terms) return tl::unexpected(terms.error());
  for (const auto& t : terms->rows) {
    const std::string kind = Str(t, 0);
    if (kind == "keyword") s.keywords.push_back(Str(t, 1));
    if (kind == "mesh") s.mesh_terms.push_back(Str(t, 1));
    if (kind == "condition") out.conditions.push_back(Str(t, 1));
    if (kind == "treatment") out.treatments.push_back(Str(t, 1));
  }
  auto refs = db.Query(
      "SELECT cited_pmid, cited_doi, cited_title FROM study_references WHERE study_id = ? "
      "ORDER BY position",
      {id});
  if (!refs) return tl::unexpected(refs.error());
  for (const auto& c : refs->rows) s.references.push_back({Str(c, 0), Str(c, 1), Str(c, 2)});
  return out;
}

Result<std::optional<std::string>> EvidenceLibrary::FindStudy(const std::string& key_text) {
  const std::string key(TrimSpace(key_text));
  if (key.empty()) return std::optional<std::string>();
  Database& db = store_.database();
  auto one = [&](std::string_view where,
                 const std::string& value) -> Result<std::optional<std::string>> {
    auto rows = db.Query(fmt::format("SELECT id FROM studies WHERE {} = ?", where), {value});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->rows.empty()) return std::optional<std::string>();
    return std::optional<std::string>(Str(rows->rows[0], 0));
  };
  const std::string lower = LowerAscii(key);
  if (lower.rfind("pmid:", 0) == 0) return one("pmid", std::string(TrimSpace(key.substr(5))));
  if (AllDigits(key)) return one("pmid", key);
  if (lower.rfind("doi:", 0) == 0 || lower.rfind("10.", 0) == 0 ||
      lower.find("doi.org/") != std::string::npos) {
    const std::string doi = NormaliseDoi(key);
    if (doi.empty()) return std::optional<std::string>();
    return one("doi", doi);
  }
  if (lower.rfind("pmcid:", 0) == 0) return one("pmcid", std::string(TrimSpace(key.substr(6))));
  if (IsPmcid(key)) return one("pmcid", key);
  if (key.size() == 10) {
    auto by_id = one("id", key);
    if (!by_id || *by_id) return by_id;
  }
  auto by_source = one("source", key);
  if (!by_source || *by_source) return by_source;
  if (key.find(':') == std::string::npos) return one("source", "starter:" + key);
  return std::optional<std::string>();
}

Result<std::vector<StudyListItem>> EvidenceLibrary::ListItems(const std::vector<std::string>& ids) {
  std::vector<StudyListItem> out;
  if (ids.empty()) return out;
  Database& db = store_.database();
  std::map<std::string, StudyListItem> found;
  std::map<std::string, std::vector<Author>> authors;
  for (std::size_t start = 0; start < ids.size(); start += kInsertBatch) {
    const std::size_t n = std::min(kInsertBatch, ids.size() - start);
    std::vector<SqlValue> params(ids.begin() + static_cast<std::ptrdiff_t>(start),
                                 ids.begin() + static_cast<std::ptrdiff_t>(start + n));
    auto rows = db.Query(
        fmt::format("SELECT id, title, journal, year, month, tldr, study_type, source FROM "
                    "studies WHERE id IN ({})",
                    Placeholders(n)),
        params);
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& r : rows->rows) {
      found[Str(r, 0)] = {Str(r, 0), Str(r, 1), Str(r, 2), OptInt(r, 3), OptInt(r, 4),
                          "",        Str(r, 5), Str(r, 6), Str(r, 7)};
    }
    auto a = db.Query(fmt::format("SELECT study_id, family, given FROM study_authors WHERE "
                                  "study_id IN ({}) AND position < 4 ORDER BY study_id, position",
                                  Placeholders(n)),
                      params);
    if (!a) return tl::unexpected(a.error());
    for (const auto& r : a->rows) authors[Str(r, 0)].push_back({Str(r, 1), Str(r, 2)});
  }
  for (const auto& id : ids) {
    auto it = found.find(id);
    if (it == found.end()) continue;
    it->second.authors = AuthorsShort(authors[id]);
    out.push_back(it->second);
  }
  return out;
}

Result<std::vector<std::string>> EvidenceLibrary::AllIds() {
  auto rows = store_.database().Query("SELECT id FROM studies ORDER BY seq", {});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::string> out;
  out.reserve(rows->rows.size());
  for (const auto& r : rows->rows) out.push_back(Str(r, 0));
  return out;
}

Result<ReferenceList> EvidenceLibrary::References(const std::string& id) {
  Database& db = store_.database();
  auto exists = db.Query("SELECT 1 FROM studies WHERE id = ?", {id});
  if (!exists) return tl::unexpected(exists.error());
  if (exists->rows.empty()) {
    return MakeError(ErrorCode::kNotFound, fmt::format("no study {}", Quote(id)), "id");
  }
  auto rows = db.Query(
      "SELECT position, cited_pmid, cited_doi, cited_title, cited_id FROM study_references "
      "WHERE study_id = ? ORDER BY position",
      {id});
  if (!rows) return tl::unexpected(rows.error());
  ReferenceList list;
  std::vector<std::string> cited;
  for (const auto& r : rows->rows) {
    list.entries.push_back({OptInt(r, 0).value_or(0), Str(r, 1), Str(r, 2), Str(r, 3), {}});
    if (!Str(r, 4).empty()) cited.push_back(Str(r, 4));
  }
  auto items = ListItems(cited);
  if (!items) return tl::unexpected(items.error());
  std::map<std::string, StudyListItem> by_id;
  for (auto& item : *items) by_id[item.id] = item;
  for (std::size_t i = 0; i < rows->rows.size(); ++i) {
    auto it = by_id.find(Str(rows->rows[i], 4));
    if (it != by_id.end()) {
      list.entries[i].study = it->second;
      ++list.resolved;
    }
  }
  list.total = static_cast<int>(list.entries.size());
  return list;
}

Result<std::vector<StudyListItem>> EvidenceLibrary::CitedBy(const std::string& id) {
  auto rows = store_.database().Query(
      "SELECT DISTINCT s.id, s.year, s.month, s.seq FROM study_references r JOIN studies s ON "
      "s.id = r.study_id WHERE r.cited_id = ? ORDER BY s.year DESC, s.month DESC, s.seq DESC",
      {id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::string> ids;
  for (const auto& r : rows->rows) ids.push_back(Str(r, 0));
  return ListItems(ids);
}

Result<SearchPage> EvidenceLibrary::Search(const SearchQuery& q) {
  if (q.limit < 1 || q.limit > kMaxSearchLimit) {
    return InvalidArgument(
        "limit", fmt::format("{} is out of range; allowed 1 to {}", q.limit, kMaxSearchLimit));
  }
  if (q.offset < 0 || q.offset > kMaxSearchOffset) {
    return InvalidArgument(
        "offset", fmt::format("{} is out of range; allowed 0 to {}", q.offset, kMaxSearchOffset));
  }
  for (const auto& [field, year] :
       {std::pair<const char*, std::optional<int>>{"year_from", q.year_from},
        {"year_to", q.year_to}}) {
    if (year && (*year < 1800 || *year > 2200)) {
      return InvalidArgument(field, fmt::format("{} is out of range; allowed 1800 to 2200", *year));
    }
  }
  if (q.year_from && q.year_to && *q.year_from > *q.year_to) {
    return InvalidArgument("year_to",
                           fmt::format("{} is before year_from {}", *q.year_to, *q.year_from));
  }
  auto condition = ConceptFilter(q.condition, "condition", "condition");
  if (!condition) return tl::unexpected(condition.error());
  auto treatment = ConceptFilter(q.treatment, "treatment", "treatment");
  if (!treatment) return tl::unexpected(treatment.error());
  if (!q.study_type.empty() && !IsStudyType(q.study_type)) {
    std::string allowed;
    for (std::string_view t : kStudyTypes)
      allowed += (allowed.empty() ? "" : ", ") + std::string(t);
    return InvalidArgument(
        "type", fmt::format("{} is not a study type; allowed: {}", Quote(q.study_type), allowed));
  }
  if (!IsUtf8(q.text)) return InvalidArgument("q", "the search text is not UTF-8");
  const bool filtered = q.year_from || q.year_to || !condition->empty() || !treatment->empty() ||
                        !q.study_type.empty();
  const ParsedQuery parsed = ParseSearchText(q.text);
  const bool has_text = HasPositiveClause(parsed);
  if (!has_text && (!filtered || !TrimSpace(q.text).empty())) {
    return InvalidArgument(
        "q", TrimSpace(q.text).empty()
                 ? "type something to search for, or choose a filter"
                 : fmt::format("{} has no word to search for", Quote(TrimSpace(q.text))));
  }

  Database& db = store_.database();
  const bool postgres = db.dialect() == "postgres";
  std::string where;
  std::vector<SqlValue> filter_params;
  if (q.year_from) where += fmt::format(" AND s.year >= {}", *q.year_from);
  if (q.year_to) where += fmt::format(" AND s.year <= {}", *q.year_to);
  for (const auto& [kind, value] :
       {std::pair<std::string, std::string>{"condition", *condition}, {"treatment", *treatment}}) {
    if (value.empty()) continue;
    where +=
        " AND EXISTS (SELECT 1 FROM study_terms t WHERE t.study_id = s.id AND t.kind = ? "
        "AND t.term_key = ?)";
    filter_params.push_back(kind);
    filter_params.push_back(value);
  }
  if (!q.study_type.empty()) {
    where += " AND s.study_type = ?";
    filter_params.push_back(q.study_type);
  }
  const std::string page = fmt::format(" LIMIT {} OFFSET {}", q.limit, q.offset);
  constexpr std::string_view kHitColumns =
      "s.seq, s.id, s.title, s.journal, s.year, s.month, s.tldr, s.study_type, s.source, "
      "s.abstract";

  std::string sql;
  std::vector<SqlValue> params;
  std::string match;
  std::string count_sql;  // when the main query does not count (total -1)
  if (!has_text) {
    sql = fmt::format(
        "SELECT {}, 0 AS score, count(*) OVER () AS total FROM studies s WHERE 1 = 1{} ORDER BY "
        "s.year DESC, s.month DESC, s.seq DESC{}",
        kHitColumns, where, page);
    params = filter_params;
  } else if (postgres) {
    match = ToTsquery(parsed);
    // ts_rank_cd with weights {D, C, B, A}: a title match (A) counts 20 times an abstract's (D).
    sql = fmt::format(
        "SELECT {}, ts_rank_cd('{{0.05, 0.2, 0.4, 1.0}}', s.search_vector, q.query) AS score, "
        "count(*) OVER () AS total FROM studies s, to_tsquery('english', ?) AS q(query) WHERE "
        "s.search_vector @@ q.query{} ORDER BY score DESC, s.seq{}",
        kHitColumns, where, page);
    params.push_back(match);
    params.insert(params.end(), filter_params.begin(), filter_params.end());
  } else if (where.empty()) {
    match = ToFts5Match(parsed);
    // No filter: FTS5 ranks and cuts the page itself (ORDER BY rank inside the module), and the
    // total is a plain count of the matches, without ranking them.
    sql = fmt::format(
        "WITH top AS MATERIALIZED (SELECT rowid AS seq, -rank AS score FROM studies_fts WHERE "
        "studies_fts MATCH ? AND rank MATCH 'bm25(10.0, 5.0, 2.0, 1.0, 3.0, 3.0)' ORDER BY rank{}) "
        "SELECT {}, h.score, -1 AS total FROM top h JOIN studies s ON s.seq = h.seq ORDER BY "
        "h.score DESC, s.seq",
        page, kHitColumns);
    params.push_back(match);
    count_sql = "SELECT count(*) FROM studies_fts WHERE studies_fts MATCH ?";
  } else {
    match = ToFts5Match(parsed);
    // BM25 column weights: title 10, TLDR 5, summary 2, abstract 1, keywords 3, MeSH 3.
    // (bm25 cannot share a SELECT with a window function: the matches are materialised first.)
    sql = fmt::format(
        "WITH hits AS MATERIALIZED (SELECT s.seq AS seq, -bm25(studies_fts, 10.0, 5.0, 2.0, "
        "1.0, 3.0, 3.0) AS score FROM studies_fts JOIN studies s ON s.seq = studies_fts.rowid "
        "WHERE studies_fts MATCH ?{}) SELECT {}, h.score, (SELECT count(*) FROM hits) AS total "
        "FROM hits h JOIN studies s ON s.seq = h.seq ORDER BY h.score DESC, s.seq{}",
        where, kHitColumns, page);
    params.push_back(match);
    params.insert(params.end(), filter_params.begin(), filter_params.end());
  }
  auto rows = db.Query(sql, params);
  if (!rows) return tl::unexpected(rows.error());

  SearchPage out;
  std::vector<std::string> ids, seqs;
  std::map<std::string, std::string> abstracts;
  for (const auto& r : rows->rows) {
    SearchHit hit;
    hit.id = Str(r, 1);
    hit.title = Str(r, 2);
    hit.title_segments = {{hit.title, false}};
    hit.journal = Str(r, 3);
    hit.year = OptInt(r, 4);
    hit.month = OptInt(r, 5);
    hit.tldr = Str(r, 6);
    hit.study_type = Str(r, 7);
    hit.source = Str(r, 8);
    hit.snippet = {{Lead(hit.tldr.empty() ? Str(r, 9) : hit.tldr, 40), false}};
    hit.score = Double(r, 10);
    out.total = OptInt(r, 11).value_or(0);
    ids.push_back(hit.id);
    seqs.push_back(Str(r, 0));
    out.hits.push_back(std::move(hit));
  }
  if (!count_sql.empty()) {
    auto counted = db.Query(count_sql, {match});
    if (!counted) return tl::unexpected(counted.error());
    out.total = counted->rows.empty() ? 0 : OptInt(counted->rows[0], 0).value_or(0);
  } else if (out.hits.empty() && q.offset > 0) {
    // The total of a page past the end.
    auto count_rows =
        db.Query(std::string(sql.substr(0, sql.rfind(" LIMIT "))) + " LIMIT 1", params);
    if (count_rows && !count_rows->rows.empty()) {
      out.total = OptInt(count_rows->rows[0], 11).value_or(0);
    }
  }
  if (out.hits.empty()) return out;

  // Authors of the page's studies.
  auto items = ListItems(ids);
  if (!items) return tl::unexpected(items.error());
  std::map<std::string, std::string> authors;
  for (const auto& item : *items) authors[item.id] = item.authors;
  for (auto& hit : out.hits) hit.authors = authors[hit.id];
  if (!has_text) return out;

  // Highlighted title and snippet for the page's studies.
  const std::string open(kMarkOpen), close(kMarkClose);
  std::vector<SqlValue> snippet_params;
  std::string snippet_sql;
  if (postgres) {
    const std::string options = fmt::format(
        "StartSel=\"{}\", StopSel=\"{}\", MaxWords=35, MinWords=15, MaxFragments=1, "
        "FragmentDelimiter=\" … \"",
        open, close);
    snippet_sql = fmt::format(
        "SELECT s.seq, ts_headline('english', s.title, q.query, ?), ts_headline('english', CASE "
        "WHEN to_tsvector('english', s.tldr) @@ q.query THEN s.tldr WHEN to_tsvector('english', "
        "s.summary) @@ q.query THEN s.summary WHEN s.abstract <> '' THEN s.abstract ELSE s.tldr "
        "END, q.query, ?) FROM studies s, to_tsquery('english', ?) AS q(query) WHERE s.seq IN "
        "({})",
        Placeholders(seqs.size()));
    snippet_params = {
        fmt::format("HighlightAll=true, StartSel=\"{}\", StopSel=\"{}\"", open, close), options,
        match};
  } else {
    snippet_sql = fmt::format(
        "SELECT rowid, highlight(studies_fts, 0, ?, ?), snippet(studies_fts, 1, ?, ?, '…', 32), "
        "snippet(studies_fts, 2, ?, ?, '…', 32), snippet(studies_fts, 3, ?, ?, '…', 32) FROM "
        "studies_fts WHERE studies_fts MATCH ? AND rowid IN ({})",
        Placeholders(seqs.size()));
    snippet_params = {open, close, open, close, open, close, open, close, match};
  }
  for (const auto& s : seqs) snippet_params.push_back(s);
  auto snippets = db.Query(snippet_sql, snippet_params);
  if (!snippets) return tl::unexpected(snippets.error());
  std::map<std::string, std::pair<std::string, std::string>> by_seq;
  for (const auto& r : snippets->rows) {
    std::string snippet;
    if (postgres) {
      snippet = Str(r, 2);
    } else {
      for (std::size_t c = 2; c <= 4 && snippet.empty(); ++c) {
        if (HasMark(Str(r, c))) snippet = Str(r, c);
      }
    }
    by_seq[Str(r, 0)] = {Str(r, 1), snippet};
  }
  for (std::size_t i = 0; i < out.hits.size(); ++i) {
    auto it = by_seq.find(seqs[i]);
    if (it == by_seq.end()) continue;
    if (!it->second.first.empty()) out.hits[i].title_segments = Segments(it->second.first);
    if (HasMark(it->second.second)) out.hits[i].snippet = Segments(it->second.second);
  }
  return out;
}

Result<StarterReport> ImportStarterLibrary(EvidenceLibrary& library, const Actor& actor,
                                           const std::filesystem::path& evidence_dir) {
  StarterReport report;
  ImportOptions options;
  options.format = ImportFormat::kCslJson;
  options.source_prefix = "starter";
  auto imported = library.ImportFile(actor, evidence_dir / "starter-library.csl.json", options);
  if (!imported) return tl::unexpected(imported.error());
  report.import = std::move(*imported);
  auto notes = library.ImportAnnotations(actor, evidence_dir / "starter-summaries.json");
  if (!notes) return tl::unexpected(notes.error());
  report.annotations = std::move(*notes);
  return report;
}

}  // namespace tricholog::evidence
