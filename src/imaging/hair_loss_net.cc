#include "imaging/hair_loss_net.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "imaging/hair_loss_segmentation.h"
#include "imaging/model_files.h"

namespace tricholog::imaging {

struct HairLossNet::Impl {
  std::mutex mutex;
  std::unique_ptr<OnnxNet> net;
};

HairLossNet::HairLossNet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HairLossNet::~HairLossNet() = default;

namespace {

// The strand response is divided by this before entering the net (tools/loss_net/features.py).
constexpr float kResponseScale = 1.0f / 8.0f;
constexpr int kChannels = 6;
constexpr int kOutputWidth = HairLossNet::kInputWidth / 2;
constexpr int kOutputHeight = HairLossNet::kInputHeight / 2;
// A pixel is loss above this probability; loss components below this share of the scalp
// are dropped. Measured on the shared views with the six-channel net (loss IoU added to the
// classical mask, even / odd cases; largest loss on a view without loss):
//   0.5, components >= 0.15 %: 0.786 / 0.684, 1.31 %   0.6, >= 0.15 %: 0.781 / 0.680, 1.16 %
//   0.5, components >= 0.5 %:  0.786 / 0.684, 0.75 %   0.6, >= 0.5 %:  0.781 / 0.679, 0.65 %
// The false loss is case001's (no loss): blobs of 0.3-0.6 % of the scalp where sparse hair
// shows blotchy skin. A component of 0.5 % is still small (0.2 % of the whole scalp in the
// top view); the classical mask keeps its own 0.15 % limit.
constexpr double kLossProbability = 0.5;
constexpr double kMinComponentShare = 0.005;

// Channel 5 (tools/loss_net/features.py relative_response): the area-resized response over its
// 90th percentile inside the template (template pixels >= 128), at least kRelativeFloor CIELAB
// units, clipped at kRelativeClip and halved. The classical mask judges loss against the same
// photo's full-hair level; a small net cannot take a percentile over the whole view, so it is
// given one. The k-th smallest value with k = floor(0.9 (n - 1)), as numpy's partition.
constexpr float kRelativeFloor = 3.0f;
constexpr float kRelativeClip = 4.0f;

void RelativeResponse(const cv::Mat& small_response, const cv::Mat& small_scalp, cv::Mat& out) {
  std::vector<float> values;
  values.reserve(small_response.total());
  for (int y = 0; y < small_response.rows; ++y) {
    const float* r = small_response.ptr<float>(y);
    const std::uint8_t* s = small_scalp.ptr<std::uint8_t>(y);
    for (int x = 0; x < small_response.cols; ++x) {
      if (s[x] >= 128) values.push_back(r[x]);
    }
  }
  float reference = kRelativeFloor;
  if (!values.empty()) {
    const auto k = static_cast<std::ptrdiff_t>(0.9 * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + k, values.end());
    reference = std::max(values[static_cast<std::size_t>(k)], kRelativeFloor);
  }
  cv::Mat relative = cv::min(small_response * (1.0f / reference), kRelativeClip);
  relative.convertTo(out, CV_32F, 0.5);
}

}  // namespace

cv::Mat HairLossNetInput(const cv::Mat& bgr, const cv::Mat& strand_response, const cv::Mat& scalp) {
  const cv::Size size(HairLossNet::kInputWidth, HairLossNet::kInputHeight);
  cv::Mat small_bgr, small_response, small_scalp;
  cv::resize(bgr, small_bgr, size, 0, 0, cv::INTER_AREA);
  cv::resize(strand_response, small_response, size, 0, 0, cv::INTER_AREA);
  cv::resize(scalp, small_scalp, size, 0, 0, cv::INTER_AREA);
  const int dims[] = {1, kChannels, size.height, size.width};
  cv::Mat blob(4, dims, CV_32F);
  std::vector<cv::Mat> planes;
  for (int c = 0; c < kChannels; ++c) planes.emplace_back(size, CV_32F, blob.ptr<float>(0, c));
  std::vector<cv::Mat> colour(3);
  cv::split(small_bgr, colour);
  for (int c = 0; c < 3; ++c)
    colour[static_cast<std::size_t>(c)].convertTo(planes[static_cast<std::size_t>(c)], CV_32F,
                                                  1.0 / 255);
  small_response.convertTo(planes[3], CV_32F, kResponseScale);
  small_scalp.convertTo(planes[4], CV_32F, 1.0 / 255);
  RelativeResponse(small_response, small_scalp, planes[5]);
  return blob;
}

Result<std::shared_ptr<const HairLossNet>> HairLossNet::Load(const std::filesystem::path& onnx) {
  auto net = ReadOnnxNet(onnx);
  if (!net) return tl::unexpected(net.error());
  auto impl = std::make_unique<Impl>();
  impl->net = std::move(*net);
  // One trial run checks the output shape.
  try {
    cv::Mat probe = HairLossNetInput(cv::Mat::zeros(kInputHeight, kInputWidth, CV_8UC3),
                                     cv::Mat::zeros(kInputHeight, kInputWidth, CV_32F),
                                     cv::Mat::zeros(kInputHeight, kInputWidth, CV_8U));
    cv::Mat out = impl->net->Forward(probe);
    if (out.total() != static_cast<std::size_t>(kOutputWidth) * kOutputHeight) {
      return InvalidArgument("model", onnx.string() + " does not give a 96x128 map");
    }
  } catch (const cv::Exception& e) {
    return InvalidArgument("model", onnx.string() + " does not run: " + e.what());
  }
  return std::shared_ptr<const HairLossNet>(new HairLossNet(std::move(impl)));
}

cv::Mat HairLossNet::LossProbability(const cv::Mat& bgr, const cv::Mat& strand_response,
                                     const cv::Mat& scalp) const {
  cv::Mat blob = HairLossNetInput(bgr, strand_response, scalp);
  cv::Mat out;
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    out = impl_->net->Forward(blob).clone();
  }
  cv::Mat map(kOutputHeight, kOutputWidth, CV_32F, out.ptr<float>());
  cv::Mat probability;
  cv::resize(map, probability, bgr.size(), 0, 0, cv::INTER_LINEAR);
  return probability;
}

cv::Mat LearnedLossMask(const HairLossNet& net, const cv::Mat& bgr, const cv::Mat& strand_response,
                        const cv::Mat& scalp) {
  cv::Mat loss = (net.LossProbability(bgr, strand_response, scalp) > kLossProbability) & scalp;
  DropSmallComponents(loss, kMinComponentShare * cv::countNonZero(scalp));
  return loss;
}

std::filesystem::path DefaultHairLossModelPath() {
  return ModelPath("TRICHOLOG_HAIR_LOSS_MODEL", "loss_net.onnx");
}

std::shared_ptr<const HairLossNet> ActiveHairLossNet() {
  static const auto active = LoadModelOrNull<HairLossNet>(DefaultHairLossModelPath());
  return active;
}

}  // namespace tricholog::imaging
