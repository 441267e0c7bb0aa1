// The OpenCV modules that few analyses use, behind an on-demand module (tricholog_vision.so):
// dnn (with protobuf) for the learned nets, objdetect for the face prior of the hair mask,
// photo for inpainting trichoscopy markings, video for ECC registration in comparisons.
//
// Linked into `tricholog`, these four modules (and calib3d, features2d, flann and protobuf,
// which they pull in) were mapped, relocated and initialised on every start, for `--version`
// as for `score`. Loaded with dlopen on first use (io::LoadModule), they cost only the runs that
// use them. The calls keep OpenCV's own behaviour, exceptions included (cv::Exception is
// defined in opencv_core, which both sides share).
#ifndef TRICHOLOG_IMAGING_VISION_H_
#define TRICHOLOG_IMAGING_VISION_H_

#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "core/error.h"

namespace tricholog::imaging {

// An ONNX network read with OpenCV dnn for the CPU. Not thread-safe: callers hold a lock.
class OnnxNet {
 public:
  virtual ~OnnxNet() = default;
  // One forward pass of `input` (a CV_32F blob), as cv::dnn::Net::setInput + forward; the
  // result may share memory with the net (clone it to keep it). Throws cv::Exception.
  virtual cv::Mat Forward(const cv::Mat& input) = 0;
};

// A Haar cascade (cv::CascadeClassifier). Not thread-safe: one per thread.
class FaceCascade {
 public:
  virtual ~FaceCascade() = default;
  // cv::CascadeClassifier::detectMultiScale on a CV_8U image, flags 0.
  virtual std::vector<cv::Rect> Detect(const cv::Mat& gray, double scale_factor, int min_neighbours,
                                       cv::Size min_size) = 0;
};

// The module's functions. Each keeps the OpenCV function's contract.
struct VisionFunctions {
  // Reads an ONNX model (OpenCV backend, CPU). kNotFound when the file is missing,
  // kInvalidArgument naming the file when OpenCV cannot read it or it is empty.
  Result<std::unique_ptr<OnnxNet>> (*read_onnx)(const std::string& path) = nullptr;
  // Loads a cascade file; nullptr when it does not load.
  std::unique_ptr<FaceCascade> (*load_cascade)(const std::string& path) = nullptr;
  // cv::inpaint with INPAINT_TELEA.
  void (*inpaint_telea)(const cv::Mat& src, const cv::Mat& mask, cv::Mat& dst,
                        double radius) = nullptr;
  // cv::findTransformECC with MOTION_AFFINE and a COUNT|EPS criterion; returns the correlation.
  double (*find_transform_ecc_affine)(const cv::Mat& templ, const cv::Mat& input, cv::Mat& warp,
                                      int iterations, double eps, const cv::Mat& mask,
                                      int gauss_size) = nullptr;
  // cv::computeECC.
  double (*compute_ecc)(const cv::Mat& templ, const cv::Mat& input, const cv::Mat& mask) = nullptr;
};

// Loads tricholog_vision.so on first use (thread-safe; never unloaded). Errors as
// io::LoadModule, field "vision".
Result<const VisionFunctions*> Vision();

inline constexpr const char* kVisionModuleFile = "tricholog_vision.so";
// Bumped whenever the classes or the function table above change shape.
inline constexpr const char* kVisionModuleAbi = "tricholog-vision-module/1";

}  // namespace tricholog::imaging

extern "C" {
// The module's ABI string (io::ModuleAbi(kVisionModuleAbi) of the build that made it).
const char* tricholog_vision_module_abi(void);
// The function table, filled in by the module.
const tricholog::imaging::VisionFunctions* tricholog_vision_functions(void);
}

#endif  // TRICHOLOG_IMAGING_VISION_H_
