// Schedule: the tracking sessions of one treatment course, computed from its protocol and
// start date, and where each session stands given the sessions recorded so far.
//
// Pure: the caller passes the start date, the recorded session dates and "today".
//
// Cadence (clinical.md §5.5): months 0–3 every 4 weeks; 3–6 every 4–6; 6–12 every 6–8;
// after 12 every 8–12. Every schedule also has a session within ±2 weeks of weeks 12, 16, 24,
// 36 and 52, the time points of SOLO (16), ALLEGRO and THRIVE (24), BRAVE (36) and one year,
// so that a course can be compared with the trials.
#ifndef TRICHOLOG_CORE_SCHEDULE_H_
#define TRICHOLOG_CORE_SCHEDULE_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/icalendar.h"
#include "core/protocol.h"
#include "core/treatment.h"

namespace tricholog {

// Weeks at which every schedule must have a session, ± kAnchorToleranceWeeks (clinical.md §5.5).
inline constexpr int kAnchorWeeks[] = {12, 16, 24, 36, 52};
inline constexpr int kAnchorToleranceWeeks = 2;

// How far (in days) from a session's target date a recording made outside the session's
// window may still be attributed to it: the ±2 weeks of clinical.md §5.5.
inline constexpr int kAttributionToleranceDays = 14;

inline constexpr int kDefaultHorizonWeeks = 104;
inline constexpr int kMaxHorizonWeeks = 520;

// The session cadence used when a protocol file has no "tracking" key: weeks 0, 4, 8, 12, 16,
// 20, 24, 30, 36, 44, 52, then every 12 weeks. Windows: baseline from 14 days before the start
// to the start day (a baseline is taken before the first dose); ±7 days up to week 24; ±10 days
// from week 30; ±14 days from week 52. Consecutive windows never overlap.
TrackingPlan DefaultTrackingPlan();

// The phase table of clinical.md §5.5 in weeks (a month counted as 13/3 weeks):
// observation [0, 13) every 4; response_window [13, 26) every 4–6; continued_assessment
// [26, 52) every 6–8; maintenance from 52 every 8–12. Guidance is empty.
std::vector<PhaseRule> DefaultPhaseRules();

// The rule that holds at `week`: the last phase starting at or before it. `phases` must be
// non-empty and sorted.
const PhaseRule& PhaseRuleAt(const std::vector<PhaseRule>& phases, int week);

// The window rule that holds at `week`. `plan.windows` must be non-empty and sorted.
WindowRule WindowRuleAt(const TrackingPlan& plan, int week);

// Session weeks up to and including `horizon_weeks`: the explicit weeks, then one every
// then_every_weeks after the last of them.
std::vector<int> PlannedSessionWeeks(const TrackingPlan& plan, int horizon_weeks);

// Checks a plan against its phases and decision weeks: weeks start at 0 and rise; each
// interval lies in the range of the phase the interval starts in; every anchor week has a
// session within ±2 weeks; windows start at week 0 and consecutive windows do not overlap;
// every decision week is a session week. Errors name the key path in the protocol file.
Result<void> ValidateTrackingPlan(const TrackingPlan& plan, const std::vector<PhaseRule>& phases,
                                  const std::vector<DecisionWeek>& decision_weeks);

struct ScheduledSession {
  int index = 0;  // 0 is the baseline
  int week = 0;   // weeks since the course start
  Date target;
  Date window_start;  // inclusive
  Date window_end;    // inclusive
  TimelinePhase phase = TimelinePhase::kObservation;
  bool decision_point = false;
  std::vector<std::string> lab_ids;  // labs due at this session (see LabDue)
};

// A lab test due on a date: the protocol's week counted from the start; week 0 is due on the
// start day, before the first dose.
struct LabDue {
  std::string lab_id;
  std::string test;
  int week = 0;
  Date due;
  int session_index = 0;  // the session nearest to the due date
};

struct Schedule {
  std::string protocol_id;
  std::string protocol_name;
  Date start;
  int horizon_weeks = kDefaultHorizonWeeks;
  std::vector<ScheduledSession> sessions;
  std::vector<int> decision_weeks;
  std::vector<LabDue> labs;
};

// The sessions of a course that starts on `start`, up to `horizon_weeks` (1 to 520).
Result<Schedule> BuildSchedule(const Protocol& protocol, Date start, int horizon_weeks);

enum class SessionStatus {
  kUpcoming,  // the window has not opened yet
  kDue,       // today is inside the window and nothing is recorded
  kOverdue,   // the window has closed and nothing is recorded
  kDone,      // a recording is attributed to this session
};

// Stable names: "upcoming", "due", "overdue", "done".
std::string_view SessionStatusName(SessionStatus status);

struct SessionProgress {
  int index = 0;
  SessionStatus status = SessionStatus::kUpcoming;
  std::optional<Date> recorded;  // set when status is kDone
  bool in_window = false;        // the recording lies inside the session's window
};

struct ScheduleProgress {
  std::vector<SessionProgress> sessions;  // one per Schedule::sessions, same order
  std::vector<Date> unmatched;            // recordings attributed to no session
};

// Attributes recorded session dates to scheduled sessions, each recording to at most one
// session and each session to at most one recording:
// 1. a recording inside a window belongs to that session (windows never overlap); when a
//    window holds several, the one nearest the target date counts and the others are
//    unmatched;
// 2. each remaining recording, in date order, goes to the nearest still-empty session whose
//    target is within kAttributionToleranceDays (ties: the earlier session), with
//    in_window = false;
// 3. sessions left empty are upcoming, due or overdue relative to `today`.
// Duplicate dates count once. Errors: a recording after `today` (field "done").
Result<ScheduleProgress> TrackProgress(const Schedule& schedule, std::span<const Date> recorded,
                                       Date today);

// One all-day event per session, for RenderICalendar. UIDs are
// "<protocol>-<YYYYMMDD start>-<index>@tricholog": stable across exports of the same course.
std::vector<CalendarEvent> ScheduleCalendarEvents(const Schedule& schedule,
                                                  const Protocol& protocol);

}  // namespace tricholog

#endif  // TRICHOLOG_CORE_SCHEDULE_H_
