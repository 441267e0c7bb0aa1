#include "store/open_store.h"

#include <cstdlib>
#include <cstring>
#include <fstream>

#include "store/postgres_loader.h"
#include "store/sqlite/sqlite_database.h"

namespace tricholog::store {

std::filesystem::path DefaultDataHome() {
  if (const char* home = std::getenv("TRICHOLOG_HOME"); home != nullptr && *home != '\0') {
    return home;
  }
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::filesystem::path(xdg) / "tricholog";
  }
  const char* user_home = std::getenv("HOME");
  return std::filesystem::path(user_home != nullptr ? user_home : ".") / ".local" / "share" /
         "tricholog";
}

std::string DefaultDbUrl() { return "sqlite:" + (DefaultDataHome() / "tricholog.db").string(); }

Result<DbLocation> ParseDbLocation(const std::string& text) {
  DbLocation location;
  if (text.rfind("sqlite:", 0) == 0) {
    location.kind = DbLocation::Kind::kSqlite;
    location.sqlite_path = text.substr(7);
    if (location.sqlite_path.empty()) {
      return InvalidArgument("db", "sqlite: needs a file path, e.g. sqlite:/path/tricholog.db");
    }
    location.blob_dir = location.sqlite_path + ".blobs";
    return location;
  }
  if (text.rfind("postgresql://", 0) == 0 || text.rfind("postgres://", 0) == 0) {
    location.kind = DbLocation::Kind::kPostgres;
    location.postgres_url = text;
    const char* blob_env = std::getenv("TRICHOLOG_BLOB_DIR");
    location.blob_dir = blob_env != nullptr && *blob_env != '\0' ? std::filesystem::path(blob_env)
                                                                 : DefaultDataHome() / "blobs";
    return location;
  }
  return InvalidArgument("db", "\"" + text +
                                   "\" is not a store location; allowed: sqlite:PATH "
                                   "or postgresql://USER@HOST:PORT/DATABASE");
}

Result<std::unique_ptr<Database>> OpenDatabase(const DbLocation& location, OpenMode mode) {
  if (location.kind == DbLocation::Kind::kPostgres) {
    return OpenPostgresThroughModule(location.postgres_url);
  }
  const std::filesystem::path path(location.sqlite_path);
  if (location.sqlite_path != ":memory:") {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
      // A FIFO or device would block or be clobbered by SQLite; a folder cannot be opened.
      return InvalidArgument("db", path.string() + " is not a regular file");
    }
    if (std::filesystem::exists(status) && std::filesystem::file_size(path, ec) > 0) {
      // SQLite takes a file shorter than its 100-byte header as a new database and writes over
      // it; only an empty file or one that starts with SQLite's header is opened.
      static constexpr char kSqliteHeader[16] = "SQLite format 3";  // with its NUL: 16 bytes
      char header[16] = {};
      std::ifstream file(path, std::ios::binary);
      file.read(header, sizeof header);
      if (file.gcount() != sizeof header || std::memcmp(header, kSqliteHeader, 16) != 0) {
        return InvalidArgument("db", path.string() + " is not a SQLite database");
      }
    }
    if (mode == OpenMode::kMustExist) {
      if (!std::filesystem::exists(status)) {
        return MakeError(ErrorCode::kNotFound,
                         "no store at " + path.string() +
                             "; check the path (`tricholog migrate --db sqlite:PATH` creates one)",
                         "db");
      }
      return OpenSqliteDatabase(location.sqlite_path);
    }
  }
  if (location.sqlite_path != ":memory:" && path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      return MakeError(ErrorCode::kIo,
                       "cannot create " + path.parent_path().string() + ": " + ec.message(), "db");
    }
  }
  return OpenSqliteDatabase(location.sqlite_path);
}

Result<std::unique_ptr<Store>> OpenStore(const DbLocation& location, StoreOptions options,
                                         OpenMode mode) {
  auto db = OpenDatabase(location, mode);
  if (!db) return tl::unexpected(db.error());
  return Store::Open(std::move(*db), std::move(options));
}

}  // namespace tricholog::store
