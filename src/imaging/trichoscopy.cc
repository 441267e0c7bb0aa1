#include "imaging/trichoscopy.h"

#include <algorithm>
#include <cmath>
#include <new>
#include <numeric>
#include <opencv2/imgproc.hpp>

#include "imaging/component_mask.h"
#include "imaging/hair_count_net.h"
#include "imaging/scale_bar.h"
#include "imaging/shaft_graph.h"
#include "imaging/vision.h"

namespace tricholog::imaging {
namespace {

// Physical parameters (µm). Scalp hair shafts are about 20-120 µm wide (vellus < 30-40,
// terminal 50-100; ../shared/reference/imaging.md §2.1), so a 300 µm closing removes
// every shaft from the background estimate.
constexpr double kBackgroundUm = 300.0;
constexpr double kMinShaftLengthWidths = 2.5;  // shorter blobs are dots, not shafts
// Shorter than this is a dot or debris, not a shaft: clipped stubs in trichoscopy are
// about 0.3 mm and longer (TrichoScan clips to ~0.5 mm; the synthetic fields' shortest
// shafts are 0.3 mm).
constexpr double kMinShaftLengthUm = 150.0;
constexpr double kOtsuFraction = 0.8;     // below Otsu: keeps faint shaft edges
constexpr double kThinReachUm = 30.0;     // half the widest vellus shaft, plus margin
constexpr double kThinMinContrast = 6.0;  // grey levels
constexpr double kFlatRowStdDev = 3.0;    // grey levels; skin rows vary far more
constexpr double kCaptionNeutralShare = 0.4;
constexpr int kHistogramBins = 16;
// Scalp terminal shafts are up to about 120 µm wide (../shared/reference/imaging.md §2.1);
// a wider shaft is several hairs lying side by side.
constexpr double kMaxSingleShaftUm = 130.0;
constexpr double kTypicalShaftUm = 70.0;  // a terminal shaft, for splitting wider ones
constexpr int kMaxUnitHairs = 4;          // follicular units hold 1-4 hairs
// A hair is nearly straight over its visible length; skin creases and the edges of scale
// flakes that pass the darkness test wind: the distance between a shaft's ends must be at
// least this share of its centre-line length.
constexpr double kMinStraightness = 0.5;
constexpr double kHistogramBinUm = 10.0;
constexpr double kNoiseBlurPx = 2.0;  // pixel noise = residual after this Gaussian blur
// Measurement markings that software burns into the image: a circle drawn in saturated red
// to measure an area. Its red channel exceeds the larger of the other two by about 165 grey
// levels at its core and 60-70 where JPEG blurs it into the skin (60-137 all across its
// anti-aliased diagonal stretches); red, inflamed skin reaches about 80-100, but not in runs
// connected to the circle's core. (The blue letters of the circle's caption are not
// removed: some devices light the skin so blue that a colour rule cannot tell letters from
// skin.)
constexpr int kRedCoreMargin = 130;
constexpr int kRedEdgeMargin = 60;

// Hair is darker than the skin around it: local background (closing at a quarter scale,
// then upsampled) minus the level of one channel.
cv::Mat ChannelDarkness(const cv::Mat& channel, double um_per_px) {
  cv::Mat gray;
  cv::GaussianBlur(channel, gray, cv::Size(), 0.8);
  constexpr int kFactor = 4;
  cv::Mat small;
  cv::resize(gray, small,
             cv::Size(std::max(1, gray.cols / kFactor), std::max(1, gray.rows / kFactor)), 0, 0,
             cv::INTER_AREA);
  const int radius =
      std::max(2, static_cast<int>(std::lround(kBackgroundUm / 2 / um_per_px / kFactor)));
  const cv::Mat kernel =
      cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * radius + 1, 2 * radius + 1));
  cv::Mat background_small;
  // Closing removes the dark shafts; the opening after it removes small bright flakes
  // (scale, reflections), which would otherwise make the skin around them look dark.
  cv::morphologyEx(small, background_small, cv::MORPH_CLOSE, kernel);
  cv::morphologyEx(background_small, background_small, cv::MORPH_OPEN, kernel);
  cv::GaussianBlur(background_small, background_small, cv::Size(), radius / 2.0 + 1);
  cv::Mat background;
  cv::resize(background_small, background, gray.size(), 0, 0, cv::INTER_LINEAR);
  cv::Mat darkness;
  cv::subtract(background, gray, darkness);
  return darkness;
}

// Pixel noise of a darkness image: robust sigma (1.4826 × median absolute deviation) of
// its difference from a slightly blurred copy, sampled on every other row and column.
double NoiseSigma(const cv::Mat& darkness) {
  cv::Mat value, blurred;
  darkness.convertTo(value, CV_32F);
  cv::GaussianBlur(value, blurred, cv::Size(), kNoiseBlurPx);
  std::vector<float> residuals;
  residuals.reserve(darkness.total() / 4 + 1);
  for (int y = 0; y < value.rows; y += 2) {
    const float* v = value.ptr<float>(y);
    const float* b = blurred.ptr<float>(y);
    for (int x = 0; x < value.cols; x += 2) residuals.push_back(std::abs(v[x] - b[x]));
  }
  const auto middle = residuals.begin() + static_cast<std::ptrdiff_t>(residuals.size() / 2);
  std::nth_element(residuals.begin(), middle, residuals.end());
  return std::max(0.5, 1.4826 * *middle);
}

// Darkness in colour: the grey level's, and where the green or red channel shows a shaft
// with more contrast for its noise (brown or reddish hair on reddish skin, faint in grey),
// that channel's, scaled to the grey level's noise (never amplified). Blue is left out: it
// is the noisiest channel and yellow scale and sebum are dark in it.
cv::Mat Darkness(const cv::Mat& bgr, double um_per_px) {
  cv::Mat gray;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  cv::Mat darkness = ChannelDarkness(gray, um_per_px);
  const double gray_noise = NoiseSigma(darkness);
  std::vector<cv::Mat> channels;
  cv::split(bgr, channels);
  for (int c = 1; c < 3; ++c) {  // green, red
    const cv::Mat channel_darkness = ChannelDarkness(channels[c], um_per_px);
    const double scale = std::min(1.0, gray_noise / NoiseSigma(channel_darkness));
    cv::Mat scaled;
    channel_darkness.convertTo(scaled, CV_8U, scale);
    darkness = cv::max(darkness, scaled);
  }
  return darkness;
}

cv::Mat Shifted(const cv::Mat& image, int dx, int dy) {
  cv::Mat padded;
  const int pad = std::max(std::abs(dx), std::abs(dy));
  cv::copyMakeBorder(image, padded, pad, pad, pad, pad, cv::BORDER_REPLICATE);
  return padded(cv::Rect(pad + dx, pad + dy, image.cols, image.rows)).clone();
}

// Thin-line response: how much darker a pixel is than both of its neighbours `reach_px`
// away across a line, for the best of four orientations. Vellus shafts (< 40 µm) are
// faint, so they are found by this shape test rather than by their darkness alone.
cv::Mat ThinLineResponse(const cv::Mat& darkness, int reach_px) {
  cv::Mat d;
  darkness.convertTo(d, CV_16S);
  cv::Mat best(d.size(), CV_16S, cv::Scalar(-255));
  const int normals[4][2] = {{0, 1}, {1, 0}, {1, 1}, {1, -1}};
  for (const auto& n : normals) {
    const int step = (n[0] != 0 && n[1] != 0)
                         ? std::max(1, static_cast<int>(std::lround(reach_px / 1.414)))
                         : reach_px;
    const cv::Mat side =
        cv::max(Shifted(d, n[0] * step, n[1] * step), Shifted(d, -n[0] * step, -n[1] * step));
    best = cv::max(best, d - side);
  }
  return best;
}

// The hair mask: the union of (a) darkness above a threshold set from the field's own
// contrast (Otsu on the darkness histogram, bounded below so that a hairless field yields
// no hair) and (b) thin dark lines (ThinLineResponse) well above the field's noise.
cv::Mat HairMask(const cv::Mat& darkness, double um_per_px) {
  cv::Mat strong;
  const double otsu = cv::threshold(darkness, strong, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  cv::threshold(darkness, strong, std::max(otsu * kOtsuFraction, 14.0), 255, cv::THRESH_BINARY);
  cv::morphologyEx(strong, strong, cv::MORPH_OPEN,
                   cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(3, 3)));

  const int reach_px = std::max(2, static_cast<int>(std::ceil(kThinReachUm / um_per_px)));
  const cv::Mat response = ThinLineResponse(darkness, reach_px);
  cv::Mat magnitude = cv::abs(response);
  magnitude.convertTo(magnitude, CV_8U);
  std::vector<std::uint8_t> values(magnitude.begin<std::uint8_t>(), magnitude.end<std::uint8_t>());
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2),
                   values.end());
  const double noise = 1.4826 * values[values.size() / 2];  // MAD estimate of sigma
  cv::Mat thin =
      (response > std::max(kThinMinContrast, 4.0 * noise)) & (darkness > kThinMinContrast / 2);

  cv::Mat mask = strong | thin;
  // Drop specks and dots: components that do not extend kMinShaftLengthUm in any direction.
  const int min_extent_px = static_cast<int>(kMinShaftLengthUm / um_per_px);
  cv::Mat labels, stats, centroids;
  const int count = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
  std::vector<std::uint8_t> keep(count, 0);
  for (int i = 1; i < count; ++i) {
    const int extent =
        std::max(stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
    keep[i] = extent >= min_extent_px ? 255 : 0;
  }
  return SelectComponents(labels, keep);
}

// The rows that show skin: uniform bands along the top and bottom edge (a device's
// footer strip) and caption rows at the top (mostly exactly neutral grey pixels: caption
// boxes; skin is never grey over half a row) are left out.
cv::Rect FieldRows(const cv::Mat& bgr) {
  cv::Mat gray;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  const auto excluded = [&](int y) {
    cv::Scalar mean, stddev;
    cv::meanStdDev(gray.row(y), mean, stddev);
    if (stddev[0] < kFlatRowStdDev) return true;
    const auto* p = bgr.ptr<cv::Vec3b>(y);
    int neutral = 0;
    for (int x = 0; x < bgr.cols; ++x) {
      const int b = p[x][0], g = p[x][1], r = p[x][2];
      neutral += std::max({std::abs(b - g), std::abs(g - r), std::abs(b - r)}) <= 3;
    }
    return neutral > bgr.cols * kCaptionNeutralShare;
  };
  int top = 0, bottom = gray.rows;
  while (top < gray.rows / 4 && excluded(top)) ++top;
  while (bottom > gray.rows * 3 / 4 && excluded(bottom - 1)) --bottom;
  return cv::Rect(0, top, gray.cols, bottom - top);
}

// Burned-in overlays that are not skin: flat, exactly neutral (grey) boxes such as a
// device's caption or the scale bar's label, and the scale bar itself with its vertical
// arm. 255 = overlay.
cv::Mat OverlayMask(const cv::Mat& bgr, const std::optional<ScaleBar>& bar) {
  std::vector<cv::Mat> c;
  cv::split(bgr, c);
  cv::Mat d01, d12, d02, chroma;
  cv::absdiff(c[0], c[1], d01);
  cv::absdiff(c[1], c[2], d12);
  cv::absdiff(c[0], c[2], d02);
  chroma = cv::max(cv::max(d01, d12), d02);
  cv::Mat neutral = chroma <= 3;
  cv::Mat labels, stats, centroids;
  const int count = cv::connectedComponentsWithStats(neutral, labels, stats, centroids, 8, CV_32S);
  cv::Mat overlay = cv::Mat::zeros(bgr.size(), CV_8UC1);
  for (int i = 1; i < count; ++i) {
    const cv::Rect box(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                       stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
    const int area = stats.at<int>(i, cv::CC_STAT_AREA);
    if (area >= 400 && box.width >= 40 && box.height >= 12 && area >= 0.6 * box.area()) {
      cv::rectangle(overlay, box, 255, cv::FILLED);
    }
  }
  if (bar) {
    const int length = bar->x1 - bar->x0 + 1;
    cv::rectangle(overlay, cv::Rect(bar->x0 - 4, bar->y - 6, length + 8, 12), 255, cv::FILLED);
    cv::rectangle(overlay, cv::Rect(bar->x0 - 6, bar->y - length - 6, 12, length + 8), 255,
                  cv::FILLED);
  }
  cv::dilate(overlay, overlay, cv::Mat(), cv::Point(-1, -1), 3);
  return overlay;
}

// Saturated red device markings (see kRedCoreMargin): CV_8UC1, 255 = marking, with a
// one-pixel margin.
cv::Mat FindRedMarkings(const cv::Mat& bgr) {
  std::vector<cv::Mat> c;
  cv::split(bgr, c);
  cv::Mat c16[3];
  for (int i = 0; i < 3; ++i) c[i].convertTo(c16[i], CV_16S);
  const cv::Mat red_excess = c16[2] - cv::max(c16[0], c16[1]);
  // Hysteresis: every 8-connected run of edge-level red that reaches core-level red
  // somewhere is marking. Where the circle runs diagonally, anti-aliasing spreads its 1-2 px
  // line over more pixels and its red excess stays below the core level for hundreds of
  // pixels; those stretches were left in place and traced as false shafts.
  const cv::Mat core = red_excess >= kRedCoreMargin;
  cv::Mat labels;
  const int count = cv::connectedComponents(red_excess >= kRedEdgeMargin, labels, 8, CV_32S);
  std::vector<std::uint8_t> is_marking(count, 0);
  for (int y = 0; y < labels.rows; ++y) {
    const int* label = labels.ptr<int>(y);
    const std::uint8_t* in_core = core.ptr<std::uint8_t>(y);
    for (int x = 0; x < labels.cols; ++x) {
      if (in_core[x]) is_marking[label[x]] = 255;
    }
  }
  is_marking[0] = 0;  // below the edge level
  cv::Mat markings = SelectComponents(labels, is_marking);
  cv::dilate(markings, markings, cv::Mat(), cv::Point(-1, -1), 1);
  return markings;
}

std::vector<int> Histogram(const std::vector<TrichoscopyHair>& hairs) {
  std::vector<int> bins(kHistogramBins, 0);
  for (const TrichoscopyHair& hair : hairs) {
    const int bin = std::min(kHistogramBins - 1, static_cast<int>(hair.width_um / kHistogramBinUm));
    ++bins[std::max(0, bin)];
  }
  return bins;
}

}  // namespace

std::optional<HairCountMethod> ParseHairCountMethod(std::string_view name) {
  if (name == "traced") return HairCountMethod::kTraced;
  if (name == "learned") return HairCountMethod::kLearned;
  if (name == "combined") return HairCountMethod::kCombined;
  return std::nullopt;
}

std::string_view HairCountMethodName(HairCountMethod method) {
  switch (method) {
    case HairCountMethod::kTraced:
      return "traced";
    case HairCountMethod::kLearned:
      return "learned";
    case HairCountMethod::kCombined:
      return "combined";
  }
  return "traced";
}

Result<AnalysisPlan> PlanTrichoscopy(cv::Size photo) {
  return FitBudget(AnalysisKind::kTrichoscopy, photo,
                   static_cast<std::int64_t>(photo.width) * photo.height, photo);
}

namespace {

Result<TrichoscopyResult> AnalyzeWithinBudget(const cv::Mat& bgr,
                                              const TrichoscopyOptions& options) {
  if (bgr.empty() || bgr.type() != CV_8UC3 || bgr.cols < 64 || bgr.rows < 64) {
    return InvalidArgument("image", "must be a colour image of at least 64 x 64 pixels");
  }
  if (auto ok = RequireInRange("vellus_max_um", options.vellus_max_um, 10.0, 100.0); !ok) {
    return tl::unexpected(ok.error());
  }
  if (options.um_per_px) {
    if (auto ok = RequireInRange("um_per_px", *options.um_per_px, 0.1, 100.0); !ok)
      return tl::unexpected(ok.error());
  }
  auto plan = PlanTrichoscopy(bgr.size());
  if (!plan) return tl::unexpected(plan.error());
  const Deadline deadline(AnalysisKind::kTrichoscopy, plan->budget,
                          options.clock ? *options.clock : SteadyAnalysisClock());
  TrichoscopyResult result;
  result.working_size = plan->working_size;
  result.budget = plan->budget;
  result.vellus_max_um = options.vellus_max_um;
  const std::optional<ScaleBar> bar = FindScaleBar(bgr);
  if (options.um_per_px) {
    result.um_per_px = *options.um_per_px;
    result.scale_source = "given";
  } else if (bar) {
    result.um_per_px = bar->um_per_px;
    result.scale_source = "scale_bar";
  } else {
    result.um_per_px = kAssumedUmPerPx;
    result.scale_source = "assumed";
  }
  const double um = result.um_per_px;

  // Analyse the skin only: no device strips, captions or scale bar.
  if (auto ok = deadline.Check(); !ok) return tl::unexpected(ok.error());
  const cv::Rect rows = FieldRows(bgr);
  result.field_rows = rows;
  const cv::Mat markings = FindRedMarkings(bgr)(rows);
  cv::Mat field = bgr(rows);
  if (cv::countNonZero(markings) > 0) {
    // Paint the markings over from the skin and hair round them, so that a circle drawn
    // across a hair neither joins hairs nor cuts one in two.
    auto vision = Vision();
    if (!vision) return tl::unexpected(vision.error());
    cv::Mat painted;
    (*vision)->inpaint_telea(field, markings, painted, 3);
    field = painted;
  }
  if (auto ok = deadline.Check(); !ok) return tl::unexpected(ok.error());
  const cv::Mat overlay = OverlayMask(bgr, bar)(rows);
  cv::Mat darkness = Darkness(field, um);
  darkness.setTo(0, overlay);
  if (auto ok = deadline.Check(); !ok) return tl::unexpected(ok.error());
  const cv::Mat mask = HairMask(darkness, um);
  result.hair_mask = cv::Mat::zeros(bgr.size(), CV_8UC1);
  mask.copyTo(result.hair_mask(rows));
  if (auto ok = deadline.Check(); !ok) return tl::unexpected(ok.error());
  std::vector<Shaft> shafts = TraceShafts(mask, darkness, &deadline);
  if (auto ok = deadline.Check(); !ok) return tl::unexpected(ok.error());
  for (Shaft& shaft : shafts) {
    shaft.end.y += rows.y;
    shaft.other_end.y += rows.y;
  }

  double width_sum = 0;
  for (const Shaft& shaft : shafts) {
    // Side-by-side shafts of a multi-hair follicular unit merge into one wide ribbon: a
    // shaft wider than any single hair is as many hairs of typical width as fit across it.
    double width_um = shaft.width_px * um;
    const double length_um = shaft.length_px * um;
    int hairs = 1;
    if (width_um > kMaxSingleShaftUm) {
      hairs =
          std::clamp(static_cast<int>(std::lround(width_um / kTypicalShaftUm)), 1, kMaxUnitHairs);
      width_um /= hairs;
    }
    if (length_um < std::max(kMinShaftLengthUm, kMinShaftLengthWidths * width_um)) continue;
    if (cv::norm(shaft.end - shaft.other_end) < kMinStraightness * shaft.length_px) continue;
    const TrichoscopyHair hair{shaft.end.x,
                               shaft.end.y,
                               shaft.other_end.x,
                               shaft.other_end.y,
                               width_um,
                               length_um,
                               width_um <= options.vellus_max_um};
    for (int i = 0; i < hairs; ++i) {
      result.hairs.push_back(hair);
      width_sum += width_um;
      (hair.vellus ? result.vellus_count : result.terminal_count) += 1;
    }
  }
  result.traced_shaft_count = static_cast<int>(result.hairs.size());
  result.hair_count = result.traced_shaft_count;
  result.count_method = "traced";
  const double field_px = static_cast<double>(field.total()) - cv::countNonZero(overlay);
  result.field_area_cm2 = field_px * um * um * 1e-8;  // µm² -> cm²
  if (result.traced_shaft_count > 0) {
    result.vellus_percent = 100.0 * result.vellus_count / result.traced_shaft_count;
    result.mean_width_um = width_sum / result.traced_shaft_count;
  }
  const auto net =
      options.count_method == HairCountMethod::kTraced ? nullptr : ActiveHairCountNet();
  if (net) {
    // The learned or combined count; the traced shafts' vellus share splits it.
    HairCountNet::Estimate estimate = net->Count(field, um, overlay);
    const double learned = estimate.count;
    if (auto ok = deadline.Check(); !ok) return tl::unexpected(ok.error());
    result.learned_count = learned;
    result.learned_density = std::move(estimate.density);
    if (!result.learned_density.empty())
      result.learned_density_um = field.cols * um / result.learned_density.cols;
    const double count = options.count_method == HairCountMethod::kLearned
                             ? learned
                             : 0.5 * (learned + result.traced_shaft_count);
    result.hair_count = static_cast<int>(std::lround(count));
    result.count_method = HairCountMethodName(options.count_method);
    result.vellus_count =
        static_cast<int>(std::lround(result.hair_count * result.vellus_percent / 100.0));
    result.terminal_count = result.hair_count - result.vellus_count;
    if (result.hair_count == 0) result.vellus_percent = 0;
  }
  result.density_per_cm2 = result.hair_count / result.field_area_cm2;
  result.width_histogram = Histogram(result.hairs);
  return result;
}

}  // namespace

Result<TrichoscopyResult> AnalyzeTrichoscopy(const cv::Mat& bgr,
                                             const TrichoscopyOptions& options) {
  try {
    return AnalyzeWithinBudget(bgr, options);
  } catch (const cv::Exception& e) {
    return MakeError(ErrorCode::kInternal, std::string("trichoscopy: OpenCV failed: ") + e.what(),
                     "image");
  } catch (const std::bad_alloc&) {
    return MakeError(ErrorCode::kTooLarge, "trichoscopy: out of memory", "image");
  }
}

}  // namespace tricholog::imaging
