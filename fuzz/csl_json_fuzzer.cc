// libFuzzer target for the CSL-JSON reader (evidence/csl_json.h): any bytes give a result or an
// error, never a crash or an exception; every item returned has a title and dates in range.
#include <cstdint>
#include <string_view>

#include "evidence/csl_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = tricholog::evidence::ParseCslJson(text);
  if (!parsed) return 0;
  for (const auto& item : parsed->items) {
    if (item.study.title.empty()) __builtin_trap();
    if (item.study.month && (*item.study.month < 1 || *item.study.month > 12)) __builtin_trap();
    if (item.study.year && (*item.study.year < 1800 || *item.study.year > 2200)) __builtin_trap();
  }
  return 0;
}
