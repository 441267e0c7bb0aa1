// Image output: masks, overlays, stripped photos and demo photos as JPEG or PNG bytes.
// Callers write the bytes themselves (the CLI through its atomic output writer), so that no
// encoder ever opens a path. Failures come back as an Error (kInvalidArgument for an empty or
// wrongly typed matrix, kInternal when the encoder fails); nothing throws.
#ifndef TRICHOLOG_IMAGING_IMAGE_ENCODE_H_
#define TRICHOLOG_IMAGING_IMAGE_ENCODE_H_

#include <cstdint>
#include <opencv2/core.hpp>
#include <vector>

#include "core/error.h"

namespace tricholog::imaging {

// Baseline JPEG (libjpeg-turbo's TurboJPEG API) of an 8-bit BGR (CV_8UC3) or grey (CV_8UC1)
// image; `quality` 1-100; 4:2:0 chroma subsampling for colour. No EXIF or other metadata is
// written.
Result<std::vector<std::uint8_t>> EncodeJpeg(const cv::Mat& image, int quality);

// Lossless 8-bit PNG (libspng) of a BGR (CV_8UC3) or grey (CV_8UC1) image: IHDR, IDAT and
// IEND only, no text or other metadata chunks.
Result<std::vector<std::uint8_t>> EncodePng(const cv::Mat& image);

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_IMAGE_ENCODE_H_
