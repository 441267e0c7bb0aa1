// A small learned hair counter for trichoscopy fields (issue #4): a U-Net trained only on
// fields the project renders itself (tools/tricho_net), run with OpenCV dnn.
//
// Density-map counting, as used for counting crowds and cells: the net maps the field,
// resampled to 8 µm per pixel, to a density with a mark of 0.5 at every hair end and 0.5
// where a shaft crosses the field's edge, so that every hair in view sums to 1 (two ends, or
// one end and one crossing). Each mark is decided by what is in view round it: crossing,
// touching and side-by-side hairs need no tracing, and a stub's root need not be told from
// its cut end. Widths, lengths and the vellus share still come from the traced shafts
// (trichoscopy.h).
//
// The model file is data/models/count_net.onnx (see DefaultHairCountModelPath). When it is
// missing or does not load, the count is the number of traced shafts. Thread-safe: one
// network guarded by a mutex.
#ifndef TRICHOLOG_IMAGING_HAIR_COUNT_NET_H_
#define TRICHOLOG_IMAGING_HAIR_COUNT_NET_H_

#include <filesystem>
#include <memory>
#include <opencv2/core.hpp>

#include "core/error.h"

namespace tricholog::imaging {

class HairCountNet {
 public:
  // The scale the net works at (tools/tricho_net/features.py UM_PER_PX).
  static constexpr double kUmPerPx = 8.0;

  // Loads an ONNX model. Errors: kNotFound when the file is missing, kInvalidArgument when
  // OpenCV cannot read it or it does not map a field to one half-resolution map.
  static Result<std::shared_ptr<const HairCountNet>> Load(const std::filesystem::path& onnx);

  struct Estimate {
    double count = 0;   // hairs in the field (the density's sum)
    cv::Mat density;    // CV_32F hairs per pixel at half the net's resolution (haze removed)
  };

  // Counts the hairs in `bgr` (CV_8UC3 field at `um_per_px`). `ignore` (CV_8UC1 of
  // the same size, or empty) marks burned-in overlays that are not skin: the net sees them as
  // the field's mean colour and no root is counted in them.
  Estimate Count(const cv::Mat& bgr, double um_per_px, const cv::Mat& ignore) const;

  ~HairCountNet();

 private:
  struct Impl;
  explicit HairCountNet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Where the model is looked for: $TRICHOLOG_HAIR_COUNT_MODEL when set ("none" turns the net
// off), else models/count_net.onnx found as in model_files.h.
std::filesystem::path DefaultHairCountModelPath();

// The model AnalyzeTrichoscopy uses: loaded once on first use; nullptr when it is missing or
// unreadable (the traced shafts are counted then).
std::shared_ptr<const HairCountNet> ActiveHairCountNet();

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_HAIR_COUNT_NET_H_
