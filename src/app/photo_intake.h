// Photo intake: the one path by which an uploaded photo reaches the blob store.
//
// Order matters for health data. The bytes are first decoded (within size and pixel limits,
// so a corrupt file or a decompression bomb is refused before anything is written), then
// stripped of location and personal metadata (imaging/metadata_strip.h), and only then put
// into the content-addressed blob store. The returned SessionPhoto goes into a TrackingSession;
// a blob that no session references is collected later (BlobStore::CollectGarbage).
#ifndef TRICHOLOG_APP_PHOTO_INTAKE_H_
#define TRICHOLOG_APP_PHOTO_INTAKE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "core/error.h"
#include "imaging/image_decode.h"
#include "store/blob_store.h"
#include "store/model.h"

namespace tricholog::app {

struct IntakenPhoto {
  store::SessionPhoto photo;                // view, sha256 of the stored bytes, oriented size
  std::string stored_format;                // "jpeg", "png", "webp" (HEIC is stored as JPEG)
  std::optional<std::string> capture_time;  // EXIF DateTimeOriginal, kept in the stored copy
  std::size_t bytes_received = 0;
  std::size_t bytes_stored = 0;
};

// True for the views a session photo may have: the five protocol views and
// "trichoscopy_<zone>" close-ups (zone: lower-case letters and underscores).
bool IsValidPhotoView(const std::string& view);

// "Top", "Front", "Back", "Left side", "Right side"; the view name when unknown.
std::string ViewLabel(const std::string& view);

// Validates, strips and stores one photo. Errors (nothing is written on any of them):
//   kInvalidArgument (field "view")  an unknown view
//   kTooLarge / kUnsupported / kParseError (field "photo")  as imaging::DecodeImage
//   kIo  the blob store cannot write
Result<IntakenPhoto> IntakePhoto(store::BlobStore& blobs, const std::string& view,
                                 std::span<const std::uint8_t> bytes,
                                 const imaging::DecodeLimits& limits = {});

}  // namespace tricholog::app

#endif  // TRICHOLOG_APP_PHOTO_INTAKE_H_
