#include "app/protocol_catalog.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

namespace tricholog::app {

namespace fs = std::filesystem;

Result<std::vector<Protocol>> LoadProtocolCatalog(const fs::path& protocols_dir) {
  std::error_code ec;
  if (!fs::is_directory(protocols_dir, ec)) {
    return MakeError(ErrorCode::kNotFound,
                     "protocol folder not found; set --data-dir or TRICHOLOG_DATA_DIR",
                     protocols_dir.string());
  }
  std::vector<fs::path> files;
  for (fs::directory_iterator it(protocols_dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".json" && it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec)
    return MakeError(ErrorCode::kIo, "cannot list the folder: " + ec.message(),
                     protocols_dir.string());
  std::sort(files.begin(), files.end());

  std::vector<Protocol> catalog;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in.is_open()) return MakeError(ErrorCode::kIo, "cannot open the file", file.string());
    std::ostringstream text;
    text << in.rdbuf();
    auto protocol = ParseProtocol(text.str(), file.string());
    if (!protocol) return tl::unexpected(protocol.error());
    if (protocol->id != file.stem().string()) {
      return InvalidArgument(
          file.string() + ": id",
          fmt::format("'{}' must match the file name ('{}')", protocol->id, file.stem().string()));
    }
    catalog.push_back(std::move(*protocol));
  }
  return catalog;
}

Result<Protocol> FindProtocol(const std::vector<Protocol>& catalog, std::string_view id) {
  std::string available;
  for (const Protocol& p : catalog) {
    if (p.id == id) return p;
    available += (available.empty() ? "" : ", ") + p.id;
  }
  return MakeError(ErrorCode::kNotFound,
                   fmt::format("'{}' is not a known protocol; available: {}", id,
                               available.empty() ? "(none installed)" : available),
                   "protocol");
}

}  // namespace tricholog::app
