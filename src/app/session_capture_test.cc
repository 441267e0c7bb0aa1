// The capture wizard's answers (from JSON and from the form, with errors naming the form field
// and each score's range) and when POEM and DLQI are asked.
#include "app/session_capture.h"

#include <gtest/gtest.h>

#include "app/protocol_catalog.h"

namespace tricholog::app {
namespace {

TEST(SessionCapture, FormAnswersRoundTripThroughJson) {
  const std::map<std::string, std::string> form = {{"itch_nrs", "4"},
                                                   {"poem", " 12 "},
                                                   {"dlqi", ""},
                                                   {"easi_trunk_area", "3"},
                                                   {"easi_trunk_erythema", "2"},
                                                   {"ae_0_term", "Conjunctivitis"},
                                                   {"ae_0_grade", "2"},
                                                   {"ae_0_onset", "2026-01-02"},
                                                   {"ae_0_action", "dose_delayed"},
                                                   {"ae_1_term", ""},
                                                   {"site_0_site", "thigh"},
                                                   {"site_0_reaction", "swelling"}};
  auto answers = DraftAnswersFromForm(form);
  ASSERT_TRUE(answers) << answers.error().ToString();
  EXPECT_EQ(answers->itch_nrs, 4);
  EXPECT_EQ(answers->poem, 12);
  EXPECT_FALSE(answers->dlqi);
  ASSERT_EQ(answers->easi.size(), 4u);  // the other regions count as 0
  EXPECT_EQ(answers->easi[2].region, "trunk");
  EXPECT_EQ(answers->easi[2].area_score, 3);
  EXPECT_EQ(answers->easi[0].area_score, 0);
  ASSERT_EQ(answers->adverse_events.size(), 1u);
  EXPECT_EQ(answers->adverse_events[0].action, "dose_delayed");
  ASSERT_EQ(answers->injection_sites.size(), 1u);
  EXPECT_FALSE(answers->injection_sites[0].ctcae_grade);

  auto again = DraftAnswersFromJson(DraftAnswersToJson(*answers));
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(DraftAnswersToJson(*again), DraftAnswersToJson(*answers));
  EXPECT_EQ(DraftAnswersToForm(*again).at("easi_trunk_area"), "3");
  EXPECT_EQ(DraftAnswersToForm(*again).at("ae_0_onset"), "2026-01-02");
}

// "Since your last session, has your hair changed?": the three answers are kept through the
// form and the draft's JSON; "Not sure" and no answer record nothing.
TEST(SessionCapture, HairChangeAnswersRoundTripAndNotSureRecordsNothing) {
  for (const char* change : {"more_hair", "none", "less_hair"}) {
    auto answers = DraftAnswersFromForm({{"hair_change", change}});
    ASSERT_TRUE(answers) << answers.error().ToString();
    EXPECT_EQ(answers->hair_change, std::optional<std::string>(change));
    auto again = DraftAnswersFromJson(DraftAnswersToJson(*answers));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->hair_change, std::optional<std::string>(change));
    EXPECT_EQ(DraftAnswersToForm(*again).at("hair_change"), change);
  }
  for (const char* nothing : {"not_sure", ""}) {
    auto answers = DraftAnswersFromForm({{"hair_change", nothing}});
    ASSERT_TRUE(answers);
    EXPECT_FALSE(answers->hair_change);
    EXPECT_TRUE(DraftAnswersToJson(*answers)["hair_change"].is_null());
  }
  auto number = DraftAnswersFromJson({{"hair_change", 1}});
  ASSERT_FALSE(number);
  EXPECT_EQ(number.error().field, "hair_change");
}

TEST(SessionCapture, NoEasiValueMeansNotScored) {
  auto answers = DraftAnswersFromForm({{"itch_nrs", "0"}});
  ASSERT_TRUE(answers);
  EXPECT_TRUE(answers->easi.empty());
  EXPECT_EQ(answers->itch_nrs, 0);
}

TEST(SessionCapture, ErrorsNameTheFormFieldAndTheRange) {
  struct Case {
    std::map<std::string, std::string> form;
    std::string field;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{{"itch_nrs", "11"}}, "itch_nrs", "allowed 0 to 10"},
      {{{"poem", "29"}}, "poem", "allowed 0 to 28"},
      {{{"dlqi", "-1"}}, "dlqi", "allowed 0 to 30"},
      {{{"dlqi", "3.5"}}, "dlqi", "whole number"},
      {{{"easi_head_neck_area", "7"}}, "easi_head_neck_area", "allowed 0 to 6"},
      {{{"easi_lower_limbs_lichenification", "4"}},
       "easi_lower_limbs_lichenification",
       "allowed 0 to 3"},
      {{{"ae_0_grade", "2"}}, "ae_0_term", "name the side effect"},
      {{{"ae_0_term", "Rash"}}, "ae_0_grade", "grade from 1 to 5"},
      {{{"ae_0_term", "Rash"}, {"ae_0_grade", "6"}}, "ae_0_grade", "allowed 1 to 5"},
      {{{"ae_0_term", "Rash"}, {"ae_0_grade", "1"}, {"ae_0_onset", "2026-02-30"}},
       "ae_0_onset",
       "YYYY-MM-DD"},
      {{{"ae_0_term", "Rash"}, {"ae_0_grade", "1"}, {"ae_0_action", "shrug"}},
       "ae_0_action",
       "one of none"},
      {{{"site_1_site", "arm"}}, "site_1_reaction", "describe the reaction"},
      {{{"hair_change", "lots"}}, "hair_change", "one of more_hair, none, less_hair, not_sure"},
  };
  for (const Case& c : cases) {
    auto answers = DraftAnswersFromForm(c.form);
    ASSERT_FALSE(answers) << c.field;
    EXPECT_EQ(answers.error().field, c.field);
    EXPECT_NE(answers.error().message.find(c.message), std::string::npos)
        << c.field << ": " << answers.error().message;
  }
  auto json = DraftAnswersFromJson({{"easi", {{"scalp", {{"area", 1}}}}}});
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().field, "easi");
  auto grade = DraftAnswersFromJson({{"adverse_events", {{{"term", "Rash"}, {"grade", "2"}}}}});
  ASSERT_FALSE(grade);
  EXPECT_EQ(grade.error().field, "ae_0_grade");
}

TEST(SessionCapture, QuestionnairesAreAskedAtTheBaselineAndAtDecisionWeeks) {
  auto catalog =
      LoadProtocolCatalog(std::filesystem::path(TRICHOLOG_SOURCE_DATA_DIR) / "protocols");
  ASSERT_TRUE(catalog) << catalog.error().ToString();
  auto dupilumab = FindProtocol(*catalog, "dupilumab");
  ASSERT_TRUE(dupilumab);
  const Date start = *Date::Parse("2026-01-05");
  // No session before: the baseline.
  EXPECT_TRUE(QuestionnairesDue(std::nullopt, std::nullopt, false, start));
  // A follow-up without a course: not due.
  EXPECT_FALSE(QuestionnairesDue(std::nullopt, std::nullopt, true, start.AddDays(30)));
  // On a course: week 16 is a decision week of the dupilumab protocol; week 8 is not.
  EXPECT_TRUE(QuestionnairesDue(*dupilumab, start, true, start.AddDays(16 * 7)));
  EXPECT_FALSE(QuestionnairesDue(*dupilumab, start, true, start.AddDays(8 * 7)));
  EXPECT_TRUE(QuestionnairesDue(*dupilumab, start, true, start));
}

}  // namespace
}  // namespace tricholog::app
