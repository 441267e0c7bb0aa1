#include "http/worker_pool.h"

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
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

Task<void> WorkerPool::Run(std::function<void()> job) {
  if (!Reserve()) throw WorkerPoolFull();
  auto executor = co_await asio::this_coro::executor;
  std::exception_ptr failure;
  co_await asio::async_initiate<const asio::use_awaitable_t<>, void()>(
      [this, &job, &failure, executor](auto handler) {
        // The completion handler is move-only; std::function needs a copyable job.
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        Enqueue([&job, &failure, shared, executor] {
          try {
            job();
          } catch (...) {
            failure = std::current_exception();
          }
          asio::post(executor, [shared] { (*shared)(); });
        });
      },
      asio::use_awaitable);
  if (failure) std::rethrow_exception(failure);
}

}  // namespace tricholog::http
