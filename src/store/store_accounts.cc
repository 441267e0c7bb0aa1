// Store: accounts and web sessions — sign-up, sign-in with its rate limits, session resolution,
// sign-out, password change and reset, the admin's list of users. The rules and limits are in
// account_rules.h; docs/accounts.md explains them.
#include <fmt/format.h>

#include <algorithm>

#include "store/account_rules.h"
#include "store/password.h"
#include "store/session_token.h"
#include "store/store.h"
#include "store/store_sql.h"

namespace tricholog::store {

using namespace sql;  // NOLINT(google-build-using-namespace): the value helpers

#define RETURN_IF_ERROR(expr)                                     \
  do {                                                            \
    if (auto r_ = (expr); !r_) return tl::unexpected(r_.error()); \
  } while (false)

namespace {

constexpr std::string_view kWrongEmailOrPassword = "wrong email or password";

// Who an audit row names for a sign-in attempt: the account the attempt claimed, or (for an
// email no account has) this placeholder, so that the log never holds a typed-in address.
constexpr std::string_view kUnknownAccount = "unknown-account";

User UserFromRow(const std::vector<SqlValue>& row, std::size_t at) {
  return User{AsText(row[at]), ParseRole(AsText(row[at + 1])).value_or(Role::kPatient),
              AsText(row[at + 2]), AsText(row[at + 3]), AsText(row[at + 4])};
}

// With `times` ascending (counted attempts in the window), the seconds until fewer than `limit`
// of them remain in it; nullopt while fewer than `limit` are there now.
std::optional<long long> WaitFor(const std::vector<long long>& times, int limit, long long now) {
  if (static_cast<int>(times.size()) < limit) return std::nullopt;
  const long long frees_at = times[times.size() - static_cast<std::size_t>(limit)] + kSignInWindowS;
  return std::max(1LL, frees_at - now);
}

std::string InMinutes(long long seconds) {
  const long long minutes = (seconds + 59) / 60;
  return minutes == 1 ? "1 minute" : fmt::format("{} minutes", minutes);
}

Result<std::vector<long long>> CountedAttempts(Database& db, std::string_view key_column,
                                               const std::string& key, long long now,
                                               bool account) {
  auto rows = db.Query(fmt::format("SELECT at_s FROM sign_in_attempts WHERE {} = ? AND at_s > ? "
                                   "AND outcome <> 'success'{} ORDER BY at_s",
                                   key_column, account ? " AND account_cleared = 0" : ""),
                       {key, Int(now - kSignInWindowS)});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<long long> times;
  for (const auto& row : rows->rows) times.push_back(AsInt64(row[0]));
  return times;
}

Result<void> Exec(Database& db, std::string_view text, const std::vector<SqlValue>& params) {
  auto r = db.Query(text, params);
  if (!r) return tl::unexpected(r.error());
  return {};
}

}  // namespace

std::pair<std::string, long long> Store::Now() {
  std::string text = clock_->NowUtc();
  const long long seconds = ParseUtc(text).value_or(0);
  return {std::move(text), seconds};
}

// --- sign-up ------------------------------------------------------------------------------

Result<SignedUp> Store::SignUpPatient(const SignUpRequest& request) {
  auto email = NormalizeEmail(request.email, "email");
  if (!email) return tl::unexpected(email.error());
  if (auto ok = CheckNewPassword(request.password, *email, "password"); !ok) {
    return tl::unexpected(ok.error());
  }
  if (auto ok = CheckDisplayName(request.display_name, "display_name"); !ok) {
    return tl::unexpected(ok.error());
  }
  if (request.birth_year) {
    if (auto r = RequireInRange("birth_year", *request.birth_year, 1900, 2100); !r) {
      return tl::unexpected(r.error());
    }
  }
  auto hash = HashPassword(request.password, password_cost_);  // slow; outside the transaction
  if (!hash) return tl::unexpected(hash.error());
  return Transact<SignedUp>([&]() -> Result<SignedUp> {
    auto user = InsertUser({"", Role::kPatient, *email, request.display_name, ""}, *hash);
    if (!user) {
      Error e = user.error();
      if (e.field == "user.email") e.field = "email";
      return tl::unexpected(e);
    }
    const Actor self{user->id, Role::kPatient};
    if (auto a = Audit(self, "create", "user", user->id, ""); !a) return tl::unexpected(a.error());
    auto patient =
        CreatePatient(self, {"", user->id, request.display_name, request.birth_year, ""});
    if (!patient) return tl::unexpected(patient.error());
    return SignedUp{*user, *patient};
  });
}

// --- sign-in ------------------------------------------------------------------------------

Result<NewWebSession> Store::SignIn(std::string_view email, std::string_view password,
                                    std::string_view client_address, long long* retry_after_s) {
  if (retry_after_s != nullptr) *retry_after_s = 0;
  auto account_key = NormalizeEmail(email, "email");
  if (!account_key) return tl::unexpected(account_key.error());
  auto address_key = ClientAddressKey(client_address);
  if (!address_key) return tl::unexpected(address_key.error());
  if (password.empty()) return MissingField("password");
  if (password.size() > kMaxPasswordBytes) {
    return InvalidArgument("password", fmt::format("is {} bytes long; allowed at most {}",
                                                   password.size(), kMaxPasswordBytes));
  }

  // 1. Check the limits and count this attempt (as "pending") in one short transaction that
  //    holds sign_in_guard's row lock, so that no two processes count at the same time.
  struct Reservation {
    std::string attempt_id;
    std::optional<Error> limited;
    long long wait_s = 0;
    User user;  // empty id: no account has this email
    std::string password_hash;
  };
  auto [now_text, now] = Now();
  auto reserved = Transact<Reservation>([&]() -> Result<Reservation> {
    Database& db = *db_;
    RETURN_IF_ERROR(Exec(db, "UPDATE sign_in_guard SET attempts = attempts + 1 WHERE id = 1", {}));
    RETURN_IF_ERROR(Exec(db, "DELETE FROM sign_in_attempts WHERE at_s < ?",
                         {Int(now - kSignInAttemptRetentionS)}));
    RETURN_IF_ERROR(Exec(db,
                         "DELETE FROM web_sessions WHERE expires_at_s <= ? OR last_seen_at_s <= ?",
                         {Int(now), Int(now - kSessionIdleTimeoutS)}));
    Reservation out;
    auto rows =
        Sql("SELECT id, role, email, display_name, created_at, password_hash FROM users "
            "WHERE email = ?",
            {*account_key});
    if (!rows) return tl::unexpected(rows.error());
    if (!rows->rows.empty()) {
      out.user = UserFromRow(rows->rows[0], 0);
      out.password_hash = AsText(rows->rows[0][5]);
    }
    auto by_account = CountedAttempts(db, "account_key", *account_key, now, true);
    if (!by_account) return tl::unexpected(by_account.error());
    auto by_address = CountedAttempts(db, "address_key", *address_key, now, false);
    if (!by_address) return tl::unexpected(by_address.error());
    const Actor claimed{out.user.id.empty() ? std::string(kUnknownAccount) : out.user.id,
                        out.user.role};
    if (auto wait = WaitFor(*by_account, kSignInFailuresPerAccount, now)) {
      out.wait_s = *wait;
      out.limited = Error{ErrorCode::kResourceExhausted,
                          fmt::format("too many failed sign-ins for this account; try again in {}",
                                      InMinutes(*wait)),
                          "email"};
    } else if (auto wait2 = WaitFor(*by_address, kSignInFailuresPerAddress, now)) {
      out.wait_s = *wait2;
      out.limited = Error{ErrorCode::kResourceExhausted,
                          fmt::format("too many failed sign-ins from this address; try again in {}",
                                      InMinutes(*wait2)),
                          "client_address"};
    }
    if (out.limited) {
      RETURN_IF_ERROR(Audit(claimed, "denied", "sign_in", "rate_limited", ""));
      return out;
    }
    out.attempt_id = NewUuid();
    RETURN_IF_ERROR(Exec(db,
                         "INSERT INTO sign_in_attempts (id, account_key, address_key, at_s, "
                         "outcome, account_cleared) VALUES (?, ?, ?, ?, 'pending', 0)",
                         {out.attempt_id, *account_key, *address_key, Int(now)}));
    return out;
  });
  if (!reserved) return tl::unexpected(reserved.error());
  if (reserved->limited) {
    if (retry_after_s != nullptr) *retry_after_s = reserved->wait_s;
    return tl::unexpected(*reserved->limited);
  }

  // 2. The slow Argon2id check, outside any transaction. An unknown email or a locked account
  //    (no Argon2id hash) is checked against a dummy hash so that it takes as long.
  const User& user = reserved->user;
  const bool has_hash = !user.id.empty() && reserved->password_hash.rfind("$argon2", 0) == 0;
  bool verified = false;
  if (has_hash) {
    verified = VerifyPassword(reserved->password_hash, password);
  } else {
    (void)VerifyPassword(DummyPasswordHash(), password);
  }

  // 3. Record the outcome; on success open the session.
  auto opened =
      Transact<std::optional<NewWebSession>>([&]() -> Result<std::optional<NewWebSession>> {
        Database& db = *db_;
        if (!verified) {
          RETURN_IF_ERROR(Exec(db, "UPDATE sign_in_attempts SET outcome = 'failure' WHERE id = ?",
                               {reserved->attempt_id}));
          const Actor claimed{user.id.empty() ? std::string(kUnknownAccount) : user.id, user.role};
          RETURN_IF_ERROR(Audit(claimed, "denied", "sign_in", reserved->attempt_id, ""));
          return std::optional<NewWebSession>();
        }
        RETURN_IF_ERROR(Exec(db, "UPDATE sign_in_attempts SET outcome = 'success' WHERE id = ?",
                             {reserved->attempt_id}));
        // This account's failures no longer count against it; other accounts' failures from
        // the same address still count against the address.
        RETURN_IF_ERROR(
            Exec(db, "UPDATE sign_in_attempts SET account_cleared = 1 WHERE account_key = ?",
                 {*account_key}));
        NewWebSession session;
        session.token = NewSessionToken();
        session.session_id = NewUuid();
        session.csrf_token = DeriveCsrfToken(session.token).value_or("");
        session.user = user;
        session.actor = Actor{user.id, user.role};
        session.expires_at = FormatUtc(now + kSessionAbsoluteTimeoutS);
        RETURN_IF_ERROR(
            Exec(db,
                 "INSERT INTO web_sessions (id, token_hash, user_id, created_at, "
                 "created_at_s, last_seen_at_s, expires_at_s) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)",
                 {session.session_id, SessionTokenHash(session.token).value_or(""), user.id,
                  now_text, Int(now), Int(now), Int(now + kSessionAbsoluteTimeoutS)}));
        RETURN_IF_ERROR(Audit(session.actor, "create", "web_session", session.session_id, ""));
        return std::optional<NewWebSession>(std::move(session));
      });
  if (!opened) return tl::unexpected(opened.error());
  if (!*opened)
    return MakeError(ErrorCode::kPermissionDenied, std::string(kWrongEmailOrPassword), "email");
  return std::move(**opened);
}

// --- sessions -----------------------------------------------------------------------------

Result<std::optional<ResolvedSession>> Store::ResolveSession(std::string_view token) {
  const auto hash = SessionTokenHash(token);
  if (!hash) return std::optional<ResolvedSession>();
  // Plain statements, no transaction: on SQLite a transaction takes the write lock, and this
  // runs on every request. A row deleted between them is simply not found or not updated.
  auto rows = Sql(
      "SELECT s.id, s.last_seen_at_s, s.expires_at_s, u.id, u.role, u.email, u.display_name, "
      "u.created_at FROM web_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?",
      {*hash});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->rows.empty()) return std::optional<ResolvedSession>();
  const auto& row = rows->rows[0];
  const std::string session_id = AsText(row[0]);
  const long long last_seen = AsInt64(row[1]);
  const long long expires = AsInt64(row[2]);
  const long long now = Now().second;
  if (now >= expires || now - last_seen >= kSessionIdleTimeoutS) {
    auto gone = Sql("DELETE FROM web_sessions WHERE id = ?", {session_id});
    if (!gone) return tl::unexpected(gone.error());
    return std::optional<ResolvedSession>();
  }
  if (now - last_seen >= kSessionTouchIntervalS) {
    auto touched =
        Sql("UPDATE web_sessions SET last_seen_at_s = ? WHERE id = ?", {Int(now), session_id});
    if (!touched) return tl::unexpected(touched.error());
  }
  ResolvedSession out;
  out.session_id = session_id;
  out.csrf_token = DeriveCsrfToken(token).value_or("");
  out.user = UserFromRow(row, 3);
  out.actor = Actor{out.user.id, out.user.role};
  return std::optional<ResolvedSession>(std::move(out));
}

Result<void> Store::SignOut(std::string_view token) {
  const auto hash = SessionTokenHash(token);
  if (!hash) return {};
  return Transact<void>([&]() -> Result<void> {
    auto rows =
        Sql("SELECT s.id, u.id, u.role FROM web_sessions s JOIN users u ON u.id = s.user_id "
            "WHERE s.token_hash = ?",
            {*hash});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->rows.empty()) return {};
    const auto& row = rows->rows[0];
    const Actor actor{AsText(row[1]), ParseRole(AsText(row[2])).value_or(Role::kPatient)};
    RETURN_IF_ERROR(Exec(*db_, "DELETE FROM web_sessions WHERE id = ?", {row[0]}));
    return Audit(actor, "delete", "web_session", AsText(row[0]), "");
  });
}

// --- passwords ----------------------------------------------------------------------------

Result<void> Store::ChangePassword(const Actor& actor, std::string_view current_password,
                                   std::string_view new_password,
                                   const std::string& keep_session_id) {
  auto rows = Sql("SELECT email, password_hash FROM users WHERE id = ?", {actor.user_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->rows.empty()) {
    return MakeError(ErrorCode::kPermissionDenied, "only a signed-in account has a password",
                     "actor");
  }
  const std::string email = AsText(rows->rows[0][0]);
  const std::string old_hash = AsText(rows->rows[0][1]);
  if (current_password.empty()) return MissingField("current_password");
  if (auto ok = CheckNewPassword(new_password, email, "new_password"); !ok) {
    return tl::unexpected(ok.error());
  }
  if (current_password.size() > kMaxPasswordBytes || !VerifyPassword(old_hash, current_password)) {
    return Transact<void>([&]() -> Result<void> {
      pending_denial_ =
          AuditEntry{0, {}, actor.user_id, actor.role, "denied", "password", actor.user_id, ""};
      return MakeError(ErrorCode::kPermissionDenied, "the current password is wrong",
                       "current_password");
    });
  }
  auto hash = HashPassword(new_password, password_cost_);
  if (!hash) return tl::unexpected(hash.error());
  return Transact<void>([&]() -> Result<void> {
    // Only if nobody changed it meanwhile (the check above ran outside this transaction).
    auto updated =
        Sql("UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ? RETURNING id",
            {*hash, actor.user_id, old_hash});
    if (!updated) return tl::unexpected(updated.error());
    if (updated->rows.empty()) {
      return MakeError(ErrorCode::kConflict, "the password was changed meanwhile; try again",
                       "current_password");
    }
    RETURN_IF_ERROR(Exec(*db_, "DELETE FROM web_sessions WHERE user_id = ? AND id <> ?",
                         {actor.user_id, keep_session_id}));
    return Audit(actor, "update", "password", actor.user_id, "");
  });
}

Result<void> Store::ResetPassword(const Actor& actor, std::string_view email,
                                  std::string_view new_password) {
  auto normalized = NormalizeEmail(email, "email");
  if (!normalized) return tl::unexpected(normalized.error());
  if (auto ok = CheckNewPassword(new_password, *normalized, "password"); !ok) {
    return tl::unexpected(ok.error());
  }
  auto hash = HashPassword(new_password, password_cost_);
  if (!hash) return tl::unexpected(hash.error());
  return Transact<void>([&]() -> Result<void> {
    RETURN_IF_ERROR(RequireAdmin(actor, "password"));
    auto rows = Sql("UPDATE users SET password_hash = ? WHERE email = ? RETURNING id",
                    {*hash, *normalized});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->rows.empty()) {
      return MakeError(ErrorCode::kNotFound, "no account has this email", "email");
    }
    const std::string user_id = AsText(rows->rows[0][0]);
    RETURN_IF_ERROR(Exec(*db_, "DELETE FROM web_sessions WHERE user_id = ?", {user_id}));
    RETURN_IF_ERROR(Exec(*db_,
                         "UPDATE sign_in_attempts SET account_cleared = 1 WHERE account_key = ?",
                         {*normalized}));
    return Audit(actor, "update", "password", user_id, "");
  });
}

Result<std::vector<UserSummary>> Store::ListUsers(const Actor& actor) {
  const long long now = Now().second;
  return ReadTransact<std::vector<UserSummary>>([&]() -> Result<std::vector<UserSummary>> {
    RETURN_IF_ERROR(RequireAdmin(actor, "user"));
    auto rows =
        Sql("SELECT u.id, u.role, u.email, u.display_name, u.created_at, "
            "CASE WHEN u.password_hash LIKE '$argon2%' THEN 1 ELSE 0 END, "
            "(SELECT COUNT(*) FROM web_sessions w WHERE w.user_id = u.id AND w.expires_at_s > ? "
            "AND w.last_seen_at_s > ?) FROM users u ORDER BY u.email",
            {Int(now), Int(now - kSessionIdleTimeoutS)});
    if (!rows) return tl::unexpected(rows.error());
    std::vector<UserSummary> out;
    for (const auto& row : rows->rows) {
      out.push_back({UserFromRow(row, 0), AsBool(row[5]), AsInt(row[6])});
      RETURN_IF_ERROR(Audit(actor, "read", "user", out.back().user.id, ""));
    }
    return out;
  });
}

}  // namespace tricholog::store
