#include "imaging/model_files.h"

#include <cstdlib>
#include <system_error>

namespace tricholog::imaging {

std::filesystem::path ModelPath(const char* env_var, const char* file_name) {
  const std::filesystem::path relative = std::filesystem::path("models") / file_name;
  if (const char* model = std::getenv(env_var); model != nullptr && *model != '\0') {
    return model;
  }
  if (const char* env = std::getenv("TRICHOLOG_DATA_DIR"); env != nullptr && *env != '\0') {
    return std::filesystem::path(env) / relative;
  }
#ifdef TRICHOLOG_SOURCE_DATA_DIR
  if (std::filesystem::is_directory(TRICHOLOG_SOURCE_DATA_DIR)) {
    return std::filesystem::path(TRICHOLOG_SOURCE_DATA_DIR) / relative;
  }
#endif
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) return self.parent_path().parent_path() / "share" / "tricholog" / relative;
  return std::filesystem::path("data") / relative;
}

Result<cv::dnn::Net> ReadOnnxNet(const std::filesystem::path& onnx) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(onnx, ec)) {
    return MakeError(ErrorCode::kNotFound, "no model file " + onnx.string(), "model");
  }
  cv::dnn::Net net;
  try {
    net = cv::dnn::readNetFromONNX(onnx.string());
  } catch (const cv::Exception& e) {
    return InvalidArgument("model", onnx.string() + " does not load: " + e.what());
  }
  if (net.empty()) return InvalidArgument("model", onnx.string() + " is empty");
  net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
  return net;
}

}  // namespace tricholog::imaging
