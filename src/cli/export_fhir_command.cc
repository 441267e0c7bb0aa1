// `tricholog export --format fhir` (cli/export_formats.h): the patient's record as one FHIR R4
// Bundle (export/fhir_bundle.h, docs/fhir.md), written atomically (mode 0600) to --out or to
// standard output. Photos are read from the blob store only with --with-photos (inline
// attachments); otherwise Media point at the photo's URL on a tricholog server.
#include <chrono>
#include <exception>

#include "app/protocol_catalog.h"
#include "cli/export_formats.h"
#include "export/fhir_bundle.h"
#include "io/output_file.h"

namespace tricholog::cli {
namespace {

Result<void> WriteBundle(CommandContext& context, const ExportRequest& request, std::string text) {
  if (request.out_path.empty() || request.out_path == "-") {
    context.out << text << '\n';
    return {};
  }
  const store::DbLocation& location = *request.location;
  const auto forbidden =
      io::StoreFiles(location.kind == store::DbLocation::Kind::kSqlite ? location.sqlite_path : "",
                     location.blob_dir);
  if (auto ok = io::CheckOutputPath(request.out_path, forbidden, "out"); !ok) return ok;
  text += '\n';
  return io::WriteFileAtomically(request.out_path, std::string_view(text), "out", 0600);
}

Result<void> Export(CommandContext& context, const ExportRequest& request) {
  if (request.location == nullptr) {
    return MakeError(ErrorCode::kInternal, "no store location given", "db");
  }
  auto catalog = app::LoadProtocolCatalog(context.DataDir() / "protocols");
  if (!catalog) return tl::unexpected(catalog.error());
  exporter::FhirBundleOptions options;
  options.inline_photos = request.with_photos;
  if (request.with_photos) {
    if (request.blobs == nullptr) {
      return MakeError(ErrorCode::kInternal, "no photo store given", "with-photos");
    }
    for (const store::TrackingSession& s : request.record.sessions) {
      for (const store::SessionPhoto& photo : s.photos) {
        if (options.photo_bytes.count(photo.sha256)) continue;
        auto bytes = request.blobs->Get(photo.sha256);
        if (!bytes) return tl::unexpected(bytes.error());
        options.photo_bytes.emplace(photo.sha256, std::move(*bytes));
      }
    }
  }
  if (request.render_report_pdf) {
    auto pdf = request.render_report_pdf();
    if (!pdf) return tl::unexpected(pdf.error());
    options.report_pdf = std::move(*pdf);
  }
  auto bundle = exporter::BuildFhirBundle(request.record, *catalog, TodayUtc(), options);
  if (!bundle) return tl::unexpected(bundle.error());
  return WriteBundle(context, request, bundle->dump(2));
}

}  // namespace

Result<void> ExportFhir(CommandContext& context, const ExportRequest& request) {
  try {
    return Export(context, request);
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kInternal, std::string("fhir export: ") + e.what(), "format");
  }
}

}  // namespace tricholog::cli
