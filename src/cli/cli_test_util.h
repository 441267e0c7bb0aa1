// Test helper: runs the `tricholog` command line in-process and captures what it prints.
#ifndef TRICHOLOG_CLI_CLI_TEST_UTIL_H_
#define TRICHOLOG_CLI_CLI_TEST_UTIL_H_

#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace tricholog::cli::test_util {

struct CliRun {
  int code;         // exit status: 0 success, 1 bad input, 2 usage error
  std::string out;  // standard output
  std::string err;  // standard error
};

// `args` without the program name, e.g. {"score", "salt", "--top", "40", ...}.
inline CliRun RunTricholog(std::vector<std::string> args) {
  args.insert(args.begin(), "tricholog");
  std::ostringstream out, err;
  const int code = RunCli(args, out, err);
  return {code, out.str(), err.str()};
}

#ifdef TRICHOLOG_SOURCE_DATA_DIR
// The same, with `--data-dir` pointing at the repository's data/ folder (protocols).
inline CliRun RunTrichologWithSourceData(std::vector<std::string> args) {
  args.insert(args.begin(), {"--data-dir", TRICHOLOG_SOURCE_DATA_DIR});
  return RunTricholog(std::move(args));
}
#endif

}  // namespace tricholog::cli::test_util

#endif  // TRICHOLOG_CLI_CLI_TEST_UTIL_H_
