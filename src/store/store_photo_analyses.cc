// Store: photo analyses (schema v4), one row per patient and photo. See store.h.
#include <fmt/format.h>

#include "store/schema.h"
#include "store/store.h"
#include "store/store_sql.h"

namespace tricholog::store {
namespace {

using namespace sql;  // NOLINT(build/namespaces): the value converters

constexpr const char* kColumns =
    "patient_id, photo_sha256, view_name, status, error, attempts, scalp_mask_sha256, "
    "loss_mask_sha256, user_scalp_mask_sha256, user_loss_mask_sha256, result_json, created_at, "
    "updated_at, updated_by";

PhotoAnalysis FromRow(const std::vector<SqlValue>& r) {
  PhotoAnalysis a;
  a.patient_id = AsText(r[0]);
  a.photo_sha256 = AsText(r[1]);
  a.view = AsText(r[2]);
  a.status = AsText(r[3]);
  a.error = AsText(r[4]);
  a.attempts = AsInt(r[5]);
  a.scalp_mask_sha256 = AsText(r[6]);
  a.loss_mask_sha256 = AsText(r[7]);
  a.user_scalp_mask_sha256 = AsText(r[8]);
  a.user_loss_mask_sha256 = AsText(r[9]);
  a.result_json = AsText(r[10]);
  a.created_at = AsText(r[11]);
  a.updated_at = AsText(r[12]);
  a.updated_by = AsText(r[13]);
  return a;
}

bool IsAnalysedView(const std::string& view) {
  return view == "top" || view == "front" || view == "back" || view == "left" || view == "right";
}

Result<void> CheckHash(const std::string& value, std::string_view field, bool may_be_empty) {
  if (value.empty() && may_be_empty) return {};
  if (!IsSha256Hex(value)) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        "must be 64 lower-case hex digits" + std::string(may_be_empty ? " or empty" : ""),
        std::string(field));
  }
  return {};
}

Result<void> Validate(const PhotoAnalysis& a) {
  if (auto c = CheckHash(a.photo_sha256, "photo_sha256", false); !c) return c;
  if (!IsAnalysedView(a.view)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "'" + a.view.substr(0, 32) + "' is not one of top, front, back, left, right",
                     "view");
  }
  if (a.status != "pending" && a.status != "done" && a.status != "failed") {
    return MakeError(ErrorCode::kInvalidArgument, "must be pending, done or failed", "status");
  }
  if (a.attempts < 0 || a.attempts > 100) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("{} is out of range; allowed 0 to 100", a.attempts), "attempts");
  }
  if (a.error.size() > 2000) {
    return MakeError(ErrorCode::kInvalidArgument, "is longer than 2000 bytes", "error");
  }
  if (a.result_json.size() > 1'000'000) {
    return MakeError(ErrorCode::kInvalidArgument, "is longer than 1 MB", "result_json");
  }
  for (const auto& [value, field] : {std::pair{&a.scalp_mask_sha256, "scalp_mask_sha256"},
                                     {&a.loss_mask_sha256, "loss_mask_sha256"},
                                     {&a.user_scalp_mask_sha256, "user_scalp_mask_sha256"},
                                     {&a.user_loss_mask_sha256, "user_loss_mask_sha256"}}) {
    if (auto c = CheckHash(*value, field, true); !c) return c;
  }
  if (a.status == "done" && (a.scalp_mask_sha256.empty() || a.loss_mask_sha256.empty())) {
    return MakeError(ErrorCode::kInvalidArgument, "a done analysis needs both masks",
                     "loss_mask_sha256");
  }
  return {};
}

Result<void> NotFound(const std::string& sha) {
  return MakeError(ErrorCode::kNotFound, "no analysis of photo " + sha.substr(0, 64),
                   "photo_sha256");
}

}  // namespace

Result<PhotoAnalysis> Store::QueuePhotoAnalysis(const Actor& actor, const std::string& patient_id,
                                                const std::string& photo_sha256,
                                                const std::string& view) {
  PhotoAnalysis a;
  a.patient_id = patient_id;
  a.photo_sha256 = photo_sha256;
  a.view = view;
  a.status = "pending";
  a.result_json = "{}";
  if (auto v = Validate(a); !v) return tl::unexpected(v.error());
  return Transact<PhotoAnalysis>([&]() -> Result<PhotoAnalysis> {
    if (auto ok = Authorize(actor, patient_id, "photo_analysis", photo_sha256); !ok) {
      return tl::unexpected(ok.error());
    }
    auto existing = Sql(fmt::format("SELECT {} FROM photo_analyses WHERE patient_id = ? AND "
                                    "photo_sha256 = ?",
                                    kColumns),
                        {patient_id, photo_sha256});
    if (!existing) return tl::unexpected(existing.error());
    if (!existing->rows.empty()) return FromRow(existing->rows.front());
    const auto now = Now().first;
    a.created_at = now;
    a.updated_at = now;
    a.updated_by = actor.user_id;
    auto inserted =
        Sql(fmt::format("INSERT INTO photo_analyses ({}) VALUES (?, ?, ?, ?, ?, ?, ?, "
                        "?, ?, ?, ?, ?, ?, ?)",
                        kColumns),
            {a.patient_id, a.photo_sha256, a.view, a.status, a.error, Int(a.attempts),
             a.scalp_mask_sha256, a.loss_mask_sha256, a.user_scalp_mask_sha256,
             a.user_loss_mask_sha256, a.result_json, a.created_at, a.updated_at, a.updated_by});
    if (!inserted) return tl::unexpected(inserted.error());
    if (auto au = Audit(actor, "create", "photo_analysis", photo_sha256, patient_id); !au) {
      return tl::unexpected(au.error());
    }
    return a;
  });
}

Result<PhotoAnalysis> Store::SavePhotoAnalysis(const Actor& actor, PhotoAnalysis a) {
  if (auto v = Validate(a); !v) return tl::unexpected(v.error());
  return Transact<PhotoAnalysis>([&]() -> Result<PhotoAnalysis> {
    if (auto ok = Authorize(actor, a.patient_id, "photo_analysis", a.photo_sha256); !ok) {
      return tl::unexpected(ok.error());
    }
    auto existing = Sql(fmt::format("SELECT {} FROM photo_analyses WHERE patient_id = ? AND "
                                    "photo_sha256 = ?",
                                    kColumns),
                        {a.patient_id, a.photo_sha256});
    if (!existing) return tl::unexpected(existing.error());
    if (existing->rows.empty()) return tl::unexpected(NotFound(a.photo_sha256).error());
    const PhotoAnalysis before = FromRow(existing->rows.front());
    a.created_at = before.created_at;
    a.updated_at = Now().first;
    a.updated_by = actor.user_id;
    auto updated =
        Sql("UPDATE photo_analyses SET view_name = ?, status = ?, error = ?, attempts = ?, "
            "scalp_mask_sha256 = ?, loss_mask_sha256 = ?, user_scalp_mask_sha256 = ?, "
            "user_loss_mask_sha256 = ?, result_json = ?, updated_at = ?, updated_by = ? "
            "WHERE patient_id = ? AND photo_sha256 = ?",
            {a.view, a.status, a.error, Int(a.attempts), a.scalp_mask_sha256, a.loss_mask_sha256,
             a.user_scalp_mask_sha256, a.user_loss_mask_sha256, a.result_json, a.updated_at,
             a.updated_by, a.patient_id, a.photo_sha256});
    if (!updated) return tl::unexpected(updated.error());
    if (auto au = Audit(actor, "update", "photo_analysis", a.photo_sha256, a.patient_id); !au) {
      return tl::unexpected(au.error());
    }
    return a;
  });
}

Result<PhotoAnalysis> Store::GetPhotoAnalysis(const Actor& actor, const std::string& patient_id,
                                              const std::string& photo_sha256) {
  return ReadTransact<PhotoAnalysis>([&]() -> Result<PhotoAnalysis> {
    if (auto ok = Authorize(actor, patient_id, "photo_analysis", photo_sha256); !ok) {
      return tl::unexpected(ok.error());
    }
    auto rows = Sql(fmt::format("SELECT {} FROM photo_analyses WHERE patient_id = ? AND "
                                "photo_sha256 = ?",
                                kColumns),
                    {patient_id, photo_sha256});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->rows.empty()) return tl::unexpected(NotFound(photo_sha256).error());
    if (auto au = Audit(actor, "read", "photo_analysis", photo_sha256, patient_id); !au) {
      return tl::unexpected(au.error());
    }
    return FromRow(rows->rows.front());
  });
}

Result<std::vector<PhotoAnalysis>> Store::ListPhotoAnalyses(const Actor& actor,
                                                            const std::string& patient_id) {
  return ReadTransact<std::vector<PhotoAnalysis>>([&]() -> Result<std::vector<PhotoAnalysis>> {
    if (auto ok = Authorize(actor, patient_id, "photo_analysis", patient_id); !ok) {
      return tl::unexpected(ok.error());
    }
    auto rows = Sql(fmt::format("SELECT {} FROM photo_analyses WHERE patient_id = ? "
                                "ORDER BY created_at, photo_sha256",
                                kColumns),
                    {patient_id});
    if (!rows) return tl::unexpected(rows.error());
    if (auto au = Audit(actor, "read", "photo_analysis", patient_id, patient_id); !au) {
      return tl::unexpected(au.error());
    }
    std::vector<PhotoAnalysis> out;
    for (const auto& r : rows->rows) out.push_back(FromRow(r));
    return out;
  });
}

Result<std::vector<PhotoAnalysis>> Store::PendingPhotoAnalyses(const Actor& actor) {
  return Transact<std::vector<PhotoAnalysis>>([&]() -> Result<std::vector<PhotoAnalysis>> {
    if (auto ok = RequireAdmin(actor, "photo_analysis"); !ok) return tl::unexpected(ok.error());
    auto rows = Sql(fmt::format("SELECT {} FROM photo_analyses WHERE status = 'pending' "
                                "ORDER BY created_at, patient_id, photo_sha256",
                                kColumns),
                    {});
    if (!rows) return tl::unexpected(rows.error());
    std::vector<PhotoAnalysis> out;
    for (const auto& r : rows->rows) out.push_back(FromRow(r));
    return out;
  });
}

Result<bool> Store::PhotoBelongsToPatient(const Actor& actor, const std::string& patient_id,
                                          const std::string& sha) {
  if (!IsSha256Hex(sha)) return false;
  return ReadTransact<bool>([&]() -> Result<bool> {
    if (auto ok = Authorize(actor, patient_id, "photo", sha); !ok) {
      return tl::unexpected(ok.error());
    }
    auto rows =
        Sql("SELECT 1 FROM session_photos p JOIN sessions s ON s.id = p.session_id "
            "WHERE s.patient_id = ? AND p.sha256 = ? "
            "UNION ALL SELECT 1 FROM photo_analyses WHERE patient_id = ? AND (photo_sha256 = ? OR "
            "scalp_mask_sha256 = ? OR loss_mask_sha256 = ? OR user_scalp_mask_sha256 = ? OR "
            "user_loss_mask_sha256 = ?)",
            {patient_id, sha, patient_id, sha, sha, sha, sha, sha});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->rows.empty()) return false;
    if (auto au = Audit(actor, "read", "photo", sha, patient_id); !au) {
      return tl::unexpected(au.error());
    }
    return true;
  });
}

}  // namespace tricholog::store
