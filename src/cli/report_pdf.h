// The physician report as the CLI makes it (`tricholog report`, and the PDF inside the FHIR
// export's DiagnosticReport): the patient's data loaded as the local admin, the protocol catalog
// from the data folder, progress on standard error.
#ifndef TRICHOLOG_CLI_REPORT_PDF_H_
#define TRICHOLOG_CLI_REPORT_PDF_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/command_context.h"
#include "core/date.h"
#include "core/error.h"
#include "report/pdf_writer.h"
#include "store/blob_store.h"
#include "store/store.h"

namespace tricholog::cli {

struct ReportRequest {
  std::string patient_id;
  std::optional<Date> from;
  std::optional<Date> to;  // default: today (UTC)
  report::Paper paper = report::Paper::kA4;
  bool show_progress = true;  // "report: laid out 40/120 parts" lines on standard error
  // The PDF's creation date (ISO 8601 UTC); default now. The FHIR export sets the start of the
  // day, so two exports of the same store on one day are byte-identical.
  std::optional<std::string> generated_at;
};

Result<std::vector<std::uint8_t>> RenderPatientReport(CommandContext& context, store::Store& store,
                                                      store::BlobStore& blobs,
                                                      const ReportRequest& request);

}  // namespace tricholog::cli

#endif  // TRICHOLOG_CLI_REPORT_PDF_H_
