// Trichoscopy (dermoscope / macro close-up) analysis: finds every hair shaft in the field,
// measures its width and length in micrometres, and summarises density and the
// vellus / terminal split.
//
// Method (classical, parameters in µm so they hold at any magnification):
//   1. darkness = local background (morphological closing, 300 µm) - grey level; hair =
//      darkness above a threshold relative to the field's contrast.
//   2. The hair mask is thinned to a skeleton and turned into a graph (junction clusters
//      merged within a hair width, spurs shorter than a hair width pruned).
//   3. Shafts are traced through the graph by good continuation: at each junction a shaft
//      continues along the branch that turns least (< 35°), so two crossing hairs stay two
//      hairs and a hair ending against another ends there.
//   4. Each shaft's width = median over its centre line (away from junctions) of the full
//      width at half of the centre-line darkness; length = centre-line length. A shaft wider
//      than any single hair (130 µm) is a multi-hair unit lying side by side and counts as
//      width / 70 µm hairs. Blobs shorter than 2.5 widths (yellow and black dots, debris)
//      and winding lines (ends closer than half the length: creases, scale) are not hairs.
//   5. The count. Two estimates: the number of traced shafts, and the learned counter's sum
//      of its density of hair-end marks over the field (hair_count_net.h; overlays left
//      out). By default (kCombined) the count is their mean: the traced count runs low and
//      the learned one high on real 70x fields, and their errors are only partly shared,
//      so the mean is closer than either on real fields and closer than the traced count on
//      rendered ones (docs/trichoscopy.md, step 10). Without the learned model the count is
//      the traced one. The vellus / terminal split applies the traced shafts' vellus share
//      to the count. `hairs` always lists the traced shafts.
// Known limits: hairs rooted outside the field that cross it are counted by the tracer
// (the root is not visible); two hairs sharing a root at a sharp angle can read as one.
#ifndef TRICHOLOG_IMAGING_TRICHOSCOPY_H_
#define TRICHOLOG_IMAGING_TRICHOSCOPY_H_

#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "imaging/analysis_budget.h"

namespace tricholog::imaging {

enum class HairCountMethod {
  kTraced,    // the traced shafts
  kLearned,   // the learned counter alone (closest on rendered fields, high on real ones)
  kCombined,  // the mean of the two (the default)
};

// "traced", "learned" or "combined"; nullopt for any other name.
std::optional<HairCountMethod> ParseHairCountMethod(std::string_view name);
std::string_view HairCountMethodName(HairCountMethod method);

struct TrichoscopyOptions {
  // Micrometres per pixel of the image as given. Unset: read from a burned-in 1.0 mm
  // scale bar (see scale_bar.h), else kAssumedUmPerPx with scale_source "assumed".
  std::optional<double> um_per_px;
  // Shafts at most this wide are vellus (TrichoScan convention 40 µm, trichoscan.com;
  // 30 µm is the classical histological cut-off). Allowed 10 to 100.
  double vellus_max_um = 40.0;
  // How the hair count is made (step 5 above). kLearned and kCombined fall back to kTraced
  // when the learned counter's model is not available; TrichoscopyResult::count_method says
  // which was used.
  HairCountMethod count_method = HairCountMethod::kCombined;
  // The clock the time budget is measured on (analysis_budget.h); null: the steady clock.
  const AnalysisClock* clock = nullptr;
};

// Used when no scale is given and no scale bar is found: a 70x videodermoscope at
// 1280 x 1024 px, measured from the 1.0 mm bar burned into such images (360 px).
inline constexpr double kAssumedUmPerPx = 1000.0 / 360.0;

struct TrichoscopyHair {
  double x = 0, y = 0;              // one end of the shaft, in pixels of the input image
  double other_x = 0, other_y = 0;  // the other end
  double width_um = 0;
  double length_um = 0;
  bool vellus = false;
};

struct TrichoscopyResult {
  int hair_count = 0;
  std::string count_method;    // "combined", "learned" or "traced" (HairCountMethodName)
  int traced_shaft_count = 0;  // hairs found by tracing (the size of `hairs`)
  // The learned counter's estimate, unrounded; unset when its model is not available.
  std::optional<double> learned_count;
  double density_per_cm2 = 0;  // hair_count / field area
  int vellus_count = 0;
  int terminal_count = 0;
  double vellus_percent = 0;  // 0 when no hair was found
  double mean_width_um = 0;   // 0 when no hair was found
  double um_per_px = 0;
  std::string scale_source;  // "given", "scale_bar" or "assumed"
  double field_area_cm2 = 0;
  double vellus_max_um = 40;
  // Shaft counts per 10 µm width bin: [0,10), [10,20), ... [140,150), >= 150 (16 bins).
  std::vector<int> width_histogram;
  std::vector<TrichoscopyHair> hairs;
  cv::Mat hair_mask;  // CV_8UC1, 255 = hair, size of the input
  // The rows analysed (the frame less device strips along its top and bottom edge).
  cv::Rect field_rows{};
  // The learned counter's marks (hairs per cell, CV_32F) over `field_rows` at
  // learned_density_um per cell; empty when the learned count was not made.
  cv::Mat learned_density;
  double learned_density_um = 0;
  // Where the analysis ran (always the input's size: shaft widths are measured in pixels, so
  // trichoscopy does not reduce) and the budget it ran under (analysis_budget.h).
  cv::Size working_size;
  AnalysisBudget budget;
};

// The plan for a close-up of `photo` pixels, settled before decoding or analysing it:
// trichoscopy runs at full size, so the estimate is checked against the budget and a photo
// that does not fit is refused (kTooLarge on "image", naming the pixels and the budget).
Result<AnalysisPlan> PlanTrichoscopy(cv::Size photo);

// Analyses one close-up `bgr` (CV_8UC3, at least 64 x 64). Errors: kInvalidArgument for
// an empty/wrong-type image or an out-of-range option (field "um_per_px" allowed 0.1 to
// 100; "vellus_max_um" allowed 10 to 100); kTooLarge on "image" when the photo does not fit
// its memory budget (PlanTrichoscopy) or the analysis ran past its time budget.
// Deterministic (given a clock that does not expire); no I/O.
Result<TrichoscopyResult> AnalyzeTrichoscopy(const cv::Mat& bgr,
                                             const TrichoscopyOptions& options = {});

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_TRICHOSCOPY_H_
