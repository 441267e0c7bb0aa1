// Import of hostile records (issue 15): a file that writes into another patient's record, numbers
// that would wrap or truncate, bad dates and timestamps, empty or repeated ids, photos that are
// not there. Each case is refused with the JSON path of the offending value, and nothing is
// written: no patient, no rows, no photo blob, no audit row. On SQLite and PostgreSQL alike.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <functional>

#include "core/strict_json.h"
#include "store/base64.h"
#include "store/record_json.h"
#include "store/store.h"
#include "store/store_test_util.h"

namespace tricholog::store {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class ImportHostileTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && testing::PostgresTestUrl().empty()) {
      GTEST_SKIP() << "TRICHOLOG_TEST_POSTGRES_URL is not set; run under scripts/with-postgres.sh";
    }
    dir_ = fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / testing::UniqueName("import_hostile_");
    source_ = OpenFresh();
    target_ = OpenFresh();
    ASSERT_TRUE(source_ && target_);
    auto sb = BlobStore::Open(dir_ / "source_blobs");
    auto tb = BlobStore::Open(dir_ / "target_blobs");
    ASSERT_TRUE(sb && tb);
    source_blobs_ = std::make_unique<BlobStore>(std::move(*sb));
    target_blobs_ = std::make_unique<BlobStore>(std::move(*tb));
    PopulateTarget();
    PopulateSource();
  }

  void TearDown() override {
    for (const auto& s : schemas_) testing::DropPostgresSchema(s);
    fs::remove_all(dir_);
  }

  std::unique_ptr<Store> OpenFresh() {
    auto store = testing::OpenFreshTestStore(GetParam(), dir_, schemas_);
    EXPECT_TRUE(store) << store.error().ToString();
    return store ? std::move(*store) : nullptr;
  }

  std::string PutPhoto(BlobStore& blobs, const std::string& text) {
    return *blobs.Put(std::vector<std::uint8_t>(text.begin(), text.end()));
  }

  // Bob: an existing patient of the target store, with a course and a session.
  void PopulateTarget() {
    auto user =
        target_->CreateUser(admin_, {"", Role::kPatient, "bob@example.org", "B", ""}, "password-1");
    ASSERT_TRUE(user);
    bob_user_ = user->id;
    auto bob = target_->CreatePatient(admin_, {"", bob_user_, "Bob", 1980, ""});
    ASSERT_TRUE(bob);
    bob_patient_ = bob->id;
    Course c{"",          bob_patient_, "",   "dupilumab", "il4r_antibody",
             "dupilumab", "300 mg q2w", "AD", false,       *Date::Parse("2024-03-01"),
             std::nullopt};
    auto course = target_->StartCourse(admin_, c);
    ASSERT_TRUE(course);
    bob_course_ = course->id;
    TrackingSession s = testing::SampleSession(bob_patient_, bob_course_, 1);
    for (auto& photo : s.photos) photo.sha256 = PutPhoto(*target_blobs_, "bob " + photo.view);
    auto session = target_->RecordSession(admin_, s);
    ASSERT_TRUE(session);
    bob_session_ = session->id;
    auto before = target_->GetPatientRecord(admin_, bob_patient_);
    ASSERT_TRUE(before);
    bob_export_ = RecordToJson(*before).dump();
    auto listed = target_blobs_->List();
    ASSERT_TRUE(listed);
    target_blobs_before_ = *listed;
  }

  // The record to import: every kind of row, two sessions with photos, exported with photos.
  void PopulateSource() {
    auto user =
        source_->CreateUser(admin_, {"", Role::kPatient, "p@example.org", "P", ""}, "password-1");
    auto doctor =
        source_->CreateUser(admin_, {"", Role::kPhysician, "d@example.org", "D", ""}, "password-1");
    ASSERT_TRUE(user && doctor);
    auto patient = source_->CreatePatient(admin_, {"", user->id, "P", 1988, ""});
    ASSERT_TRUE(patient);
    patient_ = patient->id;
    auto condition =
        source_->AddCondition(admin_, {"", patient_, "alopecia_areata", "68225006", "L63.9",
                                       "ED70.2", "patchy", *Date::Parse("2023-05-01")});
    ASSERT_TRUE(condition);
    Course c{"",
             patient_,
             condition->id,
             "dupilumab",
             "il4r_antibody",
             "dupilumab",
             "300 mg q2w",
             "AA",
             true,
             *Date::Parse("2025-01-06"),
             *Date::Parse("2025-12-01")};
    auto course = source_->StartCourse(admin_, c);
    ASSERT_TRUE(course);
    ASSERT_TRUE(source_->RecordAdministration(
        admin_, {"", course->id, *Date::Parse("2025-01-06"), 600, "abdomen_left"}));
    for (int n = 0; n < 2; ++n) {
      TrackingSession s = testing::SampleSession(patient_, course->id, n);
      for (auto& photo : s.photos) {
        photo.sha256 = PutPhoto(*source_blobs_, "photo " + photo.view + std::to_string(n));
      }
      ASSERT_TRUE(source_->RecordSession(admin_, s));
    }
    ASSERT_TRUE(source_->RecordAdverseEvent(
        admin_, {"", patient_, course->id, "Conjunctivitis", "10010741", 1, "5.0",
                 *Date::Parse("2025-02-01"), std::nullopt, "none", false}));
    ASSERT_TRUE(source_->AddNote(admin_, {"", patient_, "", "", "", "first month"}));
    ASSERT_TRUE(source_->GrantShare(admin_, patient_, doctor->id));
    ASSERT_TRUE(
        source_->RecordDecision(admin_, {"", patient_, course->id, *Date::Parse("2025-04-01"), 12,
                                         "continue", "SALT down from 60 to 35", "", ""}));
    auto record = source_->GetPatientRecord(admin_, patient_);
    ASSERT_TRUE(record);
    plain_export_ = RecordToJson(*record).dump(2);
    auto with_photos = RecordToJsonWithPhotos(*record, *source_blobs_);
    ASSERT_TRUE(with_photos) << with_photos.error().ToString();
    exported_ = *with_photos;
  }

  long long AuditRows() {
    auto rows = target_->database().Query("SELECT COUNT(*) FROM audit_log", {});
    return rows ? std::stoll(rows->rows.at(0).at(0).value_or("0")) : -1;
  }

  // What the CLI does: strict parse, read and validate, import with the target's blob store.
  Result<void> Import(const std::string& text) {
    auto parsed = ParseStrictJson(text, "record.json");
    if (!parsed) return tl::unexpected(parsed.error());
    auto file = RecordFileFromJson(*parsed);
    if (!file) return tl::unexpected(file.error());
    return target_->ImportPatientRecord(admin_, file->record, target_blobs_.get(), file->photos);
  }

  // Nothing of the refused import is in the target: Bob's record, the blobs and the audit log
  // are as they were, and the imported patient does not exist.
  void ExpectNothingWritten(long long audit_before) {
    EXPECT_EQ(AuditRows(), audit_before);
    auto patients = target_->ListPatients(admin_);
    ASSERT_TRUE(patients);
    ASSERT_EQ(patients->size(), 1u);
    EXPECT_EQ(patients->front().id, bob_patient_);
    auto bob = target_->GetPatientRecord(admin_, bob_patient_);
    ASSERT_TRUE(bob);
    EXPECT_EQ(RecordToJson(*bob).dump(), bob_export_);
    EXPECT_EQ(target_blobs_->List().value(), target_blobs_before_);
    std::error_code ec;
    EXPECT_TRUE(fs::is_empty(target_blobs_->root() / "tmp", ec));
  }

  std::string FirstPhoto() const { return exported_["sessions"][0]["photos"][0]["sha256"]; }

  const Actor admin_ = Actor::LocalAdmin();
  fs::path dir_;
  std::vector<std::string> schemas_;
  std::unique_ptr<Store> source_, target_;
  std::unique_ptr<BlobStore> source_blobs_, target_blobs_;
  std::string bob_user_, bob_patient_, bob_course_, bob_session_, bob_export_;
  std::vector<std::string> target_blobs_before_;
  std::string patient_, plain_export_;
  json exported_;
};

struct HostileCase {
  const char* name;
  std::function<void(json&)> mutate;
  std::string field;    // the error's field, exactly
  std::string message;  // a part of the error's message
  ErrorCode code = ErrorCode::kInvalidArgument;
};

TEST_P(ImportHostileTest, EveryHostileRecordIsRefusedByPathAndWritesNothing) {
  const std::string bob = bob_patient_;
  const std::string sha = FirstPhoto();
  const std::vector<HostileCase> cases = {
      {"foreign patient on a session", [&](json& j) { j["sessions"][0]["patient_id"] = bob; },
       "$.sessions[0].patient_id", bob},
      {"foreign patient on a course", [&](json& j) { j["courses"][0]["patient_id"] = bob; },
       "$.courses[0].patient_id", bob},
      {"foreign patient on an adverse event",
       [&](json& j) { j["adverse_events"][0]["patient_id"] = bob; },
       "$.adverse_events[0].patient_id", bob},
      {"foreign patient on a note", [&](json& j) { j["notes"][0]["patient_id"] = bob; },
       "$.notes[0].patient_id", bob},
      {"foreign patient on a condition", [&](json& j) { j["conditions"][0]["patient_id"] = bob; },
       "$.conditions[0].patient_id", bob},
      {"foreign patient on a share", [&](json& j) { j["shares"][0]["patient_id"] = bob; },
       "$.shares[0].patient_id", bob},
      {"session on another patient's course",
       [&](json& j) { j["sessions"][0]["course_id"] = bob_course_; }, "$.sessions[0].course_id",
       bob_course_},
      {"dose on another patient's course",
       [&](json& j) { j["administrations"][0]["course_id"] = bob_course_; },
       "$.administrations[0].course_id", bob_course_},
      {"adverse event on another patient's course",
       [&](json& j) { j["adverse_events"][0]["course_id"] = bob_course_; },
       "$.adverse_events[0].course_id", bob_course_},
      {"note on another patient's session",
       [&](json& j) { j["notes"][0]["session_id"] = bob_session_; }, "$.notes[0].session_id",
       bob_session_},
      {"course for a condition outside the file",
       [&](json& j) { j["courses"][0]["condition_id"] = "not-in-file"; },
       "$.courses[0].condition_id", "not-in-file"},
      {"session id of another patient's session",
       [&](json& j) { j["sessions"][0]["id"] = bob_session_; }, "$.sessions[0].id", bob_session_,
       ErrorCode::kConflict},
      {"course id of another patient's course",
       [&](json& j) {
         const json old = j["courses"][0]["id"];
         for (auto& s : j["sessions"]) s["course_id"] = bob_course_;
         for (auto& a : j["administrations"]) a["course_id"] = bob_course_;
         for (auto& e : j["adverse_events"]) e["course_id"] = bob_course_;
         for (auto& d : j["decisions"]) d["course_id"] = bob_course_;
         j["courses"][0]["id"] = bob_course_;
       },
       "$.courses[0].id", bob_course_, ErrorCode::kConflict},
      {"owner account of another patient", [&](json& j) { j["patient"]["user_id"] = bob_user_; },
       "$.patient.user_id", bob_user_, ErrorCode::kConflict},
      {"share to a patient account as physician",
       [&](json& j) { j["shares"][0]["physician_user_id"] = bob_user_; },
       "$.shares[0].physician_user_id", bob_user_, ErrorCode::kConflict},
      {"itch 4294967300 (would wrap to 4)",
       [](json& j) { j["sessions"][0]["itch_nrs"] = 4294967300LL; }, "$.sessions[0].itch_nrs",
       "4294967300 is out of range; allowed a whole number from 0 to 10"},
      {"week 4294967297 (would wrap to 1)",
       [](json& j) { j["sessions"][0]["week"] = 4294967297LL; }, "$.sessions[0].week",
       "4294967297 is out of range"},
      {"week 2.7 (would truncate to 2)", [](json& j) { j["sessions"][0]["week"] = 2.7; },
       "$.sessions[0].week", "2.7"},
      {"birth year 99999999999", [](json& j) { j["patient"]["birth_year"] = 99999999999LL; },
       "$.patient.birth_year", "99999999999 is out of range"},
      {"birth year 1850", [](json& j) { j["patient"]["birth_year"] = 1850; },
       "$.patient.birth_year", "allowed a whole number from 1900"},
      {"negative dose", [](json& j) { j["administrations"][0]["dose_mg"] = -300; },
       "$.administrations[0].dose_mg", "-300"},
      {"zero dose", [](json& j) { j["administrations"][0]["dose_mg"] = 0; },
       "$.administrations[0].dose_mg", "out of range"},
      {"course ending before it starts",
       [](json& j) { j["courses"][0]["end_date"] = "2024-12-31"; }, "$.courses[0].end_date",
       "is before course.start_date 2025-01-06"},
      {"recorded_at not a time", [](json& j) { j["sessions"][0]["recorded_at"] = "not a time"; },
       "$.sessions[0].recorded_at", "'not a time' is not an ISO-8601 timestamp"},
      {"written_at with a 25th hour",
       [](json& j) { j["notes"][0]["written_at"] = "2025-01-01T25:00:00Z"; },
       "$.notes[0].written_at", "not an ISO-8601 timestamp"},
      {"created_at missing its zone",
       [](json& j) { j["patient"]["created_at"] = "2025-01-01T10:00:00"; }, "$.patient.created_at",
       "not an ISO-8601 timestamp"},
      {"session date 2025-02-30", [](json& j) { j["sessions"][0]["session_date"] = "2025-02-30"; },
       "$.sessions[0].session_date", "", ErrorCode::kParseError},
      {"empty session id", [](json& j) { j["sessions"][0]["id"] = ""; }, "$.sessions[0].id",
       "must not be empty"},
      {"empty patient id", [](json& j) { j["patient"]["id"] = ""; }, "$.patient.id",
       "must not be empty"},
      {"empty note author", [](json& j) { j["notes"][0]["author_user_id"] = ""; },
       "$.notes[0].author_user_id", "must not be empty"},
      {"repeated session id", [](json& j) { j["sessions"][1]["id"] = j["sessions"][0]["id"]; },
       "$.sessions[1].id", "appears twice (also at $.sessions[0].id)"},
      {"photo hash without a photo", [&](json& j) { j["photos"].erase(sha); },
       "$.sessions[0].photos[0].sha256", sha, ErrorCode::kNotFound},
      {"photo hash not hex",
       [](json& j) { j["sessions"][0]["photos"][0]["sha256"] = "../../etc/passwd"; },
       "$.sessions[0].photos[0].sha256", "64 lower-case hex"},
      {"embedded photo not matching its hash",
       [&](json& j) {
         const std::vector<std::uint8_t> other = {'o', 't', 'h', 'e', 'r'};
         j["photos"][sha] = ToBase64(other);
       },
       "$.photos." + sha, "does not match its hash", ErrorCode::kParseError},
      {"embedded photo as a number", [&](json& j) { j["photos"][sha] = 12; }, "$.photos." + sha,
       "must be a string", ErrorCode::kParseError},
      {"embedded photo no session refers to",
       [](json& j) { j["photos"][std::string(64, 'a')] = "AAAA"; },
       "$.photos." + std::string(64, 'a'), "not a photo of any session"},
      {"photo width 0", [](json& j) { j["sessions"][0]["photos"][0]["width_px"] = 0; },
       "$.sessions[0].photos[0].width_px", "out of range"},
      {"photo height 2^31",
       [](json& j) { j["sessions"][0]["photos"][0]["height_px"] = 2147483648LL; },
       "$.sessions[0].photos[0].height_px", "out of range"},
      {"loss 100.5 %", [](json& j) { j["sessions"][0]["salt_regions"][0]["loss_pct"] = 100.5; },
       "$.sessions[0].salt_regions[0].loss_pct", "out of range"},
      {"EASI erythema 4", [](json& j) { j["sessions"][0]["easi_regions"][0]["erythema"] = 4; },
       "$.sessions[0].easi_regions[0].erythema", "out of range"},
      {"CTCAE grade 6", [](json& j) { j["adverse_events"][0]["ctcae_grade"] = 6; },
       "$.adverse_events[0].ctcae_grade", "out of range"},
      {"reaction CTCAE grade 0",
       [](json& j) { j["sessions"][0]["injection_site_reactions"][0]["ctcae_grade"] = 0; },
       "$.sessions[0].injection_site_reactions[0].ctcae_grade", "out of range"},
      {"itch as a string", [](json& j) { j["sessions"][0]["itch_nrs"] = "7"; },
       "$.sessions[0].itch_nrs", "must be a whole number"},
      {"hair change not one of the three answers",
       [](json& j) { j["sessions"][0]["patient_reported_hair_change"] = "maybe"; },
       "$.sessions[0].patient_reported_hair_change", "is not allowed; allowed: none, less_hair"},
      {"hair change as a number",
       [](json& j) { j["sessions"][0]["patient_reported_hair_change"] = 2; },
       "$.sessions[0].patient_reported_hair_change", "must be a string", ErrorCode::kParseError},
      {"decision not one of the three", [](json& j) { j["decisions"][0]["decision"] = "pause"; },
       "$.decisions[0].decision", "is not allowed; allowed: continue, stop, change_treatment"},
      {"decision week 521", [](json& j) { j["decisions"][0]["week"] = 521; }, "$.decisions[0].week",
       "out of range"},
      {"decision with an empty reason", [](json& j) { j["decisions"][0]["reason"] = ""; },
       "$.decisions[0].reason", "allowed 1 to 2000 bytes"},
      {"decision on another record's course",
       [this](json& j) { j["decisions"][0]["course_id"] = bob_course_; },
       "$.decisions[0].course_id", "is not a course in this file"},
      {"decision of another patient", [&](json& j) { j["decisions"][0]["patient_id"] = bob; },
       "$.decisions[0].patient_id", bob},
      {"decisions not an array", [](json& j) { j["decisions"] = "continue"; }, "$.decisions",
       "must be an array", ErrorCode::kParseError},
      {"vellus fraction 1.5", [](json& j) { j["sessions"][0]["vellus_fraction"] = 1.5; },
       "$.sessions[0].vellus_fraction", "out of range"},
      {"share revoked before granted",
       [](json& j) { j["shares"][0]["revoked_at"] = "2000-01-01T00:00:00Z"; },
       "$.shares[0].revoked_at", "is before granted_at"},
      {"unknown treatment class",
       [](json& j) { j["courses"][0]["treatment_class"] = "'; DROP TABLE courses; --"; },
       "$.courses[0].treatment_class", "is not allowed"},
      {"wrong format", [](json& j) { j["format"] = "tricholog.patient_record/9"; }, "$.format",
       "must be", ErrorCode::kParseError},
      {"format as a number", [](json& j) { j["format"] = 1; }, "$.format", "must be a string",
       ErrorCode::kParseError},
  };
  for (const HostileCase& c : cases) {
    SCOPED_TRACE(c.name);
    json j = exported_;
    c.mutate(j);
    const long long audit_before = AuditRows();
    auto r = Import(j.dump(2));
    ASSERT_FALSE(r) << "accepted";
    EXPECT_EQ(r.error().field, c.field) << r.error().ToString();
    EXPECT_NE(r.error().message.find(c.message), std::string::npos) << r.error().ToString();
    EXPECT_EQ(r.error().code, c.code) << r.error().ToString();
    if (std::getenv("TRICHOLOG_PRINT_CASES") != nullptr) {
      std::cout << "| " << c.name << " | " << r.error().ToString() << " |\n";
    }
    ExpectNothingWritten(audit_before);
  }
  std::cout << "[ import hostile ] " << cases.size() << " cases refused\n";
}

TEST_P(ImportHostileTest, DuplicateKeyIsRefusedBeforeReading) {
  std::string text = exported_.dump(2);
  const std::string key = "\"display_name\": \"P\",";
  const auto at = text.find(key);
  ASSERT_NE(at, std::string::npos);
  text.insert(at, "\"display_name\": \"Q\",\n");
  const long long audit_before = AuditRows();
  auto r = Import(text);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kParseError);
  EXPECT_NE(r.error().ToString().find("$.patient.display_name"), std::string::npos)
      << r.error().ToString();
  ExpectNothingWritten(audit_before);
}

// With TRICHOLOG_WRITE_SEEDS=DIR, writes the documents this suite starts from as fuzz seeds
// (how fuzz/corpus/record_reader/ was made).
void WriteSeed(const std::string& name, const std::string& text) {
  const char* dir = std::getenv("TRICHOLOG_WRITE_SEEDS");
  if (dir == nullptr) return;
  std::ofstream(fs::path(dir) / name, std::ios::binary) << text;
}

TEST_P(ImportHostileTest, ValidRecordWithPhotosRoundTripsAndIsAudited) {
  if (GetParam() == "sqlite") {
    WriteSeed("record_with_photos.json", exported_.dump(2));
    WriteSeed("record_plain.json", plain_export_);
    json minimal = json::parse(plain_export_);
    for (const char* list : {"conditions", "courses", "administrations", "sessions",
                             "adverse_events", "notes", "shares"}) {
      minimal[list] = json::array();
    }
    WriteSeed("record_minimal.json", minimal.dump());
  }
  auto r = Import(exported_.dump(2));
  ASSERT_TRUE(r) << r.error().ToString();
  auto again = target_->GetPatientRecord(admin_, patient_);
  ASSERT_TRUE(again);
  EXPECT_EQ(RecordToJson(*again).dump(2), plain_export_);
  for (const auto& s : again->sessions) {
    for (const auto& photo : s.photos) EXPECT_TRUE(target_blobs_->Get(photo.sha256));
  }
  auto audit = target_->database().Query(
      "SELECT action, entity, patient_id FROM audit_log WHERE entity = 'record' AND action = "
      "'create'",
      {});
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->rows.size(), 1u);
  EXPECT_EQ(audit->rows[0][2].value_or(""), patient_);
  // The photos were already there for a second import: a file without them is accepted then.
  auto other = OpenFresh();
  ASSERT_TRUE(other);
  auto file = RecordFileFromJson(json::parse(plain_export_));
  ASSERT_TRUE(file) << file.error().ToString();
  EXPECT_TRUE(file->photos.empty());
  EXPECT_TRUE(other->ImportPatientRecord(admin_, file->record, target_blobs_.get(), {}));
}

// A transaction that fails after the photos were written (here a trigger refuses the note
// insert, standing in for a disk or constraint failure) removes the photos it added.
TEST_P(ImportHostileTest, PhotosWrittenForAFailedTransactionAreRemoved) {
  Database& db = target_->database();
  if (GetParam() == "sqlite") {
    ASSERT_TRUE(
        db.ExecScript("CREATE TRIGGER refuse_notes BEFORE INSERT ON notes "
                      "BEGIN SELECT RAISE(ABORT, 'refused by test'); END"));
  } else {
    ASSERT_TRUE(db.ExecScript(
        "CREATE FUNCTION refuse_notes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION 'refused by test'; END; $$; "
        "CREATE TRIGGER refuse_notes BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION "
        "refuse_notes()"));
  }
  const long long audit_before = AuditRows();
  auto r = Import(exported_.dump());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("refused by test"), std::string::npos) << r.error().ToString();
  ExpectNothingWritten(audit_before);
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportHostileTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace tricholog::store
