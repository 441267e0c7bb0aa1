// A multipart/form-data parser (RFC 7578) for uploads: photos with their form fields. The body
// is already in memory (its size was bounded by the route before it was read); parts are copied
// out. Bounded by MultipartLimits, never throws; each error names the part ("part 3") or the
// field. Fuzzed in fuzz/multipart_fuzzer.cc.
#ifndef TRICHOLOG_HTTP_MULTIPART_H_
#define TRICHOLOG_HTTP_MULTIPART_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace tricholog::http {

struct MultipartLimits {
  std::size_t max_parts = 32;
  std::size_t max_part_bytes = 25u << 20;   // one part's content
  std::size_t max_total_bytes = 64u << 20;  // the whole body
  std::size_t max_header_bytes = 2048;      // one part's header block
  std::size_t max_field_name_bytes = 128;
  std::size_t max_filename_bytes = 255;
};

struct MultipartPart {
  std::string name;                     // Content-Disposition name (required, text)
  std::optional<std::string> filename;  // present for file inputs (may be empty: no file chosen)
  std::string content_type;             // lower-cased; "text/plain" when the part gives none
  std::string body;
};

// The boundary from a Content-Type value "multipart/form-data; boundary=..." (quoted or not).
// kUnsupported when the type is not multipart/form-data; kInvalidArgument (field
// "Content-Type") when the boundary is missing, longer than 70 characters or has characters RFC
// 2046 does not allow.
Result<std::string> MultipartBoundary(std::string_view content_type);

// The parts of `body` delimited by `boundary`. Text before the first boundary (the preamble) and
// after the closing one (the epilogue) is ignored. Errors: no closing boundary, a part without
// a Content-Disposition "form-data" with a name, a part header without ':', a header block or
// part over the limits, too many parts.
Result<std::vector<MultipartPart>> ParseMultipart(std::string_view body, std::string_view boundary,
                                                  const MultipartLimits& limits = {});

}  // namespace tricholog::http

#endif  // TRICHOLOG_HTTP_MULTIPART_H_
