#include "report/pdf_writer.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace tricholog::report {
namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double kMargin = 16 * kPointsPerMm;
constexpr double kHeaderBand = 9 * kPointsPerMm;  // above the content: the running header
constexpr double kFooterBand = 10 * kPointsPerMm;
constexpr double kCellPadding = 2.5;
constexpr double kPhotoGap = 6;
constexpr const char* kFamily = "DejaVu Sans";

struct StyleSpec {
  double size;
  bool bold;
  double space_before;
  double space_after;
  std::uint32_t rgb;
};

StyleSpec SpecOf(TextStyle style) {
  switch (style) {
    case TextStyle::kTitle:
      return {17, true, 0, 6, 0x111111};
    case TextStyle::kHeading:
      return {12.5, true, 10, 4, 0x0B3D66};
    case TextStyle::kSubheading:
      return {10.5, true, 6, 2, 0x222222};
    case TextStyle::kBody:
      return {9.2, false, 0, 4, 0x1A1A1A};
    case TextStyle::kStrong:
      return {9.2, true, 0, 4, 0x1A1A1A};
    case TextStyle::kSmall:
      return {7.8, false, 0, 3, 0x444444};
    case TextStyle::kVerdict:
      return {13, true, 0, 2, 0x111111};
  }
  return {9.2, false, 0, 4, 0x1A1A1A};
}

void SetRgb(cairo_t* cr, std::uint32_t rgb, double alpha = 1) {
  cairo_set_source_rgba(cr, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0,
                        (rgb & 0xFF) / 255.0, alpha);
}

cairo_status_t AppendBytes(void* closure, const unsigned char* data, unsigned int length) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(closure);
  out->insert(out->end(), data, data + length);
  return CAIRO_STATUS_SUCCESS;
}

// An owned PangoLayout.
struct LayoutDeleter {
  void operator()(PangoLayout* layout) const { g_object_unref(layout); }
};
using Layout = std::unique_ptr<PangoLayout, LayoutDeleter>;

}  // namespace

std::string_view PaperName(Paper paper) { return paper == Paper::kA4 ? "a4" : "letter"; }

Result<Paper> ParsePaper(std::string_view name, std::string_view field) {
  if (name == "a4") return Paper::kA4;
  if (name == "letter") return Paper::kLetter;
  return InvalidArgument(std::string(field),
                         fmt::format("{} is not a paper size; allowed a4 or letter", Quote(name)));
}

std::string EscapeMarkup(std::string_view text) {
  char* escaped = g_markup_escape_text(text.data(), static_cast<gssize>(text.size()));
  std::string out(escaped);
  g_free(escaped);
  return out;
}

struct PdfWriter::Impl {
  std::vector<std::uint8_t> bytes;
  cairo_surface_t* surface = nullptr;
  cairo_t* cr = nullptr;
  double page_width = 0;
  double page_height = 0;
  double y = 0;  // the cursor, in points from the top of the page
  bool page_open = false;
  std::string header;
  std::string footer;
  // Pixel buffers for the photo surfaces: never read for output (the PDF takes each photo's JPEG
  // bytes), but Cairo wants an image surface of the photo's size to carry them. One zeroed buffer
  // per size class, kept until the document is finished.
  std::vector<std::unique_ptr<std::uint8_t[]>> pixel_buffers;
  std::size_t largest_buffer = 0;

  ~Impl() {
    if (cr != nullptr) cairo_destroy(cr);
    if (surface != nullptr) cairo_surface_destroy(surface);
  }

  double Left() const { return kMargin; }
  double Width() const { return page_width - 2 * kMargin; }
  double Top() const { return kMargin + kHeaderBand; }
  double Bottom() const { return page_height - kMargin - kFooterBand; }

  Layout MakeLayout(TextStyle style, double width, PangoAlignment align = PANGO_ALIGN_LEFT) const {
    const StyleSpec spec = SpecOf(style);
    return MakeLayout(spec.size, spec.bold, width, align);
  }
  Layout MakeLayout(double size, bool bold, double width,
                    PangoAlignment align = PANGO_ALIGN_LEFT) const {
    Layout layout(pango_cairo_create_layout(cr));
    PangoFontDescription* font = pango_font_description_new();
    pango_font_description_set_family(font, kFamily);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_layout_set_font_description(layout.get(), font);
    pango_font_description_free(font);
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), align);
    return layout;
  }

  static double HeightOf(PangoLayout* layout) {
    int w = 0;
    int h = 0;
    pango_layout_get_size(layout, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  void DrawAt(PangoLayout* layout, double x, double top, std::uint32_t rgb) {
    SetRgb(cr, rgb);
    cairo_move_to(cr, x, top);
    pango_cairo_show_layout(cr, layout);
  }

  // A pixel buffer at least `size` bytes long, zeroed.
  std::uint8_t* PixelBuffer(std::size_t size) {
    if (size > largest_buffer || pixel_buffers.empty()) {
      pixel_buffers.push_back(std::make_unique<std::uint8_t[]>(size));
      std::memset(pixel_buffers.back().get(), 0, size);
      largest_buffer = size;
    }
    return pixel_buffers.back().get();
  }
};

PdfWriter::PdfWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PdfWriter::~PdfWriter() = default;

Result<std::unique_ptr<PdfWriter>> PdfWriter::Create(Paper paper, const PdfMetadata& metadata,
                                                     std::string running_header,
                                                     std::string footer_note) {
  auto impl = std::make_unique<Impl>();
  // A4 210 × 297 mm; US Letter 8.5 × 11 in.
  impl->page_width = paper == Paper::kA4 ? 210 * kPointsPerMm : 8.5 * 72;
  impl->page_height = paper == Paper::kA4 ? 297 * kPointsPerMm : 11 * 72;
  impl->surface = cairo_pdf_surface_create_for_stream(AppendBytes, &impl->bytes, impl->page_width,
                                                      impl->page_height);
  if (cairo_surface_status(impl->surface) != CAIRO_STATUS_SUCCESS) {
    return MakeError(ErrorCode::kInternal,
                     std::string("cannot start the PDF: ") +
                         cairo_status_to_string(cairo_surface_status(impl->surface)));
  }
  cairo_pdf_surface_restrict_to_version(impl->surface, CAIRO_PDF_VERSION_1_5);
  auto set = [&](cairo_pdf_metadata_t key, const std::string& value) {
    if (!value.empty()) cairo_pdf_surface_set_metadata(impl->surface, key, value.c_str());
  };
  set(CAIRO_PDF_METADATA_TITLE, metadata.title);
  set(CAIRO_PDF_METADATA_AUTHOR, metadata.author);
  set(CAIRO_PDF_METADATA_SUBJECT, metadata.subject);
  set(CAIRO_PDF_METADATA_KEYWORDS, metadata.keywords);
  set(CAIRO_PDF_METADATA_CREATOR, metadata.creator);
  set(CAIRO_PDF_METADATA_CREATE_DATE, metadata.created);
  set(CAIRO_PDF_METADATA_MOD_DATE, metadata.created);
  impl->cr = cairo_create(impl->surface);
  impl->header = std::move(running_header);
  impl->footer = std::move(footer_note);
  return std::unique_ptr<PdfWriter>(new PdfWriter(std::move(impl)));
}

double PdfWriter::ContentWidth() const { return impl_->Width(); }

void PdfWriter::BeginPage() {
  Impl& d = *impl_;
  ++page_;
  d.page_open = true;
  const double top = kMargin;
  Layout header = d.MakeLayout(7.5, false, d.Width());
  pango_layout_set_text(header.get(), d.header.c_str(), -1);
  pango_layout_set_ellipsize(header.get(), PANGO_ELLIPSIZE_END);
  d.DrawAt(header.get(), d.Left(), top, 0x555555);
  SetRgb(d.cr, 0xBBBBBB);
  cairo_set_line_width(d.cr, 0.5);
  cairo_move_to(d.cr, d.Left(), top + kHeaderBand - 4);
  cairo_line_to(d.cr, d.Left() + d.Width(), top + kHeaderBand - 4);
  cairo_stroke(d.cr);
  d.y = d.Top();
}

void PdfWriter::EndPage() {
  Impl& d = *impl_;
  if (!d.page_open) return;
  const double base = d.page_height - kMargin - 10;
  Layout note = d.MakeLayout(7.2, false, d.Width() * 0.8);
  pango_layout_set_text(note.get(), d.footer.c_str(), -1);
  d.DrawAt(note.get(), d.Left(), base, 0x555555);
  Layout number = d.MakeLayout(7.2, false, d.Width() * 0.2, PANGO_ALIGN_RIGHT);
  const std::string text = fmt::format("Page {}", page_);
  pango_layout_set_text(number.get(), text.c_str(), -1);
  d.DrawAt(number.get(), d.Left() + d.Width() * 0.8, base, 0x555555);
  cairo_show_page(d.cr);
  d.page_open = false;
}

void PdfWriter::StartPageIfNeeded() {
  if (!impl_->page_open) BeginPage();
}

void PdfWriter::NewPage() {
  if (impl_->page_open && impl_->y <= impl_->Top() + 0.5) return;  // already at the top
  EndPage();
  BeginPage();
}

void PdfWriter::KeepTogether(double points) {
  StartPageIfNeeded();
  if (impl_->y + points > impl_->Bottom() && impl_->y > impl_->Top() + 0.5) NewPage();
}

void PdfWriter::Space(double points) {
  StartPageIfNeeded();
  impl_->y = std::min(impl_->y + points, impl_->Bottom());
}

namespace {

// Draws `layout` from the cursor down, line by line, starting a new page when a line does not
// fit. Returns nothing; moves the cursor below the last line.
template <typename NewPageFn>
void FlowLayout(cairo_t* cr, PangoLayout* layout, double x, double& y, double top, double bottom,
                NewPageFn new_page) {
  PangoLayoutIter* it = pango_layout_get_iter(layout);
  double offset = y;  // the page position of the layout's top
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, nullptr, &logical);
    const double line_top = static_cast<double>(logical.y) / PANGO_SCALE;
    const double line_bottom = static_cast<double>(logical.y + logical.height) / PANGO_SCALE;
    if (offset + line_bottom > bottom && offset + line_top > top + 0.5) {
      new_page();
      offset = y - line_top;
    }
    const double baseline = static_cast<double>(pango_layout_iter_get_baseline(it)) / PANGO_SCALE;
    cairo_move_to(cr, x + static_cast<double>(logical.x) / PANGO_SCALE, offset + baseline);
    pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(it));
    y = offset + line_bottom;
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
}

}  // namespace

void PdfWriter::Markup(std::string_view markup, TextStyle style) {
  StartPageIfNeeded();
  Impl& d = *impl_;
  const StyleSpec spec = SpecOf(style);
  if (d.y > d.Top() + 0.5) d.y += spec.space_before;
  Layout layout = d.MakeLayout(style, d.Width());
  pango_layout_set_markup(layout.get(), markup.data(), static_cast<int>(markup.size()));
  // A heading keeps at least its own height and two body lines with it.
  if (style == TextStyle::kHeading || style == TextStyle::kSubheading) {
    KeepTogether(Impl::HeightOf(layout.get()) + 30);
  }
  if (style == TextStyle::kHeading) {
    // The section as a bookmark in the PDF outline.
    const std::string text(pango_layout_get_text(layout.get()));
    const std::string link = fmt::format("page={} pos=[{:.1f} {:.1f}]", page_, d.Left(), d.y);
    cairo_pdf_surface_add_outline(d.surface, CAIRO_PDF_OUTLINE_ROOT, text.c_str(), link.c_str(),
                                  CAIRO_PDF_OUTLINE_FLAG_OPEN);
  }
  SetRgb(d.cr, spec.rgb);
  FlowLayout(d.cr, layout.get(), d.Left(), d.y, d.Top(), d.Bottom(), [&] {
    NewPage();
    SetRgb(d.cr, spec.rgb);
  });
  d.y += spec.space_after;
}

void PdfWriter::Text(std::string_view text, TextStyle style) { Markup(EscapeMarkup(text), style); }

void PdfWriter::Fact(std::string_view label, std::string_view value) {
  StartPageIfNeeded();
  Impl& d = *impl_;
  const double label_width = d.Width() * 0.30;
  Layout l = d.MakeLayout(TextStyle::kSmall, label_width - 6);
  Layout v = d.MakeLayout(TextStyle::kBody, d.Width() - label_width);
  const std::string label_text(label);
  const std::string value_text(value);
  pango_layout_set_text(l.get(), label_text.c_str(), -1);
  pango_layout_set_text(v.get(), value_text.c_str(), -1);
  const double h = std::max(Impl::HeightOf(l.get()) + 1.2, Impl::HeightOf(v.get()));
  KeepTogether(h);
  d.DrawAt(l.get(), d.Left(), d.y + 1.2, 0x555555);
  d.DrawAt(v.get(), d.Left() + label_width, d.y, 0x1A1A1A);
  d.y += h + 2.5;
}

void PdfWriter::Callout(std::string_view title, std::string_view body, std::uint32_t rgb) {
  StartPageIfNeeded();
  Impl& d = *impl_;
  const double pad = 6;
  const double rule = 3.5;
  const double inner = d.Width() - rule - 2 * pad;
  Layout t = d.MakeLayout(TextStyle::kVerdict, inner);
  Layout b = d.MakeLayout(TextStyle::kBody, inner);
  const std::string title_text(title);
  const std::string body_text(body);
  pango_layout_set_text(t.get(), title_text.c_str(), -1);
  pango_layout_set_text(b.get(), body_text.c_str(), -1);
  const double th = Impl::HeightOf(t.get());
  const double bh = body.empty() ? 0 : Impl::HeightOf(b.get()) + 2;
  const double h = th + bh + 2 * pad;
  KeepTogether(h);
  SetRgb(d.cr, rgb, 0.09);
  cairo_rectangle(d.cr, d.Left(), d.y, d.Width(), h);
  cairo_fill(d.cr);
  SetRgb(d.cr, rgb);
  cairo_rectangle(d.cr, d.Left(), d.y, rule, h);
  cairo_fill(d.cr);
  d.DrawAt(t.get(), d.Left() + rule + pad, d.y + pad, 0x111111);
  if (!body.empty()) d.DrawAt(b.get(), d.Left() + rule + pad, d.y + pad + th + 2, 0x1A1A1A);
  d.y += h + 6;
}

void PdfWriter::Table(const report::Table& table) {
  StartPageIfNeeded();
  Impl& d = *impl_;
  if (table.columns.empty()) return;
  double total = 0;
  for (const auto& c : table.columns) total += std::max(0.01, c.width);
  std::vector<double> widths;
  for (const auto& c : table.columns) widths.push_back(d.Width() * std::max(0.01, c.width) / total);
  constexpr double kSize = 8.2;

  auto layouts_of = [&](const std::vector<std::string>& cells, bool bold) {
    std::vector<Layout> out;
    double height = 0;
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      Layout l = d.MakeLayout(kSize, bold, widths[i] - 2 * kCellPadding,
                              table.columns[i].numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
      const std::string text = i < cells.size() ? cells[i] : std::string();
      pango_layout_set_text(l.get(), text.c_str(), -1);
      height = std::max(height, Impl::HeightOf(l.get()));
      out.push_back(std::move(l));
    }
    return std::pair{std::move(out), height + 2 * kCellPadding};
  };
  std::vector<std::string> header_cells;
  for (const auto& c : table.columns) header_cells.push_back(c.header);

  auto draw_row = [&](std::vector<Layout>& cells, double height, std::uint32_t fill, bool rule) {
    if (fill != 0xFFFFFF) {
      SetRgb(d.cr, fill);
      cairo_rectangle(d.cr, d.Left(), d.y, d.Width(), height);
      cairo_fill(d.cr);
    }
    double x = d.Left();
    for (std::size_t i = 0; i < cells.size(); ++i) {
      d.DrawAt(cells[i].get(), x + kCellPadding, d.y + kCellPadding, 0x1A1A1A);
      x += widths[i];
    }
    d.y += height;
    if (rule) {
      SetRgb(d.cr, 0x777777);
      cairo_set_line_width(d.cr, 0.6);
      cairo_move_to(d.cr, d.Left(), d.y);
      cairo_line_to(d.cr, d.Left() + d.Width(), d.y);
      cairo_stroke(d.cr);
    }
  };
  auto draw_header = [&] {
    auto [cells, height] = layouts_of(header_cells, true);
    draw_row(cells, height, 0xE8EEF4, true);
  };
  {
    auto [first, first_height] =
        layouts_of(table.rows.empty() ? std::vector<std::string>{} : table.rows.front(), false);
    auto [header, header_height] = layouts_of(header_cells, true);
    KeepTogether(header_height + first_height);
  }
  draw_header();
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    auto [cells, height] = layouts_of(table.rows[r], false);
    if (d.y + height > d.Bottom()) {
      NewPage();
      draw_header();
    }
    draw_row(cells, height, r % 2 == 1 ? 0xF4F4F4 : 0xFFFFFF, false);
  }
  d.y += 6;
}

Result<void> PdfWriter::Svg(std::string_view svg, double width_fraction) {
  StartPageIfNeeded();
  Impl& d = *impl_;
  GError* error = nullptr;
  RsvgHandle* handle = rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()),
                                                 static_cast<gsize>(svg.size()), &error);
  if (handle == nullptr) {
    std::string message = error != nullptr ? error->message : "unknown error";
    if (error != nullptr) g_error_free(error);
    return MakeError(ErrorCode::kInternal, "a chart's SVG does not parse: " + message);
  }
  double w = 0;
  double h = 0;
  if (!rsvg_handle_get_intrinsic_size_in_pixels(handle, &w, &h) || w <= 0 || h <= 0) {
    g_object_unref(handle);
    return MakeError(ErrorCode::kInternal, "a chart's SVG has no width and height");
  }
  const double width = d.Width() * std::clamp(width_fraction, 0.1, 1.0);
  const double height = width * h / w;
  KeepTogether(height);
  RsvgRectangle viewport{d.Left(), d.y, width, height};
  const bool ok = rsvg_handle_render_document(handle, d.cr, &viewport, &error);
  g_object_unref(handle);
  if (!ok) {
    std::string message = error != nullptr ? error->message : "unknown error";
    if (error != nullptr) g_error_free(error);
    return MakeError(ErrorCode::kInternal, "a chart cannot be drawn: " + message);
  }
  d.y += height + 6;
  return {};
}

Result<void> PdfWriter::PhotoRow(const std::vector<PhotoCell>& cells, int columns) {
  StartPageIfNeeded();
  Impl& d = *impl_;
  columns = std::max(1, columns);
  const double cell_width = (d.Width() - (columns - 1) * kPhotoGap) / columns;
  const double box_height = cell_width * 0.75;
  std::size_t caption_lines = 0;
  for (const auto& c : cells) caption_lines = std::max(caption_lines, c.caption.size());
  const double caption_height = static_cast<double>(caption_lines) * 9.6 + 2;
  KeepTogether(box_height + caption_height);
  for (std::size_t i = 0; i < cells.size() && i < static_cast<std::size_t>(columns); ++i) {
    const PhotoCell& cell = cells[i];
    const double x0 = d.Left() + static_cast<double>(i) * (cell_width + kPhotoGap);
    SetRgb(d.cr, 0xEEEEEE);
    cairo_rectangle(d.cr, x0, d.y, cell_width, box_height);
    cairo_fill(d.cr);
    if (cell.width_px <= 0 || cell.height_px <= 0 || !cell.jpeg || cell.jpeg->empty()) continue;
    if (cell.width_px > 20000 || cell.height_px > 20000) {
      return InvalidArgument("photo", "a photo for the report is larger than 20000 px");
    }
    const double scale = std::min(cell_width / cell.width_px, box_height / cell.height_px);
    const double draw_w = cell.width_px * scale;
    const double draw_h = cell.height_px * scale;
    const double ix = x0 + (cell_width - draw_w) / 2;
    const double iy = d.y + (box_height - draw_h) / 2;

    const int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, cell.width_px);
    std::uint8_t* pixels =
        d.PixelBuffer(static_cast<std::size_t>(stride) * static_cast<std::size_t>(cell.height_px));
    cairo_surface_t* image = cairo_image_surface_create_for_data(
        pixels, CAIRO_FORMAT_RGB24, cell.width_px, cell.height_px, stride);
    // Cairo frees its copy of the bytes with the surface, after the page is written.
    auto* copy = static_cast<unsigned char*>(std::malloc(cell.jpeg->size()));
    if (copy == nullptr) {
      cairo_surface_destroy(image);
      return MakeError(ErrorCode::kInternal, "out of memory for a report photo");
    }
    std::memcpy(copy, cell.jpeg->data(), cell.jpeg->size());
    cairo_surface_set_mime_data(image, CAIRO_MIME_TYPE_JPEG, copy, cell.jpeg->size(), std::free,
                                copy);
    cairo_save(d.cr);
    cairo_translate(d.cr, ix, iy);
    cairo_scale(d.cr, scale, scale);
    cairo_set_source_surface(d.cr, image, 0, 0);
    cairo_rectangle(d.cr, 0, 0, cell.width_px, cell.height_px);
    cairo_fill(d.cr);
    cairo_restore(d.cr);
    cairo_surface_destroy(image);

    // The outlines, white under vermilion (Okabe–Ito #D55E00) so they read on dark and fair hair.
    for (const auto& [width, rgb] : {std::pair{2.0, 0xFFFFFFu}, std::pair{0.9, 0xD55E00u}}) {
      for (const Polygon& polygon : cell.outlines) {
        if (polygon.size() < 3) continue;
        cairo_move_to(d.cr, ix + polygon[0].first * draw_w, iy + polygon[0].second * draw_h);
        for (std::size_t k = 1; k < polygon.size(); ++k) {
          cairo_line_to(d.cr, ix + polygon[k].first * draw_w, iy + polygon[k].second * draw_h);
        }
        cairo_close_path(d.cr);
      }
      SetRgb(d.cr, rgb, rgb == 0xFFFFFFu ? 0.75 : 1.0);
      cairo_set_line_width(d.cr, width);
      cairo_set_line_join(d.cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke(d.cr);
    }
    double cy = d.y + box_height + 2;
    for (std::size_t k = 0; k < cell.caption.size(); ++k) {
      Layout line = d.MakeLayout(7.4, k == 0, cell_width);
      pango_layout_set_text(line.get(), cell.caption[k].c_str(), -1);
      pango_layout_set_ellipsize(line.get(), PANGO_ELLIPSIZE_END);
      d.DrawAt(line.get(), x0, cy, k == 0 ? 0x1A1A1A : 0x444444);
      cy += 9.6;
    }
  }
  d.y += box_height + caption_height + 6;
  return {};
}

Result<std::vector<std::uint8_t>> PdfWriter::Finish() {
  StartPageIfNeeded();
  EndPage();
  cairo_destroy(impl_->cr);
  impl_->cr = nullptr;
  cairo_surface_finish(impl_->surface);
  const cairo_status_t status = cairo_surface_status(impl_->surface);
  cairo_surface_destroy(impl_->surface);
  impl_->surface = nullptr;
  if (status != CAIRO_STATUS_SUCCESS) {
    return MakeError(ErrorCode::kInternal,
                     std::string("cannot finish the PDF: ") + cairo_status_to_string(status));
  }
  return std::move(impl_->bytes);
}

}  // namespace tricholog::report
