#include "http/static_files.h"

#include <sys/stat.h>

#include <cstdio>
#include <string>

#include "http/router.h"

namespace tricholog::http {
namespace {

namespace fs = std::filesystem;

bool IsSafeRelativePath(std::string_view relative) {
  if (relative.empty() || relative.size() > 1024) return false;
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = relative.find('/', start);
    const std::string_view segment = relative.substr(start, slash - start);
    if (segment.empty() || segment.front() == '.' ||
        segment.find_first_of(std::string_view("\\\0", 2)) != std::string_view::npos) {
      return false;
    }
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

Response NotFound(const Request& request) {
  return Router::ErrorResponse(request.path, 404, "", "there is nothing at this address");
}

}  // namespace

std::string_view StaticContentType(const fs::path& name) {
  const std::string extension = name.extension().string();
  if (extension == ".css") return "text/css; charset=utf-8";
  if (extension == ".js" || extension == ".mjs") return "text/javascript; charset=utf-8";
  if (extension == ".svg") return "image/svg+xml";
  if (extension == ".png") return "image/png";
  if (extension == ".jpg" || extension == ".jpeg") return "image/jpeg";
  if (extension == ".webp") return "image/webp";
  if (extension == ".ico") return "image/x-icon";
  if (extension == ".woff2") return "font/woff2";
  if (extension == ".txt") return "text/plain; charset=utf-8";
  if (extension == ".json") return "application/json";
  return "";
}

Response ServeStaticFile(const fs::path& root, std::string_view relative, const Request& request) {
  if (!IsSafeRelativePath(relative)) return NotFound(request);
  const std::string_view content_type = StaticContentType(fs::path(relative));
  if (content_type.empty()) return NotFound(request);
  std::error_code ec;
  const fs::path canonical_root = fs::canonical(root, ec);
  if (ec) return NotFound(request);
  const fs::path file = fs::canonical(canonical_root / fs::path(relative), ec);
  if (ec) return NotFound(request);
  // A symbolic link inside the folder must not lead out of it.
  const std::string root_text = canonical_root.string() + "/";
  if (file.string().compare(0, root_text.size(), root_text) != 0) return NotFound(request);
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return NotFound(request);

  char etag[64];
  std::snprintf(etag, sizeof etag, "\"%llx-%llx\"", static_cast<unsigned long long>(st.st_size),
                static_cast<unsigned long long>(st.st_mtim.tv_sec) * 1000000000ull +
                    static_cast<unsigned long long>(st.st_mtim.tv_nsec));
  Response response;
  response.SetHeader("ETag", etag);
  response.SetHeader("Cache-Control", "no-cache");
  const std::string_view if_none_match = request.Header("if-none-match");
  if (!if_none_match.empty() &&
      (if_none_match.find(etag) != std::string_view::npos || if_none_match == "*")) {
    response.status = 304;
    return response;
  }
  response.SetHeader("Content-Type", std::string(content_type));
  response.file = file;
  return response;
}

}  // namespace tricholog::http
