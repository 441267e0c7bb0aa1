#include "evidence/csl_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/strict_json.h"
#include "evidence/field_text.h"

namespace tricholog::evidence {
namespace {

using nlohmann::json;

// The string at `key`, "" when absent; an error naming the key when it is not a string (a number
// is accepted for the fields CSL allows as numbers: volume, issue, page, PMID).
Result<std::string> Text(const json& item, const char* key, bool number_ok = false) {
  auto found = item.find(key);
  if (found == item.end() || found->is_null()) return std::string();
  if (found->is_string()) return std::string(TrimSpace(found->get<std::string>()));
  if (number_ok && found->is_number_integer()) return std::to_string(found->get<long long>());
  return InvalidArgument(key,
                         number_ok ? "must be a string or a whole number" : "must be a string");
}

Result<void> ReadIssued(const json& item, Study& study) {
  auto found = item.find("issued");
  if (found == item.end() || found->is_null()) return {};
  if (!found->is_object()) return InvalidArgument("issued", "must be an object");
  int year = 0;
  int month = 0;
  if (auto parts = found->find("date-parts"); parts != found->end()) {
    if (!parts->is_array() || parts->empty() || !(*parts)[0].is_array() || (*parts)[0].empty()) {
      return InvalidArgument("issued.date-parts", "must be [[year, month, day]]");
    }
    const json& first = (*parts)[0];
    auto number = [](const json& v) -> std::optional<int> {
      if (v.is_number_integer()) {
        const long long n = v.get<long long>();
        if (n >= -100000 && n <= 100000) return static_cast<int>(n);
        return std::nullopt;
      }
      if (v.is_string()) {
        const std::string s = v.get<std::string>();
        if (!s.empty() && s.size() <= 5 && std::all_of(s.begin(), s.end(), IsDigit)) {
          return std::stoi(s);
        }
      }
      return std::nullopt;
    };
    auto y = number(first[0]);
    if (!y) return InvalidArgument("issued.date-parts", "the year must be a whole number");
    year = *y;
    if (first.size() > 1) {
      auto m = number(first[1]);
      if (!m || *m < 1 || *m > 12) {
        return InvalidArgument("issued.date-parts", "the month must be 1 to 12");
      }
      month = *m;
    }
  } else {
    for (const char* key : {"raw", "literal"}) {
      auto text = found->find(key);
      if (text == found->end() || !text->is_string()) continue;
      const std::string s = text->get<std::string>();
      if (s.size() >= 4 && std::all_of(s.begin(), s.begin() + 4, IsDigit)) {
        year = std::stoi(s.substr(0, 4));
      }
      break;
    }
    if (year == 0) return {};
  }
  if (year < 1800 || year > 2200) {
    return InvalidArgument("issued",
                           fmt::format("year {} is out of range; allowed 1800 to 2200", year));
  }
  study.year = year;
  if (month != 0) study.month = month;
  return {};
}

Result<void> ReadAuthors(const json& item, Study& study) {
  auto found = item.find("author");
  if (found == item.end() || found->is_null()) return {};
  if (!found->is_array()) return InvalidArgument("author", "must be an array");
  for (std::size_t i = 0; i < found->size(); ++i) {
    const json& a = (*found)[i];
    const std::string field = fmt::format("author[{}]", i);
    if (!a.is_object()) return InvalidArgument(field, "must be an object");
    auto family = Text(a, "family");
    auto given = Text(a, "given");
    auto literal = Text(a, "literal");
    if (!family || !given || !literal) return InvalidArgument(field, "names must be strings");
    if (!family->empty()) {
      study.authors.push_back({*family, *given});
    } else if (!literal->empty()) {
      study.authors.push_back({*literal, ""});
    } else {
      return InvalidArgument(field, "has neither family nor literal");
    }
  }
  return {};
}

Result<CslStudy> ReadItem(const json& item) {
  if (!item.is_object()) return InvalidArgument("item", "must be an object");
  CslStudy out;
  Study& s = out.study;
  auto id = Text(item, "id", true);
  if (!id) return tl::unexpected(id.error());
  out.csl_id = *id;
  auto take = [&](const char* key, std::string& into, bool number_ok = false) -> Result<void> {
    auto value = Text(item, key, number_ok);
    if (!value) return tl::unexpected(value.error());
    into = *value;
    return {};
  };
  std::string journal_short;
  std::string doi;
  std::string keywords;
  for (auto r : {take("title", s.title), take("container-title", s.journal),
                 take("container-title-short", journal_short), take("DOI", doi),
                 take("PMID", s.pmid, true), take("PMCID", s.pmcid), take("abstract", s.abstract),
                 take("keyword", keywords), take("volume", s.volume, true),
                 take("issue", s.issue, true), take("page", s.pages, true)}) {
    if (!r) return tl::unexpected(r.error());
  }
  if (s.title.empty()) return InvalidArgument("title", "is required");
  if (s.journal.empty()) s.journal = journal_short;
  s.doi = NormaliseDoi(doi);
  if (!doi.empty() && s.doi.empty())
    return InvalidArgument("DOI", "is not a DOI (10.prefix/suffix)");
  if (!s.pmid.empty() && !AllDigits(s.pmid)) {
    return InvalidArgument("PMID", "must be digits");
  }
  if (!s.pmcid.empty() && !IsPmcid(s.pmcid)) {
    return InvalidArgument("PMCID", "must be PMC followed by digits");
  }
  for (std::size_t start = 0; start <= keywords.size();) {
    const std::size_t comma = std::min(keywords.find(',', start), keywords.size());
    std::string keyword(TrimSpace(std::string_view(keywords).substr(start, comma - start)));
    if (!keyword.empty()) s.keywords.push_back(std::move(keyword));
    start = comma + 1;
  }
  if (auto ok = ReadIssued(item, s); !ok) return tl::unexpected(ok.error());
  if (auto ok = ReadAuthors(item, s); !ok) return tl::unexpected(ok.error());
  return out;
}

}  // namespace

Result<ParsedCslFile> ParseCslJson(std::string_view text, std::string_view source) {
  if (text.size() > kMaxCslJsonBytes) {
    return MakeError(
        ErrorCode::kTooLarge,
        fmt::format("the file is {} bytes; at most {} are read", text.size(), kMaxCslJsonBytes),
        std::string(source));
  }
  auto parsed = ParseStrictJson(text, source);
  if (!parsed) return tl::unexpected(parsed.error());
  json items;
  if (parsed->is_array()) {
    items = std::move(*parsed);
  } else if (parsed->is_object()) {
    items = json::array({std::move(*parsed)});
  } else {
    return MakeError(ErrorCode::kParseError, "a CSL-JSON file holds an array of items or one item",
                     std::string(source));
  }
  ParsedCslFile out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto item = ReadItem(items[i]);
    if (item) {
      out.items.push_back(std::move(*item));
    } else {
      out.skipped.push_back(
          {static_cast<int>(i + 1), fmt::format("item {}: {}", i + 1, item.error().ToString())});
    }
  }
  return out;
}

}  // namespace tricholog::evidence
