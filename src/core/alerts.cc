#include "core/alerts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/assessment_timeline.h"

namespace tricholog {

namespace {

// Citations used by several alerts (clinical.md §1.3, §2.2, §5).
constexpr std::string_view kMitchell =
    "Mitchell & Levitt, JAAD Case Rep 2018;4:143 (new AA on dupilumab)";
constexpr std::string_view kChung =
    "Chung, Slaught & Simpson, JAAD Case Rep 2019 (alopecia universalis / totalis on dupilumab)";
constexpr std::string_view kMcKenzie =
    "McKenzie & Castelo-Soccio, paediatric case series: 4 of 16 worsened first, then improved";
constexpr std::string_view kMdcRule =
    "Change beyond MDC95 in two consecutive sessions (clinical.md §5.3–5.4; Jacobson & Truax 1991)";
constexpr std::string_view kWyrwich =
    "Wyrwich et al., Br J Dermatol 2020;183:702 (SALT ≤ 20 as success)";
constexpr std::string_view kDupixentEyes =
    "Dupixent US label, AD 16-week pooled trials: conjunctivitis 10 % vs 2 % placebo; eye "
    "pruritus 1 %; blepharitis, keratitis, dry eye < 1 %";
constexpr std::string_view kChronosEyes =
    "CHRONOS 52 weeks: conjunctivitis 9 %, blepharitis 5 %, keratitis 4 %, eye pruritus 2 %, "
    "dry eye 2 %";
constexpr std::string_view kRealWorldEyes =
    "Real-world cohort: ocular surface disease in 31 % in weeks 0–16 (PMC8362263)";

std::string Fmt1(double v) { return fmt::format("{:.1f}", v); }

bool IsDupilumab(const ResponseAssessment& a) {
  return a.treatment == TreatmentClass::kIl4rAntibody;
}

void AddSaltWorsening(const ResponseAssessment& a, const MeasureAssessment& salt,
                      std::vector<Alert>& alerts) {
  if (!salt.real || salt.direction != ChangeDirection::kWorsening) return;
  const double rise = *salt.change;
  Alert alert;
  alert.values = {{"salt_baseline", *salt.baseline},
                  {"salt_latest", salt.latest->value},
                  {"salt_change", rise},
                  {"mdc95", salt.mdc95},
                  // CTCAE v5 "Alopecia": grade 1 < 50 % loss, grade 2 ≥ 50 % (clinical.md §2.5).
                  {"ctcae_alopecia_grade", salt.latest->value >= 50 ? 2.0 : 1.0}};
  alert.evidence = {std::string(kMdcRule)};
  if (IsDupilumab(a)) {
    alert.code = "possible_aa_reactivation";
    alert.severity = rise >= kUrgentWorseningMdcMultiple * salt.mdc95 ? AlertSeverity::kUrgent
                                                                      : AlertSeverity::kAttention;
    alert.title = "Hair loss has increased on dupilumab";
    alert.reason = fmt::format(
        "SALT rose from {} to {}, more than measurement noise ({} points) in two sessions in a "
        "row. New or worsening alopecia areata on dupilumab has been described in case reports "
        "since 2018 and 2019, while in other patients early worsening later reversed, so your "
        "physician should look at this.",
        Fmt1(*salt.baseline), Fmt1(salt.latest->value), Fmt1(salt.mdc95));
    alert.evidence.insert(alert.evidence.end(),
                          {std::string(kMitchell), std::string(kChung), std::string(kMcKenzie)});
  } else {
    alert.code = "salt_worsening";
    alert.severity = AlertSeverity::kAttention;
    alert.title = "Hair loss has increased";
    alert.reason = fmt::format(
        "SALT rose from {} to {}, more than measurement noise ({} points) in two sessions in a "
        "row. Show this to your physician.",
        Fmt1(*salt.baseline), Fmt1(salt.latest->value), Fmt1(salt.mdc95));
  }
  alerts.push_back(std::move(alert));
}

void AddNoRegrowth(const ResponseAssessment& a, const MeasureAssessment& salt,
                   std::vector<Alert>& alerts) {
  if (a.weeks_since_start < kNoRegrowthFromWeek || *salt.baseline == 0) return;
  if (salt.series.size() < 2) return;  // too little data to say there is none
  if (salt.real && salt.direction == ChangeDirection::kImproving) return;
  Alert alert;
  alert.code = "no_regrowth";
  alert.severity = AlertSeverity::kAttention;
  alert.title = "No clear regrowth yet";
  alert.reason = fmt::format(
      "After {} weeks SALT has not improved by more than measurement noise ({} points). "
      "Discuss with your physician how the treatment is going.",
      a.weeks_since_start, Fmt1(salt.mdc95));
  alert.evidence = {
      std::string(kMdcRule),
      "BRAVE-AA, ALLEGRO and THRIVE-AA judged response at weeks 24–36 (clinical.md §1.3)"};
  if (a.treatment == TreatmentClass::kJakInhibitor &&
      a.weeks_since_start >= kJakStopConsiderationWeek) {
    alert.reason +=
        " For information: the ritlecitinib label says stopping should be considered when there "
        "is no evidence of benefit after 36 weeks.";
    alert.evidence.push_back("Ritlecitinib (Litfulo) SmPC: 36-week stop consideration");
  }
  alert.values = {{"weeks", static_cast<double>(a.weeks_since_start)},
                  {"salt_baseline", *salt.baseline},
                  {"salt_latest", salt.latest->value},
                  {"mdc95", salt.mdc95}};
  alerts.push_back(std::move(alert));
}

// SALT ≤ 20 / ≤ 10 reached: held in the last two counted sessions and a real improvement.
void AddSaltTarget(const MeasureAssessment& salt, std::vector<Alert>& alerts) {
  if (!salt.real || salt.direction != ChangeDirection::kImproving) return;
  const double previous = salt.series[salt.series.size() - 2].value;
  const double held = std::max(previous, salt.latest->value);
  for (int target : {10, 20}) {
    if (*salt.baseline <= target || held > target) continue;
    Alert alert;
    alert.code = fmt::format("salt_{}_reached", target);
    alert.severity = AlertSeverity::kInfo;
    alert.title = fmt::format("SALT {} or less reached", target);
    alert.reason = fmt::format(
        "SALT went from {} to {}: at least {} % of the scalp has hair, in two sessions in a row. "
        "This is the level trials count as a response.",
        Fmt1(*salt.baseline), Fmt1(salt.latest->value), 100 - target);
    alert.evidence = {std::string(kWyrwich),
                      "BRAVE-AA, ALLEGRO, THRIVE-AA primary endpoints (clinical.md §1.3)"};
    alert.values = {{"salt_baseline", *salt.baseline}, {"salt_latest", salt.latest->value}};
    alerts.push_back(std::move(alert));
    return;  // the stricter target says it all
  }
}

// The series points a SALT alert rests on: the last two counted sessions for a change or a
// target, every counted session for no_regrowth (its verdict is about the whole course).
std::vector<Date> RestingDates(const Alert& alert, const MeasureAssessment& salt) {
  std::vector<Date> dates;
  const size_t n = salt.series.size();
  const size_t from = alert.code == "no_regrowth" ? 0 : (n >= 2 ? n - 2 : 0);
  for (size_t i = from; i < n; ++i) dates.push_back(salt.series[i].date);
  return dates;
}

std::vector<AlertBasis> BasisOf(const ResponseAssessment& a, const std::vector<Date>& dates) {
  std::vector<AlertBasis> basis;
  for (Date date : dates) {
    const SessionViewCheck* check = a.FindViewCheck(date);
    if (check == nullptr || check->moved.empty()) {
      basis.push_back({date, std::nullopt, "measured"});
      continue;
    }
    for (const ViewChange& c : check->moved) {
      basis.push_back({date, c.view, std::string(ViewChangeStatusName(c.status))});
    }
  }
  return basis;
}

// "top", "top and back", "top, back and left".
std::string JoinViews(const std::vector<SaltView>& views) {
  std::string text;
  for (size_t i = 0; i < views.size(); ++i) {
    if (i > 0) text += i + 1 == views.size() ? " and " : ", ";
    text += SaltViewName(views[i]);
  }
  return text;
}

// " It rests on the SALT of 2025-03-03 and 2025-03-31; the top view's change on 2025-03-03 was
// repeated on 2025-03-31."
std::string DescribeBasis(const ResponseAssessment& a, const std::vector<Date>& dates) {
  if (dates.empty()) return "";
  std::string text =
      dates.size() <= 2
          ? fmt::format(" It rests on the SALT of {}",
                        dates.size() == 1 ? dates[0].ToString()
                                          : dates[0].ToString() + " and " + dates[1].ToString())
          : fmt::format(" It rests on the SALT of the {} sessions from {} to {}", dates.size(),
                        dates.front().ToString(), dates.back().ToString());
  for (Date date : dates) {
    const SessionViewCheck* check = a.FindViewCheck(date);
    if (check == nullptr) continue;
    std::vector<SaltView> together;
    std::vector<SaltView> reported;
    for (const ViewChange& c : check->moved) {
      switch (c.status) {
        case ViewChangeStatus::kConfirmedByRepeat:
          text +=
              fmt::format("; the {} view's change on {} was repeated on {}", SaltViewName(c.view),
                          date.ToString(), c.repeated_on ? c.repeated_on->ToString() : "");
          break;
        case ViewChangeStatus::kConfirmedByUser:
          text += fmt::format("; the {} view of {} was confirmed ({})", SaltViewName(c.view),
                              date.ToString(), RegionConfirmationName(c.confirmation));
          break;
        case ViewChangeStatus::kMovedWithOtherViews:
          together.push_back(c.view);
          break;
        case ViewChangeStatus::kPatientReported:
          reported.push_back(c.view);
          break;
        case ViewChangeStatus::kToConfirm:
          break;
      }
    }
    if (!together.empty()) {
      text +=
          fmt::format("; on {} the {} views moved together", date.ToString(), JoinViews(together));
    }
    if (!reported.empty()) {
      text += fmt::format("; on {} the change of the {} view{} matches what the patient noticed",
                          date.ToString(), JoinViews(reported), reported.size() > 1 ? "s" : "");
    }
  }
  return text + ".";
}

std::string BasisEvidence(const std::vector<AlertBasis>& basis) {
  std::string text = "Based on:";
  for (size_t i = 0; i < basis.size(); ++i) {
    text += fmt::format("{} {}", i == 0 ? "" : ";", basis[i].date.ToString());
    if (basis[i].view) {
      text += fmt::format(" {} view ({})", SaltViewName(*basis[i].view), basis[i].status);
    } else {
      text += " (SALT measured, no view beyond its noise)";
    }
  }
  return text;
}

// The SALT-change alerts on one SALT assessment, each naming what it rests on.
std::vector<Alert> SaltAlerts(const ResponseAssessment& a, const MeasureAssessment& salt) {
  std::vector<Alert> alerts;
  if (!salt.latest) return alerts;
  AddSaltWorsening(a, salt, alerts);
  AddNoRegrowth(a, salt, alerts);
  AddSaltTarget(salt, alerts);
  for (Alert& alert : alerts) {
    const std::vector<Date> dates = RestingDates(alert, salt);
    alert.rests_on = BasisOf(a, dates);
    alert.reason += DescribeBasis(a, dates);
    alert.evidence.push_back(BasisEvidence(alert.rests_on));
  }
  return alerts;
}

// For each SALT alert that fires on every figure but not on the confirmed ones: one
// attention-level "confirm_view_photo" per view to confirm among the sessions it would rest
// on (or anywhere in the course, when the difference lies elsewhere, e.g. in the baseline).
void AddConfirmViewPhotos(const ResponseAssessment& a, const std::vector<Alert>& confirmed,
                          std::vector<Alert>& alerts) {
  if (!a.salt_all_figures) return;
  const std::vector<Alert> would = SaltAlerts(a, *a.salt_all_figures);
  std::vector<std::pair<Date, SaltView>> done;
  for (const Alert& held : would) {
    const bool fired = std::any_of(confirmed.begin(), confirmed.end(),
                                   [&](const Alert& c) { return c.code == held.code; });
    if (fired) continue;
    std::vector<Date> dates = RestingDates(held, *a.salt_all_figures);
    const auto has_to_confirm = [&](Date d) {
      const SessionViewCheck* check = a.FindViewCheck(d);
      return check != nullptr && check->HasToConfirm();
    };
    if (std::none_of(dates.begin(), dates.end(), has_to_confirm)) {
      dates.clear();
      for (const SessionViewCheck& c : a.view_checks) dates.push_back(c.date);
    }
    for (Date date : dates) {
      const SessionViewCheck* check = a.FindViewCheck(date);
      if (check == nullptr) continue;
      for (const ViewChange& c : check->moved) {
        if (c.status != ViewChangeStatus::kToConfirm) continue;
        const std::pair<Date, SaltView> key{date, c.view};
        if (std::find(done.begin(), done.end(), key) != done.end()) continue;
        done.push_back(key);
        Alert alert;
        alert.code = "confirm_view_photo";
        alert.severity = AlertSeverity::kAttention;
        alert.title =
            fmt::format("Confirm the {} photo of {}", SaltViewName(c.view), date.ToString());
        alert.reason = fmt::format(
            "\"{}\" would be raised, but it rests on a change seen on this photo alone. {} "
            "Until then this session's SALT counts for no alert.",
            held.title, c.reason);
        alert.evidence = {std::string(kMdcRule),
                          "One view moving beyond its noise while the others do not is more "
                          "often a photo problem (light, framing, hair over the scalp) than a "
                          "change of the scalp (docs/assessment.md, \"Confirmed change\")"};
        alert.values = {{"view_loss_before", c.reference_loss},
                        {"view_loss", c.loss},
                        {"view_change", c.change},
                        {"mdc95", c.mdc95}};
        alert.rests_on = {{date, c.view, std::string(ViewChangeStatusName(c.status))}};
        alerts.push_back(std::move(alert));
      }
    }
  }
}

void AddEyeSymptoms(const AssessmentInput& input, const ResponseAssessment& a,
                    std::vector<Alert>& alerts) {
  if (!IsDupilumab(a)) return;
  std::vector<EyeSymptom> seen;
  for (const AssessmentSession& s : input.sessions) {
    if (s.date < input.course.start_date || s.date.DaysUntil(a.today) > kSymptomLookbackDays)
      continue;
    for (EyeSymptom e : s.eye_symptoms) {
      if (std::find(seen.begin(), seen.end(), e) == seen.end()) seen.push_back(e);
    }
  }
  if (seen.empty()) return;
  std::string names;
  bool severe = false;
  for (EyeSymptom e : seen) {
    if (!names.empty()) names += ", ";
    names += std::string(EyeSymptomName(e));
    severe = severe || e == EyeSymptom::kKeratitis || e == EyeSymptom::kEyePain ||
             e == EyeSymptom::kBlurredVision;
  }
  Alert alert;
  alert.code = "eye_symptoms_on_dupilumab";
  alert.severity = severe ? AlertSeverity::kUrgent : AlertSeverity::kAttention;
  alert.title = "Eye symptoms reported on dupilumab";
  alert.reason = fmt::format(
      "You reported eye symptoms{} in the last {} days. Eye inflammation such as "
      "conjunctivitis is one of the most common side effects of dupilumab; tell your physician{}.",
      names == "unspecified" ? "" : " (" + names + ")", kSymptomLookbackDays,
      severe ? ", and seek care soon for eye pain or changes in vision" : "");
  alert.evidence = {std::string(kDupixentEyes), std::string(kChronosEyes),
                    std::string(kRealWorldEyes)};
  alert.values = {{"symptom_count", static_cast<double>(seen.size())}};
  alerts.push_back(std::move(alert));
}

void AddAdverseEvents(const AssessmentInput& input, const ResponseAssessment& a,
                      std::vector<Alert>& alerts) {
  std::vector<std::string> seen;
  for (const AssessmentSession& s : input.sessions) {
    if (s.date < input.course.start_date || s.date.DaysUntil(a.today) > kSymptomLookbackDays)
      continue;
    for (const std::string& term : s.adverse_events) {
      if (std::find(seen.begin(), seen.end(), term) == seen.end()) seen.push_back(term);
    }
  }
  if (seen.empty()) return;
  std::string names;
  for (const std::string& term : seen) names += (names.empty() ? "" : ", ") + term;
  Alert alert;
  alert.code = "adverse_event_reported";
  alert.severity = AlertSeverity::kAttention;
  alert.title = "Side effects reported";
  alert.reason = fmt::format(
      "In the last {1} days you reported: {0}. Tell your physician so that each can be graded "
      "and recorded.",
      names, kSymptomLookbackDays);
  alert.evidence = {"CTCAE v5.0 / v6.0 grading (clinical.md §2.5)"};
  alert.values = {{"event_count", static_cast<double>(seen.size())}};
  alerts.push_back(std::move(alert));
}

void AddOverdue(const AssessmentInput& input, std::vector<Alert>& alerts) {
  if (!input.overdue_since || *input.overdue_since >= input.today) return;
  const int days = input.overdue_since->DaysUntil(input.today);
  Alert alert;
  alert.code = "session_overdue";
  alert.severity = AlertSeverity::kAttention;
  alert.title = "A tracking session is overdue";
  alert.reason = fmt::format(
      "A scheduled session's window closed on {} ({} days ago). Sessions near weeks 12, 16, 24, "
      "36 and 52 are what make the comparison with trial results possible.",
      input.overdue_since->ToString(), days);
  alert.evidence = {"Visit schedule anchored to trial weeks (clinical.md §5.5)"};
  alert.values = {{"days_overdue", static_cast<double>(days)}};
  alerts.push_back(std::move(alert));
}

void AddTooEarly(const ResponseAssessment& a, std::vector<Alert>& alerts) {
  if (!a.before_first_decision) return;
  const int first = a.decision_weeks.front();
  Alert alert;
  alert.code = "too_early_to_judge";
  alert.severity = AlertSeverity::kInfo;
  alert.title = fmt::format("Too early to judge: wait for week {}", first);
  alert.reason = a.weeks_since_start < 0 ? "The course has not started yet. " +
                                               FirstDecisionWeekReason(a.treatment, first)
                                         : fmt::format("This is week {}. ", a.weeks_since_start) +
                                               FirstDecisionWeekReason(a.treatment, first);
  alert.evidence = {"Judge at label/trial time points (clinical.md §5.4.4)"};
  alert.values = {{"weeks", static_cast<double>(a.weeks_since_start)},
                  {"first_decision_week", static_cast<double>(first)}};
  alerts.push_back(std::move(alert));
}

void AddEasiWorsening(const MeasureAssessment& easi, std::vector<Alert>& alerts) {
  if (!easi.real || easi.direction != ChangeDirection::kWorsening) return;
  Alert alert;
  alert.code = "easi_worsening";
  alert.severity = AlertSeverity::kAttention;
  alert.title = "Eczema has worsened";
  alert.reason = fmt::format(
      "EASI rose from {} to {}, more than measurement noise ({} points) in two sessions in a "
      "row. Show this to your physician.",
      Fmt1(*easi.baseline), Fmt1(easi.latest->value), Fmt1(easi.mdc95));
  alert.evidence = {std::string(kMdcRule), "EASI: Hanifin 2001, Exp Dermatol 10:11"};
  alert.values = {{"easi_baseline", *easi.baseline},
                  {"easi_latest", easi.latest->value},
                  {"mdc95", easi.mdc95}};
  alerts.push_back(std::move(alert));
}

// Itch down by ≥ 4 points in each of the last two counted sessions (Yosipovitch 2019).
void AddItchResponder(const MeasureAssessment& itch, std::vector<Alert>& alerts) {
  if (!itch.real || itch.direction != ChangeDirection::kImproving) return;
  const double previous = itch.series[itch.series.size() - 2].value;
  if (*itch.baseline - std::max(previous, itch.latest->value) < 4) return;
  Alert alert;
  alert.code = "itch_responder_reached";
  alert.severity = AlertSeverity::kInfo;
  alert.title = "Itch has improved meaningfully";
  alert.reason = fmt::format(
      "Peak itch fell from {} to {}, at least 4 points in two sessions in a row: the change "
      "that counts as clinically meaningful.",
      Fmt1(*itch.baseline), Fmt1(itch.latest->value));
  alert.evidence = {"Yosipovitch et al., Br J Dermatol 2019;181:761; Dupixent label (≥ 4 points)"};
  alert.values = {{"itch_baseline", *itch.baseline}, {"itch_latest", itch.latest->value}};
  alerts.push_back(std::move(alert));
}

}  // namespace

std::string_view AlertSeverityName(AlertSeverity severity) {
  switch (severity) {
    case AlertSeverity::kInfo:
      return "info";
    case AlertSeverity::kAttention:
      return "attention";
    case AlertSeverity::kUrgent:
      return "urgent";
  }
  return "info";
}

const std::vector<AlertStudies>& AlertStudyCatalogue() {
  // Identifiers as in data/evidence/starter-library.csl.json, where each was read from its
  // source: Mitchell & Levitt 2018 (PMID 29387767), Wyrwich 2020 (PMID 31970750), ALLEGRO-2b/3
  // (King 2023, PMID 37062298), CHRONOS (Blauvelt 2017, PMID 28478972), Hanifin 2001
  // (PMID 11168575), Yosipovitch 2019 (PMID 30729499).
  static const std::vector<AlertStudies> catalogue = {
      {"possible_aa_reactivation", "Hair loss has increased on dupilumab", {"pmid:29387767"}},
      {"no_regrowth", "No clear regrowth yet", {"pmid:37062298"}},
      {"salt_20_reached", "SALT 20 or less reached", {"pmid:31970750", "pmid:37062298"}},
      {"salt_10_reached", "SALT 10 or less reached", {"pmid:31970750", "pmid:37062298"}},
      {"eye_symptoms_on_dupilumab", "Eye symptoms reported on dupilumab", {"pmid:28478972"}},
      {"easi_worsening", "Eczema has worsened", {"pmid:11168575"}},
      {"itch_responder_reached", "Itch has improved meaningfully", {"pmid:30729499"}},
  };
  return catalogue;
}

std::vector<Alert> BuildAlerts(const AssessmentInput& input, const ResponseAssessment& a) {
  std::vector<Alert> alerts;
  std::vector<Alert> salt_alerts;
  if (const MeasureAssessment* salt = a.Find(Measure::kSalt)) salt_alerts = SaltAlerts(a, *salt);
  AddConfirmViewPhotos(a, salt_alerts, alerts);
  alerts.insert(alerts.begin(), std::make_move_iterator(salt_alerts.begin()),
                std::make_move_iterator(salt_alerts.end()));
  if (const MeasureAssessment* easi = a.Find(Measure::kEasi); easi && easi->latest) {
    AddEasiWorsening(*easi, alerts);
  }
  if (const MeasureAssessment* itch = a.Find(Measure::kItchNrs); itch && itch->latest) {
    AddItchResponder(*itch, alerts);
  }
  AddEyeSymptoms(input, a, alerts);
  AddAdverseEvents(input, a, alerts);
  AddOverdue(input, alerts);
  AddTooEarly(a, alerts);
  for (Alert& alert : alerts) {
    for (const AlertStudies& entry : AlertStudyCatalogue()) {
      if (entry.code != alert.code) continue;
      alert.study_refs.assign(entry.study_refs.begin(), entry.study_refs.end());
    }
  }
  std::stable_sort(alerts.begin(), alerts.end(), [](const Alert& x, const Alert& y) {
    return static_cast<int>(x.severity) > static_cast<int>(y.severity);
  });
  return alerts;
}

}  // namespace tricholog
