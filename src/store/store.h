// Store: every read and write of Tricholog's records, on SQLite or PostgreSQL alike.
//
// Contract shared by every method:
//  - It takes the Actor asking and authorises inside the same transaction that reads or writes:
//    a patient reaches only the record whose user_id is theirs, a physician only records with an
//    active (unrevoked) share to them, an admin everything. A refusal is kPermissionDenied, and
//    it is itself audited ("denied").
//  - Each call is one transaction; an audit row (who, what, which patient, when) is written in
//    that transaction, for reads as well as writes. RunInTransaction groups several calls.
//  - Inputs are validated (errors name the field and the allowed range); ids left empty are
//    assigned (UUIDs); timestamps come from the injected Clock.
// Not thread-safe: use one Store per thread (several processes may share one database).
#ifndef TRICHOLOG_STORE_STORE_H_
#define TRICHOLOG_STORE_STORE_H_

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "store/account_rules.h"
#include "store/blob_store.h"
#include "store/clock.h"
#include "store/database.h"
#include "store/model.h"
#include "store/password.h"
#include "store/session_draft.h"

namespace tricholog::store {

struct StoreOptions {
  // Used for every timestamp; a SystemClock when null.
  std::shared_ptr<Clock> clock;
  // Apply pending migrations on open (the default). When false, opening a database whose schema
  // is older than this binary fails with kConflict ("run tricholog migrate").
  bool migrate_on_open = true;
  // Argon2id cost for new passwords; kMinimum only in tests.
  PasswordCost password_cost = PasswordCost::kInteractive;
};

class Store {
 public:
  // Takes ownership of `db`, migrates it (see StoreOptions) and returns a ready store.
  static Result<std::unique_ptr<Store>> Open(std::unique_ptr<Database> db,
                                             StoreOptions options = {});

  Database& database() { return *db_; }
  Clock& clock() { return *clock_; }
  Result<int> SchemaVersion();

  // Runs `body` in one transaction: everything it does through this Store commits together, or
  // nothing does when it returns an error. Nested calls join the outer transaction.
  Result<void> RunInTransaction(const std::function<Result<void>()>& body);

  // --- users and sign-in -----------------------------------------------------------------
  // Admin only. The email is normalised (NormalizeEmail) and must be unused (kConflict naming
  // "user.email"); `password` follows CheckNewPassword and is hashed with Argon2id; the hash
  // never leaves the store.
  Result<User> CreateUser(const Actor& actor, User user, std::string_view password);
  // The actor for `email` (normalised) when `password` matches; kPermissionDenied otherwise
  // (same message for an unknown email and a wrong password). Neither rate-limited nor audited
  // and opens no session: the web's sign-in is SignIn below.
  Result<Actor> Authenticate(std::string_view email, std::string_view password);

  // --- accounts and web sessions (store_accounts.cc; rules in account_rules.h) -------------
  // Audited: sign-up, sign-in (success, failure, refusal by the rate limits), sign-out,
  // password change and reset, listing users. Resolving a session is not (it happens on every
  // request; what the request then reads is audited by the call that reads it).

  // Anyone: creates a patient account and that person's own patient record in one transaction
  // (an account of role patient is only useful with its record; sign-up is the one way a record
  // gets an owner without an admin). Errors name the field: "email" (NormalizeEmail; kConflict
  // when taken), "password" (CheckNewPassword), "display_name", "birth_year" (1900 to 2100).
  Result<SignedUp> SignUpPatient(const SignUpRequest& request);

  // Signs in and opens a web session. kPermissionDenied "wrong email or password" (field
  // "email") alike for an unknown email, a wrong password and a locked account, in about the
  // same time. kResourceExhausted when the account (field "email") or the client address (field
  // "client_address") has used up its failures in the window (account_rules.h), with the wait in
  // the message and in *retry_after_s when given; the password is then not even checked.
  // Every attempt is counted before the password is checked, so concurrent attempts from any
  // number of processes cannot exceed the limits. Purges expired sessions and old attempts.
  Result<NewWebSession> SignIn(std::string_view email, std::string_view password,
                               std::string_view client_address, long long* retry_after_s = nullptr);

  // The live session `token` names, or nullopt when it is malformed, unknown, revoked, idle
  // for kSessionIdleTimeoutS or older than kSessionAbsoluteTimeoutS (an expired row is deleted).
  // Refreshes the idle timer (at most every kSessionTouchIntervalS). The actor's role is read
  // from the account now, so a role change applies at the next request.
  Result<std::optional<ResolvedSession>> ResolveSession(std::string_view token);

  // Ends the session `token` names (nothing happens for an unknown or malformed one).
  Result<void> SignOut(std::string_view token);

  // The signed-in user changes their own password: `current_password` must match
  // (kPermissionDenied, field "current_password"), `new_password` follows CheckNewPassword
  // (field "new_password"). Ends every other web session of the user, keeping
  // `keep_session_id` (the one making the change; empty ends them all).
  Result<void> ChangePassword(const Actor& actor, std::string_view current_password,
                              std::string_view new_password, const std::string& keep_session_id);

  // Admin only: sets the password of the account with `email` (kNotFound when none), ends all
  // its web sessions and clears its sign-in failures (so the person can sign in at once).
  Result<void> ResetPassword(const Actor& actor, std::string_view email,
                             std::string_view new_password);

  // Admin only: every account ordered by email, without password hashes.
  Result<std::vector<UserSummary>> ListUsers(const Actor& actor);

  // --- patients and shares ---------------------------------------------------------------
  // Admin, or a patient creating their own record (user_id == actor.user_id).
  Result<Patient> CreatePatient(const Actor& actor, Patient patient);
  Result<Patient> GetPatient(const Actor& actor, const std::string& patient_id);
  // The patients the actor may see, ordered by id.
  Result<std::vector<Patient>> ListPatients(const Actor& actor);
  // The patient (owner) or an admin grants `physician_user_id` access to the record.
  Result<Share> GrantShare(const Actor& actor, const std::string& patient_id,
                           const std::string& physician_user_id);
  Result<void> RevokeShare(const Actor& actor, const std::string& share_id);

  // --- clinical record -------------------------------------------------------------------
  Result<Condition> AddCondition(const Actor& actor, Condition condition);
  Result<Course> StartCourse(const Actor& actor, Course course);
  Result<Administration> RecordAdministration(const Actor& actor, Administration administration);
  // Writes the session and every data point all-or-nothing. Photo blobs must already be in the
  // BlobStore (the app layer strips location metadata, puts the blob, then records the session).
  Result<TrackingSession> RecordSession(const Actor& actor, TrackingSession session);
  Result<TrackingSession> GetSession(const Actor& actor, const std::string& session_id);
  // Sessions of a patient ordered by date then id, with all their data points.
  Result<std::vector<TrackingSession>> ListSessions(const Actor& actor,
                                                    const std::string& patient_id);
  // Replaces the SALT regions of a recorded session (the patient corrected a photo's loss mask,
  // so the region's percent changed): each region one of top, back, left, right at most once,
  // loss_pct 0..100 (errors name "salt_regions[i].region" / ".loss_pct"). kNotFound naming
  // "session_id" for an unknown session. One transaction, audited "update" "session". Returns
  // the session as stored afterwards.
  Result<TrackingSession> UpdateSessionSaltRegions(const Actor& actor,
                                                   const std::string& session_id,
                                                   const std::vector<SaltRegionLoss>& regions);
  // Sets how one SALT region's figure of a recorded session was settled (schema v7): the
  // patient or physician accepted the photo as measured ("user_accepted"), corrected its mask
  // ("user_corrected"), retook it ("retaken") or undid that ("automatic"). kInvalidArgument
  // naming "confirmation" or "region"; kNotFound naming "region" when the session has no figure
  // for that region, "session_id" for an unknown session. Audited "update" "session".
  Result<TrackingSession> SetSaltRegionConfirmation(const Actor& actor,
                                                    const std::string& session_id,
                                                    const std::string& region,
                                                    const std::string& confirmation);
  // Puts `photo` in place of the session's photo of the same view (a retake; the old photo's
  // blob and analysis are kept, only the session points at the new one). kInvalidArgument naming
  // "photo.view" / "photo.sha256" / "photo.width_px" ...; kNotFound naming "photo.view" when the
  // session has no photo of that view, "session_id" for an unknown session. Audited "update"
  // "session". Returns the session as stored afterwards.
  Result<TrackingSession> ReplaceSessionPhoto(const Actor& actor, const std::string& session_id,
                                              const SessionPhoto& photo);
  Result<AdverseEvent> RecordAdverseEvent(const Actor& actor, AdverseEvent event);
  Result<Note> AddNote(const Actor& actor, Note note);
  // A clinician's decision about a course (schema v9): the local admin or a physician with an
  // active share may record one; a patient may not (kPermissionDenied naming "decision_id",
  // audited "denied"). Validate(Decision) errors name the field ("decision.week",
  // "decision.decision", "decision.reason"); a course that is not one of the patient's is
  // kInvalidArgument naming "decision.course_id". Sets decided_by and recorded_at. Audited
  // "create" "decision".
  Result<Decision> RecordDecision(const Actor& actor, Decision decision);
  // The patient's decisions by decided_on, then id (whoever may read the record). Audited "read".
  Result<std::vector<Decision>> ListDecisions(const Actor& actor, const std::string& patient_id);

  // --- onboarding profile (schema v5; store_profile.cc) ----------------------------------------
  // The patient (owner) or an admin changes the record's display name (CheckDisplayName, field
  // "display_name") and birth year (1900 to this year, field "birth_year"). Audited "update".
  Result<Patient> UpdatePatientProfile(const Actor& actor, const std::string& patient_id,
                                       const std::string& display_name,
                                       std::optional<int> birth_year);
  // Adds a past treatment / a current medication. Errors name the field ("name", "started_on",
  // "ended_on", "response", "dose", "since"): text lengths, dates from 1900-01-01 to today, an
  // end before its start. Audited "create" "treatment_history" / "medication".
  Result<PastTreatment> AddPastTreatment(const Actor& actor, PastTreatment treatment);
  Result<Medication> AddMedication(const Actor& actor, Medication medication);
  // Removes a current medication of the patient (kNotFound naming "medication_id" when the
  // record has none of that id). Audited "delete" "medication".
  Result<void> RemoveMedication(const Actor& actor, const std::string& patient_id,
                                const std::string& medication_id);
  // The patient, conditions, courses, treatment history and medications in one read (audited).
  Result<PatientProfile> GetPatientProfile(const Actor& actor, const std::string& patient_id);

  // --- photo analyses (schema v4) ------------------------------------------------------------
  // Queues the analysis of a photo already in the BlobStore: a pending row, or the existing row
  // unchanged when this patient's photo was queued before (idempotent). Errors: kInvalidArgument
  // naming "photo_sha256" / "view".
  Result<PhotoAnalysis> QueuePhotoAnalysis(const Actor& actor, const std::string& patient_id,
                                           const std::string& photo_sha256,
                                           const std::string& view);
  // Replaces the row's status, error, attempts, masks and result (the key must exist: kNotFound).
  // Validates hashes, status and attempts (errors name the field). Audited "update".
  Result<PhotoAnalysis> SavePhotoAnalysis(const Actor& actor, PhotoAnalysis analysis);
  // The row, or kNotFound naming "photo_sha256". Audited "read".
  Result<PhotoAnalysis> GetPhotoAnalysis(const Actor& actor, const std::string& patient_id,
                                         const std::string& photo_sha256);
  // Every row of the patient, oldest first. Audited "read".
  Result<std::vector<PhotoAnalysis>> ListPhotoAnalyses(const Actor& actor,
                                                       const std::string& patient_id);
  // Admin only: every pending row of every patient, oldest first (the job runner's queue).
  Result<std::vector<PhotoAnalysis>> PendingPhotoAnalyses(const Actor& actor);
  // Whether `sha` is a photo of the patient (in one of their sessions or analyses) or a mask of
  // one of their analyses; authorised like a read, audited "read" "photo" when true.
  Result<bool> PhotoBelongsToPatient(const Actor& actor, const std::string& patient_id,
                                     const std::string& sha);

  // --- session drafts (schema v6; store_drafts.cc) ----------------------------------------
  // The capture wizard's working state. Authorised like the patient's record and audited
  // ("session_draft"). Validation: course_id a course of
  // the patient; each photo empty or the hash of a photo of the patient (a photo_analyses row:
  // kInvalidArgument naming "photo_<view>"); answers_json a JSON object text up to 64 KiB
  // (field "answers").
  Result<SessionDraft> CreateDraft(const Actor& actor, SessionDraft draft);
  // kNotFound naming "draft_id" when the patient has no such draft.
  Result<SessionDraft> GetDraft(const Actor& actor, const std::string& patient_id,
                                const std::string& draft_id);
  // The patient's drafts, the most recently changed first.
  Result<std::vector<SessionDraft>> ListDrafts(const Actor& actor, const std::string& patient_id);
  // Replaces the draft's course, date, photos and answers (id and patient_id name it).
  Result<SessionDraft> UpdateDraft(const Actor& actor, SessionDraft draft);
  Result<void> DeleteDraft(const Actor& actor, const std::string& patient_id,
                           const std::string& draft_id);
  // Records `session` (RecordSession) and `events` (RecordAdverseEvent) for the draft's patient
  // and deletes the draft, all in one transaction: on any error nothing is recorded and the draft
  // stays. The session's patient_id must be the draft's and each of its five view photos the
  // draft's photo of that view (kInvalidArgument naming "photo_<view>"). Call it inside
  // RunInTransaction with the reads the session was built from (app/session_capture.h does).
  Result<TrackingSession> ConfirmDraft(const Actor& actor, const std::string& patient_id,
                                       const std::string& draft_id, TrackingSession session,
                                       const std::vector<AdverseEvent>& events);

  // --- whole records -----------------------------------------------------------------------
  // Everything about one patient, each list in a stable order (what `export` writes).
  Result<PatientRecord> GetPatientRecord(const Actor& actor, const std::string& patient_id);
  // Admin only: writes a record exactly as exported (ids and timestamps kept), after validating
  // it whole: ValidateRecord (record_json.h: ranges, dates, ownership, references inside the
  // record), then against this store: kConflict when the patient exists, when an id of the record
  // is already taken here, or when its owner account already owns another patient (errors name
  // the JSON path and the id). Accounts the record refers to (owner, physicians in shares) that do
  // not exist are created locked (no password).
  // Photos: when `blobs` is not null, every photo a session refers to must be in `photos` (bytes
  // embedded in the file, already verified against their hashes) or already in `blobs`, else
  // kNotFound naming the hash and its JSON path; the embedded ones are written only after every
  // check passed, and removed again when the transaction fails. With `blobs` null the caller
  // manages photo blobs. One transaction, audited ("create", "record", the patient).
  Result<void> ImportPatientRecord(const Actor& actor, const PatientRecord& record,
                                   BlobStore* blobs = nullptr, const PhotoBytes& photos = {});
  // Writes one audit row for a store-wide action by an admin (backup, restore, store check);
  // `entity_id` names what it produced or read. Joins a running transaction.
  Result<void> AuditStoreAction(const Actor& actor, std::string_view action,
                                std::string_view entity, const std::string& entity_id);

  // For code outside the store that keeps data belonging to no patient record and authorises
  // it itself (evidence/community.cc, schema v11): one audit row for `actor`, whatever its role,
  // with an empty patient id. Joins a running transaction.
  Result<void> AuditAction(const Actor& actor, std::string_view action, std::string_view entity,
                           const std::string& entity_id);
  // Their refusals: kPermissionDenied with `message` naming `field`, and a "denied" audit row
  // for the attempt that is kept when the running transaction rolls back (as the store's own
  // refusals are); outside a transaction it is written at once.
  tl::unexpected<Error> Deny(const Actor& actor, std::string_view entity,
                             const std::string& entity_id, std::string message, std::string field);

  // The audit rows about one patient in order: admin or the patient themself.
  Result<std::vector<AuditEntry>> ListAudit(const Actor& actor, const std::string& patient_id);
  // Admin only: every blob hash any session or photo analysis refers to (for BlobStore garbage
  // collection; see BlobColumns in schema.h).
  Result<std::set<std::string>> ReferencedBlobs(const Actor& actor);

  ~Store();

 private:
  Store(std::unique_ptr<Database> db, std::shared_ptr<Clock> clock, PasswordCost cost);

  template <typename T>
  Result<T> Transact(const std::function<Result<T>()>& body, bool read_only = false);
  // For a body that writes nothing but audit rows of reads: its commit need not wait for the
  // disk (Database::BeginRead). Nested calls join the outer transaction.
  template <typename T>
  Result<T> ReadTransact(const std::function<Result<T>()>& body) {
    return Transact<T>(body, true);
  }
  // kPermissionDenied unless the actor may reach `patient_id`; records the denial for audit.
  Result<void> Authorize(const Actor& actor, const std::string& patient_id, std::string_view entity,
                         const std::string& entity_id);
  Result<void> Audit(const Actor& actor, std::string_view action, std::string_view entity,
                     const std::string& entity_id, const std::string& patient_id);
  Result<SqlRows> Sql(std::string_view sql, const std::vector<SqlValue>& params);
  Result<std::string> PatientOfCourse(const std::string& course_id);
  Result<std::string> PatientOfSession(const std::string& session_id);
  // The draft row (no authorisation, no audit), or kNotFound naming "draft_id".
  Result<SessionDraft> LoadDraft(const std::string& patient_id, const std::string& draft_id);
  // The draft's course and photos belong to its patient (errors name the field).
  Result<void> CheckDraftReferences(const SessionDraft& draft);
  Result<std::vector<TrackingSession>> LoadSessions(std::string_view where, const std::string& key);
  Result<std::vector<Decision>> LoadDecisions(const std::string& patient_id);
  // In a transaction: the patient of `session_id` once `actor` is authorised for it (kNotFound
  // naming "session_id" for no such session); and the session reloaded after a change, with
  // the change audited.
  Result<std::string> AuthorizedSessionPatient(const Actor& actor, const std::string& session_id);
  Result<TrackingSession> ReloadAuditedSession(const Actor& actor, const std::string& session_id,
                                               const std::string& patient_id);
  Result<void> InsertRecord(const PatientRecord& record);
  Result<void> CheckImportAgainstStore(const PatientRecord& record);
  std::string NewId(const std::string& given);
  // Now from the clock, as text and as seconds since 1970.
  std::pair<std::string, long long> Now();
  // kPermissionDenied (audited) unless `actor` is the local admin or an admin account.
  Result<void> RequireAdmin(const Actor& actor, std::string_view entity);
  Result<User> InsertUser(User user, const std::string& password_hash);
  // A hash of a random password at this store's cost: verified against when the email is
  // unknown, so that an unknown email costs as long as a wrong password.
  const std::string& DummyPasswordHash();

  std::unique_ptr<Database> db_;
  std::shared_ptr<Clock> clock_;
  PasswordCost password_cost_;
  std::string dummy_password_hash_;
  int transaction_depth_ = 0;
  // A denial seen inside a transaction; written after the rollback so that it is kept.
  std::optional<AuditEntry> pending_denial_;
};

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_STORE_H_
