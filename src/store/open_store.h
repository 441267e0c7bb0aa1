// Opening a store from a --db location: "sqlite:PATH" (the embedded default) or
// "postgresql://user@host:port/db" (a clinic's server).
#ifndef TRICHOLOG_STORE_OPEN_STORE_H_
#define TRICHOLOG_STORE_OPEN_STORE_H_

#include <filesystem>
#include <memory>
#include <string>

#include "core/error.h"
#include "store/database.h"
#include "store/store.h"

namespace tricholog::store {

struct DbLocation {
  enum class Kind { kSqlite, kPostgres } kind = Kind::kSqlite;
  std::string sqlite_path;   // kSqlite
  std::string postgres_url;  // kPostgres
  // Where photo blobs live: beside the SQLite file ("<path>.blobs"), or for PostgreSQL
  // $TRICHOLOG_BLOB_DIR, else <default data home>/blobs.
  std::filesystem::path blob_dir;
};

// The default data home: $TRICHOLOG_HOME, else $XDG_DATA_HOME/tricholog, else
// ~/.local/share/tricholog.
std::filesystem::path DefaultDataHome();
// "sqlite:<DefaultDataHome()>/tricholog.db".
std::string DefaultDbUrl();

// Parses a --db value. kInvalidArgument (field "db") names the accepted forms.
Result<DbLocation> ParseDbLocation(const std::string& text);

// Whether opening may create a new SQLite store. Commands that only read a store (export,
// backup) use kMustExist, so a mistyped --db path is an error instead of a new empty store.
enum class OpenMode { kCreate, kMustExist };

// Connects to the database. kCreate creates the SQLite file and its folder when absent;
// kMustExist fails with kNotFound (field "db") when the SQLite file does not exist, and with
// kInvalidArgument when the path is not a regular file. PostgreSQL ignores the mode.
Result<std::unique_ptr<Database>> OpenDatabase(const DbLocation& location,
                                               OpenMode mode = OpenMode::kCreate);

// Connects and opens a Store (migrating per `options`; creating per `mode`).
Result<std::unique_ptr<Store>> OpenStore(const DbLocation& location, StoreOptions options = {},
                                         OpenMode mode = OpenMode::kCreate);

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_OPEN_STORE_H_
