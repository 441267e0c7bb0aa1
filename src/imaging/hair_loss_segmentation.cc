#include "imaging/hair_loss_segmentation.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "imaging/component_mask.h"
#include "imaging/wide_blur.h"

namespace tricholog::imaging {
namespace {

// Placing the front view's hairline (EstimateHairlineShift). Units: shares of the full-hair
// level of strand pixels, and the head's radius. Chosen on the even-numbered shared cases.
constexpr double kHairlineDenseShare = 0.9;  // "dense strands" end at the hairline
constexpr double kHairlineBearingShare = 0.45;
constexpr double kMinHairBearingForHairline = 0.5;
constexpr double kHairlineHalfWidth = 0.6;  // columns |u| <= 0.6 of the head's width
constexpr double kHairlineStep = 0.05;
constexpr double kHairlineSearch = 0.2;  // searched within +-0.2 radius of the template
// Strands rooted at the hairline hang below it over the forehead: dense strands end this
// far below the roots (median over the even-numbered shared cases).
constexpr double kHangingStrandShift = 0.036;
constexpr double kMaxHairlineShift = 0.12;

// Euclidean CIELAB distance of each pixel from its 1.5-px Gaussian neighbourhood, from the
// 8-bit CIELAB image (L scaled by 255/100, a and b offset by 128); the neighbourhood mean is
// kept in float and the distance is in CIELAB units.
cv::Mat StrandResponse(const cv::Mat& lab) {
  // The kernel GaussianBlur takes for sigma 1.5 on float images: 13 taps.
  static const cv::Mat kKernel = cv::getGaussianKernel(13, 1.5, CV_32F);
  cv::Mat smooth;
  cv::sepFilter2D(lab, smooth, CV_32F, kKernel, kKernel, cv::Point(-1, -1), 0,
                  cv::BORDER_REFLECT_101);
  cv::Mat response(lab.size(), CV_32F);
  constexpr float kLightnessScale = 100.0f / 255.0f;
  for (int y = 0; y < lab.rows; ++y) {
    const std::uint8_t* p = lab.ptr<std::uint8_t>(y);
    const float* s = smooth.ptr<float>(y);
    float* r = response.ptr<float>(y);
    for (int x = 0; x < lab.cols; ++x) {
      float dl = (static_cast<float>(p[3 * x]) - s[3 * x]) * kLightnessScale;
      float da = static_cast<float>(p[3 * x + 1]) - s[3 * x + 1];
      float db = static_cast<float>(p[3 * x + 2]) - s[3 * x + 2];
      r[x] = std::sqrt(dl * dl + da * da + db * db);
    }
  }
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

// Grows `mask` against the hair flow by `length_px`: a pixel whose hair would lie over a
// visibly bare pixel within that distance downstream is counted as bare too. Hair hangs
// down in the back, side and front views and radiates from the crown in the top view (the
// whorl taken at the head ellipse's centre).
cv::Mat ExtendUpstream(const cv::Mat& mask, ScalpView view, const HeadEllipse& head,
                       int length_px) {
  if (length_px < 1) return mask;
  if (view != ScalpView::kTop) {
    // hair hangs down: dilate upward with a vertical segment whose anchor is its top end
    cv::Mat kernel = cv::Mat::ones(length_px + 1, 1, CV_8U);
    cv::Mat out;
    cv::dilate(mask, out, kernel, cv::Point(0, 0));
    return out;
  }
  cv::Point2f center(static_cast<float>(head.center_x), static_cast<float>(head.center_y));
  double max_radius = 1.2 * std::max(head.radius_x, head.radius_y);
  cv::Size polar_size(static_cast<int>(max_radius), 720);
  const int flags = static_cast<int>(cv::INTER_NEAREST) | static_cast<int>(cv::WARP_POLAR_LINEAR);
  cv::Mat polar;
  cv::warpPolar(mask, polar, polar_size, center, max_radius, flags);
  cv::Mat kernel = cv::Mat::ones(1, length_px + 1, CV_8U);
  cv::dilate(polar, polar, kernel, cv::Point(0, 0));
  cv::Mat out;
  cv::warpPolar(polar, out, mask.size(), center, max_radius, flags | cv::WARP_INVERSE_MAP);
  return out > 127;
}

}  // namespace

void DropSmallComponents(cv::Mat& mask, double min_area_px) {
  cv::Mat labels, stats, centroids;
  const int count = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
  // One pass through a keep table rather than one full-image mask per component.
  std::vector<std::uint8_t> keep(static_cast<std::size_t>(count), 1);
  bool any_dropped = false;
  for (int i = 1; i < count; ++i) {
    keep[static_cast<std::size_t>(i)] = stats.at<int>(i, cv::CC_STAT_AREA) >= min_area_px;
    any_dropped = any_dropped || !keep[static_cast<std::size_t>(i)];
  }
  if (any_dropped) mask &= SelectComponents(labels, keep);
}

HairLossMaps SegmentHairLoss(const cv::Mat& bgr, const cv::Mat& scalp, const cv::Mat& silhouette,
                             const HeadEllipse& head, ScalpView view) {
  cv::Mat lab;
  cv::cvtColor(bgr, lab, cv::COLOR_BGR2Lab);
  return SegmentHairLossLab(lab, scalp, silhouette, head, view);
}

HairTexture MeasureHairTexture(const cv::Mat& lab, const cv::Mat& silhouette,
                               const HeadEllipse& head) {
  HairTexture texture;
  texture.response = StrandResponse(lab);
  const double radius_px = 0.5 * (head.radius_x + head.radius_y);
  WideGaussianBlur(texture.response, texture.density, std::max(1.0, 0.024 * radius_px));
  cv::erode(silhouette, texture.head_core, Disk(static_cast<int>(0.03 * radius_px)));
  // A strand pixel stands out from its neighbourhood three times as much as bare skin does.
  texture.skin_pixel_level = MaskedQuantile(texture.response, texture.head_core, 0.10);
  texture.strand = texture.response > std::max(3.0 * texture.skin_pixel_level, 1.0);
  return texture;
}

double EstimateHairlineShift(const HairTexture& texture, const cv::Mat& front_scalp,
                             const HeadEllipse& head) {
  // Share of strand pixels around each pixel, at the scale of a small patch.
  cv::Mat share;
  texture.strand.convertTo(share, CV_32F, 1.0 / 255);
  const double radius_px = 0.5 * (head.radius_x + head.radius_y);
  WideGaussianBlur(share, share, std::max(1.0, 0.024 * radius_px));
  if (cv::countNonZero(front_scalp) == 0) return 0.0;
  const double full = MaskedQuantile(share, front_scalp, 0.90);
  // With most of the frontal scalp bare (extensive or total loss) no hairline shows.
  const double hair_bearing =
      cv::countNonZero((share >= kHairlineBearingShare * full) & front_scalp) /
      static_cast<double>(cv::countNonZero(front_scalp));
  if (full <= 0 || hair_bearing < kMinHairBearingForHairline) return 0.0;
  // Along columns of the middle of the head: the lowest row that still has dense strands,
  // searched within kHairlineSearch of the template's hairline.
  std::vector<double> shifts;
  int columns = 0;
  for (double u = -kHairlineHalfWidth; u <= kHairlineHalfWidth + 1e-9; u += kHairlineStep) {
    const int x = static_cast<int>(std::lround(head.center_x + u * head.radius_x));
    if (x < 0 || x >= share.cols) continue;
    ++columns;
    const double template_v = -0.264 + 0.265 * u * u;  // as in DrawScalpRegion
    const int y0 = std::max(
        0, static_cast<int>(head.center_y + (template_v - kHairlineSearch) * head.radius_y));
    const int y1 =
        std::min(share.rows - 1,
                 static_cast<int>(head.center_y + (template_v + kHairlineSearch) * head.radius_y));
    int lowest = -1;
    for (int y = y0; y <= y1; ++y) {
      if (share.at<float>(y, x) >= kHairlineDenseShare * full) lowest = y;
    }
    if (lowest >= 0) shifts.push_back((lowest + 0.5 - head.center_y) / head.radius_y - template_v);
  }
  if (shifts.size() * 2 < static_cast<std::size_t>(columns) || shifts.empty()) return 0.0;
  const auto middle = shifts.begin() + static_cast<std::ptrdiff_t>(shifts.size() / 2);
  std::nth_element(shifts.begin(), middle, shifts.end());
  return std::clamp(*middle - kHangingStrandShift, -kMaxHairlineShift, kMaxHairlineShift);
}

HairLossMaps SegmentHairLossLab(const cv::Mat& lab, const cv::Mat& scalp, const cv::Mat& silhouette,
                                const HeadEllipse& head, ScalpView view) {
  return SegmentHairLossFromTexture(MeasureHairTexture(lab, silhouette, head), scalp, head, view);
}

HairLossMaps SegmentHairLossFromTexture(const HairTexture& texture, const cv::Mat& scalp,
                                        const HeadEllipse& head, ScalpView view) {
  HairLossMaps maps;
  maps.loss = cv::Mat::zeros(texture.response.size(), CV_8U);
  const cv::Mat& density = texture.density;
  const double radius_px = 0.5 * (head.radius_x + head.radius_y);
  // Bare skin is looked for outside the scalp (face, neck, ears). A top view shows little
  // of it, so the level is capped at 1.5 CIELAB units, about twice the mottling of skin in
  // the side views; above that the "skin" found is hair.
  maps.skin_level = std::min(MaskedQuantile(density, texture.head_core & ~scalp, 0.10), 1.5);
  maps.strand = texture.strand;
  if (cv::countNonZero(scalp) == 0) return maps;
  maps.hair_level = MaskedQuantile(density, scalp, 0.90);

  if (maps.hair_level < 3.0 * maps.skin_level) {
    maps.loss = scalp.clone();  // nothing on the scalp is more textured than skin: total loss
    return maps;
  }
  // Below 0.45 of the full-hair level: above 1.35 times skin (checked above), below sparse
  // regrowth. Tuned on the even-numbered shared cases with views without loss kept < 1 %.
  double threshold = 0.45 * maps.hair_level;
  cv::Mat loss = (density < threshold) & scalp;
  int patch_px = static_cast<int>(0.02 * radius_px);
  cv::morphologyEx(loss, loss, cv::MORPH_OPEN, Disk(patch_px));
  cv::morphologyEx(loss, loss, cv::MORPH_CLOSE, Disk(patch_px));
  loss &= scalp;
  DropSmallComponents(loss, static_cast<int>(0.0015 * cv::countNonZero(scalp)));
  // Strands rooted upstream lie over the upstream part of a patch, so what looks bare is
  // the patch shifted downstream; grow it back against the flow by 6 % of the head radius
  // (about half the projected length of short-to-medium hair).
  loss = ExtendUpstream(loss, view, head, static_cast<int>(0.06 * radius_px));
  maps.loss = loss & scalp;
  return maps;
}

}  // namespace tricholog::imaging
