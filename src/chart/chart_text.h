// The text equivalent of a chart (design/UI.md: "Every chart has a text equivalent"): a sentence
// for the SVG's <desc> and a figure caption, and the data as an HTML table (pages) or as plain
// lines (the PDF report, so that pdftotext finds every value). Made from the same ChartSpec as
// the drawing, so the two cannot disagree.
#ifndef TRICHOLOG_CHART_CHART_TEXT_H_
#define TRICHOLOG_CHART_CHART_TEXT_H_

#include <string>

#include "chart/chart_model.h"
#include "chart/chart_svg.h"
#include "core/error.h"

namespace tricholog::chart {

// spec.summary followed by what the chart draws: for each series its counted points, first and
// latest value with week and date, how many points are not counted and why; each threshold
// line with its value. Plain text (not escaped).
std::string DescribeChart(const ChartSpec& spec);

// One line per point, in date order: "Week 12 (31 Mar 2025): 44 ±3.6 points, counted" (with the
// series label first when there are several), then the lines and events. Plain text.
std::string ChartDataText(const ChartSpec& spec);

// The same data as an escaped HTML <table> with a <caption>, header cells with scope, one row
// per point (columns: series when several, week, date, value, range, status).
std::string ChartDataTableHtml(const ChartSpec& spec);

// A <figure> holding the SVG, a <figcaption> with DescribeChart and the data table in a
// <details> element: what a page inlines. Fails as RenderSvg does.
Result<std::string> RenderFigureHtml(const ChartSpec& spec, const RenderOptions& options);

}  // namespace tricholog::chart

#endif  // TRICHOLOG_CHART_CHART_TEXT_H_
