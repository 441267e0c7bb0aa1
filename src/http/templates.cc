#include "http/templates.h"

#include <cstdlib>
#include <fstream>

namespace tricholog::http {
namespace {

namespace fs = std::filesystem;

}  // namespace

Result<void> CheckTemplateAutoescape(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kIo, "cannot be read", file.string());
  std::string first_line;
  std::getline(in, first_line);
  if (!first_line.empty() && first_line.back() == '\r') first_line.pop_back();
  if (first_line != kAutoescapePragma) {
    return InvalidArgument(file.string(), "must start with the line " +
                                              std::string(kAutoescapePragma) +
                                              " (context-aware escaping is required)");
  }
  return {};
}

fs::path FindWebDir() {
  if (const char* env = std::getenv("TRICHOLOG_WEB_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
#ifdef TRICHOLOG_SOURCE_WEB_DIR
  if (fs::is_directory(TRICHOLOG_SOURCE_WEB_DIR)) return TRICHOLOG_SOURCE_WEB_DIR;
#endif
  std::error_code ec;
  const auto self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) return self.parent_path().parent_path() / "share" / "tricholog" / "web";
  return "web";
}

Result<std::unique_ptr<TemplateRenderer>> TemplateRenderer::Open(const fs::path& templates_dir) {
  std::error_code ec;
  if (!fs::is_directory(templates_dir, ec)) {
    return MakeError(ErrorCode::kNotFound, "is not a folder of templates", templates_dir.string());
  }
  std::unique_ptr<TemplateRenderer> renderer(new TemplateRenderer());
  renderer->cache_.SetTemplateRootDirectory(templates_dir.string());
  for (fs::recursive_directory_iterator it(templates_dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    if (auto ok = CheckTemplateAutoescape(it->path()); !ok) return tl::unexpected(ok.error());
    const std::string name = it->path().lexically_relative(templates_dir).generic_string();
    if (!renderer->cache_.LoadTemplate(name, ctemplate::DO_NOT_STRIP)) {
      return MakeError(ErrorCode::kParseError, "is not a valid ctemplate template",
                       it->path().string());
    }
    renderer->names_.insert(name);
  }
  if (ec)
    return MakeError(ErrorCode::kIo, "cannot be listed: " + ec.message(), templates_dir.string());
  renderer->cache_.Freeze();
  return renderer;
}

Result<std::string> TemplateRenderer::Render(
    std::string_view name, const ctemplate::TemplateDictionary& dictionary) const {
  const std::string key(name);
  if (!names_.contains(key)) {
    return MakeError(ErrorCode::kNotFound, "is not a loaded template", key);
  }
  std::string output;
  if (!cache_.ExpandNoLoad(key, ctemplate::DO_NOT_STRIP, &dictionary, nullptr, &output)) {
    return MakeError(ErrorCode::kInternal, "could not be expanded", key);
  }
  return output;
}

Result<std::string> RenderPage(
    const TemplateRenderer& renderer, const Page& page,
    const std::function<void(ctemplate::TemplateDictionary&)>& fill_main) {
  ctemplate::TemplateDictionary layout("layout");
  layout.SetValue("TITLE", page.title);
  ctemplate::TemplateDictionary* nav = layout.AddIncludeDictionary("NAV");
  nav->SetFilename("nav.tpl");
  if (page.principal) {
    ctemplate::TemplateDictionary* signed_in = nav->AddSectionDictionary("SIGNED_IN");
    signed_in->SetValue("CSRF", page.principal->csrf_token);
    signed_in->SetValue("NAME", page.principal->display_name.empty()
                                    ? page.principal->email
                                    : page.principal->display_name);
    if (!page.patient_id.empty()) {
      ctemplate::TemplateDictionary* patient = signed_in->AddSectionDictionary("PATIENT");
      struct Link {
        const char* key;
        const char* path;
        const char* label;
      };
      for (const Link& link :
           {Link{"dashboard", "dashboard", "Dashboard"},
            Link{"session", "sessions/new", "New session"}, Link{"photos", "photos", "Photos"},
            Link{"trends", "trends", "Trends"}, Link{"schedule", "schedule", "Schedule"},
            Link{"profile", "profile", "Profile"}, Link{"data", "data", "My data"}}) {
        ctemplate::TemplateDictionary* item = patient->AddSectionDictionary("LINK");
        item->SetValue("HREF", "/patients/" + page.patient_id + "/" + link.path);
        item->SetValue("LABEL", link.label);
        if (page.active == link.key) item->ShowSection("CURRENT");
      }
    } else {
      signed_in->ShowSection("NO_PATIENT");
    }
  } else {
    nav->ShowSection("ANONYMOUS");
  }
  for (const std::string& script : page.scripts) {
    layout.AddSectionDictionary("SCRIPT")->SetValue("SRC", script);
  }
  ctemplate::TemplateDictionary* main = layout.AddIncludeDictionary("MAIN");
  main->SetFilename(page.main_template);
  if (fill_main) fill_main(*main);
  return renderer.Render("layout.tpl", layout);
}

}  // namespace tricholog::http
