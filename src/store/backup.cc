#include "store/backup.h"

#include <fmt/format.h>
#include <sodium.h>

namespace tricholog::store {
namespace {

using nlohmann::json;

struct Table {
  const char* name;
  const char* order_by;
};

// Parents before children, so that restore satisfies every foreign key as it goes.
constexpr Table kTables[] = {
    {"users", "id"},
    {"patients", "id"},
    {"conditions", "id"},
    {"courses", "id"},
    {"administrations", "id"},
    {"sessions", "id"},
    {"session_photos", "session_id, ordinal"},
    {"session_zone_densities", "session_id, ordinal"},
    {"session_salt_regions", "session_id, ordinal"},
    {"session_easi_regions", "session_id, ordinal"},
    {"session_injection_site_reactions", "session_id, ordinal"},
    {"adverse_events", "id"},
    {"notes", "id"},
    {"shares", "id"},
    {"audit_log", "seq"},
};

Result<void> RequireAdmin(const Actor& actor) {
  if (actor.role != Role::kAdmin) {
    return MakeError(ErrorCode::kPermissionDenied, "only an admin may back up or restore", "actor");
  }
  return {};
}

std::string ToBase64(const std::vector<std::uint8_t>& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.pop_back();  // the terminating NUL
  return out;
}

Result<std::vector<std::uint8_t>> FromBase64(const std::string& text, const std::string& field) {
  std::vector<std::uint8_t> out(text.size());
  std::size_t length = 0;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return MakeError(ErrorCode::kParseError, "is not base64", field);
  }
  out.resize(length);
  return out;
}

Result<json> ReadTables(Database& db, BackupStats& stats) {
  json tables = json::object();
  for (const Table& t : kTables) {
    auto rows = db.Query(fmt::format("SELECT * FROM {} ORDER BY {}", t.name, t.order_by), {});
    if (!rows) return tl::unexpected(rows.error());
    json out_rows = json::array();
    for (const auto& row : rows->rows) {
      json values = json::array();
      for (const SqlValue& v : row) values.push_back(v ? json(*v) : json(nullptr));
      out_rows.push_back(std::move(values));
    }
    stats.rows += static_cast<long long>(rows->rows.size());
    ++stats.tables;
    tables[t.name] = {{"columns", rows->columns}, {"rows", std::move(out_rows)}};
  }
  return tables;
}

Result<void> WriteTables(Database& db, const json& tables, BackupStats& stats) {
  for (const Table& t : kTables) {
    if (!tables.contains(t.name)) continue;
    const json& table = tables[t.name];
    const auto columns = table.at("columns").get<std::vector<std::string>>();
    std::string names, marks;
    for (const auto& c : columns) {
      names += (names.empty() ? "" : ", ") + c;
      marks += marks.empty() ? "?" : ", ?";
    }
    const std::string sql = fmt::format("INSERT INTO {} ({}) VALUES ({})", t.name, names, marks);
    for (const json& row : table.at("rows")) {
      std::vector<SqlValue> params;
      for (const json& v : row)
        params.push_back(v.is_null() ? SqlValue() : SqlValue(v.get<std::string>()));
      auto r = db.Query(sql, params);
      if (!r) return tl::unexpected(r.error());
      ++stats.rows;
    }
    ++stats.tables;
  }
  if (db.dialect() == "postgres") {
    // Restored audit rows carry their own seq; move the sequence past them.
    auto r = db.Query(
        "SELECT setval(pg_get_serial_sequence('audit_log', 'seq'), "
        "COALESCE((SELECT MAX(seq) FROM audit_log), 0) + 1, false)",
        {});
    if (!r) return tl::unexpected(r.error());
  }
  return {};
}

}  // namespace

Result<json> BackupStore(Store& store, const Actor& actor, const BlobStore* blobs,
                         BackupStats* stats_out) {
  if (auto r = RequireAdmin(actor); !r) return tl::unexpected(r.error());
  BackupStats stats;
  json backup;
  Database& db = store.database();
  if (auto r = db.Begin(); !r) return tl::unexpected(r.error());
  if (db.dialect() == "postgres")
    (void)db.ExecScript("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
  auto version = store.SchemaVersion();
  auto tables = version ? ReadTables(db, stats) : Result<json>(tl::unexpected(version.error()));
  (void)db.Rollback();  // read-only
  if (!tables) return tl::unexpected(tables.error());
  backup["format"] = kBackupFormat;
  backup["schema_version"] = *version;
  backup["tables"] = std::move(*tables);
  json blob_map = json::object();
  if (blobs != nullptr) {
    for (const json& row : backup["tables"]["session_photos"]["rows"]) {
      const std::string sha =
          row.at(3).get<std::string>();  // session_id, ordinal, view_name, sha256
      if (blob_map.contains(sha) || !blobs->Contains(sha)) continue;
      auto bytes = blobs->Get(sha);
      if (!bytes) return tl::unexpected(bytes.error());
      stats.blob_bytes += static_cast<long long>(bytes->size());
      ++stats.blobs;
      blob_map[sha] = ToBase64(*bytes);
    }
  }
  backup["blobs"] = std::move(blob_map);
  if (stats_out != nullptr) *stats_out = stats;
  return backup;
}

Result<BackupStats> RestoreStore(Store& store, const Actor& actor, const json& backup,
                                 BlobStore* blobs) {
  if (auto r = RequireAdmin(actor); !r) return tl::unexpected(r.error());
  if (!backup.is_object() || backup.value("format", "") != kBackupFormat) {
    return MakeError(ErrorCode::kParseError, std::string("must be \"") + kBackupFormat + "\"",
                     "$.format");
  }
  BackupStats stats;
  if (blobs != nullptr && backup.contains("blobs")) {
    for (const auto& [sha, text] : backup["blobs"].items()) {
      auto bytes = FromBase64(text.get<std::string>(), "$.blobs." + sha);
      if (!bytes) return tl::unexpected(bytes.error());
      if (Sha256Hex(*bytes) != sha) {
        return MakeError(ErrorCode::kParseError, "content does not match its hash",
                         "$.blobs." + sha);
      }
      auto put = blobs->Put(*bytes);
      if (!put) return tl::unexpected(put.error());
      ++stats.blobs;
      stats.blob_bytes += static_cast<long long>(bytes->size());
    }
  }
  Result<void> result = store.RunInTransaction([&]() -> Result<void> {
    Database& db = store.database();
    auto count =
        db.Query("SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM patients)", {});
    if (!count) return tl::unexpected(count.error());
    if (count->rows.at(0).at(0).value_or("0") != "0") {
      return MakeError(ErrorCode::kConflict, "restore needs an empty store", "db");
    }
    try {
      return WriteTables(db, backup.at("tables"), stats);
    } catch (const json::exception& e) {
      return MakeError(ErrorCode::kParseError, e.what(), "$.tables");
    }
  });
  if (!result) return tl::unexpected(result.error());
  return stats;
}

}  // namespace tricholog::store
