// `tricholog store check`: is the store whole, and what did a crash leave behind?
//
// Looks at: the database's own checks (SQLite integrity_check and foreign_key_check; PostgreSQL
// enforces both on every statement, so none run there), photo blob files no session row refers
// to, session photo rows whose blob file is missing, temporary files of crashed writers in the
// blob store's tmp/ folder and beside the SQLite file. With `repair`, removes unreferenced blobs
// and temporary files older than `min_age` (a writer puts a photo's blob just before recording
// its session, so a young unreferenced blob may be in use); a referenced blob is never removed.
// Both runs are audited ("read" / "update", entity "store_check").
#ifndef TRICHOLOG_STORE_STORE_CHECK_H_
#define TRICHOLOG_STORE_STORE_CHECK_H_

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/blob_store.h"
#include "store/store.h"

namespace tricholog::store {

struct StoreCheckOptions {
  bool repair = false;
  std::chrono::seconds min_age = std::chrono::minutes(15);
  // The SQLite file, to look for temporary files beside it; empty for PostgreSQL.
  std::filesystem::path sqlite_path;
};

struct StoreCheckReport {
  std::vector<std::string> integrity_problems;  // the database's own checks
  std::vector<std::string> unreferenced_blobs;  // hashes of blob files no row refers to
  std::vector<std::string> missing_blobs;       // "sha256 (session id)" or "sha256 (the analysis of
                                                // photo sha)": rows whose blob is gone
  std::vector<std::string> temp_files;          // leftover temporary files (paths)
  int blobs_removed = 0;
  int temp_files_removed = 0;

  // Problems still there after the run (what --repair could not or may not remove).
  int remaining_problems() const;
};

// Names of temporary files beside a SQLite file `db` that Tricholog's writers may leave after a
// crash: "<db>.tmp*" and ".<db>.*.tmp" (never SQLite's own -journal/-wal/-shm).
bool IsTempFileBesideDatabase(const std::string& db_file_name, const std::string& name);

// Admin only (kPermissionDenied otherwise). Runs the checks, repairs when asked, audits the run.
Result<StoreCheckReport> CheckStore(Store& store, const Actor& actor, BlobStore& blobs,
                                    const StoreCheckOptions& options);

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_STORE_CHECK_H_
