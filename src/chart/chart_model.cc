#include "chart/chart_model.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <utility>

namespace tricholog::chart {
namespace {

constexpr std::array<std::pair<EventKind, std::string_view>, 3> kEventNames{{
    {EventKind::kStart, "start"},
    {EventKind::kStop, "stop"},
    {EventKind::kDoseChange, "dose_change"},
}};

Result<void> RequireFinite(double value, const std::string& field) {
  if (std::isfinite(value)) return {};
  return InvalidArgument(field, fmt::format("{} is not a finite number", value));
}

Result<void> RequireInDomain(double value, const YAxis& y, const std::string& field) {
  if (auto ok = RequireFinite(value, field); !ok) return ok;
  if (value >= y.min && value <= y.max) return {};
  return InvalidArgument(field, fmt::format("{} is outside the y axis; allowed {} to {}", value,
                                            FormatValue(y.min, 2), FormatValue(y.max, 2)));
}

Result<void> RequireLabel(const std::string& label, const std::string& field) {
  if (label.size() <= kMaxLabelBytes) return {};
  return InvalidArgument(
      field, fmt::format("is {} bytes long; allowed at most {}", label.size(), kMaxLabelBytes));
}

Result<void> RequireWeek(double week, const std::string& field) {
  if (auto ok = RequireFinite(week, field); !ok) return ok;
  if (week >= kMinWeek && week <= kMaxWeek) return {};
  return InvalidArgument(field, fmt::format("week {:.1f} on treatment is out of range; allowed {} "
                                            "to {} weeks from the start date",
                                            week, kMinWeek, kMaxWeek));
}

Result<void> RequireCount(std::size_t count, int limit, const std::string& field) {
  if (count <= static_cast<std::size_t>(limit)) return {};
  return InvalidArgument(field, fmt::format("has {} entries; allowed at most {}", count, limit));
}

Result<void> ValidateAxis(const YAxis& y) {
  if (auto ok = RequireFinite(y.min, "y.min"); !ok) return ok;
  if (auto ok = RequireFinite(y.max, "y.max"); !ok) return ok;
  if (!(y.max > y.min)) {
    return InvalidArgument("y.max", fmt::format("{} must be greater than y.min {}", y.max, y.min));
  }
  if (std::abs(y.min) > 1e9 || std::abs(y.max) > 1e9) {
    return InvalidArgument("y.max", "the y axis must lie within -1e9 to 1e9");
  }
  if (auto ok = RequireInRange("y.decimals", y.decimals, 0, 2); !ok)
    return tl::unexpected(ok.error());
  if (auto ok = RequireLabel(y.caption, "y.caption"); !ok) return ok;
  return RequireLabel(y.unit, "y.unit");
}

Result<void> ValidatePoint(const ChartSpec& spec, const ChartPoint& p, const std::string& at) {
  if (auto ok = RequireWeek(WeeksOnTreatment(spec.start_date, p.date), at + ".date"); !ok) {
    return ok;
  }
  if (auto ok = RequireInDomain(p.value, spec.y, at + ".value"); !ok) return ok;
  if (p.lower.has_value() != p.upper.has_value()) {
    return InvalidArgument(at + (p.lower ? ".upper" : ".lower"),
                           "is required when the other whisker end is given");
  }
  if (!p.lower) return {};
  if (auto ok = RequireFinite(*p.lower, at + ".lower"); !ok) return ok;
  if (auto ok = RequireFinite(*p.upper, at + ".upper"); !ok) return ok;
  if (*p.lower > p.value) {
    return InvalidArgument(at + ".lower",
                           fmt::format("{} is above the value {}", *p.lower, p.value));
  }
  if (*p.upper < p.value) {
    return InvalidArgument(at + ".upper",
                           fmt::format("{} is below the value {}", *p.upper, p.value));
  }
  return {};
}

Result<void> ValidateSeries(const ChartSpec& spec) {
  if (auto ok = RequireCount(spec.series.size(), kMaxSeries, "series"); !ok) return ok;
  for (std::size_t s = 0; s < spec.series.size(); ++s) {
    const Series& series = spec.series[s];
    const std::string at = fmt::format("series[{}]", s);
    if (auto ok = RequireLabel(series.label, at + ".label"); !ok) return ok;
    if (auto ok = RequireCount(series.points.size(), kMaxPointsPerSeries, at + ".points"); !ok) {
      return ok;
    }
    for (std::size_t i = 0; i < series.points.size(); ++i) {
      if (auto ok = ValidatePoint(spec, series.points[i], fmt::format("{}.points[{}]", at, i));
          !ok) {
        return ok;
      }
    }
  }
  return {};
}

Result<void> ValidatePhases(const ChartSpec& spec) {
  if (auto ok = RequireCount(spec.phases.size(), kMaxPhases, "phases"); !ok) return ok;
  for (std::size_t i = 0; i < spec.phases.size(); ++i) {
    const PhaseBand& band = spec.phases[i];
    const std::string at = fmt::format("phases[{}]", i);
    if (auto ok = RequireLabel(band.name, at + ".name"); !ok) return ok;
    if (auto ok = RequireLabel(band.short_name, at + ".short_name"); !ok) return ok;
    if (auto ok = RequireWeek(band.start_week, at + ".start_week"); !ok) return ok;
    if (!band.end_week) continue;
    if (auto ok = RequireWeek(*band.end_week, at + ".end_week"); !ok) return ok;
    if (!(*band.end_week > band.start_week)) {
      return InvalidArgument(at + ".end_week", fmt::format("{} must be after start_week {}",
                                                           *band.end_week, band.start_week));
    }
  }
  return {};
}

Result<void> ValidateMarks(const ChartSpec& spec) {
  if (auto ok = RequireCount(spec.decision_weeks.size(), kMaxDecisionWeeks, "decision_weeks");
      !ok) {
    return ok;
  }
  for (std::size_t i = 0; i < spec.decision_weeks.size(); ++i) {
    if (auto ok = RequireWeek(spec.decision_weeks[i], fmt::format("decision_weeks[{}]", i)); !ok) {
      return ok;
    }
  }
  if (auto ok = RequireCount(spec.lines.size(), kMaxLines, "lines"); !ok) return ok;
  for (std::size_t i = 0; i < spec.lines.size(); ++i) {
    const std::string at = fmt::format("lines[{}]", i);
    if (auto ok = RequireInDomain(spec.lines[i].value, spec.y, at + ".value"); !ok) return ok;
    if (auto ok = RequireLabel(spec.lines[i].label, at + ".label"); !ok) return ok;
  }
  if (auto ok = RequireCount(spec.events.size(), kMaxEvents, "events"); !ok) return ok;
  for (std::size_t i = 0; i < spec.events.size(); ++i) {
    const std::string at = fmt::format("events[{}]", i);
    const TreatmentEvent& e = spec.events[i];
    if (auto ok = RequireWeek(WeeksOnTreatment(spec.start_date, e.date), at + ".date"); !ok) {
      return ok;
    }
    if (auto ok = RequireLabel(e.label, at + ".label"); !ok) return ok;
  }
  return {};
}

}  // namespace

std::string_view PointStateName(PointState state) {
  switch (state) {
    case PointState::kMeasured:
      return "measured";
    case PointState::kExcludedByQuality:
      return "excluded_by_quality";
    case PointState::kAwaitingConfirmation:
      return "awaiting_confirmation";
  }
  return "measured";
}

std::string_view EventKindName(EventKind kind) {
  for (const auto& [k, name] : kEventNames) {
    if (k == kind) return name;
  }
  return "start";
}

Result<EventKind> ParseEventKind(std::string_view name, std::string_view field) {
  for (const auto& [k, n] : kEventNames) {
    if (n == name) return k;
  }
  return InvalidArgument(std::string(field),
                         Quote(name) + " is not an event kind; allowed: start, stop, dose_change");
}

Result<void> ValidateChart(const ChartSpec& spec) {
  if (auto ok = RequireLabel(spec.title, "title"); !ok) return ok;
  if (spec.summary.size() > 4 * kMaxLabelBytes) {
    return InvalidArgument("summary", fmt::format("is {} bytes long; allowed at most {}",
                                                  spec.summary.size(), 4 * kMaxLabelBytes));
  }
  if (auto ok = RequireLabel(spec.uncertainty_note, "uncertainty_note"); !ok) return ok;
  if (auto ok = ValidateAxis(spec.y); !ok) return ok;
  if (auto ok = ValidateSeries(spec); !ok) return ok;
  if (auto ok = ValidatePhases(spec); !ok) return ok;
  return ValidateMarks(spec);
}

double WeeksOnTreatment(Date start, Date date) { return start.DaysUntil(date) / 7.0; }

std::string DisplayDate(Date date) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::chrono::year_month_day ymd = date.ymd();
  return fmt::format("{} {} {}", static_cast<unsigned>(ymd.day()),
                     kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()));
}

std::string FormatValue(double value, int decimals) {
  std::string text = fmt::format("{:.{}f}", value, decimals);
  if (text.find_first_not_of("-0.") == std::string::npos && text.front() == '-') text.erase(0, 1);
  return text;
}

}  // namespace tricholog::chart
