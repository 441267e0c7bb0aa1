#include "imaging/vision.h"

#include <dlfcn.h>

#include "io/module_loader.h"

namespace tricholog::imaging {
namespace {

Result<const VisionFunctions*> Load() {
  auto library =
      io::LoadModule(kVisionModuleFile, "Learned nets, the face prior, inpainting and registration",
                     "tricholog_vision_module_abi", kVisionModuleAbi, "vision");
  if (!library) return tl::unexpected(library.error());
  using Getter = const VisionFunctions* (*)();
  auto getter = reinterpret_cast<Getter>(dlsym(*library, "tricholog_vision_functions"));
  const VisionFunctions* functions = getter != nullptr ? getter() : nullptr;
  if (functions == nullptr || functions->read_onnx == nullptr ||
      functions->load_cascade == nullptr || functions->inpaint_telea == nullptr ||
      functions->find_transform_ecc_affine == nullptr || functions->compute_ecc == nullptr) {
    return MakeError(ErrorCode::kInternal, std::string(kVisionModuleFile) + " lacks a function",
                     "vision");
  }
  return functions;
}

}  // namespace

Result<const VisionFunctions*> Vision() {
  static const Result<const VisionFunctions*> functions = Load();
  return functions;
}

}  // namespace tricholog::imaging
