#include "core/assessment_json.h"

#include <fmt/format.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "core/change_statistics.h"
#include "core/strict_json.h"

namespace tricholog {

namespace {

using nlohmann::json;

std::string Join(std::string_view parent, std::string_view key) {
  return parent.empty() ? std::string(key) : fmt::format("{}.{}", parent, key);
}

std::string JoinIndex(std::string_view parent, size_t i) {
  return fmt::format("{}[{}]", parent, i);
}

Result<void> RequireObject(const json& value, const std::string& field) {
  if (!value.is_object()) return InvalidArgument(field, "must be a JSON object");
  return {};
}

// Fails on a key not in `allowed`, listing the allowed keys.
Result<void> RejectUnknownKeys(const json& object, const std::string& field,
                               std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == key;
    if (known) continue;
    std::string names;
    for (std::string_view a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
    return InvalidArgument(Join(field, key), "is not a known field; allowed: " + names);
  }
  return {};
}

Result<double> ReadNumber(const json& value, const std::string& field) {
  if (!value.is_number()) return InvalidArgument(field, "must be a number");
  return value.get<double>();
}

Result<int> ReadInt(const json& value, const std::string& field) {
  if (!value.is_number_integer()) return InvalidArgument(field, "must be a whole number");
  // Read at full width: an unsigned 2^64-1 must not wrap to -1 and pass.
  auto wide = JsonInteger(value, field, -1'000'000, 1'000'000);
  if (!wide) return tl::unexpected(wide.error());
  return static_cast<int>(*wide);
}

Result<std::string> ReadString(const json& value, const std::string& field) {
  if (!value.is_string()) return InvalidArgument(field, "must be a string");
  return value.get<std::string>();
}

Result<Date> ReadDate(const json& value, const std::string& field) {
  auto text = ReadString(value, field);
  if (!text) return tl::unexpected(text.error());
  return Date::Parse(*text, field);
}

Result<bool> ReadBool(const json& value, const std::string& field) {
  if (!value.is_boolean()) return InvalidArgument(field, "must be true or false");
  return value.get<bool>();
}

Result<const json*> ReadArray(const json& value, const std::string& field) {
  if (!value.is_array()) return InvalidArgument(field, "must be a JSON array");
  return &value;
}

// Reads the measure keys of `object` ("salt", "easi", ...) into `out`.
Result<void> ReadMeasures(const json& object, const std::string& field, MeasureValues& out) {
  for (Measure m : kAllMeasures) {
    const std::string key(MeasureName(m));
    if (!object.contains(key) || object[key].is_null()) continue;
    auto v = ReadNumber(object[key], Join(field, key));
    if (!v) return tl::unexpected(v.error());
    out.Set(m, *v);
  }
  return {};
}

Result<std::vector<PhaseSpan>> ReadPhases(const json& value, const std::string& field) {
  auto array = ReadArray(value, field);
  if (!array) return tl::unexpected(array.error());
  std::vector<PhaseSpan> spans;
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string at = JoinIndex(field, i);
    const json& item = value[i];
    if (auto ok = RequireObject(item, at); !ok) return tl::unexpected(ok.error());
    if (auto ok = RejectUnknownKeys(item, at, {"phase", "start_week", "end_week"}); !ok) {
      return tl::unexpected(ok.error());
    }
    if (!item.contains("phase")) return MissingField(Join(at, "phase"));
    if (!item.contains("start_week")) return MissingField(Join(at, "start_week"));
    PhaseSpan span;
    auto name = ReadString(item["phase"], Join(at, "phase"));
    if (!name) return tl::unexpected(name.error());
    auto phase = ParseTimelinePhase(*name);
    if (!phase) return InvalidArgument(Join(at, "phase"), phase.error().message);
    span.phase = *phase;
    auto start = ReadInt(item["start_week"], Join(at, "start_week"));
    if (!start) return tl::unexpected(start.error());
    span.start_week = *start;
    if (item.contains("end_week") && !item["end_week"].is_null()) {
      auto end = ReadInt(item["end_week"], Join(at, "end_week"));
      if (!end) return tl::unexpected(end.error());
      span.end_week = *end;
    }
    spans.push_back(span);
  }
  return spans;
}

Result<CourseSpec> ReadCourse(const json& value) {
  const std::string field = "course";
  if (auto ok = RequireObject(value, field); !ok) return tl::unexpected(ok.error());
  if (auto ok = RejectUnknownKeys(
          value, field, {"treatment_class", "start_date", "decision_weeks", "phases", "baseline"});
      !ok) {
    return tl::unexpected(ok.error());
  }
  CourseSpec course;
  if (!value.contains("treatment_class")) return MissingField("course.treatment_class");
  auto name = ReadString(value["treatment_class"], "course.treatment_class");
  if (!name) return tl::unexpected(name.error());
  auto treatment = ParseTreatmentClass(*name);
  if (!treatment) return InvalidArgument("course.treatment_class", treatment.error().message);
  course.treatment = *treatment;
  if (!value.contains("start_date")) return MissingField("course.start_date");
  auto start = ReadDate(value["start_date"], "course.start_date");
  if (!start) return tl::unexpected(start.error());
  course.start_date = *start;
  if (value.contains("decision_weeks")) {
    const std::string at = "course.decision_weeks";
    if (auto a = ReadArray(value["decision_weeks"], at); !a) return tl::unexpected(a.error());
    for (size_t i = 0; i < value["decision_weeks"].size(); ++i) {
      auto week = ReadInt(value["decision_weeks"][i], JoinIndex(at, i));
      if (!week) return tl::unexpected(week.error());
      course.decision_weeks.push_back(*week);
    }
  }
  if (value.contains("phases")) {
    auto phases = ReadPhases(value["phases"], "course.phases");
    if (!phases) return tl::unexpected(phases.error());
    course.phases = std::move(*phases);
  }
  if (value.contains("baseline")) {
    const json& baseline = value["baseline"];
    if (auto ok = RequireObject(baseline, "course.baseline"); !ok)
      return tl::unexpected(ok.error());
    if (auto ok = RejectUnknownKeys(
            baseline, "course.baseline",
            {"salt", "easi", "itch_nrs", "poem", "dlqi", "vellus_percent", "density_per_cm2"});
        !ok) {
      return tl::unexpected(ok.error());
    }
    if (auto ok = ReadMeasures(baseline, "course.baseline", course.baseline_override); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  return course;
}

Result<std::vector<EyeSymptom>> ReadEyeSymptoms(const json& value, const std::string& field) {
  if (value.is_boolean()) {
    if (!value.get<bool>()) return std::vector<EyeSymptom>{};
    return std::vector<EyeSymptom>{EyeSymptom::kUnspecified};
  }
  if (!value.is_array()) return InvalidArgument(field, "must be true, false or a list of symptoms");
  std::vector<EyeSymptom> symptoms;
  for (size_t i = 0; i < value.size(); ++i) {
    auto name = ReadString(value[i], JoinIndex(field, i));
    if (!name) return tl::unexpected(name.error());
    auto symptom = ParseEyeSymptom(*name, JoinIndex(field, i));
    if (!symptom) return tl::unexpected(symptom.error());
    symptoms.push_back(*symptom);
  }
  return symptoms;
}

Result<RegionLossPercent> ReadRegions(const json& value, const std::string& field) {
  if (auto ok = RequireObject(value, field); !ok) return tl::unexpected(ok.error());
  if (auto ok = RejectUnknownKeys(value, field, {"top", "back", "left", "right"}); !ok) {
    return tl::unexpected(ok.error());
  }
  RegionLossPercent regions;
  for (auto [key, slot] : {std::pair{"top", &regions.top}, std::pair{"back", &regions.back},
                           std::pair{"left", &regions.left}, std::pair{"right", &regions.right}}) {
    if (!value.contains(key)) return MissingField(Join(field, key));
    auto v = ReadNumber(value[key], Join(field, key));
    if (!v) return tl::unexpected(v.error());
    *slot = *v;
  }
  return regions;
}

Result<AssessmentSession> ReadSession(const json& value, const std::string& field) {
  if (auto ok = RequireObject(value, field); !ok) return tl::unexpected(ok.error());
  if (auto ok = RejectUnknownKeys(
          value, field,
          {"date", "salt", "region_loss", "easi", "itch_nrs", "poem", "dlqi", "vellus_percent",
           "density_per_cm2", "capture_quality_ok", "eye_symptoms", "adverse_events", "note",
           "region_confirmation", "patient_reported_hair_change"});
      !ok) {
    return tl::unexpected(ok.error());
  }
  AssessmentSession session;
  if (!value.contains("date")) return MissingField(Join(field, "date"));
  auto date = ReadDate(value["date"], Join(field, "date"));
  if (!date) return tl::unexpected(date.error());
  session.date = *date;
  if (auto ok = ReadMeasures(value, field, session.values); !ok) return tl::unexpected(ok.error());
  if (value.contains("region_loss") && !value["region_loss"].is_null()) {
    auto regions = ReadRegions(value["region_loss"], Join(field, "region_loss"));
    if (!regions) return tl::unexpected(regions.error());
    session.region_loss = *regions;
  }
  if (value.contains("region_confirmation")) {
    const std::string at = Join(field, "region_confirmation");
    const json& item = value["region_confirmation"];
    if (auto ok = RequireObject(item, at); !ok) return tl::unexpected(ok.error());
    if (auto ok = RejectUnknownKeys(item, at, {"top", "back", "left", "right"}); !ok) {
      return tl::unexpected(ok.error());
    }
    for (const auto& [key, name] : item.items()) {
      auto view = ParseSaltView(key, Join(at, key));
      if (!view) return tl::unexpected(view.error());
      auto text = ReadString(name, Join(at, key));
      if (!text) return tl::unexpected(text.error());
      auto confirmation = ParseRegionConfirmation(*text, Join(at, key));
      if (!confirmation) return tl::unexpected(confirmation.error());
      session.region_confirmation[SaltViewIndex(*view)] = *confirmation;
    }
  }
  if (value.contains("patient_reported_hair_change") &&
      !value["patient_reported_hair_change"].is_null()) {
    const std::string at = Join(field, "patient_reported_hair_change");
    auto text = ReadString(value["patient_reported_hair_change"], at);
    if (!text) return tl::unexpected(text.error());
    auto change = ParsePatientReportedHairChange(*text, at);
    if (!change) return tl::unexpected(change.error());
    session.patient_reported_hair_change = *change;
  }
  if (value.contains("capture_quality_ok")) {
    auto ok = ReadBool(value["capture_quality_ok"], Join(field, "capture_quality_ok"));
    if (!ok) return tl::unexpected(ok.error());
    session.capture_quality_ok = *ok;
  }
  if (value.contains("eye_symptoms")) {
    auto eyes = ReadEyeSymptoms(value["eye_symptoms"], Join(field, "eye_symptoms"));
    if (!eyes) return tl::unexpected(eyes.error());
    session.eye_symptoms = std::move(*eyes);
  }
  if (value.contains("adverse_events")) {
    const std::string at = Join(field, "adverse_events");
    if (auto a = ReadArray(value["adverse_events"], at); !a) return tl::unexpected(a.error());
    for (size_t i = 0; i < value["adverse_events"].size(); ++i) {
      auto term = ReadString(value["adverse_events"][i], JoinIndex(at, i));
      if (!term) return tl::unexpected(term.error());
      if (term->empty()) return InvalidArgument(JoinIndex(at, i), "must not be empty");
      session.adverse_events.push_back(std::move(*term));
    }
  }
  return session;
}

// One measure's noise: exactly one of mdc95, mdc95_percent, sem, {sd, icc}, repeat_pairs.
Result<NoiseModel> ReadNoise(const json& value, const std::string& field) {
  if (auto ok = RequireObject(value, field); !ok) return tl::unexpected(ok.error());
  if (auto ok = RejectUnknownKeys(value, field,
                                  {"mdc95", "mdc95_percent", "sem", "sd", "icc", "repeat_pairs"});
      !ok) {
    return tl::unexpected(ok.error());
  }
  const int forms = value.contains("mdc95") + value.contains("mdc95_percent") +
                    value.contains("sem") + value.contains("sd") + value.contains("repeat_pairs");
  if (forms != 1) {
    return InvalidArgument(field,
                           "give exactly one of mdc95, mdc95_percent, sem, sd with icc, or "
                           "repeat_pairs");
  }
  if (value.contains("repeat_pairs")) {
    const std::string at = Join(field, "repeat_pairs");
    if (auto a = ReadArray(value["repeat_pairs"], at); !a) return tl::unexpected(a.error());
    std::vector<std::pair<double, double>> pairs;
    for (size_t i = 0; i < value["repeat_pairs"].size(); ++i) {
      const json& pair = value["repeat_pairs"][i];
      if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number() || !pair[1].is_number()) {
        return InvalidArgument(JoinIndex(at, i), "must be a pair of numbers [first, repeat]");
      }
      pairs.emplace_back(pair[0].get<double>(), pair[1].get<double>());
    }
    auto sem = SemFromRepeatPairs(pairs, at);
    if (!sem) return tl::unexpected(sem.error());
    return NoiseModel::FromSem(
        *sem, NoiseSource::kRepeatCapture,
        fmt::format("within-subject SD of {} repeat-capture pairs", pairs.size()));
  }
  if (value.contains("sd")) {
    if (!value.contains("icc")) return MissingField(Join(field, "icc"));
    auto sd = ReadNumber(value["sd"], Join(field, "sd"));
    if (!sd) return tl::unexpected(sd.error());
    auto icc = ReadNumber(value["icc"], Join(field, "icc"));
    if (!icc) return tl::unexpected(icc.error());
    auto sem = SemFromReliability(*sd, *icc, Join(field, "sd"), Join(field, "icc"));
    if (!sem) return tl::unexpected(sem.error());
    return NoiseModel::FromSem(*sem, NoiseSource::kConfigured,
                               fmt::format("configured SD {} and ICC {}", *sd, *icc));
  }
  if (value.contains("icc")) return InvalidArgument(Join(field, "icc"), "needs sd as well");
  const char* key = value.contains("mdc95") ? "mdc95"
                    : value.contains("sem") ? "sem"
                                            : "mdc95_percent";
  auto number = ReadNumber(value[key], Join(field, key));
  if (!number) return tl::unexpected(number.error());
  if (!(*number > 0)) return InvalidArgument(Join(field, key), "must be greater than 0");
  if (std::string_view(key) == "mdc95") {
    return NoiseModel::FromMdc95(*number, NoiseSource::kConfigured, "configured MDC95");
  }
  if (std::string_view(key) == "sem") {
    return NoiseModel::FromSem(*number, NoiseSource::kConfigured, "configured SEM");
  }
  return NoiseModel::PercentOfBaselineMdc95(*number, "configured MDC95, percent of baseline");
}

Result<NoiseModels> ReadNoiseModels(const json& value) {
  NoiseModels models = DefaultNoiseModels();
  if (auto ok = RequireObject(value, "noise"); !ok) return tl::unexpected(ok.error());
  for (const auto& [key, item] : value.items()) {
    if (key == "region_loss") {  // per-view loss noise: {"top": {...}, ...}
      if (auto ok = RequireObject(item, "noise.region_loss"); !ok)
        return tl::unexpected(ok.error());
      for (const auto& [view_key, view_item] : item.items()) {
        const std::string at = "noise.region_loss." + view_key;
        auto view = ParseSaltView(view_key, at);
        if (!view) return tl::unexpected(view.error());
        auto model = ReadNoise(view_item, at);
        if (!model) return tl::unexpected(model.error());
        models.View(*view) = std::move(*model);
      }
      continue;
    }
    auto measure = ParseMeasure(key);
    if (!measure) return InvalidArgument("noise." + key, measure.error().message);
    auto model = ReadNoise(item, "noise." + key);
    if (!model) return tl::unexpected(model.error());
    models[MeasureIndex(*measure)] = std::move(*model);
  }
  return models;
}

json Optional(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json MeasureToJson(const MeasureAssessment& m) {
  json out;
  out["baseline"] = Optional(m.baseline);
  out["baseline_source"] = BaselineSourceName(m.baseline_source);
  out["baseline_sessions"] = m.baseline_sessions;
  out["latest"] = m.latest ? json(m.latest->value) : json(nullptr);
  out["latest_date"] = m.latest ? json(m.latest->date.ToString()) : json(nullptr);
  out["change"] = Optional(m.change);
  out["percent_change"] = Optional(m.percent_change);
  out["rci"] = Optional(m.rci);
  out["mdc95"] = m.mdc95;
  out["noise_source"] = NoiseSourceName(m.noise_source);
  out["sessions_counted"] = m.series.size();
  out["excluded_for_quality"] = m.excluded_for_quality;
  out["excluded_unconfirmed"] = m.excluded_unconfirmed;
  out["real"] = m.real;
  out["pending_confirmation"] = m.pending_confirmation;
  out["direction"] = ChangeDirectionName(m.direction);
  out["clinically_meaningful"] = m.clinically_meaningful;
  out["thresholds_reached"] = m.thresholds_reached;
  return out;
}

json AlertToJson(const Alert& alert) {
  json values = json::object();
  for (const auto& [name, value] : alert.values) values[name] = value;
  json rests_on = json::array();
  for (const AlertBasis& b : alert.rests_on) {
    rests_on.push_back({{"date", b.date.ToString()},
                        {"view", b.view ? json(SaltViewName(*b.view)) : json(nullptr)},
                        {"status", b.status}});
  }
  return {{"code", alert.code},         {"severity", AlertSeverityName(alert.severity)},
          {"title", alert.title},       {"reason", alert.reason},
          {"evidence", alert.evidence}, {"study_refs", alert.study_refs},
          {"values", values},           {"rests_on", rests_on}};
}

json ViewCheckToJson(const SessionViewCheck& check) {
  json to_confirm = json::array();
  json moved = json::array();
  for (const ViewChange& c : check.moved) {
    if (c.status == ViewChangeStatus::kToConfirm) {
      to_confirm.push_back({{"view", SaltViewName(c.view)}, {"reason", c.reason}});
    }
    moved.push_back(
        {{"view", SaltViewName(c.view)},
         {"reference_date", c.reference_date.ToString()},
         {"reference_loss", c.reference_loss},
         {"loss", c.loss},
         {"change", c.change},
         {"mdc95", c.mdc95},
         {"status", ViewChangeStatusName(c.status)},
         {"confirmation", RegionConfirmationName(c.confirmation)},
         {"repeated_on", c.repeated_on ? json(c.repeated_on->ToString()) : json(nullptr)},
         {"reason", c.reason}});
  }
  json out = {{"date", check.date.ToString()},
              {"salt", Optional(check.salt)},
              {"salt_status", check.salt_confirmed ? "confirmed" : "unconfirmed"},
              {"to_confirm", to_confirm},
              {"moved_views", moved}};
  if (!check.session_id.empty()) out["session_id"] = check.session_id;
  return out;
}

}  // namespace

Result<AssessmentInput> AssessmentInputFromJson(const json& document,
                                                std::optional<Date> today_override) {
  if (auto ok = RequireObject(document, "input"); !ok) return tl::unexpected(ok.error());
  if (auto ok = RejectUnknownKeys(document, "",
                                  {"course", "sessions", "today", "overdue_since", "noise"});
      !ok) {
    return tl::unexpected(ok.error());
  }
  AssessmentInput input;
  if (!document.contains("course")) return MissingField("course");
  auto course = ReadCourse(document["course"]);
  if (!course) return tl::unexpected(course.error());
  input.course = std::move(*course);
  if (today_override) {
    input.today = *today_override;
  } else if (document.contains("today")) {
    auto today = ReadDate(document["today"], "today");
    if (!today) return tl::unexpected(today.error());
    input.today = *today;
  } else {
    return MakeError(ErrorCode::kMissingField,
                     "is required: set \"today\" in the input or pass --today YYYY-MM-DD", "today");
  }
  if (document.contains("overdue_since") && !document["overdue_since"].is_null()) {
    auto since = ReadDate(document["overdue_since"], "overdue_since");
    if (!since) return tl::unexpected(since.error());
    input.overdue_since = *since;
  }
  if (document.contains("noise")) {
    auto noise = ReadNoiseModels(document["noise"]);
    if (!noise) return tl::unexpected(noise.error());
    input.noise = std::move(*noise);
  }
  if (!document.contains("sessions")) return MissingField("sessions");
  if (auto a = ReadArray(document["sessions"], "sessions"); !a) return tl::unexpected(a.error());
  for (size_t i = 0; i < document["sessions"].size(); ++i) {
    auto session = ReadSession(document["sessions"][i], JoinIndex("sessions", i));
    if (!session) return tl::unexpected(session.error());
    input.sessions.push_back(std::move(*session));
  }
  return input;
}

json AssessmentToJson(const ResponseAssessment& a, const std::vector<Alert>& alerts) {
  json out;
  out["today"] = a.today.ToString();
  out["course"] = {{"treatment_class", TreatmentClassName(a.treatment)},
                   {"start_date", a.start_date.ToString()}};
  out["weeks_since_start"] = a.weeks_since_start;
  out["phase"] = a.phase ? json(TimelinePhaseName(*a.phase)) : json(nullptr);
  out["decision_weeks"] = a.decision_weeks;
  out["next_decision_week"] = a.next_decision_week ? json(*a.next_decision_week) : json(nullptr);
  out["next_decision_date"] =
      a.next_decision_date ? json(a.next_decision_date->ToString()) : json(nullptr);
  out["before_first_decision"] = a.before_first_decision;
  out["trajectory"] = {{"label", TrajectoryName(a.trajectory)}, {"reason", a.trajectory_reason}};
  json measures = json::object();
  for (const MeasureAssessment& m : a.measures)
    measures[std::string(MeasureName(m.measure))] = MeasureToJson(m);
  out["measures"] = measures;
  json checks = json::array();
  for (const SessionViewCheck& check : a.view_checks) checks.push_back(ViewCheckToJson(check));
  out["view_checks"] = checks;
  json list = json::array();
  for (const Alert& alert : alerts) list.push_back(AlertToJson(alert));
  out["alerts"] = list;
  out["disclaimer"] = "Tricholog informs; it does not diagnose or prescribe.";
  return out;
}

}  // namespace tricholog
