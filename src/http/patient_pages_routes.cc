#include "http/patient_pages_routes.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/evidence_links.h"
#include "app/patient_overview.h"
#include "app/physician_report.h"
#include "app/protocol_catalog.h"
#include "core/icalendar.h"
#include "evidence/library.h"
#include "http/worker_pool.h"
#include "report/pdf_writer.h"
#include "store/record_json.h"
#include "store/store.h"

namespace tricholog::http {
namespace {

using nlohmann::json;
using Catalog = std::shared_ptr<const std::vector<Protocol>>;

constexpr std::string_view kNotice = "Tricholog informs; it does not diagnose or prescribe.";
constexpr std::string_view kProdId = "-//Tricholog//Tricholog 0.1.0//EN";

struct Pages {
  std::shared_ptr<const PatientContext> context;
  Catalog catalog;
};
using Shared = std::shared_ptr<const Pages>;

// The store's "now" (its injected clock) as a date and as an iCalendar timestamp.
UtcTimestamp NowOf(store::Store& s) {
  const std::string now = s.clock().NowUtc();  // YYYY-MM-DDTHH:MM:SSZ
  UtcTimestamp out;
  out.date = Date::Parse(now.substr(0, 10)).value_or(Date());
  int h = 0, m = 0, sec = 0;
  if (now.size() >= 19) {
    std::from_chars(now.data() + 11, now.data() + 13, h);
    std::from_chars(now.data() + 14, now.data() + 16, m);
    std::from_chars(now.data() + 17, now.data() + 19, sec);
  }
  out.seconds_of_day = std::clamp(h * 3600 + m * 60 + sec, 0, 86399);
  return out;
}

struct Loaded {
  store::PatientRecord record;
  UtcTimestamp now;
};

// The request's patient record (one audited read), with the store's now.
Result<Loaded> LoadRecord(const PatientContext& context, const Request& request) {
  if (!request.principal) return MakeError(ErrorCode::kNotFound, "no such patient", "patient_id");
  const std::string patient_id(request.PathParam("patient_id"));
  if (patient_id.empty() || patient_id.size() > 128) {
    return MakeError(ErrorCode::kNotFound, "no such patient, or not one you may see", "patient_id");
  }
  return context.store->With([&](store::Store& s) -> Result<Loaded> {
    auto record = s.GetPatientRecord(request.principal->actor(), patient_id);
    if (!record) {
      if (record.error().code == ErrorCode::kPermissionDenied ||
          record.error().code == ErrorCode::kNotFound) {
        return MakeError(ErrorCode::kNotFound, "no such patient, or not one you may see",
                         "patient_id");
      }
      return tl::unexpected(record.error());
    }
    return Loaded{std::move(*record), NowOf(s)};
  });
}

std::string OneDecimal(double value) { return fmt::format("{:.1f}", value); }

// ---- dashboard ----------------------------------------------------------------------------

json ChangeJson(const MeasureAssessment* m) {
  if (m == nullptr || !m->baseline) return nullptr;
  json out = {{"baseline", *m->baseline},
              {"baseline_source", BaselineSourceName(m->baseline_source)},
              {"change", m->change ? json(*m->change) : json(nullptr)},
              {"percent_change", m->percent_change ? json(*m->percent_change) : json(nullptr)},
              {"mdc95", m->mdc95},
              {"beyond_noise", m->real},
              {"pending_confirmation", m->pending_confirmation},
              {"direction", ChangeDirectionName(m->direction)},
              {"thresholds_reached", m->thresholds_reached},
              {"clinically_meaningful", m->clinically_meaningful}};
  return out;
}

json SessionJson(const app::CourseOverview& c, std::size_t i) {
  const ScheduledSession& s = c.schedule.sessions[i];
  const SessionProgress& p = c.progress.sessions[i];
  return {{"index", s.index},
          {"week", s.week},
          {"target", s.target.ToString()},
          {"window_start", s.window_start.ToString()},
          {"window_end", s.window_end.ToString()},
          {"phase", TimelinePhaseName(s.phase)},
          {"decision_point", s.decision_point},
          {"status", SessionStatusName(p.status)},
          {"recorded", p.recorded ? json(p.recorded->ToString()) : json(nullptr)}};
}

json DashboardJson(const std::string& patient_id, const app::PatientOverview& o) {
  json out = {{"patient_id", patient_id},
              {"today", o.today.ToString()},
              {"sessions_recorded", o.sessions_recorded},
              {"notice", kNotice}};
  const ResponseAssessment* a = o.course ? &o.course->assessment : nullptr;
  if (o.course) {
    const app::CourseOverview& c = *o.course;
    json course = {
        {"id", c.course.id},
        {"protocol_id", c.protocol.id},
        {"protocol_name", c.protocol.name},
        {"medication", c.course.medication},
        {"condition", c.condition_kind},
        {"off_label", c.course.off_label},
        {"start_date", c.course.start_date.ToString()},
        {"week", a->weeks_since_start},
        {"phase", a->phase ? json(TimelinePhaseName(*a->phase)) : json(nullptr)},
        {"phase_guidance", c.protocol.PhaseAt(std::max(0, a->weeks_since_start)).guidance},
        {"next_decision_week",
         a->next_decision_week ? json(*a->next_decision_week) : json(nullptr)},
        {"next_decision_date",
         a->next_decision_date ? json(a->next_decision_date->ToString()) : json(nullptr)},
        {"trajectory", TrajectoryName(a->trajectory)},
        {"trajectory_reason", a->trajectory_reason}};
    out["course"] = course;
    out["next_session"] = c.next_index ? SessionJson(c, *c.next_index) : json(nullptr);
    json overdue = json::array();
    for (std::size_t i : c.overdue) overdue.push_back(SessionJson(c, i));
    out["overdue"] = overdue;
    json alerts = json::array();
    for (const Alert& alert : c.alerts) {
      json rests_on = json::array();
      for (const AlertBasis& b : alert.rests_on) {
        rests_on.push_back({{"date", b.date.ToString()},
                            {"view", b.view ? json(SaltViewName(*b.view)) : json(nullptr)},
                            {"status", b.status}});
      }
      alerts.push_back({{"code", alert.code},
                        {"severity", AlertSeverityName(alert.severity)},
                        {"title", alert.title},
                        {"reason", alert.reason},
                        {"evidence", alert.evidence},
                        {"rests_on", rests_on}});
    }
    out["alerts"] = alerts;
    json to_confirm = json::array();
    for (const SessionViewCheck& check : a->view_checks) {
      for (const ViewChange& v : check.moved) {
        if (v.status != ViewChangeStatus::kToConfirm) continue;
        to_confirm.push_back(
            {{"session_id", check.session_id},
             {"date", check.date.ToString()},
             {"view", SaltViewName(v.view)},
             {"reason", v.reason},
             {"page_url", "/patients/" + patient_id + "/sessions/" + check.session_id +
                              "#to-confirm-" + std::string(SaltViewName(v.view))}});
      }
    }
    out["to_confirm"] = to_confirm;
  } else {
    out["course"] = nullptr;
    out["next_session"] = nullptr;
    out["overdue"] = json::array();
    out["alerts"] = json::array();
    out["to_confirm"] = json::array();
  }
  auto change_of = [&](Measure m) { return a != nullptr ? ChangeJson(a->Find(m)) : json(nullptr); };
  if (o.salt) {
    out["salt"] = {{"date", o.salt->date.ToString()},
                   {"value", o.salt->score.salt},
                   {"aa_iga", static_cast<int>(o.salt->score.aa_iga)},
                   {"aa_iga_label", AaIgaLabel(o.salt->score.aa_iga)},
                   {"salt_le_20", o.salt->score.salt_le_20},
                   {"change", change_of(Measure::kSalt)}};
  } else {
    out["salt"] = nullptr;
  }
  if (o.easi) {
    out["easi"] = {{"date", o.easi->date.ToString()},
                   {"total", o.easi->score.total},
                   {"severity", EasiSeverityName(o.easi->score.severity)},
                   {"change", change_of(Measure::kEasi)}};
  } else {
    out["easi"] = nullptr;
  }
  if (o.itch) {
    out["itch"] = {{"date", o.itch->date.ToString()},
                   {"nrs", o.itch->nrs},
                   {"change", change_of(Measure::kItchNrs)}};
  } else {
    out["itch"] = nullptr;
  }
  if (o.zones) {
    json zones = json::array();
    for (const store::ZoneDensity& z : o.zones->zones) {
      zones.push_back({{"zone", z.zone}, {"hairs_per_cm2", z.hairs_per_cm2}});
    }
    out["density"] = {{"date", o.zones->date.ToString()},
                      {"zones", zones},
                      {"change", change_of(Measure::kDensityPerCm2)}};
  } else {
    out["density"] = nullptr;
  }
  return out;
}

// The timeline phases in months, as clinical.md §5.5 defines them (core/treatment.h).

// "A real change" / "beyond noise once" / "within noise", in words, for one measure: real is
// |change| > MDC95 in each of the last two counted sessions (clinical.md §5.4.1, computed by
// core/response_assessment.h; MDC95 per measure in docs/assessment.md).
void FillChange(ctemplate::TemplateDictionary& d, const MeasureAssessment* m,
                std::string_view unit) {
  if (m == nullptr || !m->baseline) return;
  auto* c = d.AddSectionDictionary("CHANGE");
  c->SetValue("BASELINE", OneDecimal(*m->baseline));
  c->SetValue("CHANGE", m->change ? fmt::format("{:+.1f}", *m->change) : std::string("none yet"));
  c->SetValue("UNIT", std::string(unit));
  c->SetValue("MDC", OneDecimal(m->mdc95));
  std::string verdict;
  if (m->real) {
    verdict = fmt::format("Beyond measurement noise ({}): a real change.",
                          ChangeDirectionName(m->direction));
    c->SetValue("CLASS", "change-real");
  } else if (m->pending_confirmation) {
    verdict = "Beyond measurement noise once; one more session will show whether it holds.";
    c->SetValue("CLASS", "change-pending");
  } else {
    verdict = "Within measurement noise: not a change that can be told apart from it yet.";
    c->SetValue("CLASS", "change-none");
  }
  c->SetValue("VERDICT", verdict);
}

// The library studies behind the dashboard's course and alerts (issue 20, links both ways): each
// as its library id and title. Empty when the library does not hold them.
struct StudyLinkRow {
  std::string id;
  std::string title;
  std::string supports;  // protocol citations: what the protocol takes from the study
};
struct DashboardEvidence {
  std::vector<StudyLinkRow> protocol_studies;
  std::vector<std::vector<StudyLinkRow>> alert_studies;  // parallel to the course's alerts
};

Result<DashboardEvidence> LoadDashboardEvidence(const PatientContext& context,
                                                const app::PatientOverview& o) {
  DashboardEvidence out;
  if (!o.course) return out;
  return context.store->With([&](store::Store& s) -> Result<DashboardEvidence> {
    evidence::EvidenceLibrary library(s);
    auto title_of = [&](const std::string& id) -> Result<std::string> {
      auto study = library.GetStudy(id);
      if (!study) return tl::unexpected(study.error());
      return study->study.title;
    };
    auto cited = app::LinkProtocolCitations(library, o.course->protocol);
    if (!cited) return tl::unexpected(cited.error());
    for (const app::LinkedCitation& c : *cited) {
      if (!c.study_id) continue;
      auto title = title_of(*c.study_id);
      if (!title) return tl::unexpected(title.error());
      out.protocol_studies.push_back({*c.study_id, *title, c.citation.supports});
    }
    for (const Alert& alert : o.course->alerts) {
      auto ids = app::ResolveStudyRefs(library, alert.study_refs);
      if (!ids) return tl::unexpected(ids.error());
      std::vector<StudyLinkRow> rows;
      for (const std::string& id : *ids) {
        auto title = title_of(id);
        if (!title) return tl::unexpected(title.error());
        rows.push_back({id, *title, ""});
      }
      out.alert_studies.push_back(std::move(rows));
    }
    return out;
  });
}

void FillDashboard(ctemplate::TemplateDictionary& d, const std::string& patient_id,
                   const app::PatientOverview& o, const DashboardEvidence& evidence = {}) {
  d.SetValue("PATIENT_ID", patient_id);
  d.SetValue("TODAY", o.today.ToString());
  d.SetValue("NOTICE", std::string(kNotice));
  const ResponseAssessment* a = o.course ? &o.course->assessment : nullptr;
  if (!o.course) {
    auto* start = d.AddSectionDictionary("START_HERE");
    start->SetValue("PATIENT_ID", patient_id);
    if (o.sessions_recorded == 0) start->ShowSection("NO_SESSIONS");
  } else {
    const app::CourseOverview& c = *o.course;
    auto* course = d.AddSectionDictionary("COURSE");
    course->SetValue("PROTOCOL", c.protocol.name);
    course->SetValue("MEDICATION", c.course.medication);
    course->SetValue("START", c.course.start_date.ToString());
    course->SetIntValue("WEEK", a->weeks_since_start);
    if (c.course.off_label) course->ShowSection("OFF_LABEL");
    if (a->phase) {
      course->SetValueAndShowSection("PHASE", app::PhaseWords(*a->phase), "HAS_PHASE");
      const std::string& guidance = c.protocol.PhaseAt(std::max(0, a->weeks_since_start)).guidance;
      if (!guidance.empty()) course->SetValueAndShowSection("GUIDANCE", guidance, "HAS_GUIDANCE");
    }
    if (a->next_decision_week) {
      auto* next = course->AddSectionDictionary("DECISION");
      next->SetIntValue("WEEK", *a->next_decision_week);
      next->SetValue("DATE", a->next_decision_date->ToString());
    }
    course->SetValue("TRAJECTORY_REASON", a->trajectory_reason);
    // Section and variable names unique to this use: ctemplate looks names up in parents.
    for (const StudyLinkRow& row : evidence.protocol_studies) {
      auto* study = course->AddSectionDictionary("PROTOCOL_STUDY");
      study->SetValue("PROTOCOL_STUDY_ID", row.id);
      study->SetValue("PROTOCOL_STUDY_TITLE", row.title);
      study->SetValue("PROTOCOL_STUDY_SUPPORTS", row.supports);
    }
    if (!evidence.protocol_studies.empty()) {
      course->SetIntValue("PROTOCOL_STUDY_COUNT",
                          static_cast<long>(evidence.protocol_studies.size()));
      course->ShowSection("HAS_PROTOCOL_STUDIES");
    }
    if (c.next_index) {
      const ScheduledSession& s = c.schedule.sessions[*c.next_index];
      auto* next = d.AddSectionDictionary("NEXT_SESSION");
      next->SetIntValue("WEEK", s.week);
      next->SetValue("TARGET", s.target.ToString());
      next->SetValue("WINDOW_START", s.window_start.ToString());
      next->SetValue("WINDOW_END", s.window_end.ToString());
      next->SetValue("PATIENT_ID", patient_id);
      if (c.progress.sessions[*c.next_index].status == SessionStatus::kDue) {
        next->ShowSection("DUE_NOW");
      }
    }
    for (std::size_t i : c.overdue) {
      const ScheduledSession& s = c.schedule.sessions[i];
      auto* late = d.AddSectionDictionary("OVERDUE");
      late->SetIntValue("WEEK", s.week);
      late->SetValue("TARGET", s.target.ToString());
      late->SetValue("WINDOW_END", s.window_end.ToString());
    }
    if (c.alerts.empty()) d.ShowSection("NO_ALERTS");
    for (std::size_t i = 0; i < c.alerts.size(); ++i) {
      const Alert& alert = c.alerts[i];
      auto* row = d.AddSectionDictionary("ALERT");
      if (i < evidence.alert_studies.size()) {
        for (const StudyLinkRow& link : evidence.alert_studies[i]) {
          auto* study = row->AddSectionDictionary("ALERT_STUDY");
          study->SetValue("ALERT_STUDY_ID", link.id);
          study->SetValue("ALERT_STUDY_TITLE", link.title);
        }
      }
      row->SetValue("SEVERITY", std::string(AlertSeverityName(alert.severity)));
      row->SetValue("TITLE", alert.title);
      row->SetValue("REASON", alert.reason);
      for (const std::string& e : alert.evidence) {
        row->AddSectionDictionary("EVIDENCE")->SetValue("SOURCE", e);
      }
    }
    // Photos whose view moved alone beyond its noise: their session's SALT raises no alert
    // until confirmed (docs/assessment.md, "Confirmed change").
    for (const SessionViewCheck& check : a->view_checks) {
      for (const ViewChange& v : check.moved) {
        if (v.status != ViewChangeStatus::kToConfirm) continue;
        auto* item = d.AddSectionDictionary("TO_CONFIRM");
        item->SetValue("VIEW", std::string(SaltViewName(v.view)));
        item->SetValue("DATE", check.date.ToString());
        item->SetValue("REASON", v.reason);
        item->SetValue("URL", "/patients/" + patient_id + "/sessions/" + check.session_id +
                                  "#to-confirm-" + std::string(SaltViewName(v.view)));
        d.ShowSection("HAS_TO_CONFIRM");
      }
    }
    d.ShowSection("HAS_COURSE");
  }
  auto find = [&](Measure m) { return a != nullptr ? a->Find(m) : nullptr; };
  if (o.salt) {
    auto* salt = d.AddSectionDictionary("SALT");
    salt->SetValue("VALUE", OneDecimal(o.salt->score.salt));
    salt->SetValue("DATE", o.salt->date.ToString());
    salt->SetIntValue("IGA", static_cast<int>(o.salt->score.aa_iga));
    salt->SetValue("IGA_LABEL", std::string(AaIgaLabel(o.salt->score.aa_iga)));
    // SALT <= 20: the absolute target of the phase 3 trials (clinical.md §1.3; salt_score.h).
    if (o.salt->score.salt_le_20) salt->ShowSection("LE_20");
    // That session's SALT with a view to confirm counts for no alert (docs/assessment.md).
    if (const SessionViewCheck* check = a != nullptr ? a->FindViewCheck(o.salt->date) : nullptr;
        check != nullptr && check->HasToConfirm()) {
      salt->ShowSection("SALT_UNCONFIRMED");
    }
    FillChange(*salt, find(Measure::kSalt), "points");
  }
  if (o.easi) {
    auto* easi = d.AddSectionDictionary("EASI");
    easi->SetValue("VALUE", OneDecimal(o.easi->score.total));
    easi->SetValue("DATE", o.easi->date.ToString());
    easi->SetValue("SEVERITY", std::string(EasiSeverityName(o.easi->score.severity)));
    FillChange(*easi, find(Measure::kEasi), "points");
  }
  if (o.itch) {
    auto* itch = d.AddSectionDictionary("ITCH");
    itch->SetIntValue("VALUE", o.itch->nrs);
    itch->SetValue("DATE", o.itch->date.ToString());
    FillChange(*itch, find(Measure::kItchNrs), "points");
  }
  if (o.zones) {
    auto* zones = d.AddSectionDictionary("ZONES");
    zones->SetValue("DATE", o.zones->date.ToString());
    for (const store::ZoneDensity& z : o.zones->zones) {
      auto* row = zones->AddSectionDictionary("ZONE");
      row->SetValue("NAME", z.zone);
      row->SetValue("DENSITY", fmt::format("{:.0f}", z.hairs_per_cm2));
    }
    FillChange(*zones, find(Measure::kDensityPerCm2), "hairs/cm²");
  }
  if (!o.salt && !o.easi && !o.itch && !o.zones) d.ShowSection("NO_FIGURES");
}

Result<app::PatientOverview> Overview(const Pages& pages, const Loaded& loaded) {
  return app::BuildPatientOverview(loaded.record, *pages.catalog, loaded.now.date);
}

Response RenderOrThrow(const PatientContext& context, const Request& request, Page page,
                       const std::function<void(ctemplate::TemplateDictionary&)>& fill,
                       int status = 200) {
  page.principal = &*request.principal;
  auto html = RenderPage(*context.renderer, page, fill);
  if (!html) throw std::runtime_error("patient page: " + html.error().ToString());
  return HtmlResponse(status, std::move(*html));
}

Response GetDashboardPage(const Pages& pages, Request& request) {
  const PatientContext& context = *pages.context;
  auto loaded = LoadRecord(context, request);
  if (!loaded) return ErrorResponse(request, loaded.error(), context.log);
  auto overview = Overview(pages, *loaded);
  if (!overview) return ErrorResponse(request, overview.error(), context.log);
  auto evidence = LoadDashboardEvidence(context, *overview);
  if (!evidence) return ErrorResponse(request, evidence.error(), context.log);
  const std::string& id = loaded->record.patient.id;
  return RenderOrThrow(context, request,
                       Page{"Dashboard", "dashboard.tpl", nullptr, id, "dashboard"},
                       [&](ctemplate::TemplateDictionary& d) {
                         d.SetValue("NAME", loaded->record.patient.display_name);
                         FillDashboard(d, id, *overview, *evidence);
                       });
}

Response GetDashboardJson(const Pages& pages, Request& request) {
  auto loaded = LoadRecord(*pages.context, request);
  if (!loaded) return ErrorResponse(request, loaded.error(), pages.context->log);
  auto overview = Overview(pages, *loaded);
  if (!overview) return ErrorResponse(request, overview.error(), pages.context->log);
  return JsonResponse(200, DashboardJson(loaded->record.patient.id, *overview));
}

// ---- schedule -------------------------------------------------------------------------------

Response GetSchedulePage(const Pages& pages, Request& request) {
  const PatientContext& context = *pages.context;
  auto loaded = LoadRecord(context, request);
  if (!loaded) return ErrorResponse(request, loaded.error(), context.log);
  auto overview = Overview(pages, *loaded);
  if (!overview) return ErrorResponse(request, overview.error(), context.log);
  const std::string& id = loaded->record.patient.id;
  return RenderOrThrow(
      context, request, Page{"Schedule", "schedule.tpl", nullptr, id, "schedule"},
      [&](ctemplate::TemplateDictionary& d) {
        d.SetValue("PATIENT_ID", id);
        d.SetValue("TODAY", overview->today.ToString());
        if (!overview->course) {
          d.ShowSection("NO_COURSE");
          return;
        }
        const app::CourseOverview& c = *overview->course;
        auto* course = d.AddSectionDictionary("COURSE");
        course->SetValue("PROTOCOL", c.protocol.name);
        course->SetValue("START", c.course.start_date.ToString());
        course->SetValue("PATIENT_ID", id);
        std::size_t shown_done = 0;
        for (std::size_t i = 0; i < c.schedule.sessions.size(); ++i) {
          const ScheduledSession& s = c.schedule.sessions[i];
          const SessionProgress& p = c.progress.sessions[i];
          // Past sessions a year before today add nothing a patient acts on.
          if (p.status == SessionStatus::kDone && s.window_end < overview->today.AddDays(-365)) {
            continue;
          }
          const bool overdue = std::find(c.overdue.begin(), c.overdue.end(), i) != c.overdue.end();
          std::string status(SessionStatusName(p.status));
          std::string words;
          switch (p.status) {
            case SessionStatus::kUpcoming:
              words = "Upcoming";
              break;
            case SessionStatus::kDue:
              words = "Due now";
              break;
            case SessionStatus::kOverdue:
              words = overdue ? "Overdue" : "Missed";
              if (!overdue) status = "missed";
              break;
            case SessionStatus::kDone:
              words =
                  "Done " + p.recorded->ToString() + (p.in_window ? "" : " (outside the window)");
              ++shown_done;
              break;
          }
          auto* row = course->AddSectionDictionary("SESSION");
          row->SetIntValue("WEEK", s.week);
          row->SetValue("TARGET", s.target.ToString());
          row->SetValue("WINDOW_START", s.window_start.ToString());
          row->SetValue("WINDOW_END", s.window_end.ToString());
          row->SetValue("PHASE", std::string(TimelinePhaseName(s.phase)));
          row->SetValue("STATUS", status);
          row->SetValue("STATUS_WORDS", words);
          std::string notes = s.week == 0 ? "Baseline, before the first dose" : "";
          if (s.decision_point) notes += notes.empty() ? "Decision week" : "; decision week";
          for (const LabDue& lab : c.schedule.labs) {
            if (lab.session_index == s.index)
              notes += (notes.empty() ? "Lab: " : "; lab: ") + lab.test;
          }
          row->SetValue("NOTES", notes);
        }
        (void)shown_done;
      });
}

Response GetScheduleIcs(const Pages& pages, Request& request) {
  auto loaded = LoadRecord(*pages.context, request);
  if (!loaded) return ErrorResponse(request, loaded.error(), pages.context->log);
  auto overview = Overview(pages, *loaded);
  if (!overview) return ErrorResponse(request, overview.error(), pages.context->log);
  std::vector<CalendarEvent> events;
  if (overview->course) {
    events = ScheduleCalendarEvents(overview->course->schedule, overview->course->protocol);
  }
  auto ics = RenderICalendar(events, kProdId, loaded->now);
  if (!ics) return ErrorResponse(request, ics.error(), pages.context->log);
  Response response;
  response.status = 200;
  response.body = std::move(*ics);
  response.SetHeader("Content-Type", "text/calendar; charset=utf-8");
  response.SetHeader("Content-Disposition", "attachment; filename=\"tricholog-schedule.ics\"");
  return response;
}

// ---- physician report -----------------------------------------------------------------------

// GET .../report.pdf?paper=a4|letter&from=YYYY-MM-DD&to=YYYY-MM-DD: the physician report of the
// record (app/physician_report.h) for whoever may read it (the patient, a physician they share
// with). Laid out on the worker pool: a year of photos is a few hundred milliseconds of work.
Task<Response> GetReportPdf(Shared pages, Request& request) {
  const PatientContext& context = *pages->context;
  report::Paper paper = report::Paper::kA4;
  std::optional<Date> from;
  std::optional<Date> to;
  auto query_error = [&]() -> std::optional<Error> {
    auto paper_text = request.query.Get("paper");
    if (!paper_text) return paper_text.error();
    if (*paper_text) {
      auto parsed = report::ParsePaper(**paper_text);
      if (!parsed) return parsed.error();
      paper = *parsed;
    }
    for (auto [name, target] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
      auto text = request.query.Get(name);
      if (!text) return text.error();
      if (*text && !(*text)->empty()) {
        auto date = Date::Parse(**text, name);
        if (!date) return date.error();
        *target = *date;
      }
    }
    return std::nullopt;
  }();
  if (query_error) co_return ErrorResponse(request, *query_error, context.log);
  if (!request.principal) co_return PatientNotFound(request);
  const std::string patient_id(request.PathParam("patient_id"));
  if (patient_id.empty() || patient_id.size() > 128) co_return PatientNotFound(request);
  const store::Actor actor = request.principal->actor();
  std::string now;
  auto data = context.store->With([&](store::Store& s) -> Result<app::PhysicianReportData> {
    now = s.clock().NowUtc();
    return app::LoadPhysicianReportData(s, actor, patient_id);
  });
  if (!data) {
    if (data.error().code == ErrorCode::kPermissionDenied ||
        data.error().code == ErrorCode::kNotFound) {
      co_return PatientNotFound(request);
    }
    co_return ErrorResponse(request, data.error(), context.log);
  }
  app::PhysicianReportOptions options;
  options.paper = paper;
  options.from = from;
  options.to = to.value_or(Date::Parse(now.substr(0, 10)).value_or(Date()));
  options.generated_at = now;
  if (options.from && *options.from > options.to) {
    co_return ErrorResponse(request, InvalidArgument("from", "must not be after to").value(),
                            context.log);
  }
  store::BlobStore* blobs = context.blobs;
  const Catalog catalog = pages->catalog;
  auto job = [blobs, catalog, &data, &options] {
    return app::BuildPhysicianReport(*data, *blobs, *catalog, options);
  };
  auto pdf = co_await RunOnWorkers(*context.pool, job);
  if (!pdf) co_return ErrorResponse(request, pdf.error(), context.log);
  Response response;
  response.status = 200;
  response.body.assign(pdf->begin(), pdf->end());
  response.SetHeader("Content-Type", "application/pdf");
  response.SetHeader(
      "Content-Disposition",
      fmt::format("attachment; filename=\"tricholog-report-{}.pdf\"", options.to.ToString()));
  response.SetHeader("Cache-Control", "no-store");
  co_return response;
}

// ---- my data --------------------------------------------------------------------------------

Response GetExport(const Pages& pages, Request& request) {
  auto loaded = LoadRecord(*pages.context, request);
  if (!loaded) return ErrorResponse(request, loaded.error(), pages.context->log);
  Response response = JsonResponse(200, store::RecordToJson(loaded->record));
  response.SetHeader("Content-Disposition", "attachment; filename=\"tricholog-record-" +
                                                loaded->now.date.ToString() + ".json\"");
  return response;
}

struct AuditPage {
  std::vector<store::AuditEntry> rows;  // newest first, this page only
  int page = 1;
  int pages = 1;
  bool denied = false;  // physicians may not read the audit log
};

Result<int> PageNumber(const Request& request) {
  auto given = request.query.Get("page");
  if (!given) return tl::unexpected(given.error());
  if (!*given) return 1;
  int value = 0;
  const std::string& text = **given;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > 1000000) {
    return MakeError(ErrorCode::kInvalidArgument, "must be a whole number from 1", "page");
  }
  return value;
}

Result<AuditPage> LoadAudit(const PatientContext& context, const Request& request, int page) {
  const std::string patient_id(request.PathParam("patient_id"));
  auto rows = context.store->With(
      [&](store::Store& s) { return s.ListAudit(request.principal->actor(), patient_id); });
  AuditPage out;
  if (!rows) {
    if (rows.error().code == ErrorCode::kPermissionDenied &&
        request.principal->role == store::Role::kPhysician) {
      out.denied = true;
      return out;
    }
    return tl::unexpected(rows.error());
  }
  const int total = static_cast<int>(rows->size());
  out.pages = std::max(1, (total + kAuditRowsPerPage - 1) / kAuditRowsPerPage);
  out.page = std::min(page, out.pages);
  const int skip = (out.page - 1) * kAuditRowsPerPage;
  for (int i = total - 1 - skip; i >= 0 && i > total - 1 - skip - kAuditRowsPerPage; --i) {
    out.rows.push_back((*rows)[static_cast<std::size_t>(i)]);
  }
  return out;
}

std::string ActionWords(const store::AuditEntry& e) {
  if (e.action == "read") return "read";
  if (e.action == "create") return "added";
  if (e.action == "update") return "changed";
  if (e.action == "delete") return "deleted";
  if (e.action == "denied") return "was refused access to";
  return e.action;
}

Response GetDataPage(const Pages& pages, Request& request) {
  const PatientContext& context = *pages.context;
  auto page = PageNumber(request);
  if (!page) return ErrorResponse(request, page.error(), context.log);
  auto patient = LoadPatientForRequest(*context.store, request);
  if (!patient) return ErrorResponse(request, patient.error(), context.log);
  auto audit = LoadAudit(context, request, *page);
  if (!audit) return ErrorResponse(request, audit.error(), context.log);
  const std::string& id = patient->id;
  const std::string me = request.principal->user_id;
  return RenderOrThrow(
      context, request, Page{"My data", "data.tpl", nullptr, id, "data"},
      [&](ctemplate::TemplateDictionary& d) {
        d.SetValue("PATIENT_ID", id);
        if (audit->denied) {
          d.ShowSection("AUDIT_DENIED");
          return;
        }
        auto* log = d.AddSectionDictionary("AUDIT");
        log->SetIntValue("PAGE", audit->page);
        log->SetIntValue("PAGES", audit->pages);
        log->SetIntValue("PER_PAGE", kAuditRowsPerPage);
        if (audit->page > 1) {
          log->SetValueAndShowSection(
              "HREF", fmt::format("/patients/{}/data?page={}", id, audit->page - 1), "NEWER");
        }
        if (audit->page < audit->pages) {
          log->SetValueAndShowSection(
              "HREF", fmt::format("/patients/{}/data?page={}", id, audit->page + 1), "OLDER");
        }
        for (const store::AuditEntry& e : audit->rows) {
          auto* row = log->AddSectionDictionary("ROW");
          row->SetValue("AT", e.at);
          row->SetValue("WHO",
                        e.actor_user_id == me
                            ? std::string("You")
                            : fmt::format("{} {}", store::RoleName(e.actor_role), e.actor_user_id));
          row->SetValue("ACTION", ActionWords(e));
          row->SetValue("ENTITY", e.entity);
        }
      });
}

Response GetAuditJson(const Pages& pages, Request& request) {
  const PatientContext& context = *pages.context;
  auto page = PageNumber(request);
  if (!page) return ErrorResponse(request, page.error(), context.log);
  auto patient = LoadPatientForRequest(*context.store, request);
  if (!patient) return ErrorResponse(request, patient.error(), context.log);
  auto audit = LoadAudit(context, request, *page);
  if (!audit) return ErrorResponse(request, audit.error(), context.log);
  if (audit->denied) {
    return JsonErrorResponse(403, "patient_id", "physicians may not read the audit log");
  }
  json rows = json::array();
  for (const store::AuditEntry& e : audit->rows) {
    rows.push_back({{"seq", e.seq},
                    {"at", e.at},
                    {"actor_user_id", e.actor_user_id},
                    {"actor_role", store::RoleName(e.actor_role)},
                    {"action", e.action},
                    {"entity", e.entity},
                    {"entity_id", e.entity_id}});
  }
  return JsonResponse(200, {{"page", audit->page}, {"pages", audit->pages}, {"entries", rows}});
}

}  // namespace

Result<void> AddPatientPagesRoutes(Router& router, std::shared_ptr<const PatientContext> context) {
  // Without a catalog (no data/protocols where the server looks) the pages still work for a
  // record without a course; a course's pages then answer an error naming protocol_id.
  auto catalog = context->protocols_dir.empty()
                     ? Result<std::vector<Protocol>>(std::vector<Protocol>())
                     : app::LoadProtocolCatalog(context->protocols_dir);
  if (!catalog && context->log) context->log("protocol catalog: " + catalog.error().ToString());
  auto shared_catalog = std::make_shared<const std::vector<Protocol>>(
      catalog ? std::move(*catalog) : std::vector<Protocol>());
  auto pages = std::make_shared<const Pages>(Pages{context, shared_catalog});
  auto sync = [pages](Response (*fn)(const Pages&, Request&)) {
    return SyncHandler([pages, fn](Request& r) { return fn(*pages, r); });
  };
  std::vector<Route> routes;
  routes.push_back({Method::kGet, "/patients/{patient_id}/dashboard", "patient.dashboard",
                    Access::kSignedIn, 0, sync(&GetDashboardPage)});
  routes.push_back({Method::kGet, "/api/v1/patients/{patient_id}/dashboard",
                    "api.patient.dashboard", Access::kSignedIn, 0, sync(&GetDashboardJson)});
  routes.push_back({Method::kGet, "/patients/{patient_id}/schedule", "patient.schedule",
                    Access::kSignedIn, 0, sync(&GetSchedulePage)});
  routes.push_back({Method::kGet, "/patients/{patient_id}/schedule.ics", "patient.schedule_ics",
                    Access::kSignedIn, 0, sync(&GetScheduleIcs)});
  routes.push_back({Method::kGet, "/patients/{patient_id}/report.pdf", "patient.report_pdf",
                    Access::kSignedIn, 0,
                    [pages](Request& request) { return GetReportPdf(pages, request); }});
  routes.push_back({Method::kGet, "/api/v1/patients/{patient_id}/report.pdf",
                    "api.patient.report_pdf", Access::kSignedIn, 0,
                    [pages](Request& request) { return GetReportPdf(pages, request); }});
  routes.push_back({Method::kGet, "/patients/{patient_id}/data", "patient.data", Access::kSignedIn,
                    0, sync(&GetDataPage)});
  routes.push_back({Method::kGet, "/api/v1/patients/{patient_id}/export", "api.patient.export",
                    Access::kSignedIn, 0, sync(&GetExport)});
  routes.push_back({Method::kGet, "/api/v1/patients/{patient_id}/audit", "api.patient.audit",
                    Access::kSignedIn, 0, sync(&GetAuditJson)});
  for (auto& route : routes) {
    if (auto added = router.Add(std::move(route)); !added) return added;
  }
  return AddProfileRoutes(router, context, shared_catalog);
}

}  // namespace tricholog::http
