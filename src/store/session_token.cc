#include "store/session_token.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdlib>

namespace tricholog::store {
namespace {

constexpr std::string_view kCsrfContext = "tricholog csrf v1";
constexpr int kBase64Variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

using TokenBytes = std::array<std::uint8_t, kSessionTokenBytes>;

void InitSodium() {
  if (sodium_init() < 0) std::abort();  // libsodium cannot run without a random source
}

std::string ToBase64Url(const std::uint8_t* bytes, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, kBase64Variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, size, kBase64Variant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::optional<TokenBytes> Decode(std::string_view token) {
  if (token.size() != kSessionTokenChars) return std::nullopt;
  InitSodium();
  TokenBytes bytes{};
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(bytes.data(), bytes.size(), token.data(), token.size(), nullptr, &length,
                        &end, kBase64Variant) != 0 ||
      length != bytes.size() || end != token.data() + token.size()) {
    return std::nullopt;
  }
  // Exactly one encoding per token: the last character's unused low bits must be zero, or two
  // cookies would hash to different rows yet name the same bytes.
  if (ToBase64Url(bytes.data(), bytes.size()) != token) return std::nullopt;
  return bytes;
}

}  // namespace

std::string NewSessionToken() {
  InitSodium();
  TokenBytes bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string token = ToBase64Url(bytes.data(), bytes.size());
  sodium_memzero(bytes.data(), bytes.size());
  return token;
}

std::optional<std::string> SessionTokenHash(std::string_view token) {
  auto bytes = Decode(token);
  if (!bytes) return std::nullopt;
  std::array<std::uint8_t, crypto_generichash_BYTES> hash{};
  crypto_generichash(hash.data(), hash.size(), bytes->data(), bytes->size(), nullptr, 0);
  sodium_memzero(bytes->data(), bytes->size());
  std::string hex(hash.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), hash.data(), hash.size());
  hex.pop_back();
  return hex;
}

std::optional<std::string> DeriveCsrfToken(std::string_view token) {
  auto bytes = Decode(token);
  if (!bytes) return std::nullopt;
  std::array<std::uint8_t, crypto_generichash_BYTES> mac{};
  crypto_generichash(mac.data(), mac.size(),
                     reinterpret_cast<const unsigned char*>(kCsrfContext.data()),
                     kCsrfContext.size(), bytes->data(), bytes->size());
  sodium_memzero(bytes->data(), bytes->size());
  return ToBase64Url(mac.data(), mac.size());
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  InitSodium();
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace tricholog::store
