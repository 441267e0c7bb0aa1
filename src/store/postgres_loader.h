// Opens PostgreSQL databases through the on-demand module tricholog_postgres.so
// (store/postgres/postgres_module.h), so that a process that never opens a postgresql:// store
// never loads libpq and its dependencies.
#ifndef TRICHOLOG_STORE_POSTGRES_LOADER_H_
#define TRICHOLOG_STORE_POSTGRES_LOADER_H_

#include <memory>
#include <string>

#include "store/database.h"

namespace tricholog::store {

// Loads the module on first use (io::LoadModule: thread-safe, never unloaded) and connects to `url`
// (see OpenPostgresDatabase). kUnsupported (field "db") when no module is found, with the folders
// searched (io::ModuleSearchPath); kInternal when it was built by another version.
Result<std::unique_ptr<Database>> OpenPostgresThroughModule(const std::string& url,
                                                            const std::string& schema = {});

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_POSTGRES_LOADER_H_
