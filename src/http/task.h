// Task<T>: what a request handler returns, a C++20 coroutine the server's I/O threads run
// (boost::asio::awaitable). Handlers include this header, never Beast. A handler that only
// computes writes `co_return response;`; one that must wait for the worker pool writes
// `co_await RunOnWorkers(pool, job)` (worker_pool.h).
#ifndef TRICHOLOG_HTTP_TASK_H_
#define TRICHOLOG_HTTP_TASK_H_

// Boost 1.74 enables co_await for clang only with the Coroutines TS; clang 14 has C++20's
// <coroutine> (the fuzz build and clang-tidy use clang).
#if defined(__clang__) && !defined(BOOST_ASIO_HAS_CO_AWAIT)
#define BOOST_ASIO_HAS_CO_AWAIT 1
#define BOOST_ASIO_HAS_STD_COROUTINE 1
#endif

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility> (GCC 12 fails).
#include <utility>
// (kept apart so that clang-format does not sort it above <utility>)
#include <boost/asio/awaitable.hpp>

namespace tricholog::http {

template <typename T>
using Task = boost::asio::awaitable<T>;

}  // namespace tricholog::http

#endif  // TRICHOLOG_HTTP_TASK_H_
