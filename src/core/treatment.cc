#include "core/treatment.h"

#include <array>
#include <string>
#include <utility>

namespace tricholog {

namespace {

constexpr std::array<std::pair<TreatmentClass, std::string_view>, 5> kTreatmentNames{{
    {TreatmentClass::kIl4rAntibody, "il4r_antibody"},
    {TreatmentClass::kJakInhibitor, "jak_inhibitor"},
    {TreatmentClass::kCorticosteroid, "corticosteroid"},
    {TreatmentClass::kMinoxidil, "minoxidil"},
    {TreatmentClass::kOther, "other"},
}};

constexpr std::array<std::pair<TimelinePhase, std::string_view>, 4> kPhaseNames{{
    {TimelinePhase::kObservation, "observation"},
    {TimelinePhase::kResponseWindow, "response_window"},
    {TimelinePhase::kContinuedAssessment, "continued_assessment"},
    {TimelinePhase::kMaintenance, "maintenance"},
}};

template <typename Enum, size_t N>
std::string AllowedNames(const std::array<std::pair<Enum, std::string_view>, N>& table) {
  std::string names;
  for (const auto& [value, name] : table) {
    if (!names.empty()) names += ", ";
    names += name;
  }
  return names;
}

}  // namespace

std::string_view TreatmentClassName(TreatmentClass value) {
  for (const auto& [v, name] : kTreatmentNames) {
    if (v == value) return name;
  }
  return "other";
}

Result<TreatmentClass> ParseTreatmentClass(std::string_view name) {
  for (const auto& [v, n] : kTreatmentNames) {
    if (n == name) return v;
  }
  return InvalidArgument("class", Quote(name) + " is not a treatment class; allowed: " +
                                      AllowedNames(kTreatmentNames));
}

std::string_view TimelinePhaseName(TimelinePhase value) {
  for (const auto& [v, name] : kPhaseNames) {
    if (v == value) return name;
  }
  return "observation";
}

Result<TimelinePhase> ParseTimelinePhase(std::string_view name) {
  for (const auto& [v, n] : kPhaseNames) {
    if (n == name) return v;
  }
  return InvalidArgument(
      "phase", Quote(name) + " is not a timeline phase; allowed: " + AllowedNames(kPhaseNames));
}

}  // namespace tricholog
