// PostgreSQL adapter for Database, through libpqxx 6.4.
#ifndef TRICHOLOG_STORE_POSTGRES_POSTGRES_DATABASE_H_
#define TRICHOLOG_STORE_POSTGRES_POSTGRES_DATABASE_H_

#include <memory>
#include <string>

#include "store/database.h"

namespace tricholog::store {

// Connects to `url` ("postgresql://user@host:port/db"). When `schema` is not empty, creates it
// if absent and puts it first on the search_path, so that tests (and tenants) can share one
// database without seeing each other's tables. Fails with kIo when the server cannot be reached.
Result<std::unique_ptr<Database>> OpenPostgresDatabase(const std::string& url,
                                                       const std::string& schema = {});

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_POSTGRES_POSTGRES_DATABASE_H_
