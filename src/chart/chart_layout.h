// The geometry of a chart before it is drawn: margins, the plot rectangle, the week and value
// domains and tick steps, where the labels above the plot go and the lines of the key. Internal to
// the SVG renderer (chart_svg.cc); kept apart so that drawing and placing stay small.
#ifndef TRICHOLOG_CHART_CHART_LAYOUT_H_
#define TRICHOLOG_CHART_CHART_LAYOUT_H_

#include <string>
#include <string_view>
#include <vector>

#include "chart/chart_model.h"
#include "chart/chart_svg.h"

namespace tricholog::chart {

inline constexpr double kTickFont = 11;
inline constexpr double kSmallFont = 10;

// Approximate advance of a label in the system sans-serif, to keep labels from overlapping.
double TextWidth(std::string_view text, double font_size);

// A label in the rows above the plot: lane 0 is the row of the event markers, lane 1 the line
// under it, used when a label in lane 0 would run over another label or marker.
struct TopLabel {
  double x;
  std::string text;
  std::string_view anchor;  // "start" or "middle"
  int lane = 0;
};

// Where things go, in pixels.
struct Layout {
  double width = 0, height = 0;
  double plot_left = 0, plot_top = 0, plot_right = 0, plot_bottom = 0;
  double title_y = 0, caption_y = 0, phase_row_y = 0, event_row_y = 0;
  double week_row_y = 0;
  std::vector<TopLabel> top_labels;  // decision-week and event labels above the plot
  std::vector<std::string> key_lines;
  double key_y = 0;
  double x_min = 0, x_max = 1;  // weeks
  double y_min = 0, y_max = 1;  // values
  double week_step = 4, value_step = 10;

  double X(double week) const {
    return plot_left + (week - x_min) / (x_max - x_min) * (plot_right - plot_left);
  }
  double Y(double value) const {
    return plot_bottom - (value - y_min) / (y_max - y_min) * (plot_bottom - plot_top);
  }
};

// Lays out `spec` at options.width_px (and height_px when set). Expects a validated spec.
Layout ComputeLayout(const ChartSpec& spec, const RenderOptions& options);

}  // namespace tricholog::chart

#endif  // TRICHOLOG_CHART_CHART_LAYOUT_H_
