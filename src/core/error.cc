#include "core/error.h"

#include <fmt/format.h>

#include <cmath>

namespace tricholog {

std::string Error::ToString() const {
  if (field.empty()) return message;
  return field + ": " + message;
}

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kMissingField:
      return "missing_field";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kParseError:
      return "parse_error";
    case ErrorCode::kUnsupported:
      return "unsupported";
    case ErrorCode::kTooLarge:
      return "too_large";
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kIo:
      return "io_error";
    case ErrorCode::kInternal:
      return "internal";
    case ErrorCode::kResourceExhausted:
      return "resource_exhausted";
  }
  return "internal";
}

Result<double> RequireInRange(std::string_view field, double value, double lo, double hi) {
  if (!std::isfinite(value)) {
    return InvalidArgument(std::string(field),
                           fmt::format("must be a number from {} to {}", lo, hi));
  }
  if (value < lo || value > hi) {
    return InvalidArgument(std::string(field),
                           fmt::format("{} is out of range; allowed {} to {}", value, lo, hi));
  }
  return value;
}

Result<int> RequireInRange(std::string_view field, int value, int lo, int hi) {
  if (value < lo || value > hi) {
    return InvalidArgument(std::string(field),
                           fmt::format("{} is out of range; allowed {} to {}", value, lo, hi));
  }
  return value;
}

}  // namespace tricholog
