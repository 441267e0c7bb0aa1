// `tricholog analyze scalp|salt|compare`: per-view hair loss, SALT from the four SALT views,
// and the comparison of two sessions (see docs/scalp-analysis.md for every JSON key).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <thread>
#include <vector>

#include "cli/analyze_command_group.h"
#include "cli/command_context.h"
#include "core/error.h"
#include "core/salt_score.h"
#include "imaging/image_decode.h"
#include "imaging/image_encode.h"
#include "imaging/photo_comparison.h"
#include "imaging/scalp_view.h"

namespace tricholog::cli {
namespace {

using imaging::ScalpView;

struct ScalpArgs {
  std::string view;
  std::string image;
  std::string masks_out;
  std::string scalp_mask;
  std::string loss_mask;
  bool json = false;
};

struct SaltArgs {
  std::string top, back, left, right, front;
  bool json = false;
};

struct CompareArgs {
  std::string view, before, after, out;
  bool json = false;
};

// Decodes a photo at the scale the analysis needs (reduced for large JPEGs): the size comes
// from the container header, so only one decode is done.
Result<imaging::DecodedImage> DecodeForAnalysis(const std::string& path, const std::string& field) {
  auto relabel = [&](Error error) {
    error.field = field;
    error.message = path + ": " + error.message;
    return tl::unexpected(error);
  };
  const imaging::DecodeLimits limits;
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return relabel(Error{ErrorCode::kNotFound, "cannot read the file", field});
  if (size > limits.max_bytes) {
    auto refused = imaging::DecodeImageFile(path, limits);  // refuses with kTooLarge before reading
    if (!refused) return relabel(refused.error());
    return refused;
  }
  std::ifstream file(path, std::ios::binary);
  std::vector<std::uint8_t> bytes(size);
  if (!file.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size))) {
    return relabel(Error{ErrorCode::kIo, "cannot read the file", field});
  }
  auto header = imaging::ReadImageHeaderSize(bytes);
  if (!header) return relabel(header.error());
  int denominator = imaging::AnalysisScaleDenominator(header->width, header->height);
  auto decoded = imaging::DecodeImage(bytes, limits, denominator);
  if (!decoded) return relabel(decoded.error());
  return decoded;
}

Result<cv::Mat> ReadMask(const std::string& path, const std::string& field) {
  if (path.empty()) return cv::Mat();
  auto decoded = imaging::DecodeImageFile(path);
  if (!decoded) {
    Error error = decoded.error();
    error.field = field;
    return tl::unexpected(error);
  }
  cv::Mat gray;
  cv::cvtColor(decoded->bgr, gray, cv::COLOR_BGR2GRAY);
  return cv::Mat(gray > 127);
}

nlohmann::json ZonesJson(const std::vector<imaging::ZoneFigures>& zones) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& zone : zones) {
    out.push_back({{"zone", imaging::ScalpZoneName(zone.zone)},
                   {"area_px", zone.area_px},
                   {"hair_loss_percent", zone.hair_loss_percent},
                   {"hair_coverage_percent", zone.hair_coverage_percent}});
  }
  return out;
}

nlohmann::json ViewJson(const imaging::ScalpViewResult& result) {
  nlohmann::json issues = nlohmann::json::array();
  for (const auto& issue : result.quality.issues) {
    issues.push_back({{"code", issue.code},
                      {"severity", imaging::QualityStatusName(issue.severity)},
                      {"message", issue.message}});
  }
  return {{"view", imaging::ScalpViewName(result.view)},
          {"hair_loss_percent", result.figures.hair_loss_percent},
          {"scalp_area_px", result.figures.scalp_area_px},
          {"hair_loss_area_px", result.figures.hair_loss_area_px},
          {"hair_coverage_percent", result.figures.hair_coverage_percent},
          {"zones", ZonesJson(result.figures.zones)},
          {"width", result.full_size.width},
          {"height", result.full_size.height},
          {"scalp_mask_source", result.scalp_corrected ? "user" : "automatic"},
          {"loss_mask_source", result.loss_corrected ? "user" : "automatic"},
          {"head_fit", result.head_fit},
          {"quality",
           {{"status", imaging::QualityStatusName(result.quality.status)}, {"issues", issues}}}};
}

Result<void> WritePng(const std::filesystem::path& path, const cv::Mat& image,
                      const std::string& field) {
  auto png = imaging::EncodePng(image);
  if (!png) return MakeError(ErrorCode::kInternal, png.error().message, field);
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (file.write(reinterpret_cast<const char*>(png->data()),
                 static_cast<std::streamsize>(png->size())) &&
      file.flush()) {
    return {};
  }
  return MakeError(ErrorCode::kIo, "cannot write " + path.string(), field);
}

void RunScalp(const ScalpArgs& args, CommandContext& context) {
  auto view = imaging::ParseScalpView(args.view, "view");
  if (!view) return context.Fail(view.error());
  auto image = DecodeForAnalysis(args.image, "image");
  if (!image) return context.Fail(image.error());
  imaging::MaskCorrection correction;
  auto scalp = ReadMask(args.scalp_mask, "scalp_mask");
  if (!scalp) return context.Fail(scalp.error());
  auto loss = ReadMask(args.loss_mask, "loss_mask");
  if (!loss) return context.Fail(loss.error());
  correction.scalp = *scalp;
  correction.loss = *loss;
  auto result = imaging::AnalyzeScalpView(*image, *view, correction);
  if (!result) return context.Fail(result.error());
  if (!args.masks_out.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(args.masks_out, ec);
    if (ec)
      return context.Fail(Error{ErrorCode::kIo, "cannot create " + args.masks_out, "masks_out"});
    auto dir = std::filesystem::path(args.masks_out);
    if (auto w = WritePng(dir / "scalp.png", result->FullScalpMask(), "masks_out"); !w)
      return context.Fail(w.error());
    if (auto w = WritePng(dir / "loss.png", result->FullLossMask(), "masks_out"); !w)
      return context.Fail(w.error());
  }
  context.PrintJson(ViewJson(*result));
}

void RunSalt(const SaltArgs& args, CommandContext& context) {
  struct Input {
    ScalpView view;
    const std::string* path;
  };
  std::vector<Input> inputs = {{ScalpView::kTop, &args.top},
                               {ScalpView::kBack, &args.back},
                               {ScalpView::kLeft, &args.left},
                               {ScalpView::kRight, &args.right}};
  if (!args.front.empty()) inputs.push_back({ScalpView::kFront, &args.front});
  std::vector<Result<imaging::ScalpViewResult>> results(inputs.size(), tl::unexpected(Error{}));
  auto analyze = [&](std::size_t i) {
    std::string field(imaging::ScalpViewName(inputs[i].view));
    auto image = DecodeForAnalysis(*inputs[i].path, field);
    if (!image) {
      results[i] = tl::unexpected(image.error());
      return;
    }
    results[i] = imaging::AnalyzeScalpView(*image, inputs[i].view);
    if (!results[i]) results[i].error().field = field;
  };
  // Two workers: the photo protocol's five views in well under a second on two cores.
  std::thread helper([&] {
    for (std::size_t i = 1; i < inputs.size(); i += 2) analyze(i);
  });
  for (std::size_t i = 0; i < inputs.size(); i += 2) analyze(i);
  helper.join();
  for (const auto& result : results) {
    if (!result) return context.Fail(result.error());
  }
  auto salt = imaging::SaltFromViews(results[0]->figures, results[1]->figures, results[2]->figures,
                                     results[3]->figures);
  if (!salt) return context.Fail(salt.error());
  nlohmann::json views = nlohmann::json::object();
  for (const auto& result : results)
    views[std::string(imaging::ScalpViewName(result->view))] = ViewJson(*result);
  context.PrintJson({{"salt", salt->salt},
                     {"aa_iga", static_cast<int>(salt->aa_iga)},
                     {"aa_iga_label", AaIgaLabel(salt->aa_iga)},
                     {"views", views}});
}

void RunCompare(const CompareArgs& args, CommandContext& context) {
  auto view = imaging::ParseScalpView(args.view, "view");
  if (!view) return context.Fail(view.error());
  auto before = DecodeForAnalysis(args.before, "before");
  if (!before) return context.Fail(before.error());
  auto after = DecodeForAnalysis(args.after, "after");
  if (!after) return context.Fail(after.error());
  auto comparison = imaging::ComparePhotos(*before, *after, *view);
  if (!comparison) return context.Fail(comparison.error());
  auto jpeg = imaging::EncodeJpeg(comparison->overlay, 90);
  if (!jpeg) return context.Fail(Error{ErrorCode::kInternal, jpeg.error().message, "out"});
  std::ofstream file(args.out, std::ios::binary | std::ios::trunc);
  if (!file.write(reinterpret_cast<const char*>(jpeg->data()),
                  static_cast<std::streamsize>(jpeg->size())) ||
      !file.flush()) {
    return context.Fail(Error{ErrorCode::kIo, "cannot write " + args.out, "out"});
  }
  nlohmann::json zones = nlohmann::json::array();
  for (const auto& zone : comparison->zones) {
    zones.push_back({{"zone", imaging::ScalpZoneName(zone.zone)},
                     {"hair_loss_percent_before", zone.hair_loss_percent_before},
                     {"hair_loss_percent_after", zone.hair_loss_percent_after},
                     {"hair_loss_change_points", zone.hair_loss_change_points},
                     {"hair_coverage_percent_before", zone.hair_coverage_percent_before},
                     {"hair_coverage_percent_after", zone.hair_coverage_percent_after},
                     {"hair_coverage_change_points", zone.hair_coverage_change_points}});
  }
  context.PrintJson({{"view", imaging::ScalpViewName(*view)},
                     {"registration",
                      {{"method", comparison->registration_method},
                       {"correlation", comparison->registration_correlation}}},
                     {"hair_loss_percent_before", comparison->before.figures.hair_loss_percent},
                     {"hair_loss_percent_after", comparison->after.figures.hair_loss_percent},
                     {"hair_loss_change_points", comparison->hair_loss_change_points},
                     {"gained_area_percent", comparison->gained_area_percent},
                     {"lost_area_percent", comparison->lost_area_percent},
                     {"zones", zones},
                     {"overlay", args.out}});
}

}  // namespace

void RegisterAnalyzeCommand(CLI::App& app, CommandContext& context) {
  CLI::App& analyze = AnalyzeCommand(app);

  auto scalp = std::make_shared<ScalpArgs>();
  CLI::App* scalp_cmd = analyze.add_subcommand("scalp", "Hair loss in one photo of one view");
  scalp_cmd->add_option("--view", scalp->view, "top, back, left, right or front")->required();
  scalp_cmd->add_option("IMAGE", scalp->image, "Photo: JPEG, PNG, WebP or HEIC")->required();
  scalp_cmd->add_option("--masks-out", scalp->masks_out, "Write DIR/scalp.png and DIR/loss.png");
  scalp_cmd->add_option("--scalp-mask", scalp->scalp_mask,
                        "User-corrected scalp mask (PNG, photo size)");
  scalp_cmd->add_option("--loss-mask", scalp->loss_mask,
                        "User-corrected hair-loss mask (PNG, photo size)");
  scalp_cmd->add_flag("--json", scalp->json, "JSON on stdout (the only output format)");
  scalp_cmd->callback([scalp, &context] { RunScalp(*scalp, context); });

  auto salt = std::make_shared<SaltArgs>();
  CLI::App* salt_cmd =
      analyze.add_subcommand("salt", "SALT from the four SALT views (+ front for the hairline)");
  salt_cmd->add_option("--top", salt->top, "Top view photo")->required();
  salt_cmd->add_option("--back", salt->back, "Back view photo")->required();
  salt_cmd->add_option("--left", salt->left, "Left view photo")->required();
  salt_cmd->add_option("--right", salt->right, "Right view photo")->required();
  salt_cmd->add_option("--front", salt->front, "Front view photo (hairline; not part of SALT)");
  salt_cmd->add_flag("--json", salt->json, "JSON on stdout (the only output format)");
  salt_cmd->callback([salt, &context] { RunSalt(*salt, context); });

  auto compare = std::make_shared<CompareArgs>();
  CLI::App* compare_cmd =
      analyze.add_subcommand("compare", "Change between two photos of the same view");
  compare_cmd->add_option("--view", compare->view, "top, back, left, right or front")->required();
  compare_cmd->add_option("BEFORE", compare->before, "Earlier photo")->required();
  compare_cmd->add_option("AFTER", compare->after, "Later photo")->required();
  compare_cmd->add_option("--out", compare->out, "Overlay JPEG to write")->required();
  compare_cmd->add_flag("--json", compare->json, "JSON on stdout (the only output format)");
  compare_cmd->callback([compare, &context] { RunCompare(*compare, context); });
}

}  // namespace tricholog::cli
