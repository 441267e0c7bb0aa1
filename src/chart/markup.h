// Text safe to put inside SVG and HTML: every label a chart draws passes through here.
#ifndef TRICHOLOG_CHART_MARKUP_H_
#define TRICHOLOG_CHART_MARKUP_H_

#include <string>
#include <string_view>

namespace tricholog::chart {

// `text` escaped for XML/HTML text and double- or single-quoted attribute values: & < > " ' become
// entities. Characters XML 1.0 forbids (C0 controls other than tab, line feed and carriage
// return; U+FFFE, U+FFFF) are dropped, and bytes that are not valid UTF-8 become U+FFFD, so the
// result is always well-formed whatever a label contains.
std::string EscapeXml(std::string_view text);

// The number of Unicode code points in `text` (invalid bytes count one each); used to estimate
// how wide a label is drawn.
std::size_t CodePointCount(std::string_view text);

}  // namespace tricholog::chart

#endif  // TRICHOLOG_CHART_MARKUP_H_
