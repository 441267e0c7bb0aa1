// Durability: a writer SIGKILLed at random points while recording sessions (blobs first, then the
// session transaction) leaves the store whole: integrity_check and foreign_key_check are clean,
// every session has all of its data points, and every photo it refers to is a complete blob.
// The same for whole-record import (photos embedded in the file) and for restore: after every
// kill the store holds all of a record / backup or none of it.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <set>
#include <thread>

#include "store/backup.h"
#include "store/blob_store.h"
#include "store/clock.h"
#include "store/record_json.h"
#include "store/sqlite/sqlite_database.h"
#include "store/store.h"
#include "store/store_test_util.h"

namespace tricholog::store {
namespace {

namespace fs = std::filesystem;

Result<std::unique_ptr<Store>> OpenAt(const fs::path& db_path) {
  auto db = OpenSqliteDatabase(db_path.string());
  if (!db) return tl::unexpected(db.error());
  return Store::Open(std::move(*db), {});
}

// The child: records sessions until it is killed. Never returns.
[[noreturn]] void WriteForever(const fs::path& db_path, const fs::path& blob_dir,
                               const std::string& patient_id) {
  auto store = OpenAt(db_path);
  auto blobs = BlobStore::Open(blob_dir);
  if (!store || !blobs) ::_exit(3);
  const Actor admin = Actor::LocalAdmin();
  for (int n = 0;; ++n) {
    TrackingSession s = testing::SampleSession(patient_id, "", n);
    for (std::size_t v = 0; v < s.photos.size(); ++v) {
      // Distinct bytes per photo, large enough that the write takes a moment.
      std::vector<std::uint8_t> bytes(64 * 1024, static_cast<std::uint8_t>(v));
      const std::string tag = std::to_string(::getpid()) + "/" + std::to_string(n);
      std::copy(tag.begin(), tag.end(), bytes.begin());
      auto sha = blobs->Put(bytes);
      if (!sha) ::_exit(4);
      s.photos[v].sha256 = *sha;
    }
    if (!(*store)->RecordSession(admin, s)) ::_exit(5);
  }
}

struct Check {
  int sessions = 0;
  std::vector<std::string> problems;
};

Check CheckStore(const fs::path& db_path, const fs::path& blob_dir, const std::string& patient_id) {
  Check check;
  auto store = OpenAt(db_path);
  if (!store) return {0, {"cannot open: " + store.error().ToString()}};
  auto integrity = (*store)->database().IntegrityProblems();
  if (!integrity) return {0, {integrity.error().ToString()}};
  check.problems = *integrity;
  auto blobs = BlobStore::Open(blob_dir);
  auto sessions = (*store)->ListSessions(Actor::LocalAdmin(), patient_id);
  if (!sessions || !blobs) return {0, {"cannot list sessions"}};
  check.sessions = static_cast<int>(sessions->size());
  for (const TrackingSession& s : *sessions) {
    const std::size_t rows = s.photos.size() + s.zone_densities.size() + s.salt_regions.size() +
                             s.easi_regions.size() + s.injection_site_reactions.size() + 1;
    if (rows != testing::kSampleSessionRows) {
      check.problems.push_back("session " + s.id + " has " + std::to_string(rows) + " rows");
    }
    for (const auto& photo : s.photos) {
      if (!blobs->Get(photo.sha256)) check.problems.push_back("photo " + photo.sha256 + " broken");
    }
  }
  return check;
}

TEST(KillTest, SigkillMidSessionLeavesOldOrNewStateNeverAHalf) {
  const fs::path dir = fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / testing::UniqueName("kill_");
  fs::create_directories(dir);
  const fs::path db_path = dir / "tricholog.db";
  const fs::path blob_dir = dir / "blobs";
  std::string patient_id;
  {
    auto store = OpenAt(db_path);
    ASSERT_TRUE(store) << store.error().ToString();
    auto patient = (*store)->CreatePatient(Actor::LocalAdmin(), {"", "", "Kill test", 1990, ""});
    ASSERT_TRUE(patient);
    patient_id = patient->id;
  }
  std::mt19937 random(20250101);  // fixed seed: the same kill points on every run
  std::uniform_int_distribution<int> delay_ms(10, 250);
  constexpr int kKills = 30;
  int previous = 0;
  for (int kill = 0; kill < kKills; ++kill) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) WriteForever(db_path, blob_dir, patient_id);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    // Killed, not exited on its own: an early exit code would mean the writer failed.
    ASSERT_TRUE(WIFSIGNALED(status)) << "writer exited with " << WEXITSTATUS(status);
    const Check check = CheckStore(db_path, blob_dir, patient_id);
    ASSERT_TRUE(check.problems.empty()) << "after kill " << kill << ": " << check.problems.front();
    EXPECT_GE(check.sessions, previous);  // committed sessions never disappear
    previous = check.sessions;
  }
  EXPECT_GT(previous, 0) << "no session was ever committed: the test proved nothing";
  // Blobs written by a killed writer before its session committed are garbage, and collectable.
  auto store = OpenAt(db_path);
  ASSERT_TRUE(store);
  auto referenced = (*store)->ReferencedBlobs(Actor::LocalAdmin());
  auto blobs = BlobStore::Open(blob_dir);
  ASSERT_TRUE(referenced && blobs);
  ASSERT_TRUE(blobs->CollectGarbage(*referenced, std::chrono::seconds(-10)));
  auto left = blobs->List();
  ASSERT_TRUE(left);
  EXPECT_EQ(left->size(), referenced->size());
  std::cout << "[ kill test ] " << kKills << " kills, " << previous << " sessions committed\n";
  fs::remove_all(dir);
}

constexpr int kImportSessions = 200;

// A whole record of kImportSessions full sessions whose ids derive from `tag`, with its photos.
RecordFile BigRecord(const std::string& tag) {
  RecordFile file;
  PatientRecord& r = file.record;
  r.patient = {"p-" + tag, "", "Kill import " + tag, 1980, "2025-01-01T00:00:00Z"};
  for (int n = 0; n < kImportSessions; ++n) {
    TrackingSession s = testing::SampleSession(r.patient.id, "", n);
    s.id = fmt::format("s-{}-{}", tag, n);
    s.recorded_by = "local-admin";
    s.recorded_at = "2025-01-01T00:00:00Z";
    for (auto& photo : s.photos) {
      // Eight photo sets per record, shared by its sessions: the blob writes (each fsynced)
      // stay few, the rows many.
      std::vector<std::uint8_t> bytes(2048, static_cast<std::uint8_t>(n % 8));
      const std::string id = fmt::format("{}-{}-{}", tag, n % 8, photo.view);
      std::copy(id.begin(), id.end(), bytes.begin());
      photo.sha256 = Sha256Hex(bytes);
      file.photos.emplace(photo.sha256, std::move(bytes));  // a repeat is ignored
    }
    r.sessions.push_back(std::move(s));
  }
  return file;
}

[[noreturn]] void ImportForever(const fs::path& db_path, const fs::path& blob_dir) {
  auto store = OpenAt(db_path);
  auto blobs = BlobStore::Open(blob_dir);
  if (!store || !blobs) ::_exit(3);
  for (int n = 0;; ++n) {
    const RecordFile file = BigRecord(std::to_string(::getpid()) + "-" + std::to_string(n));
    if (!(*store)->ImportPatientRecord(Actor::LocalAdmin(), file.record, &*blobs, file.photos)) {
      ::_exit(5);
    }
  }
}

// Every patient not checked before holds all kImportSessions sessions with every data point and
// photo (or does not exist); integrity and foreign keys clean. Committed records never change,
// so each is checked once. `sessions` counts the records.
Check CheckImported(const fs::path& db_path, const fs::path& blob_dir,
                    std::set<std::string>& checked) {
  Check check;
  auto store = OpenAt(db_path);
  if (!store) return {0, {"cannot open: " + store.error().ToString()}};
  auto integrity = (*store)->database().IntegrityProblems();
  if (!integrity) return {0, {integrity.error().ToString()}};
  check.problems = *integrity;
  auto patients = (*store)->ListPatients(Actor::LocalAdmin());
  if (!patients) return {0, {"cannot list patients"}};
  for (const Patient& p : *patients) {
    ++check.sessions;
    if (!checked.insert(p.id).second) continue;
    const Check one = CheckStore(db_path, blob_dir, p.id);
    check.problems.insert(check.problems.end(), one.problems.begin(), one.problems.end());
    if (one.sessions != kImportSessions) {
      check.problems.push_back(
          fmt::format("patient {} has {} of {} sessions", p.id, one.sessions, kImportSessions));
    }
  }
  return check;
}

TEST(KillTest, SigkillMidImportLeavesWholeRecordsOnly) {
  const fs::path dir = fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / testing::UniqueName("killi_");
  fs::create_directories(dir);
  const fs::path db_path = dir / "tricholog.db";
  const fs::path blob_dir = dir / "blobs";
  ASSERT_TRUE(OpenAt(db_path));
  std::mt19937 random(20251202);
  std::uniform_int_distribution<int> delay_ms(20, 2000);
  constexpr int kKills = 12;
  int records = 0;
  std::set<std::string> checked;
  for (int kill = 0; kill < kKills; ++kill) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) ImportForever(db_path, blob_dir);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "importer exited with " << WEXITSTATUS(status);
    const Check check = CheckImported(db_path, blob_dir, checked);
    ASSERT_TRUE(check.problems.empty()) << "after kill " << kill << ": " << check.problems.front();
    EXPECT_GE(check.sessions, records);
    records = check.sessions;
  }
  EXPECT_GT(records, 0) << "no import ever committed: the test proved nothing";
  std::cout << "[ kill test ] " << kKills << " kills mid-import, " << records
            << " whole records of " << kImportSessions << " sessions, none partial\n";
  fs::remove_all(dir);
}

// Counts rows of every table: all zero, or exactly the backup's.
Result<long long> CountRows(Store& store) {
  long long rows = 0;
  for (const char* table : {"users", "patients", "sessions", "session_photos", "audit_log"}) {
    auto r = store.database().Query(fmt::format("SELECT COUNT(*) FROM {}", table), {});
    if (!r) return tl::unexpected(r.error());
    rows += std::stoll(r->rows.at(0).at(0).value_or("0"));
  }
  return rows;
}

TEST(KillTest, SigkillMidRestoreLeavesAllOrNothing) {
  const fs::path dir = fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / testing::UniqueName("killr_");
  fs::create_directories(dir);
  // The backup: one big imported record, with its photos.
  nlohmann::json backup;
  long long full_rows = 0;
  {
    auto source = OpenAt(dir / "source.db");
    auto blobs = BlobStore::Open(dir / "source.blobs");
    ASSERT_TRUE(source && blobs);
    const RecordFile file = BigRecord("restore");
    ASSERT_TRUE(
        (*source)->ImportPatientRecord(Actor::LocalAdmin(), file.record, &*blobs, file.photos));
    auto b = BackupStore(**source, Actor::LocalAdmin(), &*blobs);
    ASSERT_TRUE(b) << b.error().ToString();
    backup = std::move(*b);
    auto rows = CountRows(**source);
    ASSERT_TRUE(rows);
    full_rows = *rows + 1;  // + the restore's own audit row
  }
  std::mt19937 random(20251203);
  std::uniform_int_distribution<int> delay_ms(50, 2500);
  constexpr int kKills = 10;
  int empty = 0, full = 0;
  for (int kill = 0; kill < kKills; ++kill) {
    const fs::path db_path = dir / fmt::format("target{}.db", kill);
    const fs::path blob_dir = dir / fmt::format("target{}.blobs", kill);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto store = OpenAt(db_path);
      auto blobs = BlobStore::Open(blob_dir);
      if (!store || !blobs) ::_exit(3);
      if (!RestoreStore(**store, Actor::LocalAdmin(), backup, &*blobs)) ::_exit(5);
      ::_exit(0);  // finished before the kill: a whole restore, checked below all the same
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
    (void)::kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status) || WEXITSTATUS(status) == 0)
        << "restore exited with " << WEXITSTATUS(status);
    auto store = OpenAt(db_path);
    ASSERT_TRUE(store) << store.error().ToString();
    auto integrity = (*store)->database().IntegrityProblems();
    ASSERT_TRUE(integrity);
    EXPECT_TRUE(integrity->empty()) << integrity->front();
    auto rows = CountRows(**store);
    ASSERT_TRUE(rows);
    if (*rows == 0) {
      ++empty;
    } else {
      ASSERT_EQ(*rows, full_rows) << "after kill " << kill << ": a partial restore";
      ++full;
      // Every photo of the restored rows is a complete blob.
      const Check check = CheckStore(db_path, blob_dir, "p-restore");
      EXPECT_TRUE(check.problems.empty()) << check.problems.front();
    }
  }
  EXPECT_GT(empty + full, 0);
  std::cout << "[ kill test ] " << kKills << " kills mid-restore: " << empty << " left empty, "
            << full << " whole, none partial\n";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tricholog::store
