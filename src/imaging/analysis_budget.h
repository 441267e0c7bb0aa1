// Bounded work for photo analyses (issue 15, item 4): the one place where the time and memory
// an analysis may use are set, the estimate of the memory each analysis needs at a working
// resolution, and the deadline the analyses check as they go.
//
// Budget: linear in the photo's pixels, 10 s and 1 GB for a 12-MP photo, with a floor for
// small photos and a hard cap (BudgetForPixels; trichoscopy, which works at full size, gets
// three times the time: BudgetFor). Memory cannot be taken back once an OpenCV
// call has allocated it, so it is checked before the heavy work: each analysis states its
// working resolution, FitBudget estimates the peak from the measured factors (kind of
// analysis, pixels handed in, working pixels) and refuses what does not fit. Time is checked
// cooperatively: the analyses read a Deadline at their stage boundaries and inside their long
// loops and stop with the budget error once it has passed. Both errors are kTooLarge on the
// field "image"; no exception crosses this boundary.
// Thread safety: the functions are pure; a Deadline is used by one analysis on one thread.
#ifndef TRICHOLOG_IMAGING_ANALYSIS_BUDGET_H_
#define TRICHOLOG_IMAGING_ANALYSIS_BUDGET_H_

#include <cstdint>
#include <opencv2/core.hpp>
#include <string>
#include <string_view>

#include "core/error.h"

namespace tricholog::imaging {

// The budget grows linearly from kBudgetReference*: a photo of kBudgetReferencePixels gets
// kBudgetReferenceSeconds and kBudgetReferenceBytes.
inline constexpr std::int64_t kBudgetReferencePixels = 12'000'000;
inline constexpr double kBudgetReferenceSeconds = 10.0;
inline constexpr std::int64_t kBudgetReferenceBytes = 1'000'000'000;
// Floor: what a small photo still gets (the process, OpenCV and a loaded model weigh about
// 100 MB before any pixel is touched; a 1.3-MP dermoscope field takes about 1 s, and up to
// five times that on a loaded machine, which must not trip the deadline).
inline constexpr double kBudgetMinSeconds = 10.0;
inline constexpr std::int64_t kBudgetMinBytes = 500'000'000;
// Hard cap, reached at 36 MP: no photo gets more.
inline constexpr double kBudgetMaxSeconds = 30.0;
inline constexpr std::int64_t kBudgetMaxBytes = 3'000'000'000;

// The analyses that run under a budget; each has its own memory factors.
enum class AnalysisKind {
  kScalpView,    // scalp_view.h: one view of the head
  kHairMask,     // hair_mask.h: hair / not-hair mask of an ordinary photo
  kTrichoscopy,  // trichoscopy.h: dermoscope close-up
};

// "scalp view", "hair mask", "trichoscopy" (for messages).
std::string_view AnalysisKindName(AnalysisKind kind);

// Time and peak working memory allowed for one analysis of a photo.
struct AnalysisBudget {
  std::int64_t photo_pixels = 0;  // the photo's full pixels the budget was set for
  double seconds = 0;
  std::int64_t bytes = 0;
  double megabytes() const { return static_cast<double>(bytes) / 1e6; }
};

// The budget for a photo of `photo_pixels` (full size, oriented; <= 0 is taken as 0):
// linear in the pixels, clamped to [kBudgetMin*, kBudgetMax*].
AnalysisBudget BudgetForPixels(std::int64_t photo_pixels);

// Trichoscopy's time budget is this many times BudgetForPixels's: it works at full size
// (scalp views and hair masks work on 1 MP or less whatever the photo), about 1 s per
// megapixel and more than linearly (21 s at 5 MP, 35 s at 12 MP on a loaded machine); a
// 12-MP close-up from a phone dermoscope must not be stopped, a runaway one must be.
inline constexpr double kTrichoscopyTimeFactor = 3.0;

// The budget one analysis of `kind` gets for a photo of `photo_pixels`: BudgetForPixels,
// with the time multiplied by kTrichoscopyTimeFactor for trichoscopy.
AnalysisBudget BudgetFor(AnalysisKind kind, std::int64_t photo_pixels);

// Estimated peak resident memory (bytes) of one analysis, decode included: `input_pixels`
// is the size of the image handed to it (as decoded), `working_pixels` the size its heavy
// work runs at. Factors measured with /usr/bin/time -v (analysis_budget.cc).
std::int64_t EstimatePeakBytes(AnalysisKind kind, std::int64_t input_pixels,
                               std::int64_t working_pixels);

// What one analysis will do, settled before its heavy work.
struct AnalysisPlan {
  AnalysisKind kind = AnalysisKind::kScalpView;
  cv::Size photo_size;    // the photo's full (oriented) size
  cv::Size working_size;  // where the heavy work runs
  AnalysisBudget budget;
  std::int64_t estimated_bytes = 0;
};

// Checks that `kind` run on an input of `input_pixels` with its heavy work at `working`
// fits the budget of a photo of `photo` pixels. Errors: kTooLarge on "image" naming the
// photo's megapixels, the estimate and the budget, e.g. "a 81.0-MP photo needs about
// 6480 MB for trichoscopy; the budget allows 3000 MB (photos up to 36.0 MP)"; kInvalidArgument
// on "image" for an empty size.
Result<AnalysisPlan> FitBudget(AnalysisKind kind, cv::Size photo, std::int64_t input_pixels,
                               cv::Size working);

// A monotonic clock, in seconds from an arbitrary origin. Injected so that tests control time.
class AnalysisClock {
 public:
  virtual ~AnalysisClock() = default;
  virtual double NowSeconds() const = 0;
};

// std::chrono::steady_clock. Thread-safe.
const AnalysisClock& SteadyAnalysisClock();

// A clock for tests: stands at `now_seconds` and, once it has been read `jump_after_reads`
// times (a negative value: never), jumps forward by `jump_seconds` on that read. Not
// thread-safe.
class FakeAnalysisClock : public AnalysisClock {
 public:
  explicit FakeAnalysisClock(int jump_after_reads = -1, double jump_seconds = 1e6)
      : jump_after_reads_(jump_after_reads), jump_seconds_(jump_seconds) {}
  double NowSeconds() const override;
  int reads() const { return reads_; }

 private:
  int jump_after_reads_;
  double jump_seconds_;
  mutable int reads_ = 0;
  mutable double now_seconds_ = 0;
};

// The time half of a budget for one analysis of `kind`: started on construction, passed
// `budget.seconds` later on `clock` (which must outlive it). Once expired it stays expired.
class Deadline {
 public:
  Deadline(AnalysisKind kind, const AnalysisBudget& budget,
           const AnalysisClock& clock = SteadyAnalysisClock());

  // True once the budget's seconds have passed (one clock read, about 25 ns).
  bool Expired() const;
  // Expired() as a Result: the budget error when expired.
  Result<void> Check() const;
  // The budget error, whether or not expired: kTooLarge on "image", e.g. "trichoscopy
  // stopped after 10.0 s, the time budget for a 12.0-MP photo".
  Error Exceeded() const;
  const AnalysisBudget& budget() const { return budget_; }

 private:
  AnalysisKind kind_;
  AnalysisBudget budget_;
  const AnalysisClock* clock_;
  double start_seconds_;
  mutable bool expired_ = false;
};

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_ANALYSIS_BUDGET_H_
