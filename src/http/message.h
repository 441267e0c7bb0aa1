// The request and response as handlers see them: plain values with no Boost type in sight, so
// handlers and their tests never include Beast. The server (server.cc) converts to and from the
// wire; the router (router.cc) fills the parsed parts (path parameters, form, files, principal).
#ifndef TRICHOLOG_HTTP_MESSAGE_H_
#define TRICHOLOG_HTTP_MESSAGE_H_

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/form_parsing.h"
#include "http/multipart.h"
#include "store/model.h"

namespace tricholog::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

// "GET", "POST", ...; "OTHER" for kOther.
std::string_view MethodName(Method method);
// The method for an upper-case name; kOther for anything else.
Method ParseMethod(std::string_view name);
// POST, PUT, PATCH and DELETE: the methods that need a CSRF token.
bool IsStateChanging(Method method);

// The signed-in user behind a request, as the authentication hook resolved it from the session
// cookie. `csrf_token` is the token this session's forms and API calls must echo.
struct Principal {
  std::string user_id;
  store::Role role = store::Role::kPatient;
  std::string csrf_token;
  std::string display_name{};  // for "Signed in as ..."
  std::string email{};

  store::Actor actor() const { return {user_id, role}; }
};

struct Request {
  Method method = Method::kGet;
  std::string target;  // as sent: "/a%20b?x=1"
  std::string path;    // decoded path, without the query: "/a b"
  FormFields query;    // decoded query parameters (see ParseUrlEncoded for duplicates)
  // Header name (lower-case) -> value; repeated headers joined with ", " (Cookie with "; ").
  std::map<std::string, std::string> headers;
  std::map<std::string, std::string> cookies;  // from the Cookie header
  std::string body;
  std::string remote_address;  // peer IP address, no port

  // Filled by the router before the handler runs.
  std::map<std::string, std::string> path_params;  // "{id}" in the route template -> decoded
  std::optional<Principal> principal;              // std::nullopt: anonymous
  FormFields form;                   // urlencoded body fields, or multipart parts without a file
  std::vector<MultipartPart> files;  // multipart parts with a filename
  std::string route_name;            // the matched route's name

  // The header value, or "" when absent. `name` must be lower-case.
  std::string_view Header(std::string_view name) const;
  // The path parameter `name`, or "" when the route has none of that name.
  std::string_view PathParam(std::string_view name) const;
};

struct Response {
  int status = 200;
  // Header names as written; Content-Type and security headers are added when absent.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, the server sends this file's bytes instead of `body` (static files).
  std::optional<std::filesystem::path> file;

  // The first value of header `name` (case-insensitive), or "" when absent.
  std::string_view Header(std::string_view name) const;
  // Replaces every header called `name` (case-insensitive) with one.
  void SetHeader(std::string name, std::string value);
  // Adds the header unless one with that name is already present.
  void SetHeaderIfAbsent(std::string name, std::string value);
};

// Builders for the usual responses.
Response TextResponse(int status, std::string text);
Response HtmlResponse(int status, std::string html);
Response JsonResponse(int status, const nlohmann::json& value);
// The API's error shape: {"error": {"field": field, "message": message}} ("field" omitted when
// empty).
Response JsonErrorResponse(int status, std::string_view field, std::string_view message);
// 303 See Other to `location` (a path on this site).
Response RedirectResponse(std::string location);
// The HTTP status for an Error's code (400, 404, 413, 403, 409, 500, ...).
int HttpStatusFor(ErrorCode code);
// An Error as the API's error response with HttpStatusFor(error.code). Internal errors are
// reported without their message (which may name files or queries).
Response JsonErrorResponse(const Error& error);

// The standard reason phrase ("Not Found"), or "Unknown".
std::string_view ReasonPhrase(int status);

}  // namespace tricholog::http

#endif  // TRICHOLOG_HTTP_MESSAGE_H_
