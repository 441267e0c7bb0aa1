// What every patient page shares: the context the routes files get (PatientContext), loading the
// patient a request names with the store's authorisation (someone who may not see the record
// gets 404 — never 403 — so ids cannot be probed), error answers a person can act on, and the
// photo routes (the stored photo, a thumbnail, the analysis' mask PNGs, the analysis row) that the
// session page, the timeline and the wizard use. URL scheme: pages /patients/{patient_id}/...,
// API /api/v1/patients/{patient_id}/... (docs/web.md).
#ifndef TRICHOLOG_HTTP_PATIENT_ROUTES_H_
#define TRICHOLOG_HTTP_PATIENT_ROUTES_H_

#include <filesystem>
#include <memory>
#include <string>

#include "core/error.h"
#include "http/account_routes.h"
#include "http/router.h"
#include "http/templates.h"
#include "http/worker_pool.h"
#include "store/blob_store.h"
#include "store/model.h"

namespace tricholog::http {

struct PatientContext {
  const TemplateRenderer* renderer = nullptr;  // must outlive the router
  std::shared_ptr<StoreGate> store;            // records (quick calls; never hold it for OpenCV)
  store::BlobStore* blobs = nullptr;           // photos and masks; must outlive the router
  WorkerPool* pool = nullptr;                  // photo analysis; must outlive the router
  std::filesystem::path protocols_dir;         // data/protocols
  LogSink log;                                 // failures worth an operator's look
};

// The patient named by the request's {patient_id}, as the signed-in actor may see it. A patient
// the actor may not see and one that does not exist are both kNotFound (field "patient_id").
Result<store::Patient> LoadPatientForRequest(StoreGate& store, const Request& request);

// The actor's own patient record id (a patient's account), or kNotFound.
Result<std::string> OwnPatientId(StoreGate& store, const Principal& principal);

// An Error as the answer a person can act on: JSON {"error": {field, message}} under /api, else
// a page; kPermissionDenied is answered 404 like kNotFound. Internal errors hide their message
// (and are logged through `log` when given).
Response ErrorResponse(const Request& request, const Error& error, const LogSink& log = {});

// 404 for a patient, page or JSON.
Response PatientNotFound(const Request& request);

// Adds (all signed-in; authorised by Store::PhotoBelongsToPatient):
//   GET /api/v1/patients/{patient_id}/photos/{sha256}            the stored photo; ?w=N (64..1600)
//                                                                 a JPEG N px wide (made once on
//                                                                 the worker pool, then kept)
//   GET /api/v1/patients/{patient_id}/photos/{sha256}/masks/{kind} kind scalp|loss: PNG, the
//                                                                 user's mask where corrected
//   GET /api/v1/patients/{patient_id}/photo-analyses/{sha256}    the analysis row as JSON
//   GET /dashboard                                               a patient: 303 to their dashboard;
//                                                                 a physician: the records shared
//                                                                 with them; an admin: all records
Result<void> AddPatientPhotoRoutes(Router& router, std::shared_ptr<const PatientContext> context);

// The JSON of a PhotoAnalysis row for the API (result_json parsed into "result"; mask URLs).
nlohmann::json PhotoAnalysisJson(const store::PhotoAnalysis& analysis);

}  // namespace tricholog::http

#endif  // TRICHOLOG_HTTP_PATIENT_ROUTES_H_
