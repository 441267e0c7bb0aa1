#include "core/patient_reported.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace tricholog {
namespace {

TEST(ItchNrs, SilverbergBands) {
  EXPECT_EQ(ScoreItchNrs(0)->severity, ItchSeverity::kNone);
  EXPECT_EQ(ScoreItchNrs(1)->severity, ItchSeverity::kMild);
  EXPECT_EQ(ScoreItchNrs(3)->severity, ItchSeverity::kMild);
  EXPECT_EQ(ScoreItchNrs(4)->severity, ItchSeverity::kModerate);
  EXPECT_EQ(ScoreItchNrs(6)->severity, ItchSeverity::kModerate);
  EXPECT_EQ(ScoreItchNrs(7)->severity, ItchSeverity::kSevere);
  EXPECT_EQ(ScoreItchNrs(10)->severity, ItchSeverity::kSevere);
  EXPECT_EQ(ItchSeverityName(ItchSeverity::kModerate), "moderate");
}

TEST(ItchNrs, RejectsOutOfRange) {
  EXPECT_EQ(ScoreItchNrs(11).error().ToString(), "score: 11 is out of range; allowed 0 to 10");
  EXPECT_EQ(ScoreItchNrs(-1).error().field, "score");
}

TEST(ItchNrs, FourPointImprovementIsAResponse) {
  auto exactly = CompareItchNrs(8, 4);
  ASSERT_TRUE(exactly.has_value());
  EXPECT_EQ(exactly->improvement, 4);
  EXPECT_EQ(exactly->threshold, 4);
  EXPECT_TRUE(exactly->responder);
  EXPECT_TRUE(exactly->threshold_reachable);
  EXPECT_TRUE(exactly->note.empty());

  auto three = CompareItchNrs(8, 5);
  ASSERT_TRUE(three.has_value());
  EXPECT_EQ(three->improvement, 3);
  EXPECT_FALSE(three->responder);
}

TEST(ItchNrs, WorseningIsNegativeImprovement) {
  auto worse = CompareItchNrs(3, 9);
  ASSERT_TRUE(worse.has_value());
  EXPECT_EQ(worse->improvement, -6);
  EXPECT_FALSE(worse->responder);
}

TEST(ItchNrs, BaselineBelowFourCannotReachTheThreshold) {
  auto low = CompareItchNrs(3, 0);
  ASSERT_TRUE(low.has_value());
  EXPECT_FALSE(low->threshold_reachable);
  EXPECT_FALSE(low->responder);
  EXPECT_NE(low->note.find("below 4"), std::string::npos);

  auto four = CompareItchNrs(4, 0);
  ASSERT_TRUE(four.has_value());
  EXPECT_TRUE(four->threshold_reachable);
  EXPECT_TRUE(four->responder);
}

TEST(ItchNrs, CompareRejectsOutOfRange) {
  EXPECT_EQ(CompareItchNrs(12, 3).error().field, "baseline");
  EXPECT_EQ(CompareItchNrs(5, 11).error().field, "score");
}

TEST(Poem, SumsSevenItems) {
  const std::array<int, 7> items = {4, 3, 0, 1, 2, 4, 4};
  auto score = ScorePoem(items);
  ASSERT_TRUE(score.has_value());
  EXPECT_EQ(score->total, 18);
  EXPECT_EQ(score->severity, PoemSeverity::kSevere);
  const std::array<int, 7> all = {4, 4, 4, 4, 4, 4, 4};
  EXPECT_EQ(ScorePoem(all)->total, 28);
}

TEST(Poem, CharmanBandEdges) {
  const std::pair<int, PoemSeverity> cases[] = {{0, PoemSeverity::kClearOrAlmostClear},
                                                {2, PoemSeverity::kClearOrAlmostClear},
                                                {3, PoemSeverity::kMild},
                                                {7, PoemSeverity::kMild},
                                                {8, PoemSeverity::kModerate},
                                                {16, PoemSeverity::kModerate},
                                                {17, PoemSeverity::kSevere},
                                                {24, PoemSeverity::kSevere},
                                                {25, PoemSeverity::kVerySevere},
                                                {28, PoemSeverity::kVerySevere}};
  for (const auto& [total, expected] : cases) {
    EXPECT_EQ(PoemSeverityFor(total), expected) << total;
  }
  EXPECT_EQ(PoemSeverityName(PoemSeverity::kClearOrAlmostClear), "clear or almost clear");
}

TEST(Poem, RejectsAnswerOutOfRangeNamingTheItem) {
  const std::array<int, 7> items = {0, 0, 0, 5, 0, 0, 0};
  auto score = ScorePoem(items);
  ASSERT_FALSE(score.has_value());
  EXPECT_EQ(score.error().ToString(), "items[3]: 5 is out of range; allowed 0 to 4 (question 4)");
  const std::array<int, 7> negative = {0, 0, 0, 0, 0, 0, -1};
  EXPECT_EQ(ScorePoem(negative, "baseline").error().field, "baseline[6]");
}

TEST(Poem, RequiresExactlySevenAnswers) {
  const std::vector<int> six = {1, 1, 1, 1, 1, 1};
  auto score = ScorePoem(six);
  ASSERT_FALSE(score.has_value());
  EXPECT_EQ(score.error().ToString(), "items: has 6 answers; exactly 7 are required");
  const std::vector<int> eight(8, 0);
  EXPECT_FALSE(ScorePoem(eight).has_value());
}

TEST(Poem, FourPointResponder) {
  EXPECT_TRUE(ComparePoem(18, 14)->responder);
  EXPECT_FALSE(ComparePoem(18, 15)->responder);
  auto low = ComparePoem(3, 0);
  ASSERT_TRUE(low.has_value());
  EXPECT_FALSE(low->threshold_reachable);
  EXPECT_NE(low->note.find("POEM"), std::string::npos);
  EXPECT_EQ(ComparePoem(29, 1).error().ToString(),
            "baseline_total: 29 is out of range; allowed 0 to 28");
  EXPECT_EQ(ComparePoem(10, -1).error().field, "total");
}

std::array<DlqiAnswer, 10> Dlqi(std::array<int, 10> scores) {
  std::array<DlqiAnswer, 10> answers;
  for (size_t i = 0; i < scores.size(); ++i) answers[i] = DlqiAnswer{scores[i], false};
  return answers;
}

TEST(Dlqi, SumsTenItems) {
  auto score = ScoreDlqi(Dlqi({3, 2, 1, 0, 1, 2, 3, 0, 1, 2}));
  ASSERT_TRUE(score.has_value());
  EXPECT_EQ(score->total, 15);
  EXPECT_EQ(score->effect, DlqiEffect::kVeryLarge);
  EXPECT_EQ(score->not_relevant_count, 0);
  EXPECT_EQ(ScoreDlqi(Dlqi({3, 3, 3, 3, 3, 3, 3, 3, 3, 3}))->total, 30);
}

TEST(Dlqi, HongboBandEdges) {
  const std::pair<int, DlqiEffect> cases[] = {{0, DlqiEffect::kNone},
                                              {1, DlqiEffect::kNone},
                                              {2, DlqiEffect::kSmall},
                                              {5, DlqiEffect::kSmall},
                                              {6, DlqiEffect::kModerate},
                                              {10, DlqiEffect::kModerate},
                                              {11, DlqiEffect::kVeryLarge},
                                              {20, DlqiEffect::kVeryLarge},
                                              {21, DlqiEffect::kExtremelyLarge},
                                              {30, DlqiEffect::kExtremelyLarge}};
  for (const auto& [total, expected] : cases) {
    EXPECT_EQ(DlqiEffectFor(total), expected) << total;
  }
  EXPECT_EQ(DlqiEffectName(DlqiEffect::kExtremelyLarge), "extremely large effect");
}

TEST(Dlqi, NotRelevantScoresZeroOnQuestionsThreeToTen) {
  auto answers = Dlqi({3, 3, 3, 3, 3, 3, 3, 3, 3, 3});
  answers[6] = DlqiAnswer::NotRelevant();  // question 7, work or study
  answers[8] = DlqiAnswer::NotRelevant();  // question 9, sexual difficulties
  auto score = ScoreDlqi(answers);
  ASSERT_TRUE(score.has_value());
  EXPECT_EQ(score->total, 24);
  EXPECT_EQ(score->not_relevant_count, 2);
}

TEST(Dlqi, NotRelevantIsRejectedOnQuestionsOneAndTwo) {
  auto answers = Dlqi({0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  answers[1] = DlqiAnswer::NotRelevant();
  auto score = ScoreDlqi(answers);
  ASSERT_FALSE(score.has_value());
  EXPECT_EQ(score.error().field, "items[1]");
  EXPECT_NE(score.error().message.find("question 2"), std::string::npos);
}

TEST(Dlqi, RejectsAnswerOutOfRangeAndWrongCount) {
  auto score = ScoreDlqi(Dlqi({0, 0, 0, 0, 0, 0, 0, 0, 0, 4}));
  ASSERT_FALSE(score.has_value());
  EXPECT_EQ(score.error().ToString(), "items[9]: 4 is out of range; allowed 0 to 3 (question 10)");
  const std::vector<DlqiAnswer> nine(9);
  EXPECT_EQ(ScoreDlqi(nine).error().ToString(), "items: has 9 answers; exactly 10 are required");
}

TEST(Dlqi, FourPointMeaningfulChange) {
  auto change = CompareDlqi(15, 11);
  ASSERT_TRUE(change.has_value());
  EXPECT_TRUE(change->responder);
  EXPECT_EQ(change->threshold, 4);
  EXPECT_FALSE(CompareDlqi(15, 12)->responder);
  EXPECT_FALSE(CompareDlqi(2, 0)->threshold_reachable);
  EXPECT_EQ(CompareDlqi(31, 0).error().field, "baseline_total");
  EXPECT_EQ(CompareDlqi(5, 31).error().field, "total");
}

}  // namespace
}  // namespace tricholog
