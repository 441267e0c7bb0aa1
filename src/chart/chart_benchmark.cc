// How long drawing a chart takes: a 52-week SALT chart (weekly sessions, phases, decision weeks,
// the SALT 20 line, events) built and rendered to SVG at phone, A4 and desktop widths, next to
// serialising the same 53 points as JSON with nlohmann::json in the same run, so the ratio can be
// compared across machines.
//
//   build/ci/src/chart/chart_benchmark --benchmark_min_time=0.5
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>

#include "chart/chart_builders.h"
#include "chart/chart_svg.h"
#include "chart/chart_text.h"
#include "core/response_assessment.h"

namespace tricholog::chart {
namespace {

AssessmentInput FiftyTwoWeeks() {
  AssessmentInput input;
  input.course.treatment = TreatmentClass::kJakInhibitor;
  input.course.start_date = Date::FromDaysSinceEpoch(20000);
  for (int week = 0; week <= 52; ++week) {
    AssessmentSession session;
    session.date = input.course.start_date.AddDays(7 * week);
    session.values.Set(Measure::kSalt, 85.0 - week * 1.3 + (week % 3) * 2.0);
    session.capture_quality_ok = week % 9 != 5;
    input.sessions.push_back(session);
  }
  input.today = input.course.start_date.AddDays(7 * 52);
  return input;
}

struct Fixture {
  AssessmentInput input = FiftyTwoWeeks();
  ResponseAssessment assessment = *AssessResponse(input);
  ChartExtras extras{{{input.course.start_date.AddDays(7 * 20), EventKind::kDoseChange, "8 mg"}},
                     {}};
};

void BM_SaltChart52Weeks(benchmark::State& state) {
  const Fixture f;
  RenderOptions options;
  options.width_px = static_cast<int>(state.range(0));
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto spec = BuildSaltChart(f.input, f.assessment, f.extras);
    auto svg = RenderSvg(*spec, options);
    bytes = svg->size();
    benchmark::DoNotOptimize(svg);
  }
  state.counters["svg_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_SaltChart52Weeks)->Arg(360)->Arg(680)->Arg(1280);

void BM_SaltChart52WeeksWithTextEquivalent(benchmark::State& state) {
  const Fixture f;
  for (auto _ : state) {
    auto spec = BuildSaltChart(f.input, f.assessment, f.extras);
    auto figure = RenderFigureHtml(*spec, {});
    benchmark::DoNotOptimize(figure);
  }
}
BENCHMARK(BM_SaltChart52WeeksWithTextEquivalent);

// The baseline: the same 53 points as a JSON array of {date, value, lower, upper, state}.
void BM_SaltPoints52WeeksAsJson(benchmark::State& state) {
  const Fixture f;
  const ChartSpec spec = *BuildSaltChart(f.input, f.assessment, f.extras);
  for (auto _ : state) {
    nlohmann::json points = nlohmann::json::array();
    for (const ChartPoint& p : spec.series[0].points) {
      points.push_back({{"date", p.date.ToString()},
                        {"value", p.value},
                        {"lower", p.lower.value_or(p.value)},
                        {"upper", p.upper.value_or(p.value)},
                        {"state", PointStateName(p.state)}});
    }
    std::string text = points.dump();
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(BM_SaltPoints52WeeksAsJson);

}  // namespace
}  // namespace tricholog::chart

BENCHMARK_MAIN();
