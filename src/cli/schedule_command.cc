// `tricholog schedule`: the tracking sessions of a course as a table, JSON or iCalendar, with
// each session's status when recorded sessions or today's date are given. The output keys
// are documented in docs/protocols.md.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "app/protocol_catalog.h"
#include "cli/command_context.h"
#include "core/icalendar.h"
#include "core/schedule.h"

namespace tricholog::cli {
namespace {

constexpr std::string_view kProdId = "-//Tricholog//Tricholog 0.1.0//EN";

struct ScheduleOptions {
  std::string protocol;
  std::string start;
  int weeks = kDefaultHorizonWeeks;
  bool json = false;
  bool ics = false;
  std::vector<std::string> done;
  std::string today;
};

// The dates a schedule accepts (start, today, done): every date it then prints, a session
// window up to 520 weeks later included, keeps a four-digit year, as ISO 8601 text and
// iCalendar DATE values (RFC 5545 3.3.4) need.
constexpr std::string_view kEarliestDate = "1900-01-01";
constexpr std::string_view kLatestDate = "2200-12-31";

Result<Date> ParseScheduleDate(const std::string& text, std::string_view field) {
  auto date = Date::Parse(text, field);
  if (!date) return date;
  if (*date < *Date::Parse(kEarliestDate) || *date > *Date::Parse(kLatestDate)) {
    return InvalidArgument(std::string(field), fmt::format("{} is out of range; allowed {} to {}",
                                                           text, kEarliestDate, kLatestDate));
  }
  return date;
}

// Now, or $SOURCE_DATE_EPOCH when set (reproducible builds convention), for DTSTAMP. A value
// that is not whole seconds from 1970 to 9999-12-31 is an error, not a five-digit year.
Result<UtcTimestamp> Now() {
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    constexpr long long kLatest = 253402300799;  // 9999-12-31T23:59:59Z
    errno = 0;
    char* end = nullptr;
    const long long seconds = std::strtoll(epoch, &end, 10);
    if (errno != 0 || end == nullptr || *end != '\0' || seconds < 0 || seconds > kLatest) {
      return InvalidArgument(
          "SOURCE_DATE_EPOCH",
          fmt::format("'{}' is not allowed; must be whole seconds from 0 to {}", epoch, kLatest));
    }
    return UtcTimestamp::FromUnixSeconds(seconds);
  }
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return UtcTimestamp::FromUnixSeconds(
      std::chrono::duration_cast<std::chrono::seconds>(now).count());
}

nlohmann::json SessionJson(const Schedule& schedule, size_t i, const ScheduleProgress* progress) {
  const ScheduledSession& s = schedule.sessions[i];
  nlohmann::json j = {{"index", s.index},
                      {"week", s.week},
                      {"target", s.target.ToString()},
                      {"window_start", s.window_start.ToString()},
                      {"window_end", s.window_end.ToString()},
                      {"phase", TimelinePhaseName(s.phase)},
                      {"decision_point", s.decision_point},
                      {"labs", s.lab_ids}};
  if (progress != nullptr) {
    const SessionProgress& p = progress->sessions[i];
    j["status"] = SessionStatusName(p.status);
    j["recorded"] = p.recorded ? nlohmann::json(p.recorded->ToString()) : nlohmann::json(nullptr);
    j["in_window"] = p.recorded ? nlohmann::json(p.in_window) : nlohmann::json(nullptr);
  }
  return j;
}

nlohmann::json ScheduleJson(const Schedule& schedule, const ScheduleProgress* progress,
                            std::optional<Date> today) {
  nlohmann::json sessions = nlohmann::json::array();
  for (size_t i = 0; i < schedule.sessions.size(); ++i)
    sessions.push_back(SessionJson(schedule, i, progress));
  nlohmann::json labs = nlohmann::json::array();
  for (const LabDue& lab : schedule.labs) {
    labs.push_back({{"id", lab.lab_id},
                    {"test", lab.test},
                    {"week", lab.week},
                    {"due", lab.due.ToString()},
                    {"session_index", lab.session_index}});
  }
  nlohmann::json out = {{"protocol", schedule.protocol_id},
                        {"protocol_name", schedule.protocol_name},
                        {"start", schedule.start.ToString()},
                        {"weeks", schedule.horizon_weeks},
                        {"sessions", sessions},
                        {"decision_weeks", schedule.decision_weeks},
                        {"labs", labs}};
  if (progress != nullptr) {
    out["today"] = today->ToString();
    nlohmann::json unmatched = nlohmann::json::array();
    for (Date d : progress->unmatched) unmatched.push_back(d.ToString());
    out["unmatched"] = unmatched;
  }
  return out;
}

void PrintTable(std::ostream& out, const Schedule& schedule, const ScheduleProgress* progress) {
  out << fmt::format("{} from {}, {} weeks\n", schedule.protocol_name, schedule.start.ToString(),
                     schedule.horizon_weeks);
  out << fmt::format("{:>3} {:>4}  {:<10}  {:<23}  {:<20}  {:<9}  {}\n", "#", "WEEK", "TARGET",
                     "WINDOW", "PHASE", progress ? "STATUS" : "", "NOTES");
  for (size_t i = 0; i < schedule.sessions.size(); ++i) {
    const ScheduledSession& s = schedule.sessions[i];
    std::string notes = s.week == 0 ? "baseline, before the first dose" : "";
    if (s.decision_point) notes += notes.empty() ? "decision week" : "; decision week";
    for (const LabDue& lab : schedule.labs) {
      if (lab.session_index == s.index) notes += (notes.empty() ? "lab: " : "; lab: ") + lab.test;
    }
    std::string status;
    if (progress != nullptr) {
      const SessionProgress& p = progress->sessions[i];
      status = SessionStatusName(p.status);
      if (p.recorded) {
        notes +=
            (notes.empty() ? "" : "; ") + fmt::format("recorded {}{}", p.recorded->ToString(),
                                                      p.in_window ? "" : " (outside the window)");
      }
    }
    out << fmt::format("{:>3} {:>4}  {:<10}  {} to {}  {:<20}  {:<9}  {}\n", s.index, s.week,
                       s.target.ToString(), s.window_start.ToString(), s.window_end.ToString(),
                       TimelinePhaseName(s.phase), status, notes);
  }
  if (progress != nullptr && !progress->unmatched.empty()) {
    out << "Recorded dates matched to no session:";
    for (Date d : progress->unmatched) out << " " << d.ToString();
    out << "\n";
  }
}

void RunSchedule(CommandContext& context, const ScheduleOptions& options) {
  const auto start = ParseScheduleDate(options.start, "start");
  if (!start) return context.Fail(start.error());
  const auto catalog = app::LoadProtocolCatalog(context.DataDir() / "protocols");
  if (!catalog) return context.Fail(catalog.error());
  const auto protocol = app::FindProtocol(*catalog, options.protocol);
  if (!protocol) return context.Fail(protocol.error());
  const auto schedule = BuildSchedule(*protocol, *start, options.weeks);
  if (!schedule) return context.Fail(schedule.error());

  std::optional<ScheduleProgress> progress;
  std::optional<Date> today;
  if (!options.today.empty() || !options.done.empty()) {
    if (!options.today.empty()) {
      const auto parsed = ParseScheduleDate(options.today, "today");
      if (!parsed) return context.Fail(parsed.error());
      today = *parsed;
    } else {
      const auto now = Now();
      if (!now) return context.Fail(now.error());
      today = now->date;
    }
    std::vector<Date> done;
    for (const std::string& text : options.done) {
      const auto d = ParseScheduleDate(text, "done");
      if (!d) return context.Fail(d.error());
      done.push_back(*d);
    }
    auto tracked = TrackProgress(*schedule, done, *today);
    if (!tracked) return context.Fail(tracked.error());
    progress = std::move(*tracked);
  }
  const ScheduleProgress* p = progress ? &*progress : nullptr;

  if (options.ics) {
    const auto now = Now();
    if (!now) return context.Fail(now.error());
    const auto ics = RenderICalendar(ScheduleCalendarEvents(*schedule, *protocol), kProdId, *now);
    if (!ics) return context.Fail(ics.error());
    context.out << *ics;
  } else if (options.json) {
    context.PrintJson(ScheduleJson(*schedule, p, today));
  } else {
    PrintTable(context.out, *schedule, p);
  }
}

}  // namespace

void RegisterScheduleCommand(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<ScheduleOptions>();
  CLI::App* cmd = app.add_subcommand(
      "schedule",
      "Tracking sessions of a treatment course: dates, windows, phases, decision weeks, labs");
  cmd->add_option("--protocol", options->protocol, "Protocol id (see `tricholog protocols list`)")
      ->required();
  cmd->add_option("--start", options->start,
                  "Course start date, YYYY-MM-DD (the first dose), 1900-01-01 to 2200-12-31")
      ->required();
  cmd->add_option("--weeks", options->weeks, "Horizon in weeks, 1 to 520")->capture_default_str();
  CLI::Option* json = cmd->add_flag("--json", options->json, "Print JSON");
  CLI::Option* ics = cmd->add_flag("--ics", options->ics, "Print an iCalendar (RFC 5545) file");
  json->excludes(ics);
  cmd->add_option("--done", options->done, "Dates of recorded sessions, YYYY-MM-DD[,YYYY-MM-DD...]")
      ->delimiter(',');
  cmd->add_option("--today", options->today,
                  "Today's date for statuses (default: the system date, UTC)");
  cmd->callback([&context, options] { RunSchedule(context, *options); });
}

}  // namespace tricholog::cli
