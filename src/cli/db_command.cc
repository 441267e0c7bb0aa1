// Store commands: migrate, export, import, backup, restore. Each takes --db (sqlite:PATH or
// postgresql://...; default sqlite under the data home) and acts as the local admin, audited.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <limits>
#include <memory>

#include "cli/command_context.h"
#include "cli/export_formats.h"
#include "cli/report_pdf.h"
#include "io/output_file.h"
#include "store/backup.h"
#include "store/clock.h"
#include "store/migrations.h"
#include "store/open_store.h"
#include "store/record_json.h"

namespace tricholog::cli {
namespace {

// Exports with photos and backups hold every photo: no cap short of what the machine can hold.
constexpr std::size_t kMaxRecordFileBytes = std::numeric_limits<std::size_t>::max();

using store::Actor;
using store::DbLocation;

// Adds --db to `command`, storing into `db_url`.
void AddDbOption(CLI::App* command, std::string& db_url) {
  command->add_option("--db", db_url,
                      "Store: sqlite:PATH or postgresql://USER@HOST:PORT/DB (default: " +
                          store::DefaultDbUrl() + ")");
}

bool IsStandardOutput(const std::string& path) { return path.empty() || path == "-"; }

// The files no --out may overwrite: the store's database, its -wal/-shm/-journal and photos.
std::vector<io::ForbiddenPath> StoreFilesOf(const DbLocation& location) {
  return io::StoreFiles(location.kind == DbLocation::Kind::kSqlite ? location.sqlite_path : "",
                        location.blob_dir);
}

// Refuses an --out that is a device, FIFO, symlink or one of the store's files, before any work.
Result<void> CheckOutput(const std::string& path, const DbLocation& location) {
  if (IsStandardOutput(path)) return {};
  return io::CheckOutputPath(path, StoreFilesOf(location), "out");
}

// Writes `text` to standard output, or atomically to `path` (mode 0600: patient data).
Result<void> WriteOutput(CommandContext& context, const std::string& path,
                         const DbLocation& location, std::string text) {
  if (IsStandardOutput(path)) {
    context.out << text << '\n';
    return {};
  }
  if (auto ok = CheckOutput(path, location); !ok) return ok;
  text += '\n';
  return io::WriteFileAtomically(path, std::string_view(text), "out", 0600);
}

struct Opened {
  std::unique_ptr<store::Store> store;
  DbLocation location;
};

Result<DbLocation> Locate(const std::string& db_url) {
  return store::ParseDbLocation(db_url.empty() ? store::DefaultDbUrl() : db_url);
}

// Opens the store at `db_url`; `mode` kMustExist for commands that only read it.
Result<Opened> Open(const std::string& db_url, store::OpenMode mode = store::OpenMode::kCreate) {
  auto location = Locate(db_url);
  if (!location) return tl::unexpected(location.error());
  auto opened = store::OpenStore(*location, store::StoreOptions{}, mode);
  if (!opened) return tl::unexpected(opened.error());
  return Opened{std::move(*opened), *location};
}

void RegisterMigrate(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand("migrate", "Apply pending schema migrations to the store");
  // CLI11 keeps references to option variables; the callback's shared_ptrs keep them alive.
  auto db_url = std::make_shared<std::string>();
  auto target = std::make_shared<int>(-1);
  AddDbOption(cmd, *db_url);
  cmd->add_option("--to", *target, "Stop at this schema version (default: latest)");
  cmd->callback([&context, db_url, target] {
    auto location = store::ParseDbLocation(db_url->empty() ? store::DefaultDbUrl() : *db_url);
    if (!location) return context.Fail(location.error());
    auto db = store::OpenDatabase(*location);
    if (!db) return context.Fail(db.error());
    store::SystemClock clock;
    auto applied = store::Migrate(**db, clock.NowUtc(), *target);
    if (!applied) return context.Fail(applied.error());
    auto version = store::CurrentSchemaVersion(**db);
    if (!version) return context.Fail(version.error());
    context.PrintJson({{"applied", *applied},
                       {"schema_version", *version},
                       {"latest", store::LatestSchemaVersion((*db)->dialect())}});
  });
}

void RegisterExport(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand("export", "Write everything about a patient");
  auto db_url = std::make_shared<std::string>();
  auto patient = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("json");
  auto out_path = std::make_shared<std::string>();
  AddDbOption(cmd, *db_url);
  cmd->add_option("--patient", *patient, "Patient id (default: the only patient in the store)");
  cmd->add_option("--format", *format,
                  "json: the record, for import; fhir: a FHIR R4 Bundle; csv: one file per kind of "
                  "record in the --out folder")
      ->check(CLI::IsMember({"json", "fhir", "csv"}));
  cmd->add_option("--out", *out_path,
                  "File to write (default: standard output); for csv, the folder to write");
  auto with_photos = std::make_shared<bool>(false);
  cmd->add_flag("--with-photos", *with_photos,
                "Embed the session photos (base64: under \"photos\" for json, inline "
                "attachments for fhir) so import can restore them");
  auto json_summary = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json_summary, "csv: print a JSON summary of the files written");
  auto without_report = std::make_shared<bool>(false);
  cmd->add_flag("--without-report", *without_report,
                "fhir: leave the physician report PDF out of the DiagnosticReport");
  cmd->callback([&context, db_url, patient, format, out_path, with_photos, json_summary,
                 without_report] {
    auto location = Locate(*db_url);
    if (!location) return context.Fail(location.error());
    // The csv export writes a folder, checked its own way (export_csv_command.cc).
    if (auto ok = *format == "csv" ? CheckCsvOutput(*out_path, *location)
                                   : CheckOutput(*out_path, *location);
        !ok) {
      return context.Fail(ok.error());
    }
    auto opened = Open(*db_url, store::OpenMode::kMustExist);
    if (!opened) return context.Fail(opened.error());
    const Actor admin = Actor::LocalAdmin();
    std::string id = *patient;
    if (id.empty()) {
      auto all = opened->store->ListPatients(admin);
      if (!all) return context.Fail(all.error());
      if (all->size() != 1) {
        return context.Fail(
            InvalidArgument(
                "patient",
                fmt::format("the store holds {} patients; name one with --patient", all->size()))
                .value());
      }
      id = all->front().id;
    }
    auto record = opened->store->GetPatientRecord(admin, id);
    if (!record) return context.Fail(record.error());
    if (*format != "json") {
      auto blobs = store::BlobStore::Open(opened->location.blob_dir);
      if (!blobs) return context.Fail(blobs.error());
      ExportRequest request{.store = opened->store.get(),
                            .location = &opened->location,
                            .blobs = &*blobs,
                            .record = std::move(*record),
                            .out_path = *out_path,
                            .with_photos = *with_photos,
                            .render_report_pdf = {},
                            .json = *json_summary};
      if (*format == "fhir" && !*without_report) {
        // The physician report, as `tricholog report` makes it today, in the DiagnosticReport.
        request.render_report_pdf = [&context, &opened, &blobs, id] {
          ReportRequest report;
          report.patient_id = id;
          report.show_progress = false;
          report.generated_at = TodayUtc().ToString() + "T00:00:00Z";
          return RenderPatientReport(context, *opened->store, *blobs, report);
        };
      }
      auto done = *format == "fhir" ? ExportFhir(context, request) : ExportCsv(context, request);
      if (!done) context.Fail(done.error());
      return;
    }
    nlohmann::json json = store::RecordToJson(*record);
    if (*with_photos) {
      auto blobs = store::BlobStore::Open(opened->location.blob_dir);
      if (!blobs) return context.Fail(blobs.error());
      auto embedded = store::RecordToJsonWithPhotos(*record, *blobs);
      if (!embedded) return context.Fail(embedded.error());
      json = std::move(*embedded);
    }
    if (auto w = WriteOutput(context, *out_path, opened->location, json.dump(2)); !w) {
      context.Fail(w.error());
    }
  });
}

void RegisterImport(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand("import", "Import a patient record written by `export`");
  auto db_url = std::make_shared<std::string>();
  auto in_path = std::make_shared<std::string>();
  AddDbOption(cmd, *db_url);
  cmd->add_option("--in", *in_path, "The exported JSON file")->required();
  cmd->callback([&context, db_url, in_path] {
    auto json = ReadJsonInput(*in_path, kMaxRecordFileBytes);
    if (!json) return context.Fail(json.error());
    auto file = store::RecordFileFromJson(*json);
    if (!file) return context.Fail(file.error());
    auto opened = Open(*db_url);
    if (!opened) return context.Fail(opened.error());
    auto blobs = store::BlobStore::Open(opened->location.blob_dir);
    if (!blobs) return context.Fail(blobs.error());
    if (auto r = opened->store->ImportPatientRecord(Actor::LocalAdmin(), file->record, &*blobs,
                                                    file->photos);
        !r) {
      return context.Fail(r.error());
    }
    context.PrintJson({{"imported", file->record.patient.id},
                       {"sessions", file->record.sessions.size()},
                       {"photos", file->photos.size()}});
  });
}

void RegisterBackup(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand("backup", "Write the whole store (and its photos) to one file");
  auto db_url = std::make_shared<std::string>();
  auto out_path = std::make_shared<std::string>();
  AddDbOption(cmd, *db_url);
  cmd->add_option("--out", *out_path, "Backup file to write")->required();
  auto skip_missing = std::make_shared<bool>(false);
  cmd->add_flag("--skip-missing-photos", *skip_missing,
                "Leave out photos whose file is missing (listed as skipped_photos) instead of "
                "failing");
  cmd->callback([&context, db_url, out_path, skip_missing] {
    auto location = Locate(*db_url);
    if (!location) return context.Fail(location.error());
    if (auto ok = CheckOutput(*out_path, *location); !ok) return context.Fail(ok.error());
    auto opened = Open(*db_url, store::OpenMode::kMustExist);
    if (!opened) return context.Fail(opened.error());
    auto blobs = store::BlobStore::Open(opened->location.blob_dir);
    if (!blobs) return context.Fail(blobs.error());
    store::BackupStats stats;
    store::BackupOptions options;
    options.skip_missing_photos = *skip_missing;
    auto backup = store::BackupStore(*opened->store, Actor::LocalAdmin(), &*blobs, &stats, options);
    if (!backup) return context.Fail(backup.error());
    if (auto w = WriteOutput(context, *out_path, opened->location, backup->dump()); !w)
      return context.Fail(w.error());
    context.PrintJson({{"out", *out_path},
                       {"tables", stats.tables},
                       {"rows", stats.rows},
                       {"blobs", stats.blobs},
                       {"blob_bytes", stats.blob_bytes},
                       {"skipped_photos", stats.skipped_photos}});
  });
}

void RegisterRestore(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand("restore", "Restore a backup into an empty store");
  auto db_url = std::make_shared<std::string>();
  auto in_path = std::make_shared<std::string>();
  AddDbOption(cmd, *db_url);
  cmd->add_option("--in", *in_path, "Backup file written by `backup`")->required();
  cmd->callback([&context, db_url, in_path] {
    auto json = ReadJsonInput(*in_path, kMaxRecordFileBytes);
    if (!json) return context.Fail(json.error());
    // Checked before the target is opened, so a refused backup does not even create a store.
    auto location = Locate(*db_url);
    if (!location) return context.Fail(location.error());
    const std::string_view dialect =
        location->kind == DbLocation::Kind::kPostgres ? "postgres" : "sqlite";
    auto valid = store::ValidateBackup(*json, store::LatestSchemaVersion(dialect));
    if (!valid) return context.Fail(valid.error());
    auto opened = Open(*db_url);
    if (!opened) return context.Fail(opened.error());
    auto blobs = store::BlobStore::Open(opened->location.blob_dir);
    if (!blobs) return context.Fail(blobs.error());
    auto stats = store::RestoreStore(*opened->store, Actor::LocalAdmin(), *json, *valid, &*blobs);
    if (!stats) return context.Fail(stats.error());
    context.PrintJson({{"tables", stats->tables},
                       {"rows", stats->rows},
                       {"blobs", stats->blobs},
                       {"skipped_photos", stats->skipped_photos}});
  });
}

}  // namespace

void RegisterDbCommand(CLI::App& app, CommandContext& context) {
  RegisterMigrate(app, context);
  RegisterExport(app, context);
  RegisterImport(app, context);
  RegisterBackup(app, context);
  RegisterRestore(app, context);
}

}  // namespace tricholog::cli
