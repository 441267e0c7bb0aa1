// Builders shared by the response-assessment and alert tests.
#ifndef TRICHOLOG_CORE_ASSESSMENT_TEST_UTIL_H_
#define TRICHOLOG_CORE_ASSESSMENT_TEST_UTIL_H_

#include <optional>

#include "core/response_assessment.h"

namespace tricholog::testing {

inline Date Day(const char* text) { return Date::Parse(text).value(); }

// A course starting 2025-01-06 of class `treatment`, today = start + `today_weeks` weeks.
inline AssessmentInput Course(TreatmentClass treatment, int today_weeks) {
  AssessmentInput input;
  input.course.treatment = treatment;
  input.course.start_date = Day("2025-01-06");
  input.today = input.course.start_date.AddDays(today_weeks * 7);
  // The rule tests were written against a SALT MDC95 of 10 points; pin it so that they test
  // the rules, not the current default (DefaultNoiseModels, PhotoNoiseTable).
  input.noise[MeasureIndex(Measure::kSalt)] =
      NoiseModel::FromMdc95(10.0, NoiseSource::kConfigured, "test: SALT MDC95 10");
  return input;
}

// Adds a session at `week` (may be negative or 0: pre-treatment) with one measure's value.
inline AssessmentSession& AddAt(AssessmentInput& input, int week, Measure measure, double value,
                                bool quality_ok = true) {
  AssessmentSession session;
  session.date = input.course.start_date.AddDays(week * 7);
  session.values.Set(measure, value);
  session.capture_quality_ok = quality_ok;
  input.sessions.push_back(session);
  return input.sessions.back();
}

// Baseline `baseline` at week 0, then `values` at weeks 4, 8, 12, ...
inline AssessmentInput SaltCourse(TreatmentClass treatment, int today_weeks, double baseline,
                                  std::initializer_list<double> values) {
  AssessmentInput input = Course(treatment, today_weeks);
  AddAt(input, 0, Measure::kSalt, baseline);
  int week = 4;
  for (double v : values) {
    AddAt(input, week, Measure::kSalt, v);
    week += 4;
  }
  return input;
}

}  // namespace tricholog::testing

#endif  // TRICHOLOG_CORE_ASSESSMENT_TEST_UTIL_H_
