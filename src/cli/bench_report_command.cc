// `tricholog bench report`: the physician report of a year of sessions with phone-size photos,
// timed and weighed (issue 19: under 2 s and 15 MB for 60 photos of 12 MP on the 2-core machine).
//
// The store is made here, in a temporary folder: a patient with AA on dupilumab, twelve sessions
// over 52 weeks with five photos each. Each photo is a render of the demo head at that week
// (imaging/scalp_render.h), enlarged to the phone size with a little sensor noise and encoded as a
// phone would (JPEG quality 92), then taken in as the web app takes an upload (IntakePhoto: the
// metadata strip and the print copy). Each photo gets an analysis row whose loss mask is the
// render's truth at full size, as the analysis stores it.
//
// Printed: the sizes, the intake time per photo, the report time warm (print copies and mask
// outlines kept, as in normal use) and cold (both made on the fly, as after an import), each also
// as a ratio to decoding one of the 12-MP photos, and the PDF's size.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <opencv2/imgproc.hpp>
#include <random>

#include "app/demo_store.h"
#include "app/photo_intake.h"
#include "app/physician_report.h"
#include "app/protocol_catalog.h"
#include "cli/command_context.h"
#include "imaging/image_decode.h"
#include "imaging/image_encode.h"
#include "imaging/scalp_render.h"
#include "store/open_store.h"

namespace tricholog::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct BenchReportArgs {
  int sessions = 12;
  int width = 4032;  // 12.2 MP at 4:3, a common phone sensor
  int height = 3024;
  int repeats = 3;
  std::string keep;  // keep the store and the PDF in this folder
};

// Sessions on the dupilumab protocol's visit weeks (docs/protocols.md), `count` of them.
std::vector<int> SessionWeeks(int count) {
  const std::vector<int> planned = {0, 4, 8, 12, 16, 20, 24, 30, 36, 44, 48, 52};
  std::vector<int> out(planned.begin(), planned.begin() + std::min<std::size_t>(count, 12));
  while (static_cast<int>(out.size()) < count) out.push_back(out.back() + 8);
  return out;
}

Result<void> Run(const BenchReportArgs& args, CommandContext& context) {
  const fs::path dir = args.keep.empty() ? fs::temp_directory_path() /
                                               fmt::format("tricholog-bench-report-{}", ::getpid())
                                         : fs::path(args.keep);
  fs::remove_all(dir / "bench.db");
  fs::remove_all(dir / "bench.db.blobs");
  fs::create_directories(dir);
  auto location = store::ParseDbLocation("sqlite:" + (dir / "bench.db").string());
  if (!location) return tl::unexpected(location.error());
  auto opened = store::OpenStore(*location);
  if (!opened) return tl::unexpected(opened.error());
  store::Store& s = **opened;
  auto blobs = store::BlobStore::Open(location->blob_dir);
  if (!blobs) return tl::unexpected(blobs.error());
  const store::Actor admin = store::Actor::LocalAdmin();

  const Date start = *Date::Parse("2025-11-20");
  auto patient = s.CreatePatient(admin, {"", "", "Bench patient", 1990, ""});
  if (!patient) return tl::unexpected(patient.error());
  auto aa = s.AddCondition(admin, {"", patient->id, "alopecia_areata", "68225006", "L63.9",
                                   "ED70.2", "patchy", std::nullopt});
  if (!aa) return tl::unexpected(aa.error());
  auto course =
      s.StartCourse(admin, {"", patient->id, aa->id, "dupilumab", "il4r_antibody", "dupilumab",
                            "300 mg every 2 weeks", "bench", true, start, std::nullopt});
  if (!course) return tl::unexpected(course.error());

  std::mt19937 rng(19);
  double intake_ms = 0;
  long long photo_bytes = 0;
  long long print_bytes = 0;
  int photos = 0;
  std::vector<std::uint8_t> one_photo;
  const std::vector<int> weeks = SessionWeeks(args.sessions);
  for (std::size_t i = 0; i < weeks.size(); ++i) {
    context.err << fmt::format(
        "bench report: session {}/{} (week {}): rendering 5 photos of "
        "{}x{}\n",
        i + 1, weeks.size(), weeks[i], args.width, args.height);
    store::TrackingSession session;
    session.patient_id = patient->id;
    session.course_id = course->id;
    session.session_date = start.AddDays(7 * weeks[i]);
    session.week = weeks[i];
    std::vector<store::PhotoAnalysis> rows;
    for (imaging::ScalpView view : imaging::kAllScalpViews) {
      auto render = imaging::RenderScalpView(app::DemoScalpState(1, std::min(weeks[i], 52)), view,
                                             {{2016, 1512}, 7u + static_cast<unsigned>(i)});
      if (!render) return tl::unexpected(render.error());
      cv::Mat big;
      cv::resize(render->bgr, big, cv::Size(args.width, args.height), 0, 0, cv::INTER_CUBIC);
      cv::Mat noise(big.size(), CV_16SC3);
      cv::randn(noise, 0, 3);  // sensor noise: a phone photo is not a clean render
      cv::Mat noisy;
      big.convertTo(noisy, CV_16SC3);
      noisy += noise;
      noisy.convertTo(big, CV_8UC3);
      auto jpeg = imaging::EncodeJpeg(big, 92);
      if (!jpeg) return tl::unexpected(jpeg.error());
      photo_bytes += static_cast<long long>(jpeg->size());
      if (one_photo.empty()) one_photo = *jpeg;
      const auto t0 = Clock::now();
      auto taken = app::IntakePhoto(*blobs, std::string(imaging::ScalpViewName(view)), *jpeg);
      intake_ms += MsSince(t0);
      if (!taken) return tl::unexpected(taken.error());
      ++photos;
      if (auto print = blobs->GetDerived(taken->photo.sha256, "print.jpg"); print && *print) {
        print_bytes += static_cast<long long>((*print)->size());
      }
      session.photos.push_back(taken->photo);
      if (view != imaging::ScalpView::kFront) {
        session.salt_regions.push_back(
            {std::string(imaging::ScalpViewName(view)), render->hair_loss_percent, "automatic"});
      }
      cv::Mat mask;
      cv::resize(render->loss_mask, mask, big.size(), 0, 0, cv::INTER_NEAREST);
      auto png = imaging::EncodePng(mask);
      if (!png) return tl::unexpected(png.error());
      auto mask_sha = blobs->Put(*png);
      if (!mask_sha) return tl::unexpected(mask_sha.error());
      store::PhotoAnalysis row;
      row.photo_sha256 = taken->photo.sha256;
      row.view = std::string(imaging::ScalpViewName(view));
      row.loss_mask_sha256 = *mask_sha;
      row.scalp_mask_sha256 = *mask_sha;
      rows.push_back(std::move(row));
    }
    session.itch_nrs = std::max(0, 6 - static_cast<int>(i));
    auto recorded = s.RecordSession(admin, session);
    if (!recorded) return tl::unexpected(recorded.error());
    for (auto& row : rows) {
      auto queued = s.QueuePhotoAnalysis(admin, patient->id, row.photo_sha256, row.view);
      if (!queued) return tl::unexpected(queued.error());
      store::PhotoAnalysis done = *queued;
      done.status = "done";
      done.loss_mask_sha256 = row.loss_mask_sha256;
      done.scalp_mask_sha256 = row.scalp_mask_sha256;
      done.result_json = "{}";
      auto saved = s.SavePhotoAnalysis(admin, done);
      if (!saved) return tl::unexpected(saved.error());
    }
  }

  auto catalog = app::LoadProtocolCatalog(context.DataDir() / "protocols");
  if (!catalog) return tl::unexpected(catalog.error());
  auto data = app::LoadPhysicianReportData(s, admin, patient->id);
  if (!data) return tl::unexpected(data.error());
  app::PhysicianReportOptions options;
  options.to = start.AddDays(7 * weeks.back());
  options.generated_at = "2026-12-03T00:00:00Z";

  // The reference: decoding one of the photos in full, as the analysis does.
  std::vector<double> decode_ms;
  for (int r = 0; r < args.repeats; ++r) {
    const auto t0 = Clock::now();
    auto decoded = imaging::DecodeImage(one_photo);
    decode_ms.push_back(MsSince(t0));
    if (!decoded) return tl::unexpected(decoded.error());
  }
  std::sort(decode_ms.begin(), decode_ms.end());
  const double decode = decode_ms[decode_ms.size() / 2];

  // Cold: print copies and outlines removed, so the report makes them (after an import).
  fs::remove_all(location->blob_dir / "derived");
  context.err << "bench report: cold report (print copies and outlines made now)\n";
  auto t_cold = Clock::now();
  auto cold = app::BuildPhysicianReport(*data, *blobs, *catalog, options);
  const double cold_ms = MsSince(t_cold);
  if (!cold) return tl::unexpected(cold.error());

  std::vector<double> warm_ms;
  std::size_t pdf_bytes = 0;
  for (int r = 0; r < args.repeats; ++r) {
    context.err << fmt::format("bench report: warm report {}/{}\n", r + 1, args.repeats);
    const auto t0 = Clock::now();
    auto pdf = app::BuildPhysicianReport(*data, *blobs, *catalog, options);
    warm_ms.push_back(MsSince(t0));
    if (!pdf) return tl::unexpected(pdf.error());
    pdf_bytes = pdf->size();
    if (r == 0 && !args.keep.empty()) {
      auto w = io::WriteFileAtomically(dir / "report.pdf", *pdf, "out", 0600);
      if (!w) return tl::unexpected(w.error());
    }
  }
  std::sort(warm_ms.begin(), warm_ms.end());
  const double warm = warm_ms[warm_ms.size() / 2];

  std::ostream& out = context.out;
  out << fmt::format("| {} | {} |\n", "figure", "value");
  out << "|---|---|\n";
  out << fmt::format("| sessions × photos | {} × 5 = {} photos of {}×{} ({:.1f} MP) |\n",
                     weeks.size(), photos, args.width, args.height,
                     args.width * static_cast<double>(args.height) / 1e6);
  out << fmt::format("| photos as uploaded | {:.1f} MB ({:.2f} MB each) |\n", photo_bytes / 1e6,
                     photo_bytes / 1e6 / photos);
  out << fmt::format("| print copies (≤ 1600 px, made at intake) | {:.1f} MB ({:.0f} KB each) |\n",
                     print_bytes / 1e6, print_bytes / 1e3 / photos);
  out << fmt::format("| decode one photo (reference) | {:.0f} ms |\n", decode);
  out << fmt::format("| intake per photo (strip + print copy) | {:.0f} ms = {:.2f} × decode |\n",
                     intake_ms / photos, intake_ms / photos / decode);
  out << fmt::format("| report, warm (median of {}) | {:.0f} ms = {:.2f} × decode |\n",
                     args.repeats, warm, warm / decode);
  out << fmt::format("| report, cold (copies and outlines made) | {:.0f} ms = {:.2f} × decode |\n",
                     cold_ms, cold_ms / decode);
  out << fmt::format("| PDF size | {:.1f} MB |\n", pdf_bytes / 1e6);
  out << fmt::format("| targets (issue 19) | < 2000 ms, < 15 MB: {} |\n",
                     warm < 2000 && pdf_bytes < 15'000'000 ? "met" : "NOT met");
  if (args.keep.empty()) fs::remove_all(dir);
  return {};
}

}  // namespace

void RegisterBenchReportCommand(CLI::App& bench, CommandContext& context) {
  auto args = std::make_shared<BenchReportArgs>();
  CLI::App* cmd = bench.add_subcommand(
      "report", "Time and size of the physician report for a year of 12-MP photo sessions");
  cmd->add_option("--sessions", args->sessions, "Sessions (5 photos each; default 12)")
      ->check(CLI::Range(1, 60));
  cmd->add_option("--width", args->width, "Photo width in px (default 4032)")
      ->check(CLI::Range(640, 8000));
  cmd->add_option("--height", args->height, "Photo height in px (default 3024)")
      ->check(CLI::Range(480, 8000));
  cmd->add_option("--repeats", args->repeats, "Warm runs; the median is printed (default 3)")
      ->check(CLI::Range(1, 50));
  cmd->add_option("--keep", args->keep, "Keep the store and report.pdf in this folder");
  cmd->callback([args, &context] {
    if (auto ok = Run(*args, context); !ok) context.Fail(ok.error());
  });
}

}  // namespace tricholog::cli
