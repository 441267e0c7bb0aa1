// `tricholog demo`: a demo patient (alopecia areata with atopic dermatitis, off-label dupilumab)
// with twelve months of sessions on the dupilumab protocol's schedule, and a demo physician the
// patient has shared the record with (app/demo_store.h). The scalp photos are renders the
// project draws itself (deterministic from --seed) and every SALT is measured from them by the
// scalp analysis; AD measures and side effects are generated. Demo data only: the numbers
// illustrate the tracker; they are not clinical evidence.
#include "cli/demo_command.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <opencv2/core.hpp>

#include "app/demo_store.h"
#include "cli/command_context.h"
#include "evidence/library.h"
#include "evidence/demo_posts.h"
#include "store/blob_store.h"
#include "store/open_store.h"

namespace tricholog::cli {
namespace {

struct DemoCommandOptions {
  std::string db_url;
  unsigned seed = 1;
  std::string photo_size = "2016x1512";
  std::string start;  // course start (week 0); empty: 54 weeks before today
};

// Days from the course start to the demo's today (54 weeks).
constexpr int kDemoDaysBeforeToday = 378;

// The course start: --start, or 54 weeks before today, so the demo's year of sessions ends two
// weeks ago and its schedule, alerts and next session read as a course in progress.
Result<Date> DemoStart(const std::string& text) {
  if (!text.empty()) return Date::Parse(text, "--start");
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return Date::FromDaysSinceEpoch(static_cast<int>(today.time_since_epoch().count()))
      .AddDays(-kDemoDaysBeforeToday);
}

// "WxH" with W in 320..4032 and H in 240..3024 (a phone's 12 MP photo at most).
Result<cv::Size> ParsePhotoSize(const std::string& text) {
  int w = 0, h = 0;
  char x = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &w, &x, &h, &extra) != 3 || x != 'x' || w < 320 ||
      w > 4032 || h < 240 || h > 3024) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        "must be WIDTHxHEIGHT with width 320..4032 and height 240..3024, got \"" + text + "\"",
        "--photo-size");
  }
  return cv::Size(w, h);
}

#define DEMO_TRY(var, expr) \
  auto var = (expr);        \
  if (!var) return tl::unexpected(var.error())

double Round1(double x) { return std::round(x * 10) / 10; }

// Fills the store at `location` with the demo; closes it before returning.
Result<nlohmann::json> FillDemo(CommandContext& context, const DemoCommandOptions& options,
                                const store::DbLocation* location) {
  DEMO_TRY(size, ParsePhotoSize(options.photo_size));
  DEMO_TRY(start, DemoStart(options.start));
  DEMO_TRY(opened, store::OpenStore(*location));
  DEMO_TRY(blobs, store::BlobStore::Open(location->blob_dir));
  app::DemoOptions demo;
  demo.seed = options.seed;
  demo.photo_size = *size;
  demo.start = *start;
  demo.protocols_dir = context.DataDir() / "protocols";
  const auto started = std::chrono::steady_clock::now();
  DEMO_TRY(summary, app::CreateDemoStore(**opened, *blobs, demo, [&](int i, int n, int week) {
             context.err << fmt::format(
                 "demo: session {}/{} (week {}): rendering and analysing 5 photos\n", i + 1, n,
                 week);
           }));
  // The starter evidence library with the project's summaries (issue 20).
  context.err << "demo: importing the starter evidence library\n";
  evidence::EvidenceLibrary library(**opened);
  DEMO_TRY(starter, evidence::ImportStarterLibrary(library, store::Actor::LocalAdmin(),
                                                   context.DataDir() / "evidence"));
  // The community's demo posts (after the starter library, whose studies they link). The demo's
  // today is the day DemoStart counts back from.
  nlohmann::json community = nullptr;
  const auto posts_json = context.DataDir() / "evidence" / "demo-posts.json";
  if (std::filesystem::exists(posts_json)) {
    const evidence::DemoCommunityOptions seeding{start->AddDays(kDemoDaysBeforeToday),
                                                 std::string(app::kDemoPassword),
                                                 std::string(app::kDemoPhysicianEmail)};
    DEMO_TRY(seeded, evidence::SeedDemoCommunity(**opened, posts_json, seeding));
    for (const std::string& warning : seeded->warnings) context.err << "demo: " << warning << "\n";
    community = {{"authors", seeded->authors},
                 {"posts", seeded->posts},
                 {"comments", seeded->comments},
                 {"study_links", seeded->study_links},
                 {"links_skipped", seeded->warnings.size()}};
  } else {
    context.err << "demo: " << posts_json.string() << " not found; no community posts\n";
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  nlohmann::json sessions = nlohmann::json::array();
  nlohmann::json quality = {{"pass", 0}, {"warn", 0}, {"fail", 0}};
  for (const app::DemoSession& s : summary->sessions) {
    for (const app::DemoView& v : s.views) {
      auto& count = quality[std::string(imaging::QualityStatusName(v.quality))];
      count = count.get<int>() + 1;
    }
    sessions.push_back({{"week", s.week},
                        {"date", s.date.ToString()},
                        {"salt_measured", Round1(s.measured_salt)},
                        {"salt_render_truth", Round1(s.truth_salt)}});
  }
  nlohmann::json out = {
      {"patient_id", summary->patient_id},
      {"decision_id", summary->decision_id},
      {"sessions", summary->sessions.size()},
      {"salt_trajectory", sessions},
      {"photos", summary->photos},
      {"photo_bytes", summary->photo_bytes},
      {"photo_quality", quality},
      {"studies", starter->import.added + starter->import.merged},
      {"community", community},
      {"blob_dir", location->blob_dir.string()},
      {"seconds", Round1(seconds)},
      {"sign_in",
       {{"note", "demo-only accounts with a published password: never use on real data"},
        {"patient", {{"email", app::kDemoPatientEmail}, {"password", app::kDemoPassword}}},
        {"physician", {{"email", app::kDemoPhysicianEmail}, {"password", app::kDemoPassword}}}}}};
  opened->reset();  // closing checkpoints the WAL into the file, so its size is the real one
  return out;
}

namespace fs = std::filesystem;

constexpr std::string_view kStageMarker = ".demo-tmp.";

// ".<name>.demo-tmp.<pid>": where a demo builds a new SQLite store before renaming it into place.
fs::path StagePath(const fs::path& target) {
  return target.parent_path() /
         fmt::format(".{}{}{}", target.filename().string(), kStageMarker, ::getpid());
}

// Removes what demo runs that were killed left beside `target` (their staged database, its
// -wal/-shm/-journal and photo folder), when the process that made them is gone.
void RemoveStaleStages(const fs::path& target) {
  const std::string prefix = "." + target.filename().string() + std::string(kStageMarker);
  std::error_code ec;
  std::vector<fs::path> stale;
  for (const auto& entry : fs::directory_iterator(target.parent_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string rest = name.substr(prefix.size());
    std::size_t digits = 0;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
    if (digits == 0 || digits > 9) continue;
    const pid_t pid = static_cast<pid_t>(std::stol(rest.substr(0, digits)));
    if (::kill(pid, 0) != 0 && errno == ESRCH) stale.push_back(entry.path());
  }
  for (const fs::path& path : stale) fs::remove_all(path, ec);
}

// Renames `from` to `to` unless `to` exists (then kConflict: someone created it meanwhile).
Result<void> RenameNoReplace(const fs::path& from, const fs::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return {};
  const int e = errno;
  return MakeError(e == EEXIST ? ErrorCode::kConflict : ErrorCode::kIo,
                   fmt::format("cannot move the new demo store into place at {}: {}", to.string(),
                               std::strerror(e)),
                   "db");
}

// A new SQLite store is built under a temporary name beside the target and renamed into place
// when complete, so a demo killed midway leaves no half-filled store, photo or temporary file
// at the target (and the next demo removes the staged leftovers). Into an existing store (or
// PostgreSQL) the demo writes directly; photos of a killed run there are what
// `tricholog store check --repair` removes.
Result<nlohmann::json> RunDemo(CommandContext& context, const DemoCommandOptions& options) {
  if (auto size = ParsePhotoSize(options.photo_size); !size) return tl::unexpected(size.error());
  auto location =
      store::ParseDbLocation(options.db_url.empty() ? store::DefaultDbUrl() : options.db_url);
  if (!location) return tl::unexpected(location.error());
  const bool sqlite = location->kind == store::DbLocation::Kind::kSqlite;
  std::error_code ec;
  const bool staged = sqlite && location->sqlite_path != ":memory:" &&
                      !fs::exists(fs::symlink_status(location->sqlite_path, ec)) &&
                      !fs::exists(fs::symlink_status(location->blob_dir, ec));
  if (!staged) {
    auto out = FillDemo(context, options, &*location);
    if (out && sqlite) (*out)["db_bytes"] = fs::file_size(location->sqlite_path, ec);
    return out;
  }
  const fs::path target = fs::absolute(location->sqlite_path, ec);
  fs::create_directories(target.parent_path(), ec);
  if (ec) {
    return MakeError(ErrorCode::kIo,
                     "cannot create " + target.parent_path().string() + ": " + ec.message(), "db");
  }
  RemoveStaleStages(target);
  store::DbLocation stage = *location;
  stage.sqlite_path = StagePath(target).string();
  stage.blob_dir = stage.sqlite_path + ".blobs";
  auto out = FillDemo(context, options, &stage);
  Result<void> moved = out ? RenameNoReplace(stage.blob_dir, location->blob_dir) : Result<void>{};
  if (out && moved) moved = RenameNoReplace(stage.sqlite_path, target);
  if (!out || !moved) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal", ".blobs"}) {
      fs::remove_all(stage.sqlite_path + suffix, ec);
    }
    if (!out) return out;
    return tl::unexpected(moved.error());
  }
  if (const int dir = ::open(target.parent_path().c_str(), O_RDONLY | O_DIRECTORY); dir >= 0) {
    ::fsync(dir);  // the renames are durable once the folder is
    ::close(dir);
  }
  (*out)["blob_dir"] = location->blob_dir.string();
  (*out)["db_bytes"] = fs::file_size(target, ec);
  return out;
}

}  // namespace

Result<void> CreateDemo(CommandContext& context, const std::string& db_url) {
  DemoCommandOptions options;
  options.db_url = db_url;
  auto made = RunDemo(context, options);
  if (!made) return tl::unexpected(made.error());
  return {};
}

void RegisterDemoCommand(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<DemoCommandOptions>();
  auto* cmd = app.add_subcommand("demo",
                                 "Create the demo: a patient with AA and AD on dupilumab, twelve "
                                 "months of sessions with rendered scalp photos (SALT measured "
                                 "from them), and a physician they share with");
  cmd->add_option(
      "--db", options->db_url,
      "Store: sqlite:PATH or postgresql://... (default: " + store::DefaultDbUrl() + ")");
  cmd->add_option("--seed", options->seed, "Seed for the rendered photos and generated measures");
  cmd->add_option("--start", options->start,
                  "Course start YYYY-MM-DD (default: 54 weeks before today, so the year of "
                  "sessions ends two weeks ago)");
  cmd->add_option("--photo-size", options->photo_size,
                  "Rendered photo size WxH (default 2016x1512; smaller is faster)");
  cmd->callback([options, &context] {
    auto result = RunDemo(context, *options);
    if (!result) return context.Fail(result.error());
    context.PrintJson(*result);
    context.err << fmt::format(
        "demo sign-ins (demo only; the password is published):\n  patient    {}  {}\n"
        "  physician  {}  {}\n",
        app::kDemoPatientEmail, app::kDemoPassword, app::kDemoPhysicianEmail, app::kDemoPassword);
  });
}

}  // namespace tricholog::cli
