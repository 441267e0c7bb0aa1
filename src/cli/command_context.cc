#include "cli/command_context.h"

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <ostream>

#include "core/strict_json.h"

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

Result<std::string> ReadInputText(const std::string& path, std::size_t max_bytes) {
  const bool standard_input = path == "-";
  const std::string source = standard_input ? "standard input" : path;
  std::ifstream file;
  if (!standard_input) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      return InvalidArgument(path, "is a folder; the input must be a file");
    }
    file.open(path, std::ios::binary);
    if (!file) return MakeError(ErrorCode::kNotFound, "cannot open the input file", path);
  }
  std::istream& in = standard_input ? std::cin : file;
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      return MakeError(ErrorCode::kTooLarge,
                       "is larger than " + std::to_string(max_bytes >> 20) + " MiB; not an input",
                       source);
    }
  }
  if (in.bad()) return MakeError(ErrorCode::kIo, "cannot read the input file", source);
  return text;
}

Result<nlohmann::json> ReadJsonInput(const std::string& path, std::size_t max_bytes) {
  auto text = ReadInputText(path, max_bytes);
  if (!text) return tl::unexpected(text.error());
  const std::string source = path == "-" ? "standard input" : path;
  auto json = ParseStrictJson(*text, source);
  // A duplicate key or deep nesting is named by its JSON path; add the file it is in.
  if (!json && json.error().field != source) json.error().message += " (in " + source + ")";
  return json;
}

Result<void> WriteOutputFile(const std::filesystem::path& path, std::span<const std::uint8_t> bytes,
                             const std::vector<io::ForbiddenPath>& forbidden,
                             std::string_view field) {
  if (auto ok = io::CheckOutputPath(path, forbidden, field); !ok) return ok;
  return io::WriteFileAtomically(path, bytes, field);
}

std::vector<io::ForbiddenPath> InputFiles(const std::vector<std::string>& paths,
                                          std::string_view what) {
  std::vector<io::ForbiddenPath> files;
  for (const std::string& path : paths) {
    if (!path.empty() && path != "-") files.push_back({path, std::string(what), false});
  }
  return files;
}

Date TodayUtc() {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return Date::FromDaysSinceEpoch(static_cast<int>(today.time_since_epoch().count()));
}

}  // namespace tricholog::cli
