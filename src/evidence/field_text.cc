#include "evidence/field_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace tricholog::evidence {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), IsDigit);
}

std::string_view TrimSpace(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string NormaliseDoi(std::string_view text) {
  std::string doi = LowerAscii(TrimSpace(text));
  for (std::string_view prefix : {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
                                  "http://dx.doi.org/", "doi:"}) {
    if (doi.starts_with(prefix)) doi.erase(0, prefix.size());
  }
  if (!doi.starts_with("10.") || doi.find('/') == std::string::npos) return {};
  return doi;
}

bool IsPmcid(std::string_view text) { return text.starts_with("PMC") && AllDigits(text.substr(3)); }

int MonthFromText(std::string_view text) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  const std::string lower = LowerAscii(text);
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    if (lower.starts_with(kMonths[m])) return static_cast<int>(m) + 1;
  }
  if (lower.size() <= 2 && AllDigits(lower)) {
    const int m = std::stoi(lower);
    if (m >= 1 && m <= 12) return m;
  }
  return 0;
}

tl::unexpected<Error> FileTooLarge(std::size_t size, std::size_t max, std::string_view field) {
  return MakeError(ErrorCode::kTooLarge,
                   fmt::format("the file is {} bytes; at most {} are read", size, max),
                   std::string(field));
}

}  // namespace tricholog::evidence
