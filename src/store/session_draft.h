// A tracking session being captured (schema v6): what the capture wizard has so far, kept so
// that a session left half-way can be resumed. Not part of the record: Store::ConfirmDraft turns
// it into a TrackingSession (and its adverse events) and deletes it in one transaction.
#ifndef TRICHOLOG_STORE_SESSION_DRAFT_H_
#define TRICHOLOG_STORE_SESSION_DRAFT_H_

#include <array>
#include <string>
#include <string_view>

#include "core/date.h"

namespace tricholog::store {

// The five protocol views a session's photos are taken of, in the order the wizard asks.
inline constexpr std::array<std::string_view, 5> kDraftViews = {"top", "front", "back", "left",
                                                                "right"};

struct SessionDraft {
  std::string id;          // empty on create: the store assigns a UUID
  std::string patient_id;  // whose session it will be
  std::string course_id;   // may be empty (a baseline before any course)
  Date session_date;
  // One photo per view (blob sha256, 64 lower-case hex digits; empty: not taken yet), each a
  // photo the patient uploaded (it has a photo_analyses row).
  std::string photo_top;
  std::string photo_front;
  std::string photo_back;
  std::string photo_left;
  std::string photo_right;
  std::string answers_json = "{}";  // the form answers (app/session_capture.h), a JSON object
  std::string created_at;           // set by the store
  std::string updated_at;           // set by the store
  std::string updated_by;           // set by the store: the actor's user id

  // The photo field of `view` (one of kDraftViews), or nullptr for another name.
  std::string* Photo(std::string_view view);
  const std::string* Photo(std::string_view view) const;
};

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_SESSION_DRAFT_H_
