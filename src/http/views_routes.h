// The patient's views of their record: the session page (each photo with its scalp and loss
// masks, per-zone coverage, SALT by region and total, the quality verdict) with mask correction
// by drawing, the trends page (SALT, density by zone, EASI, itch as the SVG charts of
// src/chart/), the photo timeline (five views over sessions) and the before/after slider.
//
//   GET    /patients/{patient_id}/sessions/{session_id}            session page
//   GET    /api/v1/patients/{patient_id}/sessions/{session_id}     the same as JSON
//   PUT    /api/v1/patients/{patient_id}/photos/{sha256}/masks/loss the user's loss mask (PNG,
//                                                                   the photo's size, 0/255);
//                                                                   re-analyses the photo and
//                                                                   updates the sessions' SALT
//   DELETE /api/v1/patients/{patient_id}/photos/{sha256}/masks/loss back to the automatic mask
//   GET    /patients/{patient_id}/trends                           trends page (SVG charts)
//   GET    /api/v1/patients/{patient_id}/trends                    the series as JSON
//   GET    /patients/{patient_id}/photos                           photo timeline
//   GET    /patients/{patient_id}/photos/compare?view=&from=&to=   before/after slider
//   GET    /api/v1/patients/{patient_id}/compare/{view}?from=&to=&image=before|overlay
//                                                                  the "before" photo registered
//                                                                  onto the "after" one (JPEG)
// Handlers stay thin; the image work runs on the worker pool.
#ifndef TRICHOLOG_HTTP_VIEWS_ROUTES_H_
#define TRICHOLOG_HTTP_VIEWS_ROUTES_H_

#include <cstddef>
#include <memory>

#include "core/error.h"
#include "http/patient_routes.h"
#include "http/router.h"

namespace tricholog::http {

// Largest loss-mask PNG a PUT may send (a 0/255 mask of a 50-megapixel photo compresses far
// below this).
inline constexpr std::size_t kMaxMaskPngBytes = std::size_t{8} * 1024 * 1024;

// Adds the routes above. Call it after the other patient routes: its /sessions/{session_id}
// template must not shadow a literal path such as /sessions/new added by another part.
Result<void> AddViewsRoutes(Router& router, std::shared_ptr<const PatientContext> context);

namespace views_detail {
// Each routes file of this part adds its own routes.
Result<void> AddSessionRoutes(Router& router, std::shared_ptr<const PatientContext> context);
Result<void> AddTrendsRoutes(Router& router, std::shared_ptr<const PatientContext> context);
Result<void> AddPhotoTimelineRoutes(Router& router, std::shared_ptr<const PatientContext> context);
}  // namespace views_detail

}  // namespace tricholog::http

#endif  // TRICHOLOG_HTTP_VIEWS_ROUTES_H_
