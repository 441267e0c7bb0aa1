// The clinic formats of `tricholog export` (--format fhir | csv), one file each
// (export_fhir_command.cc, export_csv_command.cc); db_command.cc opens the store, finds the patient
// and hands over. The JSON format (the store's own record, for import) stays in db_command.cc.
#ifndef TRICHOLOG_CLI_EXPORT_FORMATS_H_
#define TRICHOLOG_CLI_EXPORT_FORMATS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cli/command_context.h"
#include "core/error.h"
#include "store/blob_store.h"
#include "store/model.h"
#include "store/open_store.h"
#include "store/store.h"

namespace tricholog::cli {

struct ExportRequest {
  store::Store* store = nullptr;                // open, read as the local admin
  const store::DbLocation* location = nullptr;  // for the output checks (never onto the store)
  store::BlobStore* blobs = nullptr;            // the store's photos
  store::PatientRecord record;                  // the patient being exported
  std::string out_path;  // --out: a file (fhir; "-" or empty = standard output) or a folder (csv)
  bool with_photos = false;  // --with-photos: photos inline instead of by reference
  // The physician report of this patient as PDF bytes, for DiagnosticReport.presentedForm; empty
  // function when the report cannot be made here.
  std::function<Result<std::vector<std::uint8_t>>()> render_report_pdf;
  bool json = false;  // --json: print a JSON summary of what was written (csv)
};

// `tricholog export --format fhir`: one FHIR R4 Bundle (type collection) for the patient.
Result<void> ExportFhir(CommandContext& context, const ExportRequest& request);
// `tricholog export --format csv --out DIR`: one CSV file per kind of record and a dictionary.
Result<void> ExportCsv(CommandContext& context, const ExportRequest& request);
// The csv export's checks of --out DIR before anything is read (export_csv_command.cc): given,
// not the store's files nor inside or around them, and a new, empty or earlier csv export folder.
Result<void> CheckCsvOutput(const std::string& out_path, const store::DbLocation& location);

}  // namespace tricholog::cli

#endif  // TRICHOLOG_CLI_EXPORT_FORMATS_H_
