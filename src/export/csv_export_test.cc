// The CSV export's pure parts: RFC 4180 quoting, the formula guard, numbers in the C locale,
// the column order of every file (a golden list: a change here is a change for every user's
// scripts), the values of a small record, and docs/csv.md carrying the dictionary as generated.
#include "export/csv_export.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <clocale>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace tricholog::exporter {
namespace {

using Table = std::vector<std::vector<std::string>>;

// A strict RFC 4180 reader for the checks: CRLF records, quoted fields with doubled quotes.
// Fails the test on anything else (a bare LF or CR outside quotes, a quote inside a bare field).
Table Parse(const std::string& text) {
  Table rows;
  std::vector<std::string> row;
  std::string field;
  std::size_t i = 0;
  bool at_field_start = true;
  while (i < text.size()) {
    const char c = text[i];
    if (at_field_start && c == '"') {
      ++i;
      for (;;) {
        if (i >= text.size()) {
          ADD_FAILURE() << "unterminated quoted field";
          return rows;
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += text[i++];
      }
      at_field_start = false;
      continue;
    }
    if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      at_field_start = true;
      ++i;
    } else if (c == '\r') {
      EXPECT_TRUE(i + 1 < text.size() && text[i + 1] == '\n') << "CR without LF at " << i;
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      at_field_start = true;
      i += 2;
    } else {
      EXPECT_NE(c, '\n') << "bare LF at " << i;
      EXPECT_NE(c, '"') << "quote inside a bare field at " << i;
      field += c;
      at_field_start = false;
      ++i;
    }
  }
  EXPECT_TRUE(row.empty() && field.empty()) << "the last record lacks its CRLF";
  return rows;
}

TEST(CsvQuote, QuotesOnlyWhatRfc4180Requires) {
  EXPECT_EQ(CsvQuote("plain text"), "plain text");
  EXPECT_EQ(CsvQuote(""), "");
  EXPECT_EQ(CsvQuote("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvQuote("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvQuote("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvQuote("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(CsvQuote("crlf\r\n"), "\"crlf\r\n\"");
  EXPECT_EQ(CsvQuote("\""), "\"\"\"\"");
  EXPECT_EQ(CsvQuote("caf\xc3\xa9;tab\t"), "caf\xc3\xa9;tab\t");  // ; and tab are data
}

TEST(CsvLine, JoinsWithCommasAndEndsWithCrlf) {
  EXPECT_EQ(CsvLine({"a", "", "b,c", "d\"e"}), "a,,\"b,c\",\"d\"\"e\"\r\n");
  EXPECT_EQ(CsvLine({}), "\r\n");
  const Table back = Parse(CsvLine({"x", "multi\r\nline, \"quoted\"", ""}));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0], (std::vector<std::string>{"x", "multi\r\nline, \"quoted\"", ""}));
}

TEST(CsvGuard, PrefixesFormulaStartsAndIsReversible) {
  EXPECT_EQ(CsvGuard("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
  EXPECT_EQ(CsvGuard("+1"), "'+1");
  EXPECT_EQ(CsvGuard("-2+3"), "'-2+3");
  EXPECT_EQ(CsvGuard("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvGuard("\t=1"), "'\t=1");
  EXPECT_EQ(CsvGuard("\r=1"), "'\r=1");
  EXPECT_EQ(CsvGuard("'quoted"), "''quoted");
  EXPECT_EQ(CsvGuard("SALT 60 = 35?"), "SALT 60 = 35?");  // only the first character counts
  EXPECT_EQ(CsvGuard(""), "");
  for (const std::string text : {"=1", "+", "-", "@", "'", "''", "'=", "plain", "", "a'b", "\t"}) {
    EXPECT_EQ(CsvUnguard(CsvGuard(text)), text) << text;
  }
}

TEST(CsvNumber, FixedDecimalsInTheCLocaleWhateverTheGlobalLocale) {
  EXPECT_EQ(CsvNumber(1.0 / 3, 2), "0.33");
  EXPECT_EQ(CsvNumber(2.0 / 3, 2), "0.67");
  EXPECT_EQ(CsvNumber(12.5, 0), "12");  // round half to even, as printf
  EXPECT_EQ(CsvNumber(1234567.891, 3), "1234567.891");
  EXPECT_EQ(CsvNumber(-0.001, 2), "0.00");  // never "-0.00"
  EXPECT_EQ(CsvNumber(-1.5, 1), "-1.5");
  EXPECT_EQ(CsvNumber(0, 2), "0.00");
  // A decimal-comma locale, where one is installed, changes nothing.
  const char* before = std::setlocale(LC_ALL, nullptr);
  const std::string saved = before != nullptr ? before : "C";
  if (std::setlocale(LC_ALL, "de_DE.UTF-8") != nullptr) {
    EXPECT_EQ(CsvNumber(1234.5, 2), "1234.50");
  }
  std::setlocale(LC_ALL, saved.c_str());
}

// The header of every file, in order. Appending a column is allowed (add it here at the end);
// renaming, removing or reordering one breaks users' scripts and must not happen.
TEST(CsvFileSpecs, ColumnOrderIsStable) {
  const std::map<std::string, std::vector<std::string>> golden = {
      {"patient.csv", {"patient_id", "display_name", "birth_year", "created_at"}},
      {"conditions.csv",
       {"patient_id", "condition_id", "kind", "snomed_code", "icd10_code", "icd11_code", "subtype",
        "onset"}},
      {"courses.csv",
       {"patient_id", "course_id", "condition_id", "protocol_id", "treatment_class", "medication",
        "dosing", "reason", "off_label", "start_date", "end_date"}},
      {"administrations.csv",
       {"patient_id", "administration_id", "course_id", "given_on", "dose_mg", "injection_site"}},
      {"sessions.csv",
       {"patient_id", "session_id", "session_date", "week", "course_id", "salt", "aa_iga", "easi",
        "itch_nrs", "poem", "dlqi", "vellus_percent", "patient_reported_hair_change", "photo_count",
        "recorded_by", "recorded_at"}},
      {"scores.csv",
       {"patient_id", "session_id", "session_date", "week", "measure", "component", "value", "unit",
        "label", "confirmation", "source"}},
      {"zones.csv",
       {"patient_id", "session_id", "session_date", "ordinal", "zone", "hairs_per_cm2"}},
      {"photos.csv",
       {"patient_id", "session_id", "session_date", "ordinal", "view", "sha256", "width_px",
        "height_px"}},
      {"injection_site_reactions.csv",
       {"patient_id", "session_id", "session_date", "ordinal", "site", "reaction", "ctcae_grade"}},
      {"adverse_events.csv",
       {"patient_id", "adverse_event_id", "course_id", "term", "meddra_code", "ctcae_grade",
        "ctcae_version", "onset", "resolved", "action_taken", "serious"}},
      {"decisions.csv",
       {"patient_id", "decision_id", "course_id", "decided_on", "week", "decision", "reason",
        "decided_by", "recorded_at"}},
      {"notes.csv",
       {"patient_id", "note_id", "session_id", "author_user_id", "written_at", "text"}},
  };
  ASSERT_EQ(CsvFileSpecs().size(), golden.size());
  for (const CsvFileSpec& f : CsvFileSpecs()) {
    SCOPED_TRACE(std::string(f.file));
    ASSERT_EQ(golden.count(std::string(f.file)), 1u);
    std::vector<std::string> names;
    for (const CsvColumnSpec& c : f.columns) names.emplace_back(c.name);
    EXPECT_EQ(names, golden.at(std::string(f.file)));
    for (const CsvColumnSpec& c : f.columns) {
      EXPECT_FALSE(c.description.empty()) << c.name;
      if (c.type == CsvType::kDecimal) {
        EXPECT_GT(c.decimals, 0) << c.name;
      }
    }
  }
}

store::PatientRecord SmallRecord() {
  store::PatientRecord r;
  r.patient = {"p1", "u1", "=cmd|' /C calc'!A0", 1990, "2025-01-01T09:00:00Z"};
  r.conditions.push_back({"cond1", "p1", "alopecia_areata", "68225006", "L63.9", "ED70.2", "patchy",
                          *Date::Parse("2023-05-01")});
  r.courses.push_back({"c1", "p1", "cond1", "dupilumab", "il4r_antibody", "dupilumab",
                       "600 mg, then 300 mg every 2 weeks", "AA with \"AD\"", true,
                       *Date::Parse("2025-01-06"), std::nullopt});
  r.administrations.push_back({"a1", "c1", *Date::Parse("2025-01-06"), 600, "abdomen_left"});
  store::TrackingSession s;
  s.id = "s1";
  s.patient_id = "p1";
  s.course_id = "c1";
  s.session_date = *Date::Parse("2025-04-28");
  s.week = 16;
  s.salt_regions = {{"top", 50, "automatic"},
                    {"back", 25, "user_accepted"},
                    {"left", 10, "automatic"},
                    {"right", 10.004, "retaken"}};
  s.easi_regions = {{"head_neck", 2, 1, 1, 0, 0},
                    {"upper_limbs", 1, 1, 0, 0, 0},
                    {"trunk", 0, 0, 0, 0, 0},
                    {"lower_limbs", 3, 2, 2, 1, 1}};
  s.zone_densities = {{"vertex", 123.456}, {"occiput", 0}};
  s.photos = {{"top", std::string(64, 'a'), 800, 600}};
  s.itch_nrs = 7;
  s.poem = 12;
  s.dlqi = 5;
  s.vellus_fraction = 0.123456;
  s.patient_reported_hair_change = "more_hair";
  s.injection_site_reactions.push_back({"abdomen_left", "erythema", std::nullopt});
  s.recorded_by = "u1";
  s.recorded_at = "2025-04-28T10:00:00Z";
  r.sessions.push_back(s);
  store::TrackingSession bare;  // no course, no scores: empty fields, not zeros
  bare.id = "s0";
  bare.patient_id = "p1";
  bare.session_date = *Date::Parse("2025-01-01");
  bare.recorded_by = "u1";
  bare.recorded_at = "2025-01-01T10:00:00Z";
  r.sessions.insert(r.sessions.begin(), bare);
  r.adverse_events.push_back({"e1", "p1", "c1", "Conjunctivitis", "10010741", 2, "5.0",
                              *Date::Parse("2025-02-10"), std::nullopt, "none", false});
  r.decisions.push_back({"d1", "p1", "c1", *Date::Parse("2025-04-28"), 16, "continue",
                         "SALT 50 -> 30,\n\"improving\"; =not a formula", "u2",
                         "2025-04-28T11:00:00Z"});
  r.notes.push_back({"n1", "p1", "s1", "u2", "2025-04-28T11:00:00Z", "-5 itch points"});
  return r;
}

// The file's rows as maps column -> field (header checked against the spec).
std::vector<std::map<std::string, std::string>> Rows(const std::vector<CsvFile>& files,
                                                     const std::string& name) {
  for (const CsvFile& f : files) {
    if (f.name != name) continue;
    const Table table = Parse(f.text);
    EXPECT_FALSE(table.empty());
    if (table.empty()) return {};
    EXPECT_EQ(static_cast<int>(table.size()) - 1, f.rows) << name;
    std::vector<std::map<std::string, std::string>> out;
    for (std::size_t r = 1; r < table.size(); ++r) {
      EXPECT_EQ(table[r].size(), table[0].size()) << name << " row " << r;
      std::map<std::string, std::string> row;
      for (std::size_t c = 0; c < table[0].size() && c < table[r].size(); ++c) {
        row[table[0][c]] = table[r][c];
      }
      out.push_back(row);
    }
    return out;
  }
  ADD_FAILURE() << "no file " << name;
  return {};
}

TEST(RecordToCsvFiles, WritesEveryFileWithTheRecordsValues) {
  auto files = RecordToCsvFiles(SmallRecord());
  ASSERT_TRUE(files) << files.error().ToString();
  ASSERT_EQ(files->size(), CsvFileSpecs().size() + 1);
  EXPECT_EQ(files->back().name, "dictionary.csv");

  const auto patient = Rows(*files, "patient.csv");
  ASSERT_EQ(patient.size(), 1u);
  EXPECT_EQ(patient[0].at("display_name"), "'=cmd|' /C calc'!A0");  // guarded
  EXPECT_EQ(CsvUnguard(patient[0].at("display_name")), "=cmd|' /C calc'!A0");
  EXPECT_EQ(patient[0].at("birth_year"), "1990");

  const auto courses = Rows(*files, "courses.csv");
  ASSERT_EQ(courses.size(), 1u);
  EXPECT_EQ(courses[0].at("reason"), "AA with \"AD\"");
  EXPECT_EQ(courses[0].at("off_label"), "true");
  EXPECT_EQ(courses[0].at("end_date"), "");
  EXPECT_EQ(Rows(*files, "administrations.csv").at(0).at("dose_mg"), "600.000");

  const auto sessions = Rows(*files, "sessions.csv");
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions[0].at("session_id"), "s0");
  for (const char* empty : {"week", "course_id", "salt", "aa_iga", "easi", "itch_nrs", "poem",
                            "dlqi", "vellus_percent", "patient_reported_hair_change"}) {
    EXPECT_EQ(sessions[0].at(empty), "") << empty;
  }
  EXPECT_EQ(sessions[0].at("photo_count"), "0");
  const auto& s = sessions[1];
  // SALT = 0.40*50 + 0.24*25 + 0.18*10 + 0.18*10.004 = 29.60072 (Olsen 2004).
  EXPECT_EQ(s.at("salt"), "29.60");
  EXPECT_EQ(s.at("aa_iga"), "2");  // 20 < SALT < 50: moderate
  // EASI (adult weights 0.1, 0.2, 0.3, 0.4; Hanifin 2001): 0.1*2*2 + 0.2*1*1 + 0 + 0.4*6*3.
  EXPECT_EQ(s.at("easi"), "7.80");
  EXPECT_EQ(s.at("week"), "16");
  EXPECT_EQ(s.at("session_date"), "2025-04-28");
  EXPECT_EQ(s.at("vellus_percent"), "12.35");
  EXPECT_EQ(s.at("patient_reported_hair_change"), "more_hair");
  EXPECT_EQ(s.at("photo_count"), "1");

  std::map<std::string, std::map<std::string, std::string>> scores;  // measure.component -> row
  for (const auto& row : Rows(*files, "scores.csv")) {
    EXPECT_EQ(row.at("session_id"), "s1");  // the bare session has no scores
    scores[row.at("measure") + "/" + row.at("component")] = row;
  }
  EXPECT_EQ(scores.at("salt/total").at("value"), "29.60");
  EXPECT_EQ(scores.at("salt/total").at("source"), "Olsen 2004, JAAD 51:440");
  EXPECT_EQ(scores.at("salt/right").at("value"), "10.00");
  EXPECT_EQ(scores.at("salt/right").at("confirmation"), "retaken");
  EXPECT_EQ(scores.at("salt/back").at("confirmation"), "user_accepted");
  EXPECT_EQ(scores.at("aa_iga/total").at("value"), "2.00");
  EXPECT_EQ(scores.at("aa_iga/total").at("label"), "Moderate");
  EXPECT_EQ(scores.at("easi/total").at("value"), "7.80");
  EXPECT_EQ(scores.at("easi/lower_limbs.area_score").at("value"), "3.00");
  EXPECT_EQ(scores.at("easi/lower_limbs.lichenification").at("value"), "1.00");
  EXPECT_EQ(scores.at("easi/lower_limbs.score").at("value"), "7.20");
  EXPECT_EQ(scores.at("easi/trunk.score").at("value"), "0.00");
  EXPECT_EQ(scores.at("itch_nrs/total").at("value"), "7.00");
  EXPECT_EQ(scores.at("itch_nrs/total").at("label"), "severe");
  EXPECT_EQ(scores.at("poem/total").at("label"), "moderate");
  EXPECT_EQ(scores.at("dlqi/total").at("label"), "small effect");
  // 4 SALT regions + total, AA-IGA, EASI total + 4 regions x 6, itch, POEM, DLQI.
  EXPECT_EQ(scores.size(), 5u + 1 + 1 + 24 + 3);

  const auto zones = Rows(*files, "zones.csv");
  ASSERT_EQ(zones.size(), 2u);
  EXPECT_EQ(zones[0].at("hairs_per_cm2"), "123.46");
  EXPECT_EQ(zones[1].at("ordinal"), "1");
  EXPECT_EQ(Rows(*files, "injection_site_reactions.csv").at(0).at("ctcae_grade"), "");
  EXPECT_EQ(Rows(*files, "adverse_events.csv").at(0).at("serious"), "false");

  const auto decisions = Rows(*files, "decisions.csv");
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].at("reason"), "SALT 50 -> 30,\n\"improving\"; =not a formula");
  EXPECT_EQ(decisions[0].at("decision"), "continue");
  EXPECT_EQ(decisions[0].at("week"), "16");
  EXPECT_EQ(Rows(*files, "notes.csv").at(0).at("text"), "'-5 itch points");

  // The dictionary describes every column of every file, once.
  const auto dictionary = Rows(*files, "dictionary.csv");
  std::size_t columns = 0;
  for (const CsvFileSpec& f : CsvFileSpecs()) columns += f.columns.size();
  EXPECT_EQ(dictionary.size(), columns);
  for (const auto& row : dictionary) {
    if (row.at("file") == "sessions.csv" && row.at("column") == "salt") {
      EXPECT_EQ(row.at("source"), "Olsen 2004, JAAD 51:440");
      EXPECT_EQ(row.at("decimals"), "2");
      EXPECT_EQ(row.at("type"), "decimal");
    }
  }
}

TEST(CsvReadme, ListsEveryFileWithItsRowCount) {
  const store::PatientRecord record = SmallRecord();
  auto files = RecordToCsvFiles(record);
  ASSERT_TRUE(files);
  const std::string readme = CsvReadme(record, *files);
  for (const CsvFile& f : *files) {
    EXPECT_NE(readme.find(fmt::format("| `{}` | {} |", f.name, f.rows)), std::string::npos)
        << f.name;
  }
  EXPECT_NE(readme.find("RFC 4180"), std::string::npos);
}

// docs/csv.md carries the dictionary exactly as the code generates it, between two markers, so
// the documentation cannot drift from the files. When a column changes, paste the text this
// test prints on failure (CsvDictionaryMarkdown()) between the markers.
TEST(CsvDocs, DocsCarryTheGeneratedDictionary) {
  const std::filesystem::path doc =
      std::filesystem::path(TRICHOLOG_SOURCE_DATA_DIR) / ".." / "docs" / "csv.md";
  std::ifstream in(doc, std::ios::binary);
  ASSERT_TRUE(in) << doc;
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  const std::string begin = "<!-- BEGIN GENERATED DICTIONARY (csv_export.cc) -->\n";
  const std::string end = "<!-- END GENERATED DICTIONARY -->";
  const auto b = all.find(begin);
  const auto e = all.find(end);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  const std::string generated = CsvDictionaryMarkdown();
  EXPECT_EQ(all.substr(b + begin.size(), e - b - begin.size()), "\n" + generated)
      << "docs/csv.md's dictionary is out of date; replace it with:\n"
      << generated;
}

}  // namespace
}  // namespace tricholog::exporter
