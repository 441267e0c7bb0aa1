// The photo quality gate: decides whether a scalp photo is good enough to measure, and
// says what to change when it is not ("too dark: turn towards the light").
//
// Checks (each yields at most one issue; thresholds and their sources in quality_gate.cc):
//   blurred          Crete et al. 2007 no-reference blur metric at a fixed working scale
//   too_dark         luminance median / dark-pixel fraction (inside the scalp when known)
//   overexposed      clipped-highlight fraction / luminance median
//   glare            bright, unsaturated specular blobs on the scalp
//   low_resolution   short side of the full-size photo in pixels
//   scalp_too_small  scalp mask area fraction (framing), when a mask is given
//   colour_cast      grey-world chroma of the whole frame
//   baseline_*       brightness, colour balance and scale against the baseline photo
// Pure: no I/O, deterministic. Thread-safe (no shared state).
#ifndef TRICHOLOG_IMAGING_QUALITY_GATE_H_
#define TRICHOLOG_IMAGING_QUALITY_GATE_H_

#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tricholog::imaging {

enum class QualityStatus { kPass, kWarn, kFail };

// "pass", "warn", "fail".
std::string_view QualityStatusName(QualityStatus status);

// One problem with a photo. `code` is stable (see the list above, snake_case); `message`
// is for the patient: what is wrong, then what to do ("blurred: hold the phone still and
// tap to focus").
struct QualityIssue {
  std::string code;
  QualityStatus severity = QualityStatus::kWarn;
  std::string message;
};

// Summary statistics of an accepted photo of one view, kept so that later photos of the
// same view can be checked for consistent lighting and framing.
struct BaselineStats {
  double mean_luma = 0;       // 0..255, over the scalp when a mask was given
  double chroma_r = 1.0 / 3;  // grey-world chromaticity: mean R / (R+G+B)
  double chroma_g = 1.0 / 3;  //                          mean G / (R+G+B)
  double scalp_fraction = 0;  // scalp mask area / frame area, 0 when unknown
};

// Computes BaselineStats for `bgr` (CV_8UC3); `scalp_mask` (CV_8UC1, any size, nonzero =
// scalp) may be empty.
BaselineStats ComputeBaselineStats(const cv::Mat& bgr, const cv::Mat& scalp_mask = {});

struct QualityContext {
  // Nonzero where the scalp is (any size; resized to the photo). Empty: exposure and blur
  // are judged on the whole frame, and framing and glare are not judged (white walls
  // and sky look like glare).
  cv::Mat scalp_mask;
  // Statistics of the baseline photo of the same view, when there is one.
  std::optional<BaselineStats> baseline;
  // Short side of the photo at full resolution, when `bgr` was decoded at reduced scale;
  // 0 means use bgr's own size.
  int full_short_side_px = 0;
};

// Raw measurements behind the issues (reported so thresholds can be audited).
struct QualityMetrics {
  double blur = 0;                         // Crete blur effect, 0 (sharp) .. 1 (flat)
  double luma_median = 0;                  // 0..255
  double dark_fraction = 0;                // share of pixels with luma < 20
  double clipped_fraction = 0;             // share of pixels with luma >= 250
  double glare_fraction = 0;               // share of the (scalp) region covered by glare blobs
  int short_side_px = 0;                   // full-resolution short side
  std::optional<double> scalp_fraction;    // scalp area / frame, when a mask was given
  double colour_cast = 0;                  // |mean (a*, b*)| in CIELAB units
  std::optional<double> brightness_ratio;  // mean luma / baseline mean luma
  std::optional<double> colour_shift;      // chromaticity distance to the baseline
  std::optional<double> scale_ratio;       // scalp fraction / baseline scalp fraction
};

struct QualityReport {
  QualityStatus status = QualityStatus::kPass;  // the worst severity among issues
  std::vector<QualityIssue> issues;
  QualityMetrics metrics;

  // True when an issue with this code is present.
  bool Has(std::string_view code) const;
};

// Assesses `bgr` (CV_8UC3, any size; analysed at a working scale of at most 1024 px on
// the long side). An empty or non-8UC3 image yields a single "unreadable" fail issue.
QualityReport AssessQuality(const cv::Mat& bgr, const QualityContext& context = {});

// The same, with `lab` the photo's 8-bit CIELAB image (cv::COLOR_BGR2Lab of `bgr`) already
// computed by the caller. It is used when `bgr` is within the working scale (its long side
// at most 1024 px); otherwise it is ignored and computed at the working scale.
QualityReport AssessQuality(const cv::Mat& bgr, const QualityContext& context, const cv::Mat& lab);

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_QUALITY_GATE_H_
