#include "store/postgres/postgres_database.h"

#include <fmt/format.h>

#include <pqxx/pqxx>

namespace tricholog::store {
namespace {

// '?' -> $1, $2, ... outside quoted literals.
std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 1;
  bool in_quote = false;
  for (char c : sql) {
    if (c == '\'') in_quote = !in_quote;
    if (c == '?' && !in_quote) {
      out += '$';
      out += std::to_string(next++);
    } else {
      out += c;
    }
  }
  return out;
}

Error FromException(std::string_view what, const std::exception& e) {
  ErrorCode code = ErrorCode::kIo;
  if (dynamic_cast<const pqxx::integrity_constraint_violation*>(&e) != nullptr ||
      dynamic_cast<const pqxx::serialization_failure*>(&e) != nullptr ||
      dynamic_cast<const pqxx::deadlock_detected*>(&e) != nullptr) {
    code = ErrorCode::kConflict;
  }
  std::string message = e.what();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return Error{code, fmt::format("postgres {}: {}", what, message), {}};
}

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(std::unique_ptr<pqxx::connection> connection)
      : connection_(std::move(connection)), tx_(*connection_) {}

  std::string_view dialect() const override { return "postgres"; }

  Result<void> ExecScript(std::string_view sql) override {
    try {
      tx_.exec(std::string(sql));
      return {};
    } catch (const std::exception& e) {
      return tl::unexpected(FromException("exec", e));
    }
  }

  Result<SqlRows> Query(std::string_view sql, const std::vector<SqlValue>& params) override {
    try {
      std::vector<const char*> pointers;
      pointers.reserve(params.size());
      for (const SqlValue& p : params) pointers.push_back(p ? p->c_str() : nullptr);
      const pqxx::result result =
          tx_.exec_params(NumberPlaceholders(sql), pqxx::prepare::make_dynamic_params(pointers));
      SqlRows out;
      for (pqxx::row::size_type c = 0; c < result.columns(); ++c) {
        out.columns.emplace_back(result.column_name(c));
      }
      out.rows.reserve(result.size());
      for (const pqxx::row& row : result) {
        std::vector<SqlValue> values;
        values.reserve(row.size());
        for (const pqxx::field& field : row) {
          values.push_back(field.is_null() ? SqlValue() : SqlValue(field.c_str()));
        }
        out.rows.push_back(std::move(values));
      }
      return out;
    } catch (const std::exception& e) {
      return tl::unexpected(FromException("query", e));
    }
  }

  // The nontransaction runs each statement as sent, so BEGIN/COMMIT are plain statements.
  Result<void> Begin() override { return ExecScript("BEGIN"); }
  Result<void> BeginRead() override {
    return ExecScript("BEGIN; SET LOCAL synchronous_commit = off");
  }
  Result<void> Commit() override { return ExecScript("COMMIT"); }
  Result<void> Rollback() override { return ExecScript("ROLLBACK"); }

  Result<void> LockForMigration() override {
    // An arbitrary constant key ("trichmig"): one migrator at a time per database.
    return ExecScript("SELECT pg_advisory_xact_lock(7527340711839295335)");
  }

  Result<std::vector<std::string>> IntegrityProblems() override {
    return std::vector<std::string>{};  // PostgreSQL enforces constraints on every statement
  }

 private:
  std::unique_ptr<pqxx::connection> connection_;
  pqxx::nontransaction tx_;
};

bool IsIdentifier(const std::string& text) {
  if (text.empty() || text.size() > 63) return false;
  for (char c : text) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgresDatabase(const std::string& url,
                                                       const std::string& schema) {
  if (!schema.empty() && !IsIdentifier(schema)) {
    return InvalidArgument("schema", "\"" + schema + "\" must be 1 to 63 of a-z, 0-9, _");
  }
  try {
    auto connection = std::make_unique<pqxx::connection>(url);
    auto db = std::make_unique<PostgresDatabase>(std::move(connection));
    std::string setup = "SET client_min_messages = warning; SET TIME ZONE 'UTC';";
    if (!schema.empty()) {
      setup += fmt::format(" CREATE SCHEMA IF NOT EXISTS {0}; SET search_path TO {0};", schema);
    }
    if (auto r = db->ExecScript(setup); !r) return tl::unexpected(r.error());
    return std::unique_ptr<Database>(std::move(db));
  } catch (const std::exception& e) {
    Error error = FromException("connect", e);
    error.field = "db";
    return tl::unexpected(error);
  }
}

}  // namespace tricholog::store
