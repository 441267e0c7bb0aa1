// `tricholog chart salt|easi|itch|zones --in FILE.json --out FILE.svg [--width PX]`: draws one
// of the tracking charts as SVG (or, with --format html, as a figure with its caption and data
// table) from a chart input document. Input and output are documented in docs/charts.md.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "chart/chart_json.h"
#include "chart/chart_svg.h"
#include "chart/chart_text.h"
#include "cli/command_context.h"

namespace tricholog::cli {
namespace {

struct ChartArgs {
  std::string kind;
  std::string input_path;
  std::string out;
  int width = 640;
  std::string today;
  std::string format = "svg";
};

void RunChart(const ChartArgs& args, CommandContext& context) {
  // Refused before anything is read: the output never lands on the input, a device, FIFO or link.
  const auto inputs = InputFiles({args.input_path}, "the input file");
  if (auto ok = io::CheckOutputPath(args.out, inputs, "out"); !ok) return context.Fail(ok.error());
  auto kind = chart::ParseChartKind(args.kind);
  if (!kind) return context.Fail(kind.error());
  std::optional<Date> today;
  if (!args.today.empty()) {
    auto parsed = Date::Parse(args.today, "--today");
    if (!parsed) return context.Fail(parsed.error());
    today = *parsed;
  }
  auto json = ReadJsonInput(args.input_path);
  if (!json) return context.Fail(json.error());
  auto document = chart::ChartDocumentFromJson(*json, today);
  if (!document) return context.Fail(document.error());
  auto spec = chart::BuildChart(*kind, *document);
  if (!spec) return context.Fail(spec.error());
  chart::RenderOptions options;
  options.width_px = args.width;
  options.id = args.kind + "-chart";
  auto text = args.format == "html" ? chart::RenderFigureHtml(*spec, options)
                                    : chart::RenderSvg(*spec, options);
  if (!text) return context.Fail(text.error());
  const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(text->data()),
                                            text->size());
  if (auto written = WriteOutputFile(args.out, bytes, inputs, "out"); !written) {
    return context.Fail(written.error());
  }
  context.out << chart::DescribeChart(*spec) << '\n'
              << fmt::format("wrote {} ({} bytes, {} px wide)\n", args.out, text->size(),
                             args.width);
}

}  // namespace

void RegisterChartCommand(CLI::App& app, CommandContext& context) {
  auto args = std::make_shared<ChartArgs>();
  CLI::App* cmd = app.add_subcommand(
      "chart",
      "Draw a tracking chart as SVG: SALT, EASI, itch or density by zone over weeks on "
      "treatment (docs/charts.md)");
  cmd->add_option("CHART", args->kind, "salt, easi, itch or zones")
      ->required()
      ->check(CLI::IsMember({"salt", "easi", "itch", "zones"}));
  cmd->add_option("--in,--input", args->input_path,
                  "Chart input JSON: an assess input plus events, awaiting_confirmation and "
                  "zone_densities ('-' for standard input)")
      ->required();
  cmd->add_option("--out", args->out, "Where to write the SVG (or HTML)")->required();
  cmd->add_option("--width", args->width,
                  fmt::format("Width in pixels, {} to {} (default 640; 360 phone, 680 A4, 1280 "
                              "desktop)",
                              chart::kMinWidthPx, chart::kMaxWidthPx));
  cmd->add_option("--today", args->today, "Assess at this date, YYYY-MM-DD (default: \"today\")");
  cmd->add_option("--format", args->format,
                  "svg (default), or html: the SVG in a <figure> with its caption and data table")
      ->check(CLI::IsMember({"svg", "html"}));
  cmd->callback([args, &context] { RunChart(*args, context); });
}

}  // namespace tricholog::cli
