#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <sstream>
#include <stdexcept>

#include "cli/cli_test_util.h"
#include "cli/command_context.h"

namespace tricholog::cli {
namespace {

using test_util::CliRun;
using test_util::RunTricholog;

TEST(Cli, VersionPrintsAndSucceeds) {
  const CliRun r = RunTricholog({"--version"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("tricholog 0.1.0"), std::string::npos);
}

TEST(Cli, NoSubcommandIsAUsageError) {
  const CliRun r = RunTricholog({});
  EXPECT_NE(r.code, 0);
  EXPECT_FALSE(r.err.empty());
}

TEST(Cli, UnknownSubcommandIsAUsageError) {
  const CliRun r = RunTricholog({"frobnicate"});
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find("frobnicate"), std::string::npos);
}

// Adds `tricholog throw-std` and `throw-int`, commands that throw, to test the boundary.
CliRun RunWithThrowingCommands(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"tricholog"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::ostringstream out, err;
  const int code = RunCli(argv, out, err, [](CLI::App& app, CommandContext&) {
    app.add_subcommand("throw-std", "")->callback([] { throw std::out_of_range("bad index 7"); });
    app.add_subcommand("throw-int", "")->callback([] { throw 42; });
  });
  return {code, out.str(), err.str()};
}

TEST(Cli, AnExceptionInACommandIsAnInternalErrorWithExitCode1) {
  CliRun r = RunWithThrowingCommands({"throw-std"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "tricholog: error: internal: bad index 7\n");
  r = RunWithThrowingCommands({"throw-int"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "tricholog: error: internal: an unknown exception\n");
}

TEST(Cli, UsageErrorsStartWithTheErrorPrefix) {
  const CliRun r = RunTricholog({"frobnicate"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err.rfind("tricholog: error: ", 0), 0u) << r.err;
}

TEST(Cli, AnEmptyOptionValueIsAUsageErrorNamingTheOption) {
  // CLI11 alone would read "" as 0 and score SALT 0.
  CliRun r =
      RunTricholog({"score", "salt", "--top", "", "--back", "1", "--left", "1", "--right", "1"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--top: must not be empty"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  r = RunTricholog({"--data-dir", TRICHOLOG_SOURCE_DATA_DIR, "schedule", "--protocol", "dupilumab",
                    "--start", "2025-01-06", "--weeks", ""});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--weeks: must not be empty"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tricholog::cli
