// HTML pages from ctemplate templates in web/templates/, with context-aware auto-escaping
// enforced: a template whose first line is not exactly {{%AUTOESCAPE context="HTML"}} is refused,
// so no page can be rendered without escaping. Every template is read and checked once, when the
// renderer opens; the cache is then frozen (nothing is read from disk per request), which also
// makes rendering thread-safe.
#ifndef TRICHOLOG_HTTP_TEMPLATES_H_
#define TRICHOLOG_HTTP_TEMPLATES_H_

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "http/message.h"

namespace tricholog::http {

inline constexpr std::string_view kAutoescapePragma = "{{%AUTOESCAPE context=\"HTML\"}}";

// Checks that the file's first line is kAutoescapePragma; kInvalidArgument naming the file
// otherwise, kIo when it cannot be read.
Result<void> CheckTemplateAutoescape(const std::filesystem::path& file);

// Where web/ (templates/, static/) is: $TRICHOLOG_WEB_DIR, else the source tree's web/ the
// binary was built from (when it exists), else ../share/tricholog/web beside the binary.
std::filesystem::path FindWebDir();

class TemplateRenderer {
 public:
  // Loads every file under `templates_dir` (names relative to it, e.g. "layout.tpl"). Fails
  // (naming the file) when one lacks the AUTOESCAPE first line or does not parse.
  static Result<std::unique_ptr<TemplateRenderer>> Open(const std::filesystem::path& templates_dir);

  // Expands the template `name` with `dictionary`. kNotFound for a name that was not loaded;
  // kInternal when expansion fails (e.g. an include not loaded).
  Result<std::string> Render(std::string_view name,
                             const ctemplate::TemplateDictionary& dictionary) const;

 private:
  TemplateRenderer() = default;
  ctemplate::TemplateCache cache_;
  std::set<std::string> names_;
};

// One page in the base layout (layout.tpl: header, nav, main, footer).
struct Page {
  std::string title;
  std::string main_template;             // the template for the main slot, e.g. "home.tpl"
  const Principal* principal = nullptr;  // the nav shows sign-in or the user's links and sign-out
  // On a patient's pages: the record's id, so the nav links to its dashboard, new session,
  // photos, trends, schedule, profile and data pages; `active` names the current one
  // ("dashboard", "session", "photos", "trends", "schedule", "profile", "data"), marked
  // aria-current="page".
  std::string patient_id{};
  std::string active{};
  // JavaScript modules the page loads (paths under /static/, e.g. "/static/js/capture.js").
  std::vector<std::string> scripts{};
};

// Renders `page` in the layout; `fill_main` fills the main template's dictionary.
Result<std::string> RenderPage(
    const TemplateRenderer& renderer, const Page& page,
    const std::function<void(ctemplate::TemplateDictionary&)>& fill_main);

}  // namespace tricholog::http

#endif  // TRICHOLOG_HTTP_TEMPLATES_H_
