// The FHIR R4 Bundle of a patient record (export/fhir_bundle.h): references resolve inside the
// Bundle, codes, the SALT components and their weights, the CTCAE extension, photos inline or by
// reference, the report, the schedule, and byte-identical output. The Bundle is checked against
// the official R4 JSON schema by the `fhir_demo_bundle_schema` test (tools/fhir/).
#include "export/fhir_bundle.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <regex>
#include <set>

#include "app/protocol_catalog.h"
#include "core/salt_score.h"
#include "store/base64.h"

namespace tricholog::exporter {
namespace {

using Json = nlohmann::ordered_json;

const std::filesystem::path kProtocols =
    std::filesystem::path(TRICHOLOG_SOURCE_DATA_DIR) / "protocols";

Date D(const char* text) { return *Date::Parse(text); }

std::string Sha(char c) { return std::string(64, c); }

store::TrackingSession Session(const std::string& id, Date date, int week,
                               std::array<double, 4> loss, char photo_hash) {
  store::TrackingSession s;
  s.id = id;
  s.patient_id = "p1";
  s.course_id = "c1";
  s.session_date = date;
  s.week = week;
  const char* regions[] = {"top", "back", "left", "right"};
  for (int i = 0; i < 4; ++i) s.salt_regions.push_back({regions[i], loss[i], "automatic"});
  int n = 0;
  for (const char* view : {"top", "back", "left", "right", "front"}) {
    s.photos.push_back({view, Sha(static_cast<char>(photo_hash + n++)), 640, 480});
  }
  s.easi_regions = {{"head_neck", 2, 2, 1, 1, 0},
                    {"upper_limbs", 3, 2, 2, 1, 1},
                    {"trunk", 1, 1, 1, 0, 0},
                    {"lower_limbs", 2, 1, 1, 1, 1}};
  s.itch_nrs = 6;
  s.poem = 12;
  s.dlqi = 8;
  s.vellus_fraction = 0.25;
  s.zone_densities = {{"vertex", 110.5}, {"frontal", 150}};
  s.recorded_at = "2025-02-03T10:00:00Z";
  return s;
}

store::PatientRecord Record() {
  store::PatientRecord r;
  r.patient = {"p1", "u1", "Test Patient", 1990, "2025-01-01T00:00:00Z"};
  r.conditions.push_back(
      {"aa1", "p1", "alopecia_areata", "68225006", "L63.9", "ED70.2", "patchy", D("2023-09-01")});
  r.conditions.push_back(
      {"ad1", "p1", "atopic_dermatitis", "24079001", "L20.9", "EA80", "", D("2001-01-01")});
  r.courses.push_back({"c1", "p1", "aa1", "dupilumab", "il4r_antibody", "dupilumab",
                       "600 mg loading dose, then 300 mg every 2 weeks", "AA with AD", true,
                       D("2025-01-06"), std::nullopt});
  r.administrations = {{"a1", "c1", D("2025-01-06"), 600, "abdomen_left"},
                       {"a2", "c1", D("2025-01-20"), 300, "abdomen_right"},
                       {"a3", "c1", D("2025-02-03"), 300, "thigh_left"}};
  r.sessions.push_back(Session("s0", D("2025-01-06"), 0, {50, 40, 30, 20}, 'a'));
  r.sessions.push_back(Session("s1", D("2025-02-03"), 4, {45, 35, 30, 20}, 'f'));
  r.sessions.back().injection_site_reactions.push_back({"abdomen_right", "erythema", 1});
  r.sessions.push_back(Session("s2", D("2025-03-03"), 8, {40, 30, 25, 15}, 'k'));
  store::AdverseEvent ae;
  ae.id = "ae1";
  ae.patient_id = "p1";
  ae.course_id = "c1";
  ae.term = "Conjunctivitis";
  ae.meddra_code = "10010741";
  ae.ctcae_grade = 2;
  ae.ctcae_version = "5.0";
  ae.onset = D("2025-02-10");
  ae.resolved = D("2025-03-01");
  ae.action_taken = "none";
  r.adverse_events.push_back(ae);
  store::Decision d;
  d.id = "d1";
  d.patient_id = "p1";
  d.course_id = "c1";
  d.decided_on = D("2025-03-03");
  d.week = 8;
  d.decision = "continue";
  d.reason = "regrowth starting";
  r.decisions.push_back(d);
  return r;
}

const Date kToday = D("2025-03-10");

class FhirBundleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto catalog = app::LoadProtocolCatalog(kProtocols);
    ASSERT_TRUE(catalog) << catalog.error().ToString();
    catalog_ = std::move(*catalog);
  }

  Json Build(const store::PatientRecord& record, const FhirBundleOptions& options = {}) {
    auto bundle = BuildFhirBundle(record, catalog_, kToday, options);
    EXPECT_TRUE(bundle) << bundle.error().ToString();
    return bundle ? *bundle : Json{};
  }

  std::vector<Protocol> catalog_;
};

std::vector<Json> OfType(const Json& bundle, std::string_view type) {
  std::vector<Json> out;
  for (const Json& e : bundle["entry"]) {
    if (e["resource"]["resourceType"] == type) out.push_back(e["resource"]);
  }
  return out;
}

bool HasCoding(const Json& cc, std::string_view system, std::string_view code) {
  if (!cc.contains("coding")) return false;
  return std::any_of(cc["coding"].begin(), cc["coding"].end(),
                     [&](const Json& c) { return c["system"] == system && c["code"] == code; });
}

// The Observation with project score `code` on `date`.
Json Observation(const Json& bundle, std::string_view code, std::string_view date) {
  for (const Json& o : OfType(bundle, "Observation")) {
    if (HasCoding(o["code"], kScoresSystem, code) && o["effectiveDateTime"] == date) return o;
  }
  return Json{};
}

void ForEachValue(const Json& node, const std::function<void(const std::string&, const Json&)>& f,
                  const std::string& key = "") {
  f(key, node);
  if (node.is_object()) {
    for (const auto& [k, v] : node.items()) ForEachValue(v, f, k);
  } else if (node.is_array()) {
    for (const Json& v : node) ForEachValue(v, f, key);
  }
}

std::string FullUrlOf(const Json& bundle, const Json& resource) {
  for (const Json& e : bundle["entry"]) {
    if (e["resource"]["id"] == resource["id"]) return e["fullUrl"];
  }
  return {};
}

TEST_F(FhirBundleTest, EveryReferenceResolvesToAnEntryOfTheBundle) {
  const Json bundle = Build(Record());
  EXPECT_EQ(bundle["resourceType"], "Bundle");
  EXPECT_EQ(bundle["type"], "collection");
  std::set<std::string> full_urls;
  for (const Json& e : bundle["entry"]) {
    const std::string url = e["fullUrl"];
    EXPECT_TRUE(full_urls.insert(url).second) << "duplicate fullUrl " << url;
    EXPECT_EQ(url, "urn:uuid:" + e["resource"]["id"].get<std::string>());
  }
  int references = 0;
  ForEachValue(bundle, [&](const std::string& key, const Json& value) {
    if (key != "reference" || !value.is_string()) return;
    ++references;
    EXPECT_TRUE(full_urls.count(value.get<std::string>())) << "dangling " << value;
  });
  EXPECT_GT(references, 50);
}

TEST_F(FhirBundleTest, ResourceCountsFollowTheRecord) {
  const Json bundle = Build(Record());
  EXPECT_EQ(OfType(bundle, "Patient").size(), 1u);
  EXPECT_EQ(OfType(bundle, "Condition").size(), 2u);
  EXPECT_EQ(OfType(bundle, "MedicationStatement").size(), 1u);
  EXPECT_EQ(OfType(bundle, "MedicationAdministration").size(), 3u);
  EXPECT_EQ(OfType(bundle, "Media").size(), 15u);  // 3 sessions x 5 photos
  // Per session: SALT, AA-IGA, EASI, PP-NRS, POEM, DLQI, vellus, density.
  EXPECT_EQ(OfType(bundle, "Observation").size(), 24u);
  // The stored adverse event and the session's injection-site reaction.
  EXPECT_EQ(OfType(bundle, "AdverseEvent").size(), 2u);
  EXPECT_EQ(OfType(bundle, "CarePlan").size(), 1u);
  EXPECT_EQ(OfType(bundle, "DiagnosticReport").size(), 1u);
  EXPECT_EQ(OfType(bundle, "CodeSystem").size(), 8u);
}

TEST_F(FhirBundleTest, ConditionsCarrySnomedIcd10AndIcd11) {
  const Json bundle = Build(Record());
  const auto conditions = OfType(bundle, "Condition");
  ASSERT_EQ(conditions.size(), 2u);
  const Json& aa = conditions[0];
  EXPECT_TRUE(HasCoding(aa["code"], kSnomedSystem, "68225006"));
  EXPECT_TRUE(HasCoding(aa["code"], kIcd10CmSystem, "L63.9"));
  EXPECT_TRUE(HasCoding(aa["code"], kIcd11MmsSystem, "ED70.2"));
  EXPECT_EQ(aa["onsetDateTime"], "2023-09-01");
  EXPECT_EQ(aa["stage"][0]["summary"]["text"], "patchy");
  EXPECT_EQ(aa["clinicalStatus"]["coding"][0]["code"], "active");
  // The latest SALT: 0.4*40 + 0.24*30 + 0.18*25 + 0.18*15 = 30.4 -> AA-IGA 2.
  EXPECT_NE(aa["severity"]["text"].get<std::string>().find("AA-IGA 2"), std::string::npos);
  const Json& ad = conditions[1];
  EXPECT_TRUE(HasCoding(ad["code"], kSnomedSystem, "24079001"));
  EXPECT_TRUE(HasCoding(ad["code"], kIcd11MmsSystem, "EA80"));
  EXPECT_FALSE(HasCoding(ad["code"], kSnomedSystem, "68225006"));
}

TEST_F(FhirBundleTest, SaltComponentsSumWithOlsenWeightsToTheValue) {
  const Json bundle = Build(Record());
  const Json salt = Observation(bundle, "salt", "2025-01-06");
  ASSERT_FALSE(salt.is_null());
  EXPECT_EQ(salt["category"][0]["coding"][0]["code"], "exam");
  EXPECT_TRUE(HasCoding(salt["bodySite"], kSnomedSystem, "41695006"));
  const double value = salt["valueQuantity"]["value"];
  EXPECT_DOUBLE_EQ(value, 0.4 * 50 + 0.24 * 40 + 0.18 * 30 + 0.18 * 20);  // 38.6
  EXPECT_EQ(salt["valueQuantity"]["code"], "%");
  ASSERT_EQ(salt["component"].size(), 4u);
  const std::map<std::string, double> weights{{"top", kSaltTopWeight},
                                              {"back", kSaltBackWeight},
                                              {"left", kSaltLeftWeight},
                                              {"right", kSaltRightWeight}};
  double sum = 0;
  std::set<std::string> seen;
  for (const Json& c : salt["component"]) {
    const Json& coding = c["code"]["coding"][0];
    EXPECT_EQ(coding["system"], kSaltRegionsSystem);
    const std::string region = coding["code"];
    ASSERT_TRUE(weights.count(region)) << region;
    seen.insert(region);
    sum += weights.at(region) * c["valueQuantity"]["value"].get<double>();
  }
  EXPECT_EQ(seen.size(), 4u);
  EXPECT_NEAR(sum, value, 1e-9);
  // Derived from the four SALT views' photos (not the front view).
  EXPECT_EQ(salt["derivedFrom"].size(), 4u);
  // AA-IGA 2 (moderate) derived from it.
  const Json iga = Observation(bundle, "aa-iga", "2025-01-06");
  EXPECT_EQ(iga["valueCodeableConcept"]["coding"][0]["code"], "2");
  EXPECT_EQ(iga["derivedFrom"][0]["reference"], FullUrlOf(bundle, salt));
}

TEST_F(FhirBundleTest, EasiHasItsRegionsAndSigns) {
  const Json bundle = Build(Record());
  const Json easi = Observation(bundle, "easi", "2025-01-06");
  ASSERT_FALSE(easi.is_null());
  // Adult weights: 0.1*4*2 + 0.2*6*3 + 0.3*2*1 + 0.4*4*2 = 0.8 + 3.6 + 0.6 + 3.2 = 8.2.
  EXPECT_NEAR(easi["valueQuantity"]["value"].get<double>(), 8.2, 1e-9);
  ASSERT_EQ(easi["component"].size(), 24u);  // 4 regions x (contribution + area + 4 signs)
  double sum = 0;
  for (const Json& c : easi["component"]) {
    const std::string code = c["code"]["coding"][0]["code"];
    if (code.find('.') == std::string::npos) sum += c["valueQuantity"]["value"].get<double>();
  }
  EXPECT_NEAR(sum, 8.2, 1e-9);
  const Json itch = Observation(bundle, "pp-nrs", "2025-01-06");
  EXPECT_EQ(itch["valueInteger"], 6);
  EXPECT_EQ(itch["category"][0]["coding"][0]["code"], "survey");
  const Json vellus = Observation(bundle, "vellus-percent", "2025-01-06");
  EXPECT_DOUBLE_EQ(vellus["valueQuantity"]["value"].get<double>(), 25.0);
  EXPECT_EQ(vellus["valueQuantity"]["code"], "%");
  const Json density = Observation(bundle, "hair-density", "2025-01-06");
  ASSERT_EQ(density["component"].size(), 2u);
  EXPECT_EQ(density["component"][0]["valueQuantity"]["code"], "/cm2");
  EXPECT_TRUE(HasCoding(density["component"][0]["code"], kScalpZonesSystem, "vertex"));
}

TEST_F(FhirBundleTest, AdverseEventCarriesTheCtcaeGradeAndVersion) {
  const Json bundle = Build(Record());
  const auto events = OfType(bundle, "AdverseEvent");
  ASSERT_EQ(events.size(), 2u);
  const Json& ae = events[0];
  EXPECT_TRUE(HasCoding(ae["event"], kMeddraSystem, "10010741"));
  const Json& ext = ae["extension"][0];
  EXPECT_EQ(ext["url"], kCtcaeGradeExtension);
  EXPECT_EQ(ext["extension"][0]["url"], "grade");
  EXPECT_EQ(ext["extension"][0]["valueInteger"], 2);
  EXPECT_EQ(ext["extension"][1]["url"], "version");
  EXPECT_EQ(ext["extension"][1]["valueString"], "5.0");
  EXPECT_EQ(ae["severity"]["coding"][0]["code"], "moderate");
  EXPECT_EQ(ae["seriousness"]["coding"][0]["code"], "Non-serious");  // the R4 4.0.1 code
  EXPECT_EQ(ae["outcome"]["coding"][0]["code"], "resolved");
  const Json statement = OfType(bundle, "MedicationStatement")[0];
  EXPECT_EQ(ae["suspectEntity"][0]["instance"]["reference"], FullUrlOf(bundle, statement));
  // The injection-site reaction: grade 1, suspects the course and the dose given at that site.
  const Json& isr = events[1];
  EXPECT_TRUE(HasCoding(isr["event"], kMeddraSystem, "10022095"));
  EXPECT_EQ(isr["extension"][0]["extension"][0]["valueInteger"], 1);
  EXPECT_EQ(isr["severity"]["coding"][0]["code"], "mild");
  ASSERT_EQ(isr["suspectEntity"].size(), 2u);
  const auto admins = OfType(bundle, "MedicationAdministration");
  EXPECT_EQ(isr["suspectEntity"][1]["instance"]["reference"], FullUrlOf(bundle, admins[1]));
}

TEST_F(FhirBundleTest, MedicationAdministrationHasSiteAndDose) {
  const Json bundle = Build(Record());
  const auto admins = OfType(bundle, "MedicationAdministration");
  ASSERT_EQ(admins.size(), 3u);
  EXPECT_EQ(admins[0]["effectiveDateTime"], "2025-01-06");
  EXPECT_EQ(admins[0]["dosage"]["site"]["text"], "abdomen, left");
  EXPECT_EQ(admins[0]["dosage"]["dose"]["value"], 600.0);
  EXPECT_EQ(admins[0]["dosage"]["dose"]["code"], "mg");
  EXPECT_EQ(admins[0]["dosage"]["route"]["text"], "subcutaneous");
  EXPECT_TRUE(HasCoding(admins[0]["medicationCodeableConcept"], kMedicationsSystem, "dupilumab"));
  const Json statement = OfType(bundle, "MedicationStatement")[0];
  EXPECT_EQ(statement["status"], "active");
  EXPECT_EQ(statement["extension"][0]["url"], kOffLabelExtension);
  EXPECT_EQ(statement["extension"][0]["valueBoolean"], true);
  const Json patient = OfType(bundle, "Patient")[0];
  EXPECT_EQ(patient["birthDate"], "1990");
  EXPECT_EQ(patient["name"][0]["text"], "Test Patient");
}

TEST_F(FhirBundleTest, PhotosByReferenceByDefault) {
  const Json bundle = Build(Record());
  const auto media = OfType(bundle, "Media");
  ASSERT_EQ(media.size(), 15u);
  for (const Json& m : media) {
    EXPECT_FALSE(m["content"].contains("data"));
    const std::string sha = m["identifier"][0]["value"];
    EXPECT_EQ(m["content"]["url"], "/api/v1/patients/p1/photos/" + sha);
    EXPECT_TRUE(HasCoding(m["bodySite"], kSnomedSystem, "41695006"));
  }
}

TEST_F(FhirBundleTest, PhotosInlineWhenAsked) {
  const store::PatientRecord record = Record();
  FhirBundleOptions options;
  options.inline_photos = true;
  for (const auto& s : record.sessions) {
    for (const auto& p : s.photos) {
      options.photo_bytes[p.sha256] = {0xFF, 0xD8, 0xFF, 0xE0,
                                       static_cast<std::uint8_t>(p.sha256[0])};
    }
  }
  const Json bundle = Build(record, options);
  const auto media = OfType(bundle, "Media");
  ASSERT_EQ(media.size(), 15u);
  for (const Json& m : media) {
    EXPECT_FALSE(m["content"].contains("url"));
    EXPECT_EQ(m["content"]["contentType"], "image/jpeg");
    EXPECT_EQ(m["content"]["size"], 5);
    auto bytes = store::FromBase64(m["content"]["data"].get<std::string>(), "data");
    ASSERT_TRUE(bytes);
    EXPECT_EQ(*bytes, options.photo_bytes.at(m["identifier"][0]["value"]));
  }
  // A photo whose bytes are missing is an error, not a silent reference.
  options.photo_bytes.erase(options.photo_bytes.begin());
  auto missing = BuildFhirBundle(record, catalog_, kToday, options);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().field, "photos");
}

TEST_F(FhirBundleTest, ReportHasTheLatestScoresAndThePdfWhenGiven) {
  const Json plain = Build(Record());
  const Json report = OfType(plain, "DiagnosticReport")[0];
  EXPECT_FALSE(report.contains("presentedForm"));
  EXPECT_FALSE(report["conclusion"].get<std::string>().empty());
  EXPECT_NE(report["conclusion"].get<std::string>().find("Latest SALT 30.4"), std::string::npos);
  ASSERT_EQ(report["result"].size(), 3u);  // SALT, AA-IGA, EASI of 2025-03-03
  EXPECT_EQ(report["result"][0]["reference"],
            FullUrlOf(plain, Observation(plain, "salt", "2025-03-03")));
  EXPECT_EQ(report["result"][2]["reference"],
            FullUrlOf(plain, Observation(plain, "easi", "2025-03-03")));
  EXPECT_EQ(report["media"].size(), 5u);

  FhirBundleOptions options;
  const std::string pdf = "%PDF-1.4\n%test\n";
  options.report_pdf.assign(pdf.begin(), pdf.end());
  const Json with_pdf = Build(Record(), options);
  const Json form = OfType(with_pdf, "DiagnosticReport")[0]["presentedForm"][0];
  EXPECT_EQ(form["contentType"], "application/pdf");
  auto bytes = store::FromBase64(form["data"].get<std::string>(), "data");
  ASSERT_TRUE(bytes);
  EXPECT_EQ(std::string(bytes->begin(), bytes->end()), pdf);
}

TEST_F(FhirBundleTest, CarePlanFollowsTheSchedule) {
  const Json bundle = Build(Record());
  const Json plan = OfType(bundle, "CarePlan")[0];
  EXPECT_EQ(plan["status"], "active");
  EXPECT_EQ(plan["intent"], "plan");
  const Json& activities = plan["activity"];
  ASSERT_GT(activities.size(), 10u);
  // Weeks 0, 4, 8 done (each with its session's observations), week 12 not due yet.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(activities[i]["detail"]["status"], "completed") << i;
    EXPECT_EQ(activities[i]["outcomeReference"].size(), 8u) << i;
  }
  EXPECT_TRUE(HasCoding(activities[0]["detail"]["code"], kCarePlanActivitiesSystem, "baseline"));
  EXPECT_EQ(activities[3]["detail"]["status"], "scheduled");
  EXPECT_FALSE(activities[3].contains("outcomeReference"));
  EXPECT_EQ(plan["note"][0]["text"], "2025-03-03 (week 8): continue: regrowth starting");
}

TEST_F(FhirBundleTest, EveryProjectCodeIsDefinedByACodeSystemInTheBundle) {
  const Json bundle = Build(Record());
  std::map<std::string, std::set<std::string>> defined;
  for (const Json& cs : OfType(bundle, "CodeSystem")) {
    EXPECT_EQ(cs["count"], cs["concept"].size());
    for (const Json& c : cs["concept"]) defined[cs["url"]].insert(c["code"]);
  }
  int checked = 0;
  ForEachValue(bundle, [&](const std::string&, const Json& node) {
    if (!node.is_object() || !node.contains("system") || !node.contains("code")) return;
    const std::string system = node["system"];
    if (!system.starts_with("https://tricholog.org/fhir/CodeSystem/")) return;
    ++checked;
    EXPECT_TRUE(defined[system].count(node["code"].get<std::string>()))
        << system << "#" << node["code"];
  });
  EXPECT_GT(checked, 100);
}

TEST_F(FhirBundleTest, TwoExportsAreByteIdenticalWhateverTheRecordOrder) {
  const store::PatientRecord record = Record();
  const std::string a = Build(record).dump(2);
  const std::string b = Build(record).dump(2);
  EXPECT_EQ(a, b);
  store::PatientRecord shuffled = record;
  std::reverse(shuffled.sessions.begin(), shuffled.sessions.end());
  std::reverse(shuffled.administrations.begin(), shuffled.administrations.end());
  EXPECT_EQ(Build(shuffled).dump(2), a);
  // Another day changes the schedule's statuses, not the ids.
  auto later = BuildFhirBundle(record, catalog_, kToday.AddDays(60), {});
  ASSERT_TRUE(later);
  EXPECT_EQ((*later)["entry"][0]["fullUrl"], Build(record)["entry"][0]["fullUrl"]);
}

TEST(FhirResourceId, IsAStableVersion8Uuid) {
  const std::string id = FhirResourceId("patient/p1");
  EXPECT_EQ(id, FhirResourceId("patient/p1"));
  EXPECT_NE(id, FhirResourceId("patient/p2"));
  EXPECT_TRUE(
      std::regex_match(id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                                      "[0-9a-f]{12}")))
      << id;
}

TEST_F(FhirBundleTest, APatientWithNothingRecordedIsAPatientAndAReport) {
  store::PatientRecord record;
  record.patient = {"p9", "", "Nobody Yet", std::nullopt, ""};
  const Json bundle = Build(record);
  EXPECT_EQ(OfType(bundle, "Patient").size(), 1u);
  EXPECT_FALSE(OfType(bundle, "Patient")[0].contains("birthDate"));
  EXPECT_EQ(OfType(bundle, "CarePlan").size(), 0u);
  EXPECT_EQ(OfType(bundle, "Observation").size(), 0u);
  const auto reports = OfType(bundle, "DiagnosticReport");
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0]["conclusion"], "No treatment course is running.");
  EXPECT_EQ(reports[0]["effectiveDateTime"], kToday.ToString());
  EXPECT_FALSE(reports[0].contains("result"));
  EXPECT_FALSE(reports[0].contains("media"));
  // No empty strings, arrays or objects anywhere (FHIR forbids them).
  ForEachValue(bundle, [&](const std::string& key, const Json& value) {
    if (value.is_string()) {
      EXPECT_FALSE(value.get<std::string>().empty()) << key;
    }
    if (value.is_array() || value.is_object()) {
      EXPECT_FALSE(value.empty()) << key;
    }
  });
}

TEST_F(FhirBundleTest, NoEmptyValuesInAFullBundle) {
  const Json bundle = Build(Record());
  ForEachValue(bundle, [&](const std::string& key, const Json& value) {
    if (value.is_string()) {
      EXPECT_FALSE(value.get<std::string>().empty()) << key;
    }
    if (value.is_array() || value.is_object()) {
      EXPECT_FALSE(value.empty()) << key;
    }
  });
}

TEST_F(FhirBundleTest, AMissingProtocolIsAnError) {
  store::PatientRecord record = Record();
  record.courses[0].protocol_id = "no_such_protocol";
  auto bundle = BuildFhirBundle(record, catalog_, kToday, {});
  ASSERT_FALSE(bundle);
  EXPECT_EQ(bundle.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace tricholog::exporter
