// Patient-reported outcomes in the HOME core set for atopic dermatitis (clinical.md §1.7-1.9,
// §1.11): the Peak Pruritus NRS, POEM and DLQI, their severity bands and the point change
// that counts as a response. Pure functions: values in, values out.
#ifndef TRICHOLOG_CORE_PATIENT_REPORTED_H_
#define TRICHOLOG_CORE_PATIENT_REPORTED_H_

#include <span>
#include <string>
#include <string_view>

#include "core/error.h"

namespace tricholog {

// A change between two whole-number totals where lower is better, judged against a fixed
// responder threshold in points.
struct PointChange {
  int baseline = 0;
  int current = 0;
  int improvement = 0;               // baseline - current; negative when the score rose (worse)
  int threshold = 0;                 // points of improvement that count as a response
  bool responder = false;            // improvement >= threshold
  bool threshold_reachable = false;  // baseline >= threshold; if not, no response is possible
  // Says why the threshold cannot be reached; empty when it can.
  std::string note;
};

// --- Peak Pruritus NRS: worst itch in the past 24 hours, 0 (no itch) .. 10 ------------------

inline constexpr int kItchResponderPoints = 4;  // Yosipovitch 2019, BJD 181:761; Dupixent label

enum class ItchSeverity { kNone, kMild, kModerate, kSevere };
// "none" (0), "mild" (1-3), "moderate" (4-6), "severe" (7-10). Silverberg (PMC5906166)
// bands 0-3 as mild; a score of 0 is reported as "none" because "mild" would tell a patient
// without itch that they have some.
std::string_view ItchSeverityName(ItchSeverity severity);

struct ItchNrsScore {
  int score = 0;
  ItchSeverity severity = ItchSeverity::kMild;
};

// Fails naming `field` when `score` is not in 0..10.
Result<ItchNrsScore> ScoreItchNrs(int score, std::string_view field = "score");
// A reduction of at least 4 points is the clinically meaningful change. Fails naming
// "baseline" or "score" when either is not in 0..10.
Result<PointChange> CompareItchNrs(int baseline, int current);

// --- POEM: 7 questions about the past week, each 0 (no days) .. 4 (every day) -------------

inline constexpr int kPoemItemCount = 7;
inline constexpr int kPoemMaxTotal = 28;
inline constexpr int kPoemResponderPoints = 4;  // SOLO post hoc responder threshold

enum class PoemSeverity { kClearOrAlmostClear, kMild, kModerate, kSevere, kVerySevere };
// "clear or almost clear" (0-2), "mild" (3-7), "moderate" (8-16), "severe" (17-24),
// "very severe" (25-28).
std::string_view PoemSeverityName(PoemSeverity severity);
PoemSeverity PoemSeverityFor(int total);

struct PoemScore {
  int total = 0;  // 0..28
  PoemSeverity severity = PoemSeverity::kClearOrAlmostClear;
};

// Sums 7 answers. Fails naming `field` when there are not exactly 7, and "field[i]" (0-based)
// when an answer is not in 0..4.
Result<PoemScore> ScorePoem(std::span<const int> items, std::string_view field = "items");
// A reduction of at least 4 points counts as a response. Fails naming "baseline_total" or
// "total" when either is not in 0..28.
Result<PointChange> ComparePoem(int baseline_total, int current_total);

// --- DLQI: 10 questions about the past week, each 0 (not at all) .. 3 (very much) --------

inline constexpr int kDlqiItemCount = 10;
inline constexpr int kDlqiMaxTotal = 30;
inline constexpr int kDlqiMeaningfulPoints = 4;  // Basra 2015, Dermatology 230:27

// One answer. Questions 3 to 10 also offer "not relevant", which the DLQI instructions score
// as 0 (the same as "not at all"); questions 1 and 2 do not offer it.
struct DlqiAnswer {
  int score = 0;
  bool not_relevant = false;
  static DlqiAnswer NotRelevant() { return DlqiAnswer{0, true}; }
};

enum class DlqiEffect { kNone, kSmall, kModerate, kVeryLarge, kExtremelyLarge };
// "no effect" (0-1), "small effect" (2-5), "moderate effect" (6-10), "very large effect"
// (11-20), "extremely large effect" (21-30).
std::string_view DlqiEffectName(DlqiEffect effect);
DlqiEffect DlqiEffectFor(int total);

struct DlqiScore {
  int total = 0;  // 0..30
  DlqiEffect effect = DlqiEffect::kNone;
  int not_relevant_count = 0;  // answers marked "not relevant" (each scored 0)
};

// Sums 10 answers. Fails naming `field` when there are not exactly 10, and "field[i]"
// (0-based) when an answer is not in 0..3 or is "not relevant" on question 1 or 2.
Result<DlqiScore> ScoreDlqi(std::span<const DlqiAnswer> items, std::string_view field = "items");
// A change of at least 4 points is the minimal clinically important difference. Fails naming
// "baseline_total" or "total" when either is not in 0..30.
Result<PointChange> CompareDlqi(int baseline_total, int current_total);

}  // namespace tricholog

#endif  // TRICHOLOG_CORE_PATIENT_REPORTED_H_
