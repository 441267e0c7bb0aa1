#include "http/site_routes.h"

#include <memory>
#include <stdexcept>

#include "http/static_files.h"

namespace tricholog::http {
namespace {

Response Health(const SiteContext& context) {
  auto version = context.schema_version ? context.schema_version()
                                        : Result<int>(MakeError(ErrorCode::kInternal, "no store"));
  if (!version) return JsonResponse(503, {{"status", "unavailable"}});
  return JsonResponse(200, {{"status", "ok"}, {"schema_version", *version}});
}

}  // namespace

Result<void> AddSiteRoutes(Router& router, SiteContext context) {
  auto shared = std::make_shared<const SiteContext>(std::move(context));
  const auto health = SyncHandler([shared](Request&) { return Health(*shared); });
  std::vector<Route> routes;
  routes.push_back({Method::kGet, "/healthz", "health", Access::kPublic, 0, health});
  routes.push_back({Method::kGet, "/api/v1/health", "api.health", Access::kPublic, 0, health});
  routes.push_back({Method::kGet, "/static/{path...}", "static", Access::kPublic, 0,
                    SyncHandler([shared](Request& request) {
                      return ServeStaticFile(shared->static_dir, request.PathParam("path"),
                                             request);
                    })});
  routes.push_back(
      {Method::kGet, "/", "home", Access::kPublic, 0, SyncHandler([shared](Request& request) {
         const Principal* principal = request.principal ? &*request.principal : nullptr;
         auto html = RenderPage(*shared->renderer, {"Home", "home.tpl", principal},
                                [principal](ctemplate::TemplateDictionary& main) {
                                  main.ShowSection(principal ? "SIGNED_IN" : "ANONYMOUS");
                                });
         // The router logs this and answers 500 without the detail.
         if (!html) throw std::runtime_error("home page: " + html.error().ToString());
         return HtmlResponse(200, std::move(*html));
       })});
  for (auto& route : routes) {
    if (auto added = router.Add(std::move(route)); !added) return added;
  }
  return {};
}

}  // namespace tricholog::http
