// iCalendar (RFC 5545) output for tracking sessions: all-day events a patient can import into
// any calendar. Pure: the DTSTAMP is passed in (the core never reads a clock).
#ifndef TRICHOLOG_CORE_ICALENDAR_H_
#define TRICHOLOG_CORE_ICALENDAR_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"

namespace tricholog {

// A UTC instant with second resolution, as DTSTAMP wants it (RFC 5545 §3.8.7.2).
struct UtcTimestamp {
  Date date;
  int seconds_of_day = 0;  // 0 to 86399

  // From seconds since 1970-01-01T00:00:00Z; negative values are before 1970.
  static UtcTimestamp FromUnixSeconds(long long seconds);
  // "YYYYMMDDTHHMMSSZ".
  std::string ToBasicString() const;
};

// One all-day event: DTSTART;VALUE=DATE is `date`, DTEND the next day (RFC 5545 §3.6.1:
// DTEND is exclusive).
struct CalendarEvent {
  std::string uid;  // globally unique and stable, e.g. "dupilumab-20250106-3@tricholog"
  Date date;
  std::string summary;
  std::string description;
  std::vector<std::string> categories;
};

// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma get a backslash;
// a line break (LF or CRLF) becomes "\n"; a lone CR is dropped.
std::string EscapeIcsText(std::string_view text);

// Folds one content line (without its CRLF) so no physical line exceeds 75 octets
// (RFC 5545 §3.1): each continuation line begins with one space, which counts toward the 75.
// Never splits a UTF-8 multi-byte sequence. Returns the lines joined by CRLF, with no final
// CRLF.
std::string FoldIcsLine(std::string_view line);

// A VCALENDAR (VERSION:2.0, the given PRODID, CALSCALE:GREGORIAN, METHOD:PUBLISH) with one
// VEVENT per event. Every line ends with CRLF and is folded at 75 octets; text is escaped.
// Errors: an empty or duplicate uid, or a uid with a control character (field "uid");
// a DTSTAMP outside 0..86399 seconds (field "dtstamp").
Result<std::string> RenderICalendar(const std::vector<CalendarEvent>& events,
                                    std::string_view prodid, UtcTimestamp dtstamp);

}  // namespace tricholog

#endif  // TRICHOLOG_CORE_ICALENDAR_H_
