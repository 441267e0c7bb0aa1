// `tricholog analyze hair-mask IMAGE --out MASK.png [--json]`: the hair / not-hair mask of an
// ordinary photo (see docs/hair-mask.md). The mask is an 8-bit PNG, 255 = hair, the size of the
// oriented input; it is written atomically (a temporary file in the same folder, then rename),
// so a reader never sees half a mask.
#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <system_error>
#include <vector>

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

// Writes `bytes` to `path` through a sibling temporary file and a rename, so `path` holds
// either its old content or all of the new one.
Result<void> WriteFileAtomically(const std::filesystem::path& path,
                                 const std::vector<std::uint8_t>& bytes) {
  static std::atomic<unsigned> counter{0};
  const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  std::filesystem::path temp = path;
  temp += ".tmp-" + std::to_string(stamp) + "-" + std::to_string(counter++);
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    if (!file) return MakeError(ErrorCode::kIo, "cannot create the output file", path.string());
    file.write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    file.close();
    if (!file) {
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      return MakeError(ErrorCode::kIo, "cannot write the output file", path.string());
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    return MakeError(ErrorCode::kIo, "cannot move the mask into place: " + ec.message(),
                     path.string());
  }
  return {};
}

Result<void> WriteMaskPng(const std::filesystem::path& path, const cv::Mat& mask) {
  auto png = imaging::EncodePng(mask);
  if (!png)
    return MakeError(ErrorCode::kInternal, "PNG encoding failed: " + png.error().message, "out");
  return WriteFileAtomically(path, *png);
}

void RunHairMask(const HairMaskArgs& args, CommandContext& context) {
  auto decoded = imaging::DecodeImageFile(args.image);
  if (!decoded) return context.Fail(decoded.error());
  auto mask = imaging::ComputeHairMask(decoded->bgr);
  if (!mask) return context.Fail(mask.error());
  if (auto written = WriteMaskPng(args.out, *mask); !written) return context.Fail(written.error());
  if (args.json) {
    context.PrintJson({{"hair_fraction", imaging::MaskFraction(*mask)},
                       {"width", mask->cols},
                       {"height", mask->rows}});
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
                "Also print {\"hair_fraction\", \"width\", \"height\"} as JSON on stdout");
  cmd->callback([args, &context] { RunHairMask(*args, context); });
}

}  // namespace tricholog::cli
