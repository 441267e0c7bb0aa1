#include "cli/command_context.h"

#include <cstdlib>
#include <ostream>

namespace tricholog::cli {

std::filesystem::path CommandContext::DataDir() const {
  if (!data_dir_flag.empty()) return data_dir_flag;
  if (const char* env = std::getenv("TRICHOLOG_DATA_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
#ifdef TRICHOLOG_SOURCE_DATA_DIR
  if (std::filesystem::is_directory(TRICHOLOG_SOURCE_DATA_DIR)) return TRICHOLOG_SOURCE_DATA_DIR;
#endif
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) return self.parent_path().parent_path() / "share" / "tricholog";
  return "data";
}

void CommandContext::Fail(const Error& error) {
  err << "tricholog: error: " << error.ToString() << '\n';
  exit_code = 1;
}

void CommandContext::PrintJson(const nlohmann::json& value) { out << value.dump(2) << '\n'; }

}  // namespace tricholog::cli
