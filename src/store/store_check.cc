#include "store/store_check.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "store/schema.h"

namespace tricholog::store {
namespace {

namespace fs = std::filesystem;

bool OldEnough(const fs::path& path, std::chrono::seconds min_age) {
  std::error_code ec;
  const auto written = fs::last_write_time(path, ec);
  return !ec && written <= fs::file_time_type::clock::now() - min_age;
}

// Referenced hashes (every BlobColumn), and the rows whose blob is missing.
Result<std::set<std::string>> CheckBlobRows(Database& db, const BlobStore& blobs,
                                            StoreCheckReport& report) {
  std::set<std::string> referenced;
  std::set<std::string> reported;
  for (const BlobColumn& c : BlobColumns()) {
    auto rows = db.Query(fmt::format("SELECT {0}, {1} FROM {2} WHERE {1} <> '' ORDER BY {0}",
                                     c.key_column, c.column, c.table),
                         {});
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& row : rows->rows) {
      const std::string key = row[0].value_or("");
      const std::string sha = row[1].value_or("");
      referenced.insert(sha);
      if (!blobs.Contains(sha) && reported.insert(sha + key).second) {
        report.missing_blobs.push_back(fmt::format("{} ({} {})", sha, c.owner, key));
      }
    }
  }
  return referenced;
}

void CheckTempFiles(const BlobStore& blobs, const StoreCheckOptions& options,
                    StoreCheckReport& report, std::vector<fs::path>& found) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(blobs.root() / "tmp", ec)) {
    if (entry.is_regular_file(ec)) found.push_back(entry.path());
  }
  if (!options.sqlite_path.empty()) {
    const fs::path db = fs::absolute(options.sqlite_path, ec);
    const std::string name = db.filename().string();
    for (const auto& entry : fs::directory_iterator(db.parent_path(), ec)) {
      if (entry.is_regular_file(ec) &&
          IsTempFileBesideDatabase(name, entry.path().filename().string())) {
        found.push_back(entry.path());
      }
    }
  }
  for (const fs::path& p : found) report.temp_files.push_back(p.string());
}

}  // namespace

int StoreCheckReport::remaining_problems() const {
  return static_cast<int>(integrity_problems.size() + missing_blobs.size() +
                          unreferenced_blobs.size() + temp_files.size()) -
         blobs_removed - temp_files_removed;
}

bool IsTempFileBesideDatabase(const std::string& db, const std::string& name) {
  if (db.empty()) return false;
  const bool dot_tmp = name.size() > 4 && name.compare(name.size() - 4, 4, ".tmp") == 0;
  if (name.rfind(db + ".tmp", 0) == 0) return true;
  // The CLI's atomic writer (io/output_file.h) and `demo`'s staged store name their temporary
  // files ".DB.tricholog-tmp.*" and ".DB.demo-tmp.*".
  for (const char* marker : {".tricholog-tmp.", ".demo-tmp."}) {
    if (name.rfind("." + db + marker, 0) == 0) return true;
  }
  return name.rfind("." + db + ".", 0) == 0 && dot_tmp;
}

Result<StoreCheckReport> CheckStore(Store& store, const Actor& actor, BlobStore& blobs,
                                    const StoreCheckOptions& options) {
  if (actor.role != Role::kAdmin) {
    return MakeError(ErrorCode::kPermissionDenied, "only an admin may check the store", "actor");
  }
  StoreCheckReport report;
  Database& db = store.database();
  auto integrity = db.IntegrityProblems();
  if (!integrity) return tl::unexpected(integrity.error());
  report.integrity_problems = std::move(*integrity);
  auto referenced = CheckBlobRows(db, blobs, report);
  if (!referenced) return tl::unexpected(referenced.error());
  auto stored = blobs.List();
  if (!stored) return tl::unexpected(stored.error());
  for (const std::string& sha : *stored) {
    if (referenced->count(sha) == 0) report.unreferenced_blobs.push_back(sha);
  }
  std::vector<fs::path> temp_files;
  CheckTempFiles(blobs, options, report, temp_files);
  if (options.repair) {
    // The referenced set is read again just before removing, so a session recorded during the
    // check keeps its photo; young files are left alone (see the header).
    auto now_referenced = store.ReferencedBlobs(actor);
    if (!now_referenced) return tl::unexpected(now_referenced.error());
    for (const std::string& sha : report.unreferenced_blobs) {
      if (now_referenced->count(sha) != 0) continue;
      const fs::path path = blobs.root() / sha.substr(0, 2) / sha;
      if (OldEnough(path, options.min_age) && blobs.Remove(sha)) ++report.blobs_removed;
    }
    for (const fs::path& p : temp_files) {
      std::error_code ec;
      if (OldEnough(p, options.min_age) && fs::remove(p, ec)) ++report.temp_files_removed;
    }
  }
  auto audited = store.AuditStoreAction(actor, options.repair ? "update" : "read", "store_check",
                                        fmt::format("{} problems", report.remaining_problems()));
  if (!audited) return tl::unexpected(audited.error());
  return report;
}

}  // namespace tricholog::store
