// Pixel buffers for decoded photos. A 12-MP BGR photo is 36 MB; touching that much freshly
// mapped memory one 4 KiB page at a time costs more than decoding it on a virtual machine
// (300 ms against 80 ms for the decode, measured here), so large buffers are mapped with
// transparent huge pages requested (madvise MADV_HUGEPAGE: 18 faults instead of 9,000).
#ifndef TRICHOLOG_IMAGING_PIXEL_BUFFER_H_
#define TRICHOLOG_IMAGING_PIXEL_BUFFER_H_

#include <opencv2/core.hpp>

namespace tricholog::imaging {

// An OpenCV allocator: buffers of 4 MiB and more are anonymous mappings advised to use huge
// pages; smaller ones come from OpenCV's own allocator. Thread-safe; lives for the whole
// process (never destroyed, as matrices may outlive any scope).
cv::MatAllocator* LargePixelBufferAllocator();

// An uninitialised rows x cols matrix of `type` whose buffer comes from
// LargePixelBufferAllocator(). Throws cv::Exception / std::bad_alloc like cv::Mat::create.
cv::Mat NewPixelBuffer(int rows, int cols, int type);

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_PIXEL_BUFFER_H_
