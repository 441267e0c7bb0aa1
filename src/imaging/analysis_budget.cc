#include "imaging/analysis_budget.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace tricholog::imaging {
namespace {

// Peak resident memory = fixed + per_input_px * input pixels + per_working_px * working
// pixels. Measured as the maximum resident set size (/usr/bin/time -v) of the CLI commands
// (decode included) on photos resized from the shared data (docs/scalp-analysis.md,
// docs/hair-mask.md, docs/trichoscopy.md give the tables); each slope is the measured one
// rounded up by 30-50 %, so the estimate stays above every measurement.
struct MemoryFactors {
  double fixed_bytes;
  double per_input_px;
  double per_working_px;
};

MemoryFactors FactorsFor(AnalysisKind kind) {
  switch (kind) {
    case AnalysisKind::kScalpView:
      // JPEG decoded at 1/2-1/8 (0.75 MP in): 110 MB flat from 3 to 48 MP. PNG decoded at
      // full size: 166 MB at 12 MP, 241 MB at 27 MP, 5.0 B per input pixel.
      return {100e6, 7.0, 40.0};
    case AnalysisKind::kHairMask:
      // 98 / 130 / 189 MB at 1.1 / 12 / 27 MP (JPEG; the 12-MP PNG 130 MB): 3.9 B per pixel
      // (the photo, its full-size mask and the mask's PNG); the work at <= 0.16 MP is flat.
      return {120e6, 6.0, 300.0};
    case AnalysisKind::kTrichoscopy:
      // Runs at full size: 134 / 276 / 506 / 816 MB at 1.3 / 5.2 / 11.8 / 21.0 MP, 35 B per
      // pixel (decode, darkness maps, skeleton graph, the count net's activations).
      return {150e6, 5.0, 40.0};
  }
  return {150e6, 5.0, 40.0};
}

double Megapixels(std::int64_t pixels) { return static_cast<double>(pixels) / 1e6; }

}  // namespace

std::string_view AnalysisKindName(AnalysisKind kind) {
  switch (kind) {
    case AnalysisKind::kScalpView:
      return "scalp view";
    case AnalysisKind::kHairMask:
      return "hair mask";
    case AnalysisKind::kTrichoscopy:
      return "trichoscopy";
  }
  return "analysis";
}

AnalysisBudget BudgetForPixels(std::int64_t photo_pixels) {
  AnalysisBudget budget;
  budget.photo_pixels = std::max<std::int64_t>(0, photo_pixels);
  const double share =
      static_cast<double>(budget.photo_pixels) / static_cast<double>(kBudgetReferencePixels);
  budget.seconds =
      std::clamp(share * kBudgetReferenceSeconds, kBudgetMinSeconds, kBudgetMaxSeconds);
  budget.bytes = static_cast<std::int64_t>(
      std::clamp(share * static_cast<double>(kBudgetReferenceBytes),
                 static_cast<double>(kBudgetMinBytes), static_cast<double>(kBudgetMaxBytes)));
  return budget;
}

AnalysisBudget BudgetFor(AnalysisKind kind, std::int64_t photo_pixels) {
  AnalysisBudget budget = BudgetForPixels(photo_pixels);
  if (kind == AnalysisKind::kTrichoscopy) budget.seconds *= kTrichoscopyTimeFactor;
  return budget;
}

std::int64_t EstimatePeakBytes(AnalysisKind kind, std::int64_t input_pixels,
                               std::int64_t working_pixels) {
  const MemoryFactors f = FactorsFor(kind);
  return static_cast<std::int64_t>(
      f.fixed_bytes +
      f.per_input_px * static_cast<double>(std::max<std::int64_t>(0, input_pixels)) +
      f.per_working_px * static_cast<double>(std::max<std::int64_t>(0, working_pixels)));
}

Result<AnalysisPlan> FitBudget(AnalysisKind kind, cv::Size photo, std::int64_t input_pixels,
                               cv::Size working) {
  if (photo.width <= 0 || photo.height <= 0 || working.width <= 0 || working.height <= 0) {
    return InvalidArgument("image", "has no pixels");
  }
  AnalysisPlan plan;
  plan.kind = kind;
  plan.photo_size = photo;
  plan.working_size = working;
  const std::int64_t photo_pixels = static_cast<std::int64_t>(photo.width) * photo.height;
  const std::int64_t working_pixels = static_cast<std::int64_t>(working.width) * working.height;
  plan.budget = BudgetFor(kind, photo_pixels);
  plan.estimated_bytes = EstimatePeakBytes(kind, input_pixels, working_pixels);
  if (plan.estimated_bytes > plan.budget.bytes) {
    return MakeError(
        ErrorCode::kTooLarge,
        fmt::format("a {}x{} photo ({:.1f} MP) needs about {:.0f} MB for {} at {}x{}; the budget "
                    "allows {:.0f} MB (1 GB per 12 MP, at least {:.0f} MB, at most {:.0f} MB)",
                    photo.width, photo.height, Megapixels(photo_pixels),
                    static_cast<double>(plan.estimated_bytes) / 1e6, AnalysisKindName(kind),
                    working.width, working.height, plan.budget.megabytes(),
                    static_cast<double>(kBudgetMinBytes) / 1e6,
                    static_cast<double>(kBudgetMaxBytes) / 1e6),
        "image");
  }
  return plan;
}

const AnalysisClock& SteadyAnalysisClock() {
  class SteadyClock : public AnalysisClock {
   public:
    double NowSeconds() const override {
      return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
          .count();
    }
  };
  static const SteadyClock clock;
  return clock;
}

double FakeAnalysisClock::NowSeconds() const {
  if (++reads_ == jump_after_reads_) now_seconds_ += jump_seconds_;
  return now_seconds_;
}

Deadline::Deadline(AnalysisKind kind, const AnalysisBudget& budget, const AnalysisClock& clock)
    : kind_(kind), budget_(budget), clock_(&clock), start_seconds_(clock.NowSeconds()) {}

bool Deadline::Expired() const {
  if (!expired_) expired_ = clock_->NowSeconds() - start_seconds_ > budget_.seconds;
  return expired_;
}

Result<void> Deadline::Check() const {
  if (Expired()) return tl::unexpected(Exceeded());
  return {};
}

Error Deadline::Exceeded() const {
  return Error{
      ErrorCode::kTooLarge,
      fmt::format("{} stopped after {:.1f} s, the time budget for a {:.1f}-MP photo",
                  AnalysisKindName(kind_), budget_.seconds, Megapixels(budget_.photo_pixels)),
      "image"};
}

}  // namespace tricholog::imaging
