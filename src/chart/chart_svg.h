// Draws a ChartSpec as SVG text: x in weeks on treatment with dates under the ticks, y with
// round-number ticks, phase bands, decision-week lines, dashed threshold lines labelled at their
// end, points with uncertainty whiskers, hollow points left out of the trend line, treatment
// events as markers above the plot, and direct labels instead of a legend.
//
// The output uses presentation attributes only (no <style>, no script, no external reference), so
// it can be inlined into a page under a strict Content-Security-Policy and rendered by librsvg
// into the PDF report. Every text is XML-escaped (markup.h).
#ifndef TRICHOLOG_CHART_CHART_SVG_H_
#define TRICHOLOG_CHART_CHART_SVG_H_

#include <string>
#include <vector>

#include "chart/chart_model.h"
#include "core/error.h"

namespace tricholog::chart {

inline constexpr int kMinWidthPx = 240;
inline constexpr int kMaxWidthPx = 4000;

struct RenderOptions {
  // Width of the drawing in CSS pixels (kMinWidthPx to kMaxWidthPx). The height follows from it
  // unless height_px is set. Narrow charts get fewer ticks: 360 for a phone, 1280 for a desktop,
  // about 680 for the text width of an A4 page at 96 dpi.
  int width_px = 640;
  int height_px = 0;  // 0: from the width; else 160 to 3000
  // Prefix of the element ids (title, desc, clip path); must be unique on a page.
  // Letters, digits, '-' and '_', starting with a letter, at most 64 characters.
  std::string id = "chart";
  // Draw spec.title as a heading inside the SVG (off when the page shows its own heading).
  bool show_title = true;
};

// The SVG document (one <svg> element, no XML declaration) for `spec`. Fails with
// kInvalidArgument naming the field when ValidateChart fails or an option is out of range.
Result<std::string> RenderSvg(const ChartSpec& spec, const RenderOptions& options = {});

// The spacing of week ticks: the smallest of 1, 2, 4, 8, 12, 26, 52, 104, 208 weeks whose ticks
// are at least kMinWeekTickSpacingPx apart on a plot `plot_width_px` wide showing `span_weeks`.
inline constexpr double kMinWeekTickSpacingPx = 52;
double WeekTickStep(double span_weeks, double plot_width_px);

// The spacing of value ticks: a round number (1, 2, 2.5 or 5 times a power of ten) giving at most
// one tick per 28 px of `plot_height_px` over [min, max].
double ValueTickStep(double min, double max, double plot_height_px);

}  // namespace tricholog::chart

#endif  // TRICHOLOG_CHART_CHART_SVG_H_
