// Accounts on the web: the session cookie, the authentication hook that resolves it, and the
// sign-up, sign-in, sign-out and change-password pages with their JSON API twins. Handlers stay
// thin: parse the form or JSON, call app::Accounts, render or answer JSON. See docs/accounts.md.
#ifndef TRICHOLOG_HTTP_ACCOUNT_ROUTES_H_
#define TRICHOLOG_HTTP_ACCOUNT_ROUTES_H_

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.h"
#include "http/router.h"
#include "http/templates.h"
#include "http/worker_pool.h"
#include "store/store.h"

namespace tricholog::http {

// The session cookie's name. It is HttpOnly, SameSite=Lax, Path=/, and Secure only when
// AccountsContext::secure_cookie is set (served over TLS; `serve` speaks plain HTTP today).
inline constexpr std::string_view kSessionCookie = "tricholog_session";

// One Store used from any thread, one caller at a time (a Store is single-threaded).
class StoreGate {
 public:
  explicit StoreGate(std::unique_ptr<store::Store> store) : store_(std::move(store)) {}
  // Runs `job(store)` holding the lock and returns what it returns.
  template <typename F>
  auto With(F&& job) {
    std::lock_guard lock(mutex_);
    return job(*store_);
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<store::Store> store_;
};

struct AccountsContext {
  const TemplateRenderer* renderer = nullptr;  // must outlive the router
  // Resolving sessions and signing out: quick, run on the I/O threads.
  std::shared_ptr<StoreGate> sessions;
  // Sign-up, sign-in and password change (each an Argon2id hash of ~0.3 s): run on `pool` with
  // their own Store, so they never hold the lock every request's session lookup needs. May be
  // the same gate as `sessions` (tests).
  std::shared_ptr<StoreGate> passwords;
  WorkerPool* pool = nullptr;  // must outlive the router
  bool secure_cookie = false;  // add Secure to the cookie (TLS)
  LogSink log;                 // store failures while resolving a session
};

// The authentication hook: the tricholog_session cookie -> Principal (user id, role, CSRF token,
// display name) through app::Accounts::ResolveSession; std::nullopt when absent, unknown,
// expired or when the store fails (logged). Never throws.
Authenticator MakeSessionAuthenticator(std::shared_ptr<StoreGate> sessions, LogSink log = {});

// Adds:
//   GET/POST /signup            form; creates a patient account and record, signs in, 303 to /
//   GET/POST /signin            form; `next` (a local path only) is where a success goes
//   POST     /signout           ends the session, clears the cookie, 303 to /
//   GET/POST /account/password  change password (current one required)
//   POST   /api/v1/accounts     {email, password, display_name, birth_year?} -> 201, cookie
//   POST   /api/v1/session      {email, password} -> 200 {user, csrf_token, expires_at}, cookie
//   DELETE /api/v1/session      -> 204, cookie cleared
//   GET    /api/v1/me           -> {user_id, role, email, display_name, csrf_token}
//   POST   /api/v1/me/password  {current_password, new_password} -> 204
// Sign-up and sign-in (form and API) are CSRF-exempt (no session yet); the Origin check stays.
Result<void> AddAccountRoutes(Router& router, AccountsContext context);

// `next` when it is a path on this site ("/x", not "//host", "/\\host" or with control
// characters or a scheme), else "/".
std::string LocalRedirectTarget(std::string_view next);

}  // namespace tricholog::http

#endif  // TRICHOLOG_HTTP_ACCOUNT_ROUTES_H_
