// `tricholog evidence import|search|show`: the evidence library (issue 20) from the command
// line, as the local admin (the CLI's operator). Import reads PubMed XML, MEDLINE, RIS, BibTeX
// and CSL-JSON (evidence/library.h: one transaction per file, duplicates merged, malformed
// records listed with their line); search is the library's ranked full-text search; show prints
// one study with its reference list and the studies that cite it.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "cli/command_context.h"
#include "evidence/library.h"
#include "store/open_store.h"
#include "store/store.h"

namespace tricholog::cli {
namespace {

using evidence::EvidenceLibrary;
using store::Actor;

std::string DbHelp() {
  return "Store: sqlite:PATH or postgresql://USER@HOST:PORT/DB (default: " + store::DefaultDbUrl() +
         ")";
}

Result<std::unique_ptr<store::Store>> OpenDb(const std::string& db_url, store::OpenMode mode) {
  auto location = store::ParseDbLocation(db_url.empty() ? store::DefaultDbUrl() : db_url);
  if (!location) return tl::unexpected(location.error());
  return store::OpenStore(*location, store::StoreOptions{}, mode);
}

nlohmann::json OptionalInt(const std::optional<int>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

nlohmann::json SegmentsJson(const std::vector<evidence::TextSegment>& segments) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : segments) out.push_back({{"text", s.text}, {"highlighted", s.highlighted}});
  return out;
}

// Segments as plain text with the matches in [brackets] (a terminal has no bold we can rely on).
std::string Marked(const std::vector<evidence::TextSegment>& segments) {
  std::string out;
  for (const auto& s : segments) out += s.highlighted ? "[" + s.text + "]" : s.text;
  return out;
}

nlohmann::json ListItemJson(const evidence::StudyListItem& item) {
  return {{"id", item.id},
          {"title", item.title},
          {"journal", item.journal},
          {"year", OptionalInt(item.year)},
          {"month", OptionalInt(item.month)},
          {"authors", item.authors},
          {"tldr", item.tldr},
          {"study_type", item.study_type},
          {"source", item.source}};
}

nlohmann::json ImportReportJson(const evidence::ImportReport& r) {
  nlohmann::json skipped = nlohmann::json::array();
  for (const auto& s : r.skipped) skipped.push_back({{"line", s.line}, {"message", s.message}});
  return {{"file", r.file},
          {"format", r.format},
          {"added", r.added},
          {"merged", r.merged},
          {"skipped", skipped}};
}

void PrintImportReport(CommandContext& context, const evidence::ImportReport& r) {
  context.out << fmt::format(
      "{} ({}): {} added, {} merged with studies already in the library, "
      "{} skipped\n",
      r.file, r.format, r.added, r.merged, r.skipped.size());
  for (const auto& s : r.skipped) {
    context.out << fmt::format("  skipped {}: {}\n",
                               s.line > 0 ? fmt::format("line {}", s.line) : "record", s.message);
  }
}

struct ImportOptions {
  std::string db_url;
  std::vector<std::string> files;
  std::string annotations;
  std::string format;
  bool starter = false;
  bool json = false;
};

void RegisterImport(CLI::App& group, CommandContext& context) {
  auto options = std::make_shared<ImportOptions>();
  auto* cmd = group.add_subcommand(
      "import",
      "Import studies from PubMed XML, MEDLINE (.nbib), RIS, BibTeX or CSL-JSON files; each file "
      "is one transaction, duplicates (PMID, DOI, title) are merged");
  cmd->add_option("--db", options->db_url, DbHelp());
  cmd->add_option("files", options->files, "Files to import (format detected from the content)");
  cmd->add_option("--annotations", options->annotations,
                  "A summaries file (starter-summaries.json layout): the project's TLDR, summary, "
                  "tags and citations, applied after the files");
  cmd->add_option("--format", options->format,
                  "pubmed_xml, medline, ris, bibtex or csl_json (default: detected)");
  cmd->add_flag("--starter", options->starter,
                "The files are the starter library: CSL-JSON ids become source keys "
                "starter:<id>; without FILES, import the shipped starter library and summaries");
  cmd->add_flag("--json", options->json, "Print the import reports as JSON");
  cmd->callback([&context, options] {
    std::optional<evidence::ImportFormat> format;
    if (!options->format.empty()) {
      auto parsed = evidence::ParseImportFormat(options->format, "--format");
      if (!parsed) return context.Fail(parsed.error());
      format = *parsed;
    }
    if (options->files.empty() && !options->starter && options->annotations.empty()) {
      return context.Fail(
          {ErrorCode::kMissingField, "name at least one file to import (or --starter)", "files"});
    }
    auto opened = OpenDb(options->db_url, store::OpenMode::kCreate);
    if (!opened) return context.Fail(opened.error());
    EvidenceLibrary library(**opened);
    const Actor admin = Actor::LocalAdmin();
    nlohmann::json reports = nlohmann::json::array();
    std::vector<std::string> files = options->files;
    std::string annotations = options->annotations;
    if (files.empty() && options->starter) {
      const auto dir = context.DataDir() / "evidence";
      files.push_back((dir / "starter-library.csl.json").string());
      if (annotations.empty()) annotations = (dir / "starter-summaries.json").string();
    }
    for (const std::string& file : files) {
      evidence::ImportOptions import_options;
      import_options.format = format;
      if (options->starter) import_options.source_prefix = "starter";
      auto last = std::chrono::steady_clock::now();
      import_options.progress = [&](std::size_t done, std::size_t total) {
        // Large files only, at most about once a second.
        if (total < 2000) return;
        const auto now = std::chrono::steady_clock::now();
        if (done != total && now - last < std::chrono::seconds(1)) return;
        last = now;
        context.err << fmt::format("evidence import: {}: {}/{} records\n", file, done, total);
      };
      auto report = library.ImportFile(admin, file, import_options);
      if (!report) {
        Error e = report.error();
        if (e.field == "file" || e.field.empty()) e.field = file;
        return context.Fail(e);
      }
      if (options->json) {
        reports.push_back(ImportReportJson(*report));
      } else {
        PrintImportReport(context, *report);
      }
    }
    nlohmann::json annotated;
    if (!annotations.empty()) {
      auto notes = library.ImportAnnotations(admin, annotations);
      if (!notes) {
        Error e = notes.error();
        e.field = "--annotations" + (e.field.empty() || e.field == "file" ? "" : ": " + e.field);
        return context.Fail(e);
      }
      annotated = {
          {"file", notes->file}, {"annotated", notes->annotated}, {"unknown", notes->unknown}};
      if (!options->json) {
        context.out << fmt::format("{}: {} studies annotated", notes->file, notes->annotated);
        if (!notes->unknown.empty()) {
          context.out << fmt::format(", {} keys name no study in the library:",
                                     notes->unknown.size());
          for (const auto& k : notes->unknown) context.out << " " << k;
        }
        context.out << "\n";
      }
    }
    if (options->json) context.PrintJson({{"files", reports}, {"annotations", annotated}});
  });
}

struct SearchOptions {
  std::string db_url;
  std::string query;
  std::optional<int> year_from;
  std::optional<int> year_to;
  std::string condition;
  std::string treatment;
  std::string type;
  int limit = 10;
  int offset = 0;
  bool json = false;
};

// The library's field names as the command's options.
Error OptionError(Error e) {
  static const std::vector<std::pair<std::string, std::string>> kNames = {
      {"q", "QUERY"},
      {"year_from", "--year-from"},
      {"year_to", "--year-to"},
      {"condition", "--condition"},
      {"treatment", "--treatment"},
      {"type", "--type"},
      {"limit", "--limit"},
      {"offset", "--offset"}};
  for (const auto& [field, option] : kNames) {
    if (e.field == field) e.field = option;
  }
  return e;
}

void RegisterSearch(CLI::App& group, CommandContext& context) {
  auto options = std::make_shared<SearchOptions>();
  auto* cmd = group.add_subcommand(
      "search",
      "Search the library: words (all must match), \"phrases\", prefix*, OR, -exclude; drug "
      "brand names and abbreviations (Dupixent, AA, AD) match their concept");
  cmd->add_option("--db", options->db_url, DbHelp());
  cmd->add_option("query", options->query, "What to search for (may be empty with a filter)");
  cmd->add_option("--year-from", options->year_from, "Published in or after this year");
  cmd->add_option("--year-to", options->year_to, "Published in or before this year");
  cmd->add_option("--condition", options->condition, "alopecia_areata or atopic_dermatitis");
  cmd->add_option("--treatment", options->treatment,
                  "A treatment concept: dupilumab, baricitinib, ritlecitinib, deuruxolitinib, ...");
  cmd->add_option("--type", options->type,
                  "Study type: case_report, case_series, cohort, trial, review, meta_analysis, "
                  "guideline, definition, instrument, other");
  cmd->add_option("--limit", options->limit, "Results per page (1 to 100; default 10)");
  cmd->add_option("--offset", options->offset, "Results to skip (0 to 10000)");
  cmd->add_flag("--json", options->json, "Print the results as JSON (snippets as segments)");
  cmd->callback([&context, options] {
    evidence::SearchQuery q;
    q.text = options->query;
    q.year_from = options->year_from;
    q.year_to = options->year_to;
    q.condition = options->condition;
    q.treatment = options->treatment;
    q.study_type = options->type;
    q.limit = options->limit;
    q.offset = options->offset;
    auto opened = OpenDb(options->db_url, store::OpenMode::kMustExist);
    if (!opened) return context.Fail(opened.error());
    EvidenceLibrary library(**opened);
    auto page = library.Search(q);
    if (!page) return context.Fail(OptionError(page.error()));
    if (options->json) {
      nlohmann::json hits = nlohmann::json::array();
      for (const auto& h : page->hits) {
        hits.push_back({{"id", h.id},
                        {"title", h.title},
                        {"title_segments", SegmentsJson(h.title_segments)},
                        {"journal", h.journal},
                        {"year", OptionalInt(h.year)},
                        {"month", OptionalInt(h.month)},
                        {"authors", h.authors},
                        {"tldr", h.tldr},
                        {"study_type", h.study_type},
                        {"source", h.source},
                        {"snippet", SegmentsJson(h.snippet)},
                        {"score", h.score}});
      }
      return context.PrintJson({{"query", options->query},
                                {"total", page->total},
                                {"offset", options->offset},
                                {"hits", hits}});
    }
    if (page->hits.empty()) {
      context.out << fmt::format("no studies match ({} in all)\n", page->total);
      return;
    }
    context.out << fmt::format("{}-{} of {} studies\n", options->offset + 1,
                               options->offset + static_cast<int>(page->hits.size()), page->total);
    for (const auto& h : page->hits) {
      context.out << fmt::format("\n{}  {}\n", h.id, Marked(h.title_segments));
      const std::string when = evidence::DateInJournal(h.year, h.month, h.journal);
      context.out << fmt::format("    {}{}{}\n", h.authors,
                                 h.authors.empty() || when.empty() ? "" : " — ", when);
      if (!h.tldr.empty()) context.out << fmt::format("    TLDR: {}\n", h.tldr);
      const std::string snippet = Marked(h.snippet);
      if (!snippet.empty() && snippet != h.tldr) context.out << fmt::format("    {}\n", snippet);
    }
  });
}

struct ShowOptions {
  std::string db_url;
  std::string id;
  bool json = false;
};

void RegisterShow(CLI::App& group, CommandContext& context) {
  auto options = std::make_shared<ShowOptions>();
  auto* cmd = group.add_subcommand(
      "show",
      "Show one study: its facts, the project's TLDR and summary, the research it cites "
      "and the library studies that cite it");
  cmd->add_option("--db", options->db_url, DbHelp());
  cmd->add_option("id", options->id,
                  "A library id, pmid:N, doi:10.…, or a starter key (carnicle-2019-…)")
      ->required();
  cmd->add_flag("--json", options->json, "Print the study as JSON");
  cmd->callback([&context, options] {
    auto opened = OpenDb(options->db_url, store::OpenMode::kMustExist);
    if (!opened) return context.Fail(opened.error());
    EvidenceLibrary library(**opened);
    auto found = library.FindStudy(options->id);
    if (!found) return context.Fail(found.error());
    if (!*found) {
      return context.Fail({ErrorCode::kNotFound,
                           fmt::format("no study {} in the library", Quote(options->id)), "ID"});
    }
    auto study = library.GetStudy(**found);
    if (!study) return context.Fail(study.error());
    auto refs = library.References(study->id);
    if (!refs) return context.Fail(refs.error());
    auto cited_by = library.CitedBy(study->id);
    if (!cited_by) return context.Fail(cited_by.error());
    const evidence::Study& s = study->study;
    if (options->json) {
      nlohmann::json authors = nlohmann::json::array();
      for (const auto& a : s.authors) authors.push_back({{"family", a.family}, {"given", a.given}});
      nlohmann::json references = nlohmann::json::array();
      for (const auto& e : refs->entries) {
        references.push_back({{"position", e.position},
                              {"pmid", e.cited_pmid},
                              {"doi", e.cited_doi},
                              {"title", e.cited_title},
                              {"study", e.study ? ListItemJson(*e.study) : nlohmann::json()}});
      }
      nlohmann::json citing = nlohmann::json::array();
      for (const auto& c : *cited_by) citing.push_back(ListItemJson(c));
      return context.PrintJson(
          {{"id", study->id},
           {"pmid", s.pmid},
           {"doi", s.doi},
           {"pmcid", s.pmcid},
           {"title", s.title},
           {"journal", s.journal},
           {"year", OptionalInt(s.year)},
           {"month", OptionalInt(s.month)},
           {"date_in_journal", evidence::DateInJournal(s.year, s.month, s.journal)},
           {"authors", authors},
           {"authors_short", evidence::AuthorsShort(s.authors)},
           {"abstract", s.abstract},
           {"keywords", s.keywords},
           {"mesh_terms", s.mesh_terms},
           {"volume", s.volume},
           {"issue", s.issue},
           {"pages", s.pages},
           {"tldr", study->tldr},
           {"summary", study->summary},
           {"study_type", study->study_type},
           {"conditions", study->conditions},
           {"treatments", study->treatments},
           {"source", study->source},
           {"added_at", study->added_at},
           {"updated_at", study->updated_at},
           {"references",
            {{"resolved", refs->resolved}, {"total", refs->total}, {"items", references}}},
           {"cited_by", citing}});
    }
    context.out << s.title << "\n";
    const std::string when = evidence::DateInJournal(s.year, s.month, s.journal);
    if (!when.empty()) context.out << when << "\n";
    if (!s.authors.empty()) {
      std::string names;
      for (const auto& a : s.authors) {
        if (!names.empty()) names += ", ";
        names += a.given.empty() ? a.family : a.given + " " + a.family;
      }
      context.out << names << "\n";
    }
    std::string ids = "id " + study->id;
    if (!s.pmid.empty()) ids += "  PMID " + s.pmid;
    if (!s.doi.empty()) ids += "  DOI " + s.doi;
    if (!s.pmcid.empty()) ids += "  " + s.pmcid;
    context.out << ids << "\n";
    if (!study->tldr.empty()) context.out << "\nTLDR: " << study->tldr << "\n";
    if (!study->summary.empty()) context.out << "\n" << study->summary << "\n";
    if (study->tldr.empty() && !s.abstract.empty()) context.out << "\n" << s.abstract << "\n";
    context.out << fmt::format("\nResearch cited in this study ({} / {} results)\n", refs->resolved,
                               refs->total);
    for (const auto& e : refs->entries) {
      if (e.study) {
        context.out << fmt::format("  {}  {} ({})\n", e.study->id, e.study->title,
                                   e.study->year ? std::to_string(*e.study->year) : "-");
      } else {
        context.out << fmt::format("  -           {}\n", !e.cited_title.empty() ? e.cited_title
                                                         : !e.cited_pmid.empty()
                                                             ? "PMID " + e.cited_pmid
                                                             : "DOI " + e.cited_doi);
      }
    }
    if (!cited_by->empty()) {
      context.out << fmt::format("\nCited by ({})\n", cited_by->size());
      for (const auto& c : *cited_by) {
        context.out << fmt::format("  {}  {} ({})\n", c.id, c.title,
                                   c.year ? std::to_string(*c.year) : "-");
      }
    }
  });
}

}  // namespace

void RegisterEvidenceCommand(CLI::App& app, CommandContext& context) {
  auto* group =
      app.add_subcommand("evidence", "The evidence library: import studies, search them, show one");
  group->require_subcommand(1);
  RegisterImport(*group, context);
  RegisterSearch(*group, context);
  RegisterShow(*group, context);
}

}  // namespace tricholog::cli
