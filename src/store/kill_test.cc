// Durability: a writer SIGKILLed at random points while recording sessions (blobs first, then the
// session transaction) leaves the store whole: integrity_check and foreign_key_check are clean,
// every session has all of its data points, and every photo it refers to is a complete blob.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

#include "store/blob_store.h"
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

}  // namespace
}  // namespace tricholog::store
