#include "chart/chart_svg.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <set>

#include "chart/chart_test_util.h"
#include "chart/chart_text.h"

namespace tricholog::chart {
namespace {

using testing::Attr;
using testing::RenderWithLibrsvg;
using testing::Translation;
using testing::XmlDoc;

const Date kStart = *Date::Parse("2025-01-06");

ChartPoint At(int day, double value, PointState state = PointState::kMeasured) {
  ChartPoint p;
  p.date = kStart.AddDays(day);
  p.value = value;
  p.state = state;
  return p;
}

ChartSpec Salt(std::vector<ChartPoint> points) {
  ChartSpec spec;
  spec.title = "SALT over time";
  spec.start_date = kStart;
  spec.y = {0, 100, "SALT: % of scalp without hair", "", 0};
  spec.series.push_back({"SALT", std::move(points)});
  spec.phases = {{"Observation", "Obs.", 0, 13},
                 {"Response window", "Response", 13, 26},
                 {"Continued assessment", "Continued", 26, 52},
                 {"Maintenance", "Maint.", 52, {}}};
  spec.decision_weeks = {24, 36, 52};
  spec.lines = {{20, "SALT 20", LineStyle::kThreshold}};
  spec.events = {{kStart, EventKind::kStart, "Start"}};
  return spec;
}

std::string Render(const ChartSpec& spec, int width = 640) {
  RenderOptions options;
  options.width_px = width;
  auto svg = RenderSvg(spec, options);
  EXPECT_TRUE(svg.has_value()) << svg.error().ToString();
  return svg.value_or("");
}

double TickX(const XmlDoc& doc, int week) {
  return std::stod(
      doc.Value("//s:line[@class='xtick'][@data-week='" + std::to_string(week) + "']/@x1"));
}
double GridY(const XmlDoc& doc, const std::string& value) {
  return std::stod(doc.Value("//s:line[@class='grid'][@data-value='" + value + "']/@y1"));
}

TEST(ChartSvg, IsWellFormedXmlWithAnAccessibleName) {
  const std::string svg = Render(Salt({At(0, 80), At(28, 70), At(56, 60)}));
  const XmlDoc doc(svg);
  ASSERT_TRUE(doc.ok()) << svg;
  EXPECT_EQ(doc.Value("/s:svg/@role"), "img");
  EXPECT_EQ(doc.Value("/s:svg/@aria-labelledby"), "chart-title chart-desc");
  EXPECT_EQ(doc.Value("//s:title[@id='chart-title']"), "SALT over time");
  EXPECT_NE(doc.Value("//s:desc[@id='chart-desc']").find("3 counted measurements"),
            std::string::npos);
  EXPECT_NE(doc.Value("/s:svg/@font-family").find("system-ui"), std::string::npos);
  // Nothing a strict CSP or the PDF renderer would refuse: no style element, script or link.
  EXPECT_EQ(doc.Count("//s:style | //s:script | //s:image | //s:a | //*[@href]"), 0u);
}

TEST(ChartSvg, RendersNonEmptyWithLibrsvg) {
  const std::string svg = Render(Salt({At(0, 80), At(28, 70), At(56, 60)}), 640);
  const auto rendered = RenderWithLibrsvg(svg);
  ASSERT_TRUE(rendered.ok) << rendered.error;
  EXPECT_EQ(rendered.width, 640);
  EXPECT_GT(rendered.height, 200);
  // Axes, bands, text and the line leave well over 2 % of the pixels inked.
  EXPECT_GT(rendered.inked_pixels, rendered.width * rendered.height / 50);
}

TEST(ChartSvg, PointsLandAtTheirWeekAndValue) {
  // Week 0 value 80, week 6 value 30, week 12 value 50.
  const XmlDoc doc(Render(Salt({At(0, 80), At(42, 30), At(84, 50)}), 1280));
  ASSERT_TRUE(doc.ok());
  const double x0 = TickX(doc, 0), x12 = TickX(doc, 12);
  const double y20 = GridY(doc, "20.000"), y40 = GridY(doc, "40.000");
  const double y0 = GridY(doc, "0.000"), y100 = GridY(doc, "100.000");
  const auto markers = doc.Find("//s:path[starts-with(@class, 'marker')]");
  ASSERT_EQ(markers.size(), 3u);
  const auto [mx0, my0] = Translation(markers[0]);
  const auto [mx6, my6] = Translation(markers[1]);
  const auto [mx12, my12] = Translation(markers[2]);
  EXPECT_NEAR(mx0, x0, 0.11);
  EXPECT_NEAR(mx12, x12, 0.11);
  EXPECT_NEAR(mx6, (x0 + x12) / 2, 0.11);
  EXPECT_NEAR(my6, (y20 + y40) / 2, 0.11);
  EXPECT_NEAR(my0, y0 + (y100 - y0) * 0.8, 0.11);
  EXPECT_NEAR(my12, y0 + (y100 - y0) * 0.5, 0.11);
  EXPECT_LT(y100, y0);  // not inverted: 100 at the top
  // The threshold line sits at 20.
  EXPECT_NEAR(std::stod(doc.Value("//s:line[@class='threshold']/@y1")), y20, 0.11);
  EXPECT_EQ(doc.Value("//s:line[@class='threshold']/@stroke-dasharray"), "7 4");
}

TEST(ChartSvg, HollowPointsAreDrawnButLeftOutOfTheTrendLine) {
  const XmlDoc doc(Render(Salt({At(0, 80), At(28, 75, PointState::kExcludedByQuality), At(56, 60),
                                At(84, 20, PointState::kAwaitingConfirmation), At(112, 50)})));
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.Count("//s:path[@class='marker measured']"), 3u);
  EXPECT_EQ(doc.Count("//s:path[@class='marker excluded_by_quality']"), 1u);
  EXPECT_EQ(doc.Count("//s:path[@class='marker awaiting_confirmation']"), 1u);
  EXPECT_EQ(doc.Count("//s:path[@class='marker measured'][@fill='#ffffff']"), 0u);
  EXPECT_EQ(doc.Count("//s:path[starts-with(@class, 'marker ')][@class!='marker measured']"
                      "[@fill!='#ffffff']"),
            0u);
  const std::string trend = doc.Value("//s:polyline[@class='trend']/@points");
  int pairs = 0;
  for (char c : trend) pairs += c == ',';
  EXPECT_EQ(pairs, 3);
  for (const auto* state : {"excluded_by_quality", "awaiting_confirmation"}) {
    const auto node = doc.Find(std::string("//s:path[@class='marker ") + state + "']")[0];
    const auto [x, y] = Translation(node);
    char coordinate[64];
    std::snprintf(coordinate, sizeof coordinate, "%.1f", x);
    EXPECT_EQ(trend.find(coordinate), std::string::npos) << state << " is in " << trend;
  }
  EXPECT_NE(doc.Value("//s:text[@class='key']").find("Hollow points are not counted"),
            std::string::npos);
}

TEST(ChartSvg, NarrowChartsGetFewerTicks) {
  std::vector<ChartPoint> weekly;
  for (int w = 0; w <= 52; w += 4) weekly.push_back(At(7 * w, 80 - w));
  const ChartSpec spec = Salt(weekly);
  const XmlDoc phone(Render(spec, 360)), a4(Render(spec, 680)), desktop(Render(spec, 1280));
  const std::size_t phone_ticks = phone.Count("//s:line[@class='xtick']");
  const std::size_t a4_ticks = a4.Count("//s:line[@class='xtick']");
  const std::size_t desktop_ticks = desktop.Count("//s:line[@class='xtick']");
  EXPECT_GE(phone_ticks, 3u);
  EXPECT_LT(phone_ticks, a4_ticks);
  EXPECT_LT(a4_ticks, desktop_ticks);
  EXPECT_LE(phone.Count("//s:line[@class='grid']"), desktop.Count("//s:line[@class='grid']"));
  // The same 14 points and the same lines at every width.
  EXPECT_EQ(phone.Count("//s:path[starts-with(@class, 'marker')]"), 14u);
  EXPECT_EQ(desktop.Count("//s:path[starts-with(@class, 'marker')]"), 14u);
  EXPECT_EQ(phone.Value("/s:svg/@width"), "360");
}

TEST(ChartSvg, WeekTicksAreAtLeastTheMinimumApart) {
  EXPECT_EQ(WeekTickStep(54, 300), 12);  // a phone: 5.6 px per week
  EXPECT_EQ(WeekTickStep(54, 1200), 4);  // a desktop: 22 px per week
  EXPECT_EQ(WeekTickStep(12, 1200), 1);
  EXPECT_EQ(WeekTickStep(520, 300), 104);
  EXPECT_GE(WeekTickStep(1100, 250) * 250 / 1100, kMinWeekTickSpacingPx);
  EXPECT_EQ(ValueTickStep(0, 100, 300), 10);
  EXPECT_EQ(ValueTickStep(0, 100, 150), 20);
  EXPECT_EQ(ValueTickStep(0, 10, 150), 2);
  EXPECT_EQ(ValueTickStep(0, 1, 300), 0.1);
}

TEST(ChartSvg, EscapesHostileLabels) {
  const std::string hostile = "<script>alert(\"x\")</script> & 'q' ]]> <!--";
  ChartSpec spec = Salt({At(0, 80), At(28, 70)});
  spec.title = hostile;
  spec.summary = hostile;
  spec.y.caption = hostile;
  spec.series.push_back({hostile, {At(0, 60), At(28, 50)}});
  spec.lines[0].label = hostile;
  spec.events[0].label = hostile;
  spec.phases[0].name = hostile;
  RenderOptions options;
  options.width_px = 1280;
  const std::string svg = *RenderSvg(spec, options);
  const XmlDoc doc(svg);
  ASSERT_TRUE(doc.ok()) << svg;
  EXPECT_EQ(doc.Count("//*[local-name()='script']"), 0u);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(doc.Value("//s:title"), hostile);  // the parser reads back exactly what was given
  EXPECT_NE(svg.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"),
            std::string::npos);
  EXPECT_TRUE(RenderWithLibrsvg(svg).ok);
  const XmlDoc table(ChartDataTableHtml(spec));
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table.Count("//script"), 0u);
  EXPECT_EQ(table.Count("//tbody/tr"), 4u);
}

TEST(ChartSvg, ControlCharactersAndInvalidUtf8StayWellFormed) {
  ChartSpec spec = Salt({At(0, 80)});
  spec.title = std::string("bad\x01\x02 bytes \xff\xfe and \xc3\x28 end", 25);
  const std::string svg = Render(spec);
  const XmlDoc doc(svg);
  ASSERT_TRUE(doc.ok()) << svg;
  EXPECT_EQ(doc.Value("//s:title"), "bad bytes \xEF\xBF\xBD\xEF\xBF\xBD and \xEF\xBF\xBD( end");
}

TEST(ChartSvg, EmptyChartSaysSo) {
  ChartSpec none = Salt({});
  none.series.clear();
  for (const ChartSpec& spec : {Salt({}), none}) {
    const std::string svg = Render(spec);
    const XmlDoc doc(svg);
    ASSERT_TRUE(doc.ok()) << svg;
    EXPECT_EQ(doc.Value("//s:text[@class='empty']"), "No measurements yet");
    EXPECT_EQ(doc.Count("//s:path[starts-with(@class, 'marker')]"), 0u);
    EXPECT_EQ(doc.Count("//s:polyline"), 0u);
    EXPECT_GE(doc.Count("//s:line[@class='xtick']"), 2u);
    EXPECT_TRUE(RenderWithLibrsvg(svg).ok);
  }
}

TEST(ChartSvg, SinglePointHasNoTrendLine) {
  const std::string svg = Render(Salt({At(-3, 64)}));
  const XmlDoc doc(svg);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.Count("//s:path[@class='marker measured']"), 1u);
  EXPECT_EQ(doc.Count("//s:polyline"), 0u);
  // The axis still runs from before the start to the next decision week (24).
  EXPECT_EQ(doc.Count("//s:line[@class='decision'][@data-week='24']"), 1u);
  EXPECT_EQ(doc.Count("//s:line[@class='decision'][@data-week='36']"), 0u);
  EXPECT_NE(DescribeChart(Salt({At(-3, 64)})).find("one counted measurement, 64 at week -0.4"),
            std::string::npos);
}

TEST(ChartSvg, SeveralSeriesGetDirectLabelsThatDoNotOverlap) {
  ChartSpec spec = Salt({At(0, 50), At(28, 40)});
  spec.series[0].label = "Frontal";
  spec.series.push_back({"Vertex", {At(0, 51), At(28, 41)}});
  spec.series.push_back({"Occipital", {At(0, 52), At(28, 40.5)}});
  const XmlDoc doc(Render(spec));
  ASSERT_TRUE(doc.ok());
  const auto labels = doc.Find("//s:text[@class='direct-label']");
  ASSERT_EQ(labels.size(), 3u);
  std::vector<double> ys;
  for (auto* label : labels) ys.push_back(std::stod(Attr(label, "y")));
  std::sort(ys.begin(), ys.end());
  EXPECT_GE(ys[1] - ys[0], 13.9);
  EXPECT_GE(ys[2] - ys[1], 13.9);
  // Series differ in dash pattern as well as colour (greyscale).
  EXPECT_EQ(doc.Count("//s:polyline[@class='trend'][not(@stroke-dasharray)]"), 1u);
  EXPECT_EQ(doc.Count("//s:polyline[@class='trend'][@stroke-dasharray]"), 2u);
  // ... and in marker shape: three series, three different marker paths.
  std::set<std::string> shapes;
  for (auto* marker : doc.Find("//s:path[starts-with(@class, 'marker')]")) {
    shapes.insert(Attr(marker, "d"));
  }
  EXPECT_EQ(shapes.size(), 3u);
}

TEST(ChartSvg, TitleCanBeLeftToThePage) {
  RenderOptions options;
  options.show_title = false;
  const XmlDoc doc(*RenderSvg(Salt({At(0, 80)}), options));
  EXPECT_EQ(doc.Value("//s:title"), "SALT over time");  // still the accessible name
  EXPECT_EQ(doc.Count("//s:text[text()='SALT over time']"), 0u);
  const XmlDoc titled(Render(Salt({At(0, 80)})));
  EXPECT_EQ(titled.Count("//s:text[text()='SALT over time']"), 1u);
}

TEST(ChartSvg, RefusesNonFiniteNumbersNamingTheField) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  struct Case {
    std::function<void(ChartSpec&)> change;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[&](ChartSpec& s) { s.series[0].points[1].value = nan; }, "series[0].points[1].value"},
      {[&](ChartSpec& s) { s.series[0].points[0].value = inf; }, "series[0].points[0].value"},
      {[&](ChartSpec& s) {
         s.series[0].points[0].lower = 70;
         s.series[0].points[0].upper = inf;
       },
       "series[0].points[0].upper"},
      {[&](ChartSpec& s) {
         s.series[0].points[0].lower = 90;
         s.series[0].points[0].upper = 95;
       },
       "series[0].points[0].lower"},
      {[&](ChartSpec& s) { s.series[0].points[0].lower = 70; }, "series[0].points[0].upper"},
      {[&](ChartSpec& s) { s.series[0].points[1].value = 101; }, "series[0].points[1].value"},
      {[&](ChartSpec& s) { s.lines[0].value = -inf; }, "lines[0].value"},
      {[&](ChartSpec& s) { s.y.max = nan; }, "y.max"},
      {[&](ChartSpec& s) { s.y.min = 100; }, "y.max"},
      {[&](ChartSpec& s) { s.phases[1].end_week = 13; }, "phases[1].end_week"},
      {[&](ChartSpec& s) { s.phases[0].start_week = nan; }, "phases[0].start_week"},
      {[&](ChartSpec& s) { s.decision_weeks = {5000}; }, "decision_weeks[0]"},
      {[&](ChartSpec& s) { s.events[0].date = kStart.AddDays(7 * 2000); }, "events[0].date"},
      {[&](ChartSpec& s) { s.series[0].points[0].date = kStart.AddDays(-7 * 200); },
       "series[0].points[0].date"},
      {[&](ChartSpec& s) { s.series[0].label = std::string(201, 'a'); }, "series[0].label"},
      {[&](ChartSpec& s) { s.series.resize(7); }, "series"},
  };
  for (const Case& c : cases) {
    ChartSpec spec = Salt({At(0, 80), At(28, 70)});
    c.change(spec);
    auto svg = RenderSvg(spec);
    ASSERT_FALSE(svg.has_value()) << c.field;
    EXPECT_EQ(svg.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(svg.error().field, c.field) << svg.error().ToString();
  }
}

TEST(ChartSvg, RefusesBadOptions) {
  const ChartSpec spec = Salt({At(0, 80)});
  RenderOptions options;
  options.width_px = 100;
  EXPECT_EQ(RenderSvg(spec, options).error().field, "width");
  options.width_px = 640;
  options.height_px = 170;  // no room left for the plot
  EXPECT_EQ(RenderSvg(spec, options).error().field, "height");
  options.height_px = 0;
  for (const char* id : {"", "9chart", "a b", "x\"onload=\"", "<"}) {
    options.id = id;
    EXPECT_EQ(RenderSvg(spec, options).error().field, "id") << id;
  }
  options.id = "salt-chart_2";
  const XmlDoc doc(*RenderSvg(spec, options));
  EXPECT_EQ(doc.Value("/s:svg/@aria-labelledby"), "salt-chart_2-title salt-chart_2-desc");
}

TEST(ChartSvg, FixedHeightIsKept) {
  RenderOptions options;
  options.width_px = 680;
  options.height_px = 420;
  const XmlDoc doc(*RenderSvg(Salt({At(0, 80), At(14, 20)}), options));
  EXPECT_EQ(doc.Value("/s:svg/@height"), "420");
}

TEST(ChartSvg, EventsAndDecisionWeeksAreMarked) {
  ChartSpec spec = Salt({At(0, 80), At(70, 50)});
  spec.events.push_back({kStart.AddDays(28), EventKind::kDoseChange, "300 mg every 2 weeks"});
  spec.events.push_back({kStart.AddDays(63), EventKind::kStop, "Stopped"});
  const XmlDoc doc(Render(spec, 1280));
  EXPECT_EQ(doc.Count("//s:path[@class='event start']"), 1u);
  EXPECT_EQ(doc.Count("//s:path[@class='event dose_change']"), 1u);
  EXPECT_EQ(doc.Count("//s:path[@class='event stop']"), 1u);
  EXPECT_EQ(doc.Count("//s:text[text()='300 mg every 2 weeks']"), 1u);
  // Data to week 10: the axis runs to the next decision week, 24, and stops there.
  EXPECT_EQ(doc.Count("//s:line[@class='decision']"), 1u);
  EXPECT_EQ(doc.Count("//s:text[text()='wk 24']"), 1u);
  EXPECT_EQ(doc.Count("//s:rect[@class='phase']"), 2u);
  EXPECT_EQ(doc.Count("//s:text[text()='Observation']"), 1u);
}

TEST(ChartText, TableAndPlainTextHoldEveryPoint) {
  ChartSpec spec = Salt({At(0, 80), At(28, 75, PointState::kExcludedByQuality), At(56, 60)});
  spec.series[0].points[0].lower = 76;
  spec.series[0].points[0].upper = 84;
  const XmlDoc table(ChartDataTableHtml(spec));
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table.Count("//tbody/tr"), 3u);
  EXPECT_EQ(table.Count("//th[@scope='col']"), 5u);
  EXPECT_EQ(table.Value("//tbody/tr[1]/td[2]"), "6 Jan 2025");
  EXPECT_EQ(table.Value("//tbody/tr[1]/td[4]"), "76 to 84");
  EXPECT_EQ(table.Value("//tbody/tr[2]/td[5]"), "not counted: failed the photo quality check");
  const std::string text = ChartDataText(spec);
  EXPECT_NE(text.find("Week 4 (3 Feb 2025): 75, not counted: failed the photo quality check"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Line: SALT 20 at 20"), std::string::npos);
  const std::string sentence = DescribeChart(spec);
  EXPECT_NE(sentence.find("2 counted measurements, from 80 at week 0 (6 Jan 2025) to 60 at "
                          "week 8 (3 Mar 2025)"),
            std::string::npos)
      << sentence;
  EXPECT_NE(sentence.find("1 not counted because the photos failed the quality check"),
            std::string::npos);
  auto figure = RenderFigureHtml(spec, {});
  ASSERT_TRUE(figure.has_value());
  const XmlDoc html(*figure);
  ASSERT_TRUE(html.ok());
  EXPECT_EQ(html.Count("/figure/s:svg"), 1u);
  EXPECT_EQ(html.Count("/figure/figcaption"), 1u);
  EXPECT_EQ(html.Count("/figure/details/table"), 1u);
}

TEST(ChartModel, FormatsDatesAndValuesForPeople) {
  EXPECT_EQ(DisplayDate(*Date::Parse("2026-03-03")), "3 Mar 2026");
  EXPECT_EQ(FormatValue(-0.04, 1), "0.0");
  EXPECT_EQ(FormatValue(12.26, 1), "12.3");
  EXPECT_EQ(WeeksOnTreatment(kStart, kStart.AddDays(-7)), -1);
}

}  // namespace
}  // namespace tricholog::chart
