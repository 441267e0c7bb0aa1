// The session page and its JSON, the loss-mask correction (PUT / DELETE of the user's mask:
// re-analysis on the worker pool, then the SALT regions of every session showing the photo), and
// the retake of one view's photo from the session page.
#include <fmt/format.h>

#include <map>
#include <opencv2/imgproc.hpp>
#include <set>
#include <string>
#include <utility>

#include "app/patient_overview.h"
#include "app/photo_analysis.h"
#include "app/session_capture.h"
#include "chart/chart_model.h"
#include "http/capture_routes.h"
#include "http/views_routes.h"
#include "http/views_util.h"
#include "imaging/image_decode.h"
#include "imaging/image_encode.h"
#include "store/store.h"

namespace tricholog::http {
namespace views_detail {
namespace {

using Shared = std::shared_ptr<const PatientContext>;

Error SessionNotFound() {
  return Error{ErrorCode::kNotFound, "no such session in this record", "session_id"};
}

// Words for a stored region confirmation (schema v7).
std::string ConfirmationWords(const std::string& confirmation) {
  if (confirmation == "user_corrected") return "Loss area corrected by hand";
  if (confirmation == "user_accepted") return "Checked: the photo is right";
  if (confirmation == "retaken") return "Photo retaken";
  return "Measured automatically";
}

// Adds to the session JSON each region's confirmation and, from the view check of the
// patient's sessions of the same course (core CheckSessionViews), whether it is "to confirm"
// and why; salt.status is "unconfirmed" while a view is to confirm (docs/assessment.md).
void AddViewCheck(nlohmann::json& out, const store::TrackingSession& session,
                  const std::vector<store::TrackingSession>& sessions) {
  store::PatientRecord record;
  record.sessions = sessions;
  Date latest = session.session_date;
  for (const auto& s : sessions) latest = std::max(latest, s.session_date);
  const std::vector<SessionViewCheck> checks =
      app::ViewChecksFor(record, session.course_id, latest);
  const SessionViewCheck* check = nullptr;
  for (const SessionViewCheck& c : checks) {
    if (c.session_id == session.id) check = &c;
  }
  nlohmann::json to_confirm = nlohmann::json::array();
  for (auto& region : out["salt"]["regions"]) {
    const std::string name = region["region"].get<std::string>();
    std::string confirmation = "automatic";
    for (const auto& r : session.salt_regions) {
      if (r.region == name) confirmation = r.confirmation;
    }
    region["confirmation"] = confirmation;
    region["to_confirm"] = false;
    region["check_reason"] = nullptr;
    if (check == nullptr) continue;
    for (const ViewChange& c : check->moved) {
      if (SaltViewName(c.view) != name) continue;
      region["check_status"] = ViewChangeStatusName(c.status);
      region["check_reason"] = c.reason;
      if (c.status == ViewChangeStatus::kToConfirm) {
        region["to_confirm"] = true;
        to_confirm.push_back(name);
      }
    }
  }
  out["salt"]["status"] = to_confirm.empty() ? "confirmed" : "unconfirmed";
  out["salt"]["to_confirm"] = to_confirm;
}

// The session named by the request, when it is one of the patient's (404 otherwise), as JSON.
[[gnu::noinline]] Result<nlohmann::json> LoadSessionJson(const PatientContext& context,
                                                         const Request& request) {
  auto patient = LoadPatientForRequest(*context.store, request);
  if (!patient) return tl::unexpected(patient.error());
  const store::Actor actor = request.principal->actor();
  const std::string session_id(request.PathParam("session_id"));
  auto loaded = context.store->With([&](store::Store& s) -> Result<nlohmann::json> {
    auto session = s.GetSession(actor, session_id);
    if (!session) {
      if (session.error().code == ErrorCode::kNotFound ||
          session.error().code == ErrorCode::kPermissionDenied) {
        return tl::unexpected(SessionNotFound());
      }
      return tl::unexpected(session.error());
    }
    if (session->patient_id != patient->id) return tl::unexpected(SessionNotFound());
    auto analyses = s.ListPhotoAnalyses(actor, patient->id);
    if (!analyses) return tl::unexpected(analyses.error());
    auto sessions = s.ListSessions(actor, patient->id);
    if (!sessions) return tl::unexpected(sessions.error());
    nlohmann::json out = SessionJson(*session, IndexAnalyses(std::move(*analyses)));
    AddViewCheck(out, *session, *sessions);
    return out;
  });
  return loaded;
}

Response GetSessionApi(const PatientContext& context, Request& request) {
  auto json = LoadSessionJson(context, request);
  if (!json) return ErrorResponse(request, json.error(), context.log);
  return JsonResponse(200, *json);
}

// Words for the patient's answer to "has your hair changed?" (schema v8).
std::string HairChangeWords(const std::string& change) {
  if (change == "more_hair") return "more hair";
  if (change == "less_hair") return "less hair";
  return "about the same";
}

// Whether the signed-in account is the patient of the record (the one who may retake a photo;
// a physician reads).
[[gnu::noinline]] bool IsRecordOwner(const Principal& principal, const store::Patient& patient) {
  return principal.role == store::Role::kPatient && patient.user_id == principal.user_id;
}

// The session page's retake forms: shown to the record's patient; `errors` by view.
struct RetakeForms {
  bool shown = false;
  std::map<std::string, std::string> errors;
};

void FillSessionPage(ctemplate::TemplateDictionary& main, const nlohmann::json& session,
                     const Principal& principal, const std::string& patient_id,
                     const RetakeForms& retake) {
  main.SetValue("CSRF", principal.csrf_token);
  const Date date = *Date::Parse(session["date"].get<std::string>());
  main.SetValue("DATE", chart::DisplayDate(date));
  main.SetValue("DATE_ISO", session["date"].get<std::string>());
  if (session["week"].is_number()) {
    main.SetValueAndShowSection("WEEK", std::to_string(session["week"].get<int>()), "HAS_WEEK");
  }
  const auto& salt = session["salt"];
  for (const auto& region : salt["regions"]) {
    auto* row = main.AddSectionDictionary("REGION");
    row->SetValue("LABEL", region["label"].get<std::string>());
    row->SetValue("WEIGHT", fmt::format("{:.0f} %", 100 * region["weight"].get<double>()));
    row->SetValue("LOSS", OneDecimal(region["loss_pct"].get<double>()));
    row->SetValue("CONTRIBUTION", OneDecimal(region["contribution"].get<double>()));
    const std::string name = region["region"].get<std::string>();
    if (region["to_confirm"].get<bool>()) {
      row->AddSectionDictionary("TO_CONFIRM")->SetValue("VIEW", name);
      auto* item = main.AddSectionDictionary("CONFIRM_ITEM");
      item->SetValue("REASON", region["check_reason"].get<std::string>());
      item->SetValue("VIEW", name);
      item->SetValue("LABEL", region["label"].get<std::string>());
      item->SetValue("CSRF", principal.csrf_token);
      item->SetValue("ACTION", "/patients/" + patient_id + "/sessions/" +
                                   session["id"].get<std::string>() + "/views/" + name +
                                   "/confirm");
    } else {
      row->SetValueAndShowSection(
          "CHECKED", ConfirmationWords(region["confirmation"].get<std::string>()), "CHECKED");
    }
  }
  if (session["salt"]["status"] == "unconfirmed") main.ShowSection("SALT_UNCONFIRMED");
  if (session["patient_reported_hair_change"].is_string()) {
    main.SetValueAndShowSection(
        "WORDS", HairChangeWords(session["patient_reported_hair_change"].get<std::string>()),
        "HAIR_CHANGE");
  }
  std::set<std::string> to_confirm;
  for (const auto& region : salt["regions"]) {
    if (region["to_confirm"].get<bool>()) to_confirm.insert(region["region"].get<std::string>());
  }
  if (salt["regions"].empty()) main.ShowSection("NO_REGIONS");
  if (salt["complete"].get<bool>()) {
    auto* total = main.AddSectionDictionary("SALT_TOTAL");
    total->SetValue("SALT", OneDecimal(salt["total"].get<double>()));
    total->SetValue("AA_IGA", salt["aa_iga_label"].get<std::string>());
    total->SetValue("OLSEN", salt["olsen_s_class"].get<std::string>());
    total->ShowSection(salt["salt_le_20"].get<bool>() ? "LE_20" : "GT_20");
  } else if (!salt["regions"].empty()) {
    main.ShowSection("SALT_INCOMPLETE");
  }
  for (const auto& photo : session["photos"]) {
    auto* item = main.AddSectionDictionary("PHOTO");
    item->SetValue("VIEW", photo["view"].get<std::string>());
    item->SetValue("LABEL", photo["label"].get<std::string>());
    item->SetValue("DATE", chart::DisplayDate(date));
    item->SetValue("SHA", photo["sha256"].get<std::string>());
    item->SetValue("THUMBNAIL_URL", photo["thumbnail_url"].get<std::string>());
    item->SetValue("PHOTO_URL", photo["photo_url"].get<std::string>());
    item->SetValue("QUALITY", photo["quality_words"].get<std::string>());
    if (retake.shown) {
      const std::string view = photo["view"].get<std::string>();
      auto* form = item->AddSectionDictionary("RETAKE");
      form->SetValue("ACTION", "/patients/" + patient_id + "/sessions/" +
                                   session["id"].get<std::string>() + "/views/" + view + "/photo");
      form->SetValue("CSRF", principal.csrf_token);
      auto error = retake.errors.find(view);
      if (error != retake.errors.end()) {
        form->SetValueAndShowSection("MESSAGE", error->second, "ERROR");
      }
      if (error != retake.errors.end() || to_confirm.count(view) > 0) form->ShowSection("OPEN");
    }
    const auto& analysis = photo["analysis"];
    if (!analysis.is_object() || analysis["status"] != "done") continue;
    const auto& result = analysis["result"];
    auto* done = item->AddSectionDictionary("ANALYSED");
    done->SetValue("SCALP_MASK_URL", analysis["scalp_mask_url"].get<std::string>());
    done->SetValue("LOSS_MASK_URL", analysis["loss_mask_url"].get<std::string>());
    done->SetValue("WIDTH", std::to_string(result.value("width", 0)));
    done->SetValue("HEIGHT", std::to_string(result.value("height", 0)));
    if (auto verdict = app::UnmeasurableVerdict(result)) {
      done->SetValueAndShowSection("VERDICT", verdict->message, "UNMEASURABLE");
    } else {
      auto* measured = done->AddSectionDictionary("MEASURED");
      measured->SetValue("LOSS", OneDecimal(result.value("hair_loss_percent", 0.0)));
      const auto& c = result.value("confidence", nlohmann::json::object());
      const auto interval = c.value("hair_loss_interval", nlohmann::json::array());
      if (interval.is_array() && interval.size() == 2 && interval[0].is_number() &&
          interval[1].is_number()) {
        measured->SetValueAndShowSection(
            "INTERVAL",
            OneDecimal(interval[0].get<double>()) + "–" + OneDecimal(interval[1].get<double>()),
            "HAS_INTERVAL");
      }
      const std::string code = c.value("verdict", nlohmann::json::object()).value("code", "");
      // Measured, but with something for the patient to check (methods_disagree, edge_strip).
      if (!code.empty() && code != "ok" && code != "corrected") {
        measured->SetValueAndShowSection("CHECK", c["verdict"].value("message", std::string()),
                                         "CHECK_MASK");
      }
    }
    done->SetValue("LOSS", OneDecimal(result.value("hair_loss_percent", 0.0)));
    done->SetValue("COVERAGE", OneDecimal(result.value("hair_coverage_percent", 0.0)));
    done->SetValue("SHA", photo["sha256"].get<std::string>());
    done->SetValue("VIEW", photo["view"].get<std::string>());
    done->SetValue("LABEL", photo["label"].get<std::string>());
    if (analysis["loss_mask_corrected"].get<bool>()) {
      done->ShowSection("CORRECTED");
    } else {
      done->ShowSection("AUTOMATIC");
    }
    if (result.contains("zones") && result["zones"].is_array()) {
      for (const auto& zone : result["zones"]) {
        auto* z = done->AddSectionDictionary("ZONE");
        z->SetValue("ZONE", ZoneLabel(zone.value("zone", "")));
        z->SetValue("COVERAGE", OneDecimal(zone.value("hair_coverage_percent", 0.0)));
        const auto density = zone.value("hair_density_index", nlohmann::json());
        z->SetValue("DENSITY", density.is_number() ? OneDecimal(density.get<double>()) : "–");
        if (!density.is_number()) done->ShowSection("NO_DENSITY");
        z->SetValue("LOSS", OneDecimal(zone.value("hair_loss_percent", 0.0)));
      }
    }
  }
  if (session["photos"].empty()) main.ShowSection("NO_PHOTOS");
}

// The session page; `retake_errors` (by view) shows a refused retake next to its form, with
// `status`.
Response RenderSessionPage(const PatientContext& context, Request& request,
                           const std::map<std::string, std::string>& retake_errors, int status) {
  auto json = LoadSessionJson(context, request);
  if (!json) return ErrorResponse(request, json.error(), context.log);
  auto patient = LoadPatientForRequest(*context.store, request);
  if (!patient) return ErrorResponse(request, patient.error(), context.log);
  const Principal& principal = *request.principal;
  const std::string patient_id(request.PathParam("patient_id"));
  RetakeForms retake{IsRecordOwner(principal, *patient), retake_errors};
  const Date date = *Date::Parse((*json)["date"].get<std::string>());
  auto html =
      RenderPage(*context.renderer,
                 Page{"Session of " + chart::DisplayDate(date),
                      "session.tpl",
                      &principal,
                      patient_id,
                      "",
                      {"/static/js/session.js"}},
                 [&](ctemplate::TemplateDictionary& main) {
                   FillSessionPage(main, *json, principal, patient_id, retake);
                   auto confirmed = request.query.Get("confirmed");
                   if (confirmed && *confirmed && ParseSaltView(**confirmed)) {
                     main.AddSectionDictionary("CONFIRMED_NOTICE")->SetValue("VIEW", **confirmed);
                   }
                   auto retaken = request.query.Get("retaken");
                   if (retaken && *retaken && app::IsValidPhotoView(std::string(**retaken))) {
                     main.AddSectionDictionary("RETAKEN_NOTICE")->SetValue("VIEW", **retaken);
                   }
                 });
  if (!html) return ErrorResponse(request, html.error(), context.log);
  return HtmlResponse(status, std::move(*html));
}

Response GetSessionPage(const PatientContext& context, Request& request) {
  return RenderSessionPage(context, request, {}, 200);
}

// The retake's ids, checked before anything is read from the body: the record is one the
// signed-in account may see, the session is one of its sessions and has a photo of the view (404
// otherwise, as every route answers for ids outside the record).
[[gnu::noinline]] Result<store::Patient> CheckRetakeTarget(const PatientContext& context,
                                                           const Request& request) {
  auto patient = LoadPatientForRequest(*context.store, request);
  if (!patient) return tl::unexpected(patient.error());
  const store::Actor actor = request.principal->actor();
  const std::string session_id(request.PathParam("session_id"));
  const std::string view(request.PathParam("view"));
  auto session =
      context.store->With([&](store::Store& s) { return s.GetSession(actor, session_id); });
  if (!session || session->patient_id != patient->id) return tl::unexpected(SessionNotFound());
  bool has_view = false;
  for (const auto& p : session->photos) has_view = has_view || p.view == view;
  if (!has_view) {
    return MakeError(ErrorCode::kNotFound, "this session has no photo of that view", "view");
  }
  return patient;
}

// A refused retake: on the page, an error about the photo is shown next to its form; others (and
// every API error) as ErrorResponse.
[[gnu::noinline]] Response RetakeFailed(const PatientContext& context, Request& request,
                                        const Error& error, bool page) {
  if (page && error.field == "photo") {
    return RenderSessionPage(context, request,
                             {{std::string(request.PathParam("view")), error.message}},
                             HttpStatusFor(error.code));
  }
  return ErrorResponse(request, error, context.log);
}

// The retake's work on a worker: the photo taken in, its analysis queued and run as the analysis
// runner runs it, then app::RetakeSessionView. Not inlined into the coroutine below (GCC 12's
// false -Wmismatched-new-delete on Asio's frame, as for LossOf before).
[[gnu::noinline]] Result<store::TrackingSession> RetakeOnWorker(
    const PatientContext& context, const store::Actor& actor, const std::string& patient_id,
    const std::string& session_id, const std::string& view, const MultipartPart& part) {
  auto intaken = IntakeCapturePhoto(*context.blobs, view, part);
  if (!intaken) return tl::unexpected(intaken.error());
  const std::string sha = intaken->photo.sha256;
  auto queued = context.store->With(
      [&](store::Store& s) { return QueueCaptureAnalysis(s, actor, patient_id, sha, view); });
  if (!queued) return tl::unexpected(queued.error());
  if (queued->status == "pending") {
    auto analysed = AnalyseAndSave(*context.store, *context.blobs, context.log, actor, *queued);
    if (!analysed) return tl::unexpected(analysed.error());
  }
  return context.store->With([&](store::Store& s) {
    return app::RetakeSessionView(s, actor, patient_id, session_id, view, sha);
  });
}

// Before the retake's upload is read: its ids (CheckRetakeTarget), the owner (a physician or an
// admin who may read the record is told 403) and the photo part. `answer` is set when refused.
struct RetakeStart {
  std::optional<Response> answer;
  std::string patient_id;
  const MultipartPart* part = nullptr;
};
[[gnu::noinline]] RetakeStart StartRetake(const PatientContext& context, Request& request,
                                          bool page) {
  RetakeStart start;
  auto patient = CheckRetakeTarget(context, request);
  if (!patient) {
    start.answer = RetakeFailed(context, request, patient.error(), page);
    return start;
  }
  if (!IsRecordOwner(*request.principal, *patient)) {
    // Someone who may read the record: it is there, but not theirs to retake.
    start.answer = Router::ErrorResponse(request.path, 403, "session_id",
                                         "only the patient retakes a photo; a physician can "
                                         "correct the hair-loss area or say the photo is right");
    return start;
  }
  auto part = CapturePhotoPart(request);
  if (!part) {
    start.answer = RetakeFailed(context, request, part.error(), page);
    return start;
  }
  start.patient_id = patient->id;
  start.part = *part;
  return start;
}

// After the retake: back to the page with a notice, or the session JSON; a refusal as
// RetakeFailed.
[[gnu::noinline]] Response FinishRetake(const PatientContext& context, Request& request, bool page,
                                        const Result<store::TrackingSession>& retaken) {
  if (!retaken) return RetakeFailed(context, request, retaken.error(), page);
  if (page) {
    return RedirectResponse("/patients/" + retaken->patient_id + "/sessions/" + retaken->id +
                            "?retaken=" + std::string(request.PathParam("view")));
  }
  auto json = LoadSessionJson(context, request);
  if (!json) return ErrorResponse(request, json.error(), context.log);
  return JsonResponse(200, *json);
}

// POST a new photo for one view of a recorded session (multipart "photo"), from the session page
// (`page`) or the API: taken in as the wizard does (limits, location metadata stripped), its
// analysis queued and run as the analysis runner runs it, then, when it can be measured, the
// session uses it for the view (the old photo is kept), the SALT regions are recomputed and the
// view's figure is "retaken" (app::RetakeSessionView). One trip to the pool; the steps before and
// after it are out of line (GCC 12, see RetakeOnWorker).
// GCC 12 misreports the deletion of Asio's coroutine frame (-Wmismatched-new-delete, a false
// positive that comes and goes with inlining); off for the coroutine below only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
Task<Response> PostRetakeView(Shared context, Request& request, bool page) {
  RetakeStart start = StartRetake(*context, request, page);
  if (start.answer) co_return std::move(*start.answer);
  const store::Actor actor = request.principal->actor();
  const std::string session_id(request.PathParam("session_id"));
  const std::string view(request.PathParam("view"));
  const MultipartPart* part = start.part;
  auto job = [&context, &actor, &start, &session_id, &view, part] {
    return RetakeOnWorker(*context, actor, start.patient_id, session_id, view, *part);
  };
  auto retaken = co_await RunOnWorkers(*context->pool, job);
  co_return FinishRetake(*context, request, page, retaken);
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

// The SALT regions `session` should record now, from its photos' analyses
// (app::SessionRegionsFromAnalyses).
[[gnu::noinline]] std::vector<store::SaltRegionLoss> RegionsFromPhotos(
    const store::TrackingSession& session, const AnalysesBySha& analyses) {
  std::vector<store::PhotoAnalysis> rows;
  for (const auto& p : session.photos) {
    auto found = analyses.find(p.sha256);
    if (found != analyses.end()) rows.push_back(found->second);
  }
  return app::SessionRegionsFromAnalyses(session, rows);
}

bool SameRegions(const std::vector<store::SaltRegionLoss>& a,
                 const std::vector<store::SaltRegionLoss>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].region != b[i].region || a[i].loss_pct != b[i].loss_pct ||
        a[i].confirmation != b[i].confirmation) {
      return false;
    }
  }
  return true;
}

// Brings the SALT regions of every session of the patient showing `sha` up to date with the
// photos' analyses; the region of the photo's view gets `confirmation` ("user_corrected" after
// a mask correction, "automatic" when it is undone), the others keep theirs. Returns those
// sessions as {id, salt}.
[[gnu::noinline]] Result<nlohmann::json> UpdateSessionsShowing(StoreGate& gate,
                                                               const store::Actor& actor,
                                                               const std::string& patient_id,
                                                               const std::string& sha,
                                                               const std::string& confirmation) {
  return gate.With([&](store::Store& s) -> Result<nlohmann::json> {
    auto sessions = s.ListSessions(actor, patient_id);
    if (!sessions) return tl::unexpected(sessions.error());
    auto analyses = s.ListPhotoAnalyses(actor, patient_id);
    if (!analyses) return tl::unexpected(analyses.error());
    const AnalysesBySha by_sha = IndexAnalyses(std::move(*analyses));
    nlohmann::json out = nlohmann::json::array();
    for (store::TrackingSession& session : *sessions) {
      bool shows = false;
      for (const auto& p : session.photos) shows = shows || p.sha256 == sha;
      if (!shows) continue;
      auto regions = RegionsFromPhotos(session, by_sha);
      for (store::SaltRegionLoss& r : regions) {
        r.confirmation = "automatic";
        for (const auto& old : session.salt_regions) {
          if (old.region == r.region) r.confirmation = old.confirmation;
        }
        for (const auto& p : session.photos) {
          if (p.sha256 == sha && p.view == r.region) r.confirmation = confirmation;
        }
      }
      if (!SameRegions(regions, session.salt_regions)) {
        auto updated = s.UpdateSessionSaltRegions(actor, session.id, regions);
        if (!updated) return tl::unexpected(updated.error());
        session = std::move(*updated);
      }
      out.push_back({{"id", session.id}, {"salt", SessionJson(session, by_sha)["salt"]}});
    }
    return out;
  });
}

// The analysis row of the request's photo, done (kConflict otherwise).
[[gnu::noinline]] Result<store::PhotoAnalysis> LoadDoneAnalysis(const PatientContext& context,
                                                                const Request& request) {
  auto patient = LoadPatientForRequest(*context.store, request);
  if (!patient) return tl::unexpected(patient.error());
  const std::string sha(request.PathParam("sha256"));
  const store::Actor actor = request.principal->actor();
  auto analysis = context.store->With(
      [&](store::Store& s) { return s.GetPhotoAnalysis(actor, patient->id, sha); });
  if (!analysis) {
    if (analysis.error().code == ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kNotFound, "no analysed photo with this hash in this record",
                       "sha256");
    }
    return tl::unexpected(analysis.error());
  }
  if (analysis->status != "done") {
    return MakeError(ErrorCode::kConflict,
                     "this photo's analysis is " + analysis->status +
                         "; a mask can be corrected once the analysis is done",
                     "sha256");
  }
  return analysis;
}

// The PUT body's checks that need no decoding: present, PNG, the photo's size.
[[gnu::noinline]] Result<void> CheckMaskHeader(const std::string& body, int width, int height) {
  const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(body.data()),
                                            body.size());
  if (bytes.empty()) {
    return MakeError(ErrorCode::kMissingField, "send the mask as a PNG image in the request body",
                     "mask");
  }
  if (imaging::SniffImageFormat(bytes) != "png") {
    return MakeError(ErrorCode::kInvalidArgument, "must be a PNG image", "mask");
  }
  auto size = imaging::ReadImageHeaderSize(bytes);
  if (!size)
    return MakeError(ErrorCode::kInvalidArgument, "could not be read as a PNG image", "mask");
  if (size->width != width || size->height != height) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("is {} × {} px; it must be the photo's size, {} × {} px",
                                 size->width, size->height, width, height),
                     "mask");
  }
  return {};
}

// Checks the PNG body against the photo's size and 0/255, and stores it normalised (8-bit
// grey PNG) in the blob store. Runs on a worker.
Result<std::string> StoreUserMask(store::BlobStore& blobs, const std::string& body, int width,
                                  int height) {
  const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(body.data()),
                                            body.size());
  auto decoded = imaging::DecodeImage(bytes);
  if (!decoded || decoded->bgr.cols != width || decoded->bgr.rows != height) {
    return MakeError(ErrorCode::kInvalidArgument, "could not be read as a PNG image", "mask");
  }
  cv::Mat mask;
  cv::cvtColor(decoded->bgr, mask, cv::COLOR_BGR2GRAY);
  const int grey = cv::countNonZero((mask != 0) & (mask != 255));
  if (grey != 0) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("has {} pixels that are neither black (0) nor white (255); a "
                                 "mask is white where hair is lost and black elsewhere",
                                 grey),
                     "mask");
  }
  auto png = imaging::EncodePng(mask);
  if (!png) return tl::unexpected(png.error());
  return blobs.Put(*png);
}

// PUT (`put`: the request body is the user's loss mask) or DELETE (back to the automatic mask):
// re-analyses the photo with its user masks as they are then, on the pool, saves the row and
// brings the sessions showing the photo up to date.
// GCC 12 misreports the deletion of Asio's coroutine frame (-Wmismatched-new-delete, a false
// positive that comes and goes with inlining); off for the coroutine below only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
Task<Response> ChangeLossMask(Shared context, Request& request, bool put) {
  auto analysis = LoadDoneAnalysis(*context, request);
  if (!analysis) co_return ErrorResponse(request, analysis.error(), context->log);
  store::PhotoAnalysis row = *analysis;
  row.user_loss_mask_sha256.clear();
  int width = 0;
  int height = 0;
  if (put) {
    const auto result = nlohmann::json::parse(analysis->result_json, nullptr, false);
    width = result.is_discarded() ? 0 : result.value("width", 0);
    height = result.is_discarded() ? 0 : result.value("height", 0);
    auto checked = CheckMaskHeader(request.body, width, height);
    if (!checked) co_return ErrorResponse(request, checked.error(), context->log);
  }
  const store::Actor actor = request.principal->actor();
  // One trip to the pool (GCC 12 misreports a coroutine with two co_awaits here): store the
  // mask when one was sent, then analyse.
  auto job = [&context, &request, &row, put, width, height]() -> Result<store::PhotoAnalysis> {
    if (put) {
      auto stored = StoreUserMask(*context->blobs, request.body, width, height);
      if (!stored) return tl::unexpected(stored.error());
      row.user_loss_mask_sha256 = *stored;
    }
    return app::AnalyzeStoredPhoto(*context->blobs, row);
  };
  auto analysed = co_await RunOnWorkers(*context->pool, job);
  if (!analysed) co_return ErrorResponse(request, analysed.error(), context->log);
  auto saved =
      context->store->With([&](store::Store& s) { return s.SavePhotoAnalysis(actor, *analysed); });
  if (!saved) co_return ErrorResponse(request, saved.error(), context->log);
  auto sessions = UpdateSessionsShowing(*context->store, actor, saved->patient_id,
                                        saved->photo_sha256, put ? "user_corrected" : "automatic");
  if (!sessions) co_return ErrorResponse(request, sessions.error(), context->log);
  co_return JsonResponse(200, {{"analysis", PhotoAnalysisJson(*saved)}, {"sessions", *sessions}});
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

// Sets how the request's session's view figure was settled (the store authorises and audits);
// 404 for a session that is not the patient's or a view that is not a SALT view. Returns the
// patient id.
Result<std::string> SetViewConfirmation(const PatientContext& context, const Request& request,
                                        const std::string& confirmation) {
  auto patient = LoadPatientForRequest(*context.store, request);
  if (!patient) return tl::unexpected(patient.error());
  const std::string session_id(request.PathParam("session_id"));
  const std::string view(request.PathParam("view"));
  if (!ParseSaltView(view)) {
    return MakeError(ErrorCode::kNotFound, "no such SALT view; one of top, back, left, right",
                     "view");
  }
  const store::Actor actor = request.principal->actor();
  auto done = context.store->With([&](store::Store& s) -> Result<void> {
    auto session = s.GetSession(actor, session_id);
    if (!session || session->patient_id != patient->id) return tl::unexpected(SessionNotFound());
    auto set = s.SetSaltRegionConfirmation(actor, session_id, view, confirmation);
    if (!set) return tl::unexpected(set.error());
    return {};
  });
  if (!done) return tl::unexpected(done.error());
  return patient->id;
}

// POST "This photo is right" from the session page: the view's figure of this session is
// accepted as measured (stored "user_accepted", audited), which confirms a view left "to
// confirm" (docs/assessment.md). Back to the session page (303).
Response PostConfirmView(const PatientContext& context, Request& request) {
  auto patient_id = SetViewConfirmation(context, request, "user_accepted");
  if (!patient_id) return ErrorResponse(request, patient_id.error(), context.log);
  return RedirectResponse("/patients/" + *patient_id + "/sessions/" +
                          std::string(request.PathParam("session_id")) +
                          "?confirmed=" + std::string(request.PathParam("view")));
}

// PUT the view's confirmation as JSON {"confirmation": "user_accepted" | "retaken" |
// "automatic"} ("automatic" undoes an acceptance; "user_corrected" comes only from a mask
// correction). Answers the session as GET does.
Response PutViewConfirmation(const PatientContext& context, Request& request) {
  // Someone who may not see the record learns nothing from the body's validation.
  if (auto patient = LoadPatientForRequest(*context.store, request); !patient) {
    return ErrorResponse(request, patient.error(), context.log);
  }
  const auto body = nlohmann::json::parse(request.body, nullptr, false);
  std::string confirmation;
  if (body.is_object() && body.contains("confirmation") && body["confirmation"].is_string()) {
    confirmation = body["confirmation"].get<std::string>();
  }
  if (confirmation != "user_accepted" && confirmation != "retaken" && confirmation != "automatic") {
    return ErrorResponse(request,
                         Error{ErrorCode::kInvalidArgument,
                               "must be one of user_accepted, retaken, automatic", "confirmation"},
                         context.log);
  }
  auto patient_id = SetViewConfirmation(context, request, confirmation);
  if (!patient_id) return ErrorResponse(request, patient_id.error(), context.log);
  auto json = LoadSessionJson(context, request);
  if (!json) return ErrorResponse(request, json.error(), context.log);
  return JsonResponse(200, *json);
}

}  // namespace

Result<void> AddSessionRoutes(Router& router, Shared context) {
  std::vector<Route> routes;
  routes.push_back({Method::kGet, "/patients/{patient_id}/sessions/{session_id}", "views.session",
                    Access::kSignedIn, 0,
                    SyncHandler([context](Request& r) { return GetSessionPage(*context, r); })});
  routes.push_back({Method::kPost,
                    "/patients/{patient_id}/sessions/{session_id}/views/{view}/confirm",
                    "views.session.confirm_view", Access::kSignedIn, 4096,
                    SyncHandler([context](Request& r) { return PostConfirmView(*context, r); })});
  routes.push_back({Method::kPost,
                    "/patients/{patient_id}/sessions/{session_id}/views/{view}/photo",
                    "views.session.retake_view", Access::kSignedIn, kMaxCaptureUploadBody,
                    [context](Request& r) { return PostRetakeView(context, r, true); }});
  routes.push_back({Method::kPost,
                    "/api/v1/patients/{patient_id}/sessions/{session_id}/views/{view}/photo",
                    "api.views.session.retake_view", Access::kSignedIn, kMaxCaptureUploadBody,
                    [context](Request& r) { return PostRetakeView(context, r, false); }});
  routes.push_back(
      {Method::kPut,
       "/api/v1/patients/{patient_id}/sessions/{session_id}/views/{view}/confirmation",
       "api.views.session.view_confirmation", Access::kSignedIn, 4096,
       SyncHandler([context](Request& r) { return PutViewConfirmation(*context, r); })});
  routes.push_back({Method::kGet, "/api/v1/patients/{patient_id}/sessions/{session_id}",
                    "api.views.session", Access::kSignedIn, 0,
                    SyncHandler([context](Request& r) { return GetSessionApi(*context, r); })});
  routes.push_back({Method::kPut, "/api/v1/patients/{patient_id}/photos/{sha256}/masks/loss",
                    "api.views.loss_mask.put", Access::kSignedIn, kMaxMaskPngBytes,
                    [context](Request& r) { return ChangeLossMask(context, r, true); }});
  routes.push_back({Method::kDelete, "/api/v1/patients/{patient_id}/photos/{sha256}/masks/loss",
                    "api.views.loss_mask.delete", Access::kSignedIn, 0,
                    [context](Request& r) { return ChangeLossMask(context, r, false); }});
  for (auto& route : routes) {
    if (auto added = router.Add(std::move(route)); !added) return added;
  }
  return {};
}

}  // namespace views_detail

Result<void> AddViewsRoutes(Router& router, std::shared_ptr<const PatientContext> context) {
  if (auto added = views_detail::AddSessionRoutes(router, context); !added) return added;
  if (auto added = views_detail::AddTrendsRoutes(router, context); !added) return added;
  return views_detail::AddPhotoTimelineRoutes(router, context);
}

}  // namespace tricholog::http
