// The response pattern of a course, judged on SALT, modelled on the ALLEGRO post-hoc analysis
// (King et al., JEADV 2025;39:1163; clinical.md §1.3). Rules: docs/assessment.md.
#ifndef TRICHOLOG_CORE_RESPONSE_TRAJECTORY_H_
#define TRICHOLOG_CORE_RESPONSE_TRAJECTORY_H_

#include <string>

#include "core/response_assessment.h"

namespace tricholog {

// Target reached by this week counts as early (week 24 plus the ±2-week visit window of
// clinical.md §5.5); by kMiddleResponderByWeek (month 12 + 2 weeks) as middle; later as late.
inline constexpr int kEarlyResponderByWeek = 26;
inline constexpr int kMiddleResponderByWeek = 54;
// From this week on, a course that never held a 30 % improvement is a non-responder.
inline constexpr int kNonResponderFromWeek = 52;

// Classifies `assessment` (its timeline fields and its SALT measure must be filled in) and
// writes one plain sentence explaining the label to `reason`.
//
// Response target: SALT ≤ 20 when baseline SALT > 20, else ≥ 50 % improvement. Partial:
// ≥ 30 % improvement. Each counts only when the improvement is also beyond MDC95 and holds in
// two consecutive counted sessions.
Trajectory ClassifyTrajectory(const ResponseAssessment& assessment, std::string* reason);

}  // namespace tricholog

#endif  // TRICHOLOG_CORE_RESPONSE_TRAJECTORY_H_
