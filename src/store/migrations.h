// Numbered schema migrations, embedded into the binary from src/store/migrations/<dialect>/
// (NNNN_name.sql). Applied in order on open, each in its own transaction together with its row
// in schema_migrations, so a crash mid-migration leaves the previous version intact.
#ifndef TRICHOLOG_STORE_MIGRATIONS_H_
#define TRICHOLOG_STORE_MIGRATIONS_H_

#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/database.h"

namespace tricholog::store {

struct EmbeddedMigration {
  std::string_view dialect;  // "sqlite" | "postgres"
  int version;               // 1, 2, ...
  std::string_view name;     // "0001_init"
  std::string_view sql;
};

// All migrations for every dialect, sorted by dialect then version (generated at build time).
const std::vector<EmbeddedMigration>& EmbeddedMigrations();

// The newest version the embedded migrations reach for `dialect`.
int LatestSchemaVersion(std::string_view dialect);

// The version recorded in schema_migrations (0 for an empty database).
Result<int> CurrentSchemaVersion(Database& db);

// Applies every migration above the current version up to `target_version` (default: latest)
// with `applied_at` as its timestamp. Returns the versions applied. Fails with kConflict when
// the database is newer than this binary knows (a downgrade), kIo when a migration fails.
Result<std::vector<int>> Migrate(Database& db, std::string_view applied_at,
                                 int target_version = -1);

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_MIGRATIONS_H_
