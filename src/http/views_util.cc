#include "http/views_util.h"

#include <fmt/format.h>

#include <cmath>
#include <utility>

namespace tricholog::http::views_detail {

std::string ZoneLabel(const std::string& zone) {
  if (zone == "frontal") return "Frontal (hairline)";
  if (zone == "mid_scalp") return "Mid-scalp";
  if (zone == "vertex") return "Vertex (crown)";
  if (zone == "occipital") return "Occipital (back)";
  if (zone == "left_temporoparietal") return "Left temple and side";
  if (zone == "right_temporoparietal") return "Right temple and side";
  return zone;
}

std::string OneDecimal(double value) {
  std::string text = fmt::format("{:.1f}", value);
  if (text == "-0.0") text = "0.0";
  return text;
}

std::string QualityInWords(const store::PhotoAnalysis& analysis) {
  if (analysis.status == "pending") {
    return "Being analysed: reload this page in a moment.";
  }
  if (analysis.status == "failed") {
    return analysis.error.empty() ? "This photo could not be analysed. Retake it." : analysis.error;
  }
  const auto result = nlohmann::json::parse(analysis.result_json, nullptr, false);
  if (result.is_discarded() || !result.contains("quality")) {
    return "No quality check is recorded for this photo.";
  }
  const auto& quality = result["quality"];
  const std::string status = quality.value("status", "");
  std::string issues;
  if (quality.contains("issues") && quality["issues"].is_array()) {
    for (const auto& issue : quality["issues"]) {
      const std::string message = issue.value("message", "");
      if (message.empty()) continue;
      if (!issues.empty()) issues += "; ";
      issues += message;
    }
  }
  if (status == "pass") return "Photo quality: good enough to measure.";
  if (status == "warn") {
    return "Photo quality: usable, but check this: " + issues + ".";
  }
  if (status == "fail") {
    return "Photo quality: not good enough to measure. Retake this view: " + issues + ".";
  }
  return "No quality check is recorded for this photo.";
}

nlohmann::json SessionJson(const store::TrackingSession& session, const AnalysesBySha& analyses) {
  const std::string patient_base = "/api/v1/patients/" + session.patient_id;
  nlohmann::json out = {
      {"id", session.id},
      {"patient_id", session.patient_id},
      {"course_id", session.course_id},
      {"date", session.session_date.ToString()},
      {"page_url", "/patients/" + session.patient_id + "/sessions/" + session.id}};
  out["week"] = session.week ? nlohmann::json(*session.week) : nlohmann::json(nullptr);
  out["itch_nrs"] = session.itch_nrs ? nlohmann::json(*session.itch_nrs) : nlohmann::json(nullptr);
  out["poem"] = session.poem ? nlohmann::json(*session.poem) : nlohmann::json(nullptr);
  out["dlqi"] = session.dlqi ? nlohmann::json(*session.dlqi) : nlohmann::json(nullptr);
  out["patient_reported_hair_change"] = session.patient_reported_hair_change
                                            ? nlohmann::json(*session.patient_reported_hair_change)
                                            : nlohmann::json(nullptr);

  // SALT = 0.40 top + 0.24 back + 0.18 left + 0.18 right (Olsen 2004, JAAD 51:440).
  const std::map<std::string, double> weights = {{"top", kSaltTopWeight},
                                                 {"back", kSaltBackWeight},
                                                 {"left", kSaltLeftWeight},
                                                 {"right", kSaltRightWeight}};
  nlohmann::json regions = nlohmann::json::array();
  for (const char* name : {"top", "back", "left", "right"}) {
    for (const auto& r : session.salt_regions) {
      if (r.region != name) continue;
      const double weight = weights.at(r.region);
      regions.push_back({{"region", r.region},
                         {"label", ViewLabel(r.region)},
                         {"weight", weight},
                         {"loss_pct", r.loss_pct},
                         {"contribution", weight * r.loss_pct}});
      break;
    }
  }
  nlohmann::json salt = {{"regions", regions}};
  if (auto score = SessionSalt(session)) {
    salt["complete"] = true;
    salt["total"] = score->salt;
    salt["aa_iga"] = static_cast<int>(score->aa_iga);
    salt["aa_iga_label"] = std::string(AaIgaLabel(score->aa_iga));
    salt["olsen_s_class"] = OlsenSClassName(score->olsen_s_class);
    salt["salt_le_20"] = score->salt_le_20;
  } else {
    salt["complete"] = false;
    salt["total"] = nullptr;
  }
  out["salt"] = std::move(salt);

  nlohmann::json photos = nlohmann::json::array();
  for (const auto& p : session.photos) {
    const std::string photo_url = patient_base + "/photos/" + p.sha256;
    nlohmann::json photo = {{"view", p.view},
                            {"label", ViewLabel(p.view)},
                            {"sha256", p.sha256},
                            {"width_px", p.width_px},
                            {"height_px", p.height_px},
                            {"photo_url", photo_url},
                            {"thumbnail_url", photo_url + "?w=800"}};
    auto found = analyses.find(p.sha256);
    if (found != analyses.end()) {
      photo["analysis"] = PhotoAnalysisJson(found->second);
      photo["quality_words"] = QualityInWords(found->second);
    } else {
      photo["analysis"] = nullptr;
      photo["quality_words"] = "This photo has not been analysed.";
    }
    photos.push_back(std::move(photo));
  }
  out["photos"] = std::move(photos);
  return out;
}

}  // namespace tricholog::http::views_detail
