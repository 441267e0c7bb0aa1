// `tricholog evidence related ID [--json] [--signal text|terms|citations|blend] [--limit N]
// [--no-cutoff]`: the studies related to one study of the library, best first, each with the
// reasons it was suggested (evidence/related.h). ID is the library id or any key the library
// resolves (starter:<csl id>, pmid:…, doi:…). Below the relevance cut-off nothing is listed.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "cli/command_context.h"
#include "evidence/library.h"
#include "evidence/related.h"
#include "store/open_store.h"
#include "store/store.h"

namespace tricholog::cli {
namespace {

struct RelatedArgs {
  std::string db_url;
  std::string id;
  std::string signal = "blend";
  int limit = 10;
  bool no_cutoff = false;
  bool json = false;
};

nlohmann::json RelatedJson(const evidence::RelatedStudy& s) {
  nlohmann::json ranks = nlohmann::json::object(), similarity = nlohmann::json::object();
  for (auto signal : {evidence::RelatedSignal::kText, evidence::RelatedSignal::kTerms,
                      evidence::RelatedSignal::kCitations}) {
    const int i = static_cast<int>(signal);
    const std::string name(evidence::RelatedSignalName(signal));
    ranks[name] = s.ranks[i] > 0 ? nlohmann::json(s.ranks[i]) : nlohmann::json();
    similarity[name] = s.similarity[i];
  }
  return {{"id", s.id},
          {"title", s.title},
          {"journal", s.journal},
          {"year", s.year ? nlohmann::json(*s.year) : nlohmann::json()},
          {"score", s.score},
          {"ranks", ranks},
          {"similarity", similarity},
          {"reasons", s.reasons}};
}

void Run(const RelatedArgs& args, CommandContext& context) {
  evidence::RelatedOptions options;
  options.limit = args.limit;
  options.apply_cutoff = !args.no_cutoff;
  if (args.signal != "blend") {
    options.signal = evidence::ParseRelatedSignal(args.signal);
    if (!options.signal) {
      return context.Fail(Error{ErrorCode::kInvalidArgument,
                                Quote(args.signal) + " is not text, terms, citations or blend",
                                "signal"});
    }
  }
  auto location = store::ParseDbLocation(args.db_url.empty() ? store::DefaultDbUrl() : args.db_url);
  if (!location) return context.Fail(location.error());
  auto opened = store::OpenStore(*location, store::StoreOptions{}, store::OpenMode::kMustExist);
  if (!opened) return context.Fail(opened.error());
  store::Store& store = **opened;
  std::string id = args.id;
  auto related = evidence::RelatedStudies(store, id, options);
  if (!related && related.error().code == ErrorCode::kNotFound) {
    // Not a library id: a starter key, PMID or DOI the library resolves.
    evidence::EvidenceLibrary library(store);
    auto found = library.FindStudy(args.id);
    if (found && *found) {
      id = **found;
      related = evidence::RelatedStudies(store, id, options);
    }
  }
  if (!related) return context.Fail(related.error());
  if (args.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& s : *related) list.push_back(RelatedJson(s));
    return context.PrintJson({{"study_id", id},
                              {"signal", args.signal},
                              {"cutoff", options.apply_cutoff},
                              {"related", list}});
  }
  if (related->empty()) {
    context.out << fmt::format("no related research for {} above the relevance cut-off\n", id);
    return;
  }
  context.out << fmt::format("Related research for {} ({} result{}, {}):\n", id, related->size(),
                             related->size() == 1 ? "" : "s", args.signal);
  int n = 0;
  for (const auto& s : *related) {
    std::string where = s.journal;
    if (s.year)
      where = where.empty() ? std::to_string(*s.year) : fmt::format("{} {}", *s.year, where);
    context.out << fmt::format("{:>2}. {}\n    {}{}{}\n", ++n, s.title, where,
                               where.empty() ? "" : " · ", s.id);
    if (!s.reasons.empty()) {
      std::string why;
      for (const auto& r : s.reasons) why += (why.empty() ? "" : "; ") + r;
      context.out << "    why: " << why << "\n";
    }
  }
}

}  // namespace

// Adds `related` to the `evidence` group, creating the group when no command registered it
// yet (the library's `evidence` commands register it first in RegisterCommands).
void RegisterEvidenceRelatedCommand(CLI::App& app, CommandContext& context) {
  CLI::App* group = nullptr;
  try {
    group = app.get_subcommand("evidence");
  } catch (const CLI::OptionNotFound&) {
    group = app.add_subcommand("evidence", "The evidence library: studies and related research");
    group->require_subcommand(1);
  }
  auto args = std::make_shared<RelatedArgs>();
  CLI::App* cmd = group->add_subcommand(
      "related", "Studies related to one study, with the reasons; none below the cut-off");
  cmd->add_option("ID", args->id, "Study id, starter:<csl id>, pmid:… or doi:…")->required();
  cmd->add_option("--db", args->db_url,
                  "Store: sqlite:PATH or postgresql://USER@HOST:PORT/DB (default: " +
                      store::DefaultDbUrl() + ")");
  cmd->add_option("--signal", args->signal, "text, terms, citations or blend (default)")
      ->check(CLI::IsMember({"text", "terms", "citations", "blend"}));
  cmd->add_option("--limit", args->limit, "At most N results (1 to 100, default 10)")
      ->check(CLI::Range(1, 100));
  cmd->add_flag("--no-cutoff", args->no_cutoff,
                "List every candidate, also those below the relevance cut-off");
  cmd->add_flag("--json", args->json, "Print the results as JSON");
  cmd->callback([args, &context] { Run(*args, context); });
}

}  // namespace tricholog::cli
