// Router: the route table and everything every request goes through before and after its
// handler, enforced here once rather than in each handler:
//  - matching method + path template ("/api/v1/patients/{id}", "/static/{path...}"); 404, and
//    405 with Allow;
//  - the signed-in principal from the authentication hook (the session cookie);
//  - access: public, signed-in, admin. Anonymous on a signed-in page -> 303 to /signin, on
//    /api/ -> 401 JSON; a non-admin on an admin route -> 403;
//  - CSRF on POST/PUT/PATCH/DELETE: the principal's token must come back in the X-CSRF-Token
//    header or the form field "csrf" (compared in constant time), and an Origin header, when
//    sent, must be this host;
//  - the body parsed into Request::form / files (urlencoded or multipart), errors as 400/413;
//  - exceptions from a handler -> 500 with nothing internal in it (logged); WorkerPoolFull ->
//    503 with Retry-After;
//  - security headers (CSP without inline script, nosniff, Referrer-Policy, X-Frame-Options) on
//    every response, and Cache-Control: no-store unless the handler chose a policy.
// Routes are added before the server starts; the table is then read-only (and thread-safe).
#ifndef TRICHOLOG_HTTP_ROUTER_H_
#define TRICHOLOG_HTTP_ROUTER_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"
#include "http/task.h"

namespace tricholog::http {

enum class Access { kPublic, kSignedIn, kAdmin };
std::string_view AccessName(Access access);

using Handler = std::function<Task<Response>(Request&)>;
// A handler that does not wait for anything, wrapped as a Task.
Handler SyncHandler(std::function<Response(Request&)> handler);

inline constexpr std::size_t kDefaultMaxBodyBytes = std::size_t{64} * 1024;

struct Route {
  Method method = Method::kGet;
  // Segments are literals or "{name}" (one segment); the last may be "{name...}" (the rest of
  // the path, one or more segments joined by '/').
  std::string path;
  std::string name;                                   // unique, for logs and tests: "api.health"
  Access access = Access::kSignedIn;                  // the safe default
  std::size_t max_body_bytes = kDefaultMaxBodyBytes;  // enforced before the body is read
  Handler handler;
  // Only for state-changing routes used before a session exists (sign-in, sign-up): no CSRF
  // token is required (the Origin check still applies). Enumerable, so tests can list them.
  bool csrf_exempt = false;
};

// Resolves the request's session (its cookies) to the signed-in principal; std::nullopt for
// anonymous. Called once per matched request, on an I/O thread. Must not throw (a throw is
// answered with 500).
using Authenticator = std::function<std::optional<Principal>(const Request&)>;
using LogSink = std::function<void(std::string_view)>;

struct RouteMatch {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed, kBadPath } kind = Kind::kNotFound;
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  std::vector<Method> allowed;  // kMethodNotAllowed: the methods the path has
};

class Router {
 public:
  Router();

  // Adds a route. Returns kInvalidArgument for a malformed template, a duplicate name, or a
  // method + template already present.
  Result<void> Add(Route route);
  // The whole table, in the order added.
  const std::vector<Route>& routes() const { return routes_; }

  void SetAuthenticator(Authenticator authenticator) { authenticator_ = std::move(authenticator); }
  void SetLogSink(LogSink log) { log_ = std::move(log); }
  void Log(std::string_view line) const;

  // The route for `method` and the raw (still percent-encoded) `path`. HEAD matches GET routes.
  // kBadPath: an escape is malformed, or a decoded segment holds '/', NUL, "." or "..".
  RouteMatch Match(Method method, std::string_view raw_path) const;

  // Everything listed in the header comment, then the handler. Never throws.
  Task<Response> Dispatch(Request& request) const;

  // An error response in the shape the path calls for: JSON {"error": ...} under /api/, a small
  // HTML page elsewhere; security headers applied.
  static Response ErrorResponse(std::string_view path, int status, std::string_view field,
                                std::string_view message);

 private:
  Task<Response> DispatchChecked(Request& request) const;

  std::vector<Route> routes_;
  Authenticator authenticator_;
  LogSink log_;
};

// Adds the security headers (and Cache-Control: no-store when none is set) to `response`.
void ApplySecurityHeaders(Response& response);
// Whether `path` is under the JSON API (/api/).
bool IsApiPath(std::string_view path);

}  // namespace tricholog::http

#endif  // TRICHOLOG_HTTP_ROUTER_H_
