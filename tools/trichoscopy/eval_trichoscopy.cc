// Development tool: runs AnalyzeTrichoscopy over the synthetic fields (truth JSON) and the real
// 70x fields (Pascal-VOC boxes, one per hair) of a folder laid out like ../shared/data and prints
// per-image errors, the mean errors overall and on even / odd numbered files. With --dump DIR it
// writes each image with the shafts found (red, multi-hair units yellow) and, for synthetic fields,
// the true shafts (green). Nothing is learned or stored from the images.
#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "imaging/trichoscopy.h"

namespace fs = std::filesystem;
using tricholog::imaging::AnalyzeTrichoscopy;
using tricholog::imaging::HairCountMethod;
using tricholog::imaging::ParseHairCountMethod;
using tricholog::imaging::TrichoscopyOptions;

namespace {

struct Row {
  std::string stem;
  int number = 0;
  int truth = 0, found = 0;
  double truth_vellus = 0, found_vellus = 0;
  double truth_width = 0, found_width = 0;
  bool long_hair = false;
  int matched = 0, boxes = 0, detections = 0;  // real fields: hairs matched to VOC boxes
};

int NumberOf(const std::string& stem) {
  // The last run of digits (real file names can hold long ids): its last digit decides even / odd.
  std::string digits;
  for (char c : stem) {
    if (std::isdigit(static_cast<unsigned char>(c)))
      digits += c;
    else if (!digits.empty() && c != '_')
      digits.clear();
  }
  if (digits.size() > 6) digits = digits.substr(digits.size() - 6);
  return digits.empty() ? 0 : std::stoi(digits);
}

void Summarise(const std::vector<Row>& rows, bool synthetic) {
  auto report = [&](const char* name, auto keep) {
    double count = 0, vellus = 0, width = 0, bias = 0;
    int n = 0;
    for (const Row& r : rows) {
      if (!keep(r) || r.truth == 0) continue;
      const double e = 100.0 * (r.found - r.truth) / r.truth;
      count += std::abs(e);
      bias += e;
      vellus += std::abs(r.found_vellus - r.truth_vellus);
      width +=
          r.truth_width > 0 ? 100.0 * std::abs(r.found_width - r.truth_width) / r.truth_width : 0;
      ++n;
    }
    if (n == 0) return;
    if (synthetic)
      fmt::print(
          "{:<10} n={:3}  count {:5.1f} % (bias {:+5.1f})  vellus {:4.1f} pts  width {:4.1f} %\n",
          name, n, count / n, bias / n, vellus / n, width / n);
    else {
      int matched = 0, boxes = 0, detections = 0;
      for (const Row& r : rows) {
        if (!keep(r) || r.truth == 0) continue;
        matched += r.matched;
        boxes += r.boxes;
        detections += r.detections;
      }
      const double precision = detections ? 1.0 * matched / detections : 0;
      const double recall = boxes ? 1.0 * matched / boxes : 0;
      fmt::print(
          "{:<10} n={:3}  count MAPE {:5.1f} % (bias {:+5.1f})  boxes P {:.3f} R {:.3f} F1 "
          "{:.3f}\n",
          name, n, count / n, bias / n, precision, recall,
          precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0);
    }
  };
  report("all", [](const Row&) { return true; });
  report("even", [](const Row& r) { return r.number % 2 == 0; });
  report("odd", [](const Row& r) { return r.number % 2 == 1; });
  if (synthetic) {
    report("clipped", [](const Row& r) { return !r.long_hair; });
    report("long", [](const Row& r) { return r.long_hair; });
  }
}

}  // namespace

int main(int argc, char** argv) {
  fs::path root = argc > 1 && argv[1][0] != '-' ? fs::path(argv[1]) : fs::path("../shared/data");
  std::string dump, only, part = "both";
  int threads = 2;
  bool quiet = false;
  HairCountMethod method = HairCountMethod::kCombined;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--dump" && i + 1 < argc) dump = argv[++i];
    if (a == "--only" && i + 1 < argc) only = argv[++i];
    if (a == "--part" && i + 1 < argc) part = argv[++i];
    if (a == "--threads" && i + 1 < argc) threads = std::stoi(argv[++i]);
    if (a == "--quiet") quiet = true;
    if (a == "--learned-count") method = HairCountMethod::kLearned;
    if (a == "--count" && i + 1 < argc) {
      const auto parsed = ParseHairCountMethod(argv[++i]);
      if (!parsed) {
        std::fprintf(stderr, "--count: traced, learned or combined\n");
        return 2;
      }
      method = *parsed;
    }
  }
  if (!dump.empty()) fs::create_directories(dump);
  for (int synthetic = 1; synthetic >= 0; --synthetic) {
    if (part != "both" && (part == "synthetic") != (synthetic == 1)) continue;
    const fs::path dir =
        synthetic ? root / "synthetic" / "trichoscopy" : root / "real" / "trichoscopy-70x";
    std::vector<fs::path> images;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".jpg") images.push_back(e.path());
    std::sort(images.begin(), images.end());
    if (!only.empty()) {
      std::erase_if(images, [&](const fs::path& p) {
        const int n = NumberOf(p.stem().string());
        return only == "even" ? n % 2 != 0 : only == "odd" ? n % 2 == 0 : false;
      });
    }
    std::vector<Row> rows(images.size());
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i; (i = next++) < images.size();) {
        const fs::path& path = images[i];
        Row& row = rows[i];
        row.stem = path.stem().string();
        row.number = NumberOf(row.stem);
        TrichoscopyOptions options;
        options.count_method = method;
        nlohmann::json truth;
        std::vector<cv::Rect> real_boxes;
        if (synthetic) {
          std::ifstream in(fs::path(path).replace_extension(".json"));
          truth = nlohmann::json::parse(in);
          options.um_per_px = truth["um_per_px"].get<double>();
          row.truth = truth["hair_count"];
          row.truth_vellus = truth["vellus_percent"];
          row.truth_width = truth["mean_width_um"];
          for (const auto& h : truth["hairs"]) row.long_hair |= h["length_um"].get<double>() > 2000;
        } else {
          std::ifstream in(fs::path(path).replace_extension(".xml"));
          std::stringstream s;
          s << in.rdbuf();
          const std::string xml = s.str();
          for (size_t at = 0; (at = xml.find("<object>", at)) != std::string::npos; ++at)
            ++row.truth;
          const auto tag = [&](size_t from, const std::string& name) {
            const size_t a = xml.find("<" + name + ">", from) + name.size() + 2;
            return std::stoi(xml.substr(a, xml.find("<", a) - a));
          };
          for (size_t at = 0; (at = xml.find("<bndbox>", at)) != std::string::npos; ++at) {
            // 597 of the 2,860 boxes give xmin > xmax or ymin > ymax: put the corners in order
            // (before, those boxes could match no hair)
            const int x0 = tag(at, "xmin"), y0 = tag(at, "ymin");
            const int x1 = tag(at, "xmax"), y1 = tag(at, "ymax");
            real_boxes.emplace_back(std::min(x0, x1), std::min(y0, y1), std::abs(x1 - x0),
                                    std::abs(y1 - y0));
          }
        }
        const cv::Mat bgr = cv::imread(path.string(), cv::IMREAD_COLOR);
        auto result = AnalyzeTrichoscopy(bgr, options);
        if (!result) {
          fmt::print(stderr, "{}: {}\n", row.stem, result.error().message);
          continue;
        }
        row.found = result->hair_count;
        if (!synthetic) {
          // Greedy matching: a traced hair matches a free box that holds at least half of
          // its centre line (8 px margin); the units' hairs match one box each.
          std::vector<bool> taken(real_boxes.size(), false);
          row.boxes = static_cast<int>(real_boxes.size());
          row.detections = static_cast<int>(result->hairs.size());
          for (const auto& h : result->hairs) {
            int best = -1;
            double best_share = 0.5;
            for (size_t b = 0; b < real_boxes.size(); ++b) {
              if (taken[b]) continue;
              const cv::Rect box(real_boxes[b].x - 8, real_boxes[b].y - 8, real_boxes[b].width + 16,
                                 real_boxes[b].height + 16);
              int inside = 0;
              for (int k = 0; k <= 10; ++k) {
                const double t = k / 10.0;
                inside += box.contains(cv::Point(static_cast<int>(h.x + t * (h.other_x - h.x)),
                                                 static_cast<int>(h.y + t * (h.other_y - h.y))));
              }
              if (inside / 11.0 >= best_share) {
                best_share = inside / 11.0;
                best = static_cast<int>(b);
              }
            }
            if (best >= 0) {
              taken[best] = true;
              ++row.matched;
            }
          }
        }
        row.found_vellus = result->vellus_percent;
        if (synthetic && getenv("MATCH")) {
          // Truth roots with a detected shaft end within 3 truth widths (at least 12 px).
          const double um = truth["um_per_px"];
          int matched = 0, total = 0;
          for (const auto& h : truth["hairs"]) {
            const cv::Point2d r(h["x"].get<double>(), h["y"].get<double>());
            const double reach = std::max(12.0, 3 * h["width_um"].get<double>() / um);
            ++total;
            for (const auto& d : result->hairs) {
              if (cv::norm(cv::Point2d(d.x, d.y) - r) < reach ||
                  cv::norm(cv::Point2d(d.other_x, d.other_y) - r) < reach) {
                ++matched;
                break;
              }
            }
          }
          fmt::print("{} roots matched {}/{} ({:.0f} %)\n", row.stem, matched, total,
                     100.0 * matched / total);
        }
        row.found_width = result->mean_width_um;
        if (!dump.empty()) {
          cv::Mat out = bgr.clone();
          if (synthetic) {
            const double um = truth["um_per_px"];
            for (const auto& h : truth["hairs"]) {
              const cv::Point2d a(h["x"].get<double>(), h["y"].get<double>());
              const double len = h["length_um"].get<double>() / um, ang = h["angle"].get<double>();
              cv::line(out, a, a + cv::Point2d(std::cos(ang), std::sin(ang)) * len, {0, 255, 0}, 1,
                       cv::LINE_AA);
              cv::circle(out, a, 4, {0, 255, 0}, 1);
            }
          }
          std::map<std::pair<int, int>, int> units;
          for (const auto& h : result->hairs)
            ++units[{static_cast<int>(h.x), static_cast<int>(h.y)}];
          for (const auto& h : result->hairs) {
            const int n = units[{static_cast<int>(h.x), static_cast<int>(h.y)}];
            cv::line(out, cv::Point2d(h.x, h.y), cv::Point2d(h.other_x, h.other_y),
                     n > 1 ? cv::Scalar(0, 255, 255) : cv::Scalar(0, 0, 255), 2, cv::LINE_AA);
            cv::circle(out, cv::Point2d(h.x, h.y), 3, {255, 0, 255}, cv::FILLED);
          }
          cv::putText(out, fmt::format("truth {} found {}", row.truth, row.found), {20, 40},
                      cv::FONT_HERSHEY_SIMPLEX, 1.2, {255, 255, 255}, 2);
          cv::imwrite((fs::path(dump) / (row.stem + ".png")).string(), out);
          cv::imwrite((fs::path(dump) / (row.stem + ".mask.png")).string(), result->hair_mask);
        }
      }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(work);
    for (auto& t : pool) t.join();
    if (!quiet) {
      std::vector<Row> sorted = rows;
      std::sort(sorted.begin(), sorted.end(), [](const Row& a, const Row& b) {
        return std::abs(a.found - a.truth) * b.truth > std::abs(b.found - b.truth) * a.truth;
      });
      for (const Row& r : sorted)
        fmt::print("{:<12} truth {:4} found {:4} ({:+6.1f} %){}\n", r.stem, r.truth, r.found,
                   r.truth ? 100.0 * (r.found - r.truth) / r.truth : 0.0,
                   synthetic ? fmt::format("  vellus {:4.1f}/{:4.1f}  width {:5.1f}/{:5.1f}{}",
                                           r.found_vellus, r.truth_vellus, r.found_width,
                                           r.truth_width, r.long_hair ? "  long" : "")
                             : "");
    }
    fmt::print("== {} ==\n", synthetic ? "synthetic trichoscopy" : "real 70x trichoscopy");
    Summarise(rows, synthetic);
  }
}
