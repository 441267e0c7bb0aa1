// What every subcommand shares: where to write, where data files live, and how to fail.
#ifndef TRICHOLOG_CLI_COMMAND_CONTEXT_H_
#define TRICHOLOG_CLI_COMMAND_CONTEXT_H_

#include <filesystem>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>

#include "core/error.h"

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

}  // namespace tricholog::cli

#endif  // TRICHOLOG_CLI_COMMAND_CONTEXT_H_
