#include "imaging/view_confidence.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "core/salt_score.h"

namespace tricholog::imaging {
namespace {

// Every other row and column is plenty for the statistics below.
constexpr int kStride = 2;
// The strip along the scalp's lower edge, as a share of the scalp's height, and the share of a
// loss component that must lie in it to count as a strip.
constexpr double kLowerEdgeReach = 0.1;
constexpr double kLowerEdgeShare = 0.6;

double Share(const cv::Mat& part, const cv::Mat& whole) {
  const int n = cv::countNonZero(whole);
  return n > 0 ? static_cast<double>(cv::countNonZero(part & whole)) / n : 0.0;
}

// The lightness plane over the scalp: grey = a + b·x + c·y + d·[loss], least squares, so that
// the difference between bare skin and hair goes into d and only the light is left in the
// plane. Gives the plane's 95th / 5th percentile ratio over the scalp, and how well the plane's
// value separates loss from hair (max(AUC, 1 − AUC), Mann–Whitney).
void MeasureLight(const cv::Mat& bgr, const cv::Mat& scalp, const cv::Mat& loss, ViewSigns& s) {
  cv::Matx44d ata = cv::Matx44d::zeros();
  cv::Vec4d atb(0, 0, 0, 0);
  const double cx = bgr.cols / 2.0, cy = bgr.rows / 2.0, scale = std::max(bgr.cols, bgr.rows);
  int n = 0;
  for (int y = 0; y < bgr.rows; y += kStride) {
    const auto* p = bgr.ptr<cv::Vec3b>(y);
    const std::uint8_t* m = scalp.ptr<std::uint8_t>(y);
    const std::uint8_t* l = loss.ptr<std::uint8_t>(y);
    for (int x = 0; x < bgr.cols; x += kStride) {
      if (!m[x]) continue;
      const cv::Vec4d row(1.0, (x - cx) / scale, (y - cy) / scale, l[x] ? 1.0 : 0.0);
      const double grey = (p[x][0] + p[x][1] + p[x][2]) / 3.0;
      ata += row * row.t();
      atb += row * grey;
      ++n;
    }
  }
  if (n < 100) return;
  cv::Vec4d coef;
  if (!cv::solve(ata, atb, coef, cv::DECOMP_SVD)) return;
  // The plane's value at each sampled scalp pixel, and which of them are loss.
  std::vector<float> plane;
  std::vector<std::uint8_t> is_loss;
  plane.reserve(static_cast<std::size_t>(n));
  is_loss.reserve(static_cast<std::size_t>(n));
  for (int y = 0; y < bgr.rows; y += kStride) {
    const std::uint8_t* m = scalp.ptr<std::uint8_t>(y);
    const std::uint8_t* l = loss.ptr<std::uint8_t>(y);
    for (int x = 0; x < bgr.cols; x += kStride) {
      if (!m[x]) continue;
      plane.push_back(static_cast<float>(coef[1] * (x - cx) / scale + coef[2] * (y - cy) / scale));
      is_loss.push_back(l[x] ? 1 : 0);
    }
  }
  std::vector<float> sorted = plane;
  const auto nth = [&sorted](std::size_t k) {
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(k), sorted.end());
    return sorted[k];
  };
  const float p5 = nth(sorted.size() * 5 / 100);
  const float p95 = nth(sorted.size() * 95 / 100);
  const auto [min_it, max_it] = std::minmax_element(plane.begin(), plane.end());
  const double lo = coef[0] + p5;
  const double hi = coef[0] + p95;
  s.light_ratio = std::max(hi, 1.0) / std::max(lo, 1.0);
  // AUC by ranks over a fine histogram of the plane's value (ties within a bin count half): the
  // chance that a loss pixel lies brighter on the plane than a hair pixel.
  constexpr int kBins = 4096;
  std::vector<std::int64_t> hair_bins(kBins, 0), loss_bins(kBins, 0);
  const double span = std::max(1e-9, static_cast<double>(*max_it - *min_it));
  for (std::size_t i = 0; i < plane.size(); ++i) {
    const int bin = std::min(kBins - 1, static_cast<int>((plane[i] - *min_it) / span * kBins));
    ++(is_loss[i] ? loss_bins : hair_bins)[static_cast<std::size_t>(bin)];
  }
  double above = 0, hair_below = 0;
  std::int64_t loss_count = 0, hair_count = 0;
  for (std::size_t b = 0; b < kBins; ++b) {
    above += static_cast<double>(loss_bins[b]) * (hair_below + 0.5 * hair_bins[b]);
    hair_below += static_cast<double>(hair_bins[b]);
    loss_count += loss_bins[b];
    hair_count += hair_bins[b];
  }
  if (loss_count == 0 || hair_count == 0) return;
  const double auc = above / (static_cast<double>(loss_count) * static_cast<double>(hair_count));
  s.light_auc = std::max(auc, 1.0 - auc);
  s.loss_on_bright_side = auc > 0.5;
}

// The loss components lying mostly in a strip along the scalp's lower edge: scalp pixels whose
// pixel a tenth of the scalp's height further down is off the scalp. Percent of the scalp.
double LowerEdgeLossPercent(const cv::Mat& scalp, const cv::Mat& loss, int scalp_px) {
  const cv::Rect box = cv::boundingRect(scalp);
  const int reach = std::max(1, cvRound(kLowerEdgeReach * box.height));
  cv::Mat below = cv::Mat::zeros(scalp.size(), CV_8U);
  if (reach < scalp.rows) {
    scalp.rowRange(reach, scalp.rows).copyTo(below.rowRange(0, scalp.rows - reach));
  }
  const cv::Mat edge = scalp & ~below;
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(loss, labels, stats, centroids, 8, CV_32S);
  std::vector<int> on_edge(static_cast<std::size_t>(n), 0);
  for (int y = 0; y < labels.rows; ++y) {
    const int* l = labels.ptr<int>(y);
    const std::uint8_t* e = edge.ptr<std::uint8_t>(y);
    for (int x = 0; x < labels.cols; ++x) {
      if (l[x] > 0 && e[x]) ++on_edge[static_cast<std::size_t>(l[x])];
    }
  }
  std::int64_t band = 0;
  for (int i = 1; i < n; ++i) {
    const int area = stats.at<int>(i, cv::CC_STAT_AREA);
    if (on_edge[static_cast<std::size_t>(i)] >= kLowerEdgeShare * area) band += area;
  }
  return 100.0 * static_cast<double>(band) / scalp_px;
}

}  // namespace

ViewSigns MeasureViewSigns(const ConfidenceInputs& in) {
  ViewSigns s;
  s.head_fit = in.head_fit;
  const cv::Mat scalp = in.scalp > 0;
  const int scalp_px = cv::countNonZero(scalp);
  if (scalp_px == 0) return s;
  const cv::Mat loss = (in.loss > 0) & scalp;
  const cv::Mat classical = (in.classical > 0) & scalp;
  const cv::Mat hair = scalp & ~loss;
  s.loss_percent = 100.0 * cv::countNonZero(loss) / scalp_px;
  s.classical_loss_percent = 100.0 * cv::countNonZero(classical) / scalp_px;
  if (!in.learned.empty()) {
    const cv::Mat learned = (in.learned > 0) & scalp;
    s.learned_loss_percent = 100.0 * cv::countNonZero(learned) / scalp_px;
    const int uni = cv::countNonZero(learned | classical);
    if (uni > 0) s.methods_iou = static_cast<double>(cv::countNonZero(learned & classical)) / uni;
  }
  s.strand_share_loss = Share(in.strand, loss);
  s.strand_share_hair = Share(in.strand, hair);
  MeasureLight(in.bgr, scalp, loss, s);
  if (in.view == ScalpView::kBack || in.view == ScalpView::kLeft || in.view == ScalpView::kRight) {
    s.lower_edge_loss_percent = LowerEdgeLossPercent(scalp, loss, scalp_px);
  }

  return s;
}

namespace {

// Thresholds: chosen on the project's own dev renders (seeds 1001-1002, 40 cases, 200 views)
// to flag the views off by more than 10 points while flagging at most about a tenth of the
// views off by 5 points or less (docs/scalp-analysis.md, "Confidence").
// Hair inside the loss: the loss mask shows at least this share of the strands of the hair.
constexpr double kHairyLossRatio = 0.85;
// Loss that follows the light: a plane brighter by this factor across the scalp, and the loss
// lying at one end of it.
constexpr double kStrongLightRatio = 1.2;
constexpr double kLightAuc = 0.8;
// Loss worth judging at all (below it a false patch moves SALT by under a point).
constexpr double kJudgedLossPercent = 5.0;
// The two methods disagree by this many points of the view's loss.
constexpr double kDisagreementPoints = 20.0;
// Whole-view loss that only the threshold sees: the view reads at least kWholeViewPercent and
// the learned mask, alone, under kWholeViewLearnedPercent. On the dev renders a grid over 70,
// 80, 90 and 95 % flagged 1, 2, 3 and 7 views off by more than 10 points and 2, 3, 3 and 3
// views off by 5 or less; 95 % was kept.
constexpr double kWholeViewPercent = 99.0;
constexpr double kWholeViewLearnedPercent = 95.0;
// Loss in strips along the lower edge of a back or side view (ViewSigns), in points of the
// view's loss, from which the view is measured but asked to be checked. Chosen on the dev
// renders among 1, 2, 3, 5 and 8 points: 5 reached 11 of the 12 views read more than 5 points
// too high that 1 reached, against 5 views read within 5 points (31 at 1 point), most of them
// real ophiasis strips.
constexpr double kEdgeStripPercent = 5.0;
// The interval's half-width on a view the methods agree on: measurement noise, 1.96 SEM of a
// view's loss from repeat captures (docs/scalp-analysis.md, "Measurement noise").
constexpr double kViewHalfWidth = 2.0;

ViewConfidence Unmeasurable(ViewConfidence c, std::string code, std::string message) {
  c.measurable = false;
  c.confidence = 0;
  c.verdict = {std::move(code), std::move(message)};
  return c;
}

std::string_view Where(ScalpView view) {
  switch (view) {
    case ScalpView::kTop:
      return "the top of the head";
    case ScalpView::kBack:
      return "the back of the head";
    case ScalpView::kLeft:
      return "the left side of the head";
    case ScalpView::kRight:
      return "the right side of the head";
    case ScalpView::kFront:
      return "the front hairline";
  }
  return "this view";
}

}  // namespace

ViewConfidence JudgeView(const ViewSigns& s, const QualityReport& quality, ScalpView view) {
  ViewConfidence c;
  c.signs = s;
  const double low =
      std::min({s.loss_percent, s.classical_loss_percent,
                s.learned_loss_percent < 0 ? s.loss_percent : s.learned_loss_percent});
  c.loss_low = std::max(0.0, low - kViewHalfWidth);
  c.loss_high = std::min(100.0, s.loss_percent + kViewHalfWidth);
  c.verdict = {"ok", ""};
  const std::string where(Where(view));
  // A photo that fails the quality gate keeps its own verdict (quality_gate.h): the session
  // records it, and the assessment leaves its photo-based figures out (docs/assessment.md).
  (void)quality;
  // A low-contrast photo (blur, grey or white hair, dim light) can make the threshold read the
  // whole scalp as bare; on the held renders the only view without loss that read 100 % was one
  // (issue 18). The number then says nothing about the scalp, whichever way the truth lies.
  if (s.loss_percent >= kWholeViewPercent && s.learned_loss_percent >= 0 &&
      s.learned_loss_percent < kWholeViewLearnedPercent) {
    return Unmeasurable(c, "whole_view_unclear",
                        "All of " + where +
                            " reads as bare to one reading of the photo and not to the other, so "
                            "this photo cannot tell hair from skin there. Retake it in even "
                            "daylight, in focus; if the scalp really is bare there, draw the bare "
                            "area by hand.");
  }
  if (s.loss_percent >= kJudgedLossPercent) {
    if (s.light_ratio >= kStrongLightRatio && s.light_auc >= kLightAuc) {
      return Unmeasurable(
          c, "uneven_light",
          "The light on " + where + " is much " + (s.loss_on_bright_side ? "brighter" : "darker") +
              " on one side, and the bare-looking part follows the light. Turn so that the light "
              "falls evenly (face the window or stand away from it) and retake.");
    }
    if (s.strand_share_hair > 0 && s.strand_share_loss >= kHairyLossRatio * s.strand_share_hair) {
      return Unmeasurable(c, "hair_read_as_loss",
                          "Hair shows where " + where +
                              " reads as bare. Retake it in even daylight, in focus; if it "
                              "still reads wrong, correct the mask by hand.");
    }
    if (s.learned_loss_percent >= 0 &&
        std::abs(s.learned_loss_percent - s.classical_loss_percent) >= kDisagreementPoints) {
      c.confidence = 0.5;
      c.verdict = {"methods_disagree",
                   "The two ways of reading " + where +
                       " disagree: check the outlined bare areas, and correct them if they are "
                       "wrong."};
    }
  }
  if (c.verdict.code == "ok" && s.lower_edge_loss_percent >= kEdgeStripPercent) {
    // Either loss or a hairline lying higher than the scalp outline: the interval holds both.
    c.loss_low = std::max(
        0.0, std::min(c.loss_low, s.loss_percent - s.lower_edge_loss_percent - kViewHalfWidth));
    c.confidence = 0.5;
    c.verdict = {"edge_strip",
                 "The bare strip along the lower edge of the hair on " + where +
                     " may be where your hair naturally ends rather than hair loss. Check the "
                     "outlined area: if it is your hairline, correct it by hand."};
  }
  const double width = c.loss_high - c.loss_low;
  c.confidence = std::min(c.confidence, std::clamp(1.0 - width / 40.0, 0.1, 1.0));
  return c;
}

ViewConfidence CorrectedViewConfidence(double loss_percent) {
  ViewConfidence c;
  c.loss_low = c.loss_high = loss_percent;
  c.signs.loss_percent = loss_percent;
  c.verdict = {"corrected", "The bare areas were drawn by hand."};
  return c;
}

std::optional<SaltInterval> SaltIntervalFromViews(const ViewConfidence& top,
                                                  const ViewConfidence& back,
                                                  const ViewConfidence& left,
                                                  const ViewConfidence& right) {
  if (!top.measurable || !back.measurable || !left.measurable || !right.measurable) {
    return std::nullopt;
  }
  // Olsen 2004, JAAD 51:440: the SALT weights of core/salt_score.h.
  const std::array<const ViewConfidence*, 4> views = {&top, &back, &left, &right};
  const std::array<double, 4> weights = {kSaltTopWeight, kSaltBackWeight, kSaltLeftWeight,
                                         kSaltRightWeight};
  SaltInterval out;
  for (std::size_t i = 0; i < views.size(); ++i) {
    out.low += weights[i] * views[i]->loss_low;
    out.high += weights[i] * views[i]->loss_high;
  }
  return out;
}

}  // namespace tricholog::imaging
