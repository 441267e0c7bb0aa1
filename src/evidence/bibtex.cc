#include "evidence/bibtex.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <string>

#include "evidence/field_text.h"

namespace tricholog::evidence {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ':' ||
         c == '.' || c == '+' || c == '/';
}

// Collapses runs of white space into one space and trims.
std::string Squeeze(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (IsSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// LaTeX accents and braces to plain Unicode text.
std::string Delatex(std::string_view text) {
  static const std::map<std::string, std::string> kAccents = {
      {"\"a", "ä"}, {"\"o", "ö"}, {"\"u", "ü"}, {"\"A", "Ä"}, {"\"O", "Ö"}, {"\"U", "Ü"},
      {"\"e", "ë"}, {"\"i", "ï"}, {"'a", "á"},  {"'e", "é"},  {"'i", "í"},  {"'o", "ó"},
      {"'u", "ú"},  {"'E", "É"},  {"`a", "à"},  {"`e", "è"},  {"`o", "ò"},  {"^a", "â"},
      {"^e", "ê"},  {"^o", "ô"},  {"~n", "ñ"},  {"~N", "Ñ"},  {"~a", "ã"},  {"~o", "õ"},
      {"cc", "ç"},  {"cC", "Ç"}};
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '{' || c == '}') continue;
    if (c == '\\' && i + 1 < text.size()) {
      // \"u, \"{u}, {\"u}, \c{c}, \c c; \& \% \_ as themselves.
      const char accent = text[i + 1];
      if (accent == '&' || accent == '%' || accent == '_' || accent == '$' || accent == '#') {
        out += accent;
        ++i;
        continue;
      }
      std::size_t j = i + 2;
      while (j < text.size() && (text[j] == '{' || text[j] == ' ')) ++j;
      if (j < text.size()) {
        auto found = kAccents.find(std::string{accent, text[j]});
        if (found != kAccents.end()) {
          out += found->second;
          i = j;
          continue;
        }
      }
      continue;  // an unknown command: drop the backslash
    }
    out += c;
  }
  return Squeeze(out);
}

Author ReadAuthor(std::string_view raw) {
  // A collective name is one braced group: "{The BRAVE-AA Investigators}".
  std::string_view trimmed = raw;
  while (!trimmed.empty() && IsSpace(trimmed.front())) trimmed.remove_prefix(1);
  while (!trimmed.empty() && IsSpace(trimmed.back())) trimmed.remove_suffix(1);
  if (trimmed.size() > 2 && trimmed.front() == '{' && trimmed.back() == '}') {
    return {Delatex(trimmed), ""};
  }
  const std::string name = Delatex(trimmed);
  const std::size_t comma = name.find(',');
  if (comma != std::string::npos) {
    return {Squeeze(name.substr(0, comma)), Squeeze(name.substr(comma + 1))};
  }
  const std::size_t space = name.rfind(' ');
  if (space == std::string::npos) return {name, ""};
  return {name.substr(space + 1), name.substr(0, space)};
}

// Splits at " and " outside braces.
std::vector<std::string> SplitAuthors(std::string_view value) {
  std::vector<std::string> out;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '{') ++depth;
    if (value[i] == '}') --depth;
    if (depth == 0 && i + 5 <= value.size() && IsSpace(value[i]) &&
        LowerAscii(value.substr(i + 1, 3)) == "and" && IsSpace(value[i + 4])) {
      out.emplace_back(value.substr(start, i - start));
      start = i + 5;
      i += 4;
    }
  }
  out.emplace_back(value.substr(start));
  return out;
}

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  ParsedFile Run(bool& saw_entry) {
    ParsedFile out;
    while (pos_ < text_.size()) {
      const std::size_t at = text_.find('@', pos_);
      if (at == std::string_view::npos) break;
      Advance(at);
      const int line = line_;
      ++pos_;
      const std::string kind = LowerAscii(Name());
      SkipSpace();
      if (pos_ >= text_.size() || (text_[pos_] != '{' && text_[pos_] != '(')) continue;
      const char close = text_[pos_] == '{' ? '}' : ')';
      ++pos_;
      if (kind == "comment" || kind == "preamble") {
        SkipBalanced(close);
        continue;
      }
      saw_entry = true;
      if (kind == "string") {
        ReadStringMacro(close);
        continue;
      }
      std::string error;
      std::map<std::string, std::string> fields = ReadFields(close, error);
      if (!error.empty()) {
        out.skipped.push_back({line, error});
        continue;
      }
      Study study;
      error = Fill(fields, study);
      if (!error.empty()) {
        out.skipped.push_back({line, error});
      } else {
        out.studies.push_back(std::move(study));
      }
    }
    return out;
  }

 private:
  void Advance(std::size_t to) {
    for (; pos_ < to && pos_ < text_.size(); ++pos_) {
      if (text_[pos_] == '\n') ++line_;
    }
  }
  void SkipSpace() {
    while (pos_ < text_.size() && IsSpace(text_[pos_])) Advance(pos_ + 1);
  }
  std::string_view Name() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && IsNameChar(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }
  // Skips to the matching `close` at depth 0 (for @comment and @preamble).
  void SkipBalanced(char close) {
    int depth = 0;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      Advance(pos_ + 1);
      if (c == '{') ++depth;
      if (c == '}' && depth > 0) {
        --depth;
        continue;
      }
      if (c == close && depth == 0) return;
    }
  }
  // One value part: {braced}, "quoted", a number, or a macro name. nullopt when unbalanced.
  std::optional<std::string> Part() {
    SkipSpace();
    if (pos_ >= text_.size()) return std::nullopt;
    const char c = text_[pos_];
    if (c == '{' || c == '"') {
      const char end = c == '{' ? '}' : '"';
      int depth = 0;
      Advance(pos_ + 1);
      const std::size_t start = pos_;
      while (pos_ < text_.size()) {
        const char d = text_[pos_];
        if (d == '{') ++depth;
        if (d == '}') {
          if (depth == 0 && end == '}') break;
          --depth;
          if (depth < 0) return std::nullopt;
        }
        if (d == '"' && end == '"' && depth == 0) break;
        Advance(pos_ + 1);
      }
      if (pos_ >= text_.size()) return std::nullopt;
      std::string value(text_.substr(start, pos_ - start));
      Advance(pos_ + 1);
      return value;
    }
    const std::string_view name = Name();
    if (name.empty()) return std::nullopt;
    if (std::all_of(name.begin(), name.end(), IsDigit)) return std::string(name);
    auto macro = macros_.find(LowerAscii(name));
    if (macro != macros_.end()) return macro->second;
    return LowerAscii(name);  // month names and unknown macros as their name
  }
  std::optional<std::string> Value() {
    std::string value;
    while (true) {
      auto part = Part();
      if (!part) return std::nullopt;
      value += *part;
      SkipSpace();
      if (pos_ < text_.size() && text_[pos_] == '#') {
        Advance(pos_ + 1);
        continue;
      }
      return value;
    }
  }
  void ReadStringMacro(char close) {
    SkipSpace();
    const std::string name = LowerAscii(Name());
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '=') {
      Advance(pos_ + 1);
      if (auto value = Value()) macros_[name] = *value;
    }
    SkipBalanced(close);
  }
  std::map<std::string, std::string> ReadFields(char close, std::string& error) {
    std::map<std::string, std::string> fields;
    SkipSpace();
    Name();  // the citation key
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == ',') Advance(pos_ + 1);
    while (true) {
      SkipSpace();
      if (pos_ >= text_.size()) {
        error = "the entry is not closed";
        return fields;
      }
      if (text_[pos_] == close) {
        Advance(pos_ + 1);
        return fields;
      }
      const std::string name = LowerAscii(Name());
      SkipSpace();
      if (name.empty() || pos_ >= text_.size() || text_[pos_] != '=') {
        error = name.empty() ? "a field has no name" : "field " + name + " has no '='";
        SkipBalanced(close);
        return fields;
      }
      Advance(pos_ + 1);
      auto value = Value();
      if (!value) {
        error = "field " + name + " has unbalanced braces or quotes";
        pos_ = text_.size();
        return fields;
      }
      fields[name] = std::move(*value);
      SkipSpace();
      if (pos_ < text_.size() && text_[pos_] == ',') Advance(pos_ + 1);
    }
  }
  static std::string Fill(const std::map<std::string, std::string>& f, Study& s) {
    auto get = [&](const char* key) {
      auto found = f.find(key);
      return found == f.end() ? std::string() : found->second;
    };
    s.title = Delatex(get("title"));
    if (s.title.empty()) return "the entry has no title";
    s.journal = Delatex(get("journal"));
    if (s.journal.empty()) s.journal = Delatex(get("journaltitle"));
    const std::string year = Squeeze(get("year"));
    if (!year.empty()) {
      if (year.size() != 4 || !std::all_of(year.begin(), year.end(), IsDigit)) {
        return fmt::format("year '{}' is not a four-digit year", year);
      }
      const int y = std::stoi(year);
      if (y < 1800 || y > 2200)
        return fmt::format("year {} is out of range; allowed 1800 to 2200", y);
      s.year = y;
    }
    if (const int m = MonthFromText(Squeeze(get("month"))); m != 0) s.month = m;
    for (const std::string& name : SplitAuthors(get("author"))) {
      Author a = ReadAuthor(name);
      if (!a.family.empty()) s.authors.push_back(std::move(a));
    }
    s.doi = NormaliseDoi(get("doi"));
    if (const std::string pmid = Squeeze(get("pmid")); AllDigits(pmid)) s.pmid = pmid;
    if (const std::string pmcid = Squeeze(get("pmcid")); IsPmcid(pmcid)) s.pmcid = pmcid;
    s.abstract = Delatex(get("abstract"));
    const std::string keywords = Delatex(get("keywords"));
    std::size_t start = 0;
    while (start <= keywords.size()) {
      std::size_t end = keywords.find_first_of(",;", start);
      if (end == std::string::npos) end = keywords.size();
      std::string k = Squeeze(keywords.substr(start, end - start));
      if (!k.empty()) s.keywords.push_back(std::move(k));
      start = end + 1;
    }
    s.volume = Squeeze(get("volume"));
    s.issue = Squeeze(get("number"));
    s.pages = Squeeze(get("pages"));
    // "12--15" is BibTeX's en dash.
    for (std::size_t at = s.pages.find("--"); at != std::string::npos; at = s.pages.find("--")) {
      s.pages.replace(at, 2, "-");
    }
    return {};
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::map<std::string, std::string> macros_;
};

}  // namespace

Result<ParsedFile> ParseBibtex(std::string_view text) {
  if (text.size() > kMaxBibtexBytes) {
    return MakeError(
        ErrorCode::kTooLarge,
        fmt::format("the file is {} bytes; at most {} are read", text.size(), kMaxBibtexBytes),
        "file");
  }
  bool saw_entry = false;
  ParsedFile out = Reader(text).Run(saw_entry);
  if (!saw_entry) {
    return MakeError(ErrorCode::kParseError,
                     "line 1: no BibTeX entry found (an entry starts with @article{ or similar)",
                     "file");
  }
  return out;
}

}  // namespace tricholog::evidence
