// AnalysisJobs: the photo-analysis job runner of `tricholog serve`. An uploaded photo's analysis
// row is queued in the store as "pending" (Store::QueuePhotoAnalysis) and submitted here; the
// runner analyses it on the worker pool (app::AnalyzeStoredPhoto, never on an I/O thread) and
// saves the row (Store::SavePhotoAnalysis) as "done" or "failed" with a reason a patient can act
// on. The store's pending rows are the durable queue: a server stopped with Ctrl-C (or killed)
// leaves unfinished rows pending, and ResumePending at the next start submits them again, so no
// job is lost.
#ifndef TRICHOLOG_HTTP_ANALYSIS_JOBS_H_
#define TRICHOLOG_HTTP_ANALYSIS_JOBS_H_

#include <chrono>
#include <cstddef>
#include <memory>

#include "core/error.h"
#include "http/account_routes.h"
#include "http/router.h"
#include "http/worker_pool.h"
#include "store/blob_store.h"
#include "store/model.h"

namespace tricholog::http {

// Analyses `row` (app::AnalyzeStoredPhoto) and saves it as "done", or as "failed" with a reason
// a patient can act on (the detail goes to `log`): what the runner does for each job. Blocking:
// call it on a worker. Returns the saved row, or the store's error.
Result<store::PhotoAnalysis> AnalyseAndSave(StoreGate& store, store::BlobStore& blobs,
                                            const LogSink& log, const store::Actor& actor,
                                            const store::PhotoAnalysis& row);

class AnalysisJobs {
 public:
  // `blobs` and `pool` must outlive this object; `log` gets failures worth an operator's look.
  AnalysisJobs(std::shared_ptr<StoreGate> store, store::BlobStore* blobs, WorkerPool* pool,
               LogSink log);
  // Stop().
  ~AnalysisJobs();
  AnalysisJobs(const AnalysisJobs&) = delete;
  AnalysisJobs& operator=(const AnalysisJobs&) = delete;

  // Analyses `row` (its patient_id, photo_sha256, view and user masks) as `actor` on the worker
  // pool, then saves it; one analysis runs at a time, each posted behind the pool's other
  // work. A row already queued or running is not queued twice. Never blocks on the analysis. When
  // the pool is full the row waits in this runner's queue (and, in the store, stays pending).
  void Submit(const store::Actor& actor, const store::PhotoAnalysis& row);

  // Submits every pending row of the store (read as store::Actor::LocalAdmin(), the one admin
  // call; each row is then analysed and saved as the local admin). Returns how many.
  Result<std::size_t> ResumePending();

  // Stops taking jobs: queued ones are dropped (their rows stay pending in the store, for
  // ResumePending at the next start); the ones running finish and are saved. Waits for them.
  void Stop();

  // Waits until nothing is queued or running, at most `timeout`; true when idle (for tests and
  // for a graceful stop that wants to finish the queue).
  bool WaitIdle(std::chrono::milliseconds timeout);

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace tricholog::http

#endif  // TRICHOLOG_HTTP_ANALYSIS_JOBS_H_
