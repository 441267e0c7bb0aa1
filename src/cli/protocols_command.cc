// `tricholog protocols list|show`: the treatment protocols in DataDir()/protocols.
// Output is documented in docs/protocols.md.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "app/protocol_catalog.h"
#include "cli/command_context.h"
#include "core/protocol.h"

namespace tricholog::cli {
namespace {

std::string DoseText(const Regimen& g) {
  if (!g.dose) return "dose set by the prescriber";
  const Dose& d = *g.dose;
  std::string text = fmt::format("{}", d.amount);
  if (d.amount_max) text += fmt::format(" to {}", *d.amount_max);
  text += " " + d.unit;
  if (d.times_per_day) {
    text +=
        *d.times_per_day == 1 ? " once daily" : fmt::format(" {} times daily", *d.times_per_day);
  } else if (d.every_weeks) {
    text += *d.every_weeks == 1 ? " every week" : fmt::format(" every {}", *d.every_weeks);
    if (d.every_weeks_max) text += fmt::format(" to {}", *d.every_weeks_max);
    if (*d.every_weeks > 1 || d.every_weeks_max) text += " weeks";
  }
  return text;
}

void PrintList(std::ostream& out, const std::vector<Protocol>& catalog) {
  out << fmt::format("{:<16} {:<16} {:<14} {}\n", "ID", "CLASS", "AA LABEL", "NAME");
  for (const Protocol& p : catalog) {
    out << fmt::format("{:<16} {:<16} {:<14} {}\n", p.id, TreatmentClassName(p.treatment_class),
                       LabelStatusKindName(p.Label(Condition::kAlopeciaAreata).status), p.name);
  }
}

void PrintProtocol(std::ostream& out, const Protocol& p) {
  out << p.name << " [" << p.id << ", " << TreatmentClassName(p.treatment_class) << "]\n"
      << p.summary << "\n\nLabel status\n";
  for (const LabelStatus& l : p.labels) {
    std::string regions;
    for (const std::string& r : l.regions) regions += (regions.empty() ? " (" : ", ") + r;
    if (!regions.empty()) regions += ")";
    out << fmt::format("  {}: {}{}. {}\n", ConditionName(l.condition),
                       LabelStatusKindName(l.status), regions, l.note);
  }
  out << "\nDosing\n";
  for (const Regimen& g : p.dosing.regimens) {
    out << fmt::format("  {} ({}): ", g.population, g.route);
    if (g.loading_dose_mg) {
      out << fmt::format("{} mg loading dose{}, then ", *g.loading_dose_mg,
                         g.loading_note.empty() ? "" : " (" + g.loading_note + ")");
    }
    out << DoseText(g) << ".";
    if (!g.note.empty()) out << " " << g.note;
    out << "\n";
  }
  for (const std::string& note : p.dosing.notes) out << "  - " << note << "\n";
  out << "\nDecision weeks\n";
  for (const DecisionWeek& d : p.decision_weeks)
    out << fmt::format("  week {}: {}\n", d.week, d.reason);
  out << "\nWhat to expect\n";
  for (const PhaseRule& r : p.phases) {
    const std::string end = r.span.end_week ? fmt::format("{}", *r.span.end_week) : "";
    out << fmt::format("  {} (weeks {}-{}, sessions every {}-{} weeks): {}\n",
                       TimelinePhaseName(r.span.phase), r.span.start_week, end,
                       r.min_interval_weeks, r.max_interval_weeks, r.guidance);
  }
  out << "\nSide effects asked about at each session\n";
  for (const SideEffectQuestion& q : p.side_effects) {
    const std::string code = q.meddra_code.empty() ? "" : " [MedDRA " + q.meddra_code + "]";
    out << fmt::format("  {}{}: {}\n", q.ctcae_term, code, q.question);
  }
  if (!p.labs.empty()) out << "\nLab monitoring\n";
  for (const LabCheck& lab : p.labs) {
    std::string weeks;
    for (int w : lab.weeks) weeks += (weeks.empty() ? "" : ", ") + std::to_string(w);
    out << fmt::format("  {}: week {}{}. {}\n", lab.test, weeks,
                       lab.then_routinely ? ", then routinely" : "", lab.note);
  }
  out << "\nEvidence\n";
  for (const Citation& c : p.evidence) {
    out << "  " << c.authors << ". " << c.title << ".";
    if (!c.journal.empty()) out << " " << c.journal;
    if (c.year != 0) out << " " << c.year;
    if (!c.details.empty()) out << ";" << c.details;
    if (!c.pmid.empty()) out << " PMID " << c.pmid;
    if (!c.pmcid.empty()) out << " " << c.pmcid;
    if (!c.doi.empty()) out << " doi:" << c.doi;
    if (!c.nct.empty()) out << " " << c.nct;
    if (!c.url.empty()) out << " " << c.url;
    out << "\n";
  }
  out << "\nTricholog informs; it does not diagnose or prescribe. Talk to your dermatologist "
         "before "
         "changing a treatment.\n";
}

}  // namespace

void RegisterProtocolsCommand(CLI::App& app, CommandContext& context) {
  CLI::App* group = app.add_subcommand("protocols", "List or show the treatment protocols");
  group->require_subcommand(1);

  CLI::App* list =
      group->add_subcommand("list", "List the installed protocols (id, class, AA label status)");
  auto list_json = std::make_shared<bool>(false);
  list->add_flag("--json", *list_json, "Print JSON instead of a table");
  list->callback([&context, list_json] {
    const auto catalog = app::LoadProtocolCatalog(context.DataDir() / "protocols");
    if (!catalog) return context.Fail(catalog.error());
    if (!*list_json) return PrintList(context.out, *catalog);
    nlohmann::json rows = nlohmann::json::array();
    for (const Protocol& p : *catalog) {
      rows.push_back(
          {{"id", p.id},
           {"name", p.name},
           {"class", TreatmentClassName(p.treatment_class)},
           {"aa_label", LabelStatusKindName(p.Label(Condition::kAlopeciaAreata).status)},
           {"ad_label", LabelStatusKindName(p.Label(Condition::kAtopicDermatitis).status)}});
    }
    context.PrintJson(rows);
  });

  CLI::App* show = group->add_subcommand("show", "Show one protocol in full");
  auto name = std::make_shared<std::string>();
  auto show_json = std::make_shared<bool>(false);
  show->add_option("NAME", *name, "Protocol id, e.g. dupilumab")->required();
  show->add_flag("--json", *show_json,
                 "Print the parsed protocol as JSON (the file format, defaults filled in)");
  show->callback([&context, name, show_json] {
    const auto catalog = app::LoadProtocolCatalog(context.DataDir() / "protocols");
    if (!catalog) return context.Fail(catalog.error());
    const auto protocol = app::FindProtocol(*catalog, *name);
    if (!protocol) return context.Fail(protocol.error());
    if (*show_json) return context.PrintJson(ProtocolToJson(*protocol));
    PrintProtocol(context.out, *protocol);
  });
}

}  // namespace tricholog::cli
