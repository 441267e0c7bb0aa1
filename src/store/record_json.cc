#include "store/record_json.h"

#include <fmt/format.h>

#include <set>

#include "core/strict_json.h"
#include "store/base64.h"
#include "store/record_validate.h"

namespace tricholog::store {
namespace {

using nlohmann::json;

template <typename T>
json Opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}
json OptDay(const std::optional<Date>& d) { return d ? json(d->ToString()) : json(nullptr); }

json SessionToJson(const TrackingSession& s) {
  json photos = json::array(), zones = json::array(), salt = json::array(), easi = json::array(),
       isr = json::array();
  for (const auto& p : s.photos) {
    photos.push_back({{"view", p.view},
                      {"sha256", p.sha256},
                      {"width_px", p.width_px},
                      {"height_px", p.height_px}});
  }
  for (const auto& z : s.zone_densities) {
    zones.push_back({{"zone", z.zone}, {"hairs_per_cm2", z.hairs_per_cm2}});
  }
  for (const auto& r : s.salt_regions)
    salt.push_back(
        {{"region", r.region}, {"loss_pct", r.loss_pct}, {"confirmation", r.confirmation}});
  for (const auto& e : s.easi_regions) {
    easi.push_back({{"region", e.region},
                    {"area_score", e.area_score},
                    {"erythema", e.erythema},
                    {"induration", e.induration},
                    {"excoriation", e.excoriation},
                    {"lichenification", e.lichenification}});
  }
  for (const auto& r : s.injection_site_reactions) {
    isr.push_back(
        {{"site", r.site}, {"reaction", r.reaction}, {"ctcae_grade", Opt(r.ctcae_grade)}});
  }
  return {{"id", s.id},
          {"patient_id", s.patient_id},
          {"course_id", s.course_id},
          {"session_date", s.session_date.ToString()},
          {"week", Opt(s.week)},
          {"photos", photos},
          {"zone_densities", zones},
          {"salt_regions", salt},
          {"easi_regions", easi},
          {"itch_nrs", Opt(s.itch_nrs)},
          {"poem", Opt(s.poem)},
          {"dlqi", Opt(s.dlqi)},
          {"vellus_fraction", Opt(s.vellus_fraction)},
          {"patient_reported_hair_change",
           s.patient_reported_hair_change ? json(*s.patient_reported_hair_change) : json()},
          {"injection_site_reactions", isr},
          {"recorded_by", s.recorded_by},
          {"recorded_at", s.recorded_at}};
}

// Column ranges the reader enforces (the same as the model's Validate and the clinical scales).
constexpr std::int64_t kMaxWeek = 520;
constexpr std::int64_t kMaxPhotoSide = 100000;

// Reading: a cursor that remembers the first problem and its path. Numbers go through
// JsonInteger/JsonNumber, so nothing is rounded, narrowed or wrapped on the way in.
class Reader {
 public:
  std::optional<Error> error;

  std::string Text(const json& j, const char* key, const std::string& path) {
    const json* v = Find(j, key, path);
    if (v == nullptr) return {};
    if (!v->is_string()) return Fail(path + "." + key, "must be a string"), std::string();
    return v->get<std::string>();
  }
  int Int(const json& j, const char* key, const std::string& path, std::int64_t lo,
          std::int64_t hi) {
    const json* v = Find(j, key, path);
    if (v == nullptr) return 0;
    auto n = JsonInteger(*v, path + "." + key, lo, hi);
    if (!n) return Fail(n.error()), 0;
    return static_cast<int>(*n);  // lo..hi lie within int
  }
  std::optional<int> OptInt(const json& j, const char* key, const std::string& path,
                            std::int64_t lo, std::int64_t hi) {
    const json* v = Find(j, key, path);
    if (v == nullptr || v->is_null()) return std::nullopt;
    return Int(j, key, path, lo, hi);
  }
  double Real(const json& j, const char* key, const std::string& path, double lo, double hi) {
    const json* v = Find(j, key, path);
    if (v == nullptr) return 0;
    auto n = JsonNumber(*v, path + "." + key, lo, hi);
    if (!n) return Fail(n.error()), 0.0;
    return *n;
  }
  std::optional<double> OptReal(const json& j, const char* key, const std::string& path, double lo,
                                double hi) {
    const json* v = Find(j, key, path);
    if (v == nullptr || v->is_null()) return std::nullopt;
    return Real(j, key, path, lo, hi);
  }
  bool Bool(const json& j, const char* key, const std::string& path) {
    const json* v = Find(j, key, path);
    if (v == nullptr) return false;
    if (!v->is_boolean()) return Fail(path + "." + key, "must be true or false"), false;
    return v->get<bool>();
  }
  Date Day(const json& j, const char* key, const std::string& path) {
    const std::string text = Text(j, key, path);
    if (error) return Date();
    auto d = Date::Parse(text, path + "." + key);
    if (!d) return Fail(path + "." + key, d.error().message), Date();
    return *d;
  }
  std::optional<Date> OptDay(const json& j, const char* key, const std::string& path) {
    const json* v = Find(j, key, path);
    if (v == nullptr || v->is_null()) return std::nullopt;
    return Day(j, key, path);
  }
  std::optional<std::string> OptText(const json& j, const char* key, const std::string& path) {
    const json* v = Find(j, key, path);
    if (v == nullptr || v->is_null()) return std::nullopt;
    return Text(j, key, path);
  }
  const json& Array(const json& j, const char* key, const std::string& path) {
    static const json kEmpty = json::array();
    const json* v = Find(j, key, path);
    if (v == nullptr) return kEmpty;
    if (!v->is_array()) return Fail(path + "." + key, "must be an array"), kEmpty;
    return *v;
  }
  void Fail(const std::string& path, const std::string& message) {
    if (!error) error = Error{ErrorCode::kParseError, message, path};
  }
  void Fail(const Error& e) {
    if (!error) error = e;
  }

 private:
  const json* Find(const json& j, const char* key, const std::string& path) {
    if (error) return nullptr;
    if (!j.is_object()) return Fail(path, "must be an object"), nullptr;
    auto it = j.find(key);
    if (it == j.end()) return Fail(path + "." + key, "is required but missing"), nullptr;
    return &*it;
  }
};

TrackingSession SessionFromJson(Reader& r, const json& j, const std::string& p) {
  TrackingSession s;
  s.id = r.Text(j, "id", p);
  s.patient_id = r.Text(j, "patient_id", p);
  s.course_id = r.Text(j, "course_id", p);
  s.session_date = r.Day(j, "session_date", p);
  s.week = r.OptInt(j, "week", p, 0, kMaxWeek);
  const auto& photos = r.Array(j, "photos", p);
  for (std::size_t i = 0; i < photos.size() && !r.error; ++i) {
    const std::string q = fmt::format("{}.photos[{}]", p, i);
    s.photos.push_back({r.Text(photos[i], "view", q), r.Text(photos[i], "sha256", q),
                        r.Int(photos[i], "width_px", q, 1, kMaxPhotoSide),
                        r.Int(photos[i], "height_px", q, 1, kMaxPhotoSide)});
  }
  const auto& zones = r.Array(j, "zone_densities", p);
  for (std::size_t i = 0; i < zones.size() && !r.error; ++i) {
    const std::string q = fmt::format("{}.zone_densities[{}]", p, i);
    s.zone_densities.push_back(
        {r.Text(zones[i], "zone", q), r.Real(zones[i], "hairs_per_cm2", q, 0, 1000)});
  }
  const auto& salt = r.Array(j, "salt_regions", p);
  for (std::size_t i = 0; i < salt.size() && !r.error; ++i) {
    const std::string q = fmt::format("{}.salt_regions[{}]", p, i);
    // "confirmation" is schema v7; records written before it were measured automatically.
    const bool has_confirmation = salt[i].is_object() && salt[i].contains("confirmation");
    s.salt_regions.push_back(
        {r.Text(salt[i], "region", q), r.Real(salt[i], "loss_pct", q, 0, 100),
         has_confirmation ? r.Text(salt[i], "confirmation", q) : std::string("automatic")});
  }
  const auto& easi = r.Array(j, "easi_regions", p);
  for (std::size_t i = 0; i < easi.size() && !r.error; ++i) {
    const std::string q = fmt::format("{}.easi_regions[{}]", p, i);
    // EASI: area score 0..6, each sign 0..3 (Hanifin 2001, Exp Dermatol 10:11).
    s.easi_regions.push_back(
        {r.Text(easi[i], "region", q), r.Int(easi[i], "area_score", q, 0, 6),
         r.Int(easi[i], "erythema", q, 0, 3), r.Int(easi[i], "induration", q, 0, 3),
         r.Int(easi[i], "excoriation", q, 0, 3), r.Int(easi[i], "lichenification", q, 0, 3)});
  }
  s.itch_nrs = r.OptInt(j, "itch_nrs", p, 0, 10);
  s.poem = r.OptInt(j, "poem", p, 0, 28);
  s.dlqi = r.OptInt(j, "dlqi", p, 0, 30);
  s.vellus_fraction = r.OptReal(j, "vellus_fraction", p, 0, 1);
  // Schema v8; records written before it did not ask. The value is checked by Validate.
  if (j.is_object() && j.contains("patient_reported_hair_change")) {
    s.patient_reported_hair_change = r.OptText(j, "patient_reported_hair_change", p);
  }
  const auto& isr = r.Array(j, "injection_site_reactions", p);
  for (std::size_t i = 0; i < isr.size() && !r.error; ++i) {
    const std::string q = fmt::format("{}.injection_site_reactions[{}]", p, i);
    s.injection_site_reactions.push_back({r.Text(isr[i], "site", q), r.Text(isr[i], "reaction", q),
                                          r.OptInt(isr[i], "ctcae_grade", q, 1, 5)});
  }
  s.recorded_by = r.Text(j, "recorded_by", p);
  s.recorded_at = r.Text(j, "recorded_at", p);
  return s;
}

#define RETURN_IF_ERROR(expr)                                     \
  do {                                                            \
    if (auto r_ = (expr); !r_) return tl::unexpected(r_.error()); \
  } while (false)

}  // namespace

nlohmann::json RecordToJson(const PatientRecord& rec) {
  const Patient& p = rec.patient;
  json out;
  out["format"] = kRecordFormat;
  out["patient"] = {{"id", p.id},
                    {"user_id", p.user_id},
                    {"display_name", p.display_name},
                    {"birth_year", Opt(p.birth_year)},
                    {"created_at", p.created_at}};
  out["conditions"] = json::array();
  for (const auto& c : rec.conditions) {
    out["conditions"].push_back({{"id", c.id},
                                 {"patient_id", c.patient_id},
                                 {"kind", c.kind},
                                 {"snomed_code", c.snomed_code},
                                 {"icd10_code", c.icd10_code},
                                 {"icd11_code", c.icd11_code},
                                 {"subtype", c.subtype},
                                 {"onset", OptDay(c.onset)}});
  }
  out["courses"] = json::array();
  for (const auto& c : rec.courses) {
    out["courses"].push_back({{"id", c.id},
                              {"patient_id", c.patient_id},
                              {"condition_id", c.condition_id},
                              {"protocol_id", c.protocol_id},
                              {"treatment_class", c.treatment_class},
                              {"medication", c.medication},
                              {"dosing", c.dosing},
                              {"reason", c.reason},
                              {"off_label", c.off_label},
                              {"start_date", c.start_date.ToString()},
                              {"end_date", OptDay(c.end_date)}});
  }
  out["administrations"] = json::array();
  for (const auto& a : rec.administrations) {
    out["administrations"].push_back({{"id", a.id},
                                      {"course_id", a.course_id},
                                      {"given_on", a.given_on.ToString()},
                                      {"dose_mg", a.dose_mg},
                                      {"injection_site", a.injection_site}});
  }
  out["sessions"] = json::array();
  for (const auto& s : rec.sessions) out["sessions"].push_back(SessionToJson(s));
  out["adverse_events"] = json::array();
  for (const auto& e : rec.adverse_events) {
    out["adverse_events"].push_back({{"id", e.id},
                                     {"patient_id", e.patient_id},
                                     {"course_id", e.course_id},
                                     {"term", e.term},
                                     {"meddra_code", e.meddra_code},
                                     {"ctcae_grade", e.ctcae_grade},
                                     {"ctcae_version", e.ctcae_version},
                                     {"onset", e.onset.ToString()},
                                     {"resolved", OptDay(e.resolved)},
                                     {"action_taken", e.action_taken},
                                     {"serious", e.serious}});
  }
  out["notes"] = json::array();
  for (const auto& n : rec.notes) {
    out["notes"].push_back({{"id", n.id},
                            {"patient_id", n.patient_id},
                            {"session_id", n.session_id},
                            {"author_user_id", n.author_user_id},
                            {"written_at", n.written_at},
                            {"text", n.text}});
  }
  out["shares"] = json::array();
  for (const auto& s : rec.shares) {
    out["shares"].push_back({{"id", s.id},
                             {"patient_id", s.patient_id},
                             {"physician_user_id", s.physician_user_id},
                             {"granted_at", s.granted_at},
                             {"revoked_at", Opt(s.revoked_at)}});
  }
  out["decisions"] = json::array();  // schema v9
  for (const auto& d : rec.decisions) {
    out["decisions"].push_back({{"id", d.id},
                                {"patient_id", d.patient_id},
                                {"course_id", d.course_id},
                                {"decided_on", d.decided_on.ToString()},
                                {"week", Opt(d.week)},
                                {"decision", d.decision},
                                {"reason", d.reason},
                                {"decided_by", d.decided_by},
                                {"recorded_at", d.recorded_at}});
  }
  return out;
}

namespace {

Result<PatientRecord> ReadRecord(const json& j) {
  Reader r;
  PatientRecord rec;
  if (r.Text(j, "format", "$") != kRecordFormat && !r.error) {
    return MakeError(ErrorCode::kParseError, std::string("must be \"") + kRecordFormat + "\"",
                     "$.format");
  }
  const json& p = j.is_object() && j.contains("patient") ? j["patient"] : json();
  rec.patient = {r.Text(p, "id", "$.patient"), r.Text(p, "user_id", "$.patient"),
                 r.Text(p, "display_name", "$.patient"),
                 r.OptInt(p, "birth_year", "$.patient", 1900, CurrentUtcYear()),
                 r.Text(p, "created_at", "$.patient")};
  const auto& conditions = r.Array(j, "conditions", "$");
  for (std::size_t i = 0; i < conditions.size() && !r.error; ++i) {
    const json& c = conditions[i];
    const std::string q = fmt::format("$.conditions[{}]", i);
    rec.conditions.push_back({r.Text(c, "id", q), r.Text(c, "patient_id", q), r.Text(c, "kind", q),
                              r.Text(c, "snomed_code", q), r.Text(c, "icd10_code", q),
                              r.Text(c, "icd11_code", q), r.Text(c, "subtype", q),
                              r.OptDay(c, "onset", q)});
  }
  const auto& courses = r.Array(j, "courses", "$");
  for (std::size_t i = 0; i < courses.size() && !r.error; ++i) {
    const json& c = courses[i];
    const std::string q = fmt::format("$.courses[{}]", i);
    rec.courses.push_back(
        {r.Text(c, "id", q), r.Text(c, "patient_id", q), r.Text(c, "condition_id", q),
         r.Text(c, "protocol_id", q), r.Text(c, "treatment_class", q), r.Text(c, "medication", q),
         r.Text(c, "dosing", q), r.Text(c, "reason", q), r.Bool(c, "off_label", q),
         r.Day(c, "start_date", q), r.OptDay(c, "end_date", q)});
  }
  const auto& admins = r.Array(j, "administrations", "$");
  for (std::size_t i = 0; i < admins.size() && !r.error; ++i) {
    const json& a = admins[i];
    const std::string q = fmt::format("$.administrations[{}]", i);
    // A dose is positive: 0.001 mg (1 microgram) to 10 g, as protocols allow.
    rec.administrations.push_back({r.Text(a, "id", q), r.Text(a, "course_id", q),
                                   r.Day(a, "given_on", q), r.Real(a, "dose_mg", q, 0.001, 10000),
                                   r.Text(a, "injection_site", q)});
  }
  const auto& sessions = r.Array(j, "sessions", "$");
  for (std::size_t i = 0; i < sessions.size() && !r.error; ++i) {
    rec.sessions.push_back(SessionFromJson(r, sessions[i], fmt::format("$.sessions[{}]", i)));
  }
  const auto& events = r.Array(j, "adverse_events", "$");
  for (std::size_t i = 0; i < events.size() && !r.error; ++i) {
    const json& e = events[i];
    const std::string q = fmt::format("$.adverse_events[{}]", i);
    rec.adverse_events.push_back(
        {r.Text(e, "id", q), r.Text(e, "patient_id", q), r.Text(e, "course_id", q),
         r.Text(e, "term", q), r.Text(e, "meddra_code", q), r.Int(e, "ctcae_grade", q, 1, 5),
         r.Text(e, "ctcae_version", q), r.Day(e, "onset", q), r.OptDay(e, "resolved", q),
         r.Text(e, "action_taken", q), r.Bool(e, "serious", q)});
  }
  const auto& notes = r.Array(j, "notes", "$");
  for (std::size_t i = 0; i < notes.size() && !r.error; ++i) {
    const json& n = notes[i];
    const std::string q = fmt::format("$.notes[{}]", i);
    rec.notes.push_back({r.Text(n, "id", q), r.Text(n, "patient_id", q), r.Text(n, "session_id", q),
                         r.Text(n, "author_user_id", q), r.Text(n, "written_at", q),
                         r.Text(n, "text", q)});
  }
  const auto& shares = r.Array(j, "shares", "$");
  for (std::size_t i = 0; i < shares.size() && !r.error; ++i) {
    const json& s = shares[i];
    const std::string q = fmt::format("$.shares[{}]", i);
    rec.shares.push_back({r.Text(s, "id", q), r.Text(s, "patient_id", q),
                          r.Text(s, "physician_user_id", q), r.Text(s, "granted_at", q),
                          r.OptText(s, "revoked_at", q)});
  }
  // Schema v9; records exported before it have no "decisions". Values are checked by Validate.
  if (j.is_object() && j.contains("decisions")) {
    const auto& decisions = r.Array(j, "decisions", "$");
    for (std::size_t i = 0; i < decisions.size() && !r.error; ++i) {
      const json& d = decisions[i];
      const std::string q = fmt::format("$.decisions[{}]", i);
      rec.decisions.push_back(
          {r.Text(d, "id", q), r.Text(d, "patient_id", q), r.Text(d, "course_id", q),
           r.Day(d, "decided_on", q), r.OptInt(d, "week", q, 0, kMaxWeek), r.Text(d, "decision", q),
           r.Text(d, "reason", q), r.Text(d, "decided_by", q), r.Text(d, "recorded_at", q)});
    }
  }
  if (r.error) return tl::unexpected(*r.error);
  return rec;
}

}  // namespace

Result<PatientRecord> RecordFromJson(const nlohmann::json& j) {
  auto rec = ReadRecord(j);
  if (!rec) return tl::unexpected(rec.error());
  RETURN_IF_ERROR(ValidateRecord(*rec));
  return rec;
}

Result<RecordFile> RecordFileFromJson(const nlohmann::json& j) {
  auto rec = RecordFromJson(j);
  if (!rec) return tl::unexpected(rec.error());
  RecordFile file{std::move(*rec), {}};
  if (!j.contains("photos")) return file;
  const json& photos = j["photos"];
  if (!photos.is_object())
    return MakeError(ErrorCode::kParseError, "must be an object", "$.photos");
  std::set<std::string> referenced;
  for (const auto& s : file.record.sessions) {
    for (const auto& photo : s.photos) referenced.insert(photo.sha256);
  }
  for (const auto& [sha, text] : photos.items()) {
    const std::string path = "$.photos." + sha.substr(0, 64);
    if (referenced.count(sha) == 0) {
      return InvalidArgument(path, "is not a photo of any session in this file");
    }
    if (!text.is_string()) return MakeError(ErrorCode::kParseError, "must be a string", path);
    auto bytes = FromBase64(text.get_ref<const std::string&>(), path);
    if (!bytes) return tl::unexpected(bytes.error());
    if (Sha256Hex(*bytes) != sha) {
      return MakeError(ErrorCode::kParseError, "content does not match its hash", path);
    }
    file.photos.emplace(sha, std::move(*bytes));
  }
  return file;
}

Result<nlohmann::json> RecordToJsonWithPhotos(const PatientRecord& record, const BlobStore& blobs) {
  json out = RecordToJson(record);
  json photos = json::object();
  for (const auto& s : record.sessions) {
    for (const auto& photo : s.photos) {
      if (photos.contains(photo.sha256)) continue;
      auto bytes = blobs.Get(photo.sha256);
      if (!bytes) {
        return MakeError(
            bytes.error().code,
            fmt::format("photo {} of session {}: {}", photo.sha256, s.id, bytes.error().message),
            "photos");
      }
      photos[photo.sha256] = ToBase64(*bytes);
    }
  }
  out["photos"] = std::move(photos);
  return out;
}

}  // namespace tricholog::store
