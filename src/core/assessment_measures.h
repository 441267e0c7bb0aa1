// The measures response assessment follows, their valid ranges, which way is better, and the
// default noise model for each (documented with sources in docs/assessment.md).
#ifndef TRICHOLOG_CORE_ASSESSMENT_MEASURES_H_
#define TRICHOLOG_CORE_ASSESSMENT_MEASURES_H_

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "core/change_statistics.h"
#include "core/error.h"

namespace tricholog {

// Plain values; the scores themselves are computed elsewhere (salt_score.h, easi_score.h,
// patient_reported.h) and passed in as numbers.
enum class Measure {
  kSalt,           // SALT 0–100, percent scalp without terminal hair (Olsen 2004)
  kEasi,           // EASI 0–72 (Hanifin 2001)
  kItchNrs,        // peak pruritus NRS 0–10 (Yosipovitch 2019)
  kPoem,           // POEM 0–28 (Charman 2004/2013)
  kDlqi,           // DLQI 0–30 (Finlay & Khan 1994; bands Hongbo 2005)
  kVellusPercent,  // share of counted hairs that are vellus, 0–100 %
  kDensityPerCm2,  // hair density from photos, hairs/cm², 0–1000
};
inline constexpr size_t kMeasureCount = 7;
inline constexpr std::array<Measure, kMeasureCount> kAllMeasures{
    Measure::kSalt, Measure::kEasi,          Measure::kItchNrs,      Measure::kPoem,
    Measure::kDlqi, Measure::kVellusPercent, Measure::kDensityPerCm2};

// Which way is better for a measure.
enum class BetterDirection {
  kLower,   // SALT, EASI, itch, POEM, DLQI
  kHigher,  // density
  kNone,    // vellus share: rises with early regrowth, falls as hairs terminalise
};

struct MeasureInfo {
  Measure measure;
  std::string_view name;  // stable JSON key: "salt", "easi", "itch_nrs", ...
  double min_value;
  double max_value;
  BetterDirection better;
  // True when the value comes from photos, so a session whose capture failed the quality
  // gate does not count (clinical.md §5.4.1).
  bool photo_based;
};

const MeasureInfo& InfoFor(Measure measure);
std::string_view MeasureName(Measure measure);
Result<Measure> ParseMeasure(std::string_view name);
inline size_t MeasureIndex(Measure measure) { return static_cast<size_t>(measure); }

// One optional value per measure.
struct MeasureValues {
  std::array<std::optional<double>, kMeasureCount> values{};
  std::optional<double> Get(Measure m) const { return values[MeasureIndex(m)]; }
  void Set(Measure m, std::optional<double> v) { values[MeasureIndex(m)] = v; }
};

// The four SALT views (Olsen 2004): each carries its own loss percent.
enum class SaltView { kTop, kBack, kLeft, kRight };
inline constexpr size_t kSaltViewCount = 4;
inline constexpr std::array<SaltView, kSaltViewCount> kAllSaltViews{
    SaltView::kTop, SaltView::kBack, SaltView::kLeft, SaltView::kRight};
inline size_t SaltViewIndex(SaltView view) { return static_cast<size_t>(view); }
// "top", "back", "left", "right".
std::string_view SaltViewName(SaltView view);
Result<SaltView> ParseSaltView(std::string_view name, std::string_view field = "view");

// One noise model per measure, and one per SALT view's loss percent (used to tell a jump on
// one photo from a change of the scalp; docs/assessment.md, "Confirmed change").
struct NoiseModels {
  std::array<NoiseModel, kMeasureCount> measures{};
  std::array<NoiseModel, kSaltViewCount> views{};

  NoiseModel& operator[](size_t measure_index) { return measures[measure_index]; }
  const NoiseModel& operator[](size_t measure_index) const { return measures[measure_index]; }
  NoiseModel& View(SaltView view) { return views[SaltViewIndex(view)]; }
  const NoiseModel& View(SaltView view) const { return views[SaltViewIndex(view)]; }
};

// The photo noise measured from repeat captures: SALT's and each view's loss percent MDC95.
// One table in assessment_measures.cc (kPhotoNoiseTable); docs/scalp-analysis.md publishes
// how the numbers were measured.
struct PhotoNoiseRow {
  std::string_view key;  // "salt", "top", "back", "left", "right"
  double mdc95 = 0;      // points
  NoiseSource source = NoiseSource::kConfigured;
  std::string_view basis;
};
std::span<const PhotoNoiseRow> PhotoNoiseTable();

// The defaults (see docs/assessment.md for each number's basis). SALT's and the views' come
// from PhotoNoiseTable(); this patient's own repeat captures can replace them.
NoiseModels DefaultNoiseModels();

}  // namespace tricholog

#endif  // TRICHOLOG_CORE_ASSESSMENT_MEASURES_H_
