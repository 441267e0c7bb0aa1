#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <ostream>

#include "cli/command_context.h"
#include "cli/commands.h"

namespace tricholog::cli {

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{
      "Tricholog: tracks whether an alopecia areata / atopic dermatitis treatment works.\n"
      "Tricholog informs; it does not diagnose or prescribe.",
      "tricholog"};
  app.set_version_flag("--version", "tricholog 0.1.0");
  app.require_subcommand(1);
  // Report an unknown word as "not expected: <word>" rather than only "subcommand required".
  app.positionals_at_end();
  CommandContext context{out, err, {}, 0};
  app.add_option("--data-dir", context.data_dir_flag,
                 "Folder with protocols/ and evidence/ (default: $TRICHOLOG_DATA_DIR, then the "
                 "built-in data/)");

  RegisterCommands(app, context);

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  if (!reversed.empty()) reversed.pop_back();  // the program name
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive as "errors" with exit code 0; every real parse error is
    // a usage error, exit code 2, whatever CLI11's own numbering.
    const int code = app.exit(e, out, err);
    return code == 0 ? 0 : 2;
  }
  return context.exit_code;
}

}  // namespace tricholog::cli
