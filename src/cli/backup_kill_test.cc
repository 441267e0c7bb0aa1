// `tricholog backup --out F` killed at random points, and run out of disk: F is always either
// the previous complete backup or the new complete one, never a partial file, and the next
// backup leaves no temporary file behind. Runs the real binary on the demo store.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace tricholog::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Starts `tricholog args...` with stdout/stderr to `log`; `file_size_limit` > 0 sets
// RLIMIT_FSIZE in the child (the binary ignores SIGXFSZ, so writes fail with EFBIG).
pid_t Start(const std::vector<std::string>& args, const fs::path& log, rlim_t file_size_limit = 0) {
  const fs::path binary = fs::path(TRICHOLOG_BINARY_DIR) / "tricholog";
  const pid_t child = ::fork();
  if (child == 0) {
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(out, 1);
    ::dup2(out, 2);
    if (file_size_limit > 0) {
      struct rlimit limit = {file_size_limit, file_size_limit};
      ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    std::vector<char*> argv = {const_cast<char*>(binary.c_str())};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  return child;
}

int Wait(pid_t child) {
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<std::string> TempFilesIn(const fs::path& dir) {
  std::vector<std::string> temps;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.find(".tricholog-tmp.") != std::string::npos) temps.push_back(name);
  }
  return temps;
}

ino_t Inode(const fs::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

// A complete backup: parses as JSON, and holds every photo of the demo store.
bool IsCompleteBackup(const std::string& text, std::size_t blobs) {
  auto json = nlohmann::json::parse(text, nullptr, false);
  return !json.is_discarded() && json.is_object() && json.contains("tables") &&
         json.contains("blobs") && json["blobs"].size() == blobs;
}

class BackupKill : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / "backup_kill" /
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(root_);
    fs::create_directories(root_ / "out");
    ::setenv("TRICHOLOG_HOME", (root_ / "home").c_str(), 1);
    ::setenv("TRICHOLOG_DATA_DIR", TRICHOLOG_SOURCE_DATA_DIR, 1);
    db_ = "sqlite:" + (root_ / "demo.db").string();
    ASSERT_EQ(Wait(Start({"demo", "--db", db_, "--photo-size", "640x480"}, root_ / "demo.log")), 0)
        << Slurp(root_ / "demo.log");
    target_ = root_ / "out" / "backup.json";
    const auto start = Clock::now();
    ASSERT_EQ(Wait(Start({"backup", "--db", db_, "--out", target_.string()}, root_ / "b.log")), 0)
        << Slurp(root_ / "b.log");
    backup_time_ = Clock::now() - start;
    previous_ = Slurp(target_);
    blobs_ = nlohmann::json::parse(previous_)["blobs"].size();
    inode_ = Inode(target_);
    ASSERT_GT(blobs_, 0u);
  }

  fs::path root_, target_;
  std::string db_, previous_;
  std::size_t blobs_ = 0;
  ino_t inode_ = 0;
  Clock::duration backup_time_{};
};

TEST_F(BackupKill, SigkillLeavesThePreviousOrTheNewBackupNeverAPartialOne) {
  std::mt19937 rng(20261202);
  const auto span_us = std::chrono::duration_cast<std::chrono::microseconds>(backup_time_).count();
  // Most of a run is start-up and reading the store; kill in its second half, where it writes.
  std::uniform_int_distribution<long long> delay_us(span_us / 2, span_us + span_us / 5);
  int kept_previous = 0, replaced = 0, finished = 0;
  constexpr int kRuns = 12;
  for (int run = 0; run < kRuns; ++run) {
    const pid_t child = Start({"backup", "--db", db_, "--out", target_.string()}, root_ / "k.log");
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
    ::kill(child, SIGKILL);
    if (Wait(child) == 0) ++finished;
    const std::string now = Slurp(target_);
    // A rename puts a new inode in place; the same inode is the previous file, untouched.
    const auto inode = fs::status(target_).type() == fs::file_type::regular ? Inode(target_) : 0;
    if (inode == inode_) {
      ++kept_previous;
      ASSERT_EQ(now, previous_) << "run " << run << ": the previous backup was changed in place";
    } else {
      ASSERT_TRUE(IsCompleteBackup(now, blobs_))
          << "run " << run << ": a partial backup of " << now.size() << " bytes";
      ++replaced;
      previous_ = now;
      inode_ = inode;
    }
  }
  std::cout << "backup killed " << kRuns << " times over " << span_us / 1000
            << " ms: previous kept " << kept_previous << ", replaced by a complete one " << replaced
            << " (" << finished << " finished before the kill); temporary files left: "
            << TempFilesIn(target_.parent_path()).size() << "\n";
  // The next backup removes what killed writers left and leaves nothing of its own.
  ASSERT_EQ(Wait(Start({"backup", "--db", db_, "--out", target_.string()}, root_ / "b.log")), 0)
      << Slurp(root_ / "b.log");
  EXPECT_TRUE(IsCompleteBackup(Slurp(target_), blobs_));
  EXPECT_EQ(TempFilesIn(target_.parent_path()), std::vector<std::string>{});
}

TEST_F(BackupKill, FullDiskLeavesThePreviousBackupIntact) {
  const rlim_t limit = previous_.size() / 2;
  const int code =
      Wait(Start({"backup", "--db", db_, "--out", target_.string()}, root_ / "full.log", limit));
  const std::string log = Slurp(root_ / "full.log");
  EXPECT_EQ(code, 1) << log;
  EXPECT_NE(log.find("tricholog: error: out: cannot write"), std::string::npos) << log;
  EXPECT_NE(log.find("file size limit"), std::string::npos) << log;
  EXPECT_EQ(Slurp(target_), previous_);
  EXPECT_EQ(TempFilesIn(target_.parent_path()), std::vector<std::string>{});
}

std::vector<std::string> Entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// A new demo store is staged under a temporary name: killed midway, nothing appears at the
// target; the next demo removes the dead run's staged store and photos.
TEST(DemoKill, KilledDemoLeavesNothingAtTheTargetAndTheNextRunCleansUp) {
  const fs::path root = fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / "demo_kill";
  fs::remove_all(root);
  fs::create_directories(root / "store");
  ::setenv("TRICHOLOG_HOME", (root / "home").c_str(), 1);
  ::setenv("TRICHOLOG_DATA_DIR", TRICHOLOG_SOURCE_DATA_DIR, 1);
  const std::string db = "sqlite:" + (root / "store" / "d.db").string();
  const pid_t child = Start({"demo", "--db", db, "--photo-size", "640x480"}, root / "demo.log");
  // Wait until the run is writing sessions (its progress lines), then kill it.
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (Slurp(root / "demo.log").find("session 5/") == std::string::npos &&
         Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(child, SIGKILL);
  Wait(child);
  const std::vector<std::string> left = Entries(root / "store");
  EXPECT_FALSE(fs::exists(root / "store" / "d.db"));
  EXPECT_FALSE(fs::exists(root / "store" / "d.db.blobs"));
  ASSERT_FALSE(left.empty()) << "the killed run staged nothing (killed too early?)";
  for (const std::string& name : left) EXPECT_EQ(name.rfind(".d.db.demo-tmp.", 0), 0u) << name;

  ASSERT_EQ(Wait(Start({"demo", "--db", db, "--photo-size", "640x480"}, root / "demo2.log")), 0)
      << Slurp(root / "demo2.log");
  EXPECT_EQ(Entries(root / "store"), (std::vector<std::string>{"d.db", "d.db.blobs"}));
}

}  // namespace
}  // namespace tricholog::cli
