#include "imaging/hair_density.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace tricholog::imaging {
namespace {

constexpr int kStride = 2;            // every other row and column for the skin colour
constexpr int kMinSkinPx = 200;       // sampled pixels needed for a skin colour
constexpr float kMaxDeltaE = 100.0f;  // the index's cap

// The median of each channel of `lab` where `mask` is set, in CIELAB units; the number of
// sampled pixels in `count`.
cv::Vec3f MedianLab(const cv::Mat& lab, const cv::Mat& mask, int& count) {
  std::array<std::vector<float>, 3> values;
  for (int y = 0; y < lab.rows; y += kStride) {
    const auto* p = lab.ptr<cv::Vec3b>(y);
    const std::uint8_t* m = mask.ptr<std::uint8_t>(y);
    for (int x = 0; x < lab.cols; x += kStride) {
      if (!m[x]) continue;
      for (int c = 0; c < 3; ++c) values[c].push_back(p[x][c]);
    }
  }
  count = static_cast<int>(values[0].size());
  cv::Vec3f out(0, 0, 0);
  if (count == 0) return out;
  for (int c = 0; c < 3; ++c) {
    auto mid = values[c].begin() + static_cast<std::ptrdiff_t>(values[c].size() / 2);
    std::nth_element(values[c].begin(), mid, values[c].end());
    out[c] = *mid;
  }
  return out;
}

}  // namespace

HairContrast MeasureHairContrast(const cv::Mat& lab, const cv::Mat& scalp, const cv::Mat& skin,
                                 const cv::Mat& loss, const cv::Mat& strand) {
  HairContrast out;
  out.delta_e = cv::Mat::zeros(lab.size(), CV_32F);
  out.hair_bearing = (scalp > 0) & ~(loss > 0);
  // The face, neck and ears first: the same reference whatever the patches do between
  // sessions; the bare patches when too little of them shows (a top view). Both away from
  // strands: two pixels either side at the working scale. A wider margin (four pixels) left
  // no skin at all on renders whose strand map is dense (the project's own C++ renders).
  cv::Mat near_strand;
  cv::dilate(strand, near_strand, cv::Mat::ones(5, 5, CV_8U));
  int count = 0;
  cv::Vec3f reference = MedianLab(lab, (skin > 0) & ~near_strand, count);
  if (count < kMinSkinPx) {
    reference = MedianLab(lab, (loss > 0) & (scalp > 0) & ~near_strand, count);
  }
  out.skin_reference_px = count;
  if (count < kMinSkinPx) return out;
  constexpr float kLightnessScale = 100.0f / 255.0f;  // 8-bit L to CIELAB units
  for (int y = 0; y < lab.rows; ++y) {
    const auto* p = lab.ptr<cv::Vec3b>(y);
    const std::uint8_t* m = out.hair_bearing.ptr<std::uint8_t>(y);
    float* d = out.delta_e.ptr<float>(y);
    for (int x = 0; x < lab.cols; ++x) {
      if (!m[x]) continue;
      const float dl = (p[x][0] - reference[0]) * kLightnessScale;
      const float da = p[x][1] - reference[1];
      const float db = p[x][2] - reference[2];
      d[x] = std::min(kMaxDeltaE, std::sqrt(dl * dl + da * da + db * db));
    }
  }
  out.valid = true;
  return out;
}

}  // namespace tricholog::imaging
