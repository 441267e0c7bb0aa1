#include "imaging/image_container.h"

#include <libexif/exif-data.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace tricholog::imaging::container {
namespace {

constexpr std::uint8_t kExifHeader[] = {'E', 'x', 'i', 'f', 0, 0};

std::uint32_t ReadBe32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}
std::uint32_t ReadLe32(const std::uint8_t* p) {
  return (std::uint32_t{p[3]} << 24) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[1]} << 8) |
         p[0];
}

tl::unexpected<Error> Truncated(const char* what) {
  return MakeError(ErrorCode::kParseError, std::string(what) + " is truncated or malformed",
                   "image");
}

bool StartsWith(std::span<const std::uint8_t> data, std::span<const std::uint8_t> prefix) {
  return data.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), data.begin());
}

// Markers that stand alone (no length field): TEM, RSTn, SOI, EOI.
bool IsStandaloneMarker(std::uint8_t marker) {
  return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD9);
}

}  // namespace

Result<JpegLayout> ParseJpegLayout(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8) return Truncated("JPEG header");
  JpegLayout layout;
  std::size_t pos = 2;
  while (pos < bytes.size()) {
    if (bytes[pos] != 0xFF) return Truncated("JPEG marker sequence");
    const std::size_t start = pos;
    while (pos < bytes.size() && bytes[pos] == 0xFF) ++pos;  // fill bytes
    if (pos >= bytes.size()) break;
    const std::uint8_t marker = bytes[pos++];
    if (IsStandaloneMarker(marker)) {
      if (marker == 0xD9) break;  // EOI before any scan
      continue;
    }
    if (pos + 2 > bytes.size()) break;
    const std::size_t length = (std::size_t{bytes[pos]} << 8) | bytes[pos + 1];
    if (length < 2 || pos + length > bytes.size()) break;
    JpegSegment segment{marker, start, pos + length - start, bytes.subspan(pos + 2, length - 2)};
    layout.segments.push_back(segment);
    pos += length;
    if (marker == 0xDA) {
      layout.scan_offset = pos;
      return layout;
    }
  }
  return Truncated("JPEG header");
}

Result<std::vector<PngChunk>> ParsePngChunks(std::span<const std::uint8_t> bytes) {
  std::vector<PngChunk> chunks;
  std::size_t pos = 8;
  while (pos + 12 <= bytes.size()) {
    const std::size_t length = ReadBe32(&bytes[pos]);
    if (length > bytes.size() - pos - 12) return Truncated("PNG chunk");
    PngChunk chunk{std::string(reinterpret_cast<const char*>(&bytes[pos + 4]), 4), pos, length + 12,
                   bytes.subspan(pos + 8, length)};
    chunks.push_back(chunk);
    pos += length + 12;
    if (chunks.back().type == "IEND") return chunks;
  }
  return Truncated("PNG stream");
}

Result<std::vector<RiffChunk>> ParseWebpChunks(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 12) return Truncated("WebP header");
  // The RIFF size may overstate the file (truncation); walk only what is really there.
  const std::size_t riff_end =
      std::min<std::size_t>(bytes.size(), std::size_t{ReadLe32(&bytes[4])} + 8);
  std::vector<RiffChunk> chunks;
  std::size_t pos = 12;
  while (pos + 8 <= riff_end) {
    const std::size_t length = ReadLe32(&bytes[pos + 4]);
    if (length > riff_end - pos - 8) return Truncated("WebP chunk");
    const std::size_t padded = length + (length & 1);
    RiffChunk chunk{std::string(reinterpret_cast<const char*>(&bytes[pos]), 4), pos,
                    std::min(padded + 8, riff_end - pos), bytes.subspan(pos + 8, length)};
    chunks.push_back(chunk);
    pos += chunk.size;
  }
  if (chunks.empty()) return Truncated("WebP stream");
  return chunks;
}

std::optional<std::vector<std::uint8_t>> ExtractExif(std::span<const std::uint8_t> bytes,
                                                     const std::string& format) {
  std::span<const std::uint8_t> payload;
  if (format == "jpeg") {
    auto layout = ParseJpegLayout(bytes);
    if (!layout) return std::nullopt;
    for (const JpegSegment& segment : layout->segments) {
      if (segment.marker == 0xE1 && StartsWith(segment.payload, kExifHeader)) {
        payload = segment.payload;
        break;
      }
    }
  } else if (format == "png") {
    auto chunks = ParsePngChunks(bytes);
    if (!chunks) return std::nullopt;
    for (const PngChunk& chunk : *chunks) {
      if (chunk.type == "eXIf") payload = chunk.data;
    }
  } else if (format == "webp") {
    auto chunks = ParseWebpChunks(bytes);
    if (!chunks) return std::nullopt;
    for (const RiffChunk& chunk : *chunks) {
      if (chunk.fourcc == "EXIF") payload = chunk.data;
    }
  }
  if (payload.empty()) return std::nullopt;
  std::vector<std::uint8_t> block;
  if (!StartsWith(payload, kExifHeader))
    block.assign(std::begin(kExifHeader), std::end(kExifHeader));
  block.insert(block.end(), payload.begin(), payload.end());
  return block;
}

ExifFields ReadExifFields(std::span<const std::uint8_t> exif_block) {
  ExifFields fields;
  if (exif_block.size() < 14 || exif_block.size() > (1u << 20) * 16) return fields;
  std::unique_ptr<ExifData, decltype(&exif_data_unref)> data(
      exif_data_new_from_data(exif_block.data(), static_cast<unsigned>(exif_block.size())),
      &exif_data_unref);
  if (!data) return fields;
  const ExifByteOrder order = exif_data_get_byte_order(data.get());
  if (ExifEntry* entry = exif_content_get_entry(data->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
      entry != nullptr && entry->format == EXIF_FORMAT_SHORT && entry->components >= 1 &&
      entry->size >= 2) {
    const int value = exif_get_short(entry->data, order);
    if (value >= 1 && value <= 8) fields.orientation = value;
  }
  if (ExifEntry* entry =
          exif_content_get_entry(data->ifd[EXIF_IFD_EXIF], EXIF_TAG_DATE_TIME_ORIGINAL);
      entry != nullptr && entry->format == EXIF_FORMAT_ASCII && entry->size >= 19) {
    // EXIF 2.3 §4.6.5: "YYYY:MM:DD HH:MM:SS".
    std::string raw(reinterpret_cast<const char*>(entry->data), 19);
    int year, month, day, hour, minute, second;
    if (std::sscanf(raw.c_str(), "%4d:%2d:%2d %2d:%2d:%2d", &year, &month, &day, &hour, &minute,
                    &second) == 6 &&
        year >= 1900 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 &&
        minute <= 59 && second <= 60 && hour >= 0 && minute >= 0 && second >= 0) {
      char text[96];
      std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour,
                    minute, second);
      fields.capture_time = text;
    }
  }
  fields.has_gps = data->ifd[EXIF_IFD_GPS] != nullptr && data->ifd[EXIF_IFD_GPS]->count > 0;
  return fields;
}

std::vector<std::uint8_t> BuildMinimalExif(int orientation,
                                           const std::optional<std::string>& capture_time) {
  if ((orientation < 2 || orientation > 8) && !capture_time) return {};
  std::unique_ptr<ExifData, decltype(&exif_data_unref)> data(exif_data_new(), &exif_data_unref);
  exif_data_set_byte_order(data.get(), EXIF_BYTE_ORDER_INTEL);
  exif_data_unset_option(data.get(), EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  const auto add = [&](ExifIfd ifd, ExifTag tag, ExifFormat format, unsigned components) {
    ExifEntry* entry = exif_entry_new();
    entry->tag = tag;
    entry->format = format;
    entry->components = components;
    entry->size = exif_format_get_size(format) * components;
    entry->data = static_cast<unsigned char*>(std::calloc(1, entry->size));
    exif_content_add_entry(data->ifd[ifd], entry);
    exif_entry_unref(entry);
    return entry;
  };
  if (orientation >= 2 && orientation <= 8) {
    ExifEntry* entry = add(EXIF_IFD_0, EXIF_TAG_ORIENTATION, EXIF_FORMAT_SHORT, 1);
    exif_set_short(entry->data, EXIF_BYTE_ORDER_INTEL, static_cast<ExifShort>(orientation));
  }
  if (capture_time && capture_time->size() == 19) {
    std::string exif_time = *capture_time;  // back to "YYYY:MM:DD HH:MM:SS"
    exif_time[4] = exif_time[7] = ':';
    exif_time[10] = ' ';
    ExifEntry* entry = add(EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, EXIF_FORMAT_ASCII, 20);
    std::memcpy(entry->data, exif_time.data(), 19);
  }
  unsigned char* raw = nullptr;
  unsigned int size = 0;
  exif_data_save_data(data.get(), &raw, &size);
  std::vector<std::uint8_t> block(raw, raw + size);
  std::free(raw);
  return block;
}

std::uint32_t Crc32(std::span<const std::uint8_t> data) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (std::uint8_t byte : data) {
    crc ^= byte;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

}  // namespace tricholog::imaging::container
