#include "imaging/hair_loss_segmentation.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace tricholog::imaging {
namespace {

// Euclidean CIELAB distance of each pixel from its 1.5-px Gaussian neighbourhood.
cv::Mat StrandResponse(const cv::Mat& bgr) {
  cv::Mat lab;
  bgr.convertTo(lab, CV_32F, 1.0 / 255.0);
  cv::cvtColor(lab, lab, cv::COLOR_BGR2Lab);
  cv::Mat smooth;
  cv::GaussianBlur(lab, smooth, cv::Size(), 1.5);
  cv::Mat diff = lab - smooth;
  diff = diff.mul(diff);
  cv::Mat response;
  cv::transform(diff, response, cv::Matx13f(1, 1, 1));
  cv::sqrt(response, response);
  return response;
}

// The `fraction` quantile of `values` where `mask` is set; 0 when the mask is empty.
double MaskedQuantile(const cv::Mat& values, const cv::Mat& mask, double fraction) {
  std::vector<float> picked;
  picked.reserve(static_cast<std::size_t>(cv::countNonZero(mask)));
  for (int y = 0; y < values.rows; y += 2) {  // every other row and column is plenty
    const float* v = values.ptr<float>(y);
    const std::uint8_t* m = mask.ptr<std::uint8_t>(y);
    for (int x = 0; x < values.cols; x += 2) {
      if (m[x]) picked.push_back(v[x]);
    }
  }
  if (picked.empty()) return 0;
  auto at = picked.begin() +
            static_cast<std::ptrdiff_t>(fraction * static_cast<double>(picked.size() - 1));
  std::nth_element(picked.begin(), at, picked.end());
  return *at;
}

cv::Mat Disk(int radius_px) {
  int size = 2 * std::max(radius_px, 1) + 1;
  return cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(size, size));
}

void DropSmallComponents(cv::Mat& mask, int min_area_px) {
  cv::Mat labels, stats, centroids;
  int count = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
  for (int i = 1; i < count; ++i) {
    if (stats.at<int>(i, cv::CC_STAT_AREA) < min_area_px) mask.setTo(0, labels == i);
  }
}

}  // namespace

HairLossMaps SegmentHairLoss(const cv::Mat& bgr, const cv::Mat& scalp, const cv::Mat& silhouette,
                             const HeadEllipse& head) {
  HairLossMaps maps;
  maps.loss = cv::Mat::zeros(bgr.size(), CV_8U);
  cv::Mat response = StrandResponse(bgr);
  double radius_px = 0.5 * (head.radius_x + head.radius_y);
  cv::Mat density;
  cv::GaussianBlur(response, density, cv::Size(), std::max(1.0, 0.024 * radius_px));

  cv::Mat head_core;
  cv::erode(silhouette, head_core, Disk(static_cast<int>(0.03 * radius_px)));
  // Bare skin is looked for outside the scalp (face, neck, ears). A top view shows little
  // of it, so the level is capped at 1.5 CIELAB units, about twice the mottling of skin in
  // the side views; above that the "skin" found is hair.
  maps.skin_level = std::min(MaskedQuantile(density, head_core & ~scalp, 0.10), 1.5);
  // A strand pixel stands out from its neighbourhood three times as much as bare skin does.
  double skin_pixel_level = MaskedQuantile(response, head_core, 0.10);
  maps.strand = response > std::max(3.0 * skin_pixel_level, 1.0);
  if (cv::countNonZero(scalp) == 0) return maps;
  maps.hair_level = MaskedQuantile(density, scalp, 0.90);

  if (maps.hair_level < 3.0 * maps.skin_level) {
    maps.loss = scalp.clone();  // nothing on the scalp is more textured than skin: total loss
    return maps;
  }
  // Half the full-hair level: above 1.5 times skin (checked above), below sparse regrowth.
  double threshold = 0.5 * maps.hair_level;
  cv::Mat loss = (density < threshold) & scalp;
  int patch_px = static_cast<int>(0.02 * radius_px);
  cv::morphologyEx(loss, loss, cv::MORPH_OPEN, Disk(patch_px));
  cv::morphologyEx(loss, loss, cv::MORPH_CLOSE, Disk(patch_px));
  loss &= scalp;
  DropSmallComponents(loss, static_cast<int>(0.0015 * cv::countNonZero(scalp)));
  maps.loss = loss;
  return maps;
}

}  // namespace tricholog::imaging
