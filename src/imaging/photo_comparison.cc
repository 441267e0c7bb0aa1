#include "imaging/photo_comparison.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>

#include "imaging/vision.h"

namespace tricholog::imaging {
namespace {

constexpr int kOverlayLongSide = 1024;

cv::Mat ToOverlayScale(const cv::Mat& bgr) {
  double factor =
      std::min(1.0, static_cast<double>(kOverlayLongSide) / std::max(bgr.cols, bgr.rows));
  cv::Mat out;
  cv::resize(bgr, out, cv::Size(), factor, factor, cv::INTER_AREA);
  return out;
}

cv::Mat MaskAt(const cv::Mat& mask, cv::Size size) {
  cv::Mat out;
  cv::resize(mask, out, size, 0, 0, cv::INTER_AREA);
  return out > 127;
}

// Affine map (2x3, CV_32F) taking `from` ellipse onto `to` ellipse; both in the same scale.
cv::Mat EllipseAlignment(const HeadEllipse& from, const HeadEllipse& to) {
  float sx = static_cast<float>(to.radius_x / from.radius_x);
  float sy = static_cast<float>(to.radius_y / from.radius_y);
  return (cv::Mat_<float>(2, 3) << sx, 0, static_cast<float>(to.center_x - sx * from.center_x), 0,
          sy, static_cast<float>(to.center_y - sy * from.center_y));
}

double Correlation(const cv::Mat& gray_after, const cv::Mat& gray_before_warped,
                   const cv::Mat& mask) {
  auto vision = Vision();
  if (!vision) return 0;  // no module: the caller keeps the ellipse alignment
  try {
    return (*vision)->compute_ecc(gray_after, gray_before_warped, mask);
  } catch (const cv::Exception&) {
    return 0;
  }
}

void DrawLegend(cv::Mat& overlay) {
  int line = std::max(14, overlay.rows / 40);
  double scale = line / 22.0;
  cv::Point origin(line / 2, line / 2);
  cv::rectangle(overlay, cv::Rect(origin.x, origin.y, line * 12, line * 2 + line / 2),
                cv::Scalar(0, 0, 0), cv::FILLED);
  cv::rectangle(overlay, cv::Rect(origin.x + 4, origin.y + 4, line - 8, line - 8),
                cv::Scalar(0, 200, 0), cv::FILLED);
  cv::putText(overlay, "hair gained", {origin.x + line, origin.y + line - 4},
              cv::FONT_HERSHEY_SIMPLEX, scale, cv::Scalar(255, 255, 255), 1, cv::LINE_AA);
  cv::rectangle(overlay, cv::Rect(origin.x + 4, origin.y + line + 4, line - 8, line - 8),
                cv::Scalar(0, 0, 220), cv::FILLED);
  cv::putText(overlay, "hair lost", {origin.x + line, origin.y + 2 * line - 4},
              cv::FONT_HERSHEY_SIMPLEX, scale, cv::Scalar(255, 255, 255), 1, cv::LINE_AA);
}

Result<ScalpViewResult> AnalyzeSide(const DecodedImage& image, ScalpView view, const char* side) {
  auto result = AnalyzeScalpView(image, view);
  if (!result) {
    Error error = result.error();
    error.field = std::string(side) + "." + (error.field.empty() ? "image" : error.field);
    return tl::unexpected(error);
  }
  return result;
}

}  // namespace

Result<PhotoComparison> ComparePhotos(const DecodedImage& before, const DecodedImage& after,
                                      ScalpView view) {
  auto before_result = AnalyzeSide(before, view, "before");
  if (!before_result) return tl::unexpected(before_result.error());
  auto after_result = AnalyzeSide(after, view, "after");
  if (!after_result) return tl::unexpected(after_result.error());
  PhotoComparison comparison;
  comparison.view = view;
  comparison.before = std::move(*before_result);
  comparison.after = std::move(*after_result);

  cv::Mat after_small = ToOverlayScale(after.bgr);
  cv::Mat before_small;
  double before_factor =
      static_cast<double>(kOverlayLongSide) / std::max(before.full_width, before.full_height);
  double after_factor = static_cast<double>(after_small.cols) / after.full_width;
  cv::resize(before.bgr, before_small,
             cv::Size(static_cast<int>(before.full_width * std::min(1.0, before_factor)),
                      static_cast<int>(before.full_height * std::min(1.0, before_factor))),
             0, 0, cv::INTER_AREA);
  before_factor = static_cast<double>(before_small.cols) / before.full_width;

  cv::Mat after_scalp = MaskAt(comparison.after.scalp_mask, after_small.size());
  cv::Mat gray_after, gray_before;
  cv::cvtColor(after_small, gray_after, cv::COLOR_BGR2GRAY);
  cv::cvtColor(before_small, gray_before, cv::COLOR_BGR2GRAY);
  cv::Mat warp = EllipseAlignment(comparison.before.head.Scaled(before_factor),
                                  comparison.after.head.Scaled(after_factor));
  auto warp_gray = [&](const cv::Mat& map) {
    cv::Mat out;
    cv::warpAffine(gray_before, out, map, gray_after.size(), cv::INTER_LINEAR,
                   cv::BORDER_REPLICATE);
    return out;
  };
  comparison.registration_method = "head_ellipse";
  comparison.registration_correlation = Correlation(gray_after, warp_gray(warp), after_scalp);
  cv::Mat refined = warp.clone();
  // Without the vision module there is no ECC: the ellipse alignment is kept, as when ECC does
  // not converge.
  if (auto vision = Vision(); vision) {
    try {
      (*vision)->find_transform_ecc_affine(gray_after, gray_before, refined, 60, 1e-5, after_scalp,
                                           5);
      double refined_correlation = Correlation(gray_after, warp_gray(refined), after_scalp);
      if (refined_correlation > comparison.registration_correlation) {
        warp = refined;
        comparison.registration_method = "ecc_affine";
        comparison.registration_correlation = refined_correlation;
      }
    } catch (const cv::Exception&) {
      // ECC did not converge: keep the ellipse alignment.
    }
  }

  cv::Mat before_loss_small = MaskAt(comparison.before.loss_mask, before_small.size());
  cv::Mat before_loss;
  cv::warpAffine(before_loss_small, before_loss, warp, after_small.size(), cv::INTER_NEAREST);
  cv::Mat after_loss = MaskAt(comparison.after.loss_mask, after_small.size());
  cv::Mat gained = before_loss & ~after_loss & after_scalp;
  cv::Mat lost = after_loss & ~before_loss & after_scalp;
  double scalp_px = std::max(1, cv::countNonZero(after_scalp));
  comparison.gained_area_percent = 100.0 * cv::countNonZero(gained) / scalp_px;
  comparison.lost_area_percent = 100.0 * cv::countNonZero(lost) / scalp_px;
  comparison.hair_loss_change_points =
      comparison.after.figures.hair_loss_percent - comparison.before.figures.hair_loss_percent;

  const auto& zones_before = comparison.before.figures.zones;
  const auto& zones_after = comparison.after.figures.zones;
  for (std::size_t i = 0; i < std::min(zones_before.size(), zones_after.size()); ++i) {
    const ZoneFigures& b = zones_before[i];
    const ZoneFigures& a = zones_after[i];
    comparison.zones.push_back({a.zone, b.hair_loss_percent, a.hair_loss_percent,
                                a.hair_loss_percent - b.hair_loss_percent, b.hair_coverage_percent,
                                a.hair_coverage_percent,
                                a.hair_coverage_percent - b.hair_coverage_percent});
  }

  // The before photo in the after photo's frame, for a before/after slider.
  cv::warpAffine(before_small, comparison.before_aligned, warp, after_small.size(),
                 cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0, 0, 0));
  comparison.after_image = after_small;

  cv::Mat tint = after_small.clone();
  tint.setTo(cv::Scalar(0, 200, 0), gained);
  tint.setTo(cv::Scalar(0, 0, 220), lost);
  cv::addWeighted(after_small, 0.55, tint, 0.45, 0, comparison.overlay);
  DrawLegend(comparison.overlay);
  return comparison;
}

}  // namespace tricholog::imaging
