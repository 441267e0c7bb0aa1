#include "app/photo_analysis.h"

#include <fmt/format.h>

#include <opencv2/imgproc.hpp>
#include <string>

#include "app/mask_outline.h"
#include "imaging/image_decode.h"
#include "imaging/image_encode.h"
#include "imaging/quality_gate.h"
#include "imaging/scalp_segmentation.h"
#include "imaging/scalp_zones.h"

namespace tricholog::app {
namespace {

Result<cv::Mat> ReadMaskBlob(const store::BlobStore& blobs, const std::string& sha,
                             const char* field) {
  if (sha.empty()) return cv::Mat();
  auto bytes = blobs.Get(sha);
  if (!bytes) {
    Error e = bytes.error();
    e.field = field;
    return tl::unexpected(e);
  }
  auto decoded = imaging::DecodeImage(*bytes);
  if (!decoded) {
    Error e = decoded.error();
    e.field = field;
    return tl::unexpected(e);
  }
  cv::Mat gray;
  cv::cvtColor(decoded->bgr, gray, cv::COLOR_BGR2GRAY);
  return cv::Mat(gray > 127);
}

Result<std::string> PutPng(store::BlobStore& blobs, const cv::Mat& mask) {
  auto png = imaging::EncodePng(mask);
  if (!png) return tl::unexpected(png.error());
  return blobs.Put(*png);
}

// Why the analysis could not use a photo, for the person who took it.
std::string FailureInWords(const Error& error) {
  switch (error.code) {
    case ErrorCode::kNotFound:
      return "The head could not be found in this photo. Retake it with the whole head in the "
             "frame, in even light, against a plain background.";
    case ErrorCode::kTooLarge:
      return "This photo is too large to analyse. Retake it with the phone's normal camera "
             "setting (up to 50 megapixels).";
    default:
      return "This photo could not be analysed (" + error.message +
             "). Retake it, or use another photo.";
  }
}

nlohmann::json OptionalNumber(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

std::optional<ViewVerdictJson> UnmeasurableVerdict(const nlohmann::json& result) {
  if (!result.is_object() || !result.contains("confidence")) return std::nullopt;
  const auto& c = result["confidence"];
  if (!c.is_object() || c.value("measurable", true)) return std::nullopt;
  const auto& v = c.value("verdict", nlohmann::json::object());
  return ViewVerdictJson{
      v.value("code", std::string("unmeasurable")),
      v.value("message", std::string("This photo cannot be measured: retake it."))};
}

nlohmann::json ScalpViewResultJson(const imaging::ScalpViewResult& result) {
  nlohmann::json zones = nlohmann::json::array();
  for (const auto& zone : result.figures.zones) {
    zones.push_back({{"zone", imaging::ScalpZoneName(zone.zone)},
                     {"area_px", zone.area_px},
                     {"hair_loss_percent", zone.hair_loss_percent},
                     {"hair_coverage_percent", zone.hair_coverage_percent},
                     {"hair_density_index", OptionalNumber(zone.hair_density_index)}});
  }
  const imaging::ViewConfidence& c = result.confidence;
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
          {"hair_density_index", OptionalNumber(result.figures.hair_density_index)},
          {"confidence",
           {{"measurable", c.measurable},
            {"confidence", c.confidence},
            {"hair_loss_interval", {c.loss_low, c.loss_high}},
            {"verdict", {{"code", c.verdict.code}, {"message", c.verdict.message}}}}},
          {"zones", zones},
          {"width", result.full_size.width},
          {"height", result.full_size.height},
          {"scalp_mask_source", result.scalp_corrected ? "user" : "automatic"},
          {"loss_mask_source", result.loss_corrected ? "user" : "automatic"},
          {"head_fit", result.head_fit},
          {"quality",
           {{"status", imaging::QualityStatusName(result.quality.status)}, {"issues", issues}}}};
}

Result<store::PhotoAnalysis> StoreAnalysisResult(store::BlobStore& blobs,
                                                 const store::PhotoAnalysis& row,
                                                 const imaging::ScalpViewResult& result) {
  store::PhotoAnalysis out = row;
  // The row's automatic masks stay the automatic ones once made, also after the user corrected
  // one, so the page can show both and "back to automatic" is only a new count.
  if (out.scalp_mask_sha256.empty() || !result.scalp_corrected) {
    auto scalp = PutPng(blobs, imaging::UpscaleMaskNearest(result.scalp_mask, result.full_size));
    if (!scalp) return tl::unexpected(scalp.error());
    out.scalp_mask_sha256 = *scalp;
  }
  if (out.loss_mask_sha256.empty() || !result.loss_corrected) {
    auto loss = PutPng(blobs, imaging::UpscaleMaskNearest(result.loss_mask, result.full_size));
    if (!loss) return tl::unexpected(loss.error());
    out.loss_mask_sha256 = *loss;
    KeepMaskOutline(blobs, *loss, result.loss_mask);  // for the report's photo timeline
  }
  out.result_json = ScalpViewResultJson(result).dump();
  out.status = "done";
  out.error.clear();
  return out;
}

Result<store::PhotoAnalysis> AnalyzeStoredPhoto(store::BlobStore& blobs,
                                                const store::PhotoAnalysis& row) {
  store::PhotoAnalysis out = row;
  out.attempts = row.attempts + 1;
  auto view = imaging::ParseScalpView(row.view);
  if (!view) return tl::unexpected(view.error());
  auto bytes = blobs.Get(row.photo_sha256);
  if (!bytes) {
    Error e = bytes.error();
    e.field = "photo_sha256";
    return tl::unexpected(e);
  }
  auto failed = [&](const Error& error) {
    out.status = "failed";
    out.error = FailureInWords(error);
    out.result_json = "{}";
    return out;
  };
  auto header = imaging::ReadImageHeaderSize(*bytes);
  if (!header) return failed(header.error());
  const int denominator = imaging::AnalysisScaleDenominator(header->width, header->height);
  auto decoded = imaging::DecodeImage(*bytes, imaging::DecodeLimits{}, denominator);
  if (!decoded) return failed(decoded.error());
  imaging::MaskCorrection correction;
  auto user_scalp = ReadMaskBlob(blobs, row.user_scalp_mask_sha256, "user_scalp_mask_sha256");
  if (!user_scalp) return tl::unexpected(user_scalp.error());
  auto user_loss = ReadMaskBlob(blobs, row.user_loss_mask_sha256, "user_loss_mask_sha256");
  if (!user_loss) return tl::unexpected(user_loss.error());
  correction.scalp = *user_scalp;
  correction.loss = *user_loss;
  auto result = imaging::AnalyzeScalpView(*decoded, *view, correction);
  if (!result) {
    if (result.error().code == ErrorCode::kInvalidArgument) {
      Error e = result.error();
      e.field = e.field == "scalp_mask" ? "user_scalp_mask_sha256" : "user_loss_mask_sha256";
      return tl::unexpected(e);
    }
    return failed(result.error());
  }
  auto stored = StoreAnalysisResult(blobs, out, *result);
  if (!stored) return tl::unexpected(stored.error());
  return stored;
}

Result<std::vector<store::SaltRegionLoss>> SaltRegionsFromAnalyses(
    const std::vector<store::PhotoAnalysis>& analyses) {
  std::vector<store::SaltRegionLoss> out;
  for (const char* region : {"top", "back", "left", "right"}) {
    const store::PhotoAnalysis* found = nullptr;
    for (const auto& a : analyses) {
      if (a.view == region && a.status == "done") found = &a;
    }
    if (found == nullptr) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("the {} photo has no finished analysis", region), region);
    }
    auto figures = nlohmann::json::parse(found->result_json, nullptr, false);
    if (figures.is_discarded() || !figures.contains("hair_loss_percent") ||
        !figures["hair_loss_percent"].is_number()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("the {} analysis has no hair_loss_percent", region),
                       "result_json");
    }
    if (auto verdict = UnmeasurableVerdict(figures)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("the {} photo cannot be measured: {}", region, verdict->message),
                       region);
    }
    const double loss = figures["hair_loss_percent"].get<double>();
    if (!(loss >= 0 && loss <= 100)) {
      return MakeError(
          ErrorCode::kInvalidArgument,
          fmt::format("the {} analysis' hair_loss_percent {} is out of 0..100", region, loss),
          "result_json");
    }
    out.push_back({region, loss});
  }
  return out;
}

std::vector<store::SaltRegionLoss> SessionRegionsFromAnalyses(
    const store::TrackingSession& session, const std::vector<store::PhotoAnalysis>& rows) {
  std::vector<store::PhotoAnalysis> shown;
  for (const auto& p : session.photos) {
    for (const auto& row : rows) {
      if (row.photo_sha256 == p.sha256 && row.view == p.view) shown.push_back(row);
    }
  }
  if (auto all = SaltRegionsFromAnalyses(shown)) return *all;
  std::vector<store::SaltRegionLoss> out = session.salt_regions;
  for (auto& region : out) {
    region.confirmation = "automatic";
    for (const auto& row : shown) {
      if (row.view != region.region || row.status != "done") continue;
      const auto result = nlohmann::json::parse(row.result_json, nullptr, false);
      if (result.is_discarded() || !result.contains("hair_loss_percent") ||
          !result["hair_loss_percent"].is_number() || UnmeasurableVerdict(result)) {
        continue;
      }
      const double loss = result["hair_loss_percent"].get<double>();
      if (loss >= 0 && loss <= 100) region.loss_pct = loss;
    }
  }
  return out;
}

}  // namespace tricholog::app
