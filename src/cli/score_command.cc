// `tricholog score`: clinical scores from flags (SALT) or small JSON files (EASI, itch NRS,
// POEM, DLQI). Input formats and output keys are documented in docs/cli-score.md.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/command_context.h"
#include "core/easi_score.h"
#include "core/error.h"
#include "core/patient_reported.h"
#include "core/salt_score.h"
#include "core/strict_json.h"

namespace tricholog::cli {
namespace {

using nlohmann::json;

constexpr std::string_view kNotice = "Tricholog informs; it does not diagnose or prescribe.";

// --- Reading JSON input ------------------------------------------------------------------

// A parsed input file and the name to cite in errors.
struct JsonInput {
  json value;
  std::string source;  // the path, or "standard input" for "-"
};

Result<JsonInput> ReadJsonInput(const std::string& path) {
  auto value = cli::ReadJsonInput(path);
  if (!value) return tl::unexpected(value.error());
  return JsonInput{std::move(*value), path == "-" ? "standard input" : path};
}

// Adds "(in FILE)" so that errors from a baseline file and a current file can be told apart.
Error InSource(Error error, const JsonInput& input) {
  error.message += " (in " + input.source + ")";
  return error;
}

std::string Join(std::initializer_list<std::string_view> names) {
  std::string joined;
  for (std::string_view name : names) joined += (joined.empty() ? "" : ", ") + std::string(name);
  return joined;
}

std::string Path(std::string_view parent, std::string_view key) {
  return parent.empty() ? std::string(key) : fmt::format("{}.{}", parent, key);
}

// Fails unless `value` is an object whose keys are all in `allowed` (catches "erythem").
Result<void> CheckObject(const json& value, std::string_view path,
                         std::initializer_list<std::string_view> allowed) {
  if (!value.is_object()) {
    return InvalidArgument(path.empty() ? "input" : std::string(path), "must be a JSON object");
  }
  for (const auto& item : value.items()) {
    bool known = false;
    for (std::string_view name : allowed) known = known || item.key() == name;
    if (!known) {
      return InvalidArgument(Path(path, item.key()),
                             "is not a known key; allowed: " + Join(allowed));
    }
  }
  return {};
}

Result<double> GetNumber(const json& value, std::string_view path) {
  if (!value.is_number()) return InvalidArgument(std::string(path), "must be a number");
  return value.get<double>();
}

// A whole number (4 and 4.0 both count) that fits an int, read at full width so that
// 4294967300 is an error rather than 4; the clinical range is left to the core's checks.
Result<int> GetInt(const json& value, std::string_view path) {
  auto number = GetNumber(value, path);
  if (!number) return tl::unexpected(number.error());
  if (*number != std::floor(*number)) {
    return InvalidArgument(std::string(path), fmt::format("{} is not a whole number", *number));
  }
  auto whole =
      JsonInteger(value, path, std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
  if (!whole) return tl::unexpected(whole.error());
  return static_cast<int>(*whole);
}

Result<const json*> Require(const json& object, std::string_view parent, std::string_view key) {
  const auto it = object.find(key);
  if (it == object.end()) return MissingField(Path(parent, key));
  return &*it;
}

template <typename T, typename Parse>
Result<std::vector<T>> GetArray(const json& value, std::string_view path, Parse parse) {
  if (!value.is_array()) return InvalidArgument(std::string(path), "must be a JSON array");
  std::vector<T> items;
  for (size_t i = 0; i < value.size(); ++i) {
    auto item = parse(value[i], fmt::format("{}[{}]", path, i));
    if (!item) return tl::unexpected(item.error());
    items.push_back(*item);
  }
  return items;
}

Result<DlqiAnswer> GetDlqiAnswer(const json& value, std::string_view path) {
  if (value.is_string()) {
    if (value.get<std::string>() == "not_relevant") return DlqiAnswer::NotRelevant();
    return InvalidArgument(std::string(path), "must be 0 to 3 or \"not_relevant\"");
  }
  auto score = GetInt(value, path);
  if (!score) return tl::unexpected(score.error());
  return DlqiAnswer{*score, false};
}

// --- EASI input --------------------------------------------------------------------------

Result<EasiRegionInput> ParseEasiRegion(const json& value, const std::string& path) {
  if (auto ok = CheckObject(value, path,
                            {"erythema", "induration", "excoriation", "lichenification",
                             "area_percent", "area_score"});
      !ok) {
    return tl::unexpected(ok.error());
  }
  EasiRegionInput region;
  for (auto [key, target] :
       {std::pair{"erythema", &region.erythema}, std::pair{"induration", &region.induration},
        std::pair{"excoriation", &region.excoriation},
        std::pair{"lichenification", &region.lichenification}}) {
    auto item = Require(value, path, key);
    if (!item) return tl::unexpected(item.error());
    auto number = GetNumber(**item, Path(path, key));
    if (!number) return tl::unexpected(number.error());
    *target = *number;
  }
  if (value.contains("area_percent")) {
    auto percent = GetNumber(value.at("area_percent"), Path(path, "area_percent"));
    if (!percent) return tl::unexpected(percent.error());
    region.area_percent = *percent;
  }
  if (value.contains("area_score")) {
    auto score = GetInt(value.at("area_score"), Path(path, "area_score"));
    if (!score) return tl::unexpected(score.error());
    region.area_score = *score;
  }
  return region;
}

// {"age_years": n, "regions": {...}, "baseline_total": n (optional)}.
Result<EasiInput> ParseEasiInput(const json& value, std::optional<double>* baseline_total) {
  if (auto ok = CheckObject(value, "", {"age_years", "regions", "baseline_total"}); !ok) {
    return tl::unexpected(ok.error());
  }
  EasiInput input;
  auto age = Require(value, "", "age_years").and_then([](const json* v) {
    return GetNumber(*v, "age_years");
  });
  if (!age) return tl::unexpected(age.error());
  input.age_years = *age;
  auto regions = Require(value, "", "regions");
  if (!regions) return tl::unexpected(regions.error());
  if (auto ok =
          CheckObject(**regions, "regions", {"head_neck", "upper_limbs", "trunk", "lower_limbs"});
      !ok) {
    return tl::unexpected(ok.error());
  }
  for (int i = 0; i < kEasiRegionCount; ++i) {
    const std::string_view name = EasiRegionName(static_cast<EasiRegion>(i));
    auto region_json = Require(**regions, "regions", name);
    if (!region_json) return tl::unexpected(region_json.error());
    auto region = ParseEasiRegion(**region_json, Path("regions", name));
    if (!region) return tl::unexpected(region.error());
    input.regions[static_cast<size_t>(i)] = *region;
  }
  if (baseline_total != nullptr && value.contains("baseline_total")) {
    auto total = GetNumber(value.at("baseline_total"), "baseline_total");
    if (!total) return tl::unexpected(total.error());
    *baseline_total = *total;
  }
  return input;
}

// --- Output helpers ----------------------------------------------------------------------

double RoundTo1(double value) { return std::round(value * 10.0) / 10.0; }
const char* YesNo(bool value) { return value ? "yes" : "no"; }

json PointChangeJson(const PointChange& change, json out) {
  out["improvement"] = change.improvement;
  out["responder_threshold"] = change.threshold;
  out["responder"] = change.responder;
  out["threshold_reachable"] = change.threshold_reachable;
  out["note"] = change.note.empty() ? json(nullptr) : json(change.note);
  return out;
}

std::string PointChangeText(const PointChange& change, std::string_view what) {
  const int points = std::abs(change.improvement);
  const std::string direction =
      change.improvement == 0
          ? "unchanged"
          : fmt::format("{} by {} point{}", change.improvement > 0 ? "improved" : "worse", points,
                        points == 1 ? "" : "s");
  std::string text = fmt::format("Versus baseline {}: {}; {} (>= {} points): {}\n", change.baseline,
                                 direction, what, change.threshold, YesNo(change.responder));
  if (!change.note.empty()) text += "Note: " + change.note + "\n";
  return text;
}

void Emit(CommandContext& context, bool as_json, json value, const std::string& text) {
  if (as_json) {
    value["notice"] = kNotice;
    context.PrintJson(value);
  } else {
    context.out << text << kNotice << '\n';
  }
}

// --- Subcommands -------------------------------------------------------------------------

struct SaltOptions {
  SaltRegionLoss loss;
  double baseline = 0;
  CLI::Option* baseline_option = nullptr;
  bool json = false;
};

void RunSalt(const SaltOptions& options, CommandContext& context) {
  auto score = ComputeSalt(options.loss);
  if (!score) return context.Fail(score.error());
  json out = {{"salt", score->salt},
              {"salt_rounded", RoundTo1(score->salt)},
              {"aa_iga", static_cast<int>(score->aa_iga)},
              {"aa_iga_label", AaIgaLabel(score->aa_iga)},
              {"severity", AaIgaSeverity(score->aa_iga)},
              {"olsen_s_class", OlsenSClassName(score->olsen_s_class)},
              {"salt_le_20", score->salt_le_20},
              {"salt_le_10", score->salt_le_10}};
  std::string text = fmt::format(
      "SALT {:.1f}: AA-IGA {} ({}), Olsen {}\nSALT <= 20: {}; SALT <= 10: {}\n", score->salt,
      static_cast<int>(score->aa_iga), AaIgaLabel(score->aa_iga),
      OlsenSClassName(score->olsen_s_class), YesNo(score->salt_le_20), YesNo(score->salt_le_10));
  if (options.baseline_option->count() > 0) {
    auto response = CompareSalt(options.baseline, score->salt);
    if (!response) return context.Fail(response.error());
    const auto& pct = response->percent_improvement;
    const auto flag = [&](bool value) { return pct ? json(value) : json(nullptr); };
    out["baseline"] = options.baseline;
    out["percent_improvement"] = pct ? json(*pct) : json(nullptr);
    out["salt30"] = flag(response->salt30);
    out["salt50"] = flag(response->salt50);
    out["salt75"] = flag(response->salt75);
    out["salt90"] = flag(response->salt90);
    out["salt100"] = flag(response->salt100);
    out["relative_response_reason"] =
        pct ? json(nullptr) : json(response->relative_response_reason);
    text += pct ? fmt::format(
                      "Versus baseline SALT {:.1f}: {:.1f} % improvement; SALT30 {}, "
                      "SALT50 {}, SALT75 {}, SALT90 {}, SALT100 {}\n",
                      options.baseline, *pct, YesNo(response->salt30), YesNo(response->salt50),
                      YesNo(response->salt75), YesNo(response->salt90), YesNo(response->salt100))
                : "Versus baseline: " + response->relative_response_reason + "\n";
  }
  Emit(context, options.json, std::move(out), text);
}

struct FileOptions {
  std::string input;
  std::string baseline_input;
  bool json = false;
};

Result<std::pair<EasiScore, std::optional<double>>> ScoreEasiFile(const std::string& path,
                                                                  bool allow_baseline_total) {
  auto input = ReadJsonInput(path);
  if (!input) return tl::unexpected(input.error());
  std::optional<double> baseline_total;
  auto score = ParseEasiInput(input->value, allow_baseline_total ? &baseline_total : nullptr)
                   .and_then(ComputeEasi);
  if (!score) return tl::unexpected(InSource(score.error(), *input));
  return std::pair{*score, baseline_total};
}

void RunEasi(const FileOptions& options, CommandContext& context) {
  auto current = ScoreEasiFile(options.input, true);
  if (!current) return context.Fail(current.error());
  const EasiScore& score = current->first;
  std::optional<double> baseline = current->second;
  if (!options.baseline_input.empty()) {
    if (baseline) {
      return context.Fail(InvalidArgument("baseline_total",
                                          "is given in the input and by --baseline-input; use one")
                              .value());
    }
    auto base = ScoreEasiFile(options.baseline_input, false);
    if (!base) return context.Fail(base.error());
    baseline = base->first.total;
  }
  json regions = json::object();
  std::string text =
      fmt::format("EASI {:.2f} ({}); {} weights\n", score.total, EasiSeverityName(score.severity),
                  score.child_weights ? "child (under 8 years)" : "age 8 and over");
  for (const EasiRegionScore& region : score.regions) {
    regions[std::string(EasiRegionName(region.region))] = {{"weight", region.weight},
                                                           {"sign_sum", region.sign_sum},
                                                           {"area_score", region.area_score},
                                                           {"contribution", region.contribution}};
    text += fmt::format("  {:<12} {:.1f} x signs {:.1f} x area {} = {:.2f}\n",
                        EasiRegionName(region.region), region.weight, region.sign_sum,
                        region.area_score, region.contribution);
  }
  json out = {{"easi", score.total},
              {"severity", EasiSeverityName(score.severity)},
              {"weight_set", score.child_weights ? "under_8" : "8_and_over"},
              {"regions", regions}};
  if (baseline) {
    auto response = CompareEasi(*baseline, score.total);
    if (!response) return context.Fail(response.error());
    const auto& pct = response->percent_improvement;
    const auto flag = [&](bool value) { return pct ? json(value) : json(nullptr); };
    out["baseline"] = *baseline;
    out["percent_improvement"] = pct ? json(*pct) : json(nullptr);
    out["easi50"] = flag(response->easi50);
    out["easi75"] = flag(response->easi75);
    out["easi90"] = flag(response->easi90);
    out["relative_response_reason"] =
        pct ? json(nullptr) : json(response->relative_response_reason);
    text += pct ? fmt::format(
                      "Versus baseline EASI {:.2f}: {:.1f} % improvement; EASI-50 {}, "
                      "EASI-75 {}, EASI-90 {}\n",
                      *baseline, *pct, YesNo(response->easi50), YesNo(response->easi75),
                      YesNo(response->easi90))
                : "Versus baseline: " + response->relative_response_reason + "\n";
  }
  Emit(context, options.json, std::move(out), text);
}

// {"score": n, "baseline": n (optional)}.
Result<std::pair<json, std::string>> ItchReport(const json& value) {
  if (auto ok = CheckObject(value, "", {"score", "baseline"}); !ok)
    return tl::unexpected(ok.error());
  auto raw =
      Require(value, "", "score").and_then([](const json* v) { return GetInt(*v, "score"); });
  auto score = raw.and_then([](int v) { return ScoreItchNrs(v); });
  if (!score) return tl::unexpected(score.error());
  json out = {{"score", score->score}, {"severity", ItchSeverityName(score->severity)}};
  std::string text =
      fmt::format("Peak itch NRS {} ({})\n", score->score, ItchSeverityName(score->severity));
  if (value.contains("baseline")) {
    auto change = GetInt(value.at("baseline"), "baseline").and_then([&](int base) {
      return CompareItchNrs(base, score->score);
    });
    if (!change) return tl::unexpected(change.error());
    out["baseline"] = change->baseline;
    out = PointChangeJson(*change, std::move(out));
    text += PointChangeText(*change, "responder");
  }
  return std::pair{out, text};
}

// Reads "baseline" (an answer list scored by `score_list`) or "baseline_total" (a number).
template <typename ScoreList>
Result<std::optional<int>> BaselineTotal(const json& value, ScoreList score_list) {
  if (value.contains("baseline") && value.contains("baseline_total")) {
    return InvalidArgument("baseline", "give baseline or baseline_total, not both");
  }
  if (value.contains("baseline_total")) {
    auto total = GetInt(value.at("baseline_total"), "baseline_total");
    if (!total) return tl::unexpected(total.error());
    return std::optional<int>(*total);
  }
  if (value.contains("baseline")) {
    auto total = score_list(value.at("baseline"), "baseline");
    if (!total) return tl::unexpected(total.error());
    return std::optional<int>(*total);
  }
  return std::optional<int>();
}

Result<int> PoemTotal(const json& value, std::string_view field) {
  return GetArray<int>(value, field, GetInt).and_then([&](const std::vector<int>& items) {
    return ScorePoem(items, field).map([](const PoemScore& s) { return s.total; });
  });
}

Result<DlqiScore> DlqiFromJson(const json& value, std::string_view field) {
  return GetArray<DlqiAnswer>(value, field, GetDlqiAnswer)
      .and_then([&](const std::vector<DlqiAnswer>& items) { return ScoreDlqi(items, field); });
}

// {"items": [7 answers], "baseline": [7 answers] | "baseline_total": n (optional)}.
Result<std::pair<json, std::string>> PoemReport(const json& value) {
  if (auto ok = CheckObject(value, "", {"items", "baseline", "baseline_total"}); !ok) {
    return tl::unexpected(ok.error());
  }
  auto total =
      Require(value, "", "items").and_then([](const json* v) { return PoemTotal(*v, "items"); });
  if (!total) return tl::unexpected(total.error());
  const PoemSeverity severity = PoemSeverityFor(*total);
  json out = {{"total", *total}, {"severity", PoemSeverityName(severity)}};
  std::string text = fmt::format("POEM {} of 28 ({})\n", *total, PoemSeverityName(severity));
  auto baseline = BaselineTotal(value, PoemTotal);
  if (!baseline) return tl::unexpected(baseline.error());
  if (*baseline) {
    auto change = ComparePoem(**baseline, *total);
    if (!change) return tl::unexpected(change.error());
    out["baseline_total"] = change->baseline;
    out = PointChangeJson(*change, std::move(out));
    text += PointChangeText(*change, "responder");
  }
  return std::pair{out, text};
}

// {"items": [10 answers, 0..3 or "not_relevant"], "baseline": [...] | "baseline_total": n}.
Result<std::pair<json, std::string>> DlqiReport(const json& value) {
  if (auto ok = CheckObject(value, "", {"items", "baseline", "baseline_total"}); !ok) {
    return tl::unexpected(ok.error());
  }
  auto score =
      Require(value, "", "items").and_then([](const json* v) { return DlqiFromJson(*v, "items"); });
  if (!score) return tl::unexpected(score.error());
  json out = {{"total", score->total},
              {"effect", DlqiEffectName(score->effect)},
              {"not_relevant_count", score->not_relevant_count}};
  std::string text = fmt::format("DLQI {} of 30 ({} on the patient's life)\n", score->total,
                                 DlqiEffectName(score->effect));
  auto baseline = BaselineTotal(value, [](const json& v, std::string_view field) {
    return DlqiFromJson(v, field).map([](const DlqiScore& s) { return s.total; });
  });
  if (!baseline) return tl::unexpected(baseline.error());
  if (*baseline) {
    auto change = CompareDlqi(**baseline, score->total);
    if (!change) return tl::unexpected(change.error());
    out["baseline_total"] = change->baseline;
    out = PointChangeJson(*change, std::move(out));
    text += PointChangeText(*change, "meaningful improvement");
  }
  return std::pair{out, text};
}

using Report = Result<std::pair<json, std::string>> (*)(const json&);

void RunQuestionnaire(const FileOptions& options, Report report, CommandContext& context) {
  auto input = ReadJsonInput(options.input);
  if (!input) return context.Fail(input.error());
  auto result = report(input->value);
  if (!result) return context.Fail(InSource(result.error(), *input));
  Emit(context, options.json, std::move(result->first), result->second);
}

// Help footers: the input formats in brief; docs/cli-score.md has the full reference.
constexpr const char* kEasiFooter =
    R"(Input JSON (all four regions required; signs 0-3 in steps of 0.5;
area as area_percent 0-100 or area_score 0-6, not both):
  {"age_years": 34,
   "regions": {
     "head_neck":   {"erythema": 2, "induration": 1.5, "excoriation": 1, "lichenification": 0, "area_percent": 20},
     "upper_limbs": {"erythema": 2, "induration": 2, "excoriation": 1.5, "lichenification": 1, "area_percent": 35},
     "trunk":       {"erythema": 1, "induration": 1, "excoriation": 0.5, "lichenification": 0.5, "area_score": 1},
     "lower_limbs": {"erythema": 3, "induration": 2.5, "excoriation": 2, "lichenification": 2, "area_percent": 72}},
   "baseline_total": 30.5}
baseline_total is optional; --baseline-input FILE scores a whole baseline assessment instead.
Weights: age 8 and over 0.1/0.2/0.3/0.4, under 8 0.2/0.2/0.3/0.3 (HOME user guide).
See docs/cli-score.md. Tricholog informs; it does not diagnose or prescribe.)";

constexpr const char* kItchFooter =
    R"(Input JSON: {"score": 6, "baseline": 9}  (0-10 whole numbers; baseline optional)
Worst itch in the past 24 hours. Responder: improvement of at least 4 points.
See docs/cli-score.md. Tricholog informs; it does not diagnose or prescribe.)";

constexpr const char* kPoemFooter =
    R"(Input JSON: {"items": [4, 3, 0, 1, 2, 4, 4], "baseline_total": 22}
items: the 7 POEM answers in form order, each 0 (no days) to 4 (every day).
Optional baseline: "baseline": [7 answers] or "baseline_total": 0-28. Responder: >= 4 points.
See docs/cli-score.md. Tricholog informs; it does not diagnose or prescribe.)";

constexpr const char* kDlqiFooter =
    R"(Input JSON: {"items": [3, 2, 1, 0, 1, 2, "not_relevant", 0, 1, 2], "baseline_total": 19}
items: the 10 DLQI answers in form order, each 0 (not at all) to 3 (very much); questions
3-10 also accept "not_relevant" (scored 0). Optional "baseline": [10 answers] or
"baseline_total": 0-30. Meaningful change: 4 points (Basra 2015).
See docs/cli-score.md. Tricholog informs; it does not diagnose or prescribe.)";

void AddFileCommand(CLI::App& score, CommandContext& context, const char* name,
                    const char* description, const char* footer, Report report) {
  auto options = std::make_shared<FileOptions>();
  CLI::App* sub = score.add_subcommand(name, description);
  sub->add_option("--input", options->input, "JSON input file, or - for standard input")
      ->required();
  sub->add_flag("--json", options->json, "Print the result as JSON");
  sub->footer(footer);
  sub->callback([options, report, &context] { RunQuestionnaire(*options, report, context); });
}

}  // namespace

void RegisterScoreCommand(CLI::App& app, CommandContext& context) {
  CLI::App* score = app.add_subcommand(
      "score", "Compute clinical scores: SALT / AA-IGA, EASI, peak itch NRS, POEM, DLQI");
  score->require_subcommand(1);

  auto salt = std::make_shared<SaltOptions>();
  CLI::App* salt_cmd = score->add_subcommand(
      "salt", "SALT from percent terminal-hair loss per scalp region (Olsen 2004)");
  salt_cmd->add_option("--top", salt->loss.top_percent, "Vertex: percent loss 0-100")->required();
  salt_cmd->add_option("--back", salt->loss.back_percent, "Posterior: percent loss 0-100")
      ->required();
  salt_cmd->add_option("--left", salt->loss.left_percent, "Left side: percent loss 0-100")
      ->required();
  salt_cmd->add_option("--right", salt->loss.right_percent, "Right side: percent loss 0-100")
      ->required();
  salt->baseline_option = salt_cmd->add_option("--baseline", salt->baseline,
                                               "Baseline SALT 0-100 for SALT30/50/75/90/100");
  salt_cmd->add_flag("--json", salt->json, "Print the result as JSON");
  salt_cmd->footer(
      "SALT = 0.40 top + 0.24 back + 0.18 left + 0.18 right; only terminal hair counts.\n"
      "See docs/cli-score.md. Tricholog informs; it does not diagnose or prescribe.");
  salt_cmd->callback([salt, &context] { RunSalt(*salt, context); });

  auto easi = std::make_shared<FileOptions>();
  CLI::App* easi_cmd = score->add_subcommand("easi", "EASI from a JSON assessment (Hanifin 2001)");
  easi_cmd->add_option("--input", easi->input, "JSON input file, or - for standard input")
      ->required();
  easi_cmd->add_option("--baseline-input", easi->baseline_input,
                       "JSON file with the baseline assessment, for EASI-50/75/90");
  easi_cmd->add_flag("--json", easi->json, "Print the result as JSON");
  easi_cmd->footer(kEasiFooter);
  easi_cmd->callback([easi, &context] { RunEasi(*easi, context); });

  AddFileCommand(*score, context, "itch", "Peak Pruritus NRS (worst itch, past 24 h)", kItchFooter,
                 ItchReport);
  AddFileCommand(*score, context, "poem", "POEM, Patient-Oriented Eczema Measure", kPoemFooter,
                 PoemReport);
  AddFileCommand(*score, context, "dlqi", "DLQI, Dermatology Life Quality Index", kDlqiFooter,
                 DlqiReport);
}

}  // namespace tricholog::cli
