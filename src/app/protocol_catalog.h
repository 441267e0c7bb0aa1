// ProtocolCatalog: the treatment protocols installed in a data folder (data/protocols/*.json).
// This is the I/O side of core/protocol.h: it reads the files and hands their text to the pure
// parser.
#ifndef TRICHOLOG_APP_PROTOCOL_CATALOG_H_
#define TRICHOLOG_APP_PROTOCOL_CATALOG_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/protocol.h"

namespace tricholog::app {

// Loads every "*.json" file in `protocols_dir`, sorted by id. The catalog is all or nothing: one
// bad file fails the whole load, so a typo cannot silently hide a protocol. Errors: kNotFound
// when the folder does not exist; kIo when a file cannot be read; the parser's errors, whose
// field starts with the file's path; kInvalidArgument when a file's "id" differs from its file
// name (field "<path>: id").
Result<std::vector<Protocol>> LoadProtocolCatalog(const std::filesystem::path& protocols_dir);

// The protocol with this id. Errors: kNotFound (field "protocol"), listing the ids available.
Result<Protocol> FindProtocol(const std::vector<Protocol>& catalog, std::string_view id);

}  // namespace tricholog::app

#endif  // TRICHOLOG_APP_PROTOCOL_CATALOG_H_
