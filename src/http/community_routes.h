// The community pages (issue 20, Deliver 6; docs/evidence-pages.md): the list of posts with
// category chips and sorting, writing a post (from "Discuss this study", with studies linked and
// the poster's own session photos attached with consent), a post with its photos, linked
// studies, upvote, threaded comments and report forms, and the moderators' page. Handlers are
// thin: every rule (who may read, post, vote, moderate; validation; audit) is
// evidence::Community's, which each call runs in one store transaction.
//
// Every route is for signed-in members (community posts are members-only); a post, comment or
// report the actor may not see, and the moderation page for a non-moderator, are 404 — never
// 403 — so ids cannot be probed. Every form is a POST with the session's CSRF token and works
// without JavaScript; web/static/js/community.js only makes the upvote button answer in place.
#ifndef TRICHOLOG_HTTP_COMMUNITY_ROUTES_H_
#define TRICHOLOG_HTTP_COMMUNITY_ROUTES_H_

#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "evidence/community.h"
#include "http/patient_routes.h"
#include "http/router.h"

namespace ctemplate {
class TemplateDictionary;
}

namespace tricholog::http {

// Adds (all signed-in):
//   GET  /community ?sort=new|top|hot&category=&mine=1&page= GET  /community/new ?study=ID:
//   "Discussing: <title>" POST /community/new                                     creates the post,
//   303 to it GET  /community/posts/{post_id}                         the post, comments, forms GET
//   /community/posts/{post_id}/photos/{sha256}         ?w=N: an attached photo (consented) POST
//   /community/posts/{post_id}/vote                    toggles the actor's upvote (JSON
//                                                           {voted, upvotes} when Accept asks)
//   POST /community/posts/{post_id}/comments                body, parent_id (a reply)
//   POST /community/posts/{post_id}/report                  reason
//   POST /community/comments/{comment_id}/report            reason
//   GET  /community/moderation                              moderators: open reports
//   POST /community/moderation/posts/{post_id}/hide         reason
//   POST /community/moderation/posts/{post_id}/unhide
//   POST /community/moderation/comments/{comment_id}/hide   reason
//   POST /community/moderation/reports/{report_id}/dismiss
Result<void> AddCommunityRoutes(Router& router, std::shared_ptr<const PatientContext> context);

// How long ago `then` was at `now` (both ISO-8601 UTC, "2025-03-01T10:00:00Z"), as a study page
// and the post lists say it: "just now", "5 minutes ago", "1 hour ago", "3 days ago",
// "2 months ago" (30-day months), "3 years ago" (365-day years). A time in the future reads
// "just now"; an unreadable one "".
std::string AgeInWords(std::string_view then, std::string_view now);

// "3 Mar 2026" for an ISO-8601 date or timestamp; "" when unreadable.
std::string DayInWords(std::string_view iso);

// Fills one post row of a list (the community list, a study's related posts): ID, TITLE,
// CATEGORY, CATEGORY_LABEL, AUTHOR, PHYSICIAN (section), UPVOTES, COMMENTS, AGE, DATE, SUMMARY,
// HAS_PHOTOS and HIDDEN (section with REASON).
void FillPostRow(ctemplate::TemplateDictionary& row, const evidence::PostSummary& post,
                 std::string_view now);

}  // namespace tricholog::http

#endif  // TRICHOLOG_HTTP_COMMUNITY_ROUTES_H_
