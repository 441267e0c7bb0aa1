// The only translation unit that includes Beast (compile cost: see docs/http.md).
#include "http/server.h"

// (server.h includes http/task.h, which includes <utility> before any Asio header.)
#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>
#include <condition_variable>
#include <csignal>
#include <exception>
#include <limits>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace tricholog::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

struct Connection {
  explicit Connection(beast::tcp_stream s) : stream(std::move(s)) {}
  beast::tcp_stream stream;
  bool idle = false;  // waiting for the next request; read and written on the strand only
};

// A deadline for one read that, unlike beast::tcp_stream's own timeout (which closes the
// socket), only cancels the pending operation, so that a 408 can still be written.
class ReadDeadline {
 public:
  ReadDeadline(beast::tcp_stream& stream, std::chrono::milliseconds timeout)
      : timer_(stream.get_executor()), state_(std::make_shared<State>()) {
    stream.expires_never();
    timer_.expires_after(timeout);
    timer_.async_wait([state = state_, &stream](const beast::error_code& ec) {
      // `armed` is cleared (on the same strand) once the read is over: a wake-up queued just
      // as the read completed must not cancel the next one.
      if (ec || !state->armed) return;
      state->fired = true;
      beast::error_code ignored;
      stream.socket().cancel(ignored);
    });
  }
  ~ReadDeadline() {
    state_->armed = false;
    timer_.cancel();
  }
  bool fired() const { return state_->fired; }

 private:
  struct State {
    bool armed = true;
    bool fired = false;
  };
  asio::steady_timer timer_;
  std::shared_ptr<State> state_;
};

// Boost 1.74's beast::string_view is boost::string_view, which does not convert to std's.
std::string_view Std(beast::string_view text) { return {text.data(), text.size()}; }

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool IsSafeHeaderText(std::string_view text) {
  return std::none_of(text.begin(), text.end(),
                      [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

// The Request a handler sees, from the parsed header. Query errors are returned.
Result<void> FillRequest(const bhttp::request_parser<bhttp::string_body>::value_type& header,
                         const std::string& remote_address, Request& request) {
  request.method = ParseMethod(Std(header.method_string()));
  request.target = std::string(Std(header.target()));
  request.remote_address = remote_address;
  const std::size_t question = request.target.find('?');
  const std::string_view raw_path = std::string_view(request.target).substr(0, question);
  auto path = PercentDecode(raw_path, false, "path");
  request.path = path ? *path : std::string(raw_path);
  for (const auto& field : header) {
    const std::string name = Lower(Std(field.name_string()));
    const std::string_view value = Std(field.value());
    auto [it, inserted] = request.headers.emplace(name, std::string(value));
    if (!inserted) it->second.append(name == "cookie" ? "; " : ", ").append(value);
  }
  request.cookies = ParseCookieHeader(request.Header("cookie"));
  if (question != std::string::npos) {
    FormLimits limits;
    limits.max_total_bytes = std::size_t{8} * 1024;
    auto query =
        ParseUrlEncoded(std::string_view(request.target).substr(question + 1), "query", limits);
    if (!query) return tl::unexpected(query.error());
    request.query = std::move(*query);
  }
  return {};
}

}  // namespace

Result<void> ParseListenAddress(std::string_view text, ServerOptions& options) {
  const auto fail = [&] {
    return InvalidArgument("listen", Quote(text) +
                                         " is not ADDR:PORT (e.g. 127.0.0.1:8080 or [::1]:8080; "
                                         "port 0 to 65535)");
  };
  std::string_view host;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return fail();
    }
    host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return fail();
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
  }
  if (host.empty() || port_text.empty() || port_text.size() > 5 ||
      !std::all_of(port_text.begin(), port_text.end(),
                   [](char c) { return c >= '0' && c <= '9'; })) {
    return fail();
  }
  const int port = std::stoi(std::string(port_text));
  if (port > 65535) return fail();
  beast::error_code ec;
  asio::ip::make_address(std::string(host), ec);
  if (ec) {
    return InvalidArgument("listen", Quote(host) + " is not an IP address (e.g. 127.0.0.1, ::1)");
  }
  options.address = std::string(host);
  options.port = static_cast<std::uint16_t>(port);
  return {};
}

struct HttpServer::Impl {
  Impl(const Router& r, ServerOptions o)
      : router(r),
        options(std::move(o)),
        io(static_cast<int>(std::max<std::size_t>(1, options.io_threads))) {}

  const Router& router;
  const ServerOptions options;
  asio::io_context io;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::signal_set> signals;  // set by HandleStopSignals
  std::vector<std::thread> threads;
  std::uint16_t bound_port = 0;
  bool started = false;

  std::atomic<bool> stopping{false};
  mutable std::mutex mutex;
  std::condition_variable changed;
  std::set<std::shared_ptr<Connection>> connections;  // guarded by mutex
  bool stop_requested = false;                        // guarded by mutex
  bool stopped = false;                               // guarded by mutex

  void Log(std::string_view line) const { router.Log(line); }
  asio::awaitable<void> AcceptLoop();
  asio::awaitable<void> Session(std::shared_ptr<Connection> connection);
  asio::awaitable<void> RefuseBusy(std::shared_ptr<Connection> connection);
  asio::awaitable<bool> Write(beast::tcp_stream& stream, const Request& request, Response response,
                              bool keep_alive);
  asio::awaitable<void> LingeringClose(beast::tcp_stream& stream);
  void Forget(const std::shared_ptr<Connection>& connection);
};

void HttpServer::Impl::Forget(const std::shared_ptr<Connection>& connection) {
  std::lock_guard lock(mutex);
  connections.erase(connection);
  changed.notify_all();
}

asio::awaitable<void> HttpServer::Impl::AcceptLoop() {
  for (;;) {
    beast::error_code ec;
    // Named: GCC 12 destroys some temporaries in co_await operands twice (see worker_pool.h).
    auto strand = asio::make_strand(io);
    auto socket =
        co_await acceptor->async_accept(strand, asio::redirect_error(asio::use_awaitable, ec));
    if (stopping) co_return;
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      // Out of descriptors or a similar transient failure: pause instead of spinning.
      Log("accept failed: " + ec.message());
      asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(100));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    // A response goes out as a header write and a body write (a file in chunks): without
    // TCP_NODELAY, Nagle holds the second small write until the client ACKs the first, which a
    // client delays by up to 40 ms (measured: every static file took 44 ms).
    socket.set_option(tcp::no_delay(true), ec);
    auto connection = std::make_shared<Connection>(beast::tcp_stream(std::move(socket)));
    bool over_capacity = false;
    {
      std::lock_guard lock(mutex);
      if (connections.size() >= options.max_connections) {
        over_capacity = true;
      } else {
        connections.insert(connection);
      }
    }
    const auto executor = connection->stream.get_executor();
    if (over_capacity) {
      asio::co_spawn(executor, RefuseBusy(connection), asio::detached);
      continue;
    }
    asio::co_spawn(executor, Session(connection),
                   [this, connection](const std::exception_ptr& failure) {
                     if (failure) {
                       try {
                         std::rethrow_exception(failure);
                       } catch (const std::exception& error) {
                         Log(std::string("connection ended by an exception: ") + error.what());
                       } catch (...) {
                         Log("connection ended by an unknown exception");
                       }
                     }
                     Forget(connection);
                   });
  }
}

asio::awaitable<void> HttpServer::Impl::LingeringClose(beast::tcp_stream& stream) {
  // Closing with unread request bytes makes the kernel send RST, which can destroy the response
  // before the client reads it; so half-close, then drain (bounded) until the client closes.
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.expires_after(std::chrono::seconds(1));
  char scratch[4096];
  std::size_t drained = 0;
  while (!ec && drained < (1u << 20)) {
    drained += co_await stream.async_read_some(asio::buffer(scratch),
                                               asio::redirect_error(asio::use_awaitable, ec));
  }
  stream.socket().close(ec);
}

asio::awaitable<void> HttpServer::Impl::RefuseBusy(std::shared_ptr<Connection> connection) {
  Request request;
  request.method = Method::kGet;
  Response response = Router::ErrorResponse(
      "/", 503, "", "the server has too many open connections; try again shortly");
  response.SetHeader("Retry-After", "5");
  connection->stream.expires_after(std::chrono::seconds(2));
  co_await Write(connection->stream, request, std::move(response), false);
  co_await LingeringClose(connection->stream);
}

asio::awaitable<bool> HttpServer::Impl::Write(beast::tcp_stream& stream, const Request& request,
                                              Response response, bool keep_alive) {
  const auto add_headers = [&](bhttp::fields& fields) {
    for (const auto& [name, value] : response.headers) {
      if (name.empty() || !IsSafeHeaderText(name) || !IsSafeHeaderText(value)) {
        Log("dropped a response header with CR, LF or NUL (route " + request.route_name + ")");
        continue;
      }
      fields.insert(name, value);
    }
  };
  beast::error_code ec;
  const unsigned status = static_cast<unsigned>(response.status);
  stream.expires_after(options.write_timeout);
  const bool head = request.method == Method::kHead;
  if (response.file) {
    bhttp::response<bhttp::file_body> message{static_cast<bhttp::status>(status), 11};
    add_headers(message);
    message.body().open(response.file->c_str(), beast::file_mode::scan, ec);
    if (ec) {
      Log("cannot open " + response.file->string() + ": " + ec.message());
      Response failure = Router::ErrorResponse(request.path, 500, "", "internal error");
      co_return co_await Write(stream, request, std::move(failure), keep_alive);
    }
    message.keep_alive(keep_alive);
    message.prepare_payload();
    if (head) {
      bhttp::response<bhttp::empty_body> header_only{message.base()};
      co_await bhttp::async_write(stream, header_only,
                                  asio::redirect_error(asio::use_awaitable, ec));
    } else {
      co_await bhttp::async_write(stream, message, asio::redirect_error(asio::use_awaitable, ec));
    }
    co_return !ec;
  }
  bhttp::response<bhttp::string_body> message{static_cast<bhttp::status>(status), 11};
  add_headers(message);
  message.keep_alive(keep_alive);
  const bool no_body = status == 204 || status == 304 || (status >= 100 && status < 200);
  if (!no_body) {
    message.content_length(response.body.size());
    if (!head) message.body() = std::move(response.body);
  }
  if (head) {
    bhttp::response<bhttp::empty_body> header_only{message.base()};
    co_await bhttp::async_write(stream, header_only, asio::redirect_error(asio::use_awaitable, ec));
  } else {
    co_await bhttp::async_write(stream, message, asio::redirect_error(asio::use_awaitable, ec));
  }
  co_return !ec;
}

asio::awaitable<void> HttpServer::Impl::Session(std::shared_ptr<Connection> connection) {
  beast::tcp_stream& stream = connection->stream;
  beast::flat_buffer buffer;
  beast::error_code ec;
  std::string remote_address;
  if (auto endpoint = stream.socket().remote_endpoint(ec); !ec) {
    remote_address = endpoint.address().to_string();
  }
  // Answers `status` with `message` and closes. Arguments are named values, never temporaries
  // (see worker_pool.h on GCC 12 and co_await operands).
  const auto fail = [&](int status, const std::string& message) -> asio::awaitable<void> {
    Request request;
    Response response = Router::ErrorResponse("/", status, "", message);
    co_await Write(stream, request, std::move(response), false);
    co_await LingeringClose(stream);
  };

  for (;;) {
    // Between requests: wait up to idle_timeout for the next one's first byte. Stop() cancels
    // this wait (and only this one) through `idle`.
    if (buffer.size() == 0) {
      if (stopping) break;
      connection->idle = true;
      stream.expires_after(options.idle_timeout);
      const std::size_t n = co_await stream.async_read_some(
          buffer.prepare(4096), asio::redirect_error(asio::use_awaitable, ec));
      connection->idle = false;
      if (ec) break;  // closed by the client, idle too long, or stopping
      buffer.commit(n);
    }

    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    // Beast checks Content-Length against the body limit while parsing the headers; the route's
    // own limit is applied once the route is known (below), so none here.
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    bool header_timed_out;
    {
      ReadDeadline deadline(stream, options.header_timeout);
      co_await bhttp::async_read_header(stream, buffer, parser,
                                        asio::redirect_error(asio::use_awaitable, ec));
      header_timed_out = deadline.fired();
    }
    if (header_timed_out) {
      const std::string message = "the request was not received in time";
      co_await fail(408, message);
      co_return;
    }
    if (ec == bhttp::error::header_limit) {
      const std::string message = "the request's headers are larger than " +
                                  std::to_string(options.max_header_bytes) + " bytes";
      co_await fail(431, message);
      co_return;
    }
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset) {
      break;
    }
    if (ec) {
      Log("refused a malformed request from " + remote_address + ": " + ec.message());
      const std::string message = "the request is not valid HTTP/1.1";
      co_await fail(400, message);
      co_return;
    }

    Request request;
    bool close_after = false;
    std::optional<Response> early;  // a response decided before the handler
    if (auto filled = FillRequest(parser.get(), remote_address, request); !filled) {
      early =
          Router::ErrorResponse(request.path, 400, filled.error().field, filled.error().message);
    }
    const std::string_view raw_path =
        std::string_view(request.target).substr(0, request.target.find('?'));
    const RouteMatch match = router.Match(request.method, raw_path);
    const auto content_length = parser.content_length();
    const bool has_body = content_length ? *content_length > 0 : parser.chunked();
    const std::size_t limit =
        match.kind == RouteMatch::Kind::kFound ? match.route->max_body_bytes : 0;
    if (!early && has_body) {
      if (match.kind != RouteMatch::Kind::kFound) {
        close_after = true;  // the router answers 404/405; the body is not read
      } else if (content_length && *content_length > limit) {
        early = Router::ErrorResponse(request.path, 413, "body",
                                      "is " + std::to_string(*content_length) +
                                          " bytes; this address accepts at most " +
                                          std::to_string(limit));
      } else {
        parser.body_limit(limit);
        if (Lower(request.Header("expect")) == "100-continue") {
          bhttp::response<bhttp::empty_body> proceed{bhttp::status::continue_, 11};
          stream.expires_after(options.write_timeout);
          co_await bhttp::async_write(stream, proceed,
                                      asio::redirect_error(asio::use_awaitable, ec));
          if (ec) break;
        }
        bool body_timed_out;
        {
          ReadDeadline deadline(stream, options.body_timeout);
          co_await bhttp::async_read(stream, buffer, parser,
                                     asio::redirect_error(asio::use_awaitable, ec));
          body_timed_out = deadline.fired();
        }
        if (body_timed_out) {
          early = Router::ErrorResponse(request.path, 408, "",
                                        "the request body was not received in time");
        } else if (ec == bhttp::error::body_limit) {
          early = Router::ErrorResponse(
              request.path, 413, "body",
              "is larger than this address accepts (" + std::to_string(limit) + " bytes)");
        } else if (ec) {
          break;
        } else {
          request.body = std::move(parser.get().body());
        }
      }
    }
    if (early) {
      co_await Write(stream, request, std::move(*early), false);
      co_await LingeringClose(stream);
      co_return;
    }

    Response response = co_await router.Dispatch(request);
    const bool keep_alive = parser.get().keep_alive() && !close_after && !stopping;
    if (!co_await Write(stream, request, std::move(response), keep_alive)) break;
    if (!keep_alive) {
      if (close_after) {
        co_await LingeringClose(stream);
        co_return;
      }
      break;
    }
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.socket().close(ec);
}

HttpServer::HttpServer(const Router& router, ServerOptions options)
    : impl_(std::make_unique<Impl>(router, std::move(options))) {}

HttpServer::~HttpServer() { Stop(); }

Result<void> HttpServer::Start() {
  Impl& impl = *impl_;
  if (impl.started) return MakeError(ErrorCode::kConflict, "is already started", "server");
  beast::error_code ec;
  const auto address = asio::ip::make_address(impl.options.address, ec);
  if (ec) {
    return InvalidArgument("listen",
                           Quote(impl.options.address) + " is not an IP address (e.g. 127.0.0.1)");
  }
  const tcp::endpoint endpoint(address, impl.options.port);
  tcp::acceptor acceptor(asio::make_strand(impl.io));
  const std::string where = impl.options.address + ":" + std::to_string(impl.options.port);
  if (acceptor.open(endpoint.protocol(), ec); !ec) {
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  }
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return MakeError(ErrorCode::kIo, "cannot listen on " + where + ": " + ec.message(), "listen");
  }
  impl.bound_port = acceptor.local_endpoint(ec).port();
  impl.acceptor.emplace(std::move(acceptor));
  impl.work.emplace(impl.io.get_executor());
  asio::co_spawn(impl.acceptor->get_executor(), impl.AcceptLoop(), asio::detached);
  for (std::size_t i = 0; i < std::max<std::size_t>(1, impl.options.io_threads); ++i) {
    impl.threads.emplace_back([&impl] {
      for (;;) {
        try {
          impl.io.run();
          return;
        } catch (const std::exception& error) {
          impl.Log(std::string("I/O thread caught: ") + error.what());
        }
      }
    });
  }
  impl.started = true;
  return {};
}

std::uint16_t HttpServer::port() const { return impl_->bound_port; }

std::string HttpServer::Url() const {
  const std::string& address = impl_->options.address;
  const bool v6 = address.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + address + "]" : address) + ":" + std::to_string(port()) + "/";
}

std::size_t HttpServer::open_connections() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->connections.size();
}

void HttpServer::Stop() {
  Impl& impl = *impl_;
  if (!impl.started || impl.stopping.exchange(true)) {
    // Not started, or another caller is stopping: wait for it to finish.
    std::unique_lock lock(impl.mutex);
    impl.changed.wait(lock, [&] { return !impl.started || impl.stopped; });
    return;
  }
  asio::post(impl.acceptor->get_executor(), [&impl] {
    beast::error_code ec;
    impl.acceptor->close(ec);
  });
  // Idle connections close now; busy ones finish their request and close after responding.
  const auto for_each_connection = [&impl](auto action) {
    std::lock_guard lock(impl.mutex);
    for (const auto& connection : impl.connections) {
      asio::post(connection->stream.get_executor(), [connection, action] { action(*connection); });
    }
  };
  for_each_connection([](Connection& connection) {
    if (connection.idle) connection.stream.cancel();
  });
  {
    std::unique_lock lock(impl.mutex);
    if (!impl.changed.wait_for(lock, impl.options.shutdown_grace,
                               [&] { return impl.connections.empty(); })) {
      impl.Log(std::to_string(impl.connections.size()) +
               " request(s) still running after the shutdown grace period; closing them");
    }
  }
  for_each_connection([](Connection& connection) {
    beast::error_code ec;
    connection.stream.socket().close(ec);
  });
  {
    std::unique_lock lock(impl.mutex);
    impl.changed.wait_for(lock, std::chrono::seconds(2), [&] { return impl.connections.empty(); });
  }
  impl.work.reset();
  impl.io.stop();
  for (auto& thread : impl.threads) thread.join();
  impl.threads.clear();
  std::lock_guard lock(impl.mutex);
  impl.stopped = true;
  impl.changed.notify_all();
}

void HttpServer::RequestStop() {
  std::lock_guard lock(impl_->mutex);
  impl_->stop_requested = true;
  impl_->changed.notify_all();
}

void HttpServer::HandleStopSignals() {
  Impl& impl = *impl_;
  if (impl.signals) return;
  impl.signals.emplace(impl.io, SIGINT, SIGTERM);
  impl.signals->async_wait([this](const beast::error_code& ec, int) {
    if (!ec) RequestStop();
  });
}

void HttpServer::RunUntilSignal() {
  Impl& impl = *impl_;
  HandleStopSignals();
  {
    std::unique_lock lock(impl.mutex);
    impl.changed.wait(lock, [&] { return impl.stop_requested || impl.stopped; });
  }
  beast::error_code ec;
  impl.signals->cancel(ec);
  Stop();
  impl.signals.reset();
}

}  // namespace tricholog::http
