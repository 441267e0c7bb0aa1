// Vocabulary shared by protocols, schedules and response assessment.
#ifndef TRICHOLOG_CORE_TREATMENT_H_
#define TRICHOLOG_CORE_TREATMENT_H_

#include <optional>
#include <string_view>

#include "core/error.h"

namespace tricholog {

// The kind of treatment a course follows; decides which alerts apply (e.g. possible AA
// reactivation and eye symptoms on dupilumab) and which decision weeks are usual.
enum class TreatmentClass {
  kIl4rAntibody,    // dupilumab (IL-4Rα antibody); AD label, off-label for AA
  kJakInhibitor,    // baricitinib, ritlecitinib, deuruxolitinib
  kCorticosteroid,  // triamcinolone intralesional / intramuscular
  kMinoxidil,       // topical or oral minoxidil
  kOther,
};

// Stable names used in protocol files and JSON: "il4r_antibody", "jak_inhibitor",
// "corticosteroid", "minoxidil", "other".
std::string_view TreatmentClassName(TreatmentClass value);
Result<TreatmentClass> ParseTreatmentClass(std::string_view name);

// Where a course stands on the expected response timeline (clinical.md §5.4–5.5):
// months 0–3 observation, 3–6 response window, 6–12 continued assessment, then maintenance.
enum class TimelinePhase {
  kObservation,
  kResponseWindow,
  kContinuedAssessment,
  kMaintenance,
};

// Stable names: "observation", "response_window", "continued_assessment", "maintenance".
std::string_view TimelinePhaseName(TimelinePhase value);
Result<TimelinePhase> ParseTimelinePhase(std::string_view name);

// One phase of a protocol's timeline, in whole weeks since the course start:
// [start_week, end_week); end_week is empty for the last, open-ended phase.
struct PhaseSpan {
  TimelinePhase phase = TimelinePhase::kObservation;
  int start_week = 0;
  std::optional<int> end_week;
};

}  // namespace tricholog

#endif  // TRICHOLOG_CORE_TREATMENT_H_
