#include "imaging/hair_count_net.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <opencv2/imgproc.hpp>

namespace tricholog::imaging {
namespace {

namespace fs = std::filesystem;

const fs::path kModel = fs::path(TRICHOLOG_SOURCE_DATA_DIR) / "models" / "count_net.onnx";
constexpr double kUmPerPx = 6.0;

// A 1200 x 900 field of mottled skin at 6 µm per pixel with `dots` black dots (not hairs).
cv::Mat DrawnSkin(int seed, int dots = 6) {
  cv::RNG rng(static_cast<std::uint64_t>(seed));
  cv::Mat blotches(9, 12, CV_8UC3);
  rng.fill(blotches, cv::RNG::UNIFORM, cv::Scalar(125, 140, 180), cv::Scalar(145, 160, 205));
  cv::Mat skin;
  cv::resize(blotches, skin, cv::Size(1200, 900), 0, 0, cv::INTER_CUBIC);
  for (int i = 0; i < dots; ++i) {
    cv::circle(skin, cv::Point(rng.uniform(0, 1200), rng.uniform(0, 900)), 8,
               cv::Scalar(30, 30, 35), cv::FILLED, cv::LINE_AA);
  }
  return skin;
}

// `count` clipped hairs (0.6-1.2 mm long, 60-90 µm wide, any direction) rooted in `box`.
void DrawStubs(cv::Mat& field, int count, cv::Rect box, int seed) {
  cv::RNG rng(static_cast<std::uint64_t>(seed));
  for (int i = 0; i < count; ++i) {
    const cv::Point2d root(rng.uniform(box.x, box.x + box.width),
                           rng.uniform(box.y, box.y + box.height));
    const double angle = rng.uniform(0.0, 2 * CV_PI);
    const double length = rng.uniform(600.0, 1200.0) / kUmPerPx;
    const int width = static_cast<int>(std::lround(rng.uniform(60.0, 90.0) / kUmPerPx));
    const cv::Point2d tip = root + length * cv::Point2d(std::cos(angle), std::sin(angle));
    cv::line(field, root, tip, cv::Scalar(35, 40, 50), width, cv::LINE_AA);
  }
}

std::shared_ptr<const HairCountNet> Model() {
  auto net = HairCountNet::Load(kModel);
  EXPECT_TRUE(net) << kModel << ": " << (net ? "" : net.error().message);
  return net ? *net : nullptr;
}

TEST(HairCountNet, MissingModelIsNotFound) {
  auto net = HairCountNet::Load(fs::path(TRICHOLOG_SOURCE_DATA_DIR) / "models" / "none.onnx");
  ASSERT_FALSE(net);
  EXPECT_EQ(net.error().code, ErrorCode::kNotFound);
}

TEST(HairCountNet, UnreadableModelIsInvalid) {
  const fs::path bad = fs::temp_directory_path() / "tricholog_bad_count_net.onnx";
  {
    std::FILE* f = std::fopen(bad.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("not an onnx model", f);
    std::fclose(f);
  }
  auto net = HairCountNet::Load(bad);
  fs::remove(bad);
  ASSERT_FALSE(net);
  EXPECT_EQ(net.error().code, ErrorCode::kInvalidArgument);
}

TEST(HairCountNet, CountsDrawnStubs) {
  const auto net = Model();
  ASSERT_NE(net, nullptr);
  cv::Mat field = DrawnSkin(1);
  DrawStubs(field, 40, cv::Rect(0, 0, 1200, 900), 2);
  const auto estimate = net->Count(field, kUmPerPx, cv::Mat());
  EXPECT_NEAR(estimate.count, 40, 6);
  EXPECT_NEAR(estimate.density.rows, 900 * kUmPerPx / HairCountNet::kUmPerPx / 2, 1);
}

// On bare skin with smooth blotches the net finds no hair in this 7.2 x 5.4 mm field, with or
// without six black dots: 0.0 and 0.0 since it is fed the field minus its local mean (3.8 and
// 3.7 before; 2.6 and 2.5 before its second training phase). Fails if phantom hairs come
// back, or if black dots come to count as hairs.
TEST(HairCountNet, BareSkinAndBlackDotsReadAsAFewPhantomHairsAtMost) {
  const auto net = Model();
  ASSERT_NE(net, nullptr);
  const double bare = net->Count(DrawnSkin(3, 0), kUmPerPx, cv::Mat()).count;
  const double dotted = net->Count(DrawnSkin(3, 6), kUmPerPx, cv::Mat()).count;
  std::printf("bare skin %.1f hairs, with six black dots %.1f\n", bare, dotted);
  EXPECT_LT(bare, 1.0);
  EXPECT_LT(dotted, 1.5);
  EXPECT_LT(dotted - bare, 6 * 0.25) << "six black dots must not read as hairs";
}

// A dermoscope lights its field unevenly: a bright centre, dark corners, a warmer side. The
// net sees the field minus its local mean (kHighPassSigma), so such lighting over bare skin
// and over stubs adds no hairs: 0.0 on bare skin and 40.9 against 40.2 evenly lit (the model
// fed the plain colours read 11.1 hairs on the bare skin).
void Vignette(cv::Mat& field) {
  const cv::Point2d centre(field.cols * 0.45, field.rows * 0.55);
  const double reach = std::hypot(field.cols, field.rows) / 2;
  for (int y = 0; y < field.rows; ++y) {
    auto* p = field.ptr<cv::Vec3b>(y);
    for (int x = 0; x < field.cols; ++x) {
      const double r = std::hypot(x - centre.x, y - centre.y) / reach;
      const double light = 1.0 - 0.55 * r * r;
      const double warm = 0.9 + 0.2 * x / field.cols;  // red rises to the right, blue falls
      p[x] = cv::Vec3b(cv::saturate_cast<std::uint8_t>(p[x][0] * light / warm),
                       cv::saturate_cast<std::uint8_t>(p[x][1] * light),
                       cv::saturate_cast<std::uint8_t>(p[x][2] * light * warm));
    }
  }
}

TEST(HairCountNet, UnevenLightingAddsNoHairs) {
  const auto net = Model();
  ASSERT_NE(net, nullptr);
  cv::Mat bare = DrawnSkin(3, 0);
  Vignette(bare);
  const double bare_count = net->Count(bare, kUmPerPx, cv::Mat()).count;
  cv::Mat field = DrawnSkin(1);
  DrawStubs(field, 40, cv::Rect(0, 0, 1200, 900), 2);
  const double even = net->Count(field, kUmPerPx, cv::Mat()).count;
  Vignette(field);
  const double uneven = net->Count(field, kUmPerPx, cv::Mat()).count;
  std::printf("unevenly lit: bare skin %.1f hairs; 40 stubs %.1f (evenly lit %.1f)\n", bare_count,
              uneven, even);
  EXPECT_LT(bare_count, 4.5);
  EXPECT_NEAR(uneven, even, 4);
}

TEST(HairCountNet, IgnoredOverlayCountsNothing) {
  const auto net = Model();
  ASSERT_NE(net, nullptr);
  cv::Mat field = DrawnSkin(4);
  DrawStubs(field, 30, cv::Rect(0, 0, 500, 900), 5);     // left
  DrawStubs(field, 20, cv::Rect(700, 0, 500, 900), 6);   // right
  cv::Mat ignore = cv::Mat::zeros(field.size(), CV_8UC1);
  ignore(cv::Rect(0, 0, 600, 900)).setTo(255);
  const double all = net->Count(field, kUmPerPx, cv::Mat()).count;
  const double right = net->Count(field, kUmPerPx, ignore).count;
  EXPECT_NEAR(all, 50, 8);
  EXPECT_NEAR(right, 20, 4);
}

}  // namespace
}  // namespace tricholog::imaging
