// Related research: three signals from the schema-10 tables, fused by reciprocal rank
// (related.h has the method and its sources).
#include "evidence/related.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "evidence/synonyms.h"
#include "store/database.h"
#include "store/store.h"

namespace tricholog::evidence {
namespace {

using store::Database;
using store::SqlRows;
using store::SqlValue;

constexpr int kText = static_cast<int>(RelatedSignal::kText);
constexpr int kTerms = static_cast<int>(RelatedSignal::kTerms);
constexpr int kCitations = static_cast<int>(RelatedSignal::kCitations);

// Words considered for the text query, and how many go into it (pmra and Lucene's
// MoreLikeThis use 20-30 terms; knowledge.md §5.1).
constexpr std::size_t kCandidateWords = 40;
constexpr std::size_t kQueryWords = 25;

// Function words and words every abstract uses; they carry no topic. (A short English stop list
// in the spirit of the SMART list; study-design words such as "trial" are kept.)
const std::unordered_set<std::string>& StopWords() {
  static const std::unordered_set<std::string> kWords = {
      "a",        "about",   "above", "after",    "again",   "against", "all",      "also",
      "although", "among",   "an",    "and",      "any",     "are",     "as",       "at",
      "be",       "because", "been",  "before",   "being",   "between", "both",     "but",
      "by",       "can",     "could", "did",      "do",      "does",    "done",     "during",
      "each",     "either",  "et",    "etc",      "few",     "for",     "from",     "further",
      "had",      "has",     "have",  "having",   "he",      "her",     "here",     "hers",
      "him",      "his",     "how",   "however",  "i",       "if",      "in",       "into",
      "is",       "it",      "its",   "itself",   "may",     "might",   "more",     "most",
      "much",     "must",    "no",    "nor",      "not",     "of",      "off",      "on",
      "once",     "one",     "only",  "or",       "other",   "our",     "out",      "over",
      "own",      "per",     "same",  "she",      "should",  "so",      "some",     "such",
      "than",     "that",    "the",   "their",    "them",    "then",    "there",    "these",
      "they",     "this",    "those", "through",  "thus",    "to",      "too",      "under",
      "until",    "up",      "upon",  "us",       "using",   "very",    "via",      "was",
      "we",       "were",    "what",  "when",     "where",   "whether", "which",    "while",
      "who",      "whom",    "why",   "will",     "with",    "within",  "without",  "would",
      "yet",      "you",     "your",  "study",    "studies", "patient", "patients", "results",
      "showed",   "shows",   "found", "reported", "report",  "two",     "three",    "four",
      "first",    "after",   "used",  "use",      "than",    "many",    "well",     "who"};
  return kWords;
}

// MeSH check tags and other descriptors of the population rather than the topic (NLM, "Check
// Tags", MeSH indexing manual); compared after WordsOf normalisation.
const std::unordered_set<std::string>& CheckTags() {
  static const std::unordered_set<std::string> kTags = {"humans",
                                                        "animals",
                                                        "male",
                                                        "female",
                                                        "adult",
                                                        "young adult",
                                                        "middle aged",
                                                        "aged",
                                                        "aged 80 and over",
                                                        "adolescent",
                                                        "child",
                                                        "child preschool",
                                                        "infant",
                                                        "infant newborn",
                                                        "pregnancy",
                                                        "mice",
                                                        "rats",
                                                        "cattle",
                                                        "dogs",
                                                        "cats",
                                                        "swine",
                                                        "rabbits",
                                                        "retrospective studies",
                                                        "prospective studies",
                                                        "treatment outcome",
                                                        "case reports",
                                                        "time factors",
                                                        "follow up studies"};
  return kTags;
}

std::string Join(const std::vector<std::string>& words, std::string_view sep) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += sep;
    out += w;
  }
  return out;
}

// "Alopecia Areata; Humans" -> its headings.
std::vector<std::string> SplitTerms(const std::string& joined) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= joined.size()) {
    std::size_t end = joined.find(';', start);
    if (end == std::string::npos) end = joined.size();
    out.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string Placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

double ToDouble(const SqlValue& v) { return v ? std::strtod(v->c_str(), nullptr) : 0.0; }
long long ToInt(const SqlValue& v) { return v ? std::strtoll(v->c_str(), nullptr, 10) : 0; }

bool IsAsciiWord(const std::string& w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

bool IsDigits(const std::string& w) {
  return std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A light stem for comparing words in reasons (the index itself uses Porter's stemmer): plural
// and common verb endings dropped.
std::string LightStem(std::string w) {
  auto ends = [&](std::string_view s) {
    return w.size() > s.size() + 2 && w.compare(w.size() - s.size(), s.size(), s) == 0;
  };
  if (ends("ies")) return w.substr(0, w.size() - 3) + "y";
  if (ends("ing")) return w.substr(0, w.size() - 3);
  if (ends("ed")) return w.substr(0, w.size() - 2);
  if (ends("es")) return w.substr(0, w.size() - 2);
  if (ends("s") && !ends("ss")) return w.substr(0, w.size() - 1);
  return w;
}

struct Reference {
  std::string id;
  std::string seq;
  std::string title, tldr, summary, abstract, keywords, mesh;
  std::string pmid, doi;
};

struct Candidate {
  double similarity[kRelatedSignalCount] = {0, 0, 0};
  // terms: shared features' labels with their idf
  std::vector<std::pair<double, std::string>> shared_labels;
  int cites_reference = 0;  // candidate cites the reference
  int cited_by_reference = 0;
  int coupled = 0;  // works both cite
  int cocited = 0;  // studies citing both
};

using Candidates = std::unordered_map<std::string, Candidate>;

class Related {
 public:
  Related(Database& db, const Reference& ref, long long n) : db_(db), ref_(ref), n_(n) {}

  Result<void> Text(Candidates& out, std::vector<std::string>& query_words) {
    // Term frequencies over the reference's fields, title words twice.
    std::map<std::string, int> tf;
    std::set<std::string> in_title;
    auto add = [&](const std::string& text, int times, bool title) {
      for (std::string& w : WordsOf(text)) {
        if (w.size() < 3 || IsDigits(w) || !IsAsciiWord(w) || StopWords().count(w)) continue;
        tf[w] += times;
        if (title) in_title.insert(w);
      }
    };
    add(ref_.title, 2, true);
    for (const std::string* f : {&ref_.tldr, &ref_.summary, &ref_.abstract}) add(*f, 1, false);
    add(ref_.keywords, 1, false);
    for (const std::string& heading : SplitTerms(ref_.mesh)) {  // check tags say nothing of topic
      if (!CheckTags().count(Join(WordsOf(heading), " "))) add(heading, 1, false);
    }
    // The most frequent words, title words first among equals.
    std::vector<std::pair<std::string, int>> words(tf.begin(), tf.end());
    std::stable_sort(words.begin(), words.end(), [&](const auto& a, const auto& b) {
      if (a.second != b.second) return a.second > b.second;
      return in_title.count(a.first) > in_title.count(b.first);
    });
    if (words.size() > kCandidateWords) words.resize(kCandidateWords);

    // Document frequencies, counted up to a cap (a word in more than 1 % of a large library is
    // treated as in 1 %; such words are dropped when enough rarer ones remain, as Lucene's
    // MoreLikeThis drops words above a maximum document frequency).
    const long long cap = std::max<long long>(200, n_ / 100);
    const bool sqlite = db_.dialect() == "sqlite";
    const std::string df_sql =
        sqlite ? "SELECT count(*) FROM (SELECT 1 FROM studies_fts WHERE studies_fts MATCH ? "
                 "LIMIT ?) AS m"
               : "SELECT count(*) FROM (SELECT 1 FROM studies WHERE search_vector @@ "
                 "to_tsquery('english', ?) LIMIT ?) AS m";
    struct Weighted {
      std::string word;
      double weight;
      bool capped;
    };
    std::vector<Weighted> weighted;
    for (const auto& [word, count] : words) {
      auto rows = db_.Query(df_sql, {sqlite ? "\"" + word + "\"" : word, std::to_string(cap)});
      if (!rows) return tl::unexpected(rows.error());
      const long long df = rows->rows.empty() ? 0 : ToInt(rows->rows[0][0]);
      if (df <= 0) continue;  // a stop word of the index, or nothing to match
      const double idf = std::log(1.0 + static_cast<double>(n_) / static_cast<double>(df));
      weighted.push_back({word, count * idf, df >= cap});
    }
    std::stable_sort(weighted.begin(), weighted.end(),
                     [](const auto& a, const auto& b) { return a.weight > b.weight; });
    const auto uncapped = std::count_if(weighted.begin(), weighted.end(),
                                        [](const Weighted& w) { return !w.capped; });
    if (uncapped >= 8) {
      std::erase_if(weighted, [](const Weighted& w) { return w.capped; });
    }
    if (weighted.size() > kQueryWords) weighted.resize(kQueryWords);
    if (weighted.empty()) return {};
    std::vector<std::string> terms;
    for (const auto& w : weighted) {
      query_words.push_back(w.word);
      terms.push_back(sqlite ? "\"" + w.word + "\"" : w.word);
    }
    const std::string match = Join(terms, sqlite ? " OR " : " | ");
    // Title, keywords and MeSH weighted 2 to the other fields' 1 (pmra counts title words
    // twice; the issue asks for title and MeSH weighted up).
    const std::string select =
        sqlite ? "SELECT s.id, -bm25(studies_fts, 2.0, 1.0, 1.0, 1.0, 2.0, 2.0) AS score "
                 "FROM studies_fts JOIN studies s ON s.seq = studies_fts.rowid "
                 "WHERE studies_fts MATCH ?"
               : "SELECT s.id, ts_rank_cd('{0.5, 0.5, 1.0, 1.0}', s.search_vector, q, 1) AS "
                 "score FROM studies s, to_tsquery('english', ?) q WHERE s.search_vector @@ q";
    auto rows = db_.Query(select + " ORDER BY score DESC, s.id LIMIT ?",
                          {match, std::to_string(limit_ + 1)});
    if (!rows) return tl::unexpected(rows.error());
    double self = 0;
    std::vector<std::pair<std::string, double>> found;
    for (const auto& row : rows->rows) {
      if (!row[0]) continue;
      if (*row[0] == ref_.id) {
        self = ToDouble(row[1]);
      } else {
        found.emplace_back(*row[0], ToDouble(row[1]));
      }
    }
    if (self <= 0) {
      auto own = db_.Query(select + " AND s.id = ?", {match, ref_.id});
      if (!own) return tl::unexpected(own.error());
      if (!own->rows.empty()) self = ToDouble(own->rows[0][1]);
    }
    if (self <= 0) return {};
    for (const auto& [id, score] : found) {
      if (score > 0) out[id].similarity[kText] = score / self;
    }
    return {};
  }

  // The feature a study_terms row stands for ("c:<concept>" for a concept in any spelling,
  // "w:<words>" for any other MeSH descriptor or keyword); empty for a check tag.
  static std::pair<std::string, std::string> Feature(const std::string& kind,
                                                     const std::string& term,
                                                     const std::string& term_key) {
    const Concept* c = ConceptById(term_key);
    if (!c) c = ConceptOfPhrase(term);
    if (!c) c = ConceptOfPhrase(term_key);
    if (c) return {"c:" + std::string(c->id), std::string(c->label)};
    const std::string words = Join(WordsOf(term_key.empty() ? term : term_key), " ");
    if (words.empty() || CheckTags().count(words)) return {};
    if (kind == "condition" || kind == "treatment") return {"t:" + words, term};
    return {"w:" + words, term};
  }

  // Feature() of a (kind, term_key) row, remembered for the call (rows repeat few spellings).
  const std::string& FeatureOf(const std::string& kind, const std::string& key) {
    auto [it, added] = feature_cache_.try_emplace(kind + '\x1f' + key);
    if (added) it->second = Feature(kind, key, key).first;
    return it->second;
  }

  // Shared terms. Features held by at most `cap` studies have all their holders read; a more
  // common feature (alopecia areata in a large library) is only checked on the candidates
  // found otherwise, so the cost stays bounded as the library grows.
  Result<void> Terms(Candidates& out) {
    auto own =
        db_.Query("SELECT kind, term, term_key FROM study_terms WHERE study_id = ?", {ref_.id});
    if (!own) return tl::unexpected(own.error());
    std::map<std::string, std::string> features;  // feature -> label
    std::set<std::string> keys;                   // term_key spellings to look up
    for (const auto& row : own->rows) {
      const std::string kind = row[0].value_or(""), term = row[1].value_or(""),
                        key = row[2].value_or("");
      auto [feature, label] = Feature(kind, term, key);
      if (feature.empty()) continue;
      features.emplace(feature, label);
      keys.insert(key);
      if (feature.rfind("c:", 0) == 0) {
        const Concept* c = ConceptById(feature.substr(2));
        keys.insert(std::string(c->id));
        std::string spaced(c->id);
        std::replace(spaced.begin(), spaced.end(), '_', ' ');
        keys.insert(spaced);
        for (const ConceptPhrase& p : c->phrases) keys.insert(std::string(p.text));
      }
    }
    if (features.empty()) return {};
    const std::string kinds = "kind IN ('mesh', 'keyword', 'condition', 'treatment')";
    std::vector<SqlValue> params(keys.begin(), keys.end());
    // Document frequency of each feature: the most frequent of its spellings (one study may
    // carry a concept as a tag and as a MeSH heading; the largest count is the closest bound).
    auto counts = db_.Query("SELECT kind, term_key, count(*) FROM study_terms WHERE " + kinds +
                                " AND term_key IN (" + Placeholders(params.size()) +
                                ") GROUP BY kind, term_key",
                            params);
    if (!counts) return tl::unexpected(counts.error());
    std::map<std::string, long long> df;
    std::map<std::string, std::vector<std::string>> spellings;  // feature -> term_keys
    for (const auto& row : counts->rows) {
      const std::string& feature = FeatureOf(row[0].value_or(""), row[1].value_or(""));
      if (!features.count(feature)) continue;
      df[feature] = std::max(df[feature], ToInt(row[2]));
      spellings[feature].push_back(row[1].value_or(""));
    }
    std::map<std::string, double> idf;
    double own_weight = 0;
    for (const auto& [feature, label] : features) {
      const double d = static_cast<double>(std::max<long long>(1, df[feature]));
      idf[feature] = std::log(1.0 + static_cast<double>(n_) / d);
      own_weight += idf[feature] * idf[feature];
    }
    if (own_weight <= 0) return {};
    const long long cap = std::max<long long>(500, n_ / 100);
    std::vector<SqlValue> rare, common;
    std::string rarest_common;
    for (const auto& [feature, keys_of] : spellings) {
      auto& into = df[feature] <= cap ? rare : common;
      for (const auto& k : keys_of) into.push_back(k);
      if (df[feature] > cap && (rarest_common.empty() || df[feature] < df[rarest_common])) {
        rarest_common = feature;
      }
    }
    std::map<std::string, std::set<std::string>> held;  // study -> shared features
    auto collect = [&](const std::string& sql, const std::vector<SqlValue>& p) -> Result<void> {
      auto rows = db_.Query(sql, p);
      if (!rows) return tl::unexpected(rows.error());
      for (const auto& row : rows->rows) {
        if (!row[0] || *row[0] == ref_.id) continue;
        const std::string& feature = FeatureOf(row[1].value_or(""), row[2].value_or(""));
        if (features.count(feature)) held[*row[0]].insert(feature);
      }
      return {};
    };
    const std::string select = "SELECT study_id, kind, term_key FROM study_terms WHERE " + kinds;
    if (!rare.empty()) {
      if (auto r = collect(select + " AND term_key IN (" + Placeholders(rare.size()) + ")", rare);
          !r) {
        return r;
      }
    }
    if (!common.empty()) {
      std::vector<SqlValue> ids;
      for (const auto& [id, f] : held) ids.push_back(id);
      for (const auto& [id, c] : out) {
        if (!held.count(id)) ids.push_back(id);
      }
      if (ids.empty()) {
        // Only common features: some of the holders of the rarest (they would all tie).
        std::vector<SqlValue> p(spellings[rarest_common].begin(), spellings[rarest_common].end());
        p.push_back(std::to_string(cap));
        if (auto r = collect(select + " AND term_key IN (" + Placeholders(p.size() - 1) +
                                 ") ORDER BY study_id LIMIT ?",
                             p);
            !r) {
          return r;
        }
        for (const auto& [id, f] : held) ids.push_back(id);
      }
      if (ids.size() > 2000) ids.resize(2000);
      std::vector<SqlValue> p = common;
      p.insert(p.end(), ids.begin(), ids.end());
      if (!ids.empty()) {
        if (auto r = collect(select + " AND term_key IN (" + Placeholders(common.size()) +
                                 ") AND study_id IN (" + Placeholders(ids.size()) + ")",
                             p);
            !r) {
          return r;
        }
      }
    }
    for (const auto& [id, shared] : held) {
      Candidate& c = out[id];
      for (const std::string& feature : shared) {
        c.similarity[kTerms] += idf[feature] * idf[feature] / own_weight;
        c.shared_labels.emplace_back(idf[feature], features[feature]);
      }
    }
    return {};
  }

  Result<void> Citations(Candidates& out) {
    // The reference's own reference list: each row one work, known by any of its identifiers.
    auto own =
        db_.Query("SELECT cited_id, cited_pmid, cited_doi FROM study_references WHERE study_id = ?",
                  {ref_.id});
    if (!own) return tl::unexpected(own.error());
    std::map<std::string, int> by_id, by_pmid, by_doi;
    int works = 0;
    for (const auto& row : own->rows) {
      const int w = works++;
      if (row[0] && !row[0]->empty()) {
        if (by_id.count(*row[0])) continue;  // the same study listed twice
        by_id[*row[0]] = w;
        if (*row[0] != ref_.id) out[*row[0]].cited_by_reference = 1;
      }
      if (row[1] && !row[1]->empty()) by_pmid.emplace(*row[1], w);
      if (row[2] && !row[2]->empty()) by_doi.emplace(*row[2], w);
    }
    // Bibliographic coupling: other studies citing any of the same works.
    if (works > 0) {
      std::vector<SqlValue> params = {ref_.id};
      std::vector<std::string> ors;
      auto add = [&](const std::map<std::string, int>& m, const char* column) {
        if (m.empty()) return;
        ors.push_back(fmt::format("{} IN ({})", column, Placeholders(m.size())));
        for (const auto& [key, w] : m) params.push_back(key);
      };
      add(by_id, "cited_id");
      add(by_pmid, "cited_pmid");
      add(by_doi, "cited_doi");
      if (!ors.empty()) {
        auto rows = db_.Query(
            "SELECT study_id, cited_id, cited_pmid, cited_doi FROM study_references WHERE "
            "study_id <> ? AND (" +
                Join(ors, " OR ") + ")",
            params);
        if (!rows) return tl::unexpected(rows.error());
        std::map<std::string, std::set<int>> shared;
        for (const auto& row : rows->rows) {
          if (!row[0]) continue;
          int w = -1;
          if (row[1] && by_id.count(*row[1])) w = by_id[*row[1]];
          if (w < 0 && row[2] && by_pmid.count(*row[2])) w = by_pmid[*row[2]];
          if (w < 0 && row[3] && by_doi.count(*row[3])) w = by_doi[*row[3]];
          if (w >= 0) shared[*row[0]].insert(w);
        }
        if (!shared.empty()) {
          std::vector<SqlValue> ids;
          for (const auto& [id, s] : shared) ids.push_back(id);
          auto sizes =
              db_.Query("SELECT study_id, count(*) FROM study_references WHERE study_id IN (" +
                            Placeholders(ids.size()) + ") GROUP BY study_id",
                        ids);
          if (!sizes) return tl::unexpected(sizes.error());
          for (const auto& row : sizes->rows) {
            const auto& s = shared[row[0].value_or("")];
            const double size = static_cast<double>(std::max<long long>(1, ToInt(row[1])));
            Candidate& c = out[*row[0]];
            c.coupled = static_cast<int>(s.size());
            c.similarity[kCitations] += s.size() / std::sqrt(works * size);
          }
        }
      }
    }
    // Studies that cite the reference: direct citation, and the way to co-citation.
    std::vector<std::string> conds = {"cited_id = ?"};
    std::vector<SqlValue> params = {ref_.id, ref_.id};
    if (!ref_.pmid.empty()) {
      conds.push_back("cited_pmid = ?");
      params.push_back(ref_.pmid);
    }
    if (!ref_.doi.empty()) {
      conds.push_back("cited_doi = ?");
      params.push_back(ref_.doi);
    }
    auto citers = db_.Query(
        "SELECT DISTINCT study_id FROM study_references WHERE study_id <> ? "
        "AND (" +
            Join(conds, " OR ") + ")",
        params);
    if (!citers) return tl::unexpected(citers.error());
    std::vector<SqlValue> citer_ids;
    for (const auto& row : citers->rows) {
      if (!row[0]) continue;
      out[*row[0]].cites_reference = 1;
      citer_ids.push_back(*row[0]);
    }
    if (!citer_ids.empty()) {
      if (citer_ids.size() > 500) citer_ids.resize(500);  // enough to rank co-citations
      std::vector<SqlValue> p = citer_ids;
      p.push_back(ref_.id);
      auto rows = db_.Query(
          "SELECT DISTINCT study_id, cited_id FROM study_references WHERE study_id IN (" +
              Placeholders(citer_ids.size()) + ") AND cited_id IS NOT NULL AND cited_id <> ?",
          p);
      if (!rows) return tl::unexpected(rows.error());
      std::map<std::string, std::set<std::string>> together;  // candidate -> citers
      for (const auto& row : rows->rows) {
        if (row[0] && row[1]) together[*row[1]].insert(*row[0]);
      }
      if (!together.empty()) {
        std::vector<SqlValue> ids;
        for (const auto& [id, s] : together) ids.push_back(id);
        auto counts = db_.Query(
            "SELECT cited_id, count(DISTINCT study_id) FROM study_references WHERE cited_id IN (" +
                Placeholders(ids.size()) + ") GROUP BY cited_id",
            ids);
        if (!counts) return tl::unexpected(counts.error());
        for (const auto& row : counts->rows) {
          const auto& s = together[row[0].value_or("")];
          const double cited = static_cast<double>(std::max<long long>(1, ToInt(row[1])));
          Candidate& c = out[*row[0]];
          c.cocited = static_cast<int>(s.size());
          c.similarity[kCitations] += s.size() / std::sqrt(citers->rows.size() * cited);
        }
      }
    }
    for (auto& [id, c] : out) {
      if (c.cites_reference || c.cited_by_reference) c.similarity[kCitations] += 1.0;
    }
    return {};
  }

  void set_limit(int limit) { limit_ = limit; }

 private:
  Database& db_;
  std::unordered_map<std::string, std::string> feature_cache_;
  const Reference& ref_;
  long long n_;
  int limit_ = 50;
};

// Competition ranks (1, 2, 2, 4) of the candidates with a positive similarity for `signal`,
// best first, at most `keep` of them ranked (ties at the boundary all kept).
void RankSignal(Candidates& all, int signal, int keep,
                std::unordered_map<std::string, int>& ranks) {
  std::vector<std::pair<double, const std::string*>> order;
  for (const auto& [id, c] : all) {
    if (c.similarity[signal] > 0) order.emplace_back(c.similarity[signal], &id);
  }
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    return *a.second < *b.second;
  });
  for (std::size_t i = 0; i < order.size(); ++i) {
    int rank = static_cast<int>(i) + 1;
    if (i > 0 && order[i].first == order[i - 1].first) rank = ranks[*order[i - 1].second];
    if (rank > keep) break;
    ranks[*order[i].second] = rank;
  }
}

std::string Plural(int n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

std::string_view RelatedSignalName(RelatedSignal signal) {
  switch (signal) {
    case RelatedSignal::kText:
      return "text";
    case RelatedSignal::kTerms:
      return "terms";
    case RelatedSignal::kCitations:
      return "citations";
  }
  return "text";
}

std::optional<RelatedSignal> ParseRelatedSignal(std::string_view name) {
  for (RelatedSignal s : {RelatedSignal::kText, RelatedSignal::kTerms, RelatedSignal::kCitations}) {
    if (RelatedSignalName(s) == name) return s;
  }
  return std::nullopt;
}

bool PassesCutoff(const RelatedStudy& study, const RelatedCutoff& cutoff) {
  return study.similarity[kText] >= cutoff.text || study.similarity[kTerms] >= cutoff.terms ||
         study.similarity[kCitations] >= cutoff.citations;
}

Result<std::vector<RelatedStudy>> RelatedStudies(store::Store& store, std::string_view study_id,
                                                 const RelatedOptions& options) {
  if (auto r = RequireInRange("limit", options.limit, 1, 100); !r) return tl::unexpected(r.error());
  if (auto r = RequireInRange("rrf_k", options.rrf_k, 1, 1000); !r) {
    return tl::unexpected(r.error());
  }
  if (auto r = RequireInRange("per_signal", options.per_signal, 10, 1000); !r) {
    return tl::unexpected(r.error());
  }
  std::vector<RelatedStudy> result;
  auto done = store.RunInTransaction([&]() -> Result<void> {
    Database& db = store.database();
    auto found = db.Query(
        "SELECT id, seq, title, tldr, summary, abstract, keywords_text, mesh_text, pmid, doi "
        "FROM studies WHERE id = ?",
        {std::string(study_id)});
    if (!found) return tl::unexpected(found.error());
    if (found->rows.empty()) {
      return MakeError(ErrorCode::kNotFound, "no study has the id " + Quote(study_id), "study_id");
    }
    const auto& r = found->rows[0];
    Reference ref{r[0].value_or(""), r[1].value_or(""), r[2].value_or(""), r[3].value_or(""),
                  r[4].value_or(""), r[5].value_or(""), r[6].value_or(""), r[7].value_or(""),
                  r[8].value_or(""), r[9].value_or("")};
    // N for idf: the highest seq (an index lookup; equals the count unless studies were
    // deleted, and close to it then), instead of a count that reads every row.
    auto count = db.Query("SELECT max(seq) FROM studies", {});
    if (!count) return tl::unexpected(count.error());
    const long long n = std::max<long long>(1, ToInt(count->rows[0][0]));

    Related related(db, ref, n);
    related.set_limit(options.per_signal);
    Candidates candidates;
    std::vector<std::string> query_words;
    const auto wants = [&](RelatedSignal s) { return !options.signal || *options.signal == s; };
    if (wants(RelatedSignal::kText)) {
      if (auto t = related.Text(candidates, query_words); !t) return t;
    }
    if (wants(RelatedSignal::kCitations)) {
      if (auto t = related.Citations(candidates); !t) return t;
    }
    // Last: common terms are checked on the candidates the other signals found.
    if (wants(RelatedSignal::kTerms)) {
      if (auto t = related.Terms(candidates); !t) return t;
    }
    candidates.erase(ref.id);

    std::unordered_map<std::string, int> ranks[kRelatedSignalCount];
    for (int s = 0; s < kRelatedSignalCount; ++s) {
      RankSignal(candidates, s, options.per_signal, ranks[s]);
    }
    std::vector<RelatedStudy> list;
    for (auto& [id, c] : candidates) {
      RelatedStudy study;
      study.id = id;
      bool ranked = false;
      for (int s = 0; s < kRelatedSignalCount; ++s) {
        auto it = ranks[s].find(id);
        if (it == ranks[s].end()) continue;
        ranked = true;
        study.ranks[s] = it->second;
        study.similarity[s] = c.similarity[s];
        study.score += 1.0 / (options.rrf_k + it->second);
      }
      if (!ranked) continue;
      if (options.signal) study.score = c.similarity[static_cast<int>(*options.signal)];
      if (options.apply_cutoff && !PassesCutoff(study, options.cutoff)) continue;
      list.push_back(std::move(study));
    }
    std::sort(list.begin(), list.end(), [](const RelatedStudy& a, const RelatedStudy& b) {
      if (a.score != b.score) return a.score > b.score;
      const double ma = *std::max_element(a.similarity, a.similarity + kRelatedSignalCount);
      const double mb = *std::max_element(b.similarity, b.similarity + kRelatedSignalCount);
      if (ma != mb) return ma > mb;
      return a.id < b.id;
    });
    if (list.size() > static_cast<std::size_t>(options.limit)) list.resize(options.limit);
    if (list.empty()) return {};

    // Titles and texts of the suggestions, for the page and for the reasons.
    std::vector<SqlValue> ids;
    for (const auto& s : list) ids.push_back(s.id);
    auto rows = db.Query(
        "SELECT id, title, journal, year, title || ' ' || tldr || ' ' || summary || ' ' || "
        "abstract || ' ' || keywords_text || ' ' || mesh_text FROM studies WHERE id IN (" +
            Placeholders(ids.size()) + ")",
        ids);
    if (!rows) return tl::unexpected(rows.error());
    std::unordered_map<std::string, const std::vector<SqlValue>*> by_id;
    for (const auto& row : rows->rows) by_id[row[0].value_or("")] = &row;
    for (RelatedStudy& s : list) {
      const auto* row = by_id[s.id];
      if (!row) continue;
      s.title = (*row)[1].value_or("");
      s.journal = (*row)[2].value_or("");
      if ((*row)[3]) s.year = static_cast<int>(ToInt((*row)[3]));
      Candidate& c = candidates[s.id];
      if (c.cites_reference) s.reasons.push_back("cites this study");
      if (c.cited_by_reference) s.reasons.push_back("cited by this study");
      if (c.coupled > 0) {
        s.reasons.push_back(fmt::format("cites {} of the same studies", c.coupled));
      }
      if (c.cocited > 0) {
        s.reasons.push_back(
            fmt::format("cited together by {}", Plural(c.cocited, "study", "studies")));
      }
      std::set<std::string> said;
      if (s.ranks[kTerms] > 0 && !c.shared_labels.empty()) {
        auto labels = c.shared_labels;
        std::stable_sort(labels.begin(), labels.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        std::vector<std::string> names;
        for (const auto& [w, label] : labels) {
          if (names.size() == 4) break;
          names.push_back(label);
          for (const std::string& word : WordsOf(label)) said.insert(LightStem(word));
        }
        s.reasons.push_back("both: " + Join(names, ", "));
      }
      if (s.ranks[kText] > 0) {
        std::set<std::string> theirs;
        for (const std::string& w : WordsOf((*row)[4].value_or(""))) theirs.insert(LightStem(w));
        std::vector<std::string> shared;
        for (const std::string& w : query_words) {
          if (shared.size() == 5) break;
          const std::string stem = LightStem(w);
          if (theirs.count(stem) && !said.count(stem)) {
            shared.push_back(w);
            said.insert(stem);
          }
        }
        if (!shared.empty()) s.reasons.push_back("shared terms: " + Join(shared, ", "));
      }
      // The index stems words more than LightStem does; the match is then still a shared word.
      if (s.reasons.empty()) s.reasons.push_back("similar wording");
    }
    result = std::move(list);
    return {};
  });
  if (!done) return tl::unexpected(done.error());
  return result;
}

}  // namespace tricholog::evidence
