// What every subcommand shares: where to write, where data files live, and how to fail.
#ifndef TRICHOLOG_CLI_COMMAND_CONTEXT_H_
#define TRICHOLOG_CLI_COMMAND_CONTEXT_H_

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "io/output_file.h"

namespace tricholog::cli {

struct CommandContext {
  std::ostream& out;
  std::ostream& err;
  // --data-dir, or empty to use TRICHOLOG_DATA_DIR / the built-in default (see DataDir()).
  std::string data_dir_flag;
  int exit_code = 0;

  // The data/ folder (protocols/, evidence/): --data-dir, else $TRICHOLOG_DATA_DIR, else the
  // source tree's data/ the binary was built from, else ../share/tricholog beside the binary.
  std::filesystem::path DataDir() const;

  // Prints "tricholog: error: <field>: <message>" to err and sets exit_code to 1.
  void Fail(const Error& error);
  // Writes `value` to out as indented JSON followed by a newline.
  void PrintJson(const nlohmann::json& value);
};

// Today's calendar date in UTC, from the system clock (the CLI's "today" for reports and
// exports).
Date TodayUtc();

// The most an input document (score, assess JSON) may hold: far above any real form, far below
// what would exhaust memory (an input of /dev/zero stops here).
inline constexpr std::size_t kMaxInputBytes = 64u << 20;

// The whole text of the input file `path` ("-": standard input). Errors name the file: kNotFound
// when it cannot be opened, kInvalidArgument for a folder, kTooLarge past `max_bytes`.
Result<std::string> ReadInputText(const std::string& path, std::size_t max_bytes = kMaxInputBytes);

// ReadInputText parsed with ParseStrictJson: duplicate keys, 1e999 and deep nesting are errors
// naming the file (or the JSON path), never exceptions. Imports and backups, which embed photos,
// pass a larger `max_bytes`.
Result<nlohmann::json> ReadJsonInput(const std::string& path,
                                     std::size_t max_bytes = kMaxInputBytes);

// Writes `bytes` to the output file `path` (option `field`): refused per io::CheckOutputPath
// when it is a device, FIFO, symlink or one of `forbidden` (the command's inputs, the store's
// files), then written with io::WriteFileAtomically.
Result<void> WriteOutputFile(const std::filesystem::path& path, std::span<const std::uint8_t> bytes,
                             const std::vector<io::ForbiddenPath>& forbidden,
                             std::string_view field);

// `paths` as forbidden outputs described as `what` ("an input photo"); empty paths skipped.
std::vector<io::ForbiddenPath> InputFiles(const std::vector<std::string>& paths,
                                          std::string_view what);

}  // namespace tricholog::cli

#endif  // TRICHOLOG_CLI_COMMAND_CONTEXT_H_
