// Scalp zones: which part of the scalp each pixel of a view shows, so that coverage can be
// reported per zone as a relative density index (ordinary photos cannot resolve hairs/cm²).
//
// Zones and the views that show them (v is the vertical coordinate normalised by the head
// ellipse, -1 at the top of the head outline, +1 at the bottom; see docs/scalp-analysis.md):
//   top view   frontal (v > 0.25, towards the face), mid_scalp (-0.25..0.25), vertex (v < -0.25)
//   back view  vertex (v < -0.2), occipital (below)
//   left view  left_temporoparietal;  right view  right_temporoparietal
//   front view frontal (the band above the hairline)
// Pure geometry: no I/O, thread-safe.
#ifndef TRICHOLOG_IMAGING_SCALP_ZONES_H_
#define TRICHOLOG_IMAGING_SCALP_ZONES_H_

#include <opencv2/core.hpp>
#include <string_view>
#include <vector>

#include "imaging/scalp_segmentation.h"

namespace tricholog::imaging {

enum class ScalpZone : std::uint8_t {
  kFrontal = 1,
  kMidScalp = 2,
  kVertex = 3,
  kOccipital = 4,
  kLeftTemporoparietal = 5,
  kRightTemporoparietal = 6,
};

// "frontal", "mid_scalp", "vertex", "occipital", "left_temporoparietal",
// "right_temporoparietal".
std::string_view ScalpZoneName(ScalpZone zone);

// The zones `view` shows, in report order.
std::vector<ScalpZone> ZonesOfView(ScalpView view);

// A CV_8UC1 label image of `size`: each pixel holds the ScalpZone value it belongs to in
// `view` for a head `ellipse` (every pixel gets a zone of the view; intersect with the
// scalp mask to measure).
cv::Mat DrawZoneLabels(ScalpView view, const HeadEllipse& ellipse, cv::Size size);

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_SCALP_ZONES_H_
