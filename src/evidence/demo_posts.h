// The demo's community (issue 20): the posts of data/evidence/demo-posts.json (format in
// data/evidence/README.md) seeded into a store: each author a demo account (with the demo's
// published password), each post dated `days_ago` before the demo's today, its upvotes kept as the
// post's seed_upvotes (votes from before this store: no voter accounts are made), its
// starter-library studies linked by the store's studies.source "starter:<csl id>", and its comments
// threaded as written. The account `moderator_email` names (the demo physician), when present, is
// made a moderator, so the demo has one. Demo data only: invented people and posts.
#ifndef TRICHOLOG_EVIDENCE_DEMO_POSTS_H_
#define TRICHOLOG_EVIDENCE_DEMO_POSTS_H_

#include <filesystem>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "store/store.h"

namespace tricholog::evidence {

struct DemoCommunitySummary {
  int authors = 0;
  int posts = 0;
  int comments = 0;
  long long seeded_upvotes = 0;
  int study_links = 0;
  // Studies a post names that the store lacks (the starter library not imported): each link is
  // skipped with a warning naming the post and the study.
  std::vector<std::string> warnings;
  std::string moderator_user_id;  // the demo physician's, when made a moderator
};

// Author emails: "<key with '_' as '.'>@community.tricholog.example".
std::string DemoAuthorEmail(const std::string& key);

// Seeds the posts of `posts_json` into `store` as the local admin; `today` is the demo's today
// (posts are dated at noon UTC, `days_ago` days before options.today). Errors: kNotFound /
// kInvalidArgument naming the file and the JSON path for a missing or malformed file; kConflict
// (field "user.email") when an author's account exists already; the community's errors.
struct DemoCommunityOptions {
  Date today;                   // the demo's today
  std::string password;         // every author account's (the demo's published password)
  std::string moderator_email;  // an existing account to make a moderator, or empty
};
Result<DemoCommunitySummary> SeedDemoCommunity(store::Store& store,
                                               const std::filesystem::path& posts_json,
                                               const DemoCommunityOptions& options);

}  // namespace tricholog::evidence

#endif  // TRICHOLOG_EVIDENCE_DEMO_POSTS_H_
