#include "imaging/image_encode.h"

#include <gtest/gtest.h>

#include "imaging/image_container.h"
#include "imaging/image_decode.h"
#include "imaging/image_test_util.h"

namespace tricholog::imaging {
namespace {

using testing::MakePattern;

TEST(ImageEncode, PngIsLosslessAndCarriesNoMetadata) {
  const cv::Mat image = MakePattern(97, 41);
  auto png = EncodePng(image);
  ASSERT_TRUE(png) << png.error().ToString();
  auto decoded = DecodeImage(*png);
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_EQ(cv::norm(decoded->bgr, image, cv::NORM_INF), 0);
  auto chunks = container::ParsePngChunks(*png);
  ASSERT_TRUE(chunks);
  for (const auto& chunk : *chunks) {
    EXPECT_TRUE(chunk.type == "IHDR" || chunk.type == "IDAT" || chunk.type == "IEND") << chunk.type;
  }
}

TEST(ImageEncode, GreyPngStaysGreyAndExact) {
  cv::Mat mask = cv::Mat::zeros(30, 50, CV_8UC1);
  cv::circle(mask, {25, 15}, 10, cv::Scalar(255), cv::FILLED);
  const cv::Mat roi = mask(cv::Rect(5, 5, 40, 20));  // not continuous
  auto png = EncodePng(roi);
  ASSERT_TRUE(png);
  EXPECT_EQ((*png)[25], 0);  // IHDR colour type 0: greyscale
  auto decoded = DecodeImage(*png);
  ASSERT_TRUE(decoded);
  cv::Mat grey;
  cv::cvtColor(decoded->bgr, grey, cv::COLOR_BGR2GRAY);
  EXPECT_EQ(cv::norm(grey, roi, cv::NORM_INF), 0);
}

TEST(ImageEncode, JpegRoundTripsWithoutExif) {
  const cv::Mat image = MakePattern(160, 120);
  auto jpeg = EncodeJpeg(image, 95);
  ASSERT_TRUE(jpeg) << jpeg.error().ToString();
  EXPECT_EQ(SniffImageFormat(*jpeg), "jpeg");
  EXPECT_FALSE(container::ExtractExif(*jpeg, "jpeg").has_value());
  auto layout = container::ParseJpegLayout(*jpeg);
  ASSERT_TRUE(layout);
  for (const auto& segment : layout->segments) EXPECT_NE(segment.marker, 0xE1);  // no APP1
  auto decoded = DecodeImage(*jpeg);
  ASSERT_TRUE(decoded);
  cv::Mat diff;
  cv::absdiff(decoded->bgr, image, diff);
  EXPECT_LT(cv::mean(diff)[0], 4.0);
  // Higher quality, more bytes.
  auto small = EncodeJpeg(image, 20);
  ASSERT_TRUE(small);
  EXPECT_LT(small->size(), jpeg->size());
  auto grey = EncodeJpeg(cv::Mat(20, 30, CV_8UC1, cv::Scalar(77)), 90);
  ASSERT_TRUE(grey);
  EXPECT_TRUE(DecodeImage(*grey));
}

TEST(ImageEncode, RefusesWhatItCannotEncode) {
  EXPECT_EQ(EncodePng(cv::Mat()).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(EncodePng(cv::Mat(4, 4, CV_16UC3)).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(EncodeJpeg(cv::Mat(4, 4, CV_8UC4), 90).error().code, ErrorCode::kInvalidArgument);
  auto bad_quality = EncodeJpeg(MakePattern(8, 8), 0);
  ASSERT_FALSE(bad_quality);
  EXPECT_EQ(bad_quality.error().field, "quality");
}

}  // namespace
}  // namespace tricholog::imaging
