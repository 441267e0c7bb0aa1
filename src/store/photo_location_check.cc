#include "store/photo_location_check.h"

#include <algorithm>
#include <string_view>

namespace tricholog::store {
namespace {

using Bytes = std::span<const std::uint8_t>;

std::uint32_t Read(Bytes b, std::size_t at, int size, bool little) {
  std::uint32_t v = 0;
  for (int i = 0; i < size; ++i) {
    const std::uint32_t byte = b[at + static_cast<std::size_t>(little ? size - 1 - i : i)];
    v = (v << 8) | byte;
  }
  return v;
}

bool Contains(Bytes b, std::string_view needle) {
  return std::search(b.begin(), b.end(), needle.begin(), needle.end()) != b.end();
}

// A TIFF block (the payload of JPEG APP1 "Exif\0\0" or PNG eXIf): is there a GPS IFD with entries?
bool TiffHasGps(Bytes tiff) {
  if (tiff.size() < 8) return false;
  const bool little = tiff[0] == 'I' && tiff[1] == 'I';
  if (!little && !(tiff[0] == 'M' && tiff[1] == 'M')) return false;
  const std::size_t ifd0 = Read(tiff, 4, 4, little);
  if (ifd0 + 2 > tiff.size()) return false;
  const std::size_t count = Read(tiff, ifd0, 2, little);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t entry = ifd0 + 2 + 12 * i;
    if (entry + 12 > tiff.size()) return false;
    if (Read(tiff, entry, 2, little) != 0x8825) continue;
    const std::size_t gps_ifd = Read(tiff, entry + 8, 4, little);
    // A pointer we cannot follow is treated as location data: refuse rather than guess.
    if (gps_ifd + 2 > tiff.size()) return true;
    return Read(tiff, gps_ifd, 2, little) > 0;
  }
  return false;
}

bool XmpHasGps(Bytes xmp) { return Contains(xmp, "GPSLatitude") || Contains(xmp, "GPSLongitude"); }

bool JpegHasLocation(Bytes b) {
  std::size_t at = 2;
  while (at + 4 <= b.size() && b[at] == 0xFF) {
    const std::uint8_t marker = b[at + 1];
    if (marker == 0xDA || marker == 0xD9) break;  // image data starts: no more metadata
    const std::size_t length = Read(b, at + 2, 2, false);
    if (length < 2 || at + 2 + length > b.size()) break;
    const Bytes payload = b.subspan(at + 4, length - 2);
    if (marker == 0xE1) {
      constexpr std::string_view kExif("Exif\0\0", 6);
      if (payload.size() >= 6 && std::equal(kExif.begin(), kExif.end(), payload.begin())) {
        if (TiffHasGps(payload.subspan(6))) return true;
      } else if (XmpHasGps(payload)) {
        return true;
      }
    }
    at += 2 + length;
  }
  return false;
}

bool PngHasLocation(Bytes b) {
  std::size_t at = 8;
  while (at + 12 <= b.size()) {
    const std::size_t length = Read(b, at, 4, false);
    if (at + 12 + length > b.size()) break;
    const std::string_view type(reinterpret_cast<const char*>(b.data() + at + 4), 4);
    const Bytes data = b.subspan(at + 8, length);
    if (type == "IDAT" || type == "IEND") break;
    if (type == "eXIf" && TiffHasGps(data)) return true;
    if ((type == "iTXt" || type == "tEXt" || type == "zTXt") && XmpHasGps(data)) return true;
    at += 12 + length;
  }
  return false;
}

}  // namespace

bool CarriesLocationMetadata(std::span<const std::uint8_t> bytes) {
  if (bytes.size() >= 4 && bytes[0] == 0xFF && bytes[1] == 0xD8) return JpegHasLocation(bytes);
  static constexpr std::uint8_t kPng[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (bytes.size() >= 8 && std::equal(kPng, kPng + 8, bytes.begin())) return PngHasLocation(bytes);
  return false;
}

}  // namespace tricholog::store
