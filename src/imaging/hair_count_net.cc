#include "imaging/hair_count_net.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "imaging/model_files.h"

namespace tricholog::imaging {

struct HairCountNet::Impl {
  std::mutex mutex;
  std::unique_ptr<OnnxNet> net;
};

HairCountNet::HairCountNet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HairCountNet::~HairCountNet() = default;

namespace {

// As tools/tricho_net/features.py: zeros framing the field (what the net saw at a field's
// edge in training), the normalisation, and the factor the net's output carries (train.py
// SCALE).
constexpr int kMargin = 48;
constexpr int kAlign = 16;
constexpr double kColourScale = 1.0 / 64.0;
constexpr double kOutputScale = 100.0;
// The local mean taken out of the field (input pixels, 96 µm; features.py HIGH_PASS_SIGMA).
// Real dermoscopes light a field unevenly (a bright centre, dark corners, colour gradients);
// fed the plain colours, the net read those slopes as hair, above all at the field's edge.
constexpr double kHighPassSigma = 12.0;
// Density at or below this (hairs per half-resolution pixel, about 3 % of the peak of one
// half-hair mark) is a faint haze over skin, not a mark, and is not summed: over a whole
// field the haze adds up to dozens of hairs. Chosen on the even-numbered shared synthetic
// fields (tools/tricho_net/measure.py --floor): 0.0005 for the models before the high-pass
// input, 0.001 for it (0 / 0.0005 / 0.001 / 0.002: 10.9 / 10.6 / 10.0 / 10.0 %, bias +7.3 /
// +3.7 / +0.4 / -4.5 %).
constexpr double kNoiseFloor = 0.001;

int RoundUp(int value, int step) { return (value + step - 1) / step * step; }

}  // namespace

Result<std::shared_ptr<const HairCountNet>> HairCountNet::Load(const std::filesystem::path& onnx) {
  auto net = ReadOnnxNet(onnx);
  if (!net) return tl::unexpected(net.error());
  auto impl = std::make_unique<Impl>();
  impl->net = std::move(*net);
  try {  // one trial run checks the output's shape
    const int dims[] = {1, 3, 128, 160};
    const cv::Mat out = impl->net->Forward(cv::Mat(4, dims, CV_32F, cv::Scalar(0)));
    if (out.dims != 4 || out.size[1] != 1 || out.size[2] != 64 || out.size[3] != 80) {
      return InvalidArgument("model", onnx.string() + " does not give one half-size map");
    }
  } catch (const cv::Exception& e) {
    return InvalidArgument("model", onnx.string() + " does not run: " + e.what());
  }
  return std::shared_ptr<const HairCountNet>(new HairCountNet(std::move(impl)));
}

HairCountNet::Estimate HairCountNet::Count(const cv::Mat& bgr, double um_per_px,
                                           const cv::Mat& ignore) const {
  const double f = um_per_px / kUmPerPx;
  const cv::Size size(std::max(1, static_cast<int>(std::lround(bgr.cols * f))),
                      std::max(1, static_cast<int>(std::lround(bgr.rows * f))));
  cv::Mat small, small_ignore;
  cv::resize(bgr, small, size, 0, 0, f < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
  if (!ignore.empty()) cv::resize(ignore, small_ignore, size, 0, 0, cv::INTER_NEAREST);
  cv::Mat skin = small_ignore.empty() ? cv::Mat() : small_ignore == 0;
  const cv::Scalar mean = cv::mean(small, skin);

  const int h = size.height, w = size.width;
  const int padded_h = RoundUp(h + 2 * kMargin, kAlign), padded_w = RoundUp(w + 2 * kMargin, kAlign);
  const int dims[] = {1, 3, padded_h, padded_w};
  cv::Mat blob(4, dims, CV_32F, cv::Scalar(0));
  std::vector<cv::Mat> colour(3);
  cv::split(small, colour);
  // The net sees each colour minus its local mean over the field (tools/tricho_net/features.py
  // high_pass): a Gaussian of kHighPassSigma, normalised by the share of field under it, so
  // that the frame and the ignored overlays pull nothing towards zero.
  cv::Mat field_weight(size, CV_32F, cv::Scalar(1));
  if (!small_ignore.empty()) field_weight.setTo(0, small_ignore);
  cv::Mat field_share;
  cv::GaussianBlur(field_weight, field_share, cv::Size(), kHighPassSigma, 0, cv::BORDER_CONSTANT);
  field_share = cv::max(field_share, 1e-3);
  for (int c = 0; c < 3; ++c) {
    cv::Mat plane(padded_h, padded_w, CV_32F, blob.ptr<float>(0, c));
    cv::Mat inside = plane(cv::Rect(kMargin, kMargin, w, h));
    cv::Mat centred, local;
    colour[static_cast<std::size_t>(c)].convertTo(centred, CV_32F, kColourScale,
                                                  -mean[c] * kColourScale);
    centred = centred.mul(field_weight);
    cv::GaussianBlur(centred, local, cv::Size(), kHighPassSigma, 0, cv::BORDER_CONSTANT);
    const cv::Mat high_pass = (centred - local / field_share).mul(field_weight);
    high_pass.copyTo(inside);
  }
  cv::Mat out;
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    out = impl_->net->Forward(blob).clone();
  }
  const cv::Mat map(out.size[2], out.size[3], CV_32F, out.ptr<float>());
  const cv::Rect field(kMargin / 2, kMargin / 2, (kMargin + w) / 2 - kMargin / 2,
                       (kMargin + h) / 2 - kMargin / 2);
  Estimate estimate;
  estimate.density = map(field & cv::Rect(0, 0, map.cols, map.rows)).clone();
  estimate.density *= 1.0 / kOutputScale;
  if (!small_ignore.empty()) {
    cv::Mat half_ignore;
    cv::resize(small_ignore, half_ignore, estimate.density.size(), 0, 0, cv::INTER_NEAREST);
    estimate.density.setTo(0, half_ignore);
  }
  estimate.density.setTo(0, estimate.density <= kNoiseFloor);
  estimate.count = cv::sum(estimate.density)[0];
  return estimate;
}

std::filesystem::path DefaultHairCountModelPath() {
  return ModelPath("TRICHOLOG_HAIR_COUNT_MODEL", "count_net.onnx");
}

std::shared_ptr<const HairCountNet> ActiveHairCountNet() {
  static const auto active = LoadModelOrNull<HairCountNet>(DefaultHairCountModelPath());
  return active;
}

}  // namespace tricholog::imaging
