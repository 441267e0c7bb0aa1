// Shared by the `tricholog analyze` commands: reading a photo's bytes and header size before
// anything is decoded (so that the analysis budget can refuse a photo before its pixels are
// allocated), and the budget keys of the analysis JSON. Header-only because
// src/cli/CMakeLists.txt compiles only *_command.cc files.
#ifndef TRICHOLOG_CLI_ANALYSIS_INPUT_H_
#define TRICHOLOG_CLI_ANALYSIS_INPUT_H_

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <string>
#include <system_error>
#include <vector>

#include "core/error.h"
#include "imaging/analysis_budget.h"
#include "imaging/image_decode.h"

namespace tricholog::cli {

// A photo file read whole, with its size from the container header (as stored, before EXIF
// orientation: the pixel count is the same either way) and its format.
struct PhotoBytes {
  std::vector<std::uint8_t> bytes;
  cv::Size stored_size;
  std::string format;  // "jpeg", "png", "webp", "heic"
};

// Reads `path` (refused with kTooLarge before reading when it exceeds the decoder's byte
// limit) and its header. Errors carry `field` and start with the path.
inline Result<PhotoBytes> ReadPhotoBytes(const std::string& path, const std::string& field) {
  auto relabel = [&](Error error) {
    error.field = field;
    error.message = path + ": " + error.message;
    return tl::unexpected(error);
  };
  const imaging::DecodeLimits limits;
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    const bool missing = ec == std::errc::no_such_file_or_directory;
    return relabel(Error{missing ? ErrorCode::kNotFound : ErrorCode::kIo,
                         missing ? std::string("no such file") : ec.message(), field});
  }
  if (size > limits.max_bytes) {
    auto refused = imaging::DecodeImageFile(path, limits);  // refuses with kTooLarge before reading
    return relabel(refused ? Error{ErrorCode::kTooLarge, "file too large", field}
                           : refused.error());
  }
  PhotoBytes photo;
  photo.bytes.resize(size);
  std::ifstream file(path, std::ios::binary);
  if (!file.read(reinterpret_cast<char*>(photo.bytes.data()), static_cast<std::streamsize>(size))) {
    return relabel(Error{ErrorCode::kIo, "cannot read the file", field});
  }
  auto header = imaging::ReadImageHeaderSize(photo.bytes);
  if (!header) return relabel(header.error());
  photo.stored_size = cv::Size(header->width, header->height);
  photo.format = imaging::SniffImageFormat(photo.bytes);
  return photo;
}

// A budget refusal relabelled for the command line: `field` and the path first.
inline tl::unexpected<Error> PhotoError(Error error, const std::string& path,
                                        const std::string& field) {
  error.field = field;
  error.message = path + ": " + error.message;
  return tl::unexpected(error);
}

// {"working_size": {"width", "height"}, "budget": {"seconds", "megabytes"}} added to `json`.
inline void AddBudgetJson(nlohmann::json& json, cv::Size working_size,
                          const imaging::AnalysisBudget& budget) {
  json["working_size"] = {{"width", working_size.width}, {"height", working_size.height}};
  json["budget"] = {{"seconds", budget.seconds}, {"megabytes", budget.megabytes()}};
}

}  // namespace tricholog::cli

#endif  // TRICHOLOG_CLI_ANALYSIS_INPUT_H_
