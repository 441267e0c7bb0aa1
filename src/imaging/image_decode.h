// Image ingest: turns the bytes of an uploaded photo into an oriented BGR matrix, safely.
//
// Accepted: JPEG, PNG, WebP and HEIC/HEIF, each through one decoder called directly and
// nothing else: JPEG through libjpeg-turbo's TurboJPEG API, PNG through libspng, WebP
// through libwebp, HEIC through libheif. The format is decided by our own signature check
// (SniffImageFormat), never by a file name or by a library's own sniffing, and no other
// decoder is ever tried. Limits are checked before any pixel buffer is allocated: the byte
// count first, then the width, height and pixel count the format's decoder reads from the
// header (and, for HEIC, the number of top-level images), so a decompression bomb is
// refused without being decoded. A decoder warning about damaged data (libjpeg's "corrupt
// JPEG data", a PNG CRC mismatch, a truncated stream) is an error. EXIF orientation is
// applied (JPEG APP1, PNG eXIf, WebP EXIF; HEIC: libheif's irot/imir transformations —
// see docs/imaging-ingest.md). Failures come back as an Error, never as an exception or a
// crash:
//   kTooLarge    the input exceeds DecodeLimits (bytes, width, height, pixels, images);
//                the message names the limit and its value
//   kUnsupported the bytes are not one of the accepted formats (or an animated WebP, a
//                CMYK JPEG)
//   kParseError  the header or the compressed data is corrupt, damaged or truncated; the
//                message says what the decoder found
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

// The ceilings on what DecodeImage accepts, set here and nowhere else. 50 megapixels
// leaves room for the 48-50 MP modes of current phone cameras (8160 x 6120 = 49.9 MP) and
// bounds a decoded photo at 150 MB of BGR; 16384 px a side is more than any phone camera
// writes (libwebp's own ceiling is 16383). 64 MiB of compressed input is several times a
// 50 MP JPEG at quality 95. A HEIC from a phone holds one top-level image (thumbnails,
// depth and gain maps hang off it); bursts hold a few.
inline constexpr std::size_t kMaxImageBytes = 64u << 20;
inline constexpr int kMaxImageSide = 16384;
inline constexpr std::int64_t kMaxImagePixels = 50'000'000;
inline constexpr int kMaxHeifTopLevelImages = 16;

// Ceilings on what DecodeImage accepts (defaults above; tests and fuzzers lower them).
struct DecodeLimits {
  std::size_t max_bytes = kMaxImageBytes;
  int max_width = kMaxImageSide;   // stored width, before EXIF orientation
  int max_height = kMaxImageSide;  // stored height
  std::int64_t max_pixels = kMaxImagePixels;
  int max_heif_images = kMaxHeifTopLevelImages;  // top-level images in a HEIF container
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
// reduced image: JPEG uses libjpeg-turbo's DCT scaling (faster than a full decode), other
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

// Width and height (as stored, before EXIF orientation) read by the format's decoder from
// the header, without decoding pixels (for HEIC: the primary image). kParseError when the
// header is truncated or malformed, kUnsupported when the format is not recognised.
struct ImageHeaderSize {
  int width = 0;
  int height = 0;
};
Result<ImageHeaderSize> ReadImageHeaderSize(std::span<const std::uint8_t> bytes);

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_IMAGE_DECODE_H_
