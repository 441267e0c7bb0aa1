#include "io/module_loader.h"

#include <dlfcn.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdlib>
#include <system_error>

#ifndef TRICHOLOG_VERSION
#error "TRICHOLOG_VERSION must be defined by the build"
#endif
#ifndef TRICHOLOG_MODULE_BUILD_DIR
#error "TRICHOLOG_MODULE_BUILD_DIR must be defined by the build"
#endif

namespace tricholog::io {
namespace {

Error ModuleError(ErrorCode code, std::string message, std::string_view field) {
  return MakeError(code, std::move(message), std::string(field)).value();
}

}  // namespace

std::vector<std::filesystem::path> ModuleSearchPath() {
  std::vector<std::filesystem::path> dirs;
  if (const char* env = std::getenv("TRICHOLOG_MODULE_DIR"); env != nullptr && *env != '\0') {
    dirs.emplace_back(env);
  }
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    dirs.push_back(exe.parent_path());
    dirs.push_back(exe.parent_path().parent_path() / "lib" / "tricholog");
  }
  dirs.emplace_back(TRICHOLOG_MODULE_BUILD_DIR);
  return dirs;
}

std::string ModuleAbi(std::string_view abi) { return fmt::format("{} {}", abi, TRICHOLOG_VERSION); }

Result<void*> LoadModule(std::string_view file_name, std::string_view purpose,
                         const char* abi_symbol, std::string_view abi, std::string_view field) {
  const std::string expected = ModuleAbi(abi);
  std::vector<std::string> tried;
  for (const std::filesystem::path& dir : ModuleSearchPath()) {
    const std::filesystem::path file = dir / file_name;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
      tried.push_back(file.string());
      continue;
    }
    void* library = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
      const char* why = dlerror();
      return tl::unexpected(ModuleError(
          ErrorCode::kInternal,
          fmt::format("cannot load {}: {}", file.string(), why != nullptr ? why : "unknown"),
          field));
    }
    using AbiFunction = const char* (*)();
    auto found = reinterpret_cast<AbiFunction>(dlsym(library, abi_symbol));
    const std::string actual = found != nullptr ? found() : "no version";
    if (actual != expected) {
      // Not unloaded: a module's static objects may not survive dlclose cleanly.
      return tl::unexpected(ModuleError(
          ErrorCode::kInternal,
          fmt::format("{} was built by another version of Tricholog (wants \"{}\", found \"{}\"); "
                      "reinstall or rebuild",
                      file.string(), expected, actual),
          field));
    }
    return library;
  }
  return tl::unexpected(ModuleError(ErrorCode::kUnsupported,
                                    fmt::format("{} needs the module {}; looked in: {}", purpose,
                                                file_name, fmt::join(tried, ", ")),
                                    field));
}

}  // namespace tricholog::io
