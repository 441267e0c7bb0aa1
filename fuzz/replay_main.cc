// Deterministic replay driver for the libFuzzer targets in fuzz/, so that each runs as an
// ordinary ctest test under any compiler: every file in the corpus folders (or files) named
// on the command line is fed to LLVMFuzzerTestOneInput, then, for each of them, every
// truncation up to 200 bytes, 100 longer truncations and 400 mutants with 1-8 random byte
// changes (header bytes favoured; fixed seed, so every run replays the same inputs).
// Exit status 0 means every input returned; a crash or sanitizer report fails the test.
// An empty or missing corpus is an error (exit 2), so a test cannot pass on nothing.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using Bytes = std::vector<std::uint8_t>;
namespace fs = std::filesystem;

Bytes ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

std::vector<fs::path> CorpusFiles(int argc, char** argv) {
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    const fs::path path(argv[i]);
    if (fs::is_directory(path)) {
      for (const auto& entry : fs::directory_iterator(path)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
    } else if (fs::is_regular_file(path)) {
      files.push_back(path);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

void Run(const Bytes& input) { LLVMFuzzerTestOneInput(input.data(), input.size()); }

}  // namespace

int main(int argc, char** argv) {
  const std::vector<fs::path> files = CorpusFiles(argc, argv);
  if (files.empty()) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...  (no input files found)\n", argv[0]);
    return 2;
  }
  std::size_t runs = 0;
  std::mt19937 rng(20240601);
  for (const fs::path& file : files) {
    const Bytes seed = ReadFile(file);
    Run(seed);
    ++runs;
    for (std::size_t n = 0; n < seed.size();
         n += (n < 200 ? 1 : std::max<std::size_t>(1, seed.size() / 100))) {
      Run(Bytes(seed.begin(), seed.begin() + static_cast<std::ptrdiff_t>(n)));
      ++runs;
    }
    for (int m = 0; m < 400 && !seed.empty(); ++m) {
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
  std::printf("replayed %zu inputs from %zu corpus files without a crash\n", runs, files.size());
  return 0;
}
