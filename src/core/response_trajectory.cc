#include "core/response_trajectory.h"

#include <fmt/format.h>

#include "core/assessment_timeline.h"

namespace tricholog {

namespace {

struct SaltRules {
  double baseline;
  double mdc95;

  bool BeyondNoise(double value) const { return baseline - value > mdc95; }
  double Reduction(double value) const { return (baseline - value) / baseline * 100.0; }
  // SALT ≤ 20 (Wyrwich 2020; phase 3 trials), or SALT50 when the baseline is already ≤ 20.
  bool Target(double value) const {
    return BeyondNoise(value) && (baseline > 20 ? value <= 20 : Reduction(value) >= 50);
  }
  // ≥ 30 % improvement: ALLEGRO's partial-response line.
  bool Partial(double value) const {
    return BeyondNoise(value) && (Reduction(value) >= 30 || Target(value));
  }
};

// Index of the first point where `pred` holds for it and the next point, or -1.
template <typename Pred>
int FirstHeldPair(const std::vector<MeasurePoint>& series, Pred pred) {
  for (size_t i = 0; i + 1 < series.size(); ++i) {
    if (pred(series[i].value) && pred(series[i + 1].value)) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

std::string_view TrajectoryName(Trajectory trajectory) {
  switch (trajectory) {
    case Trajectory::kTooEarly:
      return "too_early";
    case Trajectory::kInsufficientData:
      return "insufficient_data";
    case Trajectory::kNoBaselineLoss:
      return "no_baseline_loss";
    case Trajectory::kEarlyResponder:
      return "early_responder";
    case Trajectory::kMiddleResponder:
      return "middle_responder";
    case Trajectory::kLateResponder:
      return "late_responder";
    case Trajectory::kPartialResponder:
      return "partial_responder";
    case Trajectory::kRelapser:
      return "relapser";
    case Trajectory::kNoResponseYet:
      return "no_response_yet";
    case Trajectory::kNonResponder:
      return "non_responder";
  }
  return "insufficient_data";
}

Trajectory ClassifyTrajectory(const ResponseAssessment& a, std::string* reason) {
  const int weeks = a.weeks_since_start;
  const bool early = a.before_first_decision;
  const int first_week = a.decision_weeks.empty() ? 0 : a.decision_weeks.front();
  if (weeks < 0) {
    *reason = "The course has not started yet.";
    return Trajectory::kTooEarly;
  }
  const MeasureAssessment* salt = a.Find(Measure::kSalt);
  if (salt == nullptr || !salt->baseline) {
    *reason = "There is no SALT baseline, so the response pattern cannot be judged.";
    return early ? Trajectory::kTooEarly : Trajectory::kInsufficientData;
  }
  if (*salt->baseline == 0) {
    *reason = "SALT was 0 at baseline: there was no scalp hair loss to regrow.";
    return Trajectory::kNoBaselineLoss;
  }
  const std::vector<MeasurePoint>& series = salt->series;
  if (series.size() < 2) {
    *reason = "Fewer than two usable SALT sessions since the start.";
    return early ? Trajectory::kTooEarly : Trajectory::kInsufficientData;
  }
  const SaltRules rules{*salt->baseline, salt->mdc95};
  const double last = series.back().value;
  const double previous = series[series.size() - 2].value;
  const bool held_target = rules.Target(last) && rules.Target(previous);
  const bool held_partial = rules.Partial(last) && rules.Partial(previous);
  const bool lost_partial = !rules.Partial(last) && !rules.Partial(previous);
  const int first_target = FirstHeldPair(series, [&](double v) { return rules.Target(v); });
  const int first_partial = FirstHeldPair(series, [&](double v) { return rules.Partial(v); });

  if (held_target && first_target >= 0) {
    const int week = WeeksSinceStart(a.start_date, series[first_target].date);
    *reason =
        fmt::format("The response target was first reached at week {} and still holds.", week);
    if (week <= kEarlyResponderByWeek) return Trajectory::kEarlyResponder;
    if (week <= kMiddleResponderByWeek) return Trajectory::kMiddleResponder;
    return Trajectory::kLateResponder;
  }
  if (first_partial >= 0 && lost_partial) {
    *reason = "SALT had improved by 30 % or more, but the last two sessions lost that gain.";
    return Trajectory::kRelapser;
  }
  if (first_partial >= 0 || held_partial) {
    *reason = "SALT has improved by 30 % or more, short of the response target.";
    return Trajectory::kPartialResponder;
  }
  if (early) {
    *reason = fmt::format("Before week {}, the first planned decision point.", first_week);
    return Trajectory::kTooEarly;
  }
  if (weeks >= kNonResponderFromWeek) {
    *reason = fmt::format("After {} weeks SALT has never held a 30 % improvement.", weeks);
    return Trajectory::kNonResponder;
  }
  *reason = fmt::format("At week {} SALT has not yet held a 30 % improvement.", weeks);
  return Trajectory::kNoResponseYet;
}

}  // namespace tricholog
