#include "imaging/metadata_strip.h"

#include <gtest/gtest.h>

#include "imaging/image_container.h"
#include "imaging/image_decode.h"
#include "imaging/image_test_util.h"

namespace tricholog::imaging {
namespace {

using namespace std::string_literals;
using testing::BuildExifBlock;
using testing::Encode;
using testing::MakePattern;

container::ExifFields FieldsOf(const std::vector<std::uint8_t>& bytes) {
  auto block = container::ExtractExif(bytes, SniffImageFormat(bytes));
  return block ? container::ReadExifFields(*block) : container::ExifFields{};
}

bool Contains(const std::vector<std::uint8_t>& bytes, const std::string& text) {
  return std::search(bytes.begin(), bytes.end(), text.begin(), text.end()) != bytes.end();
}

bool SamePixels(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
  auto da = DecodeImage(a);
  auto db = DecodeImage(b);
  if (!da || !db || da->bgr.size() != db->bgr.size()) return false;
  return cv::norm(da->bgr, db->bgr, cv::NORM_INF) == 0;
}

TEST(MetadataStrip, JpegLosesGpsKeepsOrientationTimeAndPixels) {
  const auto jpeg = testing::InsertJpegExif(Encode(MakePattern(96, 64), ".jpg"),
                                            BuildExifBlock(6, "2024:06:01 08:30:00", true));
  ASSERT_TRUE(FieldsOf(jpeg).has_gps);  // the test input really carries a position
  auto stripped = StripLocationMetadata(jpeg);
  ASSERT_TRUE(stripped) << stripped.error().ToString();
  const container::ExifFields fields = FieldsOf(*stripped);
  EXPECT_FALSE(fields.has_gps);
  EXPECT_EQ(fields.orientation, 6);
  EXPECT_EQ(fields.capture_time, "2024-06-01T08:30:00");
  EXPECT_TRUE(SamePixels(jpeg, *stripped));
  EXPECT_LT(stripped->size(), jpeg.size());
}

TEST(MetadataStrip, JpegCommentsAndXmpGo) {
  std::vector<std::uint8_t> jpeg = Encode(MakePattern(32, 32), ".jpg");
  const std::string xmp =
      "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>48,8.5N</exif:GPSLatitude>"s;
  std::vector<std::uint8_t> segment = {0xFF, 0xE1, 0, static_cast<std::uint8_t>(xmp.size() + 2)};
  segment.insert(segment.end(), xmp.begin(), xmp.end());
  const std::string comment = "home address";
  segment.insert(segment.end(), {0xFF, 0xFE, 0, static_cast<std::uint8_t>(comment.size() + 2)});
  segment.insert(segment.end(), comment.begin(), comment.end());
  jpeg.insert(jpeg.begin() + 2, segment.begin(), segment.end());
  ASSERT_TRUE(Contains(jpeg, "GPSLatitude"));
  auto stripped = StripLocationMetadata(jpeg);
  ASSERT_TRUE(stripped);
  EXPECT_FALSE(Contains(*stripped, "GPSLatitude"));
  EXPECT_FALSE(Contains(*stripped, "home address"));
  EXPECT_TRUE(SamePixels(jpeg, *stripped));
}

TEST(MetadataStrip, PngDropsTextAndGpsKeepsOrientation) {
  const auto block = BuildExifBlock(3, std::nullopt, true);
  const std::vector<std::uint8_t> tiff(block.begin() + 6, block.end());
  auto png = testing::InsertPngChunk(Encode(MakePattern(40, 30), ".png"), "eXIf", tiff);
  const std::string text = "Comment\0taken at 48.1N 11.5E"s;
  png = testing::InsertPngChunk(png, "tEXt", std::vector<std::uint8_t>(text.begin(), text.end()));
  ASSERT_TRUE(FieldsOf(png).has_gps);
  ASSERT_TRUE(Contains(png, "48.1N"));
  auto stripped = StripLocationMetadata(png);
  ASSERT_TRUE(stripped) << stripped.error().ToString();
  EXPECT_FALSE(FieldsOf(*stripped).has_gps);
  EXPECT_EQ(FieldsOf(*stripped).orientation, 3);
  EXPECT_FALSE(Contains(*stripped, "48.1N"));
  EXPECT_TRUE(SamePixels(png, *stripped));
}

TEST(MetadataStrip, WebpDropsGpsAndXmp) {
  const auto block = BuildExifBlock(8, "2023:01:02 03:04:05", true);
  const std::vector<std::uint8_t> tiff(block.begin() + 6, block.end());
  const std::string xmp = "<x:xmpmeta>GPSLongitude</x:xmpmeta>";
  const auto webp = testing::WebpWithChunks(
      Encode(MakePattern(50, 40), ".webp"), 50, 40,
      {{"EXIF", tiff}, {"XMP ", std::vector<std::uint8_t>(xmp.begin(), xmp.end())}});
  ASSERT_TRUE(FieldsOf(webp).has_gps);
  auto stripped = StripLocationMetadata(webp);
  ASSERT_TRUE(stripped) << stripped.error().ToString();
  EXPECT_FALSE(FieldsOf(*stripped).has_gps);
  EXPECT_EQ(FieldsOf(*stripped).orientation, 8);
  EXPECT_EQ(FieldsOf(*stripped).capture_time, "2023-01-02T03:04:05");
  EXPECT_FALSE(Contains(*stripped, "GPSLongitude"));
  EXPECT_TRUE(SamePixels(webp, *stripped));
}

TEST(MetadataStrip, HeicBecomesJpeg) {
  const auto heic = testing::EncodeHeic(MakePattern(64, 48));
  if (heic.empty()) GTEST_SKIP() << "libheif has no HEVC encoder in this build";
  auto stripped = StripLocationMetadata(heic);
  ASSERT_TRUE(stripped) << stripped.error().ToString();
  EXPECT_EQ(SniffImageFormat(*stripped), "jpeg");
  auto decoded = DecodeImage(*stripped);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->bgr.size(), cv::Size(64, 48));
}

TEST(MetadataStrip, RejectsUnknownAndCorrupt) {
  auto unknown = StripLocationMetadata(std::vector<std::uint8_t>{'B', 'M', 0, 0});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnsupported);
  std::vector<std::uint8_t> jpeg = Encode(MakePattern(32, 32), ".jpg");
  jpeg.resize(40);  // cut inside the headers
  auto corrupt = StripLocationMetadata(jpeg);
  ASSERT_FALSE(corrupt);
  EXPECT_EQ(corrupt.error().code, ErrorCode::kParseError);
}

}  // namespace
}  // namespace tricholog::imaging
