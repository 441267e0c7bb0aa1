// docs/openapi.yaml and the router agree: every /api/v1 route the server has is described, and
// every path + method the file describes exists. The file is read line by line (no YAML
// library): under the top-level "paths:" key, a path is a key indented two spaces and starting
// with '/', and its operations are the HTTP-method keys indented four spaces.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "http/app.h"

namespace tricholog::http {
namespace {

using Operation = std::pair<std::string, std::string>;  // {"GET", "/api/v1/health"}

std::set<Operation> OpenApiOperations(const std::string& file) {
  std::ifstream in(file);
  EXPECT_TRUE(in) << file;
  std::set<Operation> operations;
  std::string line;
  bool in_paths = false;
  std::string path;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.find_first_not_of(' ') == std::string::npos) continue;
    if (line.find_first_not_of(' ') == 0) {  // a top-level key
      in_paths = line == "paths:";
      continue;
    }
    if (!in_paths) continue;
    if (line.rfind("  /", 0) == 0 && line.back() == ':') {
      path = line.substr(2, line.size() - 3);
      if (path.size() >= 2 && (path.front() == '"' || path.front() == '\'')) {
        path = path.substr(1, path.size() - 2);
      }
      continue;
    }
    if (line.rfind("    ", 0) == 0 && line[4] != ' ') {
      const std::string key = line.substr(4, line.find(':') - 4);
      for (const char* method : {"get", "post", "put", "patch", "delete", "options", "head"}) {
        if (key == method) {
          std::string upper(key);
          for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          operations.insert({upper, path});
        }
      }
    }
  }
  return operations;
}

TEST(OpenApi, DescribesExactlyTheRoutersApiRoutes) {
  // The whole app as `serve` builds it (no store is needed to list the routes).
  AppConfig config;
  config.web_dir = std::string(TRICHOLOG_SOURCE_DIR) + "/web";
  auto app = App::Build(config);
  ASSERT_TRUE(app) << app.error().ToString();
  std::set<Operation> routes;
  for (const Route& route : (*app)->router().routes()) {
    if (route.path.rfind("/api/v1/", 0) == 0) {
      routes.insert({std::string(MethodName(route.method)), route.path});
    }
  }
  ASSERT_FALSE(routes.empty());
  const std::set<Operation> described =
      OpenApiOperations(std::string(TRICHOLOG_SOURCE_DIR) + "/docs/openapi.yaml");
  for (const Operation& route : routes) {
    EXPECT_TRUE(described.count(route))
        << route.first << " " << route.second << " is a route but docs/openapi.yaml lacks it";
  }
  for (const Operation& operation : described) {
    EXPECT_TRUE(routes.count(operation))
        << operation.first << " " << operation.second
        << " is in docs/openapi.yaml but the router has no such route";
  }
}

}  // namespace
}  // namespace tricholog::http
