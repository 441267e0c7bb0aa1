// `tricholog admin ...`, in-process on a throwaway SQLite store. Passwords come from files here
// (the hostile-input suite covers standard input).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"
#include "store/open_store.h"

namespace tricholog::cli {
namespace {

namespace fs = std::filesystem;

using test_util::CliRun;
using test_util::RunTricholog;

class AdminCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / "admin_command" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = "sqlite:" + (dir_ / "t.db").string();
  }

  std::string PasswordFile(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  CliRun CreateUser(const std::string& email, const std::string& role, const std::string& file) {
    return RunTricholog({"admin", "create-user", "--db", db_, "--email", email, "--role", role,
                         "--name", "Name of " + email, "--password-file", file, "--json"});
  }

  fs::path dir_;
  std::string db_;
};

TEST_F(AdminCommandTest, CreatesListsAndResets) {
  const std::string first = PasswordFile("first", "first password\n");
  CliRun r = CreateUser(" Pat@Example.org", "patient", first);
  ASSERT_EQ(r.code, 0) << r.err;
  auto created = nlohmann::json::parse(r.out);
  EXPECT_EQ(created["user"]["email"], "pat@example.org");
  EXPECT_EQ(created["user"]["role"], "patient");
  EXPECT_TRUE(created.contains("patient_id"));  // a patient account comes with its record
  r = CreateUser("dr@example.org", "physician", first);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(nlohmann::json::parse(r.out).contains("patient_id"));

  r = RunTricholog({"admin", "list-users", "--db", db_, "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto users = nlohmann::json::parse(r.out)["users"];
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0]["email"], "dr@example.org");
  EXPECT_EQ(users[1]["email"], "pat@example.org");
  EXPECT_EQ(users[1]["can_sign_in"], true);
  EXPECT_EQ(r.out.find("argon2"), std::string::npos);
  EXPECT_EQ(r.out.find("hash"), std::string::npos);
  r = RunTricholog({"admin", "list-users", "--db", db_});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("pat@example.org"), std::string::npos);
  EXPECT_NE(r.out.find("physician"), std::string::npos);

  r = RunTricholog({"admin", "reset-password", "--db", db_, "--email", "PAT@example.org",
                    "--password-file", PasswordFile("second", "second password\r\n")});
  ASSERT_EQ(r.code, 0) << r.err;
  auto location = store::ParseDbLocation(db_);
  ASSERT_TRUE(location);
  auto store = store::OpenStore(*location);
  ASSERT_TRUE(store) << store.error().ToString();
  EXPECT_FALSE((*store)->SignIn("pat@example.org", "first password", "127.0.0.1"));
  EXPECT_TRUE((*store)->SignIn("pat@example.org", "second password", "127.0.0.1"));
}

TEST_F(AdminCommandTest, ErrorsNameTheirField) {
  const std::string good = PasswordFile("good", "long enough password");
  ASSERT_EQ(CreateUser("pat@example.org", "patient", good).code, 0);
  struct Case {
    CliRun run;
    std::string err;
  };
  const Case cases[] = {
      {CreateUser("pat@example.org", "physician", good), "user.email: email already in use"},
      {CreateUser("x@example.org", "root", good), "role: \"root\" is not a role"},
      {CreateUser("x@example.org", "patient", PasswordFile("short", "short")),
       "password: is 5 bytes long; allowed 8 to 1024"},
      {CreateUser("x@example.org", "patient", PasswordFile("empty", "\n")),
       "password: is required"},
      {RunTricholog({"admin", "reset-password", "--db", db_, "--email", "who@example.org",
                     "--password-file", good}),
       "email: no account has this email"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.run.code, 1) << c.run.err;
    EXPECT_NE(c.run.err.find("tricholog: error: " + c.err), std::string::npos) << c.run.err;
  }
  // Nothing was created by the failed runs.
  CliRun r = RunTricholog({"admin", "list-users", "--db", db_, "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["users"].size(), 1u);
}

TEST_F(AdminCommandTest, APasswordIsNeverACommandLineOption) {
  CliRun r = RunTricholog({"admin", "create-user", "--db", db_, "--email", "a@example.org",
                           "--name", "A", "--password", "on-the-command-line"});
  EXPECT_EQ(r.code, 2);
  EXPECT_FALSE(fs::exists(dir_ / "t.db"));
}

}  // namespace
}  // namespace tricholog::cli
