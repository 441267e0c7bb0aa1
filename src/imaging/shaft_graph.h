// From a binary hair mask to individual hair shafts: thinning, a skeleton graph with
// merged junctions and pruned spurs, and shaft tracing by good continuation through
// crossings. Used by trichoscopy.cc; pure and deterministic.
#ifndef TRICHOLOG_IMAGING_SHAFT_GRAPH_H_
#define TRICHOLOG_IMAGING_SHAFT_GRAPH_H_

#include <opencv2/core.hpp>
#include <vector>

#include "imaging/analysis_budget.h"

namespace tricholog::imaging {

// One traced shaft, in pixels.
struct Shaft {
  cv::Point2d end;        // one end of the centre line
  cv::Point2d other_end;  // the other end
  double length_px = 0;   // centre-line length, junction gaps bridged
  double width_px = 0;    // median full width at half maximum across the centre line
};

// Zhang & Suen 1984 thinning (CACM 27:236) of `mask` (CV_8UC1, nonzero = foreground);
// returns a CV_8UC1 skeleton with 255 on the centre lines. When `deadline` (may be null)
// expires between two thinning sweeps, the thinning stops there and the partial result is
// returned (the caller checks the deadline).
cv::Mat ThinMask(const cv::Mat& mask, const Deadline* deadline = nullptr);

// Every shaft in `mask` (CV_8UC1, 255 = hair), each traced from a free end of the
// skeleton. Two shafts crossing at more than 35° are two shafts; a shaft whose end
// touches another ends there; a closed loop with no free end is not a shaft. No length
// filter is applied.
// `darkness` (CV_8UC1, same size, hair contrast against the skin) gives each shaft's
// width as the full width at half of the centre-line contrast, measured across the
// shaft (independent of where the mask threshold cut the blurred edge).
// `deadline` (may be null) is read between the stages and inside the long loops; once it
// has expired the tracing stops and returns what it has, which the caller must discard
// (deadline->Check() fails).
std::vector<Shaft> TraceShafts(const cv::Mat& mask, const cv::Mat& darkness,
                               const Deadline* deadline = nullptr);

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_SHAFT_GRAPH_H_
