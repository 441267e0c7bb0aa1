// The hostile-input suite: every `tricholog` command run as a real process on malformed, hostile
// and out-of-range input. Each case must end by a clean error (exit 1 for bad input, 2 for a
// usage error), never by a signal (an abort, a segfault, an uncaught exception), with
// "tricholog: error:" and the offending field on stderr, and must leave its protected files as
// they were. Cases are data: add one by adding a line to Cases().
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <opencv2/imgproc.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "imaging/image_encode.h"

namespace tricholog::cli {
namespace {

namespace fs = std::filesystem;

// One hostile case. In `args`, `files`, `unchanged` and `absent`, "{dir}" is the case's own
// empty folder and "{store}" a migrated SQLite store shared by all cases (the path of its
// database file, without "sqlite:").
struct HostileCase {
  std::string command;            // counted per command: "score salt", "export", ...
  std::vector<std::string> args;  // after the program name
  // Files created in the case's folder before the run: name -> content, where the content
  // "@dir" makes a folder, "@fifo" a FIFO, "@jpeg" a tiny valid JPEG, "@symlink:TARGET" a link.
  std::map<std::string, std::string> files;
  int code;                                  // the expected exit status: 1 bad input, 2 usage error
  std::string err;                           // expected in stderr (after "tricholog: error:")
  std::string unchanged{};                   // a file whose bytes the run must not change
  std::string absent{};                      // a path the run must not create
  std::map<std::string, std::string> env{};  // extra environment variables
};

// Binary garbage, NUL bytes and invalid UTF-8 included.
const std::string kGarbage =
    std::string("\x89\x00\xff\xfe garbage \x01\x02\x03\xc3\x28", 18) + std::string(4096, '\xa5');

std::string Nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// `decision add` on the shared store with every option valid but `option`, which is `value`.
std::vector<std::string> Decision(const std::string& option, const std::string& value) {
  std::vector<std::string> args = {"decision",   "add",        "--db",     "sqlite:{store}",
                                   "--patient",  "p",          "--course", "c",
                                   "--on",       "2025-03-31", "--week",   "12",
                                   "--decision", "continue",   "--reason", "SALT improved"};
  for (std::size_t i = 2; i + 1 < args.size(); i += 2) {
    if (args[i] == option) args[i + 1] = value;
  }
  return args;
}

std::string Easi(const std::string& age) {
  const std::string region =
      R"({"erythema": 1, "induration": 1, "excoriation": 1, "lichenification": 1, "area_score": 2})";
  return R"({"age_years": )" + age + R"(, "regions": {"head_neck": )" + region +
         R"(, "upper_limbs": )" + region + R"(, "trunk": )" + region + R"(, "lower_limbs": )" +
         region + "}}";
}

std::string Course(const std::string& decision_weeks, const std::string& salt) {
  return R"({"course": {"treatment_class": "jak_inhibitor", "start_date": "2025-01-06", )"
         R"("decision_weeks": )" +
         decision_weeks +
         R"(}, "today": "2025-07-21", "sessions": [{"date": "2025-01-06", )"
         R"("salt": )" +
         salt + R"(}, {"date": "2025-03-03", "salt": 70}]})";
}

// A valid `tricholog chart` input with `extra` (keys and values, comma-first) added at the top.
std::string ChartDoc(const std::string& extra) {
  return R"({"course": {"treatment_class": "il4r_antibody", "start_date": "2025-01-06"}, )"
         R"("today": "2025-03-03", "sessions": [{"date": "2025-01-06", "salt": 40}, )"
         R"({"date": "2025-03-03", "salt": 30}])" +
         extra + "}";
}

std::vector<std::string> ChartArgs(const std::string& extra_flag = "",
                                   const std::string& extra_value = "") {
  std::vector<std::string> args = {"chart", "salt", "--in", "{dir}/c.json", "--out", "{dir}/c.svg"};
  if (!extra_flag.empty()) args.insert(args.end(), {extra_flag, extra_value});
  return args;
}

std::string Zones(int count) {
  std::string zones;
  for (int i = 0; i < count; ++i) {
    zones += (i ? ", " : "") + std::string(R"({"date": "2025-01-06", "zone": "z)") +
             std::to_string(i) + R"(", "hairs_per_cm2": 50})";
  }
  return R"(, "zone_densities": [)" + zones + "]";
}

std::vector<std::string> Salt(const std::string& flag, const std::string& value) {
  std::vector<std::string> args = {"score", "salt",   "--top", "40",      "--back",
                                   "20",    "--left", "10",    "--right", "10"};
  for (std::size_t i = 2; i < args.size(); i += 2) {
    if (args[i] == flag) args[i + 1] = value;
  }
  if (flag == "--baseline") args.insert(args.end(), {flag, value});
  return args;
}

std::vector<HostileCase> Cases() {
  const std::string db = "sqlite:{store}";
  const std::map<std::string, std::string> jpeg = {{"a.jpg", "@jpeg"}};
  return {
      // --- score salt: flags ------------------------------------------------------------
      {"score salt", Salt("--top", ""), {}, 2, "--top: must not be empty"},
      {"score salt", Salt("--back", ""), {}, 2, "--back: must not be empty"},
      {"score salt", Salt("--baseline", ""), {}, 2, "--baseline: must not be empty"},
      {"score salt", Salt("--top", "abc"), {}, 2, "--top"},
      {"score salt", Salt("--top", "1e999"), {}, 1, "top"},
      {"score salt", Salt("--top", "nan"), {}, 1, "top"},
      {"score salt", Salt("--left", "120"), {}, 1, "left: 120 is out of range"},
      {"score salt", Salt("--right", "-0.5"), {}, 1, "right: -0.5 is out of range"},
      {"score salt", Salt("--baseline", "1e308"), {}, 1, "baseline"},
      // --- score easi: JSON files -------------------------------------------------------
      {"score easi",
       {"score", "easi", "--input", "{dir}/e.json"},
       {{"e.json", ""}},
       1,
       "is not valid JSON"},
      {"score easi",
       {"score", "easi", "--input", "{dir}/e.json"},
       {{"e.json", Easi("1e999")}},
       1,
       "number overflow"},
      {"score easi",
       {"score", "easi", "--input", "{dir}/e.json"},
       {{"e.json", R"({"age_years": 30, "age_years": 40})"}},
       1,
       "$.age_years: key appears twice"},
      {"score easi",
       {"score", "easi", "--input", "{dir}/e.json"},
       {{"e.json", Nested(5000)}},
       1,
       "nesting deeper than 64"},
      {"score easi",
       {"score", "easi", "--input", "{dir}/e.json"},
       {{"e.json", Easi("\"30\"")}},
       1,
       "age_years: must be a number"},
      {"score easi",
       {"score", "easi", "--input", "{dir}/e.json"},
       {{"e.json", Easi("1e308")}},
       1,
       "age_years"},
      {"score easi",
       {"score", "easi", "--input", "{dir}/e.json"},
       {{"e.json", kGarbage}},
       1,
       "is not valid JSON"},
      {"score easi",
       {"score", "easi", "--input", "{dir}/missing.json"},
       {},
       1,
       "cannot open the input file"},
      {"score easi", {"score", "easi", "--input", "{dir}/d"}, {{"d", "@dir"}}, 1, "is a folder"},
      {"score easi", {"score", "easi", "--input", "/dev/null"}, {}, 1, "is not valid JSON"},
      {"score easi", {"score", "easi", "--input", "/dev/zero"}, {}, 1, "larger than 64 MiB"},
      {"score easi", {"score", "easi", "--input", ""}, {}, 2, "--input: must not be empty"},
      {"score easi",
       {"score", "easi", "--input", "{dir}/e.json", "--baseline-input", "{dir}/b"},
       {{"e.json", Easi("30")}, {"b", "[1e999]"}},
       1,
       "number overflow"},
      // --- score itch / poem / dlqi -------------------------------------------------------
      {"score itch",
       {"score", "itch", "--input", "{dir}/i.json"},
       {{"i.json", R"({"score": 4294967300})"}},
       1,
       "score: 4294967300 is out of range"},
      {"score itch",
       {"score", "itch", "--input", "{dir}/i.json"},
       {{"i.json", R"({"score": 18446744073709551615})"}},
       1,
       "score: 18446744073709551615"},
      {"score itch",
       {"score", "itch", "--input", "{dir}/i.json"},
       {{"i.json", R"({"score": 1e999})"}},
       1,
       "number overflow"},
      {"score itch",
       {"score", "itch", "--input", "{dir}/i.json"},
       {{"i.json", R"({"score": 5, "score": 9})"}},
       1,
       "$.score: key appears twice"},
      {"score itch",
       {"score", "itch", "--input", "{dir}/i.json"},
       {{"i.json", R"({"score": "5"})"}},
       1,
       "score: must be a number"},
      {"score itch",
       {"score", "itch", "--input", "{dir}/i.json"},
       {{"i.json", R"({"score": 2.7})"}},
       1,
       "score: 2.7 is not a whole number"},
      {"score itch",
       {"score", "itch", "--input", "{dir}/i.json"},
       {{"i.json", "[]"}},
       1,
       "must be a JSON object"},
      {"score itch",
       {"score", "itch", "--input", "{dir}/i.json"},
       {{"i.json", R"({"score": 5, "baseline": -1e300})"}},
       1,
       "baseline"},
      {"score poem",
       {"score", "poem", "--input", "{dir}/p.json"},
       {{"p.json", R"({"items": [4294967297, 0, 0, 0, 0, 0, 0]})"}},
       1,
       "items[0]: 4294967297 is out of range"},
      {"score poem",
       {"score", "poem", "--input", "{dir}/p.json"},
       {{"p.json", R"({"items": "1234567"})"}},
       1,
       "items: must be a JSON array"},
      {"score poem",
       {"score", "poem", "--input", "{dir}/p.json"},
       {{"p.json", R"({"items": [1, 1, 1, 1, 1, 1, 1], "baseline_total": 1e999})"}},
       1,
       "number overflow"},
      {"score poem",
       {"score", "poem", "--input", "{dir}/p.json"},
       {{"p.json", R"({"items": [1, 1, 1, 1, 1, 1, 1], "baseline_total": 9007199254740993})"}},
       1,
       "baseline_total"},
      {"score dlqi",
       {"score", "dlqi", "--input", "{dir}/q.json"},
       {{"q.json", R"({"items": [null, 0, 0, 0, 0, 0, 0, 0, 0, 0]})"}},
       1,
       "items[0]"},
      {"score dlqi",
       {"score", "dlqi", "--input", "{dir}/q.json"},
       {{"q.json", R"({"items": [], "items": []})"}},
       1,
       "$.items: key appears twice"},
      {"score dlqi",
       {"score", "dlqi", "--input", "{dir}/q.json"},
       {{"q.json", R"({"items": [0, 0, 0, 0, 0, 0, 0, 0, 0, -2147483649]})"}},
       1,
       "items[9]"},
      // --- assess ---------------------------------------------------------------------
      {"assess",
       {"assess", "--input", "{dir}/c.json"},
       {{"c.json", Course("[12]", "1e999")}},
       1,
       "number overflow"},
      {"assess",
       {"assess", "--input", "{dir}/c.json"},
       {{"c.json", Course("[18446744073709551615]", "80")}},
       1,
       "course.decision_weeks[0]: 18446744073709551615 is out of range"},
      {"assess",
       {"assess", "--input", "{dir}/c.json"},
       {{"c.json", R"({"today": "2025-01-01", "today": "2026-01-01"})"}},
       1,
       "$.today: key appears twice"},
      {"assess",
       {"assess", "--input", "{dir}/c.json"},
       {{"c.json", Course("[12]", "\"80\"")}},
       1,
       "sessions[0].salt"},
      {"assess",
       {"assess", "--input", "{dir}/c.json"},
       {{"c.json", Nested(100)}},
       1,
       "nesting deeper than 64"},
      {"assess", {"assess", "--input", "{dir}/c.json"}, {{"c.json", ""}}, 1, "is not valid JSON"},
      {"assess",
       {"assess", "--input", "{dir}/c.json"},
       {{"c.json", kGarbage}},
       1,
       "is not valid JSON"},
      {"assess",
       {"assess", "--input", "{dir}/c.json", "--today", ""},
       {{"c.json", Course("[12]", "80")}},
       2,
       "--today: must not be empty"},
      {"assess",
       {"assess", "--input", "{dir}/c.json", "--today", "99999-01-01"},
       {{"c.json", Course("[12]", "80")}},
       1,
       "--today"},
      {"assess", {"assess", "--input", "{dir}"}, {}, 1, "is a folder"},
      // --- schedule ---------------------------------------------------------------------
      {"schedule",
       {"schedule", "--protocol", "dupilumab", "--start", "9999-12-31"},
       {},
       1,
       "start: 9999-12-31 is out of range; allowed 1900-01-01 to 2200-12-31"},
      {"schedule",
       {"schedule", "--protocol", "dupilumab", "--start", "9999-12-31", "--ics"},
       {},
       1,
       "start: 9999-12-31 is out of range"},
      {"schedule",
       {"schedule", "--protocol", "dupilumab", "--start", "0000-01-01"},
       {},
       1,
       "start: 0000-01-01 is out of range"},
      {"schedule",
       {"schedule", "--protocol", "dupilumab", "--start", "1899-12-31"},
       {},
       1,
       "start: 1899-12-31 is out of range"},
      {"schedule",
       {"schedule", "--protocol", "dupilumab", "--start", ""},
       {},
       2,
       "--start: must not be empty"},
      {"schedule",
       {"schedule", "--protocol", "dupilumab", "--start", "2025-01-06", "--weeks", ""},
       {},
       2,
       "--weeks: must not be empty"},
      {"schedule",
       {"schedule", "--protocol", "dupilumab", "--start", "2025-01-06", "--weeks", "99999999999"},
       {},
       2,
       "--weeks"},
      {"schedule",
       {"schedule", "--protocol", "dupilumab", "--start", "2025-01-06", "--weeks", "-1"},
       {},
       1,
       "weeks: -1 is out of range"},
      {"schedule",
       {"schedule", "--protocol", "dupilumab", "--start", "2025-01-06", "--today", "2201-01-01"},
       {},
       1,
       "today: 2201-01-01 is out of range"},
      {"schedule",
       {"schedule", "--protocol", "dupilumab", "--start", "2025-01-06", "--done", ""},
       {},
       2,
       "--done: must not be empty"},
      {"schedule",
       {"schedule", "--protocol", "dupilumab", "--start", "2025-01-06", "--done", "1066-10-14"},
       {},
       1,
       "done: 1066-10-14 is out of range"},
      {"schedule",
       {"schedule", "--protocol", "dupilumab", "--start", "2025-01-06", "--ics"},
       {},
       1,
       "SOURCE_DATE_EPOCH",
       {},
       {},
       {{"SOURCE_DATE_EPOCH", "99999999999999"}}},
      {"schedule",
       {"schedule", "--protocol", "", "--start", "2025-01-06"},
       {},
       2,
       "--protocol: must not be empty"},
      // --- protocols ------------------------------------------------------------------------
      {"protocols", {"protocols", "show", ""}, {}, 2, "must not be empty"},
      {"protocols", {"--data-dir", "{dir}/none", "protocols", "list"}, {}, 1, "none"},
      {"protocols",
       {"--data-dir", "{dir}", "protocols", "list"},
       {{"protocols", "@dir"}, {"protocols/bad.json", "{\"id\": 1e999}"}},
       1,
       "bad.json"},
      {"protocols",
       {"--data-dir", "{dir}", "protocols", "list"},
       {{"protocols", "@dir"}, {"protocols/bad.json", "{\"id\": \"a\", \"id\": \"b\"}"}},
       1,
       "bad.json"},
      {"protocols",
       {"--data-dir", "", "protocols", "list"},
       {},
       2,
       "--data-dir: must not be empty"},
      // --- export ---------------------------------------------------------------------------
      {"export",
       {"export", "--db", "sqlite:{dir}/missing/t.db"},
       {},
       1,
       "db: no store at",
       "",
       "{dir}/missing"},
      {"export",
       {"export", "--db", db, "--out", "{store}"},
       {},
       1,
       "the store's database",
       "{store}"},
      {"export", {"export", "--db", db, "--out", "{store}-wal"}, {}, 1, "the store's wal file"},
      {"export",
       {"export", "--db", db, "--out", "{store}.blobs/x.json"},
       {},
       1,
       "the store's photo folder",
       "",
       "{store}.blobs/x.json"},
      {"export", {"export", "--db", db, "--out", "/dev/null"}, {}, 1, "character device"},
      {"export", {"export", "--db", db, "--out", "{dir}/f"}, {{"f", "@fifo"}}, 1, "FIFO"},
      {"export",
       {"export", "--db", db, "--out", "{dir}/link"},
       {{"real", "keep"}, {"link", "@symlink:real"}},
       1,
       "symbolic link",
       "{dir}/real"},
      {"export", {"export", "--db", db, "--out", "{dir}"}, {}, 1, "out: {dir} is a folder"},
      {"export", {"export", "--db", db, "--out", "{dir}/no/such/x.json"}, {}, 1, "does not exist"},
      {"export", {"export", "--db", "sqlite:{dir}"}, {}, 1, "is not a regular file"},
      {"export", {"export", "--db", ""}, {}, 2, "--db: must not be empty"},
      {"export", {"export", "--db", "mysql://x"}, {}, 1, "db:"},
      // --- export --format csv: a folder, never onto the store or a foreign folder ---------
      {"export",
       {"export", "--db", db, "--format", "csv"},
       {},
       1,
       "out: --format csv writes a folder of files; name it with --out DIR"},
      {"export",
       {"export", "--db", db, "--format", "csv", "--out", "{store}.blobs"},
       {},
       1,
       "the store's photo folder"},
      {"export",
       {"export", "--db", db, "--format", "csv", "--out", "{store}"},
       {},
       1,
       "the store's database",
       "{store}"},
      {"export",
       {"export", "--db", db, "--format", "csv", "--out", "{dir}"},
       {{"keep.txt", "mine"}},
       1,
       "is not empty and was not written by",
       "{dir}/keep.txt"},
      {"export",
       {"export", "--db", db, "--format", "csv", "--out", "{dir}/link"},
       {{"real", "@dir"}, {"link", "@symlink:real"}},
       1,
       "symbolic link"},
      {"export",
       {"export", "--db", db, "--format", "csv", "--out", "{dir}/no/such/csv"},
       {},
       1,
       "does not exist",
       "",
       "{dir}/no"},
      {"export",
       {"export", "--db", db, "--format", "csv", "--out", "{dir}/f"},
       {{"f", "@fifo"}},
       1,
       "is not a folder"},
      // --- decision (schema v9) ----------------------------------------------------------
      {"decision add", Decision("--on", "2025-13-01"), {}, 1, "on:"},
      {"decision add", Decision("--on", "yesterday"), {}, 1, "on:"},
      {"decision add", Decision("--week", "521"), {}, 1, "decision.week: 521 is out of range"},
      {"decision add", Decision("--week", "-1"), {}, 1, "decision.week"},
      {"decision add", Decision("--week", "abc"), {}, 2, "--week"},
      {"decision add", Decision("--week", "1e999"), {}, 2, "--week"},
      {"decision add", Decision("--week", ""), {}, 2, "--week: must not be empty"},
      {"decision add",
       Decision("--decision", "pause"),
       {},
       1,
       "decision.decision: \"pause\" is not allowed; allowed: continue, stop, change_treatment"},
      {"decision add", Decision("--decision", "CONTINUE"), {}, 1, "allowed: continue"},
      {"decision add", Decision("--reason", ""), {}, 2, "--reason: must not be empty"},
      {"decision add",
       Decision("--reason", std::string(2001, 'x')),
       {},
       1,
       "decision.reason: is 2001 bytes; allowed 1 to 2000 bytes"},
      {"decision add",
       Decision("--patient", "no-such-patient"),
       {},
       1,
       "patient_id: no patient with id no-such-patient"},
      {"decision add", {"decision", "add", "--db", db, "--patient", "p"}, {}, 2, "required"},
      {"decision add",
       Decision("--db", "sqlite:{dir}/missing/t.db"),
       {},
       1,
       "db: no store at",
       "",
       "{dir}/missing"},
      {"decision list",
       {"decision", "list", "--db", db, "--patient", "no-such-patient"},
       {},
       1,
       "no patient with id"},
      {"decision list", {"decision", "list", "--db", db}, {}, 2, "--patient is required"},
      // --- import ---------------------------------------------------------------------------
      {"import",
       {"import", "--db", db, "--in", "{dir}/r.json"},
       {{"r.json", "{\"a\": 1e999}"}},
       1,
       "in"},
      {"import", {"import", "--db", db, "--in", "{dir}/r.json"}, {{"r.json", kGarbage}}, 1, "in"},
      {"import", {"import", "--db", db, "--in", "{dir}/r.json"}, {{"r.json", ""}}, 1, "in"},
      {"import", {"import", "--db", db, "--in", "{dir}/missing.json"}, {}, 1, "missing.json"},
      {"import", {"import", "--db", db, "--in", "/dev/null"}, {}, 1, "in"},
      {"import", {"import", "--db", db, "--in", ""}, {}, 2, "--in: must not be empty"},
      {"import",
       {"import", "--db", db, "--in", "{dir}/r.json"},
       {{"r.json", Nested(100000)}},
       1,
       "nesting deeper than"},
      {"import",
       {"import", "--db", db, "--in", "{dir}/r.json"},
       {{"r.json", R"({"format": "tricholog.patient_record/1", "format": "x"})"}},
       1,
       "$.format: key appears twice"},
      // --- backup ---------------------------------------------------------------------------
      {"backup",
       {"backup", "--db", db, "--out", "{store}"},
       {},
       1,
       "the store's database",
       "{store}"},
      {"backup", {"backup", "--db", db, "--out", "{store}-shm"}, {}, 1, "the store's shm file"},
      {"backup", {"backup", "--db", db, "--out", "/dev/full"}, {}, 1, "character device"},
      {"backup", {"backup", "--db", db, "--out", "{dir}/f"}, {{"f", "@fifo"}}, 1, "FIFO"},
      {"backup",
       {"backup", "--db", db, "--out", "{dir}/link"},
       {{"real", "keep"}, {"link", "@symlink:real"}},
       1,
       "symbolic link",
       "{dir}/real"},
      {"backup",
       {"backup", "--db", "sqlite:{dir}/nope.db", "--out", "{dir}/b.json"},
       {},
       1,
       "db: no store at",
       "",
       "{dir}/nope.db"},
      {"backup", {"backup", "--db", db, "--out", ""}, {}, 2, "--out: must not be empty"},
      {"backup", {"backup", "--db", db, "--out", "{dir}/no/such/b.json"}, {}, 1, "does not exist"},
      // --- restore --------------------------------------------------------------------------
      {"restore",
       {"restore", "--db", "sqlite:{dir}/r.db", "--in", "{dir}/b.json"},
       {{"b.json", R"({"format": 5, "tables": {}})"}},
       1,
       "$.format: must be",
       "",
       "{dir}/r.db"},
      {"restore",
       {"restore", "--db", "sqlite:{dir}/r.db", "--in", "{dir}/b.json"},
       {{"b.json", "{\"format\": 1e999}"}},
       1,
       "in"},
      {"restore",
       {"restore", "--db", "sqlite:{dir}/r.db", "--in", "{dir}/b.json"},
       {{"b.json", "[]"}},
       1,
       "$.format: must be",
       "",
       "{dir}/r.db"},
      {"restore",
       {"restore", "--db", "sqlite:{dir}/r.db", "--in", "{dir}/b.json"},
       {{"b.json", kGarbage}},
       1,
       "in"},
      {"restore", {"restore", "--db", db, "--in", "/dev/null"}, {}, 1, "in"},
      {"restore", {"restore", "--db", db, "--in", ""}, {}, 2, "--in: must not be empty"},
      // --- migrate --------------------------------------------------------------------------
      {"migrate", {"migrate", "--db", db, "--to", ""}, {}, 2, "--to: must not be empty"},
      {"migrate", {"migrate", "--db", db, "--to", "99999999999"}, {}, 2, "--to"},
      {"migrate", {"migrate", "--db", "sqlite:{dir}"}, {}, 1, "is not a regular file"},
      {"migrate",
       {"migrate", "--db", "sqlite:{dir}/f"},
       {{"f", "@fifo"}},
       1,
       "is not a regular file"},
      {"migrate", {"migrate", "--db", "sqlite:{dir}/g"}, {{"g", kGarbage}}, 1, "db"},
      {"migrate", {"migrate", "--db", "postgres"}, {}, 1, "db:"},
      // SQLite would take a file shorter than its header as a new database and overwrite it.
      {"migrate",
       {"migrate", "--db", "sqlite:{dir}/one"},
       {{"one", "x"}},
       1,
       "is not a SQLite database",
       "{dir}/one"},
      // --- store check ----------------------------------------------------------------------
      {"store check",
       {"store", "check", "--db", "sqlite:{dir}/nope.db"},
       {},
       1,
       "db: no store at",
       "",
       "{dir}/nope.db"},
      {"store check", {"store", "check", "--db", ""}, {}, 2, "--db: must not be empty"},
      {"store check", {"store", "check", "--db", db, "--min-age-s", "-1"}, {}, 2, "--min-age-s"},
      {"store check",
       {"store", "check", "--db", db, "--min-age-s", "99999999999"},
       {},
       2,
       "--min-age-s"},
      {"store check",
       {"store", "check", "--db", "sqlite:{dir}/g.db"},
       {{"g.db", kGarbage}},
       1,
       "is not a SQLite database",
       "{dir}/g.db"},
      {"store check", {"store", "check", "--db", "sqlite:{dir}"}, {}, 1, "is not a regular file"},
      {"store check", {"store"}, {}, 2, "subcommand"},
      // --- analyze scalp / salt / compare -----------------------------------------------------
      {"analyze scalp", {"analyze", "scalp", "--view", "top", "{dir}/missing.jpg"}, {}, 1, "image"},
      // Damaged image data is refused, not analysed (it once scored 53 % loss with a "pass").
      {"analyze scalp",
       {"analyze", "scalp", "--view", "top", "{dir}/d.jpg"},
       {{"d.jpg", "@jpeg-damaged"}},
       1,
       "JPEG data is damaged"},
      // A header patched to 9000x9000 is refused from the header, before any decoding.
      {"analyze scalp",
       {"analyze", "scalp", "--view", "top", "{dir}/h.jpg"},
       {{"h.jpg", "@jpeg-9000"}},
       1,
       "9000"},
      {"analyze trichoscopy",
       {"analyze", "trichoscopy", "{dir}/h.jpg"},
       {{"h.jpg", "@jpeg-9000"}},
       1,
       "9000"},
      {"analyze trichoscopy",
       {"analyze", "trichoscopy", "{dir}/d.jpg"},
       {{"d.jpg", "@jpeg-damaged"}},
       1,
       "JPEG data is damaged"},
      {"analyze hair-mask",
       {"analyze", "hair-mask", "{dir}/d.jpg", "--out", "{dir}/m.png"},
       {{"d.jpg", "@jpeg-damaged"}},
       1,
       "JPEG data is damaged",
       "",
       "{dir}/m.png"},
      {"analyze hair-mask",
       {"analyze", "hair-mask", "{dir}/h.jpg", "--out", "{dir}/m.png"},
       {{"h.jpg", "@jpeg-9000"}},
       1,
       "9000",
       "",
       "{dir}/m.png"},
      {"analyze scalp",
       {"analyze", "scalp", "--view", "top", "{dir}/g.jpg"},
       {{"g.jpg", kGarbage}},
       1,
       "image"},
      {"analyze scalp",
       {"analyze", "scalp", "--view", "top", "{dir}/e.jpg"},
       {{"e.jpg", ""}},
       1,
       "image"},
      {"analyze scalp", {"analyze", "scalp", "--view", "top", "{dir}"}, {}, 1, "image"},
      {"analyze scalp", {"analyze", "scalp", "--view", "sideways", "{dir}/a.jpg"}, jpeg, 1, "view"},
      {"analyze scalp",
       {"analyze", "scalp", "--view", "top", "{dir}/scalp.png", "--masks-out", "{dir}"},
       {{"scalp.png", "@jpeg"}},
       1,
       "masks_out",
       "{dir}/scalp.png"},
      {"analyze scalp",
       {"analyze", "scalp", "--view", "top", "{dir}/a.jpg", "--masks-out", "{dir}"},
       {{"a.jpg", "@jpeg"}, {"real", "keep"}, {"loss.png", "@symlink:real"}},
       1,
       "symbolic link",
       "{dir}/real"},
      {"analyze scalp",
       {"analyze", "scalp", "--view", "top", "{dir}/a.jpg", "--masks-out", ""},
       jpeg,
       2,
       "--masks-out: must not be empty"},
      {"analyze salt",
       {"analyze", "salt", "--top", "{dir}/missing.jpg", "--back", "{dir}/a.jpg", "--left",
        "{dir}/a.jpg", "--right", "{dir}/a.jpg"},
       jpeg,
       1,
       "top"},
      {"analyze salt",
       {"analyze", "salt", "--top", "{dir}/a.jpg", "--back", "{dir}/g.jpg", "--left", "{dir}/a.jpg",
        "--right", "{dir}/a.jpg"},
       {{"a.jpg", "@jpeg"}, {"g.jpg", kGarbage}},
       1,
       "back"},
      {"analyze salt",
       {"analyze", "salt", "--top", "", "--back", "{dir}/a.jpg", "--left", "{dir}/a.jpg", "--right",
        "{dir}/a.jpg"},
       jpeg,
       2,
       "--top: must not be empty"},
      {"analyze compare",
       {"analyze", "compare", "--view", "top", "{dir}/a.jpg", "{dir}/b.jpg", "--out",
        "{dir}/a.jpg"},
       {{"a.jpg", "@jpeg"}, {"b.jpg", "@jpeg"}},
       1,
       "out: {dir}/a.jpg is one of the input photos",
       "{dir}/a.jpg"},
      {"analyze compare",
       {"analyze", "compare", "--view", "top", "{dir}/a.jpg", "{dir}/a.jpg", "--out", "/dev/null"},
       jpeg,
       1,
       "character device"},
      {"analyze compare",
       {"analyze", "compare", "--view", "top", "{dir}/a.jpg", "{dir}/a.jpg", "--out", "{dir}/f"},
       {{"a.jpg", "@jpeg"}, {"f", "@fifo"}},
       1,
       "FIFO"},
      {"analyze compare",
       {"analyze", "compare", "--view", "top", "{dir}/a.jpg", "{dir}/a.jpg", "--out", "{dir}/link"},
       {{"a.jpg", "@jpeg"}, {"real", "keep"}, {"link", "@symlink:real"}},
       1,
       "symbolic link",
       "{dir}/real"},
      {"analyze compare",
       {"analyze", "compare", "--view", "top", "{dir}/a.jpg", "{dir}/g.jpg", "--out",
        "{dir}/o.jpg"},
       {{"a.jpg", "@jpeg"}, {"g.jpg", kGarbage}},
       1,
       "after",
       "",
       "{dir}/o.jpg"},
      // --- analyze hair-mask ----------------------------------------------------------------
      {"analyze hair-mask",
       {"analyze", "hair-mask", "{dir}/a.jpg", "--out", "{dir}/a.jpg"},
       jpeg,
       1,
       "out: {dir}/a.jpg is the input photo",
       "{dir}/a.jpg"},
      {"analyze hair-mask",
       {"analyze", "hair-mask", "{dir}/a.jpg", "--out", "/dev/full"},
       jpeg,
       1,
       "character device"},
      {"analyze hair-mask",
       {"analyze", "hair-mask", "{dir}/a.jpg", "--out", "{dir}/f"},
       {{"a.jpg", "@jpeg"}, {"f", "@fifo"}},
       1,
       "FIFO"},
      {"analyze hair-mask",
       {"analyze", "hair-mask", "{dir}/a.jpg", "--out", "{dir}/link"},
       {{"a.jpg", "@jpeg"}, {"real", "keep"}, {"link", "@symlink:real"}},
       1,
       "symbolic link",
       "{dir}/real"},
      {"analyze hair-mask",
       {"analyze", "hair-mask", "{dir}/a.jpg", "--out", "{dir}/link"},
       {{"a.jpg", "@jpeg"}, {"link", "@symlink:a.jpg"}},
       1,
       "is the input photo",
       "{dir}/a.jpg"},
      {"analyze hair-mask",
       {"analyze", "hair-mask", "{dir}/a.jpg", "--out", "{dir}"},
       jpeg,
       1,
       "is a folder"},
      {"analyze hair-mask",
       {"analyze", "hair-mask", "{dir}/a.jpg", "--out", ""},
       jpeg,
       2,
       "--out: must not be empty"},
      {"analyze hair-mask",
       {"analyze", "hair-mask", "{dir}/g.jpg", "--out", "{dir}/m.png"},
       {{"g.jpg", kGarbage}},
       1,
       "is not a JPEG, PNG, WebP or HEIC image",
       "",
       "{dir}/m.png"},
      {"analyze hair-mask",
       {"analyze", "hair-mask", "/dev/null", "--out", "{dir}/m.png"},
       {},
       1,
       "image: /dev/null",
       "",
       "{dir}/m.png"},
      // --- analyze trichoscopy ----------------------------------------------------------------
      {"analyze trichoscopy",
       {"analyze", "trichoscopy", "{dir}/a.jpg", "--um-per-px", ""},
       jpeg,
       2,
       "--um-per-px: must not be empty"},
      {"analyze trichoscopy",
       {"analyze", "trichoscopy", "{dir}/a.jpg", "--vellus-max-um", ""},
       jpeg,
       2,
       "--vellus-max-um: must not be empty"},
      {"analyze trichoscopy",
       {"analyze", "trichoscopy", "{dir}/a.jpg", "--vellus-max-um", "-1"},
       jpeg,
       1,
       "vellus_max_um"},
      {"analyze trichoscopy",
       {"analyze", "trichoscopy", "{dir}/a.jpg", "--um-per-px", "1e999"},
       jpeg,
       1,
       "um_per_px"},
      {"analyze trichoscopy",
       {"analyze", "trichoscopy", "{dir}/a.jpg", "--um-per-px", "nan"},
       jpeg,
       1,
       "um_per_px"},
      {"analyze trichoscopy",
       {"analyze", "trichoscopy", "{dir}/g.jpg"},
       {{"g.jpg", kGarbage}},
       1,
       "is not a JPEG, PNG, WebP or HEIC image"},
      {"analyze trichoscopy", {"analyze", "trichoscopy", "{dir}"}, {}, 1, "image: {dir}"},
      {"analyze trichoscopy",
       {"analyze", "trichoscopy", "{dir}/a.jpg", "--count", ""},
       jpeg,
       2,
       "--count"},
      // --- chart ----------------------------------------------------------------------------
      {"chart", ChartArgs(), {{"c.json", ""}}, 1, "is not valid JSON", "", "{dir}/c.svg"},
      {"chart", ChartArgs(), {{"c.json", kGarbage}}, 1, "is not valid JSON", "", "{dir}/c.svg"},
      {"chart", ChartArgs(), {{"c.json", Nested(5000)}}, 1, "nesting deeper than 64"},
      {"chart",
       ChartArgs(),
       {{"c.json", ChartDoc(R"(, "today": "2025-03-04")")}},
       1,
       "$.today: key appears twice"},
      {"chart",
       ChartArgs(),
       {{"c.json", ChartDoc(R"(, "overdue_since": 1e999)")}},
       1,
       "number overflow"},
      {"chart",
       ChartArgs(),
       {{"c.json", ChartDoc(R"(, "zone_densities": [{"date": "2025-01-06", "zone": "vertex", )"
                            R"("hairs_per_cm2": 1000.5}])")}},
       1,
       "zone_densities[0].hairs_per_cm2: 1000.5 is out of range; allowed 0 to 1000",
       "",
       "{dir}/c.svg"},
      {"chart",
       ChartArgs(),
       {{"c.json", ChartDoc(R"(, "zone_densities": [{"date": "2025-01-06", "zone": "vertex", )"
                            R"("hairs_per_cm2": "NaN"}])")}},
       1,
       "zone_densities[0].hairs_per_cm2"},
      {"chart", {"chart", "zones", "--in", "{dir}/c.json", "--out", "{dir}/c.svg"},
       {{"c.json", ChartDoc(Zones(7))}}, 1, "zone_densities[6].zone", "", "{dir}/c.svg"},
      {"chart",
       ChartArgs(),
       {{"c.json", ChartDoc(R"(, "events": [{"date": "2025-01-06", "kind": "start", "label": ")" +
                            std::string(300, 'x') + R"("}])")}},
       1,
       "events[0].label: is 300 bytes long; allowed at most 200"},
      {"chart",
       ChartArgs(),
       {{"c.json", ChartDoc(R"(, "events": [{"date": "2099-01-06", "kind": "stop"}])")}},
       1,
       "events[0].date"},
      {"chart",
       ChartArgs(),
       {{"c.json", ChartDoc(R"(, "events": [{"date": "2025-01-06", "kind": "pause"}])")}},
       1,
       "events[0].kind: 'pause' is not an event kind"},
      {"chart",
       ChartArgs(),
       {{"c.json", ChartDoc(R"(, "legend": true)")}},
       1,
       "legend: is not a known field"},
      {"chart",
       ChartArgs(),
       {{"c.json", ChartDoc(R"(, "awaiting_confirmation": ["yesterday"])")}},
       1,
       "awaiting_confirmation[0]"},
      {"chart", ChartArgs("--width", ""), {{"c.json", ChartDoc("")}}, 2,
       "--width: must not be empty"},
      {"chart", ChartArgs("--width", "abc"), {{"c.json", ChartDoc("")}}, 2, "--width"},
      {"chart", ChartArgs("--width", "99999"), {{"c.json", ChartDoc("")}}, 1,
       "width: 99999 is out of range; allowed 240 to 4000", "", "{dir}/c.svg"},
      {"chart", ChartArgs("--width", "-360"), {{"c.json", ChartDoc("")}}, 1, "width"},
      {"chart", ChartArgs("--format", "pdf"), {{"c.json", ChartDoc("")}}, 2, "--format"},
      {"chart", ChartArgs("--today", "2025-13-01"), {{"c.json", ChartDoc("")}}, 1, "--today"},
      {"chart",
       {"chart", "salt", "--in", "{dir}/c.json", "--out", "{dir}/c.json"},
       {{"c.json", ChartDoc("")}},
       1,
       "out: {dir}/c.json is the input file",
       "{dir}/c.json"},
      {"chart",
       {"chart", "salt", "--in", "{dir}/c.json", "--out", "{dir}/link"},
       {{"c.json", ChartDoc("")}, {"link", "@symlink:c.json"}},
       1,
       "is the input file",
       "{dir}/c.json"},
      {"chart",
       {"chart", "salt", "--in", "{dir}/c.json", "--out", "/dev/null"},
       {{"c.json", ChartDoc("")}},
       1,
       "character device"},
      {"chart",
       {"chart", "salt", "--in", "{dir}/c.json", "--out", "{dir}/f"},
       {{"c.json", ChartDoc("")}, {"f", "@fifo"}},
       1,
       "FIFO"},
      {"chart",
       {"chart", "salt", "--in", "{dir}/c.json", "--out", "{dir}"},
       {{"c.json", ChartDoc("")}},
       1,
       "is a folder"},
      {"chart", {"chart", "salt", "--in", "/dev/zero", "--out", "{dir}/c.svg"}, {}, 1,
       "larger than 64 MiB", "", "{dir}/c.svg"},
      {"chart", {"chart", "salt", "--in", "{dir}/none.json", "--out", "{dir}/c.svg"}, {}, 1,
       "cannot open the input file", "", "{dir}/c.svg"},
      {"chart", {"chart", "pie", "--in", "{dir}/c.json", "--out", "{dir}/c.svg"},
       {{"c.json", ChartDoc("")}}, 2, "CHART"},
      // --- admin (passwords come from stdin, here /dev/null, or --password-file) -------------
      {"admin create-user",
       {"admin", "create-user", "--db", db, "--email", "a@example.org", "--name", "A"},
       {},
       1,
       "password: is required on standard input"},
      {"admin create-user",
       {"admin", "create-user", "--db", db, "--email", "a@example.org", "--name", "A", "--password",
        "secret-on-argv"},
       {},
       2,
       "--password"},
      {"admin create-user",
       {"admin", "create-user", "--db", db, "--email", "a@example.org", "--name", "A",
        "--password-file", "{dir}/p"},
       {{"p", "short\n"}},
       1,
       "password: is 5 bytes long; allowed 8 to 1024"},
      {"admin create-user",
       {"admin", "create-user", "--db", db, "--email", "a@example.org", "--name", "A",
        "--password-file", "{dir}/p"},
       {{"p", kGarbage}},
       1,
       "password: is 4114 bytes long"},
      {"admin create-user",
       {"admin", "create-user", "--db", db, "--email", "not-an-email", "--name", "A",
        "--password-file", "{dir}/p"},
       {{"p", "long enough password"}},
       1,
       "user.email: must contain exactly one '@'"},
      {"admin create-user",
       {"admin", "create-user", "--db", db, "--email", "a@example.org", "--name", "A",
        "--password-file", "{dir}/p"},
       {{"p", "A@Example.org"}},
       1,
       "password: must not be the email address"},
      {"admin create-user",
       {"admin", "create-user", "--db", db, "--email", "a@example.org", "--name", "A", "--role",
        "superuser", "--password-file", "{dir}/p"},
       {{"p", "long enough password"}},
       1,
       "role"},
      {"admin create-user",
       {"admin", "create-user", "--db", db, "--email", "a@example.org", "--name", "A",
        "--password-file", "{dir}"},
       {},
       1,
       "is a folder"},
      {"admin create-user",
       {"admin", "create-user", "--db", db, "--email", "a@example.org", "--name", "A",
        "--password-file", "{dir}/missing"},
       {},
       1,
       "{dir}/missing"},
      {"admin reset-password",
       {"admin", "reset-password", "--db", db, "--email", "nobody@example.org", "--password-file",
        "{dir}/p"},
       {{"p", "long enough password"}},
       1,
       "email: no account has this email"},
      {"admin reset-password",
       {"admin", "reset-password", "--db", "sqlite:{dir}/nope.db", "--email", "a@example.org",
        "--password-file", "{dir}/p"},
       {{"p", "long enough password"}},
       1,
       "db: no store at",
       "",
       "{dir}/nope.db"},
      {"admin reset-password",
       {"admin", "reset-password", "--db", db, "--email", ""},
       {},
       2,
       "--email: must not be empty"},
      {"admin reset-password",
       {"admin", "reset-password", "--db", db, "--email", "a@example.org", "--password-file",
        "/dev/null"},
       {},
       1,
       "password"},
      {"admin list-users",
       {"admin", "list-users", "--db", "sqlite:{dir}/nope.db"},
       {},
       1,
       "db: no store at",
       "",
       "{dir}/nope.db"},
      {"admin list-users",
       {"admin", "list-users", "--db", "sqlite:{dir}/g.db"},
       {{"g.db", kGarbage}},
       1,
       "is not a SQLite database",
       "{dir}/g.db"},
      {"admin list-users", {"admin", "list-users", "--db", ""}, {}, 2, "--db: must not be empty"},
      {"admin list-users", {"admin", "list-users", "--db", "mysql://x"}, {}, 1, "db:"},
      {"admin list-users", {"admin"}, {}, 2, "subcommand"},
      // --- demo -----------------------------------------------------------------------------
      {"demo",
       {"demo", "--db", "sqlite:{dir}/d.db", "--seed", ""},
       {},
       2,
       "--seed: must not be empty",
       "",
       "{dir}/d.db"},
      {"demo",
       {"demo", "--db", "sqlite:{dir}/d.db", "--seed", "-1"},
       {},
       2,
       "--seed",
       "",
       "{dir}/d.db"},
      {"demo",
       {"demo", "--db", "sqlite:{dir}/d.db", "--seed", "99999999999"},
       {},
       2,
       "--seed",
       "",
       "{dir}/d.db"},
      {"demo",
       {"demo", "--db", "sqlite:{dir}/d.db", "--photo-size", "100000x1"},
       {},
       1,
       "--photo-size: must be WIDTHxHEIGHT",
       "",
       "{dir}/d.db"},
      {"demo",
       {"demo", "--db", "sqlite:{dir}/d.db", "--photo-size", "640x480x2"},
       {},
       1,
       "--photo-size",
       "",
       "{dir}/d.db"},
      {"demo", {"demo", "--db", "sqlite:{dir}/f"}, {{"f", "@fifo"}}, 1, "is not a regular file"},
      {"demo", {"demo", "--db", "sqlite:{dir}/file/d.db"}, {{"file", "x"}}, 1, "db"},
      {"demo", {"demo", "--db", "mysql://x"}, {}, 1, "db:"},
  };
}

// --- Running a case ----------------------------------------------------------------------

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Outcome {
  bool signalled = false;
  int signal = 0;
  int code = -1;
  std::string err;
  bool timed_out = false;
};

// Runs the built `tricholog` with `args` and `env` added to the environment, stdin and stdout
// on /dev/null, stderr into `err_file`, for at most `timeout`. Safe to call from several
// threads: the child only calls open, dup2 and execve (everything is prepared before fork).
Outcome RunBinary(const std::vector<std::string>& args, const fs::path& err_file,
                  const std::map<std::string, std::string>& env,
                  std::chrono::seconds timeout = std::chrono::seconds(60)) {
  const std::string binary = (fs::path(TRICHOLOG_BINARY_DIR) / "tricholog").string();
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    if (!env.count(entry.substr(0, entry.find('=')))) env_strings.push_back(entry);
  }
  for (const auto& [name, value] : env) env_strings.push_back(name + "=" + value);
  std::vector<char*> envp, argv = {const_cast<char*>(binary.c_str())};
  for (std::string& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const std::string err_path = err_file.string();
  const pid_t child = ::fork();
  if (child == 0) {
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open("/dev/null", O_WRONLY);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execve(binary.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  Outcome outcome;
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (::waitpid(child, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(child, SIGKILL);
      ::waitpid(child, &status, 0);
      outcome.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  outcome.signalled = WIFSIGNALED(status);
  outcome.signal = outcome.signalled ? WTERMSIG(status) : 0;
  outcome.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  outcome.err = Slurp(err_file);
  return outcome;
}

bool HasTempFiles(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    if (entry.path().filename().string().find(".tricholog-tmp.") != std::string::npos) return true;
  }
  return false;
}

void Create(const fs::path& dir, const std::string& name, const std::string& content) {
  const fs::path path = dir / name;
  if (content == "@dir") {
    fs::create_directories(path);
  } else if (content == "@fifo") {
    ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0) << path;
  } else if (content.rfind("@symlink:", 0) == 0) {
    fs::create_symlink(content.substr(9), path);
  } else if (content == "@jpeg") {
    cv::Mat image(72, 96, CV_8UC3, cv::Scalar(120, 140, 180));
    cv::circle(image, {48, 36}, 20, cv::Scalar(30, 30, 30), -1);
    auto bytes = imaging::EncodeJpeg(image, 85);
    ASSERT_TRUE(bytes);
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes->data()),
               static_cast<std::streamsize>(bytes->size()));
  } else if (content == "@jpeg-damaged" || content == "@jpeg-9000") {
    // A noisy 640x480 photo: "-damaged" has 2,000 bytes in the middle of its entropy-coded
    // data replaced (fixed seed); "-9000" has its frame header patched to 9000x9000.
    cv::Mat image(480, 640, CV_8UC3);
    cv::randu(image, cv::Scalar::all(0), cv::Scalar::all(255));
    auto bytes = imaging::EncodeJpeg(image, 90);
    ASSERT_TRUE(bytes);
    std::vector<std::uint8_t>& b = *bytes;
    if (content == "@jpeg-damaged") {
      std::mt19937 random(15);
      for (std::size_t i = b.size() / 2; i < b.size() / 2 + 2000; ++i) {
        b[i] = static_cast<std::uint8_t>(random());
      }
    } else {
      for (std::size_t i = 2; i + 8 < b.size(); ++i) {
        if (b[i] == 0xFF && b[i + 1] == 0xC0) {  // SOF0: length(2) precision(1) height width
          b[i + 5] = b[i + 7] = 9000 >> 8;
          b[i + 6] = b[i + 8] = 9000 & 0xFF;
          break;
        }
      }
    }
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  } else {
    std::ofstream(path, std::ios::binary) << content;
  }
}

std::string Describe(const HostileCase& c) {
  std::string text = "`tricholog";
  for (const std::string& a : c.args) text += " " + (a.empty() ? std::string("''") : a);
  return text + "`";
}

TEST(HostileInput, EveryCommandEndsWithACleanErrorNeverASignal) {
  const fs::path root = fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / "hostile_input";
  fs::remove_all(root);
  fs::create_directories(root / "home");
  // Nothing may touch the user's own store or data: a private home and the source data/.
  ::setenv("TRICHOLOG_HOME", (root / "home").c_str(), 1);
  ::setenv("TRICHOLOG_DATA_DIR", TRICHOLOG_SOURCE_DATA_DIR, 1);
  ::unsetenv("SOURCE_DATE_EPOCH");
  const fs::path store = root / "store" / "t.db";
  fs::create_directories(store.parent_path());
  const Outcome migrated =
      RunBinary({"migrate", "--db", "sqlite:" + store.string()}, root / "migrate.err", {});
  ASSERT_EQ(migrated.code, 0) << migrated.err;

  // Prepare every case, run them three at a time (each is mostly process start-up), then check.
  const std::vector<HostileCase> cases = Cases();
  struct Prepared {
    fs::path dir;
    std::vector<std::string> args;
    std::string unchanged, before, absent, err;
  };
  std::vector<Prepared> prepared(cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const HostileCase& c = cases[i];
    Prepared& p = prepared[i];
    p.dir = root / "cases" / std::to_string(i);
    fs::create_directories(p.dir);
    auto fill = [&](const std::string& text) {
      return Replace(Replace(text, "{dir}", p.dir.string()), "{store}", store.string());
    };
    for (const auto& [name, content] : c.files) Create(p.dir, name, content);
    for (const std::string& a : c.args) p.args.push_back(fill(a));
    p.unchanged = c.unchanged.empty() ? "" : fill(c.unchanged);
    p.before = p.unchanged.empty() ? "" : Slurp(p.unchanged);
    p.absent = c.absent.empty() ? "" : fill(c.absent);
    p.err = fill(c.err);
  }
  std::vector<Outcome> outcomes(cases.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < cases.size(); i = next++) {
      const auto err_file = root / "cases" / (std::to_string(i) + ".stderr");
      outcomes[i] = RunBinary(prepared[i].args, err_file, cases[i].env);
    }
  };
  std::vector<std::thread> workers;
  for (int w = 0; w < 3; ++w) workers.emplace_back(worker);
  for (std::thread& t : workers) t.join();

  std::map<std::string, int> per_command;
  int failures = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const HostileCase& c = cases[i];
    const Prepared& p = prepared[i];
    const Outcome& o = outcomes[i];
    const std::string what = Describe(c) + " (case " + std::to_string(i) + ")";
    bool ok = true;
    auto check = [&](bool condition, const std::string& message) {
      if (!condition) {
        ADD_FAILURE() << what << ": " << message << "\nstderr: " << o.err;
        ok = false;
      }
    };
    check(!o.timed_out, "did not finish within 60 s");
    check(!o.signalled, "ended by signal " + std::to_string(o.signal));
    check(o.code == c.code,
          "exit code " + std::to_string(o.code) + ", expected " + std::to_string(c.code));
    check(o.err.find("tricholog: error: ") != std::string::npos, "no 'tricholog: error: '");
    check(o.err.find(p.err) != std::string::npos, "stderr lacks '" + p.err + "'");
    check(o.err.find("internal: ") == std::string::npos || c.err.empty(),
          "an internal error (an exception reached the command boundary)");
    if (!p.unchanged.empty()) check(Slurp(p.unchanged) == p.before, p.unchanged + " was changed");
    if (!p.absent.empty()) check(!fs::exists(p.absent), p.absent + " was created");
    check(!HasTempFiles(p.dir), "left a temporary output file");
    if (!ok) ++failures;
    ++per_command[c.command];
  }
  std::cout << "hostile-input cases per command (" << cases.size() << " in all, " << failures
            << " failed):\n";
  for (const auto& [command, count] : per_command) {
    std::cout << "  " << command << ": " << count << "\n";
  }
  // Every command of the binary has hostile cases.
  for (const char* command : {"score salt",
                              "score easi",
                              "score itch",
                              "score poem",
                              "score dlqi",
                              "assess",
                              "schedule",
                              "protocols",
                              "export",
                              "import",
                              "backup",
                              "restore",
                              "migrate",
                              "analyze scalp",
                              "analyze salt",
                              "analyze compare",
                              "analyze hair-mask",
                              "analyze trichoscopy",
                              "demo",
                              "store check",
                              "chart",
                              "admin create-user",
                              "admin reset-password",
                              "admin list-users",
                              "decision add",
                              "decision list"}) {
    EXPECT_GE(per_command[command], 1) << command << " has no hostile case";
  }
}

}  // namespace
}  // namespace tricholog::cli
