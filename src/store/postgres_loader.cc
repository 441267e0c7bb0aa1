#include "store/postgres_loader.h"

#include <dlfcn.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <system_error>

#include "store/postgres/postgres_module.h"

#ifndef TRICHOLOG_VERSION
#error "TRICHOLOG_VERSION must be defined by the build"
#endif
#ifndef TRICHOLOG_MODULE_BUILD_DIR
#error "TRICHOLOG_MODULE_BUILD_DIR must be defined by the build"
#endif

namespace tricholog::store {
namespace {

std::filesystem::path ExecutableDir() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : exe.parent_path();
}

Error DbError(ErrorCode code, std::string message) {
  return MakeError(code, std::move(message), "db").value();
}

struct LoadedModule {
  OpenPostgresFunction open = nullptr;
  Error error;  // when open is null
};

LoadedModule Load() {
  const std::string expected_abi = std::string(kPostgresModuleAbi) + " " + TRICHOLOG_VERSION;
  std::vector<std::string> tried;
  for (const std::filesystem::path& dir : PostgresModuleSearchPath()) {
    const std::filesystem::path file = dir / kPostgresModuleFile;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
      tried.push_back(file.string());
      continue;
    }
    void* library = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
      const char* why = dlerror();
      return {nullptr, DbError(ErrorCode::kInternal,
                               fmt::format("cannot load the PostgreSQL module {}: {}",
                                           file.string(), why != nullptr ? why : "unknown"))};
    }
    using AbiFunction = const char* (*)();
    using OpenFunctionGetter = OpenPostgresFunction (*)();
    auto abi = reinterpret_cast<AbiFunction>(dlsym(library, "tricholog_postgres_module_abi"));
    auto getter =
        reinterpret_cast<OpenFunctionGetter>(dlsym(library, "tricholog_postgres_open_function"));
    if (abi == nullptr || getter == nullptr || expected_abi != abi()) {
      // Not unloaded: a module's static objects may not survive dlclose cleanly.
      return {
          nullptr,
          DbError(ErrorCode::kInternal,
                  fmt::format("{} was built by another version of Tricholog (wants \"{}\", "
                              "found \"{}\"); reinstall or rebuild",
                              file.string(), expected_abi, abi != nullptr ? abi() : "no version"))};
    }
    return {getter(), {}};
  }
  return {nullptr, DbError(ErrorCode::kUnsupported,
                           fmt::format("PostgreSQL stores need the module {}; looked in: {}",
                                       kPostgresModuleFile, fmt::join(tried, ", ")))};
}

}  // namespace

std::vector<std::filesystem::path> PostgresModuleSearchPath() {
  std::vector<std::filesystem::path> dirs;
  if (const char* env = std::getenv("TRICHOLOG_MODULE_DIR"); env != nullptr && *env != '\0') {
    dirs.emplace_back(env);
  }
  if (const std::filesystem::path exe_dir = ExecutableDir(); !exe_dir.empty()) {
    dirs.push_back(exe_dir);
    dirs.push_back(exe_dir.parent_path() / "lib" / "tricholog");
  }
  dirs.emplace_back(TRICHOLOG_MODULE_BUILD_DIR);
  return dirs;
}

Result<std::unique_ptr<Database>> OpenPostgresThroughModule(const std::string& url,
                                                            const std::string& schema) {
  static const LoadedModule module = Load();
  if (module.open == nullptr) return tl::unexpected(module.error);
  return module.open(url, schema);
}

}  // namespace tricholog::store
