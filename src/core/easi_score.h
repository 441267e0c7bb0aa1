// EASI (Eczema Area and Severity Index, Hanifin 2001, Exp Dermatol 10:11; HOME user guide):
// four body regions, four signs each, an area score, age-dependent region weights; the
// Leshem 2015 severity strata and the EASI-50/75/90 responses. Pure functions.
#ifndef TRICHOLOG_CORE_EASI_SCORE_H_
#define TRICHOLOG_CORE_EASI_SCORE_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace tricholog {

// The four EASI regions, in the order used by arrays below. The scalp belongs to head/neck;
// trunk includes the genitals; lower limbs include the buttocks.
enum class EasiRegion { kHeadNeck = 0, kUpperLimbs = 1, kTrunk = 2, kLowerLimbs = 3 };
inline constexpr int kEasiRegionCount = 4;

// Stable names used in JSON and error fields: "head_neck", "upper_limbs", "trunk",
// "lower_limbs".
std::string_view EasiRegionName(EasiRegion region);

// One region as assessed: four signs, each 0..3 in steps of 0.5, and the share of the region
// with active eczema, given either as a percent (0..100) or directly as an area score (0..6).
// Exactly one of area_percent and area_score must be set.
struct EasiRegionInput {
  double erythema = 0;
  double induration = 0;  // induration / papulation / oedema
  double excoriation = 0;
  double lichenification = 0;
  std::optional<double> area_percent;
  std::optional<int> area_score;
};

// A whole assessment. Age picks the weight set (under 8 years: child weights).
struct EasiInput {
  double age_years = 0;
  std::array<EasiRegionInput, kEasiRegionCount> regions;
};

// Leshem 2015 (BJD 172:1353) severity strata.
enum class EasiSeverity { kClear, kAlmostClear, kMild, kModerate, kSevere, kVerySevere };

// Stable names: "clear", "almost clear", "mild", "moderate", "severe", "very severe".
std::string_view EasiSeverityName(EasiSeverity severity);

struct EasiRegionScore {
  EasiRegion region = EasiRegion::kHeadNeck;
  double weight = 0;        // region multiplier for this age group
  double sign_sum = 0;      // 0..12
  int area_score = 0;       // 0..6
  double contribution = 0;  // weight * sign_sum * area_score
};

struct EasiScore {
  double total = 0;            // 0..72, a multiple of 0.05
  bool child_weights = false;  // true when age_years < 8
  std::array<EasiRegionScore, kEasiRegionCount> regions;
  EasiSeverity severity = EasiSeverity::kClear;
};

// EASI-50/75/90 against a baseline total (clinical.md §1.5).
struct EasiResponse {
  double baseline_total = 0;
  double current_total = 0;
  // (baseline - current) / baseline * 100; negative on worsening; empty when baseline is 0.
  std::optional<double> percent_improvement;
  bool easi50 = false;
  bool easi75 = false;
  bool easi90 = false;
  // Why percent_improvement is empty; empty otherwise.
  std::string relative_response_reason;
};

// The area score for a percent of a region (HOME guide): 0 = 0 %, 1 = 1-9, 2 = 10-29,
// 3 = 30-49, 4 = 50-69, 5 = 70-89, 6 = 90-100. Fractions between bands go down: any area
// above 0 and below 10 (0.5 %, 9.5 %) is 1, 10 <= a < 30 is 2, and so on; 90..100 is 6.
// Fails naming `field` when the percent is not a number in 0..100.
Result<int> EasiAreaScore(double area_percent, std::string_view field = "area_percent");

// The weighted total. Validates every input; errors name the field as a dotted path, e.g.
// "regions.trunk.erythema: 3.5 is out of range; allowed 0 to 3",
// "regions.trunk.induration: 1.2 is not a multiple of 0.5; allowed 0 to 3 in steps of 0.5",
// "regions.head_neck: give area_percent or area_score, not both", "age_years: ...".
Result<EasiScore> ComputeEasi(const EasiInput& input);

// The stratum of a total in 0..72: 0 clear; up to 1.0 almost clear; up to 7.0 mild; up to
// 21.0 moderate; up to 50.0 severe; above 50.0 very severe (upper bounds inclusive, so a
// total of 1.05, which the published 0.1-step bands skip, is mild).
EasiSeverity EasiSeverityFor(double total);

// Compares totals (each 0..72). Fails naming `baseline_total` or `total` when out of range.
Result<EasiResponse> CompareEasi(double baseline_total, double current_total);

}  // namespace tricholog

#endif  // TRICHOLOG_CORE_EASI_SCORE_H_
