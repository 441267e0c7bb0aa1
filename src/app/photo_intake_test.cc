#include "app/photo_intake.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "imaging/image_decode.h"
#include "imaging/image_test_util.h"
#include "store/photo_location_check.h"

namespace tricholog::app {
namespace {

namespace fs = std::filesystem;

// The EXIF block as an APP1 segment right after SOI. (Written out here rather than taken from
// image_test_util.h: GCC 12 reports a false -Warray-bounds on that helper once inlined here.)
std::vector<std::uint8_t> WithApp1(const std::vector<std::uint8_t>& jpeg,
                                   const std::vector<std::uint8_t>& exif_block) {
  const std::size_t length = exif_block.size() + 2;
  std::vector<std::uint8_t> out;
  out.reserve(jpeg.size() + length + 2);
  out.push_back(jpeg[0]);
  out.push_back(jpeg[1]);
  for (std::uint8_t b :
       {std::uint8_t{0xFF}, std::uint8_t{0xE1}, static_cast<std::uint8_t>(length >> 8),
        static_cast<std::uint8_t>(length & 0xFF)}) {
    out.push_back(b);
  }
  for (std::uint8_t b : exif_block) out.push_back(b);
  for (std::size_t i = 2; i < jpeg.size(); ++i) out.push_back(jpeg[i]);
  return out;
}
using imaging::testing::BuildExifBlock;
using imaging::testing::Encode;
using imaging::testing::MakePattern;

class PhotoIntakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(::testing::TempDir()) /
            ("photo_intake_" +
             std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(root_);
    auto blobs = store::BlobStore::Open(root_);
    ASSERT_TRUE(blobs) << blobs.error().message;
    blobs_.emplace(std::move(*blobs));
  }
  void TearDown() override { fs::remove_all(root_); }

  std::vector<std::uint8_t> JpegWithGps() {
    const auto jpeg = Encode(MakePattern(320, 240), ".jpg");
    return WithApp1(jpeg, BuildExifBlock(6, "2026:03:01 09:30:00", /*with_gps=*/true));
  }

  fs::path root_;
  std::optional<store::BlobStore> blobs_;
};

TEST_F(PhotoIntakeTest, StoredCopyCarriesNoLocationButKeepsOrientationAndTime) {
  const auto input = JpegWithGps();
  ASSERT_TRUE(store::CarriesLocationMetadata(input));

  auto intaken = IntakePhoto(*blobs_, "top", input);
  ASSERT_TRUE(intaken) << intaken.error().message;
  EXPECT_EQ(intaken->photo.view, "top");
  EXPECT_EQ(intaken->stored_format, "jpeg");
  // Orientation 6 (rotate 90° clockwise): the oriented photo is 240 wide and 320 high.
  EXPECT_EQ(intaken->photo.width_px, 240);
  EXPECT_EQ(intaken->photo.height_px, 320);
  ASSERT_TRUE(intaken->capture_time.has_value());
  EXPECT_EQ(*intaken->capture_time, "2026-03-01T09:30:00");

  auto stored = blobs_->Get(intaken->photo.sha256);
  ASSERT_TRUE(stored) << stored.error().message;
  EXPECT_FALSE(store::CarriesLocationMetadata(*stored));
  EXPECT_EQ(stored->size(), intaken->bytes_stored);
  EXPECT_LT(intaken->bytes_stored, intaken->bytes_received);
  auto redecoded = imaging::DecodeImage(*stored);
  ASSERT_TRUE(redecoded) << redecoded.error().message;
  EXPECT_EQ(redecoded->bgr.cols, 240);
  EXPECT_EQ(redecoded->capture_time, intaken->capture_time);
}

TEST_F(PhotoIntakeTest, SamePhotoTwiceIsStoredOnce) {
  const auto input = JpegWithGps();
  auto first = IntakePhoto(*blobs_, "back", input);
  auto second = IntakePhoto(*blobs_, "back", input);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->photo.sha256, second->photo.sha256);
  auto listed = blobs_->List();
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->size(), 1u);
}

TEST_F(PhotoIntakeTest, TruncatedPhotoIsRefusedAndNothingIsWritten) {
  auto input = JpegWithGps();
  input.resize(input.size() / 2);
  auto intaken = IntakePhoto(*blobs_, "top", input);
  ASSERT_FALSE(intaken);
  EXPECT_EQ(intaken.error().field, "photo");
  auto listed = blobs_->List();
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
}

TEST_F(PhotoIntakeTest, OversizedPhotoIsRefusedBeforeDecoding) {
  const auto input = JpegWithGps();
  imaging::DecodeLimits limits;
  limits.max_pixels = 320 * 240 - 1;
  auto intaken = IntakePhoto(*blobs_, "top", input, limits);
  ASSERT_FALSE(intaken);
  EXPECT_EQ(intaken.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(intaken.error().field, "photo");
}

TEST_F(PhotoIntakeTest, UnknownViewIsRefused) {
  auto intaken = IntakePhoto(*blobs_, "ceiling", JpegWithGps());
  ASSERT_FALSE(intaken);
  EXPECT_EQ(intaken.error().field, "view");
  EXPECT_NE(intaken.error().message.find("ceiling"), std::string::npos);
}

TEST(PhotoView, AcceptsProtocolViewsAndTrichoscopyZones) {
  for (const char* view : {"top", "back", "left", "right", "front", "trichoscopy_vertex",
                           "trichoscopy_left_temporal"}) {
    EXPECT_TRUE(IsValidPhotoView(view)) << view;
  }
  for (const char* view :
       {"", "Top", "trichoscopy_", "trichoscopy_Vertex", "trichoscopy_1", "../top"}) {
    EXPECT_FALSE(IsValidPhotoView(view)) << view;
  }
}

}  // namespace
}  // namespace tricholog::app
