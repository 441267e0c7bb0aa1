// Error and Result: how every Tricholog module reports failure across its boundary.
//
// Policy (after DuckDB's CONTRIBUTING.md): errors a caller can expect — bad input, a missing
// file, an unknown protocol — are returned as Result<T> = tl::expected<T, Error>. Exceptions
// stay inside adapters around libraries that throw (OpenCV, libpqxx, nlohmann::json) and are
// turned into an Error there. Assertions guard invariants that no user input can break.
#ifndef TRICHOLOG_CORE_ERROR_H_
#define TRICHOLOG_CORE_ERROR_H_

#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <utility>

namespace tricholog {

// What kind of failure, stable across versions: API clients and the CLI map these to
// HTTP statuses and exit codes.
enum class ErrorCode {
  kInvalidArgument,   // a value is malformed or outside its allowed range
  kMissingField,      // a required input is absent
  kNotFound,          // a named thing (protocol, patient, file) does not exist
  kParseError,        // input text or bytes could not be parsed
  kUnsupported,       // a valid request for something not supported (e.g. an image format)
  kTooLarge,          // input exceeds a size or pixel limit
  kPermissionDenied,  // the caller may not read or change this
  kConflict,          // the change collides with the current state
  kIo,                // the operating system failed a read or write
  kInternal,          // a bug or an unexpected library failure
  kResourceExhausted,  // too many attempts in a window (sign-in rate limits); retry later
};

// A failure a person can act on: `message` says what is wrong and what is allowed;
// `field` names the offending input (dotted path, e.g. "regions.trunk.erythema") when
// there is one.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;

  // "field: message", or just the message when no field is set.
  std::string ToString() const;
};

template <typename T>
using Result = tl::expected<T, Error>;

// The stable lower-case name of a code ("invalid_argument", "not_found", ...).
std::string_view ErrorCodeName(ErrorCode code);

// Shorthands that build an unexpected<Error>, convertible to any Result<T>.
inline tl::unexpected<Error> MakeError(ErrorCode code, std::string message,
                                       std::string field = {}) {
  return tl::unexpected<Error>(Error{code, std::move(message), std::move(field)});
}
// 'text' in single quotes, for messages that echo a user's value. (Appending rather than
// "'" + std::string(text) also avoids a GCC 12 -O3 false -Wrestrict warning.)
inline std::string Quote(std::string_view text) {
  std::string quoted;
  quoted.reserve(text.size() + 2);
  quoted.append("'").append(text).append("'");
  return quoted;
}

inline tl::unexpected<Error> InvalidArgument(std::string field, std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}
inline tl::unexpected<Error> MissingField(std::string field) {
  std::string message = "is required but missing";
  return MakeError(ErrorCode::kMissingField, std::move(message), std::move(field));
}

// Checks lo <= value <= hi (and that value is a finite number). On failure the message
// names the field, the value and the allowed range, e.g.
// "top: 120 is out of range; allowed 0 to 100".
Result<double> RequireInRange(std::string_view field, double value, double lo, double hi);
Result<int> RequireInRange(std::string_view field, int value, int lo, int hi);

}  // namespace tricholog

#endif  // TRICHOLOG_CORE_ERROR_H_
