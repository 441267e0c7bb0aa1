#include "app/demo_store.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

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

// One demo store made once for the suite: creating it renders and analyses 55 photos.
class DemoStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new fs::path(fs::path(::testing::TempDir()) / "demo_store_test");
    fs::remove_all(*root_);
    fs::create_directories(*root_);
    store::DbLocation location;
    location.sqlite_path = (*root_ / "demo.db").string();
    location.blob_dir = *root_ / "blobs";
    auto opened = store::OpenStore(location);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = opened->release();
    auto blobs = store::BlobStore::Open(location.blob_dir);
    ASSERT_TRUE(blobs);
    blobs_ = new store::BlobStore(std::move(*blobs));
    progress_ = new std::vector<std::pair<int, int>>();
    auto summary = CreateDemoStore(*store_, *blobs_, SmallDemo(1), [](int i, int n, int) {
      progress_->push_back({i, n});
    });
    ASSERT_TRUE(summary) << summary.error().field << ": " << summary.error().message;
    summary_ = new DemoSummary(std::move(*summary));
  }
  static void TearDownTestSuite() {
    delete summary_;
    delete progress_;
    delete blobs_;
    delete store_;
    fs::remove_all(*root_);
    delete root_;
  }
  void SetUp() override { ASSERT_NE(summary_, nullptr); }

  static inline fs::path* root_ = nullptr;
  static inline store::Store* store_ = nullptr;
  static inline store::BlobStore* blobs_ = nullptr;
  static inline DemoSummary* summary_ = nullptr;
  static inline std::vector<std::pair<int, int>>* progress_ = nullptr;
};

TEST_F(DemoStoreTest, HasAYearOfSessionsWithFivePhotosEachInTheBlobStore) {
  const store::Actor me{summary_->patient_user_id, store::Role::kPatient};
  auto sessions = store_->ListSessions(me, summary_->patient_id);
  ASSERT_TRUE(sessions);
  ASSERT_EQ(sessions->size(), 11u);  // dupilumab protocol: weeks 0, 4, ..., 44, 52
  EXPECT_EQ(sessions->front().week, 0);
  EXPECT_EQ(sessions->back().week, 52);
  for (const store::TrackingSession& s : *sessions) {
    ASSERT_EQ(s.photos.size(), 5u);
    for (const store::SessionPhoto& photo : s.photos) {
      EXPECT_TRUE(blobs_->Get(photo.sha256)) << photo.view;
      EXPECT_EQ(photo.width_px, 800);
    }
    EXPECT_EQ(s.salt_regions.size(), 4u);
    EXPECT_TRUE(s.itch_nrs.has_value());
    EXPECT_EQ(s.easi_regions.size(), 4u);
  }
  EXPECT_EQ(summary_->photos, 55);
  ASSERT_EQ(progress_->size(), 11u);
  EXPECT_EQ(progress_->back(), std::make_pair(10, 11));
}

TEST_F(DemoStoreTest, SessionsRecordTheMeasuredSalt) {
  const store::Actor me{summary_->patient_user_id, store::Role::kPatient};
  auto sessions = store_->ListSessions(me, summary_->patient_id);
  ASSERT_TRUE(sessions);
  ASSERT_EQ(sessions->size(), summary_->sessions.size());
  for (std::size_t i = 0; i < sessions->size(); ++i) {
    const auto& regions = (*sessions)[i].salt_regions;
    double salt = 0;
    for (const store::SaltRegionLoss& r : regions) {
      const double weight = r.region == "top"    ? kSaltTopWeight
                            : r.region == "back" ? kSaltBackWeight
                                                 : kSaltLeftWeight;  // left and right: 0.18
      salt += weight * r.loss_pct;
    }
    EXPECT_NEAR(salt, summary_->sessions[i].measured_salt, 1e-6) << "session " << i;
  }
}

TEST_F(DemoStoreTest, MeasuredSaltFallsOverTheYearAsAResponder) {
  const auto& s = summary_->sessions;
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
  // later session below the baseline.
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

TEST_F(DemoStoreTest, PhysicianSharedAndSignInsWork) {
  auto patient = store_->Authenticate(kDemoPatientEmail, kDemoPassword);
  ASSERT_TRUE(patient);
  EXPECT_EQ(patient->user_id, summary_->patient_user_id);
  auto physician = store_->Authenticate(kDemoPhysicianEmail, kDemoPassword);
  ASSERT_TRUE(physician);
  EXPECT_EQ(physician->role, store::Role::kPhysician);
  // The share lets the physician read the record.
  auto record = store_->GetPatientRecord(*physician, summary_->patient_id);
  ASSERT_TRUE(record) << record.error().message;
  EXPECT_EQ(record->sessions.size(), 11u);
  EXPECT_FALSE(store_->Authenticate(kDemoPatientEmail, "wrong-password"));
}

TEST_F(DemoStoreTest, ASecondDemoInTheSameStoreIsAConflict) {
  auto again = CreateDemoStore(*store_, *blobs_, SmallDemo(2));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().field, "user.email");
}

TEST(DemoPhotos, AreDeterministicFromTheSeed) {
  const fs::path root = fs::path(::testing::TempDir()) / "demo_photos_seed";
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
