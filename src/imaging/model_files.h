// Where the imaging code finds its learned models (data/models/*.onnx), the way the CLI finds
// data/protocols.
#ifndef TRICHOLOG_IMAGING_MODEL_FILES_H_
#define TRICHOLOG_IMAGING_MODEL_FILES_H_

#include <filesystem>
#include <memory>

#include "core/error.h"
#include "imaging/vision.h"

namespace tricholog::imaging {

// The path of models/`file_name`: $`env_var` when set (the value "none" means "use no
// model"), else in $TRICHOLOG_DATA_DIR, else in the source tree's data/ the library was
// built from, else in ../share/tricholog beside the binary.
std::filesystem::path ModelPath(const char* env_var, const char* file_name);

// Reads an ONNX model for OpenCV dnn on the CPU (through tricholog_vision.so, vision.h).
// Errors: kNotFound when the file is missing, kInvalidArgument when OpenCV cannot read it, and
// those of Vision() when the module is missing.
Result<std::unique_ptr<OnnxNet>> ReadOnnxNet(const std::filesystem::path& onnx);

// Model::Load(path), or nullptr when `path` is "none" or the model does not load (the
// callers then fall back to their classical method).
template <typename Model>
std::shared_ptr<const Model> LoadModelOrNull(const std::filesystem::path& path) {
  if (path == "none") return nullptr;
  auto loaded = Model::Load(path);
  return loaded ? *loaded : nullptr;
}

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_MODEL_FILES_H_
