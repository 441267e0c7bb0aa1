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

Result<std::unique_ptr<OnnxNet>> ReadOnnxNet(const std::filesystem::path& onnx) {
  auto vision = Vision();
  if (!vision) return tl::unexpected(vision.error());
  return (*vision)->read_onnx(onnx.string());
}

}  // namespace tricholog::imaging
