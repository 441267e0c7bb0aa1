// Accounts on the web, end to end over loopback on a real SQLite store: the session cookie and
// its attributes, sign-up/sign-in/sign-out/password pages and API, errors next to their field,
// the rate limit's 429 and CSRF on every state-changing account route (the route x actor matrix
// over the whole app is app_test.cc).
#include "http/account_routes.h"

#include <gtest/gtest.h>

#include <set>

#include "http/app_test_util.h"
#include "store/session_token.h"

namespace tricholog::http {
namespace {

using test::Fetch;
using test::Reply;

// The whole app (test::AppTest) over a fresh SQLite store.
class AccountRoutesTest : public test::AppTest {
 protected:
  int MeStatus(const Signed& who) {
    auto reply = Fetch(port(), "GET", "/api/v1/me", who.cookie);
    return reply ? reply->status : 0;
  }
};

TEST_F(AccountRoutesTest, SignUpSetsAHttpOnlyLaxCookieAndMeAnswers) {
  auto reply = Json("POST", "/api/v1/accounts",
                    {{"email", "Pat@Example.org"},
                     {"password", test::kTestPassword},
                     {"display_name", "Pat"},
                     {"birth_year", 1988}});
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 201) << reply->body;
  const std::string set = reply->Header("set-cookie");
  EXPECT_EQ(set.rfind("tricholog_session=", 0), 0u) << set;
  EXPECT_NE(set.find("; HttpOnly"), std::string::npos) << set;
  EXPECT_NE(set.find("; SameSite=Lax"), std::string::npos) << set;
  EXPECT_NE(set.find("; Path=/"), std::string::npos) << set;
  EXPECT_EQ(set.find("Secure"), std::string::npos) << set;  // plain HTTP
  const auto body = nlohmann::json::parse(reply->body);
  EXPECT_EQ(body["user"]["email"], "pat@example.org");
  EXPECT_FALSE(body["patient_id"].get<std::string>().empty());
  EXPECT_EQ(body.dump().find("password"), std::string::npos);

  auto me = Fetch(port(), "GET", "/api/v1/me", CookieFrom(*reply));
  ASSERT_TRUE(me);
  ASSERT_EQ(me->status, 200) << me->body;
  const auto who = nlohmann::json::parse(me->body);
  EXPECT_EQ(who["user_id"], body["user"]["id"]);
  EXPECT_EQ(who["role"], "patient");
  EXPECT_EQ(who["csrf_token"], body["csrf_token"]);
  // Without the cookie, or with a made-up one: not signed in.
  EXPECT_EQ(Fetch(port(), "GET", "/api/v1/me")->status, 401);
  EXPECT_EQ(Fetch(port(), "GET", "/api/v1/me",
                  "Cookie: tricholog_session=" + std::string(43, 'A') + "\r\n")
                ->status,
            401);
  // A second sign-up with the same address names the field.
  auto again = Json(
      "POST", "/api/v1/accounts",
      {{"email", "pat@example.org"}, {"password", test::kTestPassword}, {"display_name", "P"}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);
  EXPECT_EQ(nlohmann::json::parse(again->body)["error"]["field"], "email");
}

TEST_F(AccountRoutesTest, SignUpPageSignsInAndHomeShowsTheEscapedName) {
  auto reply = Form("/signup",
                    "display_name=Pat+%3Cb%3EO%27Neil&email=pat%40example.org&birth_year=&"
                    "password=a+good+password");
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 303) << reply->body;
  EXPECT_EQ(reply->Header("location"), "/");
  auto home = Fetch(port(), "GET", "/", CookieFrom(*reply));
  ASSERT_TRUE(home);
  EXPECT_NE(home->body.find("Signed in as"), std::string::npos);
  EXPECT_NE(home->body.find("Pat &lt;b&gt;O&#39;Neil"), std::string::npos) << home->body;
  EXPECT_EQ(home->body.find("<b>O"), std::string::npos);
  EXPECT_NE(home->body.find("action=\"/signout\""), std::string::npos);
}

TEST_F(AccountRoutesTest, FormErrorsSitNextToTheFieldKeepTheEmailAndNeverThePassword) {
  auto reply = Form("/signup", "display_name=Pat&email=pat%40example.org&password=Zq7shrt");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 400);
  EXPECT_NE(reply->body.find("id=\"password-error\""), std::string::npos) << reply->body;
  EXPECT_NE(reply->body.find("value=\"pat@example.org\""), std::string::npos);
  EXPECT_EQ(reply->body.find("Zq7shrt"), std::string::npos);
  EXPECT_EQ(reply->Header("set-cookie"), "");

  auto year = Form("/signup",
                   "display_name=Pat&email=pat%40example.org&birth_year=18&"
                   "password=a+good+password");
  ASSERT_TRUE(year);
  EXPECT_EQ(year->status, 400);
  EXPECT_NE(year->body.find("id=\"birth_year-error\""), std::string::npos);
  for (const std::string& bad : std::vector<std::string>{"19x0", "-990", std::string(60, '9')}) {
    auto odd = Form("/signup", "display_name=Pat&email=pat%40example.org&birth_year=" + bad +
                                   "&password=a+good+password");
    ASSERT_TRUE(odd);
    EXPECT_EQ(odd->status, 400) << bad;
    EXPECT_NE(odd->body.find("between 1900 and 2100"), std::string::npos) << bad;
  }
}

TEST_F(AccountRoutesTest, WrongPasswordAndUnknownEmailGetTheSameAnswer) {
  SignUp("pat@example.org");
  auto wrong = Json("POST", "/api/v1/session",
                    {{"email", "pat@example.org"}, {"password", "not the password"}});
  auto unknown = Json("POST", "/api/v1/session",
                      {{"email", "nobody@example.org"}, {"password", "not the password"}});
  ASSERT_TRUE(wrong && unknown);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(unknown->status, 401);
  EXPECT_EQ(wrong->body, unknown->body);
  EXPECT_EQ(wrong->Header("set-cookie"), "");

  auto page = Form("/signin", "email=pat%40example.org&password=nope+nope+nope&next=%2F");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 401);
  EXPECT_NE(page->body.find("id=\"email-error\""), std::string::npos);
  EXPECT_NE(page->body.find("wrong email or password"), std::string::npos);
  EXPECT_NE(page->body.find("value=\"pat@example.org\""), std::string::npos);
  EXPECT_EQ(page->body.find("nope nope nope"), std::string::npos);
}

TEST_F(AccountRoutesTest, RateLimitedSignInIs429WithRetryAfter) {
  SignUp("pat@example.org");
  for (int i = 0; i < static_cast<int>(store::kSignInFailuresPerAccount); ++i) {
    auto wrong = Form("/signin", "email=pat%40example.org&password=wrong+password");
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->status, 401);
  }
  auto limited = Form("/signin", "email=pat%40example.org&password=a+good+password");
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  EXPECT_GT(std::stoll(limited->Header("retry-after")), 0);
  EXPECT_NE(limited->body.find("try again in"), std::string::npos) << limited->body;
  auto api = Json("POST", "/api/v1/session",
                  {{"email", "pat@example.org"}, {"password", std::string(test::kTestPassword)}});
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 429);
  EXPECT_GT(std::stoll(api->Header("retry-after")), 0);
}

TEST_F(AccountRoutesTest, SignInRedirectsOnlyToLocalPaths) {
  SignUp("pat@example.org");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"%2Faccount%2Fpassword", "/account/password"},
      {"%2F%2Fevil.example%2F", "/"},
      {"https%3A%2F%2Fevil.example%2F", "/"},
      {"%2F%5Cevil.example", "/"},
  };
  for (const auto& [next, expected] : cases) {
    auto reply = Form("/signin", "email=pat%40example.org&password=a+good+password&next=" + next);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 303);
    EXPECT_EQ(reply->Header("location"), expected) << next;
  }
  EXPECT_EQ(LocalRedirectTarget("/x?y=1"), "/x?y=1");
  EXPECT_EQ(LocalRedirectTarget("/x\r\nSet-Cookie: a=b"), "/");
  EXPECT_EQ(LocalRedirectTarget(""), "/");
}

TEST_F(AccountRoutesTest, SignOutNeedsCsrfAndEndsTheSessionForGood) {
  const Signed pat = SignUp("pat@example.org");
  const Signed other = SignUp("other@example.org");
  // No token, or the other user's token: refused, still signed in.
  EXPECT_EQ(Form("/signout", "", pat.cookie)->status, 403);
  EXPECT_EQ(Form("/signout", "csrf=" + other.csrf, pat.cookie)->status, 403);
  EXPECT_EQ(
      Form("/signout", "csrf=" + pat.csrf, pat.cookie + "Origin: http://evil.example\r\n")->status,
      403);
  EXPECT_EQ(MeStatus(pat), 200);
  auto out = Form("/signout", "csrf=" + pat.csrf, pat.cookie);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 303);
  EXPECT_NE(out->Header("set-cookie").find("tricholog_session=;"), std::string::npos);
  EXPECT_NE(out->Header("set-cookie").find("Max-Age=0"), std::string::npos);
  // The signed-out cookie opens nothing, with or without its old token; the other user stays.
  EXPECT_EQ(MeStatus(pat), 401);
  EXPECT_EQ(Fetch(port(), "DELETE", "/api/v1/session", pat.Headers())->status, 401);
  EXPECT_EQ(Form("/account/password", "csrf=" + pat.csrf, pat.cookie)->status, 303);  // to /signin
  EXPECT_EQ(MeStatus(other), 200);
  // API sign-out of the other user.
  EXPECT_EQ(Fetch(port(), "DELETE", "/api/v1/session", other.Headers(false))->status, 403);
  EXPECT_EQ(Fetch(port(), "DELETE", "/api/v1/session", other.Headers())->status, 204);
  EXPECT_EQ(MeStatus(other), 401);
}

TEST_F(AccountRoutesTest, PasswordChangeNeedsCsrfAndTheCurrentPassword) {
  const Signed pat = SignUp("pat@example.org");
  const Signed second = SignIn("pat@example.org");
  const std::string change = "current_password=a+good+password&new_password=another+good+one";
  EXPECT_EQ(Form("/account/password", change, pat.cookie)->status, 403);
  auto wrong =
      Form("/account/password",
           "csrf=" + pat.csrf + "&current_password=wrong+one&new_password=x+y+z+w+v", pat.cookie);
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 403);
  EXPECT_NE(wrong->body.find("id=\"current_password-error\""), std::string::npos) << wrong->body;
  EXPECT_EQ(wrong->body.find("wrong one"), std::string::npos);
  auto changed = Form("/account/password", "csrf=" + pat.csrf + "&" + change, pat.cookie);
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->status, 303);
  EXPECT_EQ(changed->Header("location"), "/account/password?changed=1");
  EXPECT_EQ(MeStatus(pat), 200);     // this session stays
  EXPECT_EQ(MeStatus(second), 401);  // every other one ends
  auto old = Json("POST", "/api/v1/session",
                  {{"email", "pat@example.org"}, {"password", std::string(test::kTestPassword)}});
  EXPECT_EQ(old->status, 401);
  auto api = Json("POST", "/api/v1/me/password",
                  {{"current_password", "another good one"}, {"new_password", test::kTestPassword}},
                  pat.Headers());
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 204) << api->body;
  SignIn("pat@example.org");
}

// Every route of the product's table x {anonymous, patient, other patient, admin}: the access
// gate answers as the route's Access says, signed-in account routes act on the caller's own
// account only, and every state-changing route that is not CSRF-exempt refuses a request
// without the token. Built from router().routes(), so a new route cannot be left out.
}  // namespace
}  // namespace tricholog::http
