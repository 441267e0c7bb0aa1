#include "evidence/demo_posts.h"

#include <fmt/format.h>

#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "evidence/community.h"
#include "store/clock.h"

namespace tricholog::evidence {
namespace {

using nlohmann::json;

#define SEED_TRY(var, expr) \
  auto var = (expr);        \
  if (!var) return tl::unexpected(var.error())

Result<json> ReadJson(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeError(ErrorCode::kNotFound, "cannot read " + path.string(), "posts_json");
  }
  std::stringstream text;
  text << in.rdbuf();
  json doc = json::parse(text.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return InvalidArgument("posts_json", path.string() + " is not a JSON object");
  }
  return doc;
}

// The text at `key` of `object` (kInvalidArgument naming the JSON path when absent or not text).
Result<std::string> TextAt(const json& object, const char* key, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) {
    return InvalidArgument(where + "." + key, "must be text");
  }
  return it->get<std::string>();
}

Result<long long> IntAt(const json& object, const char* key, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer() || it->get<long long>() < 0) {
    return InvalidArgument(where + "." + key, "must be a whole number, 0 or more");
  }
  return it->get<long long>();
}

}  // namespace

std::string DemoAuthorEmail(const std::string& key) {
  std::string local;
  for (char c : key) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    local += ok ? c : '.';
  }
  return local + "@community.tricholog.example";
}

Result<DemoCommunitySummary> SeedDemoCommunity(store::Store& store,
                                               const std::filesystem::path& posts_json,
                                               const DemoCommunityOptions& options) {
  SEED_TRY(doc, ReadJson(posts_json));
  if (doc->value("format_version", 0) != 1) {
    return InvalidArgument("format_version", posts_json.string() + ": format_version must be 1");
  }
  const auto authors = doc->find("authors");
  const auto posts = doc->find("posts");
  if (authors == doc->end() || !authors->is_array() || posts == doc->end() || !posts->is_array()) {
    return InvalidArgument("posts_json", posts_json.string() + " needs arrays authors and posts");
  }
  const store::Actor admin = store::Actor::LocalAdmin();
  Community community(store);
  DemoCommunitySummary summary;

  std::map<std::string, std::string> user_of;  // author key -> user id
  for (std::size_t i = 0; i < authors->size(); ++i) {
    const json& a = (*authors)[i];
    const std::string where = fmt::format("authors[{}]", i);
    SEED_TRY(key, TextAt(a, "key", where));
    SEED_TRY(name, TextAt(a, "display_name", where));
    SEED_TRY(role_text, TextAt(a, "role", where));
    SEED_TRY(role, store::ParseRole(*role_text, where + ".role"));
    if (*role == store::Role::kAdmin) return InvalidArgument(where + ".role", "no demo admins");
    SEED_TRY(user, store.CreateUser(admin, {"", *role, DemoAuthorEmail(*key), *name, ""},
                                    options.password));
    user_of[*key] = user->id;
    ++summary.authors;
  }

  // Noon UTC of the demo's today, minus days; later items of the file a minute earlier each so
  // that posts of one day keep the file's order under "new".
  const long long noon =
      static_cast<long long>(options.today.days_since_epoch()) * 86400 + 12 * 3600;
  int ordinal = 0;
  auto at = [&](long long days_ago) {
    return store::FormatUtc(noon - days_ago * 86400 - 60 * (ordinal++ % 600));
  };
  auto author_id = [&](const json& item, const std::string& where) -> Result<std::string> {
    SEED_TRY(key, TextAt(item, "author", where));
    auto it = user_of.find(*key);
    if (it == user_of.end()) {
      return InvalidArgument(where + ".author", "\"" + *key + "\" is not one of the authors");
    }
    return it->second;
  };

  std::function<Result<void>(const json&, const std::string&, const std::string&,
                             const std::string&)>
      add_comments = [&](const json& list, const std::string& where, const std::string& post_id,
                         const std::string& parent_id) -> Result<void> {
    if (!list.is_array()) return InvalidArgument(where, "must be an array");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const json& c = list[i];
      const std::string here = fmt::format("{}[{}]", where, i);
      SEED_TRY(author, author_id(c, here));
      SEED_TRY(body, TextAt(c, "body", here));
      SEED_TRY(days, IntAt(c, "days_ago", here));
      NewComment comment{post_id, parent_id, *body, *author, at(*days)};
      SEED_TRY(made, community.AddComment(admin, comment));
      ++summary.comments;
      if (c.contains("replies")) {
        SEED_TRY(r, add_comments(c["replies"], here + ".replies", post_id, made->id));
      }
    }
    return {};
  };

  for (std::size_t i = 0; i < posts->size(); ++i) {
    const json& p = (*posts)[i];
    const std::string where = fmt::format("posts[{}]", i);
    SEED_TRY(key, TextAt(p, "id", where));
    SEED_TRY(author, author_id(p, where));
    SEED_TRY(category_text, TextAt(p, "category", where));
    SEED_TRY(category, ParsePostCategory(*category_text, where + ".category"));
    SEED_TRY(title, TextAt(p, "title", where));
    SEED_TRY(body, TextAt(p, "body", where));
    SEED_TRY(days, IntAt(p, "days_ago", where));
    SEED_TRY(upvotes, IntAt(p, "upvotes", where));
    NewPost post;
    post.category = *category;
    post.title = *title;
    post.body = *body;
    post.author_user_id = *author;
    post.created_at = at(*days);
    post.seed_upvotes = *upvotes;
    if (p.contains("studies")) {
      if (!p["studies"].is_array()) return InvalidArgument(where + ".studies", "must be an array");
      for (const json& csl : p["studies"]) {
        if (!csl.is_string()) return InvalidArgument(where + ".studies", "must hold text");
        SEED_TRY(rows, store.database().Query("SELECT id FROM studies WHERE source = ?",
                                              {"starter:" + csl.get<std::string>()}));
        if (rows->rows.empty()) {
          summary.warnings.push_back(
              fmt::format("post {}: study {} is not in the library; link skipped", *key,
                          csl.get<std::string>()));
          continue;
        }
        post.study_ids.push_back(rows->rows[0][0].value_or(""));
      }
    }
    summary.study_links += static_cast<int>(post.study_ids.size());
    SEED_TRY(made, community.CreatePost(admin, post));
    ++summary.posts;
    summary.seeded_upvotes += *upvotes;
    if (p.contains("comments")) {
      SEED_TRY(c, add_comments(p["comments"], where + ".comments", made->id, ""));
    }
  }

  // The demo physician moderates, so that the demo shows moderation.
  SEED_TRY(physician, store.database().Query("SELECT id FROM users WHERE email = ?",
                                             {options.moderator_email}));
  if (!options.moderator_email.empty() && !physician->rows.empty()) {
    summary.moderator_user_id = physician->rows[0][0].value_or("");
    SEED_TRY(granted, community.GrantModerator(admin, summary.moderator_user_id));
  }
  return summary;
}

}  // namespace tricholog::evidence
