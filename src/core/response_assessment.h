// Response assessment: from a treatment course and its sessions (plain numbers), decide per
// measure whether the change since baseline is real (beyond noise, persisting, on good
// captures) and whether it is clinically meaningful, where the course stands on its timeline,
// and which response pattern it follows. Pure: no clock (today is an input), no I/O.
// Rules and sources: docs/assessment.md, clinical.md §1.3 and §5.
#ifndef TRICHOLOG_CORE_RESPONSE_ASSESSMENT_H_
#define TRICHOLOG_CORE_RESPONSE_ASSESSMENT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/assessment_measures.h"
#include "core/change_statistics.h"
#include "core/date.h"
#include "core/error.h"
#include "core/treatment.h"

namespace tricholog {

// Eye symptoms a patient can report; dupilumab's label lists these (clinical.md §2.2).
enum class EyeSymptom {
  kUnspecified,  // "eye_symptoms": true without detail
  kConjunctivitis,
  kEyeItch,
  kRedEye,
  kDryEye,
  kBlepharitis,
  kKeratitis,
  kEyePain,
  kBlurredVision,
};
// "unspecified", "conjunctivitis", "eye_itch", "red_eye", "dry_eye", "blepharitis",
// "keratitis", "eye_pain", "blurred_vision".
std::string_view EyeSymptomName(EyeSymptom symptom);
Result<EyeSymptom> ParseEyeSymptom(std::string_view name, std::string_view field = "eye_symptoms");

// Percent of each SALT region without terminal hair, 0–100 (Olsen 2004).
struct RegionLossPercent {
  double top = 0;
  double back = 0;
  double left = 0;
  double right = 0;
};

// One tracking session. Any measure may be missing. When `salt` is missing and `region_loss`
// is present, SALT is computed from the regions.
struct AssessmentSession {
  Date date;
  MeasureValues values;
  std::optional<RegionLossPercent> region_loss;
  // False when the photo set failed the capture quality gate: photo-based measures of this
  // session (SALT, vellus share, density) are then ignored.
  bool capture_quality_ok = true;
  std::vector<EyeSymptom> eye_symptoms;
  // Other adverse events the patient reported, free text ("facial redness", "cold sore").
  std::vector<std::string> adverse_events;
};

// The course being judged. Empty decision_weeks / phases mean the defaults for the class
// (DefaultDecisionWeeks, DefaultPhaseSpans).
struct CourseSpec {
  TreatmentClass treatment = TreatmentClass::kOther;
  Date start_date;
  std::vector<int> decision_weeks;
  std::vector<PhaseSpan> phases;
  // A baseline value per measure that replaces the one derived from sessions.
  MeasureValues baseline_override;
};

struct AssessmentInput {
  CourseSpec course;
  std::vector<AssessmentSession> sessions;  // any order; none may be after `today`
  Date today;
  NoiseModels noise = DefaultNoiseModels();
  // The end of the window of the earliest missed scheduled session, computed by the caller
  // from the schedule; empty when nothing is overdue.
  std::optional<Date> overdue_since;
};

// Pre-treatment sessions count towards the baseline only within this many days before the
// start (one observation-phase visit interval, clinical.md §5.5).
inline constexpr int kBaselineLookbackDays = 28;

// Where a measure's baseline came from.
enum class BaselineSource {
  kNone,          // no value at or before the start and none after it
  kOverride,      // course.baseline_override
  kPreTreatment,  // mean of the sessions at/before the start (clinical.md §5.4.3)
  kFirstSession,  // no pre-treatment value: the first session after the start
};
std::string_view BaselineSourceName(BaselineSource source);

// Which way a measure moved. kStable means "not a real change" (within noise, not yet
// persisting, or too few sessions). kIncreasing / kDecreasing are for measures with no better
// direction (vellus share).
enum class ChangeDirection { kStable, kImproving, kWorsening, kIncreasing, kDecreasing };
std::string_view ChangeDirectionName(ChangeDirection direction);

struct MeasurePoint {
  Date date;
  double value = 0;
};

// The verdict on one measure.
struct MeasureAssessment {
  Measure measure = Measure::kSalt;
  std::optional<double> baseline;
  BaselineSource baseline_source = BaselineSource::kNone;
  int baseline_sessions = 0;  // how many sessions were averaged into the baseline
  // Post-baseline values that count (quality passed for photo measures), by date.
  std::vector<MeasurePoint> series;
  int excluded_for_quality = 0;  // post-baseline values ignored because capture quality failed
  std::optional<MeasurePoint> latest;
  std::optional<double> change;          // latest − baseline
  std::optional<double> percent_change;  // signed; empty at baseline 0
  std::optional<double> rci;             // Jacobson–Truax
  double mdc95 = 0;                      // in measure units, at this baseline
  NoiseSource noise_source = NoiseSource::kConfigured;
  // The latest change is beyond MDC95 but not yet confirmed by a second session.
  bool pending_confirmation = false;
  // |Δ| > MDC95 in each of the last two counted sessions, in the same direction
  // (clinical.md §5.4.1).
  bool real = false;
  ChangeDirection direction = ChangeDirection::kStable;
  // Thresholds crossed at the latest value: "salt_le_20", "salt_le_10", "salt30".."salt100",
  // "easi50"/"easi75"/"easi90", "itch_nrs_improved_4", "dlqi_worsened_4", ...
  std::vector<std::string> thresholds_reached;
  // A responder threshold or MCID was crossed (SALT30 alone is a partial response and does
  // not count).
  bool clinically_meaningful = false;
};

// Response patterns modelled on the ALLEGRO post-hoc analysis (King, JEADV 2025;39:1163),
// judged on SALT while the course is running; see docs/assessment.md for the exact rules.
enum class Trajectory {
  kTooEarly,          // before the first decision week with no response yet
  kInsufficientData,  // no SALT baseline or fewer than 2 counted SALT sessions
  kNoBaselineLoss,    // baseline SALT 0: nothing to regrow
  kEarlyResponder,    // target reached by week 26 and held
  kMiddleResponder,   // target reached by week 54 and held
  kLateResponder,     // target reached after week 54 and held
  kPartialResponder,  // ≥ 30 % SALT improvement held, target not reached
  kRelapser,          // had ≥ 30 % improvement, then lost it
  kNoResponseYet,     // past the first decision week, never ≥ 30 %, before week 52
  kNonResponder,      // week 52 or later, never ≥ 30 %
};
std::string_view TrajectoryName(Trajectory trajectory);

struct ResponseAssessment {
  Date today;
  Date start_date;
  TreatmentClass treatment = TreatmentClass::kOther;
  int weeks_since_start = 0;           // negative before the start
  std::optional<TimelinePhase> phase;  // empty before the start
  std::vector<int> decision_weeks;     // as used (defaults filled in)
  std::vector<PhaseSpan> phases;       // as used
  std::optional<int> next_decision_week;
  std::optional<Date> next_decision_date;
  bool before_first_decision = false;
  std::vector<MeasureAssessment> measures;  // only measures with a baseline or a value
  Trajectory trajectory = Trajectory::kInsufficientData;
  std::string trajectory_reason;

  // The assessment of `measure`, or nullptr when it has no data.
  const MeasureAssessment* Find(Measure measure) const;
};

// SALT from region losses: 0.40·top + 0.24·back + 0.18·right + 0.18·left (Olsen 2004,
// JAAD 51:440).
double SaltFromRegions(const RegionLossPercent& regions);

// Checks every input and names the offending field ("sessions[2].salt",
// "course.decision_weeks[0]", "noise.easi.mdc95", ...).
Result<void> ValidateAssessmentInput(const AssessmentInput& input);

// Validates `input` and assesses it.
Result<ResponseAssessment> AssessResponse(const AssessmentInput& input);

}  // namespace tricholog

#endif  // TRICHOLOG_CORE_RESPONSE_ASSESSMENT_H_
