// Registration of every subcommand group on the root CLI::App. One function per group,
// each in its own *_command.cc; cli.cc calls RegisterCommands() once.
#ifndef TRICHOLOG_CLI_COMMANDS_H_
#define TRICHOLOG_CLI_COMMANDS_H_

namespace CLI {
class App;
}

namespace tricholog::cli {

struct CommandContext;

void RegisterCommands(CLI::App& app, CommandContext& context);

}  // namespace tricholog::cli

#endif  // TRICHOLOG_CLI_COMMANDS_H_
