// The community (issue 20, Deliver 6): posts in categories, links from posts to studies, photos
// from the poster's own tracking sessions (with consent per post), one upvote per account,
// threaded comments, reports and moderation, and the posts related to a study (Deliver 4).
// Tables: src/store/migrations/*/0011_community.sql (schema v11).
//
// Rules shared by every call (as store.h's, for data that belongs to no patient record):
//  - The actor must be a member: an account in `users` (its role is read from there, not taken
//    from the Actor), or the local admin of the CLI. Anyone else gets kPermissionDenied
//    (field "actor"), audited "denied".
//  - Posts and comments are readable by every member; hidden ones only by moderators and their
//    author (who sees that it is hidden and why). Hidden posts are left out of lists, counts and
//    related posts for everyone but moderators.
//  - Moderators: admins, and accounts an admin granted the role (table `moderators`).
//  - Each call is one transaction (it joins a running one: Store::RunInTransaction) and writes
//    one audit row (entity "post", "comment", "vote", "report", "moderator", "related_posts";
//    patient id empty); a refusal is audited "denied".
//  - Inputs are validated; errors name the field ("title", "body", "category", "photos[2]",
//    "study_ids[0]", "parent_id", "reason"). Ids are UUIDs; timestamps come from the store's clock.
#ifndef TRICHOLOG_EVIDENCE_COMMUNITY_H_
#define TRICHOLOG_EVIDENCE_COMMUNITY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/model.h"
#include "store/store.h"

namespace tricholog::evidence {

enum class PostCategory { kTreatment, kProgress, kResearch, kChat, kIsThisRegrowth };

// Every category in display order.
const std::vector<PostCategory>& PostCategories();
// "treatment", "progress", "research", "chat", "is_this_regrowth" (the stored value).
std::string_view PostCategoryName(PostCategory category);
// "Treatment", "Progress", "Research", "Chat", "Is this regrowth?" (shown on pages).
std::string_view PostCategoryLabel(PostCategory category);
// The stored value back; kInvalidArgument naming `field` otherwise.
Result<PostCategory> ParsePostCategory(std::string_view text, std::string_view field = "category");

// Limits (bytes of UTF-8).
inline constexpr std::size_t kMaxTitleBytes = 200;
inline constexpr std::size_t kMaxPostBodyBytes = 20000;
inline constexpr std::size_t kMaxCommentBodyBytes = 10000;
inline constexpr std::size_t kMaxReasonBytes = 500;
inline constexpr int kMaxCommentDepth = 6;  // a top-level comment is depth 1
inline constexpr int kMaxPostPhotos = 10;
inline constexpr int kMaxPostStudies = 20;

// Who wrote a post or comment, for the byline: pages show a badge when `role` is physician.
struct PostAuthor {
  std::string user_id;
  std::string display_name;
  store::Role role = store::Role::kPatient;
  bool IsPhysician() const { return role == store::Role::kPhysician; }
};

// Why and by whom a post or comment was hidden.
struct Hidden {
  std::string reason;
  std::string moderator_user_id;
  std::string at;
};

// A post's link to a study: "discuss" when the post was created from the study page's "Discuss
// this study" button, "author" when its author picked the study.
struct StudyLink {
  std::string study_id;
  std::string linked_from;  // "discuss" | "author"
};

struct NewPost {
  PostCategory category = PostCategory::kChat;
  std::string title;  // 1..200 bytes, not only spaces
  std::string body;   // 1..20000 bytes, plain text
  // The study whose "Discuss this study" button opened the editor (linked "discuss"), or empty.
  std::string discuss_study_id;
  // Studies the author picked (linked "author"); each must exist (kNotFound naming
  // "study_ids[i]"). At most kMaxPostStudies in all.
  std::vector<std::string> study_ids;
  // Photos (sha256 hex) from the poster's own tracking sessions, shown in this order. Requires
  // `photo_consent`; the poster must have a patient record and each photo must be one of its
  // photos (Store::PhotoBelongsToPatient) — a physician has no record and may not attach any.
  std::vector<std::string> photos;
  // The poster's explicit consent to show these photos to every member (stored with the post,
  // with the time; no consent, no photos).
  bool photo_consent = false;

  // Seeding only (the demo, an import): an admin may write a post on behalf of another member
  // (`author_user_id`), dated `created_at` (ISO-8601 UTC, e.g. "2025-03-01T10:00:00Z"), with
  // `seed_upvotes` votes counted from before this store (kept in posts.seed_upvotes and added to
  // the votes of accounts). Anyone else setting these gets kPermissionDenied.
  std::string author_user_id;
  std::string created_at;
  long long seed_upvotes = 0;
};

struct Post {
  std::string id;
  PostAuthor author;
  PostCategory category = PostCategory::kChat;
  std::string title;
  std::string body;
  std::string created_at;
  std::string edited_at;         // empty when never edited
  std::optional<Hidden> hidden;  // set when a moderator hid it
  bool photo_consent = false;
  std::string photo_consented_at;   // empty without consent
  std::vector<std::string> photos;  // sha256, in the poster's order
  std::vector<StudyLink> studies;
  long long upvotes = 0;   // seed_upvotes + votes of accounts
  long long comments = 0;  // comments not hidden
  bool voted = false;      // whether the actor has upvoted it
};

// One row of a list: what a list or a "related posts" entry shows.
struct PostSummary {
  std::string id;
  PostAuthor author;
  PostCategory category = PostCategory::kChat;
  std::string title;
  std::string summary;  // the body's first ~200 characters, cut at a word boundary, "…" appended
  std::string created_at;
  long long upvotes = 0;
  long long comments = 0;
  bool has_photos = false;
  std::optional<Hidden> hidden;  // only moderators (and the author) see hidden posts in lists
};

// The first ~`max_chars` characters of `body` (code points, not bytes) cut at a word boundary,
// whitespace collapsed to single spaces, with "…" appended when something was cut.
std::string SummarizeBody(std::string_view body, std::size_t max_chars = 200);

enum class PostSort {
  kNew,  // newest first
  kTop,  // most upvotes, then newest
  kHot,  // HotScore, then newest
};
Result<PostSort> ParsePostSort(std::string_view text, std::string_view field = "sort");

// Hacker-News-style "hot": upvotes decayed by age, upvotes / (age_hours + 2)^1.5, with age the
// hours from the post's creation to `now` (never negative). Ranks a new post with few votes
// above an old one with many; documented in docs/evidence.md ("Community").
double HotScore(long long upvotes, double age_hours);

struct PostQuery {
  PostSort sort = PostSort::kNew;
  std::optional<PostCategory> category;
  // Only this member's posts; when it is the actor, their hidden posts are included (marked).
  std::string author_user_id;
  int page = 1;       // 1-based
  int per_page = 20;  // 1..100
};

struct PostPage {
  std::vector<PostSummary> posts;
  long long total = 0;  // posts matching the query (all pages)
  int page = 1;
  int per_page = 20;
};

struct NewComment {
  std::string post_id;
  std::string parent_id;  // empty for a top-level comment; else a comment of the same post
  std::string body;       // 1..10000 bytes, plain text
  // Seeding only (admin), as NewPost's.
  std::string author_user_id;
  std::string created_at;
};

struct Comment {
  std::string id;
  std::string post_id;
  std::string parent_id;  // empty at the top level
  int depth = 1;          // 1..kMaxCommentDepth
  PostAuthor author;          // empty for others when hidden
  std::string body;       // empty for others when hidden (the thread keeps its shape)
  std::string created_at;
  std::string edited_at;
  std::optional<Hidden> hidden;
};

struct VoteResult {
  bool voted = false;  // the actor's vote after the toggle
  long long upvotes = 0;
};

struct Report {
  std::string id;
  std::string post_id;     // the post reported, or the post of the comment reported
  std::string comment_id;  // empty when a post was reported
  std::string reporter_user_id;
  std::string reason;
  std::string created_at;
  std::string status;  // "open", "hidden" (a moderator hid the post/comment), "dismissed"
  std::string resolved_by;
  std::string resolved_at;
  std::string title;    // the post's title, for the moderators' list
  std::string excerpt;  // the reported post's or comment's summary
};

// One related post of a study, with why it is there.
struct RelatedPost {
  PostSummary post;
  // "links this study", "both: dupilumab, alopecia areata", "mentions: baricitinib, SALT".
  std::string reason;
  bool linked = false;   // the post links the study (these come first)
  double relevance = 0;  // the text/concept score (linked posts: their score too, for display)
};

class Community {
 public:
  explicit Community(store::Store& store) : store_(store) {}

  // --- posts --------------------------------------------------------------------------------
  Result<Post> CreatePost(const store::Actor& actor, NewPost post);
  // The post with its links, photos and counts. kNotFound naming "post_id" for an unknown post,
  // and for a hidden one when the actor is neither a moderator nor its author.
  Result<Post> GetPost(const store::Actor& actor, const std::string& post_id);
  // The author changes title, body and category (sets edited_at). Moderators cannot edit.
  Result<Post> EditPost(const store::Actor& actor, const std::string& post_id,
                        PostCategory category, const std::string& title, const std::string& body);
  // The author withdraws the photo consent of their post: its photos are removed from it.
  Result<void> WithdrawPhotoConsent(const store::Actor& actor, const std::string& post_id);
  // The author adds a link to a study (linked "author"); nothing happens when already linked.
  Result<void> LinkStudy(const store::Actor& actor, const std::string& post_id,
                         const std::string& study_id);
  Result<PostPage> ListPosts(const store::Actor& actor, const PostQuery& query);

  // Whether `actor` may see photo `sha256` through post `post_id`: the photo is one of the
  // post's, the post has consent, and the post is visible to the actor (any member; a hidden
  // post only to moderators and its author). False (not an error) otherwise; audited "read"
  // "post_photo" when true. For the page that serves the photo bytes.
  Result<bool> MayViewPostPhoto(const store::Actor& actor, const std::string& post_id,
                                const std::string& sha256);

  // --- votes --------------------------------------------------------------------------------
  // Adds the actor's upvote, or removes it when there is one (one per account and post: the
  // database's primary key enforces it, also across concurrent stores).
  Result<VoteResult> ToggleVote(const store::Actor& actor, const std::string& post_id);

  // --- comments -----------------------------------------------------------------------------
  // kNotFound naming "post_id" for an unknown or hidden post; kInvalidArgument naming
  // "parent_id" when the parent is not a comment of the same post, or when the reply would be
  // deeper than kMaxCommentDepth.
  Result<Comment> AddComment(const store::Actor& actor, NewComment comment);
  // The post's comments in thread order (each parent before its replies, siblings oldest first).
  Result<std::vector<Comment>> ListComments(const store::Actor& actor, const std::string& post_id);

  // --- reports and moderation ---------------------------------------------------------------
  // Any member reports a post or a comment with a reason (1..500 bytes).
  Result<Report> ReportPost(const store::Actor& actor, const std::string& post_id,
                            const std::string& reason);
  Result<Report> ReportComment(const store::Actor& actor, const std::string& comment_id,
                               const std::string& reason);
  // Moderators: open reports, oldest first.
  Result<std::vector<Report>> ListOpenReports(const store::Actor& actor);
  // Moderators: hide with a reason (1..500 bytes); the open reports about it become "hidden".
  Result<void> HidePost(const store::Actor& actor, const std::string& post_id,
                        const std::string& reason);
  Result<void> HideComment(const store::Actor& actor, const std::string& comment_id,
                           const std::string& reason);
  // Moderators: shows a hidden post again.
  Result<void> UnhidePost(const store::Actor& actor, const std::string& post_id);
  // Moderators: closes a report without hiding anything.
  Result<void> DismissReport(const store::Actor& actor, const std::string& report_id);
  // Admins: grant or revoke the moderator role of an account.
  Result<void> GrantModerator(const store::Actor& actor, const std::string& user_id);
  Result<void> RevokeModerator(const store::Actor& actor, const std::string& user_id);
  // Whether the actor moderates (an admin, or granted). Not audited.
  Result<bool> IsModerator(const store::Actor& actor);

  // --- related posts (study pages) ----------------------------------------------------------
  // The posts related to study `study_id` (kNotFound naming "study_id" when unknown), best
  // first, at most `limit`: the posts that link the study first (newest first), then posts
  // whose relevance reaches kRelatedPostCutoff, by relevance, with votes (log-scaled) breaking
  // near-ties only. Hidden posts never appear (not even for moderators). Method and cut-off:
  // docs/evidence.md ("Community").
  Result<std::vector<RelatedPost>> RelatedPosts(const store::Actor& actor,
                                                const std::string& study_id, int limit = 6);
  // How many posts RelatedPosts would return without a limit (the N of "k / N results").
  Result<long long> RelatedPostCount(const store::Actor& actor, const std::string& study_id);

 private:
  store::Store& store_;
};

// The minimum relevance of an unlinked related post (see RelatedPosts and docs/evidence.md).
extern const double kRelatedPostCutoff;

}  // namespace tricholog::evidence

#endif  // TRICHOLOG_EVIDENCE_COMMUNITY_H_
