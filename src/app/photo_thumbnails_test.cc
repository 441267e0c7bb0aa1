// Thumbnails of stored photos: the width asked for, never wider than the photo, made once and
// then read from the blob store's derived files, widths out of range refused.
#include "app/photo_thumbnails.h"

#include <gtest/gtest.h>

#include <filesystem>

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
