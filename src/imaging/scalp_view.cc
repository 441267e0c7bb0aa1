#include "imaging/scalp_view.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <new>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "imaging/component_mask.h"
#include "imaging/hair_density.h"
#include "imaging/hair_loss_net.h"
#include "imaging/hair_loss_segmentation.h"

namespace tricholog::imaging {
namespace {

// Segmentation runs with the long side at most this many pixels.
constexpr int kWorkLongSideMax = 1200;
constexpr int kWorkLongSide = 1024;
// A component of the threshold's loss mask counts when the learned mask covers at least this
// share of it. Chosen on the project's own dev renders among 0 (union), 0.1, 0.3 and 0.5
// (docs/scalp-analysis.md).
constexpr double kClassicalSupport = 0.3;

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

// For each source index, how many of the `full` destination indices nearest-neighbour
// upsampling maps onto it (the same map UpscaleMaskNearest uses).
std::vector<int> NearestSource(int source, int full) {
  std::vector<int> map(static_cast<std::size_t>(full));
  for (int i = 0; i < full; ++i) {
    map[static_cast<std::size_t>(i)] =
        std::min(source - 1, static_cast<int>((static_cast<std::int64_t>(i) * source) / full));
  }
  return map;
}

std::vector<std::int64_t> NearestWeights(int source, int full) {
  std::vector<std::int64_t> weights(static_cast<std::size_t>(source), 0);
  for (int s : NearestSource(source, full)) ++weights[static_cast<std::size_t>(s)];
  return weights;
}

// As CountByZone, for masks at the working scale whose full-size versions are their
// nearest-neighbour upsampling to `full`: each working pixel counts the full pixels it covers.
void CountByZoneUpsampled(const cv::Mat& scalp, const cv::Mat& loss, const cv::Mat& labels,
                          cv::Size full, std::array<std::int64_t, 8>& in_scalp,
                          std::array<std::int64_t, 8>& in_loss) {
  in_scalp.fill(0);
  in_loss.fill(0);
  auto column_weight = NearestWeights(scalp.cols, full.width);
  auto row_weight = NearestWeights(scalp.rows, full.height);
  for (int y = 0; y < scalp.rows; ++y) {
    const std::uint8_t* s = scalp.ptr<std::uint8_t>(y);
    const std::uint8_t* l = loss.ptr<std::uint8_t>(y);
    const std::uint8_t* z = labels.ptr<std::uint8_t>(y);
    std::int64_t row = row_weight[static_cast<std::size_t>(y)];
    for (int x = 0; x < scalp.cols; ++x) {
      if (!s[x]) continue;
      std::size_t zone = z[x] & 7u;
      std::int64_t weight = row * column_weight[static_cast<std::size_t>(x)];
      in_scalp[zone] += weight;
      if (l[x]) in_loss[zone] += weight;
    }
  }
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

cv::Mat UpscaleMaskNearest(const cv::Mat& mask, cv::Size size) {
  if (mask.size() == size) return Binary(mask);
  auto columns = NearestSource(mask.cols, size.width);
  auto rows = NearestSource(mask.rows, size.height);
  cv::Mat out(size, CV_8U);
  for (int y = 0; y < size.height; ++y) {
    const std::uint8_t* in = mask.ptr<std::uint8_t>(rows[static_cast<std::size_t>(y)]);
    std::uint8_t* o = out.ptr<std::uint8_t>(y);
    if (y > 0 && rows[static_cast<std::size_t>(y)] == rows[static_cast<std::size_t>(y - 1)]) {
      std::copy(o - out.step, o - out.step + size.width, o);
      continue;
    }
    for (int x = 0; x < size.width; ++x) o[x] = in[columns[static_cast<std::size_t>(x)]] ? 255 : 0;
  }
  return out;
}

cv::Mat ScalpViewResult::FullScalpMask() const {
  return scalp_corrected ? user_scalp : UpscaleMaskNearest(scalp_mask, full_size);
}

cv::Mat ScalpViewResult::FullLossMask() const {
  cv::Mat loss = loss_corrected ? user_loss : UpscaleMaskNearest(loss_mask, full_size);
  return loss & FullScalpMask();
}

cv::Size ScalpWorkingSize(cv::Size input) {
  const int long_side = std::max(input.width, input.height);
  if (long_side <= kWorkLongSideMax) return input;
  // As cv::resize computes the size for ToWorkScale's factor.
  const double factor = static_cast<double>(kWorkLongSide) / long_side;
  return {cv::saturate_cast<int>(input.width * factor),
          cv::saturate_cast<int>(input.height * factor)};
}

Result<AnalysisPlan> PlanScalpView(cv::Size photo, cv::Size input) {
  return FitBudget(AnalysisKind::kScalpView, photo,
                   static_cast<std::int64_t>(input.width) * input.height, ScalpWorkingSize(input));
}

int AnalysisScaleDenominator(int full_width, int full_height) {
  int long_side = std::max(full_width, full_height);
  int denominator = 1;
  while (denominator < 8 && long_side / (denominator * 2) >= 800) denominator *= 2;
  return denominator;
}

namespace {

ScalpViewFigures FiguresFromCounts(ScalpView view, const std::array<std::int64_t, 8>& scalp_px,
                                   const std::array<std::int64_t, 8>& loss_px,
                                   const cv::Mat& work_scalp, const cv::Mat& strand,
                                   const cv::Mat& work_zone_labels) {
  ScalpViewFigures figures;
  std::array<std::int64_t, 8> work_scalp_px{}, work_strand_px{};
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
                             Percent(work_strand_px[i], work_scalp_px[i]), std::nullopt});
  }
  return figures;
}

// The share of the head's half-width where skin outside the scalp is looked for.
constexpr double kSkinHalfWidth = 0.75;

// Where bare skin can show outside the scalp: the head's core (face, neck, ears, eroded away
// from the outline; HairTexture::head_core) inside the fitted head ellipse, so that a piece of
// smooth backdrop the silhouette took in does not pass for skin. Strands are left out where
// the skin's colour is taken (hair_density.cc).
//
// A top view shows no face: what lies outside its scalp inside the head ellipse is a thin rim of
// forehead under hanging strands and, mostly, backdrop (a green or blue backdrop passed for skin
// and the index fell as the hair grew on the own dev density series). It takes its skin from its
// bare patches only, and has no index without them (docs/scalp-analysis.md, "Density index").
cv::Mat SkinOutsideScalp(ScalpView view, const cv::Mat& head_core, const cv::Mat& scalp,
                         const HeadEllipse& head) {
  if (view == ScalpView::kTop) return cv::Mat::zeros(head_core.size(), CV_8U);
  cv::Mat inside = cv::Mat::zeros(head_core.size(), CV_8U);
  cv::ellipse(inside, cv::Point2d(head.center_x, head.center_y),
              cv::Size2d(0.97 * head.radius_x, 0.97 * head.radius_y), 0, 0, 360, 255, cv::FILLED);
  // Only below the head's centre and away from its sides: the face, the ears and the neck lie
  // under the hairline, and the rim outside the scalp elsewhere is backdrop seen between
  // hanging strands.
  const int centre_row = std::clamp(cvRound(head.center_y), 0, inside.rows);
  inside.rowRange(0, centre_row).setTo(0);
  const int left =
      std::clamp(cvRound(head.center_x - kSkinHalfWidth * head.radius_x), 0, inside.cols);
  const int right =
      std::clamp(cvRound(head.center_x + kSkinHalfWidth * head.radius_x), left, inside.cols);
  inside.colRange(0, left).setTo(0);
  inside.colRange(right, inside.cols).setTo(0);
  return head_core & inside & ~scalp;
}

// The components of `mask` of which at least `share` lies on `support`.
cv::Mat KeepSupported(const cv::Mat& mask, const cv::Mat& support, double share) {
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
  std::vector<std::int64_t> on(static_cast<std::size_t>(n), 0);
  for (int y = 0; y < mask.rows; ++y) {
    const int* l = labels.ptr<int>(y);
    const std::uint8_t* s = support.ptr<std::uint8_t>(y);
    for (int x = 0; x < mask.cols; ++x) {
      if (l[x] > 0 && s[x]) ++on[static_cast<std::size_t>(l[x])];
    }
  }
  std::vector<std::uint8_t> keep(static_cast<std::size_t>(n), 0);
  for (int i = 1; i < n; ++i) {
    keep[static_cast<std::size_t>(i)] =
        on[static_cast<std::size_t>(i)] >= share * stats.at<int>(i, cv::CC_STAT_AREA);
  }
  return SelectComponents(labels, keep);
}

// The density index of the view and of each zone: the mean colour difference from bare skin
// over its hair-bearing scalp (hair_density.h).
void AddDensityIndex(const HairContrast& contrast, const cv::Mat& labels,
                     ScalpViewFigures& figures) {
  if (!contrast.valid) return;
  std::array<double, 8> sum{};
  std::array<std::int64_t, 8> count{};
  for (int y = 0; y < labels.rows; ++y) {
    const std::uint8_t* m = contrast.hair_bearing.ptr<std::uint8_t>(y);
    const std::uint8_t* z = labels.ptr<std::uint8_t>(y);
    const float* d = contrast.delta_e.ptr<float>(y);
    for (int x = 0; x < labels.cols; ++x) {
      if (!m[x]) continue;
      sum[z[x] & 7u] += d[x];
      ++count[z[x] & 7u];
    }
  }
  double total = 0;
  std::int64_t total_count = 0;
  for (std::size_t i = 0; i < sum.size(); ++i) total += sum[i], total_count += count[i];
  if (total_count > 0) figures.hair_density_index = total / static_cast<double>(total_count);
  for (ZoneFigures& zone : figures.zones) {
    const auto i = static_cast<std::size_t>(zone.zone);
    if (count[i] > 0) zone.hair_density_index = sum[i] / static_cast<double>(count[i]);
  }
}

}  // namespace

ScalpViewFigures MeasureScalpView(ScalpView view, const cv::Mat& scalp, const cv::Mat& loss,
                                  const cv::Mat& zone_labels, const cv::Mat& strand,
                                  const cv::Mat& work_scalp, const cv::Mat& work_zone_labels) {
  std::array<std::int64_t, 8> scalp_px{}, loss_px{};
  CountByZone(scalp, loss, zone_labels, scalp_px, loss_px);
  return FiguresFromCounts(view, scalp_px, loss_px, work_scalp, strand, work_zone_labels);
}

namespace {

Result<ScalpViewResult> AnalyzeWithinBudget(const DecodedImage& image, ScalpView view,
                                            const MaskCorrection& correction,
                                            const AnalysisClock& clock) {
  const cv::Size full(image.full_width > 0 ? image.full_width : image.bgr.cols,
                      image.full_height > 0 ? image.full_height : image.bgr.rows);
  auto plan = PlanScalpView(full, image.bgr.size());
  if (!plan) return tl::unexpected(plan.error());
  const Deadline deadline(AnalysisKind::kScalpView, plan->budget, clock);
  ScalpViewResult result;
  result.view = view;
  result.budget = plan->budget;
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
  result.working_size = work.size();
  const double work_to_full = static_cast<double>(full.width) / work.cols;
  if (auto ok = deadline.Check(); !ok) return tl::unexpected(ok.error());
  auto head = FindHead(work);
  if (!head && scalp_fix.empty()) return tl::unexpected(head.error());
  if (auto ok = deadline.Check(); !ok) return tl::unexpected(ok.error());
  HeadGeometry geometry;
  if (head) {
    geometry = *head;
  } else {  // the user drew the scalp: take the head as the ellipse around it
    cv::Rect box = cv::boundingRect(ResizeMask(scalp_fix, work.size()));
    geometry.silhouette = ResizeMask(scalp_fix, work.size());
    geometry.ellipse = {box.x + box.width / 2.0, box.y + box.height / 2.0,
                        std::max(1.0, box.width / 2.0 / kScalpOuterRadius),
                        std::max(1.0, box.height / 2.0 / kScalpOuterRadius)};
  }
  result.head = geometry.ellipse.Scaled(work_to_full);
  result.head_fit = geometry.fit_inlier_fraction;

  // One 8-bit CIELAB image serves the strand response and the quality gate's colour cast.
  cv::Mat work_lab;
  cv::cvtColor(work, work_lab, cv::COLOR_BGR2Lab);
  const HairTexture texture = MeasureHairTexture(work_lab, geometry.silhouette, geometry.ellipse);
  cv::Mat work_scalp;
  if (!scalp_fix.empty()) {
    work_scalp = ResizeMask(scalp_fix, work.size());
  } else {
    work_scalp = DrawScalpRegion(view, geometry.ellipse, work.size());
    if (view == ScalpView::kFront) {  // the frontal hairline differs between people
      result.hairline_shift = EstimateHairlineShift(texture, work_scalp, geometry.ellipse);
      if (result.hairline_shift != 0.0) {
        work_scalp = DrawScalpRegion(view, geometry.ellipse, work.size(), result.hairline_shift);
      }
    }
  }
  if (auto ok = deadline.Check(); !ok) return tl::unexpected(ok.error());
  HairLossMaps maps = SegmentHairLossFromTexture(texture, work_scalp, geometry.ellipse, view);
  if (auto ok = deadline.Check(); !ok) return tl::unexpected(ok.error());
  // Where the learned mask is installed (hair_loss_net.h) it adds what the threshold misses:
  // scalp under strands rooted upstream of it, which looks covered but has no roots.
  const cv::Mat classical_loss = maps.loss.clone();
  cv::Mat learned_loss;
  if (loss_fix.empty()) {
    if (const auto net = ActiveHairLossNet()) {
      learned_loss = LearnedLossMask(*net, work, texture.response, work_scalp);
      // The threshold's components count where the learned mask supports them; the learned
      // mask is added whole (docs/scalp-analysis.md, "The loss mask now").
      maps.loss = KeepSupported(maps.loss, learned_loss, kClassicalSupport) | learned_loss;
      if (auto ok = deadline.Check(); !ok) return tl::unexpected(ok.error());
    }
  }

  cv::Mat work_labels = DrawZoneLabels(view, geometry.ellipse, work.size());
  result.full_size = full;
  result.user_scalp = scalp_fix;
  result.user_loss = loss_fix;
  result.scalp_mask = work_scalp;
  result.loss_mask =
      (loss_fix.empty() ? maps.loss : ResizeMask(loss_fix, work.size())) & work_scalp;
  if (scalp_fix.empty() && loss_fix.empty()) {
    std::array<std::int64_t, 8> scalp_px{}, loss_px{};
    CountByZoneUpsampled(work_scalp, maps.loss, work_labels, full, scalp_px, loss_px);
    result.figures =
        FiguresFromCounts(view, scalp_px, loss_px, work_scalp, maps.strand, work_labels);
  } else {  // a user mask is full size: count at full size
    cv::Mat full_labels;
    cv::resize(work_labels, full_labels, full, 0, 0, cv::INTER_NEAREST);
    result.figures = MeasureScalpView(view, result.FullScalpMask(), result.FullLossMask(),
                                      full_labels, maps.strand, work_scalp, work_labels);
  }

  const cv::Mat skin = SkinOutsideScalp(view, texture.head_core, work_scalp, geometry.ellipse);
  AddDensityIndex(MeasureHairContrast(work_lab, work_scalp, skin, result.loss_mask, maps.strand),
                  work_labels, result.figures);
  if (auto ok = deadline.Check(); !ok) return tl::unexpected(ok.error());

  QualityContext context;
  context.scalp_mask = work_scalp;
  context.full_short_side_px = std::min(full.width, full.height);
  if (auto ok = deadline.Check(); !ok) return tl::unexpected(ok.error());
  result.quality = AssessQuality(work, context, work_lab);
  if (auto ok = deadline.Check(); !ok) return tl::unexpected(ok.error());
  if (!loss_fix.empty()) {
    result.confidence = CorrectedViewConfidence(result.figures.hair_loss_percent);
  } else {
    ConfidenceInputs inputs;
    inputs.view = view;
    inputs.bgr = work;
    inputs.scalp = work_scalp;
    inputs.strand = maps.strand;
    inputs.classical = classical_loss;
    inputs.learned = learned_loss;
    inputs.loss = maps.loss;
    inputs.head_fit = geometry.fit_inlier_fraction;
    result.confidence = JudgeView(MeasureViewSigns(inputs), result.quality, view);
  }
  return result;
}

}  // namespace

Result<ScalpViewResult> AnalyzeScalpView(const DecodedImage& image, ScalpView view,
                                         const MaskCorrection& correction,
                                         const AnalysisClock& clock) {
  if (image.bgr.empty() || image.bgr.type() != CV_8UC3) {
    return InvalidArgument("image", "must be a decoded 8-bit colour photo");
  }
  try {
    return AnalyzeWithinBudget(image, view, correction, clock);
  } catch (const cv::Exception& e) {
    return MakeError(ErrorCode::kInternal, std::string("scalp view: OpenCV failed: ") + e.what(),
                     "image");
  } catch (const std::bad_alloc&) {
    return MakeError(ErrorCode::kTooLarge, "scalp view: out of memory", "image");
  }
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
