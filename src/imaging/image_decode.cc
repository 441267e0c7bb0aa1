#include "imaging/image_decode.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <new>
#include <opencv2/imgproc.hpp>
#include <system_error>
#include <vector>

#include "imaging/image_codecs.h"
#include "imaging/image_container.h"
#include "imaging/pixel_buffer.h"

namespace tricholog::imaging {
namespace {

constexpr std::uint8_t kPngSignature[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

bool Matches(std::span<const std::uint8_t> bytes, std::size_t offset, std::string_view text) {
  if (bytes.size() < offset + text.size()) return false;
  return std::memcmp(bytes.data() + offset, text.data(), text.size()) == 0;
}

tl::unexpected<Error> Unrecognised() {
  return MakeError(ErrorCode::kUnsupported, "is not a JPEG, PNG, WebP or HEIC image", "image");
}

tl::unexpected<Error> TooLarge(const std::string& what) {
  return MakeError(ErrorCode::kTooLarge, what, "image");
}

// Applies EXIF orientation 1..8 (CIPA DC-008 Exif 2.3, tag 0x0112). The result gets a
// buffer of its own from the large-buffer allocator (see pixel_buffer.h).
cv::Mat Orient(cv::Mat image, int orientation) {
  if (orientation < 2 || orientation > 8) return image;
  cv::Mat out = orientation >= 5 ? NewPixelBuffer(image.cols, image.rows, image.type())
                                 : NewPixelBuffer(image.rows, image.cols, image.type());
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

// Every limit of DecodeLimits that the header alone can breach, each named with its value.
Result<void> CheckHeader(const codec::ImageHeader& header, const DecodeLimits& limits) {
  const std::string size = std::to_string(header.width) + "x" + std::to_string(header.height);
  if (header.width > limits.max_width) {
    return TooLarge(size + ": width " + std::to_string(header.width) + " exceeds the limit of " +
                    std::to_string(limits.max_width) + " pixels");
  }
  if (header.height > limits.max_height) {
    return TooLarge(size + ": height " + std::to_string(header.height) + " exceeds the limit of " +
                    std::to_string(limits.max_height) + " pixels");
  }
  const std::int64_t pixels = std::int64_t{header.width} * header.height;
  if (pixels > limits.max_pixels) {
    return TooLarge(size + " = " + std::to_string(pixels) + " pixels exceeds the limit of " +
                    std::to_string(limits.max_pixels) + " pixels");
  }
  if (header.top_level_images > limits.max_heif_images) {
    return TooLarge("HEIF container holds " + std::to_string(header.top_level_images) +
                    " images; the limit is " + std::to_string(limits.max_heif_images));
  }
  return {};
}

// round(size / denominator), at least 1: the reduced size of formats without DCT scaling.
cv::Size Reduced(int width, int height, int denominator) {
  return {std::max(1, (width + denominator / 2) / denominator),
          std::max(1, (height + denominator / 2) / denominator)};
}

Result<ImageHeaderSize> StoredSize(const codec::ImageHeader& header) {
  return ImageHeaderSize{header.width, header.height};
}

// JPEG, PNG and WebP: the header through the format's decoder, the limits, then pixels.
Result<DecodedImage> DecodeStill(std::span<const std::uint8_t> bytes, const std::string& format,
                                 const DecodeLimits& limits, int scale_denominator) {
  auto header = format == "jpeg"  ? codec::ReadJpegHeader(bytes)
                : format == "png" ? codec::ReadPngHeader(bytes)
                                  : codec::ReadWebpHeader(bytes);
  if (!header) return tl::unexpected(header.error());
  if (auto ok = CheckHeader(*header, limits); !ok) return tl::unexpected(ok.error());
  const bool dct_scaled = format == "jpeg";
  auto pixels = format == "jpeg"  ? codec::DecodeJpegPixels(bytes, scale_denominator)
                : format == "png" ? codec::DecodePngPixels(bytes, limits)
                                  : codec::DecodeWebpPixels(bytes);
  if (!pixels) return tl::unexpected(pixels.error());
  if (scale_denominator > 1 && !dct_scaled) {
    cv::resize(*pixels, *pixels, Reduced(header->width, header->height, scale_denominator), 0, 0,
               cv::INTER_AREA);
  }
  DecodedImage result;
  result.format = format;
  container::ExifFields exif;
  if (auto block = container::ExtractExif(bytes, format)) exif = container::ReadExifFields(*block);
  result.capture_time = exif.capture_time;
  const bool swaps_axes = exif.orientation >= 5;
  result.full_width = swaps_axes ? header->height : header->width;
  result.full_height = swaps_axes ? header->width : header->height;
  result.bgr = Orient(std::move(*pixels), exif.orientation);
  result.scale_denominator = scale_denominator;
  return result;
}

Result<DecodedImage> DecodeHeif(std::span<const std::uint8_t> bytes, const DecodeLimits& limits,
                                int scale_denominator) {
  auto heif = codec::HeifFile::Open(bytes, limits);
  if (!heif) return tl::unexpected(heif.error());
  const codec::ImageHeader header = heif->Header();
  if (header.width <= 0 || header.height <= 0) {
    return MakeError(ErrorCode::kParseError, "HEIF image has no size", "image");
  }
  if (auto ok = CheckHeader(header, limits); !ok) return tl::unexpected(ok.error());
  auto pixels = heif->DecodePixels();
  if (!pixels) return tl::unexpected(pixels.error());
  DecodedImage result;
  result.format = "heic";
  result.full_width = pixels->cols;
  result.full_height = pixels->rows;
  result.capture_time = heif->CaptureTime();
  result.scale_denominator = scale_denominator;
  if (scale_denominator > 1) {
    cv::resize(*pixels, result.bgr, Reduced(pixels->cols, pixels->rows, scale_denominator), 0, 0,
               cv::INTER_AREA);
  } else {
    result.bgr = std::move(*pixels);
  }
  return result;
}

Result<void> CheckBytes(std::size_t size, const DecodeLimits& limits, const std::string& prefix) {
  if (size > limits.max_bytes) {
    return TooLarge(prefix + std::to_string(size) + " bytes exceeds the limit of " +
                    std::to_string(limits.max_bytes) + " bytes");
  }
  return {};
}

Result<DecodedImage> DecodeChecked(std::span<const std::uint8_t> bytes, const DecodeLimits& limits,
                                   int scale_denominator) {
  if (bytes.empty()) return MakeError(ErrorCode::kParseError, "is empty", "image");
  if (auto ok = CheckBytes(bytes.size(), limits, ""); !ok) return tl::unexpected(ok.error());
  if (scale_denominator != 1 && scale_denominator != 2 && scale_denominator != 4 &&
      scale_denominator != 8) {
    return InvalidArgument("scale_denominator",
                           std::to_string(scale_denominator) + " is not allowed; use 1, 2, 4 or 8");
  }
  const std::string format = SniffImageFormat(bytes);
  if (format.empty()) return Unrecognised();
  if (format == "heic") return DecodeHeif(bytes, limits, scale_denominator);
  return DecodeStill(bytes, format, limits, scale_denominator);
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
  if (format == "jpeg") return codec::ReadJpegHeader(bytes).and_then(StoredSize);
  if (format == "png") return codec::ReadPngHeader(bytes).and_then(StoredSize);
  if (format == "webp") return codec::ReadWebpHeader(bytes).and_then(StoredSize);
  if (format == "heic") {
    auto heif = codec::HeifFile::Open(bytes, DecodeLimits{});
    if (!heif) return tl::unexpected(heif.error());
    return StoredSize(heif->Header());
  }
  return Unrecognised();
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
  if (auto ok = CheckBytes(size, limits, path.string() + ": "); !ok) {
    return tl::unexpected(ok.error());
  }
  std::ifstream in(path, std::ios::binary);
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
  if (!in || !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size))) {
    return MakeError(ErrorCode::kIo, path.string() + ": could not be read", "image");
  }
  return DecodeImage(bytes, limits, scale_denominator);
}

}  // namespace tricholog::imaging
