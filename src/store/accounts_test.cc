// Accounts and web sessions: the rules (pure), the tokens (libsodium), and the Store methods on
// SQLite and PostgreSQL alike (PostgreSQL cases need TRICHOLOG_TEST_POSTGRES_URL, set by
// scripts/with-postgres.sh, and skip without it). Time is a ManualClock the tests move.
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

#include "store/account_rules.h"
#include "store/clock.h"
#include "store/postgres/postgres_database.h"
#include "store/session_token.h"
#include "store/sqlite/sqlite_database.h"
#include "store/store.h"
#include "store/store_test_util.h"

namespace tricholog::store {
namespace {

// --- rules ----------------------------------------------------------------------------------

TEST(AccountRules, NormalizesEmailAndNamesTheField) {
  EXPECT_EQ(NormalizeEmail("  Alice.Smith@Example.ORG \n").value(), "alice.smith@example.org");
  EXPECT_EQ(NormalizeEmail("").error().code, ErrorCode::kMissingField);
  const std::pair<const char*, const char*> bad[] = {
      {"alice.example.org", "exactly one '@'"},
      {"a@b@example.org", "exactly one '@'"},
      {"@example.org", "before '@'"},
      {"alice@localhost", "domain"},
      {"alice@example.", "domain"},
      {"al ice@example.org", "white space"},
      {"alice@exa\x01mple.org", "control"},
      {"<alice>@example.org", "()<>"},
  };
  for (const auto& [email, words] : bad) {
    auto r = NormalizeEmail(email, "user.email");
    ASSERT_FALSE(r) << email;
    EXPECT_EQ(r.error().field, "user.email") << email;
    EXPECT_NE(r.error().message.find(words), std::string::npos)
        << email << ": " << r.error().message;
  }
  auto long_email = NormalizeEmail(std::string(250, 'a') + "@x.org");
  ASSERT_FALSE(long_email);
  EXPECT_NE(long_email.error().message.find("allowed 3 to 254"), std::string::npos);
}

TEST(AccountRules, PasswordIs8To1024BytesAndNotTheEmail) {
  EXPECT_TRUE(CheckNewPassword("12345678", "a@example.org"));
  EXPECT_TRUE(CheckNewPassword(std::string(1024, 'x'), "a@example.org"));
  auto short_one = CheckNewPassword("1234567", "a@example.org", "new_password");
  ASSERT_FALSE(short_one);
  EXPECT_EQ(short_one.error().ToString(), "new_password: is 7 bytes long; allowed 8 to 1024");
  EXPECT_FALSE(CheckNewPassword(std::string(1025, 'x'), "a@example.org"));
  auto same = CheckNewPassword(" Alice@Example.org", "alice@example.org");
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().ToString(), "password: must not be the email address");
  EXPECT_EQ(CheckNewPassword("", "a@example.org").error().code, ErrorCode::kMissingField);
}

TEST(AccountRules, DisplayNameRefusesEmptyAndControlCharacters) {
  EXPECT_TRUE(CheckDisplayName("Zoë O'Neil"));
  EXPECT_EQ(CheckDisplayName("   ").error().code, ErrorCode::kMissingField);
  EXPECT_EQ(CheckDisplayName("a\nb").error().field, "display_name");
  EXPECT_FALSE(CheckDisplayName(std::string(201, 'n')));
}

TEST(AccountRules, ClientAddressKeyGroupsAnIpv6HostsSlash64) {
  EXPECT_EQ(ClientAddressKey("203.0.113.7").value(), "203.0.113.7");
  EXPECT_EQ(ClientAddressKey("::ffff:203.0.113.7").value(), "203.0.113.7");
  EXPECT_EQ(ClientAddressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd").value(), "2001:db8:1:2::/64");
  EXPECT_EQ(ClientAddressKey("2001:db8:1:2::9").value(), "2001:db8:1:2::/64");
  EXPECT_EQ(ClientAddressKey("unix:/run/tricholog.sock").value(), "unix:/run/tricholog.sock");
  EXPECT_EQ(ClientAddressKey(std::string(300, 'z')).value().size(), 100u);
  EXPECT_EQ(ClientAddressKey(" ").error().field, "client_address");
}

// --- tokens ---------------------------------------------------------------------------------

TEST(SessionToken, Is256RandomBitsAsBase64UrlAndHashesStably) {
  const std::string a = NewSessionToken(), b = NewSessionToken();
  EXPECT_EQ(a.size(), kSessionTokenChars);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  const auto hash = SessionTokenHash(a);
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->size(), 64u);
  EXPECT_EQ(hash->find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(SessionTokenHash(a), hash);
  EXPECT_NE(SessionTokenHash(b), hash);
  EXPECT_EQ(hash->find(a), std::string::npos);
}

TEST(SessionToken, MalformedTokensHaveNoHash) {
  const std::string token = NewSessionToken();
  EXPECT_FALSE(SessionTokenHash(""));
  EXPECT_FALSE(SessionTokenHash(token.substr(1)));
  EXPECT_FALSE(SessionTokenHash(token + "A"));
  EXPECT_FALSE(SessionTokenHash(token.substr(0, 42) + "="));
  EXPECT_FALSE(SessionTokenHash(token.substr(0, 42) + "+"));
  // The last character carries 4 unused bits: only one spelling per token is accepted.
  std::string other = token;
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  other.back() = alphabet[(alphabet.find(token.back()) ^ 1) % 64];
  EXPECT_FALSE(SessionTokenHash(other));
}

TEST(SessionToken, CsrfTokenIsDerivedPerSession) {
  const std::string a = NewSessionToken(), b = NewSessionToken();
  const auto csrf_a = DeriveCsrfToken(a);
  ASSERT_TRUE(csrf_a);
  EXPECT_EQ(csrf_a->size(), 43u);
  EXPECT_EQ(DeriveCsrfToken(a), csrf_a);
  EXPECT_NE(DeriveCsrfToken(b), csrf_a);
  EXPECT_NE(*csrf_a, a);
  EXPECT_NE(*csrf_a, SessionTokenHash(a)->substr(0, 43));
  EXPECT_FALSE(DeriveCsrfToken("not a token"));
}

TEST(SessionToken, ConstantTimeEqualsComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
}

TEST(Clock, ParseUtcInvertsFormatUtc) {
  EXPECT_EQ(ParseUtc(FormatUtc(1735689600 + 3723)), 1735689600 + 3723);
  EXPECT_EQ(ParseUtc("1970-01-01T00:00:00Z"), 0);
  EXPECT_FALSE(ParseUtc("2025-01-01 00:00:00Z"));
  EXPECT_FALSE(ParseUtc("2025-02-30T00:00:00Z"));
  EXPECT_FALSE(ParseUtc("2025-01-01T24:00:00Z"));
}

// --- the store ------------------------------------------------------------------------------

// Time the test sets and moves; shared by every Store of a test.
class ManualClock final : public Clock {
 public:
  std::string NowUtc() override { return FormatUtc(now_s_.load()); }
  void Advance(long long seconds) { now_s_ += seconds; }
  long long now() const { return now_s_.load(); }

 private:
  std::atomic<long long> now_s_{1735689600};  // 2025-01-01
};

class AccountsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && testing::PostgresTestUrl().empty()) {
      GTEST_SKIP() << "TRICHOLOG_TEST_POSTGRES_URL is not set; run under scripts/with-postgres.sh";
    }
    if (GetParam() == "postgres") {
      schema_ = testing::UniqueName("t_");
    } else {
      std::filesystem::create_directories(dir_);
      sqlite_path_ = (dir_ / (testing::UniqueName("accounts_") + ".db")).string();
    }
    store_ = OpenStore();
    ASSERT_NE(store_, nullptr);
    auto alice = store_->SignUpPatient({"alice@example.org", kAlicePassword, "Alice", 1990});
    ASSERT_TRUE(alice) << alice.error().ToString();
    alice_ = {alice->user.id, Role::kPatient};
    alice_patient_ = alice->patient.id;
    auto doctor = store_->CreateUser(admin_, {"", Role::kPhysician, "dr@example.org", "Dr", ""},
                                     "doctor-password");
    ASSERT_TRUE(doctor) << doctor.error().ToString();
    doctor_ = {doctor->id, Role::kPhysician};
  }

  void TearDown() override { testing::DropPostgresSchema(schema_); }

  // Another Store (another "server process") on the same database, on the same clock.
  std::unique_ptr<Store> OpenStore() {
    auto db = GetParam() == "postgres" ? OpenPostgresDatabase(testing::PostgresTestUrl(), schema_)
                                       : OpenSqliteDatabase(sqlite_path_);
    EXPECT_TRUE(db) << db.error().ToString();
    if (!db) return nullptr;
    StoreOptions options;
    options.clock = clock_;
    options.password_cost = PasswordCost::kMinimum;
    auto store = Store::Open(std::move(*db), options);
    EXPECT_TRUE(store) << store.error().ToString();
    return store ? std::move(*store) : nullptr;
  }

  std::vector<std::vector<std::string>> Rows(const std::string& sql) {
    auto rows = store_->database().Query(sql, {});
    EXPECT_TRUE(rows) << rows.error().ToString();
    std::vector<std::vector<std::string>> out;
    if (!rows) return out;
    for (const auto& row : rows->rows) {
      out.emplace_back();
      for (const auto& v : row) out.back().push_back(v.value_or("NULL"));
    }
    return out;
  }

  long long Count(const std::string& table) {
    return std::stoll(Rows("SELECT COUNT(*) FROM " + table).at(0).at(0));
  }

  NewWebSession SignInAlice(const std::string& address = "198.51.100.1") {
    auto s = store_->SignIn("alice@example.org", kAlicePassword, address);
    EXPECT_TRUE(s) << s.error().ToString();
    return s ? *s : NewWebSession{};
  }

  static constexpr const char* kAlicePassword = "alice's long password";
  const std::filesystem::path dir_ =
      std::filesystem::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / "accounts_test";
  std::string schema_, sqlite_path_;
  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  std::unique_ptr<Store> store_;
  Actor admin_ = Actor::LocalAdmin();
  Actor alice_, doctor_;
  std::string alice_patient_;
};

TEST_P(AccountsTest, SignUpCreatesAPatientAccountWithItsOwnRecord) {
  auto bob = store_->SignUpPatient({"  Bob@Example.ORG", "bob's password", "Bob", std::nullopt});
  ASSERT_TRUE(bob) << bob.error().ToString();
  EXPECT_EQ(bob->user.email, "bob@example.org");
  EXPECT_EQ(bob->user.role, Role::kPatient);
  EXPECT_EQ(bob->patient.user_id, bob->user.id);
  const Actor me{bob->user.id, Role::kPatient};
  auto record = store_->GetPatient(me, bob->patient.id);
  ASSERT_TRUE(record) << record.error().ToString();
  EXPECT_EQ(record->display_name, "Bob");
  EXPECT_FALSE(store_->GetPatient(me, alice_patient_));
  auto audit = Rows("SELECT actor_user_id, action, entity FROM audit_log WHERE actor_user_id = '" +
                    bob->user.id + "' ORDER BY seq");
  ASSERT_GE(audit.size(), 2u);
  EXPECT_EQ(audit[0], (std::vector<std::string>{bob->user.id, "create", "user"}));
  EXPECT_EQ(audit[1], (std::vector<std::string>{bob->user.id, "create", "patient"}));
}

TEST_P(AccountsTest, SignUpErrorsNameTheFieldAndCreateNothing) {
  const long long users = Count("users"), patients = Count("patients");
  struct Case {
    SignUpRequest request;
    std::string field;
    ErrorCode code;
  };
  const Case cases[] = {
      {{"", "long enough pw", "C", std::nullopt}, "email", ErrorCode::kMissingField},
      {{"carol.example.org", "long enough pw", "C", std::nullopt},
       "email",
       ErrorCode::kInvalidArgument},
      {{"carol@example.org", "short", "C", std::nullopt}, "password", ErrorCode::kInvalidArgument},
      {{"carol@example.org", "Carol@Example.org", "C", std::nullopt},
       "password",
       ErrorCode::kInvalidArgument},
      {{"carol@example.org", std::string(1025, 'p'), "C", std::nullopt},
       "password",
       ErrorCode::kInvalidArgument},
      {{"carol@example.org", "long enough pw", " ", std::nullopt},
       "display_name",
       ErrorCode::kMissingField},
      {{"carol@example.org", "long enough pw", "C", 1800},
       "birth_year",
       ErrorCode::kInvalidArgument},
      {{"ALICE@example.org", "long enough pw", "Other Alice", std::nullopt},
       "email",
       ErrorCode::kConflict},
  };
  for (const Case& c : cases) {
    auto r = store_->SignUpPatient(c.request);
    ASSERT_FALSE(r) << c.field;
    EXPECT_EQ(r.error().field, c.field) << r.error().ToString();
    EXPECT_EQ(r.error().code, c.code) << r.error().ToString();
  }
  EXPECT_EQ(Count("users"), users);
  EXPECT_EQ(Count("patients"), patients);
}

TEST_P(AccountsTest, DuplicateEmailIsRefusedWhateverItsCase) {
  auto again = store_->CreateUser(admin_, {"", Role::kPhysician, "Alice@EXAMPLE.org ", "A", ""},
                                  "another password");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().field, "user.email");
}

TEST_P(AccountsTest, TokenIsGivenOnceAndStoredOnlyAsItsHash) {
  const NewWebSession s = SignInAlice();
  EXPECT_EQ(s.token.size(), kSessionTokenChars);
  EXPECT_EQ(s.actor.user_id, alice_.user_id);
  EXPECT_EQ(s.actor.role, Role::kPatient);
  EXPECT_EQ(s.csrf_token, DeriveCsrfToken(s.token).value());
  const auto rows = Rows("SELECT * FROM web_sessions");
  ASSERT_EQ(rows.size(), 1u);
  bool has_hash = false;
  for (const std::string& value : rows[0]) {
    EXPECT_EQ(value.find(s.token), std::string::npos) << "the token is stored in clear";
    EXPECT_EQ(value.find(s.csrf_token), std::string::npos) << "the CSRF token is stored";
    has_hash = has_hash || value == SessionTokenHash(s.token).value();
  }
  EXPECT_TRUE(has_hash);
  auto resolved = store_->ResolveSession(s.token);
  ASSERT_TRUE(resolved) << resolved.error().ToString();
  ASSERT_TRUE(*resolved);
  EXPECT_EQ((*resolved)->session_id, s.session_id);
  EXPECT_EQ((*resolved)->actor.user_id, alice_.user_id);
  EXPECT_EQ((*resolved)->user.email, "alice@example.org");
  EXPECT_EQ((*resolved)->csrf_token, s.csrf_token);
  // A malformed or unknown token is "not signed in", not an error.
  EXPECT_FALSE(*store_->ResolveSession("garbage"));
  EXPECT_FALSE(*store_->ResolveSession(NewSessionToken()));
  EXPECT_FALSE(*store_->ResolveSession(*SessionTokenHash(s.token)));
}

TEST_P(AccountsTest, UnknownEmailAndWrongPasswordGetTheSameAnswer) {
  auto wrong = store_->SignIn("alice@example.org", "not her password", "198.51.100.1");
  auto unknown = store_->SignIn("nobody@example.org", "not her password", "198.51.100.1");
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(wrong.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(wrong.error().ToString(), unknown.error().ToString());
  EXPECT_EQ(wrong.error().ToString(), "email: wrong email or password");
  EXPECT_TRUE(store_->SignIn(" ALICE@example.org", kAlicePassword, "198.51.100.1"));
}

TEST_P(AccountsTest, SignInsAreAuditedWithoutPasswords) {
  ASSERT_FALSE(store_->SignIn("alice@example.org", "not her password", "198.51.100.1"));
  ASSERT_FALSE(store_->SignIn("nobody@example.org", "not her password", "198.51.100.1"));
  const NewWebSession s = SignInAlice();
  ASSERT_TRUE(store_->SignOut(s.token));
  const auto audit = Rows(
      "SELECT actor_user_id, action, entity, entity_id FROM audit_log "
      "WHERE entity IN ('sign_in', 'web_session') ORDER BY seq");
  ASSERT_EQ(audit.size(), 4u);
  EXPECT_EQ(audit[0][0], alice_.user_id);
  EXPECT_EQ(audit[0][1], "denied");
  EXPECT_EQ(audit[1][0], "unknown-account");
  EXPECT_EQ(audit[1][1], "denied");
  EXPECT_EQ(audit[2],
            (std::vector<std::string>{alice_.user_id, "create", "web_session", s.session_id}));
  EXPECT_EQ(audit[3],
            (std::vector<std::string>{alice_.user_id, "delete", "web_session", s.session_id}));
  for (const auto& row : Rows("SELECT * FROM audit_log")) {
    for (const std::string& value : row) {
      EXPECT_EQ(value.find("not her password"), std::string::npos);
      EXPECT_EQ(value.find(kAlicePassword), std::string::npos);
      EXPECT_EQ(value.find("nobody@example.org"), std::string::npos);
    }
  }
}

TEST_P(AccountsTest, SessionEndsAfterTwelveIdleHours) {
  const NewWebSession s = SignInAlice();
  clock_->Advance(kSessionIdleTimeoutS - 60);
  ASSERT_TRUE(*store_->ResolveSession(s.token));  // refreshes the idle timer
  clock_->Advance(kSessionIdleTimeoutS - 60);
  ASSERT_TRUE(*store_->ResolveSession(s.token));
  clock_->Advance(kSessionIdleTimeoutS);
  EXPECT_FALSE(*store_->ResolveSession(s.token));
  EXPECT_EQ(Count("web_sessions"), 0);  // the expired row went at once
}

TEST_P(AccountsTest, SessionEndsAfterThirtyDaysHoweverActive) {
  const NewWebSession s = SignInAlice();
  EXPECT_EQ(s.expires_at, FormatUtc(clock_->now() + kSessionAbsoluteTimeoutS));
  long long elapsed = 0;
  while (elapsed + 6 * 3600 < kSessionAbsoluteTimeoutS) {
    clock_->Advance(6 * 3600);
    elapsed += 6 * 3600;
    ASSERT_TRUE(*store_->ResolveSession(s.token)) << elapsed;
  }
  clock_->Advance(kSessionAbsoluteTimeoutS - elapsed);
  EXPECT_FALSE(*store_->ResolveSession(s.token));
}

TEST_P(AccountsTest, ExpiredSessionsAndOldAttemptsArePurgedAtSignIn) {
  SignInAlice();
  SignInAlice();
  ASSERT_FALSE(store_->SignIn("alice@example.org", "not her password", "198.51.100.9"));
  EXPECT_EQ(Count("web_sessions"), 2);
  EXPECT_EQ(Count("sign_in_attempts"), 3);
  clock_->Advance(kSessionIdleTimeoutS + 1);
  SignInAlice();
  EXPECT_EQ(Count("web_sessions"), 1);
  EXPECT_EQ(Count("sign_in_attempts"), 4);
  clock_->Advance(kSignInAttemptRetentionS + 1);
  SignInAlice();
  EXPECT_EQ(Count("sign_in_attempts"), 1);
}

TEST_P(AccountsTest, SignOutEndsTheSession) {
  const NewWebSession s = SignInAlice();
  const NewWebSession other = SignInAlice();
  ASSERT_TRUE(store_->SignOut(s.token));
  EXPECT_FALSE(*store_->ResolveSession(s.token));
  EXPECT_TRUE(*store_->ResolveSession(other.token));
  EXPECT_TRUE(store_->SignOut(s.token));  // again: nothing to do
  EXPECT_TRUE(store_->SignOut("garbage"));
}

TEST_P(AccountsTest, ChangingThePasswordEndsEveryOtherSession) {
  const NewWebSession here = SignInAlice();
  const NewWebSession phone = SignInAlice("198.51.100.2");
  auto wrong =
      store_->ChangePassword(alice_, "not her password", "a new password", here.session_id);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(wrong.error().field, "current_password");
  auto same_as_email =
      store_->ChangePassword(alice_, kAlicePassword, "alice@example.org", here.session_id);
  ASSERT_FALSE(same_as_email);
  EXPECT_EQ(same_as_email.error().field, "new_password");
  EXPECT_TRUE(*store_->ResolveSession(phone.token));

  ASSERT_TRUE(store_->ChangePassword(alice_, kAlicePassword, "a new password", here.session_id));
  EXPECT_TRUE(*store_->ResolveSession(here.token));
  EXPECT_FALSE(*store_->ResolveSession(phone.token));
  EXPECT_FALSE(store_->SignIn("alice@example.org", kAlicePassword, "198.51.100.1"));
  EXPECT_TRUE(store_->SignIn("alice@example.org", "a new password", "198.51.100.1"));
  const auto audit =
      Rows("SELECT action FROM audit_log WHERE entity = 'password' AND actor_user_id = '" +
           alice_.user_id + "' ORDER BY seq");
  EXPECT_EQ(audit, (std::vector<std::vector<std::string>>{{"denied"}, {"update"}}));
  // The local admin has no password of its own to change.
  EXPECT_EQ(store_->ChangePassword(admin_, "x", "a new password", "").error().code,
            ErrorCode::kPermissionDenied);
}

TEST_P(AccountsTest, OnlyAnAdminResetsPasswordsAndItEndsAllSessions) {
  const NewWebSession s = SignInAlice();
  for (const Actor& who : {alice_, doctor_, Actor{"someone", Role::kAdmin}}) {
    auto r = store_->ResetPassword(who, "alice@example.org", "reset password");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied) << who.user_id;
  }
  EXPECT_TRUE(*store_->ResolveSession(s.token));
  EXPECT_EQ(store_->ResetPassword(admin_, "nobody@example.org", "reset password").error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(store_->ResetPassword(admin_, "alice@example.org", "short").error().field, "password");
  ASSERT_TRUE(store_->ResetPassword(admin_, "Alice@example.org", "reset password"));
  EXPECT_FALSE(*store_->ResolveSession(s.token));
  EXPECT_TRUE(store_->SignIn("alice@example.org", "reset password", "198.51.100.1"));
  const auto denied =
      Rows("SELECT COUNT(*) FROM audit_log WHERE action = 'denied' AND entity = 'password'");
  EXPECT_EQ(denied.at(0).at(0), "3");
}

TEST_P(AccountsTest, OnlyAnAdminListsUsersAndNeverSeesHashes) {
  SignInAlice();
  SignInAlice();
  for (const Actor& who : {alice_, doctor_}) {
    EXPECT_EQ(store_->ListUsers(who).error().code, ErrorCode::kPermissionDenied);
  }
  auto users = store_->ListUsers(admin_);
  ASSERT_TRUE(users) << users.error().ToString();
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].user.email, "alice@example.org");
  EXPECT_EQ((*users)[0].active_sessions, 2);
  EXPECT_TRUE((*users)[0].can_sign_in);
  EXPECT_EQ((*users)[1].user.email, "dr@example.org");
  EXPECT_EQ((*users)[1].user.role, Role::kPhysician);
  EXPECT_EQ((*users)[1].active_sessions, 0);
  const auto reads =
      Rows("SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND entity = 'user'");
  EXPECT_EQ(reads.at(0).at(0), "2");
}

TEST_P(AccountsTest, AccountLimitIsSharedByEveryStoreOnTheDatabase) {
  auto second = OpenStore();
  ASSERT_NE(second, nullptr);
  for (int i = 0; i < kSignInFailuresPerAccount; ++i) {
    Store& s = i % 2 == 0 ? *store_ : *second;
    auto r = s.SignIn("alice@example.org", "guess " + std::to_string(i),
                      "203.0.113." + std::to_string(i));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied);
    clock_->Advance(60);
  }
  long long retry_after = -1;
  auto limited = second->SignIn("alice@example.org", kAlicePassword, "203.0.113.99", &retry_after);
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(limited.error().field, "email");
  // The first failure (5 minutes ago) leaves the window in 10 minutes.
  EXPECT_EQ(retry_after, kSignInWindowS - kSignInFailuresPerAccount * 60);
  EXPECT_NE(limited.error().message.find("try again in 10 minutes"), std::string::npos)
      << limited.error().message;
  // Same answer for an unknown email at its limit: no way to tell which accounts exist.
  for (int i = 0; i < kSignInFailuresPerAccount; ++i) {
    ASSERT_FALSE(store_->SignIn("nobody@example.org", "guess", "203.0.113.50"));
  }
  EXPECT_EQ(store_->SignIn("nobody@example.org", "guess", "203.0.113.51").error().code,
            ErrorCode::kResourceExhausted);
  clock_->Advance(retry_after);
  EXPECT_TRUE(store_->SignIn("alice@example.org", kAlicePassword, "203.0.113.99"));
  EXPECT_GE(std::stoi(Rows("SELECT COUNT(*) FROM audit_log WHERE action = 'denied' AND "
                           "entity = 'sign_in' AND entity_id = 'rate_limited'")
                          .at(0)
                          .at(0)),
            2);
}

TEST_P(AccountsTest, AddressLimitCountsFailuresOverAllAccounts) {
  const std::string address = "192.0.2.10";
  for (int i = 0; i < kSignInFailuresPerAddress; ++i) {
    ASSERT_FALSE(store_->SignIn("user" + std::to_string(i) + "@example.org", "guess", address));
  }
  long long retry_after = 0;
  auto limited = store_->SignIn("alice@example.org", kAlicePassword, address, &retry_after);
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(limited.error().field, "client_address");
  EXPECT_EQ(retry_after, kSignInWindowS);
  // Another address (and the next /64 of IPv6) is not held back.
  EXPECT_TRUE(store_->SignIn("alice@example.org", kAlicePassword, "192.0.2.11"));
}

TEST_P(AccountsTest, SuccessDoesNotResetTheAddressCountForOtherAccounts) {
  const std::string address = "2001:db8:5:6::1";
  // 4 failures on alice and 15 on other accounts (3 each), all from one /64.
  for (int i = 0; i < kSignInFailuresPerAccount - 1; ++i) {
    ASSERT_FALSE(store_->SignIn("alice@example.org", "guess", address));
  }
  for (int i = 0; i < 15; ++i) {
    ASSERT_FALSE(store_->SignIn("user" + std::to_string(i % 5) + "@example.org", "guess",
                                "2001:db8:5:6::" + std::to_string(i + 2)));
  }
  // Alice signs in: her own failures stop counting against her account...
  ASSERT_TRUE(store_->SignIn("alice@example.org", kAlicePassword, address));
  for (int i = 0; i < kSignInFailuresPerAccount - 1; ++i) {
    ASSERT_FALSE(store_->SignIn("alice@example.org", "guess", "198.51.100.200"));
  }
  EXPECT_EQ(store_->SignIn("alice@example.org", "guess", "198.51.100.200").error().code,
            ErrorCode::kPermissionDenied);
  // ...but all 19 failures still count against the address: one more and it is held back.
  ASSERT_EQ(store_->SignIn("user9@example.org", "guess", address).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(store_->SignIn("user8@example.org", "guess", address).error().field, "client_address");
}

TEST_P(AccountsTest, ConcurrentGuessesFromManyStoresNeverExceedTheLimit) {
  constexpr int kThreads = 8;
  std::vector<std::unique_ptr<Store>> stores;
  for (int i = 0; i < kThreads; ++i) {
    stores.push_back(OpenStore());
    ASSERT_NE(stores.back(), nullptr);
  }
  std::vector<ErrorCode> codes(kThreads, ErrorCode::kInternal);
  std::vector<std::thread> threads;
  std::latch start(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      auto r = stores[i]->SignIn("alice@example.org", "guess " + std::to_string(i),
                                 "203.0.113." + std::to_string(i));
      codes[i] = r ? ErrorCode::kInternal : r.error().code;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(std::count(codes.begin(), codes.end(), ErrorCode::kPermissionDenied),
            kSignInFailuresPerAccount);
  EXPECT_EQ(std::count(codes.begin(), codes.end(), ErrorCode::kResourceExhausted),
            kThreads - kSignInFailuresPerAccount);
}

// What makes concurrent guesses safe, shown without racing threads: an attempt another process
// has counted but not yet checked ("pending") already counts against the limits.
TEST_P(AccountsTest, AttemptsStillBeingCheckedCountAgainstTheLimit) {
  for (int i = 0; i < kSignInFailuresPerAccount; ++i) {
    ASSERT_TRUE(store_->database().Query(
        "INSERT INTO sign_in_attempts (id, account_key, address_key, at_s, outcome, "
        "account_cleared) VALUES (?, 'alice@example.org', ?, ?, 'pending', 0)",
        {NewUuid(), "203.0.113." + std::to_string(i), std::to_string(clock_->now())}));
  }
  auto r = store_->SignIn("alice@example.org", kAlicePassword, "198.51.100.1");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kResourceExhausted);
}

TEST_P(AccountsTest, ResetPasswordClearsTheAccountsFailures) {
  for (int i = 0; i < kSignInFailuresPerAccount; ++i) {
    ASSERT_FALSE(store_->SignIn("alice@example.org", "guess", "198.51.100.3"));
  }
  ASSERT_EQ(store_->SignIn("alice@example.org", kAlicePassword, "198.51.100.4").error().code,
            ErrorCode::kResourceExhausted);
  ASSERT_TRUE(store_->ResetPassword(admin_, "alice@example.org", "reset password"));
  EXPECT_TRUE(store_->SignIn("alice@example.org", "reset password", "198.51.100.4"));
}

TEST_P(AccountsTest, SignInValidatesItsInputs) {
  EXPECT_EQ(store_->SignIn("", "x", "198.51.100.1").error().field, "email");
  EXPECT_EQ(store_->SignIn("alice@example.org", "", "198.51.100.1").error().field, "password");
  EXPECT_EQ(
      store_->SignIn("alice@example.org", std::string(5000, 'x'), "198.51.100.1").error().field,
      "password");
  EXPECT_EQ(store_->SignIn("alice@example.org", kAlicePassword, "").error().field,
            "client_address");
  EXPECT_EQ(Count("sign_in_attempts"), 0);
}

TEST_P(AccountsTest, ALockedImportedAccountCannotSignIn) {
  ASSERT_TRUE(store_->database().Query(
      "INSERT INTO users (id, role, email, display_name, password_hash, created_at) VALUES "
      "('u-locked', 'patient', 'locked@example.org', 'L', '!', '2025-01-01T00:00:00Z')",
      {}));
  auto r = store_->SignIn("locked@example.org", "any password", "198.51.100.1");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().ToString(), "email: wrong email or password");
  auto users = store_->ListUsers(admin_);
  ASSERT_TRUE(users);
  for (const UserSummary& u : *users) {
    EXPECT_EQ(u.can_sign_in, u.user.email != "locked@example.org") << u.user.email;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace tricholog::store
