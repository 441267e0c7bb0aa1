// tricholog_vision.so: the OpenCV dnn, objdetect, photo and video calls of imaging/vision.h.
// Only the two entry points are exported.
#include <opencv2/dnn.hpp>
#include <opencv2/objdetect.hpp>
#include <opencv2/photo.hpp>
#include <opencv2/video/tracking.hpp>
#include <system_error>

#include "imaging/vision.h"
#include "io/module_loader.h"

namespace tricholog::imaging {
namespace {

class DnnNet final : public OnnxNet {
 public:
  explicit DnnNet(cv::dnn::Net net) : net_(std::move(net)) {}
  cv::Mat Forward(const cv::Mat& input) override {
    net_.setInput(input);
    return net_.forward();
  }

 private:
  cv::dnn::Net net_;
};

class HaarCascade final : public FaceCascade {
 public:
  explicit HaarCascade(cv::CascadeClassifier classifier) : classifier_(std::move(classifier)) {}
  std::vector<cv::Rect> Detect(const cv::Mat& gray, double scale_factor, int min_neighbours,
                               cv::Size min_size) override {
    std::vector<cv::Rect> found;
    classifier_.detectMultiScale(gray, found, scale_factor, min_neighbours, 0, min_size);
    return found;
  }

 private:
  cv::CascadeClassifier classifier_;
};

Result<std::unique_ptr<OnnxNet>> ReadOnnx(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return MakeError(ErrorCode::kNotFound, "no model file " + path, "model");
  }
  cv::dnn::Net net;
  try {
    net = cv::dnn::readNetFromONNX(path);
  } catch (const cv::Exception& e) {
    return InvalidArgument("model", path + " does not load: " + e.what());
  }
  if (net.empty()) return InvalidArgument("model", path + " is empty");
  net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
  return std::make_unique<DnnNet>(std::move(net));
}

std::unique_ptr<FaceCascade> LoadCascade(const std::string& path) {
  cv::CascadeClassifier classifier;
  try {
    if (!classifier.load(path) || classifier.empty()) return nullptr;
  } catch (const cv::Exception&) {
    return nullptr;
  }
  return std::make_unique<HaarCascade>(std::move(classifier));
}

void InpaintTelea(const cv::Mat& src, const cv::Mat& mask, cv::Mat& dst, double radius) {
  cv::inpaint(src, mask, dst, radius, cv::INPAINT_TELEA);
}

double FindTransformEccAffine(const cv::Mat& templ, const cv::Mat& input, cv::Mat& warp,
                              int iterations, double eps, const cv::Mat& mask, int gauss_size) {
  return cv::findTransformECC(
      templ, input, warp, cv::MOTION_AFFINE,
      cv::TermCriteria(cv::TermCriteria::COUNT | cv::TermCriteria::EPS, iterations, eps), mask,
      gauss_size);
}

double ComputeEcc(const cv::Mat& templ, const cv::Mat& input, const cv::Mat& mask) {
  return cv::computeECC(templ, input, mask);
}

}  // namespace
}  // namespace tricholog::imaging

extern "C" {

__attribute__((visibility("default"))) const char* tricholog_vision_module_abi(void) {
  static const std::string abi = tricholog::io::ModuleAbi(tricholog::imaging::kVisionModuleAbi);
  return abi.c_str();
}

__attribute__((visibility("default"))) const tricholog::imaging::VisionFunctions*
tricholog_vision_functions(void) {
  static const tricholog::imaging::VisionFunctions functions = [] {
    tricholog::imaging::VisionFunctions f;
    f.read_onnx = &tricholog::imaging::ReadOnnx;
    f.load_cascade = &tricholog::imaging::LoadCascade;
    f.inpaint_telea = &tricholog::imaging::InpaintTelea;
    f.find_transform_ecc_affine = &tricholog::imaging::FindTransformEccAffine;
    f.compute_ecc = &tricholog::imaging::ComputeEcc;
    return f;
  }();
  return &functions;
}

}  // extern "C"
