// The demo store as other commands make it: `serve --demo` creates it the way `demo` does.
#ifndef TRICHOLOG_CLI_DEMO_COMMAND_H_
#define TRICHOLOG_CLI_DEMO_COMMAND_H_

#include <string>

#include "core/error.h"

namespace tricholog::cli {

struct CommandContext;

// Creates the demo (default seed and photo size) in the store at `db_url` as `tricholog demo`
// does: a new SQLite store is built under a temporary name beside the target and renamed into
// place when complete, so an interrupted start leaves nothing half-made at the target. Progress
// on context.err.
Result<void> CreateDemo(CommandContext& context, const std::string& db_url);

}  // namespace tricholog::cli

#endif  // TRICHOLOG_CLI_DEMO_COMMAND_H_
