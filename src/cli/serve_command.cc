// `tricholog serve`: the web application. Opens the store, loads the templates from web/ (see
// http::FindWebDir), serves on --listen until SIGINT/SIGTERM, then stops gracefully (in-flight
// requests finish). Prints "Tricholog is serving at http://ADDR:PORT/" once it is listening.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <mutex>
#include <ostream>

#include "app/demo_store.h"
#include "cli/command_context.h"
#include "cli/demo_command.h"
#include "http/app.h"
#include "http/server.h"
#include "http/templates.h"
#include "store/blob_store.h"
#include "store/open_store.h"

namespace tricholog::cli {
namespace {

// `serve` speaks plain HTTP (loopback, or behind a TLS-terminating proxy), so the session cookie
// is not marked Secure; set this when the server itself serves TLS.
constexpr bool kServeOverTls = false;

struct ServeOptions {
  std::string db_url;
  std::string listen = "127.0.0.1:8080";
  bool demo = false;
};

// Whether the demo patient's account exists in `store`.
Result<bool> HasDemoPatient(store::Store& store) {
  auto users = store.ListUsers(store::Actor::LocalAdmin());
  if (!users) return tl::unexpected(users.error());
  for (const store::UserSummary& summary : *users) {
    if (summary.user.email == app::kDemoPatientEmail) return true;
  }
  return false;
}

// `serve --demo` on an existing store (or PostgreSQL, or an in-memory SQLite store): adds the
// demo to it unless its patient is there already (progress on stderr).
Result<void> EnsureDemo(CommandContext& context, store::Store& store,
                        const store::DbLocation& location) {
  auto present = HasDemoPatient(store);
  if (!present) return tl::unexpected(present.error());
  if (!*present) {
    auto blobs = store::BlobStore::Open(location.blob_dir);
    if (!blobs) return tl::unexpected(blobs.error());
    app::DemoOptions demo;
    demo.protocols_dir = context.DataDir() / "protocols";
    auto made = app::CreateDemoStore(store, *blobs, demo, [&context](int i, int n, int) {
      context.err << "demo: session " << i + 1 << " of " << n << "\n" << std::flush;
    });
    if (!made) return tl::unexpected(made.error());
  }
  return {};
}

void PrintDemoSignIns(CommandContext& context) {
  context.out << "Demo sign-ins (demo only, published password; never use on real data):\n"
              << "  patient:   " << app::kDemoPatientEmail << " / " << app::kDemoPassword << "\n"
              << "  physician: " << app::kDemoPhysicianEmail << " / " << app::kDemoPassword
              << std::endl;
}

Result<void> Serve(CommandContext& context, const ServeOptions& options) {
  http::ServerOptions server_options;
  if (auto parsed = http::ParseListenAddress(options.listen, server_options); !parsed) {
    return parsed;
  }
  const std::string db_url = options.db_url.empty() ? store::DefaultDbUrl() : options.db_url;
  auto location = store::ParseDbLocation(db_url);
  if (!location) return tl::unexpected(location.error());
  std::error_code ec;
  if (options.demo && location->kind == store::DbLocation::Kind::kSqlite &&
      location->sqlite_path != ":memory:" &&
      !std::filesystem::exists(std::filesystem::symlink_status(location->sqlite_path, ec))) {
    // A new demo store is built aside and renamed into place (cli/demo_command.h), so a start
    // interrupted while the demo is made leaves nothing half-made; the next start makes it anew.
    if (auto made = CreateDemo(context, db_url); !made) return made;
  }
  auto opened = store::OpenStore(*location);
  if (!opened) return tl::unexpected(opened.error());
  if (options.demo) {
    if (auto demo = EnsureDemo(context, **opened, *location); !demo) return demo;
  }
  // A Store is used by one thread at a time; requests arrive on several I/O threads. One Store
  // (behind a lock) serves the health checks and session lookups; a second one the Argon2id
  // calls (sign-in, sign-up, password change) on the worker pool, so a sign-in never holds up
  // other requests. An in-memory SQLite store cannot be opened twice: it shares the first.
  auto sessions = std::make_shared<http::StoreGate>(std::move(*opened));
  std::shared_ptr<http::StoreGate> passwords = sessions;
  if (!(location->kind == store::DbLocation::Kind::kSqlite &&
        location->sqlite_path == ":memory:")) {
    auto second = store::OpenStore(*location);
    if (!second) return tl::unexpected(second.error());
    passwords = std::make_shared<http::StoreGate>(std::move(*second));
  }
  http::WorkerPool pool(2, 256);
  auto blobs = store::BlobStore::Open(location->blob_dir);
  if (!blobs) return tl::unexpected(blobs.error());
  auto log_mutex = std::make_shared<std::mutex>();
  http::AppConfig config;
  config.web_dir = http::FindWebDir();
  config.protocols_dir = context.DataDir() / "protocols";
  config.records = sessions;
  config.passwords = passwords;
  config.blobs = &*blobs;
  config.pool = &pool;
  config.secure_cookie = kServeOverTls;
  config.log = [&context, log_mutex](std::string_view line) {
    std::lock_guard lock(*log_mutex);
    context.err << "tricholog serve: " << line << "\n";
  };
  auto app = http::App::Build(std::move(config));
  if (!app) return tl::unexpected(app.error());
  http::Router& router = (*app)->router();

  http::HttpServer server(router, server_options);
  if (auto started = server.Start(); !started) return started;
  server.HandleStopSignals();  // before the URL: a signal sent once it answers stops it cleanly
  context.out << "Tricholog is serving at " << server.Url() << std::endl;
  if (options.demo) PrintDemoSignIns(context);
  server.RunUntilSignal();
  context.err << "tricholog serve: stopped\n";
  return {};
}

}  // namespace

void RegisterServeCommand(CLI::App& app, CommandContext& context) {
  auto* cmd = app.add_subcommand(
      "serve", "Serve the web application until Ctrl-C (in-flight requests finish first)");
  auto options = std::make_shared<ServeOptions>();
  cmd->add_option("--db", options->db_url,
                  "Store: sqlite:PATH or postgresql://USER@HOST:PORT/DB (default: " +
                      store::DefaultDbUrl() + ")");
  cmd->add_option("--listen", options->listen, "ADDR:PORT to listen on; port 0 picks a free one")
      ->capture_default_str();
  cmd->add_flag(
      "--demo", options->demo,
      "Create the demo (demo patient and physician) in the store when it is missing, then "
      "print both demo sign-ins");
  cmd->callback([&context, options] {
    if (auto served = Serve(context, *options); !served) context.Fail(served.error());
  });
}

}  // namespace tricholog::cli
