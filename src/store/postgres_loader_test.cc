#include "store/postgres_loader.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "io/module_loader.h"
#include "store/open_store.h"
#include "store/store_test_util.h"

namespace tricholog::store {
namespace {

TEST(PostgresLoaderTest, ModuleDirFromTheEnvironmentIsSearchedFirst) {
  ASSERT_EQ(setenv("TRICHOLOG_MODULE_DIR", "/opt/tricholog-modules", 1), 0);
  const auto dirs = io::ModuleSearchPath();
  unsetenv("TRICHOLOG_MODULE_DIR");
  ASSERT_GE(dirs.size(), 3u);
  EXPECT_EQ(dirs.front(), "/opt/tricholog-modules");
  EXPECT_EQ(dirs.back(), TRICHOLOG_BINARY_DIR);  // where the build puts the module
}

TEST(PostgresLoaderTest, AnUnreachableServerIsAnErrorFromTheModuleNotACrash) {
  // Port 1 on loopback refuses at once: the module loads, connects and reports.
  auto db = OpenPostgresThroughModule("postgresql://nobody@127.0.0.1:1/nothing");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::kIo) << db.error().message;
  EXPECT_NE(db.error().message.find("127.0.0.1"), std::string::npos) << db.error().message;
}

TEST(PostgresLoaderTest, OpenStoreReachesPostgresThroughTheModule) {
  const std::string url = testing::PostgresTestUrl();
  if (url.empty()) GTEST_SKIP() << "TRICHOLOG_TEST_POSTGRES_URL is not set";
  auto location = ParseDbLocation(url);
  ASSERT_TRUE(location) << location.error().message;
  auto db = OpenDatabase(*location);
  ASSERT_TRUE(db) << db.error().message;
  auto rows = (*db)->Query("SELECT 40 + 2", {});
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->rows.size(), 1u);
}

}  // namespace
}  // namespace tricholog::store
