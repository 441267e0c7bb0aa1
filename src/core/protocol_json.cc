// ProtocolToJson: the inverse of ParseProtocol (declared in protocol.h).
#include <nlohmann/json.hpp>

#include "core/protocol.h"

namespace tricholog {

namespace {

using Json = nlohmann::json;

// Adds `key` only when the value is set, so the output parses back to the same Protocol.
template <typename T>
void PutIf(Json& object, const char* key, const std::optional<T>& value) {
  if (value) object[key] = *value;
}
void PutIf(Json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

Json DoseToJson(const Dose& dose) {
  Json j = {{"amount", dose.amount}, {"unit", dose.unit}};
  PutIf(j, "amount_max", dose.amount_max);
  PutIf(j, "times_per_day", dose.times_per_day);
  PutIf(j, "every_weeks", dose.every_weeks);
  PutIf(j, "every_weeks_max", dose.every_weeks_max);
  return j;
}

Json RegimenToJson(const Regimen& g) {
  Json j = {{"id", g.id}, {"population", g.population}, {"route", g.route}};
  PutIf(j, "min_age_years", g.min_age_years);
  PutIf(j, "max_age_years", g.max_age_years);
  PutIf(j, "min_weight_kg", g.min_weight_kg);
  PutIf(j, "max_weight_kg", g.max_weight_kg);
  PutIf(j, "loading_dose_mg", g.loading_dose_mg);
  PutIf(j, "loading_note", g.loading_note);
  if (g.dose) j["dose"] = DoseToJson(*g.dose);
  PutIf(j, "note", g.note);
  return j;
}

Json PhaseToJson(const PhaseRule& rule) {
  Json j = {{"phase", TimelinePhaseName(rule.span.phase)},
            {"start_week", rule.span.start_week},
            {"interval_weeks", {rule.min_interval_weeks, rule.max_interval_weeks}},
            {"guidance", rule.guidance}};
  PutIf(j, "end_week", rule.span.end_week);
  return j;
}

Json CitationToJson(const Citation& c) {
  Json j = {{"authors", c.authors}, {"title", c.title}};
  PutIf(j, "journal", c.journal);
  if (c.year != 0) j["year"] = c.year;
  PutIf(j, "details", c.details);
  PutIf(j, "pmid", c.pmid);
  PutIf(j, "pmcid", c.pmcid);
  PutIf(j, "doi", c.doi);
  PutIf(j, "nct", c.nct);
  PutIf(j, "url", c.url);
  PutIf(j, "supports", c.supports);
  return j;
}

}  // namespace

nlohmann::json ProtocolToJson(const Protocol& p) {
  Json labels = Json::object();
  for (const LabelStatus& label : p.labels) {
    Json l = {{"status", LabelStatusKindName(label.status)}};
    if (!label.regions.empty()) l["regions"] = label.regions;
    PutIf(l, "note", label.note);
    labels[std::string(ConditionName(label.condition))] = l;
  }
  Json regimens = Json::array();
  for (const Regimen& g : p.dosing.regimens) regimens.push_back(RegimenToJson(g));
  Json dosing = {{"regimens", regimens}};
  if (!p.dosing.notes.empty()) dosing["notes"] = p.dosing.notes;

  Json phases = Json::array();
  for (const PhaseRule& rule : p.phases) phases.push_back(PhaseToJson(rule));
  Json windows = Json::array();
  for (const WindowRule& w : p.tracking.windows) {
    windows.push_back(
        {{"from_week", w.from_week}, {"days_before", w.days_before}, {"days_after", w.days_after}});
  }
  Json decisions = Json::array();
  for (const DecisionWeek& d : p.decision_weeks)
    decisions.push_back({{"week", d.week}, {"reason", d.reason}});
  Json side_effects = Json::array();
  for (const SideEffectQuestion& q : p.side_effects) {
    Json j = {{"ctcae_term", q.ctcae_term}, {"question", q.question}};
    PutIf(j, "meddra_code", q.meddra_code);
    side_effects.push_back(j);
  }
  Json labs = Json::array();
  for (const LabCheck& lab : p.labs) {
    Json j = {{"id", lab.id},
              {"test", lab.test},
              {"weeks", lab.weeks},
              {"then_routinely", lab.then_routinely}};
    PutIf(j, "note", lab.note);
    labs.push_back(j);
  }
  Json evidence = Json::array();
  for (const Citation& c : p.evidence) evidence.push_back(CitationToJson(c));

  return Json{{"format_version", 1},
              {"id", p.id},
              {"name", p.name},
              {"class", TreatmentClassName(p.treatment_class)},
              {"summary", p.summary},
              {"labels", labels},
              {"dosing", dosing},
              {"phases", phases},
              {"tracking",
               {{"session_weeks", p.tracking.session_weeks},
                {"then_every_weeks", p.tracking.then_every_weeks},
                {"windows", windows}}},
              {"decision_weeks", decisions},
              {"side_effects", side_effects},
              {"labs", labs},
              {"evidence", evidence}};
}

}  // namespace tricholog
