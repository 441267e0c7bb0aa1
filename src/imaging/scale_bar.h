// Reading the scale of a close-up from a scale bar burned into the image.
//
// Assumption (documented in docs/trichoscopy.md): the bar is a thin (1-3 px), perfectly
// horizontal line, clearly darker or lighter than the rows 3 px above and below it, at
// least 100 px long, in the lower half of the frame, and it stands for `bar_length_um`
// (1.0 mm on the 70x videodermoscope images this was written for, whose bar is labelled
// "1.0 mm"). Hairs are thicker than 3 px at that magnification, so they do not qualify.
#ifndef TRICHOLOG_IMAGING_SCALE_BAR_H_
#define TRICHOLOG_IMAGING_SCALE_BAR_H_

#include <opencv2/core.hpp>
#include <optional>

namespace tricholog::imaging {

struct ScaleBar {
  int x0 = 0, x1 = 0, y = 0;  // the bar runs from x0 to x1 (inclusive) on row y
  double um_per_px = 0;       // bar_length_um / (x1 - x0 + 1)
};

// Finds the longest qualifying horizontal bar; nullopt when there is none. `bgr` CV_8UC3.
std::optional<ScaleBar> FindScaleBar(const cv::Mat& bgr, double bar_length_um = 1000.0);

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_SCALE_BAR_H_
