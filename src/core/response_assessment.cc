#include "core/response_assessment.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "core/assessment_timeline.h"
#include "core/response_trajectory.h"

namespace tricholog {

namespace {

constexpr std::array<std::pair<EyeSymptom, std::string_view>, 9> kEyeSymptomNames{{
    {EyeSymptom::kUnspecified, "unspecified"},
    {EyeSymptom::kConjunctivitis, "conjunctivitis"},
    {EyeSymptom::kEyeItch, "eye_itch"},
    {EyeSymptom::kRedEye, "red_eye"},
    {EyeSymptom::kDryEye, "dry_eye"},
    {EyeSymptom::kBlepharitis, "blepharitis"},
    {EyeSymptom::kKeratitis, "keratitis"},
    {EyeSymptom::kEyePain, "eye_pain"},
    {EyeSymptom::kBlurredVision, "blurred_vision"},
}};

// The measure's value in a session, with SALT computed from regions when only they are given.
std::optional<double> SessionValue(const AssessmentSession& session, Measure measure) {
  std::optional<double> value = session.values.Get(measure);
  if (!value && measure == Measure::kSalt && session.region_loss) {
    value = SaltFromRegions(*session.region_loss);
  }
  return value;
}

// Whether a session's value for `measure` counts: photo-based measures need a passed capture.
bool Counts(const AssessmentSession& session, Measure measure) {
  return session.capture_quality_ok || !InfoFor(measure).photo_based;
}

// Sessions whose SALT is unconfirmed (a view to confirm): their SALT counts for nothing.
using SessionSet = std::vector<const AssessmentSession*>;
bool Contains(const SessionSet& set, const AssessmentSession* s) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

std::string Pct(double v) { return fmt::format("{:.1f} %", v); }

int SignOf(double v) { return v > 0 ? 1 : (v < 0 ? -1 : 0); }

// The patient's own report agrees with a loss change of sign `sign` (+1: more loss).
bool ReportAgrees(const AssessmentSession& s, int sign) {
  if (!s.patient_reported_hair_change) return false;
  return (sign > 0 && *s.patient_reported_hair_change == PatientReportedHairChange::kLessHair) ||
         (sign < 0 && *s.patient_reported_hair_change == PatientReportedHairChange::kMoreHair);
}

std::string ConfirmationText(RegionConfirmation c) {
  switch (c) {
    case RegionConfirmation::kUserCorrected:
      return "its loss mask was corrected";
    case RegionConfirmation::kUserAccepted:
      return "the photo was checked and accepted as measured";
    case RegionConfirmation::kRetaken:
      return "the photo was retaken";
    case RegionConfirmation::kAutomatic:
      break;
  }
  return "measured automatically";
}

// Between consecutive counted sessions with region losses, a view whose loss moves beyond its
// MDC95 while no other view moves beyond its own the same way and the patient reported no such
// change is "to confirm" until the patient or physician settles the photo, or the next session
// repeats the jump (docs/assessment.md, "Confirmed change"). `unconfirmed` receives the
// sessions left with a view to confirm.
std::vector<SessionViewCheck> CheckViews(const NoiseModels& noise,
                                         const std::vector<const AssessmentSession*>& sorted,
                                         SessionSet& unconfirmed) {
  std::vector<SessionViewCheck> out;
  std::vector<const AssessmentSession*> of;  // the session of each check
  struct Reference {
    bool set = false;
    Date date;
    double loss = 0;
  };
  std::array<Reference, kSaltViewCount> ref{};
  // A jump left to confirm, awaiting the next session: (check index, moved index).
  std::array<std::optional<std::pair<size_t, size_t>>, kSaltViewCount> pending{};
  for (const AssessmentSession* s : sorted) {
    if (!s->region_loss || !s->capture_quality_ok) continue;
    const RegionLossPercent& loss = *s->region_loss;
    SessionViewCheck check;
    check.date = s->date;
    check.session_id = s->id;
    check.salt = SessionValue(*s, Measure::kSalt);
    // 1. Did this session repeat a jump of the previous one?
    for (SaltView v : kAllSaltViews) {
      auto& waiting = pending[SaltViewIndex(v)];
      if (!waiting) continue;
      ViewChange& jump = out[waiting->first].moved[waiting->second];
      const double again = loss.Get(v) - jump.reference_loss;
      if (std::abs(again) > jump.mdc95 && SignOf(again) == SignOf(jump.change)) {
        jump.status = ViewChangeStatus::kConfirmedByRepeat;
        jump.repeated_on = s->date;
        jump.reason += fmt::format(" Confirmed: the session of {} repeated it ({}).",
                                   s->date.ToString(), Pct(loss.Get(v)));
        ref[SaltViewIndex(v)] = {true, out[waiting->first].date, jump.loss};
      } else {
        jump.reason += fmt::format(" The session of {} did not repeat it ({}).", s->date.ToString(),
                                   Pct(loss.Get(v)));
      }
      waiting.reset();
    }
    // 2. Which views moved beyond their noise since their reference?
    std::array<std::optional<double>, kSaltViewCount> change{};
    std::array<double, kSaltViewCount> mdc{};
    std::array<bool, kSaltViewCount> beyond{};
    for (SaltView v : kAllSaltViews) {
      const size_t i = SaltViewIndex(v);
      if (!ref[i].set) continue;
      change[i] = loss.Get(v) - ref[i].loss;
      mdc[i] = noise.View(v).Mdc95At(ref[i].loss);
      // Strictly beyond: a change exactly at MDC95 is not real (clinical.md §5.4.1).
      beyond[i] = mdc[i] > 0 && std::abs(*change[i]) > mdc[i];
    }
    std::array<bool, kSaltViewCount> left_to_confirm{};
    for (SaltView v : kAllSaltViews) {
      const size_t i = SaltViewIndex(v);
      if (!beyond[i]) continue;
      const int sign = SignOf(*change[i]);
      bool others = false;
      for (size_t j = 0; j < kSaltViewCount; ++j) {
        others = others || (j != i && beyond[j] && SignOf(*change[j]) == sign);
      }
      ViewChange c;
      c.view = v;
      c.reference_date = ref[i].date;
      c.reference_loss = ref[i].loss;
      c.loss = loss.Get(v);
      c.change = *change[i];
      c.mdc95 = mdc[i];
      c.confirmation = s->region_confirmation[i];
      const std::string moved = fmt::format(
          "Loss on the {} view went from {} ({}) to {}, more than its measurement noise ({:.1f} "
          "points).",
          SaltViewName(v), Pct(c.reference_loss), c.reference_date.ToString(), Pct(c.loss),
          c.mdc95);
      if (c.confirmation != RegionConfirmation::kAutomatic) {
        c.status = ViewChangeStatus::kConfirmedByUser;
        c.reason = moved + " Confirmed: " + ConfirmationText(c.confirmation) + ".";
      } else if (others) {
        c.status = ViewChangeStatus::kMovedWithOtherViews;
        c.reason = moved + " Other views moved the same way, so the scalp itself changed.";
      } else if (ReportAgrees(*s, sign)) {
        c.status = ViewChangeStatus::kPatientReported;
        c.reason =
            moved + fmt::format(" The patient also noticed {} hair.", sign > 0 ? "less" : "more");
      } else {
        c.status = ViewChangeStatus::kToConfirm;
        c.reason = moved +
                   " The other views stayed within their noise and no such change in the hair "
                   "was reported: retake this photo, correct its loss mask, or confirm it is "
                   "right.";
        left_to_confirm[i] = true;
        pending[i] = std::pair{out.size(), check.moved.size()};
      }
      check.moved.push_back(std::move(c));
    }
    // 3. A view's figure becomes the next reference unless it is left to confirm.
    for (SaltView v : kAllSaltViews) {
      const size_t i = SaltViewIndex(v);
      if (!left_to_confirm[i]) ref[i] = {true, s->date, loss.Get(v)};
    }
    out.push_back(std::move(check));
    of.push_back(s);
  }
  for (size_t k = 0; k < out.size(); ++k) {
    for (const ViewChange& c : out[k].moved) {
      if (c.status == ViewChangeStatus::kToConfirm) out[k].salt_confirmed = false;
    }
    if (!out[k].salt_confirmed) unconfirmed.push_back(of[k]);
  }
  return out;
}

Result<void> ValidateSession(const AssessmentSession& session, size_t i, Date today) {
  const std::string at = fmt::format("sessions[{}]", i);
  if (session.date > today) {
    return InvalidArgument(at + ".date", fmt::format("{} is after today ({})",
                                                     session.date.ToString(), today.ToString()));
  }
  for (Measure m : kAllMeasures) {
    const std::optional<double> v = session.values.Get(m);
    if (!v) continue;
    const MeasureInfo& info = InfoFor(m);
    auto ok = RequireInRange(at + "." + std::string(info.name), *v, info.min_value, info.max_value);
    if (!ok) return tl::unexpected(ok.error());
  }
  if (session.region_loss) {
    const RegionLossPercent& r = *session.region_loss;
    const std::array<std::pair<const char*, double>, 4> regions{
        {{"top", r.top}, {"back", r.back}, {"left", r.left}, {"right", r.right}}};
    for (const auto& [name, value] : regions) {
      auto ok = RequireInRange(at + ".region_loss." + name, value, 0.0, 100.0);
      if (!ok) return tl::unexpected(ok.error());
    }
  }
  return {};
}

// The baseline of one measure (clinical.md §5.4.3): override, else the mean of counted
// sessions at/before the start within the look-back, else the first counted session after.
void FindBaseline(const AssessmentInput& input, const std::vector<const AssessmentSession*>& sorted,
                  Measure measure, const SessionSet& unconfirmed, MeasureAssessment& out,
                  const AssessmentSession*& used) {
  used = nullptr;
  if (auto v = input.course.baseline_override.Get(measure)) {
    out.baseline = *v;
    out.baseline_source = BaselineSource::kOverride;
    return;
  }
  const Date start = input.course.start_date;
  const Date earliest = start.AddDays(-kBaselineLookbackDays);
  double sum = 0;
  int count = 0;
  for (const AssessmentSession* s : sorted) {
    if (s->date > start || s->date < earliest || !Counts(*s, measure)) continue;
    if (Contains(unconfirmed, s)) {
      if (SessionValue(*s, measure)) ++out.excluded_unconfirmed;
      continue;
    }
    if (auto v = SessionValue(*s, measure)) {
      sum += *v;
      ++count;
    }
  }
  if (count > 0) {
    out.baseline = sum / count;
    out.baseline_source = BaselineSource::kPreTreatment;
    out.baseline_sessions = count;
    return;
  }
  for (const AssessmentSession* s : sorted) {
    if (s->date <= start || !Counts(*s, measure) || Contains(unconfirmed, s)) continue;
    if (auto v = SessionValue(*s, measure)) {
      out.baseline = *v;
      out.baseline_source = BaselineSource::kFirstSession;
      out.baseline_sessions = 1;
      used = s;
      return;
    }
  }
}

// Direction of a change that is real, by the measure's better direction.
ChangeDirection DirectionOf(Measure measure, double change) {
  switch (InfoFor(measure).better) {
    case BetterDirection::kLower:
      return change < 0 ? ChangeDirection::kImproving : ChangeDirection::kWorsening;
    case BetterDirection::kHigher:
      return change > 0 ? ChangeDirection::kImproving : ChangeDirection::kWorsening;
    case BetterDirection::kNone:
      break;
  }
  return change > 0 ? ChangeDirection::kIncreasing : ChangeDirection::kDecreasing;
}

// Adds "<prefix>_improved_<mcid>" / "<prefix>_worsened_<mcid>" when |Δ| ≥ mcid.
void AddPointMcid(std::string_view prefix, double change, double mcid, MeasureAssessment& out) {
  if (change <= -mcid)
    out.thresholds_reached.push_back(fmt::format("{}_improved_{}", prefix, mcid));
  if (change >= mcid) out.thresholds_reached.push_back(fmt::format("{}_worsened_{}", prefix, mcid));
  out.clinically_meaningful = std::abs(change) >= mcid;
}

// Responder thresholds at the latest value (clinical.md §1.3, §1.5, §5.1).
void ClassifyClinicalMeaning(MeasureAssessment& out) {
  const double baseline = *out.baseline;
  const double latest = out.latest->value;
  const std::optional<double> reduction = PercentReduction(baseline, latest);
  switch (out.measure) {
    case Measure::kSalt:
      // Absolute targets, Wyrwich 2020 BJD 183:702; phase 3 trials. Counted only when crossed.
      if (baseline > 20 && latest <= 20) out.thresholds_reached.push_back("salt_le_20");
      if (baseline > 10 && latest <= 10) out.thresholds_reached.push_back("salt_le_10");
      out.clinically_meaningful = !out.thresholds_reached.empty();
      // Relative SALT30..SALT100 (clinical.md §1.3); SALT30 is partial (ALLEGRO patterns).
      for (int pct : {30, 50, 75, 90, 100}) {
        if (reduction && *reduction >= pct) {
          out.thresholds_reached.push_back(fmt::format("salt{}", pct));
          if (pct >= 50) out.clinically_meaningful = true;
        }
      }
      break;
    case Measure::kEasi:
      // EASI-50 is the % MIC regardless of baseline (Silverberg, BJD 2021); EASI-75 the
      // dupilumab co-primary endpoint.
      for (int pct : {50, 75, 90}) {
        if (reduction && *reduction >= pct) {
          out.thresholds_reached.push_back(fmt::format("easi{}", pct));
          out.clinically_meaningful = true;
        }
      }
      break;
    case Measure::kItchNrs:  // ≥ 4 points, Yosipovitch 2019 BJD 181:761; Dupixent label
      AddPointMcid("itch_nrs", *out.change, 4, out);
      break;
    case Measure::kDlqi:  // 4 points, Basra 2015 Dermatology 230:27
      AddPointMcid("dlqi", *out.change, 4, out);
      break;
    case Measure::kPoem:  // ≥ 4 points, responder threshold in SOLO post-hoc analyses
      AddPointMcid("poem", *out.change, 4, out);
      break;
    case Measure::kVellusPercent:
    case Measure::kDensityPerCm2:
      break;  // no published anchor
  }
}

// Fills change, RCI, the real-change verdict and the thresholds from baseline and series.
void JudgeChange(const NoiseModel& noise, MeasureAssessment& out) {
  out.noise_source = noise.source;
  if (!out.baseline) return;
  const double baseline = *out.baseline;
  out.mdc95 = noise.Mdc95At(baseline);
  if (out.series.empty()) return;
  out.latest = out.series.back();
  out.change = out.latest->value - baseline;
  out.percent_change = PercentChange(baseline, out.latest->value);
  if (auto rci = ReliableChangeIndex(baseline, out.latest->value, noise.SemAt(baseline))) {
    out.rci = *rci;
  }
  // Beyond noise means strictly more than MDC95 (clinical.md §5.4.1); an MDC of 0 (percent
  // model at baseline 0) never confirms anything.
  auto beyond = [&](double value) {
    return out.mdc95 > 0 && std::abs(value - baseline) > out.mdc95;
  };
  const bool latest_beyond = beyond(out.latest->value);
  if (latest_beyond && out.series.size() >= 2) {
    const double previous = out.series[out.series.size() - 2].value;
    const bool same_sign = (previous - baseline > 0) == (*out.change > 0);
    out.real = beyond(previous) && same_sign;
  }
  out.pending_confirmation = latest_beyond && !out.real;
  out.direction = out.real ? DirectionOf(out.measure, *out.change) : ChangeDirection::kStable;
  ClassifyClinicalMeaning(out);
}

// `unconfirmed`: sessions whose value is left out (SALT with a view to confirm).
MeasureAssessment AssessMeasure(const AssessmentInput& input,
                                const std::vector<const AssessmentSession*>& sorted,
                                Measure measure, const SessionSet& unconfirmed = {}) {
  MeasureAssessment out;
  out.measure = measure;
  const AssessmentSession* baseline_session = nullptr;
  FindBaseline(input, sorted, measure, unconfirmed, out, baseline_session);
  for (const AssessmentSession* s : sorted) {
    if (s->date <= input.course.start_date || s == baseline_session) continue;
    const std::optional<double> v = SessionValue(*s, measure);
    if (!v) continue;
    if (!Counts(*s, measure)) {
      ++out.excluded_for_quality;
      continue;
    }
    if (Contains(unconfirmed, s)) {
      ++out.excluded_unconfirmed;
      continue;
    }
    out.series.push_back({s->date, *v});
  }
  JudgeChange(input.noise[MeasureIndex(measure)], out);
  return out;
}

}  // namespace

std::string_view EyeSymptomName(EyeSymptom symptom) {
  for (const auto& [value, name] : kEyeSymptomNames) {
    if (value == symptom) return name;
  }
  return "unspecified";
}

Result<EyeSymptom> ParseEyeSymptom(std::string_view name, std::string_view field) {
  std::string allowed;
  for (const auto& [value, known] : kEyeSymptomNames) {
    if (known == name) return value;
    if (!allowed.empty()) allowed += ", ";
    allowed += known;
  }
  return InvalidArgument(std::string(field),
                         Quote(name) + " is not a known eye symptom; allowed: " + allowed);
}

double RegionLossPercent::Get(SaltView view) const {
  switch (view) {
    case SaltView::kTop:
      return top;
    case SaltView::kBack:
      return back;
    case SaltView::kLeft:
      return left;
    case SaltView::kRight:
      return right;
  }
  return top;
}

namespace {
constexpr std::array<std::pair<RegionConfirmation, std::string_view>, 4> kConfirmationNames{{
    {RegionConfirmation::kAutomatic, "automatic"},
    {RegionConfirmation::kUserCorrected, "user_corrected"},
    {RegionConfirmation::kUserAccepted, "user_accepted"},
    {RegionConfirmation::kRetaken, "retaken"},
}};
constexpr std::array<std::pair<PatientReportedHairChange, std::string_view>, 3> kHairChangeNames{{
    {PatientReportedHairChange::kNone, "none"},
    {PatientReportedHairChange::kLessHair, "less_hair"},
    {PatientReportedHairChange::kMoreHair, "more_hair"},
}};

template <typename Enum, size_t N>
Result<Enum> ParseNamed(const std::array<std::pair<Enum, std::string_view>, N>& names,
                        std::string_view name, std::string_view field, std::string_view what) {
  std::string allowed;
  for (const auto& [value, known] : names) {
    if (known == name) return value;
    if (!allowed.empty()) allowed += ", ";
    allowed += known;
  }
  return InvalidArgument(std::string(field),
                         Quote(name) + " is not " + std::string(what) + "; allowed: " + allowed);
}
}  // namespace

std::string_view RegionConfirmationName(RegionConfirmation confirmation) {
  for (const auto& [value, name] : kConfirmationNames) {
    if (value == confirmation) return name;
  }
  return "automatic";
}

Result<RegionConfirmation> ParseRegionConfirmation(std::string_view name, std::string_view field) {
  return ParseNamed(kConfirmationNames, name, field, "a view confirmation");
}

std::string_view PatientReportedHairChangeName(PatientReportedHairChange change) {
  for (const auto& [value, name] : kHairChangeNames) {
    if (value == change) return name;
  }
  return "none";
}

Result<PatientReportedHairChange> ParsePatientReportedHairChange(std::string_view name,
                                                                 std::string_view field) {
  return ParseNamed(kHairChangeNames, name, field, "a reported hair change");
}

std::string_view ViewChangeStatusName(ViewChangeStatus status) {
  switch (status) {
    case ViewChangeStatus::kMovedWithOtherViews:
      return "moved_with_other_views";
    case ViewChangeStatus::kPatientReported:
      return "patient_reported";
    case ViewChangeStatus::kToConfirm:
      return "to_confirm";
    case ViewChangeStatus::kConfirmedByRepeat:
      return "confirmed_by_repeat";
    case ViewChangeStatus::kConfirmedByUser:
      return "confirmed_by_user";
  }
  return "to_confirm";
}

std::string_view BaselineSourceName(BaselineSource source) {
  switch (source) {
    case BaselineSource::kNone:
      return "none";
    case BaselineSource::kOverride:
      return "override";
    case BaselineSource::kPreTreatment:
      return "pre_treatment";
    case BaselineSource::kFirstSession:
      return "first_session";
  }
  return "none";
}

std::string_view ChangeDirectionName(ChangeDirection direction) {
  switch (direction) {
    case ChangeDirection::kStable:
      return "stable";
    case ChangeDirection::kImproving:
      return "improving";
    case ChangeDirection::kWorsening:
      return "worsening";
    case ChangeDirection::kIncreasing:
      return "increasing";
    case ChangeDirection::kDecreasing:
      return "decreasing";
  }
  return "stable";
}

const MeasureAssessment* ResponseAssessment::Find(Measure measure) const {
  for (const MeasureAssessment& m : measures) {
    if (m.measure == measure) return &m;
  }
  return nullptr;
}

const SessionViewCheck* ResponseAssessment::FindViewCheck(Date date) const {
  for (const SessionViewCheck& c : view_checks) {
    if (c.date == date) return &c;
  }
  return nullptr;
}

double SaltFromRegions(const RegionLossPercent& r) {
  // Olsen 2004, JAAD 51:440.
  return 0.40 * r.top + 0.24 * r.back + 0.18 * r.right + 0.18 * r.left;
}

Result<void> ValidateAssessmentInput(const AssessmentInput& input) {
  const CourseSpec& course = input.course;
  if (!course.decision_weeks.empty()) {
    auto ok = ValidateDecisionWeeks(course.decision_weeks, "course.decision_weeks");
    if (!ok) return tl::unexpected(ok.error());
  }
  if (!course.phases.empty()) {
    auto ok = ValidatePhaseSpans(course.phases, "course.phases");
    if (!ok) return tl::unexpected(ok.error());
  }
  for (Measure m : kAllMeasures) {
    const MeasureInfo& info = InfoFor(m);
    if (auto v = course.baseline_override.Get(m)) {
      auto ok = RequireInRange("course.baseline." + std::string(info.name), *v, info.min_value,
                               info.max_value);
      if (!ok) return tl::unexpected(ok.error());
    }
    auto ok = ValidateNoiseModel(input.noise[MeasureIndex(m)], "noise." + std::string(info.name));
    if (!ok) return tl::unexpected(ok.error());
  }
  for (SaltView v : kAllSaltViews) {
    auto ok = ValidateNoiseModel(input.noise.View(v),
                                 "noise.region_loss." + std::string(SaltViewName(v)));
    if (!ok) return tl::unexpected(ok.error());
  }
  for (size_t i = 0; i < input.sessions.size(); ++i) {
    auto ok = ValidateSession(input.sessions[i], i, input.today);
    if (!ok) return ok;
  }
  return {};
}

std::vector<SessionViewCheck> CheckSessionViews(const std::vector<AssessmentSession>& sessions,
                                                const NoiseModels& noise) {
  std::vector<const AssessmentSession*> sorted;
  for (const AssessmentSession& s : sessions) sorted.push_back(&s);
  std::stable_sort(
      sorted.begin(), sorted.end(),
      [](const AssessmentSession* a, const AssessmentSession* b) { return a->date < b->date; });
  SessionSet unconfirmed;
  return CheckViews(noise, sorted, unconfirmed);
}

Result<ResponseAssessment> AssessResponse(const AssessmentInput& input) {
  if (auto ok = ValidateAssessmentInput(input); !ok) return tl::unexpected(ok.error());
  const CourseSpec& course = input.course;
  ResponseAssessment out;
  out.today = input.today;
  out.start_date = course.start_date;
  out.treatment = course.treatment;
  out.decision_weeks = course.decision_weeks.empty() ? DefaultDecisionWeeks(course.treatment)
                                                     : course.decision_weeks;
  out.phases = course.phases.empty() ? DefaultPhaseSpans() : course.phases;
  out.weeks_since_start = WeeksSinceStart(course.start_date, input.today);
  if (out.weeks_since_start >= 0) {
    auto phase = PhaseAtWeek(out.phases, out.weeks_since_start);
    if (!phase) return tl::unexpected(phase.error());
    out.phase = *phase;
  }
  out.next_decision_week = NextDecisionWeek(out.decision_weeks, out.weeks_since_start);
  if (out.next_decision_week) {
    out.next_decision_date = course.start_date.AddDays(*out.next_decision_week * 7);
  }
  out.before_first_decision = out.weeks_since_start < out.decision_weeks.front();

  std::vector<const AssessmentSession*> sorted;
  for (const AssessmentSession& s : input.sessions) sorted.push_back(&s);
  std::stable_sort(
      sorted.begin(), sorted.end(),
      [](const AssessmentSession* a, const AssessmentSession* b) { return a->date < b->date; });
  SessionSet unconfirmed;
  out.view_checks = CheckViews(input.noise, sorted, unconfirmed);
  for (Measure m : kAllMeasures) {
    MeasureAssessment measure =
        AssessMeasure(input, sorted, m, m == Measure::kSalt ? unconfirmed : SessionSet{});
    if (measure.baseline || !measure.series.empty() || measure.excluded_unconfirmed > 0) {
      out.measures.push_back(std::move(measure));
    }
  }
  if (!unconfirmed.empty()) out.salt_all_figures = AssessMeasure(input, sorted, Measure::kSalt);
  out.trajectory = ClassifyTrajectory(out, &out.trajectory_reason);
  return out;
}

}  // namespace tricholog
