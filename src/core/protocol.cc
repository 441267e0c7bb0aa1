#include "core/protocol.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "core/schedule.h"
#include "core/strict_json.h"

namespace tricholog {

namespace {

using Json = nlohmann::json;

#define PROTO_CONCAT_INNER(a, b) a##b
#define PROTO_CONCAT(a, b) PROTO_CONCAT_INNER(a, b)
#define PROTO_ASSIGN_IMPL(tmp, lhs, expr)                  \
  auto tmp = (expr);                                       \
  if (!tmp) return tl::unexpected(std::move(tmp).error()); \
  lhs = std::move(*tmp)
// Evaluates a Result; returns its error, or assigns its value to `lhs` (a declaration or lvalue).
#define PROTO_ASSIGN_OR_RETURN(lhs, expr) \
  PROTO_ASSIGN_IMPL(PROTO_CONCAT(proto_result_, __LINE__), lhs, expr)
#define PROTO_RETURN_IF_ERROR(expr)                                 \
  do {                                                              \
    auto proto_status = (expr);                                     \
    if (!proto_status) return tl::unexpected(proto_status.error()); \
  } while (0)

std::string Join(std::initializer_list<std::string_view> names) {
  std::string out;
  for (std::string_view n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

std::string ChildPath(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string IndexPath(const std::string& path, size_t index) {
  return fmt::format("{}[{}]", path, index);
}

std::string TypeName(const Json& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return "true/false";
  if (value.is_number()) return "a number";
  if (value.is_string()) return "a string";
  if (value.is_array()) return "an array";
  return "an object";
}

tl::unexpected<Error> WrongType(const std::string& path, const Json& value, std::string_view want) {
  return InvalidArgument(path, fmt::format("must be {}, found {}", want, TypeName(value)));
}

// Reads one JSON object strictly: keys outside `allowed` are errors (they are usually typos),
// and every accessor checks the type and range of what it reads.
class ObjectReader {
 public:
  static Result<ObjectReader> Open(const Json& value, std::string path,
                                   std::initializer_list<std::string_view> allowed) {
    if (!value.is_object())
      return WrongType(path.empty() ? "(top level)" : path, value, "an object");
    for (const auto& [key, unused] : value.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        return InvalidArgument(ChildPath(path, key),
                               "is not a known key; allowed keys here: " + Join(allowed));
      }
    }
    return ObjectReader(value, std::move(path));
  }

  const std::string& path() const { return path_; }
  std::string PathOf(std::string_view key) const { return ChildPath(path_, key); }
  const Json* Get(std::string_view key) const {
    const auto it = object_->find(key);
    return it == object_->end() ? nullptr : &*it;
  }

  Result<std::string> String(std::string_view key) const {
    const Json* v = Get(key);
    if (v == nullptr) return MissingField(PathOf(key));
    return StringValue(*v, PathOf(key));
  }
  Result<std::string> OptionalString(std::string_view key) const {
    const Json* v = Get(key);
    if (v == nullptr) return std::string();
    return StringValue(*v, PathOf(key));
  }
  Result<int> Int(std::string_view key, int lo, int hi) const {
    const Json* v = Get(key);
    if (v == nullptr) return MissingField(PathOf(key));
    return IntValue(*v, PathOf(key), lo, hi);
  }
  Result<std::optional<int>> OptionalInt(std::string_view key, int lo, int hi) const {
    const Json* v = Get(key);
    if (v == nullptr) return std::optional<int>();
    PROTO_ASSIGN_OR_RETURN(const int value, IntValue(*v, PathOf(key), lo, hi));
    return std::optional<int>(value);
  }
  Result<std::optional<double>> OptionalNumber(std::string_view key, double lo, double hi) const {
    const Json* v = Get(key);
    if (v == nullptr) return std::optional<double>();
    if (!v->is_number())
      return WrongType(PathOf(key), *v, fmt::format("a number from {} to {}", lo, hi));
    PROTO_ASSIGN_OR_RETURN(const double value,
                           RequireInRange(PathOf(key), v->get<double>(), lo, hi));
    return std::optional<double>(value);
  }
  Result<bool> OptionalBool(std::string_view key, bool fallback) const {
    const Json* v = Get(key);
    if (v == nullptr) return fallback;
    if (!v->is_boolean()) return WrongType(PathOf(key), *v, "true or false");
    return v->get<bool>();
  }
  // A required array with at least `min_size` elements.
  Result<const Json*> Array(std::string_view key, size_t min_size) const {
    const Json* v = Get(key);
    if (v == nullptr) return MissingField(PathOf(key));
    if (!v->is_array()) return WrongType(PathOf(key), *v, "an array");
    if (v->size() < min_size) {
      return InvalidArgument(PathOf(key), fmt::format("must have at least {} entr{}", min_size,
                                                      min_size == 1 ? "y" : "ies"));
    }
    return v;
  }

  static Result<std::string> StringValue(const Json& v, const std::string& path) {
    if (!v.is_string()) return WrongType(path, v, "a string");
    std::string s = v.get<std::string>();
    if (s.empty()) return InvalidArgument(path, "must not be empty");
    return s;
  }
  static Result<int> IntValue(const Json& v, const std::string& path, int lo, int hi) {
    if (!v.is_number_integer()) {
      return WrongType(path, v, fmt::format("a whole number from {} to {}", lo, hi));
    }
    const auto wide = v.get<long long>();
    if (wide < lo || wide > hi) {
      return InvalidArgument(path,
                             fmt::format("{} is out of range; allowed {} to {}", wide, lo, hi));
    }
    return static_cast<int>(wide);
  }

 private:
  ObjectReader(const Json& object, std::string path) : object_(&object), path_(std::move(path)) {}
  const Json* object_;
  std::string path_;
};

constexpr int kMaxWeek = 520;  // ten years: far beyond any protocol's horizon

// Picks `text` out of `names` or fails listing them.
template <typename Enum, size_t N>
Result<Enum> ParseName(const std::array<std::pair<Enum, std::string_view>, N>& names,
                       const std::string& text, const std::string& path) {
  std::string allowed;
  for (const auto& [value, name] : names) {
    if (name == text) return value;
    allowed += allowed.empty() ? "" : ", ";
    allowed += name;
  }
  return InvalidArgument(path, fmt::format("'{}' is not allowed; allowed: {}", text, allowed));
}

constexpr std::array<std::pair<Condition, std::string_view>, 2> kConditionNames{{
    {Condition::kAlopeciaAreata, "AA"},
    {Condition::kAtopicDermatitis, "AD"},
}};
constexpr std::array<std::pair<LabelStatusKind, std::string_view>, 3> kLabelStatusNames{{
    {LabelStatusKind::kApproved, "approved"},
    {LabelStatusKind::kOffLabel, "off_label"},
    {LabelStatusKind::kNotIndicated, "not_indicated"},
}};
constexpr std::array<std::pair<int, std::string_view>, 5> kRoutes{{
    {0, "subcutaneous"},
    {1, "oral"},
    {2, "topical"},
    {3, "intralesional"},
    {4, "intramuscular"},
}};
constexpr std::array<std::pair<int, std::string_view>, 3> kUnits{{
    {0, "mg"},
    {1, "mg/mL"},
    {2, "%"},
}};

Result<std::vector<std::string>> StringList(const ObjectReader& r, std::string_view key) {
  std::vector<std::string> out;
  const Json* v = r.Get(key);
  if (v == nullptr) return out;
  if (!v->is_array()) return WrongType(r.PathOf(key), *v, "an array of strings");
  for (size_t i = 0; i < v->size(); ++i) {
    PROTO_ASSIGN_OR_RETURN(std::string s,
                           ObjectReader::StringValue((*v)[i], IndexPath(r.PathOf(key), i)));
    out.push_back(std::move(s));
  }
  return out;
}

Result<LabelStatus> ParseLabel(const Json& v, const std::string& path, Condition condition) {
  PROTO_ASSIGN_OR_RETURN(const ObjectReader r,
                         ObjectReader::Open(v, path, {"status", "regions", "note"}));
  LabelStatus label;
  label.condition = condition;
  PROTO_ASSIGN_OR_RETURN(const std::string status, r.String("status"));
  PROTO_ASSIGN_OR_RETURN(label.status, ParseName(kLabelStatusNames, status, r.PathOf("status")));
  PROTO_ASSIGN_OR_RETURN(label.regions, StringList(r, "regions"));
  PROTO_ASSIGN_OR_RETURN(label.note, r.OptionalString("note"));
  if (label.status == LabelStatusKind::kApproved && label.regions.empty()) {
    return InvalidArgument(r.PathOf("regions"),
                           "an approved status needs at least one region, e.g. [\"US\", \"EU\"]");
  }
  return label;
}

Result<std::vector<LabelStatus>> ParseLabels(const ObjectReader& top) {
  const Json* v = top.Get("labels");
  if (v == nullptr) return MissingField("labels");
  PROTO_ASSIGN_OR_RETURN(const ObjectReader r, ObjectReader::Open(*v, "labels", {"AA", "AD"}));
  std::vector<LabelStatus> labels;
  for (const auto& [condition, name] : kConditionNames) {
    const Json* entry = r.Get(name);
    if (entry == nullptr) return MissingField(r.PathOf(name));
    PROTO_ASSIGN_OR_RETURN(LabelStatus label, ParseLabel(*entry, r.PathOf(name), condition));
    labels.push_back(std::move(label));
  }
  return labels;
}

Result<Dose> ParseDose(const Json& v, const std::string& path) {
  PROTO_ASSIGN_OR_RETURN(const ObjectReader r,
                         ObjectReader::Open(v, path,
                                            {"amount", "amount_max", "unit", "times_per_day",
                                             "every_weeks", "every_weeks_max"}));
  Dose dose;
  PROTO_ASSIGN_OR_RETURN(const std::optional<double> amount,
                         r.OptionalNumber("amount", 0.001, 10000));
  if (!amount) return MissingField(r.PathOf("amount"));
  dose.amount = *amount;
  PROTO_ASSIGN_OR_RETURN(dose.amount_max, r.OptionalNumber("amount_max", dose.amount, 10000));
  PROTO_ASSIGN_OR_RETURN(dose.unit, r.String("unit"));
  PROTO_RETURN_IF_ERROR(ParseName(kUnits, dose.unit, r.PathOf("unit")));
  PROTO_ASSIGN_OR_RETURN(dose.times_per_day, r.OptionalInt("times_per_day", 1, 4));
  PROTO_ASSIGN_OR_RETURN(dose.every_weeks, r.OptionalInt("every_weeks", 1, 52));
  if (dose.times_per_day.has_value() == dose.every_weeks.has_value()) {
    return InvalidArgument(path,
                           "needs exactly one of times_per_day (1 to 4) or every_weeks (1 to 52)");
  }
  if (dose.every_weeks) {
    PROTO_ASSIGN_OR_RETURN(dose.every_weeks_max,
                           r.OptionalInt("every_weeks_max", *dose.every_weeks, 52));
  } else if (r.Get("every_weeks_max") != nullptr) {
    return InvalidArgument(r.PathOf("every_weeks_max"),
                           "is allowed only together with every_weeks");
  }
  return dose;
}

Result<Regimen> ParseRegimen(const Json& v, const std::string& path) {
  PROTO_ASSIGN_OR_RETURN(const ObjectReader r,
                         ObjectReader::Open(v, path,
                                            {"id", "population", "route", "min_age_years",
                                             "max_age_years", "min_weight_kg", "max_weight_kg",
                                             "loading_dose_mg", "loading_note", "dose", "note"}));
  Regimen g;
  PROTO_ASSIGN_OR_RETURN(g.id, r.String("id"));
  PROTO_ASSIGN_OR_RETURN(g.population, r.String("population"));
  PROTO_ASSIGN_OR_RETURN(g.route, r.String("route"));
  PROTO_RETURN_IF_ERROR(ParseName(kRoutes, g.route, r.PathOf("route")));
  PROTO_ASSIGN_OR_RETURN(g.min_age_years, r.OptionalInt("min_age_years", 0, 120));
  PROTO_ASSIGN_OR_RETURN(g.max_age_years, r.OptionalInt("max_age_years", 1, 120));
  PROTO_ASSIGN_OR_RETURN(g.min_weight_kg, r.OptionalNumber("min_weight_kg", 0, 300));
  PROTO_ASSIGN_OR_RETURN(g.max_weight_kg, r.OptionalNumber("max_weight_kg", 1, 300));
  if (g.min_age_years && g.max_age_years && *g.min_age_years >= *g.max_age_years) {
    return InvalidArgument(r.PathOf("max_age_years"), "must be greater than min_age_years");
  }
  if (g.min_weight_kg && g.max_weight_kg && *g.min_weight_kg >= *g.max_weight_kg) {
    return InvalidArgument(r.PathOf("max_weight_kg"), "must be greater than min_weight_kg");
  }
  PROTO_ASSIGN_OR_RETURN(g.loading_dose_mg, r.OptionalNumber("loading_dose_mg", 0.001, 10000));
  PROTO_ASSIGN_OR_RETURN(g.loading_note, r.OptionalString("loading_note"));
  PROTO_ASSIGN_OR_RETURN(g.note, r.OptionalString("note"));
  if (const Json* dose = r.Get("dose")) {
    PROTO_ASSIGN_OR_RETURN(g.dose, ParseDose(*dose, r.PathOf("dose")));
  } else if (g.note.empty()) {
    return InvalidArgument(r.PathOf("dose"),
                           "is missing; a regimen without a standard dose needs a note saying who "
                           "sets the dose");
  }
  return g;
}

Result<Dosing> ParseDosing(const ObjectReader& top) {
  const Json* v = top.Get("dosing");
  if (v == nullptr) return MissingField("dosing");
  PROTO_ASSIGN_OR_RETURN(const ObjectReader r,
                         ObjectReader::Open(*v, "dosing", {"regimens", "notes"}));
  Dosing dosing;
  PROTO_ASSIGN_OR_RETURN(const Json* regimens, r.Array("regimens", 1));
  std::set<std::string> ids;
  for (size_t i = 0; i < regimens->size(); ++i) {
    const std::string path = IndexPath(r.PathOf("regimens"), i);
    PROTO_ASSIGN_OR_RETURN(Regimen g, ParseRegimen((*regimens)[i], path));
    if (!ids.insert(g.id).second) {
      return InvalidArgument(
          path + ".id",
          fmt::format("'{}' is used by an earlier regimen; ids must be unique", g.id));
    }
    dosing.regimens.push_back(std::move(g));
  }
  PROTO_ASSIGN_OR_RETURN(dosing.notes, StringList(r, "notes"));
  return dosing;
}

Result<PhaseRule> ParsePhase(const Json& v, const std::string& path, const PhaseRule& fallback) {
  PROTO_ASSIGN_OR_RETURN(
      const ObjectReader r,
      ObjectReader::Open(v, path,
                         {"phase", "start_week", "end_week", "interval_weeks", "guidance"}));
  PhaseRule rule = fallback;
  PROTO_ASSIGN_OR_RETURN(const std::string name, r.String("phase"));
  PROTO_ASSIGN_OR_RETURN(rule.span.phase, ParseTimelinePhase(name).map_error([&](Error e) {
    e.field = r.PathOf("phase");
    return e;
  }));
  if (rule.span.phase != fallback.span.phase) {
    return InvalidArgument(r.PathOf("phase"),
                           fmt::format("'{}' is out of order; phases must be observation, "
                                       "response_window, continued_assessment, maintenance",
                                       name));
  }
  PROTO_ASSIGN_OR_RETURN(const auto start, r.OptionalInt("start_week", 0, kMaxWeek));
  if (start) rule.span.start_week = *start;
  if (r.Get("end_week") != nullptr) {
    PROTO_ASSIGN_OR_RETURN(rule.span.end_week, r.OptionalInt("end_week", 1, kMaxWeek));
  }
  if (const Json* interval = r.Get("interval_weeks")) {
    const std::string ipath = r.PathOf("interval_weeks");
    if (!interval->is_array() || interval->size() != 2) {
      return InvalidArgument(ipath, "must be [shortest, longest] interval in weeks, e.g. [4, 6]");
    }
    PROTO_ASSIGN_OR_RETURN(rule.min_interval_weeks,
                           ObjectReader::IntValue((*interval)[0], ipath + "[0]", 1, 52));
    PROTO_ASSIGN_OR_RETURN(
        rule.max_interval_weeks,
        ObjectReader::IntValue((*interval)[1], ipath + "[1]", rule.min_interval_weeks, 52));
  }
  PROTO_ASSIGN_OR_RETURN(rule.guidance, r.String("guidance"));
  return rule;
}

Result<std::vector<PhaseRule>> ParsePhases(const ObjectReader& top) {
  PROTO_ASSIGN_OR_RETURN(const Json* v, top.Array("phases", 4));
  const std::vector<PhaseRule> defaults = DefaultPhaseRules();
  if (v->size() != defaults.size()) {
    return InvalidArgument("phases",
                           "must list exactly 4 phases: observation, response_window, "
                           "continued_assessment, maintenance");
  }
  std::vector<PhaseRule> phases;
  for (size_t i = 0; i < v->size(); ++i) {
    const std::string path = IndexPath("phases", i);
    PROTO_ASSIGN_OR_RETURN(PhaseRule rule, ParsePhase((*v)[i], path, defaults[i]));
    const int expected_start = i == 0 ? 0 : phases.back().span.end_week.value_or(-1);
    if (rule.span.start_week != expected_start) {
      return InvalidArgument(
          path + ".start_week",
          fmt::format("{} leaves a gap or overlap; must be {} (where the previous "
                      "phase ends)",
                      rule.span.start_week, expected_start));
    }
    const bool last = i + 1 == v->size();
    if (last && rule.span.end_week) {
      return InvalidArgument(path + ".end_week", "the last phase is open-ended; remove end_week");
    }
    if (!last && (!rule.span.end_week || *rule.span.end_week <= rule.span.start_week)) {
      return InvalidArgument(path + ".end_week", fmt::format("must be greater than start_week ({})",
                                                             rule.span.start_week));
    }
    phases.push_back(std::move(rule));
  }
  return phases;
}

Result<TrackingPlan> ParseTracking(const ObjectReader& top) {
  TrackingPlan plan = DefaultTrackingPlan();
  const Json* v = top.Get("tracking");
  if (v == nullptr) return plan;
  PROTO_ASSIGN_OR_RETURN(
      const ObjectReader r,
      ObjectReader::Open(*v, "tracking", {"session_weeks", "then_every_weeks", "windows"}));
  if (r.Get("session_weeks") != nullptr) {
    PROTO_ASSIGN_OR_RETURN(const Json* weeks, r.Array("session_weeks", 1));
    plan.session_weeks.clear();
    for (size_t i = 0; i < weeks->size(); ++i) {
      PROTO_ASSIGN_OR_RETURN(
          const int w, ObjectReader::IntValue((*weeks)[i], IndexPath(r.PathOf("session_weeks"), i),
                                              0, kMaxWeek));
      plan.session_weeks.push_back(w);
    }
  }
  PROTO_ASSIGN_OR_RETURN(const auto every, r.OptionalInt("then_every_weeks", 1, 52));
  if (every) plan.then_every_weeks = *every;
  if (r.Get("windows") != nullptr) {
    PROTO_ASSIGN_OR_RETURN(const Json* windows, r.Array("windows", 1));
    plan.windows.clear();
    for (size_t i = 0; i < windows->size(); ++i) {
      PROTO_ASSIGN_OR_RETURN(const ObjectReader w,
                             ObjectReader::Open((*windows)[i], IndexPath(r.PathOf("windows"), i),
                                                {"from_week", "days_before", "days_after"}));
      WindowRule rule;
      PROTO_ASSIGN_OR_RETURN(rule.from_week, w.Int("from_week", 0, kMaxWeek));
      PROTO_ASSIGN_OR_RETURN(rule.days_before, w.Int("days_before", 0, 28));
      PROTO_ASSIGN_OR_RETURN(rule.days_after, w.Int("days_after", 0, 28));
      plan.windows.push_back(rule);
    }
  }
  return plan;
}

Result<std::vector<DecisionWeek>> ParseDecisionWeeks(const ObjectReader& top) {
  PROTO_ASSIGN_OR_RETURN(const Json* v, top.Array("decision_weeks", 1));
  std::vector<DecisionWeek> out;
  for (size_t i = 0; i < v->size(); ++i) {
    PROTO_ASSIGN_OR_RETURN(
        const ObjectReader r,
        ObjectReader::Open((*v)[i], IndexPath("decision_weeks", i), {"week", "reason"}));
    DecisionWeek d;
    PROTO_ASSIGN_OR_RETURN(d.week, r.Int("week", 1, kMaxWeek));
    PROTO_ASSIGN_OR_RETURN(d.reason, r.String("reason"));
    if (!out.empty() && d.week <= out.back().week) {
      return InvalidArgument(r.PathOf("week"),
                             fmt::format("{} must be later than the previous decision week ({})",
                                         d.week, out.back().week));
    }
    out.push_back(std::move(d));
  }
  return out;
}

bool AllDigits(std::string_view s, size_t min_len, size_t max_len) {
  if (s.size() < min_len || s.size() > max_len) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<std::vector<SideEffectQuestion>> ParseSideEffects(const ObjectReader& top) {
  PROTO_ASSIGN_OR_RETURN(const Json* v, top.Array("side_effects", 1));
  std::vector<SideEffectQuestion> out;
  for (size_t i = 0; i < v->size(); ++i) {
    PROTO_ASSIGN_OR_RETURN(const ObjectReader r,
                           ObjectReader::Open((*v)[i], IndexPath("side_effects", i),
                                              {"ctcae_term", "meddra_code", "question"}));
    SideEffectQuestion q;
    PROTO_ASSIGN_OR_RETURN(q.ctcae_term, r.String("ctcae_term"));
    PROTO_ASSIGN_OR_RETURN(q.meddra_code, r.OptionalString("meddra_code"));
    if (!q.meddra_code.empty() && !AllDigits(q.meddra_code, 8, 8)) {
      return InvalidArgument(
          r.PathOf("meddra_code"),
          fmt::format("'{}' is not a MedDRA code; allowed: 8 digits", q.meddra_code));
    }
    PROTO_ASSIGN_OR_RETURN(q.question, r.String("question"));
    out.push_back(std::move(q));
  }
  return out;
}

Result<std::vector<LabCheck>> ParseLabs(const ObjectReader& top) {
  std::vector<LabCheck> out;
  if (top.Get("labs") == nullptr) return out;
  PROTO_ASSIGN_OR_RETURN(const Json* v, top.Array("labs", 0));
  std::set<std::string> ids;
  for (size_t i = 0; i < v->size(); ++i) {
    const std::string path = IndexPath("labs", i);
    PROTO_ASSIGN_OR_RETURN(
        const ObjectReader r,
        ObjectReader::Open((*v)[i], path, {"id", "test", "weeks", "then_routinely", "note"}));
    LabCheck lab;
    PROTO_ASSIGN_OR_RETURN(lab.id, r.String("id"));
    if (!ids.insert(lab.id).second)
      return InvalidArgument(r.PathOf("id"),
                             fmt::format("'{}' is used twice; ids must be unique", lab.id));
    PROTO_ASSIGN_OR_RETURN(lab.test, r.String("test"));
    PROTO_ASSIGN_OR_RETURN(const Json* weeks, r.Array("weeks", 1));
    for (size_t k = 0; k < weeks->size(); ++k) {
      const std::string wpath = IndexPath(r.PathOf("weeks"), k);
      PROTO_ASSIGN_OR_RETURN(const int w, ObjectReader::IntValue((*weeks)[k], wpath, 0, kMaxWeek));
      if (!lab.weeks.empty() && w <= lab.weeks.back())
        return InvalidArgument(wpath, "weeks must be strictly increasing");
      lab.weeks.push_back(w);
    }
    PROTO_ASSIGN_OR_RETURN(lab.then_routinely, r.OptionalBool("then_routinely", false));
    PROTO_ASSIGN_OR_RETURN(lab.note, r.OptionalString("note"));
    out.push_back(std::move(lab));
  }
  return out;
}

Result<void> CheckIdentifier(const ObjectReader& r, std::string_view key, std::string_view value) {
  const auto bad = [&](std::string_view allowed) {
    return InvalidArgument(r.PathOf(key),
                           fmt::format("'{}' is malformed; allowed: {}", value, allowed));
  };
  if (key == "pmid" && !AllDigits(value, 1, 9)) return bad("1 to 9 digits");
  if (key == "pmcid" && !(value.starts_with("PMC") && AllDigits(value.substr(3), 1, 9)))
    return bad("PMC followed by digits");
  if (key == "doi" && !value.starts_with("10.")) return bad("a DOI starting with 10.");
  if (key == "nct" && !(value.starts_with("NCT") && AllDigits(value.substr(3), 8, 8)))
    return bad("NCT followed by 8 digits");
  if (key == "url" && !value.starts_with("https://") && !value.starts_with("http://"))
    return bad("an http(s) URL");
  return {};
}

Result<std::vector<Citation>> ParseEvidence(const ObjectReader& top) {
  PROTO_ASSIGN_OR_RETURN(const Json* v, top.Array("evidence", 1));
  std::vector<Citation> out;
  for (size_t i = 0; i < v->size(); ++i) {
    PROTO_ASSIGN_OR_RETURN(const ObjectReader r,
                           ObjectReader::Open((*v)[i], IndexPath("evidence", i),
                                              {"authors", "title", "journal", "year", "details",
                                               "pmid", "pmcid", "doi", "nct", "url", "supports"}));
    Citation c;
    PROTO_ASSIGN_OR_RETURN(c.authors, r.String("authors"));
    PROTO_ASSIGN_OR_RETURN(c.title, r.String("title"));
    PROTO_ASSIGN_OR_RETURN(c.journal, r.OptionalString("journal"));
    PROTO_ASSIGN_OR_RETURN(const auto year, r.OptionalInt("year", 1900, 2100));
    c.year = year.value_or(0);
    PROTO_ASSIGN_OR_RETURN(c.details, r.OptionalString("details"));
    const std::pair<std::string_view, std::string*> ids[] = {
        {"pmid", &c.pmid}, {"pmcid", &c.pmcid}, {"doi", &c.doi}, {"nct", &c.nct}, {"url", &c.url}};
    for (const auto& [key, target] : ids) {
      PROTO_ASSIGN_OR_RETURN(*target, r.OptionalString(key));
      if (!target->empty()) PROTO_RETURN_IF_ERROR(CheckIdentifier(r, key, *target));
    }
    PROTO_ASSIGN_OR_RETURN(c.supports, r.OptionalString("supports"));
    out.push_back(std::move(c));
  }
  return out;
}

Result<Protocol> ParseProtocolJson(const Json& root) {
  PROTO_ASSIGN_OR_RETURN(
      const ObjectReader top,
      ObjectReader::Open(
          root, "",
          {"format_version", "id", "name", "class", "summary", "labels", "dosing", "phases",
           "tracking", "decision_weeks", "side_effects", "labs", "evidence"}));
  PROTO_RETURN_IF_ERROR(top.Int("format_version", 1, 1));
  Protocol p;
  PROTO_ASSIGN_OR_RETURN(p.id, top.String("id"));
  const bool id_ok = std::all_of(p.id.begin(), p.id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
  if (!id_ok)
    return InvalidArgument("id", fmt::format("'{}' is not allowed; use a-z, 0-9, _ and -", p.id));
  PROTO_ASSIGN_OR_RETURN(p.name, top.String("name"));
  PROTO_ASSIGN_OR_RETURN(const std::string class_name, top.String("class"));
  PROTO_ASSIGN_OR_RETURN(p.treatment_class, ParseTreatmentClass(class_name));
  PROTO_ASSIGN_OR_RETURN(p.summary, top.String("summary"));
  PROTO_ASSIGN_OR_RETURN(p.labels, ParseLabels(top));
  PROTO_ASSIGN_OR_RETURN(p.dosing, ParseDosing(top));
  PROTO_ASSIGN_OR_RETURN(p.phases, ParsePhases(top));
  PROTO_ASSIGN_OR_RETURN(p.tracking, ParseTracking(top));
  PROTO_ASSIGN_OR_RETURN(p.decision_weeks, ParseDecisionWeeks(top));
  PROTO_ASSIGN_OR_RETURN(p.side_effects, ParseSideEffects(top));
  PROTO_ASSIGN_OR_RETURN(p.labs, ParseLabs(top));
  PROTO_ASSIGN_OR_RETURN(p.evidence, ParseEvidence(top));
  PROTO_RETURN_IF_ERROR(ValidateTrackingPlan(p.tracking, p.phases, p.decision_weeks));
  return p;
}

}  // namespace

std::string_view ConditionName(Condition value) {
  for (const auto& [v, name] : kConditionNames) {
    if (v == value) return name;
  }
  return "AA";
}

std::string_view LabelStatusKindName(LabelStatusKind value) {
  for (const auto& [v, name] : kLabelStatusNames) {
    if (v == value) return name;
  }
  return "off_label";
}

const LabelStatus& Protocol::Label(Condition condition) const {
  for (const LabelStatus& label : labels) {
    if (label.condition == condition) return label;
  }
  return labels.front();
}

const PhaseRule& Protocol::PhaseAt(int week) const { return PhaseRuleAt(phases, week); }

Result<Protocol> ParseProtocol(std::string_view json_text, std::string_view source) {
  // Strict: a duplicate key, 1e999 or deep nesting is an error naming the file, not an exception.
  auto root = ParseStrictJson(json_text, source);
  if (!root) {
    Error e = root.error();
    if (e.field != source) e.field = std::string(source) + ": " + e.field;
    return tl::unexpected(e);
  }
  return ParseProtocolJson(*root).map_error([&](Error e) {
    e.field = e.field.empty() ? std::string(source) : std::string(source) + ": " + e.field;
    return e;
  });
}

#undef PROTO_RETURN_IF_ERROR
#undef PROTO_ASSIGN_OR_RETURN
#undef PROTO_ASSIGN_IMPL
#undef PROTO_CONCAT
#undef PROTO_CONCAT_INNER

}  // namespace tricholog
