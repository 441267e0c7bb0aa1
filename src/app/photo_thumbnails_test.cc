// Thumbnails of stored photos: the width asked for, never wider than the photo, made once and
// then read from the blob store's derived files, widths out of range refused.
#include "app/photo_thumbnails.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <opencv2/imgproc.hpp>

#include "app/photo_intake.h"
#include "imaging/image_decode.h"
#include "imaging/image_encode.h"
#include "store/clock.h"

namespace tricholog::app {
namespace {

namespace fs = std::filesystem;

TEST(PhotoThumbnails, MadeOnceAtTheWidthAskedAndKept) {
  const fs::path dir = fs::temp_directory_path() / ("tricholog-thumbs-" + store::NewUuid());
  auto blobs = store::BlobStore::Open(dir);
  ASSERT_TRUE(blobs);
  cv::Mat photo(1512, 2016, CV_8UC3, cv::Scalar(40, 90, 160));
  auto jpeg = imaging::EncodeJpeg(photo, 90);
  const std::string sha = *blobs->Put(*jpeg);

  auto small = PhotoThumbnail(*blobs, sha, 320);
  ASSERT_TRUE(small) << small.error().ToString();
  auto size = imaging::ReadImageHeaderSize(*small);
  ASSERT_TRUE(size);
  EXPECT_EQ(size->width, 320);
  EXPECT_EQ(size->height, 240);
  // Kept beside the photo, and what is kept is what the next call answers.
  auto kept = blobs->GetDerived(sha, "w320.jpg");
  ASSERT_TRUE(kept && kept->has_value());
  EXPECT_EQ(**kept, *small);
  const std::vector<std::uint8_t> marker = {1, 2, 3};
  ASSERT_TRUE(blobs->PutDerived(sha, "w320.jpg", marker));
  EXPECT_EQ(*PhotoThumbnail(*blobs, sha, 320), marker);

  // Never wider than the photo itself.
  cv::Mat narrow(100, 80, CV_8UC3, cv::Scalar(1, 2, 3));
  const std::string narrow_sha = *blobs->Put(*imaging::EncodeJpeg(narrow, 90));
  auto same = PhotoThumbnail(*blobs, narrow_sha, 640);
  ASSERT_TRUE(same);
  EXPECT_EQ(imaging::ReadImageHeaderSize(*same)->width, 80);

  for (int bad : {0, 63, 1601}) {
    auto refused = PhotoThumbnail(*blobs, sha, bad);
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().field, "w");
  }
  EXPECT_EQ(PhotoThumbnail(*blobs, std::string(64, 'c'), 320).error().code, ErrorCode::kNotFound);
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace tricholog::app

namespace tricholog::app {
namespace {

// The print copy: at most 1600 px on the long side whichever way the photo is turned, the
// photo's own size when smaller, made at intake and kept as "print.jpg", made again when lost.
TEST(PrintCopy, LongSideAtMost1600MadeAtIntakeAndAgainWhenLost) {
  const fs::path dir = fs::temp_directory_path() / ("tricholog-print-" + store::NewUuid());
  auto blobs = store::BlobStore::Open(dir);
  ASSERT_TRUE(blobs);
  struct Case {
    int width, height, expect_width, expect_height;
  };
  for (const Case c :
       {Case{4032, 3024, 1600, 1200}, Case{3024, 4032, 1200, 1600}, Case{1000, 750, 1000, 750}}) {
    cv::Mat photo(c.height, c.width, CV_8UC3, cv::Scalar(40, 90, 160));
    cv::circle(photo, {c.width / 2, c.height / 2}, c.height / 5, cv::Scalar(220, 220, 230), -1);
    auto taken = IntakePhoto(*blobs, "top", *imaging::EncodeJpeg(photo, 90));
    ASSERT_TRUE(taken) << taken.error().ToString();
    auto kept = blobs->GetDerived(taken->photo.sha256, "print.jpg");
    ASSERT_TRUE(kept && kept->has_value()) << c.width;
    auto size = imaging::ReadImageHeaderSize(**kept);
    ASSERT_TRUE(size);
    EXPECT_EQ(size->width, c.expect_width);
    EXPECT_EQ(size->height, c.expect_height);
    // Lost (a photo restored from a backup has none): made again and kept.
    fs::remove_all(dir / "derived");
    auto again = PhotoPrintCopy(*blobs, taken->photo.sha256);
    ASSERT_TRUE(again);
    EXPECT_EQ(imaging::ReadImageHeaderSize(*again)->width, c.expect_width);
    EXPECT_TRUE(blobs->GetDerived(taken->photo.sha256, "print.jpg")->has_value());
  }
  EXPECT_EQ(PhotoPrintCopy(*blobs, std::string(64, 'c')).error().code, ErrorCode::kNotFound);
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace tricholog::app
