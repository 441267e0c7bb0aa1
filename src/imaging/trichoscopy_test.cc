#include "imaging/trichoscopy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "imaging/image_decode.h"
#include "imaging/scale_bar.h"
#include "imaging/shaft_graph.h"

namespace tricholog::imaging {
namespace {

namespace fs = std::filesystem;

// Accuracy bounds on ../shared/data. The targets are: synthetic count error
// <= 8 %, vellus percent within 8 points, mean width within 10 %; real 70x count MAPE
// <= 15 %. The count targets are NOT met yet; these bounds sit just above the measured
// figures so that any regression fails, and must be tightened to the targets as the
// method improves (docs/trichoscopy.md).
// The default count, the mean of the traced and the learned estimates (step 10): measured
// synthetic 11.6 %, real 19.5 %.
constexpr double kSyntheticCountMapeLimit = 12.5;  // target 8
constexpr double kRealCountMapeLimit = 20.0;       // target 15
// The traced shafts alone (steps 1-8; the default count before step 10): synthetic 18.6 %
// / 5.9 points / 8.8 %, real 20.9 %. Vellus and width always come from the traced shafts.
constexpr double kSyntheticTracedCountMapeLimit = 19.5;
constexpr double kSyntheticVellusMaeLimit = 7.0;   // target 8 (met)
constexpr double kSyntheticWidthMapeLimit = 10.0;  // target 10 (met)
constexpr double kRealTracedCountMapeLimit = 21.5;
// The learned counter alone (step 9): measured 8.5 % on the synthetic fields and 28.2 % on
// the real ones (8.4 % and 98.8 % before it was fed the field minus its local mean; 12.8 %
// and 92.0 % before its second training phase).
constexpr double kSyntheticLearnedCountMapeLimit = 9.0;  // target 8
constexpr double kRealLearnedCountMapeLimit = 30.0;      // target 15

// An 800 x 600 px field of colour `bgr` with Gaussian noise of `sigma` grey levels.
cv::Mat NoisyField(cv::Scalar bgr, double sigma, int seed) {
  cv::Mat image(600, 800, CV_16SC3, bgr);
  cv::Mat noise(image.size(), CV_16SC3);
  cv::RNG rng(static_cast<std::uint64_t>(seed));
  rng.fill(noise, cv::RNG::NORMAL, 0, sigma);
  image += noise;
  image.convertTo(image, CV_8UC3);
  return image;
}

// Skin-coloured field with texture (Gaussian noise, sigma 6 grey levels), 800 x 600 px.
cv::Mat Skin() { return NoisyField(cv::Scalar(150, 170, 205), 6, 3); }

// A straight shaft exactly `width_px` wide (a filled rectangle; cv::line's thickness t
// draws about t + 2 px).
void DrawHair(cv::Mat& image, cv::Point a, cv::Point b, double width_px) {
  const cv::Point2d d = cv::Point2d(b - a) / cv::norm(b - a);
  const cv::Point2d n(-d.y * width_px / 2, d.x * width_px / 2);
  constexpr int kShift = 4;  // sub-pixel corners
  const auto fixed = [](cv::Point2d p) { return cv::Point(cvRound(p.x * 16), cvRound(p.y * 16)); };
  const cv::Point corners[4] = {fixed(cv::Point2d(a) + n), fixed(cv::Point2d(b) + n),
                                fixed(cv::Point2d(b) - n), fixed(cv::Point2d(a) - n)};
  cv::fillConvexPoly(image, corners, 4, cv::Scalar(40, 40, 50), cv::LINE_AA, kShift);
}

// The tracer's own count (steps 1-8): the drawn-field tests below check the traced shafts.
TrichoscopyOptions AtScale(double um_per_px) {
  TrichoscopyOptions options;
  options.um_per_px = um_per_px;
  options.count_method = HairCountMethod::kTraced;
  return options;
}

TEST(Trichoscopy, CrossingHairsAreTwoHairs) {
  cv::Mat image = Skin();
  DrawHair(image, {100, 100}, {700, 500}, 11);
  DrawHair(image, {100, 500}, {700, 100}, 11);
  auto result = AnalyzeTrichoscopy(image, AtScale(6.0));
  ASSERT_TRUE(result) << result.error().ToString();
  EXPECT_EQ(result->hair_count, 2);
  // Anti-aliased polygon edges add about a pixel; the exact case is tested below.
  EXPECT_NEAR(result->mean_width_um, 66.0, 10.0);
  EXPECT_EQ(result->scale_source, "given");
}

TEST(Trichoscopy, MeasuresTheWidthOfAnExactShaft) {
  cv::Mat image = Skin();
  cv::rectangle(image, cv::Rect(100, 200, 600, 10), cv::Scalar(40, 40, 50),
                cv::FILLED);  // exactly 10 px
  auto result = AnalyzeTrichoscopy(image, AtScale(6.0));
  ASSERT_TRUE(result);
  ASSERT_EQ(result->hair_count, 1);
  EXPECT_NEAR(result->mean_width_um, 60.0, 6.0);
  EXPECT_NEAR(result->hairs[0].length_um, 3600.0, 360.0);
}

TEST(Trichoscopy, FindsABrownHairOnRedSkinByItsColourContrast) {
  // Red skin and a brown shaft: 13 grey levels apart (too faint for the grey-level
  // threshold) but 50 levels apart in the red channel.
  cv::Mat image = NoisyField(cv::Scalar(110, 120, 200), 4, 5);
  cv::Mat shaft = cv::Mat::zeros(image.size(), CV_8UC1);
  DrawHair(shaft, {150, 150}, {650, 450}, 12);
  image.setTo(cv::Scalar(100, 125, 150), shaft >= 20);  // pixels at least half covered
  auto result = AnalyzeTrichoscopy(image, AtScale(6.0));
  ASSERT_TRUE(result);
  ASSERT_EQ(result->hair_count, 1);
  EXPECT_NEAR(result->mean_width_um, 72.0, 15.0);
}

TEST(Trichoscopy, ThirtyDegreeCrossingIsStillTwoHairs) {
  cv::Mat image = Skin();
  DrawHair(image, {50, 200}, {750, 400}, 9);
  DrawHair(image, {50, 400}, {750, 200}, 9);  // about 32 degrees apart
  auto result = AnalyzeTrichoscopy(image, AtScale(6.0));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->hair_count, 2);
}

TEST(Trichoscopy, HairEndingOnAnotherIsTwoHairs) {
  cv::Mat image = Skin();
  DrawHair(image, {100, 300}, {700, 300}, 10);
  DrawHair(image, {400, 300}, {400, 60}, 10);  // a T
  auto result = AnalyzeTrichoscopy(image, AtScale(6.0));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->hair_count, 2);
}

TEST(Trichoscopy, SideBySideHairsOfAUnitAreEachCounted) {
  cv::Mat image = Skin();
  // Three 72 µm shafts touching along their length: one 216 µm ribbon in the mask.
  for (int i = 0; i < 3; ++i) DrawHair(image, {300 + 12 * i, 150}, {300 + 12 * i, 450}, 12);
  auto result = AnalyzeTrichoscopy(image, AtScale(6.0));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->hair_count, 3);
  EXPECT_NEAR(result->mean_width_um, 72.0, 12.0);
}

TEST(Trichoscopy, WindingLineIsNotAHair) {
  cv::Mat image = Skin();
  // A curled crease: dark and thin like a vellus shaft, but its ends are close together
  // for its length (a 300° arc, 0.25 mm across).
  cv::ellipse(image, {400, 220}, {40, 40}, 0, 0, 300, cv::Scalar(60, 60, 70), 3);
  DrawHair(image, {100, 450}, {700, 500}, 10);
  auto result = AnalyzeTrichoscopy(image, AtScale(6.0));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->hair_count, 1);
}

TEST(Trichoscopy, DotsAreNotHairs) {
  cv::Mat image = Skin();
  DrawHair(image, {100, 100}, {300, 150}, 10);
  DrawHair(image, {500, 400}, {700, 450}, 10);
  cv::circle(image, {600, 150}, 14, cv::Scalar(30, 30, 30), cv::FILLED);    // black dot
  cv::circle(image, {200, 450}, 18, cv::Scalar(90, 190, 220), cv::FILLED);  // yellow dot
  auto result = AnalyzeTrichoscopy(image, AtScale(6.0));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->hair_count, 2);
}

TEST(Trichoscopy, VellusAndTerminalSplitAtTheThreshold) {
  cv::Mat image = Skin();
  DrawHair(image, {100, 150}, {700, 150}, 4);   // ~24 µm: vellus
  DrawHair(image, {100, 450}, {700, 450}, 12);  // ~72 µm: terminal
  auto result = AnalyzeTrichoscopy(image, AtScale(6.0));
  ASSERT_TRUE(result);
  ASSERT_EQ(result->hair_count, 2);
  EXPECT_EQ(result->vellus_count, 1);
  EXPECT_EQ(result->terminal_count, 1);
  EXPECT_DOUBLE_EQ(result->vellus_percent, 50.0);
  ASSERT_EQ(result->width_histogram.size(), 16u);
  // Density: 2 hairs over 800 x 600 px at 6 µm/px = 0.1728 cm².
  EXPECT_NEAR(result->field_area_cm2, 0.1728, 1e-9);
  EXPECT_NEAR(result->density_per_cm2, 2 / 0.1728, 1e-6);
  TrichoscopyOptions strict = AtScale(6.0);
  strict.vellus_max_um = 20;
  auto strict_result = AnalyzeTrichoscopy(image, strict);
  ASSERT_TRUE(strict_result);
  EXPECT_EQ(strict_result->vellus_count, 0);
}

TEST(Trichoscopy, EmptyFieldHasNoHairs) {
  auto result = AnalyzeTrichoscopy(Skin(), AtScale(6.0));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->hair_count, 0);
  EXPECT_EQ(result->vellus_percent, 0.0);
  EXPECT_EQ(result->mean_width_um, 0.0);
}

TEST(Trichoscopy, ReadsTheBurnedInScaleBar) {
  cv::Mat image = Skin();
  DrawHair(image, {100, 100}, {400, 120}, 10);
  cv::line(image, {40, 520}, {399, 520}, cv::Scalar(60, 60, 60), 1);  // 360 px = 1.0 mm
  auto bar = FindScaleBar(image);
  ASSERT_TRUE(bar);
  EXPECT_NEAR(bar->um_per_px, 1000.0 / 360, 0.05);
  auto result = AnalyzeTrichoscopy(image);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->scale_source, "scale_bar");
  EXPECT_NEAR(result->um_per_px, 1000.0 / 360, 0.05);
  EXPECT_EQ(result->traced_shaft_count, 1);  // the bar itself is not a hair,
  EXPECT_EQ(result->hair_count, 1);          // nor to the learned counter
}

// Measuring software burns a red circle into the image. It is darker than the skin in grey
// and would be traced as a long shaft joining the hairs it crosses.
TEST(Trichoscopy, ARedMeasuringCircleIsNotAHair) {
  cv::Mat image = Skin();
  DrawHair(image, {150, 150}, {170, 400}, 14);
  DrawHair(image, {450, 120}, {480, 380}, 14);
  auto clean = AnalyzeTrichoscopy(image, AtScale(5.0));
  ASSERT_TRUE(clean);
  ASSERT_EQ(clean->hair_count, 2);

  cv::circle(image, {300, 560}, 330, cv::Scalar(20, 26, 191), 2, cv::LINE_AA);  // red, BGR
  auto marked = AnalyzeTrichoscopy(image, AtScale(5.0));
  ASSERT_TRUE(marked);
  EXPECT_EQ(marked->hair_count, 2);
  EXPECT_NEAR(marked->mean_width_um, clean->mean_width_um, 5.0);
}

// Where the circle runs diagonally, anti-aliasing spreads its thin line over more pixels and
// its red excess stays below the core level for long stretches (real 70x fields: 60-137
// grey levels over hundreds of pixels). Drawn here as a quarter of the circle in a paler
// red (excess 100) that joins a saturated quarter: it is still the marking, not a shaft.
TEST(Trichoscopy, APaleStretchOfARedCircleIsNotAHair) {
  cv::Mat image = Skin();
  DrawHair(image, {150, 150}, {170, 400}, 14);
  DrawHair(image, {450, 120}, {480, 380}, 14);
  cv::ellipse(image, {300, 560}, {330, 330}, 0, 180, 270, cv::Scalar(20, 26, 191), 2, cv::LINE_AA);
  cv::ellipse(image, {300, 560}, {330, 330}, 0, 268, 360, cv::Scalar(100, 90, 200), 2, cv::LINE_AA);
  auto result = AnalyzeTrichoscopy(image, AtScale(5.0));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->hair_count, 2);
}

// The 70x device draws an L: a vertical arm as long as the bar rises from its left end.
// Where a dark hair lies across the bar, the bar has no contrast with the rows beside it;
// its own grey level and the arm still give the whole length.
TEST(Trichoscopy, ScaleBarCrossedByAHairKeepsItsFullLength) {
  cv::Mat image = Skin();
  const cv::Scalar bar_grey(52, 52, 52);
  cv::line(image, {40, 560}, {399, 560}, bar_grey, 1);  // 360 px = 1.0 mm
  cv::line(image, {40, 560}, {40, 201}, bar_grey, 1);   // the arm
  // A broad dark shaft as dark as the bar covers 150 px of it next to the corner, and
  // the bar is redrawn on top (it is burned in over the image).
  cv::rectangle(image, cv::Rect(60, 540, 150, 40), bar_grey, cv::FILLED);
  cv::line(image, {40, 560}, {399, 560}, bar_grey, 1);
  // Without the arm and the bar's level the bar would be read from x = 210 to 399.
  auto bar = FindScaleBar(image);
  ASSERT_TRUE(bar);
  EXPECT_NEAR(bar->x0, 40, 2);
  EXPECT_NEAR(bar->um_per_px, 1000.0 / 360, 0.05);

  // Without an arm, a bar cut short is kept as found: nothing confirms where it ends.
  cv::Mat no_arm = Skin();
  cv::line(no_arm, {40, 560}, {399, 560}, bar_grey, 1);
  cv::rectangle(no_arm, cv::Rect(60, 540, 150, 40), bar_grey, cv::FILLED);
  cv::line(no_arm, {40, 560}, {399, 560}, bar_grey, 1);
  auto cut = FindScaleBar(no_arm);
  ASSERT_TRUE(cut);
  EXPECT_GT(cut->x0, 200);
}

TEST(Trichoscopy, NoScaleBarFallsBackToTheAssumedScale) {
  auto result = AnalyzeTrichoscopy(Skin());
  ASSERT_TRUE(result);
  EXPECT_EQ(result->scale_source, "assumed");
  EXPECT_DOUBLE_EQ(result->um_per_px, kAssumedUmPerPx);
}

TEST(Trichoscopy, RejectsBadInput) {
  auto empty = AnalyzeTrichoscopy(cv::Mat());
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().field, "image");
  auto scale = AnalyzeTrichoscopy(Skin(), AtScale(0));
  ASSERT_FALSE(scale);
  EXPECT_EQ(scale.error().field, "um_per_px");
  TrichoscopyOptions options;
  options.vellus_max_um = 500;
  auto threshold = AnalyzeTrichoscopy(Skin(), options);
  ASSERT_FALSE(threshold);
  EXPECT_EQ(threshold.error().field, "vellus_max_um");
  EXPECT_NE(threshold.error().message.find("allowed 10 to 100"), std::string::npos);
}

// The default count is the mean of the traced shafts and the learned counter's estimate;
// each can be asked for alone, and the vellus split follows the count.
TEST(Trichoscopy, DefaultCountIsTheMeanOfTracedAndLearned) {
  cv::Mat image = Skin();
  for (int i = 0; i < 6; ++i) {
    DrawHair(image, {90 + 110 * i, 120}, {130 + 110 * i, 470}, i % 2 ? 5 : 12);  // 30 / 72 µm
  }
  TrichoscopyOptions options;
  options.um_per_px = 6.0;
  auto combined = AnalyzeTrichoscopy(image, options);
  ASSERT_TRUE(combined);
  ASSERT_EQ(combined->count_method, "combined") << "the count model did not load";
  ASSERT_TRUE(combined->learned_count);
  EXPECT_EQ(combined->traced_shaft_count, 6);
  EXPECT_NEAR(*combined->learned_count, 6.0, 1.0);
  EXPECT_EQ(combined->hair_count,
            std::lround(0.5 * (*combined->learned_count + combined->traced_shaft_count)));
  EXPECT_EQ(combined->vellus_count + combined->terminal_count, combined->hair_count);
  EXPECT_NEAR(combined->density_per_cm2 * combined->field_area_cm2, combined->hair_count, 1e-6);

  options.count_method = HairCountMethod::kLearned;
  auto learned = AnalyzeTrichoscopy(image, options);
  ASSERT_TRUE(learned);
  EXPECT_EQ(learned->count_method, "learned");
  EXPECT_EQ(learned->hair_count, std::lround(*combined->learned_count));

  options.count_method = HairCountMethod::kTraced;
  auto traced = AnalyzeTrichoscopy(image, options);
  ASSERT_TRUE(traced);
  EXPECT_EQ(traced->count_method, "traced");
  EXPECT_FALSE(traced->learned_count);
  EXPECT_EQ(traced->hair_count, 6);
  EXPECT_EQ(traced->vellus_count, 3);
}

TEST(Trichoscopy, CountMethodNamesRoundTrip) {
  for (const auto method :
       {HairCountMethod::kTraced, HairCountMethod::kLearned, HairCountMethod::kCombined}) {
    EXPECT_EQ(ParseHairCountMethod(HairCountMethodName(method)), method);
  }
  EXPECT_FALSE(ParseHairCountMethod("mean"));
  EXPECT_FALSE(ParseHairCountMethod(""));
}

// ---- accuracy on ../shared/data (skipped when absent) --------------------------------

fs::path SharedData() { return fs::path(TRICHOLOG_SHARED_DATA_DIR); }

std::vector<fs::path> Images(const fs::path& folder) {
  std::vector<fs::path> images;
  if (!fs::is_directory(folder)) return images;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() == ".jpg") images.push_back(entry.path());
  }
  std::sort(images.begin(), images.end());
  return images;
}

TEST(TrichoscopyAccuracy, SyntheticFolder) {
  const auto images = Images(SharedData() / "synthetic" / "trichoscopy");
  if (images.empty()) GTEST_SKIP() << "no ../shared/data/synthetic/trichoscopy";
  double count_error = 0, traced_error = 0, learned_error = 0, vellus_error = 0, width_error = 0;
  for (const fs::path& path : images) {
    std::ifstream in(fs::path(path).replace_extension(".json"));
    const nlohmann::json truth = nlohmann::json::parse(in);
    auto decoded = DecodeImageFile(path);
    ASSERT_TRUE(decoded) << path;
    // One analysis with the default (combined) count gives all three: the traced count is
    // traced_shaft_count and the learned one learned_count.
    TrichoscopyOptions options;
    options.um_per_px = truth["um_per_px"].get<double>();
    auto result = AnalyzeTrichoscopy(decoded->bgr, options);
    ASSERT_TRUE(result) << path;
    ASSERT_EQ(result->count_method, "combined") << "the count model did not load";
    const double hair_count = truth["hair_count"].get<double>();
    count_error += std::abs(result->hair_count - hair_count) / hair_count;
    traced_error += std::abs(result->traced_shaft_count - hair_count) / hair_count;
    learned_error += std::abs(std::lround(*result->learned_count) - hair_count) / hair_count;
    vellus_error += std::abs(result->vellus_percent - truth["vellus_percent"].get<double>());
    width_error += std::abs(result->mean_width_um / truth["mean_width_um"].get<double>() - 1);
  }
  const double n = static_cast<double>(images.size());
  RecordProperty("count_mape_percent", std::to_string(100 * count_error / n));
  RecordProperty("traced_count_mape_percent", std::to_string(100 * traced_error / n));
  RecordProperty("learned_count_mape_percent", std::to_string(100 * learned_error / n));
  RecordProperty("vellus_mae_points", std::to_string(vellus_error / n));
  RecordProperty("width_mape_percent", std::to_string(100 * width_error / n));
  std::printf(
      "synthetic trichoscopy (%zu): count MAPE %.1f %% (traced %.1f %%, learned %.1f %%), vellus "
      "MAE %.1f points, width MAPE %.1f %%\n",
      images.size(), 100 * count_error / n, 100 * traced_error / n, 100 * learned_error / n,
      vellus_error / n, 100 * width_error / n);
  // Targets: count error <= 8 %, vellus percent within 8 points, mean width within 10 %.
  EXPECT_LE(100 * count_error / n, kSyntheticCountMapeLimit);
  EXPECT_LE(100 * traced_error / n, kSyntheticTracedCountMapeLimit);
  EXPECT_LE(100 * learned_error / n, kSyntheticLearnedCountMapeLimit);
  EXPECT_LE(vellus_error / n, kSyntheticVellusMaeLimit);
  EXPECT_LE(100 * width_error / n, kSyntheticWidthMapeLimit);
}

int CountObjects(const fs::path& xml_path) {
  std::ifstream in(xml_path);
  const std::string xml((std::istreambuf_iterator<char>(in)), {});
  int count = 0;
  for (std::size_t at = xml.find("<object>"); at != std::string::npos;
       at = xml.find("<object>", at + 1))
    ++count;
  return count;
}

TEST(TrichoscopyAccuracy, Real70xFolder) {
  const auto images = Images(SharedData() / "real" / "trichoscopy-70x");
  if (images.empty()) GTEST_SKIP() << "no ../shared/data/real/trichoscopy-70x";
  double error = 0, traced_error = 0, traced_bias = 0, learned_error = 0;
  int scale_bars = 0;
  for (const fs::path& path : images) {
    const int truth = CountObjects(fs::path(path).replace_extension(".xml"));
    auto decoded = DecodeImageFile(path);
    ASSERT_TRUE(decoded) << path;
    // All three counts from one analysis with the default options, as above.
    auto result = AnalyzeTrichoscopy(decoded->bgr, TrichoscopyOptions{});
    ASSERT_TRUE(result) << path;
    ASSERT_EQ(result->count_method, "combined") << "the count model did not load";
    const int traced = result->traced_shaft_count;
    error += std::abs(result->hair_count - truth) / static_cast<double>(truth);
    traced_error += std::abs(traced - truth) / static_cast<double>(truth);
    traced_bias += (traced - truth) / static_cast<double>(truth);
    learned_error +=
        std::abs(std::lround(*result->learned_count) - truth) / static_cast<double>(truth);
    scale_bars += result->scale_source == "scale_bar";
  }
  const double n = static_cast<double>(images.size());
  std::printf(
      "real 70x trichoscopy (%zu): count MAPE %.1f %% (traced %.1f %%, bias %+.1f %%; learned "
      "%.1f %%), scale bar found in %d\n",
      images.size(), 100 * error / n, 100 * traced_error / n, 100 * traced_bias / n,
      100 * learned_error / n, scale_bars);
  // Target: MAPE <= 15 %.
  EXPECT_LE(100 * error / n, kRealCountMapeLimit);
  EXPECT_LE(100 * traced_error / n, kRealTracedCountMapeLimit);
  EXPECT_LE(100 * learned_error / n, kRealLearnedCountMapeLimit);
}

// Bounded work (analysis_budget.h): a clock that jumps past the deadline at any of the
// analysis's clock reads (stage boundaries and the shaft tracer's loops) stops it with the
// budget error; one that never passes it changes nothing.
TEST(TrichoscopyBudget, AClockPastTheDeadlineStopsTheAnalysisWhereverItJumps) {
  cv::Mat image = Skin();
  DrawHair(image, {100, 100}, {700, 500}, 11);
  DrawHair(image, {100, 500}, {700, 100}, 11);
  TrichoscopyOptions options = AtScale(6.0);
  const FakeAnalysisClock counting;  // never jumps
  options.clock = &counting;
  auto full = AnalyzeTrichoscopy(image, options);
  ASSERT_TRUE(full) << full.error().ToString();
  EXPECT_EQ(full->hair_count, 2);
  EXPECT_EQ(full->working_size, image.size());
  // 0.48 MP: the floor, three times over for trichoscopy.
  EXPECT_DOUBLE_EQ(full->budget.seconds, kTrichoscopyTimeFactor * kBudgetMinSeconds);
  const int reads = counting.reads();
  EXPECT_GT(reads, image.rows);  // the skeleton graph is built reading the clock on every row
  for (int jump_at : {2, 3, 4, 5, reads / 4, reads / 2, reads - 1, reads}) {
    const FakeAnalysisClock clock(jump_at);
    options.clock = &clock;
    auto stopped = AnalyzeTrichoscopy(image, options);
    ASSERT_FALSE(stopped) << "clock jumped at read " << jump_at << " of " << reads;
    EXPECT_EQ(stopped.error().code, ErrorCode::kTooLarge);
    EXPECT_EQ(stopped.error().field, "image");
    EXPECT_NE(stopped.error().message.find(
                  "trichoscopy stopped after 30.0 s, the time budget for a 0.5-MP photo"),
              std::string::npos)
        << stopped.error().message;
  }
  const FakeAnalysisClock late(reads + 1);
  options.clock = &late;
  auto same = AnalyzeTrichoscopy(image, options);
  ASSERT_TRUE(same) << same.error().ToString();
  EXPECT_EQ(same->hair_count, full->hair_count);
  EXPECT_DOUBLE_EQ(same->mean_width_um, full->mean_width_um);
}

// The patched 9000 x 9000 JPEG of the issue ran for over ten minutes: a photo whose
// full-size analysis does not fit the memory budget is refused before any work (trichoscopy
// measures widths in pixels and does not reduce).
TEST(TrichoscopyBudget, ANineThousandSquarePhotoIsRefusedBeforeAnyWork) {
  auto plan = PlanTrichoscopy({9000, 9000});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::kTooLarge);
  const cv::Mat huge(9000, 9000, CV_8UC3, cv::Scalar(150, 170, 205));
  FakeAnalysisClock clock;
  TrichoscopyOptions options;
  options.clock = &clock;
  auto result = AnalyzeTrichoscopy(huge, options);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(result.error().field, "image");
  EXPECT_NE(result.error().message.find("81.0 MP"), std::string::npos) << result.error().message;
  EXPECT_EQ(clock.reads(), 0);  // refused before the deadline was even started
}

TEST(TrichoscopyBudget, ATwelveMegapixelFieldFits) {
  auto plan = PlanTrichoscopy({4000, 3000});
  ASSERT_TRUE(plan) << plan.error().ToString();
  EXPECT_EQ(plan->working_size, cv::Size(4000, 3000));
  EXPECT_DOUBLE_EQ(plan->budget.seconds, 30.0);
}
// The shaft tracer's quadratic junction merge ran for minutes on noise: on a noise mask with
// tens of thousands of junctions an expired deadline stops the tracing at once (a few clock
// reads, not one per row or per junction) and nothing is returned.
TEST(TrichoscopyBudget, AnExpiredDeadlineStopsTheShaftTracerOnNoise) {
  cv::Mat noise(600, 800, CV_8UC1);
  cv::RNG rng(5);
  rng.fill(noise, cv::RNG::UNIFORM, 0, 2);
  const cv::Mat mask = noise * 255;
  const cv::Mat darkness(mask.size(), CV_8UC1, cv::Scalar(40));
  const FakeAnalysisClock clock(/*jump_after_reads=*/2);
  const Deadline deadline(AnalysisKind::kTrichoscopy, BudgetFor(AnalysisKind::kTrichoscopy, 0),
                          clock);
  EXPECT_TRUE(TraceShafts(mask, darkness, &deadline).empty());
  EXPECT_TRUE(deadline.Expired());
  EXPECT_LE(clock.reads(), 4);
  // Without a deadline the same mask does give shafts (the test exercises real work).
  EXPECT_FALSE(TraceShafts(mask(cv::Rect(0, 0, 80, 60)), darkness(cv::Rect(0, 0, 80, 60))).empty());
}

}  // namespace
}  // namespace tricholog::imaging
