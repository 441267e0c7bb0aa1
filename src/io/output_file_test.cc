#include "io/output_file.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>

namespace tricholog::io {
namespace {

namespace fs = std::filesystem;

fs::path FreshDir(const std::string& name) {
  const fs::path dir = fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / "output_file" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void Spit(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

int CountEntries(const fs::path& dir) {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++n;
  return n;
}

TEST(WriteFileAtomically, CreatesAndReplacesLeavingNoTemporaryFile) {
  const fs::path dir = FreshDir("replace");
  ASSERT_TRUE(WriteFileAtomically(dir / "a.txt", std::string_view("first"), "out"));
  EXPECT_EQ(Slurp(dir / "a.txt"), "first");
  ASSERT_TRUE(WriteFileAtomically(dir / "a.txt", std::string_view("second"), "out"));
  EXPECT_EQ(Slurp(dir / "a.txt"), "second");
  EXPECT_EQ(CountEntries(dir), 1);
}

TEST(WriteFileAtomically, KeepsTheReplacedFilesPermissions) {
  const fs::path dir = FreshDir("mode");
  Spit(dir / "a.txt", "old");
  ASSERT_EQ(::chmod((dir / "a.txt").c_str(), 0640), 0);
  ASSERT_TRUE(WriteFileAtomically(dir / "a.txt", std::string_view("new"), "out"));
  struct stat st {};
  ASSERT_EQ(::stat((dir / "a.txt").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
}

TEST(WriteFileAtomically, RefusesSymlinksFifosDevicesAndFolders) {
  const fs::path dir = FreshDir("kinds");
  Spit(dir / "real.txt", "keep");
  fs::create_symlink(dir / "real.txt", dir / "link.txt");
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  fs::create_directory(dir / "folder");
  for (const fs::path& target : {dir / "link.txt", dir / "fifo", fs::path("/dev/null"),
                                 fs::path("/dev/full"), dir / "folder"}) {
    auto r = WriteFileAtomically(target, std::string_view("x"), "out");
    ASSERT_FALSE(r) << target;
    EXPECT_EQ(r.error().field, "out");
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << r.error().message;
  }
  EXPECT_EQ(Slurp(dir / "real.txt"), "keep");
  EXPECT_TRUE(fs::is_symlink(dir / "link.txt"));
  EXPECT_TRUE(fs::is_fifo(dir / "fifo"));
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

TEST(WriteFileAtomically, MissingFolderIsAnErrorNotACrash) {
  const fs::path dir = FreshDir("nofolder");
  auto r = WriteFileAtomically(dir / "no" / "such" / "a.txt", std::string_view("x"), "out");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
}

TEST(WriteFileAtomically, RemovesStaleTemporaryFilesOfDeadWriters) {
  const fs::path dir = FreshDir("stale");
  // A pid that cannot be running: above the kernel's pid_max (at most 2^22).
  const fs::path stale = dir / ".a.txt.tricholog-tmp.99999999.0000000000000001";
  const fs::path other = dir / ".b.txt.tricholog-tmp.99999999.0000000000000001";
  Spit(stale, "partial");
  Spit(other, "partial");
  ASSERT_TRUE(WriteFileAtomically(dir / "a.txt", std::string_view("x"), "out"));
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(other));  // another target's: not ours to judge
  EXPECT_TRUE(IsOutputTempFileName(stale.filename().string()));
  EXPECT_FALSE(IsOutputTempFileName("a.txt"));
}

// A full disk, simulated with a file-size limit in a child process: the write fails with
// EFBIG, the previous file survives and no temporary file is left.
TEST(WriteFileAtomically, FileSizeLimitLeavesThePreviousFileIntact) {
  const fs::path dir = FreshDir("fsize");
  const fs::path target = dir / "backup.json";
  Spit(target, "previous complete backup");
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit limit = {4096, 4096};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    auto r = WriteFileAtomically(target, std::string(100000, 'x'), "out");
    const bool clear = !r && r.error().code == ErrorCode::kIo &&
                       r.error().message.find("file size limit") != std::string::npos;
    ::_exit(clear ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(Slurp(target), "previous complete backup");
  EXPECT_EQ(CountEntries(dir), 1);
}

TEST(CheckOutputPath, RefusesTheStoresFilesAndInputsByIdentity) {
  const fs::path dir = FreshDir("forbidden");
  Spit(dir / "t.db", "db");
  fs::create_directories(dir / "t.db.blobs" / "ab");
  Spit(dir / "photo.jpg", "jpeg");
  ASSERT_EQ(::link((dir / "photo.jpg").c_str(), (dir / "hardlink.jpg").c_str()), 0);
  std::vector<ForbiddenPath> forbidden = StoreFiles(dir / "t.db", dir / "t.db.blobs");
  forbidden.push_back({dir / "photo.jpg", "the input photo", false});
  for (const fs::path& target :
       {dir / "t.db", dir / "t.db-wal", dir / "." / "t.db", dir / "t.db.blobs" / "ab" / "x",
        dir / "photo.jpg", dir / "hardlink.jpg", dir / "sub" / ".." / "photo.jpg"}) {
    fs::create_directories(dir / "sub");
    auto r = CheckOutputPath(target, forbidden, "out");
    ASSERT_FALSE(r) << target;
    EXPECT_EQ(r.error().field, "out");
  }
  EXPECT_TRUE(CheckOutputPath(dir / "export.json", forbidden, "out"));
  Spit(dir / "export.json", "old");
  EXPECT_TRUE(CheckOutputPath(dir / "export.json", forbidden, "out"));
}

TEST(CheckOutputPath, RefusesDevicesAndAMissingFolder) {
  EXPECT_FALSE(CheckOutputPath("/dev/null", {}, "out"));
  EXPECT_FALSE(CheckOutputPath("/no/such/folder/out.json", {}, "out"));
  EXPECT_FALSE(CheckOutputPath("", {}, "out"));
}

}  // namespace
}  // namespace tricholog::io
