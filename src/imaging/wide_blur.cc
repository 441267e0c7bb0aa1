#include "imaging/wide_blur.h"

#include <cmath>
#include <opencv2/imgproc.hpp>

namespace tricholog::imaging {

void WideGaussianBlur(const cv::Mat& src, cv::Mat& dst, double sigma) {
  if (sigma < kWideBlurMinSigma || src.cols < 4 || src.rows < 4) {
    cv::GaussianBlur(src, dst, cv::Size(), sigma);
    return;
  }
  cv::Mat half;
  // INTER_AREA at half size averages 2x2 blocks (for an odd side, blocks of a little more
  // than 2 px); resize maps both ways on the same grid, so INTER_LINEAR puts every half
  // pixel back where its block was.
  cv::resize(src, half, cv::Size((src.cols + 1) / 2, (src.rows + 1) / 2), 0, 0, cv::INTER_AREA);
  cv::GaussianBlur(half, half, cv::Size(), std::sqrt(sigma * sigma - 0.25) / 2.0);
  cv::resize(half, dst, src.size(), 0, 0, cv::INTER_LINEAR);
}

}  // namespace tricholog::imaging
