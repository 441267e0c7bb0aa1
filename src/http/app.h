// The whole web application's route table, assembled in one place: `tricholog serve` runs it and
// the route x actor test walks it, so a route added here cannot escape the authorisation test.
// Each part adds its routes from its own file (site, accounts, patient photos, ...); this file
// only wires their contexts.
#ifndef TRICHOLOG_HTTP_APP_H_
#define TRICHOLOG_HTTP_APP_H_

#include <filesystem>
#include <memory>

#include "core/error.h"
#include "http/account_routes.h"
#include "http/analysis_jobs.h"
#include "http/patient_routes.h"
#include "http/router.h"
#include "http/templates.h"
#include "http/worker_pool.h"
#include "store/blob_store.h"

namespace tricholog::http {

struct AppConfig {
  std::filesystem::path web_dir;        // templates/ and static/ (FindWebDir)
  std::filesystem::path protocols_dir;  // data/protocols
  // Records and session lookups (quick calls under a lock) and the Argon2id calls (on the
  // worker pool). May be the same gate (an in-memory store, tests).
  std::shared_ptr<StoreGate> records;
  std::shared_ptr<StoreGate> passwords;
  store::BlobStore* blobs = nullptr;  // must outlive the App
  WorkerPool* pool = nullptr;         // must outlive the App
  bool secure_cookie = false;         // the session cookie's Secure flag (served over TLS)
  LogSink log;                        // failures worth an operator's look; may be empty
};

class App {
 public:
  // Loads the templates and adds every route. Errors: kNotFound/kIo for a missing or unreadable
  // template, kInvalidArgument for a route clash (a programming error).
  static Result<std::unique_ptr<App>> Build(AppConfig config);

  Router& router() { return router_; }
  const PatientContext& patients() const { return *patients_; }
  // The photo-analysis job runner; Build resumes the store's pending analyses on it.
  AnalysisJobs& analysis_jobs() { return *jobs_; }

  // Stops the analysis jobs (those running finish; queued ones stay pending in the store).
  ~App();

 private:
  App() = default;
  AppConfig config_;
  std::unique_ptr<TemplateRenderer> renderer_;
  std::shared_ptr<PatientContext> patients_;
  std::shared_ptr<AnalysisJobs> jobs_;
  Router router_;
};

}  // namespace tricholog::http

#endif  // TRICHOLOG_HTTP_APP_H_
