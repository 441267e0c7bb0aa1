// Parsers for what a browser sends in the URL and in simple bodies: percent-decoding, query
// strings and application/x-www-form-urlencoded bodies, and the Cookie header. Each is bounded
// (limits below), never throws, and never reads past its input; bad input is an Error naming the
// offending field. Fuzzed in fuzz/url_encoded_fuzzer.cc and fuzz/cookie_fuzzer.cc.
#ifndef TRICHOLOG_HTTP_FORM_PARSING_H_
#define TRICHOLOG_HTTP_FORM_PARSING_H_

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace tricholog::http {

// Decodes %XX escapes (and, when `plus_is_space`, '+' as a space, as in query strings and forms).
// A '%' not followed by two hex digits is kParseError naming `field`. The result may hold any
// byte, NUL included: callers that need text use IsValidFieldText.
Result<std::string> PercentDecode(std::string_view text, bool plus_is_space,
                                  std::string_view field = "url");

// Percent-encodes everything except unreserved characters (RFC 3986: A-Z a-z 0-9 - . _ ~).
std::string PercentEncode(std::string_view text);

// Whether `text` is valid UTF-8 without NUL or other C0 control characters except tab, CR, LF.
bool IsValidFieldText(std::string_view text);

// Bounds on one query string or form body.
struct FormLimits {
  std::size_t max_fields = 256;
  std::size_t max_name_bytes = 128;                      // decoded
  std::size_t max_value_bytes = std::size_t{64} * 1024;  // decoded
  std::size_t max_total_bytes = 1 << 20;                 // the encoded input
};

// Decoded name/value pairs in the order they came. Duplicates are kept: Get() refuses a name
// given more than once (so "?id=a&id=b" cannot smuggle a second value past a check that read the
// first); All() returns every value of a name.
class FormFields {
 public:
  void Add(std::string name, std::string value);
  // The single value of `name`: std::nullopt when absent; kInvalidArgument (field `name`) when
  // it was given more than once.
  Result<std::optional<std::string>> Get(std::string_view name) const;
  // The value when the name occurs exactly once, else std::nullopt (absent or duplicated).
  std::optional<std::string> GetOne(std::string_view name) const;
  std::vector<std::string> All(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

// Parses "a=1&b=two+words&c=%C3%A9" (a query string without '?', or a form body). Empty pairs
// ("a=1&&b=2") are skipped; a pair without '=' is a name with an empty value. Errors
// (kTooLarge, kParseError, kInvalidArgument) name the field, or `what` ("query", "form") when the
// input as a whole is at fault: too many fields, too long, a bad escape, a name or value that is
// not valid text.
Result<FormFields> ParseUrlEncoded(std::string_view text, std::string_view what = "form",
                                   const FormLimits& limits = {});

// Cookie name -> value from a Cookie header ("a=1; b=2"). Lenient like browsers: pairs without
// '=' or with an empty or invalid name are skipped, surrounding spaces and one pair of double
// quotes around a value are removed, the first of duplicate names wins, and after `max_cookies`
// pairs the rest is ignored. Values are not percent-decoded.
std::map<std::string, std::string> ParseCookieHeader(std::string_view header,
                                                     std::size_t max_cookies = 64);

}  // namespace tricholog::http

#endif  // TRICHOLOG_HTTP_FORM_PARSING_H_
