// Agreement between two binary masks: the figures the imaging tests and `bench imaging` report.
#ifndef TRICHOLOG_IMAGING_MASK_METRICS_H_
#define TRICHOLOG_IMAGING_MASK_METRICS_H_

#include <opencv2/core.hpp>

namespace tricholog::imaging {

// Intersection over union (Jaccard index) of two single-channel masks of the same size, where
// any non-zero pixel is "in". Returns a value in [0, 1]; two empty masks agree perfectly (1.0).
// Masks of different sizes, or that are not single-channel 8-bit, are a programming error
// (asserted), not user input: callers resize or convert first.
double MaskIoU(const cv::Mat& a, const cv::Mat& b);

// Sørensen–Dice coefficient 2|A∩B| / (|A|+|B|) under the same conventions as MaskIoU.
double MaskDice(const cv::Mat& a, const cv::Mat& b);

// Fraction of the pixels of a single-channel 8-bit mask that are non-zero, in [0, 1]
// (0 for an empty Mat).
double MaskFraction(const cv::Mat& mask);

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_MASK_METRICS_H_
