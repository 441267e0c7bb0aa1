// libFuzzer target for the RIS reader (evidence/ris.h): any bytes give a result or an error, never
// a crash; every study returned has a title, and the records read plus those skipped never
// outnumber the "TY" tags in the input.
#include <cstdint>
#include <string_view>

#include "evidence/ris.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = tricholog::evidence::ParseRis(text);
  if (!parsed) return 0;
  std::size_t starts = 0;
  for (std::size_t at = text.find("TY  -"); at != std::string_view::npos;
       at = text.find("TY  -", at + 1)) {
    ++starts;
  }
  if (parsed->studies.size() + parsed->skipped.size() > starts) __builtin_trap();
  for (const auto& study : parsed->studies) {
    if (study.title.empty()) __builtin_trap();
    if (study.month && (*study.month < 1 || *study.month > 12)) __builtin_trap();
    if (study.year && (*study.year < 1800 || *study.year > 2200)) __builtin_trap();
  }
  return 0;
}
