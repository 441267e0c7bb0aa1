// The chart model: what a time chart of one measure shows, as plain values, before it is drawn.
// One model serves the web pages (SVG inline), the PDF report (the same SVG through librsvg and
// Cairo) and the text equivalent for screen readers and pdftotext (chart_text.h).
//
// Time is weeks on treatment: a point's x is (date − start_date) in days / 7, so a baseline
// taken before the first dose sits left of week 0. How it should look: design/UI.md, "Charts".
#ifndef TRICHOLOG_CHART_CHART_MODEL_H_
#define TRICHOLOG_CHART_CHART_MODEL_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"

namespace tricholog::chart {

// Whether a point counts. Only kMeasured points are joined by the trend line; the others are
// drawn hollow so the reader sees they exist but were not used.
enum class PointState {
  kMeasured,
  kExcludedByQuality,     // the photo set failed the capture quality gate
  kAwaitingConfirmation,  // the analysis awaits the patient's or physician's confirmation
};
// "measured", "excluded_by_quality", "awaiting_confirmation".
std::string_view PointStateName(PointState state);

struct ChartPoint {
  Date date;
  double value = 0;
  // Ends of the uncertainty whisker, in the value's units; both or neither.
  std::optional<double> lower;
  std::optional<double> upper;
  PointState state = PointState::kMeasured;
};

// One line of points. Series i is drawn with style i (colour, marker shape and dash pattern
// together, so it reads in greyscale). With more than one series each gets a direct label at its
// last point instead of a legend.
struct Series {
  std::string label;
  std::vector<ChartPoint> points;
};

enum class EventKind { kStart, kStop, kDoseChange };
// "start", "stop", "dose_change".
std::string_view EventKindName(EventKind kind);
Result<EventKind> ParseEventKind(std::string_view name, std::string_view field);

// A treatment start, stop or dose change, drawn as a marker above the plot (▼ start, ■ stop,
// ◆ dose change) with its label where there is room.
struct TreatmentEvent {
  Date date;
  EventKind kind = EventKind::kStart;
  std::string label;
};

// A timeline phase, drawn as a light band with its name above the plot. `short_name` is used
// when `name` does not fit (narrow charts); the name is dropped when neither fits.
struct PhaseBand {
  std::string name;
  std::string short_name;
  double start_week = 0;
  std::optional<double> end_week;  // empty: open to the right edge
};

enum class LineStyle {
  kThreshold,  // dashed: a clinical threshold (SALT 20, EASI-75, itch −4)
  kReference,  // dotted: a reference such as the baseline
};

// A horizontal line across the plot with its label at the right end.
struct ReferenceLine {
  double value = 0;
  std::string label;
  LineStyle style = LineStyle::kThreshold;
};

struct YAxis {
  double min = 0;  // the fixed domain; every value, whisker end and line must lie inside it
  double max = 100;
  std::string caption;  // shown above the plot, e.g. "SALT: % of scalp without hair"
  std::string unit;     // after values in text, e.g. "hairs/cm²"; may be empty
  int decimals = 0;     // digits after the point for values in labels and text (0–2)
};

struct ChartSpec {
  std::string title;    // the <title>, and the visible heading when RenderOptions asks
  std::string summary;  // one or two sentences saying what the chart shows (the <desc>)
  Date start_date;      // week 0
  YAxis y;
  std::vector<Series> series;
  std::vector<PhaseBand> phases;
  std::vector<int> decision_weeks;  // drawn as thin vertical lines labelled "wk N"
  std::vector<ReferenceLine> lines;
  std::vector<TreatmentEvent> events;
  // What the whiskers mean, e.g. "± 1 SEM (3.6 points)"; shown in the key and the text.
  std::string uncertainty_note;
};

// Limits a chart must keep (the renderer is also reached from API input).
inline constexpr int kMaxSeries = 6;
inline constexpr int kMaxPointsPerSeries = 2000;
inline constexpr int kMaxEvents = 200;
inline constexpr int kMaxPhases = 12;
inline constexpr int kMaxDecisionWeeks = 20;
inline constexpr int kMaxLines = 8;
inline constexpr std::size_t kMaxLabelBytes = 200;
// Points, events and lines must lie within this many weeks of start_date.
inline constexpr int kMinWeek = -104;
inline constexpr int kMaxWeek = 1040;

// Checks a spec before drawing: every number finite (NaN and ±inf are refused) and inside the
// y domain, whiskers around their value, weeks within [kMinWeek, kMaxWeek], phases with
// start < end, labels within kMaxLabelBytes, counts within the limits above. Errors are
// kInvalidArgument naming the field by path ("series[0].points[3].value", "lines[1].value").
Result<void> ValidateChart(const ChartSpec& spec);

// Weeks on treatment of `date` (fractional): (date − start) in days / 7.
double WeeksOnTreatment(Date start, Date date);

// "3 Mar 2026", the date form of the pages (design/UI.md, "Numbers").
std::string DisplayDate(Date date);

// `value` with `decimals` digits after the point, never "-0".
std::string FormatValue(double value, int decimals);

}  // namespace tricholog::chart

#endif  // TRICHOLOG_CHART_CHART_MODEL_H_
