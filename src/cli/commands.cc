#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include "cli/command_context.h"

namespace tricholog::cli {

// Each group lives in its own file; declared here to keep commands.h free of CLI11.
void RegisterScoreCommand(CLI::App& app, CommandContext& context);
void RegisterAnalyzeHairMaskCommand(CLI::App& app, CommandContext& context);
void RegisterAnalyzeTrichoscopyCommand(CLI::App& app, CommandContext& context);
void RegisterAnalyzeCommand(CLI::App& app, CommandContext& context);
void RegisterBenchCommand(CLI::App& app, CommandContext& context);
void RegisterAssessCommand(CLI::App& app, CommandContext& context);

void RegisterProtocolsCommand(CLI::App& app, CommandContext& context);
void RegisterScheduleCommand(CLI::App& app, CommandContext& context);
void RegisterDbCommand(CLI::App& app, CommandContext& context);
void RegisterDemoCommand(CLI::App& app, CommandContext& context);
void RegisterStoreCheckCommand(CLI::App& app, CommandContext& context);
void RegisterChartCommand(CLI::App& app, CommandContext& context);
void RegisterAdminCommand(CLI::App& app, CommandContext& context);
void RegisterServeCommand(CLI::App& app, CommandContext& context);
void RegisterReportCommand(CLI::App& app, CommandContext& context);
void RegisterDecisionCommand(CLI::App& app, CommandContext& context);
void RegisterEvidenceCommand(CLI::App& app, CommandContext& context);
// After the library's `evidence` group (it adds `related` to that group).
void RegisterEvidenceRelatedCommand(CLI::App& app, CommandContext& context);

void RegisterCommands(CLI::App& app, CommandContext& context) {
  RegisterScoreCommand(app, context);
  RegisterAnalyzeHairMaskCommand(app, context);
  RegisterAnalyzeTrichoscopyCommand(app, context);
  RegisterAnalyzeCommand(app, context);
  RegisterBenchCommand(app, context);
  RegisterAssessCommand(app, context);
  RegisterProtocolsCommand(app, context);
  RegisterScheduleCommand(app, context);
  RegisterDbCommand(app, context);
  RegisterDemoCommand(app, context);
  RegisterStoreCheckCommand(app, context);
  RegisterChartCommand(app, context);
  RegisterAdminCommand(app, context);
  RegisterServeCommand(app, context);
  RegisterReportCommand(app, context);
  RegisterDecisionCommand(app, context);
  RegisterEvidenceCommand(app, context);
  RegisterEvidenceRelatedCommand(app, context);
}

}  // namespace tricholog::cli
