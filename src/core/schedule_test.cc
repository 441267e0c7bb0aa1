#include "core/schedule.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tricholog {
namespace {

namespace fs = std::filesystem;

std::vector<Protocol> AllProtocols() {
  std::vector<Protocol> out;
  for (const auto& entry :
       fs::directory_iterator(fs::path(TRICHOLOG_SOURCE_DATA_DIR) / "protocols")) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    auto p = ParseProtocol(text.str(), entry.path().filename().string());
    EXPECT_TRUE(p.has_value()) << p.error().ToString();
    if (p) out.push_back(std::move(*p));
  }
  return out;
}

Protocol LoadProtocol(const std::string& id) {
  for (Protocol& p : AllProtocols()) {
    if (p.id == id) return p;
  }
  ADD_FAILURE() << "no protocol " << id;
  return {};
}

Date D(const char* text) { return *Date::Parse(text); }

TEST(Schedule, DefaultCadenceLandsOnTrialWeeks) {
  const std::vector<int> weeks = PlannedSessionWeeks(DefaultTrackingPlan(), 104);
  EXPECT_EQ(weeks, (std::vector<int>{0, 4, 8, 12, 16, 20, 24, 30, 36, 44, 52, 64, 76, 88, 100}));
}

TEST(Schedule, EveryProtocolOverTwoYearsMeetsThePhaseTableAndAnchors) {
  const std::vector<PhaseRule> table = DefaultPhaseRules();  // clinical.md §5.5
  for (const Protocol& p : AllProtocols()) {
    const auto s = BuildSchedule(p, D("2024-01-15"), 104);
    ASSERT_TRUE(s.has_value()) << s.error().ToString();
    ASSERT_FALSE(s->sessions.empty());
    EXPECT_EQ(s->sessions.front().week, 0) << p.id << ": baseline";
    EXPECT_EQ(s->sessions.front().target, D("2024-01-15"));
    for (int anchor : kAnchorWeeks) {
      const bool near =
          std::any_of(s->sessions.begin(), s->sessions.end(),
                      [&](const ScheduledSession& x) { return std::abs(x.week - anchor) <= 2; });
      EXPECT_TRUE(near) << p.id << ": no session within 2 weeks of week " << anchor;
    }
    for (size_t i = 0; i + 1 < s->sessions.size(); ++i) {
      const ScheduledSession& a = s->sessions[i];
      const ScheduledSession& b = s->sessions[i + 1];
      const PhaseRule& rule = PhaseRuleAt(table, a.week);
      EXPECT_GE(b.week - a.week, rule.min_interval_weeks) << p.id << " week " << a.week;
      EXPECT_LE(b.week - a.week, rule.max_interval_weeks) << p.id << " week " << a.week;
      EXPECT_LT(a.window_end, b.window_start)
          << p.id << ": windows of " << a.week << " and " << b.week;
      EXPECT_EQ(a.target.DaysUntil(b.target), (b.week - a.week) * 7);
      EXPECT_LE(a.window_start, a.target);
      EXPECT_GE(a.window_end, a.target);
      EXPECT_LE(a.target.DaysUntil(a.window_end), 14) << "a window stays within ±2 weeks";
    }
    EXPECT_LE(s->sessions.back().week, 104);
  }
}

TEST(Schedule, DecisionWeeksAreFlaggedOnSessions) {
  const auto s = BuildSchedule(LoadProtocol("ritlecitinib"), D("2025-03-03"), 104);
  ASSERT_TRUE(s.has_value());
  std::vector<int> flagged;
  for (const ScheduledSession& x : s->sessions) {
    if (x.decision_point) flagged.push_back(x.week);
  }
  EXPECT_EQ(flagged, (std::vector<int>{24, 36, 52}));
  EXPECT_EQ(s->decision_weeks, (std::vector<int>{24, 36, 52}));
}

TEST(Schedule, PhasesFollowTheProtocolTable) {
  const auto s = BuildSchedule(LoadProtocol("dupilumab"), D("2025-01-06"), 104);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->sessions[3].week, 12);
  EXPECT_EQ(s->sessions[3].phase, TimelinePhase::kObservation);
  EXPECT_EQ(s->sessions[4].phase, TimelinePhase::kResponseWindow);       // week 16
  EXPECT_EQ(s->sessions[7].phase, TimelinePhase::kContinuedAssessment);  // week 30
  EXPECT_EQ(s->sessions[10].phase, TimelinePhase::kMaintenance);         // week 52
}

TEST(Schedule, DatesAreRightAcrossLeapYears) {
  // 2024 is a leap year: week 4 from 2024-02-05 crosses 29 February.
  const auto s = BuildSchedule(LoadProtocol("baricitinib"), D("2024-02-05"), 104);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->sessions[1].target, D("2024-03-04"));
  EXPECT_EQ(s->sessions[10].week, 52);
  EXPECT_EQ(s->sessions[10].target, D("2025-02-03"));  // 364 days, across 29 Feb 2024
  // 2100 is not a leap year.
  const auto t = BuildSchedule(LoadProtocol("baricitinib"), D("2100-02-15"), 12);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->sessions[1].target, D("2100-03-15"));
  // The baseline window opens 14 days before the start and closes on it.
  EXPECT_EQ(s->sessions[0].window_start, D("2024-01-22"));
  EXPECT_EQ(s->sessions[0].window_end, D("2024-02-05"));
}

TEST(Schedule, HorizonLimitsSessionsAndIsValidated) {
  const Protocol p = LoadProtocol("minoxidil");
  const auto s = BuildSchedule(p, D("2025-01-01"), 24);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->sessions.back().week, 24);
  EXPECT_EQ(s->sessions.size(), 7u);
  const auto bad = BuildSchedule(p, D("2025-01-01"), 0);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "weeks");
  EXPECT_EQ(bad.error().message, "0 is out of range; allowed 1 to 520");
}

TEST(Schedule, LabsAreDueFromTheStartDate) {
  const auto s = BuildSchedule(LoadProtocol("ritlecitinib"), D("2025-01-06"), 104);
  ASSERT_TRUE(s.has_value());
  std::vector<std::string> week4;
  for (const LabDue& lab : s->labs) {
    if (lab.week == 4) {
      EXPECT_EQ(lab.due, D("2025-02-03"));
      EXPECT_EQ(lab.session_index, 1);
      week4.push_back(lab.lab_id);
    }
  }
  EXPECT_EQ(week4, (std::vector<std::string>{"alc_platelets"}));
  const auto b = BuildSchedule(LoadProtocol("baricitinib"), D("2025-01-06"), 104);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->sessions[3].lab_ids, (std::vector<std::string>{"lipids"}));  // week 12
}

class Progress : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = BuildSchedule(LoadProtocol("dupilumab"), D("2025-01-06"), 52);
    ASSERT_TRUE(s.has_value());
    schedule_ = std::move(*s);
  }
  ScheduleProgress Track(std::vector<Date> done, Date today) {
    auto p = TrackProgress(schedule_, done, today);
    EXPECT_TRUE(p.has_value()) << p.error().ToString();
    return p ? *p : ScheduleProgress{};
  }
  Schedule schedule_;
};

TEST_F(Progress, DoneDueOverdueUpcoming) {
  // Baseline on the start day, week 4 on time, week 8 skipped; today is inside week 12's window.
  const ScheduleProgress p = Track({D("2025-01-06"), D("2025-02-04")}, D("2025-03-27"));
  ASSERT_EQ(p.sessions.size(), schedule_.sessions.size());
  EXPECT_EQ(p.sessions[0].status, SessionStatus::kDone);
  EXPECT_TRUE(p.sessions[0].in_window);
  EXPECT_EQ(p.sessions[1].status, SessionStatus::kDone);
  EXPECT_EQ(p.sessions[1].recorded, D("2025-02-04"));
  EXPECT_EQ(p.sessions[2].status, SessionStatus::kOverdue);  // week 8 window closed 2025-03-10
  EXPECT_EQ(p.sessions[3].status, SessionStatus::kDue);      // week 12: 2025-03-31 ± 7
  EXPECT_EQ(p.sessions[4].status, SessionStatus::kUpcoming);
  EXPECT_TRUE(p.unmatched.empty());
}

TEST_F(Progress, WindowEdgesAreInclusive) {
  const Date week4_end = schedule_.sessions[1].window_end;
  const ScheduleProgress on_edge = Track({}, week4_end);
  EXPECT_EQ(on_edge.sessions[1].status, SessionStatus::kDue);
  const ScheduleProgress after = Track({}, week4_end.AddDays(1));
  EXPECT_EQ(after.sessions[1].status, SessionStatus::kOverdue);
}

TEST_F(Progress, LateRecordingIsAttributedOutsideTheWindow) {
  // Week 12 target 2025-03-31, window to 2025-04-07; recorded 10 days late on 2025-04-10.
  const ScheduleProgress p = Track({D("2025-04-10")}, D("2025-04-12"));
  EXPECT_EQ(p.sessions[3].status, SessionStatus::kDone);
  EXPECT_EQ(p.sessions[3].recorded, D("2025-04-10"));
  EXPECT_FALSE(p.sessions[3].in_window);
  EXPECT_EQ(p.sessions[4].status, SessionStatus::kUpcoming);
}

TEST_F(Progress, RecordingFarFromAnySessionIsUnmatched) {
  // Day 336 lies 28 days from both week 44 (day 308) and week 52 (day 364).
  const Date stray = D("2025-01-06").AddDays(336);
  const ScheduleProgress p = Track({stray}, stray.AddDays(4));
  EXPECT_EQ(p.unmatched, (std::vector<Date>{stray}));
  EXPECT_EQ(p.sessions[9].status, SessionStatus::kOverdue);    // week 44
  EXPECT_EQ(p.sessions[10].status, SessionStatus::kUpcoming);  // week 52
}

TEST_F(Progress, TwoRecordingsInOneWindowCountOnce) {
  // Week 4 target 2025-02-03: 2025-01-29 (5 days early) and 2025-02-02 (1 day early).
  const ScheduleProgress p = Track({D("2025-01-29"), D("2025-02-02")}, D("2025-02-10"));
  EXPECT_EQ(p.sessions[1].status, SessionStatus::kDone);
  EXPECT_EQ(p.sessions[1].recorded, D("2025-02-02"));  // the one nearer the target
  EXPECT_EQ(p.unmatched, (std::vector<Date>{D("2025-01-29")}));
  EXPECT_EQ(p.sessions[2].status, SessionStatus::kUpcoming);  // not double counted as week 8
  int done = 0;
  for (const SessionProgress& s : p.sessions) done += s.status == SessionStatus::kDone;
  EXPECT_EQ(done, 1);
}

TEST_F(Progress, DuplicateDatesCountOnce) {
  const ScheduleProgress p = Track({D("2025-02-03"), D("2025-02-03")}, D("2025-02-10"));
  EXPECT_EQ(p.sessions[1].status, SessionStatus::kDone);
  EXPECT_TRUE(p.unmatched.empty());
}

TEST_F(Progress, RecordingAfterTodayIsAnError) {
  const auto p = TrackProgress(schedule_, std::vector<Date>{D("2025-03-01")}, D("2025-02-01"));
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().field, "done");
}

TEST(ScheduleCalendar, OneEventPerSessionWithStableUids) {
  const Protocol p = LoadProtocol("baricitinib");
  const auto s = BuildSchedule(p, D("2025-01-06"), 52);
  ASSERT_TRUE(s.has_value());
  const std::vector<CalendarEvent> events = ScheduleCalendarEvents(*s, p);
  ASSERT_EQ(events.size(), s->sessions.size());
  EXPECT_EQ(events[3].uid, "baricitinib-20250106-3@tricholog");
  EXPECT_EQ(events[3].date, D("2025-03-31"));
  EXPECT_NE(events[3].description.find("Lipid panel"), std::string::npos);
  EXPECT_NE(events[6].summary.find("decision week"), std::string::npos);  // week 24
  EXPECT_NE(events[6].description.find("Window: 2025-06-16 to 2025-06-30"), std::string::npos);
}

}  // namespace
}  // namespace tricholog
