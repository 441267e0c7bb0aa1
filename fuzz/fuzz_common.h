// Shared by the fuzz targets in fuzz/: the limits every target decodes under. Small ceilings
// keep the fuzzer exploring parsing rather than large allocations; they are DecodeLimits
// fields, so the code path is the product's.
#ifndef TRICHOLOG_FUZZ_FUZZ_COMMON_H_
#define TRICHOLOG_FUZZ_FUZZ_COMMON_H_

#include <cstddef>
#include <cstdint>

#include "imaging/image_decode.h"

namespace tricholog::fuzz {

inline imaging::DecodeLimits FuzzLimits() {
  imaging::DecodeLimits limits;
  limits.max_pixels = 4'000'000;
  limits.max_width = 4096;
  limits.max_height = 4096;
  limits.max_heif_images = 4;
  return limits;
}

// 1, 2, 4 or 8 from the input's last byte, so reduced decodes are explored too.
inline int ScaleFrom(const std::uint8_t* data, std::size_t size) {
  return size > 0 ? 1 << (data[size - 1] % 4) : 1;
}

}  // namespace tricholog::fuzz

#endif  // TRICHOLOG_FUZZ_FUZZ_COMMON_H_
