#include "core/strict_json.h"

#include <fmt/format.h>

#include <cmath>
#include <set>
#include <vector>

namespace tricholog {
namespace {

using nlohmann::json;

// Where the parser is: one frame per open object or array, to name a duplicate key's path.
struct Frame {
  bool array = false;
  std::size_t index = 0;       // arrays: the element being read
  std::string key;             // objects: the member being read
  std::set<std::string> keys;  // objects: the keys seen so far
};

// Thrown inside the parse callback and caught in ParseStrictJson; never leaves this file.
struct StrictJsonViolation {
  std::string path;
  std::string message;
};

std::string PathOf(const std::vector<Frame>& frames) {
  std::string path = "$";
  // The last frame is the container being read; each frame before it names the member of
  // its own container that holds the next one.
  for (std::size_t i = 0; i + 1 < frames.size(); ++i) {
    path += frames[i].array ? fmt::format("[{}]", frames[i].index) : "." + frames[i].key;
  }
  return path;
}

// Strips nlohmann's "[json.exception.parse_error.101] " prefix.
std::string WithoutExceptionId(const char* what) {
  std::string text = what;
  if (const auto end = text.find("] "); end != std::string::npos) text.erase(0, end + 2);
  return text;
}

std::string ShortValue(const json& value) {
  std::string text = value.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

}  // namespace

Result<json> ParseStrictJson(std::string_view text, std::string_view source) {
  std::vector<Frame> frames;
  auto callback = [&frames](int depth, json::parse_event_t event, json& parsed) {
    if (depth > kMaxJsonDepth) {
      throw StrictJsonViolation{PathOf(frames),
                                fmt::format("nesting deeper than {} levels", kMaxJsonDepth)};
    }
    switch (event) {
      case json::parse_event_t::object_start:
        frames.push_back(Frame{});
        break;
      case json::parse_event_t::array_start:
        frames.emplace_back();
        frames.back().array = true;
        break;
      case json::parse_event_t::key: {
        Frame& top = frames.back();
        top.key = parsed.get<std::string>();
        if (!top.keys.insert(top.key).second) {
          throw StrictJsonViolation{PathOf(frames) + "." + top.key,
                                    "key appears twice in one object"};
        }
        break;
      }
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        frames.pop_back();
        if (!frames.empty() && frames.back().array) ++frames.back().index;
        break;
      case json::parse_event_t::value:
        if (!frames.empty() && frames.back().array) ++frames.back().index;
        break;
    }
    return true;
  };
  try {
    return json::parse(text.begin(), text.end(), callback);
  } catch (const StrictJsonViolation& v) {
    return MakeError(ErrorCode::kParseError, v.message, v.path);
  } catch (const json::out_of_range& e) {
    // "number overflow parsing '1e999'": a value no double can hold.
    return MakeError(ErrorCode::kParseError, "is not valid JSON: " + WithoutExceptionId(e.what()),
                     std::string(source));
  } catch (const json::exception& e) {
    return MakeError(ErrorCode::kParseError, "is not valid JSON: " + WithoutExceptionId(e.what()),
                     std::string(source));
  }
}

Result<std::int64_t> JsonInteger(const json& value, std::string_view path, std::int64_t lo,
                                 std::int64_t hi) {
  const std::string range = fmt::format("a whole number from {} to {}", lo, hi);
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    if (hi >= 0 && u <= static_cast<std::uint64_t>(hi) && static_cast<std::int64_t>(u) >= lo) {
      return static_cast<std::int64_t>(u);
    }
    return InvalidArgument(std::string(path),
                           fmt::format("{} is out of range; allowed {}", u, range));
  }
  if (value.is_number_integer()) {
    const auto i = value.get<std::int64_t>();
    if (i >= lo && i <= hi) return i;
    return InvalidArgument(std::string(path),
                           fmt::format("{} is out of range; allowed {}", i, range));
  }
  if (value.is_number_float()) {
    const double d = value.get<double>();
    // Whole floats inside the range are exact in a double only up to 2^53; beyond that the
    // written digits may not be the value, so they are refused along with fractions.
    constexpr double kExact = 9007199254740992.0;  // 2^53
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) <= kExact &&
        d >= static_cast<double>(lo) && d <= static_cast<double>(hi)) {
      return static_cast<std::int64_t>(d);
    }
    return InvalidArgument(std::string(path),
                           fmt::format("{} is not allowed; must be {}", ShortValue(value), range));
  }
  return InvalidArgument(std::string(path),
                         fmt::format("{} is not allowed; must be {}", ShortValue(value), range));
}

Result<double> JsonNumber(const json& value, std::string_view path, double lo, double hi) {
  if (!value.is_number()) {
    return InvalidArgument(std::string(path), fmt::format("{} is not allowed; must be a number "
                                                          "from {} to {}",
                                                          ShortValue(value), lo, hi));
  }
  return RequireInRange(path, value.get<double>(), lo, hi);
}

}  // namespace tricholog
