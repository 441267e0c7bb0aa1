#include "core/assessment_timeline.h"

#include <fmt/format.h>

#include <algorithm>

namespace tricholog {

int WeeksSinceStart(Date start, Date date) {
  const int days = start.DaysUntil(date);
  // Floor division so that day −1 is week −1, not week 0.
  return days >= 0 ? days / 7 : -((-days + 6) / 7);
}

std::vector<PhaseSpan> DefaultPhaseSpans() {
  // Months 0–3 / 3–6 / 6–12 / 12+ (clinical.md §5.5) at 13 weeks per 3 months.
  return {
      {TimelinePhase::kObservation, 0, 13},
      {TimelinePhase::kResponseWindow, 13, 26},
      {TimelinePhase::kContinuedAssessment, 26, 52},
      {TimelinePhase::kMaintenance, 52, std::nullopt},
  };
}

Result<std::vector<PhaseSpan>> ValidatePhaseSpans(std::span<const PhaseSpan> spans,
                                                  std::string_view field) {
  if (spans.empty()) return MissingField(std::string(field));
  for (size_t i = 0; i < spans.size(); ++i) {
    const PhaseSpan& span = spans[i];
    const std::string at = fmt::format("{}[{}]", field, i);
    const int expected_start = i == 0 ? 0 : spans[i - 1].end_week.value_or(-1);
    if (span.start_week != expected_start) {
      return InvalidArgument(at + ".start_week",
                             fmt::format("{} must be {} ({})", span.start_week, expected_start,
                                         i == 0 ? "the first phase starts at week 0"
                                                : "each phase starts where the previous one ends"));
    }
    const bool last = i + 1 == spans.size();
    if (!span.end_week.has_value()) {
      if (!last) return MissingField(at + ".end_week");
      continue;
    }
    if (last) {
      return InvalidArgument(at + ".end_week", "the last phase must be open-ended (no end_week)");
    }
    if (*span.end_week <= span.start_week) {
      return InvalidArgument(at + ".end_week", fmt::format("{} must be greater than start_week {}",
                                                           *span.end_week, span.start_week));
    }
  }
  return std::vector<PhaseSpan>(spans.begin(), spans.end());
}

Result<TimelinePhase> PhaseAtWeek(std::span<const PhaseSpan> spans, int weeks_since_start) {
  if (weeks_since_start < 0) {
    return InvalidArgument(
        "weeks_since_start",
        fmt::format("{} is before the course start; allowed 0 or more", weeks_since_start));
  }
  for (const PhaseSpan& span : spans) {
    if (weeks_since_start >= span.start_week &&
        (!span.end_week.has_value() || weeks_since_start < *span.end_week)) {
      return span.phase;
    }
  }
  return InvalidArgument("phases", fmt::format("no phase covers week {}", weeks_since_start));
}

std::vector<int> DefaultDecisionWeeks(TreatmentClass treatment) {
  switch (treatment) {
    case TreatmentClass::kIl4rAntibody:
      return {16, 52};
    case TreatmentClass::kJakInhibitor:
      return {24, 36, 52};
    case TreatmentClass::kCorticosteroid:
      return {12, 24, 52};
    case TreatmentClass::kMinoxidil:
    case TreatmentClass::kOther:
      return {24, 52};
  }
  return {24, 52};
}

Result<std::vector<int>> ValidateDecisionWeeks(std::span<const int> weeks, std::string_view field) {
  if (weeks.empty()) return MissingField(std::string(field));
  for (size_t i = 0; i < weeks.size(); ++i) {
    const std::string at = fmt::format("{}[{}]", field, i);
    auto in_range = RequireInRange(at, weeks[i], 1, 520);
    if (!in_range) return tl::unexpected(in_range.error());
    if (i > 0 && weeks[i] <= weeks[i - 1]) {
      return InvalidArgument(
          at, fmt::format("{} must be greater than the previous week {}", weeks[i], weeks[i - 1]));
    }
  }
  return std::vector<int>(weeks.begin(), weeks.end());
}

std::optional<int> NextDecisionWeek(std::span<const int> decision_weeks, int weeks_since_start) {
  const auto it = std::find_if(decision_weeks.begin(), decision_weeks.end(),
                               [&](int week) { return week >= weeks_since_start; });
  if (it == decision_weeks.end()) return std::nullopt;
  return *it;
}

std::string FirstDecisionWeekReason(TreatmentClass treatment, int first_week) {
  switch (treatment) {
    case TreatmentClass::kIl4rAntibody:
      return fmt::format(
          "Dupilumab is usually judged at week {}: the EU label for atopic dermatitis suggests "
          "considering stopping only if there is no response after 16 weeks, and some partial "
          "responders improve later. Hair regrowth in alopecia areata can take longer still.",
          first_week);
    case TreatmentClass::kJakInhibitor:
      return fmt::format(
          "JAK inhibitors for alopecia areata are usually judged at week {}: the ritlecitinib and "
          "deuruxolitinib trials measured their main result at week 24 and the baricitinib "
          "trials at week 36, and regrowth often keeps improving up to week 52.",
          first_week);
    case TreatmentClass::kCorticosteroid:
      return fmt::format(
          "Steroid injections are usually assessed after 6 to 12 weeks; the first check here is "
          "week {}.",
          first_week);
    case TreatmentClass::kMinoxidil:
    case TreatmentClass::kOther:
      break;
  }
  return fmt::format(
      "Hair grows slowly, so changes in the first weeks say little; the first planned check is "
      "week {}.",
      first_week);
}

}  // namespace tricholog
