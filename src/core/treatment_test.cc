#include "core/treatment.h"

#include <gtest/gtest.h>

namespace tricholog {
namespace {

TEST(Treatment, ClassNamesRoundTrip) {
  for (auto c :
       {TreatmentClass::kIl4rAntibody, TreatmentClass::kJakInhibitor,
        TreatmentClass::kCorticosteroid, TreatmentClass::kMinoxidil, TreatmentClass::kOther}) {
    EXPECT_EQ(ParseTreatmentClass(TreatmentClassName(c)).value(), c);
  }
}

TEST(Treatment, UnknownClassListsAllowedNames) {
  const auto r = ParseTreatmentClass("antibiotic");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("jak_inhibitor"), std::string::npos);
}

TEST(Treatment, PhaseNamesRoundTrip) {
  for (auto p : {TimelinePhase::kObservation, TimelinePhase::kResponseWindow,
                 TimelinePhase::kContinuedAssessment, TimelinePhase::kMaintenance}) {
    EXPECT_EQ(ParseTimelinePhase(TimelinePhaseName(p)).value(), p);
  }
  EXPECT_FALSE(ParseTimelinePhase("washout").has_value());
}

}  // namespace
}  // namespace tricholog
