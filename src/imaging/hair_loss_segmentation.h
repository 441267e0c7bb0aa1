// Hair loss inside the scalp region of one view: which scalp pixels have no hair rooted
// there, and how much hair covers the scalp.
//
// Method (classical; thresholds are relative to the photo itself, so hair and skin of any
// colour are handled the same way; see docs/scalp-analysis.md):
//   1. strand response: per pixel, how far the CIELAB colour departs from its 1.5-px
//      Gaussian neighbourhood (hair strands are thin lines; skin and bald scalp are smooth
//      at that scale whatever their colour);
//   2. hair density: the strand response averaged over a window of about 2.4 % of the head
//      radius, the scale of a small alopecia areata patch;
//   3. reference levels from the same photo: bare skin (10th percentile over the head:
//      face, neck, ears, bald patches) and full hair (90th percentile over the scalp);
//   4. loss where the density is below 0.45 of the hair level; when the hair level is not
//      three times the skin level (the scalp is no more textured than skin), all of it is loss;
//   5. opening and closing at the patch scale and dropping specks below 0.15 % of the
//      scalp, so stray strands over a patch do not split it and normal views stay clean;
//      the front view's scalp has its hairline placed from the photo (EstimateHairlineShift);
//   6. strands rooted upstream lie over a patch's upstream part, so each bare component is
//      grown against the hair flow (up in the back, side and front views; towards the crown
//      in the top view) by 6 % of the head radius.
// Pure: no I/O, deterministic, thread-safe.
#ifndef TRICHOLOG_IMAGING_HAIR_LOSS_SEGMENTATION_H_
#define TRICHOLOG_IMAGING_HAIR_LOSS_SEGMENTATION_H_

#include <opencv2/core.hpp>

#include "imaging/scalp_segmentation.h"

namespace tricholog::imaging {

struct HairLossMaps {
  cv::Mat loss;           // CV_8UC1, 255 where the scalp has lost its hair (a subset of the scalp)
  cv::Mat strand;         // CV_8UC1, 255 on pixels that show a hair strand (anywhere in the image)
  double hair_level = 0;  // reference density of full hair (CIELAB units)
  double skin_level = 0;  // reference density of bare skin (CIELAB units)
};

// The strand response of a photo and its local average, computed once per photo: they do
// not depend on where the scalp is, so the front view's hairline can be placed from them
// before the loss is segmented inside it.
struct HairTexture {
  cv::Mat response;   // CV_32F, per-pixel departure of the colour from its neighbourhood
  cv::Mat density;    // CV_32F, `response` averaged at the scale of a small patch
  cv::Mat strand;     // CV_8UC1, 255 on strand pixels (response above 3x bare skin's)
  cv::Mat head_core;  // CV_8UC1, the head silhouette eroded by 3 % of the head radius
  double skin_pixel_level = 0;
};

// Clears the 8-connected components of `mask` (CV_8UC1) smaller than `min_area_px` pixels.
void DropSmallComponents(cv::Mat& mask, double min_area_px);

// `lab`: 8-bit CIELAB photo; `silhouette`: the head (CV_8UC1, same size).
HairTexture MeasureHairTexture(const cv::Mat& lab, const cv::Mat& silhouette,
                               const HeadEllipse& head);

// How far the front view's hairline lies below (positive) or above the template's, in
// units of the head's vertical radius (for DrawScalpRegion), from where dense strands end
// along the columns of the middle of the head; 0 when too little hair is left on the
// template scalp (`front_scalp`) to show a hairline. See docs/scalp-analysis.md.
double EstimateHairlineShift(const HairTexture& texture, const cv::Mat& front_scalp,
                             const HeadEllipse& head);

// The loss segmentation below, from a texture already measured.
HairLossMaps SegmentHairLossFromTexture(const HairTexture& texture, const cv::Mat& scalp,
                                        const HeadEllipse& head, ScalpView view);

// Segments hair loss in `bgr` (CV_8UC3) inside `scalp` (CV_8UC1 of the same size), using
// the head's `silhouette` (same size) for the skin reference, `head` for the scale and
// `view` for the direction of hair flow.
// An empty scalp gives an empty loss mask.
HairLossMaps SegmentHairLoss(const cv::Mat& bgr, const cv::Mat& scalp, const cv::Mat& silhouette,
                             const HeadEllipse& head, ScalpView view);

// The same from the photo's 8-bit CIELAB image (cv::COLOR_BGR2Lab of the CV_8UC3 photo),
// for callers that share that image with other steps (the quality gate).
HairLossMaps SegmentHairLossLab(const cv::Mat& lab, const cv::Mat& scalp, const cv::Mat& silhouette,
                                const HeadEllipse& head, ScalpView view);

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_HAIR_LOSS_SEGMENTATION_H_
