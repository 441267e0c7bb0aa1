#include "io/output_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <random>

namespace tricholog::io {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTempMarker = ".tricholog-tmp.";
// Keeps ".<name>.tricholog-tmp.<pid>.<16 hex>" within NAME_MAX (255) for any target name.
constexpr std::size_t kMaxNameInTemp = 200;

std::string KindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

// Refuses an existing target that is not a plain regular file. `exists` and `st` report it.
Result<void> CheckTargetKind(const fs::path& path, std::string_view field, bool* exists,
                             struct stat* st) {
  *exists = false;
  if (::lstat(path.c_str(), st) != 0) {
    if (errno == ENOENT) return {};
    return MakeError(ErrorCode::kIo,
                     fmt::format("cannot check {}: {}", path.string(), std::strerror(errno)),
                     std::string(field));
  }
  *exists = true;
  if (S_ISLNK(st->st_mode)) {
    return InvalidArgument(std::string(field),
                           fmt::format("{} is a symbolic link; an output is never written through "
                                       "a link (name the real file)",
                                       path.string()));
  }
  if (!S_ISREG(st->st_mode)) {
    return InvalidArgument(std::string(field),
                           fmt::format("{} is {}; an output must be a regular file", path.string(),
                                       KindOf(st->st_mode)));
  }
  return {};
}

fs::path FolderOf(const fs::path& path) {
  return path.has_parent_path() ? path.parent_path() : fs::path(".");
}

// The absolute path with "." / ".." and symlinks in its existing part resolved.
fs::path Normalised(const fs::path& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  if (ec) absolute = path;
  fs::path canonical = fs::weakly_canonical(absolute, ec);
  return ec ? absolute.lexically_normal() : canonical;
}

bool IsInside(const fs::path& inner, const fs::path& outer) {
  auto o = outer.begin(), i = inner.begin();
  for (; o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // a trailing separator
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

std::string TempPrefix(const fs::path& path) {
  std::string name = path.filename().string();
  if (name.size() > kMaxNameInTemp) name.resize(kMaxNameInTemp);
  return "." + name + std::string(kTempMarker);
}

// Removes "<prefix><pid>.<random>" files in `folder` whose writer process no longer exists.
void RemoveStaleTemps(const fs::path& folder, const std::string& prefix) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string rest = name.substr(prefix.size());
    const auto dot = rest.find('.');
    if (dot == std::string::npos || dot == 0) continue;
    pid_t pid = 0;
    bool digits = true;
    for (char c : rest.substr(0, dot)) {
      digits = digits && c >= '0' && c <= '9';
      if (digits) pid = pid * 10 + (c - '0');
    }
    if (!digits || pid <= 0) continue;
    if (::kill(pid, 0) != 0 && errno == ESRCH) ::unlink(entry.path().c_str());
  }
}

Error WriteError(int error_number, const fs::path& path, std::string_view field) {
  std::string why;
  if (error_number == ENOSPC || error_number == EDQUOT) {
    why = "the disk is full (no space left on device)";
  } else if (error_number == EFBIG) {
    why = "the file size limit was reached (file too large)";
  } else {
    why = std::strerror(error_number);
  }
  return Error{
      ErrorCode::kIo,
      fmt::format("cannot write {}: {}; the previous file is unchanged", path.string(), why),
      std::string(field)};
}

// Writes all of `bytes`; 0, or the errno of the failed write.
int WriteAll(int fd, std::span<const std::uint8_t> bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (n == 0) return ENOSPC;
    done += static_cast<std::size_t>(n);
  }
  return 0;
}

}  // namespace

Result<void> CheckOutputPath(const fs::path& path, const std::vector<ForbiddenPath>& forbidden,
                             std::string_view field) {
  if (path.empty()) return InvalidArgument(std::string(field), "must not be empty");
  struct stat st {};
  const bool exists = ::lstat(path.c_str(), &st) == 0;
  // Identity first: "that is the store's database" says more than "that is a symlink".
  const fs::path normalised = Normalised(path);
  for (const ForbiddenPath& f : forbidden) {
    if (f.path.empty()) continue;
    struct stat fst {};
    bool same = exists && ::stat(f.path.c_str(), &fst) == 0 && fst.st_dev == st.st_dev &&
                fst.st_ino == st.st_ino;
    const fs::path other = Normalised(f.path);
    same = same || normalised == other || (f.whole_tree && IsInside(normalised, other));
    if (same) {
      return InvalidArgument(std::string(field),
                             fmt::format("{} is {} ({}); an output never overwrites it",
                                         path.string(), f.what, f.path.string()));
    }
  }
  bool exists_now = false;
  if (auto kind = CheckTargetKind(path, field, &exists_now, &st); !kind) return kind;
  if (!exists_now) {
    struct stat folder {};
    const fs::path dir = FolderOf(path);
    if (::stat(dir.c_str(), &folder) != 0 || !S_ISDIR(folder.st_mode)) {
      return MakeError(ErrorCode::kNotFound,
                       fmt::format("the folder {} does not exist", dir.string()),
                       std::string(field));
    }
  }
  return {};
}

std::vector<ForbiddenPath> StoreFiles(const fs::path& sqlite_path, const fs::path& blob_dir) {
  std::vector<ForbiddenPath> files;
  if (!sqlite_path.empty() && sqlite_path != ":memory:") {
    files.push_back({sqlite_path, "the store's database", false});
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
      fs::path p = sqlite_path;
      p += suffix;
      files.push_back({p, std::string("the store's ") + (suffix + 1) + " file", false});
    }
  }
  if (!blob_dir.empty()) files.push_back({blob_dir, "the store's photo folder", true});
  return files;
}

Result<void> WriteFileAtomically(const fs::path& path, std::span<const std::uint8_t> bytes,
                                 std::string_view field, mode_t mode) {
  if (path.empty()) return InvalidArgument(std::string(field), "must not be empty");
  bool exists = false;
  struct stat st {};
  if (auto kind = CheckTargetKind(path, field, &exists, &st); !kind) return kind;
  const fs::path folder = FolderOf(path);
  const std::string prefix = TempPrefix(path);
  RemoveStaleTemps(folder, prefix);

  std::random_device random;
  const std::uint64_t nonce = (std::uint64_t{random()} << 32) ^ random();
  const fs::path temp = folder / fmt::format("{}{}.{:016x}", prefix, ::getpid(), nonce);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) {
    return MakeError(ErrorCode::kIo,
                     fmt::format("cannot create a temporary file in {}: {}", folder.string(),
                                 std::strerror(errno)),
                     std::string(field));
  }
  auto fail = [&](int error_number) {
    ::unlink(temp.c_str());
    return tl::unexpected(WriteError(error_number, path, field));
  };
  // A replaced file keeps its permissions.
  if (exists && ::fchmod(fd, st.st_mode & 07777) != 0) {
    const int e = errno;
    ::close(fd);
    return fail(e);
  }
  if (const int e = WriteAll(fd, bytes); e != 0) {
    ::close(fd);
    return fail(e);
  }
  if (::fsync(fd) != 0) {
    const int e = errno;
    ::close(fd);
    return fail(e);
  }
  if (::close(fd) != 0) return fail(errno);
  if (::rename(temp.c_str(), path.c_str()) != 0) return fail(errno);
  // The rename is durable only once the folder entry is on disk.
  const int dir_fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    const bool synced = ::fsync(dir_fd) == 0 || errno == EINVAL;
    const int e = errno;
    ::close(dir_fd);
    if (!synced) {
      return MakeError(
          ErrorCode::kIo,
          fmt::format("wrote {} but cannot sync its folder: {}", path.string(), std::strerror(e)),
          std::string(field));
    }
  }
  return {};
}

Result<void> WriteFileAtomically(const fs::path& path, std::string_view text,
                                 std::string_view field, mode_t mode) {
  return WriteFileAtomically(
      path, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()), field,
      mode);
}

bool IsOutputTempFileName(std::string_view name) {
  return !name.empty() && name.front() == '.' && name.find(kTempMarker) != std::string_view::npos;
}

}  // namespace tricholog::io
