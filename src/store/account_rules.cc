#include "store/account_rules.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace tricholog::store {
namespace {

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view TrimAscii(std::string_view text) {
  while (!text.empty() && IsAsciiSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsAsciiSpace(text.back())) text.remove_suffix(1);
  return text;
}

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

}  // namespace

Result<std::string> NormalizeEmail(std::string_view email, std::string_view field) {
  const std::string f(field);
  const std::string text = LowerAscii(TrimAscii(email));
  if (text.empty()) return MissingField(f);
  if (text.size() < 3 || text.size() > kMaxEmailBytes) {
    return InvalidArgument(
        f, fmt::format("is {} bytes long; allowed 3 to {}", text.size(), kMaxEmailBytes));
  }
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (IsControl(u) || IsAsciiSpace(c) || std::strchr("()<>[]\\,;:\"", c) != nullptr) {
      return InvalidArgument(f, "may not contain white space, control characters or ()<>[]\\,;:\"");
    }
  }
  const std::size_t at = text.find('@');
  if (at == std::string::npos || text.find('@', at + 1) != std::string::npos) {
    return InvalidArgument(f, "must contain exactly one '@', as in name@example.org");
  }
  const std::string_view local = std::string_view(text).substr(0, at);
  const std::string_view domain = std::string_view(text).substr(at + 1);
  if (local.empty() || local.size() > 64) {
    return InvalidArgument(f, "the part before '@' must be 1 to 64 bytes long");
  }
  const std::size_t dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') {
    return InvalidArgument(f, "the part after '@' must be a domain such as example.org");
  }
  return text;
}

Result<void> CheckNewPassword(std::string_view password, std::string_view normalized_email,
                              std::string_view field) {
  const std::string f(field);
  if (password.empty()) return MissingField(f);
  if (password.size() < kMinPasswordBytes || password.size() > kMaxPasswordBytes) {
    return InvalidArgument(f, fmt::format("is {} bytes long; allowed {} to {}", password.size(),
                                          kMinPasswordBytes, kMaxPasswordBytes));
  }
  if (!normalized_email.empty() && LowerAscii(TrimAscii(password)) == normalized_email) {
    return InvalidArgument(f, "must not be the email address");
  }
  return {};
}

Result<void> CheckDisplayName(std::string_view name, std::string_view field) {
  const std::string f(field);
  if (TrimAscii(name).empty()) return MissingField(f);
  if (name.size() > kMaxDisplayNameBytes) {
    return InvalidArgument(
        f, fmt::format("is {} bytes long; allowed 1 to {}", name.size(), kMaxDisplayNameBytes));
  }
  for (const char c : name) {
    if (IsControl(static_cast<unsigned char>(c))) {
      return InvalidArgument(f, "may not contain control characters (tabs, line breaks)");
    }
  }
  return {};
}

Result<std::string> ClientAddressKey(std::string_view client_address) {
  const std::string text(TrimAscii(client_address));
  if (text.empty()) return MissingField("client_address");
  in_addr v4{};
  if (::inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    char out[INET_ADDRSTRLEN];
    return std::string(::inet_ntop(AF_INET, &v4, out, sizeof out));
  }
  std::array<std::uint8_t, 16> v6{};
  if (::inet_pton(AF_INET6, text.c_str(), v6.data()) == 1) {
    const bool v4_mapped =
        std::all_of(v6.begin(), v6.begin() + 10, [](auto b) { return b == 0; }) && v6[10] == 0xff &&
        v6[11] == 0xff;
    if (v4_mapped) return fmt::format("{}.{}.{}.{}", v6[12], v6[13], v6[14], v6[15]);
    std::fill(v6.begin() + 8, v6.end(), std::uint8_t{0});
    char out[INET6_ADDRSTRLEN];
    return std::string(::inet_ntop(AF_INET6, v6.data(), out, sizeof out)) + "/64";
  }
  return text.substr(0, 100);
}

}  // namespace tricholog::store
