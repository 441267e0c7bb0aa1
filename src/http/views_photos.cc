// The photo timeline (the five views over the sessions) and the before/after slider of one view
// between two sessions, registered as `analyze compare` registers them (imaging/
// photo_comparison.h); the registration runs on the worker pool and its images are kept in a
// small cache, since a slider asks for both sides.
#include <fmt/format.h>

#include <deque>
#include <mutex>
#include <utility>

#include "chart/chart_model.h"
#include "http/views_routes.h"
#include "http/views_util.h"
#include "imaging/image_decode.h"
#include "imaging/image_encode.h"
#include "imaging/photo_comparison.h"
#include "imaging/scalp_view.h"
#include "store/store.h"

namespace tricholog::http {
namespace views_detail {
namespace {

using Shared = std::shared_ptr<const PatientContext>;

// The JPEGs of one comparison: the before photo registered onto the after one, the after photo
// at the same size, and the overlay of where hair was gained or lost.
struct ComparisonImages {
  std::vector<std::uint8_t> before, after, overlay;
};

class ComparisonCache {
 public:
  std::shared_ptr<const ComparisonImages> Find(const std::string& key) {
    std::lock_guard lock(mutex_);
    for (const auto& [k, v] : entries_) {
      if (k == key) return v;
    }
    return nullptr;
  }
  void Put(const std::string& key, std::shared_ptr<const ComparisonImages> images) {
    std::lock_guard lock(mutex_);
    entries_.emplace_back(key, std::move(images));
    while (entries_.size() > kEntries) entries_.pop_front();
  }

 private:
  static constexpr std::size_t kEntries = 12;
  std::mutex mutex_;
  std::deque<std::pair<std::string, std::shared_ptr<const ComparisonImages>>> entries_;
};

struct Sessions {
  store::Patient patient;
  std::vector<store::TrackingSession> sessions;
};

Result<Sessions> LoadSessions(const PatientContext& context, const Request& request) {
  auto patient = LoadPatientForRequest(*context.store, request);
  if (!patient) return tl::unexpected(patient.error());
  const store::Actor actor = request.principal->actor();
  auto sessions =
      context.store->With([&](store::Store& s) { return s.ListSessions(actor, patient->id); });
  if (!sessions) return tl::unexpected(sessions.error());
  return Sessions{std::move(*patient), std::move(*sessions)};
}

const store::SessionPhoto* PhotoOfView(const store::TrackingSession& session,
                                       const std::string& view) {
  for (const auto& p : session.photos) {
    if (p.view == view) return &p;
  }
  return nullptr;
}

// The comparison the request names: view (top, front, back, left, right; default top), from and
// to (session ids; default the first and the last session with a photo of the view).
struct CompareChoice {
  std::string view;
  const store::TrackingSession* from = nullptr;
  const store::TrackingSession* to = nullptr;
  const store::SessionPhoto* from_photo = nullptr;
  const store::SessionPhoto* to_photo = nullptr;
};

Result<std::string> QueryValue(const Request& request, std::string_view name) {
  auto value = request.query.Get(name);
  if (!value) return tl::unexpected(value.error());
  return *value ? **value : std::string();
}

Result<CompareChoice> ChooseComparison(const Request& request, const Sessions& loaded,
                                       std::string view) {
  CompareChoice choice;
  if (view.empty()) view = "top";
  if (imaging::ParseScalpView(view).has_value() == false) {
    return MakeError(ErrorCode::kInvalidArgument, "must be top, front, back, left or right",
                     "view");
  }
  choice.view = view;
  std::vector<const store::TrackingSession*> with_view;
  for (const auto& s : loaded.sessions) {
    if (PhotoOfView(s, view) != nullptr) with_view.push_back(&s);
  }
  if (with_view.empty()) {
    return MakeError(ErrorCode::kNotFound, "no session has a photo of this view", "view");
  }
  for (const char* field : {"from", "to"}) {
    auto id = QueryValue(request, field);
    if (!id) return tl::unexpected(id.error());
    const store::TrackingSession* found = nullptr;
    if (id->empty()) {
      found = std::string(field) == "from" ? with_view.front() : with_view.back();
    } else {
      for (const auto* s : with_view) {
        if (s->id == *id) found = s;
      }
      if (found == nullptr) {
        return MakeError(ErrorCode::kNotFound,
                         "no session of this record with a " + view + " photo has this id", field);
      }
    }
    (std::string(field) == "from" ? choice.from : choice.to) = found;
  }
  choice.from_photo = PhotoOfView(*choice.from, view);
  choice.to_photo = PhotoOfView(*choice.to, view);
  return choice;
}

Result<imaging::DecodedImage> DecodeStored(const store::BlobStore& blobs, const std::string& sha,
                                           const char* field) {
  auto bytes = blobs.Get(sha);
  if (!bytes) return MakeError(ErrorCode::kNotFound, "the photo's file is missing", field);
  auto header = imaging::ReadImageHeaderSize(*bytes);
  if (!header) return tl::unexpected(header.error());
  const int denominator = imaging::AnalysisScaleDenominator(header->width, header->height);
  return imaging::DecodeImage(*bytes, imaging::DecodeLimits{}, denominator);
}

Result<ComparisonImages> MakeComparison(const store::BlobStore& blobs,
                                        const std::string& before_sha, const std::string& after_sha,
                                        imaging::ScalpView view) {
  auto before = DecodeStored(blobs, before_sha, "from");
  if (!before) return tl::unexpected(before.error());
  auto after = DecodeStored(blobs, after_sha, "to");
  if (!after) return tl::unexpected(after.error());
  auto comparison = imaging::ComparePhotos(*before, *after, view);
  if (!comparison) return tl::unexpected(comparison.error());
  ComparisonImages out;
  for (auto [mat, bytes] : {std::pair{&comparison->before_aligned, &out.before},
                            {&comparison->after_image, &out.after},
                            {&comparison->overlay, &out.overlay}}) {
    auto jpeg = imaging::EncodeJpeg(*mat, 85);
    if (!jpeg) return tl::unexpected(jpeg.error());
    *bytes = std::move(*jpeg);
  }
  return out;
}

Task<Response> GetCompareImage(Shared context, std::shared_ptr<ComparisonCache> cache,
                               Request& request) {
  auto loaded = LoadSessions(*context, request);
  if (!loaded) co_return ErrorResponse(request, loaded.error(), context->log);
  auto choice = ChooseComparison(request, *loaded, std::string(request.PathParam("view")));
  if (!choice) co_return ErrorResponse(request, choice.error(), context->log);
  auto image = QueryValue(request, "image");
  if (!image) co_return ErrorResponse(request, image.error(), context->log);
  if (image->empty()) *image = "before";
  if (*image != "before" && *image != "after" && *image != "overlay") {
    co_return ErrorResponse(
        request, Error{ErrorCode::kInvalidArgument, "must be before, after or overlay", "image"});
  }
  const std::string key = choice->from_photo->sha256 + choice->to_photo->sha256 + choice->view;
  std::shared_ptr<const ComparisonImages> images = cache->Find(key);
  if (!images) {
    const auto view = *imaging::ParseScalpView(choice->view);
    const std::string before_sha = choice->from_photo->sha256;
    const std::string after_sha = choice->to_photo->sha256;
    auto job = [&context, &before_sha, &after_sha, view] {
      return MakeComparison(*context->blobs, before_sha, after_sha, view);
    };
    auto made = co_await RunOnWorkers(*context->pool, job);
    if (!made) {
      Error error = made.error();
      // The analysis could not use a photo: say so, as the photo's fault, not the server's.
      if (error.code != ErrorCode::kNotFound && error.code != ErrorCode::kIo) {
        error.code = ErrorCode::kInvalidArgument;
      }
      co_return ErrorResponse(request, error, context->log);
    }
    images = std::make_shared<const ComparisonImages>(std::move(*made));
    cache->Put(key, images);
  }
  const auto& bytes =
      *image == "before" ? images->before : (*image == "after" ? images->after : images->overlay);
  Response response;
  response.status = 200;
  response.body.assign(bytes.begin(), bytes.end());
  response.SetHeader("Content-Type", "image/jpeg");
  response.SetHeader("Cache-Control", "private, max-age=86400, immutable");
  co_return response;
}

std::string Thumbnail(const std::string& patient_id, const std::string& sha, int width) {
  return fmt::format("/api/v1/patients/{}/photos/{}?w={}", patient_id, sha, width);
}

Response GetTimelinePage(const PatientContext& context, Request& request) {
  auto loaded = LoadSessions(context, request);
  if (!loaded) return ErrorResponse(request, loaded.error(), context.log);
  const Principal& principal = *request.principal;
  const std::string& patient_id = loaded->patient.id;
  auto page = RenderPage(
      *context.renderer, Page{"Photo timeline", "photos.tpl", &principal, patient_id, "photos", {}},
      [&](ctemplate::TemplateDictionary& main) {
        main.SetValue("PATIENT_ID", patient_id);
        if (loaded->sessions.empty()) main.ShowSection("NO_SESSIONS");
        for (const auto& s : loaded->sessions) {
          auto* column = main.AddSectionDictionary("COLUMN");
          column->SetValue("DATE", chart::DisplayDate(s.session_date));
          column->SetValue("URL", "/patients/" + patient_id + "/sessions/" + s.id);
          if (s.week) {
            column->SetValueAndShowSection("WEEK", std::to_string(*s.week), "HAS_WEEK");
          }
          for (const char* field : {"FROM_OPTION", "TO_OPTION"}) {
            auto* option = main.AddSectionDictionary(field);
            option->SetValue("ID", s.id);
            option->SetValue("DATE", chart::DisplayDate(s.session_date));
            // "After" starts at the latest session.
            if (std::string(field) == "TO_OPTION" && &s == &loaded->sessions.back()) {
              option->ShowSection("SELECTED");
            }
          }
        }
        for (const std::string& view : ViewOrder()) {
          auto* row = main.AddSectionDictionary("ROW");
          row->SetValue("LABEL", ViewLabel(view));
          for (const auto& s : loaded->sessions) {
            auto* cell = row->AddSectionDictionary("CELL");
            const store::SessionPhoto* photo = PhotoOfView(s, view);
            if (photo == nullptr) {
              cell->ShowSection("EMPTY");
              continue;
            }
            auto* item = cell->AddSectionDictionary("PHOTO");
            item->SetValue("URL",
                           "/patients/" + patient_id + "/sessions/" + s.id + "#photo-" + view);
            item->SetValue("SRC", Thumbnail(patient_id, photo->sha256, 160));
            item->SetValue("ALT", ViewLabel(view) + " view, " + chart::DisplayDate(s.session_date));
          }
          auto* option = main.AddSectionDictionary("VIEW_OPTION");
          option->SetValue("VIEW", view);
          option->SetValue("LABEL", ViewLabel(view));
        }
      });
  if (!page) return ErrorResponse(request, page.error(), context.log);
  return HtmlResponse(200, std::move(*page));
}

Response GetComparePage(const PatientContext& context, Request& request) {
  auto loaded = LoadSessions(context, request);
  if (!loaded) return ErrorResponse(request, loaded.error(), context.log);
  auto view = QueryValue(request, "view");
  if (!view) return ErrorResponse(request, view.error(), context.log);
  const Principal& principal = *request.principal;
  const std::string& patient_id = loaded->patient.id;
  auto choice = ChooseComparison(request, *loaded, *view);
  if (!choice && choice.error().field != "view") {
    return ErrorResponse(request, choice.error(), context.log);
  }
  auto page = RenderPage(
      *context.renderer,
      Page{"Before and after",
           "compare.tpl",
           &principal,
           patient_id,
           "photos",
           {"/static/js/compare.js"}},
      [&](ctemplate::TemplateDictionary& main) {
        main.SetValue("PATIENT_ID", patient_id);
        for (const std::string& v : ViewOrder()) {
          auto* option = main.AddSectionDictionary("VIEW_OPTION");
          option->SetValue("VIEW", v);
          option->SetValue("LABEL", ViewLabel(v));
          if (choice && v == choice->view) option->ShowSection("SELECTED");
        }
        if (!choice) {
          main.SetValueAndShowSection("MESSAGE", choice.error().message, "NO_COMPARISON");
          return;
        }
        for (const auto& s : loaded->sessions) {
          if (PhotoOfView(s, choice->view) == nullptr) continue;
          for (const auto& [field, chosen] :
               {std::pair{"FROM_OPTION", choice->from}, {"TO_OPTION", choice->to}}) {
            auto* option = main.AddSectionDictionary(field);
            option->SetValue("ID", s.id);
            option->SetValue("DATE", chart::DisplayDate(s.session_date));
            if (&s == chosen) option->ShowSection("SELECTED");
          }
        }
        auto* slider = main.AddSectionDictionary("COMPARISON");
        const std::string base =
            fmt::format("/api/v1/patients/{}/compare/{}?from={}&to={}", patient_id, choice->view,
                        choice->from->id, choice->to->id);
        const std::string label = ViewLabel(choice->view);
        slider->SetValue("BEFORE_SRC", base + "&image=before");
        slider->SetValue("AFTER_SRC", base + "&image=after");
        slider->SetValue("OVERLAY_SRC", base + "&image=overlay");
        slider->SetValue("BEFORE_DATE", chart::DisplayDate(choice->from->session_date));
        slider->SetValue("AFTER_DATE", chart::DisplayDate(choice->to->session_date));
        slider->SetValue("LABEL", label);
      });
  if (!page) return ErrorResponse(request, page.error(), context.log);
  return HtmlResponse(200, std::move(*page));
}

}  // namespace

Result<void> AddPhotoTimelineRoutes(Router& router, Shared context) {
  auto cache = std::make_shared<ComparisonCache>();
  std::vector<Route> routes;
  routes.push_back({Method::kGet, "/patients/{patient_id}/photos", "views.photos",
                    Access::kSignedIn, 0,
                    SyncHandler([context](Request& r) { return GetTimelinePage(*context, r); })});
  routes.push_back({Method::kGet, "/patients/{patient_id}/photos/compare", "views.compare",
                    Access::kSignedIn, 0,
                    SyncHandler([context](Request& r) { return GetComparePage(*context, r); })});
  routes.push_back({Method::kGet, "/api/v1/patients/{patient_id}/compare/{view}",
                    "api.views.compare", Access::kSignedIn, 0,
                    [context, cache](Request& r) { return GetCompareImage(context, cache, r); }});
  for (auto& route : routes) {
    if (auto added = router.Add(std::move(route)); !added) return added;
  }
  return {};
}

}  // namespace views_detail
}  // namespace tricholog::http
