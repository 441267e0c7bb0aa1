// `tricholog report` on the demo store, read back page by page with poppler's tools: pdftotext for
// the content (the patient, the SALT figures, the verdict, every adverse event, each page's
// running header and number), pdftoppm for an image of each page, pdffonts for embedded fonts,
// pdfimages for photos passed through as JPEG. The expected values come from the store and the
// core's assessment, not from the report's own code.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "app/patient_overview.h"
#include "app/patient_trends.h"
#include "app/physician_report.h"
#include "app/protocol_catalog.h"
#include "chart/chart_model.h"
#include "cli/cli_test_util.h"
#include "store/open_store.h"

namespace tricholog::cli {
namespace {

namespace fs = std::filesystem;
using test_util::CliRun;
using test_util::RunTrichologWithSourceData;

std::string RunTool(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  pclose(pipe);
  return out;
}

fs::path FreshDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("tricholog_report_cli_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

int PageCount(const fs::path& pdf) {
  const std::string info = RunTool("pdfinfo " + pdf.string());
  const auto at = info.find("Pages:");
  if (at == std::string::npos) return 0;
  return std::stoi(info.substr(at + 6));
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ReportCommand, TheDemoPatientsReportHoldsTheirFiguresPageByPage) {
  const fs::path dir = FreshDir("demo");
  const std::string db = "sqlite:" + (dir / "t.db").string();
  CliRun demo = RunTrichologWithSourceData({"demo", "--db", db});
  ASSERT_EQ(demo.code, 0) << demo.err;
  const fs::path pdf = dir / "report.pdf";
  CliRun made = RunTrichologWithSourceData(
      {"report", "--db", db, "--out", pdf.string(), "--to", "2026-12-03", "--json"});
  ASSERT_EQ(made.code, 0) << made.err;
  EXPECT_TRUE(Contains(made.err, "report: laid out")) << made.err;  // progress on stderr
  EXPECT_TRUE(Contains(made.out, "\"bytes\"")) << made.out;
  EXPECT_EQ(fs::status(pdf).permissions() & fs::perms::others_read, fs::perms::none);

  // What the store and the core say.
  auto location = store::ParseDbLocation(db);
  ASSERT_TRUE(location.has_value());
  auto opened = store::OpenStore(*location);
  ASSERT_TRUE(opened.has_value());
  auto record = (*opened)->GetPatientRecord(
      store::Actor::LocalAdmin(),
      (*(*opened)->ListPatients(store::Actor::LocalAdmin())).front().id);
  ASSERT_TRUE(record.has_value());
  auto catalog = app::LoadProtocolCatalog(fs::path(TRICHOLOG_SOURCE_DATA_DIR) / "protocols");
  ASSERT_TRUE(catalog.has_value());
  const Date to = *Date::Parse("2026-12-03");
  auto overview = app::BuildPatientOverview(*record, *catalog, to);
  ASSERT_TRUE(overview.has_value());
  ASSERT_TRUE(overview->course.has_value());
  const app::ReportVerdict verdict =
      app::VerdictOf(overview->course->assessment, overview->course->alerts);
  const MeasureAssessment* salt = overview->course->assessment.Find(Measure::kSalt);
  ASSERT_NE(salt, nullptr);
  ASSERT_TRUE(salt->baseline.has_value());
  ASSERT_TRUE(overview->salt.has_value());

  const int pages = PageCount(pdf);
  ASSERT_GE(pages, 5);
  std::vector<std::string> text(pages + 1);
  for (int p = 1; p <= pages; ++p) {
    text[p] = RunTool(fmt::format("pdftotext -enc UTF-8 -f {0} -l {0} {1} -", p, pdf.string()));
    EXPECT_TRUE(Contains(text[p], record->patient.display_name)) << "page " << p;  // header
    EXPECT_TRUE(Contains(text[p], fmt::format("Page {}", p))) << "page " << p;
    EXPECT_TRUE(Contains(text[p], "does not diagnose or prescribe")) << "page " << p;
  }
  // Page 1: the summary answers "is it working?".
  EXPECT_TRUE(Contains(text[1], "Physician summary"));
  EXPECT_TRUE(Contains(text[1], verdict.label)) << verdict.label;
  EXPECT_TRUE(
      Contains(text[1], fmt::format("{} on", chart::FormatValue(overview->salt->score.salt, 1))));
  EXPECT_TRUE(Contains(text[1], chart::FormatValue(*salt->baseline, 1)));
  EXPECT_TRUE(Contains(text[1], "SALT ≤ 20"));
  EXPECT_TRUE(Contains(text[1], overview->course->course.medication));
  EXPECT_TRUE(Contains(text[1], "week"));
  for (const Alert& alert : overview->course->alerts) {
    EXPECT_TRUE(Contains(text[1], alert.title.substr(0, 20))) << alert.title;
  }
  // Every adverse event, with its CTCAE grade, somewhere after the summary.
  std::string all;
  for (int p = 1; p <= pages; ++p) all += text[p];
  ASSERT_FALSE(record->adverse_events.empty());
  for (const auto& e : record->adverse_events) {
    EXPECT_TRUE(Contains(all, e.term)) << e.term;
    EXPECT_TRUE(Contains(all, fmt::format("{} (v{})", e.ctcae_grade, e.ctcae_version)));
    EXPECT_TRUE(Contains(all, chart::DisplayDate(e.onset)));
  }
  for (const auto& d : record->decisions) EXPECT_TRUE(Contains(all, d.reason.substr(0, 30)));
  for (const char* section :
       {"Progression", "SALT over time", "Photo timeline", "Top view", "Adverse events (CTCAE)",
        "Injection-site reactions", "Adherence to the schedule", "Methods and limits"}) {
    EXPECT_TRUE(Contains(all, section)) << section;
  }

  // An image of every page, none blank.
  const std::string prefix = (dir / "page").string();
  RunTool(fmt::format("pdftoppm -r 30 -png {} {}", pdf.string(), prefix));
  int images = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".png") continue;
    ++images;
    EXPECT_GT(fs::file_size(entry.path()), 2000u) << entry.path();
  }
  EXPECT_EQ(images, pages);

  // Fonts embedded; photos as JPEG, one per stored protocol-view photo.
  const std::string fonts = RunTool("pdffonts " + pdf.string());
  EXPECT_TRUE(Contains(fonts, "DejaVuSans")) << fonts;
  std::istringstream font_lines(fonts);
  int font_rows = 0;
  for (std::string line; std::getline(font_lines, line);) {
    if (!Contains(line, "TrueType") && !Contains(line, "Type 1") && !Contains(line, "CID"))
      continue;
    ++font_rows;
    EXPECT_TRUE(Contains(line, " yes ")) << line;
  }
  EXPECT_GT(font_rows, 0);
  int photos = 0;
  for (const auto& s : record->sessions) {
    for (const auto& p : s.photos) {
      if (p.view == "top" || p.view == "front" || p.view == "back" || p.view == "left" ||
          p.view == "right") {
        ++photos;
      }
    }
  }
  const std::string listed = RunTool("pdfimages -list " + pdf.string());
  std::istringstream image_lines(listed);
  int jpeg = 0;
  int other = 0;
  for (std::string line; std::getline(image_lines, line);) {
    if (!Contains(line, " image ")) continue;
    (Contains(line, " jpeg ") ? jpeg : other)++;
  }
  EXPECT_EQ(jpeg, photos);
  EXPECT_EQ(other, 0);

  // US Letter, and a period: the photo timeline starts at --from.
  const fs::path letter = dir / "letter.pdf";
  ASSERT_EQ(RunTrichologWithSourceData({"report", "--db", db, "--out", letter.string(), "--paper",
                                        "letter", "--from", "2026-06-01", "--to", "2026-12-03"})
                .code,
            0);
  EXPECT_TRUE(Contains(RunTool("pdfinfo " + letter.string()), "612 x 792 pts (letter)"));
  const std::string letter_text = RunTool("pdftotext -enc UTF-8 " + letter.string() + " -");
  EXPECT_TRUE(Contains(letter_text, "photos and logs from 1 Jun 2026"));
  EXPECT_FALSE(Contains(letter_text, "20 Nov 2025 · week 0"));  // the baseline photo is before

  // Bad input names what is wrong and writes nothing.
  const fs::path bad = dir / "bad.pdf";
  CliRun paper =
      RunTrichologWithSourceData({"report", "--db", db, "--out", bad.string(), "--paper", "a5"});
  EXPECT_EQ(paper.code, 1);
  EXPECT_TRUE(Contains(paper.err, "paper: 'a5' is not a paper size")) << paper.err;
  CliRun order = RunTrichologWithSourceData(
      {"report", "--db", db, "--out", bad.string(), "--from", "2026-12-01", "--to", "2026-01-01"});
  EXPECT_EQ(order.code, 1);
  EXPECT_TRUE(Contains(order.err, "from:")) << order.err;
  CliRun onto =
      RunTrichologWithSourceData({"report", "--db", db, "--out", (dir / "t.db").string()});
  EXPECT_EQ(onto.code, 1);
  CliRun nobody = RunTrichologWithSourceData(
      {"report", "--db", db, "--out", bad.string(), "--patient", "no-such-patient"});
  EXPECT_EQ(nobody.code, 1);
  EXPECT_FALSE(fs::exists(bad));
}

}  // namespace
}  // namespace tricholog::cli
