#include <gtest/gtest.h>

#include <sstream>

#include "cli/cli_test_util.h"

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

}  // namespace
}  // namespace tricholog::cli
