#include "core/easi_score.h"

#include <fmt/format.h>

#include <cmath>
#include <string>
#include <utility>

namespace tricholog {
namespace {

// See salt_score.cc: slack for binary rounding at band edges.
constexpr double kTolerance = 1e-9;

// Region weights in tenths, indexed by EasiRegion (HOME EASI user guide; Hanifin 2001).
// DermNetNZ ("A1 x 0.3" for child lower limbs) and PhenX ("A4 x 0.5") print typos; these are
// the HOME values: age >= 8 y HN 0.1, UL 0.2, T 0.3, LL 0.4; age < 8 y 0.2, 0.2, 0.3, 0.3.
constexpr std::array<int, kEasiRegionCount> kAdultWeightTenths = {1, 2, 3, 4};
constexpr std::array<int, kEasiRegionCount> kChildWeightTenths = {2, 2, 3, 3};
constexpr double kChildAgeLimitYears = 8;
constexpr double kMaxAgeYears = 130;

// Checks a sign grade: 0..3 in steps of 0.5. Returns the grade in half-points (0..6).
Result<int> SignHalfPoints(const std::string& field, double value) {
  auto checked = RequireInRange(field, value, 0.0, 3.0);
  if (!checked) return tl::unexpected(checked.error());
  const double doubled = value * 2.0;
  if (doubled != std::floor(doubled)) {
    return InvalidArgument(
        field, fmt::format("{} is not a multiple of 0.5; allowed 0 to 3 in steps of 0.5", value));
  }
  return static_cast<int>(doubled);
}

// Validates one region; returns {sign sum in half-points (0..24), area score (0..6)}.
Result<std::pair<int, int>> CheckRegion(const std::string& prefix, const EasiRegionInput& in) {
  int half_points = 0;
  for (const auto& [name, value] :
       {std::pair{"erythema", in.erythema}, std::pair{"induration", in.induration},
        std::pair{"excoriation", in.excoriation},
        std::pair{"lichenification", in.lichenification}}) {
    auto sign = SignHalfPoints(prefix + "." + name, value);
    if (!sign) return tl::unexpected(sign.error());
    half_points += *sign;
  }
  if (in.area_percent.has_value() == in.area_score.has_value()) {
    return in.area_percent.has_value()
               ? InvalidArgument(prefix, "give area_percent or area_score, not both")
               : InvalidArgument(prefix, "needs area_percent (0 to 100) or area_score (0 to 6)");
  }
  Result<int> area = in.area_percent.has_value()
                         ? EasiAreaScore(*in.area_percent, prefix + ".area_percent")
                         : RequireInRange(prefix + ".area_score", *in.area_score, 0, 6);
  if (!area) return tl::unexpected(area.error());
  return std::pair{half_points, *area};
}

}  // namespace

std::string_view EasiRegionName(EasiRegion region) {
  switch (region) {
    case EasiRegion::kHeadNeck:
      return "head_neck";
    case EasiRegion::kUpperLimbs:
      return "upper_limbs";
    case EasiRegion::kTrunk:
      return "trunk";
    case EasiRegion::kLowerLimbs:
      return "lower_limbs";
  }
  return "head_neck";
}

std::string_view EasiSeverityName(EasiSeverity severity) {
  switch (severity) {
    case EasiSeverity::kClear:
      return "clear";
    case EasiSeverity::kAlmostClear:
      return "almost clear";
    case EasiSeverity::kMild:
      return "mild";
    case EasiSeverity::kModerate:
      return "moderate";
    case EasiSeverity::kSevere:
      return "severe";
    case EasiSeverity::kVerySevere:
      return "very severe";
  }
  return "clear";
}

Result<int> EasiAreaScore(double area_percent, std::string_view field) {
  auto checked = RequireInRange(field, area_percent, 0.0, 100.0);
  if (!checked) return tl::unexpected(checked.error());
  // HOME EASI user guide: 0 = 0 %; 1 = 1-9 %; 2 = 10-29 %; 3 = 30-49 %; 4 = 50-69 %;
  // 5 = 70-89 %; 6 = 90-100 %. Each band starts at its lower whole-number edge.
  if (area_percent <= 0) return 0;
  constexpr std::array<double, 5> kLowerEdges = {10, 30, 50, 70, 90};
  int score = 1;
  for (double edge : kLowerEdges) {
    if (area_percent >= edge - kTolerance) ++score;
  }
  return score;
}

Result<EasiScore> ComputeEasi(const EasiInput& input) {
  auto age = RequireInRange("age_years", input.age_years, 0.0, kMaxAgeYears);
  if (!age) return tl::unexpected(age.error());
  EasiScore score;
  score.child_weights = input.age_years < kChildAgeLimitYears;
  const auto& weights = score.child_weights ? kChildWeightTenths : kAdultWeightTenths;
  // Work in exact integer units of 1/20 point (weights in tenths x signs in half-points), so
  // the total and its stratum carry no rounding error: EASI = sum w * S * A (Hanifin 2001).
  int total_twentieths = 0;
  for (int i = 0; i < kEasiRegionCount; ++i) {
    const auto region = static_cast<EasiRegion>(i);
    auto checked = CheckRegion("regions." + std::string(EasiRegionName(region)),
                               input.regions[static_cast<size_t>(i)]);
    if (!checked) return tl::unexpected(checked.error());
    const auto [half_points, area] = *checked;
    const int twentieths = weights[static_cast<size_t>(i)] * half_points * area;
    score.regions[static_cast<size_t>(i)] = EasiRegionScore{
        region, weights[static_cast<size_t>(i)] / 10.0, half_points / 2.0, area, twentieths / 20.0};
    total_twentieths += twentieths;
  }
  score.total = total_twentieths / 20.0;
  score.severity = EasiSeverityFor(score.total);
  return score;
}

EasiSeverity EasiSeverityFor(double total) {
  // Leshem 2015, BJD 172:1353 (cited by HOME): 0 clear; 0.1-1.0 almost clear; 1.1-7.0 mild;
  // 7.1-21.0 moderate; 21.1-50.0 severe; 50.1-72 very severe.
  if (total <= 0) return EasiSeverity::kClear;
  if (total <= 1.0 + kTolerance) return EasiSeverity::kAlmostClear;
  if (total <= 7.0 + kTolerance) return EasiSeverity::kMild;
  if (total <= 21.0 + kTolerance) return EasiSeverity::kModerate;
  if (total <= 50.0 + kTolerance) return EasiSeverity::kSevere;
  return EasiSeverity::kVerySevere;
}

Result<EasiResponse> CompareEasi(double baseline_total, double current_total) {
  if (auto checked = RequireInRange("baseline_total", baseline_total, 0.0, 72.0); !checked) {
    return tl::unexpected(checked.error());
  }
  if (auto checked = RequireInRange("total", current_total, 0.0, 72.0); !checked) {
    return tl::unexpected(checked.error());
  }
  EasiResponse response;
  response.baseline_total = baseline_total;
  response.current_total = current_total;
  if (baseline_total <= 0) {
    response.relative_response_reason =
        "baseline EASI is 0 (clear), so a percent improvement is undefined and no "
        "EASI-50/75/90 response applies";
    return response;
  }
  // clinical.md §1.5: EASI-x = (EASI0 - EASIt) / EASI0 >= x %.
  const double pct = (baseline_total - current_total) * 100.0 / baseline_total;
  response.percent_improvement = pct;
  response.easi50 = pct >= 50 - kTolerance;
  response.easi75 = pct >= 75 - kTolerance;
  response.easi90 = pct >= 90 - kTolerance;
  return response;
}

}  // namespace tricholog
