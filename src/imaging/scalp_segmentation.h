// Where the scalp is in one photo of a standard view: the head outline and, from it, the
// scalp region (where hair should grow; not face, ears, neck or background).
//
// Method (classical, no trained weights; see docs/scalp-analysis.md):
//   1. Head silhouette. At a fixed working size (512 px on the long side) the band-pass
//      texture energy of the CIELAB image separates the head (skin mottling, hair strands,
//      its outline) from a smooth background; the largest textured region, holes filled,
//      is the head with neck and stray hair.
//   2. Head ellipse. An axis-aligned ellipse is fitted by RANSAC to the silhouette outline
//      (the neck's straight sides and stray hair are outliers).
//   3. Scalp region. Each view has a template drawn in the ellipse's normalised
//      coordinates: the hair-bearing cap as seen from the top, the back, each side (the
//      face and ear cut away) and the front (the band above the hairline).
// Pure: no I/O, deterministic, thread-safe.
#ifndef TRICHOLOG_IMAGING_SCALP_SEGMENTATION_H_
#define TRICHOLOG_IMAGING_SCALP_SEGMENTATION_H_

#include <array>
#include <opencv2/core.hpp>
#include <string_view>

#include "core/error.h"

namespace tricholog::imaging {

// The five views of the photo protocol. The first four make up SALT; the front view
// shows the hairline.
enum class ScalpView { kTop, kBack, kLeft, kRight, kFront };

inline constexpr std::array<ScalpView, 5> kAllScalpViews = {
    ScalpView::kTop, ScalpView::kBack, ScalpView::kLeft, ScalpView::kRight, ScalpView::kFront};

// "top", "back", "left", "right", "front".
std::string_view ScalpViewName(ScalpView view);

// Parses a view name (as above). kInvalidArgument naming `field` for anything else.
Result<ScalpView> ParseScalpView(std::string_view name, std::string_view field = "view");

// An axis-aligned ellipse in pixel coordinates of some image.
struct HeadEllipse {
  double center_x = 0;
  double center_y = 0;
  double radius_x = 0;
  double radius_y = 0;

  // The same ellipse in an image `factor` times larger.
  HeadEllipse Scaled(double factor) const;
};

// The head found in a photo, in the coordinates of the image passed in.
struct HeadGeometry {
  cv::Mat silhouette;  // CV_8UC1, 255 on the head (with neck and stray hair)
  HeadEllipse ellipse;
  double fit_inlier_fraction = 0;  // share of the outline within 2 % of the ellipse
};

// Finds the head in `bgr` (CV_8UC3, at least 64x64). kNotFound when no head-sized
// textured region stands out from the background (an empty or flat photo, or a head that
// fills the frame so no outline is visible).
Result<HeadGeometry> FindHead(const cv::Mat& bgr);

// The templates' outer edge lies this much further out than the first estimate (0.88 of
// the fitted head radius; 0.84 x 0.83 in the top view). On the even-numbered shared cases
// the truth's outer edge lay at 1.015 times the template's radius in the fitted ellipse's
// coordinates (median over each view's outline, mean over the views; all 50 views: 1.014):
// the head ellipse, fitted to where the band-pass texture stops, sits a little inside the
// outline. Scalp IoU 0.943 -> 0.957 (docs/scalp-analysis.md, step 3).
inline constexpr double kScalpOuterCalibration = 1.015;
inline constexpr double kScalpOuterRadius = 0.88 * kScalpOuterCalibration;

// The scalp region of `view` for a head `ellipse`, as a CV_8UC1 mask (255 = scalp) of
// `size`. Pure geometry; the head may be partly outside the frame. `hairline_shift` moves
// the front view's hairline down (positive) or up, in units of the head's vertical
// radius; the other views ignore it.
cv::Mat DrawScalpRegion(ScalpView view, const HeadEllipse& ellipse, cv::Size size,
                        double hairline_shift = 0.0);

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_SCALP_SEGMENTATION_H_
