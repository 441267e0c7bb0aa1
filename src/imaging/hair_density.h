// A hair density index per scalp zone that rises with the hair (issue 18, item 5): how far the
// hair-bearing scalp looks from the person's own bare skin.
//
// A pixel of hair over skin is, to a good approximation, a mix of the two colours, and more
// hair moves more pixels, further, away from the skin's colour. So the index is the mean CIELAB
// colour difference (ΔE, CIE76) between each hair-bearing scalp pixel (the scalp less the loss
// mask) and the median colour of bare skin in the same photo, in CIELAB units, capped at 100.
// The skin is taken from the head outside the scalp (face, neck, ears: below the head's centre,
// scalp_view.cc) away from strands; when too little of it shows, and always in a top view, whose
// outside is mostly backdrop, from the bare patches. Blur, sensor noise and JPEG
// move single pixels but hardly move a mean over a zone, so the index follows the amount of
// hair while the photo's sharpness changes; the light's strength and colour do move it (both
// colours are measured under the same light, which cancels most of it), and how much is
// measured on repeat captures (docs/scalp-analysis.md, "Density index").
//
// Texture measures (the strand response and its share) were tried first and fall as dense dark
// hair closes into a smooth mass; the colour difference does not.
// Pure: no I/O, deterministic, thread-safe.
#ifndef TRICHOLOG_IMAGING_HAIR_DENSITY_H_
#define TRICHOLOG_IMAGING_HAIR_DENSITY_H_

#include <opencv2/core.hpp>

namespace tricholog::imaging {

struct HairContrast {
  cv::Mat delta_e;            // CV_32F, ΔE from the skin on hair-bearing scalp pixels, else 0
  cv::Mat hair_bearing;       // CV_8UC1, where delta_e is defined
  bool valid = false;         // false when no bare skin could be found to measure against
  int skin_reference_px = 0;  // sampled pixels the skin colour came from
};

// `lab`: 8-bit CIELAB (cv::COLOR_BGR2Lab); `scalp`, `skin` (bare skin outside the scalp),
// `loss`, `strand` CV_8UC1 of the same size.
HairContrast MeasureHairContrast(const cv::Mat& lab, const cv::Mat& scalp, const cv::Mat& skin,
                                 const cv::Mat& loss, const cv::Mat& strand);

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_HAIR_DENSITY_H_
