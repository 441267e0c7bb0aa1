#include "chart/chart_text.h"

#include <fmt/format.h>

#include <algorithm>

#include "chart/markup.h"

namespace tricholog::chart {
namespace {

std::string_view StatusText(PointState state) {
  switch (state) {
    case PointState::kMeasured:
      return "counted";
    case PointState::kExcludedByQuality:
      return "not counted: failed the photo quality check";
    case PointState::kAwaitingConfirmation:
      return "not counted: awaiting confirmation";
  }
  return "counted";
}

std::vector<ChartPoint> ByDate(const Series& series) {
  std::vector<ChartPoint> points = series.points;
  std::stable_sort(points.begin(), points.end(),
                   [](const ChartPoint& a, const ChartPoint& b) { return a.date < b.date; });
  return points;
}

std::string WithUnit(const YAxis& y, double value) {
  std::string text = FormatValue(value, y.decimals);
  if (!y.unit.empty()) text += " " + y.unit;
  return text;
}

std::string WeekText(const ChartSpec& spec, Date date) {
  const double week = WeeksOnTreatment(spec.start_date, date);
  const std::string number = FormatValue(week, std::abs(week - std::round(week)) < 1e-9 ? 0 : 1);
  return fmt::format("week {} ({})", number, DisplayDate(date));
}

std::string RangeText(const ChartSpec& spec, const ChartPoint& p) {
  if (!p.lower) return "";
  return fmt::format("{} to {}", FormatValue(*p.lower, spec.y.decimals),
                     FormatValue(*p.upper, spec.y.decimals));
}

std::string DescribeSeries(const ChartSpec& spec, const Series& series) {
  const std::vector<ChartPoint> points = ByDate(series);
  const std::string name = series.label.empty() ? std::string("Values") : series.label;
  if (points.empty()) return name + ": no measurements yet.";
  std::vector<const ChartPoint*> counted;
  for (const ChartPoint& p : points) {
    if (p.state == PointState::kMeasured) counted.push_back(&p);
  }
  std::string text;
  if (counted.empty()) {
    text = fmt::format("{}: no counted measurement.", name);
  } else if (counted.size() == 1) {
    text = fmt::format("{}: one counted measurement, {} at {}.", name,
                       WithUnit(spec.y, counted[0]->value), WeekText(spec, counted[0]->date));
  } else {
    text =
        fmt::format("{}: {} counted measurements, from {} at {} to {} at {}.", name, counted.size(),
                    WithUnit(spec.y, counted.front()->value), WeekText(spec, counted.front()->date),
                    WithUnit(spec.y, counted.back()->value), WeekText(spec, counted.back()->date));
  }
  const auto excluded = std::count_if(points.begin(), points.end(), [](const ChartPoint& p) {
    return p.state == PointState::kExcludedByQuality;
  });
  const auto awaiting = std::count_if(points.begin(), points.end(), [](const ChartPoint& p) {
    return p.state == PointState::kAwaitingConfirmation;
  });
  if (excluded > 0) {
    text += fmt::format(" {} not counted because the photos failed the quality check.", excluded);
  }
  if (awaiting > 0) text += fmt::format(" {} awaiting confirmation, not counted yet.", awaiting);
  return text;
}

}  // namespace

std::string DescribeChart(const ChartSpec& spec) {
  std::string text = spec.summary;
  const auto add = [&text](const std::string& sentence) {
    if (!text.empty()) text += ' ';
    text += sentence;
  };
  if (spec.series.empty()) add("No measurements yet.");
  for (const Series& series : spec.series) add(DescribeSeries(spec, series));
  for (const ReferenceLine& line : spec.lines) {
    const std::string value = WithUnit(spec.y, line.value);
    const bool says_value =
        line.label.find(FormatValue(line.value, spec.y.decimals)) != std::string::npos;
    add(fmt::format("{} line: {}{}.", line.style == LineStyle::kThreshold ? "Dashed" : "Dotted",
                    line.label, says_value ? "" : " at " + value));
  }
  if (!spec.decision_weeks.empty()) {
    std::string weeks;
    for (int w : spec.decision_weeks) weeks += (weeks.empty() ? "" : ", ") + std::to_string(w);
    add("Decision weeks: " + weeks + ".");
  }
  return text;
}

std::string ChartDataText(const ChartSpec& spec) {
  std::string text;
  const bool several = spec.series.size() > 1;
  for (const Series& series : spec.series) {
    for (const ChartPoint& p : ByDate(series)) {
      std::string week = WeekText(spec, p.date);
      week[0] = 'W';
      text += several ? series.label + ", " : "";
      text += fmt::format("{}: {}", week, WithUnit(spec.y, p.value));
      if (p.lower) text += fmt::format(" (range {})", RangeText(spec, p));
      text += fmt::format(", {}\n", StatusText(p.state));
    }
  }
  for (const ReferenceLine& line : spec.lines) {
    text += fmt::format("Line: {} at {}\n", line.label, WithUnit(spec.y, line.value));
  }
  for (const TreatmentEvent& e : spec.events) {
    std::string week = WeekText(spec, e.date);
    week[0] = 'W';
    text += fmt::format(
        "{}: {}{}\n", week,
        EventKindName(e.kind) == "dose_change" ? "dose change" : std::string(EventKindName(e.kind)),
        e.label.empty() ? "" : ", " + e.label);
  }
  return text;
}

std::string ChartDataTableHtml(const ChartSpec& spec) {
  const bool several = spec.series.size() > 1;
  std::string html = "<table class=\"chart-data\">\n<caption>" + EscapeXml(spec.title) +
                     ": the data</caption>\n<thead><tr>";
  if (several) html += "<th scope=\"col\">Series</th>";
  html += "<th scope=\"col\">Week</th><th scope=\"col\">Date</th><th scope=\"col\">Value";
  if (!spec.y.unit.empty()) html += " (" + EscapeXml(spec.y.unit) + ")";
  html += "</th><th scope=\"col\">Range</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n";
  for (const Series& series : spec.series) {
    for (const ChartPoint& p : ByDate(series)) {
      html += "<tr>";
      if (several) html += "<td>" + EscapeXml(series.label) + "</td>";
      const double week = WeeksOnTreatment(spec.start_date, p.date);
      html += fmt::format("<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                          FormatValue(week, std::abs(week - std::round(week)) < 1e-9 ? 0 : 1),
                          DisplayDate(p.date), FormatValue(p.value, spec.y.decimals),
                          RangeText(spec, p), StatusText(p.state));
    }
  }
  html += "</tbody>\n</table>\n";
  return html;
}

Result<std::string> RenderFigureHtml(const ChartSpec& spec, const RenderOptions& options) {
  auto svg = RenderSvg(spec, options);
  if (!svg) return svg;
  return "<figure class=\"chart\">\n" + *svg + "<figcaption>" + EscapeXml(DescribeChart(spec)) +
         "</figcaption>\n<details><summary>Data table</summary>\n" + ChartDataTableHtml(spec) +
         "</details>\n</figure>\n";
}

}  // namespace tricholog::chart
