// Where a treatment course stands in time: whole weeks since the start, the timeline phase at a
// date, and the weeks at which a response is judged (clinical.md §5.4.4, §5.5).
#ifndef TRICHOLOG_CORE_ASSESSMENT_TIMELINE_H_
#define TRICHOLOG_CORE_ASSESSMENT_TIMELINE_H_

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/treatment.h"

namespace tricholog {

// Whole weeks from `start` to `date`, rounded down (day 0–6 is week 0, day 7 week 1);
// negative when `date` is before `start` (day −1 is week −1).
int WeeksSinceStart(Date start, Date date);

// The default phases, with months turned into weeks at 13 weeks per quarter year
// (3 months = 91.3 days ≈ 13 weeks): observation [0, 13), response window [13, 26),
// continued assessment [26, 52), maintenance [52, open). clinical.md §5.5.
std::vector<PhaseSpan> DefaultPhaseSpans();

// Checks that spans tile [0, ∞): the first starts at week 0, each ends where the next starts,
// each end is after its start, and only the last is open-ended. Errors name
// "<field>[i].start_week" / "<field>[i].end_week".
Result<std::vector<PhaseSpan>> ValidatePhaseSpans(std::span<const PhaseSpan> spans,
                                                  std::string_view field = "phases");

// The phase covering `weeks_since_start` (≥ 0) in valid `spans`. Fails when weeks is negative
// (the course has not started) or no span covers it.
Result<TimelinePhase> PhaseAtWeek(std::span<const PhaseSpan> spans, int weeks_since_start);

// The weeks at which a course of this class is usually judged (ascending):
//   il4r_antibody  16, 52      dupilumab EU SmPC (AD) 16-week rule; clinical.md §1.3
//   jak_inhibitor  24, 36, 52  ALLEGRO/THRIVE primary wk 24, BRAVE wk 36 and the ritlecitinib
//                              SmPC 36-week rule; clinical.md §1.3, §5.4.4
//   corticosteroid 12, 24, 52  intralesional triamcinolone: assess at 6–12 weeks; §2.4
//   minoxidil      24, 52      no source in clinical.md; a conservative choice
//   other          24, 52      as minoxidil
std::vector<int> DefaultDecisionWeeks(TreatmentClass treatment);

// Checks decision weeks: non-empty, each 1 to 520, strictly ascending. Errors name
// "<field>[i]".
Result<std::vector<int>> ValidateDecisionWeeks(std::span<const int> weeks,
                                               std::string_view field = "decision_weeks");

// The first decision week that is ≥ weeks_since_start, or empty when all have passed.
std::optional<int> NextDecisionWeek(std::span<const int> decision_weeks, int weeks_since_start);

// One or two plain sentences on why the first decision week of this class is where it is,
// e.g. for dupilumab the SmPC's 16-week rule.
std::string FirstDecisionWeekReason(TreatmentClass treatment, int first_week);

}  // namespace tricholog

#endif  // TRICHOLOG_CORE_ASSESSMENT_TIMELINE_H_
