// The community pages over HTTP: members only (signed out -> sign-in), CSRF on every form,
// writing a post from "Discuss this study" (linked, then listed on the study page), photos only
// with consent (a clear error otherwise) and only the poster's own, hostile titles and bodies
// escaped, upvotes (one per account, in place with JSON), threaded comments, reports, moderation
// (moderators only; a hidden post shows its author why and is 404 to others), the physician's
// badge, and 404s.
#include "http/community_routes.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "evidence/community.h"
#include "evidence/library.h"
#include "http/app_test_util.h"

namespace tricholog::http {
namespace {

using nlohmann::json;
using test::Fetch;

constexpr std::string_view kStudy = R"([
 {"id": "carnicle-2019", "type": "article-journal",
  "title": "Reactivation of Alopecia Areata After Dupilumab Therapy for Atopic Dermatitis",
  "container-title": "Dermatitis", "issued": {"date-parts": [[2019, 8]]},
  "author": [{"family": "Carnicle", "given": "Jocelyn M."}]}
])";

class CommunityPagesTest : public test::AppTest {
 protected:
  void SetUp() override {
    test::AppTest::SetUp();
    auto imported = gate_->With([](store::Store& s) {
      evidence::EvidenceLibrary library(s);
      return library.ImportText(store::Actor::LocalAdmin(), kStudy, "test.json");
    });
    ASSERT_TRUE(imported) << imported.error().ToString();
    study_ = imported->ids.at(0);
  }

  // POSTs a form with the session's CSRF token; `fields` is already url-encoded.
  std::optional<test::Reply> Send(const Signed& who, const std::string& target,
                                  const std::string& fields, const std::string& extra = "") {
    return Form(target, "csrf=" + PercentEncode(who.csrf) + (fields.empty() ? "" : "&" + fields),
                who.cookie + extra);
  }

  // Writes a post through the form; returns its id (from the redirect).
  std::string WritePost(const Signed& who, const std::string& fields) {
    auto reply = Send(who, "/community/new", fields);
    EXPECT_TRUE(reply);
    if (!reply) return "";
    EXPECT_EQ(reply->status, 303) << reply->body.substr(0, 2000);
    const std::string location(reply->Header("location"));
    const std::string prefix = "/community/posts/";
    EXPECT_EQ(location.rfind(prefix, 0), 0u) << location;
    return location.size() > prefix.size() ? location.substr(prefix.size()) : "";
  }

  Signed Physician() {
    auto made = gate_->With([](store::Store& s) {
      return s.CreateUser(store::Actor::LocalAdmin(),
                          {"", store::Role::kPhysician, "dr@example.org", "Dr. Lind", ""},
                          test::kTestPassword);
    });
    EXPECT_TRUE(made);
    return SignIn("dr@example.org");
  }

  std::string study_;
};

TEST_F(CommunityPagesTest, MembersOnlyAndEveryFormNeedsItsToken) {
  auto anonymous = Fetch(port(), "GET", "/community", "");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 303);
  EXPECT_EQ(anonymous->Header("location").rfind("/signin", 0), 0u);
  const Signed pat = SignUp("pat@example.org");
  auto no_token = Form("/community/new", "category=chat&title=Hi&body=Hello", pat.cookie);
  ASSERT_TRUE(no_token);
  EXPECT_EQ(no_token->status, 403);
  auto list = Get("/community", pat);
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 200);
  EXPECT_NE(list->body.find("0 posts"), std::string::npos);
  EXPECT_NE(list->body.find("does not diagnose"), std::string::npos);
}

TEST_F(CommunityPagesTest, DiscussThisStudyLinksThePostAndTheStudyPageListsIt) {
  const Signed pat = SignUp("pat@example.org", "Maya");
  auto editor = Get("/community/new?study=" + study_, pat);
  ASSERT_TRUE(editor);
  ASSERT_EQ(editor->status, 200);
  EXPECT_NE(editor->body.find("Discussing: <a href=\"/research/" + study_ + "\">Reactivation"),
            std::string::npos)
      << editor->body;
  const std::string id = WritePost(pat, "category=research&discuss_study=" + study_ +
                                            "&title=Patches+came+back+on+Dupixent"
                                            "&body=First+paragraph.%0A%0ASecond+paragraph.");
  ASSERT_FALSE(id.empty());
  auto post = Get("/community/posts/" + id, pat);
  ASSERT_TRUE(post);
  ASSERT_EQ(post->status, 200) << post->body;
  EXPECT_NE(post->body.find("<p>First paragraph.</p>"), std::string::npos);
  EXPECT_NE(post->body.find("<p>Second paragraph.</p>"), std::string::npos);
  EXPECT_NE(post->body.find("Discussed from its page"), std::string::npos);
  auto study = Get("/research/" + study_, pat);
  ASSERT_TRUE(study);
  EXPECT_NE(study->body.find("Patches came back on Dupixent"), std::string::npos);
  EXPECT_NE(study->body.find("just now"), std::string::npos);
}

TEST_F(CommunityPagesTest, ErrorsSayWhatToDoAndKeepWhatWasWritten) {
  const Signed pat = SignUp("pat@example.org");
  auto no_title = Send(pat, "/community/new", "category=chat&title=&body=Kept+text");
  ASSERT_TRUE(no_title);
  EXPECT_EQ(no_title->status, 400);
  EXPECT_NE(no_title->body.find("id=\"post-title-error\""), std::string::npos);
  EXPECT_NE(no_title->body.find(">Kept text</textarea>"), std::string::npos);
  auto no_category = Send(pat, "/community/new", "title=T&body=B");
  ASSERT_TRUE(no_category);
  EXPECT_EQ(no_category->status, 400);
  EXPECT_NE(no_category->body.find("Choose a category."), std::string::npos);
  auto unknown_study = Send(pat, "/community/new", "category=chat&title=T&body=B&studies=99999999");
  ASSERT_TRUE(unknown_study);
  EXPECT_EQ(unknown_study->status, 400);
  EXPECT_NE(unknown_study->body.find("No study in the library matches &quot;99999999&quot;"),
            std::string::npos);
}

TEST_F(CommunityPagesTest, PhotosNeedConsentAndMustBeThePostersOwn) {
  const Signed pat = SignUp("pat@example.org");
  const std::string sha = AddAnalysedPhoto(pat, PatientIdOf(pat));
  auto editor = Get("/community/new", pat);
  ASSERT_TRUE(editor);
  EXPECT_NE(editor->body.find("value=\"" + sha + "\""), std::string::npos);
  EXPECT_NE(editor->body.find("alt=\"Top view, 5 Jan 2026\""), std::string::npos);

  auto refused = Send(pat, "/community/new", "category=progress&title=T&body=B&photos=" + sha);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_NE(refused->body.find("did not tick the consent box"), std::string::npos);
  // Another patient cannot attach it, even with consent.
  const Signed other = SignUp("other@example.org");
  auto stolen = Send(other, "/community/new",
                     "category=progress&title=T&body=B&photo_consent=yes&photos=" + sha);
  ASSERT_TRUE(stolen);
  EXPECT_EQ(stolen->status, 400) << stolen->body.substr(0, 500);
  EXPECT_NE(stolen->body.find("only photos from your own tracking sessions"), std::string::npos);

  const std::string id =
      WritePost(pat, "category=progress&title=T&body=B&photo_consent=yes&photos=" + sha);
  ASSERT_FALSE(id.empty());
  const std::string photo = "/community/posts/" + id + "/photos/" + sha + "?w=200";
  auto seen = Get(photo, other);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->status, 200);
  EXPECT_EQ(seen->Header("content-type"), "image/jpeg");
  auto anonymous = Fetch(port(), "GET", photo, "");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 303);
  // A stored photo that the post does not attach: 404.
  const std::string unattached = *blobs_->Put(std::vector<std::uint8_t>{1, 2, 3});
  auto not_attached = Get("/community/posts/" + id + "/photos/" + unattached, other);
  ASSERT_TRUE(not_attached);
  EXPECT_EQ(not_attached->status, 404);
}

TEST_F(CommunityPagesTest, HostileTitlesBodiesAndCommentsAreEscaped) {
  const Signed pat = SignUp("pat@example.org", "<b>Mallory</b>");
  const std::string id = WritePost(
      pat,
      "category=chat&title=%3Cscript%3Ealert(1)%3C%2Fscript%3E&body=%3Cimg+src%3Dx+onerror%3D"
      "alert(2)%3E%22%27");
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(Send(pat, "/community/posts/" + id + "/comments",
                 "body=%3Ciframe+src%3Djavascript%3Aalert(3)%3E")
                ->status,
            303);
  for (const std::string& target : {"/community/posts/" + id, std::string("/community")}) {
    auto page = Get(target, pat);
    ASSERT_TRUE(page);
    ASSERT_EQ(page->status, 200);
    EXPECT_EQ(page->body.find("<script>alert"), std::string::npos) << target;
    EXPECT_EQ(page->body.find("<img src=x"), std::string::npos) << target;
    EXPECT_EQ(page->body.find("<iframe"), std::string::npos) << target;
    EXPECT_EQ(page->body.find("<b>Mallory"), std::string::npos) << target;
    EXPECT_NE(page->body.find("&lt;script&gt;"), std::string::npos) << target;
  }
}

TEST_F(CommunityPagesTest, OneUpvotePerAccountInPlaceOrWithAReload) {
  const Signed pat = SignUp("pat@example.org");
  const Signed other = SignUp("other@example.org");
  const std::string id = WritePost(pat, "category=chat&title=T&body=B");
  auto voted = Send(other, "/community/posts/" + id + "/vote", "", "Accept: application/json\r\n");
  ASSERT_TRUE(voted);
  ASSERT_EQ(voted->status, 200) << voted->body;
  EXPECT_EQ(json::parse(voted->body), (json{{"voted", true}, {"upvotes", 1}}));
  auto again = Send(other, "/community/posts/" + id + "/vote", "");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 303);
  auto page = Get("/community/posts/" + id, other);
  EXPECT_NE(page->body.find("aria-pressed=\"false\""), std::string::npos);
  EXPECT_NE(page->body.find("<span class=\"upvotes\">0</span>"), std::string::npos);
  auto missing = Send(other, "/community/posts/no-such-post/vote", "");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(CommunityPagesTest, CommentsThreadAndAPhysicianCarriesTheBadge) {
  const Signed pat = SignUp("pat@example.org");
  const Signed dr = Physician();
  const std::string id = WritePost(pat, "category=treatment&title=T&body=B");
  auto top = Send(dr, "/community/posts/" + id + "/comments", "body=Top+level+answer");
  ASSERT_TRUE(top);
  ASSERT_EQ(top->status, 303) << top->body;
  const std::string location(top->Header("location"));
  const std::string parent = location.substr(location.find("#comment-") + 9);
  auto reply =
      Send(pat, "/community/posts/" + id + "/comments", "parent_id=" + parent + "&body=A+reply");
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->status, 303);
  auto empty = Send(pat, "/community/posts/" + id + "/comments", "body=");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 400);
  EXPECT_NE(empty->body.find("id=\"comment-body-error\""), std::string::npos);
  auto page = Get("/community/posts/" + id, pat);
  ASSERT_TRUE(page);
  const auto physician = page->body.find("Dr. Lind <span class=\"badge physician\">Physician");
  EXPECT_NE(physician, std::string::npos);
  EXPECT_NE(page->body.find("class=\"comment depth-2\""), std::string::npos);
  EXPECT_LT(page->body.find("Top level answer"), page->body.find("A reply"));

  // A patient's comment under a physician's post carries no badge.
  const std::string clinic = WritePost(dr, "category=research&title=From+the+clinic&body=B");
  ASSERT_EQ(Send(pat, "/community/posts/" + clinic + "/comments", "body=Thanks")->status, 303);
  auto under = Get("/community/posts/" + clinic, pat);
  ASSERT_TRUE(under);
  std::size_t badges = 0;
  for (auto at = under->body.find("badge physician"); at != std::string::npos;
       at = under->body.find("badge physician", at + 1)) {
    ++badges;
  }
  EXPECT_EQ(badges, 1u) << "only the physician's own byline";
  auto list = Get("/community", pat);
  EXPECT_NE(list->body.find("Dr. Lind <span class=\"badge physician\">Physician"),
            std::string::npos);
}

TEST_F(CommunityPagesTest, ReportsReachModeratorsWhoHideWithAReason) {
  const Signed pat = SignUp("pat@example.org");
  const Signed other = SignUp("other@example.org");
  const std::string id = WritePost(pat, "category=chat&title=Miracle+cure+for+sale&body=B");
  auto empty = Send(other, "/community/posts/" + id + "/report", "reason=");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 400);
  EXPECT_NE(empty->body.find("Say in a few words"), std::string::npos);
  auto reported = Send(other, "/community/posts/" + id + "/report", "reason=Spam");
  ASSERT_TRUE(reported);
  EXPECT_EQ(reported->status, 303);

  // A member is not a moderator: the page does not exist for them, nor do its forms.
  EXPECT_EQ(Get("/community/moderation", other)->status, 404);
  EXPECT_EQ(Send(other, "/community/moderation/posts/" + id + "/hide", "reason=x")->status, 404);

  const Signed admin = SignIn("admin@example.org");
  auto queue = Get("/community/moderation", admin);
  ASSERT_TRUE(queue);
  ASSERT_EQ(queue->status, 200);
  EXPECT_NE(queue->body.find("Miracle cure for sale"), std::string::npos);
  EXPECT_NE(queue->body.find("Spam"), std::string::npos);
  auto no_reason = Send(admin, "/community/moderation/posts/" + id + "/hide", "reason=");
  ASSERT_TRUE(no_reason);
  EXPECT_EQ(no_reason->status, 400);
  auto hidden = Send(admin, "/community/moderation/posts/" + id + "/hide",
                     "reason=Selling+medicines+is+not+allowed");
  ASSERT_TRUE(hidden);
  EXPECT_EQ(hidden->status, 303);
  EXPECT_EQ(hidden->Header("location"), "/community/moderation?done=hidden");

  auto to_author = Get("/community/posts/" + id, pat);
  ASSERT_TRUE(to_author);
  EXPECT_EQ(to_author->status, 200);
  EXPECT_NE(
      to_author->body.find("Your post was hidden by a moderator: Selling medicines is not allowed"),
      std::string::npos);
  EXPECT_EQ(Get("/community/posts/" + id, other)->status, 404);
  EXPECT_EQ(Get("/community", other)->body.find("Miracle cure"), std::string::npos);
  EXPECT_NE(Get("/community?mine=1", pat)->body.find("Hidden by a moderator"), std::string::npos);
  EXPECT_NE(Get("/community/moderation", admin)->body.find("No open reports"), std::string::npos);
}

TEST_F(CommunityPagesTest, ListsSortFilterAndRefuseBadChoices) {
  const Signed pat = SignUp("pat@example.org");
  WritePost(pat, "category=chat&title=A+chat+post&body=B");
  WritePost(pat, "category=treatment&title=A+treatment+post&body=B");
  auto chat = Get("/community?category=chat&sort=top", pat);
  ASSERT_TRUE(chat);
  EXPECT_EQ(chat->status, 200);
  EXPECT_NE(chat->body.find("A chat post"), std::string::npos);
  EXPECT_EQ(chat->body.find("A treatment post"), std::string::npos);
  EXPECT_NE(chat->body.find("aria-current=\"page\">Chat</a>"), std::string::npos);
  EXPECT_EQ(Get("/community?sort=best", pat)->status, 400);
  EXPECT_EQ(Get("/community?category=%3Cx%3E", pat)->status, 400);
  EXPECT_EQ(Get("/community/posts/no-such-post", pat)->status, 404);
  EXPECT_EQ(Get("/community/posts/" + std::string(300, 'a'), pat)->status, 404);
}

}  // namespace
}  // namespace tricholog::http
