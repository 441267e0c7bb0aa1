// The baseline and session wizard (issue 17): a session being captured is a draft
// (store::SessionDraft) that holds the five photos and the form answers until the patient
// confirms; nothing is recorded before that, and a draft left half-way is resumed from the
// new-session page. Each uploaded photo is taken in (app/photo_intake.h: size and pixel limits,
// HEIC, location metadata stripped), queued for analysis and analysed on the worker pool by
// AnalysisJobs; the page shows the quality gate's verdict in words a patient can act on.
#ifndef TRICHOLOG_HTTP_CAPTURE_ROUTES_H_
#define TRICHOLOG_HTTP_CAPTURE_ROUTES_H_

#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/photo_intake.h"
#include "core/error.h"
#include "http/analysis_jobs.h"
#include "http/patient_routes.h"
#include "http/router.h"
#include "store/model.h"

namespace tricholog::http {

// Largest photo file taken in (DecodeLimits::max_bytes) and the upload routes' body limit (the
// photo plus the multipart framing and the CSRF field).
inline constexpr std::size_t kMaxCapturePhotoBytes = std::size_t{20} << 20;
inline constexpr std::size_t kMaxCaptureUploadBody = kMaxCapturePhotoBytes + (std::size_t{1} << 20);

// The quality verdict of a photo's analysis in words a patient can act on:
// level "pending" | "good" | "usable" | "retake"; headline; details (the gate's issue messages or
// the failure's reason).
nlohmann::json PhotoVerdictJson(const std::optional<store::PhotoAnalysis>& analysis);

// The upload steps the wizard and the session page's retake share:
// The request's multipart "photo" part, or kInvalidArgument naming "photo".
Result<const MultipartPart*> CapturePhotoPart(const Request& request);
// Takes the photo in as the wizard does (app::IntakePhoto: kMaxCapturePhotoBytes and the pixel
// limit, HEIC, location metadata stripped), blocking: run it on the worker pool. Errors are in
// words a patient can act on, naming "photo".
Result<app::IntakenPhoto> IntakeCapturePhoto(store::BlobStore& blobs, const std::string& view,
                                             const MultipartPart& part);
// Queues the analysis of photo `sha` as `view` (Store::QueuePhotoAnalysis); a photo taken in
// before as another view is analysed again as this one. Returns the row (done when the same
// photo was analysed as this view before, else pending).
Result<store::PhotoAnalysis> QueueCaptureAnalysis(store::Store& s, const store::Actor& actor,
                                                  const std::string& patient_id,
                                                  const std::string& sha, const std::string& view);

// Adds (all signed-in; the patient is loaded with LoadPatientForRequest, a draft of another
// patient is 404):
//   GET  /patients/{patient_id}/sessions/new                   start a session; unfinished drafts
//   POST /patients/{patient_id}/drafts                         create a draft -> 303 to its page
//   GET  /patients/{patient_id}/drafts/{draft_id}              the wizard (?step=top..right|form|
//                                                              review)
//   POST /patients/{patient_id}/drafts/{draft_id}/photos/{view} upload (multipart "photo")
//   POST /patients/{patient_id}/drafts/{draft_id}/answers      save the AD form
//   POST /patients/{patient_id}/drafts/{draft_id}/confirm      record the session
//   POST /patients/{patient_id}/drafts/{draft_id}/discard      delete the draft
//   JSON twins under /api/v1/patients/{patient_id}/drafts (docs/openapi.yaml).
Result<void> AddCaptureRoutes(Router& router, std::shared_ptr<const PatientContext> patients,
                              std::shared_ptr<AnalysisJobs> jobs);

}  // namespace tricholog::http

#endif  // TRICHOLOG_HTTP_CAPTURE_ROUTES_H_
