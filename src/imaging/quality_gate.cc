#include "imaging/quality_gate.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "imaging/component_mask.h"
namespace tricholog::imaging {
namespace {

// Working scale: the measures below are defined at this long side so that they mean the
// same for a 12 MP and a 3 MP photo (the analysis itself runs at about 1 MP).
constexpr int kWorkingLongSidePx = 1024;

// Thresholds. Exposure and resolution follow common capture guidance (ISO 12232-style
// mid-grey near 118; a 1000 px short side is the least that resolves patches of ~1 cm
// across a 15 cm scalp view at several pixels per mm); framing from the AloNet masks
// (scalp covers a median 30 %, p10 19 % of the frame; ../shared/reference/imaging.md §1.5).
// Blur thresholds: Crete et al., "The blur effect", SPIE 6492 (2007), where sharp
// photos score low and visibly blurred ones above about 0.5. Measured here at the 1024 px
// working scale on the synthetic views: sharp 0.12-0.19; Gaussian blur sigma 1.5 px:
// 0.36-0.48; sigma 3 px: 0.55-0.70. Real phone photos are softer than renders, so the
// warning starts above the sigma-1.5 range's middle.
constexpr double kBlurWarn = 0.42;
constexpr double kBlurFail = 0.55;
constexpr double kDarkMedianWarn = 60, kDarkMedianFail = 35;
constexpr double kDarkFractionFail = 0.5;
constexpr double kBrightMedianFail = 225;
constexpr double kClippedWarn = 0.04, kClippedFail = 0.15;
constexpr double kGlareWarn = 0.01, kGlareFail = 0.05;
constexpr int kShortSideFail = 1000, kShortSideWarn = 1400;
// Front (hairline) views have the smallest scalp share: 0.10-0.15 on the synthetic views.
constexpr double kScalpFractionFail = 0.05, kScalpFractionWarn = 0.08;
// CIELAB chroma of the frame mean. Skin and hair are themselves warm (a*, b* > 0):
// untinted synthetic views reach 57 in that quadrant (auburn hair, warm skin filling the
// frame), so a warm cast is flagged only when extreme; no skin or hair is blue, green or
// magenta, so those casts are flagged from 30. Grey-world is a weak cast detector on
// skin photos; the baseline colour check is the sensitive one.
constexpr double kWarmCastWarn = 65;
constexpr double kColdCastWarn = 30;
constexpr double kBrightnessRatioLow = 0.75, kBrightnessRatioHigh = 1.0 / 0.75;
constexpr double kColourShiftWarn = 0.03;
constexpr double kScaleRatioLow = 0.7, kScaleRatioHigh = 1.0 / 0.7;

cv::Mat ToWorkingScale(const cv::Mat& image, int interpolation) {
  const int long_side = std::max(image.cols, image.rows);
  if (long_side <= kWorkingLongSidePx) return image;
  const double factor = static_cast<double>(kWorkingLongSidePx) / long_side;
  cv::Mat out;
  cv::resize(image, out, cv::Size(), factor, factor, interpolation);
  return out;
}

cv::Mat MaskAtSize(const cv::Mat& mask, cv::Size size) {
  if (mask.empty()) return {};
  cv::Mat gray = mask;
  if (mask.channels() != 1) cv::cvtColor(mask, gray, cv::COLOR_BGR2GRAY);
  cv::Mat resized;
  cv::resize(gray, resized, size, 0, 0, cv::INTER_NEAREST);
  return resized > 0;
}

// Crete, Dolmiere, Ladret & Nicolas 2007: re-blur with a 9-tap box filter and measure
// how much neighbour-to-neighbour variation is lost; a sharp image loses much, a
// blurred one little. Returns max over the two directions, 0..1.
double BlurEffect(const cv::Mat& gray, const cv::Mat& region) {
  // 9-tap box sums (integers; the mean is the sum / 9) along each axis.
  cv::Mat sum_v, sum_h;
  cv::boxFilter(gray, sum_v, CV_32S, cv::Size(1, 9), cv::Point(-1, -1), false);
  cv::boxFilter(gray, sum_h, CV_32S, cv::Size(9, 1), cv::Point(-1, -1), false);
  // Per axis: the sum of neighbour differences of the photo (s_f) and of what re-blurring
  // removes (s_v), both weighted by the region (0/1) when there is one.
  double s_f[2] = {0, 0}, s_v[2] = {0, 0};
  for (int y = 0; y < gray.rows; ++y) {
    const std::uint8_t* g = gray.ptr<std::uint8_t>(y);
    const std::int32_t* bv = sum_v.ptr<std::int32_t>(y);
    const std::int32_t* bh = sum_h.ptr<std::int32_t>(y);
    const std::uint8_t* m = region.empty() ? nullptr : region.ptr<std::uint8_t>(y);
    std::int64_t f_v = 0, f_h = 0, v_v = 0, v_h = 0;  // in units of 1/9
    if (y > 0) {                                      // vertical: pixel (x, y) against (x, y - 1)
      const std::uint8_t* g_up = gray.ptr<std::uint8_t>(y - 1);
      const std::int32_t* bv_up = sum_v.ptr<std::int32_t>(y - 1);
      for (int x = 0; x < gray.cols; ++x) {
        if (m && !m[x]) continue;
        int d_f = 9 * std::abs(g[x] - g_up[x]);
        int d_b = std::abs(bv[x] - bv_up[x]);
        f_v += d_f;
        v_v += std::max(d_f - d_b, 0);
      }
    }
    for (int x = 1; x < gray.cols; ++x) {  // horizontal: (x, y) against (x - 1, y)
      if (m && !m[x]) continue;
      int d_f = 9 * std::abs(g[x] - g[x - 1]);
      int d_b = std::abs(bh[x] - bh[x - 1]);
      f_h += d_f;
      v_h += std::max(d_f - d_b, 0);
    }
    s_f[0] += static_cast<double>(f_v);
    s_v[0] += static_cast<double>(v_v);
    s_f[1] += static_cast<double>(f_h);
    s_v[1] += static_cast<double>(v_h);
  }
  double worst = 0;
  for (int axis = 0; axis < 2; ++axis) {
    worst = std::max(worst, s_f[axis] > 1e-6 ? (s_f[axis] - s_v[axis]) / s_f[axis] : 1.0);
  }
  return worst;
}

double Percentile(const cv::Mat& gray, const cv::Mat& region, double q) {
  int histogram[256] = {0};
  int total = 0;
  for (int y = 0; y < gray.rows; ++y) {
    const auto* g = gray.ptr<std::uint8_t>(y);
    const auto* m = region.empty() ? nullptr : region.ptr<std::uint8_t>(y);
    for (int x = 0; x < gray.cols; ++x) {
      if (m == nullptr || m[x]) {
        ++histogram[g[x]];
        ++total;
      }
    }
  }
  int cumulative = 0;
  for (int v = 0; v < 256; ++v) {
    cumulative += histogram[v];
    if (cumulative >= q * total) return v;
  }
  return 255;
}

double FractionWhere(const cv::Mat& condition, const cv::Mat& region) {
  if (region.empty()) return cv::countNonZero(condition) / static_cast<double>(condition.total());
  const int area = cv::countNonZero(region);
  if (area == 0) return 0;
  return cv::countNonZero(condition & region) / static_cast<double>(area);
}

// Specular glare: bright (V >= 245) and unsaturated (S < 40) pixels grouped into blobs of
// at least 0.02 % of the frame (single bright pixels in white hair are not glare).
double GlareFraction(const cv::Mat& bgr, const cv::Mat& region) {
  cv::Mat hsv;
  cv::cvtColor(bgr, hsv, cv::COLOR_BGR2HSV);
  cv::Mat glare;
  cv::inRange(hsv, cv::Scalar(0, 0, 245), cv::Scalar(180, 40, 255), glare);
  cv::Mat labels, stats, centroids;
  const int count = cv::connectedComponentsWithStats(glare, labels, stats, centroids, 8, CV_32S);
  const int min_area = std::max(4, static_cast<int>(bgr.total() * 0.0002));
  std::vector<std::uint8_t> keep(static_cast<std::size_t>(count), 0);
  for (int i = 1; i < count; ++i) {
    if (stats.at<int>(i, cv::CC_STAT_AREA) >= min_area) keep[static_cast<std::size_t>(i)] = 255;
  }
  return FractionWhere(SelectComponents(labels, keep), region);
}

void AddIssue(QualityReport& report, std::string code, QualityStatus severity,
              std::string message) {
  report.issues.push_back({std::move(code), severity, std::move(message)});
  if (static_cast<int>(severity) > static_cast<int>(report.status)) report.status = severity;
}

void CheckExposure(const cv::Mat& gray, const cv::Mat& region, QualityReport& report) {
  QualityMetrics& m = report.metrics;
  m.luma_median = Percentile(gray, region, 0.5);
  m.dark_fraction = FractionWhere(gray < 20, region);
  m.clipped_fraction = FractionWhere(gray >= 250, region);
  if (m.luma_median < kDarkMedianFail || m.dark_fraction > kDarkFractionFail) {
    AddIssue(report, "too_dark", QualityStatus::kFail,
             "too dark: turn towards the light or switch on a lamp");
  } else if (m.luma_median < kDarkMedianWarn) {
    AddIssue(report, "too_dark", QualityStatus::kWarn,
             "rather dark: turn towards the light for a clearer photo");
  }
  if (m.luma_median > kBrightMedianFail || m.clipped_fraction > kClippedFail) {
    AddIssue(report, "overexposed", QualityStatus::kFail,
             "too bright: move out of direct sunlight or switch off the flash");
  } else if (m.clipped_fraction > kClippedWarn) {
    AddIssue(report, "overexposed", QualityStatus::kWarn,
             "parts are washed out: use softer, indirect light");
  }
}

void CheckBaseline(const cv::Mat& bgr, const cv::Mat& region, const BaselineStats& baseline,
                   QualityReport& report) {
  const BaselineStats now = ComputeBaselineStats(bgr, region);
  QualityMetrics& m = report.metrics;
  if (baseline.mean_luma > 1) {
    m.brightness_ratio = now.mean_luma / baseline.mean_luma;
    if (*m.brightness_ratio < kBrightnessRatioLow || *m.brightness_ratio > kBrightnessRatioHigh) {
      AddIssue(report, "baseline_brightness", QualityStatus::kWarn,
               *m.brightness_ratio < 1
                   ? "darker than your first photo: use the same room and lamp as before"
                   : "brighter than your first photo: use the same room and lamp as before");
    }
  }
  m.colour_shift = std::hypot(now.chroma_r - baseline.chroma_r, now.chroma_g - baseline.chroma_g);
  if (*m.colour_shift > kColourShiftWarn) {
    AddIssue(
        report, "baseline_colour", QualityStatus::kWarn,
        "the light colour differs from your first photo: use the same lamp or daylight as before");
  }
  if (baseline.scalp_fraction > 0 && now.scalp_fraction > 0) {
    m.scale_ratio = now.scalp_fraction / baseline.scalp_fraction;
    if (*m.scale_ratio < kScaleRatioLow || *m.scale_ratio > kScaleRatioHigh) {
      AddIssue(report, "baseline_scale", QualityStatus::kWarn,
               *m.scale_ratio < 1
                   ? "the head looks smaller than in your first photo: hold the phone closer"
                   : "the head looks larger than in your first photo: hold the phone further away");
    }
  }
}

}  // namespace

std::string_view QualityStatusName(QualityStatus status) {
  switch (status) {
    case QualityStatus::kPass:
      return "pass";
    case QualityStatus::kWarn:
      return "warn";
    case QualityStatus::kFail:
      return "fail";
  }
  return "fail";
}

bool QualityReport::Has(std::string_view code) const {
  return std::any_of(issues.begin(), issues.end(),
                     [&](const QualityIssue& issue) { return issue.code == code; });
}

BaselineStats ComputeBaselineStats(const cv::Mat& bgr, const cv::Mat& scalp_mask) {
  BaselineStats stats;
  if (bgr.empty() || bgr.type() != CV_8UC3) return stats;
  const cv::Mat small = ToWorkingScale(bgr, cv::INTER_AREA);
  const cv::Mat region = MaskAtSize(scalp_mask, small.size());
  cv::Mat gray;
  cv::cvtColor(small, gray, cv::COLOR_BGR2GRAY);
  const bool use_region = !region.empty() && cv::countNonZero(region) > 0;
  stats.mean_luma = use_region ? cv::mean(gray, region)[0] : cv::mean(gray)[0];
  const cv::Scalar mean = cv::mean(small);  // grey world over the whole frame
  const double sum = mean[0] + mean[1] + mean[2];
  if (sum > 1e-6) {
    stats.chroma_r = mean[2] / sum;
    stats.chroma_g = mean[1] / sum;
  }
  if (!region.empty())
    stats.scalp_fraction = cv::countNonZero(region) / static_cast<double>(region.total());
  return stats;
}

QualityReport AssessQuality(const cv::Mat& bgr, const QualityContext& context) {
  return AssessQuality(bgr, context, cv::Mat());
}

QualityReport AssessQuality(const cv::Mat& bgr, const QualityContext& context, const cv::Mat& lab) {
  QualityReport report;
  if (bgr.empty() || bgr.type() != CV_8UC3 || bgr.cols < 16 || bgr.rows < 16) {
    AddIssue(report, "unreadable", QualityStatus::kFail,
             "the photo could not be read: take it again");
    return report;
  }
  const cv::Mat small = ToWorkingScale(bgr, cv::INTER_AREA);
  cv::Mat region = MaskAtSize(context.scalp_mask, small.size());
  const bool has_mask = !region.empty();
  if (has_mask && cv::countNonZero(region) == 0) region = cv::Mat();
  cv::Mat gray;
  cv::cvtColor(small, gray, cv::COLOR_BGR2GRAY);
  QualityMetrics& m = report.metrics;

  m.short_side_px =
      context.full_short_side_px > 0 ? context.full_short_side_px : std::min(bgr.cols, bgr.rows);
  if (m.short_side_px < kShortSideFail) {
    AddIssue(report, "low_resolution", QualityStatus::kFail,
             "resolution too low: use the main (back) camera at full resolution, not a screenshot");
  } else if (m.short_side_px < kShortSideWarn) {
    AddIssue(report, "low_resolution", QualityStatus::kWarn,
             "low resolution: use the main camera at its full resolution");
  }

  m.blur = BlurEffect(gray, region.empty() ? cv::Mat() : region);
  if (m.blur > kBlurFail) {
    AddIssue(report, "blurred", QualityStatus::kFail,
             "blurred: hold the phone still and tap the scalp to focus");
  } else if (m.blur > kBlurWarn) {
    AddIssue(report, "blurred", QualityStatus::kWarn,
             "slightly blurred: hold the phone still and tap to focus");
  }

  CheckExposure(gray, region, report);

  m.glare_fraction = GlareFraction(small, region);
  // Without a scalp mask, white walls and sky look like glare; the metric is still
  // reported but only a masked scalp region raises the issue.
  if (has_mask && m.glare_fraction > kGlareFail) {
    AddIssue(report, "glare", QualityStatus::kFail,
             "strong glare on the scalp: move away from the direct light and turn off the flash");
  } else if (has_mask && m.glare_fraction > kGlareWarn) {
    AddIssue(report, "glare", QualityStatus::kWarn,
             "glare on the scalp: move away from the direct light");
  }

  if (has_mask) {
    m.scalp_fraction =
        region.empty() ? 0.0 : cv::countNonZero(region) / static_cast<double>(region.total());
    if (*m.scalp_fraction < kScalpFractionFail) {
      AddIssue(
          report, "scalp_too_small", QualityStatus::kFail,
          "the scalp is hard to see: hold the phone closer so the head fills most of the photo");
    } else if (*m.scalp_fraction < kScalpFractionWarn) {
      AddIssue(report, "scalp_too_small", QualityStatus::kWarn,
               "the scalp is small in the photo: hold the phone a little closer");
    }
  }

  cv::Mat small_lab = lab;
  if (small_lab.size() != small.size() || small_lab.type() != CV_8UC3)
    cv::cvtColor(small, small_lab, cv::COLOR_BGR2Lab);
  const cv::Scalar lab_mean = cv::mean(small_lab);
  m.colour_cast = std::hypot(lab_mean[1] - 128.0, lab_mean[2] - 128.0);
  const bool warm = lab_mean[1] >= 128.0 && lab_mean[2] >= 128.0;
  if (m.colour_cast > (warm ? kWarmCastWarn : kColdCastWarn)) {
    AddIssue(report, "colour_cast", QualityStatus::kWarn,
             "strong colour tint: use daylight or a white lamp instead of coloured light");
  }

  if (context.baseline) CheckBaseline(small, region, *context.baseline, report);
  return report;
}

}  // namespace tricholog::imaging
