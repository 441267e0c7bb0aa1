#include "http/account_routes.h"

#include <cctype>
#include <map>
#include <optional>
#include <stdexcept>
#include <vector>

#include "app/accounts.h"
#include "core/strict_json.h"

namespace tricholog::http {
namespace {

using Shared = std::shared_ptr<const AccountsContext>;

// "Set-Cookie" for a new session, or (empty token) one that clears the cookie.
std::string SessionCookie(const AccountsContext& context, std::string_view token) {
  std::string cookie =
      std::string(kSessionCookie) + "=" + std::string(token) +
      "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
      (token.empty() ? std::string("0") : std::to_string(store::kSessionAbsoluteTimeoutS));
  if (context.secure_cookie) cookie += "; Secure";
  return cookie;
}

std::string CookieToken(const Request& request) {
  const auto it = request.cookies.find(std::string(kSessionCookie));
  return it == request.cookies.end() ? std::string() : it->second;
}

// Runs `job(store)` with the password Store, on the worker pool when there is one.
template <typename F>
Task<std::invoke_result_t<F&, store::Store&>> WithPasswordStore(const AccountsContext& context,
                                                                F job) {
  auto locked = [&context, &job] { return context.passwords->With(job); };
  if (context.pool == nullptr) co_return locked();
  auto result = co_await RunOnWorkers(*context.pool, locked);
  co_return result;
}

// What a form page shows again after an error: the kept values and a message per field.
struct FormState {
  std::map<std::string, std::string> values;  // field -> value kept (never passwords)
  std::map<std::string, std::string> errors;  // field -> message
  std::string form_error;                     // not tied to a field
  std::string notice;                         // a success message
};

// Puts `error` next to its field when the form has one (`fields`), else above the form.
void AddError(FormState& state, const Error& error, const std::vector<std::string>& fields) {
  for (const std::string& field : fields) {
    if (error.field == field) {
      state.errors[field] = error.message;
      return;
    }
  }
  state.form_error = error.code == ErrorCode::kInternal || error.code == ErrorCode::kIo
                         ? "Something went wrong on our side; please try again."
                         : error.message;
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

Response RenderForm(const AccountsContext& context, const Request& request, int status,
                    std::string title, std::string template_name, const FormState& state,
                    const std::vector<std::string>& fields) {
  const Principal* principal = request.principal ? &*request.principal : nullptr;
  auto html =
      RenderPage(*context.renderer, {std::move(title), std::move(template_name), principal},
                 [&](ctemplate::TemplateDictionary& main) {
                   if (principal) main.SetValue("CSRF", principal->csrf_token);
                   for (const auto& [field, value] : state.values) {
                     main.SetValue(Upper(field), value);
                   }
                   for (const std::string& field : fields) {
                     auto it = state.errors.find(field);
                     if (it == state.errors.end()) continue;
                     main.SetValueAndShowSection("MESSAGE", it->second, Upper(field) + "_ERROR");
                   }
                   if (!state.form_error.empty()) {
                     main.SetValueAndShowSection("MESSAGE", state.form_error, "FORM_ERROR");
                   }
                   if (!state.notice.empty()) {
                     main.SetValueAndShowSection("MESSAGE", state.notice, "NOTICE");
                   }
                 });
  // The router logs this and answers 500 without the detail.
  if (!html) throw std::runtime_error("account page: " + html.error().ToString());
  return HtmlResponse(status, std::move(*html));
}

std::string FormValue(const Request& request, std::string_view name) {
  return request.form.GetOne(name).value_or("");
}

// Birth year from a form: empty -> none; else a whole year 1900..2100.
Result<std::optional<int>> ParseBirthYear(std::string_view text) {
  if (text.empty()) return std::optional<int>();
  int year = 0;
  bool digits = text.size() == 4;
  for (std::size_t i = 0; digits && i < text.size(); ++i) {
    digits = text[i] >= '0' && text[i] <= '9';
    year = year * 10 + (text[i] - '0');
  }
  if (!digits || year < 1900 || year > 2100) {
    return MakeError(ErrorCode::kInvalidArgument, "must be a year between 1900 and 2100",
                     "birth_year");
  }
  return std::optional<int>(year);
}

// The sign-in status for an error: 401 for wrong credentials, else the usual mapping.
int SignInStatus(const Error& error) {
  return error.code == ErrorCode::kPermissionDenied ? 401 : HttpStatusFor(error.code);
}

void AddRetryAfter(Response& response, const Error& error, long long retry_after_s) {
  if (error.code == ErrorCode::kResourceExhausted) {
    response.SetHeader("Retry-After", std::to_string(retry_after_s > 0 ? retry_after_s : 60));
  }
}

// Sign-up then sign-in, as one job on the password Store.
struct SignUpOutcome {
  Result<store::SignedUp> signed_up = MakeError(ErrorCode::kInternal, "not run");
  Result<app::SignedIn> signed_in = MakeError(ErrorCode::kInternal, "not run");
  long long retry_after_s = 0;
};

SignUpOutcome SignUpAndIn(store::Store& store, const store::SignUpRequest& sign_up,
                          std::string_view address) {
  app::Accounts accounts(store);
  SignUpOutcome outcome;
  outcome.signed_up = accounts.SignUp(sign_up);
  if (outcome.signed_up) {
    outcome.signed_in =
        accounts.SignIn(sign_up.email, sign_up.password, address, &outcome.retry_after_s);
  }
  return outcome;
}

struct SignInOutcome {
  Result<app::SignedIn> signed_in = MakeError(ErrorCode::kInternal, "not run");
  long long retry_after_s = 0;
};

// ChangePassword for the session the cookie names.
Result<void> ChangePasswordFor(store::Store& store, std::string_view token,
                               std::string_view current, std::string_view next) {
  app::Accounts accounts(store);
  auto session = accounts.ResolveSession(token);
  if (!session) return tl::unexpected(session.error());
  if (!*session) return MakeError(ErrorCode::kPermissionDenied, "not signed in", "session");
  return accounts.ChangePassword(**session, current, next);
}

nlohmann::json UserJson(const store::User& user) {
  return {{"id", user.id},
          {"role", RoleName(user.role)},
          {"email", user.email},
          {"display_name", user.display_name}};
}

// A JSON object body.
Result<nlohmann::json> JsonBody(const Request& request) {
  auto body = ParseStrictJson(request.body, "body");
  if (!body) return tl::unexpected(body.error());
  if (!body->is_object()) {
    return MakeError(ErrorCode::kInvalidArgument, "must be a JSON object", "body");
  }
  return body;
}

// body[key] as a string; kMissingField when absent and `required`.
Result<std::string> JsonString(const nlohmann::json& body, const std::string& key, bool required) {
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (required) return MakeError(ErrorCode::kMissingField, "is required", key);
    return std::string();
  }
  if (!it->is_string()) return MakeError(ErrorCode::kInvalidArgument, "must be a string", key);
  return it->get<std::string>();
}

Response SignedInJson(const AccountsContext& context, int status, const app::SignedIn& signed_in,
                      nlohmann::json extra = nlohmann::json::object()) {
  extra["user"] = UserJson(signed_in.user);
  extra["csrf_token"] = signed_in.csrf_token;
  extra["expires_at"] = signed_in.expires_at;
  Response response = JsonResponse(status, extra);
  response.headers.emplace_back("Set-Cookie", SessionCookie(context, signed_in.token));
  return response;
}

const std::vector<std::string> kSignUpFields = {"display_name", "email", "birth_year", "password"};
const std::vector<std::string> kSignInFields = {"email", "password"};
const std::vector<std::string> kPasswordFields = {"current_password", "new_password"};

Task<Response> PostSignUp(Shared shared, Request& request) {
  const AccountsContext& context = *shared;
  FormState state;
  state.values = {{"display_name", FormValue(request, "display_name")},
                  {"email", FormValue(request, "email")},
                  {"birth_year", FormValue(request, "birth_year")}};
  auto birth_year = ParseBirthYear(state.values["birth_year"]);
  if (!birth_year) {
    AddError(state, birth_year.error(), kSignUpFields);
    co_return RenderForm(context, request, 400, "Create an account", "signup.tpl", state,
                         kSignUpFields);
  }
  const store::SignUpRequest sign_up{state.values["email"], FormValue(request, "password"),
                                     state.values["display_name"], *birth_year};
  const std::string address = request.remote_address;
  auto job = [&sign_up, &address](store::Store& store) {
    return SignUpAndIn(store, sign_up, address);
  };
  SignUpOutcome outcome = co_await WithPasswordStore(context, job);
  const Result<void> failed =
      !outcome.signed_up   ? Result<void>(tl::unexpected(outcome.signed_up.error()))
      : !outcome.signed_in ? Result<void>(tl::unexpected(outcome.signed_in.error()))
                           : Result<void>();
  if (!failed) {
    AddError(state, failed.error(), kSignUpFields);
    Response response = RenderForm(context, request, HttpStatusFor(failed.error().code),
                                   "Create an account", "signup.tpl", state, kSignUpFields);
    AddRetryAfter(response, failed.error(), outcome.retry_after_s);
    co_return response;
  }
  Response response = RedirectResponse("/");
  response.headers.emplace_back("Set-Cookie", SessionCookie(context, outcome.signed_in->token));
  co_return response;
}

Task<Response> PostSignIn(Shared shared, Request& request) {
  const AccountsContext& context = *shared;
  FormState state;
  state.values = {{"email", FormValue(request, "email")},
                  {"next", LocalRedirectTarget(FormValue(request, "next"))}};
  const std::string password = FormValue(request, "password");
  const std::string address = request.remote_address;
  const std::string email = state.values["email"];
  auto job = [&](store::Store& store) {
    SignInOutcome outcome;
    outcome.signed_in =
        app::Accounts(store).SignIn(email, password, address, &outcome.retry_after_s);
    return outcome;
  };
  SignInOutcome outcome = co_await WithPasswordStore(context, job);
  if (!outcome.signed_in) {
    const Error& error = outcome.signed_in.error();
    AddError(state, error, kSignInFields);
    Response response = RenderForm(context, request, SignInStatus(error), "Sign in", "signin.tpl",
                                   state, kSignInFields);
    AddRetryAfter(response, error, outcome.retry_after_s);
    co_return response;
  }
  Response response = RedirectResponse(state.values["next"]);
  response.headers.emplace_back("Set-Cookie", SessionCookie(context, outcome.signed_in->token));
  co_return response;
}

Task<Response> PostPassword(Shared shared, Request& request) {
  const AccountsContext& context = *shared;
  const std::string token = CookieToken(request);
  const std::string current = FormValue(request, "current_password");
  const std::string next = FormValue(request, "new_password");
  auto job = [&](store::Store& store) { return ChangePasswordFor(store, token, current, next); };
  Result<void> changed = co_await WithPasswordStore(context, job);
  if (!changed) {
    FormState state;
    AddError(state, changed.error(), kPasswordFields);
    co_return RenderForm(context, request, HttpStatusFor(changed.error().code), "Change password",
                         "password.tpl", state, kPasswordFields);
  }
  co_return RedirectResponse("/account/password?changed=1");
}

Task<Response> ApiSignUp(Shared shared, Request& request) {
  const AccountsContext& context = *shared;
  auto body = JsonBody(request);
  if (!body) co_return JsonErrorResponse(body.error());
  auto email = JsonString(*body, "email", true);
  auto password = JsonString(*body, "password", true);
  auto name = JsonString(*body, "display_name", true);
  for (const Result<std::string>* field : {&email, &password, &name}) {
    if (!*field) co_return JsonErrorResponse(field->error());
  }
  std::optional<int> birth_year;
  if (const auto it = body->find("birth_year"); it != body->end() && !it->is_null()) {
    auto year = JsonInteger(*it, "birth_year", 1900, 2100);
    if (!year) co_return JsonErrorResponse(year.error());
    birth_year = static_cast<int>(*year);
  }
  const store::SignUpRequest sign_up{*email, *password, *name, birth_year};
  const std::string address = request.remote_address;
  auto job = [&sign_up, &address](store::Store& store) {
    return SignUpAndIn(store, sign_up, address);
  };
  SignUpOutcome outcome = co_await WithPasswordStore(context, job);
  if (!outcome.signed_up) co_return JsonErrorResponse(outcome.signed_up.error());
  if (!outcome.signed_in) {
    Response response = JsonErrorResponse(outcome.signed_in.error());
    AddRetryAfter(response, outcome.signed_in.error(), outcome.retry_after_s);
    co_return response;
  }
  co_return SignedInJson(context, 201, *outcome.signed_in,
                         {{"patient_id", outcome.signed_up->patient.id}});
}

Task<Response> ApiSignIn(Shared shared, Request& request) {
  const AccountsContext& context = *shared;
  auto body = JsonBody(request);
  if (!body) co_return JsonErrorResponse(body.error());
  auto email = JsonString(*body, "email", true);
  if (!email) co_return JsonErrorResponse(email.error());
  auto password = JsonString(*body, "password", true);
  if (!password) co_return JsonErrorResponse(password.error());
  const std::string address = request.remote_address;
  auto job = [&](store::Store& store) {
    SignInOutcome outcome;
    outcome.signed_in =
        app::Accounts(store).SignIn(*email, *password, address, &outcome.retry_after_s);
    return outcome;
  };
  SignInOutcome outcome = co_await WithPasswordStore(context, job);
  if (!outcome.signed_in) {
    const Error& error = outcome.signed_in.error();
    Response response = JsonErrorResponse(SignInStatus(error), error.field, error.message);
    AddRetryAfter(response, error, outcome.retry_after_s);
    co_return response;
  }
  co_return SignedInJson(context, 200, *outcome.signed_in);
}

Task<Response> ApiChangePassword(Shared shared, Request& request) {
  const AccountsContext& context = *shared;
  auto body = JsonBody(request);
  if (!body) co_return JsonErrorResponse(body.error());
  auto current = JsonString(*body, "current_password", true);
  if (!current) co_return JsonErrorResponse(current.error());
  auto next = JsonString(*body, "new_password", true);
  if (!next) co_return JsonErrorResponse(next.error());
  const std::string token = CookieToken(request);
  auto job = [&](store::Store& store) { return ChangePasswordFor(store, token, *current, *next); };
  Result<void> changed = co_await WithPasswordStore(context, job);
  if (!changed) co_return JsonErrorResponse(changed.error());
  co_return Response{204, {}, "", std::nullopt};
}

// Ends the cookie's session; the response clears the cookie.
void EndSession(const AccountsContext& context, const Request& request) {
  const std::string token = CookieToken(request);
  auto ended = context.sessions->With(
      [&token](store::Store& store) { return app::Accounts(store).SignOut(token); });
  if (!ended) throw std::runtime_error("sign-out: " + ended.error().ToString());
}

}  // namespace

std::string LocalRedirectTarget(std::string_view next) {
  if (next.empty() || next.front() != '/' || next.size() > 2048) return "/";
  if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) return "/";
  for (char c : next) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f || c == '\\') return "/";
  }
  return std::string(next);
}

Authenticator MakeSessionAuthenticator(std::shared_ptr<StoreGate> sessions, LogSink log) {
  return [sessions, log](const Request& request) -> std::optional<Principal> {
    const std::string token = CookieToken(request);
    if (token.empty()) return std::nullopt;
    try {
      auto session = sessions->With(
          [&token](store::Store& store) { return app::Accounts(store).ResolveSession(token); });
      if (!session) {
        if (log) log("session lookup failed: " + session.error().ToString());
        return std::nullopt;
      }
      if (!*session) return std::nullopt;
      const app::Session& s = **session;
      return Principal{s.actor.user_id, s.actor.role, s.csrf_token, s.user.display_name,
                       s.user.email};
    } catch (const std::exception& e) {
      if (log) log(std::string("session lookup failed: ") + e.what());
      return std::nullopt;
    }
  };
}

Result<void> AddAccountRoutes(Router& router, AccountsContext context) {
  auto shared = std::make_shared<const AccountsContext>(std::move(context));
  const std::size_t form_bytes = 16 * 1024;
  std::vector<Route> routes;
  routes.push_back({Method::kGet, "/signup", "signup.form", Access::kPublic, 0,
                    SyncHandler([shared](Request& request) {
                      return RenderForm(*shared, request, 200, "Create an account", "signup.tpl",
                                        {}, kSignUpFields);
                    })});
  routes.push_back({Method::kPost, "/signup", "signup", Access::kPublic, form_bytes,
                    [shared](Request& request) { return PostSignUp(shared, request); },
                    /*csrf_exempt=*/true});
  routes.push_back(
      {Method::kGet, "/signin", "signin.form", Access::kPublic, 0,
       SyncHandler([shared](Request& request) {
         FormState state;
         state.values["next"] = LocalRedirectTarget(request.query.GetOne("next").value_or("/"));
         return RenderForm(*shared, request, 200, "Sign in", "signin.tpl", state, kSignInFields);
       })});
  routes.push_back({Method::kPost, "/signin", "signin", Access::kPublic, form_bytes,
                    [shared](Request& request) { return PostSignIn(shared, request); },
                    /*csrf_exempt=*/true});
  routes.push_back({Method::kPost, "/signout", "signout", Access::kSignedIn, form_bytes,
                    SyncHandler([shared](Request& request) {
                      EndSession(*shared, request);
                      Response response = RedirectResponse("/");
                      response.headers.emplace_back("Set-Cookie", SessionCookie(*shared, ""));
                      return response;
                    })});
  routes.push_back({Method::kGet, "/account/password", "account.password.form", Access::kSignedIn,
                    0, SyncHandler([shared](Request& request) {
                      FormState state;
                      if (request.query.GetOne("changed")) {
                        state.notice =
                            "Your password has been changed. Your other sessions were signed "
                            "out.";
                      }
                      return RenderForm(*shared, request, 200, "Change password", "password.tpl",
                                        state, kPasswordFields);
                    })});
  routes.push_back({Method::kPost, "/account/password", "account.password", Access::kSignedIn,
                    form_bytes,
                    [shared](Request& request) { return PostPassword(shared, request); }});
  routes.push_back({Method::kPost, "/api/v1/accounts", "api.accounts.create", Access::kPublic,
                    form_bytes, [shared](Request& request) { return ApiSignUp(shared, request); },
                    /*csrf_exempt=*/true});
  routes.push_back({Method::kPost, "/api/v1/session", "api.session.create", Access::kPublic,
                    form_bytes, [shared](Request& request) { return ApiSignIn(shared, request); },
                    /*csrf_exempt=*/true});
  routes.push_back({Method::kDelete, "/api/v1/session", "api.session.delete", Access::kSignedIn, 0,
                    SyncHandler([shared](Request& request) {
                      EndSession(*shared, request);
                      Response response{204, {}, "", std::nullopt};
                      response.headers.emplace_back("Set-Cookie", SessionCookie(*shared, ""));
                      return response;
                    })});
  routes.push_back({Method::kGet, "/api/v1/me", "api.me", Access::kSignedIn, 0,
                    SyncHandler([](Request& request) {
                      const Principal& p = *request.principal;
                      return JsonResponse(200, {{"user_id", p.user_id},
                                                {"role", store::RoleName(p.role)},
                                                {"email", p.email},
                                                {"display_name", p.display_name},
                                                {"csrf_token", p.csrf_token}});
                    })});
  routes.push_back({Method::kPost, "/api/v1/me/password", "api.me.password", Access::kSignedIn,
                    form_bytes,
                    [shared](Request& request) { return ApiChangePassword(shared, request); }});
  for (auto& route : routes) {
    if (auto added = router.Add(std::move(route)); !added) return added;
  }
  return {};
}

}  // namespace tricholog::http
