// tricholog: thin composition root; everything lives in the libraries.
#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  return tricholog::cli::RunCli(args, std::cout, std::cerr);
}
