#include "imaging/metadata_strip.h"

#include <string>

#include "imaging/image_container.h"
#include "imaging/image_encode.h"

namespace tricholog::imaging {
namespace {

using Bytes = std::vector<std::uint8_t>;

void Append(Bytes& out, std::span<const std::uint8_t> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

void AppendBe32(Bytes& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<std::uint8_t>(value >> shift));
}
void AppendLe32(Bytes& out, std::uint32_t value) {
  for (int shift = 0; shift <= 24; shift += 8)
    out.push_back(static_cast<std::uint8_t>(value >> shift));
}

container::ExifFields ExistingExif(std::span<const std::uint8_t> bytes, const std::string& format) {
  if (auto block = container::ExtractExif(bytes, format)) return container::ReadExifFields(*block);
  return {};
}

Bytes MinimalExif(std::span<const std::uint8_t> bytes, const std::string& format) {
  const container::ExifFields fields = ExistingExif(bytes, format);
  return container::BuildMinimalExif(fields.orientation, fields.capture_time);
}

// Kept JPEG segments: everything except APP1 (EXIF, XMP), APP13 (IPTC/Photoshop, may hold
// a location) and COM; APP0 (JFIF) and APP2 (ICC profile) stay.
bool KeepJpegSegment(std::uint8_t marker) {
  return marker != 0xE1 && marker != 0xED && marker != 0xFE;
}

Result<Bytes> StripJpeg(std::span<const std::uint8_t> bytes, const Bytes& exif) {
  auto layout = container::ParseJpegLayout(bytes);
  if (!layout) return tl::unexpected(layout.error());
  Bytes out = {0xFF, 0xD8};
  if (!exif.empty()) {
    if (exif.size() + 2 > 0xFFFF)
      return MakeError(ErrorCode::kInternal, "minimal EXIF block too large", "image");
    const std::size_t length = exif.size() + 2;
    out.insert(out.end(), {0xFF, 0xE1, static_cast<std::uint8_t>(length >> 8),
                           static_cast<std::uint8_t>(length)});
    Append(out, exif);
  }
  for (const container::JpegSegment& segment : layout->segments) {
    if (KeepJpegSegment(segment.marker)) Append(out, bytes.subspan(segment.offset, segment.size));
  }
  Append(out, bytes.subspan(layout->scan_offset));
  return out;
}

bool KeepPngChunk(const std::string& type) {
  return type != "eXIf" && type != "tEXt" && type != "iTXt" && type != "zTXt";
}

Result<Bytes> StripPng(std::span<const std::uint8_t> bytes, const Bytes& exif) {
  auto chunks = container::ParsePngChunks(bytes);
  if (!chunks) return tl::unexpected(chunks.error());
  Bytes out(bytes.begin(), bytes.begin() + 8);
  for (const container::PngChunk& chunk : *chunks) {
    if (!KeepPngChunk(chunk.type)) continue;
    Append(out, bytes.subspan(chunk.offset, chunk.size));
    if (chunk.type == "IHDR" && exif.size() > 6) {
      // eXIf holds the bare TIFF structure, without the "Exif\0\0" header.
      Bytes body = {'e', 'X', 'I', 'f'};
      body.insert(body.end(), exif.begin() + 6, exif.end());
      AppendBe32(out, static_cast<std::uint32_t>(body.size() - 4));
      Append(out, body);
      AppendBe32(out, container::Crc32(body));
    }
  }
  return out;
}

Result<Bytes> StripWebp(std::span<const std::uint8_t> bytes, const Bytes& exif) {
  auto chunks = container::ParseWebpChunks(bytes);
  if (!chunks) return tl::unexpected(chunks.error());
  const bool extended = !chunks->empty() && chunks->front().fourcc == "VP8X";
  Bytes body = {'W', 'E', 'B', 'P'};
  for (const container::RiffChunk& chunk : *chunks) {
    if (chunk.fourcc == "EXIF" || chunk.fourcc == "XMP ") continue;
    const std::size_t start = body.size();
    Append(body, bytes.subspan(chunk.offset, chunk.size));
    if (chunk.fourcc == "VP8X" && body.size() > start + 8) {
      body[start + 8] &= static_cast<std::uint8_t>(~0x0C);  // clear the EXIF and XMP flags
      if (!exif.empty()) body[start + 8] |= 0x08;
    }
  }
  // Only the extended format (VP8X) may carry an EXIF chunk; a simple WebP has no
  // metadata to begin with and stays as it is.
  if (extended && exif.size() > 6) {
    const std::span<const std::uint8_t> tiff(exif.data() + 6, exif.size() - 6);
    body.insert(body.end(), {'E', 'X', 'I', 'F'});
    AppendLe32(body, static_cast<std::uint32_t>(tiff.size()));
    Append(body, tiff);
    if (tiff.size() % 2 == 1) body.push_back(0);
  }
  Bytes out = {'R', 'I', 'F', 'F'};
  AppendLe32(out, static_cast<std::uint32_t>(body.size()));
  Append(out, body);
  return out;
}

Result<Bytes> ReencodeHeic(std::span<const std::uint8_t> bytes, const DecodeLimits& limits) {
  auto decoded = DecodeImage(bytes, limits);
  if (!decoded) return tl::unexpected(decoded.error());
  auto jpeg = EncodeJpeg(decoded->bgr, 95);
  if (!jpeg) {
    return MakeError(ErrorCode::kInternal,
                     "could not re-encode the HEIC photo as JPEG: " + jpeg.error().message,
                     "image");
  }
  return StripJpeg(*jpeg, container::BuildMinimalExif(1, decoded->capture_time));
}

}  // namespace

Result<std::vector<std::uint8_t>> StripLocationMetadata(std::span<const std::uint8_t> bytes,
                                                        const DecodeLimits& limits) {
  if (bytes.empty()) return MakeError(ErrorCode::kParseError, "is empty", "image");
  if (bytes.size() > limits.max_bytes) {
    return MakeError(ErrorCode::kTooLarge,
                     std::to_string(bytes.size()) + " bytes exceeds the limit of " +
                         std::to_string(limits.max_bytes) + " bytes",
                     "image");
  }
  const std::string format = SniffImageFormat(bytes);
  if (format == "jpeg") return StripJpeg(bytes, MinimalExif(bytes, format));
  if (format == "png") return StripPng(bytes, MinimalExif(bytes, format));
  if (format == "webp") return StripWebp(bytes, MinimalExif(bytes, format));
  if (format == "heic") return ReencodeHeic(bytes, limits);
  return MakeError(ErrorCode::kUnsupported, "is not a JPEG, PNG, WebP or HEIC image", "image");
}

}  // namespace tricholog::imaging
