// `tricholog export --format csv` (cli/export_formats.h). Placeholder until the exporter lands.
#include "cli/export_formats.h"

namespace tricholog::cli {

Result<void> ExportCsv(CommandContext& context, const ExportRequest& request) {
  (void)context;
  (void)request;
  return MakeError(ErrorCode::kUnsupported, "the csv export is not built yet", "format");
}

}  // namespace tricholog::cli
