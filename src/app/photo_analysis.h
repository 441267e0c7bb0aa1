// The scalp analysis of a stored photo, as the web pages and the demo run it: read the photo
// from the blob store, analyse it (imaging/scalp_view.h) with the patient's own masks when they
// corrected one, write the masks into the blob store as PNG, and fill the store's PhotoAnalysis
// row. The row is not written here: the caller saves it (Store::SavePhotoAnalysis), so the store
// lock is never held while OpenCV runs.
#ifndef TRICHOLOG_APP_PHOTO_ANALYSIS_H_
#define TRICHOLOG_APP_PHOTO_ANALYSIS_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "imaging/scalp_view.h"
#include "store/blob_store.h"
#include "store/model.h"

namespace tricholog::app {

// The figures of one analysed view as stored in PhotoAnalysis::result_json (and printed by
// `analyze scalp --json`): view, hair_loss_percent, hair_coverage_percent, scalp_area_px,
// hair_loss_area_px, zones[{zone, area_px, hair_loss_percent, hair_coverage_percent}], width,
// height, scalp_mask_source / loss_mask_source ("automatic" | "user"), head_fit,
// quality{status, issues[{code, severity, message}]}.
// Also: hair_density_index (view and zones; null when it could not be measured) and
// confidence{measurable, confidence, hair_loss_interval [low, high], verdict{code, message}}
// (imaging/view_confidence.h).
nlohmann::json ScalpViewResultJson(const imaging::ScalpViewResult& result);

// When a stored view result says the view cannot be measured: its verdict, in plain words.
struct ViewVerdictJson {
  std::string code;
  std::string message;
};
std::optional<ViewVerdictJson> UnmeasurableVerdict(const nlohmann::json& result);

// Analyses the photo of `row` (its photo_sha256 and view) from `blobs`, using the user's masks
// named in the row (user_scalp_mask_sha256 / user_loss_mask_sha256, PNG blobs) when present.
// Returns the row with status "done", the automatic masks' blob hashes and result_json, and
// attempts + 1. A photo the analysis cannot use (no head found, unreadable, over its time or
// memory budget) gives status "failed" with a reason in plain words, not an error. Errors:
// kNotFound when a blob is missing; kIo when a mask cannot be written; kInvalidArgument naming
// "user_loss_mask_sha256" / "user_scalp_mask_sha256" when a user mask is not the photo's size.
Result<store::PhotoAnalysis> AnalyzeStoredPhoto(store::BlobStore& blobs,
                                                const store::PhotoAnalysis& row);

// The same analysis on an in-memory result (the demo, which analysed the photo already): writes
// the masks and fills `row` as AnalyzeStoredPhoto does.
Result<store::PhotoAnalysis> StoreAnalysisResult(store::BlobStore& blobs,
                                                 const store::PhotoAnalysis& row,
                                                 const imaging::ScalpViewResult& result);

// The SALT regions of a session from its photos' analyses: the percent hair loss of the top,
// back, left and right views (done rows only; the front view is not a SALT region). Errors:
// kInvalidArgument naming the view when one of the four has no done analysis, or "result_json"
// when a row's figures cannot be read, or naming the view with its verdict when the view could
// not be measured (UnmeasurableVerdict).
Result<std::vector<store::SaltRegionLoss>> SaltRegionsFromAnalyses(
    const std::vector<store::PhotoAnalysis>& analyses);

// The SALT regions a recorded `session` should hold now, from the analyses `rows` of its photos
// (rows of other photos are ignored): all four from SaltRegionsFromAnalyses when the four SALT
// views are measured; else the recorded regions, each view's loss replaced by its photo's
// measured analysis where there is one. Confirmations are "automatic"; the caller sets them.
std::vector<store::SaltRegionLoss> SessionRegionsFromAnalyses(
    const store::TrackingSession& session, const std::vector<store::PhotoAnalysis>& rows);

}  // namespace tricholog::app

#endif  // TRICHOLOG_APP_PHOTO_ANALYSIS_H_
