// Store: changes to a recorded session after the fact (the patient's mask correction updates
// its SALT regions, a retaken photo replaces one view's photo). See store.h.
#include <fmt/format.h>

#include <set>

#include "store/blob_store.h"
#include "store/store.h"
#include "store/store_sql.h"

namespace tricholog::store {

using namespace sql;  // NOLINT(google-build-using-namespace)

namespace {

Result<void> CheckConfirmation(const std::string& confirmation, const std::string& field) {
  if (confirmation != "automatic" && confirmation != "user_corrected" &&
      confirmation != "user_accepted" && confirmation != "retaken") {
    return MakeError(ErrorCode::kInvalidArgument,
                     "must be one of automatic, user_corrected, user_accepted, retaken", field);
  }
  return {};
}

Result<void> CheckSaltRegion(const std::string& region, const std::string& field) {
  if (region != "top" && region != "back" && region != "left" && region != "right") {
    return MakeError(ErrorCode::kInvalidArgument, "must be one of top, back, left, right", field);
  }
  return {};
}

}  // namespace

Result<std::string> Store::AuthorizedSessionPatient(const Actor& actor,
                                                    const std::string& session_id) {
  auto patient_id = PatientOfSession(session_id);
  if (!patient_id) return tl::unexpected(patient_id.error());
  if (auto ok = Authorize(actor, *patient_id, "session", session_id); !ok) {
    return tl::unexpected(ok.error());
  }
  if (patient_id->empty()) {
    return MakeError(ErrorCode::kNotFound, "no session with id " + session_id, "session_id");
  }
  return patient_id;
}

Result<TrackingSession> Store::ReloadAuditedSession(const Actor& actor,
                                                    const std::string& session_id,
                                                    const std::string& patient_id) {
  auto sessions = LoadSessions("s.id = ?", session_id);
  if (!sessions) return tl::unexpected(sessions.error());
  if (sessions->empty()) {
    return MakeError(ErrorCode::kNotFound, "no session with id " + session_id, "session_id");
  }
  if (auto au = Audit(actor, "update", "session", session_id, patient_id); !au) {
    return tl::unexpected(au.error());
  }
  return sessions->front();
}

Result<TrackingSession> Store::UpdateSessionSaltRegions(
    const Actor& actor, const std::string& session_id, const std::vector<SaltRegionLoss>& regions) {
  // The same rules as a recorded session's regions (model.cc), plus one row per region.
  std::set<std::string> seen;
  for (std::size_t i = 0; i < regions.size(); ++i) {
    const std::string field = fmt::format("salt_regions[{}]", i);
    const std::string& region = regions[i].region;
    const std::string& confirmation = regions[i].confirmation;
    if (auto ok = CheckConfirmation(confirmation, field + ".confirmation"); !ok) {
      return tl::unexpected(ok.error());
    }
    if (auto ok = CheckSaltRegion(region, field + ".region"); !ok)
      return tl::unexpected(ok.error());
    if (!seen.insert(region).second) {
      return MakeError(ErrorCode::kInvalidArgument, "'" + region + "' is given twice",
                       field + ".region");
    }
    const double loss = regions[i].loss_pct;
    if (!(loss >= 0 && loss <= 100)) {
      return MakeError(ErrorCode::kInvalidArgument, "must be a number from 0 to 100",
                       field + ".loss_pct");
    }
  }
  return Transact<TrackingSession>([&]() -> Result<TrackingSession> {
    auto patient_id = AuthorizedSessionPatient(actor, session_id);
    if (!patient_id) return tl::unexpected(patient_id.error());
    auto removed = Sql("DELETE FROM session_salt_regions WHERE session_id = ?", {session_id});
    if (!removed) return tl::unexpected(removed.error());
    for (std::size_t i = 0; i < regions.size(); ++i) {
      auto inserted =
          Sql("INSERT INTO session_salt_regions (session_id, ordinal, region, loss_pct, "
              "confirmation) VALUES (?, ?, ?, ?, ?)",
              {session_id, Int(static_cast<long long>(i)), regions[i].region,
               Real(regions[i].loss_pct), regions[i].confirmation});
      if (!inserted) return tl::unexpected(inserted.error());
    }
    return ReloadAuditedSession(actor, session_id, *patient_id);
  });
}

Result<TrackingSession> Store::SetSaltRegionConfirmation(const Actor& actor,
                                                         const std::string& session_id,
                                                         const std::string& region,
                                                         const std::string& confirmation) {
  if (auto ok = CheckConfirmation(confirmation, "confirmation"); !ok) {
    return tl::unexpected(ok.error());
  }
  if (auto ok = CheckSaltRegion(region, "region"); !ok) return tl::unexpected(ok.error());
  return Transact<TrackingSession>([&]() -> Result<TrackingSession> {
    auto patient_id = AuthorizedSessionPatient(actor, session_id);
    if (!patient_id) return tl::unexpected(patient_id.error());
    auto found = Sql("SELECT ordinal FROM session_salt_regions WHERE session_id = ? AND region = ?",
                     {session_id, region});
    if (!found) return tl::unexpected(found.error());
    if (found->rows.empty()) {
      return MakeError(ErrorCode::kNotFound, "the session has no " + region + " figure", "region");
    }
    auto updated =
        Sql("UPDATE session_salt_regions SET confirmation = ? WHERE session_id = ? AND region = ?",
            {confirmation, session_id, region});
    if (!updated) return tl::unexpected(updated.error());
    return ReloadAuditedSession(actor, session_id, *patient_id);
  });
}

Result<TrackingSession> Store::ReplaceSessionPhoto(const Actor& actor,
                                                   const std::string& session_id,
                                                   const SessionPhoto& photo) {
  if (photo.view != "top" && photo.view != "front" && photo.view != "back" &&
      photo.view != "left" && photo.view != "right") {
    return MakeError(ErrorCode::kInvalidArgument, "must be one of top, front, back, left, right",
                     "photo.view");
  }
  if (!IsSha256Hex(photo.sha256)) {
    return MakeError(ErrorCode::kInvalidArgument, "must be 64 lower-case hex digits",
                     "photo.sha256");
  }
  // The same bounds as Validate(TrackingSession).
  if (photo.width_px < 1 || photo.width_px > 100000) {
    return MakeError(ErrorCode::kInvalidArgument, "must be from 1 to 100000", "photo.width_px");
  }
  if (photo.height_px < 1 || photo.height_px > 100000) {
    return MakeError(ErrorCode::kInvalidArgument, "must be from 1 to 100000", "photo.height_px");
  }
  return Transact<TrackingSession>([&]() -> Result<TrackingSession> {
    auto patient_id = AuthorizedSessionPatient(actor, session_id);
    if (!patient_id) return tl::unexpected(patient_id.error());
    auto found = Sql("SELECT ordinal FROM session_photos WHERE session_id = ? AND view_name = ?",
                     {session_id, photo.view});
    if (!found) return tl::unexpected(found.error());
    if (found->rows.empty()) {
      return MakeError(ErrorCode::kNotFound, "the session has no " + photo.view + " photo",
                       "photo.view");
    }
    auto updated =
        Sql("UPDATE session_photos SET sha256 = ?, width_px = ?, height_px = ? "
            "WHERE session_id = ? AND view_name = ?",
            {photo.sha256, Int(photo.width_px), Int(photo.height_px), session_id, photo.view});
    if (!updated) return tl::unexpected(updated.error());
    return ReloadAuditedSession(actor, session_id, *patient_id);
  });
}

}  // namespace tricholog::store
