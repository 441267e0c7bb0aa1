#include "evidence/community.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "evidence/synonyms.h"
#include "store/clock.h"

namespace tricholog::evidence {

using store::Actor;
using store::Role;
using store::SqlRows;
using store::SqlValue;

const double kRelatedPostCutoff = 2.0;

namespace {

std::string Text(const SqlValue& v) { return v.value_or(std::string()); }
long long Int(const SqlValue& v) { return v ? std::atoll(v->c_str()) : 0; }

template <typename T>
Result<T> InTransaction(store::Store& store, const std::function<Result<T>()>& body) {
  std::optional<T> out;
  auto done = store.RunInTransaction([&]() -> Result<void> {
    auto value = body();
    if (!value) return tl::unexpected(value.error());
    out = std::move(*value);
    return {};
  });
  if (!done) return tl::unexpected(done.error());
  return std::move(*out);
}

Result<void> InTransactionVoid(store::Store& store, const std::function<Result<void>()>& body) {
  return store.RunInTransaction(body);
}

#define COMMUNITY_TRY(var, expr) \
  auto var = (expr);             \
  if (!var) return tl::unexpected(var.error())

#define COMMUNITY_CHECK(expr)                             \
  do {                                                    \
    if (auto checked_ = (expr); !checked_) {              \
      return tl::unexpected(std::move(checked_).error()); \
    }                                                     \
  } while (false)

bool IsValidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    int extra = 0;
    unsigned int cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;
    for (int k = 1; k <= extra; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

bool OnlySpace(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// Plain text of 1..max bytes: valid UTF-8, not only spaces, no control characters other than
// tab and line breaks (and none at all in a one-line text).
Result<void> CheckText(std::string_view text, std::size_t max_bytes, std::string_view field,
                       bool one_line) {
  if (text.empty() || OnlySpace(text)) return InvalidArgument(std::string(field), "is empty");
  if (text.size() > max_bytes) {
    return InvalidArgument(std::string(field),
                           fmt::format("is {} bytes; at most {} allowed", text.size(), max_bytes));
  }
  if (!IsValidUtf8(text)) return InvalidArgument(std::string(field), "is not valid UTF-8");
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool line_break = c == '\n' || c == '\r';
    if ((c < 0x20 && c != '\t' && !line_break) || c == 0x7F || (one_line && line_break)) {
      return InvalidArgument(std::string(field),
                             one_line ? "must be one line of text without control characters"
                                      : "contains control characters");
    }
  }
  return {};
}

// --- members -----------------------------------------------------------------------------------

struct Member {
  std::string user_id;
  Role role = Role::kPatient;
  bool moderator = false;
  bool local_admin = false;
};

class Session {
 public:
  Session(store::Store& store, const Actor& actor) : store_(store), actor_(actor) {}

  Result<SqlRows> Sql(std::string_view sql, const std::vector<SqlValue>& params = {}) {
    return store_.database().Query(sql, params);
  }
  bool Postgres() const { return store_.database().dialect() == "postgres"; }

  // The actor as a member (role read from the account), or a denial naming "actor".
  Result<Member> RequireMember(std::string_view entity, const std::string& entity_id) {
    if (actor_.user_id == Actor::LocalAdmin().user_id && actor_.role == Role::kAdmin) {
      return Member{actor_.user_id, Role::kAdmin, true, true};
    }
    COMMUNITY_TRY(rows, Sql("SELECT role FROM users WHERE id = ?", {actor_.user_id}));
    if (rows->rows.empty()) {
      return store_.Deny(actor_, entity, entity_id,
                         "only members may use the community; sign in first", "actor");
    }
    Member member;
    member.user_id = actor_.user_id;
    member.role = store::ParseRole(Text(rows->rows[0][0])).value_or(Role::kPatient);
    if (member.role == Role::kAdmin) {
      member.moderator = true;
    } else {
      COMMUNITY_TRY(m, Sql("SELECT 1 FROM moderators WHERE user_id = ?", {actor_.user_id}));
      member.moderator = !m->rows.empty();
    }
    return member;
  }

  Result<Member> RequireModerator(std::string_view entity, const std::string& entity_id) {
    COMMUNITY_TRY(member, RequireMember(entity, entity_id));
    if (!member->moderator) {
      return store_.Deny(actor_, entity, entity_id, "only moderators may do this", "actor");
    }
    return member;
  }

  Result<void> Audit(std::string_view action, std::string_view entity,
                     const std::string& entity_id) {
    return store_.AuditAction(actor_, action, entity, entity_id);
  }

  tl::unexpected<Error> Deny(std::string_view entity, const std::string& entity_id,
                             std::string message, std::string field) {
    return store_.Deny(actor_, entity, entity_id, std::move(message), std::move(field));
  }

  std::string Now() { return store_.clock().NowUtc(); }

  store::Store& store() { return store_; }
  const Actor& actor() const { return actor_; }

 private:
  store::Store& store_;
  const Actor& actor_;
};

Result<void> CheckTimestamp(const std::string& at, std::string_view field) {
  if (!store::ParseUtc(at)) {
    return InvalidArgument(std::string(field), "must be a UTC time like 2025-03-01T10:00:00Z");
  }
  return {};
}

// --- reading posts -------------------------------------------------------------------------------

// The columns every post read selects, in this order (see ReadSummary / ReadPost).
constexpr std::string_view kPostColumns =
    "p.id, p.author_user_id, u.display_name, u.role, p.category, p.title, p.body, p.created_at, "
    "p.edited_at, p.photo_consent, p.photo_consented_at, p.hidden_reason, p.hidden_by, "
    "p.hidden_at, "
    "p.seed_upvotes + (SELECT COUNT(*) FROM post_votes v WHERE v.post_id = p.id) AS upvotes, "
    "(SELECT COUNT(*) FROM post_comments c WHERE c.post_id = p.id AND c.hidden_at IS NULL) "
    "AS comment_count, "
    "(SELECT COUNT(*) FROM post_photos ph WHERE ph.post_id = p.id) AS photo_count";
constexpr std::string_view kPostFrom = " FROM posts p JOIN users u ON u.id = p.author_user_id";

std::optional<Hidden> ReadHidden(const SqlValue& reason, const SqlValue& by, const SqlValue& at) {
  if (!at) return std::nullopt;
  return Hidden{Text(reason), Text(by), Text(at)};
}

PostSummary ReadSummary(const std::vector<SqlValue>& row) {
  PostSummary s;
  s.id = Text(row[0]);
  s.author = {Text(row[1]), Text(row[2]), store::ParseRole(Text(row[3])).value_or(Role::kPatient)};
  s.category = ParsePostCategory(Text(row[4])).value_or(PostCategory::kChat);
  s.title = Text(row[5]);
  s.summary = SummarizeBody(Text(row[6]));
  s.created_at = Text(row[7]);
  s.hidden = ReadHidden(row[11], row[12], row[13]);
  s.upvotes = Int(row[14]);
  s.comments = Int(row[15]);
  s.has_photos = Int(row[16]) > 0;
  return s;
}

Post ReadPost(const std::vector<SqlValue>& row) {
  Post p;
  p.id = Text(row[0]);
  p.author = {Text(row[1]), Text(row[2]), store::ParseRole(Text(row[3])).value_or(Role::kPatient)};
  p.category = ParsePostCategory(Text(row[4])).value_or(PostCategory::kChat);
  p.title = Text(row[5]);
  p.body = Text(row[6]);
  p.created_at = Text(row[7]);
  p.edited_at = Text(row[8]);
  p.photo_consent = Int(row[9]) != 0;
  p.photo_consented_at = Text(row[10]);
  p.hidden = ReadHidden(row[11], row[12], row[13]);
  p.upvotes = Int(row[14]);
  p.comments = Int(row[15]);
  return p;
}

// Whether `member` may see a post with this author and hidden state.
bool MaySee(const Member& member, const std::string& author_user_id, bool hidden) {
  return !hidden || member.moderator || member.user_id == author_user_id;
}

// The post row as `member` may see it; kNotFound naming "post_id" when there is none or it is
// hidden from them (the same answer, so hidden ids cannot be probed).
Result<Post> LoadVisiblePost(Session& s, const Member& member, const std::string& post_id) {
  COMMUNITY_TRY(
      rows, s.Sql(fmt::format("SELECT {}{} WHERE p.id = ?", kPostColumns, kPostFrom), {post_id}));
  if (rows->rows.empty()) {
    return MakeError(ErrorCode::kNotFound, "no post with id " + post_id, "post_id");
  }
  Post post = ReadPost(rows->rows[0]);
  if (!MaySee(member, post.author.user_id, post.hidden.has_value())) {
    return MakeError(ErrorCode::kNotFound, "no post with id " + post_id, "post_id");
  }
  COMMUNITY_TRY(photos, s.Sql("SELECT sha256 FROM post_photos WHERE post_id = ? ORDER BY ordinal",
                              {post_id}));
  for (const auto& row : photos->rows) post.photos.push_back(Text(row[0]));
  COMMUNITY_TRY(links, s.Sql("SELECT study_id, linked_from FROM post_studies WHERE post_id = ? "
                             "ORDER BY linked_at, study_id",
                             {post_id}));
  for (const auto& row : links->rows) post.studies.push_back({Text(row[0]), Text(row[1])});
  COMMUNITY_TRY(voted, s.Sql("SELECT 1 FROM post_votes WHERE post_id = ? AND user_id = ?",
                             {post_id, member.user_id}));
  post.voted = !voted->rows.empty();
  return post;
}

Result<void> RequireStudy(Session& s, const std::string& study_id, const std::string& field) {
  COMMUNITY_TRY(rows, s.Sql("SELECT 1 FROM studies WHERE id = ?", {study_id}));
  if (rows->rows.empty()) {
    return MakeError(ErrorCode::kNotFound, "no study with id " + study_id, field);
  }
  return {};
}

// Inserts the link unless the post links the study already (the first link's origin stays).
Result<void> InsertLink(Session& s, const std::string& post_id, const std::string& study_id,
                        std::string_view linked_from, const std::string& at) {
  COMMUNITY_TRY(r, s.Sql("INSERT INTO post_studies (post_id, study_id, linked_from, linked_at) "
                         "VALUES (?, ?, ?, ?) ON CONFLICT (post_id, study_id) DO NOTHING",
                         {post_id, study_id, std::string(linked_from), at}));
  return {};
}

// The one patient record an account owns, or empty.
Result<std::string> OwnPatient(Session& s, const std::string& user_id) {
  COMMUNITY_TRY(rows,
                s.Sql("SELECT id FROM patients WHERE user_id = ? ORDER BY id LIMIT 1", {user_id}));
  return rows->rows.empty() ? std::string() : Text(rows->rows[0][0]);
}

bool IsSha256Hex(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// --- the text side of related posts
// ---------------------------------------------------------------

// English function words and the words every post and study of this library shares ("hair",
// "loss", "patients", "treatment", "study"): they say nothing about what a post is about.
const std::set<std::string>& StopWords() {
  static const std::set<std::string> kWords = {
      "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
      "be", "because", "been", "before", "being", "between", "both", "but", "by", "can", "could",
      "did", "do", "does", "doing", "during", "each", "few", "for", "from", "further", "had", "has",
      "have", "having", "he", "her", "here", "him", "his", "how", "i", "if", "in", "into", "is",
      "it", "its", "just", "me", "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on",
      "once", "only", "or", "other", "our", "out", "over", "own", "same", "she", "should", "so",
      "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
      "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were",
      "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
      "you", "your", "using", "use", "used", "may", "might", "one", "two", "three", "new", "within",
      "without", "among", "via", "per", "vs", "versus", "however", "therefore", "thus", "well",
      "like", "get", "got", "still", "really", "much", "many", "anyone", "know", "think", "year",
      "years", "month", "months", "week", "weeks", "day", "days", "time", "first", "last", "since",
      "even",
      // the shared vocabulary of this library and its community
      "hair", "loss", "patient", "patients", "treatment", "treatments", "treated", "study",
      "studies", "case", "cases", "report", "reports", "reported", "result", "results", "effect",
      "effects", "clinical", "disease", "therapy", "trial", "trials", "review", "evidence", "data",
      "adult", "adults", "human", "humans", "male", "female", "aged", "middle", "associated",
      "association", "scalp", "skin", "doctor", "dermatologist", "help", "helped", "post",
      "question", "anybody", "experience", "experiences", "thanks", "people",
      // reporting verbs of abstracts and TLDRs
      "start", "started", "starting", "suggest", "suggests", "suggested", "show", "shows", "showed",
      "shown", "found", "find", "finds", "describe", "describes", "described", "compare",
      "compared", "compares", "included", "include", "includes", "based", "observed", "noted",
      "need", "needs", "needed", "high", "higher", "low", "lower"};
  return kWords;
}

// A light English suffix stripper (plural and -ing/-ed forms), enough to match "flares" with
// "flare" and "patches" with "patch" on both backends alike.
std::string Stem(std::string w) {
  auto ends = [&w](std::string_view suffix) {
    return w.size() > suffix.size() + 2 &&
           w.compare(w.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends("ies")) return w.substr(0, w.size() - 3) + "y";
  if (ends("sses")) return w.substr(0, w.size() - 2);
  if (ends("ches") || ends("shes") || ends("xes")) return w.substr(0, w.size() - 2);
  if (ends("ing")) return w.substr(0, w.size() - 3);
  if (ends("ed")) return w.substr(0, w.size() - 2);
  if (ends("s") && !ends("ss") && !ends("us") && !ends("is")) return w.substr(0, w.size() - 1);
  return w;
}

bool UsefulWord(const std::string& w) {
  if (w.size() < 3 || StopWords().count(w)) return false;
  return !std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "Dermatitis, Atopic; Alopecia Areata" -> the terms also in natural order ("Atopic
// Dermatitis"), so that inverted MeSH headings match concept phrases.
std::string MeshInNaturalOrder(std::string_view mesh_text) {
  std::string out;
  std::size_t start = 0;
  while (start <= mesh_text.size()) {
    std::size_t end = mesh_text.find(';', start);
    if (end == std::string_view::npos) end = mesh_text.size();
    std::string_view term = mesh_text.substr(start, end - start);
    const std::size_t comma = term.find(',');
    if (comma != std::string_view::npos && term.find(',', comma + 1) == std::string_view::npos) {
      out += fmt::format("{} {}; ", term.substr(comma + 1), term.substr(0, comma));
    } else {
      out += fmt::format("{}; ", term);
    }
    start = end + 1;
  }
  return out;
}

// What a post is about: its first sentence (up to the first '.', '?' or '!' followed by a space
// or line break, at most 300 bytes). A concept named there counts fully; one named only later
// in the body counts half ("my friend with alopecia areata says..." at the end of a post about
// beards is not a post about alopecia areata).
std::string Lede(std::string_view body) {
  std::size_t end = std::min<std::size_t>(body.size(), 300);
  for (std::size_t i = 0; i + 1 < end; ++i) {
    const char c = body[i];
    const char next = body[i + 1];
    if ((c == '.' || c == '?' || c == '!') && (next == ' ' || next == '\n' || next == '\r')) {
      end = i + 1;
      break;
    }
    if (c == '\n' && next == '\n') {
      end = i;
      break;
    }
  }
  return std::string(body.substr(0, end));
}

double ConceptWeight(const Concept& c) {
  if (c.kind == "treatment") return 2.0;
  if (c.kind == "condition") return 1.5;
  return 1.0;
}

struct StudyProfile {
  std::vector<const Concept*> concepts;        // in order of the study's text
  std::vector<std::string> terms;              // stemmed useful words, no concept words
  std::map<std::string, std::string> surface;  // stem -> the word as the study wrote it
  std::vector<std::string> phrases;            // what the full-text index is asked for
};

Result<StudyProfile> LoadStudyProfile(Session& s, const std::string& study_id) {
  COMMUNITY_TRY(rows, s.Sql("SELECT title, tldr, keywords_text, mesh_text FROM studies "
                            "WHERE id = ?",
                            {study_id}));
  if (rows->rows.empty()) {
    return MakeError(ErrorCode::kNotFound, "no study with id " + study_id, "study_id");
  }
  const auto& row = rows->rows[0];
  const std::string text = fmt::format("{}\n{}\n{}\n{}", Text(row[0]), Text(row[1]), Text(row[2]),
                                       MeshInNaturalOrder(Text(row[3])));
  StudyProfile profile;
  std::set<std::string_view> seen;
  auto add = [&](const Concept* c) {
    if (c && seen.insert(c->id).second) profile.concepts.push_back(c);
  };
  COMMUNITY_TRY(tags, s.Sql("SELECT term, term_key FROM study_terms WHERE study_id = ? AND kind "
                            "IN ('condition', 'treatment') ORDER BY kind, term_key",
                            {study_id}));
  for (const auto& tag : tags->rows) {
    const Concept* c = ConceptById(Text(tag[1]));
    if (!c) c = ConceptById(Text(tag[0]));
    if (!c) c = ConceptOfPhrase(Text(tag[0]));
    add(c);
  }
  for (const Concept* c : ConceptsIn(text)) add(c);

  std::set<std::string> concept_words;
  for (const Concept* c : profile.concepts) {
    for (const ConceptPhrase& phrase : c->phrases) {
      profile.phrases.emplace_back(phrase.text);
      for (const std::string& w : WordsOf(phrase.text)) concept_words.insert(w);
    }
  }
  std::set<std::string> terms;
  for (const std::string& w : WordsOf(text)) {
    if (!UsefulWord(w) || concept_words.count(w)) continue;
    const std::string stem = Stem(w);
    if (terms.insert(stem).second) {
      profile.terms.push_back(stem);
      profile.surface[stem] = w;
      profile.phrases.push_back(w);
    }
    if (terms.size() >= 40) break;
  }
  return profile;
}

// The visible posts the full-text index finds for any of `phrases` (at most 1000, best first by
// the backend's rank), with every column of kPostColumns.
Result<SqlRows> Candidates(Session& s, const std::vector<std::string>& phrases) {
  if (phrases.empty()) return SqlRows{};
  if (s.Postgres()) {
    std::string query;
    std::vector<SqlValue> params;
    for (const std::string& phrase : phrases) {
      if (!query.empty()) query += " || ";
      query += "phraseto_tsquery('english', ?)";
      params.emplace_back(phrase);
    }
    return s.Sql(fmt::format("WITH q AS (SELECT ({}) AS query) SELECT {}{}, q WHERE "
                             "p.search_vector @@ q.query AND p.hidden_at IS NULL ORDER BY "
                             "ts_rank_cd(p.search_vector, q.query) DESC, p.id LIMIT 1000",
                             query, kPostColumns, kPostFrom),
                 params);
  }
  std::string match;
  for (const std::string& phrase : phrases) {
    if (!match.empty()) match += " OR ";
    std::string quoted;
    for (char c : phrase) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    match += "\"" + quoted + "\"";
  }
  return s.Sql(fmt::format("SELECT {} FROM posts_fts JOIN posts p ON p.seq = posts_fts.rowid "
                           "JOIN users u ON u.id = p.author_user_id WHERE posts_fts MATCH ? AND "
                           "p.hidden_at IS NULL ORDER BY bm25(posts_fts), p.id LIMIT 1000",
                           kPostColumns),
               {match});
}

struct Scored {
  std::vector<SqlValue> row;
  double relevance = 0;
  bool linked = false;
  std::vector<std::string> shared;    // concept labels, the study's order
  std::vector<std::string> mentions;  // matched words, best first
};

// Scores each candidate against the study (docs/evidence.md, "Community").
void ScoreCandidates(const StudyProfile& study, long long visible_posts,
                     std::vector<Scored>& candidates) {
  struct Doc {
    std::map<std::string, int> tf;
    int length = 0;
  };
  std::vector<Doc> docs(candidates.size());
  std::map<std::string, int> df;
  const std::set<std::string> wanted(study.terms.begin(), study.terms.end());
  double total_length = 0;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const std::string title = Text(candidates[i].row[5]);
    const std::string body = Text(candidates[i].row[6]);
    Doc& d = docs[i];
    // The title counts twice, as PubMed's related-articles method counts title words.
    for (int twice = 0; twice < 2; ++twice) {
      for (const std::string& w : WordsOf(title)) {
        ++d.length;
        if (wanted.count(Stem(w))) ++d.tf[Stem(w)];
      }
    }
    for (const std::string& w : WordsOf(body)) {
      ++d.length;
      if (wanted.count(Stem(w))) ++d.tf[Stem(w)];
    }
    for (const auto& [term, count] : d.tf) ++df[term];
    total_length += d.length;
  }
  const double avg_length =
      candidates.empty() ? 1.0
                         : std::max(1.0, total_length / static_cast<double>(candidates.size()));
  const double n = static_cast<double>(std::max<long long>(visible_posts, 1));
  constexpr double k1 = 1.2, b = 0.75, kMaxIdf = 3.0;

  for (std::size_t i = 0; i < candidates.size(); ++i) {
    Scored& c = candidates[i];
    const std::string title = Text(c.row[5]);
    const std::string body = Text(c.row[6]);
    const std::string lede = title + "\n" + Lede(body);
    std::set<std::string_view> in_lede, in_post;
    for (const Concept* k : ConceptsIn(lede)) in_lede.insert(k->id);
    for (const Concept* k : ConceptsIn(title + "\n" + body)) in_post.insert(k->id);
    double concept_score = 0;
    std::size_t covered = 0;
    for (const Concept* k : study.concepts) {
      if (in_lede.count(k->id)) {
        concept_score += ConceptWeight(*k);
      } else if (in_post.count(k->id)) {
        concept_score += 0.5 * ConceptWeight(*k);
      } else {
        continue;
      }
      ++covered;
      c.shared.emplace_back(k->label);
    }
    if (covered > 0 && covered == study.concepts.size()) concept_score += 1.0;

    std::vector<std::pair<double, std::string>> contributions;
    double text_score = 0;
    const Doc& d = docs[i];
    for (const auto& [term, tf] : d.tf) {
      const double dfi = df[term];
      const double idf = std::log(1.0 + (n - dfi + 0.5) / (dfi + 0.5));
      const double saturation =
          tf * (k1 + 1) / (tf + k1 * (1 - b + b * d.length / avg_length)) / (k1 + 1);
      const double contribution = std::min(idf, kMaxIdf) / kMaxIdf * saturation;
      text_score += contribution;
      contributions.emplace_back(contribution, term);
    }
    std::sort(contributions.begin(), contributions.end(),
              [](const auto& a, const auto& b2) { return a.first > b2.first; });
    for (std::size_t k = 0; k < contributions.size() && k < 3; ++k) {
      c.mentions.push_back(study.surface.at(contributions[k].second));
    }
    c.relevance = concept_score + text_score;
  }
}

// Votes break near-ties only: 0.01 * ln(1 + votes) is under 0.1 up to 22,000 votes.
double RankKey(const Scored& c) {
  return c.relevance + 0.01 * std::log1p(static_cast<double>(Int(c.row[14])));
}

Result<std::vector<Scored>> RankRelated(Session& s, const std::string& study_id) {
  COMMUNITY_TRY(study, LoadStudyProfile(s, study_id));
  COMMUNITY_TRY(count, s.Sql("SELECT COUNT(*) FROM posts WHERE hidden_at IS NULL"));
  COMMUNITY_TRY(found, Candidates(s, study->phrases));
  COMMUNITY_TRY(linked, s.Sql(fmt::format("SELECT {}{} JOIN post_studies ps ON ps.post_id = p.id "
                                          "WHERE ps.study_id = ? AND p.hidden_at IS NULL",
                                          kPostColumns, kPostFrom),
                              {study_id}));
  std::vector<Scored> all;
  std::map<std::string, std::size_t> index;
  for (const auto& row : found->rows) {
    index[Text(row[0])] = all.size();
    all.push_back(Scored{row, 0, false, {}, {}});
  }
  for (const auto& row : linked->rows) {
    auto it = index.find(Text(row[0]));
    if (it == index.end()) {
      index[Text(row[0])] = all.size();
      all.push_back(Scored{row, 0, false, {}, {}});
      all.back().linked = true;
    } else {
      all[it->second].linked = true;
    }
  }
  ScoreCandidates(*study, Int(count->rows[0][0]), all);
  std::vector<Scored> kept;
  for (Scored& c : all) {
    if (c.linked || c.relevance >= kRelatedPostCutoff) kept.push_back(std::move(c));
  }
  std::sort(kept.begin(), kept.end(), [](const Scored& a, const Scored& b) {
    if (a.linked != b.linked) return a.linked;
    const double ka = RankKey(a), kb = RankKey(b);
    if (ka != kb) return ka > kb;
    if (Text(a.row[7]) != Text(b.row[7])) return Text(a.row[7]) > Text(b.row[7]);
    return Text(a.row[0]) < Text(b.row[0]);
  });
  return kept;
}

std::string Reason(const Scored& c) {
  if (c.linked) return "links this study";
  auto join = [](const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
  };
  if (!c.shared.empty()) return "both: " + join(c.shared);
  return "mentions: " + join(c.mentions);
}

// --- comments
// -------------------------------------------------------------------------------------

constexpr std::string_view kCommentSelect =
    "SELECT c.id, c.post_id, c.parent_id, c.depth, c.author_user_id, u.display_name, u.role, "
    "c.body, c.created_at, c.edited_at, c.hidden_reason, c.hidden_by, c.hidden_at "
    "FROM post_comments c JOIN users u ON u.id = c.author_user_id";

Comment ReadComment(const std::vector<SqlValue>& row, const Member& viewer) {
  Comment c;
  c.id = Text(row[0]);
  c.post_id = Text(row[1]);
  c.parent_id = Text(row[2]);
  c.depth = static_cast<int>(Int(row[3]));
  c.author = {Text(row[4]), Text(row[5]), store::ParseRole(Text(row[6])).value_or(Role::kPatient)};
  c.body = Text(row[7]);
  c.created_at = Text(row[8]);
  c.edited_at = Text(row[9]);
  c.hidden = ReadHidden(row[10], row[11], row[12]);
  if (c.hidden && !MaySee(viewer, c.author.user_id, true)) {
    c.body.clear();
    c.author = {};
    c.hidden->moderator_user_id.clear();
  }
  return c;
}

std::string NewReportId() { return store::NewUuid(); }

}  // namespace

// --- categories, summaries, sorting
// -----------------------------------------------------------------

const std::vector<PostCategory>& PostCategories() {
  static const std::vector<PostCategory> kAll = {PostCategory::kTreatment, PostCategory::kProgress,
                                                 PostCategory::kResearch, PostCategory::kChat,
                                                 PostCategory::kIsThisRegrowth};
  return kAll;
}

std::string_view PostCategoryName(PostCategory category) {
  switch (category) {
    case PostCategory::kTreatment:
      return "treatment";
    case PostCategory::kProgress:
      return "progress";
    case PostCategory::kResearch:
      return "research";
    case PostCategory::kChat:
      return "chat";
    case PostCategory::kIsThisRegrowth:
      return "is_this_regrowth";
  }
  return "chat";
}

std::string_view PostCategoryLabel(PostCategory category) {
  switch (category) {
    case PostCategory::kTreatment:
      return "Treatment";
    case PostCategory::kProgress:
      return "Progress";
    case PostCategory::kResearch:
      return "Research";
    case PostCategory::kChat:
      return "Chat";
    case PostCategory::kIsThisRegrowth:
      return "Is this regrowth?";
  }
  return "Chat";
}

Result<PostCategory> ParsePostCategory(std::string_view text, std::string_view field) {
  for (PostCategory c : PostCategories()) {
    if (PostCategoryName(c) == text) return c;
  }
  return InvalidArgument(std::string(field),
                         fmt::format("\"{}\" is not a category; allowed: treatment, progress, "
                                     "research, chat, is_this_regrowth",
                                     text));
}

Result<PostSort> ParsePostSort(std::string_view text, std::string_view field) {
  if (text == "new") return PostSort::kNew;
  if (text == "top") return PostSort::kTop;
  if (text == "hot") return PostSort::kHot;
  return InvalidArgument(std::string(field),
                         fmt::format("\"{}\" is not a sort; allowed: new, top, hot", text));
}

double HotScore(long long upvotes, double age_hours) {
  return static_cast<double>(upvotes) / std::pow(std::max(0.0, age_hours) + 2.0, 1.5);
}

std::string SummarizeBody(std::string_view body, std::size_t max_chars) {
  // Collapse whitespace first.
  std::string flat;
  bool space = false;
  for (char c : body) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      space = !flat.empty();
      continue;
    }
    if (space) flat += ' ';
    space = false;
    flat += c;
  }
  // Find the byte offset after `max_chars` code points.
  std::size_t chars = 0, cut = 0;
  while (cut < flat.size() && chars < max_chars) {
    ++cut;
    while (cut < flat.size() && (static_cast<unsigned char>(flat[cut]) & 0xC0) == 0x80) ++cut;
    ++chars;
  }
  if (cut >= flat.size()) return flat;
  // Back to the last space (a word boundary), unless that leaves too little.
  const std::size_t last_space = flat.rfind(' ', cut);
  if (last_space != std::string::npos && last_space >= cut / 2) cut = last_space;
  std::string out = flat.substr(0, cut);
  while (!out.empty() && (out.back() == ' ' || out.back() == ',' || out.back() == ';' ||
                          out.back() == ':' || out.back() == '-')) {
    out.pop_back();
  }
  return out + "\u2026";
}

// --- posts
// -------------------------------------------------------------------------------------------

Result<Post> Community::CreatePost(const Actor& actor, NewPost post) {
  return InTransaction<Post>(store_, [&]() -> Result<Post> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireMember("post", ""));
    const bool seeding =
        !post.author_user_id.empty() || !post.created_at.empty() || post.seed_upvotes != 0;
    if (seeding && member->role != Role::kAdmin) {
      return s.Deny("post", "", "only an admin may seed posts (author, date, votes)",
                    "author_user_id");
    }
    std::string author = post.author_user_id.empty() ? member->user_id : post.author_user_id;
    if (member->local_admin && post.author_user_id.empty()) {
      return InvalidArgument("author_user_id",
                             "the local admin has no account to post as; name the author");
    }
    if (!post.author_user_id.empty()) {
      COMMUNITY_TRY(exists, s.Sql("SELECT 1 FROM users WHERE id = ?", {author}));
      if (exists->rows.empty()) {
        return MakeError(ErrorCode::kNotFound, "no account with id " + author, "author_user_id");
      }
    }
    if (post.seed_upvotes < 0 || post.seed_upvotes > 1000000) {
      return InvalidArgument("seed_upvotes", "must be 0 to 1000000");
    }
    COMMUNITY_CHECK(CheckText(post.title, kMaxTitleBytes, "title", true));
    COMMUNITY_CHECK(CheckText(post.body, kMaxPostBodyBytes, "body", false));
    const std::string now = s.Now();
    const std::string created = post.created_at.empty() ? now : post.created_at;
    if (!post.created_at.empty()) COMMUNITY_CHECK(CheckTimestamp(created, "created_at"));
    if (!post.discuss_study_id.empty()) {
      COMMUNITY_CHECK(RequireStudy(s, post.discuss_study_id, "discuss_study_id"));
    }
    if (post.study_ids.size() + (post.discuss_study_id.empty() ? 0 : 1) >
        static_cast<std::size_t>(kMaxPostStudies)) {
      return InvalidArgument("study_ids", fmt::format("at most {} studies", kMaxPostStudies));
    }
    for (std::size_t i = 0; i < post.study_ids.size(); ++i) {
      COMMUNITY_CHECK(RequireStudy(s, post.study_ids[i], fmt::format("study_ids[{}]", i)));
    }
    if (!post.photos.empty()) {
      if (!post.photo_consent) {
        return InvalidArgument("photo_consent",
                               "photos are shown only with the poster's consent for this post");
      }
      if (post.photos.size() > static_cast<std::size_t>(kMaxPostPhotos)) {
        return InvalidArgument("photos", fmt::format("at most {} photos", kMaxPostPhotos));
      }
      COMMUNITY_TRY(patient, OwnPatient(s, author));
      if (patient->empty()) {
        return s.Deny("post", "", "only a member with their own tracking record may attach photos",
                      "photos");
      }
      std::set<std::string> seen;
      for (std::size_t i = 0; i < post.photos.size(); ++i) {
        const std::string field = fmt::format("photos[{}]", i);
        if (!IsSha256Hex(post.photos[i])) {
          return InvalidArgument(field, "must be a photo's SHA-256 (64 lower-case hex digits)");
        }
        if (!seen.insert(post.photos[i]).second) return InvalidArgument(field, "is a duplicate");
        // Asked as the author's own account (the admin seeding on their behalf included).
        const Actor owner{author, Role::kPatient};
        COMMUNITY_TRY(mine, store_.PhotoBelongsToPatient(owner, *patient, post.photos[i]));
        if (!*mine) {
          return s.Deny("post", "", "only photos from your own tracking sessions may be attached",
                        field);
        }
      }
    }
    const std::string id = store::NewUuid();
    COMMUNITY_TRY(
        inserted,
        s.Sql("INSERT INTO posts (id, author_user_id, category, title, body, created_at, "
              "photo_consent, photo_consented_at, seed_upvotes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {id, author, std::string(PostCategoryName(post.category)), post.title, post.body,
               created, post.photo_consent ? "1" : "0",
               post.photo_consent ? SqlValue(created) : SqlValue(),
               std::to_string(post.seed_upvotes)}));
    for (std::size_t i = 0; i < post.photos.size(); ++i) {
      COMMUNITY_TRY(r, s.Sql("INSERT INTO post_photos (post_id, ordinal, sha256) VALUES (?, ?, ?)",
                             {id, std::to_string(i), post.photos[i]}));
    }
    if (!post.discuss_study_id.empty()) {
      COMMUNITY_CHECK(InsertLink(s, id, post.discuss_study_id, "discuss", created));
    }
    for (const std::string& study : post.study_ids) {
      COMMUNITY_CHECK(InsertLink(s, id, study, "author", created));
    }
    COMMUNITY_CHECK(s.Audit("create", "post", id));
    return LoadVisiblePost(s, *member, id);
  });
}

Result<Post> Community::GetPost(const Actor& actor, const std::string& post_id) {
  return InTransaction<Post>(store_, [&]() -> Result<Post> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireMember("post", post_id));
    COMMUNITY_TRY(post, LoadVisiblePost(s, *member, post_id));
    COMMUNITY_CHECK(s.Audit("read", "post", post_id));
    return post;
  });
}

Result<Post> Community::EditPost(const Actor& actor, const std::string& post_id,
                                 PostCategory category, const std::string& title,
                                 const std::string& body) {
  return InTransaction<Post>(store_, [&]() -> Result<Post> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireMember("post", post_id));
    COMMUNITY_TRY(post, LoadVisiblePost(s, *member, post_id));
    if (post->author.user_id != member->user_id) {
      return s.Deny("post", post_id, "only the author may edit a post", "post_id");
    }
    COMMUNITY_CHECK(CheckText(title, kMaxTitleBytes, "title", true));
    COMMUNITY_CHECK(CheckText(body, kMaxPostBodyBytes, "body", false));
    COMMUNITY_TRY(r,
                  s.Sql("UPDATE posts SET category = ?, title = ?, body = ?, edited_at = ? "
                        "WHERE id = ?",
                        {std::string(PostCategoryName(category)), title, body, s.Now(), post_id}));
    COMMUNITY_CHECK(s.Audit("update", "post", post_id));
    return LoadVisiblePost(s, *member, post_id);
  });
}

Result<void> Community::LinkStudy(const Actor& actor, const std::string& post_id,
                                  const std::string& study_id) {
  return InTransactionVoid(store_, [&]() -> Result<void> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireMember("post", post_id));
    COMMUNITY_TRY(post, LoadVisiblePost(s, *member, post_id));
    if (post->author.user_id != member->user_id) {
      return s.Deny("post", post_id, "only the author may link studies to a post", "post_id");
    }
    COMMUNITY_CHECK(RequireStudy(s, study_id, "study_id"));
    if (post->studies.size() >= static_cast<std::size_t>(kMaxPostStudies)) {
      return InvalidArgument("study_id", fmt::format("at most {} studies", kMaxPostStudies));
    }
    COMMUNITY_CHECK(InsertLink(s, post_id, study_id, "author", s.Now()));
    return s.Audit("update", "post", post_id);
  });
}

Result<void> Community::WithdrawPhotoConsent(const Actor& actor, const std::string& post_id) {
  return InTransactionVoid(store_, [&]() -> Result<void> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireMember("post", post_id));
    COMMUNITY_TRY(post, LoadVisiblePost(s, *member, post_id));
    if (post->author.user_id != member->user_id) {
      return s.Deny("post", post_id, "only the author may withdraw a post's photo consent",
                    "post_id");
    }
    COMMUNITY_TRY(d, s.Sql("DELETE FROM post_photos WHERE post_id = ?", {post_id}));
    COMMUNITY_TRY(u, s.Sql("UPDATE posts SET photo_consent = 0, photo_consented_at = NULL "
                           "WHERE id = ?",
                           {post_id}));
    return s.Audit("update", "post", post_id);
  });
}

Result<PostPage> Community::ListPosts(const Actor& actor, const PostQuery& query) {
  return InTransaction<PostPage>(store_, [&]() -> Result<PostPage> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireMember("posts", ""));
    if (query.page < 1) return InvalidArgument("page", "must be 1 or more");
    if (query.per_page < 1 || query.per_page > 100) {
      return InvalidArgument("per_page", "must be 1 to 100");
    }
    std::string where = " WHERE 1 = 1";
    std::vector<SqlValue> params;
    if (query.category) {
      where += " AND p.category = ?";
      params.emplace_back(std::string(PostCategoryName(*query.category)));
    }
    if (!query.author_user_id.empty()) {
      where += " AND p.author_user_id = ?";
      params.emplace_back(query.author_user_id);
    }
    const bool own = !query.author_user_id.empty() && query.author_user_id == member->user_id;
    if (!member->moderator && !own) where += " AND p.hidden_at IS NULL";
    // Ids, times and votes of every match; sorted and paged here (the hot score needs the age).
    COMMUNITY_TRY(rows,
                  s.Sql(fmt::format("SELECT p.id, p.created_at, p.seed_upvotes + (SELECT COUNT(*) "
                                    "FROM post_votes v WHERE v.post_id = p.id) FROM posts p{}",
                                    where),
                        params));
    struct Key {
      std::string id, created;
      long long votes;
      double hot;
    };
    const long long now = store::ParseUtc(s.Now()).value_or(0);
    std::vector<Key> keys;
    for (const auto& row : rows->rows) {
      const long long created = store::ParseUtc(Text(row[1])).value_or(now);
      keys.push_back({Text(row[0]), Text(row[1]), Int(row[2]),
                      HotScore(Int(row[2]), static_cast<double>(now - created) / 3600.0)});
    }
    std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
      if (query.sort == PostSort::kTop && a.votes != b.votes) return a.votes > b.votes;
      if (query.sort == PostSort::kHot && a.hot != b.hot) return a.hot > b.hot;
      if (a.created != b.created) return a.created > b.created;
      return a.id > b.id;
    });
    PostPage page;
    page.total = static_cast<long long>(keys.size());
    page.page = query.page;
    page.per_page = query.per_page;
    const std::size_t first = static_cast<std::size_t>(query.page - 1) * query.per_page;
    for (std::size_t i = first; i < keys.size() && i < first + query.per_page; ++i) {
      COMMUNITY_TRY(one, s.Sql(fmt::format("SELECT {}{} WHERE p.id = ?", kPostColumns, kPostFrom),
                               {keys[i].id}));
      if (!one->rows.empty()) page.posts.push_back(ReadSummary(one->rows[0]));
    }
    COMMUNITY_CHECK(s.Audit("read", "posts", ""));
    return page;
  });
}

Result<bool> Community::MayViewPostPhoto(const Actor& actor, const std::string& post_id,
                                         const std::string& sha256) {
  return InTransaction<bool>(store_, [&]() -> Result<bool> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireMember("post_photo", post_id));
    COMMUNITY_TRY(rows, s.Sql("SELECT p.author_user_id, p.hidden_at FROM posts p JOIN "
                              "post_photos ph ON ph.post_id = p.id WHERE p.id = ? AND "
                              "ph.sha256 = ? AND p.photo_consent = 1",
                              {post_id, sha256}));
    if (rows->rows.empty()) return false;
    if (!MaySee(*member, Text(rows->rows[0][0]), rows->rows[0][1].has_value())) return false;
    COMMUNITY_CHECK(s.Audit("read", "post_photo", post_id + "/" + sha256));
    return true;
  });
}

// --- votes
// --------------------------------------------------------------------------------------------

Result<VoteResult> Community::ToggleVote(const Actor& actor, const std::string& post_id) {
  return InTransaction<VoteResult>(store_, [&]() -> Result<VoteResult> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireMember("vote", post_id));
    if (member->local_admin) {
      return InvalidArgument("actor", "the local admin has no account to vote with");
    }
    COMMUNITY_TRY(post, LoadVisiblePost(s, *member, post_id));
    if (post->hidden) {
      return MakeError(ErrorCode::kConflict, "a hidden post cannot be voted on", "post_id");
    }
    if (s.Postgres()) {
      // Serialises toggles of one account on one post (SQLite's BEGIN IMMEDIATE already does):
      // two at once would otherwise both see no vote and the second insert would do nothing.
      COMMUNITY_TRY(lock, s.Sql("SELECT pg_advisory_xact_lock(hashtext(?))",
                                {post_id + "/" + member->user_id}));
    }
    VoteResult result;
    COMMUNITY_TRY(removed, s.Sql("DELETE FROM post_votes WHERE post_id = ? AND user_id = ? "
                                 "RETURNING user_id",
                                 {post_id, member->user_id}));
    if (removed->rows.empty()) {
      COMMUNITY_TRY(added, s.Sql("INSERT INTO post_votes (post_id, user_id, voted_at) VALUES "
                                 "(?, ?, ?) ON CONFLICT (post_id, user_id) DO NOTHING",
                                 {post_id, member->user_id, s.Now()}));
      result.voted = true;
    }
    COMMUNITY_TRY(count, s.Sql("SELECT p.seed_upvotes + (SELECT COUNT(*) FROM post_votes v WHERE "
                               "v.post_id = p.id) FROM posts p WHERE p.id = ?",
                               {post_id}));
    result.upvotes = Int(count->rows.at(0)[0]);
    COMMUNITY_CHECK(s.Audit(result.voted ? "create" : "delete", "vote", post_id));
    return result;
  });
}

// --- comments
// -------------------------------------------------------------------------------------------

Result<Comment> Community::AddComment(const Actor& actor, NewComment comment) {
  return InTransaction<Comment>(store_, [&]() -> Result<Comment> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireMember("comment", ""));
    const bool seeding = !comment.author_user_id.empty() || !comment.created_at.empty();
    if (seeding && member->role != Role::kAdmin) {
      return s.Deny("comment", "", "only an admin may seed comments (author, date)",
                    "author_user_id");
    }
    if (member->local_admin && comment.author_user_id.empty()) {
      return InvalidArgument("author_user_id",
                             "the local admin has no account to comment as; name the author");
    }
    const std::string author =
        comment.author_user_id.empty() ? member->user_id : comment.author_user_id;
    if (!comment.author_user_id.empty()) {
      COMMUNITY_TRY(exists, s.Sql("SELECT 1 FROM users WHERE id = ?", {author}));
      if (exists->rows.empty()) {
        return MakeError(ErrorCode::kNotFound, "no account with id " + author, "author_user_id");
      }
    }
    COMMUNITY_TRY(post, LoadVisiblePost(s, *member, comment.post_id));
    if (post->hidden) {
      return MakeError(ErrorCode::kConflict, "a hidden post takes no comments", "post_id");
    }
    COMMUNITY_CHECK(CheckText(comment.body, kMaxCommentBodyBytes, "body", false));
    const std::string created = comment.created_at.empty() ? s.Now() : comment.created_at;
    if (!comment.created_at.empty()) COMMUNITY_CHECK(CheckTimestamp(created, "created_at"));
    int depth = 1;
    SqlValue parent_depth;
    if (!comment.parent_id.empty()) {
      COMMUNITY_TRY(parent, s.Sql("SELECT post_id, depth, hidden_at FROM post_comments "
                                  "WHERE id = ?",
                                  {comment.parent_id}));
      if (parent->rows.empty() || Text(parent->rows[0][0]) != comment.post_id) {
        return InvalidArgument("parent_id", "is not a comment of this post");
      }
      if (parent->rows[0][2]) {
        return MakeError(ErrorCode::kConflict, "a hidden comment takes no replies", "parent_id");
      }
      depth = static_cast<int>(Int(parent->rows[0][1])) + 1;
      if (depth > kMaxCommentDepth) {
        return InvalidArgument(
            "parent_id", fmt::format("replies nest at most {} levels deep", kMaxCommentDepth));
      }
      parent_depth = std::to_string(depth - 1);
    }
    const std::string id = store::NewUuid();
    COMMUNITY_TRY(r,
                  s.Sql("INSERT INTO post_comments (id, post_id, parent_id, parent_depth, depth, "
                        "author_user_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        {id, comment.post_id,
                         comment.parent_id.empty() ? SqlValue() : SqlValue(comment.parent_id),
                         parent_depth, std::to_string(depth), author, comment.body, created}));
    COMMUNITY_CHECK(s.Audit("create", "comment", id));
    COMMUNITY_TRY(row, s.Sql(fmt::format("{} WHERE c.id = ?", kCommentSelect), {id}));
    return ReadComment(row->rows.at(0), *member);
  });
}

Result<std::vector<Comment>> Community::ListComments(const Actor& actor,
                                                     const std::string& post_id) {
  return InTransaction<std::vector<Comment>>(store_, [&]() -> Result<std::vector<Comment>> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireMember("comment", post_id));
    COMMUNITY_TRY(post, LoadVisiblePost(s, *member, post_id));
    COMMUNITY_TRY(rows, s.Sql(fmt::format("{} WHERE c.post_id = ? ORDER BY c.created_at, c.id",
                                          kCommentSelect),
                              {post_id}));
    std::map<std::string, std::vector<Comment>> children;  // by parent id ("" = top level)
    for (const auto& row : rows->rows) {
      Comment c = ReadComment(row, *member);
      children[c.parent_id].push_back(std::move(c));
    }
    std::vector<Comment> out;
    std::function<void(const std::string&)> walk = [&](const std::string& parent) {
      auto it = children.find(parent);
      if (it == children.end()) return;
      for (Comment& c : it->second) {
        const std::string id = c.id;
        out.push_back(std::move(c));
        walk(id);
      }
    };
    walk("");
    COMMUNITY_CHECK(s.Audit("read", "comments", post_id));
    return out;
  });
}

// --- reports and moderation
// --------------------------------------------------------------------------

namespace {

Result<Report> InsertReport(Session& s, const Member& member, const std::string& post_id,
                            const std::string& comment_id, const std::string& reason) {
  COMMUNITY_CHECK(CheckText(reason, kMaxReasonBytes, "reason", false));
  // One open report per member and post or comment: reporting again returns the open one.
  COMMUNITY_TRY(open, s.Sql(comment_id.empty()
                                ? "SELECT id FROM post_reports WHERE post_id = ? AND comment_id "
                                  "IS NULL AND reporter_user_id = ? AND status = 'open'"
                                : "SELECT id FROM post_reports WHERE comment_id = ? AND "
                                  "reporter_user_id = ? AND status = 'open'",
                            {comment_id.empty() ? post_id : comment_id, member.user_id}));
  std::string id;
  if (!open->rows.empty()) {
    id = Text(open->rows[0][0]);
  } else {
    id = NewReportId();
    COMMUNITY_TRY(r, s.Sql("INSERT INTO post_reports (id, post_id, comment_id, reporter_user_id, "
                           "reason, created_at, status) VALUES (?, ?, ?, ?, ?, ?, 'open')",
                           {id, post_id, comment_id.empty() ? SqlValue() : SqlValue(comment_id),
                            member.user_id, reason, s.Now()}));
    COMMUNITY_CHECK(s.Audit("create", "report", id));
  }
  COMMUNITY_TRY(row, s.Sql("SELECT id, post_id, comment_id, reporter_user_id, reason, created_at, "
                           "status, resolved_by, resolved_at FROM post_reports WHERE id = ?",
                           {id}));
  const auto& r = row->rows.at(0);
  return Report{Text(r[0]), Text(r[1]), Text(r[2]), Text(r[3]), Text(r[4]), Text(r[5]),
                Text(r[6]), Text(r[7]), Text(r[8]), "",         ""};
}

}  // namespace

Result<Report> Community::ReportPost(const Actor& actor, const std::string& post_id,
                                     const std::string& reason) {
  return InTransaction<Report>(store_, [&]() -> Result<Report> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireMember("report", post_id));
    if (member->local_admin) return InvalidArgument("actor", "the local admin cannot report");
    COMMUNITY_TRY(post, LoadVisiblePost(s, *member, post_id));
    return InsertReport(s, *member, post_id, "", reason);
  });
}

Result<Report> Community::ReportComment(const Actor& actor, const std::string& comment_id,
                                        const std::string& reason) {
  return InTransaction<Report>(store_, [&]() -> Result<Report> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireMember("report", comment_id));
    if (member->local_admin) return InvalidArgument("actor", "the local admin cannot report");
    COMMUNITY_TRY(row, s.Sql("SELECT post_id FROM post_comments WHERE id = ?", {comment_id}));
    if (row->rows.empty()) {
      return MakeError(ErrorCode::kNotFound, "no comment with id " + comment_id, "comment_id");
    }
    const std::string post_id = Text(row->rows[0][0]);
    auto post = LoadVisiblePost(s, *member, post_id);
    if (!post) {
      return MakeError(ErrorCode::kNotFound, "no comment with id " + comment_id, "comment_id");
    }
    return InsertReport(s, *member, post_id, comment_id, reason);
  });
}

Result<std::vector<Report>> Community::ListOpenReports(const Actor& actor) {
  return InTransaction<std::vector<Report>>(store_, [&]() -> Result<std::vector<Report>> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireModerator("report", ""));
    COMMUNITY_TRY(rows,
                  s.Sql("SELECT r.id, r.post_id, r.comment_id, r.reporter_user_id, r.reason, "
                        "r.created_at, r.status, r.resolved_by, r.resolved_at, p.title, p.body, "
                        "c.body FROM post_reports r JOIN posts p ON p.id = r.post_id LEFT JOIN "
                        "post_comments c ON c.id = r.comment_id WHERE r.status = 'open' "
                        "ORDER BY r.created_at, r.id"));
    std::vector<Report> out;
    for (const auto& r : rows->rows) {
      out.push_back(Report{Text(r[0]), Text(r[1]), Text(r[2]), Text(r[3]), Text(r[4]), Text(r[5]),
                           Text(r[6]), Text(r[7]), Text(r[8]), Text(r[9]),
                           SummarizeBody(r[11] ? Text(r[11]) : Text(r[10]))});
    }
    COMMUNITY_CHECK(s.Audit("read", "reports", ""));
    return out;
  });
}

Result<void> Community::HidePost(const Actor& actor, const std::string& post_id,
                                 const std::string& reason) {
  return InTransactionVoid(store_, [&]() -> Result<void> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireModerator("post", post_id));
    COMMUNITY_CHECK(CheckText(reason, kMaxReasonBytes, "reason", false));
    COMMUNITY_TRY(post, LoadVisiblePost(s, *member, post_id));
    const std::string now = s.Now();
    COMMUNITY_TRY(u, s.Sql("UPDATE posts SET hidden_reason = ?, hidden_by = ?, hidden_at = ? "
                           "WHERE id = ?",
                           {reason, member->user_id, now, post_id}));
    COMMUNITY_TRY(r, s.Sql("UPDATE post_reports SET status = 'hidden', resolved_by = ?, "
                           "resolved_at = ? WHERE post_id = ? AND comment_id IS NULL AND "
                           "status = 'open'",
                           {member->user_id, now, post_id}));
    return s.Audit("update", "post", post_id);
  });
}

Result<void> Community::UnhidePost(const Actor& actor, const std::string& post_id) {
  return InTransactionVoid(store_, [&]() -> Result<void> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireModerator("post", post_id));
    COMMUNITY_TRY(post, LoadVisiblePost(s, *member, post_id));
    COMMUNITY_TRY(u, s.Sql("UPDATE posts SET hidden_reason = NULL, hidden_by = NULL, "
                           "hidden_at = NULL WHERE id = ?",
                           {post_id}));
    return s.Audit("update", "post", post_id);
  });
}

Result<void> Community::HideComment(const Actor& actor, const std::string& comment_id,
                                    const std::string& reason) {
  return InTransactionVoid(store_, [&]() -> Result<void> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireModerator("comment", comment_id));
    COMMUNITY_CHECK(CheckText(reason, kMaxReasonBytes, "reason", false));
    COMMUNITY_TRY(row, s.Sql("SELECT 1 FROM post_comments WHERE id = ?", {comment_id}));
    if (row->rows.empty()) {
      return MakeError(ErrorCode::kNotFound, "no comment with id " + comment_id, "comment_id");
    }
    const std::string now = s.Now();
    COMMUNITY_TRY(u, s.Sql("UPDATE post_comments SET hidden_reason = ?, hidden_by = ?, "
                           "hidden_at = ? WHERE id = ?",
                           {reason, member->user_id, now, comment_id}));
    COMMUNITY_TRY(r, s.Sql("UPDATE post_reports SET status = 'hidden', resolved_by = ?, "
                           "resolved_at = ? WHERE comment_id = ? AND status = 'open'",
                           {member->user_id, now, comment_id}));
    return s.Audit("update", "comment", comment_id);
  });
}

Result<void> Community::DismissReport(const Actor& actor, const std::string& report_id) {
  return InTransactionVoid(store_, [&]() -> Result<void> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireModerator("report", report_id));
    COMMUNITY_TRY(row, s.Sql("SELECT status FROM post_reports WHERE id = ?", {report_id}));
    if (row->rows.empty()) {
      return MakeError(ErrorCode::kNotFound, "no report with id " + report_id, "report_id");
    }
    if (Text(row->rows[0][0]) != "open") {
      return MakeError(ErrorCode::kConflict, "the report is closed already", "report_id");
    }
    COMMUNITY_TRY(u, s.Sql("UPDATE post_reports SET status = 'dismissed', resolved_by = ?, "
                           "resolved_at = ? WHERE id = ?",
                           {member->user_id, s.Now(), report_id}));
    return s.Audit("update", "report", report_id);
  });
}

Result<void> Community::GrantModerator(const Actor& actor, const std::string& user_id) {
  return InTransactionVoid(store_, [&]() -> Result<void> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireMember("moderator", user_id));
    if (member->role != Role::kAdmin) {
      return s.Deny("moderator", user_id, "only an admin may grant the moderator role", "actor");
    }
    COMMUNITY_TRY(user, s.Sql("SELECT 1 FROM users WHERE id = ?", {user_id}));
    if (user->rows.empty()) {
      return MakeError(ErrorCode::kNotFound, "no account with id " + user_id, "user_id");
    }
    COMMUNITY_TRY(r, s.Sql("INSERT INTO moderators (user_id, granted_by, granted_at) VALUES "
                           "(?, ?, ?) ON CONFLICT (user_id) DO NOTHING",
                           {user_id, member->user_id, s.Now()}));
    return s.Audit("create", "moderator", user_id);
  });
}

Result<void> Community::RevokeModerator(const Actor& actor, const std::string& user_id) {
  return InTransactionVoid(store_, [&]() -> Result<void> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireMember("moderator", user_id));
    if (member->role != Role::kAdmin) {
      return s.Deny("moderator", user_id, "only an admin may revoke the moderator role", "actor");
    }
    COMMUNITY_TRY(r, s.Sql("DELETE FROM moderators WHERE user_id = ?", {user_id}));
    return s.Audit("delete", "moderator", user_id);
  });
}

Result<bool> Community::IsModerator(const Actor& actor) {
  return InTransaction<bool>(store_, [&]() -> Result<bool> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireMember("moderator", ""));
    return member->moderator;
  });
}

// --- related posts
// -------------------------------------------------------------------------------------

Result<std::vector<RelatedPost>> Community::RelatedPosts(const Actor& actor,
                                                         const std::string& study_id, int limit) {
  return InTransaction<std::vector<RelatedPost>>(store_, [&]() -> Result<std::vector<RelatedPost>> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireMember("related_posts", study_id));
    if (limit < 1 || limit > 100) return InvalidArgument("limit", "must be 1 to 100");
    COMMUNITY_TRY(ranked, RankRelated(s, study_id));
    std::vector<RelatedPost> out;
    for (std::size_t i = 0; i < ranked->size() && i < static_cast<std::size_t>(limit); ++i) {
      const Scored& c = (*ranked)[i];
      out.push_back({ReadSummary(c.row), Reason(c), c.linked, c.relevance});
    }
    COMMUNITY_CHECK(s.Audit("read", "related_posts", study_id));
    return out;
  });
}

Result<long long> Community::RelatedPostCount(const Actor& actor, const std::string& study_id) {
  return InTransaction<long long>(store_, [&]() -> Result<long long> {
    Session s(store_, actor);
    COMMUNITY_TRY(member, s.RequireMember("related_posts", study_id));
    COMMUNITY_TRY(ranked, RankRelated(s, study_id));
    COMMUNITY_CHECK(s.Audit("read", "related_posts", study_id));
    return static_cast<long long>(ranked->size());
  });
}

}  // namespace tricholog::evidence
