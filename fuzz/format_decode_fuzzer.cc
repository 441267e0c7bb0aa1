// libFuzzer target for one decoder path, chosen at build time by TRICHOLOG_FUZZ_FORMAT
// ("jpeg", "png", "webp" or "heic"): jpeg_decode_fuzzer, png_decode_fuzzer,
// webp_decode_fuzzer and heic_decode_fuzzer are this file built four times. Inputs the
// signature check gives to another decoder are skipped (-1: not added to the corpus), so
// every execution reaches the one library: DecodeImage at a scale from the last byte, the
// header read, and metadata stripping (the container walkers of that format).
#include <span>

#include "fuzz/fuzz_common.h"
#include "imaging/metadata_strip.h"

#ifndef TRICHOLOG_FUZZ_FORMAT
#error "define TRICHOLOG_FUZZ_FORMAT"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tricholog;
  const std::span<const std::uint8_t> bytes(data, size);
  if (imaging::SniffImageFormat(bytes) != TRICHOLOG_FUZZ_FORMAT) return -1;
  auto decoded = imaging::DecodeImage(bytes, fuzz::FuzzLimits(), fuzz::ScaleFrom(data, size));
  if (decoded) {
    if (decoded->bgr.empty() || decoded->bgr.type() != CV_8UC3) __builtin_trap();
    if (decoded->format != TRICHOLOG_FUZZ_FORMAT) __builtin_trap();
  }
  (void)imaging::ReadImageHeaderSize(bytes);
  (void)imaging::StripLocationMetadata(bytes, fuzz::FuzzLimits());
  return 0;
}
