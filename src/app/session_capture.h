// The capture wizard's use cases: the form answers a session draft keeps (EASI, itch, POEM,
// DLQI, side effects, injection sites), read from JSON or from a submitted form and checked
// against each score's range, and confirming a draft: the TrackingSession built from the draft's
// five photos, their analyses (SALT regions) and the answers, recorded with its adverse events in
// one store transaction that also deletes the draft (store::Store::ConfirmDraft).
//
// Error fields are the names of the wizard's form fields ("itch_nrs", "easi_trunk_erythema",
// "ae_0_grade", "site_1_reaction", "photo_top"), so a page shows each error next to its field.
#ifndef TRICHOLOG_APP_SESSION_CAPTURE_H_
#define TRICHOLOG_APP_SESSION_CAPTURE_H_

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/protocol.h"
#include "store/model.h"
#include "store/store.h"

namespace tricholog::app {

// EASI body regions (Hanifin 2001; clinical.md §1.5) and the sign names of each region.
inline constexpr std::array<std::string_view, 4> kEasiRegions = {"head_neck", "upper_limbs",
                                                                 "trunk", "lower_limbs"};
inline constexpr std::array<std::string_view, 5> kEasiFields = {"area", "erythema", "induration",
                                                                "excoriation", "lichenification"};
// CTCAE actions taken (store::AdverseEvent::action_taken).
inline constexpr std::array<std::string_view, 5> kAdverseEventActions = {
    "none", "dose_delayed", "dose_reduced", "drug_withdrawn", "other"};
// The answers to "has your hair changed?" (store::TrackingSession::patient_reported_hair_change),
// and "not_sure", which records nothing.
inline constexpr std::array<std::string_view, 4> kHairChangeAnswers = {"more_hair", "none",
                                                                       "less_hair", "not_sure"};
// Rows of side effects and of injection sites one draft may hold.
inline constexpr int kMaxAnswerRows = 20;

struct DraftAdverseEvent {
  std::string term;             // CTCAE term, e.g. "Conjunctivitis"
  int grade = 1;                // CTCAE grade 1..5
  std::optional<Date> onset;    // the session date when not given
  std::string action = "none";  // one of kAdverseEventActions
};

struct DraftAnswers {
  std::vector<store::EasiRegion> easi;  // empty (not scored) or the four regions
  std::optional<int> itch_nrs;          // 0..10
  std::optional<int> poem;              // 0..28
  std::optional<int> dlqi;              // 0..30
  // "Since your last session, has your hair changed?": one of kHairChangeAnswers but
  // "not_sure"; empty when not answered or not sure (nothing is recorded then).
  std::optional<std::string> hair_change;
  std::vector<DraftAdverseEvent> adverse_events;
  std::vector<store::InjectionSiteReaction> injection_sites;
};

// The answers as the draft stores them:
// {"easi": {"head_neck": {"area", "erythema", "induration", "excoriation", "lichenification"},
//   ...} | null, "itch_nrs", "poem", "dlqi": int | null,
//  "adverse_events": [{"term", "grade", "onset": "YYYY-MM-DD" | null, "action"}],
//  "injection_sites": [{"site", "reaction", "grade": int | null}]}
nlohmann::json DraftAnswersToJson(const DraftAnswers& answers);
// Reads answers in that shape; every key is optional. In EASI a region or sign left out counts
// as 0 once any EASI value is given. Errors: kInvalidArgument naming the form field.
Result<DraftAnswers> DraftAnswersFromJson(const nlohmann::json& json);

// The same answers from the wizard's form fields (text as submitted; empty = not answered):
// easi_<region>_<field>, itch_nrs, poem, dlqi, ae_<i>_term|grade|onset|action,
// site_<i>_site|reaction|grade (i from 0). A row whose text fields are all empty is skipped.
Result<DraftAnswers> DraftAnswersFromForm(const std::map<std::string, std::string>& form);
// The form fields (as text) of stored answers, to fill the form again.
std::map<std::string, std::string> DraftAnswersToForm(const DraftAnswers& answers);

// Whether POEM and DLQI are asked at a session on `date`: at the baseline (no session recorded
// before it, or on or before the course start) and at the course's decision weeks (a scheduled
// session that is a decision point and whose window holds `date`): the HOME core set measures
// symptoms with POEM and quality of life with DLQI (clinical.md §1.11), and their changes matter
// where the course is judged. The patient may still answer them at any session.
bool QuestionnairesDue(const std::optional<Protocol>& protocol,
                       const std::optional<Date>& course_start, bool has_earlier_session,
                       Date date);

// Confirms the draft: in one transaction reads the draft and its photos' analyses, builds the
// session (photos of the five views with their sizes, SALT regions from the top, back, left and
// right analyses via SaltRegionsFromAnalyses, EASI, itch, POEM, DLQI, injection-site reactions,
// the week since the course start) and records it with its adverse events, deleting the draft.
// Errors: "photo_<view>" when a view has no photo, or its analysis is not done (still running, or
// failed: retake it); the answers' fields; the store's.
Result<store::TrackingSession> ConfirmSessionDraft(store::Store& store, const store::Actor& actor,
                                                   const std::string& patient_id,
                                                   const std::string& draft_id);

// Retakes one SALT or front view of a recorded session with the photo `sha256` (taken in and
// analysed as `view`, as the capture flow does): in one transaction checks that the session is
// the patient's, that the photo's analysis is done and measurable (errors name "photo", with the
// verdict in words), puts the photo in place of the view's old one (the old one is kept in the
// blob store) and, for a SALT view, recomputes the regions from the session's photos with the
// view's region "retaken" (the others keep how they were settled). Errors: kNotFound naming
// "session_id" (not this patient's session), "view" (no photo of that view); kConflict naming
// "photo" while the analysis is still running.
Result<store::TrackingSession> RetakeSessionView(store::Store& store, const store::Actor& actor,
                                                 const std::string& patient_id,
                                                 const std::string& session_id,
                                                 const std::string& view,
                                                 const std::string& sha256);

}  // namespace tricholog::app

#endif  // TRICHOLOG_APP_SESSION_CAPTURE_H_
