#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli_test_util.h"

namespace tricholog::cli {
namespace {

using test_util::CliRun;
// Runs tricholog with the repository's data/ folder.
constexpr auto RunArgs = test_util::RunTrichologWithSourceData;

TEST(ScheduleCommand, JsonHasTheDocumentedKeys) {
  const CliRun r =
      RunArgs({"schedule", "--protocol", "dupilumab", "--start", "2025-01-06", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["protocol"], "dupilumab");
  EXPECT_EQ(j["start"], "2025-01-06");
  EXPECT_EQ(j["decision_weeks"], nlohmann::json({16, 52}));
  ASSERT_EQ(j["sessions"].size(), 15u);  // weeks 0..100 over the default 104-week horizon
  const auto& s = j["sessions"][4];
  for (const char* key :
       {"index", "week", "target", "window_start", "window_end", "phase", "decision_point"}) {
    EXPECT_TRUE(s.contains(key)) << key;
  }
  EXPECT_EQ(s["week"], 16);
  EXPECT_EQ(s["target"], "2025-04-28");
  EXPECT_EQ(s["window_start"], "2025-04-21");
  EXPECT_EQ(s["window_end"], "2025-05-05");
  EXPECT_EQ(s["phase"], "response_window");
  EXPECT_EQ(s["decision_point"], true);
  EXPECT_FALSE(s.contains("status"));
}

TEST(ScheduleCommand, WeeksLimitsTheHorizon) {
  const CliRun r = RunArgs({"schedule", "--protocol", "ritlecitinib", "--start", "2025-01-06",
                            "--weeks", "12", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["sessions"].size(), 4u);
  EXPECT_EQ(j["labs"][2]["due"], "2025-02-03");  // ALC and platelets at week 4
}

TEST(ScheduleCommand, StatusesFromDoneAndToday) {
  const CliRun r =
      RunArgs({"schedule", "--protocol", "dupilumab", "--start", "2025-01-06", "--weeks", "24",
               "--done", "2025-01-06,2025-02-04", "--today", "2025-03-27", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["sessions"][0]["status"], "done");
  EXPECT_EQ(j["sessions"][1]["recorded"], "2025-02-04");
  EXPECT_EQ(j["sessions"][2]["status"], "overdue");
  EXPECT_EQ(j["sessions"][3]["status"], "due");
  EXPECT_EQ(j["sessions"][4]["status"], "upcoming");
  EXPECT_EQ(j["today"], "2025-03-27");
}

TEST(ScheduleCommand, TableIsTheDefault) {
  const CliRun r =
      RunArgs({"schedule", "--protocol", "baricitinib", "--start", "2025-01-06", "--weeks", "36"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("2025-03-31"), std::string::npos);
  EXPECT_NE(r.out.find("decision week"), std::string::npos);
  EXPECT_NE(r.out.find("lab: Lipid panel"), std::string::npos);
}

TEST(ScheduleCommand, IcsIsAnICalendar) {
  const CliRun r = RunArgs(
      {"schedule", "--protocol", "minoxidil", "--start", "2025-01-06", "--weeks", "52", "--ics"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0), 0u);
  EXPECT_NE(r.out.find("UID:minoxidil-20250106-0@tricholog\r\n"), std::string::npos);
  EXPECT_NE(r.out.find("DTSTART;VALUE=DATE:20250106\r\n"), std::string::npos);
  size_t events = 0;
  for (size_t pos = 0; (pos = r.out.find("BEGIN:VEVENT", pos)) != std::string::npos; ++pos)
    ++events;
  EXPECT_EQ(events, 11u);
}

TEST(ScheduleCommand, JsonAndIcsExcludeEachOther) {
  const CliRun r =
      RunArgs({"schedule", "--protocol", "minoxidil", "--start", "2025-01-06", "--json", "--ics"});
  EXPECT_EQ(r.code, 2);
}

TEST(ScheduleCommand, BadInputsFailNamingTheField) {
  CliRun r = RunArgs({"schedule", "--protocol", "minoxidil", "--start", "2025-02-30"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("start: '2025-02-30' is not a real calendar day"), std::string::npos)
      << r.err;
  r = RunArgs({"schedule", "--protocol", "minoxidil", "--start", "2025-01-06", "--weeks", "600"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("weeks: 600 is out of range; allowed 1 to 520"), std::string::npos) << r.err;
  r = RunArgs({"schedule", "--protocol", "nope", "--start", "2025-01-06"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("available: baricitinib"), std::string::npos) << r.err;
  r = RunArgs({"schedule", "--protocol", "minoxidil", "--start", "2025-01-06", "--done",
               "2025-05-01", "--today", "2025-04-01"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("done: 2025-05-01 is after today"), std::string::npos) << r.err;
  EXPECT_EQ(RunArgs({"schedule", "--start", "2025-01-06"}).code, 2);  // --protocol is required
}

// Every date the widest allowed schedule prints keeps a four-digit year: ISO text in the
// table and JSON, eight-digit DATE values in the iCalendar.
TEST(ScheduleCommand, StartDateRangeKeepsEveryPrintedDateValid) {
  for (const std::string start : {"1900-01-01", "2200-12-31"}) {
    const CliRun ics = RunArgs(
        {"schedule", "--protocol", "dupilumab", "--start", start, "--weeks", "520", "--ics"});
    ASSERT_EQ(ics.code, 0) << ics.err;
    int dates = 0;
    for (std::size_t at = ics.out.find("VALUE=DATE:"); at != std::string::npos;
         at = ics.out.find("VALUE=DATE:", at + 1)) {
      const std::string value = ics.out.substr(at + 11, ics.out.find("\r\n", at) - at - 11);
      EXPECT_EQ(value.size(), 8u) << value;
      EXPECT_TRUE(value >= "18991201" && value <= "22111231") << value;
      ++dates;
    }
    EXPECT_GT(dates, 10);
    const CliRun json = RunArgs(
        {"schedule", "--protocol", "dupilumab", "--start", start, "--weeks", "520", "--json"});
    ASSERT_EQ(json.code, 0) << json.err;
    for (const auto& session : nlohmann::json::parse(json.out)["sessions"]) {
      for (const char* key : {"target", "window_start", "window_end"}) {
        EXPECT_EQ(session[key].get<std::string>().size(), 10u) << session[key];
      }
    }
  }
  for (const std::string start : {"1899-12-31", "2201-01-01", "9999-12-31", "0000-01-01"}) {
    const CliRun r = RunArgs({"schedule", "--protocol", "dupilumab", "--start", start, "--ics"});
    EXPECT_EQ(r.code, 1) << start;
    EXPECT_NE(r.err.find("start: " + start + " is out of range; allowed 1900-01-01 to 2200-12-31"),
              std::string::npos)
        << r.err;
    EXPECT_TRUE(r.out.empty());
  }
}

}  // namespace
}  // namespace tricholog::cli
