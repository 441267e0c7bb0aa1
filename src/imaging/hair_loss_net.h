// A small learned hair-loss mask for scalp views (issue #4): a U-Net of 67 k weights,
// trained only on views the project renders itself (tools/loss_net), run with OpenCV dnn.
//
// It sees the photo at 256 x 192 together with the strand response, the scalp template and
// the strand response relative to this photo's full-hair level, and gives, per pixel, the
// probability that no hair is rooted there. Loss is decided by where hair is rooted, and strands
// from neighbouring hair lie over a patch; the net learns this from strand flow, which the
// classical threshold cannot. The scalp template stays classical (DrawScalpRegion); the loss is the
// net's probability > 0.5 inside it.
//
// The model file is data/models/loss_net.onnx, found like data/protocols (see
// DefaultHairLossModelPath). When it is missing or does not load, analysis falls back to
// the classical segmentation (hair_loss_segmentation.h). Thread-safe: one network guarded
// by a mutex (a forward pass takes a few milliseconds).
#ifndef TRICHOLOG_IMAGING_HAIR_LOSS_NET_H_
#define TRICHOLOG_IMAGING_HAIR_LOSS_NET_H_

#include <filesystem>
#include <memory>
#include <opencv2/core.hpp>

#include "core/error.h"

namespace tricholog::imaging {

class HairLossNet {
 public:
  // The network's input size (width x height) and output size.
  static constexpr int kInputWidth = 256;
  static constexpr int kInputHeight = 192;

  // Loads an ONNX model. Errors: kNotFound when the file is missing, kInvalidArgument when
  // OpenCV cannot read it or its output is not one 96 x 128 probability map.
  static Result<std::shared_ptr<const HairLossNet>> Load(const std::filesystem::path& onnx);

  // The probability of loss (CV_32F, 0..1) at the size of `bgr`: `bgr` is the photo at the
  // analysis scale (CV_8UC3), `strand_response` its strand response (CV_32F, HairTexture),
  // `scalp` the scalp template (CV_8UC1), all of one size.
  cv::Mat LossProbability(const cv::Mat& bgr, const cv::Mat& strand_response,
                          const cv::Mat& scalp) const;

  ~HairLossNet();

 private:
  struct Impl;
  explicit HairLossNet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The net's input blob (1 x 6 x 192 x 256, CV_32F), as tools/loss_net/features.py makes it:
// B, G, R / 255; the strand response / 8; the scalp template / 255 (each area-resized); and
// the resized response divided by its 90th percentile over the template's pixels (at least
// 3 CIELAB units: bare skin reads about 0.7, hair 4.7 and more on the shared views), clipped
// at 4 and halved. The last channel carries the per-photo normalisation the classical mask
// makes (loss is judged against the same photo's hair), which a small net cannot compute.
cv::Mat HairLossNetInput(const cv::Mat& bgr, const cv::Mat& strand_response, const cv::Mat& scalp);

// The learned loss mask inside `scalp` (CV_8UC1 0/255): the net's probability above 0.5,
// less components smaller than 0.5 % of the scalp (so views without loss stay clean). Arguments as
// for LossProbability.
cv::Mat LearnedLossMask(const HairLossNet& net, const cv::Mat& bgr, const cv::Mat& strand_response,
                        const cv::Mat& scalp);

// Where the model is looked for: $TRICHOLOG_HAIR_LOSS_MODEL when set ("none" turns the net
// off), else models/loss_net.onnx in $TRICHOLOG_DATA_DIR, else in the source tree's data/
// the library was built from, else in ../share/tricholog beside the binary.
std::filesystem::path DefaultHairLossModelPath();

// The model AnalyzeScalpView uses: loaded once from DefaultHairLossModelPath() on first use;
// nullptr when it is missing or unreadable (the classical segmentation is used then).
std::shared_ptr<const HairLossNet> ActiveHairLossNet();

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_HAIR_LOSS_NET_H_
