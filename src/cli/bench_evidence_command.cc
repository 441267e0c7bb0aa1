// `tricholog bench evidence [--studies N] [--db URL]`: the evidence library at scale (issue 20).
// Generates a deterministic corpus of N studies (default 100 000) — titles, abstracts of 150 to
// 250 words, keywords, MeSH terms, authors, years 1990–2026 and a few references each — from a
// vocabulary that mixes real dermatology words with generated ones under a Zipf-like law;
// writes it as PubMed XML files of 10 000 articles (efetch's batch size) and imports them
// through EvidenceLibrary::ImportFile, so the rate is the real import rate; then times a mixed
// set of searches (1–3 words, phrases, prefixes, synonym concepts, filters) and prints import
// rate, index size, search p50/p99, and related-research latency (RelatedResearchLatencyMs).
// Synthetic text: the figures are engine costs, not relevance.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "chart/markup.h"
#include "cli/command_context.h"
#include "evidence/library.h"
#include "evidence/related.h"
#include "store/open_store.h"
#include "store/store.h"

namespace tricholog::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Hook for related research (the ev-related part of issue 20): the milliseconds one
// related-research call for study `id` takes, or nullopt while none exists. The bench samples
// 200 studies and reports p50/p99 of what this returns.
std::optional<double> RelatedResearchLatencyMs(evidence::EvidenceLibrary& library,
                                               const std::string& id) {
  const auto start = std::chrono::steady_clock::now();
  auto related = evidence::RelatedStudies(library.store(), id);
  if (!related) return std::nullopt;
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// Real words of the field (dermatology, trials, hair), the head of the vocabulary.
constexpr const char* kRealWords[] = {"alopecia",
                                      "areata",
                                      "scalp",
                                      "hair",
                                      "loss",
                                      "regrowth",
                                      "patients",
                                      "treatment",
                                      "dupilumab",
                                      "baricitinib",
                                      "ritlecitinib",
                                      "deuruxolitinib",
                                      "tofacitinib",
                                      "ruxolitinib",
                                      "janus",
                                      "kinase",
                                      "inhibitor",
                                      "atopic",
                                      "dermatitis",
                                      "eczema",
                                      "interleukin",
                                      "receptor",
                                      "antibody",
                                      "trial",
                                      "randomized",
                                      "placebo",
                                      "controlled",
                                      "phase",
                                      "efficacy",
                                      "safety",
                                      "week",
                                      "baseline",
                                      "severity",
                                      "tool",
                                      "score",
                                      "response",
                                      "patchy",
                                      "totalis",
                                      "universalis",
                                      "eyebrow",
                                      "eyelash",
                                      "follicle",
                                      "follicular",
                                      "inflammation",
                                      "lymphocytes",
                                      "cytokine",
                                      "autoimmune",
                                      "immune",
                                      "biologic",
                                      "therapy",
                                      "systemic",
                                      "topical",
                                      "corticosteroid",
                                      "triamcinolone",
                                      "intralesional",
                                      "injection",
                                      "minoxidil",
                                      "oral",
                                      "dose",
                                      "daily",
                                      "twice",
                                      "adults",
                                      "adolescents",
                                      "children",
                                      "pediatric",
                                      "cohort",
                                      "retrospective",
                                      "prospective",
                                      "case",
                                      "report",
                                      "series",
                                      "review",
                                      "meta",
                                      "analysis",
                                      "outcome",
                                      "outcomes",
                                      "adverse",
                                      "events",
                                      "acne",
                                      "conjunctivitis",
                                      "infection",
                                      "herpes",
                                      "zoster",
                                      "thrombosis",
                                      "lipid",
                                      "laboratory",
                                      "clinical",
                                      "dermatology",
                                      "dermatologist",
                                      "trichoscopy",
                                      "dermoscopy",
                                      "exclamation",
                                      "mark",
                                      "hairs",
                                      "vellus",
                                      "terminal",
                                      "density",
                                      "relapse",
                                      "remission",
                                      "recurrence",
                                      "reactivation",
                                      "onset",
                                      "duration",
                                      "quality",
                                      "life",
                                      "itch",
                                      "pruritus",
                                      "sleep",
                                      "anxiety",
                                      "depression",
                                      "burden",
                                      "prevalence",
                                      "incidence",
                                      "risk",
                                      "association",
                                      "genetic",
                                      "polymorphism",
                                      "expression",
                                      "pathway",
                                      "signaling",
                                      "stat",
                                      "th2",
                                      "th1",
                                      "ifn",
                                      "gamma",
                                      "cd8",
                                      "nkg2d",
                                      "collapse",
                                      "privilege",
                                      "mechanism",
                                      "model",
                                      "mice",
                                      "biopsy",
                                      "histology",
                                      "peribulbar",
                                      "infiltrate",
                                      "improvement",
                                      "regrew",
                                      "complete",
                                      "partial",
                                      "sustained",
                                      "maintenance",
                                      "discontinuation",
                                      "withdrawal",
                                      "switch",
                                      "combination",
                                      "monotherapy",
                                      "off",
                                      "label",
                                      "real",
                                      "world",
                                      "registry",
                                      "database",
                                      "survey",
                                      "guideline",
                                      "consensus",
                                      "definition",
                                      "assessment",
                                      "instrument",
                                      "validity",
                                      "reliability",
                                      "scale",
                                      "patient",
                                      "reported",
                                      "global",
                                      "investigator",
                                      "area",
                                      "index",
                                      "body",
                                      "surface",
                                      "facial",
                                      "beard",
                                      "nail",
                                      "pitting",
                                      "comorbidity",
                                      "asthma",
                                      "rhinitis",
                                      "allergic",
                                      "thyroid",
                                      "vitiligo",
                                      "psoriasis",
                                      "lupus",
                                      "injections",
                                      "subcutaneous",
                                      "every",
                                      "weeks",
                                      "months",
                                      "years",
                                      "follow",
                                      "up",
                                      "time",
                                      "proportion",
                                      "percent",
                                      "significant",
                                      "difference",
                                      "group",
                                      "groups",
                                      "compared",
                                      "versus",
                                      "among",
                                      "during",
                                      "after",
                                      "before",
                                      "within"};

// Common English function words: the very head of any abstract's word frequencies.
constexpr const char* kFunctionWords[] = {"the",  "of",   "and", "in",   "with", "a",  "to",
                                          "was",  "were", "for", "on",   "by",   "at", "is",
                                          "from", "or",   "as",  "that", "this", "an"};

constexpr const char* kMeshTerms[] = {"Alopecia Areata",
                                      "Dermatitis, Atopic",
                                      "Janus Kinase Inhibitors",
                                      "Antibodies, Monoclonal",
                                      "Humans",
                                      "Female",
                                      "Male",
                                      "Adult",
                                      "Child",
                                      "Adolescent",
                                      "Treatment Outcome",
                                      "Hair Follicle",
                                      "Scalp",
                                      "Eczema",
                                      "Interleukin-4 Receptor alpha Subunit",
                                      "Randomized Controlled Trials as Topic",
                                      "Quality of Life",
                                      "Severity of Illness Index",
                                      "Adrenal Cortex Hormones",
                                      "Triamcinolone Acetonide",
                                      "Minoxidil",
                                      "Recurrence",
                                      "Retrospective Studies",
                                      "Cohort Studies",
                                      "Double-Blind Method",
                                      "Immunotherapy"};

constexpr const char* kFamilies[] = {
    "King",      "Smith",  "Olsen",  "Ohyama", "Kwon",  "Mesinkovska", "Guttman", "Simpson",
    "Hordinsky", "Vano",   "Lee",    "Kim",    "Wang",  "Chen",        "Muller",  "Rossi",
    "Garcia",    "Nguyen", "Tanaka", "Silva",  "Novak", "Kowalski",    "Jensen",  "Ali"};
constexpr const char* kGivens[] = {
    "Brett", "Elise", "Manabu", "Ohsang", "Natasha", "Emma", "Eric",  "Maria", "Sergio", "Ji",
    "Wei",   "Anna",  "Tomas",  "Lucia",  "Hiro",    "Ana",  "Piotr", "Sara",  "Omar",   "Lena"};

constexpr const char* kJournals[] = {"Journal of Example Dermatology", "Example Dermatitis",
                                     "Annals of Hair Research",        "Clinical Trials in Skin",
                                     "Pediatric Example Dermatology",  "Example Medicine"};

// The vocabulary, most frequent first, and a Zipf-like sampler over it (p(rank) ~ 1/rank^1.05).
class Vocabulary {
 public:
  explicit Vocabulary(std::mt19937_64& rng) {
    for (const char* w : kFunctionWords) words_.emplace_back(w);
    std::vector<std::string> middle;
    for (const char* w : kRealWords) middle.emplace_back(w);
    // Generated words: consonant-vowel syllables, 2 to 4 of them.
    static constexpr const char* kSyllables[] = {
        "ka",  "lo",  "mi",  "ne",  "ru",  "sa",  "te",  "vi",  "zo",  "pa",
        "der", "to",  "lin", "mar", "cor", "sen", "tri", "gal", "fen", "bro",
        "cy",  "dal", "em",  "for", "hy",  "ix",  "jul", "ost", "pro", "qua"};
    std::uniform_int_distribution<int> syllables(2, 4), pick(0, 29);
    std::map<std::string, bool> seen;
    for (const auto& w : words_) seen[w] = true;
    for (const auto& w : middle) seen[w] = true;
    std::vector<std::string> generated;
    while (generated.size() < 40000) {
      std::string w;
      const int n = syllables(rng);
      for (int i = 0; i < n; ++i) w += kSyllables[pick(rng)];
      if (!seen[w]) {
        seen[w] = true;
        generated.push_back(w);
      }
    }
    // Real words spread among the first few thousand generated ones.
    std::vector<std::string> mixed(generated.begin(), generated.begin() + 3000);
    mixed.insert(mixed.end(), middle.begin(), middle.end());
    std::shuffle(mixed.begin(), mixed.end(), rng);
    // The real words should be common: move them to the front third of the mix.
    std::stable_partition(mixed.begin(), mixed.end(), [&](const std::string& w) {
      return std::find(middle.begin(), middle.end(), w) != middle.end() &&
             std::uniform_int_distribution<int>(0, 2)(rng) > 0;
    });
    words_.insert(words_.end(), mixed.begin(), mixed.end());
    words_.insert(words_.end(), generated.begin() + 3000, generated.end());
    cumulative_.reserve(words_.size());
    double total = 0;
    for (std::size_t r = 0; r < words_.size(); ++r) {
      total += 1.0 / std::pow(static_cast<double>(r + 1), 1.05);
      cumulative_.push_back(total);
    }
    for (double& c : cumulative_) c /= total;
  }

  const std::string& Sample(std::mt19937_64& rng) const {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    const auto it = std::lower_bound(cumulative_.begin(), cumulative_.end(), u);
    return words_[std::min<std::size_t>(static_cast<std::size_t>(it - cumulative_.begin()),
                                        words_.size() - 1)];
  }
  // A word from ranks [from, to) (for query terms that are neither stop words nor unique).
  const std::string& Ranked(std::mt19937_64& rng, std::size_t from, std::size_t to) const {
    return words_[std::uniform_int_distribution<std::size_t>(from, to - 1)(rng)];
  }

 private:
  std::vector<std::string> words_;
  std::vector<double> cumulative_;
};

struct GeneratedStudy {
  std::string title;
  std::string abstract;
};

// Concept mentions that make filters and synonym queries meaningful.
constexpr const char* kMentions[] = {"dupilumab", "Dupixent",          "baricitinib",
                                     "Olumiant",  "ritlecitinib",      "alopecia areata",
                                     "AA",        "atopic dermatitis", "atopic eczema",
                                     "AD",        "tofacitinib",       "JAK inhibitors"};

std::string Sentence(const Vocabulary& vocab, std::mt19937_64& rng, int min_words, int max_words) {
  const int n = std::uniform_int_distribution<int>(min_words, max_words)(rng);
  std::string s;
  for (int i = 0; i < n; ++i) {
    if (i > 0) s += ' ';
    // About one word in 400 names a concept: each drug or condition in a few percent of
    // abstracts, as in a hair-loss library.
    if (std::uniform_int_distribution<int>(0, 399)(rng) == 0) {
      s += kMentions[std::uniform_int_distribution<std::size_t>(0, std::size(kMentions) - 1)(rng)];
    } else {
      s += vocab.Sample(rng);
    }
  }
  return s;
}

// One PubMed XML file of studies [first, first + count).
std::string PubmedXml(const Vocabulary& vocab, std::uint64_t seed, int first, int count,
                      std::vector<GeneratedStudy>* samples) {
  std::string xml = "<?xml version=\"1.0\" ?>\n<PubmedArticleSet>\n";
  for (int i = first; i < first + count; ++i) {
    std::mt19937_64 rng(seed * 1000003u + static_cast<std::uint64_t>(i));
    std::string title = Sentence(vocab, rng, 6, 14);
    title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
    std::string abstract;
    const int words = std::uniform_int_distribution<int>(150, 250)(rng);
    int written = 0;
    while (written < words) {
      const int n = std::min(words - written, std::uniform_int_distribution<int>(10, 25)(rng));
      std::string sentence = Sentence(vocab, rng, n, n);
      sentence[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(sentence[0])));
      abstract += (abstract.empty() ? "" : " ") + sentence + ".";
      written += n;
    }
    const int year =
        1990 +
        static_cast<int>(std::sqrt(std::uniform_real_distribution<double>(0, 1)(rng)) * 36.99);
    const int month = std::uniform_int_distribution<int>(1, 12)(rng);
    if (samples != nullptr && samples->size() < 2000) samples->push_back({title, abstract});
    xml += fmt::format(
        "<PubmedArticle><MedlineCitation><PMID Version=\"1\">{}</PMID><Article><Journal>"
        "<JournalIssue><Volume>{}</Volume><PubDate><Year>{}</Year><Month>{}</Month></PubDate>"
        "</JournalIssue><Title>{}</Title></Journal><ArticleTitle>{}.</ArticleTitle>"
        "<Abstract><AbstractText>{}</AbstractText></Abstract><AuthorList>",
        10000000 + i, 1 + year - 1990, year, month,
        kJournals[std::uniform_int_distribution<std::size_t>(0, std::size(kJournals) - 1)(rng)],
        chart::EscapeXml(title), chart::EscapeXml(abstract));
    const int authors = std::uniform_int_distribution<int>(1, 8)(rng);
    for (int a = 0; a < authors; ++a) {
      xml += fmt::format(
          "<Author><LastName>{}</LastName><ForeName>{}</ForeName></Author>",
          kFamilies[std::uniform_int_distribution<std::size_t>(0, std::size(kFamilies) - 1)(rng)],
          kGivens[std::uniform_int_distribution<std::size_t>(0, std::size(kGivens) - 1)(rng)]);
    }
    xml += "</AuthorList></Article><MeshHeadingList>";
    const int mesh = std::uniform_int_distribution<int>(2, 5)(rng);
    for (int m = 0; m < mesh; ++m) {
      xml += fmt::format("<MeshHeading><DescriptorName>{}</DescriptorName></MeshHeading>",
                         kMeshTerms[std::uniform_int_distribution<std::size_t>(
                             0, std::size(kMeshTerms) - 1)(rng)]);
    }
    xml += "</MeshHeadingList><KeywordList>";
    const int keywords = std::uniform_int_distribution<int>(3, 6)(rng);
    for (int k = 0; k < keywords; ++k) {
      xml += fmt::format("<Keyword>{}</Keyword>", vocab.Ranked(rng, 20, 400));
    }
    xml += "</KeywordList></MedlineCitation><PubmedData><ArticleIdList>";
    if (std::uniform_int_distribution<int>(0, 9)(rng) < 8) {
      xml += fmt::format("<ArticleId IdType=\"doi\">10.5555/bench.{}</ArticleId>", i);
    }
    if (std::uniform_int_distribution<int>(0, 9)(rng) < 3) {
      xml += fmt::format("<ArticleId IdType=\"pmc\">PMC{}</ArticleId>", 9000000 + i);
    }
    xml += "</ArticleIdList><ReferenceList>";
    const int refs = i == 0 ? 0 : std::uniform_int_distribution<int>(0, 6)(rng);
    for (int r = 0; r < refs; ++r) {
      // Mostly recent earlier studies (so references resolve), sometimes a work outside.
      const int back = std::uniform_int_distribution<int>(1, std::min(i, 5000))(rng);
      const bool outside = std::uniform_int_distribution<int>(0, 4)(rng) == 0;
      xml += fmt::format(
          "<Reference><Citation>Reference {}.</Citation><ArticleIdList><ArticleId "
          "IdType=\"pubmed\">{}</ArticleId></ArticleIdList></Reference>",
          r + 1, outside ? 90000000 + i * 7 + r : 10000000 + i - back);
    }
    xml += "</ReferenceList></PubmedData></PubmedArticle>\n";
  }
  xml += "</PubmedArticleSet>\n";
  return xml;
}

struct BenchQuery {
  std::string kind;
  evidence::SearchQuery query;
};

std::vector<BenchQuery> MakeQueries(const Vocabulary& vocab,
                                    const std::vector<GeneratedStudy>& samples, int n,
                                    std::uint64_t seed) {
  std::mt19937_64 rng(seed ^ 0x5eedu);
  std::vector<BenchQuery> out;
  auto word = [&] { return vocab.Ranked(rng, 20, 20000); };
  auto words_of = [](const std::string& text) {
    std::vector<std::string> w;
    std::string cur;
    for (char c : text) {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        cur += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      } else if (!cur.empty()) {
        w.push_back(cur);
        cur.clear();
      }
    }
    if (!cur.empty()) w.push_back(cur);
    return w;
  };
  for (int i = 0; i < n; ++i) {
    BenchQuery q;
    switch (i % 8) {
      case 0:
        q.kind = "1 word";
        q.query.text = word();
        break;
      case 1:
        q.kind = "2 words";
        q.query.text = word() + " " + word();
        break;
      case 2:
        q.kind = "3 words";
        q.query.text = word() + " " + word() + " " + word();
        break;
      case 3: {
        q.kind = "phrase";
        const auto& s =
            samples[std::uniform_int_distribution<std::size_t>(0, samples.size() - 1)(rng)];
        // Two consecutive content words of a study (not function words: "of the" is no
        // one's search).
        const auto w = words_of(s.abstract);
        std::size_t at = std::uniform_int_distribution<std::size_t>(0, w.size() - 3)(rng);
        auto content = [&](const std::string& x) {
          return std::find(std::begin(kFunctionWords), std::end(kFunctionWords), x) ==
                 std::end(kFunctionWords);
        };
        for (std::size_t k = 0; k + 1 < w.size(); ++k) {
          const std::size_t i2 = (at + k) % (w.size() - 1);
          if (content(w[i2]) && content(w[i2 + 1])) {
            at = i2;
            break;
          }
        }
        q.query.text = "\"" + w[at] + " " + w[at + 1] + "\"";
        break;
      }
      case 4: {
        q.kind = "prefix";
        // The first five letters of a word of six or more (a drug or term typed half-way).
        std::string w;
        while (w.size() < 6) w = vocab.Ranked(rng, 20, 5000);
        w.resize(5);
        q.query.text = w + "*";
        break;
      }
      case 5:
        q.kind = "synonym";
        q.query.text =
            kMentions[std::uniform_int_distribution<std::size_t>(0, std::size(kMentions) - 1)(rng)];
        q.query.text += " " + word();
        break;
      case 6:
        q.kind = "word + years";
        q.query.text = word();
        q.query.year_from = std::uniform_int_distribution<int>(1990, 2020)(rng);
        q.query.year_to = *q.query.year_from + 5;
        break;
      default:
        q.kind = "word + tag";
        q.query.text = word();
        if (i % 16 == 7) {
          q.query.condition = "alopecia_areata";
        } else {
          q.query.treatment = "dupilumab";
        }
        break;
    }
    q.query.limit = 10;
    out.push_back(std::move(q));
  }
  return out;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double rank = p / 100.0 * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(rank));
  const auto hi = static_cast<std::size_t>(std::ceil(rank));
  return v[lo] + (v[hi] - v[lo]) * (rank - static_cast<double>(lo));
}

struct BenchOptions {
  int studies = 100000;
  int queries = 1000;
  std::string db_url;
  std::uint64_t seed = 20;
  bool json = false;
};

Result<long long> SqlNumber(store::Database& db, const std::string& sql) {
  auto rows = db.Query(sql, {});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->rows.empty() || !rows->rows[0][0]) return 0LL;
  return std::stoll(*rows->rows[0][0]);
}

#define BENCH_TRY(var, expr) \
  auto var = (expr);         \
  if (!var) return tl::unexpected(var.error())

Result<nlohmann::json> RunBench(CommandContext& context, const BenchOptions& options) {
  if (options.studies < 10 || options.studies > 1000000) {
    return InvalidArgument(
        "--studies", fmt::format("{} is out of range; allowed 10 to 1000000", options.studies));
  }
  if (options.queries < 1 || options.queries > 100000) {
    return InvalidArgument("--queries",
                           fmt::format("{} is out of range; allowed 1 to 100000", options.queries));
  }
  std::error_code ec;
  const fs::path work =
      fs::temp_directory_path() / fmt::format("tricholog-bench-evidence-{}", ::getpid());
  fs::create_directories(work, ec);
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code e;
      fs::remove_all(dir, e);
    }
  } cleanup{work};
  const std::string url =
      options.db_url.empty() ? "sqlite:" + (work / "bench.db").string() : options.db_url;
  BENCH_TRY(location, store::ParseDbLocation(url));
  BENCH_TRY(opened, store::OpenStore(*location));
  store::Store& store = **opened;
  store::Database& db = store.database();
  const bool postgres = db.dialect() == "postgres";
  BENCH_TRY(existing, SqlNumber(db, "SELECT count(*) FROM studies"));
  if (*existing != 0) {
    return MakeError(
        ErrorCode::kConflict,
        fmt::format("the store already holds {} studies; the bench needs an empty one", *existing),
        "--db");
  }
  auto db_bytes = [&]() -> Result<long long> {
    if (postgres) {
      return SqlNumber(db,
                       "SELECT pg_total_relation_size('studies') + "
                       "pg_total_relation_size('study_authors') + "
                       "pg_total_relation_size('study_terms') + "
                       "pg_total_relation_size('study_references')");
    }
    return SqlNumber(db,
                     "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
  };
  BENCH_TRY(bytes_before, db_bytes());

  std::mt19937_64 rng(options.seed);
  const Vocabulary vocab(rng);
  evidence::EvidenceLibrary library(store);
  const int per_file = 10000;
  const int files = (options.studies + per_file - 1) / per_file;
  std::vector<GeneratedStudy> samples;
  double generate_s = 0, import_s = 0;
  int added = 0;
  for (int f = 0; f < files; ++f) {
    const int first = f * per_file;
    const int count = std::min(per_file, options.studies - first);
    auto t0 = Clock::now();
    const std::string xml = PubmedXml(vocab, options.seed, first, count, &samples);
    const fs::path file = work / fmt::format("bench-{:03}.xml", f);
    std::ofstream(file, std::ios::binary) << xml;
    auto t1 = Clock::now();
    generate_s += std::chrono::duration<double>(t1 - t0).count();
    evidence::ImportOptions import_options;
    BENCH_TRY(report, library.ImportFile(store::Actor::LocalAdmin(), file, import_options));
    auto t2 = Clock::now();
    import_s += std::chrono::duration<double>(t2 - t1).count();
    added += report->added;
    fs::remove(file, ec);
    context.err << fmt::format(
        "bench evidence: file {}/{} imported ({} studies so far, {:.0f} studies/s)\n", f + 1, files,
        added, added / std::max(import_s, 1e-9));
  }
  if (postgres) {
    // What autovacuum would do soon after a bulk load: planner statistics for the new rows.
    (void)db.ExecScript("ANALYZE studies; ANALYZE study_terms; ANALYZE study_references");
  }
  BENCH_TRY(bytes_after, db_bytes());
  long long index_bytes = 0;
  if (postgres) {
    BENCH_TRY(gin, SqlNumber(db, "SELECT pg_relation_size('studies_search')"));
    index_bytes = *gin;
  } else {
    auto fts = SqlNumber(db, "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'studies_fts%'");
    index_bytes = fts ? *fts : -1;
  }
  BENCH_TRY(resolved,
            SqlNumber(db, "SELECT count(*) FROM study_references WHERE cited_id IS NOT NULL"));
  BENCH_TRY(references, SqlNumber(db, "SELECT count(*) FROM study_references"));

  // Searches: a warm-up pass of 50, then every query timed once.
  const std::vector<BenchQuery> queries =
      MakeQueries(vocab, samples, options.queries, options.seed);
  for (std::size_t i = 0; i < std::min<std::size_t>(50, queries.size()); ++i) {
    (void)library.Search(queries[i].query);
  }
  std::vector<double> all;
  std::map<std::string, std::vector<double>> by_kind;
  long long hits_total = 0;
  int empty_results = 0;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    const auto t0 = Clock::now();
    auto page = library.Search(queries[i].query);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (!page) {
      return MakeError(page.error().code,
                       fmt::format("query {} ({}) failed: {}", Quote(queries[i].query.text),
                                   queries[i].kind, page.error().ToString()));
    }
    hits_total += page->total;
    if (page->total == 0) ++empty_results;
    all.push_back(ms);
    by_kind[queries[i].kind].push_back(ms);
    if ((i + 1) % 200 == 0) {
      context.err << fmt::format("bench evidence: {}/{} searches\n", i + 1, queries.size());
    }
  }
  // Related research (filled by the related-research part through RelatedResearchLatencyMs).
  BENCH_TRY(ids, library.AllIds());
  std::vector<double> related;
  std::mt19937_64 pick(options.seed + 7);
  for (int i = 0; i < 200 && !ids->empty(); ++i) {
    const auto& id = (*ids)[std::uniform_int_distribution<std::size_t>(0, ids->size() - 1)(pick)];
    if (auto ms = RelatedResearchLatencyMs(library, id)) related.push_back(*ms);
  }

  nlohmann::json kinds = nlohmann::json::object();
  for (const auto& [kind, v] : by_kind) {
    kinds[kind] = {
        {"queries", v.size()}, {"p50_ms", Percentile(v, 50)}, {"p99_ms", Percentile(v, 99)}};
  }
  nlohmann::json out = {
      {"backend", postgres ? "postgres" : "sqlite"},
      {"studies", options.studies},
      {"added", added},
      {"generate_seconds", generate_s},
      {"import_seconds", import_s},
      {"import_rate_per_s", added / std::max(import_s, 1e-9)},
      {"store_bytes_added", *bytes_after - *bytes_before},
      {"search_index_bytes", index_bytes},
      {"references", *references},
      {"references_resolved", *resolved},
      {"queries", all.size()},
      {"queries_without_results", empty_results},
      {"mean_total_matches", all.empty() ? 0.0 : static_cast<double>(hits_total) / all.size()},
      {"search_p50_ms", Percentile(all, 50)},
      {"search_p99_ms", Percentile(all, 99)},
      {"search_max_ms", all.empty() ? 0.0 : *std::max_element(all.begin(), all.end())},
      {"by_kind", kinds},
      {"related_p50_ms",
       related.empty() ? nlohmann::json() : nlohmann::json(Percentile(related, 50))},
      {"related_p99_ms",
       related.empty() ? nlohmann::json() : nlohmann::json(Percentile(related, 99))}};
  return out;
}

}  // namespace

void RegisterBenchEvidenceCommand(CLI::App& bench, CommandContext& context) {
  auto options = std::make_shared<BenchOptions>();
  CLI::App* cmd = bench.add_subcommand(
      "evidence",
      "Evidence library at scale: import rate, index size and search latency on a generated "
      "corpus (PubMed XML through the real import)");
  cmd->add_option("--studies", options->studies,
                  "Studies to generate (10 to 1000000; default 100000)");
  cmd->add_option("--queries", options->queries, "Searches to time (default 1000)");
  cmd->add_option("--db", options->db_url,
                  "An empty store: sqlite:PATH or postgresql://… (default: a temporary SQLite "
                  "file, removed afterwards)");
  cmd->add_option("--seed", options->seed, "Corpus and query seed (default 20)");
  cmd->add_flag("--json", options->json, "Print the figures as JSON");
  cmd->callback([&context, options] {
    auto result = RunBench(context, *options);
    if (!result) return context.Fail(result.error());
    const nlohmann::json& r = *result;
    if (options->json) return context.PrintJson(r);
    auto mib = [](long long b) { return static_cast<double>(b) / (1024.0 * 1024.0); };
    context.out << fmt::format(
        "evidence bench ({}, {} studies, {} searches; synthetic corpus)\n"
        "| import rate | store growth | search index | search p50 | search p99 | related p50 / p99 "
        "|\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        "| {:.0f} studies/s | {:.1f} MiB | {:.1f} MiB | {:.2f} ms | {:.2f} ms | {} |\n",
        r["backend"].get<std::string>(), r["studies"].get<int>(), r["queries"].get<std::size_t>(),
        r["import_rate_per_s"].get<double>(), mib(r["store_bytes_added"].get<long long>()),
        mib(r["search_index_bytes"].get<long long>()), r["search_p50_ms"].get<double>(),
        r["search_p99_ms"].get<double>(),
        r["related_p50_ms"].is_null()
            ? std::string("not measured (no related research yet)")
            : fmt::format("{:.2f} / {:.2f} ms", r["related_p50_ms"].get<double>(),
                          r["related_p99_ms"].get<double>()));
    context.out << "\nsearch latency by query kind (p50 / p99 ms):\n";
    for (const auto& [kind, v] : r["by_kind"].items()) {
      context.out << fmt::format("  {:<14} {:>5} queries  {:7.2f} / {:7.2f}\n", kind,
                                 v["queries"].get<std::size_t>(), v["p50_ms"].get<double>(),
                                 v["p99_ms"].get<double>());
    }
    context.out << fmt::format(
        "references resolved: {} of {}; queries without results: {}; mean matches per query: "
        "{:.0f}\n",
        r["references_resolved"].get<long long>(), r["references"].get<long long>(),
        r["queries_without_results"].get<int>(), r["mean_total_matches"].get<double>());
  });
}

}  // namespace tricholog::cli
