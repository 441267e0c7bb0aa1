#include "evidence/ris.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

#include "evidence/field_text.h"

namespace tricholog::evidence {
namespace {

// "XX  - value": the tag and the value, or nullopt for a line that is not a tag line.
struct TagLine {
  std::string_view tag;
  std::string_view value;
};
std::optional<TagLine> SplitTagLine(std::string_view line) {
  if (line.size() >= 5 && line[2] == ' ' && line[3] == ' ' && line[4] == '-') {
    const bool tag_ok = std::isupper(static_cast<unsigned char>(line[0])) &&
                        std::isalnum(static_cast<unsigned char>(line[1]));
    if (tag_ok) {
      std::string_view value = line.size() > 5 ? line.substr(5) : std::string_view();
      return TagLine{line.substr(0, 2), TrimSpace(value)};
    }
  }
  return std::nullopt;
}

// "2019/08/01/", "2019///", "2019": year and month when they read as numbers.
void ReadDate(std::string_view value, Study& study, std::string& error) {
  const std::size_t slash = value.find('/');
  std::string_view year_text = value.substr(0, slash);
  int year = 0;
  auto [end, ec] = std::from_chars(year_text.data(), year_text.data() + year_text.size(), year);
  if (ec != std::errc() || end != year_text.data() + year_text.size()) return;  // free text
  if (year < 1800 || year > 2200) {
    error = fmt::format("year {} is out of range; allowed 1800 to 2200", year);
    return;
  }
  study.year = year;
  if (slash == std::string_view::npos) return;
  std::string_view rest = value.substr(slash + 1);
  std::string_view month_text = rest.substr(0, rest.find('/'));
  int month = 0;
  auto [mend, mec] =
      std::from_chars(month_text.data(), month_text.data() + month_text.size(), month);
  if (mec == std::errc() && mend == month_text.data() + month_text.size() && month >= 1 &&
      month <= 12) {
    study.month = month;
  }
}

Author ReadAuthor(std::string_view value) {
  const std::size_t comma = value.find(',');
  if (comma == std::string_view::npos) return {std::string(TrimSpace(value)), ""};
  return {std::string(TrimSpace(value.substr(0, comma))),
          std::string(TrimSpace(value.substr(comma + 1)))};
}

struct Record {
  int first_line = 0;
  Study study;
  std::string start_page;
  std::string end_page;
  std::string error;
  std::string* last = nullptr;  // the value a continuation line extends
};

void Apply(Record& r, std::string_view tag, std::string_view value) {
  Study& s = r.study;
  r.last = nullptr;
  if (tag == "TI" || tag == "T1") {
    if (s.title.empty()) {
      s.title = value;
      r.last = &s.title;
    }
  } else if (tag == "AU" || tag == "A1") {
    if (!value.empty()) s.authors.push_back(ReadAuthor(value));
  } else if (tag == "JO" || tag == "JF" || tag == "T2" || tag == "JA" || tag == "J2") {
    // The full journal name wins over an abbreviation.
    if (s.journal.empty() || tag == "JF" || tag == "T2") s.journal = value;
  } else if (tag == "PY" || tag == "Y1" || tag == "DA") {
    if (!s.year || tag == "DA") ReadDate(value, s, r.error);
  } else if (tag == "DO") {
    if (s.doi.empty()) s.doi = NormaliseDoi(value);
  } else if (tag == "AN") {
    if (AllDigits(value) && s.pmid.empty()) s.pmid = value;
  } else if (tag == "C2" || tag == "N1") {
    // "PMC1234567", alone (C2) or inside a note ("PMCID: PMC1234567").
    for (std::size_t at = value.find("PMC"); at != std::string_view::npos && s.pmcid.empty();
         at = value.find("PMC", at + 3)) {
      std::size_t end = at + 3;
      while (end < value.size() && value[end] >= '0' && value[end] <= '9') ++end;
      if (end > at + 3) s.pmcid = value.substr(at, end - at);
    }
  } else if (tag == "AB" || tag == "N2") {
    if (s.abstract.empty()) {
      s.abstract = value;
      r.last = &s.abstract;
    }
  } else if (tag == "KW") {
    if (!value.empty()) s.keywords.emplace_back(value);
  } else if (tag == "VL") {
    s.volume = value;
  } else if (tag == "IS") {
    s.issue = value;
  } else if (tag == "SP") {
    r.start_page = value;
  } else if (tag == "EP") {
    r.end_page = value;
  }
}

}  // namespace

Result<ParsedFile> ParseRis(std::string_view text) {
  if (text.size() > kMaxRisBytes) {
    return MakeError(
        ErrorCode::kTooLarge,
        fmt::format("the file is {} bytes; at most {} are read", text.size(), kMaxRisBytes),
        "file");
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte order mark
  ParsedFile out;
  std::optional<Record> record;
  std::size_t record_bytes = 0;
  int line_number = 0;
  bool saw_record = false;
  auto finish = [&](Record& r) {
    Study& s = r.study;
    s.pages = r.end_page.empty() ? r.start_page : r.start_page + "-" + r.end_page;
    if (!r.error.empty()) {
      out.skipped.push_back({r.first_line, r.error});
    } else if (TrimSpace(s.title).empty()) {
      out.skipped.push_back({r.first_line, "the record has no title (TI or T1)"});
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
    auto tagged = SplitTagLine(line);
    if (!tagged) {
      // A continuation of the previous value, or blank space between records.
      if (record && record->last != nullptr && !TrimSpace(line).empty()) {
        *record->last += ' ';
        *record->last += TrimSpace(line);
      }
      continue;
    }
    if (tagged->tag == "TY") {
      saw_record = true;
      if (record) {
        out.skipped.push_back({record->first_line, "the record ends without ER"});
      }
      record.emplace();
      record->first_line = line_number;
      record_bytes = 0;
      continue;
    }
    if (!record) continue;  // tags outside a record: ignored
    record_bytes += line.size();
    if (record_bytes > kMaxRisRecordBytes) {
      if (record->error.empty()) {
        record->error = fmt::format("the record is over {} bytes", kMaxRisRecordBytes);
      }
      continue;
    }
    if (tagged->tag == "ER") {
      finish(*record);
      record.reset();
      continue;
    }
    Apply(*record, tagged->tag, tagged->value);
  }
  if (record) out.skipped.push_back({record->first_line, "the record ends without ER"});
  if (!saw_record) {
    return MakeError(ErrorCode::kParseError,
                     "line 1: no RIS record found (a record starts with \"TY  - \")", "file");
  }
  return out;
}

}  // namespace tricholog::evidence
