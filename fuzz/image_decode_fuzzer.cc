// libFuzzer target for the whole ingest surface: DecodeImage (every format, reduced scales,
// small limits), ReadImageHeaderSize and StripLocationMetadata. The per-format targets
// (jpeg_decode_fuzzer.cc, ...) reach the same code with a corpus of one format each.
#include <span>

#include "fuzz/fuzz_common.h"
#include "imaging/metadata_strip.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tricholog;
  const std::span<const std::uint8_t> bytes(data, size);
  auto decoded = imaging::DecodeImage(bytes, fuzz::FuzzLimits(), fuzz::ScaleFrom(data, size));
  if (decoded && (decoded->bgr.empty() || decoded->bgr.type() != CV_8UC3)) __builtin_trap();
  (void)imaging::ReadImageHeaderSize(bytes);
  (void)imaging::StripLocationMetadata(bytes, fuzz::FuzzLimits());
  return 0;
}
