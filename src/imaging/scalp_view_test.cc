#include "imaging/scalp_view.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>

#include "imaging/hair_loss_segmentation.h"
#include "imaging/mask_metrics.h"
#include "imaging/photo_comparison.h"
#include "imaging/scalp_render.h"

namespace tricholog::imaging {
namespace {

namespace fs = std::filesystem;

const fs::path kScalpViews = fs::path(TRICHOLOG_SHARED_DATA_DIR) / "synthetic" / "scalp-views";

// A drawn head: skin-coloured mottled disc on a smooth background, with a textured "hair"
// cap on its upper half (random dark strokes), so FindHead has an outline to fit.
cv::Mat DrawnHead(int width = 640, int height = 480) {
  cv::Mat image(height, width, CV_8UC3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x)
      image.at<cv::Vec3b>(y, x) = cv::Vec3b(200, 120 + x / 8, 90 + y / 8);
  }
  cv::Mat noise(height / 6, width / 6, CV_8UC3);
  cv::RNG rng(7);
  rng.fill(noise, cv::RNG::UNIFORM, cv::Scalar(150, 170, 205), cv::Scalar(175, 195, 235));
  cv::resize(noise, noise, image.size(), 0, 0, cv::INTER_CUBIC);
  cv::Mat head = cv::Mat::zeros(image.size(), CV_8U);
  cv::ellipse(head, cv::Point(width / 2, height / 2), cv::Size(150, 160), 0, 0, 360, 255,
              cv::FILLED);
  noise.copyTo(image, head);
  for (int i = 0; i < 3000; ++i) {
    cv::Point a(rng.uniform(width / 2 - 130, width / 2 + 130),
                rng.uniform(height / 2 - 140, height / 2));
    cv::Point b = a + cv::Point(rng.uniform(-12, 12), rng.uniform(-12, 12));
    if (head.at<std::uint8_t>(a) && head.at<std::uint8_t>(b))
      cv::line(image, a, b, cv::Scalar(30, 30, 50), 1);
  }
  return image;
}

TEST(ScalpView, ParsesTheFiveViewNamesAndRejectsOthers) {
  for (ScalpView view : kAllScalpViews) EXPECT_EQ(*ParseScalpView(ScalpViewName(view)), view);
  auto bad = ParseScalpView("side");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "view");
  EXPECT_NE(bad.error().message.find("top, back, left, right, front"), std::string::npos);
}

TEST(ScalpView, LeftAndRightTemplatesAreMirrorImages) {
  HeadEllipse head{320, 240, 150, 150};
  cv::Mat left = DrawScalpRegion(ScalpView::kLeft, head, {640, 480});
  cv::Mat right = DrawScalpRegion(ScalpView::kRight, head, {640, 480});
  cv::Mat mirrored;
  cv::flip(right, mirrored, 1);
  EXPECT_GT(MaskIoU(left, mirrored), 0.98);
  EXPECT_GT(cv::countNonZero(left), 0);
}

TEST(ScalpView, ScalpTemplatesStayInsideTheHeadOutline) {
  HeadEllipse head{320, 240, 150, 160};
  cv::Mat outline = cv::Mat::zeros(480, 640, CV_8U);
  cv::ellipse(outline, cv::Point(320, 240), cv::Size(150, 160), 0, 0, 360, 255, cv::FILLED);
  for (ScalpView view : kAllScalpViews) {
    cv::Mat scalp = DrawScalpRegion(view, head, outline.size());
    EXPECT_EQ(cv::countNonZero(scalp & ~outline), 0) << ScalpViewName(view);
    EXPECT_GT(cv::countNonZero(scalp), 5000) << ScalpViewName(view);
  }
}

// The density index (hair_density.h) against the skin in the same photo: on a back view with a
// bare patch (the neck of these renders lies mostly outside the skin region) it rises with the
// hair around the patch; a top view takes its skin from its bare patches only, so without a
// patch it has no index rather than one measured against the backdrop (scalp_view.cc).
ScalpViewResult AnalyseRender(const ScalpState& state, ScalpView view) {
  auto render = RenderScalpView(state, view, {{1008, 756}, 3});
  EXPECT_TRUE(render) << render.error().message;
  auto result = AnalyzeScalpPhoto(render->bgr, view);
  EXPECT_TRUE(result) << result.error().message;
  return *result;
}

TEST(ScalpViewDensity, BackViewIndexRisesWithTheHair) {
  std::vector<double> index;
  for (double density : {0.5, 0.75, 1.0}) {
    ScalpState state;
    state.appearance.hair_density = density;
    state.patches.push_back({180, 20, 16, 16, 0});
    const auto result = AnalyseRender(state, ScalpView::kBack);
    ASSERT_TRUE(result.figures.hair_density_index.has_value())
        << density << " loss " << result.figures.hair_loss_percent;
    index.push_back(*result.figures.hair_density_index);
  }
  EXPECT_LT(index[0], index[1]);
  EXPECT_LT(index[1], index[2]);
}

TEST(ScalpViewDensity, TopViewMeasuresAgainstItsBarePatchOnly) {
  ScalpState full;
  EXPECT_FALSE(AnalyseRender(full, ScalpView::kTop).figures.hair_density_index.has_value());
  ScalpState patchy;
  patchy.patches.push_back({0, 70, 18, 18, 0});
  const auto result = AnalyseRender(patchy, ScalpView::kTop);
  ASSERT_GT(result.figures.hair_loss_percent, 3.0);
  EXPECT_TRUE(result.figures.hair_density_index.has_value());
}

TEST(ScalpView, FindsADrawnHead) {
  auto head = FindHead(DrawnHead());
  ASSERT_TRUE(head) << head.error().message;
  EXPECT_NEAR(head->ellipse.center_x, 320, 12);
  EXPECT_NEAR(head->ellipse.center_y, 240, 12);
  // The fitted outline sits on the outside of the blurred edge band, about 12 % beyond the
  // drawn edge; the scalp templates are expressed in that fitted outline's units (0.88).
  EXPECT_NEAR(head->ellipse.radius_x * 0.88, 150, 12);
  EXPECT_NEAR(head->ellipse.radius_y * 0.88, 160, 12);
}

TEST(ScalpView, AFlatPhotoHasNoHead) {
  cv::Mat flat(480, 640, CV_8UC3, cv::Scalar(90, 120, 160));
  auto result = AnalyzeScalpPhoto(flat, ScalpView::kTop);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
}

TEST(MaskCorrection, CorrectedMasksDecideEveryFigure) {
  cv::Mat photo = DrawnHead();
  MaskCorrection correction;
  correction.scalp = cv::Mat::zeros(photo.size(), CV_8U);
  correction.scalp(cv::Rect(200, 100, 100, 80)).setTo(255);  // 8000 px
  correction.loss = cv::Mat::zeros(photo.size(), CV_8U);
  correction.loss(cv::Rect(200, 100, 40, 20)).setTo(255);  // 800 px inside the scalp
  correction.loss(cv::Rect(0, 0, 10, 10)).setTo(255);      // outside the scalp: ignored
  auto result = AnalyzeScalpPhoto(photo, ScalpView::kRight, correction);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_TRUE(result->scalp_corrected);
  EXPECT_TRUE(result->loss_corrected);
  EXPECT_EQ(result->figures.scalp_area_px, 8000);
  EXPECT_EQ(result->figures.hair_loss_area_px, 800);
  EXPECT_DOUBLE_EQ(result->figures.hair_loss_percent, 10.0);
  ASSERT_EQ(result->figures.zones.size(), 1u);  // right view: one zone
  EXPECT_EQ(result->figures.zones[0].area_px, 8000);
  EXPECT_DOUBLE_EQ(result->figures.zones[0].hair_loss_percent, 10.0);
  EXPECT_EQ(cv::countNonZero(result->FullLossMask()), 800);
}

TEST(MaskCorrection, ACorrectedLossMaskChangesSalt) {
  cv::Mat photo = DrawnHead();
  auto automatic = AnalyzeScalpPhoto(photo, ScalpView::kTop);
  ASSERT_TRUE(automatic) << automatic.error().message;
  MaskCorrection correction;
  correction.loss = automatic->FullScalpMask();  // the user marks the whole scalp as bald
  auto corrected = AnalyzeScalpPhoto(photo, ScalpView::kTop, correction);
  ASSERT_TRUE(corrected);
  EXPECT_DOUBLE_EQ(corrected->figures.hair_loss_percent, 100.0);
  ScalpViewFigures none;
  auto salt = SaltFromViews(corrected->figures, none, none, none);
  ASSERT_TRUE(salt);
  EXPECT_DOUBLE_EQ(salt->salt, 40.0);  // the top view is 40 % of the scalp
}

TEST(MaskCorrection, SizeMismatchIsAClearError) {
  cv::Mat photo = DrawnHead();
  MaskCorrection correction;
  correction.loss = cv::Mat::zeros(100, 100, CV_8U);
  auto result = AnalyzeScalpPhoto(photo, ScalpView::kTop, correction);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().field, "loss_mask");
  EXPECT_NE(result.error().message.find("640x480"), std::string::npos);
  correction = {};
  correction.scalp = cv::Mat::zeros(photo.size(), CV_8UC3);
  result = AnalyzeScalpPhoto(photo, ScalpView::kTop, correction);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().field, "scalp_mask");
}

TEST(SaltFromViews, WeighsTopBackLeftRight) {
  // Olsen 2004: 0.40 x 50 + 0.24 x 0 + 0.18 x 100 + 0.18 x 0 = 38, AA-IGA moderate.
  ScalpViewFigures top, back, left, right;
  top.hair_loss_percent = 50;
  left.hair_loss_percent = 100;
  auto salt = SaltFromViews(top, back, left, right);
  ASSERT_TRUE(salt);
  EXPECT_DOUBLE_EQ(salt->salt, 38.0);
  EXPECT_EQ(salt->aa_iga, AaIga::kModerate);
}

// Smooth skin with a gentle colour gradient, dark strands over the left half of a square
// "scalp" and bare skin on its right half.
TEST(ScalpView, StrandResponseFindsTheBareHalfAndLeavesSmoothSkinQuiet) {
  const int size = 600;
  cv::Mat image(size, size, CV_8UC3);
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x)
      image.at<cv::Vec3b>(y, x) = cv::Vec3b(120 + y / 20, 150 + x / 25, 200 - y / 30);
  }
  const cv::Rect scalp_box(150, 150, 300, 300);
  cv::RNG rng(3);
  for (int i = 0; i < 6000; ++i) {
    cv::Point a(rng.uniform(scalp_box.x, scalp_box.x + scalp_box.width / 2),
                rng.uniform(scalp_box.y, scalp_box.y + scalp_box.height));
    cv::Point b = a + cv::Point(rng.uniform(-4, 4), rng.uniform(6, 14));
    cv::line(image, a, b, cv::Scalar(40, 45, 60), 1);
  }
  cv::Mat scalp = cv::Mat::zeros(image.size(), CV_8U);
  scalp(scalp_box).setTo(255);
  cv::Mat silhouette = cv::Mat::zeros(image.size(), CV_8U);
  silhouette(cv::Rect(50, 50, 500, 500)).setTo(255);
  const HeadEllipse head{300, 300, 250, 250};
  HairLossMaps maps = SegmentHairLoss(image, scalp, silhouette, head, ScalpView::kTop);
  // Smooth skin stays well below a CIELAB unit in the 8-bit path.
  EXPECT_LT(maps.skin_level, 0.5);
  EXPECT_GT(maps.hair_level, 3 * maps.skin_level);
  cv::Rect bare(scalp_box.x + scalp_box.width / 2 + 20, scalp_box.y + 20, scalp_box.width / 2 - 40,
                scalp_box.height - 40);
  cv::Rect hair(scalp_box.x + 20, scalp_box.y + 20, scalp_box.width / 2 - 40,
                scalp_box.height - 40);
  EXPECT_GT(cv::countNonZero(maps.loss(bare)), 0.95 * bare.area());
  EXPECT_LT(cv::countNonZero(maps.loss(hair)), 0.05 * hair.area());
  // The Lab entry point is the same computation.
  cv::Mat lab;
  cv::cvtColor(image, lab, cv::COLOR_BGR2Lab);
  HairLossMaps from_lab = SegmentHairLossLab(lab, scalp, silhouette, head, ScalpView::kTop);
  EXPECT_EQ(cv::countNonZero(from_lab.loss != maps.loss), 0);
}

TEST(ScalpView, AnalysisScaleKeepsAboutAMegapixel) {
  EXPECT_EQ(AnalysisScaleDenominator(640, 480), 1);
  EXPECT_EQ(AnalysisScaleDenominator(2016, 1512), 2);
  EXPECT_EQ(AnalysisScaleDenominator(4032, 3024), 4);
  EXPECT_EQ(AnalysisScaleDenominator(12000, 9000), 8);
}

// --- the shared synthetic cases (skipped when ../shared/data is absent) ---

Result<ScalpViewResult> AnalyzeFile(const fs::path& path, ScalpView view) {
  auto image = DecodeImageFile(path, {}, 2);
  if (!image) return tl::unexpected(image.error());
  return AnalyzeScalpView(*image, view);
}

TEST(ScalpViewSharedData, SaltAndLossMasksOnSyntheticCases) {
  if (!fs::is_directory(kScalpViews)) GTEST_SKIP() << "no " << kScalpViews;
  double salt_error = 0, loss_iou = 0, worst_clean = 0, scalp_iou = 0;
  int cases = 0, loss_views = 0, views = 0;
  for (const auto& entry : fs::directory_iterator(kScalpViews)) {
    if (!fs::exists(entry.path() / "truth.json")) continue;
    std::ifstream file(entry.path() / "truth.json");
    auto truth = nlohmann::json::parse(file);
    std::vector<ScalpViewFigures> figures(4);
    for (ScalpView view :
         {ScalpView::kTop, ScalpView::kBack, ScalpView::kLeft, ScalpView::kRight}) {
      std::string name(ScalpViewName(view));
      auto result = AnalyzeFile(entry.path() / (name + ".jpg"), view);
      ASSERT_TRUE(result) << entry.path() << " " << name << ": " << result.error().message;
      figures[static_cast<std::size_t>(view)] = result->figures;
      cv::Mat true_loss =
          cv::imread((entry.path() / (name + ".loss.png")).string(), cv::IMREAD_GRAYSCALE) > 127;
      cv::Mat true_scalp =
          cv::imread((entry.path() / (name + ".scalp.png")).string(), cv::IMREAD_GRAYSCALE) > 127;
      scalp_iou += MaskIoU(true_scalp, result->FullScalpMask());
      ++views;
      if (cv::countNonZero(true_loss) > 0) {
        loss_iou += MaskIoU(true_loss, result->FullLossMask());
        ++loss_views;
      } else {
        worst_clean = std::max(worst_clean, result->figures.hair_loss_percent);
      }
    }
    auto salt = SaltFromViews(figures[0], figures[1], figures[2], figures[3]);
    ASSERT_TRUE(salt);
    salt_error += std::abs(salt->salt - truth["salt"].get<double>());
    ++cases;
  }
  ASSERT_GT(cases, 0);
  std::cout << "SALT MAE " << salt_error / cases << ", loss IoU "
            << loss_iou / std::max(1, loss_views) << " over " << loss_views
            << " views, worst clean view " << worst_clean << " %, scalp IoU " << scalp_iou / views
            << "\n";
  EXPECT_LE(salt_error / cases, 0.9);  // target: SALT MAE <= 1.5 points (measured 0.86)
  // Issue 18's target: no view without loss above 5 % unless flagged. With the net trained on
  // the wider renders and the threshold's patches kept only where the net supports them, the
  // largest on these views is 1.6 % (0.76 % before, with the union of the two masks).
  EXPECT_LT(worst_clean, 2.5);
  // 0.963 on these 40 views with the calibrated outer edge (about 0.949 at 0.88 of the head).
  EXPECT_GE(scalp_iou / views, 0.955);
  // Target is 0.85; the classical mask with the learned one added (data/models/
  // loss_net.onnx, six input channels) reaches 0.764 on these 27 views (0.753 before the
  // scalp's outer edge was calibrated; the five-channel net 0.736, classical alone 0.709;
  // small patches under grey hair are still missed). This floor, just under what is
  // measured, guards against regressions only.
  EXPECT_GE(loss_iou / std::max(1, loss_views), 0.755);
}

// The frontal hairline sits at different heights in different people (on these cases from
// 0.23 to 0.36 head radii above the centre); placing it from the photo must fit the true
// scalp better than the fixed template does, and must not invent loss on clean front views.
TEST(ScalpViewSharedData, FrontHairlinePlacedFromThePhotoBeatsTheTemplate) {
  if (!fs::is_directory(kScalpViews)) GTEST_SKIP() << "no " << kScalpViews;
  double placed_iou = 0, template_iou = 0, worst_clean = 0;
  int views = 0, moved = 0;
  for (const auto& entry : fs::directory_iterator(kScalpViews)) {
    if (!fs::exists(entry.path() / "front.jpg")) continue;
    auto result = AnalyzeFile(entry.path() / "front.jpg", ScalpView::kFront);
    ASSERT_TRUE(result) << entry.path() << ": " << result.error().message;
    cv::Mat true_scalp =
        cv::imread((entry.path() / "front.scalp.png").string(), cv::IMREAD_GRAYSCALE) > 127;
    cv::Mat true_loss =
        cv::imread((entry.path() / "front.loss.png").string(), cv::IMREAD_GRAYSCALE) > 127;
    placed_iou += MaskIoU(true_scalp, result->FullScalpMask());
    template_iou +=
        MaskIoU(true_scalp, DrawScalpRegion(ScalpView::kFront, result->head, true_scalp.size()));
    moved += result->hairline_shift != 0.0;
    if (cv::countNonZero(true_loss) == 0)
      worst_clean = std::max(worst_clean, result->figures.hair_loss_percent);
    ++views;
  }
  ASSERT_GT(views, 0);
  EXPECT_GT(moved, views / 2);
  // Measured: template 0.882, placed 0.915 (docs/scalp-analysis.md).
  EXPECT_GE(placed_iou / views, template_iou / views + 0.02);
  EXPECT_LT(worst_clean, 1.0);
}

TEST(ScalpView, BareFrontViewKeepsTheTemplateHairline) {
  // No strands anywhere: nothing shows a hairline, so the template stays.
  cv::Mat lab(480, 640, CV_8UC3, cv::Scalar(160, 140, 145));
  cv::Mat silhouette = cv::Mat::zeros(lab.size(), CV_8U);
  const HeadEllipse head{320, 240, 150, 160};
  cv::ellipse(silhouette, cv::Point(320, 240), cv::Size(150, 160), 0, 0, 360, 255, cv::FILLED);
  const HairTexture texture = MeasureHairTexture(lab, silhouette, head);
  EXPECT_EQ(
      EstimateHairlineShift(texture, DrawScalpRegion(ScalpView::kFront, head, lab.size()), head),
      0.0);
}

TEST(PhotoComparisonSharedData, AShiftedCopyShowsNoChange) {
  fs::path photo = kScalpViews / "case005" / "back.jpg";
  if (!fs::exists(photo)) GTEST_SKIP() << "no " << photo;
  auto before = DecodeImageFile(photo, {}, 2);
  ASSERT_TRUE(before);
  DecodedImage after = *before;
  cv::Mat shift = (cv::Mat_<double>(2, 3) << 1.04, 0, -10, 0, 1.04, -25);
  cv::warpAffine(before->bgr, after.bgr, shift, before->bgr.size(), cv::INTER_LINEAR,
                 cv::BORDER_REFLECT);
  auto comparison = ComparePhotos(*before, after, ScalpView::kBack);
  ASSERT_TRUE(comparison) << comparison.error().message;
  EXPECT_GT(comparison->registration_correlation, 0.8);
  EXPECT_NEAR(comparison->hair_loss_change_points, 0.0, 2.0);
  EXPECT_LT(comparison->gained_area_percent + comparison->lost_area_percent, 5.0);
  EXPECT_EQ(comparison->overlay.type(), CV_8UC3);
  // The slider's two sides: the same size as the overlay, and the registered before photo
  // matches the after photo.
  EXPECT_EQ(comparison->before_aligned.size(), comparison->overlay.size());
  EXPECT_EQ(comparison->after_image.size(), comparison->overlay.size());
  EXPECT_EQ(comparison->before_aligned.type(), CV_8UC3);
  cv::Mat difference;
  cv::absdiff(comparison->before_aligned, comparison->after_image, difference);
  EXPECT_LT(cv::mean(difference)[0], 20.0);
}

TEST(PhotoComparisonSharedData, LossAppearingBetweenSessionsIsReportedAsLost) {
  fs::path clean = kScalpViews / "case001" / "back.jpg";
  fs::path patchy = kScalpViews / "case006" / "back.jpg";
  if (!fs::exists(clean) || !fs::exists(patchy)) GTEST_SKIP() << "no shared cases";
  auto before = DecodeImageFile(clean, {}, 2);
  auto after = DecodeImageFile(patchy, {}, 2);
  ASSERT_TRUE(before && after);
  auto comparison = ComparePhotos(*before, *after, ScalpView::kBack);
  ASSERT_TRUE(comparison) << comparison.error().message;
  // truth: 0 % then 16.9 % loss in the back view
  EXPECT_NEAR(comparison->hair_loss_change_points, 16.9, 4.0);
  EXPECT_GT(comparison->lost_area_percent, 10.0);
  EXPECT_LT(comparison->gained_area_percent, 2.0);
  ASSERT_EQ(comparison->zones.size(), 2u);
}

// Bounded work (analysis_budget.h): a clock that jumps past the deadline at any of the
// analysis's clock reads stops it with the budget error; one that never passes it changes
// nothing.
TEST(ScalpViewBudget, AClockPastTheDeadlineStopsTheAnalysisWhereverItJumps) {
  const cv::Mat photo = DrawnHead();
  DecodedImage image;
  image.bgr = photo;
  const FakeAnalysisClock counting;
  auto full = AnalyzeScalpView(image, ScalpView::kTop, {}, counting);
  ASSERT_TRUE(full) << full.error().ToString();
  EXPECT_EQ(full->working_size, photo.size());  // small enough to work on as it is
  EXPECT_DOUBLE_EQ(full->budget.seconds, kBudgetMinSeconds);
  const int reads = counting.reads();
  ASSERT_GE(reads, 5);
  for (int jump_at = 2; jump_at <= reads; ++jump_at) {
    const FakeAnalysisClock clock(jump_at);
    auto stopped = AnalyzeScalpView(image, ScalpView::kTop, {}, clock);
    ASSERT_FALSE(stopped) << "clock jumped at read " << jump_at << " of " << reads;
    EXPECT_EQ(stopped.error().code, ErrorCode::kTooLarge);
    EXPECT_EQ(stopped.error().field, "image");
    EXPECT_NE(stopped.error().message.find("scalp view stopped after 10.0 s"), std::string::npos)
        << stopped.error().message;
  }
  const FakeAnalysisClock late(reads + 1);
  auto same = AnalyzeScalpView(image, ScalpView::kTop, {}, late);
  ASSERT_TRUE(same) << same.error().ToString();
  EXPECT_DOUBLE_EQ(same->figures.hair_loss_percent, full->figures.hair_loss_percent);
}

// A huge photo is not refused: segmentation runs on about a megapixel whatever the photo's
// size, and the figures are counted at full size.
TEST(ScalpViewBudget, AHugePhotoIsAnalysedAtTheReducedWorkingSize) {
  cv::Mat photo;
  cv::resize(DrawnHead(), photo, cv::Size(8000, 6000), 0, 0, cv::INTER_NEAREST);
  DecodedImage image;
  image.bgr = photo;
  auto result = AnalyzeScalpView(image, ScalpView::kTop);
  ASSERT_TRUE(result) << result.error().ToString();
  EXPECT_EQ(result->working_size, cv::Size(1024, 768));
  EXPECT_EQ(result->full_size, cv::Size(8000, 6000));
  EXPECT_DOUBLE_EQ(result->budget.seconds, kBudgetMaxSeconds);  // 48 MP: the cap
  EXPECT_GT(result->figures.scalp_area_px, 1'000'000);
  EXPECT_EQ(ScalpWorkingSize({8000, 6000}), cv::Size(1024, 768));
  EXPECT_EQ(ScalpWorkingSize({1200, 900}), cv::Size(1200, 900));
}

// The only part that grows with the photo is its decoded copy: a PNG (decoded at full size)
// far beyond any camera's is refused before decoding, naming its pixels.
TEST(ScalpViewBudget, APhotoWhoseDecodeCannotFitIsRefused) {
  auto plan = PlanScalpView({30000, 20000}, {30000, 20000});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::kTooLarge);
  EXPECT_NE(plan.error().message.find("600.0 MP"), std::string::npos) << plan.error().message;
  auto jpeg = PlanScalpView({12000, 8000}, {1500, 1000});  // decoded at 1/8 scale
  ASSERT_TRUE(jpeg) << jpeg.error().ToString();
  EXPECT_EQ(jpeg->working_size, cv::Size(1024, 683));
}
}  // namespace
}  // namespace tricholog::imaging
