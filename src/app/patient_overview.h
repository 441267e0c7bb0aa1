// A patient's overview: what the dashboard and the schedule page show, computed from the stored
// record with the core's own rules (no figure is recomputed here): the current course's schedule
// and where each session stands (core/schedule.h), the response assessment and its alerts
// (core/response_assessment.h, core/alerts.h), and the latest SALT with its AA-IGA band
// (core/salt_score.h), EASI (core/easi_score.h), itch and density by zone. Pure: the record, the
// protocol catalog and today come in; no I/O, no image work.
#ifndef TRICHOLOG_APP_PATIENT_OVERVIEW_H_
#define TRICHOLOG_APP_PATIENT_OVERVIEW_H_

#include <optional>
#include <string>
#include <vector>

#include "core/alerts.h"
#include "core/date.h"
#include "core/easi_score.h"
#include "core/error.h"
#include "core/protocol.h"
#include "core/response_assessment.h"
#include "core/salt_score.h"
#include "core/schedule.h"
#include "store/model.h"

namespace tricholog::app {

// The course being followed and everything computed for it.
struct CourseOverview {
  store::Course course;
  Protocol protocol;
  std::string condition_kind;  // the treated condition's kind ("alopecia_areata", ...) or empty
  Schedule schedule;
  ScheduleProgress progress;
  AssessmentInput input;
  ResponseAssessment assessment;
  std::vector<Alert> alerts;
  // The first session not done whose window has not closed (due or upcoming), if any.
  std::optional<std::size_t> next_index;
  // Sessions whose window closed with nothing recorded and none recorded since (indexes into
  // schedule.sessions); the first one's window end is the assessment's overdue_since.
  std::vector<std::size_t> overdue;
};

// A measure's latest value, with the date of the session it came from.
struct LatestSalt {
  Date date;
  SaltScore score;
};
struct LatestEasi {
  Date date;
  EasiScore score;
};
struct LatestItch {
  Date date;
  int nrs = 0;
};
struct LatestZones {
  Date date;
  std::vector<store::ZoneDensity> zones;
};

struct PatientOverview {
  Date today;
  int sessions_recorded = 0;
  std::optional<CourseOverview> course;  // empty when no course is running
  std::optional<LatestSalt> salt;
  std::optional<LatestEasi> easi;
  std::optional<LatestItch> itch;
  std::optional<LatestZones> zones;
};

// EASI of a stored session (Hanifin 2001; core/easi_score.h) for a patient `age_years` old;
// empty when the session records no EASI regions or they do not compute.
std::optional<EasiScore> SessionEasi(const store::TrackingSession& session, double age_years);

// The patient's age in whole years in the year of `on`; adult (18) when no birth year is known
// (EASI's adult weights).
double AgeYears(const store::Patient& patient, Date on);

// The protocol condition a stored condition kind names: "alopecia_areata" -> AA,
// "atopic_dermatitis" -> AD; nullopt for "other".
std::optional<Condition> ProtocolConditionOf(const std::string& condition_kind);

// Whether `protocol` is off-label for the stored condition kind (false for "other").
bool OffLabelFor(const Protocol& protocol, const std::string& condition_kind);

// The course followed today: of the courses that have started by `today` and not ended before
// it, the one that started last (ties: the last in the record); nullptr when none.
const store::Course* CurrentCourse(const store::PatientRecord& record, Date today);

// The assessment input of `course` from the stored sessions (only sessions on or before
// `today`, of this course or of no course): SALT from the four regions (when all four are
// given; the regions and their confirmations too, for the view check), EASI from the four body
// regions (child weights under 8 years, from the birth year), itch, POEM, DLQI, vellus share
// (percent), mean density over the zones; adverse events are attached to the first session on or
// after their onset.
AssessmentInput AssessmentInputFor(const store::PatientRecord& record, const store::Course& course,
                                   const Protocol& protocol, Date today);

// The view checks (core CheckSessionViews, default noise) of the sessions on or before `today`
// of course `course_id` and of no course, as the course's assessment sees them: which SALT
// views moved alone beyond their noise and are "to confirm" (docs/assessment.md).
std::vector<SessionViewCheck> ViewChecksFor(const store::PatientRecord& record,
                                            const std::string& course_id, Date today);

// "Observation (months 0 to 3)", "Response window (months 3 to 6)", "Continued assessment
// (months 6 to 12)", "Maintenance (after month 12)".
std::string PhaseWords(TimelinePhase phase);

// The schedule horizon for a course at `today`: two years, or half a year past today when the
// course is older, at most kMaxHorizonWeeks.
int ScheduleHorizonWeeks(Date start, Date today);

// The overview at `today`. A course whose protocol is not in `catalog` is an error naming
// "protocol_id" (kNotFound).
Result<PatientOverview> BuildPatientOverview(const store::PatientRecord& record,
                                             const std::vector<Protocol>& catalog, Date today);

}  // namespace tricholog::app

#endif  // TRICHOLOG_APP_PATIENT_OVERVIEW_H_
