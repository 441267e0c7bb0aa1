// Shared by the views routes files (views_*.cc): loading a patient's sessions with their photo
// analyses, the session's SALT, and the words the pages use. Internal to src/http.
#ifndef TRICHOLOG_HTTP_VIEWS_UTIL_H_
#define TRICHOLOG_HTTP_VIEWS_UTIL_H_

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/patient_trends.h"
#include "app/photo_intake.h"
#include "core/error.h"
#include "core/salt_score.h"
#include "http/patient_routes.h"
#include "store/model.h"

namespace tricholog::http::views_detail {

// The five views in the order the pages show them.
inline const std::vector<std::string>& ViewOrder() {
  static const std::vector<std::string> views = {"top", "front", "back", "left", "right"};
  return views;
}

// "Top", "Front", "Back", "Left side", "Right side" (app/photo_intake.h).
using app::ViewLabel;

// "Frontal", "Mid-scalp", ... for a zone name of imaging::ScalpZoneName.
std::string ZoneLabel(const std::string& zone);

// app/patient_trends.h: analyses by photo sha256; SALT of a session with its four regions.
using app::AnalysesBySha;
using app::IndexAnalyses;
using app::SessionSalt;

// The session as the API and the page show it: id, date, week, salt {complete, total, aa_iga,
// aa_iga_label, olsen_s_class, salt_le_20, regions[{region, label, weight, loss_pct,
// contribution}]}, photos[{view, label, sha256, width_px, height_px, photo_url, thumbnail_url,
// analysis (PhotoAnalysisJson) or null, quality_words}], itch_nrs, poem, dlqi,
// patient_reported_hair_change ("none" | "less_hair" | "more_hair" | null).
nlohmann::json SessionJson(const store::TrackingSession& session, const AnalysesBySha& analyses);

// The quality verdict of an analysis row in words a patient can act on.
std::string QualityInWords(const store::PhotoAnalysis& analysis);

// The number with one digit after the point ("42.3").
std::string OneDecimal(double value);

}  // namespace tricholog::http::views_detail

#endif  // TRICHOLOG_HTTP_VIEWS_UTIL_H_
