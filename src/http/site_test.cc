// Static files, templates and the site's own routes (health, home), over a real server.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "http/http_test_util.h"
#include "http/site_routes.h"
#include "http/static_files.h"
#include "http/templates.h"

namespace tricholog::http {
namespace {

namespace fs = std::filesystem;
using test::Fetch;
using test::TestServer;

const fs::path kWebDir = fs::path(TRICHOLOG_SOURCE_DIR) / "web";

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("tricholog_http_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  void Write(const fs::path& relative, const std::string& text) const {
    fs::create_directories((path_ / relative).parent_path());
    std::ofstream(path_ / relative, std::ios::binary) << text;
  }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

TEST(Templates, RefusesATemplateWithoutTheAutoescapeFirstLine) {
  TempDir dir;
  dir.Write("good.tpl", std::string(kAutoescapePragma) + "\n<p>{{X}}</p>\n");
  ASSERT_TRUE(TemplateRenderer::Open(dir.path()));
  for (const std::string& first_line :
       {std::string("<p>{{X}}</p>"), std::string("{{%AUTOESCAPE context=\"JAVASCRIPT\"}}"),
        std::string(" ") + std::string(kAutoescapePragma), std::string("")}) {
    TempDir bad;
    bad.Write("good.tpl", std::string(kAutoescapePragma) + "\nfine\n");
    bad.Write("sub/bad.tpl", first_line + "\n<p>{{X}}</p>\n");
    auto renderer = TemplateRenderer::Open(bad.path());
    ASSERT_FALSE(renderer) << first_line;
    EXPECT_NE(renderer.error().field.find("bad.tpl"), std::string::npos);
    EXPECT_NE(renderer.error().message.find("AUTOESCAPE"), std::string::npos);
  }
}

TEST(Templates, EscapesValuesByContext) {
  TempDir dir;
  dir.Write("page.tpl", std::string(kAutoescapePragma) +
                            "\n<p>{{X}}</p><a href=\"/x?q={{X}}\" title=\"{{X}}\">a</a>\n");
  auto renderer = TemplateRenderer::Open(dir.path());
  ASSERT_TRUE(renderer) << renderer.error().ToString();
  ctemplate::TemplateDictionary dict("page");
  dict.SetValue("X", "<script>alert(\"x\")</script>&");
  auto html = (*renderer)->Render("page.tpl", dict);
  ASSERT_TRUE(html) << html.error().ToString();
  EXPECT_EQ(html->find("<script>"), std::string::npos);
  EXPECT_NE(html->find("&lt;script&gt;"), std::string::npos);
  EXPECT_FALSE((*renderer)->Render("missing.tpl", dict));
  EXPECT_FALSE((*renderer)->Render("../page.tpl", dict));
}

TEST(Templates, ProjectTemplatesAllOpenAndTheLayoutRenders) {
  auto renderer = TemplateRenderer::Open(kWebDir / "templates");
  ASSERT_TRUE(renderer) << renderer.error().ToString();
  const Principal principal{"u1", store::Role::kPatient, "tok\"en<"};
  auto html =
      RenderPage(**renderer, {"Home <&>", "home.tpl", &principal},
                 [](ctemplate::TemplateDictionary& main) { main.ShowSection("SIGNED_IN"); });
  ASSERT_TRUE(html) << html.error().ToString();
  EXPECT_NE(html->find("Tricholog informs; it does not diagnose or prescribe."), std::string::npos);
  EXPECT_NE(html->find("href=\"/static/css/site.css\""), std::string::npos);
  EXPECT_NE(html->find("Home &lt;&amp;&gt;"), std::string::npos);
  EXPECT_NE(html->find("value=\"tok&quot;en&lt;\""), std::string::npos);
  EXPECT_EQ(html->find("<script"), std::string::npos);
  EXPECT_EQ(html->find("onclick="), std::string::npos);
  auto anonymous = RenderPage(**renderer, {"Home", "home.tpl", nullptr}, nullptr);
  ASSERT_TRUE(anonymous);
  EXPECT_NE(anonymous->find("href=\"/signin\""), std::string::npos);
}

TEST(StaticFiles, ServesWithTypeEtagAndRevalidation) {
  TempDir root;
  root.Write("css/site.css", "body{}");
  Request request;
  Response response = ServeStaticFile(root.path(), "css/site.css", request);
  ASSERT_EQ(response.status, 200);
  ASSERT_TRUE(response.file);
  EXPECT_EQ(response.Header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(response.Header("Cache-Control"), "no-cache");
  const std::string etag(response.Header("ETag"));
  ASSERT_FALSE(etag.empty());
  request.headers["if-none-match"] = etag;
  EXPECT_EQ(ServeStaticFile(root.path(), "css/site.css", request).status, 304);
}

TEST(StaticFiles, RefusesTraversalHiddenFilesLinksOutAndUnknownTypes) {
  TempDir outside;
  outside.Write("secret.css", "secret");
  TempDir root;
  root.Write("css/site.css", "body{}");
  root.Write(".hidden.css", "x");
  root.Write("notes.cc", "x");
  fs::create_symlink(outside.path() / "secret.css", root.path() / "css" / "link.css");
  const Request request;
  for (const char* bad :
       {"../secret.css", "css/../../secret.css", "css/./site.css", ".hidden.css", "css//site.css",
        "/etc/passwd", "css\\site.css", "css/link.css", "notes.cc", "css", "missing.css", ""}) {
    EXPECT_EQ(ServeStaticFile(root.path(), bad, request).status, 404) << bad;
  }
  EXPECT_EQ(ServeStaticFile(root.path(), std::string("css/site.css\0x", 14), request).status, 404);
}

class SiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto renderer = TemplateRenderer::Open(kWebDir / "templates");
    ASSERT_TRUE(renderer) << renderer.error().ToString();
    renderer_ = std::move(*renderer);
    ASSERT_TRUE(
        AddSiteRoutes(router_, {kWebDir / "static", renderer_.get(), [this]() -> Result<int> {
                                  if (store_down_) {
                                    return MakeError(ErrorCode::kIo, "down");
                                  }
                                  return 7;
                                }}));
  }
  std::unique_ptr<TemplateRenderer> renderer_;
  Router router_;
  std::atomic<bool> store_down_{false};
};

TEST_F(SiteTest, HealthReportsTheSchemaVersionOr503) {
  TestServer server(router_);
  for (const char* target : {"/healthz", "/api/v1/health"}) {
    auto reply = Fetch(server.port(), "GET", target);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 200);
    EXPECT_EQ(reply->Header("content-type"), "application/json");
    EXPECT_EQ(nlohmann::json::parse(reply->body),
              (nlohmann::json{{"status", "ok"}, {"schema_version", 7}}));
  }
  store_down_ = true;
  auto down = Fetch(server.port(), "GET", "/healthz");
  ASSERT_TRUE(down);
  EXPECT_EQ(down->status, 503);
}

TEST_F(SiteTest, HomePageAndStylesheetAreServed) {
  TestServer server(router_);
  auto home = Fetch(server.port(), "GET", "/");
  ASSERT_TRUE(home);
  EXPECT_EQ(home->status, 200);
  EXPECT_NE(home->body.find("href=\"/signin\""), std::string::npos);
  EXPECT_NE(home->body.find("does not diagnose or prescribe"), std::string::npos);
  auto css = Fetch(server.port(), "GET", "/static/css/site.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->status, 200);
  EXPECT_EQ(css->Header("content-type"), "text/css; charset=utf-8");
  EXPECT_FALSE(css->Header("etag").empty());
  EXPECT_NE(css->body.find(":focus-visible"), std::string::npos);
  auto revalidated = Fetch(server.port(), "GET", "/static/css/site.css",
                           "If-None-Match: " + css->Header("etag") + "\r\n");
  ASSERT_TRUE(revalidated);
  EXPECT_EQ(revalidated->status, 304);
  for (const char* bad : {"/static/../CMakeLists.txt", "/static/%2e%2e/templates/layout.tpl",
                          "/static/css/%2e%2e%2f%2e%2e%2fCMakeLists.txt", "/static/"}) {
    auto refused = Fetch(server.port(), "GET", bad);
    ASSERT_TRUE(refused) << bad;
    EXPECT_TRUE(refused->status == 400 || refused->status == 404) << bad << " " << refused->status;
    EXPECT_EQ(refused->body.find("cmake_minimum_required"), std::string::npos);
  }
}

}  // namespace
}  // namespace tricholog::http
