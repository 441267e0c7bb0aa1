// Store: session drafts (schema v6), the capture wizard's working state. See store.h.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "store/store.h"
#include "store/store_sql.h"

namespace tricholog::store {

std::string* SessionDraft::Photo(std::string_view view) {
  return const_cast<std::string*>(static_cast<const SessionDraft*>(this)->Photo(view));
}

const std::string* SessionDraft::Photo(std::string_view view) const {
  if (view == "top") return &photo_top;
  if (view == "front") return &photo_front;
  if (view == "back") return &photo_back;
  if (view == "left") return &photo_left;
  if (view == "right") return &photo_right;
  return nullptr;
}

namespace {

using namespace sql;  // NOLINT(build/namespaces): the value converters

constexpr std::size_t kMaxAnswersBytes = std::size_t{64} * 1024;

constexpr const char* kColumns =
    "id, patient_id, course_id, session_date, photo_top, photo_front, photo_back, photo_left, "
    "photo_right, answers_json, created_at, updated_at, updated_by";

SessionDraft FromRow(const std::vector<SqlValue>& r) {
  SessionDraft d;
  d.id = AsText(r[0]);
  d.patient_id = AsText(r[1]);
  d.course_id = AsText(r[2]);
  d.session_date = AsDay(r[3]);
  d.photo_top = AsText(r[4]);
  d.photo_front = AsText(r[5]);
  d.photo_back = AsText(r[6]);
  d.photo_left = AsText(r[7]);
  d.photo_right = AsText(r[8]);
  d.answers_json = AsText(r[9]);
  d.created_at = AsText(r[10]);
  d.updated_at = AsText(r[11]);
  d.updated_by = AsText(r[12]);
  return d;
}

Result<void> ValidateDraft(const SessionDraft& d) {
  if (d.patient_id.empty() || d.patient_id.size() > 128) {
    return MakeError(ErrorCode::kInvalidArgument, "must name a patient", "patient_id");
  }
  if (d.course_id.size() > 128) {
    return MakeError(ErrorCode::kInvalidArgument, "is longer than 128 bytes", "course_id");
  }
  for (std::string_view view : kDraftViews) {
    const std::string& sha = *d.Photo(view);
    if (!sha.empty() && !IsSha256Hex(sha)) {
      return MakeError(ErrorCode::kInvalidArgument, "must be 64 lower-case hex digits or empty",
                       "photo_" + std::string(view));
    }
  }
  if (d.answers_json.size() > kMaxAnswersBytes) {
    return MakeError(ErrorCode::kInvalidArgument, "is longer than 64 KiB", "answers");
  }
  const nlohmann::json parsed = nlohmann::json::parse(d.answers_json, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return MakeError(ErrorCode::kInvalidArgument, "must be a JSON object", "answers");
  }
  return {};
}

Error DraftNotFound() {
  return Error{ErrorCode::kNotFound, "no such draft for this patient", "draft_id"};
}

}  // namespace

Result<SessionDraft> Store::CreateDraft(const Actor& actor, SessionDraft d) {
  if (auto v = ValidateDraft(d); !v) return tl::unexpected(v.error());
  return Transact<SessionDraft>([&]() -> Result<SessionDraft> {
    if (auto ok = Authorize(actor, d.patient_id, "session_draft", d.id); !ok) {
      return tl::unexpected(ok.error());
    }
    d.id = NewId(d.id);
    if (auto c = CheckDraftReferences(d); !c) return tl::unexpected(c.error());
    const auto now = Now().first;
    d.created_at = now;
    d.updated_at = now;
    d.updated_by = actor.user_id;
    auto inserted = Sql(fmt::format("INSERT INTO session_drafts ({}) VALUES (?, ?, ?, ?, ?, ?, ?, "
                                    "?, ?, ?, ?, ?, ?)",
                                    kColumns),
                        {d.id, d.patient_id, TextOrNull(d.course_id), Day(d.session_date),
                         d.photo_top, d.photo_front, d.photo_back, d.photo_left, d.photo_right,
                         d.answers_json, d.created_at, d.updated_at, d.updated_by});
    if (!inserted) return tl::unexpected(inserted.error());
    if (auto au = Audit(actor, "create", "session_draft", d.id, d.patient_id); !au) {
      return tl::unexpected(au.error());
    }
    return d;
  });
}

Result<SessionDraft> Store::LoadDraft(const std::string& patient_id, const std::string& draft_id) {
  auto rows =
      Sql(fmt::format("SELECT {} FROM session_drafts WHERE id = ? AND patient_id = ?", kColumns),
          {draft_id, patient_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->rows.empty()) return tl::unexpected(DraftNotFound());
  return FromRow(rows->rows.front());
}

Result<void> Store::CheckDraftReferences(const SessionDraft& d) {
  if (!d.course_id.empty()) {
    auto owner = PatientOfCourse(d.course_id);
    if (!owner) return tl::unexpected(owner.error());
    if (*owner != d.patient_id) {
      return MakeError(ErrorCode::kInvalidArgument, "is not a course of this patient", "course_id");
    }
  }
  for (std::string_view view : kDraftViews) {
    const std::string& sha = *d.Photo(view);
    if (sha.empty()) continue;
    auto rows = Sql("SELECT 1 FROM photo_analyses WHERE patient_id = ? AND photo_sha256 = ?",
                    {d.patient_id, sha});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->rows.empty()) {
      return MakeError(ErrorCode::kInvalidArgument, "is not a photo this patient uploaded",
                       "photo_" + std::string(view));
    }
  }
  return {};
}

Result<SessionDraft> Store::GetDraft(const Actor& actor, const std::string& patient_id,
                                     const std::string& draft_id) {
  return ReadTransact<SessionDraft>([&]() -> Result<SessionDraft> {
    if (auto ok = Authorize(actor, patient_id, "session_draft", draft_id); !ok) {
      return tl::unexpected(ok.error());
    }
    auto draft = LoadDraft(patient_id, draft_id);
    if (!draft) return draft;
    if (auto au = Audit(actor, "read", "session_draft", draft_id, patient_id); !au) {
      return tl::unexpected(au.error());
    }
    return draft;
  });
}

Result<std::vector<SessionDraft>> Store::ListDrafts(const Actor& actor,
                                                    const std::string& patient_id) {
  return ReadTransact<std::vector<SessionDraft>>([&]() -> Result<std::vector<SessionDraft>> {
    if (auto ok = Authorize(actor, patient_id, "session_draft", patient_id); !ok) {
      return tl::unexpected(ok.error());
    }
    auto rows = Sql(fmt::format("SELECT {} FROM session_drafts WHERE patient_id = ? "
                                "ORDER BY updated_at DESC, id",
                                kColumns),
                    {patient_id});
    if (!rows) return tl::unexpected(rows.error());
    if (auto au = Audit(actor, "read", "session_draft", patient_id, patient_id); !au) {
      return tl::unexpected(au.error());
    }
    std::vector<SessionDraft> out;
    for (const auto& r : rows->rows) out.push_back(FromRow(r));
    return out;
  });
}

Result<SessionDraft> Store::UpdateDraft(const Actor& actor, SessionDraft d) {
  if (auto v = ValidateDraft(d); !v) return tl::unexpected(v.error());
  return Transact<SessionDraft>([&]() -> Result<SessionDraft> {
    if (auto ok = Authorize(actor, d.patient_id, "session_draft", d.id); !ok) {
      return tl::unexpected(ok.error());
    }
    auto before = LoadDraft(d.patient_id, d.id);
    if (!before) return before;
    if (auto c = CheckDraftReferences(d); !c) return tl::unexpected(c.error());
    d.created_at = before->created_at;
    d.updated_at = Now().first;
    d.updated_by = actor.user_id;
    auto updated =
        Sql("UPDATE session_drafts SET course_id = ?, session_date = ?, photo_top = ?, "
            "photo_front = ?, photo_back = ?, photo_left = ?, photo_right = ?, answers_json = ?, "
            "updated_at = ?, updated_by = ? WHERE id = ? AND patient_id = ?",
            {TextOrNull(d.course_id), Day(d.session_date), d.photo_top, d.photo_front, d.photo_back,
             d.photo_left, d.photo_right, d.answers_json, d.updated_at, d.updated_by, d.id,
             d.patient_id});
    if (!updated) return tl::unexpected(updated.error());
    if (auto au = Audit(actor, "update", "session_draft", d.id, d.patient_id); !au) {
      return tl::unexpected(au.error());
    }
    return d;
  });
}

Result<void> Store::DeleteDraft(const Actor& actor, const std::string& patient_id,
                                const std::string& draft_id) {
  return Transact<void>([&]() -> Result<void> {
    if (auto ok = Authorize(actor, patient_id, "session_draft", draft_id); !ok) return ok;
    if (auto draft = LoadDraft(patient_id, draft_id); !draft) {
      return tl::unexpected(draft.error());
    }
    auto gone =
        Sql("DELETE FROM session_drafts WHERE id = ? AND patient_id = ?", {draft_id, patient_id});
    if (!gone) return tl::unexpected(gone.error());
    return Audit(actor, "delete", "session_draft", draft_id, patient_id);
  });
}

Result<TrackingSession> Store::ConfirmDraft(const Actor& actor, const std::string& patient_id,
                                            const std::string& draft_id, TrackingSession session,
                                            const std::vector<AdverseEvent>& events) {
  return Transact<TrackingSession>([&]() -> Result<TrackingSession> {
    if (auto ok = Authorize(actor, patient_id, "session_draft", draft_id); !ok) {
      return tl::unexpected(ok.error());
    }
    auto draft = LoadDraft(patient_id, draft_id);
    if (!draft) return tl::unexpected(draft.error());
    if (session.patient_id != patient_id) {
      return MakeError(ErrorCode::kInvalidArgument, "is not the draft's patient", "patient_id");
    }
    for (std::string_view view : kDraftViews) {
      const std::string& expected = *draft->Photo(view);
      bool found = false;
      for (const SessionPhoto& photo : session.photos) {
        if (photo.view == view) found = found || (!expected.empty() && photo.sha256 == expected);
      }
      if (!found) {
        return MakeError(ErrorCode::kInvalidArgument,
                         expected.empty() ? "the " + std::string(view) + " photo is not taken yet"
                                          : "is not the draft's photo of this view",
                         "photo_" + std::string(view));
      }
    }
    auto recorded = RecordSession(actor, std::move(session));
    if (!recorded) return recorded;
    for (AdverseEvent event : events) {
      event.patient_id = patient_id;
      if (auto e = RecordAdverseEvent(actor, std::move(event)); !e) {
        return tl::unexpected(e.error());
      }
    }
    auto gone =
        Sql("DELETE FROM session_drafts WHERE id = ? AND patient_id = ?", {draft_id, patient_id});
    if (!gone) return tl::unexpected(gone.error());
    if (auto au = Audit(actor, "delete", "session_draft", draft_id, patient_id); !au) {
      return tl::unexpected(au.error());
    }
    return recorded;
  });
}

}  // namespace tricholog::store
