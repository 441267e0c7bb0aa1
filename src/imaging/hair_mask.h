// Hair versus everything else on an ordinary photograph (issue item 4).
//
// Classical, per-image method, no trained weights: hair is where the image has fine texture
// spread over whole locks (strands), and colour decides the rest. The steps:
//   1. work on a copy reduced to at most `work_pixels` pixels;
//   2. score each pixel by strand texture (local gradient energy times how evenly the
//      gradients fill a window the size of a lock of hair), weighted towards the frame's centre;
//   3. seed "probably hair" where the score is high and "probably not" where it is low; smooth
//      skin-coloured areas (faces, necks), green or blue colours, which no natural hair
//      has, and the untextured edges of the frame are certain background;
//   4. let GrabCut (colour mixture models + graph cut, on YCrCb with the chroma stretched)
//      settle the labels, which also takes in untextured hair of the same colour as the
//      textured hair (dark hair in shadow);
//   5. keep only the parts that contain certain-hair seeds and scale the mask back up.
// When OpenCV's face cascade finds a face, the face's middle is certain background and hair
// seeds away from the head no longer count (hair hangs from the head).
// Weakest where hair colour is close to skin or background and where the background is itself
// finely textured (foliage, knitwear); see docs/hair-mask.md for measured figures.
#ifndef TRICHOLOG_IMAGING_HAIR_MASK_H_
#define TRICHOLOG_IMAGING_HAIR_MASK_H_

#include <opencv2/core.hpp>
#include <string>

#include "core/error.h"
#include "imaging/analysis_budget.h"

namespace tricholog::imaging {

struct HairMaskOptions {
  // The analysis runs on a copy with at most this many pixels (aspect kept), then the mask is
  // scaled back up. Allowed 10'000 to 4'000'000.
  int work_pixels = 160'000;
  // GrabCut refinement iterations; 0 keeps the texture-only mask. Allowed 0 to 10.
  int refine_iterations = 4;
  // Folder holding OpenCV's haarcascades/ (Debian's opencv-data package). When its frontal-face
  // cascade loads, a confirmed face anchors the mask: its middle is never hair and hair seeds
  // far from every head stop counting. Empty, or no cascade there: no face prior (the mask is
  // then what texture and colour alone give).
  std::string face_cascade_dir = "/usr/share/opencv4";
  // The clock the time budget is measured on (analysis_budget.h); null: the steady clock.
  const AnalysisClock* clock = nullptr;
};

// A hair mask and how it was made.
struct HairMaskResult {
  cv::Mat mask;           // CV_8UC1 the size of the input, 255 = hair
  cv::Size working_size;  // where the texture and colour analysis ran (<= work_pixels)
  AnalysisBudget budget;  // the budget it ran under (analysis_budget.h)
};

// The size the analysis runs at for an input of `input` pixels: the input when it has at
// most options.work_pixels pixels, else reduced to about that many (aspect kept).
cv::Size HairMaskWorkingSize(cv::Size input, const HairMaskOptions& options = {});

// The plan for a photo of `photo` pixels, settled before decoding it: the analysis itself
// runs reduced, so only the photo and its full-size mask can outgrow the budget (kTooLarge
// on "image" when they do).
Result<AnalysisPlan> PlanHairMask(cv::Size photo, const HairMaskOptions& options = {});

// Returns a CV_8UC1 mask the size of `bgr`, 255 where the pixel is hair and 0 elsewhere.
// `bgr` must be CV_8UC3 (any size of at least 16x16 pixels). A flat or textureless image gives
// an empty mask. Errors: an empty or wrongly typed image, one smaller than 16x16, or options
// out of range (kInvalidArgument naming the field); an OpenCV failure (kInternal); a photo
// that does not fit its memory budget or an analysis that ran past its time budget
// (kTooLarge on "image", analysis_budget.h).
// Pure: no I/O; safe to call from several threads at once (with a thread-safe clock).
Result<HairMaskResult> AnalyzeHairMask(const cv::Mat& bgr, const HairMaskOptions& options = {});

// AnalyzeHairMask's mask alone.
Result<cv::Mat> ComputeHairMask(const cv::Mat& bgr, const HairMaskOptions& options = {});

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_HAIR_MASK_H_
