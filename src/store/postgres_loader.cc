#include "store/postgres_loader.h"

#include <dlfcn.h>

#include "io/module_loader.h"
#include "store/postgres/postgres_module.h"

namespace tricholog::store {
namespace {

Result<OpenPostgresFunction> Load() {
  auto library = io::LoadModule(kPostgresModuleFile, "A postgresql:// store",
                                "tricholog_postgres_module_abi", kPostgresModuleAbi, "db");
  if (!library) return tl::unexpected(library.error());
  using Getter = OpenPostgresFunction (*)();
  auto getter = reinterpret_cast<Getter>(dlsym(*library, "tricholog_postgres_open_function"));
  if (getter == nullptr) {
    return MakeError(ErrorCode::kInternal,
                     std::string(kPostgresModuleFile) + " lacks tricholog_postgres_open_function",
                     "db");
  }
  return getter();
}

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgresThroughModule(const std::string& url,
                                                            const std::string& schema) {
  static const Result<OpenPostgresFunction> open = Load();  // thread-safe, once
  if (!open) return tl::unexpected(open.error());
  return (*open)(url, schema);
}

}  // namespace tricholog::store
