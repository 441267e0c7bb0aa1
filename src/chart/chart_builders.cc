#include "chart/chart_builders.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace tricholog::chart {
namespace {

// SALT ≤ 20 ("≥ 80 % scalp coverage"): the absolute responder line of every phase 3 JAK trial
// (BRAVE-AA, ALLEGRO, THRIVE) and the success threshold of Wyrwich 2020 (Br J Dermatol
// 183:702) and Wyrwich 2022 (Qual Life Res); clinical.md §1.2, §1.3 and §5.1.
constexpr double kSaltResponseLine = 20;
// EASI-75: ≥ 75 % reduction from baseline, the ex-US co-primary endpoint of the dupilumab trials
// (HOME; Hanifin 2001, Exp Dermatol 10:11); clinical.md §1.5 and §5.1.
constexpr double kEasi75RemainingFraction = 0.25;
// Peak pruritus NRS: a reduction of ≥ 4 points from baseline is a responder (Yosipovitch 2019,
// Br J Dermatol 181:761; Dupixent label); clinical.md §1.7 and §5.1.
constexpr double kItchResponderDrop = 4;

struct PhaseNames {
  TimelinePhase phase;
  std::string_view name;
  std::string_view short_name;
};
constexpr PhaseNames kPhaseNames[] = {
    {TimelinePhase::kObservation, "Observation", "Obs."},
    {TimelinePhase::kResponseWindow, "Response window", "Response"},
    {TimelinePhase::kContinuedAssessment, "Continued assessment", "Continued"},
    {TimelinePhase::kMaintenance, "Maintenance", "Maint."},
};

ChartSpec Skeleton(const ResponseAssessment& assessment, const ChartExtras& extras) {
  ChartSpec spec;
  spec.start_date = assessment.start_date;
  for (const PhaseSpan& span : assessment.phases) {
    PhaseBand band;
    for (const PhaseNames& names : kPhaseNames) {
      if (names.phase == span.phase) {
        band.name = names.name;
        band.short_name = names.short_name;
      }
    }
    band.start_week = span.start_week;
    if (span.end_week) band.end_week = *span.end_week;
    spec.phases.push_back(band);
  }
  spec.decision_weeks = assessment.decision_weeks;
  spec.events = extras.events;
  const bool has_start =
      std::any_of(extras.events.begin(), extras.events.end(),
                  [](const TreatmentEvent& e) { return e.kind == EventKind::kStart; });
  if (!has_start) {
    // Appended, so spec.events[i] is still extras.events[i] in error messages.
    spec.events.push_back(TreatmentEvent{assessment.start_date, EventKind::kStart, "Start"});
  }
  return spec;
}

bool Awaiting(const ChartExtras& extras, Date date) {
  return std::find(extras.awaiting_confirmation.begin(), extras.awaiting_confirmation.end(),
                   date) != extras.awaiting_confirmation.end();
}

ChartPoint MakePoint(Date date, double value, double sem, double lo, double hi, PointState state) {
  ChartPoint p;
  p.date = date;
  p.value = value;
  if (sem > 0) {
    p.lower = std::max(lo, value - sem);
    p.upper = std::min(hi, value + sem);
  }
  p.state = state;
  return p;
}

// The sessions' values of `measure`, with ± 1 SEM whiskers (at the baseline, when the noise model
// is a percentage of it) and each point's state.
std::vector<ChartPoint> MeasurePoints(const AssessmentInput& input, const MeasureAssessment* m,
                                      Measure measure, const ChartExtras& extras) {
  const MeasureInfo& info = InfoFor(measure);
  std::vector<ChartPoint> points;
  for (const AssessmentSession& session : input.sessions) {
    std::optional<double> value = session.values.Get(measure);
    if (!value && measure == Measure::kSalt && session.region_loss) {
      value = SaltFromRegions(*session.region_loss);
    }
    if (!value) continue;
    PointState state = PointState::kMeasured;
    if (info.photo_based && !session.capture_quality_ok) state = PointState::kExcludedByQuality;
    if (Awaiting(extras, session.date)) state = PointState::kAwaitingConfirmation;
    const double sem =
        input.noise[MeasureIndex(measure)].SemAt(m && m->baseline ? *m->baseline : *value);
    points.push_back(MakePoint(session.date, *value, sem, info.min_value, info.max_value, state));
  }
  return points;
}

std::string Points(double v, int decimals) {
  const std::string text = FormatValue(v, decimals);
  return text + (text == "1" ? " point" : " points");
}

// "Down 9 points since baseline, more than measurement noise (MDC95 10) in two sessions in a
// row." — the change sentence of design/UI.md, "Numbers".
std::string ChangeSentence(const MeasureAssessment& m, int decimals) {
  if (!m.change) return "";
  const double change = *m.change;
  std::string text = std::abs(change) < 0.5 * std::pow(10.0, -decimals)
                         ? std::string("No change since baseline")
                         : fmt::format("{} {} since baseline", change < 0 ? "Down" : "Up",
                                       Points(std::abs(change), decimals));
  const std::string mdc = FormatValue(m.mdc95, 1);
  if (m.real) {
    text += fmt::format(", more than measurement noise (MDC95 {}) in two sessions in a row.", mdc);
  } else if (m.pending_confirmation) {
    text += fmt::format(
        ", beyond measurement noise (MDC95 {}) once; one more session will tell "
        "whether it holds.",
        mdc);
  } else {
    text += fmt::format(", within measurement noise (MDC95 {}).", mdc);
  }
  return text;
}

std::string LatestSentence(const MeasureAssessment& m, std::string_view name, double sem,
                           int decimals, const ChartSpec& spec) {
  if (!m.latest) return "";
  std::string text =
      fmt::format("{} {} (±{}) at week {}, {}", name, FormatValue(m.latest->value, decimals),
                  FormatValue(sem, 1),
                  FormatValue(std::floor(WeeksOnTreatment(spec.start_date, m.latest->date)), 0),
                  DisplayDate(m.latest->date));
  if (m.baseline) text += fmt::format("; baseline {}", FormatValue(*m.baseline, decimals));
  return text + ".";
}

void AddBaseline(ChartSpec& spec, const MeasureAssessment* m) {
  if (!m || !m->baseline) return;
  spec.lines.push_back({*m->baseline, "Baseline " + FormatValue(*m->baseline, spec.y.decimals),
                        LineStyle::kReference});
}

std::string Join(std::initializer_list<std::string> parts) {
  std::string text;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!text.empty()) text += ' ';
    text += part;
  }
  return text;
}

Result<ChartSpec> Checked(ChartSpec spec) {
  if (auto ok = ValidateChart(spec); !ok) return tl::unexpected(ok.error());
  return spec;
}

double MaxUpper(const std::vector<ChartPoint>& points, double floor_value) {
  double top = floor_value;
  for (const ChartPoint& p : points) top = std::max(top, p.upper.value_or(p.value));
  return top;
}

std::string ZoneTitle(const std::string& zone) {
  std::string name = zone;
  std::replace(name.begin(), name.end(), '_', ' ');
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

}  // namespace

double NiceCeiling(double value) {
  if (!(value > 0) || !std::isfinite(value)) return 1;
  const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
  for (double m : {1.0, 1.2, 1.4, 1.5, 1.6, 1.8, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 10.0}) {
    if (m * magnitude >= value * (1 - 1e-12)) return m * magnitude;
  }
  return 10 * magnitude;
}

Result<ChartSpec> BuildSaltChart(const AssessmentInput& input, const ResponseAssessment& assessment,
                                 const ChartExtras& extras) {
  ChartSpec spec = Skeleton(assessment, extras);
  const MeasureAssessment* m = assessment.Find(Measure::kSalt);
  spec.title = "SALT over time";
  // Not inverted, fixed 0–100: the height of a point is the number printed beside it, the same
  // size of change looks the same for every patient, and regrowth reads as the line falling
  // towards the dashed response line near the floor.
  spec.y = {0, 100, "SALT: % of scalp without hair (lower is better)", "", 0};
  spec.series.push_back({"SALT", MeasurePoints(input, m, Measure::kSalt, extras)});
  spec.lines.push_back(
      {kSaltResponseLine, "SALT 20, the trials' response line", LineStyle::kThreshold});
  AddBaseline(spec, m);
  const NoiseModel& noise = input.noise[MeasureIndex(Measure::kSalt)];
  const double sem = noise.SemAt(m && m->baseline ? *m->baseline : 0);
  spec.uncertainty_note = fmt::format("± 1 SEM ({} SALT points)", FormatValue(sem, 1));
  if (m && m->latest) {
    const bool below = m->latest->value <= kSaltResponseLine;
    spec.summary = Join({LatestSentence(*m, "SALT", sem, 0, spec), ChangeSentence(*m, 0),
                         below ? "At or below 20, the trials' response line."
                               : "Above 20, the trials' response line."});
  }
  return Checked(std::move(spec));
}

Result<ChartSpec> BuildEasiChart(const AssessmentInput& input, const ResponseAssessment& assessment,
                                 const ChartExtras& extras) {
  ChartSpec spec = Skeleton(assessment, extras);
  const MeasureAssessment* m = assessment.Find(Measure::kEasi);
  spec.title = "EASI over time";
  std::vector<ChartPoint> points = MeasurePoints(input, m, Measure::kEasi, extras);
  const double baseline = m && m->baseline ? *m->baseline : 0;
  spec.y = {0, std::min(72.0, NiceCeiling(std::max(MaxUpper(points, baseline) * 1.05, 6.0))),
            "EASI: eczema area and severity, 0–72 (lower is better)", "", 1};
  spec.series.push_back({"EASI", std::move(points)});
  if (baseline > 0) {
    const double line = baseline * kEasi75RemainingFraction;
    spec.lines.push_back({line, "EASI-75: " + FormatValue(line, 1), LineStyle::kThreshold});
  }
  AddBaseline(spec, m);
  const double sem = input.noise[MeasureIndex(Measure::kEasi)].SemAt(baseline);
  spec.uncertainty_note = fmt::format("± 1 SEM ({} EASI points)", FormatValue(sem, 1));
  if (m && m->latest) {
    std::string reached;
    if (baseline > 0) {
      reached = m->latest->value <= baseline * kEasi75RemainingFraction
                    ? "EASI-75 reached: at least 75 % below baseline."
                    : "EASI-75 not reached.";
    }
    spec.summary = Join({LatestSentence(*m, "EASI", sem, 1, spec), ChangeSentence(*m, 1), reached});
  }
  return Checked(std::move(spec));
}

Result<ChartSpec> BuildItchChart(const AssessmentInput& input, const ResponseAssessment& assessment,
                                 const ChartExtras& extras) {
  ChartSpec spec = Skeleton(assessment, extras);
  const MeasureAssessment* m = assessment.Find(Measure::kItchNrs);
  spec.title = "Itch over time";
  spec.y = {0, 10, "Peak itch in the past 24 hours, 0–10 (lower is better)", "", 0};
  spec.series.push_back({"Itch", MeasurePoints(input, m, Measure::kItchNrs, extras)});
  std::string reached;
  if (m && m->baseline && *m->baseline >= kItchResponderDrop) {
    const double line = *m->baseline - kItchResponderDrop;
    spec.lines.push_back(
        {line, "4 points below baseline: " + FormatValue(line, 0), LineStyle::kThreshold});
    if (m->latest) {
      reached = m->latest->value <= line ? "At least 4 points below baseline: a meaningful change."
                                         : "Not yet 4 points below baseline.";
    }
  } else if (m && m->baseline) {
    reached = "Baseline below 4, so a 4-point drop cannot be shown.";
  }
  AddBaseline(spec, m);
  const double sem = input.noise[MeasureIndex(Measure::kItchNrs)].SemAt(0);
  spec.uncertainty_note = fmt::format("± 1 SEM ({} points)", FormatValue(sem, 1));
  if (m && m->latest) {
    spec.summary = Join({LatestSentence(*m, "Itch", sem, 0, spec), ChangeSentence(*m, 0), reached});
  }
  return Checked(std::move(spec));
}

Result<ChartSpec> BuildZoneDensityChart(const AssessmentInput& input,
                                        const ResponseAssessment& assessment,
                                        std::span<const ZoneDensityObservation> zones,
                                        const ChartExtras& extras) {
  ChartSpec spec = Skeleton(assessment, extras);
  spec.title = "Hair density by scalp zone";
  const MeasureInfo& info = InfoFor(Measure::kDensityPerCm2);
  const NoiseModel& noise = input.noise[MeasureIndex(Measure::kDensityPerCm2)];
  std::vector<std::string> names;
  for (std::size_t i = 0; i < zones.size(); ++i) {
    const ZoneDensityObservation& z = zones[i];
    const std::string at = fmt::format("zone_densities[{}]", i);
    if (auto ok =
            RequireInRange(at + ".hairs_per_cm2", z.hairs_per_cm2, info.min_value, info.max_value);
        !ok) {
      return tl::unexpected(ok.error());
    }
    auto found = std::find(names.begin(), names.end(), z.zone);
    if (found == names.end()) {
      if (names.size() == kMaxSeries) {
        return InvalidArgument(at + ".zone",
                               fmt::format("{} is a {}th zone; one chart draws at "
                                           "most {} zones",
                                           Quote(z.zone), kMaxSeries + 1, kMaxSeries));
      }
      names.push_back(z.zone);
      spec.series.push_back({ZoneTitle(z.zone), {}});
      found = names.end() - 1;
    }
    const PointState state = Awaiting(extras, z.date) ? PointState::kAwaitingConfirmation
                             : z.capture_quality_ok   ? PointState::kMeasured
                                                      : PointState::kExcludedByQuality;
    spec.series[found - names.begin()].points.push_back(
        MakePoint(z.date, z.hairs_per_cm2, noise.SemAt(z.hairs_per_cm2), info.min_value,
                  info.max_value, state));
  }
  double top = 10;
  for (Series& s : spec.series) {
    top = std::max(top, MaxUpper(s.points, 0));
    const ChartPoint* latest = nullptr;
    for (const ChartPoint& p : s.points) {
      if (p.state == PointState::kMeasured && (!latest || latest->date < p.date)) latest = &p;
    }
    if (latest) s.label += " " + FormatValue(latest->value, 0);
  }
  spec.y = {0, std::min(info.max_value, NiceCeiling(top * 1.05)),
            "Hair density from photos, hairs/cm² (higher is better)", "hairs/cm²", 0};
  spec.uncertainty_note = fmt::format("± 1 SEM ({} % of the value)", FormatValue(noise.sem, 1));
  spec.summary = fmt::format("Hair density in {} scalp zone{}, from the session photos.",
                             names.size(), names.size() == 1 ? "" : "s");
  return Checked(std::move(spec));
}

}  // namespace tricholog::chart
