// The routes every deployment has: health checks, static files and the home page. The product's
// whole route table is built by AddSiteRoutes plus the feature modules' Add*Routes functions;
// tests (the OpenAPI check, the route x actor checks) build it the same way.
#ifndef TRICHOLOG_HTTP_SITE_ROUTES_H_
#define TRICHOLOG_HTTP_SITE_ROUTES_H_

#include <filesystem>
#include <functional>

#include "core/error.h"
#include "http/router.h"
#include "http/templates.h"

namespace tricholog::http {

struct SiteContext {
  std::filesystem::path static_dir;            // web/static
  const TemplateRenderer* renderer = nullptr;  // must outlive the router
  // The store's schema version, for the health checks; an error makes them answer 503.
  std::function<Result<int>()> schema_version;
};

// Adds (all public):
//   GET /healthz          {"status": "ok", "schema_version": N} (503 {"status": "unavailable"})
//   GET /api/v1/health    the same, under the API
//   GET /static/{path...} files under context.static_dir (see static_files.h)
//   GET /                 the home page in the base layout
Result<void> AddSiteRoutes(Router& router, SiteContext context);

}  // namespace tricholog::http

#endif  // TRICHOLOG_HTTP_SITE_ROUTES_H_
