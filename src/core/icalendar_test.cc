#include "core/icalendar.h"

#include <gtest/gtest.h>

#include <sstream>

namespace tricholog {
namespace {

std::vector<std::string> PhysicalLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t end = text.find("\r\n", pos);
    if (end == std::string::npos) {
      lines.push_back(text.substr(pos));
      break;
    }
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

// Undoes folding (RFC 5545 §3.1): a CRLF followed by one space is removed.
std::string Unfold(std::string text) {
  for (size_t pos; (pos = text.find("\r\n ")) != std::string::npos;) text.erase(pos, 3);
  return text;
}

TEST(ICalendar, EscapesTextSpecials) {
  EXPECT_EQ(EscapeIcsText("a,b;c\\d"), "a\\,b\\;c\\\\d");
  EXPECT_EQ(EscapeIcsText("line1\nline2"), "line1\\nline2");
  EXPECT_EQ(EscapeIcsText("line1\r\nline2"), "line1\\nline2");
  EXPECT_EQ(EscapeIcsText("plain: text"), "plain: text");  // colon needs no escape in TEXT
}

TEST(ICalendar, ShortLineIsNotFolded) {
  const std::string line(75, 'x');
  EXPECT_EQ(FoldIcsLine(line), line);
}

TEST(ICalendar, FoldsAt75OctetsWithLeadingSpace) {
  const std::string line(200, 'x');
  const std::vector<std::string> lines = PhysicalLines(FoldIcsLine(line));
  ASSERT_EQ(lines.size(), 3u);  // 75 + (1 + 74) + (1 + 51)
  EXPECT_EQ(lines[0].size(), 75u);
  EXPECT_EQ(lines[1].size(), 75u);
  EXPECT_EQ(lines[1][0], ' ');
  EXPECT_EQ(lines[2].size(), 52u);
  EXPECT_EQ(Unfold(FoldIcsLine(line)), line);
}

TEST(ICalendar, FoldingNeverSplitsAUtf8Character) {
  // 73 ASCII octets then "é" (2 octets) then "€" (3 octets): the euro sign would straddle 75.
  const std::string line = std::string(73, 'a') + "\xC3\xA9" + "\xE2\x82\xAC" + "tail";
  const std::vector<std::string> lines = PhysicalLines(FoldIcsLine(line));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], std::string(73, 'a') + "\xC3\xA9");
  EXPECT_EQ(lines[1],
            " \xE2\x82\xAC"
            "tail");
}

TEST(ICalendar, RendersAllDayEventsWithCrlfAndFolding) {
  CalendarEvent e;
  e.uid = "dupilumab-20250106-1@tricholog";
  e.date = *Date::Parse("2025-02-03");
  e.summary = "Tricholog session 1, week 4 (Dupilumab; Dupixent)";
  e.description = std::string(120, 'd') + "\nSecond line, with a comma";
  e.categories = {"Tricholog", "observation"};
  const UtcTimestamp stamp =
      UtcTimestamp::FromUnixSeconds(1736164800 + 3723);  // 2025-01-06 12:00 + 1:02:03
  const auto ics = RenderICalendar({e}, "-//Tricholog//Tricholog 0.1.0//EN", stamp);
  ASSERT_TRUE(ics.has_value()) << ics.error().ToString();

  // Every line ends with CRLF; there is no bare LF.
  ASSERT_GE(ics->size(), 2u);
  EXPECT_EQ(ics->substr(ics->size() - 2), "\r\n");
  for (size_t i = 0; i < ics->size(); ++i) {
    if ((*ics)[i] == '\n') {
      ASSERT_TRUE(i > 0 && (*ics)[i - 1] == '\r') << "bare LF at " << i;
    }
  }
  for (const std::string& line : PhysicalLines(*ics)) EXPECT_LE(line.size(), 75u) << line;

  const std::string unfolded = Unfold(*ics);
  EXPECT_EQ(
      unfolded.rfind(
          "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tricholog//Tricholog 0.1.0//EN\r\n", 0),
      0u);
  EXPECT_NE(unfolded.find("UID:dupilumab-20250106-1@tricholog\r\n"), std::string::npos);
  EXPECT_NE(unfolded.find("DTSTAMP:20250106T130203Z\r\n"), std::string::npos);
  EXPECT_NE(unfolded.find("DTSTART;VALUE=DATE:20250203\r\n"), std::string::npos);
  EXPECT_NE(unfolded.find("DTEND;VALUE=DATE:20250204\r\n"), std::string::npos);
  EXPECT_NE(unfolded.find("SUMMARY:Tricholog session 1\\, week 4 (Dupilumab\\; Dupixent)\r\n"),
            std::string::npos);
  EXPECT_NE(unfolded.find("\\nSecond line\\, with a comma\r\n"), std::string::npos);
  EXPECT_NE(unfolded.find("CATEGORIES:Tricholog,observation\r\n"), std::string::npos);
  EXPECT_EQ(unfolded.substr(unfolded.size() - 15), "END:VCALENDAR\r\n");
}

TEST(ICalendar, DtendIsTheNextDayAcrossYearEnd) {
  CalendarEvent e{"x@tricholog", *Date::Parse("2024-12-31"), "s", "", {}};
  const auto ics = RenderICalendar({e}, "-//T//EN", UtcTimestamp{});
  ASSERT_TRUE(ics.has_value());
  EXPECT_NE(ics->find("DTEND;VALUE=DATE:20250101\r\n"), std::string::npos);
}

TEST(ICalendar, DuplicateOrEmptyUidIsAnError) {
  CalendarEvent e{"same@tricholog", *Date::Parse("2025-01-01"), "s", "", {}};
  const auto dup = RenderICalendar({e, e}, "-//T//EN", UtcTimestamp{});
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().field, "uid");
  e.uid.clear();
  EXPECT_FALSE(RenderICalendar({e}, "-//T//EN", UtcTimestamp{}).has_value());
}

TEST(ICalendar, TimestampFromUnixSeconds) {
  EXPECT_EQ(UtcTimestamp::FromUnixSeconds(0).ToBasicString(), "19700101T000000Z");
  EXPECT_EQ(UtcTimestamp::FromUnixSeconds(951825600).ToBasicString(), "20000229T120000Z");
  EXPECT_EQ(UtcTimestamp::FromUnixSeconds(-1).ToBasicString(), "19691231T235959Z");
}

}  // namespace
}  // namespace tricholog
