// The JSON input of `tricholog chart` (documented in docs/charts.md): an assessment input
// (docs/assessment.md, "Input JSON") plus the keys only a chart needs. Pure: values in, values out.
#ifndef TRICHOLOG_CHART_CHART_JSON_H_
#define TRICHOLOG_CHART_CHART_JSON_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "chart/chart_builders.h"
#include "chart/chart_model.h"
#include "core/error.h"
#include "core/response_assessment.h"

namespace tricholog::chart {

// Most entries accepted in "zone_densities" (a weekly session with six zones for ten years).
inline constexpr std::size_t kMaxZoneObservations = 3200;

struct ChartDocument {
  AssessmentInput input;
  ChartExtras extras;
  std::vector<ZoneDensityObservation> zones;
};

// Reads a chart document: the assessment keys ("course", "sessions", "today", "overdue_since",
// "noise") read by AssessmentInputFromJson, and optionally
//   "events":                [{"date", "kind": "start"|"stop"|"dose_change", "label"}]
//   "awaiting_confirmation": ["YYYY-MM-DD", ...]
//   "zone_densities":        [{"date", "zone", "hairs_per_cm2": 0–1000, "capture_quality_ok"}]
// Unknown keys, wrong types, numbers out of range and labels over kMaxLabelBytes are errors that
// name the field by its JSON path. `today_override` replaces "today" as in assess.
Result<ChartDocument> ChartDocumentFromJson(const nlohmann::json& document,
                                            std::optional<Date> today_override = std::nullopt);

enum class ChartKind { kSalt, kEasi, kItch, kZones };
// "salt", "easi", "itch", "zones".
Result<ChartKind> ParseChartKind(std::string_view name);

// Assesses the document (AssessResponse) and builds the chart of `kind`.
Result<ChartSpec> BuildChart(ChartKind kind, const ChartDocument& document);

}  // namespace tricholog::chart

#endif  // TRICHOLOG_CHART_CHART_JSON_H_
