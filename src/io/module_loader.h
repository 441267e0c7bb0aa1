// Loading Tricholog's own on-demand modules (shared objects built with the binary) with dlopen.
//
// Some dependencies are large and needed by few runs: libpq with Kerberos, LDAP and TLS for
// PostgreSQL stores; OpenCV's dnn (with protobuf), objdetect, photo and video for the learned
// nets, the face prior, inpainting and registration. Linked into `tricholog`, the dynamic loader
// mapped and relocated them on every start (`tricholog --version` included). Built as modules,
// they are loaded the first time a run needs them.
#ifndef TRICHOLOG_IO_MODULE_LOADER_H_
#define TRICHOLOG_IO_MODULE_LOADER_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace tricholog::io {

// The folders searched for a module, in order: $TRICHOLOG_MODULE_DIR (when set), the running
// executable's folder, <that folder>/../lib/tricholog (an installed tree), and the build folder
// compiled in (so that test programs in sub-folders find them).
std::vector<std::filesystem::path> ModuleSearchPath();

// The string a module's `abi_symbol` function must return for this build: `abi` followed by
// the project version.
std::string ModuleAbi(std::string_view abi);

// dlopens `file_name` from the first folder of ModuleSearchPath() that has it, checks that its
// extern "C" function `abi_symbol` returns ModuleAbi(abi), and returns the handle (never
// unloaded). Errors name `field`: kUnsupported when no folder has the file (listing those
// searched, and saying it is needed for `purpose`); kInternal when it does not load or was built
// by another version.
Result<void*> LoadModule(std::string_view file_name, std::string_view purpose,
                         const char* abi_symbol, std::string_view abi, std::string_view field);

}  // namespace tricholog::io

#endif  // TRICHOLOG_IO_MODULE_LOADER_H_
