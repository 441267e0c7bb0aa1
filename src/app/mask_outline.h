// Outlines of a stored mask (the loss mask of a photo's analysis) as polygons, for drawing over a
// photo where filled masks would hide the hair the physician wants to see (design/UI.md,
// "Photos"). Made once per mask and kept beside it in the blob store (derived "outline.txt"), so a
// report does not decode full-size masks again.
#ifndef TRICHOLOG_APP_MASK_OUTLINE_H_
#define TRICHOLOG_APP_MASK_OUTLINE_H_

#include <cstdint>
#include <opencv2/core.hpp>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "store/blob_store.h"

namespace tricholog::app {

// A closed polygon in the mask's coordinates scaled to 0..1 (x right, y down).
using OutlinePolygon = std::vector<std::pair<float, float>>;

// The outer outlines of the white regions of an 8-bit mask image (PNG), traced at most
// kOutlineLongSide px on the long side and simplified to within one traced pixel; regions
// smaller than kMinOutlineAreaFraction of the image are left out.
inline constexpr int kOutlineLongSide = 640;
inline constexpr double kMinOutlineAreaFraction = 0.0005;
Result<std::vector<OutlinePolygon>> TraceMaskOutline(std::span<const std::uint8_t> mask_png);
// The same from a mask already in memory (8-bit, white = inside; any size of the same aspect).
std::vector<OutlinePolygon> TraceMaskOutline(const cv::Mat& mask);

// The kept text form: one polygon per line, "x,y x,y ..." with four decimals.
std::string OutlineToText(const std::vector<OutlinePolygon>& polygons);
// Reads OutlineToText's form; kParseError naming the line otherwise.
Result<std::vector<OutlinePolygon>> OutlineFromText(std::string_view text);

// Keeps the outline of `mask` (the pixels of the stored mask `mask_sha256`, at any scale) beside
// it, so the report reads it without decoding the full-size PNG. Best effort: nothing on failure.
void KeepMaskOutline(store::BlobStore& blobs, const std::string& mask_sha256, const cv::Mat& mask);

// The outline of the stored mask `mask_sha256`, read from its kept copy or traced now and kept.
Result<std::vector<OutlinePolygon>> MaskOutline(store::BlobStore& blobs,
                                                const std::string& mask_sha256);

}  // namespace tricholog::app

#endif  // TRICHOLOG_APP_MASK_OUTLINE_H_
