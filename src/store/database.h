// Database: the narrow SQL seam under the Store. Two adapters implement it — sqlite/ (embedded
// default) and postgres/ (libpqxx) — so authorisation, audit and the data model live once, in
// store.cc, and both backends run the same code and the same test suite.
//
// Values cross this seam as text or NULL: the schema keeps dates and timestamps as ISO text,
// booleans as 0/1 integers and ids as text, which both dialects store and compare alike.
// Statements use '?' placeholders; the PostgreSQL adapter rewrites them to $1, $2, ...
// Library exceptions and error codes are caught here and returned as Error (kIo / kConflict /
// kInternal). Not thread-safe: one Database per thread.
#ifndef TRICHOLOG_STORE_DATABASE_H_
#define TRICHOLOG_STORE_DATABASE_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace tricholog::store {

using SqlValue = std::optional<std::string>;  // nullopt is SQL NULL

struct SqlRows {
  std::vector<std::string> columns;
  std::vector<std::vector<SqlValue>> rows;
};

class Database {
 public:
  virtual ~Database() = default;

  // "sqlite" or "postgres": selects the migration set.
  virtual std::string_view dialect() const = 0;

  // Runs one or more ';'-separated statements without parameters (migrations).
  virtual Result<void> ExecScript(std::string_view sql) = 0;
  // Runs one statement with '?' placeholders bound to `params`; returns its rows (none for DML).
  virtual Result<SqlRows> Query(std::string_view sql, const std::vector<SqlValue>& params) = 0;

  // Transactions. Begin takes the write lock at once on SQLite (BEGIN IMMEDIATE) so two writers
  // never deadlock on upgrade; PostgreSQL uses READ COMMITTED with row locks.
  virtual Result<void> Begin() = 0;
  // A transaction whose only writes are audit rows of reads: its commit need not wait for the
  // disk (SQLite: synchronous=NORMAL for it, durable with the next fully synced commit or
  // checkpoint; PostgreSQL: synchronous_commit off for it). A crash may lose the last of these
  // audit rows, never a clinical write, and never leaves the database inconsistent.
  virtual Result<void> BeginRead() { return Begin(); }
  virtual Result<void> Commit() = 0;
  virtual Result<void> Rollback() = 0;

  // Inside a transaction: serialises concurrent migrators (PostgreSQL advisory lock; a no-op on
  // SQLite, whose BEGIN IMMEDIATE already excludes other writers).
  virtual Result<void> LockForMigration() = 0;

  // Backend self-checks: SQLite integrity_check and foreign_key_check; empty when healthy.
  virtual Result<std::vector<std::string>> IntegrityProblems() = 0;
};

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_DATABASE_H_
