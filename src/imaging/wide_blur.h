// A Gaussian blur for wide kernels, computed at half resolution (issue #4, speed). The scalp
// analysis pools texture over 4-10 px; at that width a full-resolution float blur is one of
// the largest costs of a view, while a copy at half resolution holds the same low frequencies.
#ifndef TRICHOLOG_IMAGING_WIDE_BLUR_H_
#define TRICHOLOG_IMAGING_WIDE_BLUR_H_

#include <opencv2/core.hpp>

namespace tricholog::imaging {

// Narrower kernels than this (sigma in pixels) are blurred at full resolution.
inline constexpr double kWideBlurMinSigma = 3.0;

// `dst` = `src` (CV_32F, 1 or 3 channels) blurred by a Gaussian of `sigma` px (reflected
// border, as cv::GaussianBlur's default). From kWideBlurMinSigma up, `src` is averaged over
// 2x2 blocks (a box of variance 1/4 px^2 along each axis), blurred there by the rest of the
// kernel, sqrt(sigma^2 - 1/4) / 2 half-resolution pixels, and returned by bilinear
// interpolation on the same grid. Below it, cv::GaussianBlur.
void WideGaussianBlur(const cv::Mat& src, cv::Mat& dst, double sigma);

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_WIDE_BLUR_H_
