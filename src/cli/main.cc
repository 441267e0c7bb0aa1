// tricholog: thin composition root; everything lives in the libraries.
#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

int main(int argc, char** argv) {
#if defined(__GLIBC__)
  // A photo's working buffers are several MB each. Keep freed ones for the next step or view
  // instead of handing them back to the kernel: every fresh page costs a fault, which made up
  // a third of a 12-MP view's analysis time.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's largest allowed value
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
  std::vector<std::string> args(argv, argv + argc);
  return tricholog::cli::RunCli(args, std::cout, std::cerr);
}
