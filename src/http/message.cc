#include "http/message.h"

#include <strings.h>

namespace tricholog::http {
namespace {

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::string_view MethodName(Method method) {
  switch (method) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      break;
  }
  return "OTHER";
}

Method ParseMethod(std::string_view name) {
  for (Method method : {Method::kGet, Method::kHead, Method::kPost, Method::kPut, Method::kPatch,
                        Method::kDelete, Method::kOptions}) {
    if (name == MethodName(method)) return method;
  }
  return Method::kOther;
}

bool IsStateChanging(Method method) {
  return method == Method::kPost || method == Method::kPut || method == Method::kPatch ||
         method == Method::kDelete;
}

std::string_view Request::Header(std::string_view name) const {
  const auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string_view() : std::string_view(it->second);
}

std::string_view Request::PathParam(std::string_view name) const {
  const auto it = path_params.find(std::string(name));
  return it == path_params.end() ? std::string_view() : std::string_view(it->second);
}

std::string_view Response::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (SameName(key, name)) return value;
  }
  return {};
}

void Response::SetHeader(std::string name, std::string value) {
  std::erase_if(headers, [&](const auto& header) { return SameName(header.first, name); });
  headers.emplace_back(std::move(name), std::move(value));
}

void Response::SetHeaderIfAbsent(std::string name, std::string value) {
  for (const auto& header : headers) {
    if (SameName(header.first, name)) return;
  }
  headers.emplace_back(std::move(name), std::move(value));
}

Response TextResponse(int status, std::string text) {
  Response response{status, {{"Content-Type", "text/plain; charset=utf-8"}}, std::move(text), {}};
  return response;
}

Response HtmlResponse(int status, std::string html) {
  return Response{status, {{"Content-Type", "text/html; charset=utf-8"}}, std::move(html), {}};
}

Response JsonResponse(int status, const nlohmann::json& value) {
  // Invalid UTF-8 in a value is replaced rather than thrown on.
  return Response{status,
                  {{"Content-Type", "application/json"}},
                  value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  {}};
}

Response JsonErrorResponse(int status, std::string_view field, std::string_view message) {
  nlohmann::json error = {{"message", std::string(message)}};
  if (!field.empty()) error["field"] = std::string(field);
  return JsonResponse(status, {{"error", error}});
}

Response RedirectResponse(std::string location) {
  Response response = TextResponse(303, "See " + location + "\n");
  response.SetHeader("Location", std::move(location));
  return response;
}

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kMissingField:
    case ErrorCode::kParseError:
      return 400;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kUnsupported:
      return 415;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kResourceExhausted:  // sign-in rate limit (store/account_rules.h)
      return 429;
    case ErrorCode::kIo:
    case ErrorCode::kInternal:
      break;
  }
  return 500;
}

Response JsonErrorResponse(const Error& error) {
  const int status = HttpStatusFor(error.code);
  if (status == 500) return JsonErrorResponse(500, "", "internal error; it has been logged");
  return JsonErrorResponse(status, error.field, error.message);
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 413:
      return "Payload Too Large";
    case 415:
      return "Unsupported Media Type";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

}  // namespace tricholog::http
