#include "http/community_routes.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/photo_intake.h"
#include "app/photo_thumbnails.h"
#include "core/date.h"
#include "evidence/library.h"
#include "http/templates.h"
#include "http/worker_pool.h"
#include "store/store.h"

namespace tricholog::http {
namespace {

using Shared = std::shared_ptr<const PatientContext>;
using ctemplate::TemplateDictionary;
using evidence::Community;

constexpr std::string_view kNotice =
    "Tricholog informs; it does not diagnose or prescribe. Posts are members' own experience, "
    "not medical advice: talk them over with your physician.";
constexpr int kPostsPerPage = 20;
// Sessions whose photos the new-post form offers: the latest ones and the first (the baseline),
// enough to show a before and an after without loading a year of thumbnails.
constexpr int kLatestPhotoSessionsOffered = 2;
constexpr int kDefaultPhotoWidth = 800;

// ---- time in words ----------------------------------------------------------------------------

// Seconds since the epoch of "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS..." (UTC); nullopt otherwise.
std::optional<long long> EpochSeconds(std::string_view iso) {
  if (iso.size() < 10) return std::nullopt;
  auto day = Date::Parse(iso.substr(0, 10));
  if (!day) return std::nullopt;
  long long seconds = static_cast<long long>(day->days_since_epoch()) * 86400;
  if (iso.size() >= 19 && (iso[10] == 'T' || iso[10] == ' ')) {
    int h = 0, m = 0, s = 0;
    std::from_chars(iso.data() + 11, iso.data() + 13, h);
    std::from_chars(iso.data() + 14, iso.data() + 16, m);
    std::from_chars(iso.data() + 17, iso.data() + 19, s);
    seconds += h * 3600 + m * 60 + s;
  }
  return seconds;
}

std::string Plural(long long n, std::string_view unit) {
  return fmt::format("{} {}{} ago", n, unit, n == 1 ? "" : "s");
}

// ---- shared page parts ------------------------------------------------------------------------

std::string NowOf(store::Store& s) { return s.clock().NowUtc(); }

Response Render(const PatientContext& context, const Request& request, Page page,
                const std::function<void(TemplateDictionary&)>& fill, int status = 200) {
  page.principal = &*request.principal;
  auto html = RenderPage(*context.renderer, page, [&](TemplateDictionary& d) {
    d.SetValue("CSRF", request.principal->csrf_token);
    d.SetValue("NOTICE", std::string(kNotice));
    fill(d);
  });
  if (!html) throw std::runtime_error("community page: " + html.error().ToString());
  return HtmlResponse(status, std::move(*html));
}

// The byline: AUTHOR and, for a physician, the PHYSICIAN section (the badge).
void FillAuthor(TemplateDictionary& d, const evidence::PostAuthor& author) {
  d.SetValue("AUTHOR", author.display_name.empty() ? "A member" : author.display_name);
  if (author.IsPhysician()) d.ShowSection("PHYSICIAN");
}

// Plain text as paragraphs (PARA sections with TEXT): blank lines separate paragraphs; single
// line breaks are kept by the stylesheet (white-space: pre-line). Escaped by the template.
void FillParagraphs(TemplateDictionary& d, const std::string& text) {
  std::string normal;
  normal.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') continue;
    normal.push_back(text[i]);
  }
  std::size_t start = 0;
  while (start <= normal.size()) {
    std::size_t end = normal.find("\n\n", start);
    if (end == std::string::npos) end = normal.size();
    std::string para = normal.substr(start, end - start);
    const auto first = para.find_first_not_of(" \n\t");
    if (first != std::string::npos) {
      const auto last = para.find_last_not_of(" \n\t");
      d.AddSectionDictionary("PARA")->SetValue("TEXT", para.substr(first, last - first + 1));
    }
    start = end + 2;
  }
}

bool WantsJson(const Request& request) {
  return request.Header("accept").find("application/json") != std::string_view::npos;
}

std::string FormValue(const Request& request, std::string_view name) {
  return request.form.GetOne(name).value_or("");
}

// Whether a path parameter can be an id at all (UUIDs, sha256): short, letters, digits, '-'.
bool LooksLikeId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
  });
}

Error NoSuchPost() {
  return Error{ErrorCode::kNotFound, "no such post, or not one you may see", "post_id"};
}

// ---- the list ---------------------------------------------------------------------------------

Response GetList(const Shared& context, Request& request) {
  const Principal& principal = *request.principal;
  evidence::PostQuery query;
  query.per_page = kPostsPerPage;
  std::string sort_name = request.query.GetOne("sort").value_or("");
  if (!sort_name.empty()) {
    auto sort = evidence::ParsePostSort(sort_name);
    if (!sort) return ErrorResponse(request, sort.error(), context->log);
    query.sort = *sort;
  } else {
    sort_name = "new";
  }
  const std::string category_name = request.query.GetOne("category").value_or("");
  if (!category_name.empty()) {
    auto category = evidence::ParsePostCategory(category_name);
    if (!category) return ErrorResponse(request, category.error(), context->log);
    query.category = *category;
  }
  const bool mine = request.query.GetOne("mine").value_or("") == "1";
  if (mine) query.author_user_id = principal.user_id;
  if (auto page = request.query.GetOne("page"); page && !page->empty()) {
    int value = 0;
    const auto [end, ec] = std::from_chars(page->data(), page->data() + page->size(), value);
    if (ec != std::errc() || end != page->data() + page->size() || value < 1 || value > 10000) {
      return ErrorResponse(
          request, Error{ErrorCode::kInvalidArgument, "must be a page number from 1", "page"});
    }
    query.page = value;
  }
  struct Loaded {
    evidence::PostPage page;
    bool moderator = false;
    std::string now;
  };
  auto loaded = context->store->With([&](store::Store& s) -> Result<Loaded> {
    Community community(s);
    auto page = community.ListPosts(principal.actor(), query);
    if (!page) return tl::unexpected(page.error());
    auto moderator = community.IsModerator(principal.actor());
    if (!moderator) return tl::unexpected(moderator.error());
    return Loaded{std::move(*page), *moderator, NowOf(s)};
  });
  if (!loaded) return ErrorResponse(request, loaded.error(), context->log);
  // Links keep the other choices: "/community?sort=top&category=chat".
  auto link = [&](std::string_view sort, std::string_view category, int page) {
    std::string out = "/community?sort=" + std::string(sort);
    if (!category.empty()) out += "&category=" + std::string(category);
    if (mine) out += "&mine=1";
    if (page > 1) out += "&page=" + std::to_string(page);
    return out;
  };
  return Render(
      *context, request, Page{"Community", "community_list.tpl"}, [&](TemplateDictionary& d) {
        d.SetValue("TOTAL", std::to_string(loaded->page.total));
        d.SetValue("TOTAL_WORD", loaded->page.total == 1 ? "post" : "posts");
        if (mine) d.ShowSection("MINE");
        if (loaded->moderator) d.ShowSection("MODERATOR");
        struct SortLink {
          const char* name;
          const char* label;
        };
        for (const SortLink& sort :
             {SortLink{"new", "Newest"}, SortLink{"top", "Top"}, SortLink{"hot", "Hot"}}) {
          const std::string name = sort.name;
          const char* label = sort.label;
          auto* item = d.AddSectionDictionary("SORT");
          item->SetValue("HREF", link(name, category_name, 1));
          item->SetValue("LABEL", label);
          if (sort_name == name) item->ShowSection("CURRENT");
        }
        auto* all = d.AddSectionDictionary("CHIP");
        all->SetValue("HREF", link(sort_name, "", 1));
        all->SetValue("LABEL", "All");
        if (category_name.empty()) all->ShowSection("CURRENT");
        for (evidence::PostCategory c : evidence::PostCategories()) {
          auto* chip = d.AddSectionDictionary("CHIP");
          chip->SetValue("HREF", link(sort_name, evidence::PostCategoryName(c), 1));
          chip->SetValue("LABEL", std::string(evidence::PostCategoryLabel(c)));
          if (category_name == evidence::PostCategoryName(c)) {
            chip->ShowSection("CURRENT");
          }
        }
        if (loaded->page.posts.empty()) d.ShowSection("NO_POSTS");
        for (const evidence::PostSummary& post : loaded->page.posts) {
          FillPostRow(*d.AddSectionDictionary("POST"), post, loaded->now);
        }
        const long long pages = (loaded->page.total + query.per_page - 1) / query.per_page;
        if (query.page > 1) {
          d.SetValueAndShowSection("PREV_HREF", link(sort_name, category_name, query.page - 1),
                                   "PREV");
        }
        if (query.page < pages) {
          d.SetValueAndShowSection("NEXT_HREF", link(sort_name, category_name, query.page + 1),
                                   "NEXT");
        }
        if (pages > 1) {
          d.SetValueAndShowSection("PAGE_OF", fmt::format("Page {} of {}", query.page, pages),
                                   "PAGER");
        }
      });
}

// ---- writing a post ---------------------------------------------------------------------------

struct PostForm {
  std::string category;
  std::string title;
  std::string body;
  std::string discuss_study;  // library id
  std::string studies;        // what was typed: ids, PMIDs, DOIs
  std::vector<std::string> photos;
  bool consent = false;
  std::string error_field;  // "title", "body", "category", "studies", "photos", "consent"
  std::string error_message;
};

struct PhotoChoice {
  std::string sha256;
  std::string url;
  std::string alt;
};

// The poster's own session photos (newest sessions first), for a patient with a record.
std::vector<PhotoChoice> OwnPhotos(const PatientContext& context, const Principal& principal) {
  std::vector<PhotoChoice> out;
  if (principal.role != store::Role::kPatient) return out;
  auto own = OwnPatientId(*context.store, principal);
  if (!own) return out;
  auto record = context.store->With(
      [&](store::Store& s) { return s.GetPatientRecord(principal.actor(), *own); });
  if (!record) return out;
  std::vector<const store::TrackingSession*> sessions;
  for (const store::TrackingSession& session : record->sessions) sessions.push_back(&session);
  std::sort(sessions.begin(), sessions.end(),
            [](const auto* a, const auto* b) { return a->session_date > b->session_date; });
  if (sessions.size() > std::size_t{kLatestPhotoSessionsOffered} + 1) {
    const store::TrackingSession* baseline = sessions.back();
    sessions.resize(kLatestPhotoSessionsOffered);
    sessions.push_back(baseline);
  }
  for (const store::TrackingSession* session : sessions) {
    for (const store::SessionPhoto& photo : session->photos) {
      out.push_back({photo.sha256,
                     "/api/v1/patients/" + *own + "/photos/" + photo.sha256 + "?w=160",
                     fmt::format("{} view, {}", app::ViewLabel(photo.view),
                                 DayInWords(session->session_date.ToString()))});
    }
  }
  return out;
}

Response RenderNewPost(const Shared& context, const Request& request, PostForm form, int status) {
  std::string discuss_title;
  if (!form.discuss_study.empty()) {
    // A study id, or a key naming one (PMID, DOI, starter id): the post links the study's id.
    auto study = context->store->With([&](store::Store& s) -> Result<evidence::StoredStudy> {
      evidence::EvidenceLibrary library(s);
      auto found = library.GetStudy(form.discuss_study);
      if (found || found.error().code != ErrorCode::kNotFound) return found;
      auto id = library.FindStudy(form.discuss_study);
      if (!id) return tl::unexpected(id.error());
      if (!*id) return found;
      return library.GetStudy(**id);
    });
    if (study) {
      discuss_title = study->study.title;
      form.discuss_study = study->id;
    } else if (study.error().code == ErrorCode::kNotFound) {
      form.discuss_study.clear();
      if (form.error_field.empty()) {
        form.error_field = "form";
        form.error_message =
            "The study you came from is not in the library; this post will not be linked to it.";
      }
    } else {
      return ErrorResponse(request, study.error(), context->log);
    }
  }
  const std::vector<PhotoChoice> photos = OwnPhotos(*context, *request.principal);
  return Render(
      *context, request, Page{"New post", "community_new.tpl"},
      [&](TemplateDictionary& d) {
        if (!discuss_title.empty()) {
          auto* discuss = d.AddSectionDictionary("DISCUSSING");
          discuss->SetValue("STUDY_ID", form.discuss_study);
          discuss->SetValue("STUDY_TITLE", discuss_title);
        }
        for (evidence::PostCategory c : evidence::PostCategories()) {
          auto* option = d.AddSectionDictionary("CATEGORY_OPTION");
          option->SetValue("VALUE", std::string(evidence::PostCategoryName(c)));
          option->SetValue("LABEL", std::string(evidence::PostCategoryLabel(c)));
          const bool chosen =
              form.category.empty()
                  ? (!discuss_title.empty() && c == evidence::PostCategory::kResearch)
                  : form.category == evidence::PostCategoryName(c);
          if (chosen) option->ShowSection("SELECTED");
        }
        d.SetValue("TITLE_VALUE", form.title);
        d.SetValue("BODY_VALUE", form.body);
        d.SetValue("STUDIES_VALUE", form.studies);
        if (photos.empty()) {
          d.ShowSection("NO_PHOTOS");
        } else {
          auto* section = d.AddSectionDictionary("PHOTOS");
          for (std::size_t i = 0; i < photos.size(); ++i) {
            auto* photo = section->AddSectionDictionary("PHOTO");
            photo->SetValue("SHA", photos[i].sha256);
            photo->SetValue("URL", photos[i].url);
            photo->SetValue("ALT", photos[i].alt);
            photo->SetValue("INDEX", std::to_string(i));
            if (std::find(form.photos.begin(), form.photos.end(), photos[i].sha256) !=
                form.photos.end()) {
              photo->ShowSection("CHECKED");
            }
          }
          if (form.consent) section->ShowSection("CONSENTED");
          if (form.error_field == "photos" || form.error_field == "consent") {
            section->SetValueAndShowSection(
                "MESSAGE", form.error_message,
                form.error_field == "photos" ? "PHOTOS_ERROR" : "CONSENT_ERROR");
          }
        }
        if (form.error_field.empty()) return;
        if (form.error_field == "title" || form.error_field == "body" ||
            form.error_field == "category" || form.error_field == "studies") {
          std::string key = form.error_field;
          for (char& c : key) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          d.SetValueAndShowSection("MESSAGE", form.error_message, key + "_ERROR");
          d.SetValueAndShowSection("MESSAGE", "Please correct the field marked below.",
                                   "FORM_ERROR");
        } else if ((form.error_field == "photos" || form.error_field == "consent") &&
                   !photos.empty()) {
          d.SetValueAndShowSection("MESSAGE", "Please correct the photos part below.",
                                   "FORM_ERROR");
        } else {
          d.SetValueAndShowSection("MESSAGE", form.error_message, "FORM_ERROR");
        }
      },
      status);
}

Response GetNewPost(const Shared& context, Request& request) {
  PostForm form;
  form.discuss_study = request.query.GetOne("study").value_or("");
  if (!form.discuss_study.empty() && !LooksLikeId(form.discuss_study)) form.discuss_study.clear();
  return RenderNewPost(context, request, std::move(form), 200);
}

// Splits what was typed into study keys (spaces, commas, semicolons, line breaks).
std::vector<std::string> StudyKeys(std::string_view text) {
  std::vector<std::string> keys;
  std::string current;
  for (char c : text) {
    if (c == ' ' || c == ',' || c == ';' || c == '\n' || c == '\r' || c == '\t') {
      if (!current.empty()) keys.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) keys.push_back(std::move(current));
  return keys;
}

// The field of the form an error of Community::CreatePost belongs to.
std::string FormFieldOf(const std::string& field) {
  if (field.rfind("photos", 0) == 0) return "photos";
  if (field == "photo_consent") return "consent";
  if (field.rfind("study_ids", 0) == 0 || field == "discuss_study_id") return "studies";
  if (field == "title" || field == "body" || field == "category") return field;
  return "form";
}

Response PostNewPost(const Shared& context, Request& request) {
  const Principal& principal = *request.principal;
  PostForm form;
  form.category = FormValue(request, "category");
  form.title = FormValue(request, "title");
  form.body = FormValue(request, "body");
  form.discuss_study = FormValue(request, "discuss_study");
  form.studies = FormValue(request, "studies");
  form.photos = request.form.All("photos");
  form.consent = FormValue(request, "photo_consent") == "yes";

  auto fail = [&](std::string field, std::string message) {
    form.error_field = std::move(field);
    form.error_message = std::move(message);
    return RenderNewPost(context, request, std::move(form), 400);
  };
  auto category = evidence::ParsePostCategory(form.category);
  if (!category) return fail("category", "Choose a category.");
  if (!form.photos.empty() && !form.consent) {
    return fail("consent",
                "You chose photos but did not tick the consent box. Tick it to share them with "
                "every member, or untick the photos to post without them.");
  }
  evidence::NewPost post;
  post.category = *category;
  post.title = form.title;
  post.body = form.body;
  post.discuss_study_id = form.discuss_study;
  post.photos = form.photos;
  post.photo_consent = form.consent && !form.photos.empty();

  std::string unknown_key;
  auto created = context->store->With([&](store::Store& s) -> Result<evidence::Post> {
    evidence::EvidenceLibrary library(s);
    for (const std::string& key : StudyKeys(form.studies)) {
      auto id = library.FindStudy(key);
      if (!id) return tl::unexpected(id.error());
      if (!*id) {
        unknown_key = key;
        return MakeError(ErrorCode::kNotFound, "no study", "studies");
      }
      if (**id == post.discuss_study_id) continue;
      if (std::find(post.study_ids.begin(), post.study_ids.end(), **id) == post.study_ids.end()) {
        post.study_ids.push_back(**id);
      }
    }
    Community community(s);
    return community.CreatePost(principal.actor(), post);
  });
  if (!unknown_key.empty()) {
    return fail("studies", "No study in the library matches \"" + unknown_key +
                               "\". Give a study's PMID, DOI or its id from its page.");
  }
  if (!created) {
    const Error& e = created.error();
    // A photo that is not one of the poster's own (or a poster without a record of their own).
    if (!form.photos.empty() &&
        (e.code == ErrorCode::kNotFound || e.code == ErrorCode::kPermissionDenied) &&
        (FormFieldOf(e.field) == "photos" || e.field == "patient_id")) {
      return fail("photos", "You can attach only photos from your own tracking sessions.");
    }
    if (e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kTooLarge ||
        (e.code == ErrorCode::kNotFound && FormFieldOf(e.field) != "form")) {
      return fail(FormFieldOf(e.field), e.message);
    }
    return ErrorResponse(request, e, context->log);
  }
  return RedirectResponse("/community/posts/" + created->id);
}

// ---- one post ---------------------------------------------------------------------------------

// What a form on the post page left to show again: which form, its error, the text kept.
struct PostPageState {
  std::string form;  // "comment", "reply", "report", "report_comment", "hide"
  std::string target_id;
  std::string message;
  std::string text;
};

Response RenderPost(const Shared& context, Request& request, const std::string& post_id,
                    const PostPageState& state, int status) {
  const Principal& principal = *request.principal;
  if (!LooksLikeId(post_id)) return ErrorResponse(request, NoSuchPost());
  struct Loaded {
    evidence::Post post;
    std::vector<evidence::Comment> comments;
    std::vector<evidence::StudyListItem> studies;
    bool moderator = false;
    std::string now;
  };
  auto loaded = context->store->With([&](store::Store& s) -> Result<Loaded> {
    Community community(s);
    auto post = community.GetPost(principal.actor(), post_id);
    if (!post) return tl::unexpected(post.error());
    auto comments = community.ListComments(principal.actor(), post_id);
    if (!comments) return tl::unexpected(comments.error());
    auto moderator = community.IsModerator(principal.actor());
    if (!moderator) return tl::unexpected(moderator.error());
    std::vector<std::string> ids;
    for (const evidence::StudyLink& link : post->studies) ids.push_back(link.study_id);
    evidence::EvidenceLibrary library(s);
    auto studies = library.ListItems(ids);
    if (!studies) return tl::unexpected(studies.error());
    return Loaded{std::move(*post), std::move(*comments), std::move(*studies), *moderator,
                  NowOf(s)};
  });
  if (!loaded) {
    if (loaded.error().code == ErrorCode::kNotFound) {
      return ErrorResponse(request, NoSuchPost());
    }
    return ErrorResponse(request, loaded.error(), context->log);
  }
  const evidence::Post& post = loaded->post;
  const bool author = post.author.user_id == principal.user_id;
  const bool reported = request.query.GetOne("reported").value_or("") == "1";
  return Render(
      *context, request,
      Page{post.title, "community_post.tpl", nullptr, "", "", {"/static/js/community.js"}},
      [&](TemplateDictionary& d) {
        d.SetValue("POST_ID", post.id);
        d.SetValue("TITLE", post.title);
        d.SetValue("CATEGORY", std::string(evidence::PostCategoryName(post.category)));
        d.SetValue("CATEGORY_LABEL", std::string(evidence::PostCategoryLabel(post.category)));
        // In its own section: the comments' bylines must not inherit the post's badge (ctemplate
        // looks a section up in the parent dictionaries too).
        FillAuthor(*d.AddSectionDictionary("BYLINE"), post.author);
        d.SetValue("AGE", AgeInWords(post.created_at, loaded->now));
        d.SetValue("DATE", DayInWords(post.created_at));
        d.SetValue("ISO", post.created_at);
        if (!post.edited_at.empty()) d.ShowSection("EDITED");
        FillParagraphs(d, post.body);
        d.SetValue("UPVOTES", std::to_string(post.upvotes));
        d.SetValue("UPVOTE_WORD", post.upvotes == 1 ? "upvote" : "upvotes");
        if (post.voted) {
          d.ShowSection("VOTED");
          d.SetValue("PRESSED", "true");
        } else {
          d.ShowSection("NOT_VOTED");
          d.SetValue("PRESSED", "false");
        }
        if (post.hidden) {
          auto* hidden = d.AddSectionDictionary("HIDDEN");
          hidden->SetValue("REASON", post.hidden->reason);
          hidden->SetValue(
              "PREFIX", author ? "Your post was hidden by a moderator:" : "Hidden by a moderator:");
        }
        if (reported) d.ShowSection("REPORTED");
        if (!post.photos.empty()) {
          auto* photos = d.AddSectionDictionary("HAS_PHOTOS");
          if (author) photos->ShowSection("WITHDRAW");
          for (std::size_t i = 0; i < post.photos.size(); ++i) {
            auto* photo = photos->AddSectionDictionary("PHOTO");
            photo->SetValue("URL", "/community/posts/" + post.id + "/photos/" + post.photos[i] +
                                       "?w=" + std::to_string(kDefaultPhotoWidth));
            photo->SetValue(
                "ALT", fmt::format("Photo {} of {} that {} attached to this post", i + 1,
                                   post.photos.size(),
                                   post.author.display_name.empty() ? std::string("the author")
                                                                    : post.author.display_name));
          }
        }
        for (const evidence::StudyListItem& study : loaded->studies) {
          auto* row = d.AddSectionDictionary("STUDY");
          row->SetValue("ID", study.id);
          row->SetValue("TITLE", study.title);
          row->SetValue("DATE_IN_JOURNAL",
                        evidence::DateInJournal(study.year, study.month, study.journal));
          for (const evidence::StudyLink& link : post.studies) {
            if (link.study_id == study.id && link.linked_from == "discuss") {
              row->ShowSection("DISCUSS");
            }
          }
        }
        if (!loaded->studies.empty()) d.ShowSection("HAS_STUDIES");
        // Comments, in thread order; the depth indents them.
        d.SetValue("COMMENT_COUNT", std::to_string(loaded->comments.size()));
        if (loaded->comments.empty()) d.ShowSection("NO_COMMENTS");
        for (const evidence::Comment& c : loaded->comments) {
          auto* row = d.AddSectionDictionary("COMMENT");
          row->SetValue("ID", c.id);
          row->SetValue("POST_ID", post.id);
          row->SetIntValue("DEPTH", std::min(c.depth, evidence::kMaxCommentDepth));
          row->SetValue("AGE", AgeInWords(c.created_at, loaded->now));
          row->SetValue("DATE", DayInWords(c.created_at));
          row->SetValue("ISO", c.created_at);
          if (c.hidden) {
            auto* hidden = row->AddSectionDictionary("COMMENT_HIDDEN");
            hidden->SetValue("REASON", c.hidden->reason);
          }
          if (!c.body.empty()) {
            auto* shown = row->AddSectionDictionary("COMMENT_BODY");
            FillAuthor(*shown, c.author);
            FillParagraphs(*shown, c.body);
          }
          if (c.depth < evidence::kMaxCommentDepth && !post.hidden && !c.hidden) {
            auto* reply = row->AddSectionDictionary("CAN_REPLY");
            if (state.form == "reply" && state.target_id == c.id) {
              reply->ShowSection("OPEN");
              reply->SetValue("TEXT", state.text);
              reply->SetValueAndShowSection("MESSAGE", state.message, "REPLY_ERROR");
            }
          }
          if (!c.hidden) {
            auto* report = row->AddSectionDictionary("CAN_REPORT");
            if (state.form == "report_comment" && state.target_id == c.id) {
              report->ShowSection("OPEN");
              report->SetValue("TEXT", state.text);
              report->SetValueAndShowSection("MESSAGE", state.message, "REPORT_ERROR");
            }
            if (loaded->moderator) row->ShowSection("MODERATE_COMMENT");
          }
        }
        if (!post.hidden) {
          auto* comment = d.AddSectionDictionary("CAN_COMMENT");
          if (state.form == "comment") {
            comment->SetValue("TEXT", state.text);
            comment->SetValueAndShowSection("MESSAGE", state.message, "COMMENT_ERROR");
          }
          auto* report = d.AddSectionDictionary("CAN_REPORT_POST");
          if (state.form == "report") {
            report->ShowSection("OPEN");
            report->SetValue("TEXT", state.text);
            report->SetValueAndShowSection("MESSAGE", state.message, "REPORT_ERROR");
          }
        }
        if (loaded->moderator) {
          auto* moderate = d.AddSectionDictionary("MODERATOR");
          if (post.hidden) {
            moderate->ShowSection("UNHIDE");
          } else {
            auto* hide = moderate->AddSectionDictionary("HIDE");
            if (state.form == "hide") {
              hide->SetValue("TEXT", state.text);
              hide->SetValueAndShowSection("MESSAGE", state.message, "HIDE_ERROR");
            }
          }
        }
      },
      status);
}

Response GetPost(const Shared& context, Request& request) {
  return RenderPost(context, request, std::string(request.PathParam("post_id")), {}, 200);
}

Task<Response> GetPostPhoto(Shared context, Request& request) {
  const std::string post_id(request.PathParam("post_id"));
  const std::string sha(request.PathParam("sha256"));
  int width = kDefaultPhotoWidth;
  if (auto given = request.query.GetOne("w"); given && !given->empty()) {
    const auto [end, ec] = std::from_chars(given->data(), given->data() + given->size(), width);
    if (ec != std::errc() || end != given->data() + given->size() ||
        width < app::kMinThumbnailWidth || width > app::kMaxThumbnailWidth) {
      co_return ErrorResponse(request,
                              Error{ErrorCode::kInvalidArgument,
                                    fmt::format("must be a whole number from {} to {}",
                                                app::kMinThumbnailWidth, app::kMaxThumbnailWidth),
                                    "w"});
    }
  }
  const Error not_found{ErrorCode::kNotFound, "no such photo, or not one you may see", "sha256"};
  if (!LooksLikeId(post_id) || !LooksLikeId(sha)) co_return ErrorResponse(request, not_found);
  const Principal& principal = *request.principal;
  auto may = context->store->With([&](store::Store& s) {
    Community community(s);
    return community.MayViewPostPhoto(principal.actor(), post_id, sha);
  });
  if (!may) co_return ErrorResponse(request, may.error(), context->log);
  if (!*may || context->blobs == nullptr || context->pool == nullptr) {
    co_return ErrorResponse(request, not_found);
  }
  store::BlobStore* blobs = context->blobs;
  auto job = [blobs, &sha, width] { return app::PhotoThumbnail(*blobs, sha, width); };
  auto thumbnail = co_await RunOnWorkers(*context->pool, job);
  if (!thumbnail) co_return ErrorResponse(request, thumbnail.error(), context->log);
  Response response;
  response.status = 200;
  response.body.assign(thumbnail->begin(), thumbnail->end());
  response.SetHeader("Content-Type", "image/jpeg");
  // A member's photo: never kept by a shared cache.
  response.SetHeader("Cache-Control", "private, max-age=300");
  co_return response;
}

// The author withdraws the photo consent of their post: its photos leave it.
Response PostWithdrawPhotos(const Shared& context, Request& request) {
  const std::string post_id(request.PathParam("post_id"));
  if (!LooksLikeId(post_id)) return ErrorResponse(request, NoSuchPost());
  auto withdrawn = context->store->With([&](store::Store& s) {
    Community community(s);
    return community.WithdrawPhotoConsent(request.principal->actor(), post_id);
  });
  if (!withdrawn) return ErrorResponse(request, withdrawn.error(), context->log);
  return RedirectResponse("/community/posts/" + post_id);
}

// ---- votes, comments, reports -----------------------------------------------------------------

Response PostVote(const Shared& context, Request& request) {
  const std::string post_id(request.PathParam("post_id"));
  if (!LooksLikeId(post_id)) return ErrorResponse(request, NoSuchPost());
  auto vote = context->store->With([&](store::Store& s) {
    Community community(s);
    return community.ToggleVote(request.principal->actor(), post_id);
  });
  if (!vote) {
    if (WantsJson(request)) return JsonErrorResponse(vote.error());
    return ErrorResponse(request, vote.error(), context->log);
  }
  if (WantsJson(request)) {
    return JsonResponse(200, {{"voted", vote->voted}, {"upvotes", vote->upvotes}});
  }
  return RedirectResponse("/community/posts/" + post_id + "#vote");
}

Response PostComment(const Shared& context, Request& request) {
  const std::string post_id(request.PathParam("post_id"));
  if (!LooksLikeId(post_id)) return ErrorResponse(request, NoSuchPost());
  evidence::NewComment comment;
  comment.post_id = post_id;
  comment.parent_id = FormValue(request, "parent_id");
  comment.body = FormValue(request, "body");
  auto added = context->store->With([&](store::Store& s) {
    Community community(s);
    return community.AddComment(request.principal->actor(), comment);
  });
  if (!added) {
    const Error& e = added.error();
    if (e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kTooLarge) {
      PostPageState state{
          comment.parent_id.empty() ? "comment" : "reply", comment.parent_id,
          e.field == "body" ? "Write your comment here (up to 10 000 characters)." : e.message,
          comment.body};
      return RenderPost(context, request, post_id, state, 400);
    }
    return ErrorResponse(request, e.code == ErrorCode::kNotFound ? NoSuchPost() : e, context->log);
  }
  return RedirectResponse("/community/posts/" + post_id + "#comment-" + added->id);
}

Response PostReport(const Shared& context, Request& request) {
  const std::string post_id(request.PathParam("post_id"));
  if (!LooksLikeId(post_id)) return ErrorResponse(request, NoSuchPost());
  const std::string reason = FormValue(request, "reason");
  auto report = context->store->With([&](store::Store& s) {
    Community community(s);
    return community.ReportPost(request.principal->actor(), post_id, reason);
  });
  if (!report) {
    const Error& e = report.error();
    if (e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kTooLarge) {
      return RenderPost(context, request, post_id,
                        {"report", "", "Say in a few words what is wrong with this post.", reason},
                        400);
    }
    return ErrorResponse(request, e.code == ErrorCode::kNotFound ? NoSuchPost() : e, context->log);
  }
  return RedirectResponse("/community/posts/" + post_id + "?reported=1");
}

Response PostReportComment(const Shared& context, Request& request) {
  const std::string comment_id(request.PathParam("comment_id"));
  const Error no_comment{ErrorCode::kNotFound, "no such comment, or not one you may see",
                         "comment_id"};
  if (!LooksLikeId(comment_id)) return ErrorResponse(request, no_comment);
  const std::string reason = FormValue(request, "reason");
  const std::string post_id = FormValue(request, "post_id");
  auto report = context->store->With([&](store::Store& s) {
    Community community(s);
    return community.ReportComment(request.principal->actor(), comment_id, reason);
  });
  if (!report) {
    const Error& e = report.error();
    if ((e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kTooLarge) &&
        LooksLikeId(post_id)) {
      return RenderPost(context, request, post_id,
                        {"report_comment", comment_id,
                         "Say in a few words what is wrong with this comment.", reason},
                        400);
    }
    return ErrorResponse(request, e.code == ErrorCode::kNotFound ? no_comment : e, context->log);
  }
  return RedirectResponse("/community/posts/" + report->post_id + "?reported=1");
}

// ---- moderation -------------------------------------------------------------------------------

Result<bool> IsModerator(const PatientContext& context, const Principal& principal) {
  return context.store->With([&](store::Store& s) {
    Community community(s);
    return community.IsModerator(principal.actor());
  });
}

Error NotModerator() { return Error{ErrorCode::kNotFound, "no such page", "moderation"}; }

Response GetModeration(const Shared& context, Request& request) {
  const Principal& principal = *request.principal;
  struct Loaded {
    std::vector<evidence::Report> reports;
    std::string now;
  };
  auto loaded = context->store->With([&](store::Store& s) -> Result<std::optional<Loaded>> {
    Community community(s);
    auto moderator = community.IsModerator(principal.actor());
    if (!moderator) return tl::unexpected(moderator.error());
    if (!*moderator) return std::nullopt;
    auto reports = community.ListOpenReports(principal.actor());
    if (!reports) return tl::unexpected(reports.error());
    return Loaded{std::move(*reports), NowOf(s)};
  });
  if (!loaded) return ErrorResponse(request, loaded.error(), context->log);
  if (!*loaded) return ErrorResponse(request, NotModerator());
  const std::string done = request.query.GetOne("done").value_or("");
  return Render(*context, request, Page{"Moderation", "community_moderation.tpl"},
                [&](TemplateDictionary& d) {
                  if (done == "hidden") {
                    d.SetValueAndShowSection("TEXT", "Hidden. Its author sees your reason.",
                                             "DONE");
                  } else if (done == "dismissed") {
                    d.SetValueAndShowSection("TEXT", "Report dismissed.", "DONE");
                  }
                  const auto& reports = (*loaded)->reports;
                  if (reports.empty()) d.ShowSection("NO_REPORTS");
                  d.SetValue("COUNT", std::to_string(reports.size()));
                  for (const evidence::Report& r : reports) {
                    auto* row = d.AddSectionDictionary("REPORT");
                    row->SetValue("ID", r.id);
                    row->SetValue("POST_ID", r.post_id);
                    row->SetValue("TITLE", r.title);
                    row->SetValue("EXCERPT", r.excerpt);
                    row->SetValue("REASON", r.reason);
                    row->SetValue("AGE", AgeInWords(r.created_at, (*loaded)->now));
                    if (r.comment_id.empty()) {
                      row->ShowSection("ABOUT_POST");
                    } else {
                      row->SetValueAndShowSection("COMMENT_ID", r.comment_id, "ABOUT_COMMENT");
                    }
                  }
                });
}

// Where a moderation form returns to: the post it was sent from, or the moderation page.
Response AfterModeration(const Request& request, const std::string& post_id,
                         std::string_view done) {
  if (FormValue(request, "return_to") == "post" && LooksLikeId(post_id)) {
    return RedirectResponse("/community/posts/" + post_id);
  }
  return RedirectResponse("/community/moderation?done=" + std::string(done));
}

Response PostHide(const Shared& context, Request& request, bool comment) {
  const Principal& principal = *request.principal;
  auto moderator = IsModerator(*context, principal);
  if (!moderator) return ErrorResponse(request, moderator.error(), context->log);
  if (!*moderator) return ErrorResponse(request, NotModerator());
  const std::string id(request.PathParam(comment ? "comment_id" : "post_id"));
  const std::string reason = FormValue(request, "reason");
  const std::string post_id = comment ? FormValue(request, "post_id") : id;
  if (!LooksLikeId(id)) {
    return ErrorResponse(request, comment
                                      ? Error{ErrorCode::kNotFound, "no such comment", "comment_id"}
                                      : NoSuchPost());
  }
  auto hidden = context->store->With([&](store::Store& s) {
    Community community(s);
    return comment ? community.HideComment(principal.actor(), id, reason)
                   : community.HidePost(principal.actor(), id, reason);
  });
  if (!hidden) {
    const Error& e = hidden.error();
    if ((e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kTooLarge) && !comment &&
        FormValue(request, "return_to") == "post") {
      return RenderPost(context, request, id,
                        {"hide", "", "Give the reason its author will read.", reason}, 400);
    }
    if (e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kTooLarge) {
      return ErrorResponse(
          request, Error{ErrorCode::kInvalidArgument,
                         "give the reason its author will read (1 to 500 characters); go back "
                         "and fill it in",
                         "reason"});
    }
    return ErrorResponse(request, e, context->log);
  }
  return AfterModeration(request, post_id, "hidden");
}

Response PostUnhide(const Shared& context, Request& request) {
  const std::string post_id(request.PathParam("post_id"));
  if (!LooksLikeId(post_id)) return ErrorResponse(request, NoSuchPost());
  auto shown = context->store->With([&](store::Store& s) {
    Community community(s);
    return community.UnhidePost(request.principal->actor(), post_id);
  });
  if (!shown) return ErrorResponse(request, shown.error(), context->log);
  return RedirectResponse("/community/posts/" + post_id);
}

Response PostDismiss(const Shared& context, Request& request) {
  const std::string report_id(request.PathParam("report_id"));
  const Error no_report{ErrorCode::kNotFound, "no such report", "report_id"};
  if (!LooksLikeId(report_id)) return ErrorResponse(request, no_report);
  auto dismissed = context->store->With([&](store::Store& s) {
    Community community(s);
    return community.DismissReport(request.principal->actor(), report_id);
  });
  if (!dismissed) return ErrorResponse(request, dismissed.error(), context->log);
  return RedirectResponse("/community/moderation?done=dismissed");
}

}  // namespace

std::string AgeInWords(std::string_view then, std::string_view now) {
  const auto a = EpochSeconds(then);
  const auto b = EpochSeconds(now);
  if (!a || !b) return "";
  const long long seconds = *b - *a;
  if (seconds < 60) return "just now";
  if (seconds < 3600) return Plural(seconds / 60, "minute");
  if (seconds < 86400) return Plural(seconds / 3600, "hour");
  const long long days = seconds / 86400;
  if (days < 30) return Plural(days, "day");
  if (days < 365) return Plural(days / 30, "month");
  return Plural(days / 365, "year");
}

std::string DayInWords(std::string_view iso) {
  if (iso.size() < 10) return "";
  auto day = Date::Parse(iso.substr(0, 10));
  if (!day) return "";
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto ymd = day->ymd();
  return fmt::format("{} {} {}", static_cast<unsigned>(ymd.day()),
                     kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()));
}

void FillPostRow(TemplateDictionary& row, const evidence::PostSummary& post, std::string_view now) {
  row.SetValue("ID", post.id);
  row.SetValue("TITLE", post.title);
  row.SetValue("CATEGORY", std::string(evidence::PostCategoryName(post.category)));
  row.SetValue("CATEGORY_LABEL", std::string(evidence::PostCategoryLabel(post.category)));
  FillAuthor(row, post.author);
  row.SetValue("UPVOTES", std::to_string(post.upvotes));
  row.SetValue("UPVOTE_WORD", post.upvotes == 1 ? "upvote" : "upvotes");
  row.SetValue("COMMENTS", std::to_string(post.comments));
  row.SetValue("COMMENT_WORD", post.comments == 1 ? "comment" : "comments");
  row.SetValue("AGE", AgeInWords(post.created_at, now));
  row.SetValue("DATE", DayInWords(post.created_at));
  row.SetValue("ISO", post.created_at);
  row.SetValue("SUMMARY", post.summary);
  if (post.has_photos) row.ShowSection("HAS_PHOTOS");
  if (post.hidden) row.SetValueAndShowSection("REASON", post.hidden->reason, "HIDDEN");
}

Result<void> AddCommunityRoutes(Router& router, std::shared_ptr<const PatientContext> context) {
  auto sync = [context](Response (*handler)(const Shared&, Request&)) {
    return SyncHandler([context, handler](Request& request) { return handler(context, request); });
  };
  std::vector<Route> routes;
  routes.push_back(
      {Method::kGet, "/community", "community.list", Access::kSignedIn, 0, sync(&GetList)});
  routes.push_back(
      {Method::kGet, "/community/new", "community.new", Access::kSignedIn, 0, sync(&GetNewPost)});
  routes.push_back({Method::kPost, "/community/new", "community.create", Access::kSignedIn,
                    kDefaultMaxBodyBytes, sync(&PostNewPost)});
  routes.push_back({Method::kGet, "/community/posts/{post_id}", "community.post", Access::kSignedIn,
                    0, sync(&GetPost)});
  routes.push_back({Method::kGet, "/community/posts/{post_id}/photos/{sha256}",
                    "community.post_photo", Access::kSignedIn, 0,
                    [context](Request& request) { return GetPostPhoto(context, request); }});
  routes.push_back({Method::kPost, "/community/posts/{post_id}/photos/withdraw",
                    "community.withdraw_photos", Access::kSignedIn, kDefaultMaxBodyBytes,
                    sync(&PostWithdrawPhotos)});
  routes.push_back({Method::kPost, "/community/posts/{post_id}/vote", "community.vote",
                    Access::kSignedIn, kDefaultMaxBodyBytes, sync(&PostVote)});
  routes.push_back({Method::kPost, "/community/posts/{post_id}/comments", "community.comment",
                    Access::kSignedIn, kDefaultMaxBodyBytes, sync(&PostComment)});
  routes.push_back({Method::kPost, "/community/posts/{post_id}/report", "community.report_post",
                    Access::kSignedIn, kDefaultMaxBodyBytes, sync(&PostReport)});
  routes.push_back({Method::kPost, "/community/comments/{comment_id}/report",
                    "community.report_comment", Access::kSignedIn, kDefaultMaxBodyBytes,
                    sync(&PostReportComment)});
  routes.push_back({Method::kGet, "/community/moderation", "community.moderation",
                    Access::kSignedIn, 0, sync(&GetModeration)});
  routes.push_back({Method::kPost, "/community/moderation/posts/{post_id}/hide",
                    "community.hide_post", Access::kSignedIn, kDefaultMaxBodyBytes,
                    SyncHandler([context](Request& r) { return PostHide(context, r, false); })});
  routes.push_back({Method::kPost, "/community/moderation/posts/{post_id}/unhide",
                    "community.unhide_post", Access::kSignedIn, kDefaultMaxBodyBytes,
                    sync(&PostUnhide)});
  routes.push_back({Method::kPost, "/community/moderation/comments/{comment_id}/hide",
                    "community.hide_comment", Access::kSignedIn, kDefaultMaxBodyBytes,
                    SyncHandler([context](Request& r) { return PostHide(context, r, true); })});
  routes.push_back({Method::kPost, "/community/moderation/reports/{report_id}/dismiss",
                    "community.dismiss_report", Access::kSignedIn, kDefaultMaxBodyBytes,
                    sync(&PostDismiss)});
  for (Route& route : routes) {
    if (auto added = router.Add(std::move(route)); !added) return added;
  }
  return {};
}

}  // namespace tricholog::http
