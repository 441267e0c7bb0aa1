#include "imaging/image_decode.h"

#include <libheif/heif.h>
#include <webp/decode.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>
#include <new>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <system_error>
#include <vector>

#include "imaging/image_container.h"

namespace tricholog::imaging {
namespace {

constexpr std::uint8_t kPngSignature[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

bool Matches(std::span<const std::uint8_t> bytes, std::size_t offset, std::string_view text) {
  if (bytes.size() < offset + text.size()) return false;
  return std::memcmp(bytes.data() + offset, text.data(), text.size()) == 0;
}

std::uint32_t Le16(const std::uint8_t* p) {
  return std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8);
}
std::uint32_t Le24(const std::uint8_t* p) { return Le16(p) | (std::uint32_t{p[2]} << 16); }
std::uint32_t Be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}

tl::unexpected<Error> ParseFailure(const std::string& what) {
  return MakeError(ErrorCode::kParseError, what, "image");
}

// ---- header sizes -------------------------------------------------------------------

Result<ImageHeaderSize> JpegSize(std::span<const std::uint8_t> bytes) {
  auto layout = container::ParseJpegLayout(bytes);
  if (!layout) return tl::unexpected(layout.error());
  for (const container::JpegSegment& segment : layout->segments) {
    const std::uint8_t m = segment.marker;
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
      if (segment.payload.size() < 5) return ParseFailure("JPEG frame header is truncated");
      const int height = (segment.payload[1] << 8) | segment.payload[2];
      const int width = (segment.payload[3] << 8) | segment.payload[4];
      if (width == 0 || height == 0)
        return ParseFailure("JPEG frame header has a zero width or height");
      return ImageHeaderSize{width, height};
    }
  }
  return ParseFailure("JPEG has no frame header before its scan");
}

Result<ImageHeaderSize> PngSize(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 24 || !Matches(bytes, 12, "IHDR"))
    return ParseFailure("PNG header (IHDR) is missing or truncated");
  const std::uint32_t width = Be32(&bytes[16]);
  const std::uint32_t height = Be32(&bytes[20]);
  if (width == 0 || height == 0 || width > 0x7FFFFFFF || height > 0x7FFFFFFF) {
    return ParseFailure("PNG header has an invalid width or height");
  }
  return ImageHeaderSize{static_cast<int>(width), static_cast<int>(height)};
}

Result<ImageHeaderSize> WebpSize(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 30) return ParseFailure("WebP header is truncated");
  const std::uint8_t* d = bytes.data() + 20;  // first chunk's payload
  if (Matches(bytes, 12, "VP8 ")) {
    if (d[3] != 0x9D || d[4] != 0x01 || d[5] != 0x2A)
      return ParseFailure("WebP VP8 frame header is malformed");
    return ImageHeaderSize{static_cast<int>(Le16(d + 6) & 0x3FFF),
                           static_cast<int>(Le16(d + 8) & 0x3FFF)};
  }
  if (Matches(bytes, 12, "VP8L")) {
    if (d[0] != 0x2F) return ParseFailure("WebP lossless header is malformed");
    const std::uint32_t bits = Le24(d + 1) | (std::uint32_t{d[4]} << 24);
    return ImageHeaderSize{static_cast<int>((bits & 0x3FFF) + 1),
                           static_cast<int>(((bits >> 14) & 0x3FFF) + 1)};
  }
  if (Matches(bytes, 12, "VP8X")) {
    return ImageHeaderSize{static_cast<int>(Le24(d + 4) + 1), static_cast<int>(Le24(d + 7) + 1)};
  }
  return ParseFailure("WebP has no VP8, VP8L or VP8X header");
}

// ---- HEIF (libheif) ---------------------------------------------------------------

struct HeifContextDeleter {
  void operator()(heif_context* context) const { heif_context_free(context); }
};
struct HeifHandleDeleter {
  void operator()(heif_image_handle* handle) const { heif_image_handle_release(handle); }
};
struct HeifImageDeleter {
  void operator()(heif_image* image) const { heif_image_release(image); }
};
using HeifContext = std::unique_ptr<heif_context, HeifContextDeleter>;
using HeifHandle = std::unique_ptr<heif_image_handle, HeifHandleDeleter>;
using HeifImage = std::unique_ptr<heif_image, HeifImageDeleter>;

struct HeifPrimary {
  HeifContext context;
  HeifHandle handle;
};

Result<HeifPrimary> OpenHeif(std::span<const std::uint8_t> bytes) {
  HeifPrimary heif{HeifContext(heif_context_alloc()), nullptr};
  if (!heif.context)
    return MakeError(ErrorCode::kInternal, "libheif could not allocate a context", "image");
  heif_error error = heif_context_read_from_memory_without_copy(heif.context.get(), bytes.data(),
                                                                bytes.size(), nullptr);
  if (error.code != heif_error_Ok)
    return ParseFailure(std::string("HEIF container is invalid: ") + error.message);
  heif_image_handle* handle = nullptr;
  error = heif_context_get_primary_image_handle(heif.context.get(), &handle);
  if (error.code != heif_error_Ok)
    return ParseFailure(std::string("HEIF has no primary image: ") + error.message);
  heif.handle.reset(handle);
  return heif;
}

std::optional<std::string> HeifCaptureTime(heif_image_handle* handle) {
  heif_item_id id = 0;
  if (heif_image_handle_get_list_of_metadata_block_IDs(handle, "Exif", &id, 1) != 1)
    return std::nullopt;
  const std::size_t size = heif_image_handle_get_metadata_size(handle, id);
  if (size < 8 || size > (16u << 20)) return std::nullopt;
  std::vector<std::uint8_t> block(size);
  if (heif_image_handle_get_metadata(handle, id, block.data()).code != heif_error_Ok)
    return std::nullopt;
  // ISO/IEC 23008-12 Annex A: a 4-byte offset to the TIFF header precedes the EXIF payload.
  const std::size_t skip = 4 + std::size_t{Be32(block.data())};
  if (skip >= size) return std::nullopt;
  std::vector<std::uint8_t> exif = {'E', 'x', 'i', 'f', 0, 0};
  exif.insert(exif.end(), block.begin() + static_cast<std::ptrdiff_t>(skip), block.end());
  return container::ReadExifFields(exif).capture_time;
}

Result<cv::Mat> DecodeHeifPixels(heif_image_handle* handle) {
  heif_image* raw = nullptr;
  // Default decoding options apply the irot/imir/clap transformations (the HEIF way of
  // storing orientation), so the result is upright.
  heif_error error =
      heif_decode_image(handle, &raw, heif_colorspace_RGB, heif_chroma_interleaved_RGB, nullptr);
  if (error.code != heif_error_Ok)
    return ParseFailure(std::string("HEIF image could not be decoded: ") + error.message);
  HeifImage image(raw);
  const int width = heif_image_get_width(raw, heif_channel_interleaved);
  const int height = heif_image_get_height(raw, heif_channel_interleaved);
  int stride = 0;
  const std::uint8_t* plane = heif_image_get_plane_readonly(raw, heif_channel_interleaved, &stride);
  if (plane == nullptr || width <= 0 || height <= 0)
    return ParseFailure("HEIF image has no RGB plane");
  cv::Mat rgb(height, width, CV_8UC3, const_cast<std::uint8_t*>(plane),
              static_cast<std::size_t>(stride));
  cv::Mat bgr;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);  // copies out of libheif's buffer
  return bgr;
}

// ---- orientation, limits -----------------------------------------------------------

// Applies EXIF orientation 1..8 (CIPA DC-008 Exif 2.3, tag 0x0112), as OpenCV's own
// ApplyExifOrientation does.
cv::Mat Orient(cv::Mat image, int orientation) {
  cv::Mat out;
  switch (orientation) {
    case 2:
      cv::flip(image, out, 1);
      return out;
    case 3:
      cv::flip(image, out, -1);
      return out;
    case 4:
      cv::flip(image, out, 0);
      return out;
    case 5:
      cv::transpose(image, out);
      return out;
    case 6:
      cv::transpose(image, out);
      cv::flip(out, out, 1);
      return out;
    case 7:
      cv::transpose(image, out);
      cv::flip(out, out, -1);
      return out;
    case 8:
      cv::transpose(image, out);
      cv::flip(out, out, 0);
      return out;
    default:
      return image;
  }
}

Result<void> CheckPixels(const ImageHeaderSize& size, const DecodeLimits& limits) {
  const std::int64_t pixels = std::int64_t{size.width} * size.height;
  if (pixels > limits.max_pixels) {
    return MakeError(ErrorCode::kTooLarge,
                     std::to_string(size.width) + "x" + std::to_string(size.height) + " = " +
                         std::to_string(pixels) + " pixels exceeds the limit of " +
                         std::to_string(limits.max_pixels) + " pixels",
                     "image");
  }
  return {};
}

// A JPEG whose scan never reaches EOI was cut short; libjpeg would pad it with grey and
// only warn, so it is refused here.
bool JpegHasEndOfImage(std::span<const std::uint8_t> bytes) {
  auto layout = container::ParseJpegLayout(bytes);
  if (!layout) return false;
  for (std::size_t i = bytes.size(); i >= layout->scan_offset + 2; --i) {
    if (bytes[i - 2] == 0xFF && bytes[i - 1] == 0xD9) return true;
  }
  return false;
}

// cv::imdecode picks its decoder by its own signature checks, in a fixed order. A file
// that looks like WebP to us but fails OpenCV's WebP check would fall through to the
// decoders after it, e.g. GDCM, which claims anything with "DICM" at byte 128 and aborts
// the process on malformed input (found by fuzzing). So the WebP check OpenCV 4.6 uses
// (libwebp's WebPGetFeatures on the first 32 bytes) is made here first.
bool OpenCvAcceptsWebp(std::span<const std::uint8_t> bytes) {
  constexpr std::size_t kOpenCvWebpHeaderSize = 32;
  if (bytes.size() < kOpenCvWebpHeaderSize) return false;
  WebPBitstreamFeatures features;
  return WebPGetFeatures(bytes.data(), kOpenCvWebpHeaderSize, &features) == VP8_STATUS_OK;
}

// The PNG without its text chunks (tEXt, zTXt, iTXt). libpng inflates compressed text
// while decoding, and a few hundred bytes of zTXt/iTXt can expand to megabytes (a slow
// input found by fuzzing); the pixels do not depend on them.
Result<std::vector<std::uint8_t>> PngWithoutTextChunks(std::span<const std::uint8_t> bytes) {
  auto chunks = container::ParsePngChunks(bytes);
  if (!chunks) return tl::unexpected(chunks.error());
  std::vector<std::uint8_t> out(bytes.begin(), bytes.begin() + 8);
  for (const container::PngChunk& chunk : *chunks) {
    if (chunk.type == "tEXt" || chunk.type == "zTXt" || chunk.type == "iTXt") continue;
    const auto whole = bytes.subspan(chunk.offset, chunk.size);
    out.insert(out.end(), whole.begin(), whole.end());
  }
  return out;
}

int ReducedFlag(int scale_denominator) {
  switch (scale_denominator) {
    case 2:
      return cv::IMREAD_REDUCED_COLOR_2;
    case 4:
      return cv::IMREAD_REDUCED_COLOR_4;
    case 8:
      return cv::IMREAD_REDUCED_COLOR_8;
    default:
      return cv::IMREAD_COLOR;
  }
}

Result<DecodedImage> DecodeWithOpenCv(std::span<const std::uint8_t> bytes,
                                      const std::string& format, int scale_denominator,
                                      const ImageHeaderSize& stored) {
  if (format == "jpeg" && !JpegHasEndOfImage(bytes))
    return ParseFailure("JPEG data is truncated (no end-of-image marker)");
  if (format == "webp" && !OpenCvAcceptsWebp(bytes))
    return ParseFailure("WebP header is malformed");
  const std::string extension = "." + format;
  // haveImageReader() wants a file on disk; the writer check is by extension and a build
  // carries both halves of a codec.
  if (!cv::haveImageWriter(extension)) {
    return MakeError(ErrorCode::kUnsupported,
                     "this build of OpenCV cannot read " + format + " images", "image");
  }
  const bool dct_scaled = format == "jpeg" && scale_denominator > 1;
  const int flags = (dct_scaled ? ReducedFlag(scale_denominator) : cv::IMREAD_COLOR) |
                    cv::IMREAD_IGNORE_ORIENTATION;
  std::vector<std::uint8_t> png_pixels_only;
  if (format == "png") {
    auto stripped = PngWithoutTextChunks(bytes);
    if (!stripped) return tl::unexpected(stripped.error());
    png_pixels_only = std::move(*stripped);
    bytes = png_pixels_only;
  }
  const cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8UC1,
                       const_cast<std::uint8_t*>(bytes.data()));
  cv::Mat pixels = cv::imdecode(buffer, flags);
  if (pixels.empty()) return ParseFailure(format + " data is corrupt or truncated");

  DecodedImage result;
  result.format = format;
  container::ExifFields exif;
  if (auto block = container::ExtractExif(bytes, format)) exif = container::ReadExifFields(*block);
  result.capture_time = exif.capture_time;
  const bool swaps_axes = exif.orientation >= 5;
  result.full_width = swaps_axes ? stored.height : stored.width;
  result.full_height = swaps_axes ? stored.width : stored.height;
  if (scale_denominator > 1 && !dct_scaled) {
    const cv::Size reduced(
        std::max(1, (stored.width + scale_denominator / 2) / scale_denominator),
        std::max(1, (stored.height + scale_denominator / 2) / scale_denominator));
    cv::resize(pixels, pixels, reduced, 0, 0, cv::INTER_AREA);
  }
  result.bgr = Orient(pixels, exif.orientation);
  result.scale_denominator = scale_denominator;
  return result;
}

Result<DecodedImage> DecodeHeif(std::span<const std::uint8_t> bytes, const DecodeLimits& limits,
                                int scale_denominator) {
  auto heif = OpenHeif(bytes);
  if (!heif) return tl::unexpected(heif.error());
  const ImageHeaderSize size{heif_image_handle_get_width(heif->handle.get()),
                             heif_image_handle_get_height(heif->handle.get())};
  if (size.width <= 0 || size.height <= 0) return ParseFailure("HEIF image has no size");
  if (auto ok = CheckPixels(size, limits); !ok) return tl::unexpected(ok.error());
  auto pixels = DecodeHeifPixels(heif->handle.get());
  if (!pixels) return tl::unexpected(pixels.error());
  DecodedImage result;
  result.format = "heic";
  result.full_width = pixels->cols;
  result.full_height = pixels->rows;
  result.capture_time = HeifCaptureTime(heif->handle.get());
  result.scale_denominator = scale_denominator;
  if (scale_denominator > 1) {
    const cv::Size reduced(std::max(1, (pixels->cols + scale_denominator / 2) / scale_denominator),
                           std::max(1, (pixels->rows + scale_denominator / 2) / scale_denominator));
    cv::resize(*pixels, result.bgr, reduced, 0, 0, cv::INTER_AREA);
  } else {
    result.bgr = *pixels;
  }
  return result;
}

Result<DecodedImage> DecodeChecked(std::span<const std::uint8_t> bytes, const DecodeLimits& limits,
                                   int scale_denominator) {
  if (bytes.empty()) return MakeError(ErrorCode::kParseError, "is empty", "image");
  if (bytes.size() > limits.max_bytes) {
    return MakeError(ErrorCode::kTooLarge,
                     std::to_string(bytes.size()) + " bytes exceeds the limit of " +
                         std::to_string(limits.max_bytes) + " bytes",
                     "image");
  }
  if (scale_denominator != 1 && scale_denominator != 2 && scale_denominator != 4 &&
      scale_denominator != 8) {
    return InvalidArgument("scale_denominator",
                           std::to_string(scale_denominator) + " is not allowed; use 1, 2, 4 or 8");
  }
  const std::string format = SniffImageFormat(bytes);
  if (format.empty()) {
    return MakeError(ErrorCode::kUnsupported, "is not a JPEG, PNG, WebP or HEIC image", "image");
  }
  if (format == "heic") return DecodeHeif(bytes, limits, scale_denominator);
  auto size = ReadImageHeaderSize(bytes);
  if (!size) return tl::unexpected(size.error());
  if (auto ok = CheckPixels(*size, limits); !ok) return tl::unexpected(ok.error());
  return DecodeWithOpenCv(bytes, format, scale_denominator, *size);
}

}  // namespace

std::string SniffImageFormat(std::span<const std::uint8_t> bytes) {
  if (bytes.size() >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) return "jpeg";
  if (bytes.size() >= 8 &&
      std::equal(std::begin(kPngSignature), std::end(kPngSignature), bytes.begin()))
    return "png";
  if (Matches(bytes, 0, "RIFF") && Matches(bytes, 8, "WEBP")) return "webp";
  if (Matches(bytes, 4, "ftyp")) {
    // HEIF brands (ISO/IEC 23008-12): HEVC-coded stills and sequences, and the generic
    // image brands mif1/msf1 (libheif decides later whether it can decode the content).
    for (std::string_view brand :
         {"heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"}) {
      if (Matches(bytes, 8, brand)) return "heic";
    }
  }
  return {};
}

Result<ImageHeaderSize> ReadImageHeaderSize(std::span<const std::uint8_t> bytes) {
  const std::string format = SniffImageFormat(bytes);
  if (format == "jpeg") return JpegSize(bytes);
  if (format == "png") return PngSize(bytes);
  if (format == "webp") return WebpSize(bytes);
  if (format == "heic") {
    auto heif = OpenHeif(bytes);
    if (!heif) return tl::unexpected(heif.error());
    return ImageHeaderSize{heif_image_handle_get_width(heif->handle.get()),
                           heif_image_handle_get_height(heif->handle.get())};
  }
  return MakeError(ErrorCode::kUnsupported, "is not a JPEG, PNG, WebP or HEIC image", "image");
}

Result<DecodedImage> DecodeImage(std::span<const std::uint8_t> bytes, const DecodeLimits& limits,
                                 int scale_denominator) {
  try {
    return DecodeChecked(bytes, limits, scale_denominator);
  } catch (const cv::Exception& e) {
    return MakeError(ErrorCode::kParseError, std::string("image could not be decoded: ") + e.what(),
                     "image");
  } catch (const std::bad_alloc&) {
    return MakeError(ErrorCode::kTooLarge, "image needs more memory than is available", "image");
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kInternal, std::string("image decoding failed: ") + e.what(),
                     "image");
  }
}

Result<DecodedImage> DecodeImageFile(const std::filesystem::path& path, const DecodeLimits& limits,
                                     int scale_denominator) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    const bool missing = ec == std::errc::no_such_file_or_directory;
    return MakeError(missing ? ErrorCode::kNotFound : ErrorCode::kIo,
                     path.string() + ": " + (missing ? std::string("no such file") : ec.message()),
                     "image");
  }
  if (size > limits.max_bytes) {
    return MakeError(ErrorCode::kTooLarge,
                     path.string() + ": " + std::to_string(size) + " bytes exceeds the limit of " +
                         std::to_string(limits.max_bytes) + " bytes",
                     "image");
  }
  std::ifstream in(path, std::ios::binary);
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
  if (!in || !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size))) {
    return MakeError(ErrorCode::kIo, path.string() + ": could not be read", "image");
  }
  return DecodeImage(bytes, limits, scale_denominator);
}

}  // namespace tricholog::imaging
