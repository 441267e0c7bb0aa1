// Date: a calendar day (proleptic Gregorian, no time zone), the unit of every schedule.
// The core never reads a clock: "today" is always passed in by the caller.
#ifndef TRICHOLOG_CORE_DATE_H_
#define TRICHOLOG_CORE_DATE_H_

#include <chrono>
#include <compare>
#include <string>
#include <string_view>

#include "core/error.h"

namespace tricholog {

class Date {
 public:
  // 1970-01-01.
  constexpr Date() = default;
  static constexpr Date FromDaysSinceEpoch(int days) { return Date(days); }
  static Date FromYmd(std::chrono::year_month_day ymd);

  // Parses exactly "YYYY-MM-DD" with a real calendar day (2025-02-30 is an error).
  // `field` names the input in the error message.
  static Result<Date> Parse(std::string_view text, std::string_view field = "date");

  // "YYYY-MM-DD".
  std::string ToString() const;
  // "YYYYMMDD", as iCalendar's DATE value type wants it (RFC 5545 §3.3.4).
  std::string ToBasicString() const;

  int days_since_epoch() const { return days_; }
  std::chrono::year_month_day ymd() const;

  Date AddDays(int days) const { return Date(days_ + days); }
  // Whole days from this date to `later` (negative when `later` is earlier).
  int DaysUntil(Date later) const { return later.days_ - days_; }

  friend constexpr auto operator<=>(Date a, Date b) = default;

 private:
  constexpr explicit Date(int days) : days_(days) {}
  int days_ = 0;
};

}  // namespace tricholog

#endif  // TRICHOLOG_CORE_DATE_H_
