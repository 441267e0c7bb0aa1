#include "store/password.h"

#include <fmt/format.h>
#include <sodium.h>

namespace tricholog::store {

Result<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  if (password.size() < 8 || password.size() > 1024) {
    return InvalidArgument("password",
                           fmt::format("is {} bytes long; allowed 8 to 1024", password.size()));
  }
  if (sodium_init() < 0) return MakeError(ErrorCode::kInternal, "libsodium failed to start");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            cost == PasswordCost::kInteractive ? crypto_pwhash_OPSLIMIT_INTERACTIVE
                                                               : crypto_pwhash_OPSLIMIT_MIN,
                            cost == PasswordCost::kInteractive ? crypto_pwhash_MEMLIMIT_INTERACTIVE
                                                               : crypto_pwhash_MEMLIMIT_MIN,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return MakeError(ErrorCode::kInternal, "out of memory while hashing the password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (sodium_init() < 0) return false;
  const std::string h(hash);
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

}  // namespace tricholog::store
