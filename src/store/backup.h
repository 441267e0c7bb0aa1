// Whole-store backup and restore: every table (users with their password hashes, all patients'
// records, the audit log) and every referenced photo blob in one JSON document. Rows keep their
// ids and timestamps, so restore -> backup gives the same document, on either backend.
#ifndef TRICHOLOG_STORE_BACKUP_H_
#define TRICHOLOG_STORE_BACKUP_H_

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "store/blob_store.h"
#include "store/store.h"

namespace tricholog::store {

inline constexpr const char* kBackupFormat = "tricholog.backup/1";

struct BackupStats {
  int tables = 0;
  long long rows = 0;
  int blobs = 0;
  long long blob_bytes = 0;
};

// Admin only. Reads one consistent snapshot. `blobs` may be null (the backup then has no photos).
Result<nlohmann::json> BackupStore(Store& store, const Actor& actor, const BlobStore* blobs,
                                   BackupStats* stats = nullptr);

// Admin only. Restores into an empty store (no users and no patients, else kConflict) in one
// transaction; blobs are verified against their hashes and written to `blobs` when not null.
Result<BackupStats> RestoreStore(Store& store, const Actor& actor, const nlohmann::json& backup,
                                 BlobStore* blobs);

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_BACKUP_H_
