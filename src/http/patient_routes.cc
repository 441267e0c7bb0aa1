#include "http/patient_routes.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>
#include <vector>

#include "app/photo_thumbnails.h"
#include "imaging/image_decode.h"
#include "store/store.h"

namespace tricholog::http {
namespace {

using Shared = std::shared_ptr<const PatientContext>;

Error NotFoundError() {
  return Error{ErrorCode::kNotFound, "no such patient, or not one you may see", "patient_id"};
}

// The photo bytes of `sha` for the request's patient, or an error (404 when the photo is not
// theirs).
Result<std::vector<std::uint8_t>> LoadPatientBlob(const PatientContext& context,
                                                  const Request& request, const std::string& sha) {
  const Principal& principal = *request.principal;
  const std::string patient_id(request.PathParam("patient_id"));
  auto belongs = context.store->With(
      [&](store::Store& s) { return s.PhotoBelongsToPatient(principal.actor(), patient_id, sha); });
  if (!belongs) {
    if (belongs.error().code == ErrorCode::kPermissionDenied)
      return tl::unexpected(NotFoundError());
    return tl::unexpected(belongs.error());
  }
  if (!*belongs) {
    return MakeError(ErrorCode::kNotFound, "no such photo in this record", "sha256");
  }
  auto bytes = context.blobs->Get(sha);
  if (!bytes) {
    return MakeError(ErrorCode::kNotFound, "the photo's file is missing from the photo store",
                     "sha256");
  }
  return bytes;
}

Response ImageResponse(std::vector<std::uint8_t> bytes, std::string content_type, bool immutable) {
  Response response;
  response.status = 200;
  response.body.assign(bytes.begin(), bytes.end());
  response.SetHeader("Content-Type", std::move(content_type));
  // Content-addressed bytes never change; a mask route's answer does (the user may correct it).
  response.SetHeader("Cache-Control",
                     immutable ? "private, max-age=86400, immutable" : "private, no-cache");
  return response;
}

std::string ContentTypeOf(std::span<const std::uint8_t> bytes) {
  const std::string format = imaging::SniffImageFormat(bytes);
  if (format == "png") return "image/png";
  if (format == "webp") return "image/webp";
  return "image/jpeg";
}

Result<int> ThumbnailWidth(const Request& request) {
  auto given = request.query.Get("w");
  if (!given) return tl::unexpected(given.error());
  if (!*given) return 0;
  const std::string& text = **given;
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < app::kMinThumbnailWidth ||
      value > app::kMaxThumbnailWidth) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("must be a whole number from {} to {}", app::kMinThumbnailWidth,
                                 app::kMaxThumbnailWidth),
                     "w");
  }
  return value;
}

Task<Response> GetPhoto(Shared context, Request& request) {
  const std::string sha(request.PathParam("sha256"));
  auto width = ThumbnailWidth(request);
  if (!width) co_return ErrorResponse(request, width.error(), context->log);
  auto bytes = LoadPatientBlob(*context, request, sha);
  if (!bytes) co_return ErrorResponse(request, bytes.error(), context->log);
  if (*width == 0) {
    std::string type = ContentTypeOf(*bytes);
    co_return ImageResponse(std::move(*bytes), std::move(type), true);
  }
  const int w = *width;
  store::BlobStore* blobs = context->blobs;
  auto job = [blobs, &sha, w] { return app::PhotoThumbnail(*blobs, sha, w); };
  auto thumbnail = co_await RunOnWorkers(*context->pool, job);
  if (!thumbnail) co_return ErrorResponse(request, thumbnail.error(), context->log);
  co_return ImageResponse(std::move(*thumbnail), "image/jpeg", true);
}

Response GetMask(const PatientContext& context, Request& request) {
  const std::string sha(request.PathParam("sha256"));
  const std::string kind(request.PathParam("kind"));
  if (kind != "scalp" && kind != "loss") {
    return ErrorResponse(request, Error{ErrorCode::kNotFound, "must be scalp or loss", "kind"});
  }
  const Principal& principal = *request.principal;
  const std::string patient_id(request.PathParam("patient_id"));
  auto analysis = context.store->With(
      [&](store::Store& s) { return s.GetPhotoAnalysis(principal.actor(), patient_id, sha); });
  if (!analysis) return ErrorResponse(request, analysis.error(), context.log);
  std::string mask =
      kind == "scalp" ? analysis->user_scalp_mask_sha256 : analysis->user_loss_mask_sha256;
  if (mask.empty())
    mask = kind == "scalp" ? analysis->scalp_mask_sha256 : analysis->loss_mask_sha256;
  if (mask.empty()) {
    return ErrorResponse(
        request,
        Error{ErrorCode::kNotFound,
              "this photo has no masks yet (analysis " + analysis->status + ")", "sha256"});
  }
  auto bytes = context.blobs->Get(mask);
  if (!bytes) {
    return ErrorResponse(request, Error{ErrorCode::kNotFound,
                                        "the mask's file is missing from the photo store", "kind"});
  }
  return ImageResponse(std::move(*bytes), "image/png", false);
}

Response GetAnalysis(const PatientContext& context, Request& request) {
  const std::string sha(request.PathParam("sha256"));
  const Principal& principal = *request.principal;
  const std::string patient_id(request.PathParam("patient_id"));
  auto analysis = context.store->With(
      [&](store::Store& s) { return s.GetPhotoAnalysis(principal.actor(), patient_id, sha); });
  if (!analysis) return ErrorResponse(request, analysis.error(), context.log);
  return JsonResponse(200, PhotoAnalysisJson(*analysis));
}

// A physician's or an admin's start page: the records they may open (shared with them, or all).
Response PatientListPage(const PatientContext& context, Request& request) {
  const Principal& principal = *request.principal;
  auto patients =
      context.store->With([&](store::Store& s) { return s.ListPatients(principal.actor()); });
  if (!patients) return ErrorResponse(request, patients.error(), context.log);
  const bool physician = principal.role == store::Role::kPhysician;
  auto html = RenderPage(
      *context.renderer,
      Page{physician ? "Patients shared with you" : "Patients", "patient_list.tpl", &principal},
      [&](ctemplate::TemplateDictionary& main) {
        main.SetValue("HEADING", physician ? "Patients shared with you" : "Patients");
        if (patients->empty()) {
          main.SetValueAndShowSection(
              "MESSAGE",
              physician
                  ? "No patient has shared a record with you yet. A patient shares from their "
                    "own account."
                  : "There are no patient records yet.",
              "NONE");
          return;
        }
        main.ShowSection("ANY");
        for (const store::Patient& p : *patients) {
          auto* row = main.AddSectionDictionary("PATIENT");
          row->SetValue("ID", p.id);
          row->SetValue("NAME", p.display_name.empty() ? "(no name)" : p.display_name);
          if (p.birth_year)
            row->SetValueAndShowSection("YEAR", std::to_string(*p.birth_year), "BIRTH_YEAR");
        }
      });
  if (!html) return ErrorResponse(request, html.error(), context.log);
  return HtmlResponse(200, std::move(*html));
}

Response GetDashboardRedirect(const PatientContext& context, Request& request) {
  if (request.principal->role != store::Role::kPatient) return PatientListPage(context, request);
  auto own = OwnPatientId(*context.store, *request.principal);
  if (!own) {
    return ErrorResponse(
        request,
        Error{ErrorCode::kNotFound, "this account has no patient record of its own", "patient_id"});
  }
  return RedirectResponse("/patients/" + *own + "/dashboard");
}

}  // namespace

Result<store::Patient> LoadPatientForRequest(StoreGate& store, const Request& request) {
  if (!request.principal) return tl::unexpected(NotFoundError());
  const std::string patient_id(request.PathParam("patient_id"));
  if (patient_id.empty() || patient_id.size() > 128) return tl::unexpected(NotFoundError());
  auto patient = store.With(
      [&](store::Store& s) { return s.GetPatient(request.principal->actor(), patient_id); });
  if (!patient && (patient.error().code == ErrorCode::kPermissionDenied ||
                   patient.error().code == ErrorCode::kNotFound)) {
    return tl::unexpected(NotFoundError());
  }
  return patient;
}

Result<std::string> OwnPatientId(StoreGate& store, const Principal& principal) {
  if (principal.role != store::Role::kPatient) {
    return MakeError(ErrorCode::kNotFound, "only a patient account has its own record",
                     "patient_id");
  }
  auto patients = store.With([&](store::Store& s) { return s.ListPatients(principal.actor()); });
  if (!patients) return tl::unexpected(patients.error());
  for (const store::Patient& p : *patients) {
    if (p.user_id == principal.user_id) return p.id;
  }
  return tl::unexpected(NotFoundError());
}

Response ErrorResponse(const Request& request, const Error& error, const LogSink& log) {
  Error shown = error;
  if (shown.code == ErrorCode::kPermissionDenied) shown = NotFoundError();
  const int status = HttpStatusFor(shown.code);
  if (status == 500) {
    if (log)
      log(fmt::format("{} {}: {}", MethodName(request.method), request.path, error.ToString()));
    return Router::ErrorResponse(request.path, 500, "", "internal error; it has been logged");
  }
  return Router::ErrorResponse(request.path, status, shown.field, shown.message);
}

Response PatientNotFound(const Request& request) { return ErrorResponse(request, NotFoundError()); }

nlohmann::json PhotoAnalysisJson(const store::PhotoAnalysis& a) {
  nlohmann::json result = nlohmann::json::parse(a.result_json, nullptr, false);
  if (result.is_discarded()) result = nlohmann::json::object();
  const std::string base = "/api/v1/patients/" + a.patient_id + "/photos/" + a.photo_sha256;
  nlohmann::json out = {{"patient_id", a.patient_id},
                        {"photo_sha256", a.photo_sha256},
                        {"view", a.view},
                        {"status", a.status},
                        {"error", a.error},
                        {"attempts", a.attempts},
                        {"scalp_mask_corrected", !a.user_scalp_mask_sha256.empty()},
                        {"loss_mask_corrected", !a.user_loss_mask_sha256.empty()},
                        {"result", std::move(result)},
                        {"photo_url", base},
                        {"created_at", a.created_at},
                        {"updated_at", a.updated_at}};
  if (a.status == "done") {
    out["scalp_mask_url"] = base + "/masks/scalp";
    out["loss_mask_url"] = base + "/masks/loss";
  }
  return out;
}

Result<void> AddPatientPhotoRoutes(Router& router, Shared context) {
  std::vector<Route> routes;
  routes.push_back({Method::kGet, "/api/v1/patients/{patient_id}/photos/{sha256}",
                    "api.patient.photo", Access::kSignedIn, 0,
                    [context](Request& request) { return GetPhoto(context, request); }});
  routes.push_back({Method::kGet, "/api/v1/patients/{patient_id}/photos/{sha256}/masks/{kind}",
                    "api.patient.photo_mask", Access::kSignedIn, 0,
                    SyncHandler([context](Request& r) { return GetMask(*context, r); })});
  routes.push_back({Method::kGet, "/api/v1/patients/{patient_id}/photo-analyses/{sha256}",
                    "api.patient.photo_analysis", Access::kSignedIn, 0,
                    SyncHandler([context](Request& r) { return GetAnalysis(*context, r); })});
  routes.push_back(
      {Method::kGet, "/dashboard", "dashboard.redirect", Access::kSignedIn, 0,
       SyncHandler([context](Request& r) { return GetDashboardRedirect(*context, r); })});
  for (auto& route : routes) {
    if (auto added = router.Add(std::move(route)); !added) return added;
  }
  return {};
}

}  // namespace tricholog::http
