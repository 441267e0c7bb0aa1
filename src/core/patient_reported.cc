#include "core/patient_reported.h"

#include <fmt/format.h>

namespace tricholog {
namespace {

// Range check for one questionnaire answer; the message also gives the 1-based question
// number as printed on the form, e.g. "items[3]: 5 is out of range; allowed 0 to 4
// (question 4)".
Result<int> CheckAnswer(std::string_view field, size_t index, int value, int max) {
  const std::string name = fmt::format("{}[{}]", field, index);
  auto checked = RequireInRange(name, value, 0, max);
  if (!checked) {
    Error error = checked.error();
    error.message += fmt::format(" (question {})", index + 1);
    return tl::unexpected(error);
  }
  return value;
}

Result<void> CheckCount(std::string_view field, size_t count, int expected) {
  if (count != static_cast<size_t>(expected)) {
    return InvalidArgument(std::string(field),
                           fmt::format("has {} answers; exactly {} are required", count, expected));
  }
  return {};
}

Result<PointChange> ComparePoints(std::string_view baseline_field, int baseline,
                                  std::string_view current_field, int current, int max,
                                  int threshold, std::string_view measure) {
  if (auto checked = RequireInRange(baseline_field, baseline, 0, max); !checked) {
    return tl::unexpected(checked.error());
  }
  if (auto checked = RequireInRange(current_field, current, 0, max); !checked) {
    return tl::unexpected(checked.error());
  }
  PointChange change;
  change.baseline = baseline;
  change.current = current;
  change.improvement = baseline - current;
  change.threshold = threshold;
  change.responder = change.improvement >= threshold;
  change.threshold_reachable = baseline >= threshold;
  if (!change.threshold_reachable) {
    change.note =
        fmt::format("baseline {} {} is below {}, so an improvement of {} points cannot be reached",
                    measure, baseline, threshold, threshold);
  }
  return change;
}

}  // namespace

std::string_view ItchSeverityName(ItchSeverity severity) {
  switch (severity) {
    case ItchSeverity::kNone:
      return "none";
    case ItchSeverity::kMild:
      return "mild";
    case ItchSeverity::kModerate:
      return "moderate";
    case ItchSeverity::kSevere:
      return "severe";
  }
  return "mild";
}

Result<ItchNrsScore> ScoreItchNrs(int score, std::string_view field) {
  auto checked = RequireInRange(field, score, 0, 10);
  if (!checked) return tl::unexpected(checked.error());
  // Silverberg (PMC5906166): mild 0-3, moderate 4-6, severe 7-10; 0 is reported as none.
  const ItchSeverity severity = score == 0   ? ItchSeverity::kNone
                                : score <= 3 ? ItchSeverity::kMild
                                : score <= 6 ? ItchSeverity::kModerate
                                             : ItchSeverity::kSevere;
  return ItchNrsScore{score, severity};
}

Result<PointChange> CompareItchNrs(int baseline, int current) {
  // Yosipovitch 2019, BJD 181:761; Dupixent label: a reduction of >= 4 points is a
  // clinically meaningful change.
  return ComparePoints("baseline", baseline, "score", current, 10, kItchResponderPoints,
                       "peak itch NRS");
}

std::string_view PoemSeverityName(PoemSeverity severity) {
  switch (severity) {
    case PoemSeverity::kClearOrAlmostClear:
      return "clear or almost clear";
    case PoemSeverity::kMild:
      return "mild";
    case PoemSeverity::kModerate:
      return "moderate";
    case PoemSeverity::kSevere:
      return "severe";
    case PoemSeverity::kVerySevere:
      return "very severe";
  }
  return "clear or almost clear";
}

PoemSeverity PoemSeverityFor(int total) {
  // Charman 2013, BJD 169:1326: 0-2, 3-7, 8-16, 17-24, 25-28.
  if (total <= 2) return PoemSeverity::kClearOrAlmostClear;
  if (total <= 7) return PoemSeverity::kMild;
  if (total <= 16) return PoemSeverity::kModerate;
  if (total <= 24) return PoemSeverity::kSevere;
  return PoemSeverity::kVerySevere;
}

Result<PoemScore> ScorePoem(std::span<const int> items, std::string_view field) {
  if (auto count = CheckCount(field, items.size(), kPoemItemCount); !count) {
    return tl::unexpected(count.error());
  }
  int total = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    // Each answer counts days in the past week: 0 none, 1 1-2, 2 3-4, 3 5-6, 4 every day.
    auto answer = CheckAnswer(field, i, items[i], 4);
    if (!answer) return tl::unexpected(answer.error());
    total += *answer;
  }
  return PoemScore{total, PoemSeverityFor(total)};
}

Result<PointChange> ComparePoem(int baseline_total, int current_total) {
  // >= 4 points: responder threshold in SOLO post hoc analyses (clinical.md §1.8, §5.1).
  return ComparePoints("baseline_total", baseline_total, "total", current_total, kPoemMaxTotal,
                       kPoemResponderPoints, "POEM");
}

std::string_view DlqiEffectName(DlqiEffect effect) {
  switch (effect) {
    case DlqiEffect::kNone:
      return "no effect";
    case DlqiEffect::kSmall:
      return "small effect";
    case DlqiEffect::kModerate:
      return "moderate effect";
    case DlqiEffect::kVeryLarge:
      return "very large effect";
    case DlqiEffect::kExtremelyLarge:
      return "extremely large effect";
  }
  return "no effect";
}

DlqiEffect DlqiEffectFor(int total) {
  // Hongbo 2005, JID 125:659: 0-1, 2-5, 6-10, 11-20, 21-30.
  if (total <= 1) return DlqiEffect::kNone;
  if (total <= 5) return DlqiEffect::kSmall;
  if (total <= 10) return DlqiEffect::kModerate;
  if (total <= 20) return DlqiEffect::kVeryLarge;
  return DlqiEffect::kExtremelyLarge;
}

Result<DlqiScore> ScoreDlqi(std::span<const DlqiAnswer> items, std::string_view field) {
  if (auto count = CheckCount(field, items.size(), kDlqiItemCount); !count) {
    return tl::unexpected(count.error());
  }
  DlqiScore score;
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].not_relevant) {
      // The form offers "not relevant" on questions 3-10 only; it scores 0.
      if (i < 2) {
        return InvalidArgument(fmt::format("{}[{}]", field, i),
                               fmt::format("\"not relevant\" is not an answer to question {}; "
                                           "only questions 3 to 10 offer it",
                                           i + 1));
      }
      ++score.not_relevant_count;
      continue;
    }
    auto answer = CheckAnswer(field, i, items[i].score, 3);
    if (!answer) return tl::unexpected(answer.error());
    score.total += *answer;
  }
  score.effect = DlqiEffectFor(score.total);
  return score;
}

Result<PointChange> CompareDlqi(int baseline_total, int current_total) {
  // Basra 2015, Dermatology 230:27: minimal clinically important difference of 4 points.
  return ComparePoints("baseline_total", baseline_total, "total", current_total, kDlqiMaxTotal,
                       kDlqiMeaningfulPoints, "DLQI");
}

}  // namespace tricholog
