// Internal to the store: converting values to and from the text the Database seam carries, and
// the Store's transaction template. Not part of the public API.
#ifndef TRICHOLOG_STORE_STORE_SQL_H_
#define TRICHOLOG_STORE_STORE_SQL_H_

#include <charconv>
#include <cstdlib>
#include <optional>
#include <string>

#include "core/date.h"
#include "store/database.h"
#include "store/store.h"

namespace tricholog::store::sql {

inline SqlValue Text(const std::string& s) { return s; }
// Empty text is NULL: optional references (course_id, session_id) and optional user ids.
inline SqlValue TextOrNull(const std::string& s) { return s.empty() ? SqlValue() : SqlValue(s); }
inline SqlValue Int(long long v) { return std::to_string(v); }
inline SqlValue Int(std::optional<int> v) { return v ? SqlValue(std::to_string(*v)) : SqlValue(); }
inline SqlValue Bool(bool v) { return v ? "1" : "0"; }
inline SqlValue Real(double v) {
  char buffer[32];
  const auto r = std::to_chars(buffer, buffer + sizeof buffer, v);
  return std::string(buffer, r.ptr);
}
inline SqlValue Real(std::optional<double> v) { return v ? Real(*v) : SqlValue(); }
inline SqlValue Day(Date d) { return d.ToString(); }
inline SqlValue Day(std::optional<Date> d) { return d ? SqlValue(d->ToString()) : SqlValue(); }

inline std::string AsText(const SqlValue& v) { return v.value_or(std::string()); }
inline int AsInt(const SqlValue& v) { return v ? std::atoi(v->c_str()) : 0; }
inline long long AsInt64(const SqlValue& v) { return v ? std::atoll(v->c_str()) : 0; }
inline std::optional<int> AsOptInt(const SqlValue& v) {
  return v ? std::optional<int>(std::atoi(v->c_str())) : std::nullopt;
}
inline bool AsBool(const SqlValue& v) { return AsInt(v) != 0; }
inline double AsReal(const SqlValue& v) { return v ? std::strtod(v->c_str(), nullptr) : 0.0; }
inline std::optional<double> AsOptReal(const SqlValue& v) {
  return v ? std::optional<double>(AsReal(v)) : std::nullopt;
}
// Stored dates were validated on the way in; a corrupt one reads as 1970-01-01.
inline Date AsDay(const SqlValue& v) { return v ? Date::Parse(*v).value_or(Date()) : Date(); }
inline std::optional<Date> AsOptDay(const SqlValue& v) {
  return v ? std::optional<Date>(AsDay(v)) : std::nullopt;
}

}  // namespace tricholog::store::sql

namespace tricholog::store {

template <typename T>
Result<T> Store::Transact(const std::function<Result<T>()>& body, bool read_only) {
  if (transaction_depth_ > 0) return body();
  if (auto r = read_only ? db_->BeginRead() : db_->Begin(); !r) {
    return tl::unexpected(r.error());
  }
  ++transaction_depth_;
  Result<T> result = body();
  --transaction_depth_;
  if (result) {
    if (auto c = db_->Commit(); !c) {
      (void)db_->Rollback();
      return tl::unexpected(c.error());
    }
    return result;
  }
  (void)db_->Rollback();
  if (pending_denial_) {
    // The refused request changed nothing, but the attempt itself is kept in the audit log.
    const AuditEntry denial = *pending_denial_;
    pending_denial_.reset();
    if (db_->Begin()) {
      const Actor who{denial.actor_user_id, denial.actor_role};
      if (Audit(who, "denied", denial.entity, denial.entity_id, denial.patient_id)) {
        (void)db_->Commit();
      } else {
        (void)db_->Rollback();
      }
    }
  }
  return result;
}

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_STORE_SQL_H_
