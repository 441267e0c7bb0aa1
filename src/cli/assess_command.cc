// `tricholog assess --input FILE.json [--today YYYY-MM-DD] [--json]`: judges whether a treatment
// course is working from its sessions and prints the assessment and alerts. The input and output
// formats are documented in docs/assessment.md.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cli/command_context.h"
#include "core/alerts.h"
#include "core/assessment_json.h"
#include "core/response_assessment.h"

namespace tricholog::cli {
namespace {

using nlohmann::json;

constexpr std::string_view kNotice = "Tricholog informs; it does not diagnose or prescribe.";

struct AssessOptions {
  std::string input_path;
  std::string today;
  bool json = false;
};

std::string Number(const std::optional<double>& value) {
  return value ? fmt::format("{:.1f}", *value) : std::string("-");
}

void PrintMeasure(std::ostream& out, const MeasureAssessment& m) {
  std::string verdict = std::string(ChangeDirectionName(m.direction));
  if (m.real) verdict += " (real change)";
  if (m.pending_confirmation) verdict += " (beyond noise once; needs one more session)";
  out << fmt::format("  {:<16} baseline {:>6}  latest {:>6}  change {:>6}  MDC95 {:.1f}  {}\n",
                     MeasureName(m.measure), Number(m.baseline),
                     Number(m.latest ? std::optional<double>(m.latest->value) : std::nullopt),
                     Number(m.change), m.mdc95, verdict);
  if (!m.thresholds_reached.empty()) {
    std::string names;
    for (const std::string& t : m.thresholds_reached) names += (names.empty() ? "" : ", ") + t;
    out << "  " << std::string(16, ' ') << " reached: " << names << '\n';
  }
}

void PrintHuman(std::ostream& out, const ResponseAssessment& a, const std::vector<Alert>& alerts) {
  out << fmt::format("Course: {} since {}; today {} is week {}", TreatmentClassName(a.treatment),
                     a.start_date.ToString(), a.today.ToString(), a.weeks_since_start);
  if (a.phase) out << fmt::format(" ({})", TimelinePhaseName(*a.phase));
  out << '\n';
  if (a.next_decision_week) {
    out << fmt::format("Next decision point: week {} ({})\n", *a.next_decision_week,
                       a.next_decision_date->ToString());
  }
  out << fmt::format("Response pattern: {}. {}\n", TrajectoryName(a.trajectory),
                     a.trajectory_reason);
  out << "Measures:\n";
  if (a.measures.empty()) out << "  (none recorded)\n";
  for (const MeasureAssessment& m : a.measures) PrintMeasure(out, m);
  bool any_to_confirm = false;
  for (const SessionViewCheck& check : a.view_checks) {
    for (const ViewChange& c : check.moved) {
      if (c.status != ViewChangeStatus::kToConfirm) continue;
      if (!any_to_confirm) out << "Photos to confirm (their session's SALT is unconfirmed):\n";
      any_to_confirm = true;
      out << fmt::format("  {} {}: {}\n", check.date.ToString(), SaltViewName(c.view), c.reason);
    }
  }
  out << "Alerts:\n";
  if (alerts.empty()) out << "  (none)\n";
  for (const Alert& alert : alerts) {
    out << fmt::format("  [{}] {}\n      {}\n", AlertSeverityName(alert.severity), alert.title,
                       alert.reason);
  }
  out << kNotice << '\n';
}

void RunAssess(const AssessOptions& options, CommandContext& context) {
  std::optional<Date> today;
  if (!options.today.empty()) {
    auto parsed = Date::Parse(options.today, "--today");
    if (!parsed) return context.Fail(parsed.error());
    today = *parsed;
  }
  auto document = ReadJsonInput(options.input_path);
  if (!document) return context.Fail(document.error());
  auto input = AssessmentInputFromJson(*document, today);
  if (!input) return context.Fail(input.error());
  auto assessment = AssessResponse(*input);
  if (!assessment) return context.Fail(assessment.error());
  const std::vector<Alert> alerts = BuildAlerts(*input, *assessment);
  if (options.json) {
    context.PrintJson(AssessmentToJson(*assessment, alerts));
  } else {
    PrintHuman(context.out, *assessment, alerts);
  }
}

}  // namespace

void RegisterAssessCommand(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<AssessOptions>();
  CLI::App* assess = app.add_subcommand(
      "assess",
      "Judge whether a treatment course is working: change beyond noise, clinical thresholds, "
      "timeline and alerts (docs/assessment.md)");
  assess
      ->add_option("--input", options->input_path,
                   "JSON file with the course and its sessions ('-' for standard input)")
      ->required();
  assess->add_option("--today", options->today,
                     "The date to assess at, YYYY-MM-DD (default: the input's \"today\")");
  assess->add_flag("--json", options->json, "Print JSON instead of text");
  assess->callback([options, &context] { RunAssess(*options, context); });
}

}  // namespace tricholog::cli
