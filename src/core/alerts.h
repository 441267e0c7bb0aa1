// Alerts: what a patient and their physician should look at, derived from a response
// assessment. Each alert has a stable code, a severity, a plain-language reason and the
// citations behind it. Alerts inform; they never advise starting or stopping a treatment.
// Rules and thresholds: docs/assessment.md.
#ifndef TRICHOLOG_CORE_ALERTS_H_
#define TRICHOLOG_CORE_ALERTS_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/response_assessment.h"

namespace tricholog {

enum class AlertSeverity {
  kInfo,       // good to know (a target reached, too early to judge)
  kAttention,  // worth raising at the next appointment or sooner
  kUrgent,     // contact the treating physician soon
};
// "info", "attention", "urgent".
std::string_view AlertSeverityName(AlertSeverity severity);

// A session an alert's figures rest on, and one of its views when that view moved beyond its
// noise (docs/assessment.md, "Confirmed change").
struct AlertBasis {
  Date date;
  std::optional<SaltView> view;  // empty: the session's SALT as a whole
  // "measured" (the session's SALT, no view beyond its noise), or a ViewChangeStatusName:
  // "moved_with_other_views", "patient_reported", "confirmed_by_repeat", "confirmed_by_user",
  // "to_confirm".
  std::string status;
};

struct Alert {
  // Stable snake_case: "possible_aa_reactivation", "no_regrowth", "salt_20_reached",
  // "salt_10_reached", "salt_worsening", "eye_symptoms_on_dupilumab", "session_overdue",
  // "too_early_to_judge", "easi_worsening", "itch_responder_reached", "adverse_event_reported",
  // "confirm_view_photo".
  std::string code;
  AlertSeverity severity = AlertSeverity::kInfo;
  std::string title;
  // One or two sentences a patient and a physician can both read.
  std::string reason;
  // Citations ("Mitchell & Levitt, JAAD Case Rep 2018;4:143", ...).
  std::vector<std::string> evidence;
  // The studies among them that have an identifier, as "pmid:29387767", "doi:10.…" or
  // "pmcid:PMC…" (AlertStudyCatalogue), so that pages link the alert to the evidence library.
  std::vector<std::string> study_refs;
  // The numbers that triggered it, by name ("salt_baseline", "salt_latest", "weeks", ...).
  std::vector<std::pair<std::string, double>> values;
  // The sessions and views a SALT-change alert rests on (empty for other alerts).
  std::vector<AlertBasis> rests_on;
};

// The studies behind each alert code, named by identifier (issue 20: links both ways — an alert
// links to the study pages it rests on, and a study page lists the alerts that cite it). Only
// works whose identifier the project's sources confirm are listed (data/evidence/README.md);
// product labels, method notes and works without a confirmed identifier stay in the alert's
// evidence text only.
struct AlertStudies {
  std::string_view code;
  // A title for the code in general, shown on a study page ("Hair loss has increased on
  // dupilumab"); an alert's own title may add the target ("SALT 20 or less reached").
  std::string_view title;
  std::vector<std::string_view> study_refs;  // "pmid:…", "doi:…", "pmcid:…"
};
// Every alert code that rests on at least one identified study, in a fixed order.
const std::vector<AlertStudies>& AlertStudyCatalogue();

// Sessions reported within this many days before today feed the symptom alerts (eye symptoms,
// other adverse events): one observation-phase visit interval (clinical.md §5.5).
inline constexpr int kSymptomLookbackDays = 28;
// AA reactivation on dupilumab is urgent when SALT rose by at least this many MDC95.
inline constexpr double kUrgentWorseningMdcMultiple = 2.0;
// The no-regrowth check starts at month 6 (week 26) of the course.
inline constexpr int kNoRegrowthFromWeek = 26;
// The ritlecitinib SmPC's stop consideration week (clinical.md §1.3).
inline constexpr int kJakStopConsiderationWeek = 36;

// The alerts for `assessment`, which must come from AssessResponse(input). Most severe first,
// then in a fixed order by code. Stable measurements (every change within MDC95 or not
// persisting) never produce a change alert. SALT-change alerts (possible_aa_reactivation,
// salt_worsening, no_regrowth, salt_20_reached / salt_10_reached) rest on confirmed figures
// only; where one would have fired on a figure with a view to confirm, an attention-level
// "confirm_view_photo" alert per such view takes its place.
std::vector<Alert> BuildAlerts(const AssessmentInput& input, const ResponseAssessment& assessment);

}  // namespace tricholog

#endif  // TRICHOLOG_CORE_ALERTS_H_
