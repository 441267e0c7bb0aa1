// Comparison of two photos of the same view taken at different sessions (issue item 6):
// registration, change per zone, and an overlay showing where hair was gained or lost.
//
// Registration: the "before" photo is first mapped onto the "after" one by the head
// ellipses found in both (scale and shift), then refined by ECC maximisation (Evangelidis
// & Psarakis 2008, OpenCV findTransformECC, affine) on the scalp region. When ECC does not
// converge or lowers the correlation, the ellipse alignment is kept.
// Pure: no I/O, deterministic, thread-safe.
#ifndef TRICHOLOG_IMAGING_PHOTO_COMPARISON_H_
#define TRICHOLOG_IMAGING_PHOTO_COMPARISON_H_

#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "core/error.h"
#include "imaging/image_decode.h"
#include "imaging/scalp_view.h"

namespace tricholog::imaging {

struct ZoneChange {
  ScalpZone zone = ScalpZone::kFrontal;
  double hair_loss_percent_before = 0;
  double hair_loss_percent_after = 0;
  double hair_loss_change_points = 0;  // after - before (negative = regrowth)
  double hair_coverage_percent_before = 0;
  double hair_coverage_percent_after = 0;
  double hair_coverage_change_points = 0;  // after - before (positive = more hair)
};

struct PhotoComparison {
  ScalpView view = ScalpView::kTop;
  ScalpViewResult before;
  ScalpViewResult after;
  std::string registration_method;      // "ecc_affine" or "head_ellipse"
  double registration_correlation = 0;  // ECC correlation of the aligned scalps, -1..1
  double hair_loss_change_points = 0;   // after - before, whole view
  double gained_area_percent = 0;       // scalp (after) where loss became hair, % of scalp
  double lost_area_percent = 0;         // scalp (after) where hair became loss, % of scalp
  std::vector<ZoneChange> zones;
  cv::Mat overlay;  // CV_8UC3, the after photo at working scale: gained green, lost red, legend
  // CV_8UC3: the before photo registered onto the after photo (black outside it), and the after
  // photo itself, both at the overlay's size: the two sides of a before/after slider.
  cv::Mat before_aligned{};
  cv::Mat after_image{};
};

// Compares `before` and `after` (decoded photos of `view`). Errors from AnalyzeScalpView
// are passed on with the field prefixed "before." / "after.".
Result<PhotoComparison> ComparePhotos(const DecodedImage& before, const DecodedImage& after,
                                      ScalpView view);

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_PHOTO_COMPARISON_H_
