#include "http/router.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <iostream>
#include <set>

#include "chart/markup.h"
#include "http/worker_pool.h"
#include "store/session_token.h"

namespace tricholog::http {
namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.empty() || path.front() != '/') return segments;
  path.remove_prefix(1);
  if (path.empty()) return segments;  // "/"
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = path.find('/', start);
    segments.push_back(path.substr(start, slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments;
}

bool IsParam(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}
bool IsTailParam(std::string_view segment) {
  return IsParam(segment) && segment.size() > 5 && segment.substr(segment.size() - 4) == "...}";
}
std::string ParamName(std::string_view segment) {
  segment = segment.substr(1, segment.size() - 2);
  if (segment.size() > 3 && segment.substr(segment.size() - 3) == "...") {
    segment.remove_suffix(3);
  }
  return std::string(segment);
}

// Whether the template's segments match the decoded request segments; fills `params`.
bool MatchTemplate(std::string_view templ, const std::vector<std::string>& segments,
                   std::map<std::string, std::string>& params) {
  const std::vector<std::string_view> parts = SplitPath(templ);
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (IsTailParam(parts[i])) {
      if (i >= segments.size()) return false;
      std::string rest;
      for (std::size_t k = i; k < segments.size(); ++k) {
        if (segments[k].empty()) return false;
        if (k > i) rest += '/';
        rest += segments[k];
      }
      found[ParamName(parts[i])] = std::move(rest);
      params = std::move(found);
      return true;
    }
    if (i >= segments.size()) return false;
    if (IsParam(parts[i])) {
      if (segments[i].empty()) return false;
      found[ParamName(parts[i])] = segments[i];
    } else if (parts[i] != segments[i]) {
      return false;
    }
  }
  if (parts.size() != segments.size()) return false;
  params = std::move(found);
  return true;
}

bool SameMethod(Method route, Method request) {
  return route == request || (route == Method::kGet && request == Method::kHead);
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string MediaType(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  return Lower(type);
}

// Parses the body into request.form / request.files per its Content-Type.
Result<void> ParseBody(Request& request, std::size_t max_body_bytes) {
  if (request.body.empty()) return {};
  const std::string content_type(request.Header("content-type"));
  const std::string media = MediaType(content_type);
  if (media == "application/x-www-form-urlencoded") {
    FormLimits limits;
    limits.max_total_bytes = std::max(max_body_bytes, request.body.size());
    auto form = ParseUrlEncoded(request.body, "form", limits);
    if (!form) return tl::unexpected(form.error());
    request.form = std::move(*form);
  } else if (media == "multipart/form-data") {
    auto boundary = MultipartBoundary(content_type);
    if (!boundary) return tl::unexpected(boundary.error());
    MultipartLimits limits;
    limits.max_total_bytes = std::max(max_body_bytes, request.body.size());
    limits.max_part_bytes = limits.max_total_bytes;
    auto parts = ParseMultipart(request.body, *boundary, limits);
    if (!parts) return tl::unexpected(parts.error());
    for (auto& part : *parts) {
      if (part.filename) {
        request.files.push_back(std::move(part));
      } else if (!IsValidFieldText(part.body)) {
        return InvalidArgument(part.name, "is not valid UTF-8 text (or holds control characters)");
      } else {
        request.form.Add(std::move(part.name), std::move(part.body));
      }
    }
  }
  return {};
}

// An Origin header, when present, must name this host (a cross-site form post carries the
// attacker's origin).
bool OriginAllowed(const Request& request) {
  const std::string_view origin = request.Header("origin");
  if (origin.empty()) return true;
  const std::string host(request.Header("host"));
  return !host.empty() && (origin == "http://" + host || origin == "https://" + host);
}

}  // namespace

std::string_view AccessName(Access access) {
  switch (access) {
    case Access::kPublic:
      return "public";
    case Access::kSignedIn:
      return "signed-in";
    case Access::kAdmin:
      return "admin";
  }
  return "signed-in";
}

Handler SyncHandler(std::function<Response(Request&)> handler) {
  return [handler = std::move(handler)](Request& request) -> Task<Response> {
    co_return handler(request);
  };
}

bool IsApiPath(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

void ApplySecurityHeaders(Response& response) {
  response.SetHeader("Content-Security-Policy",
                     "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; "
                     "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetHeader("Referrer-Policy", "same-origin");
  response.SetHeader("X-Frame-Options", "DENY");
  response.SetHeaderIfAbsent("Cache-Control", "no-store");
}

Response Router::ErrorResponse(std::string_view path, int status, std::string_view field,
                               std::string_view message) {
  Response response;
  if (IsApiPath(path)) {
    response = JsonErrorResponse(status, field, message);
  } else {
    const std::string title = std::to_string(status) + " " + std::string(ReasonPhrase(status));
    std::string text(message);
    if (!field.empty()) text = std::string(field) + ": " + text;
    response =
        HtmlResponse(status,
                     "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                     "<title>" +
                         chart::EscapeXml(title) +
                         " - Tricholog</title>"
                         "<link rel=\"stylesheet\" href=\"/static/css/site.css\"></head>\n"
                         "<body><main class=\"error-page\"><h1>" +
                         chart::EscapeXml(title) + "</h1><p>" + chart::EscapeXml(text) +
                         "</p><p><a href=\"/\">Tricholog home</a></p></main></body>"
                         "\n</html>\n");
  }
  ApplySecurityHeaders(response);
  return response;
}

Router::Router() {
  log_ = [](std::string_view line) { std::cerr << "tricholog serve: " << line << '\n'; };
}

void Router::Log(std::string_view line) const {
  if (log_) log_(line);
}

Result<void> Router::Add(Route route) {
  const std::string field = "route " + (route.name.empty() ? route.path : route.name);
  if (route.name.empty()) return InvalidArgument(field, "has no name");
  if (route.path.empty() || route.path.front() != '/') {
    return InvalidArgument(field, "path must start with '/'");
  }
  if (!route.handler) return InvalidArgument(field, "has no handler");
  if (route.method == Method::kOther || route.method == Method::kHead) {
    return InvalidArgument(field, "method must be GET, POST, PUT, PATCH, DELETE or OPTIONS");
  }
  const std::vector<std::string_view> parts = SplitPath(route.path);
  std::set<std::string> names;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].empty()) return InvalidArgument(field, "path has an empty segment");
    const bool brace = parts[i].find_first_of("{}") != std::string_view::npos;
    if (brace && !IsParam(parts[i])) return InvalidArgument(field, "has a malformed {parameter}");
    if (IsTailParam(parts[i]) && i + 1 != parts.size()) {
      return InvalidArgument(field, "{name...} must be the last segment");
    }
    if (IsParam(parts[i]) && !names.insert(ParamName(parts[i])).second) {
      return InvalidArgument(field, "repeats a parameter name");
    }
  }
  for (const Route& existing : routes_) {
    if (existing.name == route.name) return InvalidArgument(field, "name is already used");
    if (existing.method == route.method && existing.path == route.path) {
      return InvalidArgument(field, "duplicates route " + existing.name);
    }
  }
  routes_.push_back(std::move(route));
  return {};
}

RouteMatch Router::Match(Method method, std::string_view raw_path) const {
  RouteMatch match;
  std::vector<std::string> segments;
  for (std::string_view raw : SplitPath(raw_path)) {
    auto decoded = PercentDecode(raw, false, "path");
    if (!decoded || decoded->find('/') != std::string::npos ||
        decoded->find('\0') != std::string::npos || *decoded == "." || *decoded == ".." ||
        !IsValidFieldText(*decoded)) {
      match.kind = RouteMatch::Kind::kBadPath;
      return match;
    }
    segments.push_back(std::move(*decoded));
  }
  if (raw_path.empty() || raw_path.front() != '/') {
    match.kind = RouteMatch::Kind::kBadPath;
    return match;
  }
  // Of the routes that match, the most specific wins whatever the order they were added in:
  // compared segment by segment, a literal beats "{name}", which beats "{name...}"
  // (so /sessions/new is never taken for /sessions/{session_id}).
  std::vector<int> best_rank;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    if (!MatchTemplate(route.path, segments, params)) continue;
    if (SameMethod(route.method, method)) {
      std::vector<int> rank;
      for (std::string_view part : SplitPath(route.path)) {
        rank.push_back(IsTailParam(part) ? 0 : IsParam(part) ? 1 : 2);
      }
      if (match.route == nullptr || rank > best_rank) {
        match.kind = RouteMatch::Kind::kFound;
        match.route = &route;
        match.params = std::move(params);
        best_rank = std::move(rank);
      }
      continue;
    }
    match.allowed.push_back(route.method);
    if (route.method == Method::kGet) match.allowed.push_back(Method::kHead);
  }
  if (match.route != nullptr) {
    match.allowed.clear();
    return match;
  }
  match.kind =
      match.allowed.empty() ? RouteMatch::Kind::kNotFound : RouteMatch::Kind::kMethodNotAllowed;
  return match;
}

Task<Response> Router::Dispatch(Request& request) const {
  Response response;
  int failure_status = 0;
  std::string failure;
  try {
    response = co_await DispatchChecked(request);
  } catch (const WorkerPoolFull&) {
    failure_status = 503;
  } catch (const std::exception& error) {
    failure_status = 500;
    failure = error.what();
  } catch (...) {
    failure_status = 500;
    failure = "an exception that is not a std::exception";
  }
  if (failure_status == 503) {
    response = ErrorResponse(request.path, 503, "",
                             "the server is busy analysing other photos; try again in a minute");
    response.SetHeader("Retry-After", "30");
  } else if (failure_status == 500) {
    Log(std::string(MethodName(request.method)) + " " + request.path + " (route " +
        request.route_name + ") failed: " + failure);
    response = ErrorResponse(request.path, 500, "", "internal error; it has been logged");
  }
  ApplySecurityHeaders(response);
  co_return response;
}

Task<Response> Router::DispatchChecked(Request& request) const {
  const std::string_view raw_path =
      std::string_view(request.target).substr(0, request.target.find('?'));
  RouteMatch match = Match(request.method, raw_path);
  switch (match.kind) {
    case RouteMatch::Kind::kBadPath:
      co_return ErrorResponse(request.path, 400, "path", "is not a valid path");
    case RouteMatch::Kind::kNotFound:
      co_return ErrorResponse(request.path, 404, "", "there is nothing at this address");
    case RouteMatch::Kind::kMethodNotAllowed: {
      std::string allow;
      for (Method method : match.allowed) {
        if (allow.find(MethodName(method)) != std::string::npos) continue;
        if (!allow.empty()) allow += ", ";
        allow += MethodName(method);
      }
      Response response = ErrorResponse(
          request.path, 405, "method",
          std::string(MethodName(request.method)) + " is not allowed here; allowed: " + allow);
      response.SetHeader("Allow", allow);
      co_return response;
    }
    case RouteMatch::Kind::kFound:
      break;
  }
  const Route& route = *match.route;
  request.path_params = std::move(match.params);
  request.route_name = route.name;
  request.principal = authenticator_ ? authenticator_(request) : std::nullopt;

  if (route.access != Access::kPublic && !request.principal) {
    if (IsApiPath(request.path)) {
      co_return ErrorResponse(request.path, 401, "", "sign in first");
    }
    const bool safe = request.method == Method::kGet || request.method == Method::kHead;
    co_return RedirectResponse(safe ? "/signin?next=" + PercentEncode(request.target)
                                    : std::string("/signin"));
  }
  if (route.access == Access::kAdmin && request.principal->role != store::Role::kAdmin) {
    co_return ErrorResponse(request.path, 403, "", "this page is for administrators");
  }
  if (IsStateChanging(request.method)) {
    if (auto parsed = ParseBody(request, route.max_body_bytes); !parsed) {
      co_return ErrorResponse(request.path, HttpStatusFor(parsed.error().code),
                              parsed.error().field, parsed.error().message);
    }
    if (!OriginAllowed(request)) {
      co_return ErrorResponse(request.path, 403, "Origin", "is not this site");
    }
    if (!route.csrf_exempt) {
      std::string token(request.Header("x-csrf-token"));
      if (token.empty()) token = request.form.GetOne("csrf").value_or("");
      const bool valid = request.principal && !request.principal->csrf_token.empty() &&
                         !token.empty() &&
                         store::ConstantTimeEquals(token, request.principal->csrf_token);
      if (!valid) {
        co_return ErrorResponse(request.path, 403, "csrf",
                                "the form's security token is missing or stale; reload the page "
                                "and try again");
      }
    }
  }
  co_return co_await route.handler(request);
}

}  // namespace tricholog::http
