#include "imaging/component_mask.h"

#include <cstddef>

namespace tricholog::imaging {

cv::Mat SelectComponents(const cv::Mat& labels, const std::vector<std::uint8_t>& keep) {
  CV_Assert(labels.type() == CV_32S);
  cv::Mat out(labels.size(), CV_8UC1);
  for (int y = 0; y < labels.rows; ++y) {
    const int* label = labels.ptr<int>(y);
    std::uint8_t* o = out.ptr<std::uint8_t>(y);
    for (int x = 0; x < labels.cols; ++x) {
      o[x] = keep[static_cast<std::size_t>(label[x])] ? 255 : 0;
    }
  }
  return out;
}

}  // namespace tricholog::imaging
