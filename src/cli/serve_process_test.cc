// `tricholog serve` as a real process: it prints the URL it listens on, answers GET /healthz
// with the store's schema version, and exits 0 after SIGINT (and after SIGTERM).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace tricholog::cli {
namespace {

namespace fs = std::filesystem;

struct Child {
  pid_t pid = -1;
  int out = -1;  // the child's stdout
  int err = -1;  // the child's stderr
};

Child Spawn(const std::vector<std::string>& args) {
  int out[2], err[2];
  if (::pipe(out) != 0 || ::pipe(err) != 0) return {};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::close(out[0]);
    ::close(err[0]);
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(err[1]);
  return {pid, out[0], err[0]};
}

// Reads from `fd` until `text` contains a newline or `timeout` passes.
std::string ReadLine(int fd, std::chrono::seconds timeout) {
  std::string text;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (text.find('\n') == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char chunk[256];
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) break;
    text.append(chunk, static_cast<std::size_t>(n));
  }
  return text;
}

std::string ReadAll(int fd) {
  std::string text;
  char chunk[4096];
  ssize_t n;
  while ((n = ::read(fd, chunk, sizeof chunk)) > 0) text.append(chunk, static_cast<std::size_t>(n));
  return text;
}

// GET `target` on 127.0.0.1:port with Connection: close; the whole response text.
std::string Get(int port, const std::string& target) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    const std::string request =
        "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
        static_cast<ssize_t>(request.size())) {
      response = ReadAll(fd);
    }
  }
  ::close(fd);
  return response;
}

int WaitExit(pid_t pid) {
  int status = 0;
  for (int i = 0; i < 300; ++i) {  // up to 30 s; a hang fails the test instead of the suite
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    ::usleep(100'000);
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return -1;
}

class ServeProcess : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    dir_ = fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" /
           ("serve_" + std::to_string(::getpid()) + "_" + std::to_string(GetParam()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_P(ServeProcess, PrintsItsUrlAnswersHealthAndStopsCleanlyOnSignal) {
  const std::string binary = (fs::path(TRICHOLOG_BINARY_DIR) / "tricholog").string();
  Child child = Spawn({binary, "serve", "--db", "sqlite:" + (dir_ / "store.db").string(),
                       "--listen", "127.0.0.1:0"});
  ASSERT_GT(child.pid, 0);
  const std::string line = ReadLine(child.out, std::chrono::seconds(30));
  const std::string prefix = "Tricholog is serving at http://127.0.0.1:";
  ASSERT_EQ(line.rfind(prefix, 0), 0u) << "stdout: " << line;
  const int port = std::stoi(line.substr(prefix.size()));
  ASSERT_GT(port, 0);

  const std::string health = Get(port, "/healthz");
  EXPECT_EQ(health.rfind("HTTP/1.1 200", 0), 0u) << health;
  EXPECT_NE(health.find("\"status\":\"ok\""), std::string::npos) << health;
  EXPECT_NE(health.find("\"schema_version\":"), std::string::npos) << health;
  const std::string home = Get(port, "/");
  EXPECT_NE(home.find("Tricholog informs; it does not diagnose or prescribe."), std::string::npos);

  ::kill(child.pid, GetParam());
  EXPECT_EQ(WaitExit(child.pid), 0) << ReadAll(child.err);
  ::close(child.out);
  ::close(child.err);
}

INSTANTIATE_TEST_SUITE_P(Signals, ServeProcess, ::testing::Values(SIGINT, SIGTERM));

TEST(ServeProcessErrors, BadListenAddressIsAUsageErrorNamingTheOption) {
  const std::string binary = (fs::path(TRICHOLOG_BINARY_DIR) / "tricholog").string();
  Child child = Spawn({binary, "serve", "--listen", "localhost"});
  ASSERT_GT(child.pid, 0);
  const std::string err = ReadAll(child.err);
  EXPECT_EQ(WaitExit(child.pid), 1);
  EXPECT_NE(err.find("tricholog: error: listen:"), std::string::npos) << err;
  ::close(child.out);
  ::close(child.err);
}

}  // namespace
}  // namespace tricholog::cli
