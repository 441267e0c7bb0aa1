// Entry points of tricholog_postgres.so (see postgres_module.h). Only these two symbols are
// exported; everything else in the module is hidden.
#include "store/postgres/postgres_module.h"

#include "io/module_loader.h"
#include "store/postgres/postgres_database.h"

extern "C" {

__attribute__((visibility("default"))) const char* tricholog_postgres_module_abi(void) {
  static const std::string abi = tricholog::io::ModuleAbi(tricholog::store::kPostgresModuleAbi);
  return abi.c_str();
}

__attribute__((visibility("default"))) tricholog::store::OpenPostgresFunction
tricholog_postgres_open_function(void) {
  return [](const std::string& url, const std::string& schema) {
    return tricholog::store::OpenPostgresDatabase(url, schema);
  };
}

}  // extern "C"
