#include "cli/cli.h"

#include <gtest/gtest.h>

#include <sstream>

namespace tricholog::cli {
namespace {

struct CliRun {
  int code;
  std::string out;
  std::string err;
};

CliRun RunArgs(std::vector<std::string> args) {
  args.insert(args.begin(), "tricholog");
  std::ostringstream out, err;
  const int code = RunCli(args, out, err);
  return {code, out.str(), err.str()};
}

TEST(Cli, VersionPrintsAndSucceeds) {
  const CliRun r = RunArgs({"--version"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("tricholog 0.1.0"), std::string::npos);
}

TEST(Cli, NoSubcommandIsAUsageError) {
  const CliRun r = RunArgs({});
  EXPECT_NE(r.code, 0);
  EXPECT_FALSE(r.err.empty());
}

TEST(Cli, UnknownSubcommandIsAUsageError) {
  const CliRun r = RunArgs({"frobnicate"});
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find("frobnicate"), std::string::npos);
}

}  // namespace
}  // namespace tricholog::cli
