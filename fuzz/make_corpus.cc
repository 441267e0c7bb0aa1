// Writes the committed seed corpus, fuzz/corpus/<target>/, from the project's own encoders
// (EncodeJpeg, EncodePng), libwebp / libheif through the test helpers, and EXIF blocks built
// with libexif. Small images (48 x 32) keep the corpus a few kilobytes a file.
//   build/ci/src/imaging/fuzz_make_corpus fuzz/corpus
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "imaging/image_container.h"
#include "imaging/image_encode.h"
#include "imaging/image_test_util.h"

namespace {

using Bytes = std::vector<std::uint8_t>;
namespace fs = std::filesystem;
namespace t = tricholog::imaging::testing;

void Write(const fs::path& dir, const std::string& name, const Bytes& bytes) {
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
}

Bytes Must(tricholog::Result<Bytes> bytes) {
  if (!bytes) {
    std::fprintf(stderr, "encode failed: %s\n", bytes.error().message.c_str());
    std::exit(1);
  }
  return *bytes;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
    return 2;
  }
  const fs::path out(argv[1]);
  const cv::Mat pattern = t::MakePattern(48, 32);
  cv::Mat grey;
  cv::cvtColor(pattern, grey, cv::COLOR_BGR2GRAY);
  cv::Mat rgba;
  cv::cvtColor(pattern, rgba, cv::COLOR_BGR2BGRA);
  cv::Mat deep;
  pattern.convertTo(deep, CV_16UC3, 257);
  const Bytes exif = t::BuildExifBlock(6, "2024:01:02 03:04:05", true);
  const Bytes tiff(exif.begin() + 6, exif.end());
  const Bytes text = {'C', 'o', 'm', 'm', 'e', 'n', 't', 0, 'h', 'i'};

  std::map<std::string, Bytes> jpeg = {
      {"baseline.jpg", Must(tricholog::imaging::EncodeJpeg(pattern, 90))},
      {"grey.jpg", Must(tricholog::imaging::EncodeJpeg(grey, 90))},
      {"exif_gps.jpg", t::InsertJpegExif(Must(tricholog::imaging::EncodeJpeg(pattern, 90)), exif)},
      {"progressive.jpg", t::Encode(pattern, ".jpg", {cv::IMWRITE_JPEG_PROGRESSIVE, 1})},
      {"restart.jpg", t::Encode(pattern, ".jpg", {cv::IMWRITE_JPEG_RST_INTERVAL, 1})},
  };
  std::map<std::string, Bytes> png = {
      {"rgb.png", Must(tricholog::imaging::EncodePng(pattern))},
      {"grey.png", Must(tricholog::imaging::EncodePng(grey))},
      {"rgba.png", t::Encode(rgba, ".png")},
      {"rgb16.png", t::Encode(deep, ".png")},
      {"exif.png", t::InsertPngChunk(Must(tricholog::imaging::EncodePng(pattern)), "eXIf", tiff)},
      {"text.png", t::InsertPngChunk(Must(tricholog::imaging::EncodePng(grey)), "tEXt", text)},
  };
  std::map<std::string, Bytes> webp = {
      {"lossy.webp", t::Encode(pattern, ".webp")},
      {"lossless.webp", t::Encode(pattern, ".webp", {cv::IMWRITE_WEBP_QUALITY, 101})},
      {"alpha.webp", t::Encode(rgba, ".webp", {cv::IMWRITE_WEBP_QUALITY, 101})},
      {"exif.webp", t::WebpWithChunks(t::Encode(pattern, ".webp"), 48, 32, {{"EXIF", tiff}})},
  };
  std::map<std::string, Bytes> heic;
  if (Bytes one = t::EncodeHeic(pattern); !one.empty()) heic["primary.heic"] = one;
  std::map<std::string, Bytes> exif_blocks = {
      {"app1_gps", exif},
      {"tiff_only", tiff},
      {"minimal", tricholog::imaging::container::BuildMinimalExif(8, "2025-11-30T17:45:02")},
      {"orientation_only", t::BuildExifBlock(3, std::nullopt, false)},
  };

  const auto write_all = [&](const std::string& target, const std::map<std::string, Bytes>& set) {
    for (const auto& [name, bytes] : set) Write(out / target, name, bytes);
  };
  write_all("jpeg_decode_fuzzer", jpeg);
  write_all("png_decode_fuzzer", png);
  write_all("png_chunks_fuzzer", png);
  write_all("webp_decode_fuzzer", webp);
  write_all("heic_decode_fuzzer", heic);
  write_all("heif_boxes_fuzzer", heic);
  write_all("exif_fuzzer", exif_blocks);
  for (const auto* set : {&jpeg, &png, &webp, &heic}) write_all("image_decode_fuzzer", *set);
  std::printf("corpus written to %s (HEIC seeds: %zu)\n", out.c_str(), heic.size());
  return 0;
}
