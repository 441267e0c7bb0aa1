// A patient's record as CSV files for spreadsheets and statistics packages (`tricholog export
// --format csv --out DIR`; docs/csv.md): one file per kind of record, a data dictionary
// (dictionary.csv) and a README.md, all made from one table of column specs (CsvFileSpecs), so
// the files, the dictionary and docs/csv.md cannot drift apart.
//
// Conventions (RFC 4180): UTF-8, CRLF line ends, one header row, the columns in the order of
// the specs (stable: new columns are only ever appended), a field quoted when it holds a comma,
// a double quote, CR or LF (inner quotes doubled). Dates ISO 8601 (YYYY-MM-DD), timestamps as
// stored (ISO 8601 UTC). Numbers in the C locale ('.' decimal point, no grouping) with the
// column's fixed number of decimals. An absent value is an empty field. Text that a spreadsheet
// would read as a formula (first character = + - @ TAB CR) gets one leading apostrophe; so that
// this is reversible, text starting with an apostrophe gets one too: drop one leading ' from a
// text field to get the stored text (CsvUnguard).
//
// Pure: the record in, texts out; scores come from the core (SALT, AA-IGA, EASI).
#ifndef TRICHOLOG_EXPORT_CSV_EXPORT_H_
#define TRICHOLOG_EXPORT_CSV_EXPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/model.h"

namespace tricholog::exporter {

// What a column holds. Text, id and code columns are formula-guarded; the others are written by
// Tricholog and never start with a guarded character except a negative number's '-'.
enum class CsvType { kId, kText, kCode, kInteger, kDecimal, kDate, kTimestamp, kBoolean };
std::string_view CsvTypeName(CsvType type);  // "id", "text", "code", "integer", ...

struct CsvColumnSpec {
  std::string_view name;
  CsvType type = CsvType::kText;
  int decimals = 0;          // kDecimal: digits after the point
  std::string_view unit;     // "" when none
  std::string_view allowed;  // values or range, "" when free
  std::string_view description;
  std::string_view source;  // the instrument's reference, "" when none
};

struct CsvFileSpec {
  std::string_view file;  // "sessions.csv"
  std::string_view description;
  std::vector<CsvColumnSpec> columns;
};

// Every data file, in the order they are written and listed (dictionary.csv not included).
const std::vector<CsvFileSpec>& CsvFileSpecs();
// The spec of `file`; nullptr when there is none.
const CsvFileSpec* FindCsvFileSpec(std::string_view file);

// One written file: its name, its whole text and the number of data rows (header excluded).
struct CsvFile {
  std::string name;
  std::string text;
  int rows = 0;
};

// RFC 4180 field: quoted when it holds , " CR or LF; inner quotes doubled.
std::string CsvQuote(std::string_view field);
// The formula guard for text fields: one leading ' when the text starts with = + - @ TAB CR or '.
std::string CsvGuard(std::string_view text);
// The inverse of CsvGuard.
std::string CsvUnguard(std::string_view field);
// One record: the fields quoted, separated by commas, ended by CRLF.
std::string CsvLine(const std::vector<std::string>& fields);
// `value` in the C locale with exactly `decimals` digits after the point ("-0.00" is "0.00").
std::string CsvNumber(double value, int decimals);

// The data files of `record` (CsvFileSpecs order), then dictionary.csv. Scores are computed
// with the core: SALT from the four regions (Olsen 2004), AA-IGA from SALT, EASI with the
// patient's age on the session date (app::SessionEasi). Fails only when a value it must compute
// is out of range (a record that passed validation never does).
Result<std::vector<CsvFile>> RecordToCsvFiles(const store::PatientRecord& record);

// dictionary.csv: one row per column of every data file (file, column, type, decimals, unit,
// allowed, description, source).
CsvFile CsvDictionary();

// README.md for the output folder: what each file holds, its row count and the conventions.
std::string CsvReadme(const store::PatientRecord& record, const std::vector<CsvFile>& files);

// The dictionary as a Markdown table, as docs/csv.md carries it between its markers.
std::string CsvDictionaryMarkdown();

}  // namespace tricholog::exporter

#endif  // TRICHOLOG_EXPORT_CSV_EXPORT_H_
