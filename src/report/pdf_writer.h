// A small page-flow writer for PDF documents on Cairo + Pango (+ librsvg for SVG), the stack
// ../shared/reference/cpp.md §4 measured: real text shaped by Pango (selectable, searchable, fonts
// embedded as subsets by Cairo), vector charts from SVG, and photos embedded as their own JPEG
// bytes (cairo_surface_set_mime_data: the PDF carries the JPEG stream, nothing is decoded or
// re-encoded here).
//
// Content flows down the page from a cursor; a block that does not fit the rest of the page starts
// a new one. Paragraphs break between lines, tables between rows (the header row is repeated),
// charts and photo rows are kept whole. Every page carries a running header and a footer with the
// page number and a one-line notice.
#ifndef TRICHOLOG_REPORT_PDF_WRITER_H_
#define TRICHOLOG_REPORT_PDF_WRITER_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace tricholog::report {

enum class Paper { kA4, kLetter };
// "a4" | "letter".
std::string_view PaperName(Paper paper);
Result<Paper> ParsePaper(std::string_view name, std::string_view field = "paper");

struct PdfMetadata {
  std::string title;
  std::string author;
  std::string subject;
  std::string keywords;
  std::string creator;
  std::string created;  // ISO 8601, e.g. "2026-12-03T10:41:00Z"; the PDF's CreationDate
};

enum class TextStyle {
  kTitle,       // the document title
  kHeading,     // a section, also a bookmark in the PDF outline
  kSubheading,  // a part of a section
  kBody,
  kStrong,   // body, bold
  kSmall,    // notes and captions
  kVerdict,  // the one-line answer on the first page
};

struct TableColumn {
  std::string header;
  double width = 1;      // relative to the other columns
  bool numeric = false;  // right-aligned (numbers line up on their last digit)
};

struct Table {
  std::vector<TableColumn> columns;
  std::vector<std::vector<std::string>> rows;  // each as many cells as columns; plain text
};

// A polygon in the photo's own coordinates scaled to 0..1 (x right, y down).
using Polygon = std::vector<std::pair<float, float>>;

// One photo of a photo row: the JPEG bytes as they go into the PDF, their pixel size, outlines
// drawn over it, and up to three caption lines under it.
struct PhotoCell {
  std::shared_ptr<const std::vector<std::uint8_t>> jpeg;  // baseline or progressive JPEG
  int width_px = 0;
  int height_px = 0;
  std::vector<Polygon> outlines;
  std::vector<std::string> caption;
};

class PdfWriter {
 public:
  // An empty document of `paper` size. `running_header` is printed at the top of every page
  // (patient and date range), `footer_note` at the bottom left of every page beside the number.
  static Result<std::unique_ptr<PdfWriter>> Create(Paper paper, const PdfMetadata& metadata,
                                                   std::string running_header,
                                                   std::string footer_note);
  ~PdfWriter();
  PdfWriter(const PdfWriter&) = delete;
  PdfWriter& operator=(const PdfWriter&) = delete;

  // Text (plain, escaped here) wrapped to the content width; breaks across pages between lines.
  void Text(std::string_view text, TextStyle style = TextStyle::kBody);
  // Pango markup (the caller escapes the values it inserts with EscapeMarkup).
  void Markup(std::string_view markup, TextStyle style = TextStyle::kBody);
  // A label and its value on one line, the label in a fixed column (the summary's facts).
  void Fact(std::string_view label, std::string_view value);
  // A boxed paragraph with a coloured left rule (the verdict, an alert): `title` bold, `body`
  // plain under it.
  void Callout(std::string_view title, std::string_view body, std::uint32_t rgb);
  void Table(const report::Table& table);
  // An SVG document drawn as vectors, scaled to `width_fraction` of the content width.
  Result<void> Svg(std::string_view svg, double width_fraction = 1.0);
  // One row of photos side by side (`columns` per row of the page), kept whole.
  Result<void> PhotoRow(const std::vector<PhotoCell>& cells, int columns);
  void Space(double points);
  // Starts a new page unless at least `points` remain on this one.
  void KeepTogether(double points);
  void NewPage();

  double ContentWidth() const;
  int PageNumber() const { return page_; }

  // Ends the document and returns its bytes. The writer cannot be used afterwards.
  Result<std::vector<std::uint8_t>> Finish();

 private:
  struct Impl;
  explicit PdfWriter(std::unique_ptr<Impl> impl);
  void StartPageIfNeeded();
  void BeginPage();
  void EndPage();

  std::unique_ptr<Impl> impl_;
  int page_ = 0;
};

// `text` with Pango markup's special characters escaped.
std::string EscapeMarkup(std::string_view text);

}  // namespace tricholog::report

#endif  // TRICHOLOG_REPORT_PDF_WRITER_H_
