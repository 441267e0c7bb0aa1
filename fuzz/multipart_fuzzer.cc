// libFuzzer target for the multipart/form-data parser (http/multipart.h). The input's first line
// is a Content-Type value (the boundary comes from it); the rest is the body. The whole input is
// also parsed as a body with a fixed boundary, so mutations of the body alone are explored.
#include <cstdint>
#include <string_view>

#include "http/multipart.h"

namespace {

void Check(std::string_view body, std::string_view boundary) {
  using namespace tricholog::http;
  MultipartLimits limits;
  limits.max_parts = 8;
  limits.max_part_bytes = 4096;
  limits.max_total_bytes = 64 * 1024;
  limits.max_header_bytes = 512;
  auto parts = ParseMultipart(body, boundary, limits);
  if (!parts) {
    if (parts.error().field.empty() || parts.error().message.empty()) __builtin_trap();
    return;
  }
  if (parts->size() > limits.max_parts) __builtin_trap();
  std::size_t total = 0;
  for (const auto& part : *parts) {
    if (part.name.empty() || part.name.size() > limits.max_field_name_bytes) __builtin_trap();
    if (part.body.size() > limits.max_part_bytes) __builtin_trap();
    if (part.filename && part.filename->size() > limits.max_filename_bytes) __builtin_trap();
    total += part.body.size();
  }
  if (total > body.size()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tricholog::http;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = text.find('\n');
  if (newline != std::string_view::npos) {
    if (auto boundary = MultipartBoundary(text.substr(0, newline))) {
      if (boundary->empty() || boundary->size() > 70) __builtin_trap();
      Check(text.substr(newline + 1), *boundary);
    }
  }
  Check(text, "XyZ");
  return 0;
}
