// Whole-store backup and restore: every table (users with their password hashes, all patients'
// records, the audit log) and every referenced photo blob in one JSON document. Rows keep their
// ids and timestamps, so a restored store backs up to the same document plus two audit rows (the
// restore, then the new backup), on either backend. Columns are the schema's (schema.h), never
// the file's.
#ifndef TRICHOLOG_STORE_BACKUP_H_
#define TRICHOLOG_STORE_BACKUP_H_

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/blob_store.h"
#include "store/store.h"

namespace tricholog::store {

inline constexpr const char* kBackupFormat = "tricholog.backup/1";

struct BackupOptions {
  // Leave out photos whose blob file is missing (listed in BackupStats::skipped_photos and in
  // the document's "skipped_photos") instead of failing.
  bool skip_missing_photos = false;
};

struct BackupStats {
  int tables = 0;
  long long rows = 0;
  int blobs = 0;
  long long blob_bytes = 0;
  // Backup: photos left out (skip_missing_photos). Restore: photos the backup had left out and
  // this store does not hold either (their rows are restored; `store check` lists them).
  std::vector<std::string> skipped_photos;
};

// Admin only. Reads one consistent snapshot and audits it ("read", "backup"). `blobs` null means
// no photo can be found. A photo whose blob is missing is kNotFound naming the hash and session,
// unless options.skip_missing_photos.
Result<nlohmann::json> BackupStore(Store& store, const Actor& actor, const BlobStore* blobs,
                                   BackupStats* stats = nullptr, BackupOptions options = {});

// A backup document checked whole, without a database.
struct ValidatedBackup {
  PhotoBytes blobs;                         // every referenced photo embedded, hash-verified
  std::set<std::string> skipped_photos;     // referenced, left out by the backup on purpose
  std::set<std::string> referenced_photos;  // every blob hash of BlobColumns()
  long long rows = 0;
};

// Checks `backup` as restore will write it: "format"; "schema_version" equal to
// `schema_version` (else kConflict); every table of SchemaTables() present, no other, with
// exactly the schema's columns in order; each value null only where the column allows and of
// the column's type (whole numbers in integer columns, finite numbers in real ones);
// the audit log non-empty with seq strictly increasing; every photo of session_photos present in
// "blobs" (base64, matching its hash) or listed in "skipped_photos". Errors name the JSON path.
// Pure: no exception escapes, nothing is written.
Result<ValidatedBackup> ValidateBackup(const nlohmann::json& backup, int schema_version);

// Admin only. Restores into an empty store (no users and no patients, else kConflict). The
// document is validated whole first (ValidateBackup); then, in one transaction, the blobs not
// yet in `blobs` are written (removed again if the transaction fails), the rows inserted and
// the restore audited ("create", "restore"). `blobs` may be null only for a backup without photos.
Result<BackupStats> RestoreStore(Store& store, const Actor& actor, const nlohmann::json& backup,
                                 BlobStore* blobs);

// The same for a document the caller has already checked: `validated` must be what
// ValidateBackup(backup, LatestSchemaVersion(dialect of `store`)) returned for this `backup`
// (the CLI checks before it opens, so a refused backup creates no store, and is not hashed twice).
Result<BackupStats> RestoreStore(Store& store, const Actor& actor, const nlohmann::json& backup,
                                 const ValidatedBackup& validated, BlobStore* blobs);

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_BACKUP_H_
