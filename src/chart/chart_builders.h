// The charts the pages and the report show, built from core values (an assessment input and its
// ResponseAssessment), never from the store, so the web pages and the PDF report draw the same
// chart from the same numbers.
//
//   SALT over time   fixed 0–100 axis, SALT ≤ 20 dashed, baseline dotted
//   EASI over time   EASI-75 (a quarter of baseline) dashed, baseline dotted
//   itch NRS         fixed 0–10 axis, baseline − 4 dashed, baseline dotted
//   density by zone  one series per scalp zone with direct labels
//
// Each carries the course's phases as bands, its decision weeks as lines, treatment events as
// markers, whiskers of ± 1 SEM of the measure's noise model, and a summary sentence that says
// whether the change is beyond measurement noise (design/UI.md, "Numbers").
#ifndef TRICHOLOG_CHART_CHART_BUILDERS_H_
#define TRICHOLOG_CHART_CHART_BUILDERS_H_

#include <span>
#include <string>
#include <vector>

#include "chart/chart_model.h"
#include "core/date.h"
#include "core/error.h"
#include "core/response_assessment.h"

namespace tricholog::chart {

// What a chart shows beyond the assessment: treatment events (a start marker at the course start
// is added when `events` has no start), and the dates of sessions whose analysis awaits
// confirmation (drawn hollow, not joined by the trend line).
struct ChartExtras {
  std::vector<TreatmentEvent> events;
  std::vector<Date> awaiting_confirmation;
};

// Hair density of one scalp zone in one session (the store's zone_densities row, as values).
struct ZoneDensityObservation {
  Date date;
  std::string zone;          // e.g. "frontal", "mid_scalp", "vertex"
  double hairs_per_cm2 = 0;  // 0–1000
  bool capture_quality_ok = true;
};

// `assessment` must be AssessResponse(input) made without the sessions in
// extras.awaiting_confirmation (they are drawn, not counted; BuildChart in chart_json.h does
// this). Each builder returns a spec that passes
// ValidateChart, or the error of the first value that does not (naming the session by index).
Result<ChartSpec> BuildSaltChart(const AssessmentInput& input, const ResponseAssessment& assessment,
                                 const ChartExtras& extras = {});
Result<ChartSpec> BuildEasiChart(const AssessmentInput& input, const ResponseAssessment& assessment,
                                 const ChartExtras& extras = {});
Result<ChartSpec> BuildItchChart(const AssessmentInput& input, const ResponseAssessment& assessment,
                                 const ChartExtras& extras = {});
// One series per zone (at most kMaxSeries zones, in order of first appearance); observations with
// capture_quality_ok false are drawn hollow. Errors name "zone_densities[i]".
Result<ChartSpec> BuildZoneDensityChart(const AssessmentInput& input,
                                        const ResponseAssessment& assessment,
                                        std::span<const ZoneDensityObservation> zones,
                                        const ChartExtras& extras = {});

// The smallest of 1, 1.2, 1.4, 1.5, 1.6, 1.8, 2, 2.5, 3, 4, 5, 6, 7, 8 times a power of ten that is
// ≥ value (> 0): the top of an axis that must hold `value`.
double NiceCeiling(double value);

}  // namespace tricholog::chart

#endif  // TRICHOLOG_CHART_CHART_BUILDERS_H_
