// The one decoder (and, for JPEG and PNG, the one encoder) per accepted image format, called
// directly: JPEG through libjpeg-turbo's TurboJPEG API (jpeg_codec.cc), PNG through libspng
// (png_codec.cc), WebP through libwebp (webp_codec.cc), HEIC through libheif (heif_codec.cc).
// Internal to the imaging module: image_decode.cc decides the format by signature, reads the
// header through these functions, checks DecodeLimits and only then asks for pixels;
// image_encode.cc validates its matrix and calls the encoders. Every function is reentrant
// (one library handle per call), never throws on bad input and never writes to stderr:
// damage a library reports, warnings included, comes back as kParseError naming it.
#ifndef TRICHOLOG_IMAGING_IMAGE_CODECS_H_
#define TRICHOLOG_IMAGING_IMAGE_CODECS_H_

#include <cstdint>
#include <memory>
#include <opencv2/core.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "imaging/image_decode.h"

namespace tricholog::imaging::codec {

// What a decoder reads from a header before any pixel buffer exists.
struct ImageHeader {
  int width = 0;             // as stored (before EXIF orientation)
  int height = 0;            // as stored
  int top_level_images = 1;  // HEIF: images in the container; 1 for the other formats
};

// ---- JPEG (libjpeg-turbo, TurboJPEG API) ----

// The frame size from the JPEG header (tjDecompressHeader3; no pixel buffer).
Result<ImageHeader> ReadJpegHeader(std::span<const std::uint8_t> bytes);
// BGR pixels at ceil(size / scale_denominator) (DCT scaling, 1/2/4/8). A libjpeg warning
// (corrupt or truncated data) is an error; kUnsupported for colour spaces without an RGB
// conversion (CMYK / YCCK).
Result<cv::Mat> DecodeJpegPixels(std::span<const std::uint8_t> bytes, int scale_denominator);
// Baseline JPEG, 4:2:0 for BGR and grey-only for CV_8UC1 input, no metadata.
Result<std::vector<std::uint8_t>> EncodeJpegBytes(const cv::Mat& image, int quality);

// ---- PNG (libspng) ----

// The IHDR size; the chunk walk checks that the stream reaches IEND.
Result<ImageHeader> ReadPngHeader(std::span<const std::uint8_t> bytes);
// BGR pixels at full size (alpha dropped, 16-bit reduced to 8, palette expanded). Text chunks
// (tEXt, zTXt, iTXt) are removed before libspng sees the stream; every other chunk's CRC is
// checked and a mismatch is an error.
Result<cv::Mat> DecodePngPixels(std::span<const std::uint8_t> bytes, const DecodeLimits& limits);
// 8-bit truecolour (BGR input) or greyscale (CV_8UC1 input) PNG with only IHDR, IDAT, IEND.
Result<std::vector<std::uint8_t>> EncodePngBytes(const cv::Mat& image);

// ---- WebP (libwebp) ----

// The canvas size (WebPGetFeatures). An animated WebP is refused here (kUnsupported):
// photos are stills, and a first frame alone could mislead.
Result<ImageHeader> ReadWebpHeader(std::span<const std::uint8_t> bytes);
// BGR pixels at full size (alpha dropped).
Result<cv::Mat> DecodeWebpPixels(std::span<const std::uint8_t> bytes);

// ---- HEIC / HEIF (libheif) ----

// An opened HEIF container: libheif has parsed the boxes (no image data decoded) with its
// image-size security limit set from DecodeLimits.
class HeifFile {
 public:
  ~HeifFile();
  HeifFile(const HeifFile&) = delete;
  HeifFile& operator=(const HeifFile&) = delete;
  HeifFile(HeifFile&&) noexcept;
  HeifFile& operator=(HeifFile&&) noexcept;

  // Parses `bytes`, which must outlive the HeifFile. kTooLarge when libheif's size limit is
  // exceeded, kParseError for a malformed or truncated container or no primary image.
  static Result<HeifFile> Open(std::span<const std::uint8_t> bytes, const DecodeLimits& limits);
  // The primary image's size (ispe, before irot) and the number of top-level images.
  ImageHeader Header() const;
  // Upright BGR pixels of the primary image (libheif applies irot/imir/clap).
  Result<cv::Mat> DecodePixels() const;
  // EXIF DateTimeOriginal of the primary image, as "YYYY-MM-DDTHH:MM:SS".
  std::optional<std::string> CaptureTime() const;

 private:
  struct State;
  explicit HeifFile(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace tricholog::imaging::codec

#endif  // TRICHOLOG_IMAGING_IMAGE_CODECS_H_
