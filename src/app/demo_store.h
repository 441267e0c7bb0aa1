// The demo: a patient with alopecia areata and atopic dermatitis on off-label dupilumab, with a
// year of sessions on the dupilumab protocol's schedule, a physician the patient has shared
// the record with, and fixed demo sign-ins. Used by `tricholog demo` and `tricholog serve
// --demo`.
//
// What is measured and what is generated:
//   - MEASURED: every session's five scalp photos are renders of one head (imaging/
//     scalp_render.h) whose alopecia areata patches regrow as a responder's would; each photo
//     goes through photo intake (decode, metadata strip, blob store) and the scalp analysis
//     (scalp and loss masks, quality gate, zone coverage), and the session's SALT regions are
//     the analysis's percent hair loss of the top, back, left and right views. The renders'
//     exact truth is returned beside the measurement (DemoSession), never stored.
//   - GENERATED (plausible, following the same responder story, deterministic from the seed):
//     EASI regions, itch NRS, POEM, DLQI, vellus fraction, injections and their sites, one
//     injection-site reaction and a conjunctivitis adverse event.
// Demo data only: it illustrates the tracker; it is not clinical evidence.
#ifndef TRICHOLOG_APP_DEMO_STORE_H_
#define TRICHOLOG_APP_DEMO_STORE_H_

#include <filesystem>
#include <functional>
#include <opencv2/core.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "imaging/scalp_render.h"
#include "imaging/scalp_view.h"
#include "store/blob_store.h"
#include "store/store.h"

namespace tricholog::app {

// Fixed demo sign-ins (demo only: anyone who reads this file knows them; never use them
// on a store with real patients). The domain is reserved for examples (RFC 2606).
inline constexpr std::string_view kDemoPatientEmail = "demo.patient@tricholog.example";
inline constexpr std::string_view kDemoPhysicianEmail = "demo.physician@tricholog.example";
inline constexpr std::string_view kDemoPassword = "tricholog-demo";

struct DemoOptions {
  unsigned seed = 1;                        // chooses the person's look, patches and photos
  cv::Size photo_size{2016, 1512};          // rendered photo size (tests use small ones)
  Date start = *Date::Parse("2025-01-06");  // course start (week 0, the baseline)
  std::filesystem::path protocols_dir;      // data/protocols (holds dupilumab.json)
  int jpeg_quality = 90;                    // 50..100
};

// Called before each session is made: `index` 0-based, of `count`, at `week`.
using DemoProgress = std::function<void(int index, int count, int week)>;

// One view of one demo session: the analysis's figures beside the render's truth.
struct DemoView {
  imaging::ScalpView view = imaging::ScalpView::kTop;
  double truth_loss_percent = 0;     // from the render's exact loss mask
  double measured_loss_percent = 0;  // from the analysis of the stored photo
  double measured_coverage_percent = 0;
  std::vector<imaging::ZoneFigures> zones;  // measured per-zone coverage
  imaging::QualityStatus quality = imaging::QualityStatus::kPass;
};

struct DemoSession {
  std::string session_id;
  int week = 0;
  Date date;
  double truth_salt = 0;        // SALT of the renders' truth
  double measured_salt = 0;     // SALT from the analysis (what the session records)
  std::vector<DemoView> views;  // top, back, left, right, front
};

struct DemoSummary {
  std::string patient_id;
  std::string patient_user_id;
  std::string physician_user_id;
  std::string share_id;
  // The demo physician's "continue" at the protocol's first decision week (schema v9).
  std::string decision_id;
  std::vector<DemoSession> sessions;
  int photos = 0;
  long long photo_bytes = 0;
};

// The demo head of `seed` at `week` of the course (0..52): its look and the patches with
// their regrowth so far. Deterministic; pure.
imaging::ScalpState DemoScalpState(unsigned seed, int week);

// The five photos of one demo session (in the blob store) and their figures.
struct DemoPhotos {
  std::vector<store::SessionPhoto> photos;
  // Each photo's analysis row (status done, masks in `blobs`), patient_id empty.
  std::vector<store::PhotoAnalysis> analyses;
  DemoSession figures;  // session_id empty
  long long bytes_stored = 0;
};

// Renders, takes in and analyses the five photos of the demo head at `week`, as one demo
// session does (without the store): the photos' intake goes to `blobs`. Errors: as
// RenderScalpView, IntakePhoto and AnalyzeScalpView (field naming the view).
Result<DemoPhotos> MakeDemoPhotos(store::BlobStore& blobs, const DemoOptions& options, int week);

// Creates the demo in `store` (accounts, patient, conditions, course, shares, sessions,
// administrations, an adverse event, a note), photos in `blobs`. Not one transaction: a
// failure midway leaves what was written (the CLI builds a new store aside and renames it
// into place). Errors: kConflict (field "user.email") when the demo accounts exist already;
// kNotFound when the protocols folder or the dupilumab protocol is missing; the store's,
// intake's and analysis's errors.
Result<DemoSummary> CreateDemoStore(store::Store& store, store::BlobStore& blobs,
                                    const DemoOptions& options, const DemoProgress& progress = {});

}  // namespace tricholog::app

#endif  // TRICHOLOG_APP_DEMO_STORE_H_
