// Test helpers (header-only, used only by *_test.cc and the fuzz corpus builder): small
// encoded images in every supported format, EXIF blocks built with libexif (orientation,
// capture time, GPS), and the container surgery to put them into JPEG / PNG / WebP files.
#ifndef TRICHOLOG_IMAGING_IMAGE_TEST_UTIL_H_
#define TRICHOLOG_IMAGING_IMAGE_TEST_UTIL_H_

#include <libexif/exif-data.h>
#include <libheif/heif.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tricholog::imaging::testing {

// An asymmetric test pattern (so every flip/rotation is distinguishable): a red block in
// the top-left corner, a green bar along the bottom, a gradient elsewhere.
inline cv::Mat MakePattern(int width, int height) {
  cv::Mat image(height, width, CV_8UC3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      image.at<cv::Vec3b>(y, x) =
          cv::Vec3b(static_cast<std::uint8_t>(x * 255 / std::max(1, width - 1)), 128,
                    static_cast<std::uint8_t>(y * 255 / std::max(1, height - 1)));
    }
  }
  cv::rectangle(image, cv::Rect(0, 0, width / 4, height / 4), cv::Scalar(0, 0, 255), cv::FILLED);
  cv::rectangle(image, cv::Rect(0, height - height / 8, width, height / 8), cv::Scalar(0, 255, 0),
                cv::FILLED);
  return image;
}

inline std::vector<std::uint8_t> Encode(const cv::Mat& image, const std::string& extension,
                                        const std::vector<int>& params = {}) {
  std::vector<std::uint8_t> bytes;
  cv::imencode(extension, image, bytes, params);
  return bytes;
}

// A HEIC file (HEVC via libheif's x265 encoder) holding `images` top-level copies of `bgr`
// (the first is primary); empty when no HEVC encoder is available.
inline std::vector<std::uint8_t> EncodeHeic(const cv::Mat& bgr, int quality = 90, int images = 1) {
  std::vector<std::uint8_t> out;
  heif_context* context = heif_context_alloc();
  heif_encoder* encoder = nullptr;
  if (heif_context_get_encoder_for_format(context, heif_compression_HEVC, &encoder).code !=
      heif_error_Ok) {
    heif_context_free(context);
    return out;
  }
  heif_encoder_set_lossy_quality(encoder, quality);
  heif_image* image = nullptr;
  heif_image_create(bgr.cols, bgr.rows, heif_colorspace_RGB, heif_chroma_interleaved_RGB, &image);
  heif_image_add_plane(image, heif_channel_interleaved, bgr.cols, bgr.rows, 8);
  int stride = 0;
  std::uint8_t* plane = heif_image_get_plane(image, heif_channel_interleaved, &stride);
  cv::Mat rgb(bgr.rows, bgr.cols, CV_8UC3, plane, static_cast<std::size_t>(stride));
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  bool encoded = true;
  for (int i = 0; i < images && encoded; ++i) {
    encoded =
        heif_context_encode_image(context, image, encoder, nullptr, nullptr).code == heif_error_Ok;
  }
  if (encoded) {
    heif_writer writer{1, [](heif_context*, const void* data, std::size_t size, void* user) {
                         auto* sink = static_cast<std::vector<std::uint8_t>*>(user);
                         const auto* p = static_cast<const std::uint8_t*>(data);
                         sink->insert(sink->end(), p, p + size);
                         return heif_error{heif_error_Ok, heif_suberror_Unspecified, "ok"};
                       }};
    heif_context_write(context, &writer, &out);
  }
  heif_image_release(image);
  heif_encoder_release(encoder);
  heif_context_free(context);
  return out;
}

inline ExifEntry* AddExifEntry(ExifData* data, ExifIfd ifd, ExifTag tag, ExifFormat format,
                               unsigned long components) {
  ExifEntry* entry = exif_entry_new();
  entry->tag = tag;
  entry->format = format;
  entry->components = components;
  entry->size = static_cast<unsigned>(exif_format_get_size(format) * components);
  entry->data = static_cast<unsigned char*>(std::calloc(1, entry->size));
  exif_content_add_entry(data->ifd[ifd], entry);
  exif_entry_unref(entry);
  return entry;
}

// An EXIF block ("Exif\0\0" + TIFF, as stored in a JPEG APP1 segment) with the given
// orientation (0 = no tag), DateTimeOriginal ("YYYY:MM:DD HH:MM:SS") and GPS position.
inline std::vector<std::uint8_t> BuildExifBlock(int orientation,
                                                std::optional<std::string> date_time_original,
                                                bool with_gps) {
  ExifData* data = exif_data_new();
  exif_data_set_byte_order(data, EXIF_BYTE_ORDER_INTEL);
  exif_data_unset_option(data, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
  const ExifByteOrder order = EXIF_BYTE_ORDER_INTEL;
  if (orientation > 0) {
    ExifEntry* entry = AddExifEntry(data, EXIF_IFD_0, EXIF_TAG_ORIENTATION, EXIF_FORMAT_SHORT, 1);
    exif_set_short(entry->data, order, static_cast<ExifShort>(orientation));
  }
  if (date_time_original) {
    ExifEntry* entry =
        AddExifEntry(data, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, EXIF_FORMAT_ASCII, 20);
    std::memcpy(entry->data, date_time_original->c_str(),
                std::min<std::size_t>(19, date_time_original->size()));
  }
  if (with_gps) {
    ExifEntry* ref = AddExifEntry(
        data, EXIF_IFD_GPS, static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE_REF), EXIF_FORMAT_ASCII, 2);
    ref->data[0] = 'N';
    ExifEntry* latitude = AddExifEntry(
        data, EXIF_IFD_GPS, static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE), EXIF_FORMAT_RATIONAL, 3);
    const ExifRational parts[3] = {{48, 1}, {8, 1}, {30, 1}};
    for (int i = 0; i < 3; ++i) exif_set_rational(latitude->data + 8 * i, order, parts[i]);
  }
  unsigned char* raw = nullptr;
  unsigned int size = 0;
  exif_data_save_data(data, &raw, &size);
  std::vector<std::uint8_t> block(raw, raw + size);
  std::free(raw);
  exif_data_unref(data);
  return block;
}

// Inserts `exif_block` as an APP1 segment right after the JPEG's SOI marker.
inline std::vector<std::uint8_t> InsertJpegExif(const std::vector<std::uint8_t>& jpeg,
                                                const std::vector<std::uint8_t>& exif_block) {
  std::vector<std::uint8_t> out(jpeg.begin(), jpeg.begin() + 2);
  const std::size_t length = exif_block.size() + 2;
  out.insert(out.end(), {0xFF, 0xE1, static_cast<std::uint8_t>(length >> 8),
                         static_cast<std::uint8_t>(length)});
  out.insert(out.end(), exif_block.begin(), exif_block.end());
  out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
  return out;
}

inline std::uint32_t Crc32(const std::uint8_t* data, std::size_t size) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < size; ++i) {
    crc ^= data[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

// Inserts a PNG chunk of `type` right after IHDR (which ends at byte 33).
inline std::vector<std::uint8_t> InsertPngChunk(const std::vector<std::uint8_t>& png,
                                                const std::string& type,
                                                const std::vector<std::uint8_t>& data) {
  std::vector<std::uint8_t> chunk;
  const std::uint32_t length = static_cast<std::uint32_t>(data.size());
  for (int shift = 24; shift >= 0; shift -= 8)
    chunk.push_back(static_cast<std::uint8_t>(length >> shift));
  chunk.insert(chunk.end(), type.begin(), type.end());
  chunk.insert(chunk.end(), data.begin(), data.end());
  const std::uint32_t crc = Crc32(chunk.data() + 4, chunk.size() - 4);
  for (int shift = 24; shift >= 0; shift -= 8)
    chunk.push_back(static_cast<std::uint8_t>(crc >> shift));
  std::vector<std::uint8_t> out(png.begin(), png.begin() + 33);
  out.insert(out.end(), chunk.begin(), chunk.end());
  out.insert(out.end(), png.begin() + 33, png.end());
  return out;
}

inline void PutLe(std::vector<std::uint8_t>& out, std::uint32_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

// Turns a simple (VP8/VP8L) WebP into the extended format with extra chunks appended
// (e.g. {"EXIF", tiff}, {"XMP ", xml}); the VP8X flags announce EXIF/XMP.
inline std::vector<std::uint8_t> WebpWithChunks(
    const std::vector<std::uint8_t>& webp, int width, int height,
    const std::vector<std::pair<std::string, std::vector<std::uint8_t>>>& chunks) {
  std::vector<std::uint8_t> body = {'W', 'E', 'B', 'P', 'V', 'P', '8', 'X'};
  PutLe(body, 10, 4);
  std::uint8_t flags = 0;
  for (const auto& chunk : chunks) {
    if (chunk.first == "EXIF") flags |= 0x08;
    if (chunk.first == "XMP ") flags |= 0x04;
  }
  body.insert(body.end(), {flags, 0, 0, 0});
  PutLe(body, static_cast<std::uint32_t>(width - 1), 3);
  PutLe(body, static_cast<std::uint32_t>(height - 1), 3);
  body.insert(body.end(), webp.begin() + 12, webp.end());
  for (const auto& [fourcc, data] : chunks) {
    body.insert(body.end(), fourcc.begin(), fourcc.end());
    PutLe(body, static_cast<std::uint32_t>(data.size()), 4);
    body.insert(body.end(), data.begin(), data.end());
    if (data.size() % 2 == 1) body.push_back(0);
  }
  std::vector<std::uint8_t> out = {'R', 'I', 'F', 'F'};
  PutLe(out, static_cast<std::uint32_t>(body.size()), 4);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

}  // namespace tricholog::imaging::testing

#endif  // TRICHOLOG_IMAGING_IMAGE_TEST_UTIL_H_
