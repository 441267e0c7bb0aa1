// libFuzzer target for URL decoding (http/form_parsing.h): query strings and
// application/x-www-form-urlencoded bodies, percent-decoding and its inverse, and the router's
// path matching (raw, still-encoded paths). The input is the text after '?' (or a form body).
#include <cstdint>
#include <string>
#include <string_view>

#include "http/form_parsing.h"
#include "http/router.h"

namespace {

const tricholog::http::Router& FuzzRouter() {
  using namespace tricholog::http;
  static const Router* router = [] {
    auto* r = new Router();
    const Handler none = SyncHandler([](Request&) { return TextResponse(200, ""); });
    (void)r->Add({Method::kGet, "/", "home", Access::kPublic, 0, none});
    (void)r->Add({Method::kGet, "/api/v1/patients/{id}", "patient", Access::kSignedIn, 0, none});
    (void)r->Add({Method::kPost, "/api/v1/patients/{id}/sessions/{session}", "session",
                  Access::kSignedIn, 0, none});
    (void)r->Add({Method::kGet, "/static/{path...}", "static", Access::kPublic, 0, none});
    return r;
  }();
  return *router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tricholog::http;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  FormLimits limits;
  limits.max_fields = 16;
  limits.max_name_bytes = 32;
  limits.max_value_bytes = 256;
  limits.max_total_bytes = 4096;
  if (auto fields = ParseUrlEncoded(text, "query", limits)) {
    if (fields->size() > limits.max_fields) __builtin_trap();
    for (const auto& [name, value] : fields->entries()) {
      if (name.empty() || name.size() > limits.max_name_bytes) __builtin_trap();
      if (value.size() > limits.max_value_bytes) __builtin_trap();
      if (!IsValidFieldText(name) || !IsValidFieldText(value)) __builtin_trap();
      // Get() refuses exactly the duplicated names.
      if (fields->Get(name).has_value() != (fields->All(name).size() == 1)) __builtin_trap();
    }
  } else if (fields.error().field.empty()) {
    __builtin_trap();  // every error names a field
  }
  // Encoding then decoding gives back any byte string.
  auto round_trip = PercentDecode(PercentEncode(text), false);
  if (!round_trip || *round_trip != text) __builtin_trap();
  (void)PercentDecode(text, true);
  // The router never matches a path with "..", "/" or NUL inside a decoded segment.
  const RouteMatch match = FuzzRouter().Match(Method::kGet, "/" + std::string(text));
  if (match.kind == RouteMatch::Kind::kFound) {
    for (const auto& [name, value] : match.params) {
      if (value.empty() || value.find('\0') != std::string::npos) __builtin_trap();
      if (name != "path" && value.find('/') != std::string::npos) __builtin_trap();
      if (value == ".." || value.starts_with("../") || value.find("/../") != std::string::npos ||
          value.ends_with("/..")) {
        __builtin_trap();
      }
    }
  }
  return 0;
}
