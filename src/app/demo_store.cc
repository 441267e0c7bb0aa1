#include "app/demo_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <exception>
#include <random>
#include <thread>

#include "app/patient_overview.h"
#include "app/photo_analysis.h"
#include "app/photo_intake.h"
#include "app/protocol_catalog.h"
#include "core/schedule.h"
#include "imaging/image_decode.h"
#include "imaging/image_encode.h"
#include "imaging/scalp_view.h"

namespace tricholog::app {
namespace {

using imaging::ScalpView;

#define DEMO_TRY(var, expr) \
  auto var = (expr);        \
  if (!var) return tl::unexpected(var.error())

// Skin and hair pairs the demo person is drawn with (BGR): fair to deep skin, black to light
// brown hair.
struct Look {
  cv::Scalar skin, hair;
};
constexpr int kLooks = 5;
const Look& LookOf(unsigned seed) {
  static const std::array<Look, kLooks> looks = {{
      {{150, 176, 222}, {28, 36, 56}},  // light skin, dark brown hair
      {{120, 150, 196}, {22, 24, 30}},  // medium skin, black hair
      {{170, 192, 232}, {40, 62, 96}},  // fair skin, mid brown hair
      {{92, 118, 160}, {18, 20, 24}},   // olive-brown skin, black hair
      {{140, 164, 205}, {30, 50, 88}},  // light-medium skin, chestnut hair
  }};
  return looks[seed % kLooks];
}

// The patches at baseline (azimuth, elevation, radii in degrees; see scalp_render.h): a
// patchy alopecia areata with coalescing patches over the vertex, crown, both sides and the
// occiput, about half the scalp.
struct BasePatch {
  double azimuth, elevation, radius, radius2;
};
constexpr std::array<BasePatch, 8> kBasePatches = {{{15, 72, 33, 24},
                                                    {175, 48, 29, 22},
                                                    {95, 28, 28, 22},
                                                    {262, 30, 27, 22},
                                                    {185, -15, 32, 15},
                                                    {320, 55, 18, 15},
                                                    {55, 52, 16, 13},
                                                    {135, 10, 18, 13}}};

// A responder's course for one patch: nothing regrows before `onset_week` (the first three
// months, while dupilumab's effect on the type 2 pathway builds up), then regrowth rises
// smoothly to complete at `complete_week` (some patches after week 52: near-complete at
// one year).
struct PatchCourse {
  BasePatch patch;
  double onset_week = 12, complete_week = 44;
};

std::vector<PatchCourse> PatchCourses(unsigned seed) {
  std::mt19937 rng(seed * 2654435761u + 17);
  std::uniform_real_distribution<double> jitter(-1, 1);
  std::vector<PatchCourse> out;
  for (const BasePatch& base : kBasePatches) {
    PatchCourse c;
    c.patch = base;
    c.patch.azimuth = std::fmod(base.azimuth + 8 * jitter(rng) + 360, 360);
    c.patch.elevation = std::clamp(base.elevation + 6 * jitter(rng), -60.0, 85.0);
    c.patch.radius = base.radius * (1 + 0.12 * jitter(rng));
    c.patch.radius2 = base.radius2 * (1 + 0.12 * jitter(rng));
    c.onset_week = 13 + 4 * jitter(rng);
    c.complete_week = 50 + 10 * jitter(rng);
    out.push_back(c);
  }
  return out;
}

double Smoothstep(double x) {
  x = std::clamp(x, 0.0, 1.0);
  return x * x * (3 - 2 * x);
}

// Renders, encodes, takes in, reads back and analyses one view.
struct ViewOutcome {
  Result<IntakenPhoto> intake = tl::unexpected(Error{});
  Result<imaging::ScalpViewResult> analysis = tl::unexpected(Error{});
  double truth_percent = 0;
};

ViewOutcome ProcessView(store::BlobStore& blobs, const imaging::ScalpState& state, ScalpView view,
                        const DemoOptions& options, std::uint64_t photo_seed) {
  ViewOutcome out;
  const std::string name(imaging::ScalpViewName(view));
  auto fail = [&](Error e) {
    e.field = name;
    out.intake = tl::unexpected(e);
    return out;
  };
  auto render = imaging::RenderScalpView(state, view, {options.photo_size, photo_seed});
  if (!render) return fail(render.error());
  out.truth_percent = render->hair_loss_percent;
  auto jpeg = imaging::EncodeJpeg(render->bgr, options.jpeg_quality);
  if (!jpeg) return fail(jpeg.error());
  out.intake = IntakePhoto(blobs, name, *jpeg);
  if (!out.intake) return fail(out.intake.error());
  // The analysis reads the stored photo back, as it would for an upload.
  auto stored = blobs.Get(out.intake->photo.sha256);
  if (!stored) return fail(stored.error());
  // Decoded at the scale `analyze scalp` uses for a photo of this size.
  const int denominator =
      imaging::AnalysisScaleDenominator(out.intake->photo.width_px, out.intake->photo.height_px);
  auto decoded = imaging::DecodeImage(*stored, imaging::DecodeLimits{}, denominator);
  if (!decoded) return fail(decoded.error());
  out.analysis = imaging::AnalyzeScalpView(*decoded, view);
  if (!out.analysis) return fail(out.analysis.error());
  return out;
}

Result<std::vector<ScheduledSession>> DupilumabSchedule(const DemoOptions& options) {
  DEMO_TRY(catalog, LoadProtocolCatalog(options.protocols_dir));
  DEMO_TRY(protocol, FindProtocol(*catalog, "dupilumab"));
  DEMO_TRY(schedule, BuildSchedule(*protocol, options.start, 52));
  return schedule->sessions;
}

// The generated (not measured) data of a session at `week`, following the responder story:
// AD settles within weeks on dupilumab (EASI, itch, POEM, DLQI fall), vellus hairs peak as
// regrowth starts and fall as hairs mature.
void AddGeneratedMeasures(store::TrackingSession& s, int week, std::mt19937& rng) {
  std::normal_distribution<double> noise(0, 1);
  const char* regions[] = {"head_neck", "upper_limbs", "trunk", "lower_limbs"};
  const int severity = std::clamp(static_cast<int>(std::lround(3 * std::exp(-week / 8.0))), 0, 3);
  for (int r = 0; r < 4; ++r) {
    s.easi_regions.push_back({regions[r], std::min(6, severity + (r == 1 ? 1 : 0)), severity,
                              std::max(0, severity - 1), severity, std::max(0, severity - 1)});
  }
  s.itch_nrs =
      std::clamp(static_cast<int>(std::lround(7 * std::exp(-week / 6.0) + noise(rng))), 0, 10);
  s.poem = std::clamp(static_cast<int>(std::lround(18 * std::exp(-week / 8.0))), 0, 28);
  s.dlqi = std::clamp(static_cast<int>(std::lround(14 * std::exp(-week / 10.0))), 0, 30);
  s.vellus_fraction =
      std::round((0.1 + 0.35 * std::exp(-std::pow((week - 16) / 10.0, 2))) * 1000) / 1000;
  if (week == 4) s.injection_site_reactions.push_back({"abdomen_right", "erythema", 1});
}

}  // namespace

imaging::ScalpState DemoScalpState(unsigned seed, int week) {
  imaging::ScalpState state;
  const Look& look = LookOf(seed);
  state.appearance.skin_bgr = look.skin;
  state.appearance.hair_bgr = look.hair;
  state.appearance.hair_density = 1.0;
  state.appearance.person_seed = seed;
  // The first weeks: patches still spread a little (up to 5 % in radius by week 8).
  const double spread = 1 + 0.05 * Smoothstep(std::min(week, 8) / 8.0);
  for (const PatchCourse& c : PatchCourses(seed)) {
    imaging::LossPatch p;
    p.azimuth_deg = c.patch.azimuth;
    p.elevation_deg = c.patch.elevation;
    p.radius_deg = std::min(90.0, c.patch.radius * spread);
    p.radius2_deg = std::min(90.0, c.patch.radius2 * spread);
    p.regrowth_fraction =
        week <= c.onset_week ? 0.0
                             : Smoothstep((week - c.onset_week) / (c.complete_week - c.onset_week));
    state.patches.push_back(p);
  }
  return state;
}

Result<DemoPhotos> MakeDemoPhotos(store::BlobStore& blobs, const DemoOptions& options, int week) {
  if (options.jpeg_quality < 50 || options.jpeg_quality > 100) {
    return MakeError(ErrorCode::kInvalidArgument, "jpeg_quality must be in 50..100",
                     "jpeg_quality");
  }
  const imaging::ScalpState state = DemoScalpState(options.seed, week);
  const std::array<ScalpView, 5> views = {ScalpView::kTop, ScalpView::kBack, ScalpView::kLeft,
                                          ScalpView::kRight, ScalpView::kFront};
  std::vector<ViewOutcome> outcomes(views.size());
  auto run = [&](std::size_t i) {
    // Each photo has its own seed (framing, light, strands), fixed by the demo seed and week.
    const std::uint64_t photo_seed = (static_cast<std::uint64_t>(options.seed) << 20) ^
                                     (static_cast<std::uint64_t>(week) << 4) ^ i;
    try {
      outcomes[i] = ProcessView(blobs, state, views[i], options, photo_seed);
    } catch (const std::exception& e) {
      outcomes[i].intake = tl::unexpected(
          Error{ErrorCode::kInternal, e.what(), std::string(imaging::ScalpViewName(views[i]))});
    }
  };
  // Two workers, as `analyze salt`: no exception escapes a worker (caught above).
  std::thread helper([&] {
    for (std::size_t i = 1; i < views.size(); i += 2) run(i);
  });
  for (std::size_t i = 0; i < views.size(); i += 2) run(i);
  helper.join();

  DemoPhotos out;
  out.figures.week = week;
  for (std::size_t i = 0; i < views.size(); ++i) {
    ViewOutcome& o = outcomes[i];
    if (!o.intake) return tl::unexpected(o.intake.error());
    out.photos.push_back(o.intake->photo);
    store::PhotoAnalysis row;
    row.photo_sha256 = o.intake->photo.sha256;
    row.view = o.intake->photo.view;
    row.attempts = 1;
    auto analysed = StoreAnalysisResult(blobs, row, *o.analysis);
    if (!analysed) return tl::unexpected(analysed.error());
    out.analyses.push_back(std::move(*analysed));
    out.bytes_stored += static_cast<long long>(o.intake->bytes_stored);
    DemoView v;
    v.view = views[i];
    v.truth_loss_percent = o.truth_percent;
    v.measured_loss_percent = o.analysis->figures.hair_loss_percent;
    v.measured_coverage_percent = o.analysis->figures.hair_coverage_percent;
    v.zones = o.analysis->figures.zones;
    v.quality = o.analysis->quality.status;
    out.figures.views.push_back(v);
  }
  auto salt = imaging::SaltFromViews(outcomes[0].analysis->figures, outcomes[1].analysis->figures,
                                     outcomes[2].analysis->figures, outcomes[3].analysis->figures);
  if (!salt) return tl::unexpected(salt.error());
  out.figures.measured_salt = salt->salt;
  const auto& f = out.figures.views;
  out.figures.truth_salt =
      kSaltTopWeight * f[0].truth_loss_percent + kSaltBackWeight * f[1].truth_loss_percent +
      kSaltLeftWeight * f[2].truth_loss_percent + kSaltRightWeight * f[3].truth_loss_percent;
  return out;
}

namespace {

// The demo physician's decision at the protocol's first decision week (dupilumab: week 16):
// continue, for the reason the assessment gives on that day (SALT against its baseline, the
// trajectory), and a clinician note on that session saying so.
Result<store::Decision> RecordDemoDecision(store::Store& db, const DemoOptions& options,
                                           const std::string& physician_user_id,
                                           const std::string& patient_id,
                                           const store::Course& course) {
  DEMO_TRY(catalog, LoadProtocolCatalog(options.protocols_dir));
  DEMO_TRY(protocol, FindProtocol(*catalog, course.protocol_id));
  if (protocol->decision_weeks.empty()) {
    return MakeError(ErrorCode::kNotFound, "the protocol has no decision week", "protocol_id");
  }
  const int week = protocol->decision_weeks.front().week;
  const store::Actor doctor{physician_user_id, store::Role::kPhysician};
  DEMO_TRY(record, db.GetPatientRecord(doctor, patient_id));
  const store::TrackingSession* at = nullptr;
  for (const store::TrackingSession& s : record->sessions) {
    if (s.week && *s.week <= week) at = &s;
  }
  if (at == nullptr) {
    return MakeError(ErrorCode::kNotFound, "no session by the decision week", "week");
  }
  DEMO_TRY(overview, BuildPatientOverview(*record, *catalog, at->session_date));
  const int review_week =
      protocol->decision_weeks.size() > 1 ? protocol->decision_weeks[1].week : week + 36;
  // The reason says what the assessment says that day, whichever way the measured SALT went.
  std::string salt_text = "SALT not yet assessable (no baseline and follow-up)";
  bool improved = false;
  std::string easi_text;
  if (overview->course) {
    const ResponseAssessment& a = overview->course->assessment;
    if (const MeasureAssessment* salt = a.Find(Measure::kSalt);
        salt != nullptr && salt->baseline && salt->latest) {
      improved = salt->direction == ChangeDirection::kImproving;
      salt_text =
          fmt::format("SALT {:.0f} at baseline, {:.0f} now (the assessment: {}; trajectory {})",
                      *salt->baseline, salt->latest->value, ChangeDirectionName(salt->direction),
                      TrajectoryName(a.trajectory));
    }
    if (const MeasureAssessment* easi = a.Find(Measure::kEasi);
        easi != nullptr && easi->baseline && easi->latest) {
      easi_text = fmt::format("; EASI {:.1f} at baseline, {:.1f} now", *easi->baseline,
                              easi->latest->value);
    }
  }
  store::Decision d;
  d.patient_id = patient_id;
  d.course_id = course.id;
  d.decided_on = at->session_date;
  d.week = *at->week;
  d.decision = "continue";
  d.reason = fmt::format(
      "Week {} review (the protocol's first decision week): {}{}. {} Continue dupilumab and "
      "review at week {}. Demo data.",
      *at->week, salt_text, easi_text,
      improved ? "Scalp hair is regrowing from baseline."
               : "Regrowth on dupilumab may start after the first months (the protocol's "
                 "week-16 note: some partial responders improve later).",
      review_week);
  DEMO_TRY(decided, db.RecordDecision(doctor, d));
  DEMO_TRY(note, db.AddNote(doctor, {"", patient_id, at->id, "", "",
                                     fmt::format("Week {} review with the patient: continuing "
                                                 "dupilumab (see the decision). Demo data.",
                                                 *at->week)}));
  (void)note;
  return decided;
}

}  // namespace

Result<DemoSummary> CreateDemoStore(store::Store& db, store::BlobStore& blobs,
                                    const DemoOptions& options, const DemoProgress& progress) {
  using store::Actor;
  DEMO_TRY(schedule, DupilumabSchedule(options));
  const Actor admin = Actor::LocalAdmin();
  const Date start = options.start;
  std::mt19937 rng(options.seed);
  DemoSummary summary;
  DEMO_TRY(doctor, db.CreateUser(admin,
                                 {"", store::Role::kPhysician, std::string(kDemoPhysicianEmail),
                                  "Dr Demo Physician", ""},
                                 kDemoPassword));
  DEMO_TRY(user, db.CreateUser(admin,
                               {"", store::Role::kPatient, std::string(kDemoPatientEmail),
                                "Demo patient", ""},
                               kDemoPassword));
  summary.physician_user_id = doctor->id;
  summary.patient_user_id = user->id;
  const Actor me{user->id, store::Role::kPatient};
  DEMO_TRY(patient, db.CreatePatient(me, {"", user->id, "Demo patient", 1992, ""}));
  summary.patient_id = patient->id;
  // SNOMED 68225006 AA / 24079001 AD; ICD-11 ED70.2 / EA80 (clinical.md §3.1).
  DEMO_TRY(aa, db.AddCondition(me, {"", patient->id, "alopecia_areata", "68225006", "L63.9",
                                    "ED70.2", "patchy", *Date::Parse("2023-09-01")}));
  DEMO_TRY(ad, db.AddCondition(me, {"", patient->id, "atopic_dermatitis", "24079001", "L20.9",
                                    "EA80", "", *Date::Parse("2001-01-01")}));
  // Dupilumab AD dosing: 600 mg loading, then 300 mg every 2 weeks (US PI; clinical.md §2.1).
  DEMO_TRY(course, db.StartCourse(
                       me, {"", patient->id, aa->id, "dupilumab", "il4r_antibody", "dupilumab",
                            "600 mg loading dose, then 300 mg every 2 weeks",
                            "alopecia areata with atopic dermatitis", true, start, std::nullopt}));
  DEMO_TRY(share, db.GrantShare(me, patient->id, doctor->id));
  summary.share_id = share->id;
  const char* sites[] = {"abdomen_left", "abdomen_right", "thigh_left", "thigh_right"};
  for (int dose = 0; dose <= 26; ++dose) {
    DEMO_TRY(a, db.RecordAdministration(me, {"", course->id, start.AddDays(14 * dose),
                                             dose == 0 ? 600.0 : 300.0, sites[dose % 4]}));
  }
  const int count = static_cast<int>(schedule->size());
  for (int i = 0; i < count; ++i) {
    const ScheduledSession& planned = (*schedule)[static_cast<std::size_t>(i)];
    if (progress) progress(i, count, planned.week);
    DEMO_TRY(photos, MakeDemoPhotos(blobs, options, planned.week));
    store::TrackingSession s;
    s.patient_id = patient->id;
    s.course_id = course->id;
    s.session_date = planned.target;
    s.week = planned.week;
    s.photos = photos->photos;
    // MEASURED: percent hair loss of the four SALT views, from the analysis.
    for (std::size_t v = 0; v < 4; ++v) {
      const DemoView& view = photos->figures.views[v];
      s.salt_regions.push_back(
          {std::string(imaging::ScalpViewName(view.view)), view.measured_loss_percent});
    }
    // GENERATED: AD measures, patient-reported outcomes, vellus share, reactions.
    AddGeneratedMeasures(s, planned.week, rng);
    DEMO_TRY(recorded, db.RecordSession(me, s));
    for (store::PhotoAnalysis& row : photos->analyses) {
      row.patient_id = patient->id;
      DEMO_TRY(queued, db.QueuePhotoAnalysis(me, patient->id, row.photo_sha256, row.view));
      DEMO_TRY(saved, db.SavePhotoAnalysis(me, row));
      (void)queued;
      (void)saved;
    }
    photos->figures.session_id = recorded->id;
    photos->figures.date = planned.target;
    summary.sessions.push_back(photos->figures);
    summary.photos += static_cast<int>(photos->photos.size());
    summary.photo_bytes += photos->bytes_stored;
  }
  // Conjunctivitis is among dupilumab's commonest adverse effects (clinical.md §2.2).
  DEMO_TRY(ae,
           db.RecordAdverseEvent(me, {"", patient->id, course->id, "Conjunctivitis", "10010741", 1,
                                      "5.0", start.AddDays(70), start.AddDays(91), "none", false}));
  DEMO_TRY(note, db.AddNote(me, {"", patient->id, "", "", "",
                                 "Demo data: generated by `tricholog demo`. Scalp photos are "
                                 "renders; SALT is measured from them. Not clinical data."}));
  DEMO_TRY(decision, RecordDemoDecision(db, options, doctor->id, patient->id, *course));
  summary.decision_id = decision->id;
  (void)ad;
  (void)ae;
  (void)note;
  return summary;
}

}  // namespace tricholog::app
