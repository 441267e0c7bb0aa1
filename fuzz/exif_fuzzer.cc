// libFuzzer target for the EXIF reader (libexif through container::ReadExifFields) and the
// minimal EXIF block written back from what it read; the input is an EXIF block as stored
// in a JPEG APP1 segment ("Exif\0\0" + TIFF), or a bare TIFF structure as in PNG eXIf.
#include <span>

#include "imaging/image_container.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tricholog::imaging::container;
  const std::span<const std::uint8_t> bytes(data, size);
  const ExifFields fields = ReadExifFields(bytes);
  if (fields.orientation < 1 || fields.orientation > 8) __builtin_trap();
  if (fields.capture_time && fields.capture_time->size() != 19) __builtin_trap();
  // What StripLocationMetadata writes must read back as the same fields, without GPS.
  const auto rebuilt = BuildMinimalExif(fields.orientation, fields.capture_time);
  if (!rebuilt.empty()) {
    const ExifFields again = ReadExifFields(rebuilt);
    if (again.orientation != fields.orientation || again.capture_time != fields.capture_time ||
        again.has_gps) {
      __builtin_trap();
    }
  }
  return 0;
}
