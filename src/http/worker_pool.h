// WorkerPool: threads for slow work (photo analysis), apart from the server's I/O threads, so a
// long OpenCV job never stalls other connections. The queue is bounded: when it is full a new
// job is refused at once (WorkerPoolFull, which the router answers with 503 and Retry-After).
#ifndef TRICHOLOG_HTTP_WORKER_POOL_H_
#define TRICHOLOG_HTTP_WORKER_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <vector>

#include "http/task.h"

namespace tricholog::http {

// Thrown by WorkerPool::Run when max_queued jobs are already waiting or running. The router
// turns it into 503 Service Unavailable with Retry-After; handlers need not catch it.
class WorkerPoolFull : public std::runtime_error {
 public:
  WorkerPoolFull() : std::runtime_error("the analysis queue is full") {}
};

class WorkerPool {
 public:
  // `threads` >= 1 workers; at most `max_jobs` jobs queued or running at once.
  WorkerPool(std::size_t threads, std::size_t max_jobs);
  // Runs every job already accepted, then joins the workers.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs `job` on a worker thread when the returned Task is awaited, and resumes the awaiting
  // coroutine on its own executor when it has finished; an exception thrown by `job` is rethrown
  // there. Throws WorkerPoolFull at once (without queueing `job`) when the queue is full. The
  // Task must be awaited. Thread-safe.
  //
  // Not itself a coroutine: GCC 12 destroys an initiation object that is a temporary inside a
  // co_await operand twice (measured with Boost 1.74: a captured shared_ptr lost a reference),
  // so the Asio initiation is built here, in an ordinary function.
  Task<void> Run(std::function<void()>&& job);

  // Queues `job` without waiting for it (background work such as the photo-analysis jobs);
  // false, without queueing it, when the queue is full or the pool is stopping. `job` must not
  // throw. Thread-safe.
  bool TryPost(std::function<void()> job);

  // Whether the calling thread is one of this process's worker-pool threads.
  static bool OnWorkerThread();
  // Jobs queued or running now.
  std::size_t pending() const;

 private:
  struct Initiation;
  void WorkerLoop();
  // Reserves a place for one job; false when full.
  bool Reserve();
  void Enqueue(std::function<void()> job);

  const std::size_t max_jobs_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  std::size_t pending_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// Runs `job` (a callable with no arguments) on `pool` and returns its result. See
// WorkerPool::Run for where the code runs and what is thrown.
template <typename F>
Task<std::invoke_result_t<F&>> RunOnWorkers(WorkerPool& pool, F job) {
  using R = std::invoke_result_t<F&>;
  // Named, not temporaries in the co_await operands (see WorkerPool::Run).
  if constexpr (std::is_void_v<R>) {
    std::function<void()> wrapped = [&job] { job(); };
    co_await pool.Run(std::move(wrapped));
  } else {
    std::optional<R> result;
    std::function<void()> wrapped = [&job, &result] { result.emplace(job()); };
    co_await pool.Run(std::move(wrapped));
    co_return std::move(*result);
  }
}

}  // namespace tricholog::http

#endif  // TRICHOLOG_HTTP_WORKER_POOL_H_
