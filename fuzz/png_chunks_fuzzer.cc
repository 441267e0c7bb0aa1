// libFuzzer target for the PNG chunk walker (container::ParsePngChunks), the EXIF lookup in
// eXIf, the PNG header read and metadata stripping (chunk surgery, CRCs recomputed); no
// pixels are decoded. Inputs are taken as they come, signature or not.
#include <span>

#include "fuzz/fuzz_common.h"
#include "imaging/image_codecs.h"
#include "imaging/image_container.h"
#include "imaging/metadata_strip.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tricholog::imaging;
  const std::span<const std::uint8_t> bytes(data, size);
  auto chunks = container::ParsePngChunks(bytes);
  if (chunks) {
    for (const container::PngChunk& chunk : *chunks) {
      if (chunk.offset + chunk.size > size || chunk.data.size() + 12 != chunk.size)
        __builtin_trap();
    }
  }
  (void)container::ExtractExif(bytes, "png");
  (void)codec::ReadPngHeader(bytes);
  auto stripped = StripLocationMetadata(bytes, tricholog::fuzz::FuzzLimits());
  // A stripped PNG is a PNG whose chunks still walk to IEND.
  if (stripped && SniffImageFormat(bytes) == "png" && !container::ParsePngChunks(*stripped))
    __builtin_trap();
  return 0;
}
