// Password hashing with Argon2id (libsodium crypto_pwhash, ALG_ARGON2ID13, "interactive" limits:
// 2 passes, 64 MiB), stored in the self-describing "$argon2id$v=19$m=...,t=...,p=..." format.
#ifndef TRICHOLOG_STORE_PASSWORD_H_
#define TRICHOLOG_STORE_PASSWORD_H_

#include <string>
#include <string_view>

#include "core/error.h"

namespace tricholog::store {

// kInteractive is libsodium's recommended cost for sign-in (2 passes, 64 MiB). kMinimum (1 pass,
// 8 KiB) is still Argon2id but only for test suites that create hundreds of users.
enum class PasswordCost { kInteractive, kMinimum };

// Hashes `password` (8 to 1024 bytes, else kInvalidArgument naming "password") with a fresh salt.
Result<std::string> HashPassword(std::string_view password,
                                 PasswordCost cost = PasswordCost::kInteractive);

// True when `password` matches `hash` from HashPassword; false for a wrong password or a
// malformed hash. Takes constant time in the password.
bool VerifyPassword(std::string_view hash, std::string_view password);

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_PASSWORD_H_
