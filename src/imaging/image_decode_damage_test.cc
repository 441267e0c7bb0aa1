// Issue 15 item 5 and issue 16: damaged, truncated and oversized photos are refused by name
// (never analysed), and the direct decoders give the pixels OpenCV's codec layer gave.
#include <gtest/gtest.h>

#include <random>

#include "imaging/image_container.h"
#include "imaging/image_decode.h"
#include "imaging/image_test_util.h"

namespace tricholog::imaging {
namespace {

using testing::Encode;
using testing::MakePattern;
using Bytes = std::vector<std::uint8_t>;

// A photo-like image: the test pattern plus per-pixel noise, so that the entropy-coded data
// is dense and the IDCT/upsampling paths all matter.
cv::Mat NoisyPattern(int width, int height) {
  cv::Mat image = MakePattern(width, height);
  cv::Mat noise(image.size(), CV_8UC3);
  cv::randu(noise, 0, 40);
  image += noise;
  return image;
}

bool Mentions(const Error& error, const std::string& text) {
  return error.message.find(text) != std::string::npos;
}

void PutBe32(Bytes& bytes, std::size_t at, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<std::uint8_t>(value >> (24 - 8 * i));
}

// A JPEG whose frame header (SOF0) announces width x height; the scan data stays as it was.
Bytes JpegAnnouncing(int width, int height) {
  Bytes jpeg = Encode(MakePattern(64, 48), ".jpg");
  for (std::size_t i = 2; i + 9 < jpeg.size();) {
    const std::size_t length = (std::size_t{jpeg[i + 2]} << 8) | jpeg[i + 3];
    if (jpeg[i + 1] == 0xC0) {
      jpeg[i + 5] = static_cast<std::uint8_t>(height >> 8);
      jpeg[i + 6] = static_cast<std::uint8_t>(height);
      jpeg[i + 7] = static_cast<std::uint8_t>(width >> 8);
      jpeg[i + 8] = static_cast<std::uint8_t>(width);
      return jpeg;
    }
    i += 2 + length;
  }
  return {};
}

// A bare PNG signature + IHDR announcing width x height (CRC made to match), no image data.
Bytes PngAnnouncing(std::uint32_t width, std::uint32_t height) {
  Bytes png = Encode(MakePattern(8, 8), ".png");
  png.resize(33);
  PutBe32(png, 16, width);
  PutBe32(png, 20, height);
  PutBe32(png, 29, testing::Crc32(png.data() + 12, 17));
  return png;
}

TEST(ImageDecodeDamage, JpegWithDamagedBytesInTheMiddleIsRefused) {
  // The case found in issue 15: 2,000 bytes in the middle of a photo overwritten. libjpeg
  // only warns ("Corrupt JPEG data ...") and pads; the warning must be an error.
  Bytes jpeg = Encode(NoisyPattern(1200, 900), ".jpg", {cv::IMWRITE_JPEG_QUALITY, 92});
  ASSERT_GT(jpeg.size(), 20000u);
  ASSERT_TRUE(DecodeImage(jpeg));
  std::mt19937 rng(15);
  const std::size_t middle = jpeg.size() / 2;
  for (std::size_t i = middle; i < middle + 2000; ++i) jpeg[i] = static_cast<std::uint8_t>(rng());
  for (int scale : {1, 8}) {
    auto decoded = DecodeImage(jpeg, {}, scale);
    ASSERT_FALSE(decoded) << "scale 1/" << scale;
    EXPECT_EQ(decoded.error().code, ErrorCode::kParseError);
    EXPECT_EQ(decoded.error().field, "image");
    EXPECT_TRUE(Mentions(decoded.error(), "JPEG data is damaged: Corrupt JPEG data"))
        << decoded.error().message;
  }
}

TEST(ImageDecodeDamage, TruncatedJpegIsRefusedNamingTheEarlyEnd) {
  Bytes jpeg = Encode(NoisyPattern(400, 300), ".jpg");
  jpeg.resize(jpeg.size() * 2 / 3);
  auto decoded = DecodeImage(jpeg);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::kParseError);
  EXPECT_TRUE(Mentions(decoded.error(), "Premature end of JPEG file")) << decoded.error().message;
}

TEST(ImageDecodeDamage, PngWithABadCrcIsRefused) {
  const Bytes png = Encode(NoisyPattern(200, 150), ".png");
  ASSERT_TRUE(DecodeImage(png));
  auto chunks = container::ParsePngChunks(png);
  ASSERT_TRUE(chunks);
  ASSERT_EQ((*chunks)[1].type, "IDAT");
  const container::PngChunk idat = (*chunks)[1];
  // The IDAT chunk's CRC itself damaged: the pixels would decode, the CRC says otherwise.
  Bytes bad_crc = png;
  bad_crc[idat.offset + idat.size - 1] ^= 0x01;
  auto decoded = DecodeImage(bad_crc);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::kParseError);
  EXPECT_TRUE(Mentions(decoded.error(), "PNG data is damaged")) << decoded.error().message;
  // One byte inside the compressed image data: whichever check trips first (filter type,
  // zlib stream, Adler-32, CRC), it is a refusal.
  Bytes bad_data = png;
  bad_data[idat.offset + 8 + 100] ^= 0x01;
  auto damaged = DecodeImage(bad_data);
  ASSERT_FALSE(damaged);
  EXPECT_EQ(damaged.error().code, ErrorCode::kParseError);
  EXPECT_TRUE(Mentions(damaged.error(), "PNG data is damaged")) << damaged.error().message;
  // An ancillary chunk (eXIf) with a bad CRC is damage too.
  const Bytes exif = testing::BuildExifBlock(1, "2024:01:02 03:04:05", false);
  Bytes with_exif = testing::InsertPngChunk(png, "eXIf", Bytes(exif.begin() + 6, exif.end()));
  ASSERT_TRUE(DecodeImage(with_exif));
  with_exif[33 + 8 + 2] ^= 0x01;  // a byte of the eXIf payload
  auto bad_exif = DecodeImage(with_exif);
  ASSERT_FALSE(bad_exif);
  EXPECT_EQ(bad_exif.error().code, ErrorCode::kParseError);
}

TEST(ImageDecodeDamage, TruncatedPngIsRefused) {
  Bytes png = Encode(NoisyPattern(200, 150), ".png");
  png.resize(png.size() / 2);
  auto decoded = DecodeImage(png);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::kParseError);
  EXPECT_TRUE(Mentions(decoded.error(), "truncated")) << decoded.error().message;
}

TEST(ImageDecodeDamage, TruncatedWebpIsRefused) {
  for (int quality : {90, 101}) {  // lossy (VP8) and lossless (VP8L)
    Bytes webp = Encode(NoisyPattern(200, 150), ".webp", {cv::IMWRITE_WEBP_QUALITY, quality});
    webp.resize(webp.size() * 3 / 4);
    auto decoded = DecodeImage(webp);
    ASSERT_FALSE(decoded) << quality;
    EXPECT_EQ(decoded.error().code, ErrorCode::kParseError);
    EXPECT_TRUE(Mentions(decoded.error(), "WebP data is damaged")) << decoded.error().message;
  }
}

TEST(ImageDecodeDamage, TruncatedHeicIsRefused) {
  Bytes heic = testing::EncodeHeic(NoisyPattern(128, 96));
  if (heic.empty()) GTEST_SKIP() << "libheif has no HEVC encoder in this build";
  ASSERT_TRUE(DecodeImage(heic));
  heic.resize(heic.size() * 3 / 4);
  auto decoded = DecodeImage(heic);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::kParseError);
  EXPECT_TRUE(Mentions(decoded.error(), "HEIF")) << decoded.error().message;
}

TEST(ImageDecodeLimits, JpegBombIsRefusedFromItsHeaderNamingTheLimit) {
  const Bytes bomb = JpegAnnouncing(60000, 60000);
  ASSERT_FALSE(bomb.empty());
  ASSERT_LT(bomb.size(), 10000u);
  auto decoded = DecodeImage(bomb);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(decoded.error().message, "60000x60000: width 60000 exceeds the limit of 16384 pixels");
}

TEST(ImageDecodeLimits, EachLimitIsNamedWithItsValue) {
  DecodeLimits limits;
  limits.max_width = 100;
  auto wide = DecodeImage(Encode(MakePattern(101, 10), ".png"), limits);
  ASSERT_FALSE(wide);
  EXPECT_EQ(wide.error().code, ErrorCode::kTooLarge);
  EXPECT_TRUE(Mentions(wide.error(), "width 101 exceeds the limit of 100 pixels"));

  limits = {};
  limits.max_height = 50;
  auto tall = DecodeImage(Encode(MakePattern(10, 51), ".webp"), limits);
  ASSERT_FALSE(tall);
  EXPECT_EQ(tall.error().code, ErrorCode::kTooLarge);
  EXPECT_TRUE(Mentions(tall.error(), "height 51 exceeds the limit of 50 pixels"));

  // The default pixel ceiling is the one constant, 50 megapixels: 8000 x 7000 is refused
  // from a bare header although each side is within 16384.
  EXPECT_EQ(DecodeLimits{}.max_pixels, kMaxImagePixels);
  EXPECT_EQ(kMaxImagePixels, 50'000'000);
  auto many = DecodeImage(PngAnnouncing(8000, 7000));
  ASSERT_FALSE(many);
  EXPECT_EQ(many.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(many.error().message,
            "8000x7000 = 56000000 pixels exceeds the limit of 50000000 pixels");
}

TEST(ImageDecodeLimits, HeifWithTooManyImagesIsRefusedBeforeDecoding) {
  const Bytes two = testing::EncodeHeic(MakePattern(64, 48), 50, 2);
  if (two.empty()) GTEST_SKIP() << "libheif has no HEVC encoder in this build";
  ASSERT_TRUE(DecodeImage(two));
  DecodeLimits limits;
  limits.max_heif_images = 1;
  auto decoded = DecodeImage(two, limits);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(decoded.error().message, "HEIF container holds 2 images; the limit is 1");
}

TEST(ImageDecodeLimits, AnimatedWebpIsRefused) {
  // An extended WebP whose VP8X flags announce an animation (ANIM + one ANMF frame).
  const Bytes still = Encode(MakePattern(16, 16), ".webp");
  Bytes body = {'W', 'E', 'B', 'P', 'V', 'P', '8', 'X'};
  testing::PutLe(body, 10, 4);
  body.insert(body.end(), {0x02, 0, 0, 0});  // animation flag
  testing::PutLe(body, 15, 3);
  testing::PutLe(body, 15, 3);
  body.insert(body.end(), {'A', 'N', 'I', 'M'});
  testing::PutLe(body, 6, 4);
  body.insert(body.end(), {0, 0, 0, 0, 0, 0});
  const Bytes frame(still.begin() + 12, still.end());  // the "VP8 " chunk
  body.insert(body.end(), {'A', 'N', 'M', 'F'});
  testing::PutLe(body, static_cast<std::uint32_t>(16 + frame.size()), 4);
  for (std::uint32_t field : {0u, 0u, 15u, 15u, 100u}) testing::PutLe(body, field, 3);
  body.push_back(0);
  body.insert(body.end(), frame.begin(), frame.end());
  Bytes webp = {'R', 'I', 'F', 'F'};
  testing::PutLe(webp, static_cast<std::uint32_t>(body.size()), 4);
  webp.insert(webp.end(), body.begin(), body.end());
  auto decoded = DecodeImage(webp);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code, ErrorCode::kUnsupported);
  EXPECT_TRUE(Mentions(decoded.error(), "animated WebP")) << decoded.error().message;
}

// The analysis was tuned on pixels from OpenCV's decoders (libjpeg-turbo's ISLOW IDCT with
// fancy upsampling, libpng, libwebp); the direct decoders must give the same pixels.
TEST(ImageDecodeEquivalence, PixelsMatchOpenCvDecoders) {
  const cv::Mat photo = NoisyPattern(333, 251);
  const auto same = [](const Bytes& bytes, int flags, int scale) {
    auto ours = DecodeImage(bytes, {}, scale);
    const cv::Mat theirs = cv::imdecode(bytes, flags | cv::IMREAD_IGNORE_ORIENTATION);
    if (!ours || ours->bgr.size() != theirs.size()) return false;
    return cv::norm(ours->bgr, theirs, cv::NORM_INF) == 0;
  };
  for (int quality : {75, 95}) {
    const Bytes jpeg = Encode(photo, ".jpg", {cv::IMWRITE_JPEG_QUALITY, quality});
    EXPECT_TRUE(same(jpeg, cv::IMREAD_COLOR, 1)) << quality;
    EXPECT_TRUE(same(jpeg, cv::IMREAD_REDUCED_COLOR_2, 2)) << quality;
    EXPECT_TRUE(same(jpeg, cv::IMREAD_REDUCED_COLOR_4, 4)) << quality;
    EXPECT_TRUE(same(jpeg, cv::IMREAD_REDUCED_COLOR_8, 8)) << quality;
  }
  EXPECT_TRUE(same(Encode(photo, ".jpg", {cv::IMWRITE_JPEG_PROGRESSIVE, 1}), cv::IMREAD_COLOR, 1));
  cv::Mat grey;
  cv::cvtColor(photo, grey, cv::COLOR_BGR2GRAY);
  EXPECT_TRUE(same(Encode(grey, ".jpg"), cv::IMREAD_COLOR, 1));
  EXPECT_TRUE(same(Encode(photo, ".png"), cv::IMREAD_COLOR, 1));
  EXPECT_TRUE(same(Encode(grey, ".png"), cv::IMREAD_COLOR, 1));
  cv::Mat rgba, deep;
  cv::cvtColor(photo, rgba, cv::COLOR_BGR2BGRA);
  photo.convertTo(deep, CV_16UC3, 257);
  EXPECT_TRUE(same(Encode(rgba, ".png"), cv::IMREAD_COLOR, 1));
  EXPECT_TRUE(same(Encode(deep, ".png"), cv::IMREAD_COLOR, 1));
  EXPECT_TRUE(same(Encode(photo, ".webp"), cv::IMREAD_COLOR, 1));
  EXPECT_TRUE(same(Encode(photo, ".webp", {cv::IMWRITE_WEBP_QUALITY, 101}), cv::IMREAD_COLOR, 1));
}

}  // namespace
}  // namespace tricholog::imaging
