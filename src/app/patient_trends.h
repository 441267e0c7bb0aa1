// A patient's trends: the stored sessions (and their photos' analyses) as the response
// assessment's input, and the charts drawn from it (SALT, density or coverage by zone, EASI,
// itch). One place, so the trends page, its JSON and the physician report show the same charts
// from the same numbers. Pure: the record and analyses come in; no store, no image work.
#ifndef TRICHOLOG_APP_PATIENT_TRENDS_H_
#define TRICHOLOG_APP_PATIENT_TRENDS_H_

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "chart/chart_builders.h"
#include "chart/chart_model.h"
#include "core/date.h"
#include "core/error.h"
#include "core/protocol.h"
#include "core/response_assessment.h"
#include "core/salt_score.h"
#include "store/model.h"

namespace tricholog::app {

// The photo analyses of a patient by photo sha256.
using AnalysesBySha = std::map<std::string, store::PhotoAnalysis>;
AnalysesBySha IndexAnalyses(std::vector<store::PhotoAnalysis> analyses);

// SALT of a session when its four regions are recorded (each at most once); empty otherwise.
std::optional<SaltScore> SessionSalt(const store::TrackingSession& session);

// What the trends need of an analysis row's result_json: whether the photo failed the quality
// gate, and its zones' hair coverage.
struct AnalysisFigures {
  bool quality_failed = false;
  std::vector<std::pair<std::string, double>> zone_coverage;
};

// Parses each analysis row's figures once per row version (the JSON parse was the largest part
// of a trends request's CPU time). Thread-safe.
class FiguresCache {
 public:
  std::shared_ptr<const AnalysisFigures> Get(const store::PhotoAnalysis& row);

 private:
  static constexpr std::size_t kMaxEntries = 50000;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const AnalysisFigures>> entries_;
};

struct Trends {
  AssessmentInput input;
  std::vector<chart::ZoneDensityObservation> zones;
  // Hair coverage by zone from the photos' analyses (% of the zone's scalp), each zone once
  // per session (from the first of top, back, left, right that shows it).
  std::vector<chart::ZoneDensityObservation> coverage;
  nlohmann::json json;  // the trends API's body (docs/openapi.yaml, /trends)
};

// The record's sessions up to `today` as an assessment input against the course started last
// (its protocol's phases and decision weeks when in `protocols`), and as the API's JSON.
Trends BuildTrends(const store::PatientRecord& record, const AnalysesBySha& analyses,
                   const std::vector<Protocol>& protocols, Date today, FiguresCache& cache);

struct TrendChart {
  std::string key;    // "salt", "zones", "easi", "itch"
  std::string title;  // shown when there is nothing to draw
  Result<chart::ChartSpec> spec;
};

// The four trend charts, in page order. Without density counts the zones chart shows the
// photos' hair coverage by zone.
std::vector<TrendChart> BuildTrendCharts(const Trends& trends);

// Whether any series of `spec` has a point.
bool HasPoints(const chart::ChartSpec& spec);

}  // namespace tricholog::app

#endif  // TRICHOLOG_APP_PATIENT_TRENDS_H_
