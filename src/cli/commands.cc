#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include "cli/command_context.h"

namespace tricholog::cli {

// Each group lives in its own file; declared here to keep commands.h free of CLI11.
// (no groups yet)

void RegisterCommands(CLI::App& app, CommandContext& context) {
  (void)app;
  (void)context;
}

}  // namespace tricholog::cli
