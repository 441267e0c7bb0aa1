// libFuzzer target for the HEIF container (libheif's box parser through codec::HeifFile):
// open, primary image header, number of top-level images and the EXIF item's capture time.
// No image data is decoded (heic_decode_fuzzer does that).
#include <span>

#include "fuzz/fuzz_common.h"
#include "imaging/image_codecs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tricholog::imaging;
  const std::span<const std::uint8_t> bytes(data, size);
  auto heif = codec::HeifFile::Open(bytes, tricholog::fuzz::FuzzLimits());
  if (!heif) return 0;
  const codec::ImageHeader header = heif->Header();
  if (header.top_level_images < 1) __builtin_trap();
  (void)heif->CaptureTime();
  return 0;
}
