#include "evidence/medline.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <string>

#include "evidence/field_text.h"

namespace tricholog::evidence {
namespace {

// "TAG - value": a tag of 1–4 upper-case letters or digits padded with spaces to four characters.
std::optional<std::pair<std::string_view, std::string_view>> SplitTag(std::string_view line) {
  if (line.size() < 6 || line[4] != '-' || line[5] != ' ') {
    if (!(line.size() == 5 && line[4] == '-')) return std::nullopt;
  }
  std::string_view tag = TrimSpace(line.substr(0, 4));
  if (tag.empty() || !std::all_of(tag.begin(), tag.end(),
                                  [](char c) { return (c >= 'A' && c <= 'Z') || IsDigit(c); })) {
    return std::nullopt;
  }
  return std::pair{tag, line.size() > 6 ? TrimSpace(line.substr(6)) : std::string_view()};
}

// "2019 Aug 1", "2019 Jul-Aug", "2019": the year and, when it names one, the month.
void ReadDate(std::string_view value, Study& study, std::string& error) {
  int year = 0;
  auto [end, ec] =
      std::from_chars(value.data(), value.data() + std::min<std::size_t>(4, value.size()), year);
  if (ec != std::errc() || end != value.data() + 4) return;
  if (year < 1800 || year > 2200) {
    error = fmt::format("year {} is out of range; allowed 1800 to 2200", year);
    return;
  }
  study.year = year;
  if (const int month = MonthFromText(TrimSpace(value.substr(4))); month != 0) {
    study.month = month;
  }
}

struct Record {
  int first_line = 0;
  Study study;
  std::vector<Author> short_authors;  // AU, used when there is no FAU
  std::string abbreviation;           // TA
  std::string error;
  std::string* last = nullptr;
};

void Apply(Record& r, std::string_view tag, std::string_view value) {
  Study& s = r.study;
  r.last = nullptr;
  if (tag == "PMID") {
    if (AllDigits(value)) s.pmid = value;
  } else if (tag == "TI") {
    s.title = value;
    r.last = &s.title;
  } else if (tag == "AB") {
    s.abstract = value;
    r.last = &s.abstract;
  } else if (tag == "FAU") {
    const std::size_t comma = value.find(',');
    s.authors.push_back(comma == std::string_view::npos
                            ? Author{std::string(value), ""}
                            : Author{std::string(TrimSpace(value.substr(0, comma))),
                                     std::string(TrimSpace(value.substr(comma + 1)))});
  } else if (tag == "AU") {
    const std::size_t space = value.rfind(' ');
    r.short_authors.push_back(
        space == std::string_view::npos
            ? Author{std::string(value), ""}
            : Author{std::string(value.substr(0, space)), std::string(value.substr(space + 1))});
  } else if (tag == "JT") {
    s.journal = value;
  } else if (tag == "TA") {
    r.abbreviation = value;
  } else if (tag == "DP") {
    ReadDate(value, s, r.error);
  } else if (tag == "LID" || tag == "AID") {
    if (s.doi.empty() && value.ends_with("[doi]")) {
      s.doi = NormaliseDoi(value.substr(0, value.size() - 5));
    }
  } else if (tag == "PMC") {
    if (IsPmcid(value)) s.pmcid = value;
  } else if (tag == "MH") {
    std::string_view heading = value.substr(0, value.find('/'));
    if (!heading.empty() && heading.front() == '*') heading.remove_prefix(1);
    heading = TrimSpace(heading);
    if (!heading.empty() &&
        std::find(s.mesh_terms.begin(), s.mesh_terms.end(), heading) == s.mesh_terms.end()) {
      s.mesh_terms.emplace_back(heading);
    }
  } else if (tag == "OT") {
    if (!value.empty()) s.keywords.emplace_back(value);
  } else if (tag == "VI") {
    s.volume = value;
  } else if (tag == "IP") {
    s.issue = value;
  } else if (tag == "PG") {
    s.pages = value;
  }
}

}  // namespace

Result<ParsedFile> ParseMedline(std::string_view text) {
  if (text.size() > kMaxMedlineBytes) {
    return MakeError(
        ErrorCode::kTooLarge,
        fmt::format("the file is {} bytes; at most {} are read", text.size(), kMaxMedlineBytes),
        "file");
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  ParsedFile out;
  std::optional<Record> record;
  int line_number = 0;
  auto finish = [&](Record& r) {
    Study& s = r.study;
    if (s.authors.empty()) s.authors = std::move(r.short_authors);
    if (s.journal.empty()) s.journal = r.abbreviation;
    if (!r.error.empty()) {
      out.skipped.push_back({r.first_line, r.error});
    } else if (s.pmid.empty()) {
      out.skipped.push_back({r.first_line, "the record's PMID is not a number"});
    } else if (TrimSpace(s.title).empty()) {
      out.skipped.push_back({r.first_line, "the record has no title (TI)"});
    } else {
      out.studies.push_back(std::move(s));
    }
  };
  while (!text.empty()) {
    ++line_number;
    const std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.starts_with("      ")) {  // a continuation line
      if (record && record->last != nullptr) {
        *record->last += ' ';
        *record->last += TrimSpace(line);
      }
      continue;
    }
    auto tagged = SplitTag(line);
    if (!tagged) continue;  // blank lines between records, anything else
    if (tagged->first == "PMID") {
      if (record) finish(*record);
      record.emplace();
      record->first_line = line_number;
    }
    if (record) Apply(*record, tagged->first, tagged->second);
  }
  if (!record && out.studies.empty() && out.skipped.empty()) {
    return MakeError(ErrorCode::kParseError,
                     "line 1: no MEDLINE record found (a record starts with \"PMID- \")", "file");
  }
  if (record) finish(*record);
  return out;
}

}  // namespace tricholog::evidence
