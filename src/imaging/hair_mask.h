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
};

// Returns a CV_8UC1 mask the size of `bgr`, 255 where the pixel is hair and 0 elsewhere.
// `bgr` must be CV_8UC3 (any size of at least 16x16 pixels). A flat or textureless image gives
// an empty mask. Errors: an empty or wrongly typed image, one smaller than 16x16, or options
// out of range (kInvalidArgument naming the field); an OpenCV failure (kInternal).
// Pure: no I/O; safe to call from several threads at once.
Result<cv::Mat> ComputeHairMask(const cv::Mat& bgr, const HairMaskOptions& options = {});

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_HAIR_MASK_H_
