// Small helpers shared by the `bench imaging` parts (bench_command.cc, bench_scalp.cc):
// sorted folder listings, whole-file reads, ground-truth masks and the Markdown table rows.
#ifndef TRICHOLOG_CLI_BENCH_UTIL_H_
#define TRICHOLOG_CLI_BENCH_UTIL_H_

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <opencv2/imgproc.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "imaging/image_decode.h"

namespace tricholog::cli::bench {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

inline double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The entries of `dir` whose names end in `suffix`, sorted; none when `dir` is absent.
inline std::vector<fs::path> Sorted(const fs::path& dir, const std::string& suffix) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::vector<std::uint8_t> ReadBytes(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// A ground-truth mask (8-bit PNG) as CV_8UC1, read through the product's own decoder;
// empty when it cannot be read.
inline cv::Mat ReadMask(const fs::path& path) {
  auto decoded = imaging::DecodeImageFile(path);
  if (!decoded) return {};
  cv::Mat grey;
  cv::cvtColor(decoded->bgr, grey, cv::COLOR_BGR2GRAY);
  return grey;
}

inline void Row(std::ostream& out, const std::string& part, const std::string& metric,
                const std::string& value, const std::string& target) {
  out << fmt::format("| {:<28} | {:<40} | {:>14} | {:<12} |\n", part, metric, value, target);
}

}  // namespace tricholog::cli::bench

#endif  // TRICHOLOG_CLI_BENCH_UTIL_H_
