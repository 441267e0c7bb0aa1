#include "store/blob_store.h"

#include <gtest/gtest.h>

#include <fstream>

#include "store/photo_location_check.h"
#include "store/store_test_util.h"

namespace tricholog::store {
namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

fs::path FreshDir() {
  const fs::path dir = fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / testing::UniqueName("blobs_");
  fs::remove_all(dir);
  return dir;
}

Bytes Text(std::string_view s) { return Bytes(s.begin(), s.end()); }

// A minimal JPEG: SOI, APP1 Exif with a little-endian TIFF whose IFD0 holds one entry, then EOI.
Bytes JpegWithExifTag(std::uint16_t tag, int gps_entries) {
  Bytes tiff = {'I',
                'I',
                42,
                0,
                8,
                0,
                0,
                0,  // header, IFD0 at 8
                1,
                0,  // one entry
                static_cast<std::uint8_t>(tag & 0xff),
                static_cast<std::uint8_t>(tag >> 8),
                4,
                0,
                1,
                0,
                0,
                0,
                26,
                0,
                0,
                0,  // LONG, count 1, value: offset 26
                0,
                0,
                0,
                0,  // next IFD: none
                static_cast<std::uint8_t>(gps_entries),
                0};  // the pointed-to IFD's entry count
  Bytes app1 = {'E', 'x', 'i', 'f', 0, 0};
  app1.insert(app1.end(), tiff.begin(), tiff.end());
  const std::size_t length = app1.size() + 2;
  Bytes jpeg = {0xFF,
                0xD8,
                0xFF,
                0xE1,
                static_cast<std::uint8_t>(length >> 8),
                static_cast<std::uint8_t>(length & 0xff)};
  jpeg.insert(jpeg.end(), app1.begin(), app1.end());
  jpeg.insert(jpeg.end(), {0xFF, 0xD9});
  return jpeg;
}

TEST(Sha256, MatchesFips180Example) {
  // FIPS 180-2 appendix B.1: SHA-256("abc").
  EXPECT_EQ(Sha256Hex(Text("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(BlobStore, PutGetRoundTripsAndDeduplicates) {
  auto blobs = BlobStore::Open(FreshDir());
  ASSERT_TRUE(blobs);
  auto a = blobs->Put(Text("photo bytes"));
  ASSERT_TRUE(a) << a.error().ToString();
  auto again = blobs->Put(Text("photo bytes"));
  ASSERT_TRUE(again);
  EXPECT_EQ(*a, *again);
  EXPECT_EQ(*a, Sha256Hex(Text("photo bytes")));
  auto listed = blobs->List();
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->size(), 1u);
  auto bytes = blobs->Get(*a);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, Text("photo bytes"));
  EXPECT_TRUE(fs::is_empty(blobs->root() / "tmp"));
}

TEST(BlobStore, DerivedFilesLiveAndDieWithTheirBlob) {
  auto store = BlobStore::Open(FreshDir());
  ASSERT_TRUE(store);
  const std::string sha = *store->Put(Text("a photo"));
  auto absent = store->GetDerived(sha, "w320.jpg");
  ASSERT_TRUE(absent);
  EXPECT_FALSE(absent->has_value());
  ASSERT_TRUE(store->PutDerived(sha, "w320.jpg", Text("small")));
  auto kept = store->GetDerived(sha, "w320.jpg");
  ASSERT_TRUE(kept && kept->has_value());
  EXPECT_EQ(**kept, Text("small"));
  // Derived files are not blobs: List and garbage collection see only the photo.
  EXPECT_EQ(*store->List(), std::vector<std::string>{sha});
  for (const char* bad : {"", ".hidden", "../x", "a/b", "UPPER", "w320.jpg\n"}) {
    EXPECT_FALSE(store->PutDerived(sha, bad, Text("x"))) << bad;
  }
  EXPECT_EQ(store->PutDerived(std::string(64, 'a'), "w320.jpg", Text("x")).error().code,
            ErrorCode::kNotFound);
  // Removing the blob removes what was derived from it.
  ASSERT_TRUE(store->Remove(sha));
  EXPECT_FALSE(store->GetDerived(sha, "w320.jpg")->has_value());
  const std::string other = *store->Put(Text("another photo"));
  ASSERT_TRUE(store->PutDerived(other, "print.jpg", Text("print")));
  auto gc = store->CollectGarbage({}, std::chrono::seconds(-1));
  ASSERT_TRUE(gc);
  EXPECT_EQ(gc->blobs_removed, 1);
  EXPECT_FALSE(store->GetDerived(other, "print.jpg")->has_value());
}

TEST(BlobStore, DetectsCorruption) {
  auto blobs = BlobStore::Open(FreshDir());
  ASSERT_TRUE(blobs);
  auto sha = blobs->Put(Text("original"));
  ASSERT_TRUE(sha);
  const fs::path path = blobs->root() / sha->substr(0, 2) / *sha;
  fs::permissions(path, fs::perms::owner_write, fs::perm_options::add);
  std::ofstream(path, std::ios::binary) << "tampered";
  auto read = blobs->Get(*sha);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kIo);
  EXPECT_EQ(blobs->Get("nothex").error().code, ErrorCode::kInvalidArgument);
}

TEST(BlobStore, RefusesJpegWithGpsExif) {
  auto blobs = BlobStore::Open(FreshDir());
  ASSERT_TRUE(blobs);
  const Bytes with_gps = JpegWithExifTag(0x8825, 3);
  EXPECT_TRUE(CarriesLocationMetadata(with_gps));
  auto r = blobs->Put(with_gps);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "photo");
  // An EXIF block with only an orientation tag, or an emptied GPS IFD, is accepted.
  EXPECT_FALSE(CarriesLocationMetadata(JpegWithExifTag(0x0112, 0)));
  EXPECT_FALSE(CarriesLocationMetadata(JpegWithExifTag(0x8825, 0)));
  EXPECT_TRUE(blobs->Put(JpegWithExifTag(0x0112, 0)));
}

TEST(BlobStore, RefusesXmpLocation) {
  using namespace std::string_literals;
  const std::string xmp =
      "http://ns.adobe.com/xap/1.0/\0<exif:GPSLatitude>52,31.2N</exif:GPSLatitude>"s;
  Bytes jpeg = {0xFF, 0xD8, 0xFF, 0xE1, 0, static_cast<std::uint8_t>(xmp.size() + 2)};
  jpeg.insert(jpeg.end(), xmp.begin(), xmp.end());
  jpeg.insert(jpeg.end(), {0xFF, 0xD9});
  EXPECT_TRUE(CarriesLocationMetadata(jpeg));
}

TEST(BlobStore, RejectsEmptyInput) {
  auto blobs = BlobStore::Open(FreshDir());
  ASSERT_TRUE(blobs);
  auto r = blobs->Put(Bytes{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "photo");
}

TEST(BlobStore, CollectsUnreferencedBlobsAndStaleTempFiles) {
  auto blobs = BlobStore::Open(FreshDir());
  ASSERT_TRUE(blobs);
  auto keep = blobs->Put(Text("kept"));
  auto drop = blobs->Put(Text("dropped"));
  ASSERT_TRUE(keep && drop);
  std::ofstream(blobs->root() / "tmp" / "half-written") << "partial";
  // With the default grace period nothing this fresh is collected.
  auto none = blobs->CollectGarbage({*keep});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->blobs_removed, 0);
  auto gc = blobs->CollectGarbage({*keep}, std::chrono::seconds(-10));
  ASSERT_TRUE(gc);
  EXPECT_EQ(gc->blobs_removed, 1);
  EXPECT_EQ(gc->bytes_removed, 7);
  EXPECT_EQ(gc->temp_files_removed, 1);
  EXPECT_TRUE(blobs->Contains(*keep));
  EXPECT_FALSE(blobs->Contains(*drop));
}

}  // namespace
}  // namespace tricholog::store
