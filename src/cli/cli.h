// The `tricholog` command line: one entry point shared by main() and the tests.
#ifndef TRICHOLOG_CLI_CLI_H_
#define TRICHOLOG_CLI_CLI_H_

#include <iosfwd>
#include <string>
#include <vector>

namespace tricholog::cli {

// Runs the CLI on `args` (args[0] is the program name) writing results to `out` and
// diagnostics to `err`. Returns the process exit code: 0 success, 1 a failed command
// (bad input, missing file), 2 a usage error (unknown option, missing argument).
int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace tricholog::cli

#endif  // TRICHOLOG_CLI_CLI_H_
