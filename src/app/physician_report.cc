#include "app/physician_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>

#include "app/mask_outline.h"
#include "app/patient_overview.h"
#include "app/photo_intake.h"
#include "app/photo_thumbnails.h"
#include "chart/chart_svg.h"
#include "chart/chart_text.h"
#include "core/salt_score.h"
#include "core/treatment.h"
#include "imaging/image_decode.h"

namespace tricholog::app {
namespace {

using report::Block;
using report::CalloutBlock;
using report::ChartBlock;
using report::FactBlock;
using report::PageBreakBlock;
using report::PhotoRowBlock;
using report::SpaceBlock;
using report::TextBlock;
using report::TextStyle;

constexpr std::uint32_t kBlue = 0x0072B2;
constexpr std::uint32_t kOrange = 0xE69F00;
constexpr std::uint32_t kGreen = 0x009E73;
constexpr std::uint32_t kVermilion = 0xD55E00;
constexpr const char* kDisclaimer =
    "Tricholog informs; it does not diagnose or prescribe. Every figure here is a measurement with "
    "its noise, to be read by the treating physician beside the examination.";
constexpr const char* kProtocolViews[] = {"top", "front", "back", "left", "right"};

std::string Day(Date date) { return chart::DisplayDate(date); }

std::string One(double value) { return chart::FormatValue(value, 1); }

std::string Signed(double value) {
  std::string text = fmt::format("{:+.1f}", value);
  if (text == "+0.0" || text == "-0.0") text = "0.0";
  // A real minus sign reads better in print than a hyphen.
  if (text.front() == '-') text = "\u2212" + text.substr(1);
  return text;
}

std::string ConditionWords(const store::Condition& c) {
  std::string name = c.kind == "alopecia_areata"     ? "Alopecia areata"
                     : c.kind == "atopic_dermatitis" ? "Atopic dermatitis"
                                                     : "Other condition";
  std::vector<std::string> parts;
  if (!c.subtype.empty()) parts.push_back(c.subtype);
  if (!c.snomed_code.empty()) parts.push_back("SNOMED " + c.snomed_code);
  if (!c.icd10_code.empty()) parts.push_back("ICD-10 " + c.icd10_code);
  if (c.onset) parts.push_back("since " + Day(*c.onset));
  if (parts.empty()) return name;
  return fmt::format("{} ({})", name, fmt::join(parts, ", "));
}

bool Has(const MeasureAssessment& m, std::string_view threshold) {
  return std::find(m.thresholds_reached.begin(), m.thresholds_reached.end(), threshold) !=
         m.thresholds_reached.end();
}

std::string YesNo(bool value) { return value ? "yes" : "no"; }

// "Beyond measurement noise ..." for one measure, the dashboard's words (docs/assessment.md).
std::string NoiseWords(const MeasureAssessment& m, std::string_view unit) {
  if (m.real) {
    return fmt::format(
        "beyond measurement noise in the last two sessions (MDC95 {} {}): a real "
        "change, {}",
        One(m.mdc95), unit, ChangeDirectionName(m.direction));
  }
  if (m.pending_confirmation) {
    return fmt::format(
        "beyond measurement noise once (MDC95 {} {}); the next session shows "
        "whether it holds",
        One(m.mdc95), unit);
  }
  return fmt::format("within measurement noise (MDC95 {} {})", One(m.mdc95), unit);
}

// The record as of `to`: nothing dated after it.
store::PatientRecord AsOf(const store::PatientRecord& record, Date to) {
  store::PatientRecord out = record;
  std::erase_if(out.sessions, [&](const auto& s) { return s.session_date > to; });
  std::erase_if(out.adverse_events, [&](const auto& e) { return e.onset > to; });
  std::erase_if(out.administrations, [&](const auto& a) { return a.given_on > to; });
  std::erase_if(out.decisions, [&](const auto& d) { return d.decided_on > to; });
  const std::string end = to.ToString() + "T99";  // ISO timestamps of that day sort before it
  std::erase_if(out.notes, [&](const auto& n) { return n.written_at > end; });
  return out;
}

struct Builder {
  const PhysicianReportData& data;
  store::BlobStore& blobs;
  const PhysicianReportOptions& options;
  store::PatientRecord record;  // as of options.to
  std::vector<Block> blocks;

  bool InPeriod(Date date) const {
    return (!options.from || date >= *options.from) && date <= options.to;
  }
  void Add(Block block) { blocks.push_back(std::move(block)); }
  void Heading(std::string text) { Add(TextBlock{std::move(text), TextStyle::kHeading}); }
  void Sub(std::string text) { Add(TextBlock{std::move(text), TextStyle::kSubheading}); }
  void Body(std::string text) { Add(TextBlock{std::move(text), TextStyle::kBody}); }
  void Small(std::string text) { Add(TextBlock{std::move(text), TextStyle::kSmall}); }
  void Fact(std::string label, std::string value) {
    Add(FactBlock{std::move(label), std::move(value)});
  }

  void Summary(const PatientOverview& overview);
  Result<void> Charts(const Trends& trends);
  void PatientReportedScores();
  Result<void> PhotoTimeline(const std::optional<ResponseAssessment>& assessment);
  void SideEffects();
  void Adherence(const PatientOverview& overview);
  void DecisionsAndNotes();
  void Methods(const PatientOverview& overview);
};

void Builder::Summary(const PatientOverview& overview) {
  const store::Patient& patient = record.patient;
  Add(TextBlock{"Physician summary: " + patient.display_name, TextStyle::kTitle});
  Small(fmt::format("As of {}{}. {} sessions recorded in all.", Day(options.to),
                    options.from ? ", photos and logs from " + Day(*options.from) : std::string(),
                    record.sessions.size()));
  Fact("Patient", patient.birth_year
                      ? fmt::format("{}, born {}", patient.display_name, *patient.birth_year)
                      : patient.display_name);
  std::vector<std::string> conditions;
  for (const auto& c : record.conditions) conditions.push_back(ConditionWords(c));
  Fact("Conditions",
       conditions.empty() ? "none recorded" : fmt::format("{}", fmt::join(conditions, "; ")));

  if (!overview.course) {
    Add(CalloutBlock{"No treatment course running",
                     "Record a course to have the response judged against its timeline.", kBlue});
    return;
  }
  const CourseOverview& c = *overview.course;
  const ResponseAssessment& a = c.assessment;
  Fact("Treatment", fmt::format("{} — {}", c.course.medication,
                                c.course.dosing.empty() ? c.protocol.name : c.course.dosing));
  Fact("Protocol", fmt::format("{} (started {})", c.protocol.name, Day(c.course.start_date)));
  Fact("Off-label", c.course.off_label
                        ? "yes" + (c.course.reason.empty() ? std::string() : ": " + c.course.reason)
                        : "no: on label for this condition");
  Fact("Week on treatment",
       a.phase ? fmt::format("week {} — {}", a.weeks_since_start, PhaseWords(*a.phase))
               : fmt::format("not started (starts {})", Day(c.course.start_date)));
  if (a.next_decision_week) {
    Fact("Next decision week",
         fmt::format("week {} ({})", *a.next_decision_week, Day(*a.next_decision_date)));
  }
  if (!data.treatment_history.empty()) {
    std::vector<std::string> past;
    for (const auto& t : data.treatment_history) past.push_back(t.name);
    Fact("Treated before with", fmt::format("{}", fmt::join(past, "; ")));
  }
  if (!data.medications.empty()) {
    std::vector<std::string> now;
    for (const auto& m : data.medications) {
      now.push_back(m.dose.empty() ? m.name : m.name + " " + m.dose);
    }
    Fact("Other medication now", fmt::format("{}", fmt::join(now, "; ")));
  }
  Add(SpaceBlock{4});

  const ReportVerdict verdict = VerdictOf(a, c.alerts);
  Add(CalloutBlock{verdict.label, verdict.reason, verdict.rgb});

  Sub("Alopecia areata: SALT");
  const MeasureAssessment* salt = a.Find(Measure::kSalt);
  // SALT now is the assessment's latest counted value; a later session whose figure is not
  // counted yet (a view to confirm, a failed quality gate) is shown beside it, not in its place.
  if (salt != nullptr && salt->latest) {
    const AaIga band = AaIgaForSalt(salt->latest->value);
    Fact("SALT now",
         fmt::format("{} on {} — AA-IGA {} ({})", One(salt->latest->value), Day(salt->latest->date),
                     static_cast<int>(band), AaIgaLabel(band)));
  }
  if (overview.salt &&
      (salt == nullptr || !salt->latest || overview.salt->date > salt->latest->date)) {
    Fact("Latest session", fmt::format("SALT {} on {}, not counted yet: see the alerts (a photo "
                                       "to confirm or retake)",
                                       One(overview.salt->score.salt), Day(overview.salt->date)));
  }
  if (salt != nullptr && salt->baseline) {
    Fact("SALT at baseline",
         fmt::format("{} ({} session{})", One(*salt->baseline), salt->baseline_sessions,
                     salt->baseline_sessions == 1 ? "" : "s averaged"));
    if (salt->change) {
      Fact("Change",
           fmt::format("{} points{} — {}", Signed(*salt->change),
                       salt->percent_change ? fmt::format(" ({} %)", Signed(*salt->percent_change))
                                            : std::string(),
                       NoiseWords(*salt, "points")));
    }
    // Olsen 2004 SALT ≤ 20 (the phase 3 trials' primary endpoint) and SALT50/75/90 (relative
    // improvement from baseline; clinical.md §1.3).
    Fact("Responder thresholds",
         fmt::format("SALT ≤ 20: {}   SALT50: {}   SALT75: {}   SALT90: {}",
                     YesNo(Has(*salt, "salt_le_20")), YesNo(Has(*salt, "salt50")),
                     YesNo(Has(*salt, "salt75")), YesNo(Has(*salt, "salt90"))));
  } else {
    Body("No SALT baseline yet: the first complete session sets it.");
  }
  std::string pattern(TrajectoryName(a.trajectory));
  std::replace(pattern.begin(), pattern.end(), '_', ' ');
  Fact("Response pattern", pattern + " (ALLEGRO post-hoc patterns, King 2025)");

  const MeasureAssessment* easi = a.Find(Measure::kEasi);
  const MeasureAssessment* itch = a.Find(Measure::kItchNrs);
  const MeasureAssessment* poem = a.Find(Measure::kPoem);
  const MeasureAssessment* dlqi = a.Find(Measure::kDlqi);
  if ((easi != nullptr && easi->baseline) || (itch != nullptr && itch->baseline)) {
    Sub("Atopic dermatitis");
    if (easi != nullptr && easi->baseline && easi->latest) {
      // EASI-75: at least 75 % below baseline (Hanifin 2001; clinical.md §1.5).
      Fact("EASI", fmt::format("{} now, {} at baseline ({} %) — EASI-75 reached: {}; {}",
                               One(easi->latest->value), One(*easi->baseline),
                               easi->percent_change ? Signed(*easi->percent_change) : "n/a",
                               YesNo(Has(*easi, "easi75")), NoiseWords(*easi, "points")));
    }
    if (itch != nullptr && itch->baseline && itch->latest) {
      // Peak pruritus NRS: a fall of ≥ 4 points is the responder definition (Yosipovitch 2019).
      Fact("Itch (peak NRS 0–10)", fmt::format("{} now, {} at baseline ({}) — itch −4 reached: {}",
                                               One(itch->latest->value), One(*itch->baseline),
                                               itch->change ? Signed(*itch->change) : "n/a",
                                               YesNo(Has(*itch, "itch_nrs_improved_4"))));
    }
    // POEM (Charman 2004) and DLQI (Finlay 1994), where recorded, with their MCID flags.
    for (const auto& [m, name] : {std::pair{poem, "POEM (0–28)"}, std::pair{dlqi, "DLQI (0–30)"}}) {
      if (m == nullptr || !m->baseline || !m->latest) continue;
      Fact(name, fmt::format("{} now, {} at baseline ({}) — {}", One(m->latest->value),
                             One(*m->baseline), m->change ? Signed(*m->change) : "n/a",
                             m->clinically_meaningful ? "a clinically meaningful change"
                                                      : "not a clinically meaningful change yet"));
    }
  }

  Sub("Open alerts");
  if (c.alerts.empty()) Body("None.");
  for (const Alert& alert : c.alerts) {
    std::string body = alert.reason;
    if (!alert.evidence.empty()) {
      body += fmt::format(" Rests on: {}.", fmt::join(alert.evidence, "; "));
    }
    const std::uint32_t rgb = alert.severity == AlertSeverity::kUrgent      ? kVermilion
                              : alert.severity == AlertSeverity::kAttention ? kOrange
                                                                            : kBlue;
    Add(CalloutBlock{fmt::format("{} ({})", alert.title, AlertSeverityName(alert.severity)), body,
                     rgb});
  }
  Small(kDisclaimer);
}

Result<void> Builder::Charts(const Trends& trends) {
  Add(PageBreakBlock{});
  Heading("Progression");
  for (const TrendChart& built : BuildTrendCharts(trends)) {
    if (!built.spec || !HasPoints(*built.spec)) {
      Sub(built.title);
      Small("Nothing recorded yet.");
      continue;
    }
    chart::RenderOptions render;
    render.width_px = 680;
    render.id = "report-" + built.key;
    render.show_title = false;
    auto svg = chart::RenderSvg(*built.spec, render);
    if (!svg) return tl::unexpected(svg.error());
    Sub(built.spec->title);
    Add(ChartBlock{std::move(*svg), 1.0});
    Small(chart::DescribeChart(*built.spec));
  }
  return {};
}

void Builder::PatientReportedScores() {
  report::Table table;
  table.columns = {{"Date", 1.3, false}, {"Week", 0.6, true}, {"Itch NRS", 0.8, true},
                   {"POEM", 0.7, true},  {"DLQI", 0.7, true}, {"Vellus %", 0.8, true}};
  for (const auto& s : record.sessions) {
    if (!InPeriod(s.session_date)) continue;
    if (!s.itch_nrs && !s.poem && !s.dlqi && !s.vellus_fraction) continue;
    auto opt = [](const std::optional<int>& v) {
      return v ? std::to_string(*v) : std::string("–");
    };
    table.rows.push_back({Day(s.session_date), s.week ? std::to_string(*s.week) : "–",
                          opt(s.itch_nrs), opt(s.poem), opt(s.dlqi),
                          s.vellus_fraction ? One(100 * *s.vellus_fraction) : "–"});
  }
  if (table.rows.empty()) return;
  Sub("Patient-reported scores");
  Small(
      "Itch: peak pruritus NRS 0–10. POEM 0–28 (Charman 2004). DLQI 0–30 (Finlay 1994). "
      "Vellus %: share of counted hairs that are vellus, from close-ups.");
  Add(std::move(table));
}

Result<void> Builder::PhotoTimeline(const std::optional<ResponseAssessment>& assessment) {
  Add(PageBreakBlock{});
  Heading("Photo timeline");
  Small(
      "Each view's sessions in date order. The orange outline is the hair loss the analysis "
      "found (after any correction by the patient or physician); loss hidden under long hair "
      "cannot be seen in a photo and is not outlined. Region loss is the percent of that SALT "
      "region without hair.");
  std::size_t shown = 0;
  for (const char* view : kProtocolViews) {
    std::vector<report::PhotoCell> cells;
    for (const auto& s : record.sessions) {
      if (!InPeriod(s.session_date)) continue;
      for (const auto& p : s.photos) {
        if (p.view != view) continue;
        auto print = PhotoPrintCopy(blobs, p.sha256);
        if (!print) continue;  // a photo missing from this machine's store: left out, noted below
        auto size = imaging::ReadImageHeaderSize(*print);
        if (!size) continue;
        report::PhotoCell cell;
        cell.width_px = size->width;
        cell.height_px = size->height;
        cell.jpeg = std::make_shared<const std::vector<std::uint8_t>>(std::move(*print));
        std::string caption2;
        for (const auto& r : s.salt_regions) {
          if (r.region != p.view) continue;
          caption2 = fmt::format("region loss {} %", One(r.loss_pct));
          if (r.confirmation != "automatic") caption2 += " (" + r.confirmation + ")";
        }
        std::string caption3;
        auto found = data.analyses.find(p.sha256);
        if (found != data.analyses.end() && found->second.status == "done") {
          const std::string& mask = found->second.user_loss_mask_sha256.empty()
                                        ? found->second.loss_mask_sha256
                                        : found->second.user_loss_mask_sha256;
          if (!mask.empty()) {
            if (auto outline = MaskOutline(blobs, mask)) {
              for (auto& polygon : *outline) cell.outlines.push_back(std::move(polygon));
            }
          }
          if (!found->second.user_loss_mask_sha256.empty()) caption3 = "mask corrected";
        } else if (found != data.analyses.end()) {
          caption3 = "analysis " + found->second.status;
        }
        if (assessment) {
          if (const SessionViewCheck* check = assessment->FindViewCheck(s.session_date)) {
            for (const ViewChange& v : check->moved) {
              if (SaltViewName(v.view) == p.view && v.status == ViewChangeStatus::kToConfirm) {
                caption3 = "moved alone: to confirm";
              }
            }
          }
        }
        cell.caption = {fmt::format("{}{}", Day(s.session_date),
                                    s.week ? fmt::format(" · week {}", *s.week) : std::string())};
        if (!caption2.empty()) cell.caption.push_back(caption2);
        if (!caption3.empty()) cell.caption.push_back(caption3);
        cells.push_back(std::move(cell));
        ++shown;
      }
    }
    if (cells.empty()) continue;
    Sub(ViewLabel(view) + " view");
    constexpr int kColumns = 4;
    for (std::size_t i = 0; i < cells.size(); i += kColumns) {
      std::vector<report::PhotoCell> row(
          cells.begin() + static_cast<std::ptrdiff_t>(i),
          cells.begin() + static_cast<std::ptrdiff_t>(std::min(cells.size(), i + kColumns)));
      Add(PhotoRowBlock{std::move(row), kColumns});
    }
  }
  if (shown == 0) Body("No scalp photos in this period.");
  return {};
}

void Builder::SideEffects() {
  Add(PageBreakBlock{});
  Heading("Side effects and injections");
  Sub("Adverse events (CTCAE)");
  report::Table events;
  events.columns = {{"Term", 2.2, false},         {"Grade", 0.7, true},
                    {"Onset", 1.2, false},        {"Resolved", 1.2, false},
                    {"Action taken", 1.4, false}, {"Serious", 0.8, false}};
  for (const auto& e : record.adverse_events) {
    if (!InPeriod(e.onset) && !(e.resolved ? InPeriod(*e.resolved) : e.onset <= options.to)) {
      continue;
    }
    std::string action = e.action_taken;
    std::replace(action.begin(), action.end(), '_', ' ');
    events.rows.push_back({e.term, fmt::format("{} (v{})", e.ctcae_grade, e.ctcae_version),
                           Day(e.onset), e.resolved ? Day(*e.resolved) : "ongoing", action,
                           YesNo(e.serious)});
  }
  if (events.rows.empty()) {
    Body("None recorded in this period.");
  } else {
    Small(
        "Grades: CTCAE (NCI Common Terminology Criteria for Adverse Events), 1 mild to 5 "
        "death, with the version each was graded under.");
    Add(std::move(events));
  }

  Sub("Injection-site reactions");
  report::Table reactions;
  reactions.columns = {{"Session", 1.3, false},
                       {"Site", 1.5, false},
                       {"Reaction", 1.8, false},
                       {"CTCAE grade", 0.9, true}};
  for (const auto& s : record.sessions) {
    if (!InPeriod(s.session_date)) continue;
    for (const auto& r : s.injection_site_reactions) {
      std::string site = r.site;
      std::replace(site.begin(), site.end(), '_', ' ');
      reactions.rows.push_back({Day(s.session_date), site, r.reaction,
                                r.ctcae_grade ? std::to_string(*r.ctcae_grade) : "–"});
    }
  }
  if (reactions.rows.empty()) {
    Body("None recorded in this period.");
  } else {
    Add(std::move(reactions));
  }

  Sub("Doses given");
  report::Table doses;
  doses.columns = {{"Date", 1.3, false}, {"Dose (mg)", 0.9, true}, {"Site", 1.6, false}};
  for (const auto& a : record.administrations) {
    if (!InPeriod(a.given_on)) continue;
    std::string site = a.injection_site.empty() ? "oral" : a.injection_site;
    std::replace(site.begin(), site.end(), '_', ' ');
    doses.rows.push_back({Day(a.given_on), chart::FormatValue(a.dose_mg, 0), site});
  }
  if (doses.rows.empty()) {
    Body("None recorded in this period.");
  } else {
    Add(std::move(doses));
  }
}

void Builder::Adherence(const PatientOverview& overview) {
  Heading("Adherence to the schedule");
  if (!overview.course) {
    Body("No course: no schedule to follow.");
    return;
  }
  const CourseOverview& c = *overview.course;
  int on_time = 0;
  int late = 0;
  int missed = 0;
  report::Table table;
  table.columns = {{"Week", 0.6, true},
                   {"Target", 1.2, false},
                   {"Window", 2.0, false},
                   {"Status", 1.0, false},
                   {"Recorded", 1.2, false}};
  for (std::size_t i = 0; i < c.schedule.sessions.size() && i < c.progress.sessions.size(); ++i) {
    const ScheduledSession& s = c.schedule.sessions[i];
    const SessionProgress& p = c.progress.sessions[i];
    if (s.window_start > options.to) break;
    std::string status;
    switch (p.status) {
      case SessionStatus::kDone:
        status = p.in_window ? "on time" : "outside window";
        (p.in_window ? on_time : late)++;
        break;
      case SessionStatus::kOverdue:
        status = "missed";
        ++missed;
        break;
      case SessionStatus::kDue:
        status = "due now";
        break;
      case SessionStatus::kUpcoming:
        status = "upcoming";
        break;
    }
    if (s.decision_point) status += ", decision week";
    table.rows.push_back({std::to_string(s.week), Day(s.target),
                          Day(s.window_start) + " – " + Day(s.window_end), status,
                          p.recorded ? Day(*p.recorded) : "–"});
  }
  Body(
      fmt::format("{} on time, {} outside their window, {} missed; {} recording{} attributed to "
                  "no scheduled session.",
                  on_time, late, missed, c.progress.unmatched.size(),
                  c.progress.unmatched.size() == 1 ? "" : "s"));
  Add(std::move(table));
}

void Builder::DecisionsAndNotes() {
  Heading("Clinicians' decisions and notes");
  report::Table decisions;
  decisions.columns = {
      {"Date", 1.2, false}, {"Week", 0.6, true}, {"Decision", 1.2, false}, {"Reason", 4.0, false}};
  for (const auto& d : record.decisions) {
    if (!InPeriod(d.decided_on)) continue;
    std::string what = d.decision;
    std::replace(what.begin(), what.end(), '_', ' ');
    decisions.rows.push_back(
        {Day(d.decided_on), d.week ? std::to_string(*d.week) : "–", what, d.reason});
  }
  if (decisions.rows.empty()) {
    Body("No decision recorded in this period.");
  } else {
    Add(std::move(decisions));
  }
  report::Table notes;
  notes.columns = {{"Written", 1.2, false}, {"Note", 5.0, false}};
  for (const auto& n : record.notes) {
    auto day = Date::Parse(std::string_view(n.written_at).substr(0, 10));
    if (day && !InPeriod(*day)) continue;
    notes.rows.push_back({day ? Day(*day) : n.written_at, n.text});
  }
  if (!notes.rows.empty()) {
    Sub("Notes");
    Add(std::move(notes));
  }
}

void Builder::Methods(const PatientOverview& overview) {
  Add(PageBreakBlock{});
  Heading("Methods and limits");
  Body(
      "SALT (Olsen 2004, JAAD 51:440) is 0.40 × top + 0.24 × back + 0.18 × left + 0.18 × right, "
      "each the percent of that region's scalp without hair. Tricholog measures each region from "
      "its photo: it finds the scalp and the bare patches in the picture and divides one area by "
      "the other. A view the analysis cannot read with confidence gets no number and is asked to "
      "be taken again; a view that moved alone beyond its noise is shown as \"to confirm\" and "
      "left out of the trend until it is confirmed.");
  Body(
      "AA-IGA bands from SALT: 0 none, 1–20 limited, 21–49 moderate, 50–94 severe, 95–100 very "
      "severe (Wyrwich 2020). EASI (Hanifin 2001) from the four body regions' area and sign "
      "scores, with the child weights under 8 years. Itch is the peak pruritus NRS over 24 hours "
      "(Yosipovitch 2019); POEM (Charman 2004) and DLQI (Finlay 1994) as the patient answered "
      "them.");
  Body(
      "A change is called real only when it exceeds the measure's smallest detectable change "
      "(MDC95 = 1.96 × √2 × SEM) in each of the last two counted sessions in the same direction "
      "(clinical.md §5.4). The noise used for this patient:");
  if (overview.course) {
    report::Table table;
    table.columns = {{"Measure", 1.5, false}, {"MDC95", 0.8, true}, {"Noise from", 2.5, false}};
    for (const MeasureAssessment& m : overview.course->assessment.measures) {
      table.rows.push_back({std::string(MeasureName(m.measure)), One(m.mdc95),
                            std::string(NoiseSourceName(m.noise_source))});
    }
    if (!table.rows.empty()) Add(std::move(table));
  }
  Body(
      "Limits: photos show only the hair loss that is visible; patches under long hair are not "
      "seen, and lighting, angle and hair styling change what a photo shows. Each figure should "
      "be read beside the examination. The verdict and the alerts come from the rules in "
      "docs/assessment.md, applied to the recorded numbers; they are prompts for the physician's "
      "judgement, not a diagnosis or a treatment instruction.");
  Add(CalloutBlock{"Tricholog informs; it does not diagnose or prescribe.",
                   "Decisions about treatment belong to the patient and their physician.", kBlue});
}

}  // namespace

Result<PhysicianReportData> LoadPhysicianReportData(store::Store& store, const store::Actor& actor,
                                                    const std::string& patient_id) {
  PhysicianReportData out;
  auto record = store.GetPatientRecord(actor, patient_id);
  if (!record) return tl::unexpected(record.error());
  auto profile = store.GetPatientProfile(actor, patient_id);
  if (!profile) return tl::unexpected(profile.error());
  auto analyses = store.ListPhotoAnalyses(actor, patient_id);
  if (!analyses) return tl::unexpected(analyses.error());
  out.record = std::move(*record);
  out.treatment_history = std::move(profile->treatment_history);
  out.medications = std::move(profile->medications);
  out.analyses = IndexAnalyses(std::move(*analyses));
  return out;
}

ReportVerdict VerdictOf(const ResponseAssessment& assessment, const std::vector<Alert>& alerts) {
  for (const Alert& alert : alerts) {
    if (alert.code == "possible_aa_reactivation" || alert.code == "salt_worsening") {
      return {"Worsening", alert.reason, kVermilion};
    }
  }
  const std::string& reason = assessment.trajectory_reason;
  switch (assessment.trajectory) {
    case Trajectory::kRelapser:
      return {"Worsening", reason, kVermilion};
    case Trajectory::kEarlyResponder:
    case Trajectory::kMiddleResponder:
    case Trajectory::kLateResponder:
    case Trajectory::kPartialResponder:
      return {"Responding", reason, kGreen};
    case Trajectory::kNoResponseYet:
    case Trajectory::kNonResponder:
      return {"Not responding", reason, kOrange};
    case Trajectory::kNoBaselineLoss:
      return {"No hair loss at baseline", reason, kBlue};
    case Trajectory::kTooEarly:
    case Trajectory::kInsufficientData:
      return {"Too early to judge", reason, kBlue};
  }
  return {"Too early to judge", reason, kBlue};
}

Result<report::Document> PhysicianReportDocument(const PhysicianReportData& data,
                                                 store::BlobStore& blobs,
                                                 const std::vector<Protocol>& catalog,
                                                 const PhysicianReportOptions& options) {
  if (options.from && *options.from > options.to) {
    return InvalidArgument("from", fmt::format("{} is after the report's end {}",
                                               options.from->ToString(), options.to.ToString()));
  }
  Builder b{data, blobs, options, AsOf(data.record, options.to), {}};
  auto overview = BuildPatientOverview(b.record, catalog, options.to);
  if (!overview) return tl::unexpected(overview.error());
  FiguresCache cache;
  const Trends trends = BuildTrends(b.record, data.analyses, catalog, options.to, cache);

  b.Summary(*overview);
  if (auto ok = b.Charts(trends); !ok) return tl::unexpected(ok.error());
  b.PatientReportedScores();
  std::optional<ResponseAssessment> assessment;
  if (overview->course) assessment = overview->course->assessment;
  if (auto ok = b.PhotoTimeline(assessment); !ok) return tl::unexpected(ok.error());
  b.SideEffects();
  b.Adherence(*overview);
  b.DecisionsAndNotes();
  b.Methods(*overview);

  report::Document doc;
  doc.paper = options.paper;
  const std::string name = data.record.patient.display_name;
  Date first = options.from.value_or(options.to);
  if (!options.from) {
    for (const auto& s : b.record.sessions) first = std::min(first, s.session_date);
  }
  doc.metadata.title = "Tricholog physician summary: " + name;
  doc.metadata.author = "Tricholog";
  doc.metadata.subject =
      fmt::format("Treatment response, {} to {}", first.ToString(), options.to.ToString());
  doc.metadata.keywords = "alopecia areata, SALT, treatment response";
  doc.metadata.creator = "Tricholog";
  doc.metadata.created = options.generated_at;
  doc.running_header =
      fmt::format("Tricholog physician summary · {} · {} – {}", name, Day(first), Day(options.to));
  doc.footer_note = "Tricholog informs; it does not diagnose or prescribe.";
  doc.blocks = std::move(b.blocks);
  return doc;
}

Result<std::vector<std::uint8_t>> BuildPhysicianReport(const PhysicianReportData& data,
                                                       store::BlobStore& blobs,
                                                       const std::vector<Protocol>& catalog,
                                                       const PhysicianReportOptions& options) {
  auto doc = PhysicianReportDocument(data, blobs, catalog, options);
  if (!doc) return tl::unexpected(doc.error());
  return report::RenderPdf(*doc, options.progress);
}

}  // namespace tricholog::app
