// Web session tokens and the CSRF tokens derived from them (libsodium).
//
// A session token is 256 bits from randombytes_buf, given to the client once as base64url
// (43 characters, no padding). The store keeps only SessionTokenHash(token): BLAKE2b-256
// (crypto_generichash, unkeyed: the token is already uniformly random, so a key would add
// nothing against a reader of the table but a secret every server process must share). A
// database dump therefore holds nothing that signs anyone in.
// The CSRF token is BLAKE2b-256 keyed by the session token's 32 bytes over a fixed context
// string: stable for the session's life, different per session, and useless without the cookie.
#ifndef TRICHOLOG_STORE_SESSION_TOKEN_H_
#define TRICHOLOG_STORE_SESSION_TOKEN_H_

#include <optional>
#include <string>
#include <string_view>

namespace tricholog::store {

inline constexpr std::size_t kSessionTokenBytes = 32;  // 256 bits
inline constexpr std::size_t kSessionTokenChars = 43;  // base64url, no padding

// A fresh random token, base64url.
std::string NewSessionToken();

// Lower-case hex of BLAKE2b-256 over the token's 32 bytes; nullopt when `token` is not exactly
// 43 base64url characters that decode to 32 bytes (a forged or truncated cookie).
std::optional<std::string> SessionTokenHash(std::string_view token);

// base64url of BLAKE2b-256 keyed by the token's bytes over "tricholog csrf v1"; nullopt for a
// malformed token.
std::optional<std::string> DeriveCsrfToken(std::string_view token);

// True when `a` and `b` are equal, in time that depends only on their lengths (sodium_memcmp).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_SESSION_TOKEN_H_
