#include "app/patient_trends.h"

#include <fmt/format.h>

#include <functional>
#include <set>

#include "app/patient_overview.h"
#include "app/protocol_catalog.h"
#include "core/easi_score.h"
#include "core/treatment.h"

namespace tricholog::app {
namespace {

// Without density counts (trichoscopy), the zones chart shows the photos' hair coverage by zone:
// the density chart's layout with a 0–100 % axis. No noise model for coverage exists yet, so no
// whiskers are drawn and the note says so.
Result<chart::ChartSpec> CoverageChart(const Trends& trends, const ResponseAssessment& assessment) {
  auto spec = chart::BuildZoneDensityChart(trends.input, assessment, trends.coverage);
  if (!spec) return spec;
  spec->title = "Hair coverage by zone";
  spec->y = {0, 100, "Hair coverage by zone from photos, % of the zone's scalp (higher is better)",
             "%", 0};
  for (auto& series : spec->series) {
    for (auto& point : series.points) {
      point.lower.reset();
      point.upper.reset();
    }
  }
  spec->uncertainty_note = "no whiskers: the repeatability of zone coverage is not measured yet";
  spec->summary =
      fmt::format("Hair coverage in {} scalp zone{}, from the session photos' analysis.",
                  spec->series.size(), spec->series.size() == 1 ? "" : "s");
  if (auto valid = chart::ValidateChart(*spec); !valid) return tl::unexpected(valid.error());
  return spec;
}

}  // namespace

AnalysesBySha IndexAnalyses(std::vector<store::PhotoAnalysis> analyses) {
  AnalysesBySha out;
  for (auto& a : analyses) {
    std::string key = a.photo_sha256;
    out.insert_or_assign(std::move(key), std::move(a));
  }
  return out;
}

std::optional<SaltScore> SessionSalt(const store::TrackingSession& session) {
  std::map<std::string, double> by_region;
  for (const auto& r : session.salt_regions) {
    if (!by_region.emplace(r.region, r.loss_pct).second) return std::nullopt;
  }
  if (by_region.size() != 4 || !by_region.contains("top") || !by_region.contains("back") ||
      !by_region.contains("left") || !by_region.contains("right")) {
    return std::nullopt;
  }
  tricholog::SaltRegionLoss loss;
  loss.top_percent = by_region["top"];
  loss.back_percent = by_region["back"];
  loss.left_percent = by_region["left"];
  loss.right_percent = by_region["right"];
  auto salt = ComputeSalt(loss);
  if (!salt) return std::nullopt;
  return *salt;
}

std::shared_ptr<const AnalysisFigures> FiguresCache::Get(const store::PhotoAnalysis& row) {
  const std::string key =
      row.photo_sha256 + ":" + std::to_string(std::hash<std::string>{}(row.result_json));
  {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(key);
    if (found != entries_.end()) return found->second;
  }
  auto figures = std::make_shared<AnalysisFigures>();
  const auto result = nlohmann::json::parse(row.result_json, nullptr, false);
  if (!result.is_discarded() && result.is_object()) {
    if (result.contains("quality") && result["quality"].is_object() &&
        result["quality"].value("status", "") == "fail") {
      figures->quality_failed = true;
    }
    if (result.contains("zones") && result["zones"].is_array()) {
      for (const auto& zone : result["zones"]) {
        if (!zone.is_object()) continue;
        const std::string name = zone.value("zone", "");
        const double value = zone.value("hair_coverage_percent", -1.0);
        if (!name.empty() && value >= 0 && value <= 100) {
          figures->zone_coverage.emplace_back(name, value);
        }
      }
    }
  }
  std::lock_guard lock(mutex_);
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_.emplace(key, figures);
  return figures;
}

Trends BuildTrends(const store::PatientRecord& record, const AnalysesBySha& analyses,
                   const std::vector<Protocol>& protocols, Date today, FiguresCache& cache) {
  const store::Patient* patient = &record.patient;
  Trends out;
  // The course the charts are drawn against: the one started last.
  const store::Course* course = nullptr;
  for (const auto& c : record.courses) {
    if (course == nullptr || c.start_date >= course->start_date) course = &c;
  }
  out.input.today = today;
  nlohmann::json course_json = nullptr;
  if (course != nullptr) {
    out.input.course.start_date = course->start_date;
    if (auto parsed = ParseTreatmentClass(course->treatment_class)) {
      out.input.course.treatment = *parsed;
    }
    // The course's protocol sets its phases and decision weeks (data/protocols); without one
    // the assessment uses the treatment class's defaults.
    if (auto protocol = FindProtocol(protocols, course->protocol_id)) {
      for (const auto& phase : protocol->phases) out.input.course.phases.push_back(phase.span);
      for (const auto& week : protocol->decision_weeks) {
        out.input.course.decision_weeks.push_back(week.week);
      }
    }
    course_json = {{"id", course->id},
                   {"medication", course->medication},
                   {"protocol_id", course->protocol_id},
                   {"start_date", course->start_date.ToString()}};
  } else {
    out.input.course.start_date =
        record.sessions.empty() ? today : record.sessions.front().session_date;
  }

  nlohmann::json sessions = nlohmann::json::array();
  nlohmann::json salt_series = nlohmann::json::array();
  nlohmann::json easi_series = nlohmann::json::array();
  nlohmann::json itch_series = nlohmann::json::array();
  nlohmann::json zone_series = nlohmann::json::array();
  nlohmann::json coverage_series = nlohmann::json::array();
  for (const auto& s : record.sessions) {
    if (s.session_date > today) continue;
    AssessmentSession a;
    a.date = s.session_date;
    bool quality_ok = true;
    // Each photo's figures, in the order top, back, left, right, front.
    std::vector<std::shared_ptr<const AnalysisFigures>> figures;
    for (const char* view : {"top", "back", "left", "right", "front"}) {
      for (const auto& p : s.photos) {
        if (p.view != view) continue;
        auto found = analyses.find(p.sha256);
        if (found == analyses.end() || found->second.status != "done") continue;
        figures.push_back(cache.Get(found->second));
        if (figures.back()->quality_failed) quality_ok = false;
      }
    }
    a.capture_quality_ok = quality_ok;
    std::set<std::string> zones_seen;
    for (const auto& f : figures) {
      for (const auto& [name, value] : f->zone_coverage) {
        if (!zones_seen.insert(name).second) continue;
        out.coverage.push_back({s.session_date, name, value, quality_ok});
        coverage_series.push_back({{"date", s.session_date.ToString()},
                                   {"session_id", s.id},
                                   {"zone", name},
                                   {"hair_coverage_percent", value}});
      }
    }
    const auto salt = SessionSalt(s);
    const auto score = SessionEasi(s, AgeYears(record.patient, s.session_date));
    const std::optional<double> easi = score ? std::optional<double>(score->total) : std::nullopt;
    if (salt) {
      a.values.Set(Measure::kSalt, salt->salt);
      // The four regions and how each was settled, for the view check (docs/assessment.md,
      // "Confirmed change"): a session whose view moved alone is drawn as awaiting confirmation.
      RegionLossPercent regions;
      for (const auto& r : s.salt_regions) {
        auto view = ParseSaltView(r.region);
        if (!view) continue;
        (*view == SaltView::kTop    ? regions.top
         : *view == SaltView::kBack ? regions.back
         : *view == SaltView::kLeft ? regions.left
                                    : regions.right) = r.loss_pct;
        if (auto c = ParseRegionConfirmation(r.confirmation)) {
          a.region_confirmation[SaltViewIndex(*view)] = *c;
        }
      }
      a.region_loss = regions;
    }
    if (s.patient_reported_hair_change) {
      if (auto change = ParsePatientReportedHairChange(*s.patient_reported_hair_change)) {
        a.patient_reported_hair_change = *change;
      }
    }
    if (easi) a.values.Set(Measure::kEasi, *easi);
    if (s.itch_nrs) a.values.Set(Measure::kItchNrs, *s.itch_nrs);
    if (s.poem) a.values.Set(Measure::kPoem, *s.poem);
    if (s.dlqi) a.values.Set(Measure::kDlqi, *s.dlqi);
    if (s.vellus_fraction) a.values.Set(Measure::kVellusPercent, 100 * *s.vellus_fraction);
    if (!s.zone_densities.empty()) {
      double sum = 0;
      for (const auto& z : s.zone_densities) {
        sum += z.hairs_per_cm2;
        out.zones.push_back({s.session_date, z.zone, z.hairs_per_cm2, quality_ok});
        zone_series.push_back({{"date", s.session_date.ToString()},
                               {"session_id", s.id},
                               {"zone", z.zone},
                               {"hairs_per_cm2", z.hairs_per_cm2}});
      }
      a.values.Set(Measure::kDensityPerCm2, sum / static_cast<double>(s.zone_densities.size()));
    }
    out.input.sessions.push_back(a);

    const std::string date = s.session_date.ToString();
    auto opt = [](std::optional<double> v) {
      return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
    };
    if (salt) {
      salt_series.push_back({{"date", date}, {"session_id", s.id}, {"value", salt->salt}});
    }
    if (easi) easi_series.push_back({{"date", date}, {"session_id", s.id}, {"value", *easi}});
    if (s.itch_nrs) {
      itch_series.push_back({{"date", date}, {"session_id", s.id}, {"value", *s.itch_nrs}});
    }
    sessions.push_back(
        {{"id", s.id},
         {"date", date},
         {"week", s.week ? nlohmann::json(*s.week) : nlohmann::json(nullptr)},
         {"page_url", "/patients/" + patient->id + "/sessions/" + s.id},
         {"salt", salt ? nlohmann::json(salt->salt) : nlohmann::json(nullptr)},
         {"easi", opt(easi)},
         {"itch_nrs", s.itch_nrs ? nlohmann::json(*s.itch_nrs) : nlohmann::json(nullptr)},
         {"capture_quality_ok", quality_ok}});
  }
  out.json = {{"patient_id", patient->id},
              {"course", course_json},
              {"today", today.ToString()},
              {"sessions", sessions},
              {"series",
               {{"salt", salt_series},
                {"easi", easi_series},
                {"itch_nrs", itch_series},
                {"zone_density", zone_series},
                {"zone_coverage", coverage_series}}}};
  return out;
}

std::vector<TrendChart> BuildTrendCharts(const Trends& trends) {
  std::vector<TrendChart> out;
  auto assessment = AssessResponse(trends.input);
  if (!assessment) {
    for (const char* key : {"salt", "zones", "easi", "itch"}) {
      out.push_back({key, key, tl::unexpected(assessment.error())});
    }
    return out;
  }
  // SALT of a session with a view to confirm is left out of the assessment and drawn hollow.
  chart::ChartExtras salt_extras;
  for (const SessionViewCheck& check : assessment->view_checks) {
    if (check.HasToConfirm()) salt_extras.awaiting_confirmation.push_back(check.date);
  }
  out.push_back(
      {"salt", "SALT over time", chart::BuildSaltChart(trends.input, *assessment, salt_extras)});
  if (!trends.zones.empty() || trends.coverage.empty()) {
    out.push_back({"zones", "Hair density by zone",
                   chart::BuildZoneDensityChart(trends.input, *assessment, trends.zones)});
  } else {
    out.push_back({"zones", "Hair coverage by zone", CoverageChart(trends, *assessment)});
  }
  out.push_back({"easi", "EASI over time", chart::BuildEasiChart(trends.input, *assessment)});
  out.push_back({"itch", "Itch over time", chart::BuildItchChart(trends.input, *assessment)});
  return out;
}

bool HasPoints(const chart::ChartSpec& spec) {
  for (const auto& series : spec.series) {
    if (!series.points.empty()) return true;
  }
  return false;
}

}  // namespace tricholog::app
