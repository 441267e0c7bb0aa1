// How far the automatic hair-loss figure of one scalp view can be trusted (issue 18): signs
// measured on the photo and its masks, the figure's interval, and, for a view the engine cannot
// measure, a verdict a patient can act on instead of a number.
//
// Signs (docs/scalp-analysis.md, "Confidence"):
//   - hair inside the loss: the share of the loss mask that shows strands, against the share
//     over the rest of the scalp. A bare patch shows few; a full head of thin or blurred hair
//     read as loss shows nearly as many as the hair around it;
//   - loss that follows the light: a plane fitted to the lightness over the scalp; when the
//     loss lies at one end of a strong gradient (area under the ROC curve of the plane's value
//     for loss against hair), the threshold read the shadow or the glare, not the hair;
//   - the two methods disagree: the classical mask and the learned mask on their own.
// The head outline's fit is recorded with them (bench CSV) but decides nothing yet.
// Pure: no I/O, deterministic, thread-safe.
#ifndef TRICHOLOG_IMAGING_VIEW_CONFIDENCE_H_
#define TRICHOLOG_IMAGING_VIEW_CONFIDENCE_H_

#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "imaging/quality_gate.h"
#include "imaging/scalp_segmentation.h"

namespace tricholog::imaging {

// What was measured; every share is 0..1, every percent 0..100.
struct ViewSigns {
  double loss_percent = 0;            // the final automatic mask, share of the scalp
  double classical_loss_percent = 0;  // the threshold mask alone
  double learned_loss_percent = -1;   // the learned mask alone; -1 without the net
  double methods_iou = -1;            // IoU of the two masks; -1 when both are empty or no net
  double strand_share_loss = 0;       // strand pixels inside the loss mask
  double strand_share_hair = 0;       // strand pixels over the rest of the scalp
  double light_ratio = 1;             // the fitted lightness plane, 95th / 5th percentile
  double light_auc = 0.5;             // loss against the plane's value, max(AUC, 1 - AUC)
  bool loss_on_bright_side = false;   // the loss lies where the plane is brighter
  // Back and side views: loss in strips along the scalp's lower edge (components lying mostly
  // within a tenth of the scalp's height of it), share of the scalp in percent. Such a strip is
  // either loss (an ophiasis band) or this person's natural hairline lying higher than the
  // scalp outline; a photo cannot tell which.
  double lower_edge_loss_percent = 0;
  double head_fit = 0;
};

// Why a view cannot be measured or is uncertain; a stable code and a message in plain words.
struct ViewVerdict {
  std::string code;     // "ok", "whole_view_unclear", "uneven_light", "hair_read_as_loss",
                        // "methods_disagree", "edge_strip", "corrected"
  std::string message;  // what the patient can do, in plain words
};

struct ViewConfidence {
  bool measurable = true;  // false: report no number for this view, show the verdict
  double confidence = 1;   // 0..1
  double loss_low = 0;     // the interval of hair_loss_percent, percent
  double loss_high = 0;
  ViewVerdict verdict;
  ViewSigns signs;
};

// The inputs the signs are measured from, all at the working scale.
struct ConfidenceInputs {
  ScalpView view = ScalpView::kTop;
  cv::Mat bgr;         // CV_8UC3
  cv::Mat scalp;       // CV_8UC1
  cv::Mat silhouette;  // CV_8UC1, the head
  cv::Mat strand;      // CV_8UC1, strand pixels
  cv::Mat classical;   // CV_8UC1, the threshold mask
  cv::Mat learned;     // CV_8UC1, the learned mask; empty without the net
  cv::Mat loss;        // CV_8UC1, the final automatic mask
  HeadEllipse head;    // working-scale coordinates
  double head_fit = 0;
};

ViewSigns MeasureViewSigns(const ConfidenceInputs& inputs);

// The decision from the signs (thresholds in view_confidence.cc, each with where it was chosen).
// A photo that fails the quality gate keeps the gate's own verdict and is judged like any other.
ViewConfidence JudgeView(const ViewSigns& signs, const QualityReport& quality, ScalpView view);

// A view whose loss mask the patient or physician drew: certain by definition.
ViewConfidence CorrectedViewConfidence(double loss_percent);

// SALT's interval from the four SALT views' intervals (Olsen 2004 weights: top 0.40, back 0.24,
// left 0.18, right 0.18); empty when a view is not measurable.
struct SaltInterval {
  double low = 0;
  double high = 0;
};
std::optional<SaltInterval> SaltIntervalFromViews(const ViewConfidence& top,
                                                  const ViewConfidence& back,
                                                  const ViewConfidence& left,
                                                  const ViewConfidence& right);

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_VIEW_CONFIDENCE_H_
