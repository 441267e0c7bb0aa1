// Base64 (RFC 4648, standard alphabet, padded) for photo bytes embedded in JSON documents:
// backups ("blobs") and exports written with --with-photos ("photos").
#ifndef TRICHOLOG_STORE_BASE64_H_
#define TRICHOLOG_STORE_BASE64_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace tricholog::store {

std::string ToBase64(std::span<const std::uint8_t> bytes);
// kParseError naming `field` when `text` is not padded standard base64.
Result<std::vector<std::uint8_t>> FromBase64(std::string_view text, const std::string& field);

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_BASE64_H_
