#include "store/backup.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>

#include "core/strict_json.h"
#include "store/base64.h"
#include "store/migrations.h"
#include "store/schema.h"

namespace tricholog::store {
namespace {

using nlohmann::json;

#define RETURN_IF_ERROR(expr)                                     \
  do {                                                            \
    if (auto r_ = (expr); !r_) return tl::unexpected(r_.error()); \
  } while (false)

Result<void> RequireAdmin(const Actor& actor) {
  if (actor.role != Role::kAdmin) {
    return MakeError(ErrorCode::kPermissionDenied, "only an admin may back up or restore", "actor");
  }
  return {};
}

std::string ColumnList(const TableSpec& t) {
  std::string names;
  for (const ColumnSpec& c : t.columns) names += (names.empty() ? "" : ", ") + std::string(c.name);
  return names;
}

Result<json> ReadTables(Database& db, BackupStats& stats) {
  json tables = json::object();
  for (const TableSpec& t : SchemaTables()) {
    auto rows = db.Query(
        fmt::format("SELECT {} FROM {} ORDER BY {}", ColumnList(t), t.name, t.order_by), {});
    if (!rows) return tl::unexpected(rows.error());
    json out_rows = json::array();
    for (const auto& row : rows->rows) {
      json values = json::array();
      for (const SqlValue& v : row) values.push_back(v ? json(*v) : json(nullptr));
      out_rows.push_back(std::move(values));
    }
    json columns = json::array();
    for (const ColumnSpec& c : t.columns) columns.push_back(std::string(c.name));
    stats.rows += static_cast<long long>(rows->rows.size());
    ++stats.tables;
    tables[std::string(t.name)] = {{"columns", std::move(columns)}, {"rows", std::move(out_rows)}};
  }
  return tables;
}

// Index of a column in the schema's list (which the document's list equals once validated).
std::size_t ColumnIndex(const TableSpec& t, std::string_view name) {
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (t.columns[i].name == name) return i;
  }
  return t.columns.size();
}

const TableSpec& Spec(std::string_view name) {
  for (const TableSpec& t : SchemaTables()) {
    if (t.name == name) return t;
  }
  return SchemaTables().front();  // unreachable: callers name schema tables
}

// Every blob hash the tables refer to (BlobColumns), with where it was first seen for messages.
struct BlobReference {
  std::string sha;
  std::string path;   // "$.tables.session_photos.rows[0][3]"
  std::string owner;  // "session_photos.sha256 of session <id>"
};
std::vector<BlobReference> ReferencedBlobRows(const json& tables) {
  std::vector<BlobReference> out;
  std::set<std::string> seen;
  for (const BlobColumn& c : BlobColumns()) {
    const TableSpec& spec = Spec(c.table);
    const std::size_t at = ColumnIndex(spec, c.column);
    const std::size_t key_at = ColumnIndex(spec, c.key_column);
    const json& rows = tables[std::string(c.table)]["rows"];
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const json& v = rows[r].at(at);
      const std::string sha = v.is_string() ? v.get<std::string>() : "";
      if (sha.empty() || !seen.insert(sha).second) continue;
      const json& key = rows[r].at(key_at);
      out.push_back({sha, fmt::format("$.tables.{}.rows[{}][{}]", c.table, r, at),
                     fmt::format("{}.{} of {} {}", c.table, c.column, c.owner,
                                 key.is_string() ? key.get<std::string>() : "?")});
    }
  }
  return out;
}

Result<json> ReadBlobs(const json& tables, const BlobStore* blobs, const BackupOptions& options,
                       BackupStats& stats) {
  json blob_map = json::object();
  std::set<std::string> skipped;
  for (const auto& [sha, path, where] : ReferencedBlobRows(tables)) {
    if (blobs == nullptr || !blobs->Contains(sha)) {
      if (options.skip_missing_photos) {
        skipped.insert(sha);
        continue;
      }
      return MakeError(ErrorCode::kNotFound,
                       fmt::format("blob {} ({}) is missing from the blob store; "
                                   "back up without it with --skip-missing-photos",
                                   sha, where),
                       "blobs");
    }
    auto bytes = blobs->Get(sha);
    if (!bytes) return tl::unexpected(bytes.error());
    stats.blob_bytes += static_cast<long long>(bytes->size());
    ++stats.blobs;
    blob_map[sha] = ToBase64(*bytes);
  }
  stats.skipped_photos.assign(skipped.begin(), skipped.end());
  return blob_map;
}

// --- validation ----------------------------------------------------------------------------

bool IsWholeNumber(const std::string& text, long long* out) {
  long long value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return false;
  if (out != nullptr) *out = value;
  return true;
}

// Decimal notation only (what both backends write and read back): no hex floats, "inf", "nan".
bool IsFiniteNumber(const std::string& text) {
  if (text.empty() || text.size() > 64 ||
      text.find_first_not_of("0123456789+-.eE") != std::string::npos) {
    return false;
  }
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(value);
}

Result<void> CheckValue(const json& v, const ColumnSpec& c, const std::string& path) {
  if (v.is_null()) {
    if (c.nullable) return {};
    return InvalidArgument(path, fmt::format("is null; column {} may not be", c.name));
  }
  if (!v.is_string()) {
    return MakeError(ErrorCode::kParseError, "must be a string or null (values are text)", path);
  }
  const std::string& text = v.get_ref<const std::string&>();
  switch (c.type) {
    case ColumnType::kText:
      return {};
    case ColumnType::kInteger:
      if (IsWholeNumber(text, nullptr)) return {};
      break;
    case ColumnType::kReal:
      if (IsFiniteNumber(text)) return {};
      break;
  }
  return InvalidArgument(path,
                         fmt::format("{} is not allowed in {} column {}", Quote(text.substr(0, 64)),
                                     ColumnTypeName(c.type), c.name));
}

Result<void> CheckColumns(const json& table, const TableSpec& t, const std::string& path) {
  if (!table.is_object() || !table.contains("columns") || !table.contains("rows")) {
    return MakeError(ErrorCode::kParseError, "must be an object with \"columns\" and \"rows\"",
                     path);
  }
  const json& columns = table["columns"];
  bool same = columns.is_array() && columns.size() == t.columns.size();
  for (std::size_t i = 0; same && i < t.columns.size(); ++i) {
    same = columns[i].is_string() && columns[i].get_ref<const std::string&>() == t.columns[i].name;
  }
  if (!same) {
    return InvalidArgument(path + ".columns",
                           fmt::format("differ from the schema; expected [{}]", ColumnList(t)));
  }
  if (!table["rows"].is_array()) {
    return MakeError(ErrorCode::kParseError, "must be an array", path + ".rows");
  }
  return {};
}

Result<void> CheckTable(const json& table, const TableSpec& t, const std::string& path,
                        long long& rows_seen) {
  RETURN_IF_ERROR(CheckColumns(table, t, path));
  const json& rows = table["rows"];
  const bool audit = t.name == "audit_log";
  long long previous_seq = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string row_path = fmt::format("{}.rows[{}]", path, r);
    const json& row = rows[r];
    if (!row.is_array() || row.size() != t.columns.size()) {
      return MakeError(ErrorCode::kParseError,
                       fmt::format("must be an array of {} values", t.columns.size()), row_path);
    }
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      RETURN_IF_ERROR(CheckValue(row[c], t.columns[c], fmt::format("{}[{}]", row_path, c)));
    }
    if (audit) {
      long long seq = 0;
      IsWholeNumber(row[0].get_ref<const std::string&>(), &seq);
      if (seq <= previous_seq) {
        return InvalidArgument(row_path + "[0]",
                               fmt::format("seq {} does not follow {}; the audit log's seq must "
                                           "increase strictly",
                                           seq, previous_seq));
      }
      previous_seq = seq;
    }
    ++rows_seen;
  }
  if (audit && rows.empty()) {
    return InvalidArgument(path + ".rows",
                           "is empty; a store's audit log is never empty (it records at least "
                           "the accounts created), so this backup was tampered with");
  }
  return {};
}

Result<void> CheckBlobs(const json& backup, ValidatedBackup& out) {
  if (!backup.contains("blobs") || !backup["blobs"].is_object()) {
    return MakeError(ErrorCode::kParseError, "must be an object of sha256: base64", "$.blobs");
  }
  if (backup.contains("skipped_photos")) {
    const json& skipped = backup["skipped_photos"];
    if (!skipped.is_array()) {
      return MakeError(ErrorCode::kParseError, "must be an array", "$.skipped_photos");
    }
    for (std::size_t i = 0; i < skipped.size(); ++i) {
      if (!skipped[i].is_string() || !IsSha256Hex(skipped[i].get_ref<const std::string&>())) {
        return InvalidArgument(fmt::format("$.skipped_photos[{}]", i),
                               "must be 64 lower-case hex digits");
      }
      out.skipped_photos.insert(skipped[i].get<std::string>());
    }
  }
  for (const auto& [sha, text] : backup["blobs"].items()) {
    const std::string path = "$.blobs." + sha.substr(0, 64);
    if (!IsSha256Hex(sha)) return InvalidArgument(path, "key must be 64 lower-case hex digits");
    if (!text.is_string()) return MakeError(ErrorCode::kParseError, "must be a string", path);
    auto bytes = FromBase64(text.get_ref<const std::string&>(), path);
    if (!bytes) return tl::unexpected(bytes.error());
    if (bytes->empty() || Sha256Hex(*bytes) != sha) {
      return MakeError(ErrorCode::kParseError, "content does not match its hash", path);
    }
    if (out.referenced_photos.count(sha) != 0) out.blobs.emplace(sha, std::move(*bytes));
  }
  for (const auto& [sha, where, owner] : ReferencedBlobRows(backup["tables"])) {
    if (out.blobs.count(sha) == 0 && out.skipped_photos.count(sha) == 0) {
      return MakeError(ErrorCode::kNotFound,
                       fmt::format("blob {} is neither in $.blobs nor in $.skipped_photos", sha),
                       where);
    }
  }
  return {};
}

Result<void> WriteTables(Database& db, const json& tables, BackupStats& stats) {
  for (const TableSpec& t : SchemaTables()) {
    std::string marks;
    for (std::size_t i = 0; i < t.columns.size(); ++i) marks += i == 0 ? "?" : ", ?";
    const std::string sql =
        fmt::format("INSERT INTO {} ({}) VALUES ({})", t.name, ColumnList(t), marks);
    for (const json& row : tables[std::string(t.name)]["rows"]) {
      std::vector<SqlValue> params;
      for (const json& v : row) {
        params.push_back(v.is_null() ? SqlValue() : SqlValue(v.get<std::string>()));
      }
      RETURN_IF_ERROR(db.Query(sql, params));
      ++stats.rows;
    }
    ++stats.tables;
  }
  if (db.dialect() == "postgres") {
    // Restored audit rows carry their own seq; move the sequence past them.
    RETURN_IF_ERROR(
        db.Query("SELECT setval(pg_get_serial_sequence('audit_log', 'seq'), "
                 "COALESCE((SELECT MAX(seq) FROM audit_log), 0) + 1, false)",
                 {}));
  }
  return {};
}

}  // namespace

Result<json> BackupStore(Store& store, const Actor& actor, const BlobStore* blobs,
                         BackupStats* stats_out, BackupOptions options) {
  RETURN_IF_ERROR(RequireAdmin(actor));
  BackupStats stats;
  json backup;
  Database& db = store.database();
  auto done = store.RunInTransaction([&]() -> Result<void> {
    if (db.dialect() == "postgres") {
      RETURN_IF_ERROR(db.ExecScript("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
    }
    // The backup's own audit row goes in first, so that it is part of the snapshot: a backup
    // always holds a non-empty audit log, the record of its own making.
    RETURN_IF_ERROR(store.AuditStoreAction(actor, "read", "backup", ""));
    auto version = store.SchemaVersion();
    if (!version) return tl::unexpected(version.error());
    auto tables = ReadTables(db, stats);
    if (!tables) return tl::unexpected(tables.error());
    auto blob_map = ReadBlobs(*tables, blobs, options, stats);
    if (!blob_map) return tl::unexpected(blob_map.error());
    backup["format"] = kBackupFormat;
    backup["schema_version"] = *version;
    backup["tables"] = std::move(*tables);
    backup["blobs"] = std::move(*blob_map);
    if (!stats.skipped_photos.empty()) backup["skipped_photos"] = stats.skipped_photos;
    return Result<void>();
  });
  if (!done) return tl::unexpected(done.error());
  if (stats_out != nullptr) *stats_out = stats;
  return backup;
}

Result<ValidatedBackup> ValidateBackup(const json& backup, int schema_version) {
  if (!backup.is_object() || !backup.contains("format") || !backup["format"].is_string() ||
      backup["format"].get_ref<const std::string&>() != kBackupFormat) {
    return MakeError(ErrorCode::kParseError, std::string("must be \"") + kBackupFormat + "\"",
                     "$.format");
  }
  if (!backup.contains("schema_version")) return MissingField("$.schema_version");
  auto version = JsonInteger(backup["schema_version"], "$.schema_version", 1, 1000000);
  if (!version) return tl::unexpected(version.error());
  if (*version != schema_version) {
    return MakeError(ErrorCode::kConflict,
                     fmt::format("is {}; this store's schema is version {} (restore a backup of "
                                 "the same version, migrating the source first)",
                                 *version, schema_version),
                     "$.schema_version");
  }
  if (!backup.contains("tables") || !backup["tables"].is_object()) {
    return MakeError(ErrorCode::kParseError, "must be an object of tables", "$.tables");
  }
  const json& tables = backup["tables"];
  for (const auto& [name, value] : tables.items()) {
    bool known = false;
    for (const TableSpec& t : SchemaTables()) known = known || t.name == name;
    if (!known) {
      return InvalidArgument("$.tables." + name.substr(0, 64), "is not a table of the schema");
    }
  }
  ValidatedBackup out;
  for (const TableSpec& t : SchemaTables()) {
    const std::string path = "$.tables." + std::string(t.name);
    if (!tables.contains(std::string(t.name))) return MissingField(path);
    RETURN_IF_ERROR(CheckTable(tables[std::string(t.name)], t, path, out.rows));
  }
  for (const BlobColumn& c : BlobColumns()) {
    const std::size_t sha_at = ColumnIndex(Spec(c.table), c.column);
    const bool may_be_empty = c.table != "session_photos" && c.column != "photo_sha256";
    const json& rows = tables[std::string(c.table)]["rows"];
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const std::string& sha = rows[r][sha_at].get_ref<const std::string&>();
      if (sha.empty() && may_be_empty) continue;
      if (!IsSha256Hex(sha)) {
        return InvalidArgument(fmt::format("$.tables.{}.rows[{}][{}]", c.table, r, sha_at),
                               may_be_empty ? "must be 64 lower-case hex digits or empty"
                                            : "must be 64 lower-case hex digits");
      }
      out.referenced_photos.insert(sha);
    }
  }
  // Schema v8: the patient's answer is one of three words or null (the column's CHECK).
  const std::size_t hair_at = ColumnIndex(Spec("sessions"), "patient_reported_hair_change");
  const json& sessions = tables["sessions"]["rows"];
  for (std::size_t r = 0; r < sessions.size(); ++r) {
    const json& v = sessions[r][hair_at];
    if (v.is_null()) continue;
    const std::string& text = v.get_ref<const std::string&>();
    if (text != "none" && text != "less_hair" && text != "more_hair") {
      return InvalidArgument(fmt::format("$.tables.sessions.rows[{}][{}]", r, hair_at),
                             "must be one of none, less_hair, more_hair or null");
    }
  }
  // Schema v9: a decision is one of three words, its week 0..520 when known, its reason 1..2000
  // bytes (the columns' CHECKs), so a bad backup is refused by path before anything is written.
  const TableSpec& decision_spec = Spec("decisions");
  const std::size_t decision_at = ColumnIndex(decision_spec, "decision");
  const std::size_t week_at = ColumnIndex(decision_spec, "week");
  const std::size_t reason_at = ColumnIndex(decision_spec, "reason");
  const json& decisions = tables["decisions"]["rows"];
  for (std::size_t r = 0; r < decisions.size(); ++r) {
    const std::string& decision = decisions[r][decision_at].get_ref<const std::string&>();
    if (decision != "continue" && decision != "stop" && decision != "change_treatment") {
      return InvalidArgument(fmt::format("$.tables.decisions.rows[{}][{}]", r, decision_at),
                             "must be one of continue, stop, change_treatment");
    }
    const json& week = decisions[r][week_at];
    long long weeks = 0;
    if (!week.is_null() &&
        (!IsWholeNumber(week.get<std::string>(), &weeks) || weeks < 0 || weeks > 520)) {
      return InvalidArgument(fmt::format("$.tables.decisions.rows[{}][{}]", r, week_at),
                             "must be a week from 0 to 520 or null");
    }
    const std::size_t bytes = decisions[r][reason_at].get_ref<const std::string&>().size();
    if (bytes < 1 || bytes > kMaxDecisionReasonBytes) {
      return InvalidArgument(
          fmt::format("$.tables.decisions.rows[{}][{}]", r, reason_at),
          fmt::format("is {} bytes; allowed 1 to {} bytes", bytes, kMaxDecisionReasonBytes));
    }
  }
  RETURN_IF_ERROR(CheckBlobs(backup, out));
  return out;
}

Result<BackupStats> RestoreStore(Store& store, const Actor& actor, const json& backup,
                                 BlobStore* blobs) {
  RETURN_IF_ERROR(RequireAdmin(actor));
  auto valid = ValidateBackup(backup, LatestSchemaVersion(store.database().dialect()));
  if (!valid) return tl::unexpected(valid.error());
  return RestoreStore(store, actor, backup, *valid, blobs);
}

Result<BackupStats> RestoreStore(Store& store, const Actor& actor, const json& backup,
                                 const ValidatedBackup& validated, BlobStore* blobs) {
  RETURN_IF_ERROR(RequireAdmin(actor));
  BackupStats stats;
  for (const std::string& sha : validated.skipped_photos) {
    if (validated.referenced_photos.count(sha) != 0 &&
        (blobs == nullptr || !blobs->Contains(sha))) {
      stats.skipped_photos.push_back(sha);
    }
  }
  if (blobs == nullptr && !validated.blobs.empty()) {
    return InvalidArgument("blobs", "this backup holds photos; restore needs a blob store");
  }
  std::vector<std::string> added;  // blobs this restore wrote, undone when it fails
  Result<void> result = store.RunInTransaction([&]() -> Result<void> {
    Database& db = store.database();
    auto count =
        db.Query("SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM patients)", {});
    if (!count) return tl::unexpected(count.error());
    if (count->rows.at(0).at(0).value_or("0") != "0") {
      return MakeError(ErrorCode::kConflict, "restore needs an empty store", "db");
    }
    if (blobs != nullptr) {
      auto put = blobs->PutNew(validated.blobs);
      if (!put) return tl::unexpected(put.error());
      added = std::move(*put);
    }
    for (const auto& [sha, bytes] : validated.blobs) {
      ++stats.blobs;
      stats.blob_bytes += static_cast<long long>(bytes.size());
    }
    RETURN_IF_ERROR(WriteTables(db, backup["tables"], stats));
    return store.AuditStoreAction(actor, "create", "restore", "");
  });
  if (!result) {
    if (blobs != nullptr) blobs->RemoveAll(added);
    return tl::unexpected(result.error());
  }
  return stats;
}

}  // namespace tricholog::store
