#include "imaging/hair_loss_net.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <opencv2/imgproc.hpp>

#include "imaging/hair_loss_segmentation.h"
#include "imaging/scalp_segmentation.h"

namespace tricholog::imaging {
namespace {

namespace fs = std::filesystem;

const fs::path kModel = fs::path(TRICHOLOG_SOURCE_DATA_DIR) / "models" / "loss_net.onnx";

// A back view at the analysis scale: a mottled head with a neck on a smooth background,
// dark strands rooted over the scalp template and hanging down, except in a round bare
// patch of radius 0.25 head radii at (`patch_u`, `patch_v`).
struct DrawnBackView {
  cv::Mat bgr;
  HeadEllipse head{504, 330, 250, 260};
  cv::Point patch_center;
  int patch_radius = 0;
};

DrawnBackView DrawBackView(double patch_u, double patch_v) {
  DrawnBackView view;
  const cv::Size size(1008, 756);
  cv::Mat background(3, 4, CV_8UC3);
  cv::RNG rng(11);
  rng.fill(background, cv::RNG::UNIFORM, cv::Scalar(60, 60, 60), cv::Scalar(230, 230, 230));
  cv::resize(background, view.bgr, size, 0, 0, cv::INTER_CUBIC);
  cv::GaussianBlur(view.bgr, view.bgr, cv::Size(), 40);
  cv::Mat skin(size.height / 20, size.width / 20, CV_8UC3);
  rng.fill(skin, cv::RNG::UNIFORM, cv::Scalar(120, 150, 190), cv::Scalar(140, 170, 215));
  cv::resize(skin, skin, size, 0, 0, cv::INTER_CUBIC);
  const HeadEllipse& h = view.head;
  cv::Mat body = cv::Mat::zeros(size, CV_8U);
  cv::ellipse(body, cv::Point(504, 330), cv::Size(250, 260), 0, 0, 360, 255, cv::FILLED);
  cv::rectangle(body, cv::Rect(504 - 140, 330, 280, size.height - 330), 255, cv::FILLED);
  skin.copyTo(view.bgr, body);
  const cv::Mat scalp = DrawScalpRegion(ScalpView::kBack, h, size);
  view.patch_center = cv::Point(static_cast<int>(h.center_x + patch_u * h.radius_x),
                                static_cast<int>(h.center_y + patch_v * h.radius_y));
  view.patch_radius = static_cast<int>(0.25 * h.radius_x);
  for (int i = 0; i < 9000; ++i) {
    cv::Point2d root(rng.uniform(0.0, 1008.0), rng.uniform(0.0, 756.0));
    const cv::Point p(static_cast<int>(root.x), static_cast<int>(root.y));
    if (!scalp.at<std::uint8_t>(p)) continue;
    if (std::hypot(root.x - view.patch_center.x, root.y - view.patch_center.y) < view.patch_radius)
      continue;
    double angle = CV_PI / 2 + rng.gaussian(0.4);
    cv::Point2d a = root;
    for (int s = 0; s < 4; ++s) {  // about 0.1 head radii, slightly curved
      angle += rng.gaussian(0.15);
      cv::Point2d b = a + cv::Point2d(7 * std::cos(angle), 7 * std::sin(angle));
      cv::line(view.bgr, a, b, cv::Scalar(30, 40, 60), 1, cv::LINE_AA);
      a = b;
    }
  }
  return view;
}

TEST(HairLossNet, MissingModelIsNotFound) {
  auto net = HairLossNet::Load("/nonexistent/loss_net.onnx");
  ASSERT_FALSE(net);
  EXPECT_EQ(net.error().code, ErrorCode::kNotFound);
}

TEST(HairLossNet, FindsABarePatchOnADrawnHeadAndLeavesTheHairAlone) {
  if (!fs::exists(kModel)) GTEST_SKIP() << "no " << kModel;
  auto net = HairLossNet::Load(kModel);
  ASSERT_TRUE(net) << net.error().message;
  for (double patch_u : {-0.35, 0.35}) {
    DrawnBackView view = DrawBackView(patch_u, -0.2);
    cv::Mat lab;
    cv::cvtColor(view.bgr, lab, cv::COLOR_BGR2Lab);
    cv::Mat silhouette = cv::Mat::zeros(view.bgr.size(), CV_8U);
    cv::ellipse(silhouette, cv::Point(504, 330), cv::Size(250, 260), 0, 0, 360, 255, cv::FILLED);
    const HairTexture texture = MeasureHairTexture(lab, silhouette, view.head);
    const cv::Mat scalp = DrawScalpRegion(ScalpView::kBack, view.head, view.bgr.size());
    cv::Mat probability = (*net)->LossProbability(view.bgr, texture.response, scalp);
    ASSERT_EQ(probability.size(), view.bgr.size());
    ASSERT_EQ(probability.type(), CV_32F);
    cv::Mat loss = (probability > 0.5) & scalp;
    // The patch's core (half its radius) is loss.
    cv::Mat core = cv::Mat::zeros(scalp.size(), CV_8U);
    cv::circle(core, view.patch_center, view.patch_radius / 2, 255, cv::FILLED);
    EXPECT_GT(cv::countNonZero(loss & core), 0.8 * cv::countNonZero(core)) << patch_u;
    // The hair well away from the patch is not.
    cv::Mat hair = scalp.clone();
    cv::circle(hair, view.patch_center, 2 * view.patch_radius, 0, cv::FILLED);
    EXPECT_LT(cv::countNonZero(loss & hair), 0.05 * cv::countNonZero(hair)) << patch_u;
  }
}

// Channel 5 is the response relative to the photo's own hair: a photo with fainter hair (a
// lower-contrast strand response throughout) gives the same channel 5, while channel 3 (the
// absolute response) scales with it. A bare scalp whose response stays under the floor is
// not stretched up to look like hair.
TEST(HairLossNet, RelativeChannelFollowsThePhotosOwnHairLevel) {
  const cv::Size size(1008, 756);
  cv::Mat bgr(size, CV_8UC3, cv::Scalar(120, 140, 180));
  cv::Mat scalp = cv::Mat::zeros(size, CV_8U);
  cv::ellipse(scalp, cv::Point(504, 378), cv::Size(300, 250), 0, 0, 360, 255, cv::FILLED);
  cv::Mat response(size, CV_32F);
  cv::RNG rng(5);
  rng.fill(response, cv::RNG::UNIFORM, 6.0, 14.0);  // hair over the whole scalp
  cv::Mat faint = response * 0.5;                   // the same hair at half the contrast
  cv::Mat bare(size, CV_32F);
  rng.fill(bare, cv::RNG::UNIFORM, 0.2, 1.2);  // bare skin (total loss)
  auto channel = [](const cv::Mat& blob, int c) {
    return cv::Mat(HairLossNet::kInputHeight, HairLossNet::kInputWidth, CV_32F,
                   const_cast<float*>(blob.ptr<float>(0, c)));
  };
  const cv::Mat strong_blob = HairLossNetInput(bgr, response, scalp);
  const cv::Mat faint_blob = HairLossNetInput(bgr, faint, scalp);
  const cv::Mat bare_blob = HairLossNetInput(bgr, bare, scalp);
  ASSERT_EQ(strong_blob.size[1], 6);
  const cv::Point middle(128, 96);
  EXPECT_NEAR(channel(faint_blob, 3).at<float>(middle),
              0.5 * channel(strong_blob, 3).at<float>(middle), 1e-4);
  EXPECT_LT(cv::norm(channel(faint_blob, 5), channel(strong_blob, 5), cv::NORM_INF), 1e-4);
  // Inside the scalp the hair's channel 5 sits near 0.5 (its 90th percentile maps to 0.5).
  EXPECT_GT(channel(strong_blob, 5).at<float>(middle), 0.3);
  EXPECT_LT(channel(strong_blob, 5).at<float>(middle), 0.6);
  // Bare skin is divided by the 3-unit floor, not by its own level: it stays low.
  EXPECT_LT(channel(bare_blob, 5).at<float>(middle), 0.15);
}

}  // namespace
}  // namespace tricholog::imaging
