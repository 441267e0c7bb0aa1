#include "store/schema.h"

namespace tricholog::store {

const std::vector<TableSpec>& SchemaTables() {
  constexpr ColumnType T = ColumnType::kText;
  constexpr ColumnType I = ColumnType::kInteger;
  constexpr ColumnType R = ColumnType::kReal;
  constexpr bool kNull = true;
  constexpr bool kNotNull = false;
  static const std::vector<TableSpec> kTables = {
      {"users",
       "id",
       {{"id", T, kNotNull},
        {"role", T, kNotNull},
        {"email", T, kNotNull},
        {"display_name", T, kNotNull},
        {"password_hash", T, kNotNull},
        {"created_at", T, kNotNull}}},
      {"patients",
       "id",
       {{"id", T, kNotNull},
        {"user_id", T, kNull},
        {"display_name", T, kNotNull},
        {"birth_year", I, kNull},
        {"created_at", T, kNotNull}}},
      {"conditions",
       "id",
       {{"id", T, kNotNull},
        {"patient_id", T, kNotNull},
        {"kind", T, kNotNull},
        {"snomed_code", T, kNotNull},
        {"icd10_code", T, kNotNull},
        {"icd11_code", T, kNotNull},
        {"subtype", T, kNotNull},
        {"onset", T, kNull}}},
      {"courses",
       "id",
       {{"id", T, kNotNull},
        {"patient_id", T, kNotNull},
        {"condition_id", T, kNull},
        {"protocol_id", T, kNotNull},
        {"treatment_class", T, kNotNull},
        {"medication", T, kNotNull},
        {"dosing", T, kNotNull},
        {"reason", T, kNotNull},
        {"off_label", I, kNotNull},
        {"start_date", T, kNotNull},
        {"end_date", T, kNull}}},
      {"administrations",
       "id",
       {{"id", T, kNotNull},
        {"course_id", T, kNotNull},
        {"given_on", T, kNotNull},
        {"dose_mg", R, kNotNull},
        {"injection_site", T, kNotNull}}},
      {"sessions",
       "id",
       {{"id", T, kNotNull},
        {"patient_id", T, kNotNull},
        {"course_id", T, kNull},
        {"session_date", T, kNotNull},
        {"week", I, kNull},
        {"itch_nrs", I, kNull},
        {"poem", I, kNull},
        {"dlqi", I, kNull},
        {"recorded_by", T, kNotNull},
        {"recorded_at", T, kNotNull},
        {"vellus_fraction", R, kNull}}},
      {"session_photos",
       "session_id, ordinal",
       {{"session_id", T, kNotNull},
        {"ordinal", I, kNotNull},
        {"view_name", T, kNotNull},
        {"sha256", T, kNotNull},
        {"width_px", I, kNotNull},
        {"height_px", I, kNotNull}}},
      {"session_zone_densities",
       "session_id, ordinal",
       {{"session_id", T, kNotNull},
        {"ordinal", I, kNotNull},
        {"zone", T, kNotNull},
        {"hairs_per_cm2", R, kNotNull}}},
      {"session_salt_regions",
       "session_id, ordinal",
       {{"session_id", T, kNotNull},
        {"ordinal", I, kNotNull},
        {"region", T, kNotNull},
        {"loss_pct", R, kNotNull}}},
      {"session_easi_regions",
       "session_id, ordinal",
       {{"session_id", T, kNotNull},
        {"ordinal", I, kNotNull},
        {"region", T, kNotNull},
        {"area_score", I, kNotNull},
        {"erythema", I, kNotNull},
        {"induration", I, kNotNull},
        {"excoriation", I, kNotNull},
        {"lichenification", I, kNotNull}}},
      {"session_injection_site_reactions",
       "session_id, ordinal",
       {{"session_id", T, kNotNull},
        {"ordinal", I, kNotNull},
        {"site", T, kNotNull},
        {"reaction", T, kNotNull},
        {"ctcae_grade", I, kNull}}},
      {"adverse_events",
       "id",
       {{"id", T, kNotNull},
        {"patient_id", T, kNotNull},
        {"course_id", T, kNull},
        {"term", T, kNotNull},
        {"meddra_code", T, kNotNull},
        {"ctcae_grade", I, kNotNull},
        {"ctcae_version", T, kNotNull},
        {"onset", T, kNotNull},
        {"resolved", T, kNull},
        {"action_taken", T, kNotNull},
        {"serious", I, kNotNull}}},
      {"notes",
       "id",
       {{"id", T, kNotNull},
        {"patient_id", T, kNotNull},
        {"session_id", T, kNull},
        {"author_user_id", T, kNotNull},
        {"written_at", T, kNotNull},
        {"body", T, kNotNull}}},
      {"shares",
       "id",
       {{"id", T, kNotNull},
        {"patient_id", T, kNotNull},
        {"physician_user_id", T, kNotNull},
        {"granted_at", T, kNotNull},
        {"revoked_at", T, kNull}}},
      {"photo_analyses",
       "patient_id, photo_sha256",
       {{"patient_id", T, kNotNull},
        {"photo_sha256", T, kNotNull},
        {"view_name", T, kNotNull},
        {"status", T, kNotNull},
        {"error", T, kNotNull},
        {"attempts", I, kNotNull},
        {"scalp_mask_sha256", T, kNotNull},
        {"loss_mask_sha256", T, kNotNull},
        {"user_scalp_mask_sha256", T, kNotNull},
        {"user_loss_mask_sha256", T, kNotNull},
        {"result_json", T, kNotNull},
        {"created_at", T, kNotNull},
        {"updated_at", T, kNotNull},
        {"updated_by", T, kNotNull}}},
      {"audit_log",
       "seq",
       {{"seq", I, kNotNull},
        {"at", T, kNotNull},
        {"actor_user_id", T, kNotNull},
        {"actor_role", T, kNotNull},
        {"action", T, kNotNull},
        {"entity", T, kNotNull},
        {"entity_id", T, kNotNull},
        {"patient_id", T, kNotNull}}},
  };
  return kTables;
}

const std::vector<std::string_view>& EphemeralTables() {
  static const std::vector<std::string_view> kTables = {"web_sessions", "sign_in_attempts",
                                                        "sign_in_guard", "session_drafts"};
  return kTables;
}

const std::vector<BlobColumn>& BlobColumns() {
  static const std::vector<BlobColumn> kColumns = {
      {"session_photos", "sha256", "session", "session_id"},
      {"photo_analyses", "photo_sha256", "the analysis of photo", "photo_sha256"},
      {"photo_analyses", "scalp_mask_sha256", "the analysis of photo", "photo_sha256"},
      {"photo_analyses", "loss_mask_sha256", "the analysis of photo", "photo_sha256"},
      {"photo_analyses", "user_scalp_mask_sha256", "the analysis of photo", "photo_sha256"},
      {"photo_analyses", "user_loss_mask_sha256", "the analysis of photo", "photo_sha256"},
  };
  return kColumns;
}

std::string_view ColumnTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kText:
      return "text";
    case ColumnType::kInteger:
      return "integer";
    case ColumnType::kReal:
      return "real";
  }
  return "text";
}

}  // namespace tricholog::store
