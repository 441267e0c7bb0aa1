#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <exception>
#include <ostream>

#include "cli/command_context.h"
#include "cli/commands.h"

namespace tricholog::cli {
namespace {

// CLI11 turns an empty value ("--top ''") into 0 or an empty string without complaint; every
// option that takes a value refuses it instead, naming the option.
void RefuseEmptyValues(CLI::App& app) {
  const CLI::Validator non_empty(
      [](std::string& value) { return value.empty() ? std::string("must not be empty") : ""; }, "",
      "NON_EMPTY");
  for (CLI::Option* option : app.get_options()) {
    if (option->get_type_size_max() > 0) option->check(non_empty);
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    RefuseEmptyValues(*sub);
  }
}

}  // namespace

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  return RunCli(args, out, err, nullptr);
}

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
           const std::function<void(CLI::App&, CommandContext&)>& register_more) {
  CLI::App app{
      "Tricholog: tracks whether an alopecia areata / atopic dermatitis treatment works.\n"
      "Tricholog informs; it does not diagnose or prescribe.",
      "tricholog"};
  app.set_version_flag("--version", "tricholog 0.1.0");
  app.require_subcommand(1);
  // Report an unknown word as "not expected: <word>" rather than only "subcommand required".
  app.positionals_at_end();
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return "tricholog: error: " + std::string(e.what()) +
           "\nRun with --help for more information.\n";
  });
  CommandContext context{out, err, {}, 0};
  app.add_option("--data-dir", context.data_dir_flag,
                 "Folder with protocols/ and evidence/ (default: $TRICHOLOG_DATA_DIR, then the "
                 "built-in data/)");

  RegisterCommands(app, context);
  if (register_more) register_more(app, context);
  RefuseEmptyValues(app);

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  if (!reversed.empty()) reversed.pop_back();  // the program name
  // The command boundary: CLI11 runs each subcommand's callback inside parse(), so this one
  // try block is where any exception a command lets through ends as an error, never an abort.
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    // --help and --version arrive as "errors" with exit code 0; every real parse error is
    // a usage error, exit code 2, whatever CLI11's own numbering.
    const int code = app.exit(e, out, err);
    return code == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    context.Fail(Error{ErrorCode::kInternal, std::string("internal: ") + e.what(), ""});
    return 1;
  } catch (...) {
    context.Fail(Error{ErrorCode::kInternal, "internal: an unknown exception", ""});
    return 1;
  }
  return context.exit_code;
}

}  // namespace tricholog::cli
