#include "app/patient_overview.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "app/protocol_catalog.h"

namespace tricholog::app {
namespace {

// Adults' EASI weights from this age on (Hanifin 2001: child weights under 8 years).
constexpr double kAdultAgeYears = 18;

// The four SALT regions of a session, when all four are recorded.
std::optional<RegionLossPercent> RegionsOf(const store::TrackingSession& session) {
  RegionLossPercent regions;
  int found = 0;
  for (const store::SaltRegionLoss& r : session.salt_regions) {
    if (r.region == "top") regions.top = r.loss_pct, ++found;
    if (r.region == "back") regions.back = r.loss_pct, ++found;
    if (r.region == "left") regions.left = r.loss_pct, ++found;
    if (r.region == "right") regions.right = r.loss_pct, ++found;
  }
  if (found != 4) return std::nullopt;
  return regions;
}

std::optional<double> SaltOf(const store::TrackingSession& session) {
  if (auto regions = RegionsOf(session)) return SaltFromRegions(*regions);
  return std::nullopt;
}

// The session as the assessment reads it: figures, and for SALT the four regions with how each
// was settled (schema v7), so that a lone view's jump can be marked "to confirm".
AssessmentSession AssessmentSessionOf(const store::TrackingSession& s, double age) {
  AssessmentSession a;
  a.date = s.session_date;
  a.id = s.id;
  if (auto regions = RegionsOf(s)) {
    a.region_loss = *regions;
    a.values.Set(Measure::kSalt, SaltFromRegions(*regions));
    for (const store::SaltRegionLoss& r : s.salt_regions) {
      auto view = ParseSaltView(r.region);
      auto confirmation = ParseRegionConfirmation(r.confirmation);
      if (view && confirmation) a.region_confirmation[SaltViewIndex(*view)] = *confirmation;
    }
  }
  // What the patient said about their hair (schema v8): a view's jump in the same direction is
  // a change of the scalp, not a photo to confirm.
  if (s.patient_reported_hair_change) {
    if (auto change = ParsePatientReportedHairChange(*s.patient_reported_hair_change)) {
      a.patient_reported_hair_change = *change;
    }
  }
  if (auto easi = SessionEasi(s, age)) a.values.Set(Measure::kEasi, easi->total);
  if (s.itch_nrs) a.values.Set(Measure::kItchNrs, *s.itch_nrs);
  if (s.poem) a.values.Set(Measure::kPoem, *s.poem);
  if (s.dlqi) a.values.Set(Measure::kDlqi, *s.dlqi);
  if (s.vellus_fraction) a.values.Set(Measure::kVellusPercent, *s.vellus_fraction * 100);
  if (!s.zone_densities.empty()) {
    double sum = 0;
    for (const store::ZoneDensity& z : s.zone_densities) sum += z.hairs_per_cm2;
    a.values.Set(Measure::kDensityPerCm2, sum / static_cast<double>(s.zone_densities.size()));
  }
  return a;
}

std::optional<EyeSymptom> EyeSymptomOf(std::string term) {
  for (char& c : term) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (term.find("conjunctivitis") != std::string::npos) return EyeSymptom::kConjunctivitis;
  if (term.find("keratitis") != std::string::npos) return EyeSymptom::kKeratitis;
  if (term.find("blepharitis") != std::string::npos) return EyeSymptom::kBlepharitis;
  if (term.find("dry eye") != std::string::npos) return EyeSymptom::kDryEye;
  if (term.find("eye pain") != std::string::npos) return EyeSymptom::kEyePain;
  if (term.find("blurred vision") != std::string::npos) return EyeSymptom::kBlurredVision;
  return std::nullopt;
}

}  // namespace

std::optional<EasiScore> SessionEasi(const store::TrackingSession& session, double age_years) {
  if (session.easi_regions.empty()) return std::nullopt;
  EasiInput input;
  input.age_years = age_years;
  for (auto& region : input.regions) region.area_score = 0;
  for (const store::EasiRegion& r : session.easi_regions) {
    for (int i = 0; i < kEasiRegionCount; ++i) {
      if (EasiRegionName(static_cast<EasiRegion>(i)) != r.region) continue;
      EasiRegionInput& in = input.regions[static_cast<std::size_t>(i)];
      in.area_score = r.area_score;
      in.erythema = r.erythema;
      in.induration = r.induration;
      in.excoriation = r.excoriation;
      in.lichenification = r.lichenification;
    }
  }
  auto score = ComputeEasi(input);
  if (!score) return std::nullopt;
  return *score;
}

double AgeYears(const store::Patient& patient, Date today) {
  if (!patient.birth_year) return kAdultAgeYears;
  const int year = static_cast<int>(today.ymd().year());
  return std::max(0, year - *patient.birth_year);
}

std::optional<Condition> ProtocolConditionOf(const std::string& condition_kind) {
  if (condition_kind == "alopecia_areata") return Condition::kAlopeciaAreata;
  if (condition_kind == "atopic_dermatitis") return Condition::kAtopicDermatitis;
  return std::nullopt;
}

bool OffLabelFor(const Protocol& protocol, const std::string& condition_kind) {
  const auto condition = ProtocolConditionOf(condition_kind);
  return condition && protocol.Label(*condition).status == LabelStatusKind::kOffLabel;
}

const store::Course* CurrentCourse(const store::PatientRecord& record, Date today) {
  const store::Course* current = nullptr;
  for (const store::Course& c : record.courses) {
    if (c.start_date > today) continue;
    if (c.end_date && *c.end_date < today) continue;
    if (current == nullptr || c.start_date >= current->start_date) current = &c;
  }
  return current;
}

int ScheduleHorizonWeeks(Date start, Date today) {
  const int weeks = start.DaysUntil(today) / 7;
  return std::clamp(weeks + 26, kDefaultHorizonWeeks, kMaxHorizonWeeks);
}

AssessmentInput AssessmentInputFor(const store::PatientRecord& record, const store::Course& course,
                                   const Protocol& protocol, Date today) {
  AssessmentInput input;
  input.today = today;
  input.course.treatment =
      ParseTreatmentClass(course.treatment_class).value_or(protocol.treatment_class);
  input.course.start_date = course.start_date;
  for (const DecisionWeek& d : protocol.decision_weeks)
    input.course.decision_weeks.push_back(d.week);
  for (const PhaseRule& p : protocol.phases) input.course.phases.push_back(p.span);
  const double age = AgeYears(record.patient, today);
  for (const store::TrackingSession& s : record.sessions) {
    if (s.session_date > today) continue;
    if (!s.course_id.empty() && s.course_id != course.id) continue;
    input.sessions.push_back(AssessmentSessionOf(s, age));
  }
  std::sort(input.sessions.begin(), input.sessions.end(),
            [](const AssessmentSession& a, const AssessmentSession& b) { return a.date < b.date; });
  for (const store::AdverseEvent& e : record.adverse_events) {
    if (!e.course_id.empty() && e.course_id != course.id) continue;
    auto it = std::find_if(input.sessions.begin(), input.sessions.end(),
                           [&](const AssessmentSession& s) { return s.date >= e.onset; });
    if (it == input.sessions.end()) continue;
    if (auto eye = EyeSymptomOf(e.term)) {
      it->eye_symptoms.push_back(*eye);
    } else {
      it->adverse_events.push_back(e.term);
    }
  }
  return input;
}

std::vector<SessionViewCheck> ViewChecksFor(const store::PatientRecord& record,
                                            const std::string& course_id, Date today) {
  std::vector<AssessmentSession> sessions;
  const double age = AgeYears(record.patient, today);
  for (const store::TrackingSession& s : record.sessions) {
    if (s.session_date > today) continue;
    if (!s.course_id.empty() && s.course_id != course_id) continue;
    sessions.push_back(AssessmentSessionOf(s, age));
  }
  return CheckSessionViews(sessions, DefaultNoiseModels());
}

Result<PatientOverview> BuildPatientOverview(const store::PatientRecord& record,
                                             const std::vector<Protocol>& catalog, Date today) {
  PatientOverview out;
  out.today = today;
  std::vector<const store::TrackingSession*> sessions;
  for (const store::TrackingSession& s : record.sessions) {
    if (s.session_date <= today) sessions.push_back(&s);
  }
  std::stable_sort(sessions.begin(), sessions.end(),
                   [](const auto* a, const auto* b) { return a->session_date < b->session_date; });
  out.sessions_recorded = static_cast<int>(sessions.size());
  const double age = AgeYears(record.patient, today);
  // The latest value of each measure (newest session first).
  for (auto it = sessions.rbegin(); it != sessions.rend(); ++it) {
    const store::TrackingSession& s = **it;
    if (!out.salt) {
      if (auto salt = SaltOf(s)) {
        if (auto score = ClassifySalt(std::clamp(*salt, 0.0, 100.0))) {
          out.salt = LatestSalt{s.session_date, *score};
        }
      }
    }
    if (!out.easi) {
      if (auto easi = SessionEasi(s, age)) out.easi = LatestEasi{s.session_date, *easi};
    }
    if (!out.itch && s.itch_nrs) out.itch = LatestItch{s.session_date, *s.itch_nrs};
    if (!out.zones && !s.zone_densities.empty()) {
      out.zones = LatestZones{s.session_date, s.zone_densities};
    }
  }

  const store::Course* course = CurrentCourse(record, today);
  if (course == nullptr) return out;
  auto protocol = FindProtocol(catalog, course->protocol_id);
  if (!protocol) return tl::unexpected(protocol.error());
  CourseOverview c;
  c.course = *course;
  c.protocol = std::move(*protocol);
  for (const store::Condition& condition : record.conditions) {
    if (condition.id == course->condition_id) c.condition_kind = condition.kind;
  }
  auto schedule = BuildSchedule(c.protocol, course->start_date,
                                ScheduleHorizonWeeks(course->start_date, today));
  if (!schedule) return tl::unexpected(schedule.error());
  c.schedule = std::move(*schedule);
  std::vector<Date> done;
  for (const store::TrackingSession* s : sessions) {
    if (s->course_id.empty() || s->course_id == course->id) done.push_back(s->session_date);
  }
  auto progress = TrackProgress(c.schedule, done, today);
  if (!progress) return tl::unexpected(progress.error());
  c.progress = std::move(*progress);
  // A session missed before one that was recorded is history, not something to catch up on.
  std::size_t after_done = 0;
  for (std::size_t i = 0; i < c.progress.sessions.size(); ++i) {
    if (c.progress.sessions[i].status == SessionStatus::kDone) after_done = i + 1;
  }
  for (std::size_t i = 0; i < c.progress.sessions.size(); ++i) {
    const SessionStatus status = c.progress.sessions[i].status;
    if (status == SessionStatus::kOverdue && i >= after_done) c.overdue.push_back(i);
    if (!c.next_index && (status == SessionStatus::kDue || status == SessionStatus::kUpcoming)) {
      c.next_index = i;
    }
  }
  c.input = AssessmentInputFor(record, *course, c.protocol, today);
  if (!c.overdue.empty()) c.input.overdue_since = c.schedule.sessions[c.overdue.front()].window_end;
  auto assessment = AssessResponse(c.input);
  if (!assessment) return tl::unexpected(assessment.error());
  c.assessment = std::move(*assessment);
  c.alerts = BuildAlerts(c.input, c.assessment);
  out.course = std::move(c);
  return out;
}

std::string PhaseWords(TimelinePhase phase) {
  switch (phase) {
    case TimelinePhase::kObservation:
      return "Observation (months 0 to 3)";
    case TimelinePhase::kResponseWindow:
      return "Response window (months 3 to 6)";
    case TimelinePhase::kContinuedAssessment:
      return "Continued assessment (months 6 to 12)";
    case TimelinePhase::kMaintenance:
      return "Maintenance (after month 12)";
  }
  return "";
}

}  // namespace tricholog::app
