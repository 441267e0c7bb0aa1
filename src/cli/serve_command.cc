// `tricholog serve`: the web application. Opens the store, loads the templates from web/ (see
// http::FindWebDir), serves on --listen until SIGINT/SIGTERM, then stops gracefully (in-flight
// requests finish). Prints "Tricholog is serving at http://ADDR:PORT/" once it is listening.
#include <CLI/CLI.hpp>
#include <memory>
#include <mutex>
#include <ostream>

#include "cli/command_context.h"
#include "http/server.h"
#include "http/site_routes.h"
#include "http/templates.h"
#include "store/open_store.h"

namespace tricholog::cli {
namespace {

struct ServeOptions {
  std::string db_url;
  std::string listen = "127.0.0.1:8080";
  bool demo = false;
};

Result<void> Serve(CommandContext& context, const ServeOptions& options) {
  http::ServerOptions server_options;
  if (auto parsed = http::ParseListenAddress(options.listen, server_options); !parsed) {
    return parsed;
  }
  if (options.demo) {
    // Wired by the demo work of issue 17 (creates the demo store and prints its sign-ins).
    context.err << "tricholog serve: --demo is not available in this build yet; serving the "
                   "store given by --db without demo data\n";
  }
  auto location =
      store::ParseDbLocation(options.db_url.empty() ? store::DefaultDbUrl() : options.db_url);
  if (!location) return tl::unexpected(location.error());
  auto opened = store::OpenStore(*location);
  if (!opened) return tl::unexpected(opened.error());
  // A Store is used by one thread at a time; requests arrive on several I/O threads.
  auto store = std::shared_ptr<store::Store>(std::move(*opened));
  auto store_mutex = std::make_shared<std::mutex>();

  const std::filesystem::path web_dir = http::FindWebDir();
  auto renderer = http::TemplateRenderer::Open(web_dir / "templates");
  if (!renderer) return tl::unexpected(renderer.error());

  http::Router router;
  http::SiteContext site{web_dir / "static", renderer->get(), [store, store_mutex] {
                           std::lock_guard lock(*store_mutex);
                           return store->SchemaVersion();
                         }};
  if (auto added = http::AddSiteRoutes(router, std::move(site)); !added) return added;
  // The accounts service supplies router.SetAuthenticator(...) (issue 17); until then every
  // visitor is anonymous.

  http::HttpServer server(router, server_options);
  if (auto started = server.Start(); !started) return started;
  context.out << "Tricholog is serving at " << server.Url() << std::endl;
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
      "Create and serve the demo store (demo patient and physician) when it is missing; not "
      "wired in this build yet (prints a notice and serves --db)");
  cmd->callback([&context, options] {
    if (auto served = Serve(context, *options); !served) context.Fail(served.error());
  });
}

}  // namespace tricholog::cli
