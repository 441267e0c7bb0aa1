#include "core/schedule.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <set>

namespace tricholog {

namespace {

std::string WeekList(const std::vector<int>& weeks) {
  std::string out;
  for (int w : weeks) out += (out.empty() ? "" : ", ") + std::to_string(w);
  return out;
}

// The weeks a validation must look at: every explicit week and window rule, two repeats of
// the open-ended cadence after them, and at least up to the last anchor week.
int ValidationHorizon(const TrackingPlan& plan, const std::vector<DecisionWeek>& decisions) {
  int horizon = plan.session_weeks.empty() ? 0 : plan.session_weeks.back();
  if (!plan.windows.empty()) horizon = std::max(horizon, plan.windows.back().from_week);
  horizon += 2 * plan.then_every_weeks;
  horizon = std::max(horizon, kAnchorWeeks[std::size(kAnchorWeeks) - 1] + kAnchorToleranceWeeks);
  if (!decisions.empty()) horizon = std::max(horizon, decisions.back().week);
  return horizon;
}

Result<void> ValidateWeeks(const TrackingPlan& plan) {
  if (plan.session_weeks.empty() || plan.session_weeks.front() != 0) {
    return InvalidArgument("tracking.session_weeks", "must start with week 0 (the baseline)");
  }
  for (size_t i = 1; i < plan.session_weeks.size(); ++i) {
    if (plan.session_weeks[i] <= plan.session_weeks[i - 1]) {
      return InvalidArgument(fmt::format("tracking.session_weeks[{}]", i),
                             fmt::format("{} must be later than the week before it ({})",
                                         plan.session_weeks[i], plan.session_weeks[i - 1]));
    }
  }
  if (plan.then_every_weeks < 1 || plan.then_every_weeks > 52) {
    return InvalidArgument(
        "tracking.then_every_weeks",
        fmt::format("{} is out of range; allowed 1 to 52", plan.then_every_weeks));
  }
  if (plan.windows.empty() || plan.windows.front().from_week != 0) {
    return InvalidArgument("tracking.windows", "must start with a rule from week 0");
  }
  for (size_t i = 1; i < plan.windows.size(); ++i) {
    if (plan.windows[i].from_week <= plan.windows[i - 1].from_week) {
      return InvalidArgument(fmt::format("tracking.windows[{}].from_week", i),
                             "must be later than the previous rule's from_week");
    }
  }
  return {};
}

// Where a week's interval error points: an explicit week, or the open-ended cadence.
std::string WeekPath(const TrackingPlan& plan, int week) {
  const auto it = std::find(plan.session_weeks.begin(), plan.session_weeks.end(), week);
  if (it == plan.session_weeks.end()) return "tracking.then_every_weeks";
  return fmt::format("tracking.session_weeks[{}]", it - plan.session_weeks.begin());
}

}  // namespace

TrackingPlan DefaultTrackingPlan() {
  TrackingPlan plan;
  // clinical.md §5.5: every 4 weeks to month 3, 4–6 to month 6 (24 → 30 is 6), 6–8 to month 12
  // (30 → 36 → 44 → 52), then 8–12; sessions fall exactly on 12, 16, 24, 36 and 52.
  plan.session_weeks = {0, 4, 8, 12, 16, 20, 24, 30, 36, 44, 52};
  plan.then_every_weeks = 12;
  // Windows widen as sessions spread out, and stay within the ±2 weeks that §5.5 allows for
  // attributing a session to a trial time point. The baseline window closes on the start day.
  plan.windows = {{0, 14, 0}, {4, 7, 7}, {30, 10, 10}, {52, 14, 14}};
  return plan;
}

std::vector<PhaseRule> DefaultPhaseRules() {
  // clinical.md §5.5; months converted at 13 weeks per quarter year.
  return {
      {{TimelinePhase::kObservation, 0, 13}, 4, 4, {}},
      {{TimelinePhase::kResponseWindow, 13, 26}, 4, 6, {}},
      {{TimelinePhase::kContinuedAssessment, 26, 52}, 6, 8, {}},
      {{TimelinePhase::kMaintenance, 52, std::nullopt}, 8, 12, {}},
  };
}

const PhaseRule& PhaseRuleAt(const std::vector<PhaseRule>& phases, int week) {
  const PhaseRule* found = &phases.front();
  for (const PhaseRule& rule : phases) {
    if (rule.span.start_week <= week) found = &rule;
  }
  return *found;
}

WindowRule WindowRuleAt(const TrackingPlan& plan, int week) {
  WindowRule found = plan.windows.front();
  for (const WindowRule& rule : plan.windows) {
    if (rule.from_week <= week) found = rule;
  }
  return found;
}

std::vector<int> PlannedSessionWeeks(const TrackingPlan& plan, int horizon_weeks) {
  std::vector<int> weeks;
  for (int w : plan.session_weeks) {
    if (w <= horizon_weeks) weeks.push_back(w);
  }
  if (plan.session_weeks.empty() || plan.then_every_weeks < 1) return weeks;
  for (int w = plan.session_weeks.back() + plan.then_every_weeks; w <= horizon_weeks;
       w += plan.then_every_weeks) {
    weeks.push_back(w);
  }
  return weeks;
}

Result<void> ValidateTrackingPlan(const TrackingPlan& plan, const std::vector<PhaseRule>& phases,
                                  const std::vector<DecisionWeek>& decision_weeks) {
  if (auto ok = ValidateWeeks(plan); !ok) return ok;
  if (phases.empty()) return MissingField("phases");
  const std::vector<int> weeks = PlannedSessionWeeks(plan, ValidationHorizon(plan, decision_weeks));

  for (size_t i = 0; i + 1 < weeks.size(); ++i) {
    const PhaseRule& rule = PhaseRuleAt(phases, weeks[i]);
    const int interval = weeks[i + 1] - weeks[i];
    if (interval < rule.min_interval_weeks || interval > rule.max_interval_weeks) {
      return InvalidArgument(
          WeekPath(plan, weeks[i + 1]),
          fmt::format(
              "week {} comes {} weeks after week {}, but the {} phase allows sessions every "
              "{} to {} weeks",
              weeks[i + 1], interval, weeks[i], TimelinePhaseName(rule.span.phase),
              rule.min_interval_weeks, rule.max_interval_weeks));
    }
  }
  for (int anchor : kAnchorWeeks) {
    const bool covered = std::any_of(weeks.begin(), weeks.end(), [&](int w) {
      return std::abs(w - anchor) <= kAnchorToleranceWeeks;
    });
    if (!covered) {
      return InvalidArgument(
          "tracking.session_weeks",
          fmt::format("no session within ±{} weeks of week {}; every schedule needs "
                      "one near weeks 12, 16, 24, 36 and 52 to compare with the "
                      "trials (clinical.md §5.5)",
                      kAnchorToleranceWeeks, anchor));
    }
  }
  for (size_t i = 0; i + 1 < weeks.size(); ++i) {
    const int end_day = weeks[i] * 7 + WindowRuleAt(plan, weeks[i]).days_after;
    const int next_start_day = weeks[i + 1] * 7 - WindowRuleAt(plan, weeks[i + 1]).days_before;
    if (end_day >= next_start_day) {
      return InvalidArgument(
          "tracking.windows",
          fmt::format("the windows of weeks {} and {} overlap (day {} to day {}); "
                      "narrow them so a recording belongs to one session",
                      weeks[i], weeks[i + 1], next_start_day, end_day));
    }
  }
  for (size_t i = 0; i < decision_weeks.size(); ++i) {
    const int week = decision_weeks[i].week;
    if (std::find(weeks.begin(), weeks.end(), week) == weeks.end()) {
      return InvalidArgument(
          fmt::format("decision_weeks[{}].week", i),
          fmt::format("week {} is not a session week; sessions are at weeks {} "
                      "and then every {} weeks",
                      week, WeekList(plan.session_weeks), plan.then_every_weeks));
    }
  }
  return {};
}

Result<Schedule> BuildSchedule(const Protocol& protocol, Date start, int horizon_weeks) {
  if (auto in_range = RequireInRange("weeks", horizon_weeks, 1, kMaxHorizonWeeks); !in_range) {
    return tl::unexpected(in_range.error());
  }
  Schedule schedule;
  schedule.protocol_id = protocol.id;
  schedule.protocol_name = protocol.name;
  schedule.start = start;
  schedule.horizon_weeks = horizon_weeks;
  std::set<int> decision_set;
  for (const DecisionWeek& d : protocol.decision_weeks) {
    schedule.decision_weeks.push_back(d.week);
    decision_set.insert(d.week);
  }
  for (int week : PlannedSessionWeeks(protocol.tracking, horizon_weeks)) {
    ScheduledSession s;
    s.index = static_cast<int>(schedule.sessions.size());
    s.week = week;
    s.target = start.AddDays(week * 7);
    const WindowRule window = WindowRuleAt(protocol.tracking, week);
    s.window_start = s.target.AddDays(-window.days_before);
    s.window_end = s.target.AddDays(window.days_after);
    s.phase = protocol.PhaseAt(week).span.phase;
    s.decision_point = decision_set.contains(week);
    schedule.sessions.push_back(std::move(s));
  }
  for (const LabCheck& lab : protocol.labs) {
    for (int week : lab.weeks) {
      if (week > horizon_weeks) continue;
      LabDue due{lab.id, lab.test, week, start.AddDays(week * 7), 0};
      int best = -1;
      for (const ScheduledSession& s : schedule.sessions) {
        const int distance = std::abs(s.week - week);
        if (best < 0 || distance < std::abs(schedule.sessions[best].week - week)) best = s.index;
      }
      due.session_index = best;
      schedule.sessions[best].lab_ids.push_back(lab.id);
      schedule.labs.push_back(std::move(due));
    }
  }
  std::stable_sort(schedule.labs.begin(), schedule.labs.end(),
                   [](const LabDue& a, const LabDue& b) { return a.due < b.due; });
  return schedule;
}

std::string_view SessionStatusName(SessionStatus status) {
  switch (status) {
    case SessionStatus::kUpcoming:
      return "upcoming";
    case SessionStatus::kDue:
      return "due";
    case SessionStatus::kOverdue:
      return "overdue";
    case SessionStatus::kDone:
      return "done";
  }
  return "upcoming";
}

Result<ScheduleProgress> TrackProgress(const Schedule& schedule, std::span<const Date> recorded,
                                       Date today) {
  std::vector<Date> dates(recorded.begin(), recorded.end());
  std::sort(dates.begin(), dates.end());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
  if (!dates.empty() && dates.back() > today) {
    return InvalidArgument("done",
                           fmt::format("{} is after today ({}); a session cannot be recorded "
                                       "in the future",
                                       dates.back().ToString(), today.ToString()));
  }
  ScheduleProgress progress;
  for (const ScheduledSession& s : schedule.sessions) {
    SessionProgress p;
    p.index = s.index;
    progress.sessions.push_back(p);
  }

  // 1. Recordings inside a window; the one nearest the target wins.
  std::vector<Date> leftover;
  for (Date d : dates) {
    const auto it = std::find_if(
        schedule.sessions.begin(), schedule.sessions.end(),
        [&](const ScheduledSession& s) { return s.window_start <= d && d <= s.window_end; });
    if (it == schedule.sessions.end()) {
      leftover.push_back(d);
      continue;
    }
    SessionProgress& p = progress.sessions[it->index];
    if (!p.recorded) {
      p.recorded = d;
    } else if (std::abs(it->target.DaysUntil(d)) < std::abs(it->target.DaysUntil(*p.recorded))) {
      progress.unmatched.push_back(*p.recorded);
      p.recorded = d;
    } else {
      progress.unmatched.push_back(d);
    }
    p.in_window = true;
  }
  // 2. Recordings outside every window, within the attribution tolerance of an empty session.
  for (Date d : leftover) {
    int best = -1;
    for (const ScheduledSession& s : schedule.sessions) {
      const int distance = std::abs(s.target.DaysUntil(d));
      if (progress.sessions[s.index].recorded || distance > kAttributionToleranceDays) continue;
      if (best < 0 || distance < std::abs(schedule.sessions[best].target.DaysUntil(d)))
        best = s.index;
    }
    if (best < 0) {
      progress.unmatched.push_back(d);
    } else {
      progress.sessions[best].recorded = d;
      progress.sessions[best].in_window = false;
    }
  }
  // 3. Status.
  for (const ScheduledSession& s : schedule.sessions) {
    SessionProgress& p = progress.sessions[s.index];
    if (p.recorded) {
      p.status = SessionStatus::kDone;
    } else if (today < s.window_start) {
      p.status = SessionStatus::kUpcoming;
    } else if (today <= s.window_end) {
      p.status = SessionStatus::kDue;
    } else {
      p.status = SessionStatus::kOverdue;
    }
  }
  std::sort(progress.unmatched.begin(), progress.unmatched.end());
  return progress;
}

std::vector<CalendarEvent> ScheduleCalendarEvents(const Schedule& schedule,
                                                  const Protocol& protocol) {
  std::string side_effects;
  for (const SideEffectQuestion& q : protocol.side_effects) {
    side_effects += (side_effects.empty() ? "" : ", ") + q.ctcae_term;
  }
  std::vector<CalendarEvent> events;
  for (const ScheduledSession& s : schedule.sessions) {
    CalendarEvent e;
    e.uid = fmt::format("{}-{}-{}@tricholog", schedule.protocol_id, schedule.start.ToBasicString(),
                        s.index);
    e.date = s.target;
    e.summary = s.week == 0 ? fmt::format("Tricholog baseline session ({})", protocol.name)
                            : fmt::format("Tricholog session {}, week {} ({})", s.index, s.week,
                                          protocol.name);
    if (s.decision_point) e.summary += " - decision week";
    std::string d = fmt::format("Window: {} to {}. Phase: {}.\n", s.window_start.ToString(),
                                s.window_end.ToString(), TimelinePhaseName(s.phase));
    d += s.week == 0 ? "Take the baseline before the first dose.\n" : "";
    d +=
        "Capture: the four scalp photos (top, back, left, right) with the same light, distance and "
        "camera as last time; eyebrows and eyelashes if affected; itch, eczema and quality-of-life "
        "questions if you have eczema.\n";
    d += "Side effects to note: " + side_effects + ".\n";
    for (const LabDue& lab : schedule.labs) {
      if (lab.session_index == s.index)
        d += fmt::format("Lab test due {}: {}.\n", lab.due.ToString(), lab.test);
    }
    if (s.decision_point) {
      d +=
          "This is a decision week: bring your results to your dermatologist to review together.\n";
    }
    d += protocol.PhaseAt(s.week).guidance;
    e.description = std::move(d);
    e.categories = {"Tricholog", std::string(TimelinePhaseName(s.phase))};
    events.push_back(std::move(e));
  }
  return events;
}

}  // namespace tricholog
