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

#include "app/photo_analysis.h"
#include "cli/analysis_input.h"
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
// from the container header, so only one decode is done, and a photo whose decode would not
// fit the analysis budget (PlanScalpView) is refused before its pixels are allocated.
Result<imaging::DecodedImage> DecodeForAnalysis(const std::string& path, const std::string& field) {
  auto photo = ReadPhotoBytes(path, field);
  if (!photo) return tl::unexpected(photo.error());
  const cv::Size stored = photo->stored_size;
  int denominator = imaging::AnalysisScaleDenominator(stored.width, stored.height);
  // JPEG decodes reduced (DCT scaling); the other formats decode at full size first.
  const cv::Size decoded = photo->format == "jpeg"
                               ? cv::Size((stored.width + denominator - 1) / denominator,
                                          (stored.height + denominator - 1) / denominator)
                               : stored;
  if (auto plan = imaging::PlanScalpView(stored, decoded); !plan) {
    return PhotoError(plan.error(), path, field);
  }
  auto image = imaging::DecodeImage(photo->bytes, imaging::DecodeLimits{}, denominator);
  if (!image) return PhotoError(image.error(), path, field);
  return image;
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

nlohmann::json ViewJson(const imaging::ScalpViewResult& result) {
  nlohmann::json json = app::ScalpViewResultJson(result);
  AddBudgetJson(json, result.working_size, result.budget);
  return json;
}

// Encodes `image` as PNG and writes it atomically to `path`, never onto one of `inputs`.
Result<void> WritePng(const std::filesystem::path& path, const cv::Mat& image,
                      const std::vector<io::ForbiddenPath>& inputs, const std::string& field) {
  auto png = imaging::EncodePng(image);
  if (!png) return tl::unexpected(png.error());
  return WriteOutputFile(path, *png, inputs, field);
}

void RunScalp(const ScalpArgs& args, CommandContext& context) {
  auto view = imaging::ParseScalpView(args.view, "view");
  if (!view) return context.Fail(view.error());
  const auto inputs =
      InputFiles({args.image, args.scalp_mask, args.loss_mask}, "one of the command's inputs");
  if (!args.masks_out.empty()) {
    for (const char* name : {"scalp.png", "loss.png"}) {
      const auto path = std::filesystem::path(args.masks_out) / name;
      if (std::filesystem::is_directory(args.masks_out)) {
        if (auto ok = io::CheckOutputPath(path, inputs, "masks_out"); !ok)
          return context.Fail(ok.error());
      }
    }
  }
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
    if (auto w = WritePng(dir / "scalp.png", result->FullScalpMask(), inputs, "masks_out"); !w)
      return context.Fail(w.error());
    if (auto w = WritePng(dir / "loss.png", result->FullLossMask(), inputs, "masks_out"); !w)
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
  // An exception must not escape a worker (std::terminate) nor skip the join below.
  auto analyze_guarded = [&](std::size_t i) {
    try {
      analyze(i);
    } catch (const std::exception& e) {
      results[i] = tl::unexpected(Error{ErrorCode::kInternal, std::string("internal: ") + e.what(),
                                        std::string(imaging::ScalpViewName(inputs[i].view))});
    }
  };
  // Two workers: the photo protocol's five views in well under a second on two cores.
  std::thread helper([&] {
    for (std::size_t i = 1; i < inputs.size(); i += 2) analyze_guarded(i);
  });
  for (std::size_t i = 0; i < inputs.size(); i += 2) analyze_guarded(i);
  helper.join();
  for (const auto& result : results) {
    if (!result) return context.Fail(result.error());
  }
  nlohmann::json views = nlohmann::json::object();
  for (const auto& result : results)
    views[std::string(imaging::ScalpViewName(result->view))] = ViewJson(*result);
  // A view the engine cannot measure gives no SALT, only what to do about it.
  nlohmann::json unmeasured = nlohmann::json::array();
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& c = results[i]->confidence;
    if (!c.measurable) {
      unmeasured.push_back({{"view", imaging::ScalpViewName(results[i]->view)},
                            {"code", c.verdict.code},
                            {"message", c.verdict.message}});
    }
  }
  if (!unmeasured.empty()) {
    context.PrintJson({{"salt", nullptr},
                       {"salt_interval", nullptr},
                       {"aa_iga", nullptr},
                       {"aa_iga_label", nullptr},
                       {"unmeasured_views", unmeasured},
                       {"views", views}});
    return;
  }
  auto salt = imaging::SaltFromViews(results[0]->figures, results[1]->figures, results[2]->figures,
                                     results[3]->figures);
  if (!salt) return context.Fail(salt.error());
  const auto interval =
      imaging::SaltIntervalFromViews(results[0]->confidence, results[1]->confidence,
                                     results[2]->confidence, results[3]->confidence);
  context.PrintJson({{"salt", salt->salt},
                     {"salt_interval", interval ? nlohmann::json{interval->low, interval->high}
                                                : nlohmann::json(nullptr)},
                     {"aa_iga", static_cast<int>(salt->aa_iga)},
                     {"aa_iga_label", AaIgaLabel(salt->aa_iga)},
                     {"unmeasured_views", unmeasured},
                     {"views", views}});
}

void RunCompare(const CompareArgs& args, CommandContext& context) {
  auto view = imaging::ParseScalpView(args.view, "view");
  if (!view) return context.Fail(view.error());
  // Refused before the analysis: an output never lands on an input, a device or a link.
  const auto inputs = InputFiles({args.before, args.after}, "one of the input photos");
  if (auto ok = io::CheckOutputPath(args.out, inputs, "out"); !ok) return context.Fail(ok.error());
  auto before = DecodeForAnalysis(args.before, "before");
  if (!before) return context.Fail(before.error());
  auto after = DecodeForAnalysis(args.after, "after");
  if (!after) return context.Fail(after.error());
  auto comparison = imaging::ComparePhotos(*before, *after, *view);
  if (!comparison) return context.Fail(comparison.error());
  auto jpeg = imaging::EncodeJpeg(comparison->overlay, 90);
  if (!jpeg) return context.Fail(jpeg.error());
  if (auto w = WriteOutputFile(args.out, *jpeg, inputs, "out"); !w) return context.Fail(w.error());
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
