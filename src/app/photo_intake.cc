#include "app/photo_intake.h"

#include <algorithm>
#include <array>

#include "app/photo_thumbnails.h"
#include "imaging/metadata_strip.h"

namespace tricholog::app {
namespace {

constexpr std::array<const char*, 5> kProtocolViews = {"top", "back", "left", "right", "front"};
constexpr std::string_view kTrichoscopyPrefix = "trichoscopy_";

// Decoder errors name the "image"; at intake the uploaded "photo" is what the user can fix.
Error WithField(Error error, const std::string& field) {
  error.field = field;
  return error;
}

}  // namespace

bool IsValidPhotoView(const std::string& view) {
  if (std::find(kProtocolViews.begin(), kProtocolViews.end(), view) != kProtocolViews.end()) {
    return true;
  }
  if (!view.starts_with(kTrichoscopyPrefix) || view.size() == kTrichoscopyPrefix.size()) {
    return false;
  }
  return std::all_of(view.begin() + kTrichoscopyPrefix.size(), view.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

std::string ViewLabel(const std::string& view) {
  if (view == "top") return "Top";
  if (view == "front") return "Front";
  if (view == "back") return "Back";
  if (view == "left") return "Left side";
  if (view == "right") return "Right side";
  return view;
}

Result<IntakenPhoto> IntakePhoto(store::BlobStore& blobs, const std::string& view,
                                 std::span<const std::uint8_t> bytes,
                                 const imaging::DecodeLimits& limits) {
  if (!IsValidPhotoView(view)) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        "unknown view '" + view + "'; expected top, back, left, right, front or trichoscopy_<zone>",
        "view");
  }
  // A full decode check: every pixel must decode, not only the header. JPEG is decoded at
  // 1/8 scale (libjpeg still reads every coefficient), which keeps intake cheap.
  auto decoded = imaging::DecodeImage(bytes, limits, /*scale_denominator=*/8);
  if (!decoded) return tl::unexpected(WithField(decoded.error(), "photo"));

  auto stripped = imaging::StripLocationMetadata(bytes, limits);
  if (!stripped) return tl::unexpected(WithField(stripped.error(), "photo"));

  auto sha = blobs.Put(*stripped);
  if (!sha) return tl::unexpected(sha.error());
  // The print-resolution copy for the physician report, made once now (app/photo_thumbnails.h).
  // Not fatal: PhotoPrintCopy makes it later when it is missing.
  if (auto print = MakePrintCopy(*stripped)) (void)blobs.PutDerived(*sha, "print.jpg", *print);

  IntakenPhoto out;
  out.photo.view = view;
  out.photo.sha256 = *sha;
  out.photo.width_px = decoded->full_width;
  out.photo.height_px = decoded->full_height;
  out.stored_format = imaging::SniffImageFormat(*stripped);
  out.capture_time = decoded->capture_time;
  out.bytes_received = bytes.size();
  out.bytes_stored = stripped->size();
  return out;
}

}  // namespace tricholog::app
