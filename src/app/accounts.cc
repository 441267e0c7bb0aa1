#include "app/accounts.h"

#include "store/session_token.h"

namespace tricholog::app {

Result<store::SignedUp> Accounts::SignUp(const store::SignUpRequest& request) {
  return store_.SignUpPatient(request);
}

Result<SignedIn> Accounts::SignIn(std::string_view email, std::string_view password,
                                  std::string_view client_address, long long* retry_after_s) {
  return store_.SignIn(email, password, client_address, retry_after_s);
}

Result<std::optional<Session>> Accounts::ResolveSession(std::string_view token) {
  if (token.empty()) return std::optional<Session>();
  return store_.ResolveSession(token);
}

Result<void> Accounts::SignOut(std::string_view token) { return store_.SignOut(token); }

Result<void> Accounts::ChangePassword(const Session& session, std::string_view current_password,
                                      std::string_view new_password) {
  return store_.ChangePassword(session.actor, current_password, new_password, session.session_id);
}

}  // namespace tricholog::app
