#include "app/protocol_catalog.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace tricholog::app {
namespace {

namespace fs = std::filesystem;

TEST(ProtocolCatalog, LoadsTheShippedProtocolsSortedById) {
  const auto catalog = LoadProtocolCatalog(fs::path(TRICHOLOG_SOURCE_DATA_DIR) / "protocols");
  ASSERT_TRUE(catalog.has_value()) << catalog.error().ToString();
  ASSERT_GE(catalog->size(), 6u);
  EXPECT_EQ(catalog->front().id, "baricitinib");
  EXPECT_TRUE(FindProtocol(*catalog, "triamcinolone").has_value());
  const auto missing = FindProtocol(*catalog, "tofacitinib");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(TRICHOLOG_BINARY_DIR) / "protocol_catalog_test" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Copy(const std::string& id, const std::string& as) {
    fs::copy_file(fs::path(TRICHOLOG_SOURCE_DATA_DIR) / "protocols" / (id + ".json"),
                  dir_ / (as + ".json"));
  }
  fs::path dir_;
};

TEST_F(TempDir, IdMustMatchFileName) {
  Copy("minoxidil", "minoxidil_oral");
  const auto catalog = LoadProtocolCatalog(dir_);
  ASSERT_FALSE(catalog.has_value());
  EXPECT_EQ(catalog.error().field, (dir_ / "minoxidil_oral.json").string() + ": id");
}

TEST_F(TempDir, ABrokenFileNamesItsPath) {
  Copy("minoxidil", "minoxidil");
  std::ofstream(dir_ / "zz.json") << "{\"format_version\": 1, \"id\": \"zz\"}";
  const auto catalog = LoadProtocolCatalog(dir_);
  ASSERT_FALSE(catalog.has_value());
  EXPECT_EQ(catalog.error().code, ErrorCode::kMissingField);
  EXPECT_EQ(catalog.error().field, (dir_ / "zz.json").string() + ": name");
}

TEST(ProtocolCatalog, MissingFolderIsNotFound) {
  const auto catalog = LoadProtocolCatalog("/nonexistent/tricholog/protocols");
  ASSERT_FALSE(catalog.has_value());
  EXPECT_EQ(catalog.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace tricholog::app
