// The PostgreSQL backend as a module loaded on demand.
//
// libpqxx and libpq bring about twenty shared libraries (Kerberos, LDAP, GnuTLS, OpenSSL, SASL)
// whose relocation dominated the start-up of every `tricholog` command, although most runs use
// the embedded SQLite store. The backend is therefore built as `tricholog_postgres.so` and
// loaded with dlopen the first time a postgresql:// store is opened (postgres_loader.cc); the
// `tricholog` binary itself does not link libpq.
//
// The module exports two C functions; the loader refuses a module whose ABI string differs
// from its own (a module left over from another build).
#ifndef TRICHOLOG_STORE_POSTGRES_POSTGRES_MODULE_H_
#define TRICHOLOG_STORE_POSTGRES_POSTGRES_MODULE_H_

#include <memory>
#include <string>

#include "store/database.h"

namespace tricholog::store {

// The file name of the module, looked for along io::ModuleSearchPath().
inline constexpr const char* kPostgresModuleFile = "tricholog_postgres.so";

// Bumped whenever Database, Error or the function below change shape; the module returns it
// with the project version appended (io::ModuleAbi).
inline constexpr const char* kPostgresModuleAbi = "tricholog-postgres-module/1";

using OpenPostgresFunction = Result<std::unique_ptr<Database>> (*)(const std::string& url,
                                                                   const std::string& schema);

}  // namespace tricholog::store

extern "C" {
// The module's ABI string (kPostgresModuleAbi of the build that made it) and its project version.
const char* tricholog_postgres_module_abi(void);
// OpenPostgresDatabase (postgres_database.h) inside the module.
tricholog::store::OpenPostgresFunction tricholog_postgres_open_function(void);
}

#endif  // TRICHOLOG_STORE_POSTGRES_POSTGRES_MODULE_H_
