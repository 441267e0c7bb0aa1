#include "imaging/image_decode.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "imaging/image_test_util.h"

namespace tricholog::imaging {
namespace {

using testing::BuildExifBlock;
using testing::Encode;
using testing::MakePattern;

// Mean absolute difference per channel value; decoders of lossy formats differ slightly.
double MeanAbsDiff(const cv::Mat& a, const cv::Mat& b) {
  if (a.size() != b.size()) return 1e9;
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  const cv::Scalar mean = cv::mean(diff);
  return (mean[0] + mean[1] + mean[2]) / 3.0;
}

// The reference orientation transform, written independently of the decoder: where the
// stored image's pixels land for EXIF orientation 1..8 (CIPA DC-008, tag 0x0112).
cv::Mat ExpectedUpright(const cv::Mat& stored, int orientation) {
  cv::Mat out;
  switch (orientation) {
    case 2:
      cv::flip(stored, out, 1);
      break;
    case 3:
      cv::rotate(stored, out, cv::ROTATE_180);
      break;
    case 4:
      cv::flip(stored, out, 0);
      break;
    case 5:
      cv::rotate(stored, out, cv::ROTATE_90_CLOCKWISE);
      cv::flip(out, out, 1);
      break;
    case 6:
      cv::rotate(stored, out, cv::ROTATE_90_CLOCKWISE);
      break;
    case 7:
      cv::rotate(stored, out, cv::ROTATE_90_COUNTERCLOCKWISE);
      cv::flip(out, out, 1);
      break;
    case 8:
      cv::rotate(stored, out, cv::ROTATE_90_COUNTERCLOCKWISE);
      break;
    default:
      out = stored.clone();
  }
  return out;
}

TEST(ImageDecode, SniffsFormatFromMagicBytesNotName) {
  const cv::Mat pattern = MakePattern(64, 48);
  EXPECT_EQ(SniffImageFormat(Encode(pattern, ".jpg")), "jpeg");
  EXPECT_EQ(SniffImageFormat(Encode(pattern, ".png")), "png");
  EXPECT_EQ(SniffImageFormat(Encode(pattern, ".webp")), "webp");
  EXPECT_EQ(SniffImageFormat(std::vector<std::uint8_t>{'G', 'I', 'F', '8', '9', 'a'}), "");
  EXPECT_EQ(SniffImageFormat(std::vector<std::uint8_t>{}), "");
}

TEST(ImageDecode, DecodesJpegPngWebp) {
  const cv::Mat pattern = MakePattern(120, 80);
  for (const std::string extension : {".jpg", ".png", ".webp"}) {
    auto decoded = DecodeImage(Encode(pattern, extension));
    ASSERT_TRUE(decoded) << extension << ": " << decoded.error().ToString();
    EXPECT_EQ(decoded->bgr.type(), CV_8UC3);
    EXPECT_EQ(decoded->full_width, 120);
    EXPECT_EQ(decoded->full_height, 80);
    EXPECT_EQ(decoded->scale_denominator, 1);
    EXPECT_LT(MeanAbsDiff(decoded->bgr, pattern), 6.0) << extension;
  }
}

TEST(ImageDecode, DecodesHeic) {
  const cv::Mat pattern = MakePattern(128, 96);
  const std::vector<std::uint8_t> heic = testing::EncodeHeic(pattern);
  if (heic.empty()) GTEST_SKIP() << "libheif has no HEVC encoder in this build";
  EXPECT_EQ(SniffImageFormat(heic), "heic");
  auto size = ReadImageHeaderSize(heic);
  ASSERT_TRUE(size);
  EXPECT_EQ(size->width, 128);
  auto decoded = DecodeImage(heic);
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_EQ(decoded->format, "heic");
  EXPECT_EQ(decoded->bgr.size(), pattern.size());
  EXPECT_LT(MeanAbsDiff(decoded->bgr, pattern), 8.0);
}

TEST(ImageDecode, AppliesEveryJpegExifOrientation) {
  const cv::Mat stored = MakePattern(90, 60);
  const std::vector<std::uint8_t> jpeg = Encode(stored, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 98});
  auto plain = DecodeImage(jpeg);
  ASSERT_TRUE(plain);
  for (int orientation = 1; orientation <= 8; ++orientation) {
    auto decoded = DecodeImage(
        testing::InsertJpegExif(jpeg, BuildExifBlock(orientation, std::nullopt, false)));
    ASSERT_TRUE(decoded) << orientation << ": " << decoded.error().ToString();
    const cv::Mat expected = ExpectedUpright(plain->bgr, orientation);
    EXPECT_LT(MeanAbsDiff(decoded->bgr, expected), 0.5) << "orientation " << orientation;
    EXPECT_EQ(decoded->full_width, expected.cols) << "orientation " << orientation;
    EXPECT_EQ(decoded->full_height, expected.rows) << "orientation " << orientation;
  }
}

TEST(ImageDecode, OrientationSixPutsTheTopLeftCornerTopRight) {
  const cv::Mat stored = MakePattern(80, 40);  // red block at the top-left
  auto decoded = DecodeImage(
      testing::InsertJpegExif(Encode(stored, ".jpg"), BuildExifBlock(6, std::nullopt, false)));
  ASSERT_TRUE(decoded);
  ASSERT_EQ(decoded->bgr.size(), cv::Size(40, 80));
  const cv::Vec3b top_right = decoded->bgr.at<cv::Vec3b>(3, 36);
  EXPECT_GT(top_right[2], 200);  // red
  EXPECT_LT(top_right[1], 60);
}

TEST(ImageDecode, AppliesPngAndWebpExifOrientation) {
  const cv::Mat stored = MakePattern(64, 32);
  const std::vector<std::uint8_t> block = BuildExifBlock(6, "2024:03:05 09:10:11", false);
  const std::vector<std::uint8_t> tiff(block.begin() + 6, block.end());  // eXIf/EXIF hold bare TIFF
  const auto png = testing::InsertPngChunk(Encode(stored, ".png"), "eXIf", tiff);
  const auto webp = testing::WebpWithChunks(
      Encode(stored, ".webp", {cv::IMWRITE_WEBP_QUALITY, 101}), 64, 32, {{"EXIF", tiff}});
  for (const auto* bytes : {&png, &webp}) {
    auto decoded = DecodeImage(*bytes);
    ASSERT_TRUE(decoded) << decoded.error().ToString();
    EXPECT_EQ(decoded->bgr.size(), cv::Size(32, 64)) << decoded->format;
    EXPECT_LT(MeanAbsDiff(decoded->bgr, ExpectedUpright(stored, 6)), 1.0) << decoded->format;
    EXPECT_EQ(decoded->capture_time, "2024-03-05T09:10:11") << decoded->format;
  }
}

TEST(ImageDecode, ReadsCaptureTime) {
  const auto jpeg = testing::InsertJpegExif(Encode(MakePattern(32, 32), ".jpg"),
                                            BuildExifBlock(1, "2025:11:30 17:45:02", false));
  auto decoded = DecodeImage(jpeg);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->capture_time, "2025-11-30T17:45:02");
  auto without = DecodeImage(Encode(MakePattern(32, 32), ".jpg"));
  ASSERT_TRUE(without);
  EXPECT_FALSE(without->capture_time.has_value());
}

TEST(ImageDecode, ReducedScaleJpegUsesDctScaling) {
  const cv::Mat stored = MakePattern(1000, 800);
  const auto jpeg =
      testing::InsertJpegExif(Encode(stored, ".jpg"), BuildExifBlock(6, std::nullopt, false));
  auto decoded = DecodeImage(jpeg, {}, 4);
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_EQ(decoded->scale_denominator, 4);
  EXPECT_EQ(decoded->full_width, 800);
  EXPECT_EQ(decoded->full_height, 1000);
  EXPECT_EQ(decoded->bgr.size(), cv::Size(200, 250));
}

TEST(ImageDecode, ReducedScalePngIsResized) {
  auto decoded = DecodeImage(Encode(MakePattern(101, 60), ".png"), {}, 2);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->full_width, 101);
  EXPECT_EQ(decoded->bgr.size(), cv::Size(51, 30));
}

TEST(ImageDecode, RejectsBadScaleDenominator) {
  auto decoded = DecodeImage(Encode(MakePattern(16, 16), ".png"), {}, 3);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(decoded.error().field, "scale_denominator");
}

TEST(ImageDecode, ByteLimitCheckedFirst) {
  DecodeLimits limits;
  limits.max_bytes = 100;
  auto decoded = DecodeImage(Encode(MakePattern(64, 64), ".png"), limits);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::kTooLarge);
  EXPECT_NE(decoded.error().message.find("limit of 100 bytes"), std::string::npos);
}

TEST(ImageDecode, PixelLimitRefusesPngBombFromHeaderAlone) {
  // A PNG signature and an IHDR announcing 100000 x 100000 pixels (10 gigapixels), and
  // no image data: refused from the header without allocating.
  std::vector<std::uint8_t> png = Encode(MakePattern(8, 8), ".png");
  png.resize(33);
  const std::uint32_t side = 100000;
  for (int i = 0; i < 4; ++i) {
    png[16 + i] = static_cast<std::uint8_t>(side >> (24 - 8 * i));
    png[20 + i] = static_cast<std::uint8_t>(side >> (24 - 8 * i));
  }
  auto decoded = DecodeImage(png);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::kTooLarge);
  EXPECT_NE(decoded.error().message.find("100000x100000"), std::string::npos);
}

TEST(ImageDecode, PixelLimitRefusesJpegAndWebpFromHeader) {
  DecodeLimits limits;
  limits.max_pixels = 1000;
  for (const std::string extension : {".jpg", ".webp"}) {
    auto decoded = DecodeImage(Encode(MakePattern(40, 30), extension), limits);
    ASSERT_FALSE(decoded) << extension;
    EXPECT_EQ(decoded.error().code, ErrorCode::kTooLarge) << extension;
  }
}

TEST(ImageDecode, HeaderSizesMatchEncodedSizes) {
  const cv::Mat pattern = MakePattern(321, 123);
  for (const std::string extension : {".jpg", ".png", ".webp"}) {
    auto size = ReadImageHeaderSize(Encode(pattern, extension));
    ASSERT_TRUE(size) << extension;
    EXPECT_EQ(size->width, 321) << extension;
    EXPECT_EQ(size->height, 123) << extension;
  }
  auto lossless = ReadImageHeaderSize(Encode(pattern, ".webp", {cv::IMWRITE_WEBP_QUALITY, 101}));
  ASSERT_TRUE(lossless);
  EXPECT_EQ(lossless->width, 321);
  EXPECT_EQ(lossless->height, 123);
}

TEST(ImageDecode, TruncatedFilesAreParseErrors) {
  const cv::Mat pattern = MakePattern(200, 150);
  for (const std::string extension : {".jpg", ".png", ".webp"}) {
    std::vector<std::uint8_t> bytes = Encode(pattern, extension);
    bytes.resize(bytes.size() * 2 / 3);
    auto decoded = DecodeImage(bytes);
    ASSERT_FALSE(decoded) << extension;
    EXPECT_EQ(decoded.error().code, ErrorCode::kParseError) << extension;
    EXPECT_EQ(decoded.error().field, "image");
  }
}

TEST(ImageDecode, EmptyAndUnknownInput) {
  auto empty = DecodeImage(std::span<const std::uint8_t>{});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kParseError);
  const std::vector<std::uint8_t> gif = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0, 0, 0};
  auto unknown = DecodeImage(gif);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(unknown.error().message.find("JPEG, PNG, WebP or HEIC"), std::string::npos);
}

// Found by libFuzzer: "RIFF....WEBP" whose RIFF size disagrees with the file, with
// "DICM" at byte 128. OpenCV's own WebP check rejects it and cv::imdecode then handed it to
// its DICOM decoder (GDCM), which aborted the process.
TEST(ImageDecode, MalformedWebpNeverReachesOtherOpenCvDecoders) {
  const std::vector<std::uint8_t> bytes = {
      0x52, 0x49, 0x46, 0x46, 0x4a, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38,
      0x20, 0x3e, 0x40, 0x00, 0x00, 0x10, 0x04, 0x00, 0x9d, 0x01, 0x2a, 0x20, 0x00, 0x18, 0x00,
      0x3e, 0x91, 0x44, 0x9a, 0x48, 0xa5, 0xa4, 0x22, 0xa1, 0x30, 0x18, 0x08, 0x00, 0xb0, 0x12,
      0x09, 0x69, 0x00, 0x0b, 0x49, 0x46, 0x46, 0x4a, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50,
      0x56, 0x50, 0x38, 0x00, 0x9d, 0x01, 0x2a, 0x20, 0x00, 0x18, 0x00, 0x3e, 0x91, 0x44, 0x9a,
      0x48, 0xa5, 0xa4, 0x22, 0xa1, 0x30, 0x18, 0x08, 0x00, 0x12, 0x09, 0x69, 0x00, 0x0b, 0xe0,
      0x1e, 0xbf, 0xa2, 0x36, 0xfb, 0xdc, 0x21, 0xce, 0xa8, 0x26, 0x36, 0xfb, 0xdc, 0x21, 0xce,
      0xa8, 0x26, 0x00, 0x00, 0x04, 0xdd, 0xe0, 0x1e, 0xbf, 0xa2, 0x36, 0xfb, 0xdc, 0x21, 0xce,
      0xa8, 0x26, 0x00, 0xc6, 0x09, 0x00, 0x81, 0x44, 0x44, 0x49, 0x43, 0x4d, 0x04, 0x2d, 0x00,
  };
  ASSERT_EQ(std::string(bytes.begin() + 128, bytes.begin() + 132), "DICM");
  auto decoded = DecodeImage(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::kParseError);
}

TEST(ImageDecode, FileErrors) {
  auto missing = DecodeImageFile("/nonexistent/photo.jpg");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  const auto path = std::filesystem::temp_directory_path() / "tricholog_decode_test.png";
  {
    const auto bytes = Encode(MakePattern(20, 10), ".png");
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
  }
  auto decoded = DecodeImageFile(path);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->full_width, 20);
  DecodeLimits limits;
  limits.max_bytes = 10;
  auto too_big = DecodeImageFile(path, limits);
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error().code, ErrorCode::kTooLarge);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace tricholog::imaging
