// BlobStore: photos on disk, content-addressed by SHA-256 (FIPS 180-4, via libsodium).
//
// Layout: <root>/<first two hex digits>/<64 hex digits>; writes go to <root>/tmp/, are fsynced,
// renamed into place and the folder fsynced, so a crash leaves either no blob or the whole blob.
// Identical bytes are stored once. Stored photos must carry no location metadata: callers strip
// it first (imaging/metadata_strip.h); Put refuses a JPEG/PNG that still has GPS EXIF or XMP.
// Safe for several processes sharing one root (rename is atomic; names are content hashes).
#ifndef TRICHOLOG_STORE_BLOB_STORE_H_
#define TRICHOLOG_STORE_BLOB_STORE_H_

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace tricholog::store {

// Photo bytes by lower-case hex SHA-256 (photos embedded in an export or a backup).
using PhotoBytes = std::map<std::string, std::vector<std::uint8_t>>;

// True for 64 lower-case hex digits.
bool IsSha256Hex(std::string_view text);

// Lower-case hex SHA-256 of `bytes`.
std::string Sha256Hex(std::span<const std::uint8_t> bytes);

struct GarbageCollection {
  int blobs_removed = 0;
  long long bytes_removed = 0;
  int temp_files_removed = 0;
};

class BlobStore {
 public:
  // Creates `root` (and tmp/) when absent; kIo when it cannot.
  static Result<BlobStore> Open(const std::filesystem::path& root);

  const std::filesystem::path& root() const { return root_; }

  // Stores `bytes` (1 byte to 64 MiB) and returns their SHA-256; a second Put of the same bytes
  // writes nothing. kInvalidArgument (field "photo") when a JPEG/PNG carries location metadata.
  Result<std::string> Put(std::span<const std::uint8_t> bytes);
  // The bytes stored under `sha256`, verified against it (kIo on a mismatch: corruption).
  Result<std::vector<std::uint8_t>> Get(const std::string& sha256) const;
  bool Contains(const std::string& sha256) const;
  // Removes the blob (used to undo blobs written for an import or restore whose transaction
  // failed). Succeeds when it is already absent.
  Result<void> Remove(const std::string& sha256);
  // Writes every blob of `photos` that is not stored yet; returns the hashes it added, for
  // RemoveAll when the caller's transaction then fails. On a failure it removes what it added.
  Result<std::vector<std::string>> PutNew(const PhotoBytes& photos);
  // Best-effort removal of `hashes` (after a failed transaction).
  void RemoveAll(const std::vector<std::string>& hashes);
  // Files derived from a blob and made again when lost (thumbnails, a print-resolution copy):
  // <root>/derived/<first two hex digits>/<sha256>.<name>, written atomically (temp file +
  // rename, not fsynced), removed with their blob (Remove, CollectGarbage). `name` is 1 to 40 of
  // [a-z0-9_.-] and does not start with '.'; kInvalidArgument otherwise. GetDerived answers
  // std::nullopt when the file has not been made.
  Result<std::optional<std::vector<std::uint8_t>>> GetDerived(const std::string& sha256,
                                                              std::string_view name) const;
  Result<void> PutDerived(const std::string& sha256, std::string_view name,
                          std::span<const std::uint8_t> bytes);
  // Every stored hash, sorted.
  Result<std::vector<std::string>> List() const;
  // Removes blobs not in `referenced` and temporary files left by crashed writers, when older
  // than `grace` (so a blob put just before its session is recorded is not collected).
  Result<GarbageCollection> CollectGarbage(const std::set<std::string>& referenced,
                                           std::chrono::seconds grace = std::chrono::hours(1));

 private:
  explicit BlobStore(std::filesystem::path root) : root_(std::move(root)) {}
  std::filesystem::path PathOf(const std::string& sha256) const;
  Result<std::filesystem::path> DerivedPathOf(const std::string& sha256,
                                              std::string_view name) const;
  void RemoveDerived(const std::string& sha256) const;

  std::filesystem::path root_;
};

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_BLOB_STORE_H_
