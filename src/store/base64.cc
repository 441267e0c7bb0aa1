#include "store/base64.h"

#include <sodium.h>

#include <cstdlib>

namespace tricholog::store {

std::string ToBase64(std::span<const std::uint8_t> bytes) {
  if (sodium_init() < 0) std::abort();
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.pop_back();  // the terminating NUL
  return out;
}

Result<std::vector<std::uint8_t>> FromBase64(std::string_view text, const std::string& field) {
  if (sodium_init() < 0) std::abort();
  std::vector<std::uint8_t> out(text.size() / 4 * 3 + 3);
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return MakeError(ErrorCode::kParseError, "is not base64", field);
  }
  out.resize(length);
  return out;
}

}  // namespace tricholog::store
