#include "chart/chart_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <string>

#include "core/assessment_json.h"
#include "core/strict_json.h"

namespace tricholog::chart {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxZoneNameBytes = 60;

Result<void> RejectUnknownKeys(const json& object, const std::string& field,
                               std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == key;
    if (known) continue;
    std::string names;
    for (std::string_view a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
    return InvalidArgument(field.empty() ? key : field + "." + key,
                           "is not a known field; allowed: " + names);
  }
  return {};
}

Result<void> RequireArray(const json& value, const std::string& field, std::size_t max_size) {
  if (!value.is_array()) return InvalidArgument(field, "must be a JSON array");
  if (value.size() > max_size) {
    return InvalidArgument(
        field, fmt::format("has {} entries; allowed at most {}", value.size(), max_size));
  }
  return {};
}

Result<std::string> ReadLabel(const json& value, const std::string& field, std::size_t max_bytes) {
  if (!value.is_string()) return InvalidArgument(field, "must be a string");
  const std::string& text = value.get_ref<const std::string&>();
  if (text.size() > max_bytes) {
    return InvalidArgument(
        field, fmt::format("is {} bytes long; allowed at most {}", text.size(), max_bytes));
  }
  return text;
}

Result<Date> ReadDate(const json& value, const std::string& field) {
  if (!value.is_string()) return InvalidArgument(field, "must be a date string YYYY-MM-DD");
  return Date::Parse(value.get_ref<const std::string&>(), field);
}

Result<TreatmentEvent> ReadEvent(const json& value, const std::string& at) {
  if (!value.is_object()) return InvalidArgument(at, "must be a JSON object");
  if (auto ok = RejectUnknownKeys(value, at, {"date", "kind", "label"}); !ok) {
    return tl::unexpected(ok.error());
  }
  if (!value.contains("date")) return MissingField(at + ".date");
  if (!value.contains("kind")) return MissingField(at + ".kind");
  TreatmentEvent event;
  auto date = ReadDate(value["date"], at + ".date");
  if (!date) return tl::unexpected(date.error());
  event.date = *date;
  auto kind_text = ReadLabel(value["kind"], at + ".kind", 32);
  if (!kind_text) return tl::unexpected(kind_text.error());
  auto kind = ParseEventKind(*kind_text, at + ".kind");
  if (!kind) return tl::unexpected(kind.error());
  event.kind = *kind;
  if (value.contains("label")) {
    auto label = ReadLabel(value["label"], at + ".label", kMaxLabelBytes);
    if (!label) return tl::unexpected(label.error());
    event.label = *label;
  }
  return event;
}

Result<ZoneDensityObservation> ReadZone(const json& value, const std::string& at) {
  if (!value.is_object()) return InvalidArgument(at, "must be a JSON object");
  if (auto ok =
          RejectUnknownKeys(value, at, {"date", "zone", "hairs_per_cm2", "capture_quality_ok"});
      !ok) {
    return tl::unexpected(ok.error());
  }
  for (const char* key : {"date", "zone", "hairs_per_cm2"}) {
    if (!value.contains(key)) return MissingField(at + "." + key);
  }
  ZoneDensityObservation zone;
  auto date = ReadDate(value["date"], at + ".date");
  if (!date) return tl::unexpected(date.error());
  zone.date = *date;
  auto name = ReadLabel(value["zone"], at + ".zone", kMaxZoneNameBytes);
  if (!name) return tl::unexpected(name.error());
  if (name->empty()) return InvalidArgument(at + ".zone", "must not be empty");
  zone.zone = *name;
  auto density = JsonNumber(value["hairs_per_cm2"], at + ".hairs_per_cm2", 0, 1000);
  if (!density) return tl::unexpected(density.error());
  zone.hairs_per_cm2 = *density;
  if (value.contains("capture_quality_ok")) {
    if (!value["capture_quality_ok"].is_boolean()) {
      return InvalidArgument(at + ".capture_quality_ok", "must be true or false");
    }
    zone.capture_quality_ok = value["capture_quality_ok"].get<bool>();
  }
  return zone;
}

Result<void> ReadExtras(const json& document, ChartDocument* out) {
  if (document.contains("events")) {
    const json& events = document["events"];
    if (auto ok = RequireArray(events, "events", kMaxEvents); !ok) return ok;
    for (std::size_t i = 0; i < events.size(); ++i) {
      auto event = ReadEvent(events[i], fmt::format("events[{}]", i));
      if (!event) return tl::unexpected(event.error());
      out->extras.events.push_back(std::move(*event));
    }
  }
  if (document.contains("awaiting_confirmation")) {
    const json& dates = document["awaiting_confirmation"];
    if (auto ok = RequireArray(dates, "awaiting_confirmation", kMaxPointsPerSeries); !ok) return ok;
    for (std::size_t i = 0; i < dates.size(); ++i) {
      auto date = ReadDate(dates[i], fmt::format("awaiting_confirmation[{}]", i));
      if (!date) return tl::unexpected(date.error());
      out->extras.awaiting_confirmation.push_back(*date);
    }
  }
  if (document.contains("zone_densities")) {
    const json& zones = document["zone_densities"];
    if (auto ok = RequireArray(zones, "zone_densities", kMaxZoneObservations); !ok) return ok;
    for (std::size_t i = 0; i < zones.size(); ++i) {
      auto zone = ReadZone(zones[i], fmt::format("zone_densities[{}]", i));
      if (!zone) return tl::unexpected(zone.error());
      out->zones.push_back(std::move(*zone));
    }
  }
  return {};
}

}  // namespace

Result<ChartDocument> ChartDocumentFromJson(const json& document,
                                            std::optional<Date> today_override) {
  if (!document.is_object()) return InvalidArgument("input", "must be a JSON object");
  if (auto ok = RejectUnknownKeys(document, "",
                                  {"course", "sessions", "today", "overdue_since", "noise",
                                   "events", "awaiting_confirmation", "zone_densities"});
      !ok) {
    return tl::unexpected(ok.error());
  }
  json assessment_part = document;
  for (const char* key : {"events", "awaiting_confirmation", "zone_densities"}) {
    assessment_part.erase(key);
  }
  ChartDocument out;
  auto input = AssessmentInputFromJson(assessment_part, today_override);
  if (!input) return tl::unexpected(input.error());
  out.input = std::move(*input);
  if (auto ok = ReadExtras(document, &out); !ok) return tl::unexpected(ok.error());
  return out;
}

Result<ChartKind> ParseChartKind(std::string_view name) {
  if (name == "salt") return ChartKind::kSalt;
  if (name == "easi") return ChartKind::kEasi;
  if (name == "itch") return ChartKind::kItch;
  if (name == "zones") return ChartKind::kZones;
  return InvalidArgument("chart",
                         Quote(name) + " is not a chart; allowed: salt, easi, itch, zones");
}

Result<ChartSpec> BuildChart(ChartKind kind, const ChartDocument& document) {
  // Sessions awaiting confirmation are drawn but not counted: the assessment (and the summary
  // sentence made from it) is made without them.
  AssessmentInput counted = document.input;
  const auto& awaiting = document.extras.awaiting_confirmation;
  std::erase_if(counted.sessions, [&](const AssessmentSession& s) {
    return std::find(awaiting.begin(), awaiting.end(), s.date) != awaiting.end();
  });
  auto assessment = AssessResponse(counted);
  if (!assessment) return tl::unexpected(assessment.error());
  switch (kind) {
    case ChartKind::kSalt:
      return BuildSaltChart(document.input, *assessment, document.extras);
    case ChartKind::kEasi:
      return BuildEasiChart(document.input, *assessment, document.extras);
    case ChartKind::kItch:
      return BuildItchChart(document.input, *assessment, document.extras);
    case ChartKind::kZones:
      return BuildZoneDensityChart(document.input, *assessment, document.zones, document.extras);
  }
  return InvalidArgument("chart", "unknown chart");
}

}  // namespace tricholog::chart
