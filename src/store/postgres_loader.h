// Opens PostgreSQL databases through the on-demand module tricholog_postgres.so
// (store/postgres/postgres_module.h), so that a process that never opens a postgresql:// store
// never loads libpq and its dependencies.
#ifndef TRICHOLOG_STORE_POSTGRES_LOADER_H_
#define TRICHOLOG_STORE_POSTGRES_LOADER_H_

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "store/database.h"

namespace tricholog::store {

// The folders searched for the module, in order: $TRICHOLOG_MODULE_DIR (when set), the
// executable's folder, <executable folder>/../lib/tricholog (an installed tree), and the build
// folder compiled in.
std::vector<std::filesystem::path> PostgresModuleSearchPath();

// Loads the module on first use (thread-safe; never unloaded) and connects to `url` (see
// OpenPostgresDatabase). kUnsupported (field "db") when no module is found, with the folders
// searched; kInternal when the module found was built by another version of Tricholog.
Result<std::unique_ptr<Database>> OpenPostgresThroughModule(const std::string& url,
                                                            const std::string& schema = {});

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_POSTGRES_LOADER_H_
