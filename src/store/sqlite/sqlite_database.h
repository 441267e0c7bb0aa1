// SQLite adapter for Database: WAL journal, synchronous=FULL, foreign keys on, 5 s busy timeout.
#ifndef TRICHOLOG_STORE_SQLITE_SQLITE_DATABASE_H_
#define TRICHOLOG_STORE_SQLITE_SQLITE_DATABASE_H_

#include <memory>
#include <string>

#include "store/database.h"

namespace tricholog::store {

// Opens (creating if absent) the SQLite file at `path` (":memory:" for a private in-memory one).
// Fails with kIo when the file cannot be opened or is not a database.
Result<std::unique_ptr<Database>> OpenSqliteDatabase(const std::string& path);

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_SQLITE_SQLITE_DATABASE_H_
