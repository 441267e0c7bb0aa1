// Change statistics: how large a change between two measurements must be before it is more
// than measurement noise (clinical.md §5.3), and the per-measure noise models that hold those
// numbers.
//
// Formulas (standard error of measurement, minimal detectable change, Jacobson–Truax reliable
// change index):
//   SEM   = SD · √(1 − ICC)            or, from repeat captures, √(Σ d² / (2n))
//   MDC95 = 1.96 · √2 · SEM
//   RCI   = (x_t − x_0) / (√2 · SEM);   |RCI| > 1.96 is a reliable change
// RCI and MDC95 encode the same rule: |RCI| > 1.96 exactly when |x_t − x_0| > MDC95.
#ifndef TRICHOLOG_CORE_CHANGE_STATISTICS_H_
#define TRICHOLOG_CORE_CHANGE_STATISTICS_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.h"

namespace tricholog {

// z for a two-sided 95 % interval; the 1.96 in MDC95 and in the RCI cut-off.
inline constexpr double kZ95 = 1.96;

// SEM from a between-subject SD and a reliability coefficient (ICC, test–retest or
// inter-rater). Fails when sd < 0, sd is not finite, or icc is outside 0 to 1; the error names
// `sd_field` / `icc_field`.
Result<double> SemFromReliability(double sd, double icc, std::string_view sd_field = "sd",
                                  std::string_view icc_field = "icc");

// SEM as the within-subject SD of repeat captures: each pair is two measurements of the same
// state (e.g. two photo sets minutes apart), SEM = √(Σ (a − b)² / (2n)). Needs at least
// `kMinRepeatPairs` pairs of finite values; the error names `field`.
inline constexpr int kMinRepeatPairs = 2;
Result<double> SemFromRepeatPairs(std::span<const std::pair<double, double>> pairs,
                                  std::string_view field = "repeat_pairs");

// 1.96 · √2 · sem: the smallest change beyond measurement error at 95 % confidence.
double Mdc95FromSem(double sem);
// The inverse: sem = mdc95 / (1.96 · √2).
double SemFromMdc95(double mdc95);

// Jacobson–Truax RCI = (current − baseline) / (√2 · sem). Fails when sem is not > 0.
Result<double> ReliableChangeIndex(double baseline, double current, double sem);
// |rci| > 1.96 (strictly; a change exactly at the cut-off is not reliable).
bool IsReliableChange(double rci);

// Signed percent change from baseline, (current − baseline) / baseline · 100. Empty when
// baseline is 0: a change from zero has no percentage (clinical.md §1.3, "guard SALT_0 == 0").
std::optional<double> PercentChange(double baseline, double current);
// Percent reduction, (baseline − current) / baseline · 100, the form SALT50 and EASI-75 use
// (clinical.md §1.3, §1.5). Empty when baseline is 0.
std::optional<double> PercentReduction(double baseline, double current);

// Where a noise model's number came from.
enum class NoiseSource {
  kConfigured,     // a default or a number the user configured
  kRepeatCapture,  // estimated from this patient's repeat captures
  kMeasured,       // measured on the project's repeat-capture sets (docs/scalp-analysis.md)
};
// "configured", "repeat_capture", "measured".
std::string_view NoiseSourceName(NoiseSource source);
Result<NoiseSource> ParseNoiseSource(std::string_view name);

// How noisy one measure is. `sem` and `mdc95` are in the measure's own units (SALT points,
// EASI points, NRS points) unless `percent_of_baseline` is set, in which case both are percent
// of the baseline value (used for photo density, whose error grows with the value).
// Build one with the factories below so that sem and mdc95 agree.
struct NoiseModel {
  double sem = 0;
  double mdc95 = 0;
  bool percent_of_baseline = false;
  NoiseSource source = NoiseSource::kConfigured;
  // One sentence on where the number comes from, shown in reports and docs.
  std::string basis;

  static NoiseModel FromSem(double sem, NoiseSource source, std::string basis);
  // Keeps `mdc95` exactly as given so that "exactly at MDC95 is not real" holds bit for bit.
  static NoiseModel FromMdc95(double mdc95, NoiseSource source, std::string basis);
  static NoiseModel PercentOfBaselineMdc95(double mdc95_percent, std::string basis);

  // MDC95 in measure units for a change from `baseline` (differs from `mdc95` only when
  // percent_of_baseline is set).
  double Mdc95At(double baseline) const;
  // SEM in measure units for a change from `baseline`.
  double SemAt(double baseline) const;
};

// Checks that a model is usable: sem and mdc95 finite and > 0. `field` names it in the error.
Result<NoiseModel> ValidateNoiseModel(const NoiseModel& model, std::string_view field);

}  // namespace tricholog

#endif  // TRICHOLOG_CORE_CHANGE_STATISTICS_H_
