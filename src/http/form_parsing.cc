#include "http/form_parsing.h"

#include <string>

namespace tricholog::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 6265 cookie-name: a token (visible ASCII except separators).
bool IsTokenChar(unsigned char c) {
  if (c <= 32 || c >= 127) return false;
  switch (c) {
    case '(':
    case ')':
    case '<':
    case '>':
    case '@':
    case ',':
    case ';':
    case ':':
    case '\\':
    case '"':
    case '/':
    case '[':
    case ']':
    case '?':
    case '=':
    case '{':
    case '}':
      return false;
    default:
      return true;
  }
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

Result<std::string> PercentDecode(std::string_view text, bool plus_is_space,
                                  std::string_view field) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      const int hi = i + 1 < text.size() ? HexValue(text[i + 1]) : -1;
      const int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        return MakeError(ErrorCode::kParseError,
                         "has a '%' not followed by two hex digits at byte " + std::to_string(i),
                         std::string(field));
      }
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' ||
        u == '.' || u == '_' || u == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

bool IsValidFieldText(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f) return false;
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t code = 0;
    if ((c & 0xE0) == 0xC0) {
      length = 2, code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3, code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4, code = c & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if ((length == 2 && code < 0x80) || (length == 3 && code < 0x800) ||
        (length == 4 && code < 0x10000) || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

void FormFields::Add(std::string name, std::string value) {
  entries_.emplace_back(std::move(name), std::move(value));
}

Result<std::optional<std::string>> FormFields::Get(std::string_view name) const {
  std::optional<std::string> found;
  for (const auto& [key, value] : entries_) {
    if (key != name) continue;
    if (found) return InvalidArgument(std::string(name), "is given more than once; give it once");
    found = value;
  }
  return found;
}

std::optional<std::string> FormFields::GetOne(std::string_view name) const {
  auto value = Get(name);
  return value ? *value : std::nullopt;
}

std::vector<std::string> FormFields::All(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : entries_) {
    if (key == name) values.push_back(value);
  }
  return values;
}

Result<FormFields> ParseUrlEncoded(std::string_view text, std::string_view what,
                                   const FormLimits& limits) {
  if (text.size() > limits.max_total_bytes) {
    return MakeError(ErrorCode::kTooLarge,
                     "is " + std::to_string(text.size()) + " bytes; at most " +
                         std::to_string(limits.max_total_bytes) + " are accepted",
                     std::string(what));
  }
  FormFields fields;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('&', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view pair = text.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    if (fields.size() >= limits.max_fields) {
      return MakeError(ErrorCode::kTooLarge,
                       "has more than " + std::to_string(limits.max_fields) + " fields",
                       std::string(what));
    }
    const std::size_t equals = pair.find('=');
    auto name = PercentDecode(pair.substr(0, equals), true, what);
    if (!name) return tl::unexpected(name.error());
    if (name->empty()) {
      return InvalidArgument(std::string(what), "has a field with an empty name");
    }
    if (name->size() > limits.max_name_bytes || !IsValidFieldText(*name)) {
      return InvalidArgument(std::string(what), "has a field name that is not text of at most " +
                                                    std::to_string(limits.max_name_bytes) +
                                                    " bytes");
    }
    std::string value;
    if (equals != std::string_view::npos) {
      auto decoded = PercentDecode(pair.substr(equals + 1), true, *name);
      if (!decoded) return tl::unexpected(decoded.error());
      value = std::move(*decoded);
    }
    if (value.size() > limits.max_value_bytes) {
      return MakeError(ErrorCode::kTooLarge,
                       "is " + std::to_string(value.size()) + " bytes; at most " +
                           std::to_string(limits.max_value_bytes) + " are accepted",
                       *name);
    }
    if (!IsValidFieldText(value)) {
      return InvalidArgument(*name, "is not valid UTF-8 text (or holds control characters)");
    }
    fields.Add(std::move(*name), std::move(value));
  }
  return fields;
}

std::map<std::string, std::string> ParseCookieHeader(std::string_view header,
                                                     std::size_t max_cookies) {
  std::map<std::string, std::string> cookies;
  std::size_t pairs = 0;
  std::size_t start = 0;
  while (start < header.size() && pairs < max_cookies) {
    std::size_t end = header.find(';', start);
    if (end == std::string_view::npos) end = header.size();
    const std::string_view pair = TrimSpaces(header.substr(start, end - start));
    start = end + 1;
    if (pair.empty()) continue;
    ++pairs;
    const std::size_t equals = pair.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string_view name = TrimSpaces(pair.substr(0, equals));
    std::string_view value = TrimSpaces(pair.substr(equals + 1));
    if (name.empty()) continue;
    bool valid_name = true;
    for (const char c : name) valid_name = valid_name && IsTokenChar(static_cast<unsigned char>(c));
    if (!valid_name) continue;
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    cookies.emplace(std::string(name), std::string(value));  // the first of duplicates wins
  }
  return cookies;
}

}  // namespace tricholog::http
