// JSON form of response assessment: the input document `tricholog assess` reads (and the API
// will accept) and the output it prints. The format is documented in docs/assessment.md.
// Pure: values in, values out; reading the file is the caller's job.
#ifndef TRICHOLOG_CORE_ASSESSMENT_JSON_H_
#define TRICHOLOG_CORE_ASSESSMENT_JSON_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "core/alerts.h"
#include "core/date.h"
#include "core/error.h"
#include "core/response_assessment.h"

namespace tricholog {

// Reads an assessment input document. `today_override` (e.g. from --today) replaces the
// document's "today"; one of them is required. Unknown keys are errors (a typo such as "itch"
// for "itch_nrs" must not silently drop data). Every error names the field by its JSON path
// ("sessions[2].salt", "noise.easi.icc"). Values are range-checked by AssessResponse, not here.
Result<AssessmentInput> AssessmentInputFromJson(const nlohmann::json& document,
                                                std::optional<Date> today_override = std::nullopt);

// The assessment and its alerts as one JSON object (see docs/assessment.md, "Output").
nlohmann::json AssessmentToJson(const ResponseAssessment& assessment,
                                const std::vector<Alert>& alerts);

}  // namespace tricholog

#endif  // TRICHOLOG_CORE_ASSESSMENT_JSON_H_
