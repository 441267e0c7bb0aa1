// Test helpers for src/http: a blocking loopback client over POSIX sockets (so tests exercise
// the real server and need neither Beast nor Asio) and a fixture that serves a Router on an
// ephemeral port.
#ifndef TRICHOLOG_HTTP_HTTP_TEST_UTIL_H_
#define TRICHOLOG_HTTP_HTTP_TEST_UTIL_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/server.h"

namespace tricholog::http::test {

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// One client connection to 127.0.0.1:port.
class Connection {
 public:
  explicit Connection(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~Connection() {
    if (fd_ >= 0) ::close(fd_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool connected() const { return connected_; }

  // Sends all of `bytes`; false when the peer has gone.
  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Reads one response (Content-Length framed; `head`: no body). std::nullopt when the
  // connection closes or nothing complete arrives within `timeout`.
  std::optional<Reply> Read(std::chrono::milliseconds timeout = std::chrono::seconds(10),
                            bool head = false) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill(deadline)) return std::nullopt;
    }
    Reply reply;
    const std::string head_text = buffer_.substr(0, header_end);
    std::size_t line_end = head_text.find("\r\n");
    const std::string status_line = head_text.substr(0, line_end);
    if (status_line.size() < 12) return std::nullopt;
    reply.status = std::stoi(status_line.substr(9, 3));
    while (line_end != std::string::npos) {
      const std::size_t next = head_text.find("\r\n", line_end + 2);
      const std::string line = head_text.substr(line_end + 2, next - line_end - 2);
      line_end = next;
      const std::size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      reply.headers[name] = value;
    }
    buffer_.erase(0, header_end + 4);
    std::size_t length = 0;
    if (!head && reply.headers.count("content-length")) {
      length = std::stoul(reply.headers["content-length"]);
    }
    if (reply.status == 100) return reply;
    while (buffer_.size() < length) {
      if (!Fill(deadline)) return std::nullopt;
    }
    reply.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return reply;
  }

  // Whether the server closes the connection within `timeout` (reading and discarding data).
  bool WaitClosed(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
      char scratch[4096];
      const ssize_t n = ::recv(fd_, scratch, sizeof scratch, 0);
      if (n <= 0) return true;
    }
  }

 private:
  bool Fill(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char chunk[16384];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

// A request in HTTP/1.1 with Host and Content-Length set.
inline std::string RequestText(std::string_view method, std::string_view target,
                               std::string_view extra_headers = "", std::string_view body = "") {
  std::string text = std::string(method) + " " + std::string(target) +
                     " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + std::string(extra_headers);
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return text + "\r\n" + std::string(body);
}

// One request on a new connection.
inline std::optional<Reply> Fetch(std::uint16_t port, std::string_view method,
                                  std::string_view target, std::string_view extra_headers = "",
                                  std::string_view body = "") {
  Connection connection(port);
  if (!connection.connected()) return std::nullopt;
  connection.Send(RequestText(method, target, extra_headers, body));
  return connection.Read(std::chrono::seconds(10), method == "HEAD");
}

// A server on 127.0.0.1:0 serving `router`, stopped on destruction.
class TestServer {
 public:
  explicit TestServer(const Router& router, ServerOptions options = {}) {
    options.address = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<HttpServer>(router, options);
    started_ = server_->Start().has_value();
  }
  bool started() const { return started_; }
  std::uint16_t port() const { return server_->port(); }
  HttpServer& server() { return *server_; }

 private:
  std::unique_ptr<HttpServer> server_;
  bool started_ = false;
};

}  // namespace tricholog::http::test

#endif  // TRICHOLOG_HTTP_HTTP_TEST_UTIL_H_
