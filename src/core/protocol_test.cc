#include "core/protocol.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/schedule.h"

namespace tricholog {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

fs::path ProtocolDir() { return fs::path(TRICHOLOG_SOURCE_DATA_DIR) / "protocols"; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Json LoadJson(const std::string& id) {
  return Json::parse(ReadFile(ProtocolDir() / (id + ".json")));
}

Result<Protocol> Parse(const Json& j) { return ParseProtocol(j.dump(), "test.json"); }

TEST(Protocol, EveryShippedFileParsesAndValidates) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(ProtocolDir())) {
    if (entry.path().extension() != ".json") continue;
    ++count;
    const auto p = ParseProtocol(ReadFile(entry.path()), entry.path().filename().string());
    ASSERT_TRUE(p.has_value()) << p.error().ToString();
    EXPECT_EQ(p->id, entry.path().stem().string()) << "id must match the file name";
    EXPECT_EQ(p->labels.size(), 2u);
    EXPECT_EQ(p->phases.size(), 4u);
    EXPECT_FALSE(p->evidence.empty());
    for (const PhaseRule& phase : p->phases) EXPECT_FALSE(phase.guidance.empty());
    EXPECT_EQ(p->decision_weeks.back().week, 52) << p->id << ": week 52 is a decision week for all";
  }
  EXPECT_GE(count, 6);
}

TEST(Protocol, ShippedFilesRoundTripThroughJson) {
  for (const std::string id : {"dupilumab", "triamcinolone"}) {
    const auto p = Parse(LoadJson(id));
    ASSERT_TRUE(p.has_value()) << p.error().ToString();
    const auto again = Parse(ProtocolToJson(*p));
    ASSERT_TRUE(again.has_value()) << again.error().ToString();
    EXPECT_EQ(ProtocolToJson(*again), ProtocolToJson(*p));
  }
}

TEST(Protocol, DupilumabCarriesTheLabelDosingAndWeightTable) {
  const auto p = Parse(LoadJson("dupilumab"));
  ASSERT_TRUE(p.has_value()) << p.error().ToString();
  EXPECT_EQ(p->treatment_class, TreatmentClass::kIl4rAntibody);
  EXPECT_EQ(p->Label(Condition::kAlopeciaAreata).status, LabelStatusKind::kOffLabel);
  EXPECT_EQ(p->Label(Condition::kAtopicDermatitis).status, LabelStatusKind::kApproved);
  const Regimen& adult = p->dosing.regimens.front();
  EXPECT_EQ(adult.loading_dose_mg, 600);  // two 300 mg injections (clinical.md §2.1)
  ASSERT_TRUE(adult.dose.has_value());
  EXPECT_EQ(adult.dose->amount, 300);
  EXPECT_EQ(adult.dose->every_weeks, 2);
  const Regimen& light_child = p->dosing.regimens[1];  // 15 to <30 kg: 600 mg then 300 mg Q4W
  EXPECT_EQ(light_child.min_weight_kg, 15);
  EXPECT_EQ(light_child.max_weight_kg, 30);
  EXPECT_EQ(light_child.dose->every_weeks, 4);
  ASSERT_EQ(p->decision_weeks.size(), 2u);
  EXPECT_EQ(p->decision_weeks[0].week, 16);
}

TEST(Protocol, JakInhibitorsDecideAtWeeks24_36_52AndScheduleLabs) {
  for (const std::string id : {"baricitinib", "ritlecitinib", "deuruxolitinib"}) {
    const auto p = Parse(LoadJson(id));
    ASSERT_TRUE(p.has_value()) << p.error().ToString();
    EXPECT_EQ(p->treatment_class, TreatmentClass::kJakInhibitor);
    std::vector<int> weeks;
    for (const DecisionWeek& d : p->decision_weeks) weeks.push_back(d.week);
    EXPECT_EQ(weeks, (std::vector<int>{24, 36, 52})) << id;
  }
  const auto rit = Parse(LoadJson("ritlecitinib"));
  ASSERT_TRUE(rit.has_value());
  const auto alc = std::find_if(rit->labs.begin(), rit->labs.end(),
                                [](const LabCheck& l) { return l.id == "alc_platelets"; });
  ASSERT_NE(alc, rit->labs.end());
  EXPECT_EQ(alc->weeks, (std::vector<int>{0, 4}));  // Pfizer PI §2.1/2.4
}

TEST(Protocol, MissingRequiredKeyNamesFileAndPath) {
  Json j = LoadJson("baricitinib");
  j["side_effects"][1].erase("question");
  const auto p = Parse(j);
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().code, ErrorCode::kMissingField);
  EXPECT_EQ(p.error().field, "test.json: side_effects[1].question");
}

TEST(Protocol, WrongTypeSaysWhatIsAllowed) {
  Json j = LoadJson("baricitinib");
  j["dosing"]["regimens"][0]["dose"]["amount"] = "2 mg";
  const auto p = Parse(j);
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().field, "test.json: dosing.regimens[0].dose.amount");
  EXPECT_NE(p.error().message.find("must be a number from"), std::string::npos)
      << p.error().message;
  EXPECT_NE(p.error().message.find("a string"), std::string::npos) << p.error().message;
}

TEST(Protocol, UnknownKeyIsATypo) {
  Json j = LoadJson("ritlecitinib");
  j["labs"][1]["weaks"] = Json::array({4});
  const auto p = Parse(j);
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().field, "test.json: labs[1].weaks");
  EXPECT_NE(p.error().message.find("allowed keys here: id, test, weeks"), std::string::npos)
      << p.error().message;
}

TEST(Protocol, UnknownTopLevelKeyIsRejected) {
  Json j = LoadJson("minoxidil");
  j["decision_week"] = 24;
  const auto p = Parse(j);
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().field, "test.json: decision_week");
}

TEST(Protocol, DecisionWeekOutsideTheScheduleIsRejected) {
  Json j = LoadJson("dupilumab");
  j["decision_weeks"][0]["week"] = 18;
  const auto p = Parse(j);
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().field, "test.json: decision_weeks[0].week");
  EXPECT_NE(p.error().message.find("week 18 is not a session week"), std::string::npos);
}

TEST(Protocol, OutOfRangeValueNamesTheRange) {
  Json j = LoadJson("dupilumab");
  j["dosing"]["regimens"][0]["dose"]["every_weeks"] = 60;
  const auto p = Parse(j);
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().message, "60 is out of range; allowed 1 to 52");
}

TEST(Protocol, UnknownClassListsTheClasses) {
  Json j = LoadJson("dupilumab");
  j["class"] = "biologic";
  const auto p = Parse(j);
  ASSERT_FALSE(p.has_value());
  EXPECT_NE(p.error().message.find("il4r_antibody"), std::string::npos);
}

TEST(Protocol, ApprovedNeedsARegion) {
  Json j = LoadJson("baricitinib");
  j["labels"]["AA"].erase("regions");
  const auto p = Parse(j);
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().field, "test.json: labels.AA.regions");
}

TEST(Protocol, InventedLookingIdentifiersAreRejected) {
  Json j = LoadJson("ritlecitinib");
  j["evidence"][0]["nct"] = "NCT123";
  const auto p = Parse(j);
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().field, "test.json: evidence[0].nct");
}

TEST(Protocol, PhasesMustBeInOrderAndContiguous) {
  Json j = LoadJson("dupilumab");
  std::swap(j["phases"][0], j["phases"][1]);
  EXPECT_FALSE(Parse(j).has_value());
  j = LoadJson("dupilumab");
  j["phases"][1]["start_week"] = 14;
  const auto p = Parse(j);
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().field, "test.json: phases[1].start_week");
}

TEST(Protocol, InvalidJsonIsAParseError) {
  const auto p = ParseProtocol("{\"id\": ", "broken.json");
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().code, ErrorCode::kParseError);
  EXPECT_EQ(p.error().field, "broken.json");
}

TEST(Protocol, TrackingOverrideIsCheckedAgainstThePhaseTable) {
  Json j = LoadJson("minoxidil");
  // Every 8 weeks from the start breaks "every 4 weeks in months 0-3" (clinical.md §5.5).
  j["tracking"] = {{"session_weeks", {0, 8, 16, 24, 30, 36, 44, 52}}};
  const auto p = Parse(j);
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().field, "test.json: tracking.session_weeks[1]");
  EXPECT_NE(p.error().message.find("observation phase allows sessions every 4 to 4 weeks"),
            std::string::npos)
      << p.error().message;
}

TEST(Protocol, TrackingOverrideThatMeetsTheRulesIsAccepted) {
  Json j = LoadJson("minoxidil");
  j["tracking"] = {{"session_weeks", {0, 4, 8, 12, 16, 20, 24, 30, 37, 44, 52}},
                   {"then_every_weeks", 10}};
  const auto p = Parse(j);
  ASSERT_TRUE(p.has_value()) << p.error().ToString();
  EXPECT_EQ(p->tracking.then_every_weeks, 10);
  EXPECT_EQ(p->tracking.windows.size(), DefaultTrackingPlan().windows.size());  // default kept
}

TEST(Protocol, MissingAnchorWeekIsRejected) {
  Json j = LoadJson("minoxidil");
  j["phases"][1]["interval_weeks"] = {4, 8};
  j["phases"][2]["interval_weeks"] = {6, 10};
  j["tracking"] = {{"session_weeks", {0, 4, 8, 12, 16, 24, 32, 42, 52}}};  // nothing near 36
  const auto p = Parse(j);
  ASSERT_FALSE(p.has_value());
  EXPECT_NE(p.error().message.find("of week 36"), std::string::npos) << p.error().message;
}

TEST(Protocol, OverlappingWindowsAreRejected) {
  Json j = LoadJson("minoxidil");
  j["tracking"] = {{"windows", {{{"from_week", 0}, {"days_before", 14}, {"days_after", 15}}}}};
  const auto p = Parse(j);
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().field, "test.json: tracking.windows");
  EXPECT_NE(p.error().message.find("overlap"), std::string::npos);
}

}  // namespace
}  // namespace tricholog
