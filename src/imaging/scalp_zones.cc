#include "imaging/scalp_zones.h"

namespace tricholog::imaging {

std::string_view ScalpZoneName(ScalpZone zone) {
  switch (zone) {
    case ScalpZone::kFrontal:
      return "frontal";
    case ScalpZone::kMidScalp:
      return "mid_scalp";
    case ScalpZone::kVertex:
      return "vertex";
    case ScalpZone::kOccipital:
      return "occipital";
    case ScalpZone::kLeftTemporoparietal:
      return "left_temporoparietal";
    case ScalpZone::kRightTemporoparietal:
      return "right_temporoparietal";
  }
  return "frontal";
}

std::vector<ScalpZone> ZonesOfView(ScalpView view) {
  switch (view) {
    case ScalpView::kTop:
      return {ScalpZone::kFrontal, ScalpZone::kMidScalp, ScalpZone::kVertex};
    case ScalpView::kBack:
      return {ScalpZone::kVertex, ScalpZone::kOccipital};
    case ScalpView::kLeft:
      return {ScalpZone::kLeftTemporoparietal};
    case ScalpView::kRight:
      return {ScalpZone::kRightTemporoparietal};
    case ScalpView::kFront:
      return {ScalpZone::kFrontal};
  }
  return {};
}

cv::Mat DrawZoneLabels(ScalpView view, const HeadEllipse& ellipse, cv::Size size) {
  cv::Mat labels(size, CV_8U);
  for (int y = 0; y < size.height; ++y) {
    double v = (y + 0.5 - ellipse.center_y) / ellipse.radius_y;
    ScalpZone zone = ScalpZone::kFrontal;
    switch (view) {
      case ScalpView::kTop:
        zone = v > 0.25 ? ScalpZone::kFrontal
                        : (v < -0.25 ? ScalpZone::kVertex : ScalpZone::kMidScalp);
        break;
      case ScalpView::kBack:
        zone = v < -0.2 ? ScalpZone::kVertex : ScalpZone::kOccipital;
        break;
      case ScalpView::kLeft:
        zone = ScalpZone::kLeftTemporoparietal;
        break;
      case ScalpView::kRight:
        zone = ScalpZone::kRightTemporoparietal;
        break;
      case ScalpView::kFront:
        zone = ScalpZone::kFrontal;
        break;
    }
    labels.row(y).setTo(static_cast<int>(zone));
  }
  return labels;
}

}  // namespace tricholog::imaging
