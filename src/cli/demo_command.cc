// `tricholog demo`: a demo patient (alopecia areata with atopic dermatitis, off-label dupilumab)
// with twelve months of sessions on the dupilumab protocol's schedule, synthetic scalp photos the
// project draws itself (deterministic from --seed), and plausible measurements. Demo data only:
// the numbers illustrate the tracker; they are not clinical evidence.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <opencv2/imgproc.hpp>
#include <random>

#include "app/photo_intake.h"
#include "app/protocol_catalog.h"
#include "cli/command_context.h"
#include "core/schedule.h"
#include "imaging/image_encode.h"
#include "store/blob_store.h"
#include "store/open_store.h"

namespace tricholog::cli {
namespace {

using store::Actor;

struct DemoOptions {
  std::string db_url;
  unsigned seed = 1;
  int width_px = 640;
  int height_px = 480;
};

// One synthetic scalp view: skin-coloured oval, hair strokes, bald patches of relative size
// `patch_scale` (1 at baseline, shrinking as hair regrows). Deterministic from `rng`.
Result<std::vector<std::uint8_t>> DrawScalp(std::mt19937& rng, int view, double patch_scale, int w,
                                            int h) {
  cv::Mat image(h, w, CV_8UC3, cv::Scalar(235, 235, 235));
  const cv::Point centre(w / 2, h / 2);
  const cv::Size axes(w * 2 / 5, h * 9 / 20);
  cv::ellipse(image, centre, axes, 0, 0, 360, cv::Scalar(150, 180, 220), cv::FILLED);
  cv::Mat hair(h, w, CV_8UC1, cv::Scalar(0));
  std::uniform_real_distribution<double> unit(0, 1);
  for (int i = 0; i < 9000; ++i) {
    const double a = unit(rng) * 2 * M_PI, r = std::sqrt(unit(rng));
    const cv::Point p(centre.x + static_cast<int>(r * axes.width * std::cos(a)),
                      centre.y + static_cast<int>(r * axes.height * std::sin(a)));
    const double angle = a + (view % 2 == 0 ? 0.3 : -0.3);
    const cv::Point q(p.x + static_cast<int>(9 * std::cos(angle)),
                      p.y + static_cast<int>(9 * std::sin(angle)));
    cv::line(hair, p, q, cv::Scalar(255), 1, cv::LINE_AA);
  }
  // Patches: fixed positions per view (seeded), radius scaled by the response so far.
  std::mt19937 patch_rng(static_cast<unsigned>(1000 + view));
  for (int k = 0; k < 3; ++k) {
    const cv::Point p(centre.x + static_cast<int>((unit(patch_rng) - 0.5) * axes.width),
                      centre.y + static_cast<int>((unit(patch_rng) - 0.5) * axes.height));
    const int radius = static_cast<int>((25 + 45 * unit(patch_rng)) * patch_scale);
    if (radius > 1) cv::circle(hair, p, radius, cv::Scalar(0), cv::FILLED, cv::LINE_AA);
  }
  image.setTo(cv::Scalar(40, 45, 60), hair);
  return imaging::EncodeJpeg(image, 85);  // no EXIF is written
}

Result<std::vector<ScheduledSession>> DemoSchedule(const CommandContext& context, Date start) {
  auto catalog = app::LoadProtocolCatalog(context.DataDir() / "protocols");
  if (!catalog) return tl::unexpected(catalog.error());
  auto protocol = app::FindProtocol(*catalog, "dupilumab");
  if (!protocol) return tl::unexpected(protocol.error());
  auto schedule = BuildSchedule(*protocol, start, 52);
  if (!schedule) return tl::unexpected(schedule.error());
  return schedule->sessions;
}

#define DEMO_TRY(var, expr) \
  auto var = (expr);        \
  if (!var) return tl::unexpected(var.error())

// Fills the store at `location` with the demo patient; closes it before returning.
Result<nlohmann::json> FillDemo(CommandContext& context, const DemoOptions& options,
                                const store::DbLocation* location) {
  DEMO_TRY(opened, store::OpenStore(*location));
  store::Store& db = **opened;
  DEMO_TRY(blobs, store::BlobStore::Open(location->blob_dir));
  const Actor admin = Actor::LocalAdmin();
  const Date start = *Date::Parse("2025-01-06");
  DEMO_TRY(schedule, DemoSchedule(context, start));
  std::mt19937 rng(options.seed);
  std::normal_distribution<double> noise(0, 1);
  const std::string tag = fmt::format("{:08x}", static_cast<unsigned>(rng()));
  DEMO_TRY(doctor,
           db.CreateUser(admin,
                         {"", store::Role::kPhysician,
                          "demo.physician+" + tag + "@tricholog.invalid", "Demo physician", ""},
                         store::NewUuid()));
  DEMO_TRY(user, db.CreateUser(admin,
                               {"", store::Role::kPatient,
                                "demo.patient+" + tag + "@tricholog.invalid", "Demo patient", ""},
                               store::NewUuid()));
  const Actor me{user->id, store::Role::kPatient};
  DEMO_TRY(patient, db.CreatePatient(me, {"", user->id, "Demo patient", 1992, ""}));
  // SNOMED 68225006 AA / 24079001 AD; ICD-11 ED70.2 / EA80 (clinical.md §3.1).
  DEMO_TRY(aa, db.AddCondition(me, {"", patient->id, "alopecia_areata", "68225006", "L63.9",
                                    "ED70.2", "patchy", *Date::Parse("2023-09-01")}));
  DEMO_TRY(ad, db.AddCondition(me, {"", patient->id, "atopic_dermatitis", "24079001", "L20.9",
                                    "EA80", "", *Date::Parse("2001-01-01")}));
  (void)ad;
  // Dupilumab AD dosing: 600 mg loading, then 300 mg every 2 weeks (US PI; clinical.md §2.1).
  DEMO_TRY(course, db.StartCourse(
                       me, {"", patient->id, aa->id, "dupilumab", "il4r_antibody", "dupilumab",
                            "600 mg loading dose, then 300 mg every 2 weeks",
                            "alopecia areata with atopic dermatitis", true, start, std::nullopt}));
  DEMO_TRY(share, db.GrantShare(me, patient->id, doctor->id));
  (void)share;
  const char* sites[] = {"abdomen_left", "abdomen_right", "thigh_left", "thigh_right"};
  for (int dose = 0; dose <= 26; ++dose) {
    DEMO_TRY(a, db.RecordAdministration(me, {"", course->id, start.AddDays(14 * dose),
                                             dose == 0 ? 600.0 : 300.0, sites[dose % 4]}));
  }
  long long photo_bytes = 0;
  int photos = 0;
  const char* views[] = {"top", "back", "left", "right"};
  const double base_loss[] = {45, 30, 25, 20};
  for (std::size_t i = 0; i < schedule->size(); ++i) {
    const ScheduledSession& planned = (*schedule)[i];
    context.err << fmt::format("demo: session {}/{} (week {}, {})\n", i + 1, schedule->size(),
                               planned.week, planned.target.ToString());
    // Response curve: little change for 12 weeks, then regrowth towards ~20 % of baseline loss.
    const double t = planned.week / 52.0;
    const double response = planned.week < 12 ? 1.0 - 0.02 * planned.week / 12.0
                                              : 0.2 + 0.78 * std::exp(-3.0 * (t - 12.0 / 52));
    store::TrackingSession s;
    s.patient_id = patient->id;
    s.course_id = course->id;
    s.session_date = planned.target;
    s.week = planned.week;
    for (int v = 0; v < 4; ++v) {
      DEMO_TRY(bytes, DrawScalp(rng, v, response, options.width_px, options.height_px));
      // The same intake an upload goes through: decode check, metadata strip, blob store.
      DEMO_TRY(intaken, app::IntakePhoto(*blobs, views[v], *bytes));
      photo_bytes += static_cast<long long>(intaken->bytes_stored);
      ++photos;
      s.photos.push_back(intaken->photo);
      const double loss = std::clamp(base_loss[v] * response + noise(rng), 0.0, 100.0);
      s.salt_regions.push_back({views[v], std::round(loss * 10) / 10});
      s.zone_densities.push_back(
          {std::string(views[v]) + "_patch_edge",
           std::round((40 + 90 * (1 - response) + 4 * noise(rng)) * 10) / 10});
    }
    const char* easi_regions[] = {"head_neck", "upper_limbs", "trunk", "lower_limbs"};
    const int severity =
        std::clamp(static_cast<int>(std::lround(3 * std::exp(-planned.week / 8.0))), 0, 3);
    for (int r = 0; r < 4; ++r) {
      s.easi_regions.push_back({easi_regions[r], std::min(6, severity + (r == 1 ? 1 : 0)), severity,
                                std::max(0, severity - 1), severity, std::max(0, severity - 1)});
    }
    s.itch_nrs = std::clamp(
        static_cast<int>(std::lround(7 * std::exp(-planned.week / 6.0) + noise(rng))), 0, 10);
    s.poem = std::clamp(static_cast<int>(std::lround(18 * std::exp(-planned.week / 8.0))), 0, 28);
    s.dlqi = std::clamp(static_cast<int>(std::lround(14 * std::exp(-planned.week / 10.0))), 0, 30);
    // Vellus share peaks as regrowth starts (early signal), then falls as hairs mature.
    s.vellus_fraction =
        std::round((0.1 + 0.35 * std::exp(-std::pow((planned.week - 16) / 10.0, 2))) * 1000) / 1000;
    if (planned.week == 2) s.injection_site_reactions.push_back({"abdomen_right", "erythema", 1});
    DEMO_TRY(recorded, db.RecordSession(me, s));
  }
  // Conjunctivitis is among dupilumab's commonest adverse effects (clinical.md §2.2).
  DEMO_TRY(ae,
           db.RecordAdverseEvent(me, {"", patient->id, course->id, "Conjunctivitis", "10010741", 1,
                                      "5.0", start.AddDays(70), start.AddDays(91), "none", false}));
  DEMO_TRY(note, db.AddNote(me, {"", patient->id, "", "", "",
                                 "Demo data: generated by `tricholog demo`."}));
  (void)ae;
  (void)note;
  nlohmann::json out = {{"patient_id", patient->id},
                        {"sessions", schedule->size()},
                        {"photos", photos},
                        {"photo_bytes", photo_bytes},
                        {"blob_dir", location->blob_dir.string()}};
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
Result<nlohmann::json> RunDemo(CommandContext& context, const DemoOptions& options) {
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

void RegisterDemoCommand(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<DemoOptions>();
  auto* cmd = app.add_subcommand("demo",
                                 "Create a demo patient: AA with AD on dupilumab, twelve "
                                 "months of sessions with synthetic photos");
  cmd->add_option(
      "--db", options->db_url,
      "Store: sqlite:PATH or postgresql://... (default: " + store::DefaultDbUrl() + ")");
  cmd->add_option("--seed", options->seed, "Seed for the synthetic photos and measurements");
  cmd->callback([options, &context] {
    auto result = RunDemo(context, *options);
    if (!result) return context.Fail(result.error());
    context.PrintJson(*result);
  });
}

}  // namespace tricholog::cli
