// Removing location and other personal metadata from a photo before it is stored.
//
// What is kept: the pixels, bit for bit (JPEG, PNG and WebP are not re-encoded), the ICC
// colour profile, and a minimal EXIF block with only Orientation and DateTimeOriginal
// (so the stored photo still displays upright and keeps its capture time). What is
// removed: every other EXIF tag (GPS position, camera serial numbers, maker notes,
// thumbnails), XMP, IPTC (JPEG APP13), comments and PNG text chunks.
// HEIC is re-encoded: libheif cannot rewrite its metadata items in place, so a HEIC photo
// is decoded (orientation applied) and returned as a quality-95 JPEG with only
// DateTimeOriginal in its EXIF. Callers should sniff the result's format.
#ifndef TRICHOLOG_IMAGING_METADATA_STRIP_H_
#define TRICHOLOG_IMAGING_METADATA_STRIP_H_

#include <cstdint>
#include <span>
#include <vector>

#include "core/error.h"
#include "imaging/image_decode.h"

namespace tricholog::imaging {

// Returns a copy of `bytes` without location metadata (see above). Errors as
// DecodeImage: kUnsupported for formats other than JPEG/PNG/WebP/HEIC, kParseError for
// a malformed container, kTooLarge beyond `limits`.
Result<std::vector<std::uint8_t>> StripLocationMetadata(std::span<const std::uint8_t> bytes,
                                                        const DecodeLimits& limits = {});

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_METADATA_STRIP_H_
