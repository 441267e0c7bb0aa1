#include "chart/chart_layout.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "chart/markup.h"

namespace tricholog::chart {
namespace {

struct WeekRange {
  double lo = 0, hi = 12;
};

// From the first point (or week 0, whichever is earlier) to the last point, extended to the next
// decision week so the reader sees the coming judgement, and to the last event.
WeekRange ComputeWeekRange(const ChartSpec& spec) {
  double lo = 0, hi_data = 0;
  bool any = false;
  for (const Series& s : spec.series) {
    for (const ChartPoint& p : s.points) {
      const double w = WeeksOnTreatment(spec.start_date, p.date);
      lo = std::min(lo, std::floor(w));
      hi_data = any ? std::max(hi_data, w) : std::max(0.0, w);
      any = true;
    }
  }
  for (const TreatmentEvent& e : spec.events) {
    const double w = WeeksOnTreatment(spec.start_date, e.date);
    lo = std::min(lo, std::floor(w));
    hi_data = std::max(hi_data, w);
  }
  double hi = std::ceil(hi_data);
  for (int week : spec.decision_weeks) {
    if (week >= hi_data) {
      hi = std::max(hi, static_cast<double>(week));
      break;
    }
  }
  hi = std::max(hi, lo + 12);
  const double pad = (hi - lo) * 0.03;
  return {lo - (lo < 0 ? pad : 0), hi + pad};
}

std::string Wrap(std::string_view text, double width, double font_size,
                 std::vector<std::string>* lines) {
  std::string line;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(start, end - start);
    const std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
    if (!line.empty() && TextWidth(candidate, font_size) > width) {
      lines->push_back(line);
      line = std::string(word);
    } else {
      line = candidate;
    }
    start = end + 1;
  }
  return line;
}

bool HasHollow(const ChartSpec& spec) {
  for (const Series& s : spec.series) {
    for (const ChartPoint& p : s.points) {
      if (p.state != PointState::kMeasured) return true;
    }
  }
  return false;
}

bool HasWhiskers(const ChartSpec& spec) {
  for (const Series& s : spec.series) {
    for (const ChartPoint& p : s.points) {
      if (p.lower) return true;
    }
  }
  return false;
}

std::vector<std::string> KeyLines(const ChartSpec& spec, double width) {
  std::string key;
  if (HasWhiskers(spec)) {
    key += "Whiskers: " + (spec.uncertainty_note.empty() ? "uncertainty" : spec.uncertainty_note) +
           ".";
  }
  if (HasHollow(spec)) {
    key += std::string(key.empty() ? "" : " ") +
           "Hollow points are not counted and not joined by the line (failed the photo quality "
           "check, or awaiting confirmation).";
  }
  std::vector<std::string> lines;
  if (key.empty()) return lines;
  std::string last = Wrap(key, width, kSmallFont, &lines);
  if (!last.empty()) lines.push_back(last);
  return lines;
}

// Places decision-week labels ("wk 16", centred on their line, lane 0 only) and event labels
// (right of their marker; lane 1 when lane 0 is taken). A label that fits nowhere is left out;
// the text equivalent still has it.
std::vector<TopLabel> PlaceTopLabels(const ChartSpec& spec, const Layout& l) {
  std::vector<TopLabel> wanted;
  std::vector<double> markers;
  for (int week : spec.decision_weeks) {
    if (week >= l.x_min && week <= l.x_max) {
      wanted.push_back({l.X(week), fmt::format("wk {}", week), "middle"});
    }
  }
  for (const TreatmentEvent& e : spec.events) {
    const double x = l.X(WeeksOnTreatment(spec.start_date, e.date));
    markers.push_back(x);
    if (!e.label.empty()) wanted.push_back({x + 7, e.label, "start"});
  }
  // Decision weeks first (they come first in `wanted`), so a phone keeps "wk 16" over a dose
  // label; each lane keeps the spans already taken.
  std::array<std::vector<std::pair<double, double>>, 2> taken;
  const auto is_free = [&](int lane, double left, double right) {
    return std::none_of(taken[lane].begin(), taken[lane].end(), [&](const auto& span) {
      return left < span.second + 6 && right + 6 > span.first;
    });
  };
  std::vector<TopLabel> placed;
  for (TopLabel& label : wanted) {
    const double w = TextWidth(label.text, kSmallFont);
    const double left = label.anchor == "middle" ? label.x - w / 2 : label.x;
    if (left + w > l.width - 4 || left < 2) continue;
    const bool over_marker = std::any_of(
        markers.begin(), markers.end(), [&](double m) { return m > left - 6 && m < left + w + 6; });
    if (!over_marker && is_free(0, left, left + w)) {
      label.lane = 0;
    } else if (label.anchor == "start" && is_free(1, left - 3, left - 3 + w)) {
      label.lane = 1;
      label.x -= 3;  // beside the marker's stem
    } else {
      continue;
    }
    taken[label.lane].emplace_back(label.x - (label.anchor == "middle" ? w / 2 : 0),
                                   label.x + (label.anchor == "middle" ? w / 2 : w));
    placed.push_back(label);
  }
  return placed;
}

}  // namespace

Layout ComputeLayout(const ChartSpec& spec, const RenderOptions& options) {
  Layout l;
  l.width = options.width_px;
  l.y_min = spec.y.min;
  l.y_max = spec.y.max;
  const WeekRange range = ComputeWeekRange(spec);
  l.x_min = range.lo;
  l.x_max = range.hi;

  // Left: the widest y tick label ("100") or the row label "week".
  l.plot_left = 8 +
                std::max(TextWidth(FormatValue(spec.y.max, spec.y.decimals), kTickFont),
                         TextWidth("week", kTickFont)) +
                8;
  double right = 14;
  if (spec.series.size() > 1) {
    double widest = 0;
    for (const Series& s : spec.series) widest = std::max(widest, TextWidth(s.label, kTickFont));
    right = 22 + std::min(widest, l.width * 0.28);
  }
  l.plot_right = l.width - right;
  l.top_labels = PlaceTopLabels(spec, l);
  const bool second_lane = std::any_of(l.top_labels.begin(), l.top_labels.end(),
                                       [](const TopLabel& t) { return t.lane == 1; });

  double top = 6;
  if (options.show_title && !spec.title.empty()) {
    l.title_y = top + 16;
    top += 24;
  }
  if (!spec.y.caption.empty()) {
    l.caption_y = top + 12;
    top += 18;
  }
  if (!spec.phases.empty()) {
    l.phase_row_y = top + 11;
    top += 15;
  }
  if (!spec.events.empty() || !spec.decision_weeks.empty()) {
    l.event_row_y = top + 11;
    top += second_lane ? 29 : 17;
  }
  l.plot_top = top + 2;

  l.key_lines = KeyLines(spec, l.width - 16);
  const double bottom_rows = 48 + 15.0 * l.key_lines.size();
  const double plot_height = options.height_px > 0
                                 ? options.height_px - l.plot_top - bottom_rows
                                 : std::clamp(std::round(l.width * 0.36), 150.0, 330.0);
  l.plot_bottom = l.plot_top + plot_height;
  l.height = options.height_px > 0 ? options.height_px : std::ceil(l.plot_bottom + bottom_rows);
  l.week_row_y = l.plot_bottom + 15;
  l.key_y = l.plot_bottom + 50;

  l.week_step = WeekTickStep(l.x_max - l.x_min, l.plot_right - l.plot_left);
  l.value_step = ValueTickStep(l.y_min, l.y_max, l.plot_bottom - l.plot_top);
  return l;
}

// Approximate advance of a label in the system sans-serif, to keep labels from overlapping.
double TextWidth(std::string_view text, double font_size) {
  return static_cast<double>(CodePointCount(text)) * font_size * 0.58;
}

double WeekTickStep(double span_weeks, double plot_width_px) {
  static constexpr std::array<double, 9> kSteps = {1, 2, 4, 8, 12, 26, 52, 104, 208};
  const double px_per_week = plot_width_px / std::max(span_weeks, 1.0);
  for (double step : kSteps) {
    if (step * px_per_week >= kMinWeekTickSpacingPx) return step;
  }
  return kSteps.back() * std::ceil(kMinWeekTickSpacingPx / (kSteps.back() * px_per_week));
}

double ValueTickStep(double min, double max, double plot_height_px) {
  const double range = max - min;
  const double max_intervals = std::max(1.0, std::floor(plot_height_px / 28));
  const double raw = range / max_intervals;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * magnitude >= raw * (1 - 1e-9)) return m * magnitude;
  }
  return 10 * magnitude;
}

}  // namespace tricholog::chart
