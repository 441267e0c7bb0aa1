// HEIC / HEIF through libheif: container, primary image, EXIF capture time. See
// image_codecs.h.
#include <dlfcn.h>
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

// libheif (and the HEVC / AV1 codecs it links: x265, libde265, dav1d, libaom) is loaded on
// the first HEIC photo, not at start-up: five shared libraries, about 12 % of the start-up of
// `tricholog` (measured with bare programs linked with and without them). The soname is the
// one Debian's libheif1 (1.15) ships; without it HEIC is refused as unsupported.
constexpr const char* kLibheifSoname = "libheif.so.1";

struct HeifApi {
  decltype(&::heif_context_alloc) context_alloc = nullptr;
  decltype(&::heif_context_free) context_free = nullptr;
  decltype(&::heif_context_get_number_of_top_level_images) context_get_number_of_top_level_images =
      nullptr;
  decltype(&::heif_context_get_primary_image_handle) context_get_primary_image_handle = nullptr;
  decltype(&::heif_context_read_from_memory_without_copy) context_read_from_memory_without_copy =
      nullptr;
  decltype(&::heif_context_set_maximum_image_size_limit) context_set_maximum_image_size_limit =
      nullptr;
  decltype(&::heif_decode_image) decode_image = nullptr;
  decltype(&::heif_image_get_height) image_get_height = nullptr;
  decltype(&::heif_image_get_plane_readonly) image_get_plane_readonly = nullptr;
  decltype(&::heif_image_get_width) image_get_width = nullptr;
  decltype(&::heif_image_handle_get_height) image_handle_get_height = nullptr;
  decltype(&::heif_image_handle_get_list_of_metadata_block_IDs)
      image_handle_get_list_of_metadata_block_IDs = nullptr;
  decltype(&::heif_image_handle_get_metadata) image_handle_get_metadata = nullptr;
  decltype(&::heif_image_handle_get_metadata_size) image_handle_get_metadata_size = nullptr;
  decltype(&::heif_image_handle_get_width) image_handle_get_width = nullptr;
  decltype(&::heif_image_handle_release) image_handle_release = nullptr;
  decltype(&::heif_image_release) image_release = nullptr;
};

template <typename Function>
bool Bind(void* library, const char* name, Function& function) {
  function = reinterpret_cast<Function>(dlsym(library, name));
  return function != nullptr;
}

// The loaded API, or nullptr when libheif is missing or lacks a function. Thread-safe.
const HeifApi* Heif() {
  static const HeifApi* const api = []() -> const HeifApi* {
    void* library = dlopen(kLibheifSoname, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) return nullptr;
    auto* loaded = new HeifApi;  // lives as long as the process, like the library
    bool ok = true;
    ok = Bind(library, "heif_context_alloc", loaded->context_alloc) && ok;
    ok = Bind(library, "heif_context_free", loaded->context_free) && ok;
    ok = Bind(library, "heif_context_get_number_of_top_level_images",
              loaded->context_get_number_of_top_level_images) &&
         ok;
    ok = Bind(library, "heif_context_get_primary_image_handle",
              loaded->context_get_primary_image_handle) &&
         ok;
    ok = Bind(library, "heif_context_read_from_memory_without_copy",
              loaded->context_read_from_memory_without_copy) &&
         ok;
    ok = Bind(library, "heif_context_set_maximum_image_size_limit",
              loaded->context_set_maximum_image_size_limit) &&
         ok;
    ok = Bind(library, "heif_decode_image", loaded->decode_image) && ok;
    ok = Bind(library, "heif_image_get_height", loaded->image_get_height) && ok;
    ok = Bind(library, "heif_image_get_plane_readonly", loaded->image_get_plane_readonly) && ok;
    ok = Bind(library, "heif_image_get_width", loaded->image_get_width) && ok;
    ok = Bind(library, "heif_image_handle_get_height", loaded->image_handle_get_height) && ok;
    ok = Bind(library, "heif_image_handle_get_list_of_metadata_block_IDs",
              loaded->image_handle_get_list_of_metadata_block_IDs) &&
         ok;
    ok = Bind(library, "heif_image_handle_get_metadata", loaded->image_handle_get_metadata) && ok;
    ok = Bind(library, "heif_image_handle_get_metadata_size",
              loaded->image_handle_get_metadata_size) &&
         ok;
    ok = Bind(library, "heif_image_handle_get_width", loaded->image_handle_get_width) && ok;
    ok = Bind(library, "heif_image_handle_release", loaded->image_handle_release) && ok;
    ok = Bind(library, "heif_image_release", loaded->image_release) && ok;
    return ok ? loaded : nullptr;
  }();
  return api;
}

struct HeifContextDeleter {
  void operator()(heif_context* context) const { Heif()->context_free(context); }
};
struct HeifHandleDeleter {
  void operator()(heif_image_handle* handle) const { Heif()->image_handle_release(handle); }
};
struct HeifImageDeleter {
  void operator()(heif_image* image) const { Heif()->image_release(image); }
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
  if (Heif() == nullptr) {
    return MakeError(ErrorCode::kUnsupported,
                     std::string("HEIC photos cannot be read here: ") + kLibheifSoname +
                         " (libheif1) is not installed",
                     "image");
  }
  auto state = std::make_unique<State>();
  state->context.reset(Heif()->context_alloc());
  if (!state->context)
    return MakeError(ErrorCode::kInternal, "libheif could not allocate a context", "image");
  // libheif's own security limit: images (and grid tiles) wider or taller than this are
  // refused while the boxes are parsed.
  Heif()->context_set_maximum_image_size_limit(state->context.get(),
                                               std::max(limits.max_width, limits.max_height));
  heif_error error = Heif()->context_read_from_memory_without_copy(
      state->context.get(), bytes.data(), bytes.size(), nullptr);
  if (error.code != heif_error_Ok) return HeifFailure("HEIF container is invalid", error);
  state->top_level_images = Heif()->context_get_number_of_top_level_images(state->context.get());
  heif_image_handle* handle = nullptr;
  error = Heif()->context_get_primary_image_handle(state->context.get(), &handle);
  if (error.code != heif_error_Ok) return HeifFailure("HEIF has no primary image", error);
  state->primary.reset(handle);
  return HeifFile(std::move(state));
}

ImageHeader HeifFile::Header() const {
  return ImageHeader{Heif()->image_handle_get_width(state_->primary.get()),
                     Heif()->image_handle_get_height(state_->primary.get()),
                     state_->top_level_images};
}

Result<cv::Mat> HeifFile::DecodePixels() const {
  heif_image* raw = nullptr;
  // Default decoding options apply the irot/imir/clap transformations (the HEIF way of
  // storing orientation), so the result is upright.
  heif_error error = Heif()->decode_image(state_->primary.get(), &raw, heif_colorspace_RGB,
                                          heif_chroma_interleaved_RGB, nullptr);
  if (error.code != heif_error_Ok) return HeifFailure("HEIF image is damaged", error);
  std::unique_ptr<heif_image, HeifImageDeleter> image(raw);
  const int width = Heif()->image_get_width(raw, heif_channel_interleaved);
  const int height = Heif()->image_get_height(raw, heif_channel_interleaved);
  int stride = 0;
  const std::uint8_t* plane =
      Heif()->image_get_plane_readonly(raw, heif_channel_interleaved, &stride);
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
  if (Heif()->image_handle_get_list_of_metadata_block_IDs(handle, "Exif", &id, 1) != 1)
    return std::nullopt;
  const std::size_t size = Heif()->image_handle_get_metadata_size(handle, id);
  if (size < 8 || size > (16u << 20)) return std::nullopt;
  std::vector<std::uint8_t> block(size);
  if (Heif()->image_handle_get_metadata(handle, id, block.data()).code != heif_error_Ok)
    return std::nullopt;
  // ISO/IEC 23008-12 Annex A: a 4-byte offset to the TIFF header precedes the EXIF payload.
  const std::size_t skip = 4 + std::size_t{Be32(block.data())};
  if (skip >= size) return std::nullopt;
  std::vector<std::uint8_t> exif = {'E', 'x', 'i', 'f', 0, 0};
  exif.insert(exif.end(), block.begin() + static_cast<std::ptrdiff_t>(skip), block.end());
  return container::ReadExifFields(exif).capture_time;
}

}  // namespace tricholog::imaging::codec
