#include "cli/bench_scalp.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "cli/bench_util.h"
#include "core/salt_score.h"
#include "imaging/image_decode.h"
#include "imaging/mask_metrics.h"
#include "imaging/scalp_view.h"

namespace tricholog::cli {
namespace {

using namespace bench;  // NOLINT: the bench helpers

// Views whose loss is off by more than this many points are wrong enough that they must be
// flagged (issue 18); views off by at most kGoodPoints should not be.
constexpr double kWrongPoints = 10.0;
constexpr double kGoodPoints = 5.0;

struct Analysed {
  imaging::ScalpViewResult result;
  double ms = 0;         // decode at the analysis scale + analysis
  double decode_ms = 0;  // a full decode of the same file
};

std::optional<Analysed> AnalyseFile(const fs::path& jpg, imaging::ScalpView view) {
  const auto bytes = ReadBytes(jpg);
  if (bytes.empty()) return std::nullopt;
  Analysed a;
  auto start = Clock::now();
  auto full = imaging::DecodeImage(bytes);
  a.decode_ms = MsSince(start);
  if (!full) return std::nullopt;
  start = Clock::now();
  auto image = imaging::DecodeImage(
      bytes, {}, imaging::AnalysisScaleDenominator(full->full_width, full->full_height));
  auto result = image ? imaging::AnalyzeScalpView(*image, view) : tl::unexpected(image.error());
  a.ms = MsSince(start);
  if (!result) return std::nullopt;
  a.result = std::move(*result);
  return a;
}

std::optional<nlohmann::json> ReadJson(const fs::path& path) {
  std::ifstream file(path);
  auto json = nlohmann::json::parse(file, nullptr, false);
  if (json.is_discarded()) return std::nullopt;
  return json;
}

double SaltOf(const std::array<double, 4>& loss) {
  return kSaltTopWeight * loss[0] + kSaltBackWeight * loss[1] + kSaltLeftWeight * loss[2] +
         kSaltRightWeight * loss[3];
}

// One line per view for tuning the confidence rules offline.
class SignalsCsv {
 public:
  explicit SignalsCsv(const std::string& path) {
    if (path.empty()) return;
    file_.open(path, std::ios::app);
    if (file_.tellp() == 0) {
      file_ << "set,case,view,truth_loss,loss,classical,learned,methods_iou,strand_loss,"
               "strand_hair,light_ratio,light_auc,bright_side,head_fit,quality,measurable,code,"
               "loss_low,loss_high,coverage,lower_edge\n";
    }
  }
  void Add(const std::string& set, const std::string& case_name, const std::string& view,
           double truth, const imaging::ScalpViewResult& r) {
    if (!file_.is_open()) return;
    const auto& c = r.confidence;
    const auto& s = c.signs;
    file_ << fmt::format(
        "{},{},{},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.4f},{:.4f},{:.4f},{:.4f},{},{:.3f},{},{},{}"
        ","
        "{:.3f},{:.3f},{:.3f},{:.3f}\n",
        set, case_name, view, truth, r.figures.hair_loss_percent, s.classical_loss_percent,
        s.learned_loss_percent, s.methods_iou, s.strand_share_loss, s.strand_share_hair,
        s.light_ratio, s.light_auc, s.loss_on_bright_side ? 1 : 0, s.head_fit,
        imaging::QualityStatusName(r.quality.status), c.measurable ? 1 : 0, c.verdict.code,
        c.loss_low, c.loss_high, r.figures.hair_coverage_percent, s.lower_edge_loss_percent);
  }

 private:
  std::ofstream file_;
};

// Accuracy on one set of cases (scalp-views or scalp-views-hard).
void BenchViewSet(const fs::path& root, const std::string& label, const ScalpBenchOptions& opt,
                  SignalsCsv& csv, std::ostream& out) {
  double loss_iou = 0, scalp_iou = 0, salt_error = 0, salt_error_measured = 0, ms = 0,
         decode_ms = 0, worst_clean_unflagged = 0, worst_clean_unasked = 0;
  int loss_views = 0, views = 0, cases = 0, cases_measured = 0, salt_in_interval = 0;
  int wrong = 0, wrong_flagged = 0, wrong_asked = 0, good = 0, good_flagged = 0, good_asked = 0,
      clean_over5 = 0, clean_over5_asked = 0, clean_over5_flagged = 0;
  double split_iou[2] = {0, 0};
  int split_views[2] = {0, 0};
  for (const auto& dir : Sorted(root, "")) {
    if (opt.limit > 0 && cases >= opt.limit) break;
    auto truth = ReadJson(dir / "truth.json");
    if (!truth) continue;
    ++cases;
    std::array<double, 4> salt_loss{};
    std::array<imaging::ViewConfidence, 4> salt_conf{};
    bool all_measurable = true;
    for (imaging::ScalpView view : imaging::kAllScalpViews) {
      const std::string name(imaging::ScalpViewName(view));
      auto a = AnalyseFile(dir / (name + ".jpg"), view);
      if (!a) {
        all_measurable = false;
        continue;
      }
      const auto& r = a->result;
      ms += a->ms;
      decode_ms += a->decode_ms;
      ++views;
      const cv::Mat true_scalp = ReadMask(dir / (name + ".scalp.png")) > 127;
      const cv::Mat true_loss = ReadMask(dir / (name + ".loss.png")) > 127;
      scalp_iou += imaging::MaskIoU(true_scalp, r.FullScalpMask());
      const double truth_percent = 100.0 * cv::countNonZero(true_loss & true_scalp) /
                                   std::max(1, cv::countNonZero(true_scalp));
      const double loss = r.figures.hair_loss_percent;
      const double error = std::abs(loss - truth_percent);
      const bool flagged = !r.confidence.measurable;
      // Measured, but the patient is asked to check the outline (methods_disagree, edge_strip).
      const bool asked = r.confidence.measurable && r.confidence.verdict.code != "ok";
      if (error > kWrongPoints) ++wrong, wrong_flagged += flagged, wrong_asked += asked;
      if (error <= kGoodPoints) ++good, good_flagged += flagged, good_asked += asked;
      csv.Add(label, dir.filename().string(), name, truth_percent, r);
      std::string line;
      if (cv::countNonZero(true_loss) > 0) {
        const double iou = imaging::MaskIoU(true_loss, r.FullLossMask());
        loss_iou += iou;
        ++loss_views;
        const int split = (dir.filename().string().back() - '0') % 2;
        split_iou[split] += iou;
        ++split_views[split];
        line = fmt::format("loss IoU {:.3f}  loss {:5.1f} % (truth {:5.1f} %)", iou, loss,
                           truth_percent);
      } else {
        line = fmt::format("no truth loss; loss {:5.2f} %", loss);
        if (!flagged) worst_clean_unflagged = std::max(worst_clean_unflagged, loss);
        if (!flagged && !asked) worst_clean_unasked = std::max(worst_clean_unasked, loss);
        if (loss > 5.0) ++clean_over5, clean_over5_flagged += flagged, clean_over5_asked += asked;
      }
      if (opt.per_view) {
        out << fmt::format("{} {} {:<5} {}{}\n", label, dir.filename().string(), name, line,
                           flagged || asked ? "  [" + r.confidence.verdict.code + "]" : "");
      }
      if (view != imaging::ScalpView::kFront) {
        const auto i = static_cast<std::size_t>(view);
        salt_loss[i] = loss;
        salt_conf[i] = r.confidence;
        all_measurable = all_measurable && r.confidence.measurable;
      }
    }
    const double true_salt = truth->value("salt", 0.0);
    const double salt = SaltOf(salt_loss);
    salt_error += std::abs(salt - true_salt);
    if (all_measurable) {
      ++cases_measured;
      salt_error_measured += std::abs(salt - true_salt);
      auto interval =
          imaging::SaltIntervalFromViews(salt_conf[0], salt_conf[1], salt_conf[2], salt_conf[3]);
      if (interval && true_salt >= interval->low - 1e-9 && true_salt <= interval->high + 1e-9)
        ++salt_in_interval;
    }
  }
  if (cases == 0) return;
  const std::string part = fmt::format("{} ({} cases)", label, cases);
  Row(out, part, "SALT MAE, every view's number (points)",
      fmt::format("{:.2f}", salt_error / cases), "");
  Row(out, part, "SALT MAE, cases with every view measured",
      fmt::format("{:.2f} (n={})", salt_error_measured / std::max(1, cases_measured),
                  cases_measured),
      label.find("hard") != std::string::npos ? "<= 4" : "<= 1.5");
  Row(out, part, "... truth SALT inside the given interval",
      fmt::format("{} of {}", salt_in_interval, cases_measured), "");
  Row(out, part, "loss mask IoU, mean over views with loss",
      fmt::format("{:.3f} (n={})", loss_iou / std::max(1, loss_views), loss_views), ">= 0.75");
  if (opt.per_view) {
    Row(out, part, "... even / odd cases",
        fmt::format("{:.3f} / {:.3f}", split_iou[0] / std::max(1, split_views[0]),
                    split_iou[1] / std::max(1, split_views[1])),
        "");
  }
  Row(out, part, "views off by > 10 points: flagged", fmt::format("{} of {}", wrong_flagged, wrong),
      "all");
  Row(out, part, "... measured but asked to check", fmt::format("{} of {}", wrong_asked, wrong),
      "");
  Row(out, part, "views off by <= 5 points: flagged", fmt::format("{} of {}", good_flagged, good),
      "few");
  Row(out, part, "... measured but asked to check", fmt::format("{} of {}", good_asked, good), "");
  Row(out, part, "no-loss views above 5 %: flagged",
      fmt::format("{} of {}", clean_over5_flagged, clean_over5), "all");
  Row(out, part, "... measured but asked to check",
      fmt::format("{} of {}", clean_over5_asked, clean_over5), "");
  Row(out, part, "largest loss %, no-loss views not flagged",
      fmt::format("{:.2f}", worst_clean_unflagged), "<= 5");
  Row(out, part, "... neither flagged nor asked to check",
      fmt::format("{:.2f}", worst_clean_unasked), "");
  Row(out, part, "scalp mask IoU, mean", fmt::format("{:.3f}", scalp_iou / std::max(1, views)), "");
  Row(out, part, "ms per view (decode + analysis)", fmt::format("{:.0f}", ms / std::max(1, views)),
      "");
  Row(out, part, "... / full JPEG decode of the file",
      fmt::format("{:.2f}x", ms / std::max(1e-9, decode_ms)), "(DecodeImage)");
}

// SEM = sqrt(sum d^2 / 2n) over pairs of repeat measurements, MDC95 = 1.96 * sqrt(2) * SEM
// (the data README; clinical.md §5.2).
struct Noise {
  double sum_sq = 0;
  int n = 0;
  void Add(double a, double b) {
    sum_sq += (a - b) * (a - b);
    ++n;
  }
  double Sem() const { return n > 0 ? std::sqrt(sum_sq / (2.0 * n)) : 0.0; }
  double Mdc95() const { return 1.96 * std::sqrt(2.0) * Sem(); }
  std::string Text() const { return fmt::format("{:.2f} / {:.2f} (n={})", Sem(), Mdc95(), n); }
};

void BenchRepeats(const fs::path& root, const std::string& label, const ScalpBenchOptions& opt,
                  SignalsCsv& csv, std::ostream& out) {
  Noise salt, salt_measured, view_loss, view_loss_measured, zone_coverage, zone_density;
  int cases = 0, captures_flagged = 0, captures = 0;
  for (const auto& dir : Sorted(root, "")) {
    if (opt.limit > 0 && cases >= opt.limit) break;
    if (!fs::is_directory(dir / "cap0") || !fs::is_directory(dir / "cap1")) continue;
    ++cases;
    std::array<std::array<double, 4>, 2> salt_loss{};
    std::array<bool, 2> measured = {true, true};
    for (imaging::ScalpView view : imaging::kAllScalpViews) {
      const std::string name(imaging::ScalpViewName(view));
      std::array<std::optional<Analysed>, 2> caps;
      for (int k = 0; k < 2; ++k) {
        const fs::path cap = dir / fmt::format("cap{}", k);
        caps[k] = AnalyseFile(cap / (name + ".jpg"), view);
        if (!caps[k]) {
          measured[k] = false;
          continue;
        }
        ++captures;
        captures_flagged += !caps[k]->result.confidence.measurable;
        auto truth = ReadJson(cap / "truth.json");
        const double truth_percent = truth ? truth->value("views", nlohmann::json::object())
                                                 .value(name, nlohmann::json::object())
                                                 .value("hair_loss_percent", 0.0)
                                           : 0.0;
        csv.Add(label, dir.filename().string() + fmt::format("/cap{}", k), name, truth_percent,
                caps[k]->result);
        if (view != imaging::ScalpView::kFront) {
          salt_loss[k][static_cast<std::size_t>(view)] = caps[k]->result.figures.hair_loss_percent;
          measured[k] = measured[k] && caps[k]->result.confidence.measurable;
        }
      }
      if (!caps[0] || !caps[1]) continue;
      const auto& f0 = caps[0]->result.figures;
      const auto& f1 = caps[1]->result.figures;
      view_loss.Add(f0.hair_loss_percent, f1.hair_loss_percent);
      if (caps[0]->result.confidence.measurable && caps[1]->result.confidence.measurable)
        view_loss_measured.Add(f0.hair_loss_percent, f1.hair_loss_percent);
      for (std::size_t z = 0; z < f0.zones.size() && z < f1.zones.size(); ++z) {
        zone_coverage.Add(f0.zones[z].hair_coverage_percent, f1.zones[z].hair_coverage_percent);
        if (f0.zones[z].hair_density_index && f1.zones[z].hair_density_index)
          zone_density.Add(*f0.zones[z].hair_density_index, *f1.zones[z].hair_density_index);
      }
    }
    salt.Add(SaltOf(salt_loss[0]), SaltOf(salt_loss[1]));
    if (measured[0] && measured[1]) salt_measured.Add(SaltOf(salt_loss[0]), SaltOf(salt_loss[1]));
  }
  if (cases == 0) return;
  const std::string part = fmt::format("{} ({} scenes x 2)", label, cases);
  Row(out, part, "SALT SEM / MDC95, every view's number", salt.Text(), "");
  Row(out, part, "SALT SEM / MDC95, both captures measured", salt_measured.Text(), "MDC95 <= 3");
  Row(out, part, "view loss SEM / MDC95 (points)", view_loss.Text(), "");
  Row(out, part, "... both captures measured", view_loss_measured.Text(), "");
  Row(out, part, "zone coverage SEM / MDC95 (points)", zone_coverage.Text(), "");
  Row(out, part, "zone density index SEM / MDC95 (points)", zone_density.Text(), "");
  Row(out, part, "captured views flagged", fmt::format("{} of {}", captures_flagged, captures), "");
}

// Spearman's rank correlation of `values` with their order (0, 1, 2, ...); ties get mean ranks.
double RankCorrelationWithOrder(const std::vector<double>& values) {
  const std::size_t n = values.size();
  if (n < 2) return 0;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return values[a] < values[b]; });
  std::vector<double> rank(n);
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j + 1 < n && values[order[j + 1]] == values[order[i]]) ++j;
    for (std::size_t k = i; k <= j; ++k) rank[order[k]] = (i + j) / 2.0;
    i = j + 1;
  }
  const double mean = (n - 1) / 2.0;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (rank[i] - mean) * (static_cast<double>(i) - mean);
    sxx += (rank[i] - mean) * (rank[i] - mean);
    syy += (static_cast<double>(i) - mean) * (static_cast<double>(i) - mean);
  }
  return sxx > 0 ? sxy / std::sqrt(sxx * syy) : 0.0;
}

void BenchDensity(const fs::path& root, const std::string& label, const ScalpBenchOptions& opt,
                  std::ostream& out) {
  std::vector<double> zone_rho, view_rho, spread;
  int cases = 0, views = 0, zones_seen = 0;
  for (const auto& dir : Sorted(root, "")) {
    if (opt.limit > 0 && cases >= opt.limit) break;
    std::vector<fs::path> levels;
    for (const auto& level : Sorted(dir, "")) {
      if (fs::is_directory(level)) levels.push_back(level);
    }
    if (levels.size() < 3) continue;
    ++cases;
    for (imaging::ScalpView view : {imaging::ScalpView::kTop, imaging::ScalpView::kBack}) {
      const std::string name(imaging::ScalpViewName(view));
      // A view or zone without an index at some level (a top view with no bare skin in it,
      // scalp_view.cc) is counted as such and left out of the correlation.
      std::vector<double> index, loss;
      std::map<int, std::vector<double>> zones;
      bool all_indexed = true;
      for (const auto& level : levels) {
        auto a = AnalyseFile(level / (name + ".jpg"), view);
        if (!a) continue;
        const auto& f = a->result.figures;
        all_indexed = all_indexed && f.hair_density_index.has_value();
        index.push_back(f.hair_density_index.value_or(-1));
        loss.push_back(f.hair_loss_percent);
        for (const auto& z : f.zones) {
          zones[static_cast<int>(z.zone)].push_back(z.hair_density_index.value_or(-1));
        }
      }
      if (index.size() != levels.size()) continue;
      ++views;
      if (all_indexed) view_rho.push_back(RankCorrelationWithOrder(index));
      for (const auto& [zone, values] : zones) {
        ++zones_seen;
        if (std::find(values.begin(), values.end(), -1.0) == values.end()) {
          zone_rho.push_back(RankCorrelationWithOrder(values));
        }
      }
      const auto [lo, hi] = std::minmax_element(loss.begin(), loss.end());
      spread.push_back(*hi - *lo);
      if (opt.per_view) {
        std::string line;
        for (std::size_t i = 0; i < index.size(); ++i)
          line += fmt::format(" {:.1f}/{:.1f}", index[i], loss[i]);
        out << fmt::format("{} {} {:<5} index/loss by level:{}\n", label, dir.filename().string(),
                           name, line);
      }
    }
  }
  if (spread.empty()) return;
  auto mean = [](const std::vector<double>& v) {
    return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  };
  const std::string part = fmt::format("{} ({} scenes)", label, cases);
  auto corr = [&](const std::vector<double>& rho, int of) {
    if (rho.empty()) return fmt::format("no index (0 of {})", of);
    return fmt::format("{:.2f} / {:.2f} ({} of {} with an index)", mean(rho),
                       *std::min_element(rho.begin(), rho.end()), rho.size(), of);
  };
  Row(out, part, "view index rank corr. with level, mean/min", corr(view_rho, views), ">= 0.9");
  Row(out, part, "zone index rank corr. with level, mean/min", corr(zone_rho, zones_seen),
      ">= 0.9");
  Row(out, part, "loss spread over levels, mean/max (points)",
      fmt::format("{:.2f} / {:.2f}", mean(spread), *std::max_element(spread.begin(), spread.end())),
      "<= 2");
}

}  // namespace

void BenchScalpSets(const fs::path& synthetic, const ScalpBenchOptions& options,
                    std::ostream& out) {
  SignalsCsv csv(options.signals);
  bool any = false;
  for (const char* set : {"scalp-views", "scalp-views-hard", "scalp-repeats", "scalp-repeats-hard",
                          "scalp-density"}) {
    any = any || fs::is_directory(synthetic / set);
  }
  // Which figures are on unseen data (issue 18): every constant and weight of the scalp analysis
  // was fitted on the project's own training and dev renders only (docs/scalp-analysis.md).
  if (any) {
    Row(out, "scalp parts", "fitted on: own training + dev renders", "unseen here",
        "unless DIR is dev; the shared normal views' even cases tuned earlier constants");
  }
  for (const char* set : {"scalp-views", "scalp-views-hard"}) {
    if (fs::is_directory(synthetic / set)) BenchViewSet(synthetic / set, set, options, csv, out);
  }
  for (const char* set : {"scalp-repeats", "scalp-repeats-hard"}) {
    if (fs::is_directory(synthetic / set)) BenchRepeats(synthetic / set, set, options, csv, out);
  }
  if (fs::is_directory(synthetic / "scalp-density"))
    BenchDensity(synthetic / "scalp-density", "scalp-density", options, out);
}

}  // namespace tricholog::cli
