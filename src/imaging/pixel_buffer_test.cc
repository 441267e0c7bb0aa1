#include "imaging/pixel_buffer.h"

#include <gtest/gtest.h>

#include "imaging/image_decode.h"
#include "imaging/image_encode.h"
#include "imaging/image_test_util.h"

namespace tricholog::imaging {
namespace {

TEST(PixelBuffer, LargeAndSmallBuffersBehaveAsOrdinaryMatrices) {
  for (const cv::Size size : {cv::Size(4032, 3024), cv::Size(17, 9)}) {
    cv::Mat mat = NewPixelBuffer(size.height, size.width, CV_8UC3);
    ASSERT_EQ(mat.size(), size);
    EXPECT_TRUE(mat.isContinuous());
    mat.setTo(cv::Scalar(1, 2, 3));
    mat.at<cv::Vec3b>(size.height - 1, size.width - 1) = cv::Vec3b(9, 9, 9);
    const cv::Mat copy = mat.clone();  // default allocator
    cv::Mat shared = mat;              // same buffer, shared ownership
    mat.release();
    EXPECT_EQ(shared.at<cv::Vec3b>(size.height - 1, size.width - 1), cv::Vec3b(9, 9, 9));
    EXPECT_EQ(cv::norm(shared, copy, cv::NORM_INF), 0);
    EXPECT_EQ(cv::sum(shared)[2], 3.0 * size.area() + 6);
  }
}

TEST(PixelBuffer, DecodedPhotosUseIt) {
  auto jpeg = EncodeJpeg(testing::MakePattern(1500, 1000), 90);
  ASSERT_TRUE(jpeg);
  auto decoded = DecodeImage(*jpeg);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->bgr.allocator, LargePixelBufferAllocator());
}

}  // namespace
}  // namespace tricholog::imaging
