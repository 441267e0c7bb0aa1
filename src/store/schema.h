// The tables of the latest schema as code knows them: names, columns in the order the
// migrations create them, each column's type and whether it may be NULL. Backup reads and
// restore writes exactly these columns (never names from a file); a test compares this list
// with the database catalog on both backends, so a migration that adds a column must add it here.
#ifndef TRICHOLOG_STORE_SCHEMA_H_
#define TRICHOLOG_STORE_SCHEMA_H_

#include <string_view>
#include <vector>

namespace tricholog::store {

enum class ColumnType { kText, kInteger, kReal };

struct ColumnSpec {
  std::string_view name;
  ColumnType type;
  bool nullable;
};

struct TableSpec {
  std::string_view name;
  std::string_view order_by;  // a stable order for backups
  std::vector<ColumnSpec> columns;
};

// Every table of the latest schema except schema_migrations, parents before children (so rows
// inserted in this order satisfy every foreign key), the audit log last.
const std::vector<TableSpec>& SchemaTables();

// Tables of the latest schema that SchemaTables() leaves out, so backup and restore skip them:
// web sessions and sign-in attempts are short-lived security state (restoring them would bring
// back sessions that were signed out), and sign_in_guard is a lock row its migration creates.
// session_drafts (schema v6) are a capture wizard's unconfirmed working state: short-lived, not
// yet part of the record the patient agreed to, and their photos are kept anyway through their
// photo_analyses rows; a restore that brought a draft back would resurrect a half-filled form
// that refers to courses and photos of another moment.
const std::vector<std::string_view>& EphemeralTables();

// Tables the database derives from others and rebuilds itself, so backup and restore skip them:
// SQLite's full-text indexes over studies (schema v10) and posts (v11) and their shadow tables.
// Only SQLite has them.
const std::vector<std::string_view>& DerivedTables();

// Columns a backend fills itself and that backup and restore skip: studies.seq and posts.seq
// (the full-text indexes' integer keys, assigned anew on restore) and PostgreSQL's generated
// studies.search_vector and posts.search_vector.
struct DerivedColumn {
  std::string_view table;
  std::string_view column;
};
const std::vector<DerivedColumn>& DerivedColumns();

// A column that holds blob hashes (photos, masks): backup embeds these blobs, restore requires
// them, and blob garbage collection keeps them. Empty text means "no blob".
struct BlobColumn {
  std::string_view table;
  std::string_view column;
  // Whose blob it is, for messages: "<owner> <value of key_column>", e.g. "session 1f3...".
  std::string_view owner;
  std::string_view key_column;
};
const std::vector<BlobColumn>& BlobColumns();

// "text", "integer", "real".
std::string_view ColumnTypeName(ColumnType type);

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_SCHEMA_H_
