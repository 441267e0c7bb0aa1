// Accounts: sign-up, sign-in, sessions, sign-out, password change and the CSRF check, as one
// service for the web layer (which owns cookies and headers; nothing here knows HTTP).
//
// How the web layer uses it:
//  - Sign-in: put SignedIn::token in the session cookie (HttpOnly, SameSite=Lax, Secure over
//    TLS); it is the only copy, the store keeps a hash. Put csrf_token in every form and send
//    it with every state-changing API call.
//  - Each request: ResolveSession(cookie value) -> the Actor every store call takes, or nullopt
//    (not signed in). The web router checks the CSRF token of state-changing requests
//    against Session::csrf_token (http/router.h).
//  - Errors are tricholog::Error: kInvalidArgument / kMissingField name the form field,
//    kPermissionDenied "wrong email or password", kConflict "email already in use",
//    kResourceExhausted when sign-in is rate-limited (retry after *retry_after_s seconds).
// Limits and lifetimes: store/account_rules.h; reasoning: docs/accounts.md.
// Not thread-safe, like the Store it uses: one Accounts per Store, one Store per thread.
#ifndef TRICHOLOG_APP_ACCOUNTS_H_
#define TRICHOLOG_APP_ACCOUNTS_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "store/account_rules.h"
#include "store/store.h"

namespace tricholog::app {

// A fresh session: token (for the cookie, shown once), csrf_token, session_id, user, actor,
// expires_at (absolute; the idle limit may end it sooner).
using SignedIn = store::NewWebSession;
// A live session: session_id, csrf_token, user, actor.
using Session = store::ResolvedSession;

class Accounts {
 public:
  // `store` must outlive this object.
  explicit Accounts(store::Store& store) : store_(store) {}

  // Creates a patient account and its patient record (store::Store::SignUpPatient). The person
  // is not signed in by this; call SignIn with the same email and password.
  Result<store::SignedUp> SignUp(const store::SignUpRequest& request);

  // Checks the password and opens a session. `client_address` is the peer's IP address (as the
  // server saw it, or from a trusted proxy's header); it keys the per-address rate limit.
  // On kResourceExhausted, *retry_after_s (when given) is the wait in seconds.
  Result<SignedIn> SignIn(std::string_view email, std::string_view password,
                          std::string_view client_address, long long* retry_after_s = nullptr);

  // The session a cookie names, or nullopt when the token is missing, malformed, unknown,
  // signed out or expired. An Error only when the store fails.
  Result<std::optional<Session>> ResolveSession(std::string_view token);

  // Ends the session `token` names; succeeds for an unknown or malformed token.
  Result<void> SignOut(std::string_view token);

  // Changes the password of the session's user (current password required) and ends every
  // other session of theirs; `session` stays signed in. Errors name "current_password" or
  // "new_password".
  Result<void> ChangePassword(const Session& session, std::string_view current_password,
                              std::string_view new_password);

 private:
  store::Store& store_;
};

}  // namespace tricholog::app

#endif  // TRICHOLOG_APP_ACCOUNTS_H_
