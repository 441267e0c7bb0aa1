// Synthetic scalp photographs drawn by the project itself (the demo patient's photos and
// tests of the analysis against exact truth).
//
// A head is an ellipsoid (half-widths 0.80 left-right, 1.0 front-back, 0.92 vertical, in
// units of the head radius). Places on the scalp are given in "scalp coordinates": azimuth
// around the vertical axis (0 deg = the face, 90 = the patient's left ear, 180 = the back,
// 270 = the right ear) and elevation above the horizontal plane through the head's centre
// (90 deg = the vertex). Each of the five protocol views is an orthographic picture of that
// head: skin with mottling and soft light, strands rooted in the hair-bearing scalp and
// combed away from a crown whorl, a hairline, ears and neck where the view shows them, and
// a smooth background.
//
// Alopecia areata patches are ellipses in scalp coordinates with soft edges. A patch that
// recovers (regrowth_fraction 0 -> 1) fills in from its margin with finer, lighter new hair
// (its bare area is (1 - regrowth) of the original), and shows vellus hair inside the part
// still bare, more of it as recovery progresses.
//
// Truth per view: the scalp mask is every pixel showing hair-bearing scalp that faces the
// camera (the grazing rim, where the surface turns away by more than about 62 degrees, is
// left out, as a SALT view measures what it shows face-on); the loss mask is the part of it
// where no terminal hair is rooted (vellus does not count, as in SALT).
// Pure and deterministic: the same state, view and settings give the same pixels.
// Thread-safe (no shared state).
#ifndef TRICHOLOG_IMAGING_SCALP_RENDER_H_
#define TRICHOLOG_IMAGING_SCALP_RENDER_H_

#include <cstdint>
#include <opencv2/core.hpp>
#include <vector>

#include "core/error.h"
#include "imaging/scalp_segmentation.h"

namespace tricholog::imaging {

// One alopecia areata patch in scalp coordinates (see above).
struct LossPatch {
  double azimuth_deg = 0;        // centre: 0 face, 90 left, 180 back, 270 right
  double elevation_deg = 0;      // centre: -90 .. 90 (90 = vertex)
  double radius_deg = 10;        // angular radius along the azimuth direction, 1 .. 90
  double radius2_deg = 10;       // angular radius along the elevation direction, 1 .. 90
  double regrowth_fraction = 0;  // 0 (bare) .. 1 (fully regrown)
};

// How the person looks (fixed for one person across sessions).
struct ScalpAppearance {
  cv::Scalar skin_bgr{150, 175, 215};  // mid-tone skin, 0..255
  cv::Scalar hair_bgr{30, 40, 60};     // dark brown hair
  double hair_density = 1.0;           // share of follicles with a terminal strand, 0.3..1
  std::uint64_t person_seed = 1;       // the hairline's wave and the hair density's variation
};

struct ScalpState {
  ScalpAppearance appearance;
  std::vector<LossPatch> patches;
};

// How one photo is taken. The seed chooses the strands, the framing (a few percent of shift
// and scale), the light (direction, brightness within +-8 %, white balance within +-3 %)
// and the sensor noise.
struct RenderSettings {
  cv::Size size{2016, 1512};  // at least 160 x 120
  std::uint64_t seed = 1;
};

// One rendered view with its exact truth.
struct ScalpRender {
  cv::Mat bgr;         // CV_8UC3, settings.size
  cv::Mat scalp_mask;  // CV_8UC1 0/255: hair-bearing scalp facing the camera (see above)
  cv::Mat loss_mask;   // CV_8UC1 0/255: the part of scalp_mask with no terminal hair
  std::int64_t scalp_area_px = 0;
  std::int64_t loss_area_px = 0;
  double hair_loss_percent = 0;  // loss / scalp x 100 (0 when the scalp is empty)
};

// Checks a state: every patch field in its range (kInvalidArgument naming
// "patches[i].field"), hair_density in 0.3..1 ("appearance.hair_density").
Result<void> ValidateScalpState(const ScalpState& state);

// Draws `view` of `state`. Errors: as ValidateScalpState; kInvalidArgument naming "size"
// when the size is below 160 x 120 or above 8192 x 8192.
Result<ScalpRender> RenderScalpView(const ScalpState& state, ScalpView view,
                                    const RenderSettings& settings = {});

// SALT of the truth of four renders (top, back, left, right): Olsen 2004 weights on their
// hair_loss_percent.
double TruthSalt(const ScalpRender& top, const ScalpRender& back, const ScalpRender& left,
                 const ScalpRender& right);

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_SCALP_RENDER_H_
