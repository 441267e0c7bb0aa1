#include "imaging/scalp_view.h"

#include <algorithm>
#include <array>
#include <opencv2/imgproc.hpp>
#include <string>

#include "imaging/hair_loss_segmentation.h"

namespace tricholog::imaging {
namespace {

// Segmentation runs with the long side at most this many pixels.
constexpr int kWorkLongSideMax = 1200;
constexpr int kWorkLongSide = 1024;

cv::Mat ToWorkScale(const cv::Mat& bgr) {
  int long_side = std::max(bgr.cols, bgr.rows);
  if (long_side <= kWorkLongSideMax) return bgr;
  double factor = static_cast<double>(kWorkLongSide) / long_side;
  cv::Mat work;
  cv::resize(bgr, work, cv::Size(), factor, factor, cv::INTER_AREA);
  return work;
}

cv::Mat Binary(const cv::Mat& mask) { return mask > 0; }

cv::Mat ResizeMask(const cv::Mat& mask, cv::Size size) {
  if (mask.size() == size) return Binary(mask);
  cv::Mat out;
  bool shrinking = size.area() < mask.size().area();
  cv::resize(mask, out, size, 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
  return out > 127;
}

Result<cv::Mat> CheckCorrection(const cv::Mat& mask, cv::Size full, const char* field) {
  if (mask.type() != CV_8UC1) {
    return InvalidArgument(field, "must be an 8-bit single-channel mask (0 = out, 255 = in)");
  }
  if (mask.size() != full) {
    return InvalidArgument(
        field, "is " + std::to_string(mask.cols) + "x" + std::to_string(mask.rows) +
                   " pixels; it must match the photo, " + std::to_string(full.width) + "x" +
                   std::to_string(full.height));
  }
  return Binary(mask);
}

double Percent(std::int64_t part, std::int64_t whole) {
  return whole > 0 ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

// Pixel counts per zone label (index = ScalpZone value) of `scalp` and of `loss & scalp`.
void CountByZone(const cv::Mat& scalp, const cv::Mat& loss, const cv::Mat& labels,
                 std::array<std::int64_t, 8>& in_scalp, std::array<std::int64_t, 8>& in_loss) {
  in_scalp.fill(0);
  in_loss.fill(0);
  for (int y = 0; y < scalp.rows; ++y) {
    const std::uint8_t* s = scalp.ptr<std::uint8_t>(y);
    const std::uint8_t* l = loss.ptr<std::uint8_t>(y);
    const std::uint8_t* z = labels.ptr<std::uint8_t>(y);
    for (int x = 0; x < scalp.cols; ++x) {
      if (!s[x]) continue;
      std::size_t zone = z[x] & 7u;
      ++in_scalp[zone];
      if (l[x]) ++in_loss[zone];
    }
  }
}

}  // namespace

int AnalysisScaleDenominator(int full_width, int full_height) {
  int long_side = std::max(full_width, full_height);
  int denominator = 1;
  while (denominator < 8 && long_side / (denominator * 2) >= 800) denominator *= 2;
  return denominator;
}

ScalpViewFigures MeasureScalpView(ScalpView view, const cv::Mat& scalp, const cv::Mat& loss,
                                  const cv::Mat& zone_labels, const cv::Mat& strand,
                                  const cv::Mat& work_scalp, const cv::Mat& work_zone_labels) {
  ScalpViewFigures figures;
  std::array<std::int64_t, 8> scalp_px{}, loss_px{}, work_scalp_px{}, work_strand_px{};
  CountByZone(scalp, loss, zone_labels, scalp_px, loss_px);
  CountByZone(work_scalp, strand, work_zone_labels, work_scalp_px, work_strand_px);
  std::int64_t strand_total = 0, work_scalp_total = 0;
  for (std::size_t i = 0; i < scalp_px.size(); ++i) {
    figures.scalp_area_px += scalp_px[i];
    figures.hair_loss_area_px += loss_px[i];
    strand_total += work_strand_px[i];
    work_scalp_total += work_scalp_px[i];
  }
  figures.hair_loss_percent = Percent(figures.hair_loss_area_px, figures.scalp_area_px);
  figures.hair_coverage_percent = Percent(strand_total, work_scalp_total);
  for (ScalpZone zone : ZonesOfView(view)) {
    auto i = static_cast<std::size_t>(zone);
    figures.zones.push_back({zone, scalp_px[i], Percent(loss_px[i], scalp_px[i]),
                             Percent(work_strand_px[i], work_scalp_px[i])});
  }
  return figures;
}

Result<ScalpViewResult> AnalyzeScalpView(const DecodedImage& image, ScalpView view,
                                         const MaskCorrection& correction) {
  if (image.bgr.empty() || image.bgr.type() != CV_8UC3) {
    return InvalidArgument("image", "must be a decoded 8-bit colour photo");
  }
  const cv::Size full(image.full_width > 0 ? image.full_width : image.bgr.cols,
                      image.full_height > 0 ? image.full_height : image.bgr.rows);
  ScalpViewResult result;
  result.view = view;
  cv::Mat scalp_fix, loss_fix;
  if (!correction.scalp.empty()) {
    auto checked = CheckCorrection(correction.scalp, full, "scalp_mask");
    if (!checked) return tl::unexpected(checked.error());
    scalp_fix = *checked;
  }
  if (!correction.loss.empty()) {
    auto checked = CheckCorrection(correction.loss, full, "loss_mask");
    if (!checked) return tl::unexpected(checked.error());
    loss_fix = *checked;
  }
  result.scalp_corrected = !scalp_fix.empty();
  result.loss_corrected = !loss_fix.empty();

  cv::Mat work = ToWorkScale(image.bgr);
  const double work_to_full = static_cast<double>(full.width) / work.cols;
  auto head = FindHead(work);
  if (!head && scalp_fix.empty()) return tl::unexpected(head.error());
  HeadGeometry geometry;
  if (head) {
    geometry = *head;
  } else {  // the user drew the scalp: take the head as the ellipse around it
    cv::Rect box = cv::boundingRect(ResizeMask(scalp_fix, work.size()));
    geometry.silhouette = ResizeMask(scalp_fix, work.size());
    geometry.ellipse = {box.x + box.width / 2.0, box.y + box.height / 2.0,
                        std::max(1.0, box.width / 2.0 / 0.88),
                        std::max(1.0, box.height / 2.0 / 0.88)};
  }
  result.head = geometry.ellipse.Scaled(work_to_full);
  result.head_fit = geometry.fit_inlier_fraction;

  cv::Mat work_scalp = scalp_fix.empty() ? DrawScalpRegion(view, geometry.ellipse, work.size())
                                         : ResizeMask(scalp_fix, work.size());
  HairLossMaps maps = SegmentHairLoss(work, work_scalp, geometry.silhouette, geometry.ellipse);

  result.scalp_mask = scalp_fix.empty() ? ResizeMask(work_scalp, full) : scalp_fix;
  cv::Mat loss_full = loss_fix.empty() ? ResizeMask(maps.loss, full) : loss_fix;
  result.loss_mask = loss_full & result.scalp_mask;

  cv::Mat work_labels = DrawZoneLabels(view, geometry.ellipse, work.size());
  cv::Mat full_labels;
  cv::resize(work_labels, full_labels, full, 0, 0, cv::INTER_NEAREST);
  result.figures = MeasureScalpView(view, result.scalp_mask, result.loss_mask, full_labels,
                                    maps.strand, work_scalp, work_labels);

  QualityContext context;
  context.scalp_mask = work_scalp;
  context.full_short_side_px = std::min(full.width, full.height);
  result.quality = AssessQuality(work, context);
  return result;
}

Result<ScalpViewResult> AnalyzeScalpPhoto(const cv::Mat& bgr, ScalpView view,
                                          const MaskCorrection& correction) {
  DecodedImage image;
  image.bgr = bgr;
  image.full_width = bgr.cols;
  image.full_height = bgr.rows;
  return AnalyzeScalpView(image, view, correction);
}

Result<SaltScore> SaltFromViews(const ScalpViewFigures& top, const ScalpViewFigures& back,
                                const ScalpViewFigures& left, const ScalpViewFigures& right) {
  // Olsen 2004, JAAD 51:440 — weights live in core/salt_score.h.
  return ComputeSalt(SaltRegionLoss{top.hair_loss_percent, back.hair_loss_percent,
                                    left.hair_loss_percent, right.hair_loss_percent});
}

}  // namespace tricholog::imaging
