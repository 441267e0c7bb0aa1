// Mask outlines: a known shape traces to a polygon around it in 0..1 coordinates, at any mask
// size; specks are left out; the kept text form reads back and refuses damaged text; the kept
// copy is what the next call answers.
#include "app/mask_outline.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <opencv2/imgproc.hpp>

#include "imaging/image_encode.h"
#include "store/clock.h"

namespace tricholog::app {
namespace {

namespace fs = std::filesystem;

// The polygon's bounding box in 0..1 coordinates.
cv::Rect2f Bounds(const OutlinePolygon& polygon) {
  float x0 = 1, y0 = 1, x1 = 0, y1 = 0;
  for (auto [x, y] : polygon) {
    x0 = std::min(x0, x);
    y0 = std::min(y0, y);
    x1 = std::max(x1, x);
    y1 = std::max(y1, y);
  }
  return {x0, y0, x1 - x0, y1 - y0};
}

TEST(MaskOutline, ARectangleTracesToItsCornersAtAnySize) {
  for (cv::Size size : {cv::Size(400, 300), cv::Size(4032, 3024)}) {
    cv::Mat mask = cv::Mat::zeros(size, CV_8UC1);
    cv::rectangle(mask, cv::Rect(size.width / 4, size.height / 2, size.width / 2, size.height / 4),
                  255, -1);
    mask.at<std::uint8_t>(5, 5) = 255;  // a speck: left out
    const auto polygons = TraceMaskOutline(mask);
    ASSERT_EQ(polygons.size(), 1u) << size;
    EXPECT_LE(polygons[0].size(), 8u);  // simplified, not one point per pixel
    const cv::Rect2f box = Bounds(polygons[0]);
    EXPECT_NEAR(box.x, 0.25, 0.01);
    EXPECT_NEAR(box.y, 0.50, 0.01);
    EXPECT_NEAR(box.width, 0.50, 0.01);
    EXPECT_NEAR(box.height, 0.25, 0.01);
  }
  EXPECT_TRUE(TraceMaskOutline(cv::Mat::zeros(300, 400, CV_8UC1)).empty());
}

TEST(MaskOutline, TextFormReadsBackAndRefusesDamage) {
  const std::vector<OutlinePolygon> polygons = {{{0.1f, 0.2f}, {0.3f, 0.2f}, {0.3f, 0.4f}},
                                                {{0.5f, 0.5f}, {0.9f, 0.5f}, {0.9f, 0.9f}}};
  auto back = OutlineFromText(OutlineToText(polygons));
  ASSERT_TRUE(back) << back.error().ToString();
  ASSERT_EQ(back->size(), 2u);
  EXPECT_FLOAT_EQ((*back)[1][2].first, 0.9f);
  for (const char* bad : {"0.1,0.2 0.3\n", "0.1,0.2 1.5,0.3 0.2,0.2\n", "a,b\n", "0.1;0.2\n"}) {
    auto refused = OutlineFromText(bad);
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().code, ErrorCode::kParseError);
    EXPECT_NE(refused.error().message.find("line 1"), std::string::npos);
  }
}

TEST(MaskOutline, KeptBesideTheMaskAndTracedAgainWhenDamaged) {
  const fs::path dir = fs::temp_directory_path() / ("tricholog-outline-" + store::NewUuid());
  auto blobs = store::BlobStore::Open(dir);
  ASSERT_TRUE(blobs);
  cv::Mat mask = cv::Mat::zeros(300, 400, CV_8UC1);
  cv::circle(mask, {200, 150}, 60, 255, -1);
  const std::string sha = *blobs->Put(*imaging::EncodePng(mask));
  auto first = MaskOutline(*blobs, sha);
  ASSERT_TRUE(first) << first.error().ToString();
  ASSERT_EQ(first->size(), 1u);
  auto kept = blobs->GetDerived(sha, "outline.txt");
  ASSERT_TRUE(kept && kept->has_value());
  // A damaged kept copy is not trusted: traced again.
  const std::string junk = "not an outline\n";
  ASSERT_TRUE(blobs->PutDerived(
      sha, "outline.txt",
      std::span(reinterpret_cast<const std::uint8_t*>(junk.data()), junk.size())));
  auto again = MaskOutline(*blobs, sha);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->size(), 1u);
  // KeepMaskOutline from the analysis-size mask gives the same shape.
  KeepMaskOutline(*blobs, sha, mask);
  auto from_memory = MaskOutline(*blobs, sha);
  ASSERT_TRUE(from_memory);
  EXPECT_NEAR(Bounds((*from_memory)[0]).width, Bounds((*first)[0]).width, 0.01);
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace tricholog::app
