// HEIC / HEIF through libheif: container, primary image, EXIF capture time. See
// image_codecs.h.
#include <libheif/heif.h>

#include <algorithm>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "imaging/image_codecs.h"
#include "imaging/image_container.h"
#include "imaging/pixel_buffer.h"

namespace tricholog::imaging::codec {
namespace {

struct HeifContextDeleter {
  void operator()(heif_context* context) const { heif_context_free(context); }
};
struct HeifHandleDeleter {
  void operator()(heif_image_handle* handle) const { heif_image_handle_release(handle); }
};
struct HeifImageDeleter {
  void operator()(heif_image* image) const { heif_image_release(image); }
};

std::uint32_t Be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}

tl::unexpected<Error> HeifFailure(const std::string& what, const heif_error& error) {
  const bool limit = error.subcode == heif_suberror_Security_limit_exceeded;
  return MakeError(limit ? ErrorCode::kTooLarge : ErrorCode::kParseError,
                   what + ": " + (error.message ? error.message : "unknown error"), "image");
}

}  // namespace

struct HeifFile::State {
  std::unique_ptr<heif_context, HeifContextDeleter> context;
  std::unique_ptr<heif_image_handle, HeifHandleDeleter> primary;
  int top_level_images = 0;
};

HeifFile::HeifFile(std::unique_ptr<State> state) : state_(std::move(state)) {}
HeifFile::~HeifFile() = default;
HeifFile::HeifFile(HeifFile&&) noexcept = default;
HeifFile& HeifFile::operator=(HeifFile&&) noexcept = default;

Result<HeifFile> HeifFile::Open(std::span<const std::uint8_t> bytes, const DecodeLimits& limits) {
  auto state = std::make_unique<State>();
  state->context.reset(heif_context_alloc());
  if (!state->context)
    return MakeError(ErrorCode::kInternal, "libheif could not allocate a context", "image");
  // libheif's own security limit: images (and grid tiles) wider or taller than this are
  // refused while the boxes are parsed.
  heif_context_set_maximum_image_size_limit(state->context.get(),
                                            std::max(limits.max_width, limits.max_height));
  heif_error error = heif_context_read_from_memory_without_copy(state->context.get(), bytes.data(),
                                                                bytes.size(), nullptr);
  if (error.code != heif_error_Ok) return HeifFailure("HEIF container is invalid", error);
  state->top_level_images = heif_context_get_number_of_top_level_images(state->context.get());
  heif_image_handle* handle = nullptr;
  error = heif_context_get_primary_image_handle(state->context.get(), &handle);
  if (error.code != heif_error_Ok) return HeifFailure("HEIF has no primary image", error);
  state->primary.reset(handle);
  return HeifFile(std::move(state));
}

ImageHeader HeifFile::Header() const {
  return ImageHeader{heif_image_handle_get_width(state_->primary.get()),
                     heif_image_handle_get_height(state_->primary.get()), state_->top_level_images};
}

Result<cv::Mat> HeifFile::DecodePixels() const {
  heif_image* raw = nullptr;
  // Default decoding options apply the irot/imir/clap transformations (the HEIF way of
  // storing orientation), so the result is upright.
  heif_error error = heif_decode_image(state_->primary.get(), &raw, heif_colorspace_RGB,
                                       heif_chroma_interleaved_RGB, nullptr);
  if (error.code != heif_error_Ok) return HeifFailure("HEIF image is damaged", error);
  std::unique_ptr<heif_image, HeifImageDeleter> image(raw);
  const int width = heif_image_get_width(raw, heif_channel_interleaved);
  const int height = heif_image_get_height(raw, heif_channel_interleaved);
  int stride = 0;
  const std::uint8_t* plane = heif_image_get_plane_readonly(raw, heif_channel_interleaved, &stride);
  if (plane == nullptr || width <= 0 || height <= 0) {
    return MakeError(ErrorCode::kParseError, "HEIF image has no RGB plane", "image");
  }
  const cv::Mat rgb(height, width, CV_8UC3, const_cast<std::uint8_t*>(plane),
                    static_cast<std::size_t>(stride));
  cv::Mat bgr = NewPixelBuffer(height, width, CV_8UC3);
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);  // copies out of libheif's buffer
  return bgr;
}

std::optional<std::string> HeifFile::CaptureTime() const {
  heif_image_handle* handle = state_->primary.get();
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

}  // namespace tricholog::imaging::codec
