#include "chart/chart_builders.h"

#include <gtest/gtest.h>

#include "chart/chart_json.h"
#include "chart/chart_svg.h"
#include "chart/chart_test_util.h"
#include "chart/chart_text.h"
#include "core/strict_json.h"

namespace tricholog::chart {
namespace {

using testing::RenderWithLibrsvg;
using testing::XmlDoc;

const Date kStart = *Date::Parse("2025-01-06");

AssessmentSession Session(int week, std::optional<double> salt, std::optional<double> easi = {},
                          std::optional<double> itch = {}, bool quality_ok = true) {
  AssessmentSession s;
  s.date = kStart.AddDays(7 * week);
  s.values.Set(Measure::kSalt, salt);
  s.values.Set(Measure::kEasi, easi);
  s.values.Set(Measure::kItchNrs, itch);
  s.capture_quality_ok = quality_ok;
  return s;
}

AssessmentInput Course() {
  AssessmentInput input;
  input.course.treatment = TreatmentClass::kJakInhibitor;
  input.course.start_date = kStart;
  input.sessions = {Session(0, 62, 20, 8), Session(4, 55, 14, 6),   Session(8, 10, 10, 5, false),
                    Session(12, 40, 6, 4), Session(16, 30, 4.5, 3), Session(24, 18, 4, 2)};
  input.today = kStart.AddDays(7 * 24);
  return input;
}

const ReferenceLine* FindLine(const ChartSpec& spec, LineStyle style) {
  for (const ReferenceLine& line : spec.lines) {
    if (line.style == style) return &line;
  }
  return nullptr;
}

TEST(SaltChart, ShowsTheResponseLineBaselinePhasesAndDecisionWeeks) {
  const AssessmentInput input = Course();
  const ResponseAssessment assessment = *AssessResponse(input);
  auto spec = BuildSaltChart(input, assessment);
  ASSERT_TRUE(spec.has_value()) << spec.error().ToString();
  EXPECT_EQ(spec->y.min, 0);
  EXPECT_EQ(spec->y.max, 100);
  ASSERT_EQ(spec->series.size(), 1u);
  const auto& points = spec->series[0].points;
  ASSERT_EQ(points.size(), 6u);
  EXPECT_EQ(points[2].state, PointState::kExcludedByQuality);  // failed the quality gate
  EXPECT_EQ(points[3].state, PointState::kMeasured);
  // Whiskers: ± 1 SEM of the SALT noise model (default MDC95 3 → SEM 1.08), clamped to the axis.
  const double sem = input.noise[MeasureIndex(Measure::kSalt)].SemAt(62);
  EXPECT_NEAR(*points[0].upper - points[0].value, sem, 1e-9);
  EXPECT_NEAR(sem, 1.08, 0.01);
  const ReferenceLine* threshold = FindLine(*spec, LineStyle::kThreshold);
  ASSERT_NE(threshold, nullptr);
  EXPECT_EQ(threshold->value, 20);
  ASSERT_NE(FindLine(*spec, LineStyle::kReference), nullptr);
  EXPECT_EQ(FindLine(*spec, LineStyle::kReference)->value, 62);
  EXPECT_EQ(spec->decision_weeks, (std::vector<int>{24, 36, 52}));
  ASSERT_EQ(spec->phases.size(), 4u);
  EXPECT_EQ(spec->phases[1].name, "Response window");
  ASSERT_EQ(spec->events.size(), 1u);
  EXPECT_EQ(spec->events[0].kind, EventKind::kStart);
  EXPECT_NE(spec->summary.find("SALT 18 (±1.1) at week 24, 23 Jun 2025; baseline 62."),
            std::string::npos)
      << spec->summary;
  EXPECT_NE(spec->summary.find("Down 44 points since baseline, more than measurement noise"),
            std::string::npos)
      << spec->summary;
  EXPECT_NE(spec->summary.find("At or below 20"), std::string::npos);
  const std::string svg = *RenderSvg(*spec);
  const XmlDoc doc(svg);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.Count("//s:path[@class='marker excluded_by_quality']"), 1u);
  EXPECT_TRUE(RenderWithLibrsvg(svg).ok);
}

TEST(SaltChart, AwaitingConfirmationIsHollowAndSaidInText) {
  const AssessmentInput input = Course();
  ChartExtras extras;
  extras.awaiting_confirmation = {kStart.AddDays(7 * 24)};
  extras.events = {{kStart.AddDays(-3), EventKind::kStart, "Baricitinib 4 mg"},
                   {kStart.AddDays(7 * 12), EventKind::kDoseChange, "2 mg"}};
  auto spec = BuildSaltChart(input, *AssessResponse(input), extras);
  ASSERT_TRUE(spec.has_value());
  EXPECT_EQ(spec->series[0].points.back().state, PointState::kAwaitingConfirmation);
  EXPECT_EQ(spec->events.size(), 2u);  // the given start replaces the automatic one
  EXPECT_NE(DescribeChart(*spec).find("1 awaiting confirmation, not counted yet"),
            std::string::npos);
}

TEST(SaltChart, SaltFromRegionsWhenNoScoreIsGiven) {
  AssessmentInput input = Course();
  input.sessions[0].values.Set(Measure::kSalt, std::nullopt);
  input.sessions[0].region_loss = RegionLossPercent{100, 50, 0, 0};  // 0.4·100 + 0.24·50 = 52
  auto spec = BuildSaltChart(input, *AssessResponse(input));
  ASSERT_TRUE(spec.has_value());
  EXPECT_DOUBLE_EQ(spec->series[0].points[0].value, 52);
}

TEST(EasiChart, DrawsEasi75AtAQuarterOfBaseline) {
  const AssessmentInput input = Course();
  auto spec = BuildEasiChart(input, *AssessResponse(input));
  ASSERT_TRUE(spec.has_value()) << spec.error().ToString();
  const ReferenceLine* easi75 = FindLine(*spec, LineStyle::kThreshold);
  ASSERT_NE(easi75, nullptr);
  EXPECT_DOUBLE_EQ(easi75->value, 5);  // 25 % of baseline 20
  EXPECT_EQ(easi75->label, "EASI-75: 5.0");
  EXPECT_EQ(spec->y.min, 0);
  EXPECT_GE(spec->y.max, 20);
  EXPECT_LE(spec->y.max, 72);
  // EASI is not photo-based: the session whose photos failed still counts.
  EXPECT_EQ(spec->series[0].points[2].state, PointState::kMeasured);
  EXPECT_NE(spec->summary.find("EASI-75 reached"), std::string::npos) << spec->summary;
}

TEST(ItchChart, DrawsFourPointsBelowBaseline) {
  const AssessmentInput input = Course();
  auto spec = BuildItchChart(input, *AssessResponse(input));
  ASSERT_TRUE(spec.has_value());
  EXPECT_EQ(spec->y.max, 10);
  ASSERT_NE(FindLine(*spec, LineStyle::kThreshold), nullptr);
  EXPECT_DOUBLE_EQ(FindLine(*spec, LineStyle::kThreshold)->value, 4);  // baseline 8 − 4
  EXPECT_NE(spec->summary.find("At least 4 points below baseline"), std::string::npos);
}

TEST(ItchChart, NoLineWhenBaselineIsBelowFour) {
  AssessmentInput input = Course();
  for (AssessmentSession& s : input.sessions) s.values.Set(Measure::kItchNrs, 3);
  auto spec = BuildItchChart(input, *AssessResponse(input));
  ASSERT_TRUE(spec.has_value());
  EXPECT_EQ(FindLine(*spec, LineStyle::kThreshold), nullptr);
  EXPECT_NE(spec->summary.find("Baseline below 4"), std::string::npos);
}

TEST(ZoneChart, OneSeriesPerZoneWithDirectLabels) {
  const AssessmentInput input = Course();
  std::vector<ZoneDensityObservation> zones;
  for (int week : {0, 12, 24}) {
    zones.push_back({kStart.AddDays(7 * week), "frontal", 80.0 + week, true});
    zones.push_back({kStart.AddDays(7 * week), "mid_scalp", 60.0 + 2 * week, week != 12});
    zones.push_back({kStart.AddDays(7 * week), "vertex", 40.0 + 3 * week, true});
  }
  auto spec = BuildZoneDensityChart(input, *AssessResponse(input), zones);
  ASSERT_TRUE(spec.has_value()) << spec.error().ToString();
  ASSERT_EQ(spec->series.size(), 3u);
  EXPECT_EQ(spec->series[0].label, "Frontal 104");
  EXPECT_EQ(spec->series[1].label, "Mid scalp 108");
  EXPECT_EQ(spec->series[1].points[1].state, PointState::kExcludedByQuality);
  EXPECT_GE(spec->y.max, 112 * 1.05);
  const XmlDoc doc(*RenderSvg(*spec));
  EXPECT_EQ(doc.Count("//s:text[@class='direct-label']"), 3u);
}

TEST(ZoneChart, RefusesASeventhZoneAndOutOfRangeDensity) {
  const AssessmentInput input = Course();
  const ResponseAssessment assessment = *AssessResponse(input);
  std::vector<ZoneDensityObservation> zones;
  for (int i = 0; i < 7; ++i) zones.push_back({kStart, "zone" + std::to_string(i), 50, true});
  auto spec = BuildZoneDensityChart(input, assessment, zones);
  ASSERT_FALSE(spec.has_value());
  EXPECT_EQ(spec.error().field, "zone_densities[6].zone");
  zones.resize(1);
  zones[0].hairs_per_cm2 = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(BuildZoneDensityChart(input, assessment, zones).error().field,
            "zone_densities[0].hairs_per_cm2");
}

TEST(Builders, NoSessionsGiveAnEmptyChart) {
  AssessmentInput input = Course();
  input.sessions.clear();
  const ResponseAssessment assessment = *AssessResponse(input);
  for (auto build : {BuildSaltChart, BuildEasiChart, BuildItchChart}) {
    auto spec = build(input, assessment, {});
    ASSERT_TRUE(spec.has_value());
    EXPECT_TRUE(spec->series[0].points.empty());
    const XmlDoc doc(*RenderSvg(*spec));
    EXPECT_EQ(doc.Value("//s:text[@class='empty']"), "No measurements yet");
  }
}

TEST(Builders, NiceCeiling) {
  EXPECT_EQ(NiceCeiling(21), 25);
  EXPECT_EQ(NiceCeiling(20), 20);
  EXPECT_EQ(NiceCeiling(112), 120);
  EXPECT_EQ(NiceCeiling(0.75), 0.8);
  EXPECT_EQ(NiceCeiling(153), 160);
  EXPECT_EQ(NiceCeiling(0), 1);
}

constexpr const char* kDocument = R"({
  "course": {"treatment_class": "il4r_antibody", "start_date": "2025-01-06"},
  "today": "2025-05-05",
  "sessions": [
    {"date": "2025-01-06", "salt": 40, "easi": 18, "itch_nrs": 8},
    {"date": "2025-02-03", "salt": 35, "easi": 9, "itch_nrs": 5, "capture_quality_ok": false},
    {"date": "2025-03-03", "salt": 25, "easi": 4, "itch_nrs": 3}
  ],
  "events": [{"date": "2025-01-20", "kind": "dose_change", "label": "300 mg every 2 weeks"}],
  "awaiting_confirmation": ["2025-03-03"],
  "zone_densities": [{"date": "2025-01-06", "zone": "vertex", "hairs_per_cm2": 55.5},
                     {"date": "2025-03-03", "zone": "vertex", "hairs_per_cm2": 70,
                      "capture_quality_ok": true}]
})";

TEST(ChartJson, ReadsTheDocumentedInput) {
  auto document = ChartDocumentFromJson(*ParseStrictJson(kDocument, "test"));
  ASSERT_TRUE(document.has_value()) << document.error().ToString();
  EXPECT_EQ(document->input.sessions.size(), 3u);
  ASSERT_EQ(document->extras.events.size(), 1u);
  EXPECT_EQ(document->extras.events[0].kind, EventKind::kDoseChange);
  EXPECT_EQ(document->extras.awaiting_confirmation.size(), 1u);
  ASSERT_EQ(document->zones.size(), 2u);
  EXPECT_DOUBLE_EQ(document->zones[0].hairs_per_cm2, 55.5);
  for (const char* name : {"salt", "easi", "itch", "zones"}) {
    auto spec = BuildChart(*ParseChartKind(name), *document);
    ASSERT_TRUE(spec.has_value()) << name << ": " << spec.error().ToString();
    EXPECT_TRUE(RenderSvg(*spec).has_value()) << name;
  }
  EXPECT_EQ(ParseChartKind("density").error().field, "chart");
}

TEST(ChartJson, ErrorsNameTheField) {
  struct Case {
    std::string from, to, field;
  };
  const std::vector<Case> cases = {
      {R"("hairs_per_cm2": 55.5)", R"("hairs_per_cm2": 1000.5)", "zone_densities[0].hairs_per_cm2"},
      {R"("hairs_per_cm2": 55.5)", R"("hairs_per_cm2": "55")", "zone_densities[0].hairs_per_cm2"},
      {R"("zone": "vertex", "hairs_per_cm2": 55.5)", R"("zone": "", "hairs_per_cm2": 55.5)",
       "zone_densities[0].zone"},
      {R"("kind": "dose_change")", R"("kind": "pause")", "events[0].kind"},
      {R"("label": "300 mg every 2 weeks")", R"("label": 300)", "events[0].label"},
      {R"("label": "300 mg every 2 weeks")", R"("labl": "x")", "events[0].labl"},
      {R"(["2025-03-03"])", R"(["2025-02-30"])", "awaiting_confirmation[0]"},
      {R"("events": [)", R"("event": [)", "event"},
      {R"("salt": 40,)", R"("salt": 140,)", "sessions[0].salt"},
      {R"("date": "2025-01-20")", R"("date": "2065-01-20")", "events[0].date"},
  };
  for (const Case& c : cases) {
    std::string text = kDocument;
    const auto at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    text.replace(at, c.from.size(), c.to);
    auto json = ParseStrictJson(text, "test");
    ASSERT_TRUE(json.has_value()) << c.to;
    auto document = ChartDocumentFromJson(*json);
    Result<ChartSpec> spec = document ? BuildChart(ChartKind::kSalt, *document)
                                      : Result<ChartSpec>(tl::unexpected(document.error()));
    ASSERT_FALSE(spec.has_value()) << c.to;
    EXPECT_EQ(spec.error().field, c.field) << spec.error().ToString();
  }
}

}  // namespace
}  // namespace tricholog::chart
