// Image ingest: turns the bytes of an uploaded photo into an oriented BGR matrix, safely.
//
// Supported: JPEG, PNG, WebP (through OpenCV's codecs) and HEIC/HEIF (through libheif).
// The format is sniffed from the magic bytes, never from a file name. Limits are checked
// before any pixel buffer is allocated: the byte count first, then the width and height
// read from the container header (JPEG SOF, PNG IHDR, WebP VP8/VP8L/VP8X, HEIF primary
// image handle), so a decompression bomb is refused without being decoded. EXIF
// orientation is applied (JPEG: EXIF Orientation tag; HEIC: libheif's irot/imir
// transformations; PNG/WebP: an eXIf / EXIF chunk's orientation tag when OpenCV applies
// it — see docs/imaging-ingest.md). Failures come back as an Error, never as an exception
// or a crash:
//   kTooLarge    the input exceeds DecodeLimits (bytes or pixels)
//   kUnsupported the bytes are not one of the supported formats, or a codec is missing
//   kParseError  the header or the compressed data is corrupt or truncated
//   kInvalidArgument a bad scale_denominator
#ifndef TRICHOLOG_IMAGING_IMAGE_DECODE_H_
#define TRICHOLOG_IMAGING_IMAGE_DECODE_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <opencv2/core.hpp>
#include <optional>
#include <span>
#include <string>

#include "core/error.h"

namespace tricholog::imaging {

// Ceilings on what DecodeImage accepts. Defaults: 64 MiB of input, 100 megapixels (a
// 12 MP phone photo is ~12 MP; 100 MP leaves room for 108 MP sensors).
struct DecodeLimits {
  std::size_t max_bytes = 64u << 20;
  std::int64_t max_pixels = 100'000'000;
};

// A decoded, upright photo.
struct DecodedImage {
  cv::Mat bgr;                          // CV_8UC3, EXIF orientation applied
  std::string format;                   // "jpeg", "png", "webp", "heic"
  int full_width = 0, full_height = 0;  // oriented size at scale 1 (masks are written at this size)
  int scale_denominator = 1;            // bgr is full size / scale_denominator (1, 2, 4 or 8)
  std::optional<std::string> capture_time;  // EXIF DateTimeOriginal as "YYYY-MM-DDTHH:MM:SS"
};

// Decodes `bytes` (a whole file in memory). `scale_denominator` (1, 2, 4 or 8) asks for a
// reduced image: JPEG uses libjpeg's DCT scaling (faster than a full decode), other
// formats are decoded at full size and resized with INTER_AREA. The reduced size is
// ceil(full / denominator) for JPEG and round(full / denominator) otherwise; callers that
// map back to full size should use full_width / full_height, not bgr.size() * denominator.
Result<DecodedImage> DecodeImage(std::span<const std::uint8_t> bytes,
                                 const DecodeLimits& limits = {}, int scale_denominator = 1);

// Reads the file at `path` (refusing it with kTooLarge before reading if it exceeds
// limits.max_bytes; kNotFound / kIo when it cannot be read) and calls DecodeImage.
Result<DecodedImage> DecodeImageFile(const std::filesystem::path& path,
                                     const DecodeLimits& limits = {}, int scale_denominator = 1);

// The container format recognised from the first bytes: "jpeg", "png", "webp", "heic",
// or an empty string when none matches. Pure; never reads past bytes.size().
std::string SniffImageFormat(std::span<const std::uint8_t> bytes);

// Width and height (as stored, before EXIF orientation) read from the container header
// without decoding pixels. kParseError when the header is truncated or malformed,
// kUnsupported when the format is not recognised.
struct ImageHeaderSize {
  int width = 0;
  int height = 0;
};
Result<ImageHeaderSize> ReadImageHeaderSize(std::span<const std::uint8_t> bytes);

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_IMAGE_DECODE_H_
