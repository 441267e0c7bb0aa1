// SALT (Severity of ALopecia Tool) and the categories and response endpoints built on it:
// AA-IGA, the Olsen S classes, the absolute targets SALT <= 20 / <= 10 and the relative
// SALT30/50/75/90/100 responses. Pure functions: values in, values out.
#ifndef TRICHOLOG_CORE_SALT_SCORE_H_
#define TRICHOLOG_CORE_SALT_SCORE_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace tricholog {

// Percent (0..100) of each scalp region that has lost its terminal hair. Vellus or fine
// downy regrowth does not count as hair for SALT (NCT03899259 outcome definition).
struct SaltRegionLoss {
  double top_percent = 0;    // vertex
  double back_percent = 0;   // posterior
  double left_percent = 0;   // left side
  double right_percent = 0;  // right side
};

// The regions' share of the scalp surface (Olsen 2004, JAAD 51:440); they sum to 1.
inline constexpr double kSaltTopWeight = 0.40;
inline constexpr double kSaltBackWeight = 0.24;
inline constexpr double kSaltLeftWeight = 0.18;
inline constexpr double kSaltRightWeight = 0.18;

// Alopecia Areata Investigator Global Assessment, 0..4 (Wyrwich 2020, BJD 183:702).
enum class AaIga { kNone = 0, kLimited = 1, kModerate = 2, kSevere = 3, kVerySevere = 4 };

// The score and the categories derived from it.
struct SaltScore {
  double salt = 0;  // 0..100, full precision
  AaIga aa_iga = AaIga::kNone;
  int olsen_s_class = 0;    // 0..5 for S0..S5
  bool salt_le_20 = false;  // absolute target: >= 80 % scalp hair
  bool salt_le_10 = false;  // absolute target: >= 90 % scalp hair
};

// Relative change of SALT against a baseline (clinical.md §1.3).
struct SaltResponse {
  double baseline_salt = 0;
  double current_salt = 0;
  // (baseline - current) / baseline * 100; negative when hair loss grew. Empty when the
  // baseline is 0: there is no loss to improve on, so no relative endpoint applies.
  std::optional<double> percent_improvement;
  // Each true when percent_improvement >= 30 / 50 / 75 / 90 / 100. All false when
  // percent_improvement is empty.
  bool salt30 = false;
  bool salt50 = false;
  bool salt75 = false;
  bool salt90 = false;
  bool salt100 = false;
  // Why percent_improvement is empty; empty otherwise.
  std::string relative_response_reason;
};

// SALT = 0.40 top + 0.24 back + 0.18 left + 0.18 right. Fails with kInvalidArgument naming
// the region ("top", "back", "left", "right") when a percent is not a number in 0..100.
Result<SaltScore> ComputeSalt(const SaltRegionLoss& loss);

// The categories for an already computed SALT (e.g. from photos or a clinic letter). Fails
// when `salt` is not in 0..100; `field` names it in the error.
Result<SaltScore> ClassifySalt(double salt, std::string_view field = "salt");

// AA-IGA for a SALT in 0..100. The published bands are whole numbers (0; 1-20; 21-49; 50-94;
// 95-100); a fractional SALT between two bands goes to the band whose boundary it has not
// yet crossed: 0 < SALT <= 20 is 1, 20 < SALT < 50 is 2, 50 <= SALT < 95 is 3, SALT >= 95
// is 4. This keeps "limited" equal to the SALT <= 20 success target and "severe" equal to
// the SALT >= 50 entry criterion of the phase 3 trials.
AaIga AaIgaForSalt(double salt);
// "None", "Limited", "Moderate", "Severe", "Very severe".
std::string_view AaIgaLabel(AaIga value);
// "none", "limited", "moderate", "severe", "very severe".
std::string_view AaIgaSeverity(AaIga value);

// Olsen S class 0..5 for a SALT in 0..100: S0 = 0, S1 = 1-24, S2 = 25-49, S3 = 50-74,
// S4 = 75-99, S5 = 100. Fractions between bands go down, as for AA-IGA: 0 < SALT < 25 is
// S1, 25 <= SALT < 50 is S2, ..., 75 <= SALT < 100 is S4, only 100 is S5.
int OlsenSClass(double salt);
// "S0" .. "S5".
std::string OlsenSClassName(int s_class);

// Compares a current SALT with a baseline SALT (both 0..100). Fails naming `baseline` or
// `salt` when either is out of range. Flags use a 1e-9 percentage-point tolerance so that
// binary rounding cannot drop an exact threshold (70 -> 35 is SALT50).
Result<SaltResponse> CompareSalt(double baseline_salt, double current_salt);

}  // namespace tricholog

#endif  // TRICHOLOG_CORE_SALT_SCORE_H_
