#include "http/multipart.h"

#include <algorithm>
#include <cctype>

#include "http/form_parsing.h"

namespace tricholog::http {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// RFC 2046 bchars: DIGIT / ALPHA / "'()+_,-./:=? " (a space only not at the end).
bool IsBoundaryChar(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  return std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

// A header parameter list "; a=b; c="d"" parsed into name (lower-cased) -> value; quoted
// values may escape with '\'. Returns false on an unterminated quote.
struct Parameter {
  std::string name;
  std::string value;
};
bool ParseParameters(std::string_view text, std::vector<Parameter>& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ';' || text[i] == ' ' || text[i] == '\t')) ++i;
    if (i >= text.size()) break;
    const std::size_t name_start = i;
    while (i < text.size() && text[i] != '=' && text[i] != ';') ++i;
    Parameter parameter{Lower(Trim(text.substr(name_start, i - name_start))), {}};
    if (i < text.size() && text[i] == '=') {
      ++i;
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
      if (i < text.size() && text[i] == '"') {
        ++i;
        bool closed = false;
        while (i < text.size()) {
          if (text[i] == '\\' && i + 1 < text.size()) {
            parameter.value.push_back(text[i + 1]);
            i += 2;
          } else if (text[i] == '"') {
            ++i;
            closed = true;
            break;
          } else {
            parameter.value.push_back(text[i++]);
          }
        }
        if (!closed) return false;
      } else {
        const std::size_t value_start = i;
        while (i < text.size() && text[i] != ';') ++i;
        parameter.value = std::string(Trim(text.substr(value_start, i - value_start)));
      }
    }
    out.push_back(std::move(parameter));
  }
  return true;
}

// body.substr that never throws: empty past the end.
std::string_view Slice(std::string_view text, std::size_t position, std::size_t count) {
  return position <= text.size() ? text.substr(position, count) : std::string_view();
}

std::string PartField(std::size_t index) { return "part " + std::to_string(index + 1); }

// Fills `part` from its header block (lines separated by CRLF, without the blank line).
Result<void> ParsePartHeaders(std::string_view block, std::size_t index,
                              const MultipartLimits& limits, MultipartPart& part) {
  bool has_disposition = false;
  part.content_type = "text/plain";
  std::size_t start = 0;
  while (start < block.size()) {
    std::size_t end = block.find("\r\n", start);
    if (end == std::string_view::npos) end = block.size();
    const std::string_view line = block.substr(start, end - start);
    start = end + 2;
    if (line.empty()) continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return InvalidArgument(PartField(index), "has a header line without a name and ':'");
    }
    const std::string name = Lower(Trim(line.substr(0, colon)));
    const std::string_view value = Trim(line.substr(colon + 1));
    if (name == "content-disposition") {
      if (has_disposition) {
        return InvalidArgument(PartField(index), "has more than one Content-Disposition");
      }
      has_disposition = true;
      const std::size_t semicolon = value.find(';');
      if (Lower(Trim(value.substr(0, semicolon))) != "form-data") {
        return InvalidArgument(PartField(index), "has a Content-Disposition other than form-data");
      }
      std::vector<Parameter> parameters;
      if (semicolon != std::string_view::npos &&
          !ParseParameters(value.substr(semicolon + 1), parameters)) {
        return InvalidArgument(PartField(index), "has an unterminated quoted string");
      }
      bool has_name = false;
      for (auto& parameter : parameters) {
        if (parameter.name == "name" && !has_name) {
          has_name = true;
          part.name = std::move(parameter.value);
        } else if (parameter.name == "filename" && !part.filename) {
          part.filename = std::move(parameter.value);
        }
      }
      if (!has_name || part.name.empty()) {
        return InvalidArgument(PartField(index), "has no field name (Content-Disposition name)");
      }
      if (part.name.size() > limits.max_field_name_bytes || !IsValidFieldText(part.name)) {
        return InvalidArgument(PartField(index), "has a field name that is not text of at most " +
                                                     std::to_string(limits.max_field_name_bytes) +
                                                     " bytes");
      }
      if (part.filename && (part.filename->size() > limits.max_filename_bytes ||
                            !IsValidFieldText(*part.filename))) {
        return InvalidArgument(part.name, "has a file name that is not text of at most " +
                                              std::to_string(limits.max_filename_bytes) + " bytes");
      }
    } else if (name == "content-type") {
      part.content_type = Lower(Trim(value.substr(0, value.find(';'))));
    }
    // Other part headers (Content-Transfer-Encoding is deprecated by RFC 7578) are ignored.
  }
  if (!has_disposition) {
    return InvalidArgument(PartField(index), "has no Content-Disposition header");
  }
  return {};
}

}  // namespace

Result<std::string> MultipartBoundary(std::string_view content_type) {
  const std::size_t semicolon = content_type.find(';');
  if (Lower(Trim(content_type.substr(0, semicolon))) != "multipart/form-data") {
    return MakeError(ErrorCode::kUnsupported, "is not multipart/form-data", "Content-Type");
  }
  std::vector<Parameter> parameters;
  if (semicolon == std::string_view::npos ||
      !ParseParameters(content_type.substr(semicolon + 1), parameters)) {
    return InvalidArgument("Content-Type", "has no multipart boundary");
  }
  for (const auto& parameter : parameters) {
    if (parameter.name != "boundary") continue;
    const std::string& boundary = parameter.value;
    if (boundary.empty() || boundary.size() > 70 || boundary.back() == ' ' ||
        !std::all_of(boundary.begin(), boundary.end(), IsBoundaryChar)) {
      return InvalidArgument("Content-Type",
                             "has a boundary that is not 1 to 70 characters allowed by RFC 2046");
    }
    return boundary;
  }
  return InvalidArgument("Content-Type", "has no multipart boundary");
}

Result<std::vector<MultipartPart>> ParseMultipart(std::string_view body, std::string_view boundary,
                                                  const MultipartLimits& limits) {
  if (boundary.empty() || boundary.size() > 70) {
    return InvalidArgument("Content-Type", "has no usable multipart boundary");
  }
  if (body.size() > limits.max_total_bytes) {
    return MakeError(ErrorCode::kTooLarge,
                     "is " + std::to_string(body.size()) + " bytes; at most " +
                         std::to_string(limits.max_total_bytes) + " are accepted",
                     "body");
  }
  const std::string delimiter = "--" + std::string(boundary);
  // The first delimiter may start the body; later ones follow a CRLF.
  std::size_t position;
  if (Slice(body, 0, delimiter.size()) == delimiter) {
    position = delimiter.size();
  } else {
    const std::size_t found = body.find("\r\n" + delimiter);
    if (found == std::string_view::npos) {
      return InvalidArgument("body", "has no multipart boundary line");
    }
    position = found + 2 + delimiter.size();
  }
  const std::string separator = "\r\n" + delimiter;
  std::vector<MultipartPart> parts;
  for (;;) {
    // After a delimiter: "--" closes the body; otherwise optional whitespace, then CRLF.
    if (Slice(body, position, 2) == "--") return parts;
    while (position < body.size() && (body[position] == ' ' || body[position] == '\t')) ++position;
    if (Slice(body, position, 2) != "\r\n") {
      return InvalidArgument("body", "has a boundary line not followed by CRLF");
    }
    position += 2;
    const std::size_t index = parts.size();
    if (index >= limits.max_parts) {
      return MakeError(ErrorCode::kTooLarge,
                       "has more than " + std::to_string(limits.max_parts) + " parts", "body");
    }
    // Headers end at the first blank line (or straight away when the part has none).
    std::size_t headers_end;
    std::size_t content_start;
    if (Slice(body, position, 2) == "\r\n") {
      headers_end = position;
      content_start = position + 2;
    } else {
      const std::size_t blank = body.find("\r\n\r\n", position);
      if (blank == std::string_view::npos || blank - position > limits.max_header_bytes) {
        return InvalidArgument(PartField(index), "has no end to its headers within " +
                                                     std::to_string(limits.max_header_bytes) +
                                                     " bytes");
      }
      headers_end = blank;
      content_start = blank + 4;
    }
    MultipartPart part;
    if (auto ok =
            ParsePartHeaders(Slice(body, position, headers_end - position), index, limits, part);
        !ok) {
      return tl::unexpected(ok.error());
    }
    const std::size_t content_end = body.find(separator, content_start);
    if (content_end == std::string_view::npos) {
      return InvalidArgument(PartField(index),
                             "is not closed by a boundary line (truncated body?)");
    }
    if (content_end - content_start > limits.max_part_bytes) {
      return MakeError(ErrorCode::kTooLarge,
                       "is " + std::to_string(content_end - content_start) + " bytes; at most " +
                           std::to_string(limits.max_part_bytes) + " are accepted",
                       part.name);
    }
    part.body = std::string(Slice(body, content_start, content_end - content_start));
    parts.push_back(std::move(part));
    position = content_end + separator.size();
  }
}

}  // namespace tricholog::http
