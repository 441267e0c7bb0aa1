// The server and router end to end over real loopback sockets: routing, limits, timeouts,
// connection cap, access, CSRF, security headers, graceful stop and the worker pool.
#include "http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "http/http_test_util.h"
#include "http/worker_pool.h"

namespace tricholog::http {
namespace {

using namespace std::chrono_literals;
using test::Connection;
using test::Fetch;
using test::RequestText;
using test::TestServer;

// The fake authentication hook: cookie session=patient|other|admin.
std::optional<Principal> FakeAuthenticate(const Request& request) {
  const auto it = request.cookies.find("session");
  if (it == request.cookies.end()) return std::nullopt;
  if (it->second == "patient") return Principal{"p1", store::Role::kPatient, "csrf-p1"};
  if (it->second == "other") return Principal{"p2", store::Role::kPatient, "csrf-p2"};
  if (it->second == "admin") return Principal{"a1", store::Role::kAdmin, "csrf-a1"};
  return std::nullopt;
}

Handler Echo() {
  return SyncHandler([](Request& request) {
    nlohmann::json body = {{"route", request.route_name},
                           {"params", request.path_params},
                           {"user", request.principal ? request.principal->user_id : ""},
                           {"form", request.form.entries().size()},
                           {"files", request.files.size()},
                           {"body_bytes", request.body.size()}};
    if (auto q = request.query.GetOne("q")) body["q"] = *q;
    return JsonResponse(200, body);
  });
}

// A sample table with every access level and every state-changing method.
void AddSampleRoutes(Router& router) {
  const std::vector<Route> routes = {
      {Method::kGet, "/", "home", Access::kPublic, 0, Echo()},
      {Method::kGet, "/patients/{id}", "patient.page", Access::kSignedIn, 0, Echo()},
      {Method::kGet, "/api/v1/patients/{id}/sessions/{session}", "api.session", Access::kSignedIn,
       0, Echo()},
      {Method::kPost, "/api/v1/patients/{id}/sessions", "api.session.create", Access::kSignedIn,
       1024, Echo()},
      {Method::kPut, "/api/v1/patients/{id}", "api.patient.update", Access::kSignedIn, 1024,
       Echo()},
      {Method::kPatch, "/api/v1/patients/{id}", "api.patient.patch", Access::kSignedIn, 1024,
       Echo()},
      {Method::kDelete, "/api/v1/patients/{id}", "api.patient.delete", Access::kSignedIn, 0,
       Echo()},
      {Method::kPost, "/patients/{id}/notes", "patient.notes", Access::kSignedIn, 4096, Echo()},
      {Method::kPost, "/feedback", "feedback", Access::kPublic, 1024, Echo()},
      {Method::kGet, "/admin/users", "admin.users", Access::kAdmin, 0, Echo()},
      {Method::kPost, "/api/v1/admin/users", "api.admin.users.create", Access::kAdmin, 1024,
       Echo()},
      {Method::kPost, "/signin", "signin", Access::kPublic, 1024, Echo(), /*csrf_exempt=*/true},
      {Method::kGet, "/files/{path...}", "files", Access::kPublic, 0, Echo()},
      {Method::kGet, "/boom", "boom", Access::kPublic, 0,
       SyncHandler([](Request&) -> Response { throw std::runtime_error("secret /etc/detail"); })},
  };
  for (const Route& route : routes) ASSERT_TRUE(router.Add(route)) << route.name;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    AddSampleRoutes(router_);
    router_.SetAuthenticator(FakeAuthenticate);
    router_.SetLogSink([this](std::string_view line) {
      std::lock_guard lock(log_mutex_);
      log_ += std::string(line) + "\n";
    });
  }
  std::string log() {
    std::lock_guard lock(log_mutex_);
    return log_;
  }

  Router router_;
  std::mutex log_mutex_;
  std::string log_;
};

TEST_F(ServerTest, RoutesWithDecodedParamsAndQuery) {
  TestServer server(router_);
  ASSERT_TRUE(server.started());
  ASSERT_NE(server.port(), 0);
  auto reply = Fetch(server.port(), "GET", "/api/v1/patients/p%201/sessions/s-2?q=a+b",
                     "Cookie: session=patient\r\n");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  const auto body = nlohmann::json::parse(reply->body);
  EXPECT_EQ(body["route"], "api.session");
  EXPECT_EQ(body["params"]["id"], "p 1");
  EXPECT_EQ(body["params"]["session"], "s-2");
  EXPECT_EQ(body["q"], "a b");
  EXPECT_EQ(body["user"], "p1");

  auto tail = Fetch(server.port(), "GET", "/files/css/a%20b/site.css");
  ASSERT_TRUE(tail);
  EXPECT_EQ(nlohmann::json::parse(tail->body)["params"]["path"], "css/a b/site.css");
}

TEST_F(ServerTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  TestServer server(router_);
  auto missing = Fetch(server.port(), "GET", "/api/v1/nothing");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_TRUE(nlohmann::json::parse(missing->body)["error"].contains("message"));
  auto html_missing = Fetch(server.port(), "GET", "/nothing");
  ASSERT_TRUE(html_missing);
  EXPECT_EQ(html_missing->status, 404);
  EXPECT_EQ(html_missing->Header("content-type"), "text/html; charset=utf-8");

  auto wrong = Fetch(server.port(), "POST", "/api/v1/patients/p1", "Cookie: session=patient\r\n");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->Header("allow"), "PUT, PATCH, DELETE");
  auto traversal = Fetch(server.port(), "GET", "/files/css/%2e%2e/x");
  ASSERT_TRUE(traversal);
  EXPECT_EQ(traversal->status, 400);
  auto encoded_slash = Fetch(server.port(), "GET", "/patients/a%2Fb");
  ASSERT_TRUE(encoded_slash);
  EXPECT_EQ(encoded_slash->status, 400);
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  TestServer server(router_);
  Connection connection(server.port());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(connection.Send(RequestText("GET", "/")));
    auto reply = connection.Read();
    ASSERT_TRUE(reply) << i;
    EXPECT_EQ(reply->status, 200);
  }
  ASSERT_TRUE(connection.Send(RequestText("HEAD", "/")));
  auto head = connection.Read(10s, /*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_NE(head->Header("content-length"), "0");
}

TEST_F(ServerTest, SecurityHeadersOnEveryResponse) {
  TestServer server(router_);
  for (const char* target : {"/", "/nothing", "/api/v1/nothing", "/patients/1", "/boom"}) {
    auto reply = Fetch(server.port(), "GET", target);
    ASSERT_TRUE(reply) << target;
    const std::string csp = reply->Header("content-security-policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << target;
    EXPECT_NE(csp.find("object-src 'none'"), std::string::npos) << target;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << target;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << target;
    EXPECT_EQ(reply->Header("x-content-type-options"), "nosniff") << target;
    EXPECT_EQ(reply->Header("referrer-policy"), "same-origin") << target;
    EXPECT_EQ(reply->Header("x-frame-options"), "DENY") << target;
    EXPECT_EQ(reply->Header("cache-control"), "no-store") << target;
  }
}

TEST_F(ServerTest, HandlerExceptionIs500WithoutDetailAndIsLogged) {
  TestServer server(router_);
  auto reply = Fetch(server.port(), "GET", "/boom");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 500);
  EXPECT_EQ(reply->body.find("secret"), std::string::npos);
  EXPECT_NE(log().find("secret /etc/detail"), std::string::npos);
}

// Every route x actor, derived from the table: what each access level lets through.
TEST_F(ServerTest, AccessLevelsForEveryRouteAndActor) {
  TestServer server(router_);
  struct Actor {
    std::string cookie;
    std::string csrf;
    bool signed_in;
    bool admin;
  };
  const std::vector<Actor> actors = {{"", "", false, false},
                                     {"patient", "csrf-p1", true, false},
                                     {"admin", "csrf-a1", true, true}};
  int checked = 0;
  for (const Route& route : router_.routes()) {
    if (route.name == "boom") continue;
    std::string target = route.path;
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"{id}", "p1"}, {"{session}", "s1"}, {"{path...}", "a/b"}}) {
      if (auto at = target.find(from); at != std::string::npos) target.replace(at, from.size(), to);
    }
    for (const Actor& actor : actors) {
      std::string headers;
      if (!actor.cookie.empty()) headers += "Cookie: session=" + actor.cookie + "\r\n";
      if (!actor.csrf.empty()) headers += "X-CSRF-Token: " + actor.csrf + "\r\n";
      auto reply = Fetch(server.port(), MethodName(route.method), target, headers);
      ASSERT_TRUE(reply) << route.name;
      const bool allowed = route.access == Access::kPublic ||
                           (route.access == Access::kSignedIn && actor.signed_in) ||
                           (route.access == Access::kAdmin && actor.admin);
      const std::string where =
          route.name + " as " + (actor.cookie.empty() ? "anonymous" : actor.cookie);
      if (allowed && IsStateChanging(route.method) && !actor.signed_in && !route.csrf_exempt) {
        EXPECT_EQ(reply->status, 403) << where;  // no session, so no CSRF token to match
      } else if (allowed) {
        EXPECT_EQ(reply->status, 200) << where;
      } else if (!actor.signed_in) {
        EXPECT_EQ(reply->status, IsApiPath(route.path) ? 401 : 303) << where;
        if (!IsApiPath(route.path)) {
          EXPECT_EQ(reply->Header("location").rfind("/signin", 0), 0u) << where;
        }
      } else {
        EXPECT_EQ(reply->status, 403) << where;
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 3 * (static_cast<int>(router_.routes().size()) - 1));
}

// Every state-changing route that is not CSRF-exempt refuses a missing, wrong or other user's
// token, and accepts the right one in the header or the form field.
TEST_F(ServerTest, CsrfIsRequiredOnEveryStateChangingRoute) {
  TestServer server(router_);
  int routes_checked = 0;
  for (const Route& route : router_.routes()) {
    if (!IsStateChanging(route.method) || route.csrf_exempt) continue;
    std::string target = route.path;
    if (auto at = target.find("{id}"); at != std::string::npos) target.replace(at, 4, "p1");
    const std::string cookie = route.access == Access::kAdmin ? "Cookie: session=admin\r\n"
                                                              : "Cookie: session=patient\r\n";
    const std::string token = route.access == Access::kAdmin ? "csrf-a1" : "csrf-p1";
    const std::string method(MethodName(route.method));
    const std::string form = "Content-Type: application/x-www-form-urlencoded\r\n";
    const std::vector<std::string> bad_tokens = {"", "X-CSRF-Token: wrong\r\n",
                                                 "X-CSRF-Token: csrf-p2\r\n",
                                                 "X-CSRF-Token: " + token + "x\r\n"};
    for (const std::string& bad : bad_tokens) {
      auto reply = Fetch(server.port(), method, target, cookie + bad);
      ASSERT_TRUE(reply);
      EXPECT_EQ(reply->status, 403) << route.name << " with " << bad;
    }
    if (route.max_body_bytes > 0) {
      auto wrong_form = Fetch(server.port(), method, target, cookie + form, "csrf=nope&a=1");
      ASSERT_TRUE(wrong_form);
      EXPECT_EQ(wrong_form->status, 403) << route.name;
    }
    std::string with_token = cookie;
    with_token.append("X-CSRF-Token: ").append(token).append("\r\n");
    auto header_ok = Fetch(server.port(), method, target, with_token);
    ASSERT_TRUE(header_ok);
    EXPECT_EQ(header_ok->status, 200) << route.name;
    if (route.max_body_bytes > 0) {
      auto form_ok = Fetch(server.port(), method, target, cookie + form, "csrf=" + token + "&a=1");
      ASSERT_TRUE(form_ok);
      EXPECT_EQ(form_ok->status, 200) << route.name;
    }
    // A cross-site Origin is refused even with the right token.
    auto cross =
        Fetch(server.port(), method, target, with_token + "Origin: http://evil.example\r\n");
    ASSERT_TRUE(cross);
    EXPECT_EQ(cross->status, 403) << route.name;
    ++routes_checked;
  }
  EXPECT_EQ(routes_checked, 7);
}

TEST_F(ServerTest, MultipartFormCarriesCsrfFieldsAndFiles) {
  TestServer server(router_);
  const std::string body =
      "--XB\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ncsrf-p1\r\n"
      "--XB\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n"
      "Content-Type: image/jpeg\r\n\r\n\xff\xd8\xff\r\n--XB--\r\n";
  auto reply =
      Fetch(server.port(), "POST", "/patients/p1/notes",
            "Cookie: session=patient\r\nContent-Type: multipart/form-data; boundary=XB\r\n", body);
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200) << reply->body;
  const auto json = nlohmann::json::parse(reply->body);
  EXPECT_EQ(json["form"], 1);
  EXPECT_EQ(json["files"], 1);
  auto broken =
      Fetch(server.port(), "POST", "/patients/p1/notes",
            "Cookie: session=patient\r\nContent-Type: multipart/form-data; boundary=XB\r\n",
            "--XB\r\nno headers end");
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 400);
  EXPECT_NE(broken->body.find("part 1"), std::string::npos);
}

TEST_F(ServerTest, OversizedHeaderIs431) {
  TestServer server(router_);
  Connection connection(server.port());
  connection.Send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(9000, 'a') + "\r\n\r\n");
  auto reply = connection.Read();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 431);
  EXPECT_TRUE(connection.WaitClosed(5s));
}

TEST_F(ServerTest, BodyOverTheRouteLimitIs413BeforeItIsRead) {
  TestServer server(router_);
  // Declared 10 MB, none of it sent: the answer comes from the headers alone.
  Connection connection(server.port());
  connection.Send(
      "POST /api/v1/patients/p1/sessions HTTP/1.1\r\nHost: x\r\nCookie: session=patient\r\n"
      "X-CSRF-Token: csrf-p1\r\nContent-Length: 10000000\r\n\r\n");
  auto reply = connection.Read();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 413);
  EXPECT_NE(nlohmann::json::parse(reply->body)["error"]["message"].get<std::string>().find("1024"),
            std::string::npos);
  // Chunked: the limit applies while reading.
  Connection chunked(server.port());
  chunked.Send(
      "POST /api/v1/patients/p1/sessions HTTP/1.1\r\nHost: x\r\nCookie: session=patient\r\n"
      "X-CSRF-Token: csrf-p1\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" +
      std::string(0x800, 'a') + "\r\n0\r\n\r\n");
  auto chunked_reply = chunked.Read();
  ASSERT_TRUE(chunked_reply);
  EXPECT_EQ(chunked_reply->status, 413);
  // Within the limit is fine, with Expect: 100-continue answered first.
  Connection fits(server.port());
  fits.Send(
      "POST /api/v1/patients/p1/sessions HTTP/1.1\r\nHost: x\r\nCookie: session=patient\r\n"
      "X-CSRF-Token: csrf-p1\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n");
  auto proceed = fits.Read();
  ASSERT_TRUE(proceed);
  EXPECT_EQ(proceed->status, 100);
  fits.Send(std::string(1000, 'b'));
  auto ok = fits.Read();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(nlohmann::json::parse(ok->body)["body_bytes"], 1000);
}

TEST_F(ServerTest, SlowHeadersGet408AndIdleConnectionsAreClosed) {
  ServerOptions options;
  options.header_timeout = 300ms;
  options.idle_timeout = 300ms;
  TestServer server(router_, options);
  Connection slow(server.port());
  slow.Send("GET / HTTP/1.1\r\nHost: x\r\n");  // never finished
  auto reply = slow.Read();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 408);
  EXPECT_TRUE(slow.WaitClosed(5s));

  Connection idle(server.port());
  EXPECT_TRUE(idle.WaitClosed(5s));
}

TEST_F(ServerTest, ConnectionsBeyondTheCapGet503) {
  ServerOptions options;
  options.max_connections = 2;
  TestServer server(router_, options);
  Connection a(server.port()), b(server.port());
  ASSERT_TRUE(a.Send(RequestText("GET", "/")));
  ASSERT_TRUE(a.Read());
  ASSERT_TRUE(b.Send(RequestText("GET", "/")));
  ASSERT_TRUE(b.Read());
  Connection c(server.port());
  auto refused = c.Read();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_FALSE(refused->Header("retry-after").empty());
  // The two admitted connections still work.
  ASSERT_TRUE(a.Send(RequestText("GET", "/")));
  auto again = a.Read();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

TEST_F(ServerTest, ListenErrorsAreReported) {
  TestServer first(router_);
  ServerOptions options;
  options.port = first.port();
  HttpServer second(router_, options);
  auto started = second.Start();
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().code, ErrorCode::kIo);
  EXPECT_EQ(started.error().field, "listen");

  ServerOptions bad;
  EXPECT_FALSE(ParseListenAddress("localhost:80", bad));
  EXPECT_FALSE(ParseListenAddress("127.0.0.1", bad));
  EXPECT_FALSE(ParseListenAddress("127.0.0.1:70000", bad));
  EXPECT_FALSE(ParseListenAddress("127.0.0.1:-1", bad));
  ASSERT_TRUE(ParseListenAddress("[::1]:0", bad));
  EXPECT_EQ(bad.address, "::1");
  ASSERT_TRUE(ParseListenAddress("0.0.0.0:8081", bad));
  EXPECT_EQ(bad.port, 8081);
}

TEST(ServerStop, FinishesAnInFlightRequestThenStops) {
  WorkerPool pool(1, 4);
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  Router router;
  ASSERT_TRUE(router.Add(
      {Method::kGet, "/slow", "slow", Access::kPublic, 0, [&](Request&) -> Task<Response> {
         co_await RunOnWorkers(pool, [&] {
           entered.set_value();
           released.wait();
         });
         co_return TextResponse(200, "finished");
       }}));
  auto server = std::make_unique<TestServer>(router);
  const std::uint16_t port = server->port();
  Connection client(port);
  ASSERT_TRUE(client.Send(RequestText("GET", "/slow")));
  entered.get_future().wait();
  Connection idle(port);  // open, no request: closed by the stop
  std::thread stopper([&] { server->server().Stop(); });
  std::this_thread::sleep_for(100ms);  // let Stop() close the listener (not a timing assertion)
  EXPECT_TRUE(idle.WaitClosed(5s));
  release.set_value();
  auto reply = client.Read();
  stopper.join();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "finished");
  EXPECT_EQ(reply->Header("connection"), "close");
  Connection after(port);
  EXPECT_FALSE(after.connected() && after.Send(RequestText("GET", "/slow")) && after.Read(1s));
}

TEST(WorkerPoolTest, HandlerJobsRunOffTheIoThreadsAndAFullQueueIs503) {
  WorkerPool pool(1, 1);
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> handler_on_worker{true};
  Router router;
  ASSERT_TRUE(router.Add(
      {Method::kGet, "/analyse", "analyse", Access::kPublic, 0, [&](Request&) -> Task<Response> {
         handler_on_worker = WorkerPool::OnWorkerThread();
         const std::thread::id io_thread = std::this_thread::get_id();
         const auto job = co_await RunOnWorkers(pool, [&] {
           entered.set_value();
           released.wait();
           return std::make_pair(WorkerPool::OnWorkerThread(),
                                 std::this_thread::get_id() != io_thread);
         });
         co_return JsonResponse(200, {{"on_worker", job.first}, {"other_thread", job.second}});
       }}));
  TestServer server(router);
  Connection first(server.port());
  ASSERT_TRUE(first.Send(RequestText("GET", "/analyse")));
  entered.get_future().wait();
  // The one place is taken: the next job is refused at once.
  auto busy = Fetch(server.port(), "GET", "/analyse");
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->status, 503);
  EXPECT_FALSE(busy->Header("retry-after").empty());
  release.set_value();
  auto reply = first.Read();
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 200);
  const auto json = nlohmann::json::parse(reply->body);
  EXPECT_TRUE(json["on_worker"]);
  EXPECT_TRUE(json["other_thread"]);
  EXPECT_FALSE(handler_on_worker);
}

TEST(WorkerPoolTest, JobExceptionsReachTheHandler) {
  WorkerPool pool(2, 4);
  Router router;
  ASSERT_TRUE(router.Add(
      {Method::kGet, "/fail", "fail", Access::kPublic, 0, [&](Request&) -> Task<Response> {
         std::string caught;
         try {
           co_await RunOnWorkers(pool, []() -> int { throw std::runtime_error("decoder failed"); });
         } catch (const std::runtime_error& error) {
           caught = error.what();
         }
         co_return TextResponse(200, caught);
       }}));
  TestServer server(router);
  auto reply = Fetch(server.port(), "GET", "/fail");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->body, "decoder failed");
}

TEST(RouterTable, RefusesMalformedAndDuplicateRoutes) {
  Router router;
  const Handler h = SyncHandler([](Request&) { return TextResponse(200, ""); });
  EXPECT_TRUE(router.Add({Method::kGet, "/a/{id}", "a", Access::kPublic, 0, h}));
  EXPECT_FALSE(router.Add({Method::kGet, "/a/{id}", "a2", Access::kPublic, 0, h}));
  EXPECT_FALSE(router.Add({Method::kPost, "/b", "a", Access::kPublic, 0, h}));
  EXPECT_FALSE(router.Add({Method::kGet, "no-slash", "c", Access::kPublic, 0, h}));
  EXPECT_FALSE(router.Add({Method::kGet, "/x/{rest...}/y", "d", Access::kPublic, 0, h}));
  EXPECT_FALSE(router.Add({Method::kGet, "/x/{a}/{a}", "e", Access::kPublic, 0, h}));
  EXPECT_FALSE(router.Add({Method::kGet, "/x/{a", "f", Access::kPublic, 0, h}));
  EXPECT_FALSE(router.Add({Method::kGet, "/x//y", "g", Access::kPublic, 0, h}));
  EXPECT_FALSE(router.Add({Method::kGet, "/h", "h", Access::kPublic, 0, Handler()}));
  EXPECT_EQ(router.routes().size(), 1u);
}

TEST(RouterTable, TheMostSpecificRouteWinsWhateverTheOrderAdded) {
  Router router;
  const Handler h = SyncHandler([](Request&) { return TextResponse(200, ""); });
  ASSERT_TRUE(router.Add({Method::kGet, "/p/{id}/{rest...}", "tail", Access::kPublic, 0, h}));
  ASSERT_TRUE(
      router.Add({Method::kGet, "/p/{id}/sessions/{session}", "param", Access::kPublic, 0, h}));
  ASSERT_TRUE(router.Add({Method::kGet, "/p/{id}/sessions/new", "literal", Access::kPublic, 0, h}));
  ASSERT_TRUE(router.Add({Method::kPut, "/p/{id}/masks/loss", "put", Access::kPublic, 0, h}));
  ASSERT_TRUE(router.Add({Method::kGet, "/p/{id}/masks/{kind}", "get", Access::kPublic, 0, h}));
  EXPECT_EQ(router.Match(Method::kGet, "/p/1/sessions/new").route->name, "literal");
  EXPECT_EQ(router.Match(Method::kGet, "/p/1/sessions/abc").route->name, "param");
  EXPECT_EQ(router.Match(Method::kGet, "/p/1/other/x").route->name, "tail");
  // The method decides first: GET of the literal path takes the GET route with a parameter.
  EXPECT_EQ(router.Match(Method::kGet, "/p/1/masks/loss").route->name, "get");
  EXPECT_EQ(router.Match(Method::kPut, "/p/1/masks/loss").route->name, "put");
  auto refused = router.Match(Method::kDelete, "/p/1/masks/loss");
  EXPECT_EQ(refused.kind, RouteMatch::Kind::kMethodNotAllowed);
}

}  // namespace
}  // namespace tricholog::http
