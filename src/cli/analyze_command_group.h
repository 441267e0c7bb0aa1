// The shared `tricholog analyze` parent command. Several files register subcommands under it
// (scalp, salt, hair-mask, trichoscopy, compare); whichever registers first creates it.
// Header-only because src/cli/CMakeLists.txt compiles only *_command.cc files.
#ifndef TRICHOLOG_CLI_ANALYZE_COMMAND_GROUP_H_
#define TRICHOLOG_CLI_ANALYZE_COMMAND_GROUP_H_

#include <CLI/CLI.hpp>

namespace tricholog::cli {

// Returns the `analyze` subcommand of `app`, creating it (requiring one sub-subcommand)
// when it does not exist yet. The returned reference lives as long as `app`.
inline CLI::App& AnalyzeCommand(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands(
           [](CLI::App* candidate) { return candidate->get_name() == "analyze"; })) {
    return *sub;
  }
  CLI::App* analyze = app.add_subcommand("analyze", "Measure hair and hair loss in photos");
  analyze->require_subcommand(1);
  return *analyze;
}

}  // namespace tricholog::cli

#endif  // TRICHOLOG_CLI_ANALYZE_COMMAND_GROUP_H_
