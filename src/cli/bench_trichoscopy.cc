#include "cli/bench_trichoscopy.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include "cli/bench_util.h"
#include "imaging/image_decode.h"

namespace tricholog::cli::tricho_bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// A box reaching within this of the frame is a hair cut by the edge (about 28 µm at 70x).
constexpr int kEdgeMarginPx = 10;
// The traced hairs obey the same rule: a hair with an end within kEdgeMarginPx of the analysed
// field's edge is cut by it (not tuned: the boxes' margin; other bands in docs/trichoscopy.md).
// A hair matches a box grown by this.
constexpr int kMatchMarginPx = 8;
constexpr int kFolds = 5;

using bench::Sorted;

std::string ReadText(const fs::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// The integer inside <tag>...</tag> at or after `from`, before `end`; nullopt when absent.
std::optional<int> TagValue(std::string_view xml, std::size_t from, std::size_t end,
                            std::string_view tag) {
  const std::string open = "<" + std::string(tag) + ">";
  const std::size_t at = xml.find(open, from);
  if (at == std::string_view::npos || at >= end) return std::nullopt;
  std::size_t i = at + open.size();
  while (i < end && std::isspace(static_cast<unsigned char>(xml[i]))) ++i;
  // VOC writers give integers, some as "12.0".
  std::size_t j = i;
  if (j < end && (xml[j] == '-' || xml[j] == '+')) ++j;
  while (j < end && (std::isdigit(static_cast<unsigned char>(xml[j])) || xml[j] == '.')) ++j;
  if (j == i) return std::nullopt;
  try {
    return static_cast<int>(std::lround(std::stod(std::string(xml.substr(i, j - i)))));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string Percent(double value) { return fmt::format("{:.1f}", value); }

// The 90th percentile of the traced hairs' lengths in µm (0 without hairs).
double LongHairLength(const imaging::TrichoscopyResult& result) {
  std::vector<double> lengths;
  for (const auto& hair : result.hairs) lengths.push_back(hair.length_um);
  if (lengths.empty()) return 0;
  const auto at = lengths.begin() + static_cast<std::ptrdiff_t>(0.9 * (lengths.size() - 1));
  std::nth_element(lengths.begin(), at, lengths.end());
  return *at;
}

// Development figures per field go to "$TRICHOLOG_BENCH_TRICHOSCOPY_CSV-<part>.csv" when that
// variable is set (tools/trichoscopy/README.md); nullopt otherwise.
std::optional<std::string> DevCsvPath(std::string_view part) {
  const char* prefix = std::getenv("TRICHOLOG_BENCH_TRICHOSCOPY_CSV");
  if (!prefix || !*prefix) return std::nullopt;
  return std::string(prefix) + "-" + std::string(part) + ".csv";
}

}  // namespace

std::string PatientIdOf(std::string_view file_name) {
  const std::size_t dot = file_name.rfind('.');
  std::string_view stem = dot == std::string_view::npos ? file_name : file_name.substr(0, dot);
  const std::size_t first = stem.find('_');
  const std::size_t last = stem.rfind('_');
  if (first == std::string_view::npos || last <= first + 1) return {};
  const auto all_digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
  };
  if (!all_digits(stem.substr(0, first)) || !all_digits(stem.substr(last + 1))) return {};
  return std::string(stem.substr(first + 1, last - first - 1));
}

std::vector<int> FoldsByPatient(const std::vector<std::string>& patient_ids, int folds) {
  std::vector<int> fold_of(patient_ids.size(), 0);
  if (folds <= 1) return fold_of;
  std::map<std::string, std::vector<std::size_t>> items;
  for (std::size_t i = 0; i < patient_ids.size(); ++i) {
    // an item without an id is its own patient (the prefix keeps it from any real id)
    items[patient_ids[i].empty() ? "\x01" + std::to_string(i) : patient_ids[i]].push_back(i);
  }
  std::vector<const std::pair<const std::string, std::vector<std::size_t>>*> order;
  for (const auto& entry : items) order.push_back(&entry);
  std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
    return a->second.size() > b->second.size();
  });
  std::vector<std::size_t> fill(static_cast<std::size_t>(folds), 0);
  for (const auto* patient : order) {
    const auto smallest = std::min_element(fill.begin(), fill.end()) - fill.begin();
    fill[static_cast<std::size_t>(smallest)] += patient->second.size();
    for (std::size_t i : patient->second) fold_of[i] = static_cast<int>(smallest);
  }
  return fold_of;
}

std::vector<cv::Rect> ParseVocBoxes(std::string_view xml) {
  std::vector<cv::Rect> boxes;
  for (std::size_t at = xml.find("<object>"); at != std::string_view::npos;) {
    std::size_t end = xml.find("</object>", at);
    if (end == std::string_view::npos) end = xml.size();
    const auto x0 = TagValue(xml, at, end, "xmin"), y0 = TagValue(xml, at, end, "ymin");
    const auto x1 = TagValue(xml, at, end, "xmax"), y1 = TagValue(xml, at, end, "ymax");
    if (x0 && y0 && x1 && y1) {
      const int left = std::min(*x0, *x1), top = std::min(*y0, *y1);
      boxes.emplace_back(left, top, std::max(*x0, *x1) - left, std::max(*y0, *y1) - top);
    }
    at = xml.find("<object>", end);
  }
  return boxes;
}

bool TouchesEdge(const cv::Rect& box, cv::Size image, int margin_px) {
  return box.x <= margin_px || box.y <= margin_px ||
         box.x + box.width >= image.width - 1 - margin_px ||
         box.y + box.height >= image.height - 1 - margin_px;
}

MatchCounts& MatchCounts::operator+=(const MatchCounts& other) {
  matched += other.matched;
  detections += other.detections;
  boxes += other.boxes;
  return *this;
}

double MatchCounts::Precision() const { return detections > 0 ? 1.0 * matched / detections : 0; }
double MatchCounts::Recall() const { return boxes > 0 ? 1.0 * matched / boxes : 0; }
double MatchCounts::F1() const {
  const double p = Precision(), r = Recall();
  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

MatchCounts MatchHairsToBoxes(const std::vector<Segment>& hairs, const std::vector<cv::Rect>& boxes,
                              int margin_px) {
  struct Pair {
    int inside;
    double distance;
    std::size_t hair, box;
  };
  std::vector<Pair> pairs;
  for (std::size_t h = 0; h < hairs.size(); ++h) {
    const Segment& s = hairs[h];
    const cv::Point2d centre = 0.5 * (s.a + s.b);
    for (std::size_t b = 0; b < boxes.size(); ++b) {
      const cv::Rect2d grown(boxes[b].x - margin_px, boxes[b].y - margin_px,
                             boxes[b].width + 2 * margin_px, boxes[b].height + 2 * margin_px);
      int inside = 0;
      for (int k = 0; k <= 10; ++k) {
        const cv::Point2d p = s.a + (k / 10.0) * (s.b - s.a);
        inside += p.x >= grown.x && p.x <= grown.x + grown.width && p.y >= grown.y &&
                  p.y <= grown.y + grown.height;
      }
      if (2 * inside < 11) continue;
      const cv::Point2d box_centre(boxes[b].x + 0.5 * boxes[b].width,
                                   boxes[b].y + 0.5 * boxes[b].height);
      pairs.push_back({inside, cv::norm(centre - box_centre), h, b});
    }
  }
  std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
    return std::tie(b.inside, a.distance, a.hair, a.box) <
           std::tie(a.inside, b.distance, b.hair, b.box);
  });
  std::vector<bool> hair_taken(hairs.size(), false), box_taken(boxes.size(), false);
  MatchCounts counts;
  counts.detections = static_cast<int>(hairs.size());
  counts.boxes = static_cast<int>(boxes.size());
  for (const Pair& pair : pairs) {
    if (hair_taken[pair.hair] || box_taken[pair.box]) continue;
    hair_taken[pair.hair] = box_taken[pair.box] = true;
    ++counts.matched;
  }
  return counts;
}

EdgeRuleCounts CountAwayFromEdge(const imaging::TrichoscopyResult& result, double band_um) {
  EdgeRuleCounts counts;
  const cv::Rect field = result.field_rows;
  const double band_px = result.um_per_px > 0 ? band_um / result.um_per_px : 0;
  const auto near_edge = [&](double x, double y) {
    return x < field.x + band_px || y < field.y + band_px ||
           x > field.x + field.width - 1 - band_px || y > field.y + field.height - 1 - band_px;
  };
  for (const auto& hair : result.hairs) {
    if (!near_edge(hair.x, hair.y) && !near_edge(hair.other_x, hair.other_y)) ++counts.traced;
  }
  if (!result.learned_density.empty() && result.learned_density_um > 0) {
    const cv::Mat& density = result.learned_density;
    const int band =
        std::max(1, static_cast<int>(std::lround(band_um / result.learned_density_um)));
    const double total = cv::sum(density)[0];
    double inner = 0;
    if (density.cols > 2 * band && density.rows > 2 * band) {
      inner = cv::sum(
          density(cv::Rect(band, band, density.cols - 2 * band, density.rows - 2 * band)))[0];
    }
    const double edge = total - inner;
    counts.learned = std::max(0.0, total - 2 * edge);
  }
  return counts;
}

double BlendCount(const BlendFit& fit, double traced, double learned) {
  return fit.scale * (fit.traced_weight * traced + (1 - fit.traced_weight) * learned);
}

double Mape(const std::vector<double>& predicted, const std::vector<double>& truth) {
  double sum = 0;
  int n = 0;
  for (std::size_t i = 0; i < predicted.size() && i < truth.size(); ++i) {
    if (truth[i] <= 0) continue;
    sum += std::abs(predicted[i] - truth[i]) / truth[i] * 100.0;
    ++n;
  }
  return n > 0 ? sum / n : 0;
}

BlendFit FitBlend(const std::vector<double>& traced, const std::vector<double>& learned,
                  const std::vector<double>& truth, bool fit_scale) {
  BlendFit best;
  double best_error = -1;
  std::vector<double> predicted(truth.size());
  for (int w = 0; w <= 20; ++w) {
    for (int s = fit_scale ? 70 : 100; s <= (fit_scale ? 130 : 100); ++s) {
      const BlendFit fit{w / 20.0, s / 100.0};
      for (std::size_t i = 0; i < truth.size(); ++i) {
        // the product rounds its count to whole hairs
        predicted[i] = std::round(BlendCount(fit, traced[i], learned[i]));
      }
      const double error = Mape(predicted, truth);
      if (best_error < 0 || error < best_error - 1e-12) {
        best_error = error;
        best = fit;
      }
    }
  }
  return best;
}

std::vector<double> CrossValidatedBlend(const std::vector<double>& traced,
                                        const std::vector<double>& learned,
                                        const std::vector<double>& truth,
                                        const std::vector<int>& folds, bool fit_scale,
                                        std::vector<BlendFit>* fits) {
  std::vector<double> predicted(truth.size(), 0);
  const int fold_count = folds.empty() ? 0 : *std::max_element(folds.begin(), folds.end()) + 1;
  for (int k = 0; k < fold_count; ++k) {
    std::vector<double> t, l, y;
    for (std::size_t i = 0; i < truth.size(); ++i) {
      if (folds[i] == k) continue;
      t.push_back(traced[i]);
      l.push_back(learned[i]);
      y.push_back(truth[i]);
    }
    const BlendFit fit = FitBlend(t, l, y, fit_scale);
    if (fits) fits->push_back(fit);
    for (std::size_t i = 0; i < truth.size(); ++i) {
      if (folds[i] == k) predicted[i] = std::round(BlendCount(fit, traced[i], learned[i]));
    }
  }
  return predicted;
}

void BenchSyntheticTrichoscopy(const fs::path& dir, int limit, const RowWriter& row) {
  struct Errors {
    double count = 0, traced = 0, learned = 0, vellus = 0, width = 0;
    int n = 0, learned_n = 0;
  };
  Errors all, odd;
  double ms = 0;
  std::ofstream csv;
  if (auto path = DevCsvPath("synthetic")) {
    csv.open(*path);
    csv << "name,truth,product,traced,learned,p90_length_um,width_error\n";
  }
  int index = 0;
  for (const auto& json_path : Sorted(dir, ".json")) {
    if (limit > 0 && all.n >= limit) break;
    const int position = index++;
    auto truth = nlohmann::json::parse(ReadText(json_path), nullptr, false);
    if (truth.is_discarded()) continue;
    fs::path image_path = json_path;
    image_path.replace_extension(".jpg");
    auto image = imaging::DecodeImageFile(image_path);
    if (!image) continue;
    imaging::TrichoscopyOptions options;
    options.um_per_px = truth.value("um_per_px", 0.0);
    const auto start = Clock::now();
    auto result = imaging::AnalyzeTrichoscopy(image->bgr, options);
    ms += std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!result) continue;
    const double true_count = std::max(1.0, truth.value("hair_count", 0.0));
    const double true_width = std::max(1e-9, truth.value("mean_width_um", 0.0));
    if (csv.is_open()) {
      csv << fmt::format("{},{},{},{},{:.3f},{:.0f},{:.2f}\n", json_path.stem().string(),
                         true_count, result->hair_count, result->traced_shaft_count,
                         result->learned_count.value_or(-1), LongHairLength(*result),
                         (result->mean_width_um - true_width) / true_width * 100.0);
    }
    for (Errors* e : {&all, position % 2 == 1 ? &odd : nullptr}) {
      if (!e) continue;
      e->count += std::abs(result->hair_count - true_count) / true_count * 100.0;
      e->traced += std::abs(result->traced_shaft_count - true_count) / true_count * 100.0;
      if (result->learned_count) {
        e->learned +=
            std::abs(std::round(*result->learned_count) - true_count) / true_count * 100.0;
        ++e->learned_n;
      }
      e->vellus += std::abs(result->vellus_percent - truth.value("vellus_percent", 0.0));
      e->width += std::abs(result->mean_width_um - true_width) / true_width * 100.0;
      ++e->n;
    }
  }
  if (all.n == 0) return;
  const std::string part = fmt::format("synthetic trichoscopy ({})", all.n);
  const auto both = [&](const Errors& a, const Errors& o, double Errors::*field) {
    return fmt::format("{:.1f} / {:.1f}", a.*field / a.n, o.n ? o.*field / o.n : 0.0);
  };
  row(part, "values: all / odd (odd unseen, even tuned)", "", "");
  row(part, "hair count, mean abs % error", both(all, odd, &Errors::count), "<= 8");
  row(part, "... traced shafts alone, same", both(all, odd, &Errors::traced), "");
  if (all.learned_n == all.n) {
    row(part, "... learned counter alone, same", both(all, odd, &Errors::learned), "");
  }
  row(part, "vellus %, mean abs error (points)", both(all, odd, &Errors::vellus), "<= 8");
  row(part, "mean width, mean abs % error", both(all, odd, &Errors::width), "<= 10");
  row(part, "ms per image (tracing + learned count)", fmt::format("{:.0f}", ms / all.n), "");
}

namespace {

// What the bench keeps of one real field.
struct RealField {
  std::string name, patient;
  bool ok = false;
  double boxes = 0, boxes_inner = 0;  // all boxes; boxes not cut by the frame edge
  double product = 0, traced = 0, learned = 0;
  double traced_inner = 0, learned_inner = 0;  // the edge rule applied to each estimate
  MatchCounts match{}, match_inner{};
  double p90_length_um = 0;
  std::vector<EdgeRuleCounts> by_band{};  // the edge rule at kDevBandsUm (development CSV)
};

constexpr double kDevBandsUm[] = {15, 30, 45, 90, 120};

RealField MeasureRealField(const fs::path& xml_path) {
  RealField field;
  field.name = xml_path.filename().string();
  field.patient = PatientIdOf(field.name);
  const std::vector<cv::Rect> boxes = ParseVocBoxes(ReadText(xml_path));
  fs::path image_path = xml_path;
  image_path.replace_extension(".jpg");
  auto image = imaging::DecodeImageFile(image_path);
  if (!image || boxes.empty()) return field;
  auto result = imaging::AnalyzeTrichoscopy(image->bgr, imaging::TrichoscopyOptions{});
  if (!result) return field;
  const cv::Size size = image->bgr.size();
  std::vector<cv::Rect> inner_boxes;
  for (const cv::Rect& box : boxes) {
    if (!TouchesEdge(box, size, kEdgeMarginPx)) inner_boxes.push_back(box);
  }
  field.boxes = static_cast<double>(boxes.size());
  field.boxes_inner = static_cast<double>(inner_boxes.size());
  field.product = result->hair_count;
  field.traced = result->traced_shaft_count;
  field.learned = result->learned_count.value_or(field.traced);
  const double band_um = kEdgeMarginPx * result->um_per_px;
  const EdgeRuleCounts inner = CountAwayFromEdge(*result, band_um);
  field.traced_inner = inner.traced;
  field.learned_inner = inner.learned.value_or(inner.traced);
  for (double band : kDevBandsUm) field.by_band.push_back(CountAwayFromEdge(*result, band));
  field.p90_length_um = LongHairLength(*result);
  std::vector<Segment> segments, inner_segments;
  const double band_px = kEdgeMarginPx;
  const cv::Rect rows = result->field_rows;
  for (const auto& hair : result->hairs) {
    const Segment s{{hair.x, hair.y}, {hair.other_x, hair.other_y}};
    segments.push_back(s);
    bool cut = false;
    for (const cv::Point2d& p : {s.a, s.b}) {
      cut = cut || p.x < rows.x + band_px || p.y < rows.y + band_px ||
            p.x > rows.x + rows.width - 1 - band_px || p.y > rows.y + rows.height - 1 - band_px;
    }
    if (!cut) inner_segments.push_back(s);
  }
  field.match = MatchHairsToBoxes(segments, boxes, kMatchMarginPx);
  field.match_inner = MatchHairsToBoxes(inner_segments, inner_boxes, kMatchMarginPx);
  field.ok = true;
  return field;
}

std::string FitRange(const std::vector<BlendFit>& fits, bool scale) {
  double lo = 1e9, hi = -1e9;
  for (const BlendFit& f : fits) {
    const double v = scale ? f.scale : f.traced_weight;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  return fmt::format("{:.2f}-{:.2f}", lo, hi);
}

}  // namespace

void BenchRealTrichoscopy(const fs::path& dir, int limit, const RowWriter& row) {
  std::vector<fs::path> paths = Sorted(dir, ".xml");
  if (limit > 0 && static_cast<int>(paths.size()) > limit)
    paths.resize(static_cast<std::size_t>(limit));
  std::vector<RealField> fields(paths.size());
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i; (i = next++) < paths.size();) fields[i] = MeasureRealField(paths[i]);
  };
  std::vector<std::thread> pool;
  const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
  for (auto& t : pool) t.join();
  std::erase_if(fields, [](const RealField& f) { return !f.ok; });
  if (fields.empty()) return;

  if (auto csv = DevCsvPath("real")) {
    std::ofstream out(*csv);
    out << "name,patient,boxes,boxes_inner,product,traced,learned,traced_inner,learned_inner,"
           "matched,detections,p90_length_um";
    for (double band : kDevBandsUm) out << fmt::format(",traced_{0},learned_{0}", band);
    out << "\n";
    for (const RealField& f : fields) {
      out << fmt::format("{},{},{},{},{},{},{:.3f},{},{:.3f},{},{}", f.name, f.patient, f.boxes,
                         f.boxes_inner, f.product, f.traced, f.learned, f.traced_inner,
                         f.learned_inner, f.match.matched, f.match.detections);
      out << fmt::format(",{:.0f}", f.p90_length_um);
      for (const EdgeRuleCounts& c : f.by_band) {
        out << fmt::format(",{},{:.3f}", c.traced, c.learned.value_or(c.traced));
      }
      out << "\n";
    }
  }

  std::vector<std::string> patients;
  std::vector<double> boxes, boxes_inner, product, traced, learned, traced_inner, learned_inner;
  MatchCounts match, match_inner;
  for (const RealField& f : fields) {
    patients.push_back(f.patient);
    boxes.push_back(f.boxes);
    boxes_inner.push_back(f.boxes_inner);
    product.push_back(f.product);
    traced.push_back(f.traced);
    learned.push_back(f.learned);
    traced_inner.push_back(f.traced_inner);
    learned_inner.push_back(f.learned_inner);
    match += f.match;
    match_inner += f.match_inner;
  }
  const std::vector<int> folds = FoldsByPatient(patients, kFolds);
  std::vector<BlendFit> fits, inner_fits;
  // The best constant answer, fitted on the training folds (whole hairs).
  std::vector<double> constant(fields.size(), 0);
  for (int k = 0; k < kFolds; ++k) {
    std::vector<double> train;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (folds[i] != k) train.push_back(boxes[i]);
    }
    if (train.empty()) continue;
    std::sort(train.begin(), train.end());
    double best = train.front(), best_error = -1;
    for (double c = train.front(); c <= train.back(); c += 1) {
      const double e = Mape(std::vector<double>(train.size(), c), train);
      if (best_error < 0 || e < best_error) best_error = e, best = c;
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (folds[i] == k) constant[i] = best;
    }
  }
  const auto cv_blend = CrossValidatedBlend(traced, learned, boxes, folds, true, &fits);
  const auto cv_inner =
      CrossValidatedBlend(traced_inner, learned_inner, boxes_inner, folds, true, &inner_fits);

  const std::string part = fmt::format("real 70x trichoscopy ({})", fields.size());
  std::set<std::string> distinct(patients.begin(), patients.end());
  row(part, fmt::format("{} patients; unseen = 5-fold by patient", distinct.size()), "", "");
  row(part, "product count MAPE %, all fields (seen)", Percent(Mape(product, boxes)), "");
  row(part, "... traced shafts alone, same", Percent(Mape(traced, boxes)), "");
  {
    std::vector<double> rounded(learned.size());
    std::transform(learned.begin(), learned.end(), rounded.begin(),
                   [](double v) { return std::round(v); });
    row(part, "... learned counter alone, same", Percent(Mape(rounded, boxes)), "");
  }
  row(part, "count MAPE %, unseen patients, fitted blend", Percent(Mape(cv_blend, boxes)), "<= 15");
  row(part, "... traced weight / scale fitted per fold",
      fmt::format("{} / {}", FitRange(fits, false), FitRange(fits, true)), "");
  row(part, "... best constant, unseen patients", Percent(Mape(constant, boxes)), "");
  row(part, "edge rule: count MAPE %, unseen patients", Percent(Mape(cv_inner, boxes_inner)), "");
  row(part, "... traced weight / scale fitted per fold",
      fmt::format("{} / {}", FitRange(inner_fits, false), FitRange(inner_fits, true)), "");
  row(part, "traced hairs vs boxes: P / R / F1",
      fmt::format("{:.2f} / {:.2f} / {:.2f}", match.Precision(), match.Recall(), match.F1()), "");
  row(part, "... edge rule (edge hairs, boxes left out)",
      fmt::format("{:.2f} / {:.2f} / {:.2f}", match_inner.Precision(), match_inner.Recall(),
                  match_inner.F1()),
      "");
}

}  // namespace tricholog::cli::tricho_bench
