#include "core/icalendar.h"

#include <fmt/format.h>

#include <set>

namespace tricholog {

namespace {

constexpr size_t kMaxLineOctets = 75;  // RFC 5545 §3.1, excluding the CRLF

bool IsUtf8Continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

void AppendLine(std::string& out, std::string_view line) {
  out += FoldIcsLine(line);
  out += "\r\n";
}

}  // namespace

UtcTimestamp UtcTimestamp::FromUnixSeconds(long long seconds) {
  constexpr long long kDay = 86400;
  long long days = seconds / kDay;
  long long rest = seconds % kDay;
  if (rest < 0) {
    rest += kDay;
    --days;
  }
  return UtcTimestamp{Date::FromDaysSinceEpoch(static_cast<int>(days)), static_cast<int>(rest)};
}

std::string UtcTimestamp::ToBasicString() const {
  return fmt::format("{}T{:02}{:02}{:02}Z", date.ToBasicString(), seconds_of_day / 3600,
                     seconds_of_day / 60 % 60, seconds_of_day % 60);
}

std::string EscapeIcsText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        break;  // a lone CR is dropped; in CRLF the LF writes the "\n"
      default:
        out += c;
    }
  }
  return out;
}

std::string FoldIcsLine(std::string_view line) {
  std::string out;
  size_t pos = 0;
  size_t budget = kMaxLineOctets;  // the first line has no leading space
  while (line.size() - pos > budget) {
    size_t cut = pos + budget;
    // Back up to the start of a UTF-8 character so a sequence is never split.
    while (cut > pos && IsUtf8Continuation(static_cast<unsigned char>(line[cut]))) --cut;
    if (cut == pos) cut = pos + budget;  // malformed UTF-8: split anyway rather than loop
    out.append(line.substr(pos, cut - pos));
    out += "\r\n ";
    pos = cut;
    budget = kMaxLineOctets - 1;
  }
  out.append(line.substr(pos));
  return out;
}

Result<std::string> RenderICalendar(const std::vector<CalendarEvent>& events,
                                    std::string_view prodid, UtcTimestamp dtstamp) {
  if (dtstamp.seconds_of_day < 0 || dtstamp.seconds_of_day > 86399) {
    return InvalidArgument("dtstamp", fmt::format("{} seconds is out of range; allowed 0 to 86399",
                                                  dtstamp.seconds_of_day));
  }
  std::set<std::string> uids;
  for (const CalendarEvent& event : events) {
    if (event.uid.empty()) return InvalidArgument("uid", "must not be empty");
    for (char c : event.uid) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
        return InvalidArgument("uid", "must not contain control characters");
      }
    }
    if (!uids.insert(event.uid).second) {
      return InvalidArgument(
          "uid", fmt::format("'{}' is used by two events; UIDs must be unique", event.uid));
    }
  }

  std::string out;
  AppendLine(out, "BEGIN:VCALENDAR");
  AppendLine(out, "VERSION:2.0");
  AppendLine(out, "PRODID:" + std::string(prodid));
  AppendLine(out, "CALSCALE:GREGORIAN");
  AppendLine(out, "METHOD:PUBLISH");
  const std::string stamp = dtstamp.ToBasicString();
  for (const CalendarEvent& event : events) {
    AppendLine(out, "BEGIN:VEVENT");
    // UID is a TEXT value too (RFC 5545 §3.8.4.7).
    AppendLine(out, "UID:" + EscapeIcsText(event.uid));
    AppendLine(out, "DTSTAMP:" + stamp);
    AppendLine(out, "DTSTART;VALUE=DATE:" + event.date.ToBasicString());
    AppendLine(out, "DTEND;VALUE=DATE:" + event.date.AddDays(1).ToBasicString());
    AppendLine(out, "SUMMARY:" + EscapeIcsText(event.summary));
    if (!event.description.empty())
      AppendLine(out, "DESCRIPTION:" + EscapeIcsText(event.description));
    if (!event.categories.empty()) {
      std::string line = "CATEGORIES:";
      for (size_t i = 0; i < event.categories.size(); ++i) {
        if (i > 0) line += ',';  // the list separator itself is not escaped
        line += EscapeIcsText(event.categories[i]);
      }
      AppendLine(out, line);
    }
    AppendLine(out, "TRANSP:TRANSPARENT");  // a reminder, not a busy appointment
    AppendLine(out, "END:VEVENT");
  }
  AppendLine(out, "END:VCALENDAR");
  return out;
}

}  // namespace tricholog
