// Byte-level walkers for the image containers Tricholog ingests (JPEG markers, PNG chunks,
// RIFF/WebP chunks) and the EXIF fields it uses. Internal to the imaging module: shared by
// image_decode.cc (sizes, orientation, capture time) and metadata_strip.cc (removing
// location data). Every function bounds-checks against the span it is given and never
// reads past it; malformed input yields an empty result or a kParseError.
#ifndef TRICHOLOG_IMAGING_IMAGE_CONTAINER_H_
#define TRICHOLOG_IMAGING_IMAGE_CONTAINER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"

namespace tricholog::imaging::container {

// One segment of a JPEG file before the entropy-coded scan. `offset` is the position of
// the 0xFF that starts the marker, `size` covers marker + length field + payload.
struct JpegSegment {
  std::uint8_t marker = 0;
  std::size_t offset = 0;
  std::size_t size = 0;
  std::span<const std::uint8_t> payload;  // the bytes after the 2-byte length field
};

// The segments from after SOI up to and including SOS (start of scan), plus the offset
// of the entropy-coded data that follows SOS. kParseError when a length runs past the
// end or SOS never comes.
struct JpegLayout {
  std::vector<JpegSegment> segments;
  std::size_t scan_offset = 0;
};
Result<JpegLayout> ParseJpegLayout(std::span<const std::uint8_t> bytes);

// One PNG chunk: 4-byte type, data, and the offset/size of the whole chunk including its
// length, type and CRC fields.
struct PngChunk {
  std::string type;
  std::size_t offset = 0;
  std::size_t size = 0;
  std::span<const std::uint8_t> data;
};
// All chunks after the signature, through IEND. kParseError when truncated.
Result<std::vector<PngChunk>> ParsePngChunks(std::span<const std::uint8_t> bytes);

// One RIFF chunk of a WebP file (after the 12-byte "RIFF....WEBP" header); `size` includes
// the 8-byte chunk header and the pad byte.
struct RiffChunk {
  std::string fourcc;
  std::size_t offset = 0;
  std::size_t size = 0;
  std::span<const std::uint8_t> data;
};
Result<std::vector<RiffChunk>> ParseWebpChunks(std::span<const std::uint8_t> bytes);

// The EXIF block of a JPEG (APP1 "Exif\0\0"), PNG (eXIf) or WebP (EXIF) file, returned
// with the "Exif\0\0" header libexif expects; nullopt when the file has none.
std::optional<std::vector<std::uint8_t>> ExtractExif(std::span<const std::uint8_t> bytes,
                                                     const std::string& format);

// Fields read from an EXIF block (with "Exif\0\0" header) through libexif.
struct ExifFields {
  int orientation = 1;                      // 1..8, 1 when absent or invalid
  std::optional<std::string> capture_time;  // DateTimeOriginal as "YYYY-MM-DDTHH:MM:SS"
  bool has_gps = false;                     // any tag in the GPS IFD
};
ExifFields ReadExifFields(std::span<const std::uint8_t> exif_block);

// A new EXIF block ("Exif\0\0" + little-endian TIFF) holding only Orientation (omitted
// when 1) and DateTimeOriginal (omitted when unset; given as "YYYY-MM-DDTHH:MM:SS").
// Empty when there is nothing to write.
std::vector<std::uint8_t> BuildMinimalExif(int orientation,
                                           const std::optional<std::string>& capture_time);

// CRC-32 (ISO 3309 / PNG) of `data`.
std::uint32_t Crc32(std::span<const std::uint8_t> data);

}  // namespace tricholog::imaging::container

#endif  // TRICHOLOG_IMAGING_IMAGE_CONTAINER_H_
