// Response assessment: from a treatment course and its sessions (plain numbers), decide per
// measure whether the change since baseline is real (beyond noise, persisting, on good
// captures) and whether it is clinically meaningful, where the course stands on its timeline,
// and which response pattern it follows. Pure: no clock (today is an input), no I/O.
// Rules and sources: docs/assessment.md, clinical.md §1.3 and §5.
#ifndef TRICHOLOG_CORE_RESPONSE_ASSESSMENT_H_
#define TRICHOLOG_CORE_RESPONSE_ASSESSMENT_H_

#include <array>
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

  double Get(SaltView view) const;
};

// How one view's loss figure in a session was settled. Anything but kAutomatic confirms the
// view's figure (docs/assessment.md, "Confirmed change").
enum class RegionConfirmation {
  kAutomatic,      // the engine's mask, as measured
  kUserCorrected,  // the patient or physician corrected the loss mask
  kUserAccepted,   // the patient or physician looked at the photo and said it is right
  kRetaken,        // the photo was taken again and this figure is from the new one
};
// "automatic", "user_corrected", "user_accepted", "retaken".
std::string_view RegionConfirmationName(RegionConfirmation confirmation);
Result<RegionConfirmation> ParseRegionConfirmation(std::string_view name,
                                                   std::string_view field = "confirmation");

// What the patient said about their hair at a session.
enum class PatientReportedHairChange {
  kNone,      // noticed no change
  kLessHair,  // noticed more loss / less hair
  kMoreHair,  // noticed regrowth / more hair
};
// "none", "less_hair", "more_hair".
std::string_view PatientReportedHairChangeName(PatientReportedHairChange change);
Result<PatientReportedHairChange> ParsePatientReportedHairChange(
    std::string_view name, std::string_view field = "patient_reported_hair_change");

// One tracking session. Any measure may be missing. When `salt` is missing and `region_loss`
// is present, SALT is computed from the regions.
struct AssessmentSession {
  Date date;
  // The caller's id for the session (the store's session id); carried into its view check.
  std::string id;
  MeasureValues values;
  std::optional<RegionLossPercent> region_loss;
  // False when the photo set failed the capture quality gate: photo-based measures of this
  // session (SALT, vellus share, density) are then ignored.
  bool capture_quality_ok = true;
  std::vector<EyeSymptom> eye_symptoms;
  // Other adverse events the patient reported, free text ("facial redness", "cold sore").
  std::vector<std::string> adverse_events;
  // How each view's loss figure was settled, by SaltViewIndex (default: automatic).
  std::array<RegionConfirmation, kSaltViewCount> region_confirmation{};
  // Whether the patient noticed a change in their hair; empty when not asked. Itch or EASI are
  // not hair signs and never corroborate a SALT view's jump.
  std::optional<PatientReportedHairChange> patient_reported_hair_change;
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
  // SALT only: values ignored (baseline included) because a view of the session is to confirm.
  int excluded_unconfirmed = 0;
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

// What became of one view's loss change beyond its MDC95 (docs/assessment.md, "Confirmed
// change").
enum class ViewChangeStatus {
  kMovedWithOtherViews,  // another view moved beyond its noise the same way: the scalp changed
  kPatientReported,      // the patient reported the same change in their hair
  kToConfirm,            // this view alone moved: retake, correct or accept the photo
  kConfirmedByRepeat,    // this view alone moved, and the next session repeated the jump
  kConfirmedByUser,      // the mask was corrected or accepted, or the photo retaken
};
// "moved_with_other_views", "patient_reported", "to_confirm", "confirmed_by_repeat",
// "confirmed_by_user".
std::string_view ViewChangeStatusName(ViewChangeStatus status);

// One view whose loss moved beyond its MDC95 since its reference: the last session where that
// view's figure was not left to confirm.
struct ViewChange {
  SaltView view = SaltView::kTop;
  Date reference_date;
  double reference_loss = 0;
  double loss = 0;
  double change = 0;  // loss − reference_loss
  double mdc95 = 0;
  ViewChangeStatus status = ViewChangeStatus::kToConfirm;
  RegionConfirmation confirmation = RegionConfirmation::kAutomatic;
  std::optional<Date> repeated_on;  // kConfirmedByRepeat: the session that repeated it
  std::string reason;               // plain language, for the patient and the physician
};

// The view check of one session with region losses that passed the quality gate.
struct SessionViewCheck {
  Date date;
  std::string session_id;  // AssessmentSession::id
  std::optional<double> salt;
  // False when a view is to confirm: the session's SALT then counts for no alert.
  bool salt_confirmed = true;
  std::vector<ViewChange> moved;  // only the views beyond their MDC95

  bool HasToConfirm() const { return !salt_confirmed; }
};

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
  // Sessions with region losses that passed the quality gate, by date: which views moved
  // beyond their noise and whether that is confirmed.
  std::vector<SessionViewCheck> view_checks;
  // SALT judged on every figure, unconfirmed ones included; set only when some session's SALT
  // is unconfirmed (then `measures` holds SALT on confirmed figures only). Alerts use it to
  // say which photo to confirm when an alert would rest on an unconfirmed one.
  std::optional<MeasureAssessment> salt_all_figures;

  // The assessment of `measure`, or nullptr when it has no data.
  const MeasureAssessment* Find(Measure measure) const;
  // The view check of the session on `date`, or nullptr.
  const SessionViewCheck* FindViewCheck(Date date) const;
};

// SALT from region losses: 0.40·top + 0.24·back + 0.18·right + 0.18·left (Olsen 2004,
// JAAD 51:440).
double SaltFromRegions(const RegionLossPercent& regions);

// Checks every input and names the offending field ("sessions[2].salt",
// "course.decision_weeks[0]", "noise.easi.mdc95", ...).
Result<void> ValidateAssessmentInput(const AssessmentInput& input);

// The view checks of `sessions` (any order) with `noise`'s per-view models: the sessions with
// region losses that passed the quality gate, by date (docs/assessment.md, "Confirmed
// change"). AssessResponse runs the same check; pages that show one session's marks call this.
std::vector<SessionViewCheck> CheckSessionViews(const std::vector<AssessmentSession>& sessions,
                                                const NoiseModels& noise);

// Validates `input` and assesses it.
Result<ResponseAssessment> AssessResponse(const AssessmentInput& input);

}  // namespace tricholog

#endif  // TRICHOLOG_CORE_RESPONSE_ASSESSMENT_H_
