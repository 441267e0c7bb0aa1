// The trichoscopy part of `tricholog bench imaging`, and the evaluation helpers it is made of:
// patient ids from the real 70x file names, folds grouped by patient, the Pascal-VOC boxes,
// one-to-one matching of traced hairs to boxes (detection F1), the annotators' edge rule
// (hairs cut by the frame edge left out) and patient-wise cross-validation of the few scalars
// that are fitted on real fields. Nothing here is used by the product's analysis.
#ifndef TRICHOLOG_CLI_BENCH_TRICHOSCOPY_H_
#define TRICHOLOG_CLI_BENCH_TRICHOSCOPY_H_

#include <filesystem>
#include <functional>
#include <opencv2/core.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "imaging/trichoscopy.h"

namespace tricholog::cli::tricho_bench {

// The patient of a real 70x field from its file name: "220106_A207_2.jpg" (date, patient,
// field number) -> "A207". Empty when the name is not in that form.
std::string PatientIdOf(std::string_view file_name);

// The fold (0 .. folds-1) of each item, grouped by patient: all items of a patient share a
// fold. Patients are placed largest first (then by id) into the fold with the fewest items
// so far (the lowest such fold), so the folds are balanced and the assignment is
// deterministic. Items with an empty patient id are each their own patient.
std::vector<int> FoldsByPatient(const std::vector<std::string>& patient_ids, int folds);

// The boxes of a Pascal-VOC annotation (one per hair), with their corners put in order
// (some files give xmin > xmax). Malformed objects are skipped.
std::vector<cv::Rect> ParseVocBoxes(std::string_view xml);

// True when the box reaches within `margin_px` of the image's border (the hair is cut by the
// frame edge).
bool TouchesEdge(const cv::Rect& box, cv::Size image, int margin_px);

// A traced hair as a straight segment between its two ends.
struct Segment {
  cv::Point2d a{}, b{};
};

struct MatchCounts {
  int matched = 0;
  int detections = 0;
  int boxes = 0;
  MatchCounts& operator+=(const MatchCounts& other);
  double Precision() const;
  double Recall() const;
  double F1() const;
};

// One-to-one matching of detected hairs to boxes: a hair may match a box that holds at least
// half of 11 points evenly spaced along it (the box grown by `margin_px`); pairs are taken
// best share first (then nearest centres), each hair and each box at most once.
MatchCounts MatchHairsToBoxes(const std::vector<Segment>& hairs, const std::vector<cv::Rect>& boxes,
                              int margin_px);

// The annotators' edge rule applied to a result: the traced hairs with neither end within
// `band_um` of the analysed field's edge (result.field_rows), and the learned count less two
// times its marks within `band_um` of that edge (every hair cut by the edge leaves one
// half-hair mark there and one at its inner end). The learned figure is unset without a
// learned density.
struct EdgeRuleCounts {
  int traced = 0;
  std::optional<double> learned;
};
EdgeRuleCounts CountAwayFromEdge(const imaging::TrichoscopyResult& result, double band_um);

// A count made from the two estimates with fitted scalars: scale * (w * traced + (1 - w) *
// learned).
struct BlendFit {
  double traced_weight = 0.5;
  double scale = 1.0;
};
double BlendCount(const BlendFit& fit, double traced, double learned);

// The blend minimising the mean absolute percentage error against `truth` over the grid
// traced_weight in {0, 0.05, ..., 1} x scale in {0.70, 0.71, ..., 1.30}; with
// `fit_scale` false the scale stays 1.
BlendFit FitBlend(const std::vector<double>& traced, const std::vector<double>& learned,
                  const std::vector<double>& truth, bool fit_scale);

// Patient-wise cross-validation of FitBlend: each item's count predicted with the blend fitted
// on the other folds only. `fits` (optional) receives each fold's fit.
std::vector<double> CrossValidatedBlend(const std::vector<double>& traced,
                                        const std::vector<double>& learned,
                                        const std::vector<double>& truth,
                                        const std::vector<int>& folds, bool fit_scale,
                                        std::vector<BlendFit>* fits = nullptr);

// Mean absolute percentage error (truth 0 items skipped).
double Mape(const std::vector<double>& predicted, const std::vector<double>& truth);

// The table rows the bench prints: (part, metric, value, target).
using RowWriter = std::function<void(const std::string&, const std::string&, const std::string&,
                                     const std::string&)>;

// synthetic/trichoscopy (truth JSON): count, vellus and width errors on all fields and on the
// odd-numbered ones, which nothing was tuned on (the constants were chosen on the even ones).
void BenchSyntheticTrichoscopy(const std::filesystem::path& dir, int limit, const RowWriter& row);

// real/trichoscopy-70x (VOC boxes): the product's count, the blend cross-validated on unseen
// patients (5 folds by patient), the best constant cross-validated likewise, detection F1 of
// the traced hairs, and the count under the annotators' edge rule.
void BenchRealTrichoscopy(const std::filesystem::path& dir, int limit, const RowWriter& row);

}  // namespace tricholog::cli::tricho_bench

#endif  // TRICHOLOG_CLI_BENCH_TRICHOSCOPY_H_
