#include "http/analysis_jobs.h"

#include <fmt/format.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "app/photo_analysis.h"
#include "store/store.h"

namespace tricholog::http {

// Shared with the jobs posted to the pool, so a job that starts after the runner is gone finds
// `stopping` set and touches nothing else.
struct AnalysisJobs::State {
  std::shared_ptr<StoreGate> store;
  store::BlobStore* blobs = nullptr;
  WorkerPool* pool = nullptr;
  LogSink log;

  struct Job {
    store::Actor actor;
    store::PhotoAnalysis row;
  };
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Job> queue;
  std::set<std::string> known;  // "patient/sha" queued or running
  int drainers = 0;             // pool jobs draining the queue
  int running = 0;              // analyses in progress
  bool stopping = false;
};

namespace {

// Analyses at once: one, so that the pool (two threads in `serve`) always has a thread for the
// interactive work that shares it.
constexpr int kMaxDrainers = 1;

std::string KeyOf(const store::PhotoAnalysis& row) {
  return row.patient_id + "/" + row.photo_sha256;
}

// Runs one analysis and saves its row. Called on a worker thread, without the runner's lock.
void RunJob(AnalysisJobs::State& state, const store::Actor& actor,
            const store::PhotoAnalysis& row) {
  auto written = AnalyseAndSave(*state.store, *state.blobs, state.log, actor, row);
  if (!written && state.log) {
    state.log(fmt::format("saving the analysis of photo {} failed: {}", row.photo_sha256,
                          written.error().ToString()));
  }
}

void Kick(const std::shared_ptr<AnalysisJobs::State>& state);

// One job per post, then the next is posted behind whatever else waits for the pool (sign-ins,
// thumbnails, the intake of the next upload), so a long queue of analyses never holds the pool.
void Drain(const std::shared_ptr<AnalysisJobs::State>& state) {
  AnalysisJobs::State::Job job;
  {
    std::lock_guard lock(state->mutex);
    --state->drainers;
    if (state->stopping || state->queue.empty()) {
      state->changed.notify_all();
      return;
    }
    job = std::move(state->queue.front());
    state->queue.pop_front();
    ++state->running;
  }
  try {
    RunJob(*state, job.actor, job.row);
  } catch (const std::exception& e) {
    if (state->log) state->log(fmt::format("analysis job threw: {}", e.what()));
  }
  std::lock_guard lock(state->mutex);
  --state->running;
  state->known.erase(KeyOf(job.row));
  Kick(state);
  state->changed.notify_all();
}

// Posts drainers while there is queued work and room; called with the lock held.
void Kick(const std::shared_ptr<AnalysisJobs::State>& state) {
  while (!state->stopping && state->drainers + state->running < kMaxDrainers &&
         !state->queue.empty()) {
    std::weak_ptr<AnalysisJobs::State> weak = state;
    ++state->drainers;
    const bool posted = state->pool->TryPost([weak] {
      if (auto s = weak.lock()) Drain(s);
    });
    if (!posted) {
      --state->drainers;
      if (state->log) state->log("the worker pool is full; photo analyses wait in the queue");
      return;
    }
  }
}

}  // namespace

AnalysisJobs::AnalysisJobs(std::shared_ptr<StoreGate> store, store::BlobStore* blobs,
                           WorkerPool* pool, LogSink log)
    : state_(std::make_shared<State>()) {
  state_->store = std::move(store);
  state_->blobs = blobs;
  state_->pool = pool;
  state_->log = std::move(log);
}

AnalysisJobs::~AnalysisJobs() { Stop(); }

void AnalysisJobs::Submit(const store::Actor& actor, const store::PhotoAnalysis& row) {
  std::lock_guard lock(state_->mutex);
  if (state_->stopping) return;
  if (!state_->known.insert(KeyOf(row)).second) return;
  state_->queue.push_back({actor, row});
  Kick(state_);
}

Result<std::size_t> AnalysisJobs::ResumePending() {
  const store::Actor admin = store::Actor::LocalAdmin();
  auto pending =
      state_->store->With([&](store::Store& s) { return s.PendingPhotoAnalyses(admin); });
  if (!pending) return tl::unexpected(pending.error());
  for (const store::PhotoAnalysis& row : *pending) Submit(admin, row);
  return pending->size();
}

void AnalysisJobs::Stop() {
  std::unique_lock lock(state_->mutex);
  state_->stopping = true;
  state_->queue.clear();
  // A drainer posted but not started holds only a weak reference; wait for the running ones.
  state_->changed.wait(lock, [this] { return state_->running == 0; });
}

bool AnalysisJobs::WaitIdle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(state_->mutex);
  return state_->changed.wait_for(lock, timeout, [this] {
    return state_->queue.empty() && state_->running == 0 && state_->drainers == 0;
  });
}

Result<store::PhotoAnalysis> AnalyseAndSave(StoreGate& store, store::BlobStore& blobs,
                                            const LogSink& log, const store::Actor& actor,
                                            const store::PhotoAnalysis& row) {
  auto analysed = app::AnalyzeStoredPhoto(blobs, row);
  store::PhotoAnalysis saved;
  if (analysed) {
    saved = std::move(*analysed);
  } else {
    // Errors are not the photo's fault: a missing blob, a mask that cannot be written. The row
    // fails with what the patient can do; the detail goes to the operator's log.
    if (log) {
      log(fmt::format("analysis of photo {} failed: {}", row.photo_sha256,
                      analysed.error().ToString()));
    }
    saved = row;
    saved.status = "failed";
    saved.attempts = std::min(100, row.attempts + 1);
    saved.error = analysed.error().code == ErrorCode::kNotFound
                      ? "The photo's file is missing; please upload it again."
                      : "The photo could not be analysed because of a problem on our side; "
                        "please try again later.";
  }
  return store.With([&](store::Store& s) { return s.SavePhotoAnalysis(actor, saved); });
}

}  // namespace tricholog::http
