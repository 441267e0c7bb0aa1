// `tricholog analyze hair-mask IMAGE --out MASK.png [--json]`: the hair / not-hair mask of an
// ordinary photo (see docs/hair-mask.md). The mask is an 8-bit PNG, 255 = hair, the size of the
// oriented input; it is written atomically (io/output_file.h: a temporary file in the same
// folder, then rename), so a reader never sees half a mask, and never onto the photo itself,
// a device, a FIFO or a symlink.
#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/analysis_input.h"
#include "cli/analyze_command_group.h"
#include "cli/command_context.h"
#include "core/error.h"
#include "imaging/hair_mask.h"
#include "imaging/image_decode.h"
#include "imaging/image_encode.h"
#include "imaging/mask_metrics.h"

namespace tricholog::cli {
namespace {

struct HairMaskArgs {
  std::string image;
  std::string out;
  bool json = false;
};

void RunHairMask(const HairMaskArgs& args, CommandContext& context) {
  // Refused before the analysis: an output never lands on the photo, a device, FIFO or link.
  const auto inputs = InputFiles({args.image}, "the input photo");
  if (auto ok = io::CheckOutputPath(args.out, inputs, "out"); !ok) return context.Fail(ok.error());
  // The budget is checked on the header size, before the photo is decoded.
  auto photo = ReadPhotoBytes(args.image, "image");
  if (!photo) return context.Fail(photo.error());
  if (auto plan = imaging::PlanHairMask(photo->stored_size); !plan) {
    return context.Fail(PhotoError(plan.error(), args.image, "image").value());
  }
  auto decoded = imaging::DecodeImage(photo->bytes);
  if (!decoded) return context.Fail(PhotoError(decoded.error(), args.image, "image").value());
  auto result = imaging::AnalyzeHairMask(decoded->bgr);
  if (!result) return context.Fail(result.error());
  const cv::Mat& mask = result->mask;
  auto png = imaging::EncodePng(mask);
  if (!png) return context.Fail(png.error());
  if (auto written = WriteOutputFile(args.out, *png, inputs, "out"); !written) {
    return context.Fail(written.error());
  }
  if (args.json) {
    nlohmann::json json = {{"hair_fraction", imaging::MaskFraction(mask)},
                           {"width", mask.cols},
                           {"height", mask.rows}};
    AddBudgetJson(json, result->working_size, result->budget);
    context.PrintJson(json);
  }
}

}  // namespace

void RegisterAnalyzeHairMaskCommand(CLI::App& app, CommandContext& context) {
  auto args = std::make_shared<HairMaskArgs>();
  CLI::App* cmd = AnalyzeCommand(app).add_subcommand(
      "hair-mask", "Write the hair / not-hair mask of a photo (8-bit PNG, 255 = hair)");
  cmd->add_option("IMAGE", args->image, "Photo: JPEG, PNG, WebP or HEIC")->required();
  cmd->add_option("--out", args->out, "Where to write the mask PNG (same size as the photo)")
      ->required();
  cmd->add_flag("--json", args->json,
                "Also print {\"hair_fraction\", \"width\", \"height\", \"working_size\", "
                "\"budget\"} as JSON on stdout");
  cmd->callback([args, &context] { RunHairMask(*args, context); });
}

}  // namespace tricholog::cli
