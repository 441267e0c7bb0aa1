// A cheap last line of defence for the blob store: does a JPEG or PNG still carry location
// metadata? Stripping is the ingest module's job (imaging/metadata_strip.h); the blob store only
// refuses what slipped through. No decoding: it walks JPEG segments / PNG chunks up to the image
// data and looks for an EXIF GPS IFD with entries, or XMP GPS properties.
#ifndef TRICHOLOG_STORE_PHOTO_LOCATION_CHECK_H_
#define TRICHOLOG_STORE_PHOTO_LOCATION_CHECK_H_

#include <cstdint>
#include <span>

namespace tricholog::store {

// True when `bytes` is a JPEG or PNG whose EXIF holds a non-empty GPS IFD (tag 0x8825) or whose
// XMP holds exif:GPSLatitude / exif:GPSLongitude. False for anything else, including formats
// it does not parse (HEIC/WebP: the ingest module re-encodes those before storage).
bool CarriesLocationMetadata(std::span<const std::uint8_t> bytes);

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_PHOTO_LOCATION_CHECK_H_
