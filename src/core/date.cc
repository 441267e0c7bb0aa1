#include "core/date.h"

#include <fmt/format.h>

#include <cctype>

namespace tricholog {

namespace {

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return !s.empty();
}

int ToInt(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

}  // namespace

Date Date::FromYmd(std::chrono::year_month_day ymd) {
  return Date(std::chrono::sys_days(ymd).time_since_epoch().count());
}

Result<Date> Date::Parse(std::string_view text, std::string_view field) {
  const auto bad = [&] {
    return InvalidArgument(std::string(field),
                           fmt::format("'{}' is not a date; expected YYYY-MM-DD", text));
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  const std::string_view y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!AllDigits(y) || !AllDigits(m) || !AllDigits(d)) return bad();
  const std::chrono::year_month_day ymd{std::chrono::year(ToInt(y)),
                                        std::chrono::month(static_cast<unsigned>(ToInt(m))),
                                        std::chrono::day(static_cast<unsigned>(ToInt(d)))};
  if (!ymd.ok()) {
    return InvalidArgument(std::string(field),
                           fmt::format("'{}' is not a real calendar day", text));
  }
  return FromYmd(ymd);
}

std::chrono::year_month_day Date::ymd() const {
  return std::chrono::year_month_day(std::chrono::sys_days(std::chrono::days(days_)));
}

std::string Date::ToString() const {
  const auto d = ymd();
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

std::string Date::ToBasicString() const {
  const auto d = ymd();
  return fmt::format("{:04}{:02}{:02}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

}  // namespace tricholog
