// Static files (CSS, JavaScript modules, images) from web/static/: a Response that streams the
// file, with its Content-Type, an ETag and Cache-Control: no-cache (revalidate; 304 when the
// ETag still matches). Paths that could leave the folder are refused.
#ifndef TRICHOLOG_HTTP_STATIC_FILES_H_
#define TRICHOLOG_HTTP_STATIC_FILES_H_

#include <filesystem>
#include <string_view>

#include "http/message.h"

namespace tricholog::http {

// The Content-Type for a file name's extension ("text/css; charset=utf-8"), or "" for an
// extension that is not served.
std::string_view StaticContentType(const std::filesystem::path& name);

// The response for `relative` (decoded, '/'-separated, e.g. "css/site.css") under `root`:
// 200 with the file, 304 when `request`'s If-None-Match names its ETag, 404 when the file does
// not exist, is not a regular file, has an extension that is not served, or when the path has an
// empty, "." or ".." segment, a segment starting with '.', a backslash or NUL, or resolves
// (through symbolic links) outside `root`.
Response ServeStaticFile(const std::filesystem::path& root, std::string_view relative,
                         const Request& request);

}  // namespace tricholog::http

#endif  // TRICHOLOG_HTTP_STATIC_FILES_H_
