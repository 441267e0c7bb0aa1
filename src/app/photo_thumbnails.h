// Thumbnails of stored photos for the pages (the timeline grid, the session page, the wizard's
// preview): made once per photo and width, kept beside the photo in the blob store
// (BlobStore::PutDerived, "w<width>.jpg"), and read from there afterwards. The original photo
// is never re-encoded.
#ifndef TRICHOLOG_APP_PHOTO_THUMBNAILS_H_
#define TRICHOLOG_APP_PHOTO_THUMBNAILS_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/blob_store.h"

namespace tricholog::app {

inline constexpr int kMinThumbnailWidth = 64;
inline constexpr int kMaxThumbnailWidth = 1600;

// A JPEG `width` px wide of the image `bytes` (no wider than the image itself), decoded at the
// largest JPEG scale-down that keeps it at least that wide. kInvalidArgument naming "w" for a
// width outside kMinThumbnailWidth..kMaxThumbnailWidth; decode errors as imaging/image_decode.h.
Result<std::vector<std::uint8_t>> MakeThumbnail(std::span<const std::uint8_t> bytes, int width);

// The thumbnail of the stored photo `sha256`, from the blob store's derived files when made
// before, else made now and kept (a failure to keep it is not an error: the thumbnail is
// returned). kNotFound when the photo is not stored.
Result<std::vector<std::uint8_t>> PhotoThumbnail(store::BlobStore& blobs, const std::string& sha256,
                                                 int width);

// The print-resolution copy of a photo for the physician report: a JPEG at most kPrintLongSide
// px on its long side (the photo's own size when smaller), oriented, quality kPrintQuality. Made
// once when the photo is stored (IntakePhoto) and kept beside it (derived "print.jpg"), so a
// report of full 12-MP phone photos embeds these bytes as they are and stays small.
inline constexpr int kPrintLongSide = 1600;
inline constexpr int kPrintQuality = 80;
Result<std::vector<std::uint8_t>> MakePrintCopy(std::span<const std::uint8_t> bytes);

// The kept print copy of the stored photo `sha256`, made now and kept when it is missing (a
// photo imported or restored from a backup). kNotFound when the photo is not stored.
Result<std::vector<std::uint8_t>> PhotoPrintCopy(store::BlobStore& blobs,
                                                 const std::string& sha256);

}  // namespace tricholog::app

#endif  // TRICHOLOG_APP_PHOTO_THUMBNAILS_H_
