// Accounts and web sessions: the rules and limits in one place (docs/accounts.md explains each
// figure), the values the Store's account methods take and return, and the checks on what a
// person types into a sign-up or password form. Pure functions; no I/O.
#ifndef TRICHOLOG_STORE_ACCOUNT_RULES_H_
#define TRICHOLOG_STORE_ACCOUNT_RULES_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "store/model.h"

namespace tricholog::store {

// --- limits ---------------------------------------------------------------------------------
// A web session ends after this long without a request (a phone left on a table at the clinic).
inline constexpr long long kSessionIdleTimeoutS = 12 * 3600;
// ... and at the latest this long after sign-in, however active (a stolen cookie stops working).
inline constexpr long long kSessionAbsoluteTimeoutS = 30 * 24 * 3600;
// last_seen is written at most this often per session, so that reading pages is not a write per
// request; idle expiry is therefore exact to within this many seconds.
inline constexpr long long kSessionTouchIntervalS = 60;

// Sign-in rate limits, counted in the store so that every server process sharing one database
// sees the same counts. Failures (and attempts still being checked) in the last
// kSignInWindowS seconds count; a successful sign-in clears its own account's failures only.
inline constexpr long long kSignInWindowS = 15 * 60;
// 5 per account per 15 minutes: at most 480 guesses a day against one account, far below what
// guessing even a weak 8-character password needs, and a person who mistypes 5 times waits at
// most 15 minutes (NIST SP 800-63B §5.2.2 allows up to 100 consecutive failures).
inline constexpr int kSignInFailuresPerAccount = 5;
// 20 per client address per 15 minutes: a household or a clinic behind one NAT still signs in
// (4 people mistyping 5 times each), while one address cannot spray a common password over many
// accounts faster than 1,920 tries a day.
inline constexpr int kSignInFailuresPerAddress = 20;
// How long attempt rows (which hold client addresses, personal data) are kept at most.
inline constexpr long long kSignInAttemptRetentionS = 24 * 3600;

// Passwords: 8 to 1024 bytes (HashPassword's range); longer input to a sign-in form is refused
// before any hashing.
inline constexpr std::size_t kMinPasswordBytes = 8;
inline constexpr std::size_t kMaxPasswordBytes = 1024;
inline constexpr std::size_t kMaxEmailBytes = 254;  // RFC 5321 path limit
inline constexpr std::size_t kMaxDisplayNameBytes = 200;

// --- values ---------------------------------------------------------------------------------

// What a person fills in to create their own patient account.
struct SignUpRequest {
  std::string email;
  std::string password;
  std::string display_name;
  std::optional<int> birth_year;  // 1900 .. 2100 when given
};

// The account and the patient record that sign-up made together.
struct SignedUp {
  User user;
  Patient patient;
};

// A new web session. `token` is the only copy of the secret: the store keeps only its hash, so
// it must be handed to the client now (cookie) and can never be read back.
struct NewWebSession {
  std::string token;       // 43 characters of base64url (256 random bits)
  std::string session_id;  // a UUID; safe to log and audit
  std::string csrf_token;  // DeriveCsrfToken(token)
  User user;
  Actor actor;
  std::string expires_at;  // the absolute expiry, ISO-8601 UTC
};

// A session found by its token.
struct ResolvedSession {
  std::string session_id;
  std::string csrf_token;
  User user;
  Actor actor;
};

// One account as an admin lists it (never the password hash).
struct UserSummary {
  User user;
  bool can_sign_in = false;  // false for accounts created locked (imported, no password yet)
  int active_sessions = 0;
};

// --- checks ---------------------------------------------------------------------------------

// Trims ASCII white space and lower-cases ASCII letters, then checks the form: 3 to 254 bytes,
// one '@' with 1 to 64 bytes before it and a domain with a dot after it, no white space, control
// characters or any of ()<>[]\,;:". Errors name `field`.
Result<std::string> NormalizeEmail(std::string_view email, std::string_view field = "email");

// A new password: 8 to 1024 bytes, and not the account's email (ignoring case and surrounding
// white space). `normalized_email` is NormalizeEmail's output. Errors name `field`.
Result<void> CheckNewPassword(std::string_view password, std::string_view normalized_email,
                              std::string_view field = "password");

// A display name: 1 to 200 bytes, no control characters, not only white space.
Result<void> CheckDisplayName(std::string_view name, std::string_view field = "display_name");

// The key the per-address limit counts under: an IPv4 address as is, an IPv6 address as its
// /64 prefix ("2001:db8:1:2::/64": one host usually holds a whole /64), an IPv4-mapped IPv6
// address as the IPv4 one; anything else (a unix socket, a proxy's label) as given, cut to 100
// bytes. kMissingField when empty.
Result<std::string> ClientAddressKey(std::string_view client_address);

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_ACCOUNT_RULES_H_
