// The records Tricholog keeps: who uses it, whose data it is, what treatment they are on, and
// every data point a tracking session produces. Plain values; the Store validates and persists
// them. Ids are text (UUIDs by default) on every backend so that export -> import -> export is
// byte-identical; dates are calendar days; timestamps are ISO-8601 UTC text from an injected clock.
#ifndef TRICHOLOG_STORE_MODEL_H_
#define TRICHOLOG_STORE_MODEL_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"

namespace tricholog::store {

enum class Role { kPatient, kPhysician, kAdmin };

// "patient", "physician", "admin".
std::string_view RoleName(Role role);
Result<Role> ParseRole(std::string_view text, std::string_view field = "role");

// Who is asking. Every Store call takes one; the store decides what it may read or change.
struct Actor {
  std::string user_id;
  Role role = Role::kPatient;

  // The local operator of a single-user install (the CLI): role admin, user id "local-admin".
  static Actor LocalAdmin() { return {"local-admin", Role::kAdmin}; }
};

struct User {
  std::string id;  // empty on create: the store assigns a UUID
  Role role = Role::kPatient;
  std::string email;  // unique, used to sign in
  std::string display_name;
  std::string created_at;  // set by the store
};

struct Patient {
  std::string id;       // empty on create: the store assigns a UUID
  std::string user_id;  // the patient's own account, or empty for a record a clinic keeps
  std::string display_name;
  std::optional<int> birth_year;
  std::string created_at;  // set by the store
};

// A diagnosis, coded as FHIR Condition wants it (clinical.md §3.1).
struct Condition {
  std::string id;
  std::string patient_id;
  std::string kind;         // "alopecia_areata" | "atopic_dermatitis" | "other"
  std::string snomed_code;  // SNOMED 68225006 AA, 24079001 AD (clinical.md §3.1)
  std::string icd10_code;   // e.g. L63.9, L20.9
  std::string icd11_code;   // e.g. ED70.2, EA80
  std::string subtype;      // free text: patchy, ophiasis, totalis, universalis, ...
  std::optional<Date> onset;
};

// One treatment course on a protocol (e.g. dupilumab off-label for AA).
struct Course {
  std::string id;
  std::string patient_id;
  std::string condition_id;     // the condition it treats
  std::string protocol_id;      // data/protocols id, e.g. "dupilumab"
  std::string treatment_class;  // TreatmentClass name, e.g. "il4r_antibody"
  std::string medication;       // e.g. "dupilumab"
  std::string dosing;           // e.g. "600 mg loading, then 300 mg every 2 weeks"
  std::string reason;
  bool off_label = false;
  Date start_date;
  std::optional<Date> end_date;
};

// One dose given (an injection, a tablet course day, an intralesional session).
struct Administration {
  std::string id;
  std::string course_id;
  Date given_on;
  double dose_mg = 0;          // 0 .. 10000
  std::string injection_site;  // e.g. "abdomen_left"; empty for oral
};

// A stored photo of one view; the bytes live in the blob store under `sha256`.
struct SessionPhoto {
  std::string view;    // "top", "back", "left", "right", "front", "trichoscopy_<zone>"
  std::string sha256;  // 64 lower-case hex digits
  int width_px = 0;
  int height_px = 0;
};

struct ZoneDensity {
  std::string zone;
  double hairs_per_cm2 = 0;  // 0 .. 1000
};

// SALT input: % of the region's scalp without terminal hair (Olsen 2004, JAAD 51:440).
struct SaltRegionLoss {
  std::string region;   // "top" | "back" | "left" | "right"
  double loss_pct = 0;  // 0 .. 100
  // How the figure was settled (schema v7; core RegionConfirmation): "automatic" |
  // "user_corrected" | "user_accepted" | "retaken".
  std::string confirmation = "automatic";
};

// EASI input for one body region (Hanifin 2001; clinical.md §1.5): area score 0..6, signs 0..3.
struct EasiRegion {
  std::string region;  // "head_neck" | "upper_limbs" | "trunk" | "lower_limbs"
  int area_score = 0;
  int erythema = 0;
  int induration = 0;
  int excoriation = 0;
  int lichenification = 0;
};

// A local reaction at an injection site (schema version 2).
struct InjectionSiteReaction {
  std::string site;
  std::string reaction;            // e.g. "erythema", "swelling", "pruritus"
  std::optional<int> ctcae_grade;  // 1 .. 5
};

// Everything one tracking session records, written all-or-nothing.
struct TrackingSession {
  std::string id;
  std::string patient_id;
  std::string course_id;  // may be empty (baseline before a course)
  Date session_date;
  std::optional<int> week;  // weeks since the course started, when on a course
  std::vector<SessionPhoto> photos;
  std::vector<ZoneDensity> zone_densities;
  std::vector<SaltRegionLoss> salt_regions;
  std::vector<EasiRegion> easi_regions;
  std::optional<int> itch_nrs;            // Peak Pruritus NRS 0..10 (clinical.md §1.7)
  std::optional<int> poem;                // POEM 0..28 (clinical.md §1.8)
  std::optional<int> dlqi;                // DLQI 0..30 (clinical.md §1.9)
  std::optional<double> vellus_fraction;  // vellus / (vellus + terminal), 0..1 (schema v2)
  std::vector<InjectionSiteReaction> injection_site_reactions;  // schema v2
  // What the patient said when asked "Since your last session, has your hair changed?"
  // (schema v8; core PatientReportedHairChange): "none" | "less_hair" | "more_hair", empty when
  // not asked or not sure. Corroborates a SALT view's jump (docs/assessment.md).
  std::optional<std::string> patient_reported_hair_change;
  std::string recorded_by;  // set by the store: the actor's user id
  std::string recorded_at;  // set by the store
};

// A graded adverse event (CTCAE; clinical.md §2.5: store the version on every graded event).
struct AdverseEvent {
  std::string id;
  std::string patient_id;
  std::string course_id;      // may be empty
  std::string term;           // CTCAE term, e.g. "Injection site reaction", "Conjunctivitis"
  std::string meddra_code;    // may be empty
  int ctcae_grade = 1;        // 1 .. 5
  std::string ctcae_version;  // "5.0" | "6.0"
  Date onset;
  std::optional<Date> resolved;
  std::string
      action_taken;  // "none" | "dose_delayed" | "dose_reduced" | "drug_withdrawn" | "other"
  bool serious = false;
};

// The scalp analysis of one uploaded photo (schema v4). Keyed by (patient_id, photo_sha256):
// the same photo of the same patient is analysed once. Pending rows are the analysis queue.
struct PhotoAnalysis {
  std::string patient_id;
  std::string photo_sha256;  // the photo's blob (64 lower-case hex digits)
  std::string view;          // "top" | "front" | "back" | "left" | "right"
  std::string status;        // "pending" | "done" | "failed"
  std::string error;         // when failed: what went wrong, in words a patient can act on
  int attempts = 0;          // analysis runs started, 0 .. 100
  // Mask blobs (PNG, 8-bit, 0/255, the oriented photo's full size); empty until done.
  std::string scalp_mask_sha256;
  std::string loss_mask_sha256;
  // The patient's corrections (same format); empty when the automatic mask stands.
  std::string user_scalp_mask_sha256;
  std::string user_loss_mask_sha256;
  std::string result_json;  // the figures as JSON (app/photo_analysis.h); "{}" until done
  std::string created_at;   // set by the store
  std::string updated_at;   // set by the store
  std::string updated_by;   // set by the store: the actor's user id
};

struct Note {
  std::string id;
  std::string patient_id;
  std::string session_id;      // may be empty
  std::string author_user_id;  // set by the store
  std::string written_at;      // set by the store
  std::string text;
};

// A clinician's decision about a course, typically at a decision week (schema v9): continue it,
// stop it, or change treatment, with the reason. Recorded by the local admin or a physician with
// an active share (Store::RecordDecision; never by the patient). In the record JSON
// ("decisions"), backups and `tricholog export --format csv` (decisions.csv).
inline constexpr std::size_t kMaxDecisionReasonBytes = 2000;
struct Decision {
  std::string id;
  std::string patient_id;
  std::string course_id;  // the course decided on; one of the patient's
  Date decided_on;
  std::optional<int> week;  // weeks since the course started, when known (0 .. 520)
  std::string decision;     // "continue" | "stop" | "change_treatment"
  std::string reason;       // 1 .. 2000 bytes
  std::string decided_by;   // set by the store: the actor's user id
  std::string recorded_at;  // set by the store
};

// A patient's grant of access to a physician; revocable.
struct Share {
  std::string id;
  std::string patient_id;
  std::string physician_user_id;
  std::string granted_at;                 // set by the store
  std::optional<std::string> revoked_at;  // set by RevokeShare
};

// One row of the append-only audit log.
struct AuditEntry {
  long long seq = 0;
  std::string at;
  std::string actor_user_id;
  Role actor_role = Role::kPatient;
  std::string action;  // "read" | "create" | "update" | "delete" | "denied"
  std::string entity;  // table-like name: "patient", "session", ...
  std::string entity_id;
  std::string patient_id;  // whose data, when it is a patient's
};

// A treatment the patient had before (schema v5): onboarding's treatment history.
struct PastTreatment {
  std::string id;
  std::string patient_id;
  std::string name;  // 1 .. 200 bytes, e.g. "intralesional triamcinolone"
  std::optional<Date> started_on;
  std::optional<Date> ended_on;  // not before started_on
  std::string response;          // how it went, in the patient's words; up to 2000 bytes
  std::string recorded_at{};     // set by the store
};

// A medication the patient takes now (schema v5).
struct Medication {
  std::string id;
  std::string patient_id;
  std::string name;  // 1 .. 200 bytes
  std::string dose;  // free text up to 200 bytes, e.g. "10 mg once a day"
  std::optional<Date> since;
  std::string recorded_at{};  // set by the store
};

// What the onboarding pages show and edit: the patient, their conditions and courses, their
// treatment history and current medications.
struct PatientProfile {
  Patient patient;
  std::vector<Condition> conditions;
  std::vector<Course> courses;
  std::vector<PastTreatment> treatment_history;  // by started_on (unknown first), then id
  std::vector<Medication> medications;           // by name, then id
};

// Everything about one patient: what `tricholog export` writes.
struct PatientRecord {
  Patient patient;
  std::vector<Condition> conditions;
  std::vector<Course> courses;
  std::vector<Administration> administrations;
  std::vector<TrackingSession> sessions;
  std::vector<AdverseEvent> adverse_events;
  std::vector<Note> notes;
  std::vector<Share> shares;
  std::vector<Decision> decisions;  // by decided_on, then id (schema v9)
};

// Range and presence checks; errors name the field and the allowed range.
Result<void> Validate(const Condition& condition);
Result<void> Validate(const Course& course);
Result<void> Validate(const Administration& administration);
Result<void> Validate(const TrackingSession& session);
Result<void> Validate(const AdverseEvent& event);
// patient_id and course_id present, week 0..520 when known, decision one of continue, stop,
// change_treatment, reason 1..kMaxDecisionReasonBytes bytes.
Result<void> Validate(const Decision& decision);

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_MODEL_H_
