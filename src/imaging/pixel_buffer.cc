#include "imaging/pixel_buffer.h"

#include <sys/mman.h>

#include <new>

namespace tricholog::imaging {
namespace {

constexpr std::size_t kLargeBuffer = 4u << 20;
// UMatData::userdata of a mapped buffer points here.
int mapped_tag = 0;

// OpenCV's StdMatAllocator (modules/core/src/matrix.cpp), with the buffer itself mapped.
class LargePageAllocator : public cv::MatAllocator {
 public:
  cv::UMatData* allocate(int dims, const int* sizes, int type, void* data0, size_t* step,
                         cv::AccessFlag, cv::UMatUsageFlags) const override {
    std::size_t total = CV_ELEM_SIZE(type);
    for (int i = dims - 1; i >= 0; --i) {
      if (step) {
        if (data0 && step[i] != cv::Mat::AUTO_STEP) {
          CV_Assert(total <= step[i]);
          total = step[i];
        } else {
          step[i] = total;
        }
      }
      total *= static_cast<std::size_t>(sizes[i]);
    }
    auto* data = static_cast<uchar*>(data0);
    bool mapped = false;
    if (data == nullptr && total >= kLargeBuffer) {
      void* memory =
          mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (memory == MAP_FAILED) throw std::bad_alloc();
      madvise(memory, total, MADV_HUGEPAGE);  // advice only: ignored where THP is off
      data = static_cast<uchar*>(memory);
      mapped = true;
    } else if (data == nullptr) {
      data = static_cast<uchar*>(cv::fastMalloc(total));
    }
    auto* u = new cv::UMatData(this);
    u->data = u->origdata = data;
    u->size = total;
    if (data0) u->flags |= cv::UMatData::USER_ALLOCATED;
    if (mapped) u->userdata = &mapped_tag;  // unmapped, not freed, in deallocate
    return u;
  }

  bool allocate(cv::UMatData* u, cv::AccessFlag, cv::UMatUsageFlags) const override {
    return u != nullptr;
  }

  void deallocate(cv::UMatData* u) const override {
    if (u == nullptr) return;
    CV_Assert(u->urefcount == 0);
    CV_Assert(u->refcount == 0);
    if (!(u->flags & cv::UMatData::USER_ALLOCATED)) {
      if (u->userdata == &mapped_tag) {
        munmap(u->origdata, u->size);
      } else {
        cv::fastFree(u->origdata);
      }
      u->origdata = nullptr;
    }
    delete u;
  }
};

}  // namespace

cv::MatAllocator* LargePixelBufferAllocator() {
  static auto* allocator = new LargePageAllocator();  // never destroyed (see header)
  return allocator;
}

cv::Mat NewPixelBuffer(int rows, int cols, int type) {
  cv::Mat mat;
  mat.allocator = LargePixelBufferAllocator();
  mat.create(rows, cols, type);
  return mat;
}

}  // namespace tricholog::imaging
