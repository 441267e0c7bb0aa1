#include "chart/chart_svg.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "chart/chart_layout.h"
#include "chart/chart_text.h"
#include "chart/markup.h"

namespace tricholog::chart {
namespace {

constexpr std::string_view kFontStack =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', "
    "sans-serif";
constexpr std::string_view kInk = "#1f1f1f";
constexpr std::string_view kMuted = "#595959";  // 7:1 on white: AA for small text
constexpr std::string_view kHalo = R"(stroke="#ffffff" stroke-width="3" paint-order="stroke")";

// Okabe–Ito colours (design/UI.md, "Numbers"); shape and dash differ too, so series stay apart in
// greyscale and for readers who cannot tell the colours apart.
struct SeriesStyle {
  std::string_view colour;
  std::string_view marker;  // path around (0, 0)
  std::string_view dash;    // stroke-dasharray of the trend line; empty: solid
};
constexpr std::array<SeriesStyle, kMaxSeries> kStyles{{
    {"#0072B2", "M-4.5 0A4.5 4.5 0 1 0 4.5 0A4.5 4.5 0 1 0-4.5 0Z", ""},
    {"#D55E00", "M-4 -4H4V4H-4Z", "7 3"},
    {"#009E73", "M0 -5.2L4.8 3.6H-4.8Z", "2 2.5"},
    {"#CC79A7", "M0 -5.4L5.4 0L0 5.4L-5.4 0Z", "9 3 2 3"},
    {"#E69F00", "M0 5.2L4.8 -3.6H-4.8Z", "4 4"},
    {"#56B4E9", "M-4.6 0L-2.3 -4L2.3 -4L4.6 0L2.3 4L-2.3 4Z", "12 4"},
}};

std::string Num(double v) {
  std::string text = fmt::format("{:.1f}", v);
  if (text.size() > 2 && text.ends_with(".0")) text.resize(text.size() - 2);
  if (text == "-0") text = "0";
  return text;
}

bool ValidId(const std::string& id) {
  if (id.empty() || id.size() > 64 || !std::isalpha(static_cast<unsigned char>(id[0]))) {
    return false;
  }
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

void Text(std::string& svg, double x, double y, std::string_view text, std::string_view anchor,
          double size, std::string_view fill, std::string_view extra = {}) {
  svg += fmt::format(R"(<text x="{}" y="{}" font-size="{}" fill="{}")", Num(x), Num(y), Num(size),
                     fill);
  if (anchor != "start") svg += fmt::format(R"( text-anchor="{}")", anchor);
  if (!extra.empty()) svg += fmt::format(" {}", extra);
  svg += ">" + EscapeXml(text) + "</text>\n";
}

void DrawHeader(std::string& svg, const ChartSpec& spec, const Layout& l,
                const RenderOptions& options) {
  svg +=
      fmt::format(R"(<rect width="{}" height="{}" fill="#ffffff"/>)", Num(l.width), Num(l.height)) +
      "\n";
  if (options.show_title && !spec.title.empty()) {
    Text(svg, 8, l.title_y, spec.title, "start", 15, kInk, R"(font-weight="600")");
  }
  if (!spec.y.caption.empty()) Text(svg, 8, l.caption_y, spec.y.caption, "start", 12, kMuted);
}

void DrawPhases(std::string& svg, const ChartSpec& spec, const Layout& l) {
  std::vector<const PhaseBand*> bands;
  for (const PhaseBand& b : spec.phases) bands.push_back(&b);
  std::sort(bands.begin(), bands.end(),
            [](const PhaseBand* a, const PhaseBand* b) { return a->start_week < b->start_week; });
  for (std::size_t i = 0; i < bands.size(); ++i) {
    const PhaseBand& b = *bands[i];
    const double x0 = std::max(l.X(b.start_week), l.plot_left);
    const double x1 = std::min(b.end_week ? l.X(*b.end_week) : l.plot_right, l.plot_right);
    if (x1 <= x0) continue;
    // Alternating greys: the bands read in greyscale and print on any printer.
    svg += fmt::format(
        R"(<rect class="phase" x="{}" y="{}" width="{}" height="{}" fill="#000000" fill-opacity="{}"/>)",
        Num(x0), Num(l.plot_top), Num(x1 - x0), Num(l.plot_bottom - l.plot_top),
        i % 2 == 0 ? "0.035" : "0.075");
    svg += "\n";
    const double room = x1 - x0 - 6;
    for (const std::string* name : {&b.name, &b.short_name}) {
      if (!name->empty() && TextWidth(*name, kSmallFont) <= room) {
        Text(svg, x0 + 3, l.phase_row_y, *name, "start", kSmallFont, kMuted);
        break;
      }
    }
  }
}

void DrawValueAxis(std::string& svg, const Layout& l) {
  const double step = l.value_step;
  // As many decimals as the step needs ("0.5", "25"), not the values' own precision.
  int decimals = 0;
  while (decimals < 3 && std::abs(step * std::pow(10, decimals) -
                                  std::round(step * std::pow(10, decimals))) > 1e-6) {
    ++decimals;
  }
  for (double v = std::ceil(l.y_min / step - 1e-9) * step; v <= l.y_max + step * 1e-9; v += step) {
    const double y = l.Y(v);
    svg += fmt::format(
        R"(<line class="grid" data-value="{}" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#e3e3e3" )"
        R"(stroke-width="1"/>)",
        FormatValue(v, 3), Num(l.plot_left), Num(y), Num(l.plot_right), Num(y));
    svg += "\n";
    Text(svg, l.plot_left - 6, y + 3.5, FormatValue(v, decimals), "end", kTickFont, kMuted,
         fmt::format(R"(class="ytick" data-value="{}")", FormatValue(v, 3)));
  }
}

void DrawWeekAxis(std::string& svg, const Layout& l, const ChartSpec& spec) {
  svg += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>)",
                     Num(l.plot_left), Num(l.plot_bottom), Num(l.plot_right), Num(l.plot_bottom),
                     kMuted);
  svg += "\n";
  Text(svg, l.plot_left - 6, l.week_row_y, "week", "end", kTickFont, kMuted);
  const double step = l.week_step;
  std::optional<int> last_year;
  for (double w = std::ceil(l.x_min / step) * step; w <= l.x_max; w += step) {
    const double x = l.X(w);
    svg += fmt::format(R"(<line class="xtick" data-week="{}" x1="{}" y1="{}" x2="{}" y2="{}" )"
                       R"(stroke="{}" stroke-width="1"/>)",
                       Num(w), Num(x), Num(l.plot_bottom), Num(x), Num(l.plot_bottom + 4), kMuted);
    svg += "\n";
    Text(svg, x, l.week_row_y, w < 0 ? "−" + Num(-w) : Num(w), "middle", kTickFont, kInk);
    const Date date = spec.start_date.AddDays(static_cast<int>(std::lround(w * 7)));
    const std::string full = DisplayDate(date);  // "3 Mar 2026"
    const std::size_t year_at = full.rfind(' ');
    Text(svg, x, l.week_row_y + 13, full.substr(0, year_at), "middle", kSmallFont, kMuted);
    const int year = static_cast<int>(date.ymd().year());
    if (!last_year || *last_year != year) {
      Text(svg, x, l.week_row_y + 25, full.substr(year_at + 1), "middle", kSmallFont, kMuted);
    }
    last_year = year;
  }
}

void DrawDecisionsAndEvents(std::string& svg, const ChartSpec& spec, const Layout& l) {
  const bool second_lane = std::any_of(l.top_labels.begin(), l.top_labels.end(),
                                       [](const TopLabel& t) { return t.lane == 1; });
  for (int week : spec.decision_weeks) {
    if (week < l.x_min || week > l.x_max) continue;
    const double x = l.X(week);
    svg += fmt::format(R"(<line class="decision" data-week="{}" x1="{}" y1="{}" x2="{}" y2="{}" )"
                       R"(stroke="#6b6b6b" stroke-width="1"/>)",
                       week, Num(x), Num(l.plot_top), Num(x), Num(l.plot_bottom));
    svg += "\n";
  }
  for (const TreatmentEvent& e : spec.events) {
    const double x = l.X(WeeksOnTreatment(spec.start_date, e.date));
    const double y = l.event_row_y - 4;
    // Under the second lane of labels when there is one, so the stem never crosses a label.
    const double stem_top = second_lane ? l.event_row_y + 15 : y + 5;
    std::string_view shape = "M-4.5 -4L4.5 -4L0 4Z";  // start: ▼
    if (e.kind == EventKind::kStop) shape = "M-4 -4H4V4H-4Z";
    if (e.kind == EventKind::kDoseChange) shape = "M0 -5L5 0L0 5L-5 0Z";
    svg +=
        fmt::format(R"~(<path class="event {}" transform="translate({} {})" d="{}" fill="{}"/>)~",
                    EventKindName(e.kind), Num(x), Num(y), shape, kInk);
    svg += "\n";
    svg += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1" )"
                       R"(stroke-dasharray="1 2"/>)",
                       Num(x), Num(stem_top), Num(x), Num(l.plot_top), kInk);
    svg += "\n";
  }
  for (const TopLabel& label : l.top_labels) {
    Text(svg, label.x, l.event_row_y + 12.0 * label.lane, label.text, label.anchor, kSmallFont,
         kInk, label.lane == 1 ? kHalo : std::string_view());
  }
}

void DrawLines(std::string& svg, const ChartSpec& spec, const Layout& l) {
  std::vector<std::pair<double, double>> points;  // every marker's centre, in pixels
  for (const Series& series : spec.series) {
    for (const ChartPoint& p : series.points) {
      points.emplace_back(l.X(WeeksOnTreatment(spec.start_date, p.date)), l.Y(p.value));
    }
  }
  std::vector<double> label_ys;
  for (const ReferenceLine& line : spec.lines) {
    const double y = l.Y(line.value);
    const bool dashed = line.style == LineStyle::kThreshold;
    svg += fmt::format(
        R"(<line class="{}" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5" )"
        R"(stroke-dasharray="{}"/>)",
        dashed ? "threshold" : "reference", Num(l.plot_left), Num(y), Num(l.plot_right), Num(y),
        dashed ? "#333333" : "#666666", dashed ? "7 4" : "1.5 3");
    svg += "\n";
    // At the right end above the line by preference; else below it, else at the left end: the
    // first of these that stays in the plot, misses the other lines' labels and covers the fewest
    // points.
    const double w = TextWidth(line.label, kSmallFont);
    struct Spot {
      double x, baseline;
      std::string_view anchor;
    };
    const Spot spots[] = {{l.plot_right - 4, y - 5, "end"},
                          {l.plot_right - 4, y + 13, "end"},
                          {l.plot_left + 4, y - 5, "start"},
                          {l.plot_left + 4, y + 13, "start"}};
    const auto cost = [&](const Spot& spot) {
      const double left = spot.anchor == "end" ? spot.x - w : spot.x;
      const bool clash = std::any_of(label_ys.begin(), label_ys.end(), [&](double other) {
        return std::abs(other - spot.baseline) < 12;
      });
      const bool outside = spot.baseline - 10 < l.plot_top || spot.baseline + 2 > l.plot_bottom;
      const auto covered =
          std::count_if(points.begin(), points.end(), [&](const std::pair<double, double>& p) {
            return p.first > left - 6 && p.first < left + w + 6 && p.second > spot.baseline - 16 &&
                   p.second < spot.baseline + 7;
          });
      return (clash || outside ? 1000 : 0) + static_cast<double>(covered);
    };
    const Spot* best = &spots[0];
    for (const Spot& spot : spots) {
      if (cost(spot) < cost(*best)) best = &spot;
    }
    label_ys.push_back(best->baseline);
    Text(svg, best->x, best->baseline, line.label, best->anchor, kSmallFont, kInk, kHalo);
  }
}

double Clamp(double v, double lo, double hi) { return std::min(std::max(v, lo), hi); }

void DrawSeries(std::string& svg, const ChartSpec& spec, const Layout& l, const std::string& id) {
  for (std::size_t s = 0; s < spec.series.size(); ++s) {
    const Series& series = spec.series[s];
    const SeriesStyle& style = kStyles[s];
    std::vector<const ChartPoint*> points;
    for (const ChartPoint& p : series.points) points.push_back(&p);
    std::stable_sort(points.begin(), points.end(),
                     [](const ChartPoint* a, const ChartPoint* b) { return a->date < b->date; });
    svg += fmt::format(R"~(<g class="series" data-index="{}" clip-path="url(#{}-plot)">)~", s, id) +
           "\n";
    for (const ChartPoint* p : points) {
      if (!p->lower) continue;
      const double x = l.X(WeeksOnTreatment(spec.start_date, p->date));
      const double y0 = l.Y(Clamp(*p->lower, l.y_min, l.y_max));
      const double y1 = l.Y(Clamp(*p->upper, l.y_min, l.y_max));
      svg += fmt::format(
          R"(<path class="whisker" d="M{0} {1}V{2}M{3} {1}H{4}M{3} {2}H{4}" stroke="{5}" )"
          R"(stroke-width="1.2" fill="none"/>)",
          Num(x), Num(y0), Num(y1), Num(x - 3), Num(x + 3), style.colour);
      svg += "\n";
    }
    std::string trend;
    int trend_points = 0;
    for (const ChartPoint* p : points) {
      if (p->state != PointState::kMeasured) continue;
      trend +=
          fmt::format("{}{},{}", trend.empty() ? "" : " ",
                      Num(l.X(WeeksOnTreatment(spec.start_date, p->date))), Num(l.Y(p->value)));
      ++trend_points;
    }
    if (trend_points >= 2) {
      svg += fmt::format(R"(<polyline class="trend" points="{}" fill="none" stroke="{}" )"
                         R"(stroke-width="2" stroke-linejoin="round")",
                         trend, style.colour);
      if (!style.dash.empty()) svg += fmt::format(R"( stroke-dasharray="{}")", style.dash);
      svg += "/>\n";
    }
    svg += "</g>\n";
    for (const ChartPoint* p : points) {
      const bool hollow = p->state != PointState::kMeasured;
      svg += fmt::format(
          R"~(<path class="marker {}" transform="translate({} {})" d="{}" fill="{}" stroke="{}" )~"
          R"(stroke-width="{}"/>)",
          PointStateName(p->state), Num(l.X(WeeksOnTreatment(spec.start_date, p->date))),
          Num(l.Y(p->value)), style.marker, hollow ? std::string_view("#ffffff") : style.colour,
          hollow ? style.colour : std::string_view("#ffffff"), hollow ? "1.8" : "1");
      svg += "\n";
    }
  }
}

// Direct labels at each series' last point, in the right margin, spread so they never overlap.
void DrawDirectLabels(std::string& svg, const ChartSpec& spec, const Layout& l) {
  if (spec.series.size() < 2) return;
  struct Placed {
    std::size_t series;
    double y;
  };
  std::vector<Placed> placed;
  for (std::size_t s = 0; s < spec.series.size(); ++s) {
    const auto& points = spec.series[s].points;
    if (points.empty()) continue;
    // Beside the end of the line: the last counted point, or the last point when none counts.
    const ChartPoint* last = nullptr;
    for (bool counted_only : {true, false}) {
      for (const ChartPoint& p : points) {
        if (counted_only && p.state != PointState::kMeasured) continue;
        if (!last || last->date < p.date) last = &p;
      }
      if (last) break;
    }
    placed.push_back({s, l.Y(last->value)});
  }
  std::sort(placed.begin(), placed.end(),
            [](const Placed& a, const Placed& b) { return a.y < b.y; });
  constexpr double kGap = 14;
  for (std::size_t i = 1; i < placed.size(); ++i) {
    placed[i].y = std::max(placed[i].y, placed[i - 1].y + kGap);
  }
  for (std::size_t i = placed.size(); i-- > 0;) {
    const double limit = i + 1 < placed.size() ? placed[i + 1].y - kGap : l.plot_bottom;
    placed[i].y = std::min(placed[i].y, limit);
  }
  const double room = l.width - l.plot_right - 22;
  for (const Placed& p : placed) {
    const SeriesStyle& style = kStyles[p.series];
    const double x = l.plot_right + 10;
    svg +=
        fmt::format(R"~(<path transform="translate({} {})" d="{}" fill="{}" stroke="#ffffff"/>)~",
                    Num(x), Num(p.y), style.marker, style.colour);
    svg += "\n";
    std::string label = spec.series[p.series].label;
    while (!label.empty() && TextWidth(label, kTickFont) > room) {
      label.pop_back();
      while (!label.empty() && (static_cast<unsigned char>(label.back()) & 0xC0) == 0x80) {
        label.pop_back();
      }
      if (!label.empty() && (static_cast<unsigned char>(label.back()) & 0x80)) label.pop_back();
    }
    if (label.size() < spec.series[p.series].label.size() && label.size() > 1) {
      label.pop_back();
      label += "…";
    }
    Text(svg, x + 8, p.y + 4, label, "start", kTickFont, kInk, R"(class="direct-label")");
  }
}

}  // namespace

Result<std::string> RenderSvg(const ChartSpec& spec, const RenderOptions& options) {
  if (auto ok = ValidateChart(spec); !ok) return tl::unexpected(ok.error());
  if (auto ok = RequireInRange("width", options.width_px, kMinWidthPx, kMaxWidthPx); !ok) {
    return tl::unexpected(ok.error());
  }
  if (options.height_px != 0) {
    if (auto ok = RequireInRange("height", options.height_px, 160, 3000); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  if (!ValidId(options.id)) {
    return InvalidArgument("id", Quote(EscapeXml(options.id)) +
                                     " is not a valid element id; use letters, digits, '-' and "
                                     "'_', starting with a letter, at most 64 characters");
  }
  const Layout l = ComputeLayout(spec, options);
  if (l.plot_bottom - l.plot_top < 60) {
    return InvalidArgument("height", fmt::format("{} px leaves no room for the plot; allowed at "
                                                 "least {} px for this chart",
                                                 options.height_px,
                                                 static_cast<int>(options.height_px + 60 -
                                                                  (l.plot_bottom - l.plot_top))));
  }
  const std::string& id = options.id;
  std::string svg;
  svg.reserve(16384);
  svg += fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" )"
      R"(role="img" aria-labelledby="{2}-title {2}-desc" font-family="{3}">)",
      Num(l.width), Num(l.height), id, kFontStack);
  svg += "\n";
  svg += fmt::format(R"(<title id="{}-title">{}</title>)", id, EscapeXml(spec.title)) + "\n";
  svg += fmt::format(R"(<desc id="{}-desc">{}</desc>)", id, EscapeXml(DescribeChart(spec))) + "\n";
  svg += fmt::format(R"(<defs><clipPath id="{}-plot"><rect class="plot-area" x="{}" y="{}" )"
                     R"(width="{}" height="{}"/></clipPath></defs>)",
                     id, Num(l.plot_left), Num(l.plot_top - 6), Num(l.plot_right - l.plot_left),
                     Num(l.plot_bottom - l.plot_top + 12));
  svg += "\n";
  DrawHeader(svg, spec, l, options);
  DrawPhases(svg, spec, l);
  DrawValueAxis(svg, l);
  DrawWeekAxis(svg, l, spec);
  DrawDecisionsAndEvents(svg, spec, l);
  DrawLines(svg, spec, l);
  DrawSeries(svg, spec, l, id);
  DrawDirectLabels(svg, spec, l);
  bool any_point = false;
  for (const Series& s : spec.series) any_point = any_point || !s.points.empty();
  if (!any_point) {
    Text(svg, (l.plot_left + l.plot_right) / 2, (l.plot_top + l.plot_bottom) / 2,
         "No measurements yet", "middle", 13, kMuted, R"(class="empty")");
  }
  for (std::size_t i = 0; i < l.key_lines.size(); ++i) {
    Text(svg, 8, l.key_y + 14.0 * i, l.key_lines[i], "start", kSmallFont, kMuted, R"(class="key")");
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace tricholog::chart
