// The scalp-view parts of `tricholog bench imaging`: accuracy on rendered views with exact
// truth (normal and harder scenes), how often the per-view confidence flags the views that are
// wrong and the ones that are not, measurement noise from repeat captures (SEM, MDC95), and
// whether the density index follows the hair (docs/scalp-analysis.md).
#ifndef TRICHOLOG_CLI_BENCH_SCALP_H_
#define TRICHOLOG_CLI_BENCH_SCALP_H_

#include <filesystem>
#include <ostream>
#include <string>

namespace tricholog::cli {

struct ScalpBenchOptions {
  int limit = 0;          // at most this many cases per set (0 = all)
  bool per_view = false;  // one line per view
  std::string signals;    // CSV of every view's confidence signs and errors, when given
};

// Runs every set found under `synthetic` (a folder laid out like ../shared/data/synthetic):
// scalp-views, scalp-views-hard, scalp-repeats, scalp-repeats-hard, scalp-density. Absent sets
// are skipped.
void BenchScalpSets(const std::filesystem::path& synthetic, const ScalpBenchOptions& options,
                    std::ostream& out);

}  // namespace tricholog::cli

#endif  // TRICHOLOG_CLI_BENCH_SCALP_H_
