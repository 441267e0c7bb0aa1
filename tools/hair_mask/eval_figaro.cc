// Development tool: mean IoU of ComputeHairMask over a folder of Figaro-style pairs
// (FrameNNNNN-org.jpg + FrameNNNNN-gt.pbm), overall and on odd / even frame numbers, with the
// per-image figures sorted worst first. Not part of the CMake build; see tools/hair_mask/README.md.
//   tools/hair_mask/eval.sh DIR [--threads N] [--dump OUTDIR] [--only odd|even|quarter]
//                               [--stems A,B]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <thread>
#include <vector>

#include "imaging/hair_mask.h"
#include "imaging/mask_metrics.h"

namespace fs = std::filesystem;
using tricholog::imaging::ComputeHairMask;
using tricholog::imaging::MaskIoU;

namespace {

struct Item {
  std::string stem;
  int number = 0;
  double iou = 0;
  double precision = 1;
  double recall = 1;
  double seconds = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(
        stderr,
        "usage: %s DIR [--threads N] [--dump OUTDIR] [--only odd|even|quarter] [--stems A,B]\n",
        argv[0]);
    return 2;
  }
  const fs::path dir = argv[1];
  int threads = 2;
  std::string dump, only, stems;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--threads") threads = std::atoi(argv[i + 1]);
    if (flag == "--dump") dump = argv[i + 1];
    if (flag == "--only") only = argv[i + 1];
    if (flag == "--stems") stems = std::string(",") + argv[i + 1] + ",";
  }
  std::vector<Item> items;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    const std::string suffix = "-org.jpg";
    if (name.size() <= suffix.size() || name.substr(name.size() - suffix.size()) != suffix)
      continue;
    Item item;
    item.stem = name.substr(0, name.size() - suffix.size());
    item.number = std::atoi(item.stem.c_str() + 5);
    if (only == "odd" && item.number % 2 == 0) continue;
    if (only == "even" && item.number % 2 == 1) continue;
    if (only == "quarter" && item.number % 4 != 0) continue;
    if (!stems.empty() && stems.find("," + item.stem + ",") == std::string::npos) continue;
    items.push_back(item);
  }
  std::sort(items.begin(), items.end(),
            [](const Item& a, const Item& b) { return a.stem < b.stem; });
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < items.size(); i = next++) {
      Item& item = items[i];
      const cv::Mat image = cv::imread((dir / (item.stem + "-org.jpg")).string(), cv::IMREAD_COLOR);
      const cv::Mat truth =
          cv::imread((dir / (item.stem + "-gt.pbm")).string(), cv::IMREAD_GRAYSCALE);
      const auto t0 = std::chrono::steady_clock::now();
      auto mask = ComputeHairMask(image);
      item.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (!mask) {
        std::fprintf(stderr, "%s: %s\n", item.stem.c_str(), mask.error().ToString().c_str());
        continue;
      }
      item.iou = MaskIoU(*mask, truth);
      const double hit = cv::countNonZero(*mask & truth);
      if (cv::countNonZero(*mask) > 0) item.precision = hit / cv::countNonZero(*mask);
      if (cv::countNonZero(truth) > 0) item.recall = hit / cv::countNonZero(truth);
      if (!dump.empty()) {
        // Photo | truth | result, 240 pixels high, for looking at failures.
        std::vector<cv::Mat> panels = {image, cv::Mat(), cv::Mat()};
        cv::cvtColor(truth, panels[1], cv::COLOR_GRAY2BGR);
        cv::cvtColor(*mask, panels[2], cv::COLOR_GRAY2BGR);
        const double f = 240.0 / image.rows;
        for (cv::Mat& p : panels) cv::resize(p, p, cv::Size(), f, f, cv::INTER_AREA);
        cv::Mat row;
        cv::hconcat(panels, row);
        cv::imwrite(dump + "/" + item.stem + ".png", row);
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(1, threads); ++t) pool.emplace_back(work);
  for (auto& t : pool) t.join();
  double sum = 0, sum_odd = 0, sum_even = 0, secs = 0, sum_p = 0, sum_r = 0;
  int n_odd = 0, n_even = 0;
  std::vector<double> ious;
  for (const Item& item : items) {
    sum += item.iou;
    sum_p += item.precision;
    sum_r += item.recall;
    secs += item.seconds;
    ious.push_back(item.iou);
    if (item.number % 2) {
      sum_odd += item.iou;
      ++n_odd;
    } else {
      sum_even += item.iou;
      ++n_even;
    }
  }
  std::vector<Item> sorted = items;
  std::sort(sorted.begin(), sorted.end(),
            [](const Item& a, const Item& b) { return a.iou < b.iou; });
  for (const Item& item : sorted) {
    std::printf("%s %.3f %.3fs P %.2f R %.2f\n", item.stem.c_str(), item.iou, item.seconds,
                item.precision, item.recall);
  }
  std::sort(ious.begin(), ious.end());
  const auto n = static_cast<double>(items.size());
  std::printf(
      "images %zu mean %.4f median %.3f p10 %.3f | odd(%d) %.4f even(%d) %.4f | P %.3f R %.3f | "
      "%.3f s/image\n",
      items.size(), sum / n, ious[ious.size() / 2], ious[ious.size() / 10], n_odd,
      n_odd ? sum_odd / n_odd : 0.0, n_even, n_even ? sum_even / n_even : 0.0, sum_p / n, sum_r / n,
      secs / n);
  return 0;
}
