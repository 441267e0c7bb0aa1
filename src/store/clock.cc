#include "store/clock.h"

#include <fmt/format.h>
#include <sodium.h>

#include <array>
#include <chrono>
#include <cstdint>

#include "core/date.h"

namespace tricholog::store {

std::string FormatUtc(long long epoch_s) {
  long long days = epoch_s / 86400;
  long long rem = epoch_s % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  const Date date = Date::FromDaysSinceEpoch(static_cast<int>(days));
  return fmt::format("{}T{:02}:{:02}:{:02}Z", date.ToString(), rem / 3600, (rem / 60) % 60,
                     rem % 60);
}

std::optional<long long> ParseUtc(std::string_view text) {
  // "YYYY-MM-DDTHH:MM:SSZ"
  if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      text[19] != 'Z') {
    return std::nullopt;
  }
  auto date = Date::Parse(text.substr(0, 10));
  if (!date) return std::nullopt;
  int parts[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    const char hi = text[11 + 3 * i], lo = text[12 + 3 * i];
    if (hi < '0' || hi > '9' || lo < '0' || lo > '9') return std::nullopt;
    parts[i] = (hi - '0') * 10 + (lo - '0');
  }
  if (parts[0] > 23 || parts[1] > 59 || parts[2] > 59) return std::nullopt;
  return static_cast<long long>(date->days_since_epoch()) * 86400 + parts[0] * 3600 +
         parts[1] * 60 + parts[2];
}

std::string SystemClock::NowUtc() {
  const auto now = std::chrono::system_clock::now();
  return FormatUtc(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

std::string SteppingClock::NowUtc() {
  const long long t = next_s_;
  next_s_ += step_s_;
  return FormatUtc(t);
}

std::string NewUuid() {
  if (sodium_init() < 0) std::abort();  // libsodium cannot run without a random source
  std::array<std::uint8_t, 16> b{};
  randombytes_buf(b.data(), b.size());
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);  // RFC 4122 version 4
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string out;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += fmt::format("{:02x}", b[i]);
  }
  return out;
}

}  // namespace tricholog::store
