#include "imaging/scalp_segmentation.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "imaging/wide_blur.h"

namespace tricholog::imaging {
namespace {

// The silhouette is found at this long side, so that its blur radii are a fixed share of
// the frame whatever the photo's resolution.
constexpr int kSilhouetteLongSide = 512;

// Band-pass (DoG 1.5 - 6 px) texture energy of the CIELAB image, smoothed over 4 px. Skin
// mottling, hair and the head outline are band-pass; studio or wall backgrounds are not.
cv::Mat BandPassEnergy(const cv::Mat& bgr) {
  cv::Mat lab;
  bgr.convertTo(lab, CV_32F, 1.0 / 255.0);
  cv::cvtColor(lab, lab, cv::COLOR_BGR2Lab);
  cv::Mat fine, coarse;
  cv::GaussianBlur(lab, fine, cv::Size(), 1.5);
  WideGaussianBlur(lab, coarse, 6.0);
  cv::Mat diff = fine - coarse;
  diff = diff.mul(diff);
  cv::Mat energy;
  cv::transform(diff, energy, cv::Matx13f(1, 1, 1));
  WideGaussianBlur(energy, energy, 4.0);
  cv::sqrt(energy, energy);
  return energy;
}

float BorderMedian(const cv::Mat& energy) {
  std::vector<float> values;
  for (int x = 0; x < energy.cols; ++x) values.push_back(energy.at<float>(0, x));
  for (int y = 0; y < energy.rows; ++y) {
    values.push_back(energy.at<float>(y, 0));
    values.push_back(energy.at<float>(y, energy.cols - 1));
  }
  auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

// Fills holes that are not connected to the top, left or right edge (the neck runs out of
// the bottom edge, so gaps in its texture must not count as background).
cv::Mat FillHolesExceptBottom(const cv::Mat& mask) {
  cv::Mat padded;
  cv::copyMakeBorder(mask, padded, 1, 0, 1, 1, cv::BORDER_CONSTANT, 0);
  cv::floodFill(padded, cv::Point(0, 0), 128);
  return padded(cv::Rect(1, 1, mask.cols, mask.rows)) != 128;
}

cv::Mat LargestComponent(const cv::Mat& mask) {
  cv::Mat labels, stats, centroids;
  int count = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
  int best = 0;
  for (int i = 1; i < count; ++i) {
    if (best == 0 || stats.at<int>(i, cv::CC_STAT_AREA) > stats.at<int>(best, cv::CC_STAT_AREA))
      best = i;
  }
  if (best == 0) return cv::Mat::zeros(mask.size(), CV_8U);
  return labels == best;
}

// Least-squares axis-aligned conic A x^2 + B y^2 + C x + D y = 1 through `points`.
bool FitAxisEllipse(const std::vector<cv::Point2f>& points, HeadEllipse& out) {
  if (points.size() < 4) return false;
  double mean_x = 0, mean_y = 0;
  for (const auto& p : points) mean_x += p.x, mean_y += p.y;
  mean_x /= static_cast<double>(points.size());
  mean_y /= static_cast<double>(points.size());
  double spread = 0;
  for (const auto& p : points) spread += std::hypot(p.x - mean_x, p.y - mean_y);
  spread = std::max(spread / static_cast<double>(points.size()), 1e-6);
  cv::Mat design(static_cast<int>(points.size()), 4, CV_64F);
  cv::Mat ones(static_cast<int>(points.size()), 1, CV_64F, cv::Scalar(1));
  for (int i = 0; i < design.rows; ++i) {
    double x = (points[static_cast<std::size_t>(i)].x - mean_x) / spread;
    double y = (points[static_cast<std::size_t>(i)].y - mean_y) / spread;
    design.at<double>(i, 0) = x * x;
    design.at<double>(i, 1) = y * y;
    design.at<double>(i, 2) = x;
    design.at<double>(i, 3) = y;
  }
  cv::Mat k;
  if (!cv::solve(design, ones, k, cv::DECOMP_SVD)) return false;
  double a = k.at<double>(0), b = k.at<double>(1), c = k.at<double>(2), d = k.at<double>(3);
  if (!(a > 0 && b > 0)) return false;
  double x0 = -c / (2 * a), y0 = -d / (2 * b);
  double g = 1 + a * x0 * x0 + b * y0 * y0;
  if (g <= 0) return false;
  out = {mean_x + x0 * spread, mean_y + y0 * spread, std::sqrt(g / a) * spread,
         std::sqrt(g / b) * spread};
  return std::isfinite(out.radius_x) && std::isfinite(out.radius_y);
}

double RadialError(const HeadEllipse& e, const cv::Point2f& p) {
  return std::abs(std::hypot((p.x - e.center_x) / e.radius_x, (p.y - e.center_y) / e.radius_y) -
                  1.0);
}

bool PlausibleHead(const HeadEllipse& e, cv::Size size) {
  double long_side = std::max(size.width, size.height);
  double aspect = e.radius_x / e.radius_y;
  return e.radius_x > 0.08 * long_side && e.radius_y > 0.08 * long_side &&
         e.radius_x < 0.8 * long_side && e.radius_y < 0.8 * long_side && aspect > 0.6 &&
         aspect < 1.6;
}

// RANSAC over the outline: the neck's sides and stray hair are outliers.
bool FitHeadEllipse(const std::vector<cv::Point2f>& outline, cv::Size size, HeadEllipse& best,
                    double& inlier_fraction) {
  constexpr double kInlierTolerance = 0.02;
  cv::RNG rng(0x5ca1b);  // fixed seed: the same photo always gives the same ellipse
  std::size_t best_inliers = 0;
  std::vector<cv::Point2f> sample(5);
  for (int iteration = 0; iteration < 400; ++iteration) {
    for (auto& p : sample)
      p = outline[static_cast<std::size_t>(rng.uniform(0, static_cast<int>(outline.size())))];
    HeadEllipse candidate;
    if (!FitAxisEllipse(sample, candidate) || !PlausibleHead(candidate, size)) continue;
    std::size_t inliers = 0;
    for (const auto& p : outline) inliers += RadialError(candidate, p) < kInlierTolerance ? 1 : 0;
    if (inliers > best_inliers) best_inliers = inliers, best = candidate;
  }
  if (best_inliers < 12) return false;
  for (int refine = 0; refine < 2; ++refine) {
    std::vector<cv::Point2f> inliers;
    for (const auto& p : outline) {
      if (RadialError(best, p) < kInlierTolerance) inliers.push_back(p);
    }
    HeadEllipse refined;
    if (FitAxisEllipse(inliers, refined) && PlausibleHead(refined, size)) best = refined;
    inlier_fraction = static_cast<double>(inliers.size()) / static_cast<double>(outline.size());
  }
  return true;
}

}  // namespace

std::string_view ScalpViewName(ScalpView view) {
  switch (view) {
    case ScalpView::kTop:
      return "top";
    case ScalpView::kBack:
      return "back";
    case ScalpView::kLeft:
      return "left";
    case ScalpView::kRight:
      return "right";
    case ScalpView::kFront:
      return "front";
  }
  return "top";
}

Result<ScalpView> ParseScalpView(std::string_view name, std::string_view field) {
  for (ScalpView view : kAllScalpViews) {
    if (ScalpViewName(view) == name) return view;
  }
  return InvalidArgument(std::string(field),
                         Quote(name) + " is not a view; allowed top, back, left, right, front");
}

HeadEllipse HeadEllipse::Scaled(double factor) const {
  return {center_x * factor, center_y * factor, radius_x * factor, radius_y * factor};
}

Result<HeadGeometry> FindHead(const cv::Mat& bgr) {
  if (bgr.empty() || bgr.type() != CV_8UC3 || bgr.cols < 64 || bgr.rows < 64) {
    return InvalidArgument("image", "must be an 8-bit colour image of at least 64x64 pixels");
  }
  double factor = static_cast<double>(kSilhouetteLongSide) / std::max(bgr.cols, bgr.rows);
  cv::Mat small;
  cv::resize(bgr, small, cv::Size(), factor, factor,
             factor < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
  cv::Mat energy = BandPassEnergy(small);
  // Four times the background's own texture, and at least half a CIELAB unit.
  float threshold = std::max(4.0f * BorderMedian(energy), 0.5f);
  cv::Mat textured = energy > threshold;
  cv::Mat silhouette = LargestComponent(FillHolesExceptBottom(LargestComponent(textured)));
  int area = cv::countNonZero(silhouette);
  if (area < 0.03 * small.total() || area > 0.97 * small.total()) {
    return MakeError(ErrorCode::kNotFound, "no head outline stands out from the background",
                     "image");
  }
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(silhouette, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
  std::vector<cv::Point2f> outline;
  for (const auto& contour : contours) {
    for (const auto& p : contour) {
      bool on_frame = p.x <= 1 || p.y <= 1 || p.x >= small.cols - 2 || p.y >= small.rows - 2;
      if (!on_frame)
        outline.emplace_back(static_cast<float>(p.x) + 0.5f, static_cast<float>(p.y) + 0.5f);
    }
  }
  HeadGeometry head;
  HeadEllipse ellipse;
  if (outline.size() < 40 ||
      !FitHeadEllipse(outline, small.size(), ellipse, head.fit_inlier_fraction)) {
    return MakeError(ErrorCode::kNotFound,
                     "the head outline is not round enough to locate the scalp", "image");
  }
  head.ellipse = ellipse.Scaled(1.0 / factor);
  cv::resize(silhouette, head.silhouette, bgr.size(), 0, 0, cv::INTER_LINEAR);
  head.silhouette = head.silhouette > 127;
  return head;
}

cv::Mat DrawScalpRegion(ScalpView view, const HeadEllipse& ellipse, cv::Size size,
                        double hairline_shift) {
  // Templates in the head ellipse's normalised coordinates (u right, v down, the fitted
  // outline at radius 1; the hair-bearing scalp ends at about 0.88 of it, times the outer
  // calibration). The face is at the bottom of a top view; a left view shows the face to
  // the right of the image.
  constexpr double kTopU = 0.84 * kScalpOuterCalibration, kTopV = 0.83 * kScalpOuterCalibration;
  constexpr double kOuter = kScalpOuterRadius;
  cv::Mat mask(size, CV_8U);
  for (int y = 0; y < size.height; ++y) {
    auto* row = mask.ptr<std::uint8_t>(y);
    double v = (y + 0.5 - ellipse.center_y) / ellipse.radius_y;
    for (int x = 0; x < size.width; ++x) {
      double u = (x + 0.5 - ellipse.center_x) / ellipse.radius_x;
      double r2 = u * u + v * v;
      bool in = false;
      switch (view) {
        case ScalpView::kTop:  // crown seen from above, forehead cut at the bottom
          in = (u / kTopU) * (u / kTopU) + (v / kTopV) * (v / kTopV) <= 1.0 && v <= 0.70;
          break;
        case ScalpView::kBack:  // occiput down to the nape line
          in = r2 <= kOuter * kOuter && v <= 0.54;
          break;
        case ScalpView::kFront:  // the band above the frontal hairline
          in = r2 <= kOuter * kOuter && v <= -0.264 + hairline_shift + 0.265 * u * u;
          break;
        case ScalpView::kLeft:
        case ScalpView::kRight: {  // side: above the temple-to-nape line, ear and face cut away
          double s = view == ScalpView::kLeft ? u : -u;
          double du = s - 0.937, dv = v - 0.011;
          in = r2 <= kOuter * kOuter && v <= 0.029 - 0.305 * s &&
               du * du + dv * dv >= 0.616 * 0.616;
          break;
        }
      }
      row[x] = in ? 255 : 0;
    }
  }
  return mask;
}

}  // namespace tricholog::imaging
