#include "cli/bench_trichoscopy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <set>
#include <string>
#include <vector>

#include "imaging/trichoscopy.h"

namespace tricholog::cli::tricho_bench {
namespace {

TEST(TrichoBench, PatientIdComesFromTheFileName) {
  EXPECT_EQ(PatientIdOf("220106_A207_2.jpg"), "A207");
  EXPECT_EQ(PatientIdOf("220128_B572_3.xml"), "B572");
  EXPECT_EQ(PatientIdOf("220128_B572_3"), "B572");
  EXPECT_EQ(PatientIdOf("220128_B_572_3.jpg"), "B_572");
  EXPECT_EQ(PatientIdOf("tricho003.jpg"), "");
  EXPECT_EQ(PatientIdOf("x_A207_2.jpg"), "");     // no date
  EXPECT_EQ(PatientIdOf("220106_A207.jpg"), "");  // no field number
  EXPECT_EQ(PatientIdOf("220106__2.jpg"), "");
}

TEST(TrichoBench, FoldsKeepEveryPatientTogetherAndAreBalanced) {
  // 12 patients with 1-4 fields each (30 fields)
  std::vector<std::string> ids;
  for (int p = 0; p < 12; ++p) {
    for (int k = 0; k <= p % 4; ++k) ids.push_back("P" + std::to_string(p));
  }
  const std::vector<int> folds = FoldsByPatient(ids, 5);
  ASSERT_EQ(folds.size(), ids.size());
  std::map<std::string, std::set<int>> folds_of_patient;
  std::vector<int> size(5, 0);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    ASSERT_GE(folds[i], 0);
    ASSERT_LT(folds[i], 5);
    folds_of_patient[ids[i]].insert(folds[i]);
    ++size[static_cast<std::size_t>(folds[i])];
  }
  for (const auto& [id, set] : folds_of_patient) EXPECT_EQ(set.size(), 1u) << id;
  const auto [lo, hi] = std::minmax_element(size.begin(), size.end());
  EXPECT_LE(*hi - *lo, 1);                   // 30 fields: 6 each
  EXPECT_EQ(FoldsByPatient(ids, 5), folds);  // deterministic
  // fields without an id are each their own patient
  const std::vector<int> loose = FoldsByPatient({"", "", "", "", ""}, 5);
  EXPECT_EQ(std::set<int>(loose.begin(), loose.end()).size(), 5u);
}

TEST(TrichoBench, VocBoxesAreParsedWithTheirCornersInOrder) {
  const std::string xml = R"(<annotation><size><width>1280</width><height>1024</height></size>
    <object><class>premium</class><bndbox><xmin>1230</xmin><ymin>726</ymin>
      <xmax>984</xmax><ymax>712</ymax></bndbox></object>
    <object><class>single</class><bndbox><xmin>10</xmin><ymin>20</ymin>
      <xmax>110.0</xmax><ymax>60</ymax></bndbox></object>
    <object><class>broken</class><bndbox><xmin>5</xmin></bndbox></object>
  </annotation>)";
  const std::vector<cv::Rect> boxes = ParseVocBoxes(xml);
  ASSERT_EQ(boxes.size(), 2u);
  EXPECT_EQ(boxes[0], cv::Rect(984, 712, 246, 14));
  EXPECT_EQ(boxes[1], cv::Rect(10, 20, 100, 40));
  const cv::Size frame(1280, 1024);
  EXPECT_FALSE(TouchesEdge(boxes[0], frame, 10));
  EXPECT_TRUE(TouchesEdge(boxes[1], frame, 10));  // 10 px from the left edge
  EXPECT_FALSE(TouchesEdge(boxes[1], frame, 9));
  EXPECT_TRUE(TouchesEdge(cv::Rect(1000, 500, 269, 10), frame, 10));  // reaches x = 1269
}

TEST(TrichoBench, MatchingIsOneToOne) {
  const std::vector<cv::Rect> boxes = {{100, 100, 200, 20}, {100, 300, 200, 20}};
  // two hairs in the first box, one in no box, one half in the second box
  const std::vector<Segment> hairs = {{{110, 110}, {290, 110}},
                                      {{120, 112}, {280, 108}},
                                      {{600, 600}, {700, 700}},
                                      {{150, 310}, {450, 310}}};
  const MatchCounts counts = MatchHairsToBoxes(hairs, boxes, 8);
  EXPECT_EQ(counts.detections, 4);
  EXPECT_EQ(counts.boxes, 2);
  EXPECT_EQ(counts.matched, 2);
  EXPECT_DOUBLE_EQ(counts.Precision(), 0.5);
  EXPECT_DOUBLE_EQ(counts.Recall(), 1.0);
  EXPECT_NEAR(counts.F1(), 2.0 / 3.0, 1e-12);
  // a hair under half inside a box does not match it
  EXPECT_EQ(MatchHairsToBoxes({{{150, 310}, {600, 310}}}, boxes, 8).matched, 0);
  // the better placed of two hairs gets the box, the other can take the next
  const MatchCounts best = MatchHairsToBoxes({{{110, 110}, {290, 110}}, {{110, 110}, {290, 310}}},
                                             {{100, 100, 200, 20}, {90, 90, 220, 240}}, 0);
  EXPECT_EQ(best.matched, 2);
  MatchCounts sum = counts;
  sum += best;
  EXPECT_EQ(sum.matched, 4);
  EXPECT_EQ(MatchCounts{}.F1(), 0);
}

// A skin field with dark straight shafts 12 px wide (33 µm at 2.78 µm per pixel).
cv::Mat FieldWithHairs(const std::vector<std::pair<cv::Point, cv::Point>>& hairs) {
  // skin texture: noise of 8 grey levels, so no row reads as a flat device strip
  cv::Mat image(1024, 1280, CV_16SC3, cv::Scalar(150, 170, 205));
  cv::Mat noise(image.size(), CV_16SC3);
  cv::RNG rng(5);
  rng.fill(noise, cv::RNG::NORMAL, 0, 8);
  image += noise;
  image.convertTo(image, CV_8UC3);
  for (const auto& [a, b] : hairs) cv::line(image, a, b, cv::Scalar(40, 40, 50), 12, cv::LINE_AA);
  return image;
}

TEST(TrichoBench, EdgeRuleLeavesOutTracedHairsCutByTheFrame) {
  // three hairs inside the field, two running out of it (left and bottom edges)
  const cv::Mat image = FieldWithHairs({{{300, 300}, {600, 330}},
                                        {{700, 500}, {720, 800}},
                                        {{900, 200}, {1100, 420}},
                                        {{-20, 600}, {250, 650}},
                                        {{500, 700}, {560, 1100}}});
  imaging::TrichoscopyOptions options;
  options.um_per_px = 1000.0 / 360.0;
  options.count_method = imaging::HairCountMethod::kTraced;
  auto result = imaging::AnalyzeTrichoscopy(image, options);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->traced_shaft_count, 5);
  EXPECT_EQ(result->field_rows, cv::Rect(0, 0, 1280, 1024));
  const EdgeRuleCounts inner = CountAwayFromEdge(*result, 60);
  EXPECT_EQ(inner.traced, 3);
  EXPECT_FALSE(inner.learned);  // no learned count made
}

TEST(TrichoBench, EdgeRuleTakesTwiceTheLearnedMarksAtTheEdgeAway) {
  imaging::TrichoscopyResult result;
  result.um_per_px = 2.0;
  result.field_rows = cv::Rect(0, 0, 400, 300);
  result.learned_density = cv::Mat::zeros(30, 40, CV_32F);  // 20 µm cells
  result.learned_density_um = 20;
  // a hair inside (two half marks) and a hair cut by the left edge (half a mark at the
  // crossing, half at its inner end)
  result.learned_density.at<float>(10, 10) = 0.5F;
  result.learned_density.at<float>(10, 20) = 0.5F;
  result.learned_density.at<float>(15, 0) = 0.5F;
  result.learned_density.at<float>(15, 8) = 0.5F;
  const EdgeRuleCounts inner = CountAwayFromEdge(result, 40);  // two cells
  ASSERT_TRUE(inner.learned);
  EXPECT_NEAR(*inner.learned, 1.0, 1e-6);
}

TEST(TrichoBench, BlendIsFittedOnTheTrainingFoldsOnly) {
  // truth = traced in folds 0-3; fold 4 holds fields where the learned count is right
  std::vector<double> traced, learned, truth;
  std::vector<int> folds;
  for (int i = 0; i < 50; ++i) {
    const int fold = i % 5;
    const double t = 10 + i % 7;
    traced.push_back(fold == 4 ? 2 * t : t);
    learned.push_back(fold == 4 ? t : 3 * t);
    truth.push_back(t);
    folds.push_back(fold);
  }
  const BlendFit all = FitBlend(traced, learned, truth, false);
  EXPECT_GT(all.traced_weight, 0.5);
  std::vector<BlendFit> fits;
  const std::vector<double> predicted =
      CrossValidatedBlend(traced, learned, truth, folds, false, &fits);
  ASSERT_EQ(fits.size(), 5u);
  EXPECT_DOUBLE_EQ(fits[0].traced_weight, 1.0);  // fitted on folds 1-4
  for (std::size_t i = 0; i < truth.size(); ++i) {
    // fold 4 is predicted with the traced-heavy fit of folds 0-3 and so is far off
    if (folds[i] == 4) {
      EXPECT_GT(std::abs(predicted[i] - truth[i]), 0.5 * truth[i]);
    }
  }
  EXPECT_GT(Mape(predicted, truth), 10.0);
  EXPECT_DOUBLE_EQ(Mape({10, 20}, {10, 10}), 50.0);
  EXPECT_DOUBLE_EQ(BlendCount({0.25, 2.0}, 8, 4), 10.0);
}

TEST(TrichoBench, RealBenchReportsUnseenPatients) {
  // five patients, one drawn field each, three hairs boxed in each
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(testing::TempDir()) / "tricho_bench_real";
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (int p = 0; p < 5; ++p) {
    const std::vector<std::pair<cv::Point, cv::Point>> hairs = {
        {{300, 300 + 20 * p}, {600, 330}}, {{700, 500}, {720, 800}}, {{900, 200}, {1100, 420}}};
    const std::string stem = "220106_A10" + std::to_string(p) + "_1";
    ASSERT_TRUE(cv::imwrite((dir / (stem + ".jpg")).string(), FieldWithHairs(hairs)));
    std::ofstream xml(dir / (stem + ".xml"));
    xml << "<annotation>";
    for (const auto& [a, b] : hairs) {
      // corners given end to start, as many of the real files do
      xml << "<object><class>single</class><bndbox><xmin>" << b.x << "</xmin><ymin>" << b.y
          << "</ymin><xmax>" << a.x << "</xmax><ymax>" << a.y << "</ymax></bndbox></object>";
    }
    xml << "</annotation>";
  }
  std::map<std::string, std::string> rows;
  BenchRealTrichoscopy(dir, 0,
                       [&](const std::string& part, const std::string& metric,
                           const std::string& value, const std::string&) {
                         EXPECT_EQ(part, "real 70x trichoscopy (5)");
                         rows[metric] = value;
                       });
  EXPECT_TRUE(rows.count("5 patients; unseen = 5-fold by patient"));
  ASSERT_TRUE(rows.count("count MAPE %, unseen patients, fitted blend"));
  ASSERT_TRUE(rows.count("traced hairs vs boxes: P / R / F1"));
  // every drawn hair is traced and matches its box
  EXPECT_EQ(rows["traced hairs vs boxes: P / R / F1"], "1.00 / 1.00 / 1.00");
  EXPECT_EQ(rows["... traced shafts alone, same"], "0.0");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tricholog::cli::tricho_bench
