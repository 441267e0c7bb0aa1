#include "report/document.h"

namespace tricholog::report {
namespace {

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace

Result<std::vector<std::uint8_t>> RenderPdf(const Document& document, const Progress& progress) {
  auto writer = PdfWriter::Create(document.paper, document.metadata, document.running_header,
                                  document.footer_note);
  if (!writer) return tl::unexpected(writer.error());
  PdfWriter& w = **writer;
  std::size_t done = 0;
  for (const Block& block : document.blocks) {
    Result<void> drawn = std::visit(
        Overloaded{
            [&](const TextBlock& b) -> Result<void> {
              w.Text(b.text, b.style);
              return {};
            },
            [&](const FactBlock& b) -> Result<void> {
              w.Fact(b.label, b.value);
              return {};
            },
            [&](const CalloutBlock& b) -> Result<void> {
              w.Callout(b.title, b.body, b.rgb);
              return {};
            },
            [&](const Table& b) -> Result<void> {
              w.Table(b);
              return {};
            },
            [&](const ChartBlock& b) -> Result<void> { return w.Svg(b.svg, b.width_fraction); },
            [&](const PhotoRowBlock& b) -> Result<void> { return w.PhotoRow(b.cells, b.columns); },
            [&](const PageBreakBlock&) -> Result<void> {
              w.NewPage();
              return {};
            },
            [&](const SpaceBlock& b) -> Result<void> {
              w.Space(b.points);
              return {};
            },
        },
        block);
    if (!drawn) return tl::unexpected(drawn.error());
    ++done;
    if (progress) progress(done, document.blocks.size());
  }
  return w.Finish();
}

}  // namespace tricholog::report
