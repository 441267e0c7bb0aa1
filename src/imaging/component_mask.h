// Masks built from connected-component labels: the one loop that the imaging steps use to keep
// or drop whole components (specks, small loss patches, glare blobs, unseeded colour regions,
// measuring marks).
#ifndef TRICHOLOG_IMAGING_COMPONENT_MASK_H_
#define TRICHOLOG_IMAGING_COMPONENT_MASK_H_

#include <cstdint>
#include <opencv2/core.hpp>
#include <vector>

namespace tricholog::imaging {

// CV_8UC1 of `labels`' size (CV_32S, as cv::connectedComponents gives), 255 where
// keep[label] is non-zero and 0 elsewhere. `keep` holds one entry per label.
cv::Mat SelectComponents(const cv::Mat& labels, const std::vector<std::uint8_t>& keep);

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_COMPONENT_MASK_H_
