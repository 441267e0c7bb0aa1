// `tricholog bench relevance [--judgments FILE] [--json]`: how well related research ranks the
// starter library, against the project's graded judgments (data/evidence/relevance/).
//
// The starter library is imported into a temporary SQLite store through the library's own
// import and annotation path. For every judged query study, RelatedStudies runs once without the
// cut-off; each signal's own ranking and the blend are scored at 5: P@5 with relevant = grade
// >= 1 and = 2, and nDCG@5 with gain 2/1/0 (unlisted studies are grade 0; the ideal ranking is
// over every judged grade of that query). The cut-off's two thresholds (text, terms) are fitted
// by leave-one-query-out: each query is scored with the thresholds that maximise, over the
// other queries, relevant minus not-relevant studies among the first 10 shown; nothing is
// fitted on the query it is scored on. The fit on all queries is printed as the defaults
// evidence::RelatedCutoff should carry.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli/command_context.h"
#include "evidence/community.h"
#include "evidence/demo_posts.h"
#include "evidence/library.h"
#include "evidence/related.h"
#include "store/open_store.h"
#include "store/store.h"

namespace tricholog::cli {
namespace {

namespace fs = std::filesystem;
using evidence::RelatedCutoff;
using evidence::RelatedSignal;
using evidence::RelatedStudy;

constexpr int kAt = 5;          // P@5, nDCG@5
constexpr int kShown = 10;      // a study page lists at most 10 related studies
constexpr double kStep = 0.05;  // threshold grid step for the cut-off fit

struct RelevanceArgs {
  std::string judgments;
  bool json = false;
  bool details = false;  // with --json: every candidate of every query, its grade and similarities
};

struct Query {
  std::string key;                         // starter CSL id
  std::string id;                          // library id
  std::map<std::string, int> grades;       // library id -> grade (unlisted: 0)
  std::vector<RelatedStudy> related;       // every candidate, no cut-off, blend order
  std::map<std::string, int> post_grades;  // demo post key -> grade (unlisted: 0)
  std::vector<std::string> posts;          // RelatedPosts' list (post keys), as a page shows it
};

struct Scores {
  double p5_rel = 0, p5_high = 0, ndcg5 = 0;
  int queries = 0;
};

int GradeOf(const Query& q, const std::string& id) {
  auto it = q.grades.find(id);
  return it == q.grades.end() ? 0 : it->second;
}

// P@5 (grade >= 1 and = 2) and nDCG@5 of `ranked` (ids, best first) against `grades`; the
// ideal ranking is over every grade but `self`'s.
void ScoreGrades(const std::map<std::string, int>& grades, const std::string& self,
                 const std::vector<std::string>& ranked, double& p_rel, double& p_high,
                 double& ndcg) {
  const auto grade_of = [&](const std::string& id) {
    auto it = grades.find(id);
    return it == grades.end() ? 0 : it->second;
  };
  int rel = 0, high = 0;
  double dcg = 0;
  for (int i = 0; i < kAt && i < static_cast<int>(ranked.size()); ++i) {
    const int g = grade_of(ranked[i]);
    rel += g >= 1;
    high += g == 2;
    dcg += g / std::log2(i + 2.0);
  }
  std::vector<int> ideal;
  for (const auto& [id, g] : grades) {
    if (id != self && g > 0) ideal.push_back(g);
  }
  std::sort(ideal.rbegin(), ideal.rend());
  double idcg = 0;
  for (int i = 0; i < kAt && i < static_cast<int>(ideal.size()); ++i) {
    idcg += ideal[i] / std::log2(i + 2.0);
  }
  p_rel = static_cast<double>(rel) / kAt;
  p_high = static_cast<double>(high) / kAt;
  ndcg = idcg > 0 ? dcg / idcg : 0;
}

void Score(const Query& q, const std::vector<std::string>& ranked, double& p_rel, double& p_high,
           double& ndcg) {
  ScoreGrades(q.grades, q.id, ranked, p_rel, p_high, ndcg);
}

// A signal's own ranking (by its similarity, ties by id, as RelatedStudies ranks it), or the
// blend's (signal < 0), optionally after the cut-off.
std::vector<std::string> Ranking(const Query& q, int signal,
                                 const std::optional<RelatedCutoff>& cutoff = std::nullopt) {
  std::vector<const RelatedStudy*> list;
  for (const auto& s : q.related) {
    if (signal >= 0 && s.ranks[signal] == 0) continue;
    if (cutoff && !evidence::PassesCutoff(s, *cutoff)) continue;
    list.push_back(&s);
  }
  if (signal >= 0) {
    std::stable_sort(list.begin(), list.end(), [&](const auto* a, const auto* b) {
      if (a->similarity[signal] != b->similarity[signal]) {
        return a->similarity[signal] > b->similarity[signal];
      }
      return a->id < b->id;
    });
  }
  std::vector<std::string> ids;
  for (const auto* s : list) ids.push_back(s->id);
  return ids;
}

// Relevant minus not-relevant among the first kShown studies shown under `cutoff`.
int Utility(const Query& q, const RelatedCutoff& cutoff) {
  int u = 0, shown = 0;
  for (const auto& s : q.related) {
    if (shown == kShown) break;
    if (!evidence::PassesCutoff(s, cutoff)) continue;
    ++shown;
    u += GradeOf(q, s.id) >= 1 ? 1 : -1;
  }
  return u;
}

// The thresholds maximising the summed utility over `queries` except `skip`; among equals the
// strictest (fewest shown).
RelatedCutoff Fit(const std::vector<Query>& queries, int skip) {
  RelatedCutoff best;
  long best_u = std::numeric_limits<long>::min();
  const int steps = static_cast<int>(std::lround(1.0 / kStep));
  for (int a = steps; a >= 0; --a) {
    for (int b = steps; b >= 0; --b) {
      RelatedCutoff c;
      c.text = a * kStep;
      c.terms = b * kStep;
      long u = 0;
      for (int i = 0; i < static_cast<int>(queries.size()); ++i) {
        if (i != skip) u += Utility(queries[i], c);
      }
      if (u > best_u) {
        best_u = u;
        best = c;
      }
    }
  }
  return best;
}

Result<std::vector<Query>> LoadQueries(const fs::path& path, store::Store& store) {
  auto json = ReadJsonInput(path.string());
  if (!json) return tl::unexpected(json.error());
  if (!json->is_object() || !(*json)["queries"].is_array()) {
    return MakeError(ErrorCode::kParseError, "expected an object with a \"queries\" array",
                     "judgments");
  }
  auto rows =
      store.database().Query("SELECT id, source FROM studies WHERE source LIKE 'starter:%'", {});
  if (!rows) return tl::unexpected(rows.error());
  std::map<std::string, std::string> by_key;
  for (const auto& row : rows->rows) by_key[row[1].value_or("").substr(8)] = row[0].value_or("");
  std::vector<Query> queries;
  for (const auto& item : (*json)["queries"]) {
    Query q;
    q.key = item.value("study", "");
    if (!by_key.count(q.key)) {
      return MakeError(ErrorCode::kNotFound,
                       fmt::format("query study {} is not in the starter library", Quote(q.key)),
                       "judgments");
    }
    q.id = by_key[q.key];
    if (item.contains("studies") && item["studies"].is_object()) {
      for (const auto& [key, grade] : item["studies"].items()) {
        if (!by_key.count(key)) {
          return MakeError(ErrorCode::kNotFound,
                           fmt::format("judged study {} is not in the starter library", Quote(key)),
                           "judgments");
        }
        if (!grade.is_number_integer() || grade.get<int>() < 0 || grade.get<int>() > 2) {
          return MakeError(ErrorCode::kInvalidArgument,
                           fmt::format("grade of {} for {} is not 0, 1 or 2", key, q.key),
                           "judgments");
        }
        q.grades[by_key[key]] = grade.get<int>();
      }
    }
    if (item.contains("posts") && item["posts"].is_object()) {
      for (const auto& [key, grade] : item["posts"].items()) {
        if (grade.is_number_integer()) q.post_grades[key] = grade.get<int>();
      }
    }
    queries.push_back(std::move(q));
  }
  return queries;
}

void RunRelevance(const RelevanceArgs& args, CommandContext& context) {
  const fs::path data = context.DataDir();
  const fs::path judgments = args.judgments.empty()
                                 ? data / "evidence" / "relevance" / "judgments.json"
                                 : fs::path(args.judgments);
  // A private folder for the temporary store, removed on the way out.
  std::string dir_template = (fs::temp_directory_path() / "tricholog-relevance-XXXXXX").string();
  if (!::mkdtemp(dir_template.data())) {
    return context.Fail(Error{ErrorCode::kIo, "cannot create a temporary folder", "TMPDIR"});
  }
  const fs::path dir = dir_template;
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{dir};

  auto location = store::ParseDbLocation("sqlite:" + (dir / "relevance.db").string());
  if (!location) return context.Fail(location.error());
  store::StoreOptions store_options;
  store_options.password_cost =
      store::PasswordCost::kMinimum;  // demo accounts of a throwaway store
  auto opened = store::OpenStore(*location, store_options);
  if (!opened) return context.Fail(opened.error());
  store::Store& store = **opened;
  evidence::EvidenceLibrary library(store);
  evidence::ImportOptions import;
  import.source_prefix = "starter";
  auto imported = library.ImportFile(store::Actor::LocalAdmin(),
                                     data / "evidence" / "starter-library.csl.json", import);
  if (!imported) return context.Fail(imported.error());
  auto annotated = library.ImportAnnotations(store::Actor::LocalAdmin(),
                                             data / "evidence" / "starter-summaries.json");
  if (!annotated) return context.Fail(annotated.error());

  auto loaded = LoadQueries(judgments, store);
  if (!loaded) return context.Fail(loaded.error());
  std::vector<Query>& queries = *loaded;
  evidence::RelatedOptions options;
  options.limit = 100;
  options.apply_cutoff = false;
  options.per_signal = 1000;
  std::vector<double> ms;
  for (Query& q : queries) {
    const auto start = std::chrono::steady_clock::now();
    auto related = evidence::RelatedStudies(store, q.id, options);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
    if (!related) return context.Fail(related.error());
    q.related = std::move(*related);
  }
  std::sort(ms.begin(), ms.end());

  // Scores per ranking: the three signals alone, the blend, the blend after the cut-off (LOO).
  struct Line {
    std::string name;
    Scores s;
    int short_lists = 0;     // queries left with fewer than 5 results
    int shown = 0;           // studies shown in the first kShown, all queries
    int shown_relevant = 0;  // of which grade >= 1
  };
  std::vector<Line> lines;
  auto add = [&](const std::string& name, auto ranking_of) {
    Line line{name, {}};
    for (int i = 0; i < static_cast<int>(queries.size()); ++i) {
      const std::vector<std::string> ranked = ranking_of(i);
      double p, h, n;
      Score(queries[i], ranked, p, h, n);
      line.s.p5_rel += p;
      line.s.p5_high += h;
      line.s.ndcg5 += n;
      ++line.s.queries;
      line.short_lists += ranked.size() < static_cast<std::size_t>(kAt);
      for (int k = 0; k < kShown && k < static_cast<int>(ranked.size()); ++k) {
        ++line.shown;
        line.shown_relevant += GradeOf(queries[i], ranked[k]) >= 1;
      }
    }
    if (line.s.queries > 0) {
      line.s.p5_rel /= line.s.queries;
      line.s.p5_high /= line.s.queries;
      line.s.ndcg5 /= line.s.queries;
    }
    lines.push_back(line);
  };
  for (auto signal : {RelatedSignal::kText, RelatedSignal::kTerms, RelatedSignal::kCitations}) {
    add(std::string(evidence::RelatedSignalName(signal)),
        [&](int i) { return Ranking(queries[i], static_cast<int>(signal)); });
  }
  add("blend", [&](int i) { return Ranking(queries[i], -1); });
  std::vector<RelatedCutoff> held_out;
  for (int i = 0; i < static_cast<int>(queries.size()); ++i) held_out.push_back(Fit(queries, i));
  add("blend + cut-off (leave-one-out)",
      [&](int i) { return Ranking(queries[i], -1, held_out[i]); });
  const RelatedCutoff all = Fit(queries, -1);
  add("blend + shipped cut-off (not held out)",
      [&](int i) { return Ranking(queries[i], -1, RelatedCutoff{}); });

  // Related community posts (evidence::Community::RelatedPosts, with its own cut-off) of each
  // query study, on the demo posts, against the judgments' "posts" grades. The file's off_topic
  // flag is read here only to count off-topic posts shown; no ranking code reads it.
  struct PostLine {
    bool measured = false;
    std::string why_not;
    double p5_rel = 0, p5_high = 0, ndcg5 = 0;
    int short_lists = 0, shown = 0, shown_relevant = 0, shown_off_topic = 0;
  } posts;
  const fs::path posts_json = data / "evidence" / "demo-posts.json";
  std::map<std::string, std::string> post_key_by_title;
  std::set<std::string> off_topic;
  if (auto demo = ReadJsonInput(posts_json.string()); !demo) {
    posts.why_not = demo.error().ToString();
  } else {
    for (const auto& p : (*demo)["posts"]) {
      post_key_by_title[p.value("title", "")] = p.value("id", "");
      if (p.value("off_topic", false)) off_topic.insert(p.value("id", ""));
    }
    evidence::DemoCommunityOptions seeding;
    seeding.today = TodayUtc();
    seeding.password = "relevance-bench-demo-only";
    auto seeded = evidence::SeedDemoCommunity(store, posts_json, seeding);
    if (!seeded) {
      posts.why_not = seeded.error().ToString();
    } else {
      evidence::Community community(store);
      posts.measured = true;
      for (Query& q : queries) {
        auto related = community.RelatedPosts(store::Actor::LocalAdmin(), q.id, 100);
        if (!related) return context.Fail(related.error());
        for (const auto& r : *related) q.posts.push_back(post_key_by_title[r.post.title]);
        double p, h, n;
        ScoreGrades(q.post_grades, "", q.posts, p, h, n);
        posts.p5_rel += p / queries.size();
        posts.p5_high += h / queries.size();
        posts.ndcg5 += n / queries.size();
        posts.short_lists += q.posts.size() < static_cast<std::size_t>(kAt);
        for (int k = 0; k < kShown && k < static_cast<int>(q.posts.size()); ++k) {
          ++posts.shown;
          auto g = q.post_grades.find(q.posts[k]);
          posts.shown_relevant += g != q.post_grades.end() && g->second >= 1;
          posts.shown_off_topic += off_topic.count(q.posts[k]);
        }
      }
    }
  }

  const double p50 = ms.empty() ? 0 : ms[ms.size() / 2];
  const double worst = ms.empty() ? 0 : ms.back();
  if (args.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const Line& l : lines) {
      rows.push_back({{"ranking", l.name},
                      {"p_at_5_relevant", l.s.p5_rel},
                      {"p_at_5_highly_relevant", l.s.p5_high},
                      {"ndcg_at_5", l.s.ndcg5},
                      {"queries", l.s.queries},
                      {"queries_with_fewer_than_5", l.short_lists},
                      {"shown_in_first_10", l.shown},
                      {"shown_relevant", l.shown_relevant}});
    }
    nlohmann::json folds = nlohmann::json::array();
    for (const auto& c : held_out) folds.push_back({{"text", c.text}, {"terms", c.terms}});
    nlohmann::json detail = nlohmann::json::array();
    if (args.details) {
      std::map<std::string, std::string> key_of;
      auto keys = store.database().Query("SELECT id, source FROM studies", {});
      if (keys) {
        for (const auto& row : keys->rows) key_of[row[0].value_or("")] = row[1].value_or("");
      }
      for (int i = 0; i < static_cast<int>(queries.size()); ++i) {
        nlohmann::json candidates = nlohmann::json::array();
        for (const RelatedStudy& s : queries[i].related) {
          candidates.push_back({{"study", key_of[s.id]},
                                {"grade", GradeOf(queries[i], s.id)},
                                {"ranks", s.ranks},
                                {"similarity", s.similarity},
                                {"reasons", s.reasons}});
        }
        detail.push_back(
            {{"study", queries[i].key},
             {"cutoff_held_out", {{"text", held_out[i].text}, {"terms", held_out[i].terms}}},
             {"candidates", candidates}});
      }
    }
    return context.PrintJson(
        {{"judgments", judgments.string()},
         {"details", detail},
         {"posts", posts.measured ? nlohmann::json{{"p_at_5_relevant", posts.p5_rel},
                                                   {"p_at_5_highly_relevant", posts.p5_high},
                                                   {"ndcg_at_5", posts.ndcg5},
                                                   {"queries_with_fewer_than_5", posts.short_lists},
                                                   {"shown_in_first_10", posts.shown},
                                                   {"shown_relevant", posts.shown_relevant},
                                                   {"shown_off_topic", posts.shown_off_topic}}
                                  : nlohmann::json{{"not_measured", posts.why_not}}},
         {"studies_imported", imported->ids.size()},
         {"queries", queries.size()},
         {"rankings", rows},
         {"cutoff_fit_on_all", {{"text", all.text}, {"terms", all.terms}}},
         {"cutoff_shipped", {{"text", RelatedCutoff{}.text}, {"terms", RelatedCutoff{}.terms}}},
         {"cutoff_leave_one_out", folds},
         {"related_ms_p50", p50},
         {"related_ms_max", worst}});
  }
  std::ostream& out = context.out;
  out << fmt::format(
      "Related research on the starter library: {} studies, {} judged queries ({})\n\n",
      imported->ids.size(), queries.size(), judgments.string());
  out << fmt::format("| {:<38} | {:>9} | {:>9} | {:>7} | {:>10} | {:>14} |\n", "ranking",
                     "P@5 (>=1)", "P@5 (=2)", "nDCG@5", "fewer < 5", "rel. / shown");
  out << "|" << std::string(40, '-') << "|" << std::string(11, '-') << "|" << std::string(11, '-')
      << "|" << std::string(9, '-') << "|" << std::string(12, '-') << "|" << std::string(16, '-')
      << "|\n";
  for (const Line& l : lines) {
    out << fmt::format("| {:<38} | {:>9.3f} | {:>9.3f} | {:>7.3f} | {:>10} | {:>14} |\n", l.name,
                       l.s.p5_rel, l.s.p5_high, l.s.ndcg5, l.short_lists,
                       fmt::format("{} / {}", l.shown_relevant, l.shown));
  }
  if (posts.measured) {
    out << fmt::format("| {:<38} | {:>9.3f} | {:>9.3f} | {:>7.3f} | {:>10} | {:>14} |\n",
                       "community posts (RelatedPosts)", posts.p5_rel, posts.p5_high, posts.ndcg5,
                       posts.short_lists,
                       fmt::format("{} / {}", posts.shown_relevant, posts.shown));
    out << fmt::format("off-topic demo posts shown among the first 10: {}\n",
                       posts.shown_off_topic);
  } else {
    out << "community posts not measured: " << posts.why_not << "\n";
  }
  out << fmt::format(
      "\ncut-off fitted on all queries: text >= {:.2f}, terms >= {:.2f} (shipped: {:.2f}, "
      "{:.2f}); any citation passes\n",
      all.text, all.terms, RelatedCutoff{}.text, RelatedCutoff{}.terms);
  out << fmt::format("related research per query: median {:.1f} ms, max {:.1f} ms\n", p50, worst);
}

}  // namespace

void RegisterBenchRelevanceCommand(CLI::App& bench, CommandContext& context) {
  auto args = std::make_shared<RelevanceArgs>();
  CLI::App* cmd = bench.add_subcommand(
      "relevance", "Related research scored against the judged starter library (P@5, nDCG@5)");
  cmd->add_option("--judgments", args->judgments,
                  "Judgments file (default: data/evidence/relevance/judgments.json)");
  cmd->add_flag("--json", args->json, "Print the figures as JSON");
  cmd->add_flag("--details", args->details,
                "With --json: every candidate of every query with its grade and similarities");
  cmd->callback([args, &context] { RunRelevance(*args, context); });
}

}  // namespace tricholog::cli
