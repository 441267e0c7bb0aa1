// A report as a list of blocks (text, facts, callouts, tables, charts, photo rows) and its
// rendering to PDF through PdfWriter. The app layer decides what a report says
// (app/physician_report.h); this module only lays it out, so it can be tested on any content.
#ifndef TRICHOLOG_REPORT_DOCUMENT_H_
#define TRICHOLOG_REPORT_DOCUMENT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "core/error.h"
#include "report/pdf_writer.h"

namespace tricholog::report {

struct TextBlock {
  std::string text;  // plain text
  TextStyle style = TextStyle::kBody;
};
struct FactBlock {
  std::string label;
  std::string value;
};
struct CalloutBlock {
  std::string title;
  std::string body;
  std::uint32_t rgb = 0x0072B2;
};
struct ChartBlock {
  std::string svg;  // from chart::RenderSvg
  double width_fraction = 1.0;
};
struct PhotoRowBlock {
  std::vector<PhotoCell> cells;
  int columns = 4;
};
struct PageBreakBlock {};
struct SpaceBlock {
  double points = 6;
};

using Block = std::variant<TextBlock, FactBlock, CalloutBlock, Table, ChartBlock, PhotoRowBlock,
                           PageBreakBlock, SpaceBlock>;

struct Document {
  Paper paper = Paper::kA4;
  PdfMetadata metadata;
  std::string running_header;  // on every page (patient, date range)
  std::string footer_note;     // on every page, beside the page number
  std::vector<Block> blocks;
};

// Called after each block with (blocks done, blocks in all).
using Progress = std::function<void(std::size_t done, std::size_t total)>;

// The document as PDF bytes. Errors: kInternal when Cairo, Pango or librsvg fail (a chart's SVG
// that does not parse is one), kInvalidArgument for a photo over 20000 px.
Result<std::vector<std::uint8_t>> RenderPdf(const Document& document,
                                            const Progress& progress = {});

}  // namespace tricholog::report

#endif  // TRICHOLOG_REPORT_DOCUMENT_H_
