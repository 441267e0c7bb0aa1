// libFuzzer target for the evidence search's query parser (evidence/search_query.h): any bytes
// parse without a crash; every term that reaches an engine holds only word characters, the
// rendered FTS5 and tsquery texts have balanced quotes and parentheses, and the parse is bounded.
#include <cstdint>
#include <string>
#include <string_view>

#include "evidence/search_query.h"

namespace {

bool Balanced(const std::string& text, char quote) {
  int depth = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == quote) quoted = !quoted;
    if (quoted) continue;
    if (c == '(') ++depth;
    if (c == ')' && --depth < 0) return false;
  }
  return depth == 0 && !quoted;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tricholog::evidence;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ParsedQuery q = ParseSearchText(text);
  if (q.clauses.size() > kMaxQueryClauses) __builtin_trap();
  for (const QueryClause& c : q.clauses) {
    if (c.alternatives.empty()) __builtin_trap();
    for (const QueryAlternative& a : c.alternatives) {
      if (a.words.empty()) __builtin_trap();
      for (const std::string& w : a.words) {
        if (w.empty()) __builtin_trap();
        for (char ch : w) {
          const auto u = static_cast<unsigned char>(ch);
          const bool word = (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || u >= 0x80;
          if (!word) __builtin_trap();
        }
      }
    }
  }
  const std::string fts = ToFts5Match(q);
  const std::string ts = ToTsquery(q);
  if (HasPositiveClause(q) == fts.empty() || fts.empty() != ts.empty()) __builtin_trap();
  if (!Balanced(fts, '"') || !Balanced(ts, '\'')) __builtin_trap();
  (void)DescribeQuery(q);
  return 0;
}
