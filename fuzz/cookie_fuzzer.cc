// libFuzzer target for the Cookie header parser (http/form_parsing.h) and the constant-time
// comparison used for CSRF tokens (store/session_token.h). The input is a Cookie header value.
#include <cstdint>
#include <string_view>

#include "http/form_parsing.h"
#include "store/session_token.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tricholog::http;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto cookies = ParseCookieHeader(text, 16);
  if (cookies.size() > 16) __builtin_trap();
  for (const auto& [name, value] : cookies) {
    if (name.empty() || name.find_first_of(";= \t\"") != std::string_view::npos) __builtin_trap();
    if (value.find(';') != std::string_view::npos) __builtin_trap();
    if (text.find(name) == std::string_view::npos) __builtin_trap();
  }
  // Equal exactly when the bytes are equal.
  const std::string_view a = text.substr(0, size / 2), b = text.substr(size / 2);
  if (tricholog::store::ConstantTimeEquals(a, b) != (a == b)) __builtin_trap();
  if (!tricholog::store::ConstantTimeEquals(text, text)) __builtin_trap();
  return 0;
}
