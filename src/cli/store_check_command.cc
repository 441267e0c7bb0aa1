// `tricholog store check [--repair] [--db URL]`: integrity, foreign keys, photos without rows,
// rows without photos and leftover temporary files; --repair removes what nothing refers to.
// Prints a JSON report; exits 1 when problems remain after the run. Acts as the local admin.
#include <CLI/CLI.hpp>
#include <memory>

#include "cli/command_context.h"
#include "store/open_store.h"
#include "store/store_check.h"

namespace tricholog::cli {

void RegisterStoreCheckCommand(CLI::App& app, CommandContext& context) {
  auto* group = app.add_subcommand("store", "Maintain the store");
  group->require_subcommand(1);
  auto* cmd = group->add_subcommand("check", "Check the store for damage and crash leftovers");
  auto db_url = std::make_shared<std::string>();
  auto repair = std::make_shared<bool>(false);
  auto min_age_s = std::make_shared<int>(900);
  cmd->add_option("--db", *db_url,
                  "Store: sqlite:PATH or postgresql://USER@HOST:PORT/DB (default: " +
                      store::DefaultDbUrl() + ")");
  cmd->add_flag("--repair", *repair, "Remove unreferenced photo blobs and temporary files");
  cmd->add_option("--min-age-s", *min_age_s,
                  "Leave files younger than this alone (a writer may be using them)")
      ->check(CLI::Range(0, 30 * 24 * 3600));
  cmd->callback([&context, db_url, repair, min_age_s] {
    auto location = store::ParseDbLocation(db_url->empty() ? store::DefaultDbUrl() : *db_url);
    if (!location) return context.Fail(location.error());
    auto opened = store::OpenStore(*location, {}, store::OpenMode::kMustExist);
    if (!opened) return context.Fail(opened.error());
    auto blobs = store::BlobStore::Open(location->blob_dir);
    if (!blobs) return context.Fail(blobs.error());
    store::StoreCheckOptions options;
    options.repair = *repair;
    options.min_age = std::chrono::seconds(*min_age_s);
    if (location->kind == store::DbLocation::Kind::kSqlite) {
      options.sqlite_path = location->sqlite_path;
    }
    auto report = store::CheckStore(**opened, store::Actor::LocalAdmin(), *blobs, options);
    if (!report) return context.Fail(report.error());
    context.PrintJson({
        {"repair", *repair},
        {"integrity_problems", report->integrity_problems},
        {"unreferenced_blobs", report->unreferenced_blobs},
        {"missing_blobs", report->missing_blobs},
        {"temp_files", report->temp_files},
        {"counts",
         {{"integrity_problems", report->integrity_problems.size()},
          {"unreferenced_blobs", report->unreferenced_blobs.size()},
          {"missing_blobs", report->missing_blobs.size()},
          {"temp_files", report->temp_files.size()},
          {"blobs_removed", report->blobs_removed},
          {"temp_files_removed", report->temp_files_removed}}},
        {"remaining_problems", report->remaining_problems()},
    });
    if (report->remaining_problems() > 0) context.exit_code = 1;
  });
}

}  // namespace tricholog::cli
