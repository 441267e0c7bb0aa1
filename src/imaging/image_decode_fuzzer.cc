// libFuzzer entry point for the image ingest surface: DecodeImage (all formats, reduced
// scales, tight limits), ReadImageHeaderSize and StripLocationMetadata. Built as a real
// fuzzer with clang when TRICHOLOG_FUZZ=ON, and linked with fuzz/replay_main.cc into a
// deterministic corpus-replay test under any compiler.
#include <cstddef>
#include <cstdint>
#include <span>

#include "imaging/image_decode.h"
#include "imaging/metadata_strip.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tricholog::imaging;
  const std::span<const std::uint8_t> bytes(data, size);
  // Small pixel limit: the fuzzer explores parsing, not 100-megapixel allocations.
  DecodeLimits limits;
  limits.max_pixels = 4'000'000;
  const int scale = size > 0 ? 1 << (data[size - 1] % 4) : 1;
  auto decoded = DecodeImage(bytes, limits, scale);
  if (decoded && (decoded->bgr.empty() || decoded->bgr.type() != CV_8UC3)) __builtin_trap();
  (void)ReadImageHeaderSize(bytes);
  (void)StripLocationMetadata(bytes, limits);
  return 0;
}
