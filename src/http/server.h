// HttpServer: the network side of `tricholog serve`, a facade over Boost.Beast and Asio (C++20
// coroutines) so that only server.cc compiles Beast. HTTP/1.1 with keep-alive on `io_threads`
// I/O threads; every request is handed to a Router (router.h).
//
// Limits, each answered before more is read:
//  - request line + headers over max_header_bytes -> 431, connection closed;
//  - a body over the matched route's max_body_bytes -> 413 (from Content-Length before reading,
//    or while reading a chunked body), connection closed;
//  - no complete request headers within header_timeout of the first byte -> 408, closed; an
//    idle keep-alive connection is closed after idle_timeout; a body not received within
//    body_timeout -> 408, closed;
//  - more than max_connections open connections -> 503 with Retry-After, closed.
// Stop() is graceful: stop accepting, close idle connections, let in-flight requests finish
// for up to shutdown_grace, then close the rest and join the threads.
#ifndef TRICHOLOG_HTTP_SERVER_H_
#define TRICHOLOG_HTTP_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/error.h"
#include "http/router.h"

namespace tricholog::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: an ephemeral port (read it back with HttpServer::port())
  std::size_t io_threads = 2;
  std::size_t max_connections = 1024;
  std::size_t max_header_bytes = std::size_t{8} * 1024;
  std::chrono::milliseconds idle_timeout{30'000};
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{120'000};
  std::chrono::milliseconds write_timeout{60'000};
  std::chrono::milliseconds shutdown_grace{10'000};
};

// "ADDR:PORT" ("127.0.0.1:8080", "[::1]:0") into options.address and options.port;
// kInvalidArgument (field "listen") naming the accepted form.
Result<void> ParseListenAddress(std::string_view text, ServerOptions& options);

class HttpServer {
 public:
  // `router` must outlive the server; its table must not change once Start() is called.
  HttpServer(const Router& router, ServerOptions options);
  // Stops (gracefully) if running.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting on the I/O threads. kInvalidArgument (field "listen") for an
  // address that is not an IP address; kIo when the port cannot be bound (in use, no
  // permission). Call once.
  Result<void> Start();
  // The bound port (the ephemeral one when options.port was 0); 0 before Start().
  std::uint16_t port() const;
  // "http://ADDR:PORT/" with the bound port (IPv6 addresses in brackets).
  std::string Url() const;

  // Graceful stop (see the header comment); returns when the threads have joined. Idempotent and
  // thread-safe; must not be called from a handler.
  void Stop();
  // From now on SIGINT and SIGTERM request a stop instead of ending the process. Call before
  // announcing the server (printing its URL), so that a signal sent as soon as the server
  // answers still stops it gracefully. RunUntilSignal() calls it when it was not called.
  void HandleStopSignals();
  // Blocks until SIGINT or SIGTERM arrives or RequestStop() is called, then Stop()s.
  void RunUntilSignal();
  // Makes RunUntilSignal() return (after stopping). Async-signal-unsafe; thread-safe.
  void RequestStop();

  // Connections open now (for tests and logs).
  std::size_t open_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tricholog::http

#endif  // TRICHOLOG_HTTP_SERVER_H_
