// Where the imaging code finds its learned models (data/models/*.onnx), the way the CLI finds
// data/protocols.
#ifndef TRICHOLOG_IMAGING_MODEL_FILES_H_
#define TRICHOLOG_IMAGING_MODEL_FILES_H_

#include <filesystem>

namespace tricholog::imaging {

// The path of models/`file_name`: $`env_var` when set (the value "none" means "use no
// model"), else in $TRICHOLOG_DATA_DIR, else in the source tree's data/ the library was
// built from, else in ../share/tricholog beside the binary.
std::filesystem::path ModelPath(const char* env_var, const char* file_name);

}  // namespace tricholog::imaging

#endif  // TRICHOLOG_IMAGING_MODEL_FILES_H_
