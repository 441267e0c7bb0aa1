#include "export/fhir_bundle.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <span>
#include <utility>

#include "app/patient_overview.h"
#include "core/easi_score.h"
#include "core/response_assessment.h"
#include "core/salt_score.h"
#include "core/schedule.h"
#include "store/base64.h"
#include "store/blob_store.h"

namespace tricholog::exporter {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kObservationCategorySystem =
    "http://terminology.hl7.org/CodeSystem/observation-category";
constexpr std::string_view kConditionClinicalSystem =
    "http://terminology.hl7.org/CodeSystem/condition-clinical";
constexpr std::string_view kMediaTypeSystem = "http://terminology.hl7.org/CodeSystem/media-type";
constexpr std::string_view kAeSeveritySystem =
    "http://terminology.hl7.org/CodeSystem/adverse-event-severity";
constexpr std::string_view kAeSeriousnessSystem =
    "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness";
constexpr std::string_view kAeOutcomeSystem =
    "http://terminology.hl7.org/CodeSystem/adverse-event-outcome";
// "Injection site reaction", CTCAE v5.0 term (clinical.md §2.5).
constexpr std::string_view kMeddraInjectionSiteReaction = "10022095";

// ---------------------------------------------------------------------------------------------
// Small builders.

std::string Ref(std::string_view key) { return "urn:uuid:" + FhirResourceId(key); }
Json Reference(std::string_view key) { return Json{{"reference", Ref(key)}}; }

Json Coding(std::string_view system, std::string_view code, std::string_view display = {}) {
  Json c{{"system", system}, {"code", code}};
  if (!display.empty()) c["display"] = display;
  return c;
}

Json Concept(Json coding, std::string_view text = {}) {
  Json c{{"coding", Json::array({std::move(coding)})}};
  if (!text.empty()) c["text"] = text;
  return c;
}

Json Text(std::string_view text) { return Json{{"text", text}}; }

Json StoreIdentifier(std::string_view id) {
  return Json::array({Json{{"system", kStoreIdSystem}, {"value", id}}});
}

Json Quantity(double value, std::string_view unit, std::string_view ucum) {
  return Json{{"value", value}, {"unit", unit}, {"system", kUcumSystem}, {"code", ucum}};
}

Json Percent(double value) { return Quantity(value, "%", "%"); }
Json Score(double value) { return Quantity(value, "score", "{score}"); }

Json ScalpSite() { return Concept(Coding(kSnomedSystem, kSnomedScalp), "Scalp"); }

Json ObservationCategory(std::string_view code) {
  const std::string_view display = code == "survey" ? "Survey" : "Exam";
  return Json::array({Concept(Coding(kObservationCategorySystem, code, display))});
}

// "abdomen_left" -> "abdomen, left"; "upper_arm_right" -> "upper arm, right".
std::string SiteText(std::string_view site) {
  std::string out(site);
  for (const std::string_view side : {"_left", "_right"}) {
    if (out.size() > side.size() && out.ends_with(side)) {
      out = out.substr(0, out.size() - side.size()) + "," + std::string(side);
      break;
    }
  }
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

// The MIME type the photo's first bytes announce ("" when unknown).
std::string_view SniffImageType(std::span<const std::uint8_t> b) {
  if (b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return "image/jpeg";
  if (b.size() >= 8 && b[0] == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
    return "image/png";
  }
  if (b.size() >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' &&
      b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
    return "image/webp";
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// The project's code systems: (code, display, definition).

struct ConceptDef {
  std::string code;
  std::string display;
  std::string definition;
};

struct CodeSystemDef {
  std::string_view url;
  std::string name;
  std::string title;
  std::string description;
  std::vector<ConceptDef> concepts;
};

const std::array<std::pair<std::string_view, std::string_view>, 4> kSaltRegions{{
    {"top", "Vertex (top)"},
    {"back", "Posterior (back)"},
    {"left", "Left side"},
    {"right", "Right side"},
}};

double SaltWeight(std::string_view region) {
  if (region == "top") return kSaltTopWeight;
  if (region == "back") return kSaltBackWeight;
  if (region == "left") return kSaltLeftWeight;
  return kSaltRightWeight;
}

const std::array<std::pair<std::string_view, std::string_view>, 4> kEasiRegions{{
    {"head_neck", "Head and neck"},
    {"upper_limbs", "Upper limbs"},
    {"trunk", "Trunk"},
    {"lower_limbs", "Lower limbs"},
}};

const std::array<std::pair<std::string_view, std::string_view>, 5> kEasiItems{{
    {"area", "area score (0-6)"},
    {"erythema", "erythema (0-3)"},
    {"induration", "induration/papulation/oedema (0-3)"},
    {"excoriation", "excoriation (0-3)"},
    {"lichenification", "lichenification (0-3)"},
}};

// Zones of imaging/scalp_zones.h (ScalpZoneName), in its order.
const std::array<std::pair<std::string_view, std::string_view>, 6> kScalpZones{{
    {"frontal", "Frontal"},
    {"mid_scalp", "Mid-scalp"},
    {"vertex", "Vertex"},
    {"occipital", "Occipital"},
    {"left_temporoparietal", "Left temporoparietal"},
    {"right_temporoparietal", "Right temporoparietal"},
}};

std::vector<CodeSystemDef> ProjectCodeSystems(const std::vector<Protocol>& catalog,
                                              const std::set<std::string>& extra_zones) {
  std::vector<CodeSystemDef> out;
  out.push_back({kScoresSystem,
                 "TrichologScores",
                 "Tricholog scores",
                 "Clinical and patient-reported scores for which no LOINC code was found "
                 "(clinical.md section 3.1).",
                 {{"salt", "SALT score",
                   "Severity of Alopecia Tool: percent of the scalp without terminal hair, "
                   "0.40 top + 0.24 back + 0.18 left + 0.18 right (Olsen 2004, JAAD 51:440)."},
                  {"aa-iga", "AA-IGA",
                   "Alopecia Areata Investigator Global Assessment 0-4 from SALT bands "
                   "(Wyrwich 2020, BJD 183:702)."},
                  {"easi", "EASI score",
                   "Eczema Area and Severity Index 0-72 (Hanifin 2001, Exp Dermatol 10:11)."},
                  {"pp-nrs", "Peak Pruritus NRS",
                   "Worst itch in the past 24 hours, 0-10 (Yosipovitch 2019, BJD 181:761)."},
                  {"poem", "POEM", "Patient-Oriented Eczema Measure, 0-28 (Charman 2004)."},
                  {"dlqi", "DLQI", "Dermatology Life Quality Index, 0-30 (Finlay & Khan 1994)."},
                  {"vellus-percent", "Vellus hair percent",
                   "Share of counted scalp hairs that are vellus, percent."},
                  {"hair-density", "Scalp hair density by zone",
                   "Hairs per square centimetre in each scalp zone, from photo analysis."}}});
  CodeSystemDef salt{kSaltRegionsSystem,
                     "TrichologSaltRegions",
                     "SALT scalp regions",
                     "The four scalp regions of SALT with their weights (Olsen 2004); a "
                     "component's value is the percent of that region without terminal hair.",
                     {}};
  for (const auto& [code, display] : kSaltRegions) {
    salt.concepts.push_back(
        {std::string(code), std::string(display),
         fmt::format("{}: weight {:.2f} of the scalp in SALT", display, SaltWeight(code))});
  }
  out.push_back(std::move(salt));
  CodeSystemDef easi{kEasiComponentsSystem,
                     "TrichologEasiComponents",
                     "EASI components",
                     "EASI by body region: the region's weighted contribution (code = the "
                     "region) and its area score and four signs (code = region.item).",
                     {}};
  for (const auto& [region, region_display] : kEasiRegions) {
    easi.concepts.push_back(
        {std::string(region), std::string(region_display),
         std::string(region_display) + ": weight x sum of the four signs x area score"});
    for (const auto& [item, item_display] : kEasiItems) {
      easi.concepts.push_back({fmt::format("{}.{}", region, item),
                               fmt::format("{} {}", region_display, item_display), ""});
    }
  }
  out.push_back(std::move(easi));
  CodeSystemDef zones{kScalpZonesSystem,
                      "TrichologScalpZones",
                      "Scalp zones",
                      "Zones of the scalp the photo analysis measures hair density in.",
                      {}};
  for (const auto& [code, display] : kScalpZones) {
    zones.concepts.push_back({std::string(code), std::string(display), ""});
  }
  for (const std::string& zone : extra_zones) zones.concepts.push_back({zone, zone, ""});
  out.push_back(std::move(zones));
  CodeSystemDef iga{kAaIgaSystem,
                    "TrichologAaIga",
                    "AA-IGA grades",
                    "Alopecia Areata Investigator Global Assessment grades and their SALT bands "
                    "(Wyrwich 2020).",
                    {{"0", "None", "SALT 0"},
                     {"1", "Limited", "SALT 1-20"},
                     {"2", "Moderate", "SALT 21-49"},
                     {"3", "Severe", "SALT 50-94"},
                     {"4", "Very severe", "SALT 95-100"}}};
  out.push_back(std::move(iga));
  CodeSystemDef meds{kMedicationsSystem,
                     "TrichologMedications",
                     "Tricholog treatment protocols",
                     "The treatment protocols Tricholog ships (data/protocols); the code is the "
                     "protocol id. Used because RxNorm codes for these drugs were not verified.",
                     {}};
  for (const Protocol& p : catalog) meds.concepts.push_back({p.id, p.name, p.summary});
  out.push_back(std::move(meds));
  out.push_back({kCarePlanActivitiesSystem,
                 "TrichologCarePlanActivities",
                 "Tracking schedule activities",
                 "What a CarePlan activity of a Tricholog schedule is.",
                 {{"baseline", "Baseline tracking session",
                   "Photos and scores before the first dose (week 0)."},
                  {"tracking-session", "Tracking session", "Photos and scores at a planned week."},
                  {"lab-test", "Laboratory test", "A test the protocol's label asks for."}}});
  out.push_back({kDocumentsSystem,
                 "TrichologDocuments",
                 "Tricholog documents",
                 "Documents Tricholog writes.",
                 {{"physician-report", "Tricholog physician report",
                   "The treatment-response summary for the physician."}}});
  return out;
}

Json CodeSystemResource(const CodeSystemDef& def) {
  Json concepts = Json::array();
  for (const ConceptDef& c : def.concepts) {
    Json item{{"code", c.code}, {"display", c.display}};
    if (!c.definition.empty()) item["definition"] = c.definition;
    concepts.push_back(std::move(item));
  }
  return Json{{"resourceType", "CodeSystem"},
              {"url", def.url},
              {"version", "1"},
              {"name", def.name},
              {"title", def.title},
              {"status", "active"},
              {"experimental", false},
              {"publisher", "Tricholog"},
              {"description", def.description},
              {"caseSensitive", true},
              {"content", "complete"},
              {"count", def.concepts.size()},
              {"concept", std::move(concepts)}};
}

// ---------------------------------------------------------------------------------------------
// The Bundle under construction.

class BundleBuilder {
 public:
  BundleBuilder(const store::PatientRecord& record, const std::vector<Protocol>& catalog,
                Date today, const FhirBundleOptions& options)
      : record_(record), catalog_(catalog), today_(today), options_(options) {}

  Result<Json> Build();

 private:
  void Add(const std::string& key, Json resource) {
    resource["id"] = FhirResourceId(key);
    // resourceType first, then id, then the rest (ordered_json keeps insertion order).
    Json ordered{{"resourceType", resource["resourceType"]}, {"id", resource["id"]}};
    for (auto& [name, value] : resource.items()) {
      if (name != "resourceType" && name != "id") ordered[name] = std::move(value);
    }
    entries_.push_back(Json{{"fullUrl", Ref(key)}, {"resource", std::move(ordered)}});
  }

  const Protocol* FindProtocol(const std::string& id) const {
    for (const Protocol& p : catalog_) {
      if (p.id == id) return &p;
    }
    return nullptr;
  }
  const store::Course* FindCourse(const std::string& id) const {
    for (const store::Course& c : record_.courses) {
      if (c.id == id) return &c;
    }
    return nullptr;
  }
  bool HasCondition(const std::string& id) const {
    return std::any_of(record_.conditions.begin(), record_.conditions.end(),
                       [&](const store::Condition& c) { return c.id == id; });
  }

  Json Medication(const store::Course& course) const;
  std::string RouteOf(const store::Course& course) const;
  Json Subject() const { return Reference(patient_key_); }

  void AddPatient();
  void AddConditions();
  void AddCourses();
  void AddAdministrations();
  Result<void> AddSession(const store::TrackingSession& s);
  void AddAdverseEvents();
  void AddInjectionSiteReactions();
  void AddCarePlan();
  void AddDiagnosticReport();

  Json NewObservation(const store::TrackingSession& s, std::string_view category,
                      std::string_view code, std::string_view display) const;

  const store::PatientRecord& record_;
  const std::vector<Protocol>& catalog_;
  Date today_;
  const FhirBundleOptions& options_;
  std::string patient_key_;
  std::vector<const store::TrackingSession*> sessions_;  // by date, then id
  std::optional<app::PatientOverview> overview_;
  // Per session id: the keys of its Media (by view order) and its Observations.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> media_;  // view, key
  std::map<std::string, std::vector<std::string>> observations_;
  std::map<std::string, std::string> salt_key_, iga_key_, easi_key_;  // by session id
  std::set<std::string> extra_zones_;
  std::vector<Json> entries_;
};

Json BundleBuilder::Medication(const store::Course& course) const {
  const Protocol* protocol = FindProtocol(course.protocol_id);
  const std::string display = protocol ? protocol->name : course.medication;
  return Concept(Coding(kMedicationsSystem, course.protocol_id, display), course.medication);
}

std::string BundleBuilder::RouteOf(const store::Course& course) const {
  const Protocol* protocol = FindProtocol(course.protocol_id);
  if (protocol == nullptr || protocol->dosing.regimens.empty()) return {};
  return protocol->dosing.regimens.front().route;
}

void BundleBuilder::AddPatient() {
  const store::Patient& p = record_.patient;
  Json patient{{"resourceType", "Patient"}, {"identifier", StoreIdentifier(p.id)}};
  if (!p.display_name.empty()) patient["name"] = Json::array({Text(p.display_name)});
  // FHIR date allows the year alone; only the birth year is kept.
  if (p.birth_year) patient["birthDate"] = fmt::format("{:04d}", *p.birth_year);
  Add(patient_key_, std::move(patient));
}

void BundleBuilder::AddConditions() {
  for (const store::Condition& c : record_.conditions) {
    Json codings = Json::array();
    if (!c.snomed_code.empty()) codings.push_back(Coding(kSnomedSystem, c.snomed_code));
    if (!c.icd10_code.empty()) codings.push_back(Coding(kIcd10CmSystem, c.icd10_code));
    if (!c.icd11_code.empty()) codings.push_back(Coding(kIcd11MmsSystem, c.icd11_code));
    std::string text = c.kind == "alopecia_areata"     ? "Alopecia areata"
                       : c.kind == "atopic_dermatitis" ? "Atopic dermatitis"
                                                       : "Other condition";
    Json code{{"text", text}};
    if (!codings.empty()) code = Json{{"coding", std::move(codings)}, {"text", text}};
    Json condition{
        {"resourceType", "Condition"},
        {"identifier", StoreIdentifier(c.id)},
        // The store keeps no clinical status; a recorded diagnosis is taken as active.
        {"clinicalStatus", Concept(Coding(kConditionClinicalSystem, "active", "Active"))},
        {"code", std::move(code)},
        {"subject", Subject()}};
    if (c.onset) condition["onsetDateTime"] = c.onset->ToString();
    if (!c.subtype.empty()) {
      condition["stage"] = Json::array({Json{{"summary", Text(c.subtype)}}});
    }
    // AA severity from the latest SALT (clinical.md §3.1: AA-IGA in Condition.severity).
    if (c.kind == "alopecia_areata" && overview_ && overview_->salt) {
      const auto& salt = *overview_->salt;
      condition["severity"] =
          Text(fmt::format("AA-IGA {} ({}), SALT {:.1f} on {}", static_cast<int>(salt.score.aa_iga),
                           AaIgaLabel(salt.score.aa_iga), salt.score.salt, salt.date.ToString()));
    }
    Add("condition/" + c.id, std::move(condition));
  }
}

void BundleBuilder::AddCourses() {
  for (const store::Course& c : record_.courses) {
    std::string status = "active";
    if (c.end_date && *c.end_date < today_) status = "completed";
    if (c.start_date > today_) status = "intended";
    Json period{{"start", c.start_date.ToString()}};
    if (c.end_date) period["end"] = c.end_date->ToString();
    Json statement{
        {"resourceType", "MedicationStatement"},
        {"extension",
         Json::array({Json{{"url", kOffLabelExtension}, {"valueBoolean", c.off_label}}})},
        {"identifier", StoreIdentifier(c.id)},
        {"status", status},
        {"medicationCodeableConcept", Medication(c)},
        {"subject", Subject()},
        {"effectivePeriod", std::move(period)}};
    if (!c.reason.empty()) statement["reasonCode"] = Json::array({Text(c.reason)});
    if (HasCondition(c.condition_id)) {
      statement["reasonReference"] = Json::array({Reference("condition/" + c.condition_id)});
    }
    if (c.off_label) {
      statement["note"] =
          Json::array({Json{{"text", "Off-label use for the condition it treats."}}});
    }
    const std::string dosing = !c.dosing.empty() ? c.dosing : c.medication;
    Json dosage = dosing.empty() ? Json::object() : Json{{"text", dosing}};
    if (const std::string route = RouteOf(c); !route.empty()) dosage["route"] = Text(route);
    if (!dosage.empty()) statement["dosage"] = Json::array({std::move(dosage)});
    Add("course/" + c.id, std::move(statement));
  }
}

void BundleBuilder::AddAdministrations() {
  std::vector<const store::Administration*> sorted;
  for (const auto& a : record_.administrations) sorted.push_back(&a);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
    return std::tie(a->given_on, a->id) < std::tie(b->given_on, b->id);
  });
  for (const store::Administration* a : sorted) {
    const store::Course* course = FindCourse(a->course_id);
    Json dosage{{"dose", Quantity(a->dose_mg, "mg", "mg")}};
    if (!a->injection_site.empty()) dosage["site"] = Text(SiteText(a->injection_site));
    if (course) {
      if (const std::string route = RouteOf(*course); !route.empty()) {
        dosage["route"] = Text(route);
      }
    }
    Json admin{
        {"resourceType", "MedicationAdministration"},
        {"identifier", StoreIdentifier(a->id)},
        {"status", "completed"},
        {"medicationCodeableConcept", course ? Medication(*course) : Text("unknown medication")},
        {"subject", Subject()}};
    if (course) admin["supportingInformation"] = Json::array({Reference("course/" + course->id)});
    admin["effectiveDateTime"] = a->given_on.ToString();
    admin["dosage"] = std::move(dosage);
    Add("administration/" + a->id, std::move(admin));
  }
}

Json BundleBuilder::NewObservation(const store::TrackingSession& s, std::string_view category,
                                   std::string_view code, std::string_view display) const {
  Json obs{{"resourceType", "Observation"},
           {"status", "final"},
           {"category", ObservationCategory(category)},
           {"code", Concept(Coding(kScoresSystem, code, display), display)},
           {"subject", Subject()},
           {"effectiveDateTime", s.session_date.ToString()}};
  if (!s.recorded_at.empty()) obs["issued"] = s.recorded_at;
  return obs;
}

Result<void> BundleBuilder::AddSession(const store::TrackingSession& s) {
  const std::string base = "session/" + s.id + "/";
  auto& media = media_[s.id];
  auto& observations = observations_[s.id];

  // Media: one per photo.
  for (std::size_t i = 0; i < s.photos.size(); ++i) {
    const store::SessionPhoto& photo = s.photos[i];
    Json content{{"title", fmt::format("{} view, {}", photo.view, s.session_date.ToString())}};
    if (options_.inline_photos) {
      auto bytes = options_.photo_bytes.find(photo.sha256);
      if (bytes == options_.photo_bytes.end()) {
        return MakeError(ErrorCode::kNotFound,
                         fmt::format("the bytes of photo {} ({} view, session {}) are missing",
                                     photo.sha256, photo.view, s.session_date.ToString()),
                         "photos");
      }
      if (const auto type = SniffImageType(bytes->second); !type.empty()) {
        content["contentType"] = type;
      }
      content["data"] = store::ToBase64(bytes->second);
      content["size"] = bytes->second.size();
    } else {
      content["url"] = fmt::format("/api/v1/patients/{}/photos/{}", s.patient_id, photo.sha256);
    }
    // Attachment.hash is SHA-1 in FHIR R4; the store keys photos by SHA-256, which goes in an
    // identifier instead (docs/fhir.md).
    Json m{{"resourceType", "Media"},
           {"identifier",
            Json::array({Json{{"system", kPhotoSha256System}, {"value", photo.sha256}}})},
           {"status", "completed"},
           {"type", Concept(Coding(kMediaTypeSystem, "image", "Image"))},
           {"view", Text(photo.view.empty() ? "unknown" : photo.view)},
           {"subject", Subject()},
           {"createdDateTime", s.session_date.ToString()},
           {"bodySite", ScalpSite()}};
    if (photo.width_px > 0) m["width"] = photo.width_px;
    if (photo.height_px > 0) m["height"] = photo.height_px;
    m["content"] = std::move(content);
    const std::string key = fmt::format("{}photo/{}", base, i);
    Add(key, std::move(m));
    media.emplace_back(photo.view, key);
  }
  auto media_of = [&](auto&& wanted) {
    Json refs = Json::array();
    for (const auto& [view, key] : media) {
      if (wanted(view)) refs.push_back(Reference(key));
    }
    return refs;
  };

  // SALT with its four regions, when all four are recorded.
  std::map<std::string, double> regions;
  for (const store::SaltRegionLoss& r : s.salt_regions) regions[r.region] = r.loss_pct;
  if (regions.size() == 4 && regions.count("top") && regions.count("back") &&
      regions.count("left") && regions.count("right")) {
    const double salt =
        SaltFromRegions({regions["top"], regions["back"], regions["left"], regions["right"]});
    Json obs = NewObservation(s, "exam", "salt", "SALT score");
    obs["valueQuantity"] = Percent(salt);
    obs["bodySite"] = ScalpSite();
    obs["method"] = Text(
        "Percent scalp without terminal hair per region, weighted 0.40 top, 0.24 back, 0.18 "
        "left, 0.18 right (Olsen 2004); region figures from the session photos' analysis or "
        "entered by hand");
    Json derived = media_of([](const std::string& view) {
      return view == "top" || view == "back" || view == "left" || view == "right";
    });
    if (!derived.empty()) obs["derivedFrom"] = std::move(derived);
    Json components = Json::array();
    for (const auto& [code, display] : kSaltRegions) {
      components.push_back(Json{{"code", Concept(Coding(kSaltRegionsSystem, code, display))},
                                {"valueQuantity", Percent(regions[std::string(code)])}});
    }
    obs["component"] = std::move(components);
    const std::string key = base + "salt";
    Add(key, std::move(obs));
    observations.push_back(key);
    salt_key_[s.id] = key;

    const AaIga iga = AaIgaForSalt(std::clamp(salt, 0.0, 100.0));
    Json iga_obs = NewObservation(s, "exam", "aa-iga", "AA-IGA");
    const std::string grade = std::to_string(static_cast<int>(iga));
    iga_obs["valueCodeableConcept"] = Concept(Coding(kAaIgaSystem, grade, AaIgaLabel(iga)),
                                              fmt::format("{} {}", grade, AaIgaLabel(iga)));
    iga_obs["bodySite"] = ScalpSite();
    iga_obs["method"] = Text("From the session's SALT by the AA-IGA bands (Wyrwich 2020)");
    iga_obs["derivedFrom"] = Json::array({Reference(key)});
    const std::string iga_key = base + "aa-iga";
    Add(iga_key, std::move(iga_obs));
    observations.push_back(iga_key);
    iga_key_[s.id] = iga_key;
  }

  // EASI with its four body regions.
  if (auto easi = app::SessionEasi(s, app::AgeYears(record_.patient, s.session_date))) {
    Json obs = NewObservation(s, "exam", "easi", "EASI score");
    obs["valueQuantity"] = Score(easi->total);
    obs["interpretation"] = Json::array({Text(EasiSeverityName(easi->severity))});
    if (easi->child_weights) obs["method"] = Text("EASI with the weights for children under 8");
    Json components = Json::array();
    for (const EasiRegionScore& r : easi->regions) {
      const std::string region(EasiRegionName(r.region));
      std::string region_display;
      for (const auto& [code, display] : kEasiRegions) {
        if (code == region) region_display = display;
      }
      components.push_back(
          Json{{"code", Concept(Coding(kEasiComponentsSystem, region, region_display))},
               {"valueQuantity", Score(r.contribution)}});
      const store::EasiRegion* stored = nullptr;
      for (const auto& e : s.easi_regions) {
        if (e.region == region) stored = &e;
      }
      if (stored == nullptr) continue;
      const std::array<int, 5> values{stored->area_score, stored->erythema, stored->induration,
                                      stored->excoriation, stored->lichenification};
      for (std::size_t i = 0; i < kEasiItems.size(); ++i) {
        components.push_back(Json{
            {"code", Concept(Coding(kEasiComponentsSystem,
                                    fmt::format("{}.{}", region, kEasiItems[i].first),
                                    fmt::format("{} {}", region_display, kEasiItems[i].second)))},
            {"valueInteger", values[i]}});
      }
    }
    obs["component"] = std::move(components);
    const std::string key = base + "easi";
    Add(key, std::move(obs));
    observations.push_back(key);
    easi_key_[s.id] = key;
  }

  auto add_pro = [&](const std::optional<int>& value, std::string_view code,
                     std::string_view display) {
    if (!value) return;
    Json obs = NewObservation(s, "survey", code, display);
    obs["valueInteger"] = *value;
    const std::string key = base + std::string(code);
    Add(key, std::move(obs));
    observations.push_back(key);
  };
  add_pro(s.itch_nrs, "pp-nrs", "Peak Pruritus NRS");
  add_pro(s.poem, "poem", "POEM");
  add_pro(s.dlqi, "dlqi", "DLQI");

  if (s.vellus_fraction) {
    Json obs = NewObservation(s, "exam", "vellus-percent", "Vellus hair percent");
    // The stored fraction as a percent, without binary noise (0.183 -> 18.3, not 18.299...).
    obs["valueQuantity"] = Percent(std::round(*s.vellus_fraction * 1e8) / 1e6);
    obs["bodySite"] = ScalpSite();
    Json derived = media_of([](const std::string&) { return true; });
    if (!derived.empty()) obs["derivedFrom"] = std::move(derived);
    const std::string key = base + "vellus-percent";
    Add(key, std::move(obs));
    observations.push_back(key);
  }

  if (!s.zone_densities.empty()) {
    Json obs = NewObservation(s, "exam", "hair-density", "Scalp hair density by zone");
    obs["bodySite"] = ScalpSite();
    Json components = Json::array();
    for (const store::ZoneDensity& z : s.zone_densities) {
      std::string display = z.zone;
      bool known = false;
      for (const auto& [code, d] : kScalpZones) {
        if (code == z.zone) {
          display = d;
          known = true;
        }
      }
      if (!known) extra_zones_.insert(z.zone);
      components.push_back(Json{{"code", Concept(Coding(kScalpZonesSystem, z.zone, display))},
                                {"valueQuantity", Quantity(z.hairs_per_cm2, "hairs/cm2", "/cm2")}});
    }
    obs["component"] = std::move(components);
    Json derived = media_of([](const std::string&) { return true; });
    if (!derived.empty()) obs["derivedFrom"] = std::move(derived);
    const std::string key = base + "hair-density";
    Add(key, std::move(obs));
    observations.push_back(key);
  }
  return {};
}

Json CtcaeExtension(std::optional<int> grade, std::string_view version) {
  Json parts = Json::array();
  if (grade) parts.push_back(Json{{"url", "grade"}, {"valueInteger", *grade}});
  if (!version.empty()) parts.push_back(Json{{"url", "version"}, {"valueString", version}});
  return Json{{"url", kCtcaeGradeExtension}, {"extension", std::move(parts)}};
}

// R4's severity is mild / moderate / severe only: CTCAE 1 -> mild, 2 -> moderate, 3 to 5 ->
// severe; the grade itself is in the ctcae-grade extension.
Json SeverityOf(int grade) {
  const std::string_view code = grade <= 1 ? "mild" : grade == 2 ? "moderate" : "severe";
  const std::string_view display = grade <= 1 ? "Mild" : grade == 2 ? "Moderate" : "Severe";
  return Concept(Coding(kAeSeveritySystem, code, display));
}

void BundleBuilder::AddAdverseEvents() {
  std::vector<const store::AdverseEvent*> sorted;
  for (const auto& e : record_.adverse_events) sorted.push_back(&e);
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
    return std::tie(a->onset, a->id) < std::tie(b->onset, b->id);
  });
  for (const store::AdverseEvent* e : sorted) {
    Json extension = Json::array({CtcaeExtension(e->ctcae_grade, e->ctcae_version)});
    if (!e->action_taken.empty()) {
      extension.push_back(
          Json{{"url", kAdverseEventActionExtension}, {"valueCode", e->action_taken}});
    }
    if (e->resolved) {
      extension.push_back(
          Json{{"url", kResolvedDateExtension}, {"valueDate", e->resolved->ToString()}});
    }
    Json event = e->meddra_code.empty()
                     ? Text(e->term)
                     : Concept(Coding(kMeddraSystem, e->meddra_code, e->term), e->term);
    std::string outcome = e->resolved ? "resolved" : "ongoing";
    if (e->ctcae_grade == 5) outcome = "fatal";
    Json ae{{"resourceType", "AdverseEvent"},
            {"extension", std::move(extension)},
            {"identifier", Json{{"system", kStoreIdSystem}, {"value", e->id}}},
            {"actuality", "actual"},
            {"event", std::move(event)},
            {"subject", Subject()},
            {"date", e->onset.ToString()},
            {"seriousness",
             Concept(e->serious ? Coding(kAeSeriousnessSystem, "Serious", "Serious")
                                : Coding(kAeSeriousnessSystem, "Non-serious", "Non-serious"))},
            {"severity", SeverityOf(e->ctcae_grade)},
            {"outcome", Concept(Coding(kAeOutcomeSystem, outcome))}};
    if (!e->course_id.empty() && FindCourse(e->course_id) != nullptr) {
      ae["suspectEntity"] = Json::array({Json{{"instance", Reference("course/" + e->course_id)}}});
    }
    Add("adverse-event/" + e->id, std::move(ae));
  }
}

void BundleBuilder::AddInjectionSiteReactions() {
  for (const store::TrackingSession* s : sessions_) {
    for (std::size_t i = 0; i < s->injection_site_reactions.size(); ++i) {
      const store::InjectionSiteReaction& r = s->injection_site_reactions[i];
      std::string text = "Injection site reaction";
      if (!r.reaction.empty()) text += ": " + r.reaction;
      if (!r.site.empty()) text += " (" + SiteText(r.site) + ")";
      Json ae{{"resourceType", "AdverseEvent"}};
      if (r.ctcae_grade) {
        ae["extension"] = Json::array({CtcaeExtension(r.ctcae_grade, "")});
      }
      ae["actuality"] = "actual";
      ae["event"] = Concept(
          Coding(kMeddraSystem, kMeddraInjectionSiteReaction, "Injection site reaction"), text);
      ae["subject"] = Subject();
      ae["date"] = s->session_date.ToString();
      if (r.ctcae_grade) ae["severity"] = SeverityOf(*r.ctcae_grade);
      // The suspects: the course, and the last dose given at that site on or before the day.
      Json suspects = Json::array();
      if (!s->course_id.empty() && FindCourse(s->course_id) != nullptr) {
        suspects.push_back(Json{{"instance", Reference("course/" + s->course_id)}});
        const store::Administration* last = nullptr;
        for (const store::Administration& a : record_.administrations) {
          if (a.course_id != s->course_id || a.injection_site != r.site ||
              a.given_on > s->session_date) {
            continue;
          }
          if (last == nullptr || std::tie(a.given_on, a.id) > std::tie(last->given_on, last->id)) {
            last = &a;
          }
        }
        if (last != nullptr && !r.site.empty()) {
          suspects.push_back(Json{{"instance", Reference("administration/" + last->id)}});
        }
      }
      if (!suspects.empty()) ae["suspectEntity"] = std::move(suspects);
      Add(fmt::format("session/{}/injection-site-reaction/{}", s->id, i), std::move(ae));
    }
  }
}

// Schedule status -> CarePlan activity status.
std::string_view ActivityStatus(SessionStatus status) {
  switch (status) {
    case SessionStatus::kDone:
      return "completed";
    case SessionStatus::kDue:
      return "scheduled";
    case SessionStatus::kOverdue:
      return "not-started";
    case SessionStatus::kUpcoming:
      return "scheduled";
  }
  return "unknown";
}

void BundleBuilder::AddCarePlan() {
  if (!overview_ || !overview_->course) return;
  const app::CourseOverview& c = *overview_->course;
  const Schedule& schedule = c.schedule;
  Json activities = Json::array();
  for (std::size_t i = 0; i < schedule.sessions.size(); ++i) {
    const ScheduledSession& planned = schedule.sessions[i];
    const SessionProgress* progress =
        i < c.progress.sessions.size() ? &c.progress.sessions[i] : nullptr;
    const SessionStatus status = progress ? progress->status : SessionStatus::kUpcoming;
    const bool baseline = planned.index == 0;
    std::string description =
        fmt::format("{}, target {}, {} phase", baseline ? "Baseline" : "Tracking session",
                    planned.target.ToString(), TimelinePhaseName(planned.phase));
    if (planned.decision_point) description += "; decision point";
    Json detail{
        {"code",
         Concept(Coding(kCarePlanActivitiesSystem, baseline ? "baseline" : "tracking-session",
                        baseline ? "Baseline tracking session" : "Tracking session"),
                 fmt::format("Week {} tracking session", planned.week))},
        {"status", ActivityStatus(status)}};
    if (status == SessionStatus::kDue) detail["statusReason"] = Text("due now");
    if (status == SessionStatus::kOverdue) {
      detail["statusReason"] =
          Text(fmt::format("overdue: the window closed on {}", planned.window_end.ToString()));
    }
    detail["scheduledPeriod"] =
        Json{{"start", planned.window_start.ToString()}, {"end", planned.window_end.ToString()}};
    detail["description"] = description;
    Json activity = Json::object();
    if (status == SessionStatus::kDone && progress->recorded) {
      // The observations of the session recorded on that day (of this course or of none).
      Json outcomes = Json::array();
      for (const store::TrackingSession* s : sessions_) {
        if (s->session_date != *progress->recorded) continue;
        if (!s->course_id.empty() && s->course_id != c.course.id) continue;
        for (const std::string& key : observations_[s->id]) outcomes.push_back(Reference(key));
        break;
      }
      if (!outcomes.empty()) activity["outcomeReference"] = std::move(outcomes);
    }
    activity["detail"] = std::move(detail);
    activities.push_back(std::move(activity));
  }
  for (const LabDue& lab : schedule.labs) {
    Json detail{
        {"code",
         Concept(Coding(kCarePlanActivitiesSystem, "lab-test", "Laboratory test"), lab.test)},
        // The store does not record lab results: a past test's status is unknown.
        {"status", lab.due > today_ ? "not-started" : "unknown"},
        {"scheduledPeriod", Json{{"start", lab.due.ToString()}, {"end", lab.due.ToString()}}},
        {"description", fmt::format("{} at week {}", lab.test, lab.week)}};
    activities.push_back(Json{{"detail", std::move(detail)}});
  }
  const bool ended = c.course.end_date && *c.course.end_date < today_;
  Json period{{"start", c.course.start_date.ToString()}};
  if (c.course.end_date) period["end"] = c.course.end_date->ToString();
  Json plan{{"resourceType", "CarePlan"},
            {"identifier", StoreIdentifier(c.course.id)},
            {"status", ended ? "completed" : "active"},
            {"intent", "plan"},
            {"title", fmt::format("{} tracking schedule", c.protocol.name)},
            {"description",
             fmt::format("Photo and score sessions of the {} course from {}, with the decision "
                         "weeks of its protocol; statuses as of {}.",
                         c.protocol.name, c.course.start_date.ToString(), today_.ToString())},
            {"subject", Subject()},
            {"period", std::move(period)}};
  if (HasCondition(c.course.condition_id)) {
    plan["addresses"] = Json::array({Reference("condition/" + c.course.condition_id)});
  }
  plan["supportingInfo"] = Json::array({Reference("course/" + c.course.id)});
  plan["activity"] = std::move(activities);
  // The clinician's decisions on the course (schema v9), oldest first.
  Json notes = Json::array();
  for (const store::Decision& d : record_.decisions) {
    if (d.course_id != c.course.id) continue;
    std::string text = fmt::format("{}", d.decided_on.ToString());
    if (d.week) text += fmt::format(" (week {})", *d.week);
    text += fmt::format(": {}: {}", d.decision, d.reason);
    notes.push_back(Json{{"text", text}});
  }
  if (!notes.empty()) plan["note"] = std::move(notes);
  Add("careplan/" + c.course.id, std::move(plan));
}

void BundleBuilder::AddDiagnosticReport() {
  // The latest SALT (with AA-IGA) and EASI, and the latest session's photos, up to today.
  const store::TrackingSession* latest_salt = nullptr;
  const store::TrackingSession* latest_easi = nullptr;
  const store::TrackingSession* latest_photos = nullptr;
  const store::TrackingSession* latest = nullptr;
  for (const store::TrackingSession* s : sessions_) {
    if (s->session_date > today_) continue;
    latest = s;
    if (salt_key_.count(s->id)) latest_salt = s;
    if (easi_key_.count(s->id)) latest_easi = s;
    if (!media_[s->id].empty()) latest_photos = s;
  }
  Json results = Json::array();
  if (latest_salt) {
    results.push_back(Reference(salt_key_[latest_salt->id]));
    results.push_back(Reference(iga_key_[latest_salt->id]));
  }
  if (latest_easi) results.push_back(Reference(easi_key_[latest_easi->id]));
  Json media = Json::array();
  if (latest_photos) {
    for (const auto& [view, key] : media_[latest_photos->id]) {
      media.push_back(Json{
          {"comment", fmt::format("{} view, {}", view, latest_photos->session_date.ToString())},
          {"link", Reference(key)}});
    }
  }
  // The conclusion: where the course stands and what the assessment says (the verdict).
  std::vector<std::string> parts;
  if (overview_ && overview_->course) {
    const app::CourseOverview& c = *overview_->course;
    const ResponseAssessment& a = c.assessment;
    std::string head = fmt::format("Week {} of {}", a.weeks_since_start, c.protocol.name);
    if (a.phase) head += fmt::format(" ({} phase)", TimelinePhaseName(*a.phase));
    parts.push_back(head + ".");
    std::string pattern = fmt::format("Response pattern: {}", TrajectoryName(a.trajectory));
    if (!a.trajectory_reason.empty()) pattern += ": " + a.trajectory_reason;
    if (!pattern.ends_with('.')) pattern += '.';
    parts.push_back(pattern);
  } else {
    parts.push_back("No treatment course is running.");
  }
  if (overview_ && overview_->salt) {
    const auto& s = *overview_->salt;
    parts.push_back(fmt::format("Latest SALT {:.1f} (AA-IGA {}, {}) on {}.", s.score.salt,
                                static_cast<int>(s.score.aa_iga), AaIgaLabel(s.score.aa_iga),
                                s.date.ToString()));
  }
  if (overview_ && overview_->easi) {
    const auto& e = *overview_->easi;
    parts.push_back(fmt::format("Latest EASI {:.1f} ({}) on {}.", e.score.total,
                                EasiSeverityName(e.score.severity), e.date.ToString()));
  }
  if (overview_ && overview_->course && !overview_->course->alerts.empty()) {
    std::string alerts = "Alerts:";
    for (const Alert& alert : overview_->course->alerts) alerts += " " + alert.title + ";";
    alerts.back() = '.';
    parts.push_back(alerts);
  }
  std::string conclusion;
  for (const std::string& p : parts) conclusion += (conclusion.empty() ? "" : " ") + p;

  Json report{
      {"resourceType", "DiagnosticReport"},
      {"status", "final"},
      {"code", Concept(Coding(kDocumentsSystem, "physician-report", "Tricholog physician report"),
                       "Tricholog physician report")},
      {"subject", Subject()},
      {"effectiveDateTime", latest ? latest->session_date.ToString() : today_.ToString()}};
  if (!results.empty()) report["result"] = std::move(results);
  if (!media.empty()) report["media"] = std::move(media);
  report["conclusion"] = conclusion;
  if (!options_.report_pdf.empty()) {
    report["presentedForm"] = Json::array(
        {Json{{"contentType", "application/pdf"},
              {"data", store::ToBase64(options_.report_pdf)},
              {"size", options_.report_pdf.size()},
              {"title", fmt::format("Tricholog physician report, {}", today_.ToString())}}});
  }
  Add("report/" + record_.patient.id, std::move(report));
}

Result<Json> BundleBuilder::Build() {
  patient_key_ = "patient/" + record_.patient.id;
  for (const auto& s : record_.sessions) sessions_.push_back(&s);
  std::stable_sort(sessions_.begin(), sessions_.end(), [](const auto* a, const auto* b) {
    return std::tie(a->session_date, a->id) < std::tie(b->session_date, b->id);
  });
  auto overview = app::BuildPatientOverview(record_, catalog_, today_);
  if (!overview) return tl::unexpected(overview.error());
  overview_ = std::move(*overview);

  AddPatient();
  AddConditions();
  AddCourses();
  AddAdministrations();
  for (const store::TrackingSession* s : sessions_) {
    if (auto ok = AddSession(*s); !ok) return tl::unexpected(ok.error());
  }
  AddAdverseEvents();
  AddInjectionSiteReactions();
  AddCarePlan();
  AddDiagnosticReport();
  for (const CodeSystemDef& def : ProjectCodeSystems(catalog_, extra_zones_)) {
    Add("codesystem/" + std::string(def.url), CodeSystemResource(def));
  }

  Json bundle{{"resourceType", "Bundle"},
              {"id", FhirResourceId("bundle/" + record_.patient.id)},
              {"identifier", Json{{"system", kStoreIdSystem}, {"value", record_.patient.id}}},
              {"type", "collection"},
              {"entry", Json::array()}};
  for (Json& entry : entries_) bundle["entry"].push_back(std::move(entry));
  return bundle;
}

}  // namespace

std::string FhirResourceId(std::string_view key) {
  const std::string input = "tricholog-fhir:" + std::string(key);
  std::string hex = store::Sha256Hex(std::span<const std::uint8_t>(
      reinterpret_cast<const std::uint8_t*>(input.data()), input.size()));
  hex.resize(32);
  hex[12] = '8';  // version 8: a custom, name-derived UUID (RFC 9562 §5.8)
  static constexpr char kVariant[] = "89ab";
  const int nibble = std::stoi(std::string(1, hex[16]), nullptr, 16);
  hex[16] = kVariant[nibble & 0x3];
  return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4),
                     hex.substr(16, 4), hex.substr(20, 12));
}

Result<nlohmann::ordered_json> BuildFhirBundle(const store::PatientRecord& record,
                                               const std::vector<Protocol>& catalog, Date today,
                                               const FhirBundleOptions& options) {
  try {
    BundleBuilder builder(record, catalog, today, options);
    return builder.Build();
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kInternal, std::string("FHIR bundle: ") + e.what(), "fhir");
  }
}

}  // namespace tricholog::exporter
