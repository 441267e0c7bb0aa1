// The PDF writer on made-up content: the text comes back out of the PDF (pdftotext), fonts are
// embedded (pdffonts), photos go in as their own JPEG bytes (pdfimages), tables break across
// pages with their header repeated, and both paper sizes have their size (pdfinfo).
#include "report/document.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <opencv2/imgproc.hpp>
#include <string>

#include "chart/chart_model.h"
#include "chart/chart_svg.h"
#include "imaging/image_encode.h"

namespace tricholog::report {
namespace {

namespace fs = std::filesystem;

// Runs `command` and returns its standard output.
std::string RunTool(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  pclose(pipe);
  return out;
}

fs::path WritePdf(const std::vector<std::uint8_t>& bytes, const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / "tricholog_report_test";
  fs::create_directories(dir);
  const fs::path path = dir / name;
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  return path;
}

std::shared_ptr<const std::vector<std::uint8_t>> TestJpeg(int width, int height) {
  cv::Mat image(height, width, CV_8UC3, cv::Scalar(60, 90, 140));
  cv::circle(image, {width / 2, height / 2}, height / 4, cv::Scalar(200, 210, 230), -1);
  auto jpeg = imaging::EncodeJpeg(image, 80);
  EXPECT_TRUE(jpeg.has_value());
  return std::make_shared<const std::vector<std::uint8_t>>(jpeg ? *jpeg
                                                                : std::vector<std::uint8_t>{});
}

std::string TestChartSvg() {
  chart::ChartSpec spec;
  spec.title = "SALT over time";
  spec.start_date = Date::FromYmd(std::chrono::year{2026} / 1 / 5);
  spec.y = {0, 100, "SALT", "", 0};
  chart::Series series;
  series.label = "SALT";
  series.points.push_back({spec.start_date, 60, std::nullopt, std::nullopt});
  series.points.push_back({spec.start_date.AddDays(84), 41, std::nullopt, std::nullopt});
  spec.series.push_back(series);
  spec.summary = "SALT fell from 60 to 41.";
  auto svg =
      chart::RenderSvg(spec, {.width_px = 680, .height_px = 0, .id = "t", .show_title = false});
  EXPECT_TRUE(svg.has_value()) << (svg ? "" : svg.error().ToString());
  return svg ? *svg : std::string();
}

Document Sample(Paper paper) {
  Document doc;
  doc.paper = paper;
  doc.metadata = {"Physician summary: Zoë Müller",
                  "Tricholog",
                  "AA on dupilumab",
                  "alopecia areata",
                  "Tricholog test",
                  "2026-12-03T10:41:00Z"};
  doc.running_header = "Zoë Müller · 5 Jan 2026 – 3 Dec 2026";
  doc.footer_note = "Tricholog informs; it does not diagnose or prescribe.";
  doc.blocks.push_back(TextBlock{"Physician summary", TextStyle::kTitle});
  doc.blocks.push_back(CalloutBlock{"Responding", "SALT 41, down from 60 at baseline.", 0x009E73});
  doc.blocks.push_back(FactBlock{"Treatment", "dupilumab 300 mg every 2 weeks (off-label)"});
  doc.blocks.push_back(TextBlock{"Charts", TextStyle::kHeading});
  doc.blocks.push_back(ChartBlock{TestChartSvg(), 1.0});
  PhotoCell cell;
  cell.jpeg = TestJpeg(640, 480);
  cell.width_px = 640;
  cell.height_px = 480;
  cell.outlines.push_back({{0.3f, 0.3f}, {0.7f, 0.3f}, {0.7f, 0.7f}, {0.3f, 0.7f}});
  cell.caption = {"12 Jan 2026 · week 1", "loss 23 %"};
  doc.blocks.push_back(PhotoRowBlock{{cell, cell}, 4});
  Table table;
  table.columns = {{"Term", 3, false}, {"Grade", 1, true}};
  for (int i = 0; i < 120; ++i)
    table.rows.push_back({"Conjunctivitis row " + std::to_string(i), "2"});
  doc.blocks.push_back(table);
  return doc;
}

TEST(RenderPdf, TextComesBackOutWithFontsEmbeddedAndPhotosAsJpeg) {
  int calls = 0;
  auto pdf = RenderPdf(Sample(Paper::kA4), [&](std::size_t done, std::size_t total) {
    ++calls;
    EXPECT_LE(done, total);
  });
  ASSERT_TRUE(pdf.has_value()) << pdf.error().ToString();
  EXPECT_EQ(calls, 7);  // one call per block
  const fs::path path = WritePdf(*pdf, "sample.pdf");
  const std::string text = RunTool("pdftotext -enc UTF-8 " + path.string() + " -");
  EXPECT_NE(text.find("Physician summary"), std::string::npos);
  EXPECT_NE(text.find("Zoë Müller"), std::string::npos);
  EXPECT_NE(text.find("SALT 41, down from 60 at baseline."), std::string::npos);
  EXPECT_NE(text.find("Conjunctivitis row 119"), std::string::npos);
  EXPECT_NE(text.find("12 Jan 2026 · week 1"), std::string::npos);
  EXPECT_NE(text.find("Page 2"), std::string::npos);  // the table ran onto a second page

  const std::string fonts = RunTool("pdffonts " + path.string());
  EXPECT_NE(fonts.find("DejaVuSans"), std::string::npos) << fonts;
  // Every font line says "yes" in the emb column; none says "no".
  EXPECT_EQ(fonts.find(" no  "), std::string::npos) << fonts;

  const std::string images = RunTool("pdfimages -list " + path.string());
  // Two photos, both embedded as JPEG (no image re-encoded as pixels).
  int jpeg_images = 0;
  int other_images = 0;
  std::istringstream lines(images);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(" image ") == std::string::npos) continue;
    (line.find(" jpeg ") != std::string::npos ? jpeg_images : other_images)++;
  }
  EXPECT_EQ(jpeg_images, 2) << images;
  EXPECT_EQ(other_images, 0) << images;
  const std::string info = RunTool("pdfinfo " + path.string());
  EXPECT_NE(info.find("Title:           Physician summary: Zoë Müller"), std::string::npos) << info;
  EXPECT_NE(info.find("595.276 x 841.89 pts (A4)"), std::string::npos) << info;
}

TEST(RenderPdf, LetterPaperHasLetterSize) {
  auto pdf = RenderPdf(Sample(Paper::kLetter));
  ASSERT_TRUE(pdf.has_value()) << pdf.error().ToString();
  const std::string info = RunTool("pdfinfo " + WritePdf(*pdf, "letter.pdf").string());
  EXPECT_NE(info.find("612 x 792 pts (letter)"), std::string::npos) << info;
}

TEST(RenderPdf, TheJpegBytesArePassedThroughUnchanged) {
  Document doc;
  PhotoCell cell;
  cell.jpeg = TestJpeg(800, 600);
  cell.width_px = 800;
  cell.height_px = 600;
  doc.blocks.push_back(PhotoRowBlock{{cell}, 2});
  auto pdf = RenderPdf(doc);
  ASSERT_TRUE(pdf.has_value());
  const std::string bytes(pdf->begin(), pdf->end());
  const std::string jpeg(cell.jpeg->begin(), cell.jpeg->end());
  EXPECT_NE(bytes.find(jpeg), std::string::npos);
}

TEST(RenderPdf, ABrokenChartIsAnErrorNotACrash) {
  Document doc;
  doc.blocks.push_back(ChartBlock{"<svg", 1.0});
  auto pdf = RenderPdf(doc);
  ASSERT_FALSE(pdf.has_value());
  EXPECT_NE(pdf.error().message.find("SVG"), std::string::npos);
}

TEST(ParsePaper, NamesTheAllowedSizes) {
  EXPECT_EQ(*ParsePaper("a4"), Paper::kA4);
  EXPECT_EQ(*ParsePaper("letter"), Paper::kLetter);
  auto bad = ParsePaper("A5");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "paper");
  EXPECT_NE(bad.error().message.find("a4 or letter"), std::string::npos);
}

}  // namespace
}  // namespace tricholog::report
