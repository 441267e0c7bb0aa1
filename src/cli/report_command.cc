// `tricholog report --patient ID --out FILE.pdf [--from DATE] [--to DATE] [--paper a4|letter]`:
// the physician report of one patient as PDF (app/physician_report.h), written atomically.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <memory>

#include "app/physician_report.h"
#include "app/protocol_catalog.h"
#include "cli/command_context.h"
#include "cli/report_pdf.h"
#include "io/output_file.h"
#include "store/clock.h"
#include "store/open_store.h"

namespace tricholog::cli {
namespace {

std::string NowIso() { return store::SystemClock().NowUtc(); }

}  // namespace

Result<std::vector<std::uint8_t>> RenderPatientReport(CommandContext& context, store::Store& store,
                                                      store::BlobStore& blobs,
                                                      const ReportRequest& request) {
  auto catalog = app::LoadProtocolCatalog(context.DataDir() / "protocols");
  if (!catalog) return tl::unexpected(catalog.error());
  auto data = app::LoadPhysicianReportData(store, store::Actor::LocalAdmin(), request.patient_id);
  if (!data) return tl::unexpected(data.error());
  app::PhysicianReportOptions options;
  options.paper = request.paper;
  options.from = request.from;
  options.to = request.to.value_or(TodayUtc());
  options.generated_at = request.generated_at.value_or(NowIso());
  if (request.show_progress) {
    options.progress = [&context, last = -1](std::size_t done, std::size_t total) mutable {
      const int percent = total == 0 ? 100 : static_cast<int>(done * 100 / total);
      if (percent / 10 == last / 10 && done != total) return;
      last = percent;
      context.err << fmt::format("report: laid out {}/{} parts ({} %)\n", done, total, percent);
    };
  }
  return app::BuildPhysicianReport(*data, blobs, *catalog, options);
}

namespace {

void RegisterReport(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand("report", "Write the physician report of a patient as PDF");
  auto db_url = std::make_shared<std::string>();
  auto patient = std::make_shared<std::string>();
  auto out_path = std::make_shared<std::string>();
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  auto paper = std::make_shared<std::string>("a4");
  auto json = std::make_shared<bool>(false);
  cmd->add_option("--db", *db_url,
                  "Store: sqlite:PATH or postgresql://USER@HOST:PORT/DB (default: " +
                      store::DefaultDbUrl() + ")");
  cmd->add_option("--patient", *patient, "Patient id (default: the only patient in the store)");
  cmd->add_option("--out", *out_path, "The PDF file to write")->required();
  cmd->add_option("--from", *from, "First day the photo timeline and logs show (YYYY-MM-DD)");
  cmd->add_option("--to", *to, "The report is as of this day (YYYY-MM-DD; default: today)");
  cmd->add_option("--paper", *paper, "a4 or letter (default a4)");
  cmd->add_flag("--json", *json, "Print what was written as JSON");
  cmd->callback([&context, db_url, patient, out_path, from, to, paper, json] {
    ReportRequest request;
    auto size = report::ParsePaper(*paper);
    if (!size) return context.Fail(size.error());
    request.paper = *size;
    if (!from->empty()) {
      auto d = Date::Parse(*from, "from");
      if (!d) return context.Fail(d.error());
      request.from = *d;
    }
    if (!to->empty()) {
      auto d = Date::Parse(*to, "to");
      if (!d) return context.Fail(d.error());
      request.to = *d;
    }
    if (request.from && request.to && *request.from > *request.to) {
      return context.Fail(InvalidArgument("from", "must not be after --to").value());
    }
    auto location = store::ParseDbLocation(db_url->empty() ? store::DefaultDbUrl() : *db_url);
    if (!location) return context.Fail(location.error());
    const auto forbidden = io::StoreFiles(
        location->kind == store::DbLocation::Kind::kSqlite ? location->sqlite_path : "",
        location->blob_dir);
    if (auto ok = io::CheckOutputPath(*out_path, forbidden, "out"); !ok) {
      return context.Fail(ok.error());
    }
    auto opened = store::OpenStore(*location, store::StoreOptions{}, store::OpenMode::kMustExist);
    if (!opened) return context.Fail(opened.error());
    request.patient_id = *patient;
    if (request.patient_id.empty()) {
      auto all = (*opened)->ListPatients(store::Actor::LocalAdmin());
      if (!all) return context.Fail(all.error());
      if (all->size() != 1) {
        return context.Fail(
            InvalidArgument("patient", fmt::format("the store holds {} patients; name one with "
                                                   "--patient",
                                                   all->size()))
                .value());
      }
      request.patient_id = all->front().id;
    }
    auto blobs = store::BlobStore::Open(location->blob_dir);
    if (!blobs) return context.Fail(blobs.error());
    auto pdf = RenderPatientReport(context, **opened, *blobs, request);
    if (!pdf) return context.Fail(pdf.error());
    // Patient data: readable by the owner only.
    if (auto w = io::WriteFileAtomically(*out_path, *pdf, "out", 0600); !w) {
      return context.Fail(w.error());
    }
    if (*json) {
      context.PrintJson({{"out", *out_path},
                         {"bytes", pdf->size()},
                         {"patient_id", request.patient_id},
                         {"paper", std::string(report::PaperName(request.paper))}});
    } else {
      context.err << fmt::format("report: wrote {} ({:.1f} MB)\n", *out_path,
                                 static_cast<double>(pdf->size()) / 1e6);
    }
  });
}

}  // namespace

void RegisterReportCommand(CLI::App& app, CommandContext& context) { RegisterReport(app, context); }

}  // namespace tricholog::cli
