// Deterministic replay driver for libFuzzer targets, so they run as an ordinary ctest
// test under g++: feeds LLVMFuzzerTestOneInput a generated corpus (valid tiny JPEG, PNG,
// WebP and HEIC files with EXIF, then thousands of truncations and byte flips from a
// fixed seed), plus any files named on the command line (a saved corpus or a crash).
// Exit status 0 means every input returned; a crash or sanitizer report fails the test.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <random>
#include <vector>

#include "imaging/image_test_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using Bytes = std::vector<std::uint8_t>;
namespace t = tricholog::imaging::testing;

std::vector<Bytes> Seeds() {
  const cv::Mat pattern = t::MakePattern(48, 32);
  const Bytes exif = t::BuildExifBlock(6, "2024:01:02 03:04:05", true);
  const Bytes tiff(exif.begin() + 6, exif.end());
  std::vector<Bytes> seeds = {
      t::Encode(pattern, ".jpg"),
      t::InsertJpegExif(t::Encode(pattern, ".jpg"), exif),
      t::Encode(pattern, ".jpg", {cv::IMWRITE_JPEG_PROGRESSIVE, 1}),
      t::Encode(pattern, ".png"),
      t::InsertPngChunk(t::Encode(pattern, ".png"), "eXIf", tiff),
      t::Encode(pattern, ".webp"),
      t::Encode(pattern, ".webp", {cv::IMWRITE_WEBP_QUALITY, 101}),
      t::WebpWithChunks(t::Encode(pattern, ".webp"), 48, 32, {{"EXIF", tiff}}),
  };
  if (Bytes heic = t::EncodeHeic(pattern); !heic.empty()) seeds.push_back(heic);
  return seeds;
}

int Run(const Bytes& input) { return LLVMFuzzerTestOneInput(input.data(), input.size()); }

}  // namespace

int main(int argc, char** argv) {
  std::size_t runs = 0;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    Run(Bytes(std::istreambuf_iterator<char>(in), {}));
    ++runs;
  }
  std::mt19937 rng(20240601);  // fixed seed: the same inputs on every run
  for (const Bytes& seed : Seeds()) {
    Run(seed);
    ++runs;
    // Every truncation length up to 200 bytes, then 100 spread over the rest.
    for (std::size_t n = 0; n < seed.size();
         n += (n < 200 ? 1 : std::max<std::size_t>(1, seed.size() / 100))) {
      Run(Bytes(seed.begin(), seed.begin() + static_cast<std::ptrdiff_t>(n)));
      ++runs;
    }
    // 400 mutants: 1-8 random byte flips, header bytes favoured.
    for (int m = 0; m < 400; ++m) {
      Bytes mutant = seed;
      const int flips = 1 + static_cast<int>(rng() % 8);
      for (int f = 0; f < flips; ++f) {
        const std::size_t limit =
            (rng() % 2) ? std::min<std::size_t>(mutant.size(), 64) : mutant.size();
        mutant[rng() % limit] = static_cast<std::uint8_t>(rng());
      }
      Run(mutant);
      ++runs;
    }
  }
  std::printf("replayed %zu inputs without a crash\n", runs);
  return 0;
}
