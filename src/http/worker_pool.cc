#include "http/worker_pool.h"

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>

namespace tricholog::http {
namespace asio = boost::asio;
namespace {

thread_local bool on_worker_thread = false;

}  // namespace

WorkerPool::WorkerPool(std::size_t threads, std::size_t max_jobs)
    : max_jobs_(max_jobs == 0 ? 1 : max_jobs) {
  if (threads == 0) threads = 1;
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { WorkerLoop(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& thread : threads_) thread.join();
}

bool WorkerPool::OnWorkerThread() { return on_worker_thread; }

std::size_t WorkerPool::pending() const {
  std::lock_guard lock(mutex_);
  return pending_;
}

bool WorkerPool::Reserve() {
  std::lock_guard lock(mutex_);
  if (stopping_ || pending_ >= max_jobs_) return false;
  ++pending_;
  return true;
}

bool WorkerPool::TryPost(std::function<void()> job) {
  if (!Reserve()) return false;
  Enqueue([job = std::move(job)] {
    try {
      job();
    } catch (...) {  // NOLINT(bugprone-empty-catch): a background job's failure is its own
    }
  });
  return true;
}

void WorkerPool::Enqueue(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(job));
  }
  ready_.notify_one();
}

void WorkerPool::WorkerLoop() {
  on_worker_thread = true;
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and every accepted job has run
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job();  // never throws: Run wraps the caller's job
    std::lock_guard lock(mutex_);
    --pending_;
  }
}

// The Asio initiation for Run: queues the job; the worker posts the completion (with the
// job's exception, if any) back to the awaiting coroutine's executor.
struct WorkerPool::Initiation {
  WorkerPool* pool;
  std::function<void()> job;

  template <typename Handler>
  void operator()(Handler handler) {
    auto executor = asio::get_associated_executor(handler);
    // The completion handler is move-only; the queue holds copyable std::functions.
    auto shared = std::make_shared<Handler>(std::move(handler));
    pool->Enqueue([job = std::move(job), shared, executor]() mutable {
      std::exception_ptr failure;
      try {
        job();
      } catch (...) {
        failure = std::current_exception();
      }
      asio::post(executor, [shared, failure] { (*shared)(failure); });
    });
  }
};

Task<void> WorkerPool::Run(std::function<void()>&& job) {
  if (!Reserve()) throw WorkerPoolFull();
  return asio::async_initiate<const asio::use_awaitable_t<>, void(std::exception_ptr)>(
      Initiation{this, std::move(job)}, asio::use_awaitable);
}

}  // namespace tricholog::http
