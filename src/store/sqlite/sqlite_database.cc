#include "store/sqlite/sqlite_database.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <charconv>

namespace tricholog::store {
namespace {

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(sqlite3* db) : db_(db) {}
  ~SqliteDatabase() override { sqlite3_close_v2(db_); }
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  std::string_view dialect() const override { return "sqlite"; }

  Result<void> ExecScript(std::string_view sql) override {
    char* message = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      Error error = Fail("exec");
      if (message != nullptr) error.message = std::string("sqlite: ") + message;
      sqlite3_free(message);
      return tl::unexpected(error);
    }
    return {};
  }

  Result<SqlRows> Query(std::string_view sql, const std::vector<SqlValue>& params) override {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
        SQLITE_OK) {
      return tl::unexpected(Fail("prepare"));
    }
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(stmt, sqlite3_finalize);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i + 1);
      const int rc = params[i]
                         ? sqlite3_bind_text(stmt, index, params[i]->data(),
                                             static_cast<int>(params[i]->size()), SQLITE_TRANSIENT)
                         : sqlite3_bind_null(stmt, index);
      if (rc != SQLITE_OK) return tl::unexpected(Fail("bind"));
    }
    SqlRows out;
    const int n = sqlite3_column_count(stmt);
    for (int c = 0; c < n; ++c) out.columns.emplace_back(sqlite3_column_name(stmt, c));
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return tl::unexpected(Fail("step"));
      std::vector<SqlValue> row(static_cast<std::size_t>(n));
      for (int c = 0; c < n; ++c) row[static_cast<std::size_t>(c)] = Column(stmt, c);
      out.rows.push_back(std::move(row));
    }
    return out;
  }

  Result<void> Begin() override { return ExecScript("BEGIN IMMEDIATE"); }
  // The safety level cannot change inside a transaction: it is lowered before and restored
  // after (Commit/Rollback).
  Result<void> BeginRead() override {
    if (auto r = ExecScript("PRAGMA synchronous=NORMAL"); !r) return r;
    relaxed_ = true;
    if (auto r = Begin(); !r) {
      (void)RestoreSynchronous();
      return r;
    }
    return {};
  }
  Result<void> Commit() override {
    if (auto r = ExecScript("COMMIT"); !r) return r;  // still open: Rollback restores
    return RestoreSynchronous();
  }
  Result<void> Rollback() override {
    auto r = ExecScript("ROLLBACK");
    auto restored = RestoreSynchronous();
    return r ? restored : r;
  }
  Result<void> RestoreSynchronous() {
    if (!relaxed_) return {};
    if (auto r = ExecScript("PRAGMA synchronous=FULL"); !r) return r;
    relaxed_ = false;
    return {};
  }
  Result<void> LockForMigration() override { return {}; }

  Result<std::vector<std::string>> IntegrityProblems() override {
    std::vector<std::string> problems;
    auto integrity = Query("PRAGMA integrity_check", {});
    if (!integrity) return tl::unexpected(integrity.error());
    for (const auto& row : integrity->rows) {
      if (row[0] && *row[0] != "ok") problems.push_back("integrity_check: " + *row[0]);
    }
    auto fk = Query("PRAGMA foreign_key_check", {});
    if (!fk) return tl::unexpected(fk.error());
    for (const auto& row : fk->rows) {
      problems.push_back("foreign_key_check: table " + row[0].value_or("?") + " rowid " +
                         row[1].value_or("?") + " -> " + row[2].value_or("?"));
    }
    return problems;
  }

 private:
  // REAL columns are written with the shortest text that round-trips, not SQLite's 15 digits.
  static SqlValue Column(sqlite3_stmt* stmt, int c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_NULL:
        return std::nullopt;
      case SQLITE_FLOAT: {
        char buffer[32];
        const auto r =
            std::to_chars(buffer, buffer + sizeof buffer, sqlite3_column_double(stmt, c));
        return std::string(buffer, r.ptr);
      }
      default: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
      }
    }
  }

  Error Fail(std::string_view what) const {
    const int code = sqlite3_extended_errcode(db_);
    const ErrorCode kind = (code & 0xff) == SQLITE_CONSTRAINT ? ErrorCode::kConflict
                           : (code & 0xff) == SQLITE_BUSY     ? ErrorCode::kConflict
                                                              : ErrorCode::kIo;
    return Error{kind, fmt::format("sqlite {}: {}", what, sqlite3_errmsg(db_)), {}};
  }

  sqlite3* db_;
  bool relaxed_ = false;  // synchronous=NORMAL for the open read transaction
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqliteDatabase(const std::string& path) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &raw, flags, nullptr) != SQLITE_OK) {
    std::string message = raw != nullptr ? sqlite3_errmsg(raw) : "out of memory";
    sqlite3_close_v2(raw);
    return MakeError(ErrorCode::kIo, "cannot open SQLite database: " + message, "db");
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 5000);
  auto db = std::make_unique<SqliteDatabase>(raw);
  // Health data: a committed session must survive a crash, so FULL rather than NORMAL.
  if (auto r = db->ExecScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                              "PRAGMA foreign_keys=ON;");
      !r) {
    return MakeError(ErrorCode::kIo, "cannot open SQLite database: " + r.error().message, "db");
  }
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace tricholog::store
