#include "imaging/scalp_render.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <opencv2/core.hpp>

#include "imaging/scalp_view.h"

namespace tricholog::imaging {
namespace {

// Small photos keep the suite fast; the analysis runs at any size (the quality gate flags
// the resolution, which does not change the figures).
constexpr int kWidth = 800, kHeight = 600;

ScalpState PatchyState(double regrowth) {
  ScalpState state;
  state.patches = {{15, 72, 30, 22, regrowth},
                   {175, 45, 26, 20, regrowth},
                   {95, 28, 26, 20, regrowth},
                   {262, 30, 24, 20, regrowth},
                   {185, -15, 30, 14, regrowth}};
  return state;
}

TEST(ScalpRender, SameStateAndSeedGiveTheSamePixels) {
  const ScalpState state = PatchyState(0.3);
  auto a = RenderScalpView(state, ScalpView::kLeft, {{kWidth, kHeight}, 5});
  auto b = RenderScalpView(state, ScalpView::kLeft, {{kWidth, kHeight}, 5});
  auto c = RenderScalpView(state, ScalpView::kLeft, {{kWidth, kHeight}, 6});
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(cv::norm(a->bgr, b->bgr, cv::NORM_INF), 0);
  EXPECT_EQ(cv::norm(a->loss_mask, b->loss_mask, cv::NORM_INF), 0);
  EXPECT_GT(cv::norm(a->bgr, c->bgr, cv::NORM_L1), 0);  // another photo of the same head
}

TEST(ScalpRender, TruthMasksAreConsistent) {
  for (ScalpView view : kAllScalpViews) {
    auto r = RenderScalpView(PatchyState(0), view, {{kWidth, kHeight}, 1});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->bgr.size(), cv::Size(kWidth, kHeight));
    EXPECT_EQ(r->bgr.type(), CV_8UC3);
    EXPECT_EQ(cv::countNonZero(r->loss_mask & ~r->scalp_mask), 0) << ScalpViewName(view);
    EXPECT_EQ(r->scalp_area_px, cv::countNonZero(r->scalp_mask));
    EXPECT_EQ(r->loss_area_px, cv::countNonZero(r->loss_mask));
    // The scalp is a sizeable part of every view; the front view shows least of it.
    EXPECT_GT(r->scalp_area_px, kWidth * kHeight / 20) << ScalpViewName(view);
    EXPECT_NEAR(
        r->hair_loss_percent,
        100.0 * static_cast<double>(r->loss_area_px) / static_cast<double>(r->scalp_area_px), 1e-9);
  }
}

TEST(ScalpRender, RegrowthShrinksTheBareAreaToNothing) {
  double previous = 101;
  for (double regrowth : {0.0, 0.5, 0.9, 1.0}) {
    auto r = RenderScalpView(PatchyState(regrowth), ScalpView::kTop, {{kWidth, kHeight}, 2});
    ASSERT_TRUE(r);
    EXPECT_LT(r->hair_loss_percent, previous) << regrowth;
    previous = r->hair_loss_percent;
  }
  EXPECT_EQ(previous, 0);
  auto none = RenderScalpView(ScalpState{}, ScalpView::kBack, {{kWidth, kHeight}, 2});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->loss_area_px, 0);
}

TEST(ScalpRender, RefusesBadStatesNamingTheField) {
  ScalpState state = PatchyState(0);
  state.patches[2].regrowth_fraction = 1.5;
  auto r = RenderScalpView(state, ScalpView::kTop, {{kWidth, kHeight}, 1});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "patches[2].regrowth_fraction");
  state = PatchyState(0);
  state.patches[0].radius_deg = 0;
  EXPECT_EQ(RenderScalpView(state, ScalpView::kTop).error().field, "patches[0].radius_deg");
  state = PatchyState(0);
  state.appearance.hair_density = 0.1;
  EXPECT_EQ(RenderScalpView(state, ScalpView::kTop).error().field, "appearance.hair_density");
  EXPECT_EQ(RenderScalpView(PatchyState(0), ScalpView::kTop, {{100, 80}, 1}).error().field, "size");
}

// The analysis on renders against their exact truth, over a course from bare patches to full
// regrowth: SALT's mean absolute error is reported and bounded.
TEST(ScalpRender, AnalysisMeasuresRendersCloseToTheirTruth) {
  double total_error = 0;
  int count = 0;
  double first_measured = 0, last_measured = 0;
  for (double regrowth : {0.0, 0.4, 0.8, 1.0}) {
    const ScalpState state = PatchyState(regrowth);
    std::vector<ScalpRender> renders;
    std::vector<ScalpViewFigures> figures;
    for (ScalpView view :
         {ScalpView::kTop, ScalpView::kBack, ScalpView::kLeft, ScalpView::kRight}) {
      auto r =
          RenderScalpView(state, view, {{kWidth, kHeight}, 11 + static_cast<std::uint64_t>(view)});
      ASSERT_TRUE(r);
      auto analysed = AnalyzeScalpPhoto(r->bgr, view);
      ASSERT_TRUE(analysed) << analysed.error().message;
      figures.push_back(analysed->figures);
      renders.push_back(std::move(*r));
    }
    auto salt = SaltFromViews(figures[0], figures[1], figures[2], figures[3]);
    ASSERT_TRUE(salt);
    const double truth = TruthSalt(renders[0], renders[1], renders[2], renders[3]);
    std::printf("regrowth %.1f: SALT truth %.1f, measured %.1f\n", regrowth, truth, salt->salt);
    total_error += std::abs(salt->salt - truth);
    ++count;
    if (regrowth == 0.0) first_measured = salt->salt;
    last_measured = salt->salt;
  }
  const double mae = total_error / count;
  std::printf("SALT mean absolute error on renders (%dx%d): %.2f points\n", kWidth, kHeight, mae);
  RecordProperty("salt_mae_x100", static_cast<int>(std::lround(mae * 100)));
  EXPECT_LT(mae, 6.0);
  EXPECT_GT(first_measured, 30.0);  // the bare patches are seen
  EXPECT_LT(last_measured, 12.0);   // and their regrowth
}

}  // namespace
}  // namespace tricholog::imaging
