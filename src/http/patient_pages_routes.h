// The patient's own pages (docs/web.md, issue 17 "Patient pages"): the dashboard, the schedule
// (and its .ics), "My data" (the JSON export and the audit of who read or changed the record),
// and onboarding: profile, conditions, treatment history, current medications, and starting a
// course from a protocol. Handlers are thin: the figures come from app/patient_overview.h (which
// uses the core's rules), writes go through the Store (which authorises and audits).
#ifndef TRICHOLOG_HTTP_PATIENT_PAGES_ROUTES_H_
#define TRICHOLOG_HTTP_PATIENT_PAGES_ROUTES_H_

#include <memory>
#include <vector>

#include "core/error.h"
#include "core/protocol.h"
#include "http/patient_routes.h"
#include "http/router.h"

namespace tricholog::http {

// Most audit rows the "My data" page lists per page (newest first; ?page=N for older ones).
inline constexpr int kAuditRowsPerPage = 100;

// Adds (all signed-in; a record the actor may not see is 404):
//   GET  /patients/{patient_id}/dashboard            the dashboard page
//   GET  /api/v1/patients/{patient_id}/dashboard     the same figures as JSON
//   GET  /patients/{patient_id}/schedule             upcoming, due, overdue sessions
//   GET  /patients/{patient_id}/schedule.ics         the planned sessions as iCalendar
//   GET  /patients/{patient_id}/data                 export link and the audit log
//   GET  /api/v1/patients/{patient_id}/export        the record as JSON (attachment)
//   GET  /api/v1/patients/{patient_id}/audit         the audit rows as JSON, newest first
// and the onboarding routes (AddProfileRoutes). Loads the protocol catalog from
// context->protocols_dir once (logged and left empty when it cannot be read).
Result<void> AddPatientPagesRoutes(Router& router, std::shared_ptr<const PatientContext> context);

// Adds (profile_routes.cc):
//   GET/POST /patients/{patient_id}/profile           profile, conditions, history, medications
//   GET/POST /patients/{patient_id}/courses/new       start a course from a protocol
//   PUT  /api/v1/patients/{patient_id}/profile        display name, birth year
//   POST /api/v1/patients/{patient_id}/conditions
//   POST /api/v1/patients/{patient_id}/treatment-history
//   POST /api/v1/patients/{patient_id}/medications
//   POST /api/v1/patients/{patient_id}/courses
//   GET  /api/v1/patients/{patient_id}/profile        all of the above as JSON
Result<void> AddProfileRoutes(Router& router, std::shared_ptr<const PatientContext> context,
                              std::shared_ptr<const std::vector<Protocol>> catalog);

}  // namespace tricholog::http

#endif  // TRICHOLOG_HTTP_PATIENT_PAGES_ROUTES_H_
