// libFuzzer target for the BibTeX reader (evidence/bibtex.h): any bytes give a result or an
// error, never a crash or a hang; every study returned has a title and dates in range.
#include <cstdint>
#include <string_view>

#include "evidence/bibtex.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = tricholog::evidence::ParseBibtex(text);
  if (!parsed) return 0;
  for (const auto& study : parsed->studies) {
    if (study.title.empty()) __builtin_trap();
    if (study.month && (*study.month < 1 || *study.month > 12)) __builtin_trap();
    if (study.year && (*study.year < 1800 || *study.year > 2200)) __builtin_trap();
  }
  return 0;
}
