// Test helpers: parse a chart as XML (libxml2) and query it with XPath; render it with librsvg
// into a Cairo surface. Linked into chart_test only.
#ifndef TRICHOLOG_CHART_CHART_TEST_UTIL_H_
#define TRICHOLOG_CHART_CHART_TEST_UTIL_H_

#include <cairo.h>
#include <librsvg/rsvg.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace tricholog::chart::testing {

// A parsed document; ok() is false when the text is not well-formed XML.
class XmlDoc {
 public:
  explicit XmlDoc(const std::string& text)
      : doc_(xmlReadMemory(text.data(), static_cast<int>(text.size()), "chart.xml", nullptr,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
             xmlFreeDoc) {}
  bool ok() const { return doc_ != nullptr; }

  // The nodes matching `xpath`; "s:" is the SVG namespace.
  std::vector<xmlNodePtr> Find(const std::string& xpath) const {
    std::vector<xmlNodePtr> nodes;
    if (!doc_) return nodes;
    std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> context(
        xmlXPathNewContext(doc_.get()), xmlXPathFreeContext);
    xmlXPathRegisterNs(context.get(), BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
    std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> result(
        xmlXPathEvalExpression(BAD_CAST xpath.c_str(), context.get()), xmlXPathFreeObject);
    if (!result || !result->nodesetval) return nodes;
    for (int i = 0; i < result->nodesetval->nodeNr; ++i) {
      nodes.push_back(result->nodesetval->nodeTab[i]);
    }
    return nodes;
  }

  std::size_t Count(const std::string& xpath) const { return Find(xpath).size(); }

  // The string value of `xpath` (first match), e.g. an attribute or text().
  std::string Value(const std::string& xpath) const {
    const auto nodes = Find(xpath);
    if (nodes.empty()) return "";
    xmlChar* content = xmlNodeGetContent(nodes[0]);
    std::string text = content ? reinterpret_cast<const char*>(content) : "";
    xmlFree(content);
    return text;
  }

 private:
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc_;
};

inline std::string Attr(xmlNodePtr node, const char* name) {
  xmlChar* value = xmlGetProp(node, BAD_CAST name);
  std::string text = value ? reinterpret_cast<const char*>(value) : "";
  xmlFree(value);
  return text;
}

// "translate(12.5 40)" -> {12.5, 40}.
inline std::pair<double, double> Translation(xmlNodePtr node) {
  const std::string t = Attr(node, "transform");
  double x = 0, y = 0;
  std::sscanf(t.c_str(), "translate(%lf %lf)", &x, &y);
  return {x, y};
}

struct Rendered {
  bool ok = false;
  std::string error;
  int width = 0, height = 0;
  long inked_pixels = 0;  // pixels that are not white
};

// Renders `svg` with librsvg at its own size onto a white Cairo image surface.
inline Rendered RenderWithLibrsvg(const std::string& svg) {
  Rendered out;
  GError* error = nullptr;
  RsvgHandle* handle =
      rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error);
  if (!handle) {
    out.error = error ? error->message : "no handle";
    if (error) g_error_free(error);
    return out;
  }
  gdouble w = 0, h = 0;
  if (!rsvg_handle_get_intrinsic_size_in_pixels(handle, &w, &h)) w = h = 0;
  out.width = static_cast<int>(w);
  out.height = static_cast<int>(h);
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, out.width, out.height);
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  RsvgRectangle viewport{0, 0, w, h};
  out.ok = rsvg_handle_render_document(handle, cr, &viewport, &error);
  if (!out.ok && error) {
    out.error = error->message;
    g_error_free(error);
  }
  cairo_surface_flush(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  for (int y = 0; y < out.height; ++y) {
    const auto* row = reinterpret_cast<const std::uint32_t*>(data + y * stride);
    for (int x = 0; x < out.width; ++x) out.inked_pixels += (row[x] & 0xFFFFFF) != 0xFFFFFF;
  }
  cairo_destroy(cr);
  cairo_surface_destroy(surface);
  g_object_unref(handle);
  return out;
}

}  // namespace tricholog::chart::testing

#endif  // TRICHOLOG_CHART_CHART_TEST_UTIL_H_
