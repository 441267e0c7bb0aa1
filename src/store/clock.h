// Time and ids are injected into the Store so that tests and exports are deterministic.
#ifndef TRICHOLOG_STORE_CLOCK_H_
#define TRICHOLOG_STORE_CLOCK_H_

#include <optional>
#include <string>
#include <string_view>

namespace tricholog::store {

// Where the store gets "now" for created_at / recorded_at / audit rows. No SQL now().
class Clock {
 public:
  virtual ~Clock() = default;
  // ISO-8601 UTC to the second: "2025-03-01T09:30:00Z".
  virtual std::string NowUtc() = 0;
};

// The real wall clock.
class SystemClock final : public Clock {
 public:
  std::string NowUtc() override;
};

// Starts at `start_epoch_s` and advances by `step_s` on every call: deterministic timestamps.
class SteppingClock final : public Clock {
 public:
  explicit SteppingClock(long long start_epoch_s = 1735689600 /* 2025-01-01 */, int step_s = 1)
      : next_s_(start_epoch_s), step_s_(step_s) {}
  std::string NowUtc() override;

 private:
  long long next_s_;
  int step_s_;
};

// Formats seconds since 1970-01-01 UTC as "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatUtc(long long epoch_s);

// Seconds since 1970-01-01 UTC for text in exactly FormatUtc's form; nullopt for anything else.
std::optional<long long> ParseUtc(std::string_view text);

// A random (version 4) UUID in lower-case text, from libsodium's CSPRNG.
std::string NewUuid();

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_CLOCK_H_
