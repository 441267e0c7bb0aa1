#include "app/demo_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "store/open_store.h"

namespace tricholog::app {
namespace {

namespace fs = std::filesystem;

// Small photos keep the suite fast (the demo itself renders 2016 x 1512).
DemoOptions SmallDemo(unsigned seed) {
  DemoOptions options;
  options.seed = seed;
  options.photo_size = {800, 600};
  options.protocols_dir = fs::path(TRICHOLOG_SOURCE_DATA_DIR) / "protocols";
  return options;
}

// Creating the demo renders and analyses 55 photos, so one test creates it once and checks
// each property in turn (ctest runs every test in its own process).
class DemoStore {
 public:
  explicit DemoStore(const std::string& name)
      : root_(fs::path(::testing::TempDir()) / (name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~DemoStore() { fs::remove_all(root_); }

  // Opens the store and its blobs; false (with a test failure) when that fails.
  bool Open() {
    store::DbLocation location;
    location.sqlite_path = (root_ / "demo.db").string();
    location.blob_dir = root_ / "blobs";
    auto opened = store::OpenStore(location);
    EXPECT_TRUE(opened) << opened.error().message;
    auto opened_blobs = store::BlobStore::Open(location.blob_dir);
    EXPECT_TRUE(opened_blobs);
    if (!opened || !opened_blobs) return false;
    store = std::move(*opened);
    blobs.emplace(std::move(*opened_blobs));
    return true;
  }

  std::unique_ptr<store::Store> store;
  std::optional<store::BlobStore> blobs;

 private:
  fs::path root_;
};

void ExpectAYearOfSessionsWithFivePhotosEach(store::Store& db, const store::BlobStore& blobs,
                                             const DemoSummary& summary) {
  const store::Actor me{summary.patient_user_id, store::Role::kPatient};
  auto sessions = db.ListSessions(me, summary.patient_id);
  ASSERT_TRUE(sessions);
  ASSERT_EQ(sessions->size(), 11u);  // dupilumab protocol: weeks 0, 4, ..., 44, 52
  EXPECT_EQ(sessions->front().week, 0);
  EXPECT_EQ(sessions->back().week, 52);
  ASSERT_EQ(sessions->size(), summary.sessions.size());
  for (std::size_t i = 0; i < sessions->size(); ++i) {
    const store::TrackingSession& s = (*sessions)[i];
    ASSERT_EQ(s.photos.size(), 5u);
    for (const store::SessionPhoto& photo : s.photos) {
      EXPECT_TRUE(blobs.Get(photo.sha256)) << photo.view;
      EXPECT_EQ(photo.width_px, 800);
    }
    EXPECT_TRUE(s.itch_nrs.has_value());
    EXPECT_EQ(s.easi_regions.size(), 4u);
    // The session records the measured SALT regions: they give the summary's SALT.
    ASSERT_EQ(s.salt_regions.size(), 4u);
    double salt = 0;
    for (const store::SaltRegionLoss& r : s.salt_regions) {
      const double weight = r.region == "top"    ? kSaltTopWeight
                            : r.region == "back" ? kSaltBackWeight
                                                 : kSaltLeftWeight;  // left and right: 0.18
      salt += weight * r.loss_pct;
    }
    EXPECT_NEAR(salt, summary.sessions[i].measured_salt, 1e-6) << "session " << i;
  }
  EXPECT_EQ(summary.photos, 55);
}

void ExpectMeasuredSaltFallsAsAResponders(const std::vector<DemoSession>& s) {
  double error = 0;
  for (const DemoSession& session : s) {
    std::printf("week %2d: SALT measured %5.1f, render truth %5.1f\n", session.week,
                session.measured_salt, session.truth_salt);
    error += std::abs(session.measured_salt - session.truth_salt);
  }
  std::printf("demo SALT mean absolute error (800x600 photos): %.2f points\n",
              error / static_cast<double>(s.size()));
  EXPECT_LT(error / static_cast<double>(s.size()), 7.0);
  EXPECT_GE(s.front().measured_salt, 30.0);  // severe patchy AA at baseline
  EXPECT_LE(s.front().measured_salt, 70.0);
  EXPECT_LE(s.back().measured_salt, 20.0);  // the SALT <= 20 target at one year
  // Little change in the first three months, then a fall: week 24 below week 12, and every
  // later session well below the baseline.
  double week12 = 0, week24 = 0;
  for (const DemoSession& session : s) {
    if (session.week == 12) week12 = session.measured_salt;
    if (session.week == 24) week24 = session.measured_salt;
    if (session.week >= 30) {
      EXPECT_LT(session.measured_salt, s.front().measured_salt - 10);
    }
  }
  EXPECT_LT(week24, week12);
  EXPECT_LT(s.back().truth_salt, s.front().truth_salt - 25);
}

void ExpectSignInsAndTheShare(store::Store& db, const DemoSummary& summary) {
  auto patient = db.Authenticate(kDemoPatientEmail, kDemoPassword);
  ASSERT_TRUE(patient);
  EXPECT_EQ(patient->user_id, summary.patient_user_id);
  auto physician = db.Authenticate(kDemoPhysicianEmail, kDemoPassword);
  ASSERT_TRUE(physician);
  EXPECT_EQ(physician->role, store::Role::kPhysician);
  // The share lets the physician read the record.
  auto record = db.GetPatientRecord(*physician, summary.patient_id);
  ASSERT_TRUE(record) << record.error().message;
  EXPECT_EQ(record->sessions.size(), 11u);
  EXPECT_FALSE(db.Authenticate(kDemoPatientEmail, "wrong-password"));
  // The physician decided to continue at the dupilumab protocol's first decision week (16), on
  // the week-16 session's date, with the assessment's SALT in the reason; and noted it there.
  ASSERT_EQ(record->decisions.size(), 1u);
  const store::Decision& d = record->decisions[0];
  EXPECT_EQ(d.id, summary.decision_id);
  EXPECT_EQ(d.decision, "continue");
  EXPECT_EQ(d.week, 16);
  EXPECT_EQ(d.decided_by, summary.physician_user_id);
  EXPECT_NE(d.reason.find("SALT "), std::string::npos) << d.reason;
  EXPECT_NE(d.reason.find(" at baseline, "), std::string::npos) << d.reason;
  const store::TrackingSession* week16 = nullptr;
  for (const auto& s : record->sessions) {
    if (s.week == 16) week16 = &s;
  }
  ASSERT_NE(week16, nullptr);
  EXPECT_EQ(d.decided_on, week16->session_date);
  int physician_notes = 0;
  for (const auto& n : record->notes) {
    physician_notes += n.author_user_id == summary.physician_user_id && n.session_id == week16->id;
  }
  EXPECT_EQ(physician_notes, 1);
}

TEST(DemoStore, CreatesAMeasuredYearOfSessionsSharedWithThePhysician) {
  DemoStore demo("demo_store");
  ASSERT_TRUE(demo.Open());
  std::vector<std::pair<int, int>> progress;
  auto summary = CreateDemoStore(*demo.store, *demo.blobs, SmallDemo(1), [&](int i, int n, int) {
    progress.push_back({i, n});
  });
  ASSERT_TRUE(summary) << summary.error().field << ": " << summary.error().message;
  ASSERT_EQ(progress.size(), 11u);
  EXPECT_EQ(progress.back(), std::make_pair(10, 11));
  {
    SCOPED_TRACE("sessions and photos");
    ExpectAYearOfSessionsWithFivePhotosEach(*demo.store, *demo.blobs, *summary);
  }
  {
    SCOPED_TRACE("SALT trajectory");
    ExpectMeasuredSaltFallsAsAResponders(summary->sessions);
  }
  {
    SCOPED_TRACE("sign-ins and share");
    ExpectSignInsAndTheShare(*demo.store, *summary);
  }
  // A second demo in the same store is refused: the demo accounts exist.
  auto again = CreateDemoStore(*demo.store, *demo.blobs, SmallDemo(2));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().field, "user.email");
}

TEST(DemoPhotos, AreDeterministicFromTheSeed) {
  const fs::path root =
      fs::path(::testing::TempDir()) / ("demo_photos_seed_" + std::to_string(::getpid()));
  fs::remove_all(root);
  auto blobs = store::BlobStore::Open(root);
  ASSERT_TRUE(blobs);
  DemoOptions options = SmallDemo(3);
  options.photo_size = {400, 300};
  auto a = MakeDemoPhotos(*blobs, options, 16);
  auto b = MakeDemoPhotos(*blobs, options, 16);
  options.seed = 4;
  auto c = MakeDemoPhotos(*blobs, options, 16);
  ASSERT_TRUE(a && b && c);
  ASSERT_EQ(a->photos.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(a->photos[i].sha256, b->photos[i].sha256);
    EXPECT_NE(a->photos[i].sha256, c->photos[i].sha256);
    EXPECT_EQ(a->figures.views[i].measured_loss_percent, b->figures.views[i].measured_loss_percent);
  }
  EXPECT_EQ(a->figures.measured_salt, b->figures.measured_salt);
  fs::remove_all(root);
}

TEST(DemoScalpState, PatchesRegrowOnlyAfterTheFirstMonths) {
  const auto baseline = DemoScalpState(1, 0);
  const auto week8 = DemoScalpState(1, 8);
  const auto week52 = DemoScalpState(1, 52);
  ASSERT_EQ(baseline.patches.size(), week52.patches.size());
  double mean52 = 0;
  for (std::size_t i = 0; i < baseline.patches.size(); ++i) {
    EXPECT_EQ(baseline.patches[i].regrowth_fraction, 0);
    EXPECT_EQ(week8.patches[i].regrowth_fraction, 0);
    mean52 += week52.patches[i].regrowth_fraction;
  }
  EXPECT_GT(mean52 / static_cast<double>(week52.patches.size()), 0.9);
  EXPECT_TRUE(imaging::ValidateScalpState(week52));
}

}  // namespace
}  // namespace tricholog::app
