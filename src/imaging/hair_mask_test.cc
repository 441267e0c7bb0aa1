#include "imaging/hair_mask.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <string>
#include <vector>

#include "imaging/mask_metrics.h"

namespace tricholog::imaging {
namespace {

// A smooth left-to-right background with an ellipse of dark, roughly parallel wavy strands:
// the simplest picture of a lock of hair against a plain wall. `region` receives the ellipse.
cv::Mat DrawStrandsOnSmoothBackground(cv::Mat& region) {
  const cv::Size size(480, 360);
  cv::Mat image(size, CV_8UC3);
  for (int x = 0; x < size.width; ++x) {
    const auto v = static_cast<unsigned char>(170 + 60 * x / size.width);
    image.col(x).setTo(cv::Scalar(v, v, v + 10 > 255 ? 255 : v + 10));
  }
  region = cv::Mat::zeros(size, CV_8U);
  const cv::Point center(240, 170);
  const cv::Size axes(120, 140);
  cv::ellipse(region, center, axes, 0, 0, 360, cv::Scalar(255), cv::FILLED);
  cv::Mat strands = image.clone();
  strands.setTo(cv::Scalar(40, 55, 80), region);  // brown base
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> shade(0, 60);
  for (int x0 = center.x - axes.width; x0 < center.x + axes.width; x0 += 3) {
    std::vector<cv::Point> line;
    for (int y = 0; y < size.height; y += 4) {
      line.emplace_back(x0 + static_cast<int>(6 * std::sin(y / 25.0 + x0 * 0.05)), y);
    }
    const int s = shade(rng);
    cv::polylines(strands, line, false, cv::Scalar(90 + s, 110 + s, 150 + s), 1, cv::LINE_AA);
  }
  strands.copyTo(image, region);
  return image;
}

TEST(HairMask, FindsTexturedStrandsOnSmoothBackground) {
  cv::Mat region;
  const cv::Mat image = DrawStrandsOnSmoothBackground(region);
  auto mask = ComputeHairMask(image);
  ASSERT_TRUE(mask.has_value()) << mask.error().ToString();
  EXPECT_GE(MaskIoU(*mask, region), 0.75);
}

// Wavy strands of `colour` (BGR, with some shade variation) filling `region` of `image`.
void DrawStrands(cv::Mat& image, const cv::Mat& region, cv::Scalar colour, unsigned seed) {
  cv::Mat strands = image.clone();
  strands.setTo(colour * 0.5, region);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> shade(0, 60);
  for (int x0 = 0; x0 < image.cols; x0 += 3) {
    std::vector<cv::Point> line;
    for (int y = 0; y < image.rows; y += 4) {
      line.emplace_back(x0 + static_cast<int>(6 * std::sin(y / 25.0 + x0 * 0.05)), y);
    }
    const double s = shade(rng);
    cv::polylines(strands, line, false, colour + cv::Scalar(s, s, s), 1, cv::LINE_AA);
  }
  strands.copyTo(image, region);
}

TEST(HairMask, LeavesOutSmoothFaceFramedByHair) {
  cv::Mat image(360, 480, CV_8UC3, cv::Scalar(200, 205, 210));
  // A smooth, softly shaded face of brown skin, close in colour to the hair around it, where
  // the pooled strand texture alone would call it hair.
  cv::Mat face = cv::Mat::zeros(image.size(), CV_8U);
  cv::ellipse(face, cv::Point(240, 200), cv::Size(60, 80), 0, 0, 360, cv::Scalar(255), cv::FILLED);
  cv::Mat hair = cv::Mat::zeros(image.size(), CV_8U);
  cv::ellipse(hair, cv::Point(240, 180), cv::Size(150, 170), 0, 0, 360, cv::Scalar(255),
              cv::FILLED);
  hair &= ~face;
  DrawStrands(image, hair, cv::Scalar(60, 80, 110), 3);
  cv::Mat shaded(image.size(), CV_8UC3);
  for (int x = 0; x < image.cols; ++x) {
    const int d = (x - 240) / 8;
    shaded.col(x).setTo(cv::Scalar(95 - d, 120 - d, 165 - d));
  }
  shaded.copyTo(image, face);
  auto mask = ComputeHairMask(image);
  ASSERT_TRUE(mask.has_value()) << mask.error().ToString();
  EXPECT_GE(MaskIoU(*mask, hair), 0.7);
  EXPECT_LT(cv::countNonZero(*mask & face), 0.1 * cv::countNonZero(face));
}

TEST(HairMask, GreenTextureIsNotHair) {
  cv::Mat image(360, 480, CV_8UC3, cv::Scalar(190, 200, 205));
  cv::Mat hair = cv::Mat::zeros(image.size(), CV_8U), foliage = hair.clone();
  cv::ellipse(hair, cv::Point(140, 180), cv::Size(100, 140), 0, 0, 360, cv::Scalar(255),
              cv::FILLED);
  cv::rectangle(foliage, cv::Rect(300, 0, 180, 360), cv::Scalar(255), cv::FILLED);
  DrawStrands(image, hair, cv::Scalar(40, 60, 90), 5);
  DrawStrands(image, foliage, cv::Scalar(40, 140, 50), 9);  // green, as textured as the hair
  auto mask = ComputeHairMask(image);
  ASSERT_TRUE(mask.has_value()) << mask.error().ToString();
  EXPECT_GE(MaskIoU(*mask, hair), 0.7);
  EXPECT_LT(cv::countNonZero(*mask & foliage), 0.05 * cv::countNonZero(foliage));
}

TEST(HairMask, SameImageGivesSameMaskAndLeavesCallerRngAlone) {
  cv::Mat region;
  const cv::Mat image = DrawStrandsOnSmoothBackground(region);
  auto first = ComputeHairMask(image);
  cv::theRNG().state = 42;
  for (int i = 0; i < 1000; ++i) cv::theRNG().next();  // a caller that uses the RNG meanwhile
  const std::uint64_t before = cv::theRNG().state;
  auto second = ComputeHairMask(image);
  ASSERT_TRUE(first.has_value() && second.has_value());
  EXPECT_EQ(cv::countNonZero(*first != *second), 0);
  EXPECT_EQ(cv::theRNG().state, before);
}

TEST(HairMask, FlatImageGivesEmptyMask) {
  const cv::Mat flat(300, 400, CV_8UC3, cv::Scalar(120, 140, 170));
  auto mask = ComputeHairMask(flat);
  ASSERT_TRUE(mask.has_value());
  EXPECT_EQ(cv::countNonZero(*mask), 0);
}

TEST(HairMask, SmoothGradientWithNoiseGivesEmptyMask) {
  cv::Mat image(300, 400, CV_8UC3);
  for (int y = 0; y < image.rows; ++y) image.row(y).setTo(cv::Scalar(100 + y / 3, 120, 140));
  cv::Mat noise(image.size(), CV_8UC3);
  cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(1.5));
  cv::add(image, noise, image);
  auto mask = ComputeHairMask(image);
  ASSERT_TRUE(mask.has_value());
  EXPECT_LT(MaskFraction(*mask), 0.02);
}

TEST(HairMask, OutputIsBinaryAndTheSizeOfTheInput) {
  cv::Mat region;
  cv::Mat image = DrawStrandsOnSmoothBackground(region);
  cv::Mat large;
  cv::resize(image, large, cv::Size(1501, 1127));  // odd sizes, above the work size
  for (const cv::Mat& input : {image, large}) {
    auto mask = ComputeHairMask(input);
    ASSERT_TRUE(mask.has_value());
    EXPECT_EQ(mask->size(), input.size());
    EXPECT_EQ(mask->type(), CV_8UC1);
    EXPECT_EQ(cv::countNonZero(*mask) + cv::countNonZero(*mask == 0),
              static_cast<int>(mask->total()));
    EXPECT_EQ(cv::countNonZero((*mask != 0) & (*mask != 255)), 0);
  }
}

TEST(HairMask, RejectsBadInputNamingTheField) {
  EXPECT_EQ(ComputeHairMask(cv::Mat()).error().field, "image");
  EXPECT_EQ(ComputeHairMask(cv::Mat(100, 100, CV_8UC1, cv::Scalar(0))).error().field, "image");
  EXPECT_EQ(ComputeHairMask(cv::Mat(8, 100, CV_8UC3, cv::Scalar(0))).error().field, "image");
  const cv::Mat ok(100, 100, CV_8UC3, cv::Scalar(0));
  auto bad_pixels = ComputeHairMask(ok, {.work_pixels = 5, .refine_iterations = 3});
  ASSERT_FALSE(bad_pixels.has_value());
  EXPECT_EQ(bad_pixels.error().field, "work_pixels");
  EXPECT_NE(bad_pixels.error().message.find("allowed"), std::string::npos);
  auto bad_iterations = ComputeHairMask(ok, {.work_pixels = 100'000, .refine_iterations = 11});
  ASSERT_FALSE(bad_iterations.has_value());
  EXPECT_EQ(bad_iterations.error().field, "refine_iterations");
}

// Mean IoU over a fixed third of the shared Figaro-1k sample (../shared/data/real/
// hair-segmentation: every third pair in name order, odd and even frames alike), which keeps
// the test to a few seconds. The floor sits a little under the figure measured on that third
// (docs/hair-mask.md) so that a regression fails.
constexpr double kFigaroMeanIoUFloor = 0.69;
constexpr int kFigaroSubsetStride = 3;

TEST(HairMask, FigaroSampleMeanIoUHoldsMeasuredFigure) {
  const std::filesystem::path dir =
      std::filesystem::path(TRICHOLOG_SHARED_DATA_DIR) / "real" / "hair-segmentation";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "no shared data at " << dir;
  std::vector<std::string> stems;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    const std::string suffix = "-org.jpg";
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      stems.push_back(name.substr(0, name.size() - suffix.size()));
    }
  }
  std::sort(stems.begin(), stems.end());
  double sum = 0;
  int count = 0;
  for (std::size_t i = 0; i < stems.size(); i += kFigaroSubsetStride) {
    const std::string& stem = stems[i];
    const cv::Mat image = cv::imread((dir / (stem + "-org.jpg")).string(), cv::IMREAD_COLOR);
    const cv::Mat truth = cv::imread((dir / (stem + "-gt.pbm")).string(), cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(image.empty()) << stem;
    ASSERT_EQ(truth.size(), image.size()) << stem;
    auto mask = ComputeHairMask(image);
    ASSERT_TRUE(mask.has_value()) << stem << ": " << mask.error().ToString();
    sum += MaskIoU(*mask, truth);
    ++count;
  }
  if (count == 0) GTEST_SKIP() << "no Figaro images in " << dir;
  const double mean = sum / count;
  RecordProperty("mean_iou", std::to_string(mean));
  EXPECT_GE(mean, kFigaroMeanIoUFloor) << "over " << count << " images";
  std::printf("Figaro subset: mean IoU %.4f over %d images\n", mean, count);
}

}  // namespace
}  // namespace tricholog::imaging
