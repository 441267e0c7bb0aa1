// tricholog: thin composition root; everything lives in the libraries.
#include <csignal>
#include <exception>
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
  // Past a file-size limit (ulimit -f) a write fails with EFBIG instead of killing the process,
  // so the output writer can remove its temporary file and report the error.
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    std::vector<std::string> args(argv, argv + argc);
    return tricholog::cli::RunCli(args, std::cout, std::cerr);
  } catch (...) {
    // RunCli catches every command's exceptions; this covers its own set-up (out of memory).
    std::cerr << "tricholog: error: internal: an exception outside any command\n";
    return 1;
  }
}
