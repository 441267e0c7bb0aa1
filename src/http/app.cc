#include "http/app.h"

#include <utility>

#include "http/capture_routes.h"
#include "http/community_routes.h"
#include "http/evidence_routes.h"
#include "http/patient_pages_routes.h"
#include "http/site_routes.h"
#include "http/views_routes.h"

namespace tricholog::http {

Result<std::unique_ptr<App>> App::Build(AppConfig config) {
  std::unique_ptr<App> app(new App());
  app->config_ = std::move(config);
  const AppConfig& c = app->config_;
  auto renderer = TemplateRenderer::Open(c.web_dir / "templates");
  if (!renderer) return tl::unexpected(renderer.error());
  app->renderer_ = std::move(*renderer);
  Router& router = app->router_;
  if (c.log) router.SetLogSink(c.log);

  auto records = c.records;
  SiteContext site{c.web_dir / "static", app->renderer_.get(), [records] {
                     return records->With([](store::Store& s) { return s.SchemaVersion(); });
                   }};
  if (auto added = AddSiteRoutes(router, std::move(site)); !added)
    return tl::unexpected(added.error());
  AccountsContext accounts{app->renderer_.get(), c.records, c.passwords, c.pool,
                           c.secure_cookie,      c.log};
  if (auto added = AddAccountRoutes(router, std::move(accounts)); !added) {
    return tl::unexpected(added.error());
  }

  auto patients = std::make_shared<PatientContext>();
  patients->renderer = app->renderer_.get();
  patients->store = c.records;
  patients->blobs = c.blobs;
  patients->pool = c.pool;
  patients->protocols_dir = c.protocols_dir;
  patients->log = c.log;
  app->patients_ = patients;
  if (auto added = AddPatientPhotoRoutes(router, patients); !added) {
    return tl::unexpected(added.error());
  }
  if (auto added = AddPatientPagesRoutes(router, patients); !added) {
    return tl::unexpected(added.error());
  }
  app->jobs_ = std::make_shared<AnalysisJobs>(c.records, c.blobs, c.pool, c.log);
  if (auto added = AddCaptureRoutes(router, patients, app->jobs_); !added) {
    return tl::unexpected(added.error());
  }
  if (auto added = AddViewsRoutes(router, patients); !added) return tl::unexpected(added.error());
  if (auto added = AddEvidenceRoutes(router, patients); !added)
    return tl::unexpected(added.error());
  if (auto added = AddCommunityRoutes(router, patients); !added)
    return tl::unexpected(added.error());

  router.SetAuthenticator(MakeSessionAuthenticator(c.records, c.log));
  // Analyses left pending by a server that stopped (Ctrl-C, a crash) run again now.
  // (An App built only to list its routes has no store.)
  if (c.records && c.blobs && c.pool) {
    auto resumed = app->jobs_->ResumePending();
    if (!resumed && c.log) {
      c.log("resuming pending photo analyses failed: " + resumed.error().ToString());
    } else if (resumed && *resumed > 0 && c.log) {
      c.log("resumed " + std::to_string(*resumed) + " pending photo analyses");
    }
  }
  return app;
}

App::~App() {
  if (jobs_) jobs_->Stop();
}

}  // namespace tricholog::http
