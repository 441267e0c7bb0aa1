// `tricholog decision add|list`: a clinician's decision about a course (schema v9) — continue
// it, stop it or change treatment, with the reason — recorded and listed as the local admin
// (the CLI's operator), audited like every store call. A patient cannot record one: in the web
// app that is the physician's act (store::Store::RecordDecision).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "cli/command_context.h"
#include "store/open_store.h"
#include "store/store.h"

namespace tricholog::cli {
namespace {

using store::Actor;

struct DecisionOptions {
  std::string db_url;
  std::string patient;
  std::string course;
  std::string on;
  std::optional<int> week;
  std::string decision;
  std::string reason;
  bool json = false;
};

void AddDbOption(CLI::App* command, DecisionOptions& options) {
  command->add_option("--db", options.db_url,
                      "Store: sqlite:PATH or postgresql://USER@HOST:PORT/DB (default: " +
                          store::DefaultDbUrl() + ")");
}

Result<std::unique_ptr<store::Store>> OpenExisting(const std::string& db_url) {
  auto location = store::ParseDbLocation(db_url.empty() ? store::DefaultDbUrl() : db_url);
  if (!location) return tl::unexpected(location.error());
  return store::OpenStore(*location, store::StoreOptions{}, store::OpenMode::kMustExist);
}

nlohmann::json DecisionJson(const store::Decision& d) {
  return {{"id", d.id},
          {"patient_id", d.patient_id},
          {"course_id", d.course_id},
          {"decided_on", d.decided_on.ToString()},
          {"week", d.week ? nlohmann::json(*d.week) : nlohmann::json()},
          {"decision", d.decision},
          {"reason", d.reason},
          {"decided_by", d.decided_by},
          {"recorded_at", d.recorded_at}};
}

std::string WeekText(const std::optional<int>& week) {
  return week ? fmt::format("week {}", *week) : std::string("week -");
}

void RegisterAdd(CLI::App& group, CommandContext& context) {
  auto options = std::make_shared<DecisionOptions>();
  auto* cmd = group.add_subcommand(
      "add", "Record a decision about a course: continue, stop or change_treatment, and why");
  AddDbOption(cmd, *options);
  cmd->add_option("--patient", options->patient, "Patient id")->required();
  cmd->add_option("--course", options->course, "Course id (one of the patient's)")->required();
  cmd->add_option("--on", options->on, "Date of the decision, YYYY-MM-DD")->required();
  cmd->add_option("--week", options->week,
                  "Weeks since the course started (0 to 520), e.g. the protocol's decision week");
  cmd->add_option("--decision", options->decision, "continue, stop or change_treatment")
      ->required();
  cmd->add_option("--reason", options->reason, "Why (1 to 2000 bytes)")->required();
  cmd->add_flag("--json", options->json, "Print the recorded decision as JSON");
  cmd->callback([&context, options] {
    auto on = Date::Parse(options->on, "on");
    if (!on) return context.Fail(on.error());
    store::Decision d{"",
                      options->patient,
                      options->course,
                      *on,
                      options->week,
                      options->decision,
                      options->reason,
                      "",
                      ""};
    // The checks that need no store first, so a mistyped value never opens (or locks) it.
    if (auto valid = store::Validate(d); !valid) return context.Fail(valid.error());
    auto opened = OpenExisting(options->db_url);
    if (!opened) return context.Fail(opened.error());
    auto recorded = (*opened)->RecordDecision(Actor::LocalAdmin(), d);
    if (!recorded) return context.Fail(recorded.error());
    if (options->json) return context.PrintJson({{"decision", DecisionJson(*recorded)}});
    context.out << fmt::format("recorded decision {}: {} course {} on {} ({})\n", recorded->id,
                               recorded->decision, recorded->course_id,
                               recorded->decided_on.ToString(), WeekText(recorded->week));
  });
}

void RegisterList(CLI::App& group, CommandContext& context) {
  auto options = std::make_shared<DecisionOptions>();
  auto* cmd = group.add_subcommand("list", "List a patient's decisions, oldest first");
  AddDbOption(cmd, *options);
  cmd->add_option("--patient", options->patient, "Patient id")->required();
  cmd->add_flag("--json", options->json, "Print the decisions as JSON");
  cmd->callback([&context, options] {
    auto opened = OpenExisting(options->db_url);
    if (!opened) return context.Fail(opened.error());
    auto decisions = (*opened)->ListDecisions(Actor::LocalAdmin(), options->patient);
    if (!decisions) return context.Fail(decisions.error());
    if (options->json) {
      nlohmann::json list = nlohmann::json::array();
      for (const store::Decision& d : *decisions) list.push_back(DecisionJson(d));
      return context.PrintJson({{"patient_id", options->patient}, {"decisions", list}});
    }
    if (decisions->empty()) {
      context.out << "no decisions recorded for patient " << options->patient << "\n";
      return;
    }
    for (const store::Decision& d : *decisions) {
      context.out << fmt::format("{}  {:<8} {:<16} course {}  by {}\n    {}\n",
                                 d.decided_on.ToString(), WeekText(d.week), d.decision, d.course_id,
                                 d.decided_by, d.reason);
    }
  });
}

}  // namespace

void RegisterDecisionCommand(CLI::App& app, CommandContext& context) {
  auto* group = app.add_subcommand(
      "decision",
      "A clinician's decisions about a course: add (continue, stop, change_treatment) "
      "and list");
  group->require_subcommand(1);
  RegisterAdd(*group, context);
  RegisterList(*group, context);
}

}  // namespace tricholog::cli
