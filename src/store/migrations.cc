#include "store/migrations.h"

#include <fmt/format.h>

namespace tricholog::store {
namespace {

constexpr std::string_view kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

Result<void> ApplyOne(Database& db, const EmbeddedMigration& m, std::string_view applied_at) {
  if (auto r = db.Begin(); !r) return r;
  auto fail = [&db](Error error) -> Result<void> {
    (void)db.Rollback();
    return tl::unexpected(std::move(error));
  };
  if (auto r = db.LockForMigration(); !r) return fail(r.error());
  // Another process may have applied it while we waited for the lock.
  auto seen = db.Query("SELECT version FROM schema_migrations WHERE version = ?",
                       {std::to_string(m.version)});
  if (!seen) return fail(seen.error());
  if (!seen->rows.empty()) return db.Commit();
  if (auto r = db.ExecScript(m.sql); !r) {
    Error error = r.error();
    error.message = fmt::format("migration {} failed: {}", m.name, error.message);
    return fail(error);
  }
  auto inserted =
      db.Query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
               {std::to_string(m.version), std::string(m.name), std::string(applied_at)});
  if (!inserted) return fail(inserted.error());
  return db.Commit();
}

}  // namespace

int LatestSchemaVersion(std::string_view dialect) {
  int latest = 0;
  for (const EmbeddedMigration& m : EmbeddedMigrations()) {
    if (m.dialect == dialect && m.version > latest) latest = m.version;
  }
  return latest;
}

Result<int> CurrentSchemaVersion(Database& db) {
  if (auto r = db.ExecScript(kCreateVersionTable); !r) return tl::unexpected(r.error());
  auto rows = db.Query("SELECT MAX(version) FROM schema_migrations", {});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->rows.empty() || !rows->rows[0][0]) return 0;
  return std::stoi(*rows->rows[0][0]);
}

Result<std::vector<int>> Migrate(Database& db, std::string_view applied_at, int target_version) {
  const int latest = LatestSchemaVersion(db.dialect());
  if (target_version < 0) target_version = latest;
  if (target_version > latest) {
    return InvalidArgument(
        "version", fmt::format("{} is out of range; allowed 0 to {}", target_version, latest));
  }
  auto current = CurrentSchemaVersion(db);
  if (!current) return tl::unexpected(current.error());
  if (*current > latest) {
    return MakeError(ErrorCode::kConflict,
                     fmt::format("the database is at schema version {} but this tricholog knows "
                                 "only up to {}; upgrade tricholog",
                                 *current, latest),
                     "db");
  }
  std::vector<int> applied;
  for (const EmbeddedMigration& m : EmbeddedMigrations()) {
    if (m.dialect != db.dialect() || m.version <= *current || m.version > target_version) continue;
    if (auto r = ApplyOne(db, m, applied_at); !r) return tl::unexpected(r.error());
    applied.push_back(m.version);
  }
  return applied;
}

}  // namespace tricholog::store
