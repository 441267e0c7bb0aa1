#include "store/blob_store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "store/clock.h"
#include "store/photo_location_check.h"

namespace tricholog::store {
namespace {

namespace fs = std::filesystem;
constexpr std::size_t kMaxBlobBytes = 64u << 20;

tl::unexpected<Error> IoError(const std::string& what, const fs::path& path) {
  return MakeError(ErrorCode::kIo,
                   fmt::format("{} {}: {}", what, path.string(), std::strerror(errno)));
}

Result<void> SyncPath(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) return IoError("cannot open", path);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return IoError("cannot sync", path);
  return {};
}

// Writes all of `bytes` to a new file at `path` and fsyncs it.
Result<void> WriteSynced(const fs::path& path, std::span<const std::uint8_t> bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("cannot create", path);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return IoError("cannot write", path);
    }
    done += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return IoError("cannot sync", path);
  return {};
}

}  // namespace

bool IsSha256Hex(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string Sha256Hex(std::span<const std::uint8_t> bytes) {
  if (sodium_init() < 0) std::abort();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, bytes.data(), bytes.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

Result<BlobStore> BlobStore::Open(const fs::path& root) {
  std::error_code ec;
  fs::create_directories(root / "tmp", ec);
  if (ec) return MakeError(ErrorCode::kIo, "cannot create " + root.string() + ": " + ec.message());
  return BlobStore(root);
}

fs::path BlobStore::PathOf(const std::string& sha256) const {
  return root_ / sha256.substr(0, 2) / sha256;
}

Result<std::string> BlobStore::Put(std::span<const std::uint8_t> bytes) {
  if (bytes.empty() || bytes.size() > kMaxBlobBytes) {
    return MakeError(ErrorCode::kTooLarge,
                     fmt::format("is {} bytes; allowed 1 to {}", bytes.size(), kMaxBlobBytes),
                     "photo");
  }
  if (CarriesLocationMetadata(bytes)) {
    return InvalidArgument("photo",
                           "still carries GPS location metadata; strip it before "
                           "storing (imaging/metadata_strip.h)");
  }
  const std::string sha = Sha256Hex(bytes);
  const fs::path final_path = PathOf(sha);
  if (fs::exists(final_path)) return sha;  // deduplicated
  std::error_code ec;
  fs::create_directories(final_path.parent_path(), ec);
  if (ec) return MakeError(ErrorCode::kIo, "cannot create " + final_path.parent_path().string());
  const fs::path temp = root_ / "tmp" / (sha + "." + NewUuid());
  if (auto r = WriteSynced(temp, bytes); !r) {
    fs::remove(temp, ec);
    return tl::unexpected(r.error());
  }
  if (::rename(temp.c_str(), final_path.c_str()) != 0) {
    fs::remove(temp, ec);
    return IoError("cannot rename into", final_path);
  }
  // The rename is durable only once the folder entry is on disk.
  if (auto r = SyncPath(final_path.parent_path(), O_RDONLY | O_DIRECTORY); !r) {
    return tl::unexpected(r.error());
  }
  return sha;
}

Result<std::vector<std::uint8_t>> BlobStore::Get(const std::string& sha256) const {
  if (!IsSha256Hex(sha256)) return InvalidArgument("sha256", "must be 64 lower-case hex digits");
  std::ifstream in(PathOf(sha256), std::ios::binary);
  if (!in) return MakeError(ErrorCode::kNotFound, "no blob " + sha256, "sha256");
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
  if (Sha256Hex(bytes) != sha256) {
    return MakeError(ErrorCode::kIo, "blob " + sha256 + " is corrupt (hash mismatch)", "sha256");
  }
  return bytes;
}

bool BlobStore::Contains(const std::string& sha256) const {
  return IsSha256Hex(sha256) && fs::exists(PathOf(sha256));
}

Result<fs::path> BlobStore::DerivedPathOf(const std::string& sha256, std::string_view name) const {
  if (!IsSha256Hex(sha256)) return InvalidArgument("sha256", "must be 64 lower-case hex digits");
  const bool valid_name =
      !name.empty() && name.size() <= 40 && name.front() != '.' &&
      std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
      });
  if (!valid_name)
    return InvalidArgument("name", "must be 1 to 40 of a-z 0-9 _ . - not starting with .");
  return root_ / "derived" / sha256.substr(0, 2) / (sha256 + "." + std::string(name));
}

Result<std::optional<std::vector<std::uint8_t>>> BlobStore::GetDerived(
    const std::string& sha256, std::string_view name) const {
  auto path = DerivedPathOf(sha256, name);
  if (!path) return tl::unexpected(path.error());
  std::ifstream in(*path, std::ios::binary);
  if (!in) return std::optional<std::vector<std::uint8_t>>();
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
  return std::optional<std::vector<std::uint8_t>>(std::move(bytes));
}

Result<void> BlobStore::PutDerived(const std::string& sha256, std::string_view name,
                                   std::span<const std::uint8_t> bytes) {
  auto path = DerivedPathOf(sha256, name);
  if (!path) return tl::unexpected(path.error());
  if (!Contains(sha256)) return MakeError(ErrorCode::kNotFound, "no blob " + sha256, "sha256");
  std::error_code ec;
  fs::create_directories(path->parent_path(), ec);
  if (ec) return MakeError(ErrorCode::kIo, "cannot create " + path->parent_path().string());
  const fs::path temp = root_ / "tmp" / (sha256 + "." + NewUuid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
      fs::remove(temp, ec);
      return IoError("cannot write", temp);
    }
  }
  if (::rename(temp.c_str(), path->c_str()) != 0) {
    fs::remove(temp, ec);
    return IoError("cannot rename into", *path);
  }
  return {};
}

void BlobStore::RemoveDerived(const std::string& sha256) const {
  std::error_code ec;
  const fs::path dir = root_ / "derived" / sha256.substr(0, 2);
  const std::string prefix = sha256 + ".";
  std::vector<fs::path> found;
  for (const auto& file : fs::directory_iterator(dir, ec)) {
    if (file.path().filename().string().rfind(prefix, 0) == 0) found.push_back(file.path());
  }
  for (const fs::path& p : found) fs::remove(p, ec);
}

Result<void> BlobStore::Remove(const std::string& sha256) {
  if (!IsSha256Hex(sha256)) return InvalidArgument("sha256", "must be 64 lower-case hex digits");
  std::error_code ec;
  RemoveDerived(sha256);
  fs::remove(PathOf(sha256), ec);
  if (ec) return MakeError(ErrorCode::kIo, "cannot remove blob " + sha256 + ": " + ec.message());
  return {};
}

Result<std::vector<std::string>> BlobStore::PutNew(const PhotoBytes& photos) {
  std::vector<std::string> added;
  for (const auto& [sha, bytes] : photos) {
    if (Contains(sha)) continue;
    auto put = Put(bytes);
    if (!put) {
      RemoveAll(added);
      return tl::unexpected(put.error());
    }
    added.push_back(*put);
  }
  return added;
}

void BlobStore::RemoveAll(const std::vector<std::string>& hashes) {
  for (const std::string& sha : hashes) (void)Remove(sha);
}

Result<std::vector<std::string>> BlobStore::List() const {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& dir : fs::directory_iterator(root_, ec)) {
    if (!dir.is_directory() || dir.path().filename() == "tmp") continue;
    for (const auto& file : fs::directory_iterator(dir.path(), ec)) {
      const std::string name = file.path().filename().string();
      if (IsSha256Hex(name)) out.push_back(name);
    }
  }
  if (ec) return MakeError(ErrorCode::kIo, "cannot list " + root_.string() + ": " + ec.message());
  std::sort(out.begin(), out.end());
  return out;
}

Result<GarbageCollection> BlobStore::CollectGarbage(const std::set<std::string>& referenced,
                                                    std::chrono::seconds grace) {
  GarbageCollection gc;
  const auto cutoff = fs::file_time_type::clock::now() - grace;
  std::error_code ec;
  auto old_enough = [&](const fs::path& p) { return fs::last_write_time(p, ec) <= cutoff; };
  auto listed = List();
  if (!listed) return tl::unexpected(listed.error());
  for (const std::string& sha : *listed) {
    const fs::path path = PathOf(sha);
    if (referenced.count(sha) != 0 || !old_enough(path)) continue;
    const auto size = fs::file_size(path, ec);
    if (fs::remove(path, ec)) {
      RemoveDerived(sha);
      ++gc.blobs_removed;
      gc.bytes_removed += static_cast<long long>(size);
    }
  }
  for (const auto& file : fs::directory_iterator(root_ / "tmp", ec)) {
    if (old_enough(file.path()) && fs::remove(file.path(), ec)) ++gc.temp_files_removed;
  }
  return gc;
}

}  // namespace tricholog::store
