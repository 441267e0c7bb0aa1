// Per-view scalp analysis (issue item 3): the scalp mask and the hair-loss mask of one
// photo, the figures derived from them (percent hair loss, areas, coverage, zones), the
// quality gate, user-corrected masks, and SALT from the four SALT views.
//
// Figures are pixel counts at the size of the oriented photo (full resolution), equal to
// the counts in the masks written by `analyze scalp --masks-out`. Segmentation runs on a
// copy of about 1 megapixel (decoded at reduced scale for large JPEGs); the full-size
// masks are its nearest-neighbour upsampling, counted without being built (each working
// pixel weighs the full pixels it covers) and built only when written. Coverage (a
// relative density index) is measured at the working scale.
// Pure: no I/O, deterministic, thread-safe.
#ifndef TRICHOLOG_IMAGING_SCALP_VIEW_H_
#define TRICHOLOG_IMAGING_SCALP_VIEW_H_

#include <cstdint>
#include <opencv2/core.hpp>
#include <optional>
#include <vector>

#include "core/error.h"
#include "core/salt_score.h"
#include "imaging/analysis_budget.h"
#include "imaging/image_decode.h"
#include "imaging/quality_gate.h"
#include "imaging/scalp_segmentation.h"
#include "imaging/scalp_zones.h"
#include "imaging/view_confidence.h"

namespace tricholog::imaging {

// Figures for one zone of one view.
struct ZoneFigures {
  ScalpZone zone = ScalpZone::kFrontal;
  std::int64_t area_px = 0;          // scalp pixels of the zone, full resolution
  double hair_loss_percent = 0;      // loss / area x 100; 0 when the area is 0
  double hair_coverage_percent = 0;  // share of the zone's scalp showing hair strands
  // How much of the zone's skin the hair hides, 0..100 (hair_density.h): rises with the hair;
  // empty when the photo gave no skin or hair colour to measure it against.
  std::optional<double> hair_density_index;
};

// Figures for one view.
struct ScalpViewFigures {
  std::int64_t scalp_area_px = 0;      // full resolution
  std::int64_t hair_loss_area_px = 0;  // loss pixels inside the scalp, full resolution
  double hair_loss_percent = 0;        // loss / scalp x 100, 0..100 (0 when the scalp is empty)
  double hair_coverage_percent = 0;    // share of the scalp showing hair strands, 0..100
  std::optional<double> hair_density_index;  // as ZoneFigures', over the whole view
  std::vector<ZoneFigures> zones;      // ZonesOfView(view), in that order
};

// User-corrected masks (CV_8UC1, nonzero = in, exactly the oriented photo's full size).
// Either may be empty; a given mask replaces the automatic one in every figure.
struct MaskCorrection {
  cv::Mat scalp;
  cv::Mat loss;
};

struct ScalpViewResult {
  ScalpView view = ScalpView::kTop;
  ScalpViewFigures figures;
  // Automatic masks at the working scale (about 1 MP), CV_8UC1 0/255, loss inside scalp.
  // Full-resolution masks are made only when asked for (FullScalpMask / FullLossMask).
  cv::Mat scalp_mask;
  cv::Mat loss_mask;
  cv::Size full_size;   // the oriented photo's size (the size of the full masks)
  HeadEllipse head;     // full-resolution coordinates
  double head_fit = 0;  // share of the head outline on the fitted ellipse, 0..1
  // Front view: how far the hairline was moved from the template (head radii, positive =
  // lower), placed from where dense strands end; 0 for the other views or a user scalp.
  double hairline_shift = 0;
  bool scalp_corrected = false;
  bool loss_corrected = false;
  cv::Mat user_scalp;  // the user's masks (full size, 0/255) when corrected, else empty
  cv::Mat user_loss;
  QualityReport quality;
  // How far the automatic loss figure can be trusted: its interval, and for a view that
  // cannot be measured a verdict instead of a number (view_confidence.h). A user-corrected
  // loss mask is certain.
  ViewConfidence confidence;
  // Where segmentation ran (about 1 MP) and the budget the analysis ran under
  // (analysis_budget.h).
  cv::Size working_size;
  AnalysisBudget budget;

  // The masks at full_size, CV_8UC1 0/255: the user's mask where corrected, else the
  // working-scale mask upsampled by nearest neighbour. The loss mask is always inside the
  // scalp mask. The figures' pixel counts are exactly the counts of these masks.
  cv::Mat FullScalpMask() const;
  cv::Mat FullLossMask() const;
};

// The scale denominator (1, 2, 4 or 8) at which a photo of this full size should be
// decoded for analysis: the largest that keeps the long side at 800 px or more.
int AnalysisScaleDenominator(int full_width, int full_height);

// The size segmentation runs at for a decoded image of `input` pixels: the input itself up
// to a long side of 1200 px, else reduced to a long side of 1024 px (aspect kept).
cv::Size ScalpWorkingSize(cv::Size input);

// The plan for a photo of `photo` pixels (full, oriented) decoded to `input` pixels (reduced
// for large JPEGs: AnalysisScaleDenominator; other formats decode at full size), settled
// before decoding it. Segmentation always runs reduced (ScalpWorkingSize), so only the
// decoded photo itself can outgrow the budget: kTooLarge on "image" when it does.
Result<AnalysisPlan> PlanScalpView(cv::Size photo, cv::Size input);

// Analyses one decoded photo of `view`. `image.bgr` may be reduced (scale_denominator);
// full_width/full_height give the mask size. The work is bounded (analysis_budget.h): the
// time budget is measured on `clock`. Errors: kInvalidArgument naming "scalp_mask" /
// "loss_mask" when a correction is not 8-bit single-channel or not full_width x
// full_height; kNotFound when no head can be located and no scalp correction is given;
// kTooLarge on "image" when the photo does not fit its memory budget (PlanScalpView) or the
// analysis ran past its time budget; kInternal when OpenCV fails.
Result<ScalpViewResult> AnalyzeScalpView(const DecodedImage& image, ScalpView view,
                                         const MaskCorrection& correction = {},
                                         const AnalysisClock& clock = SteadyAnalysisClock());

// `mask` (CV_8UC1) upsampled to `size` by nearest neighbour, 0/255.
cv::Mat UpscaleMaskNearest(const cv::Mat& mask, cv::Size size);

// Convenience for an in-memory full-size photo (CV_8UC3).
Result<ScalpViewResult> AnalyzeScalpPhoto(const cv::Mat& bgr, ScalpView view,
                                          const MaskCorrection& correction = {});

// Counts the figures from full-size masks: `scalp`, `loss` (intersected with scalp) and
// `zone_labels` (ScalpZone values) all of one size; `strand` (255 = strand pixel) and
// `work_scalp` at the working scale give coverage. Used when the user corrected a mask.
ScalpViewFigures MeasureScalpView(ScalpView view, const cv::Mat& scalp, const cv::Mat& loss,
                                  const cv::Mat& zone_labels, const cv::Mat& strand,
                                  const cv::Mat& work_scalp, const cv::Mat& work_zone_labels);

// SALT from the percent hair loss of the four SALT views (Olsen 2004, JAAD 51:440:
// top 0.40, back 0.24, left 0.18, right 0.18), with its AA-IGA band. Fails naming the view
// when a percent is outside 0..100.
Result<SaltScore> SaltFromViews(const ScalpViewFigures& top, const ScalpViewFigures& back,
                                const ScalpViewFigures& left, const ScalpViewFigures& right);

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_SCALP_VIEW_H_
