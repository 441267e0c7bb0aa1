// The `tricholog` command line: one entry point shared by main() and the tests.
#ifndef TRICHOLOG_CLI_CLI_H_
#define TRICHOLOG_CLI_CLI_H_

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}  // namespace CLI

namespace tricholog::cli {

struct CommandContext;

// Runs the CLI on `args` (args[0] is the program name) writing results to `out` and
// diagnostics to `err`. Returns the process exit code: 0 success, 1 a failed command
// (bad input, missing file), 2 a usage error (unknown option, missing argument).
// Any exception a command lets through is reported as "tricholog: error: internal: ..." with
// exit code 1; an empty option value ("--top ''") is a usage error naming the option.
int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// The same, with `register_more` adding commands after the built-in ones (tests use it to add
// a command that throws).
int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
           const std::function<void(CLI::App&, CommandContext&)>& register_more);

}  // namespace tricholog::cli

#endif  // TRICHOLOG_CLI_CLI_H_
