// `tricholog analyze trichoscopy IMAGE [--um-per-px X] [--vellus-max-um 40]
// [--count combined|traced|learned] [--json]`:
// counts and measures the hair shafts in a dermoscope / macro close-up (see
// docs/trichoscopy.md for the method, the keys and the scale-bar assumption).
#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cli/analysis_input.h"
#include "cli/analyze_command_group.h"
#include "cli/command_context.h"
#include "imaging/image_decode.h"
#include "imaging/trichoscopy.h"

namespace tricholog::cli {
namespace {

struct TrichoscopyArgs {
  std::string image;
  std::optional<double> um_per_px;
  double vellus_max_um = 40.0;
  std::string count = "combined";
  bool json = false;
};

nlohmann::json ToJson(const imaging::TrichoscopyResult& result) {
  nlohmann::json hairs = nlohmann::json::array();
  for (const imaging::TrichoscopyHair& hair : result.hairs) {
    hairs.push_back({{"x", hair.x},
                     {"y", hair.y},
                     {"width_um", hair.width_um},
                     {"length_um", hair.length_um},
                     {"class", hair.vellus ? "vellus" : "terminal"}});
  }
  nlohmann::json json = {
      {"hair_count", result.hair_count},
      {"count_method", result.count_method},
      {"traced_shaft_count", result.traced_shaft_count},
      {"learned_count",
       result.learned_count ? nlohmann::json(*result.learned_count) : nlohmann::json(nullptr)},
      {"density_per_cm2", result.density_per_cm2},
      {"vellus_count", result.vellus_count},
      {"terminal_count", result.terminal_count},
      {"vellus_percent", result.vellus_percent},
      {"mean_width_um", result.mean_width_um},
      {"um_per_px", result.um_per_px},
      {"scale_source", result.scale_source},
      {"vellus_max_um", result.vellus_max_um},
      {"field_area_cm2", result.field_area_cm2},
      {"width_histogram", {{"bin_um", 10}, {"counts", result.width_histogram}}},
      {"hairs", hairs}};
  AddBudgetJson(json, result.working_size, result.budget);
  return json;
}

void Run(const TrichoscopyArgs& args, CommandContext& context) {
  // The budget is checked on the header size, before the photo is decoded.
  auto photo = ReadPhotoBytes(args.image, "image");
  if (!photo) return context.Fail(photo.error());
  if (auto plan = imaging::PlanTrichoscopy(photo->stored_size); !plan) {
    return context.Fail(PhotoError(plan.error(), args.image, "image").value());
  }
  auto decoded = imaging::DecodeImage(photo->bytes);
  if (!decoded) return context.Fail(PhotoError(decoded.error(), args.image, "image").value());
  imaging::TrichoscopyOptions options;
  options.um_per_px = args.um_per_px;
  options.vellus_max_um = args.vellus_max_um;
  options.count_method = *imaging::ParseHairCountMethod(args.count);  // checked by CLI11
  auto result = imaging::AnalyzeTrichoscopy(decoded->bgr, options);
  if (!result) return context.Fail(result.error());
  if (args.json) return context.PrintJson(ToJson(*result));
  context.out << "hairs: " << result->hair_count << " (" << result->density_per_cm2 << " per cm², "
              << result->count_method << "; " << result->traced_shaft_count << " shafts traced)\n"
              << "vellus: " << result->vellus_count << " (" << result->vellus_percent
              << " %), terminal: " << result->terminal_count << "\n"
              << "mean width: " << result->mean_width_um << " µm at " << result->um_per_px
              << " µm/px (" << result->scale_source << ")\n";
}

}  // namespace

void RegisterAnalyzeTrichoscopyCommand(CLI::App& app, CommandContext& context) {
  auto args = std::make_shared<TrichoscopyArgs>();
  CLI::App* command = AnalyzeCommand(app).add_subcommand(
      "trichoscopy", "Count hair shafts and measure their widths in a dermoscope close-up");
  command->add_option("IMAGE", args->image, "JPEG, PNG, WebP or HEIC close-up")->required();
  command->add_option("--um-per-px", args->um_per_px,
                      "micrometres per pixel (default: read the burned-in 1.0 mm scale bar)");
  command->add_option("--vellus-max-um", args->vellus_max_um,
                      "widest vellus shaft in µm (default 40)");
  command
      ->add_option("--count", args->count,
                   "how hairs are counted: combined (the mean of the traced shafts and the "
                   "learned counter; the default), traced, or learned")
      ->check(CLI::IsMember({"combined", "traced", "learned"}));
  command->add_flag("--json", args->json, "print JSON");
  command->callback([args, &context] { Run(*args, context); });
}

}  // namespace tricholog::cli
