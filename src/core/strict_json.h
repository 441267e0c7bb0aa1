// Strict JSON input: the one way Tricholog reads a JSON document someone handed it (score and
// assess inputs, imported records, backups).
//
// Stricter than nlohmann::json::parse in the ways an attacker or a typo would exploit:
//  - a key repeated in one object is refused (nlohmann keeps the last one silently);
//  - a number too large for a double ("1e999") is a parse error, not an exception;
//  - nesting deeper than kMaxJsonDepth is refused;
//  - no exception escapes: every failure is an Error naming the source and, where known, the
//    JSON path ("$.sessions[3].week").
// The typed readers take a value as it is (never rounded, narrowed or wrapped) and check it
// against the range of the column or field it is going into.
#ifndef TRICHOLOG_CORE_STRICT_JSON_H_
#define TRICHOLOG_CORE_STRICT_JSON_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/error.h"

namespace tricholog {

inline constexpr int kMaxJsonDepth = 64;

// Parses `text`. Errors are kParseError with field `source` (a file name, "standard input")
// for syntax errors, and the JSON path for a duplicate key ("$.patient.id: key appears twice").
Result<nlohmann::json> ParseStrictJson(std::string_view text, std::string_view source);

// `value` as a whole number in [lo, hi]. A fraction (2.7), a string, a bool or a number out of
// range is kInvalidArgument naming `path` and the allowed range; 3.0 is accepted as 3.
Result<std::int64_t> JsonInteger(const nlohmann::json& value, std::string_view path,
                                 std::int64_t lo, std::int64_t hi);

// `value` as a finite number in [lo, hi]; kInvalidArgument naming `path` otherwise.
Result<double> JsonNumber(const nlohmann::json& value, std::string_view path, double lo, double hi);

}  // namespace tricholog

#endif  // TRICHOLOG_CORE_STRICT_JSON_H_
