// The photo-analysis job runner: WorkerPool::TryPost (fire and forget, refused when full), a
// job whose photo is missing saved as failed with words a patient can act on, and a stop that
// leaves queued jobs pending in the store (for the next start) instead of losing them.
#include "http/analysis_jobs.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>

#include "http/app_test_util.h"
#include "store/store.h"

namespace tricholog::http {
namespace {

using namespace std::chrono_literals;

TEST(WorkerPoolTryPost, RunsOnAWorkerAndIsRefusedWhenFull) {
  WorkerPool pool(1, 1);
  std::promise<bool> ran_on_worker;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  ASSERT_TRUE(pool.TryPost([&] {
    ran_on_worker.set_value(WorkerPool::OnWorkerThread());
    released.wait();
  }));
  EXPECT_TRUE(ran_on_worker.get_future().get());
  EXPECT_FALSE(pool.TryPost([] {}));  // the one place is taken
  release.set_value();
  std::promise<void> second;
  for (int i = 0; i < 200 && !pool.TryPost([&] { second.set_value(); }); ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(second.get_future().wait_for(5s), std::future_status::ready);
}

class AnalysisJobsTest : public test::AppTest {
 protected:
  store::PhotoAnalysis Queue(const store::Actor& actor, const std::string& patient_id,
                             const std::string& sha) {
    auto row = gate_->With(
        [&](store::Store& s) { return s.QueuePhotoAnalysis(actor, patient_id, sha, "top"); });
    EXPECT_TRUE(row) << row.error().ToString();
    return row ? *row : store::PhotoAnalysis{};
  }
  store::PhotoAnalysis Row(const store::Actor& actor, const std::string& patient_id,
                           const std::string& sha) {
    auto row =
        gate_->With([&](store::Store& s) { return s.GetPhotoAnalysis(actor, patient_id, sha); });
    EXPECT_TRUE(row) << row.error().ToString();
    return row ? *row : store::PhotoAnalysis{};
  }
};

TEST_F(AnalysisJobsTest, AMissingPhotoIsSavedAsFailedWithWhatToDo) {
  const Signed pat = SignUp("pat@example.org");
  const std::string patient_id = PatientIdOf(pat);
  const store::Actor actor{pat.user_id, store::Role::kPatient};
  const std::string missing(64, 'a');  // queued, but never stored
  app_->analysis_jobs().Submit(actor, Queue(actor, patient_id, missing));
  ASSERT_TRUE(app_->analysis_jobs().WaitIdle(30s));
  const store::PhotoAnalysis row = Row(actor, patient_id, missing);
  EXPECT_EQ(row.status, "failed");
  EXPECT_EQ(row.attempts, 1);
  EXPECT_NE(row.error.find("upload it again"), std::string::npos) << row.error;
}

TEST_F(AnalysisJobsTest, AStopLeavesQueuedJobsPendingInTheStore) {
  const Signed pat = SignUp("pat@example.org");
  const std::string patient_id = PatientIdOf(pat);
  const store::Actor actor{pat.user_id, store::Role::kPatient};
  const std::string sha = AddAnalysedPhoto(pat, patient_id);
  // A second photo, queued but not analysed.
  auto render = imaging::RenderScalpView({}, imaging::ScalpView::kLeft, {{320, 240}, 5});
  ASSERT_TRUE(render);
  auto jpeg = imaging::EncodeJpeg(render->bgr, 90);
  ASSERT_TRUE(jpeg);
  auto pending_sha = blobs_->Put(*jpeg);
  ASSERT_TRUE(pending_sha);
  const store::PhotoAnalysis pending = Queue(actor, patient_id, *pending_sha);

  WorkerPool busy(1, 8);
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  ASSERT_TRUE(busy.TryPost([released] { released.wait(); }));  // the only worker is taken
  {
    AnalysisJobs jobs(gate_, blobs_.get(), &busy, {});
    jobs.Submit(actor, pending);
    jobs.Stop();  // nothing runs yet: returns at once and drops the queued job
    release.set_value();
    EXPECT_TRUE(jobs.WaitIdle(5s));
  }
  EXPECT_EQ(Row(actor, patient_id, *pending_sha).status, "pending");
  EXPECT_EQ(Row(actor, patient_id, sha).status, "done");
}

}  // namespace
}  // namespace tricholog::http
