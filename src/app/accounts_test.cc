// The web layer's account service, end to end on a SQLite store (the store's own suite runs the
// same operations on PostgreSQL too).
#include "app/accounts.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "store/clock.h"
#include "store/session_token.h"
#include "store/sqlite/sqlite_database.h"

namespace tricholog::app {
namespace {

class AccountsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto dir = std::filesystem::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / "app_accounts";
    std::filesystem::create_directories(dir);
    const auto path = dir / (store::NewUuid() + ".db");
    auto db = store::OpenSqliteDatabase(path.string());
    ASSERT_TRUE(db) << db.error().ToString();
    store::StoreOptions options;
    options.clock = std::make_shared<store::SteppingClock>();
    options.password_cost = store::PasswordCost::kMinimum;
    auto opened = store::Store::Open(std::move(*db), options);
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
    accounts_ = std::make_unique<Accounts>(*store_);
  }

  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Accounts> accounts_;
};

TEST_F(AccountsServiceTest, SignUpSignInResolveAndSignOut) {
  auto up = accounts_->SignUp({"Pat@Example.org", "a good password", "Pat", 1988});
  ASSERT_TRUE(up) << up.error().ToString();
  auto in = accounts_->SignIn("pat@example.org", "a good password", "192.0.2.1");
  ASSERT_TRUE(in) << in.error().ToString();
  EXPECT_EQ(in->actor.user_id, up->user.id);
  auto session = accounts_->ResolveSession(in->token);
  ASSERT_TRUE(session && *session);
  EXPECT_EQ((*session)->actor.role, store::Role::kPatient);
  EXPECT_EQ((*session)->csrf_token, in->csrf_token);
  // The actor reaches the patient's own record through the store.
  EXPECT_TRUE(store_->GetPatient((*session)->actor, up->patient.id));
  ASSERT_TRUE(accounts_->SignOut(in->token));
  EXPECT_FALSE(*accounts_->ResolveSession(in->token));
  EXPECT_FALSE(*accounts_->ResolveSession(""));
}

TEST_F(AccountsServiceTest, EachSessionHasItsOwnCsrfTokenApartFromItsCookie) {
  ASSERT_TRUE(accounts_->SignUp({"pat@example.org", "a good password", "Pat", std::nullopt}));
  auto first = accounts_->SignIn("pat@example.org", "a good password", "192.0.2.1");
  auto second = accounts_->SignIn("pat@example.org", "a good password", "192.0.2.1");
  ASSERT_TRUE(first && second);
  const Session one = **accounts_->ResolveSession(first->token);
  const Session two = **accounts_->ResolveSession(second->token);
  // The router compares the presented token with Session::csrf_token (http/router.h).
  EXPECT_EQ(one.csrf_token, first->csrf_token);
  EXPECT_EQ(two.csrf_token, second->csrf_token);
  EXPECT_NE(one.csrf_token, two.csrf_token);
  EXPECT_NE(one.csrf_token, first->token);
  EXPECT_GE(one.csrf_token.size(), 43u);  // 256 random bits, base64url
}

TEST_F(AccountsServiceTest, ChangePasswordKeepsThisSessionOnly) {
  ASSERT_TRUE(accounts_->SignUp({"pat@example.org", "a good password", "Pat", std::nullopt}));
  auto desk = accounts_->SignIn("pat@example.org", "a good password", "192.0.2.1");
  auto phone = accounts_->SignIn("pat@example.org", "a good password", "192.0.2.2");
  ASSERT_TRUE(desk && phone);
  const Session session = **accounts_->ResolveSession(desk->token);
  auto wrong = accounts_->ChangePassword(session, "wrong password", "a better password");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().field, "current_password");
  ASSERT_TRUE(accounts_->ChangePassword(session, "a good password", "a better password"));
  EXPECT_TRUE(*accounts_->ResolveSession(desk->token));
  EXPECT_FALSE(*accounts_->ResolveSession(phone->token));
}

TEST_F(AccountsServiceTest, RateLimitedSignInSaysWhenToRetry) {
  ASSERT_TRUE(accounts_->SignUp({"pat@example.org", "a good password", "Pat", std::nullopt}));
  for (int i = 0; i < store::kSignInFailuresPerAccount; ++i) {
    ASSERT_FALSE(accounts_->SignIn("pat@example.org", "guess", "192.0.2.1"));
  }
  long long retry_after = 0;
  auto r = accounts_->SignIn("pat@example.org", "a good password", "192.0.2.1", &retry_after);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kResourceExhausted);
  EXPECT_GT(retry_after, 0);
  EXPECT_LE(retry_after, store::kSignInWindowS);
}

}  // namespace
}  // namespace tricholog::app
