#include "http/capture_routes.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "app/photo_intake.h"
#include "app/protocol_catalog.h"
#include "app/session_capture.h"
#include "store/store.h"

namespace tricholog::http {
namespace {

struct Capture {
  std::shared_ptr<const PatientContext> patients;
  std::shared_ptr<AnalysisJobs> jobs;
};
using Shared = std::shared_ptr<const Capture>;

// How to frame each view (the silhouette guide shows the same).
struct ViewInfo {
  std::string_view name;
  std::string_view title;
  std::string_view frame;
};
constexpr ViewInfo kViews[] = {
    {"top", "Top of the head",
     "Hold the phone above the head, looking straight down on the crown, so the whole top of the "
     "scalp fills the frame."},
    {"front", "Front and hairline",
     "Face the camera with your chin level; the hairline and the forehead in the frame."},
    {"back", "Back of the head",
     "Turn your back to the camera (ask a helper, or use a second mirror); the back of the scalp "
     "down to the neckline in the frame."},
    {"left", "Left side",
     "Turn your left side to the camera, the ear in the middle of the frame, from the temple to "
     "behind the ear."},
    {"right", "Right side",
     "Turn your right side to the camera, the ear in the middle of the frame, from the temple to "
     "behind the ear."},
};

const ViewInfo* FindView(std::string_view name) {
  for (const ViewInfo& v : kViews) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

Error DraftNotFound() {
  return Error{ErrorCode::kNotFound, "no such draft for this patient", "draft_id"};
}

// Errors of a draft of another (or no) patient read as 404, like the patient itself.
Error AsNotFound(Error error) {
  if (error.code == ErrorCode::kPermissionDenied) return DraftNotFound();
  return error;
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string PrettyDate(Date date) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::string iso = date.ToString();  // YYYY-MM-DD
  const int month = std::stoi(iso.substr(5, 2));
  const int day = std::stoi(iso.substr(8, 2));
  return fmt::format("{} {} {}", day, kMonths[std::clamp(month, 1, 12) - 1], iso.substr(0, 4));
}

std::string PagePath(const std::string& patient_id, const std::string& draft_id,
                     std::string_view step = "") {
  std::string path = "/patients/" + patient_id + "/drafts/" + draft_id;
  if (!step.empty()) path += "?step=" + std::string(step);
  return path;
}

std::string ApiPath(const std::string& patient_id, const std::string& draft_id) {
  return "/api/v1/patients/" + patient_id + "/drafts/" + draft_id;
}

// --- loading -----------------------------------------------------------------------------

struct Loaded {
  store::Patient patient;
  store::SessionDraft draft;
  std::map<std::string, store::PhotoAnalysis> analyses;  // by photo sha256 (the draft's photos)
};

Result<Loaded> LoadDraft(const PatientContext& context, const Request& request) {
  auto patient = LoadPatientForRequest(*context.store, request);
  if (!patient) return tl::unexpected(patient.error());
  const store::Actor actor = request.principal->actor();
  const std::string draft_id(request.PathParam("draft_id"));
  Loaded loaded;
  loaded.patient = std::move(*patient);
  auto done = context.store->With([&](store::Store& s) -> Result<void> {
    auto draft = s.GetDraft(actor, loaded.patient.id, draft_id);
    if (!draft) return tl::unexpected(AsNotFound(draft.error()));
    loaded.draft = std::move(*draft);
    bool any = false;
    for (std::string_view view : store::kDraftViews)
      any = any || !loaded.draft.Photo(view)->empty();
    if (!any) return {};
    auto analyses = s.ListPhotoAnalyses(actor, loaded.patient.id);
    if (!analyses) return tl::unexpected(analyses.error());
    for (store::PhotoAnalysis& a : *analyses) {
      for (std::string_view view : store::kDraftViews) {
        if (*loaded.draft.Photo(view) == a.photo_sha256) loaded.analyses[a.photo_sha256] = a;
      }
    }
    return {};
  });
  if (!done) return tl::unexpected(done.error());
  return loaded;
}

std::optional<store::PhotoAnalysis> AnalysisOf(const Loaded& loaded, std::string_view view) {
  const std::string& sha = *loaded.draft.Photo(view);
  if (sha.empty()) return std::nullopt;
  auto it = loaded.analyses.find(sha);
  if (it == loaded.analyses.end()) return std::nullopt;
  return it->second;
}

// Whether POEM and DLQI are asked for this draft (app::QuestionnairesDue).
bool QuestionnairesDueFor(const PatientContext& context, const Request& request,
                          const store::SessionDraft& draft) {
  const store::Actor actor = request.principal->actor();
  auto record = context.store->With(
      [&](store::Store& s) { return s.GetPatientRecord(actor, draft.patient_id); });
  if (!record) return true;
  bool earlier = false;
  for (const auto& s : record->sessions) earlier = earlier || s.session_date < draft.session_date;
  std::optional<Protocol> protocol;
  std::optional<Date> start;
  for (const auto& course : record->courses) {
    if (course.id != draft.course_id) continue;
    start = course.start_date;
    auto catalog = app::LoadProtocolCatalog(context.protocols_dir);
    if (catalog) {
      auto found = app::FindProtocol(*catalog, course.protocol_id);
      if (found) protocol = std::move(*found);
    }
  }
  return app::QuestionnairesDue(protocol, start, earlier, draft.session_date);
}

app::DraftAnswers AnswersOf(const store::SessionDraft& draft) {
  auto parsed =
      app::DraftAnswersFromJson(nlohmann::json::parse(draft.answers_json, nullptr, false));
  return parsed ? *parsed : app::DraftAnswers{};
}

}  // namespace

nlohmann::json PhotoVerdictJson(const std::optional<store::PhotoAnalysis>& analysis) {
  nlohmann::json details = nlohmann::json::array();
  if (!analysis || analysis->status == "pending") {
    return {{"level", "pending"},
            {"headline", "Checking your photo; this takes a few seconds."},
            {"details", details}};
  }
  if (analysis->status == "failed") {
    details.push_back(analysis->error);
    return {{"level", "retake"},
            {"headline", "This photo cannot be used. Please retake it."},
            {"details", details}};
  }
  const nlohmann::json result = nlohmann::json::parse(analysis->result_json, nullptr, false);
  std::string status = "pass";
  if (result.is_object() && result.contains("quality") && result["quality"].is_object()) {
    const auto& quality = result["quality"];
    if (quality.contains("status") && quality["status"].is_string()) {
      status = quality["status"].get<std::string>();
    }
    if (quality.contains("issues") && quality["issues"].is_array()) {
      for (const auto& issue : quality["issues"]) {
        if (issue.is_object() && issue.contains("message") && issue["message"].is_string()) {
          details.push_back(issue["message"]);
        }
      }
    }
  }
  if (status == "fail") {
    return {{"level", "retake"},
            {"headline", "This photo cannot be measured well. Please retake it."},
            {"details", details}};
  }
  if (status == "warn") {
    return {{"level", "usable"},
            {"headline", "Usable, but a retake would measure better."},
            {"details", details}};
  }
  return {{"level", "good"}, {"headline", "Good photo: it can be measured."}, {"details", details}};
}

namespace {

nlohmann::json DraftJson(const Loaded& loaded, bool questionnaires_due) {
  const store::SessionDraft& d = loaded.draft;
  nlohmann::json photos = nlohmann::json::object();
  nlohmann::json missing = nlohmann::json::array();
  for (std::string_view view : store::kDraftViews) {
    const std::string& sha = *d.Photo(view);
    if (sha.empty()) {
      photos[std::string(view)] = nullptr;
      missing.push_back(view);
      continue;
    }
    auto analysis = AnalysisOf(loaded, view);
    const std::string base = "/api/v1/patients/" + d.patient_id;
    photos[std::string(view)] = {{"photo_sha256", sha},
                                 {"photo_url", fmt::format("{}/photos/{}", base, sha)},
                                 {"analysis_url", fmt::format("{}/photo-analyses/{}", base, sha)},
                                 {"status", analysis ? analysis->status : "pending"},
                                 {"verdict", PhotoVerdictJson(analysis)}};
  }
  nlohmann::json answers = nlohmann::json::parse(d.answers_json, nullptr, false);
  if (answers.is_discarded()) answers = nlohmann::json::object();
  return {{"id", d.id},
          {"patient_id", d.patient_id},
          {"course_id", d.course_id.empty() ? nlohmann::json() : nlohmann::json(d.course_id)},
          {"session_date", d.session_date.ToString()},
          {"photos", photos},
          {"missing_views", missing},
          {"answers", answers},
          {"questionnaires_due", questionnaires_due},
          {"page_url", PagePath(d.patient_id, d.id)},
          {"created_at", d.created_at},
          {"updated_at", d.updated_at}};
}

// --- pages -------------------------------------------------------------------------------

// What a wizard page shows again after an error: values kept and a message per field.
struct FormState {
  std::map<std::string, std::string> values;
  std::map<std::string, std::string> errors;
  std::string form_error;
};

void PutError(FormState& state, const Error& error) {
  if (error.code == ErrorCode::kInternal || error.code == ErrorCode::kIo) {
    state.form_error = "Something went wrong on our side; please try again.";
  } else if (!error.field.empty()) {
    state.errors[error.field] = error.message;
  } else {
    state.form_error = error.message;
  }
}

Response RenderCapturePage(const PatientContext& context, const Request& request, int status,
                           const std::string& patient_id, std::string title,
                           std::string template_name,
                           const std::function<void(ctemplate::TemplateDictionary&)>& fill) {
  const Principal& principal = *request.principal;
  auto html = RenderPage(*context.renderer,
                         Page{std::move(title),
                              std::move(template_name),
                              &principal,
                              patient_id,
                              "session",
                              {"/static/js/capture.js"}},
                         [&](ctemplate::TemplateDictionary& main) {
                           main.SetValue("CSRF", principal.csrf_token);
                           main.SetValue("PATIENT_ID", patient_id);
                           fill(main);
                         });
  if (!html) throw std::runtime_error("capture page: " + html.error().ToString());
  return HtmlResponse(status, std::move(*html));
}

// A text field's value (kept, or stored) and its error, as VALUE and an ERROR section.
void FillField(ctemplate::TemplateDictionary& dict, const FormState& state,
               const std::map<std::string, std::string>& stored, const std::string& name) {
  dict.SetValue("NAME", name);
  auto kept = state.values.find(name);
  if (kept != state.values.end()) {
    dict.SetValue("VALUE", kept->second);
  } else if (auto it = stored.find(name); it != stored.end()) {
    dict.SetValue("VALUE", it->second);
  }
  if (auto e = state.errors.find(name); e != state.errors.end()) {
    dict.SetValueAndShowSection("MESSAGE", e->second, "ERROR");
    dict.SetValue("INVALID", "true");
  }
}

void FillOptions(ctemplate::TemplateDictionary& dict,
                 const std::vector<std::pair<std::string, std::string>>& options,
                 const std::string& selected) {
  for (const auto& [value, label] : options) {
    auto* option = dict.AddSectionDictionary("OPTION");
    option->SetValue("OPTION_VALUE", value);
    option->SetValue("OPTION_LABEL", label);
    if (value == selected) option->ShowSection("SELECTED");
  }
}

std::string ValueOf(const FormState& state, const std::map<std::string, std::string>& stored,
                    const std::string& name) {
  if (auto it = state.values.find(name); it != state.values.end()) return it->second;
  if (auto it = stored.find(name); it != stored.end()) return it->second;
  return "";
}

void FillVerdict(ctemplate::TemplateDictionary& dict, const nlohmann::json& verdict) {
  auto* v = dict.AddSectionDictionary("VERDICT");
  v->SetValue("LEVEL", verdict["level"].get<std::string>());
  v->SetValue("HEADLINE", verdict["headline"].get<std::string>());
  for (const auto& detail : verdict["details"]) {
    v->SetValueAndShowSection("DETAIL_TEXT", detail.get<std::string>(), "DETAIL");
  }
  if (verdict["level"] == "pending") v->ShowSection("PENDING");
}

void FillViewStep(ctemplate::TemplateDictionary& main, const Loaded& loaded, const ViewInfo& view,
                  const FormState& state) {
  const store::SessionDraft& d = loaded.draft;
  auto* step = main.AddSectionDictionary("VIEW_STEP");
  int index = 0;
  for (int i = 0; i < 5; ++i) {
    if (kViews[i].name == view.name) index = i;
  }
  step->SetValue("VIEW", std::string(view.name));
  step->SetValue("VIEW_TITLE", std::string(view.title));
  step->SetIntValue("NUMBER", index + 1);
  step->SetValue("FRAME", std::string(view.frame));
  step->SetValue("GUIDE_SRC", fmt::format("/static/img/view-{}.svg", view.name));
  step->SetValue("UPLOAD_URL", PagePath(d.patient_id, d.id) + "/photos/" + std::string(view.name));
  step->SetValue("API_UPLOAD_URL",
                 ApiPath(d.patient_id, d.id) + "/photos/" + std::string(view.name));
  step->SetValue("DRAFT_API_URL", ApiPath(d.patient_id, d.id));
  step->SetValue("PREV_HREF", index == 0 ? "/patients/" + d.patient_id + "/sessions/new"
                                         : PagePath(d.patient_id, d.id, kViews[index - 1].name));
  step->SetValue("NEXT_HREF",
                 PagePath(d.patient_id, d.id, index == 4 ? "form" : kViews[index + 1].name));
  const std::string& sha = *d.Photo(view.name);
  if (!sha.empty()) {
    auto* photo = step->AddSectionDictionary("PHOTO");
    photo->SetValue("PHOTO_URL", "/api/v1/patients/" + d.patient_id + "/photos/" + sha + "?w=640");
    photo->SetValue("PHOTO_ALT",
                    fmt::format("{} photo, {}", view.title, PrettyDate(d.session_date)));
    FillVerdict(*photo, PhotoVerdictJson(AnalysisOf(loaded, view.name)));
    step->SetValue("UPLOAD_LABEL", "Retake the photo");
  } else {
    step->SetValue("UPLOAD_LABEL", "Take or choose the photo");
  }
  if (auto e = state.errors.find("photo"); e != state.errors.end()) {
    step->SetValueAndShowSection("MESSAGE", e->second, "PHOTO_ERROR");
  }
}

const std::vector<std::pair<std::string, std::string>>& GradeOptions() {
  // CTCAE v5.0 general grade definitions (NCI; clinical.md §2.5 stores the version with each).
  static const std::vector<std::pair<std::string, std::string>> kOptions = {
      {"", "Choose a grade"},
      {"1", "1: mild, no treatment needed"},
      {"2", "2: moderate, limits daily activities a little"},
      {"3", "3: severe, limits self-care or needs a hospital"},
      {"4", "4: life-threatening"},
      {"5", "5: death related to the event"}};
  return kOptions;
}

void FillFormStep(ctemplate::TemplateDictionary& main, const Loaded& loaded, bool due,
                  const FormState& state) {
  const store::SessionDraft& d = loaded.draft;
  const app::DraftAnswers answers = AnswersOf(d);
  const auto stored = app::DraftAnswersToForm(answers);
  auto* step = main.AddSectionDictionary("FORM_STEP");
  step->SetValue("ANSWERS_URL", PagePath(d.patient_id, d.id) + "/answers");
  step->SetValue("PREV_HREF", PagePath(d.patient_id, d.id, "right"));
  static const std::map<std::string_view, std::string_view> kRegionLabels = {
      {"head_neck", "Head and neck"},
      {"upper_limbs", "Arms and hands"},
      {"trunk", "Chest, belly and back"},
      {"lower_limbs", "Legs and feet"}};
  static const std::map<std::string_view, std::string_view> kFieldLabels = {
      {"area", "Area affected (0–6)"},
      {"erythema", "Redness (0–3)"},
      {"induration", "Swelling, bumps (0–3)"},
      {"excoriation", "Scratch marks (0–3)"},
      {"lichenification", "Thickened skin (0–3)"}};
  for (std::string_view region : app::kEasiRegions) {
    auto* r = step->AddSectionDictionary("EASI_REGION");
    r->SetValue("REGION_LABEL", std::string(kRegionLabels.at(region)));
    for (std::string_view field : app::kEasiFields) {
      auto* f = r->AddSectionDictionary("EASI_FIELD");
      FillField(*f, state, stored, "easi_" + std::string(region) + "_" + std::string(field));
      f->SetValue("LABEL", std::string(kFieldLabels.at(field)));
    }
  }
  static const std::vector<std::pair<std::string, std::string>> kHairChanges = {
      {"more_hair", "More hair"},
      {"none", "About the same"},
      {"less_hair", "Less hair"},
      {"not_sure", "Not sure"}};
  auto* hair = step->AddSectionDictionary("HAIR_CHANGE");
  FillField(*hair, state, stored, "hair_change");
  FillOptions(*hair, kHairChanges, ValueOf(state, stored, "hair_change"));
  for (const char* name : {"itch_nrs", "poem", "dlqi"}) {
    auto* f = step->AddSectionDictionary(Upper(name));
    FillField(*f, state, stored, name);
  }
  step->ShowSection(due ? "QUESTIONNAIRES_DUE" : "QUESTIONNAIRES_OPTIONAL");
  static const std::vector<std::pair<std::string, std::string>> kActions = {
      {"none", "No change to the treatment"},
      {"dose_delayed", "A dose was delayed"},
      {"dose_reduced", "The dose was reduced"},
      {"drug_withdrawn", "The treatment was stopped"},
      {"other", "Something else"}};
  auto rows_of = [&](const std::string& prefix, std::size_t stored_rows) {
    std::size_t rows = std::max<std::size_t>(2, stored_rows + 1);
    for (std::size_t i = 0; i < static_cast<std::size_t>(app::kMaxAnswerRows); ++i) {
      const std::string p = fmt::format("{}_{}_", prefix, i);
      for (const auto& [key, value] : state.values) {
        // The action select always sends a value; it alone does not make a row.
        const bool action = key.size() > 7 && key.compare(key.size() - 7, 7, "_action") == 0;
        if (key.rfind(p, 0) == 0 && !value.empty() && !action) rows = std::max(rows, i + 2);
      }
    }
    return std::min<std::size_t>(rows, app::kMaxAnswerRows);
  };
  const std::size_t ae_rows = rows_of("ae", answers.adverse_events.size());
  for (std::size_t i = 0; i < ae_rows; ++i) {
    auto* row = step->AddSectionDictionary("AE_ROW");
    const std::string p = fmt::format("ae_{}_", i);
    row->SetIntValue("N", static_cast<long>(i + 1));
    FillField(*row->AddSectionDictionary("TERM"), state, stored, p + "term");
    FillField(*row->AddSectionDictionary("ONSET"), state, stored, p + "onset");
    auto* grade = row->AddSectionDictionary("GRADE");
    FillField(*grade, state, stored, p + "grade");
    FillOptions(*grade, GradeOptions(), ValueOf(state, stored, p + "grade"));
    auto* action = row->AddSectionDictionary("ACTION");
    FillField(*action, state, stored, p + "action");
    const std::string chosen = ValueOf(state, stored, p + "action");
    FillOptions(*action, kActions, chosen.empty() ? "none" : chosen);
  }
  const std::size_t site_rows = rows_of("site", answers.injection_sites.size());
  for (std::size_t i = 0; i < site_rows; ++i) {
    auto* row = step->AddSectionDictionary("SITE_ROW");
    const std::string p = fmt::format("site_{}_", i);
    row->SetIntValue("N", static_cast<long>(i + 1));
    FillField(*row->AddSectionDictionary("SITE"), state, stored, p + "site");
    FillField(*row->AddSectionDictionary("REACTION"), state, stored, p + "reaction");
    auto* grade = row->AddSectionDictionary("GRADE");
    FillField(*grade, state, stored, p + "grade");
    std::vector<std::pair<std::string, std::string>> options = GradeOptions();
    options[0].second = "No grade";
    FillOptions(*grade, options, ValueOf(state, stored, p + "grade"));
  }
}

void FillReviewStep(ctemplate::TemplateDictionary& main, const Loaded& loaded, bool due,
                    const FormState& state) {
  const store::SessionDraft& d = loaded.draft;
  auto* step = main.AddSectionDictionary("REVIEW_STEP");
  step->SetValue("CONFIRM_URL", PagePath(d.patient_id, d.id) + "/confirm");
  step->SetValue("PREV_HREF", PagePath(d.patient_id, d.id, "form"));
  bool ready = true;
  for (const ViewInfo& view : kViews) {
    auto* row = step->AddSectionDictionary("REVIEW_VIEW");
    row->SetValue("VIEW_TITLE", std::string(view.title));
    row->SetValue("STEP_HREF", PagePath(d.patient_id, d.id, view.name));
    const std::string field = "photo_" + std::string(view.name);
    const std::string& sha = *d.Photo(view.name);
    if (sha.empty()) {
      ready = false;
      row->ShowSection("MISSING");
    } else {
      auto* photo = row->AddSectionDictionary("THUMB");
      photo->SetValue("THUMB_URL",
                      "/api/v1/patients/" + d.patient_id + "/photos/" + sha + "?w=160");
      photo->SetValue("PHOTO_ALT",
                      fmt::format("{} photo, {}", view.title, PrettyDate(d.session_date)));
      const auto verdict = PhotoVerdictJson(AnalysisOf(loaded, view.name));
      if (verdict["level"] == "pending") ready = false;
      FillVerdict(*row, verdict);
    }
    if (auto e = state.errors.find(field); e != state.errors.end()) {
      row->SetValueAndShowSection("MESSAGE", e->second, "ERROR");
    }
  }
  const app::DraftAnswers a = AnswersOf(d);
  auto line = [&](const std::string& label, const std::string& value) {
    auto* l = step->AddSectionDictionary("ANSWER");
    l->SetValue("LABEL", label);
    l->SetValue("VALUE", value);
  };
  if (a.easi.empty()) {
    line("Eczema (EASI regions)", "not scored this time");
  } else {
    std::string text;
    for (const auto& r : a.easi) {
      if (!text.empty()) text += "; ";
      text += fmt::format("{}: area {}, signs {}/{}/{}/{}", r.region, r.area_score, r.erythema,
                          r.induration, r.excoriation, r.lichenification);
    }
    line("Eczema (EASI regions)", text);
  }
  line("Hair since your last session", !a.hair_change                  ? "not answered"
                                       : *a.hair_change == "more_hair" ? "more hair"
                                       : *a.hair_change == "less_hair" ? "less hair"
                                                                       : "about the same");
  line("Worst itch in the last 24 hours (0–10)",
       a.itch_nrs ? std::to_string(*a.itch_nrs) : "not answered");
  line("POEM (0–28)",
       a.poem ? std::to_string(*a.poem) : (due ? "not answered (asked today)" : "not asked today"));
  line("DLQI (0–30)",
       a.dlqi ? std::to_string(*a.dlqi) : (due ? "not answered (asked today)" : "not asked today"));
  line("Side effects", a.adverse_events.empty() ? "none" : "");
  for (const auto& e : a.adverse_events) {
    line("", fmt::format("{}, grade {}, since {}, {}", e.term, e.grade,
                         PrettyDate(e.onset.value_or(d.session_date)), e.action));
  }
  line("Injection-site reactions", a.injection_sites.empty() ? "none" : "");
  for (const auto& s : a.injection_sites) {
    line("", fmt::format("{}: {}{}", s.site, s.reaction,
                         s.ctcae_grade ? fmt::format(", grade {}", *s.ctcae_grade) : ""));
  }
  step->ShowSection(ready ? "READY" : "NOT_READY");
  if (!state.form_error.empty()) {
    step->SetValueAndShowSection("MESSAGE", state.form_error, "FORM_ERROR");
  }
}

Response RenderWizard(const Capture& capture, const Request& request, const Loaded& loaded,
                      std::string step, const FormState& state, int status) {
  const PatientContext& context = *capture.patients;
  const store::SessionDraft& d = loaded.draft;
  // Only the form and the review say whether POEM and DLQI are due (it reads the record).
  const bool due =
      (step == "form" || step == "review") && QuestionnairesDueFor(context, request, d);
  return RenderCapturePage(
      context, request, status, d.patient_id, "Session of " + PrettyDate(d.session_date),
      "capture.tpl", [&](ctemplate::TemplateDictionary& main) {
        main.SetValue("DRAFT_ID", d.id);
        main.SetValue("SESSION_DATE", PrettyDate(d.session_date));
        main.SetValue("DISCARD_URL", PagePath(d.patient_id, d.id) + "/discard");
        int n = 0;
        for (const ViewInfo& view : kViews) {
          auto* s = main.AddSectionDictionary("STEP");
          s->SetValue("HREF", PagePath(d.patient_id, d.id, view.name));
          s->SetValue("LABEL", fmt::format("{}. {}", ++n, view.title));
          if (!d.Photo(view.name)->empty()) s->ShowSection("DONE");
          if (step == view.name) s->ShowSection("CURRENT");
        }
        for (auto [name, label] : {std::pair{"form", "6. Symptoms and side effects"},
                                   std::pair{"review", "7. Review and confirm"}}) {
          auto* s = main.AddSectionDictionary("STEP");
          s->SetValue("HREF", PagePath(d.patient_id, d.id, name));
          s->SetValue("LABEL", label);
          if (step == name) s->ShowSection("CURRENT");
        }
        if (const ViewInfo* view = FindView(step)) {
          FillViewStep(main, loaded, *view, state);
        } else if (step == "form") {
          FillFormStep(main, loaded, due, state);
        } else {
          FillReviewStep(main, loaded, due, state);
        }
      });
}

// The step to show when none is asked for: the first view without a photo, else the form.
std::string DefaultStep(const store::SessionDraft& d) {
  for (const ViewInfo& view : kViews) {
    if (d.Photo(view.name)->empty()) return std::string(view.name);
  }
  return "form";
}

Response GetWizard(const Capture& capture, Request& request) {
  auto loaded = LoadDraft(*capture.patients, request);
  if (!loaded) return ErrorResponse(request, loaded.error(), capture.patients->log);
  std::string step = request.query.GetOne("step").value_or("");
  if (step != "form" && step != "review" && FindView(step) == nullptr) {
    step = DefaultStep(loaded->draft);
  }
  return RenderWizard(capture, request, *loaded, step, {}, 200);
}

// --- new session page ---------------------------------------------------------------------

std::string Today(StoreGate& store) {
  return store.With([](store::Store& s) { return s.clock().NowUtc().substr(0, 10); });
}

Response RenderNewSession(const Capture& capture, const Request& request,
                          const store::Patient& patient, const FormState& state, int status) {
  const PatientContext& context = *capture.patients;
  const store::Actor actor = request.principal->actor();
  auto drafts =
      context.store->With([&](store::Store& s) { return s.ListDrafts(actor, patient.id); });
  if (!drafts) return ErrorResponse(request, drafts.error(), context.log);
  auto record =
      context.store->With([&](store::Store& s) { return s.GetPatientRecord(actor, patient.id); });
  if (!record) return ErrorResponse(request, record.error(), context.log);
  return RenderCapturePage(
      context, request, status, patient.id, "New session", "capture_new.tpl",
      [&](ctemplate::TemplateDictionary& main) {
        main.SetValue("CREATE_URL", "/patients/" + patient.id + "/drafts");
        main.SetValue("SESSION_DATE", state.values.count("session_date")
                                          ? state.values.at("session_date")
                                          : Today(*context.store));
        if (auto e = state.errors.find("session_date"); e != state.errors.end()) {
          main.SetValueAndShowSection("MESSAGE", e->second, "SESSION_DATE_ERROR");
        }
        if (auto e = state.errors.find("course_id"); e != state.errors.end()) {
          main.SetValueAndShowSection("MESSAGE", e->second, "COURSE_ID_ERROR");
        }
        if (!state.form_error.empty()) {
          main.SetValueAndShowSection("MESSAGE", state.form_error, "FORM_ERROR");
        }
        const std::string chosen =
            state.values.count("course_id") ? state.values.at("course_id") : "";
        auto* none = main.AddSectionDictionary("COURSE");
        none->SetValue("COURSE_VALUE", "");
        none->SetValue("COURSE_LABEL", "No course (a baseline before treatment)");
        for (auto it = record->courses.rbegin(); it != record->courses.rend(); ++it) {
          auto* c = main.AddSectionDictionary("COURSE");
          c->SetValue("COURSE_VALUE", it->id);
          c->SetValue("COURSE_LABEL",
                      fmt::format("{}, since {}", it->medication, PrettyDate(it->start_date)));
          if (it->id == chosen ||
              (chosen.empty() && it == record->courses.rbegin() && !it->end_date)) {
            c->ShowSection("SELECTED");
          }
        }
        if (auto recorded = request.query.GetOne("recorded"); recorded) {
          main.SetValueAndShowSection("SESSION_ID", *recorded, "RECORDED");
        }
        for (const auto& d : *drafts) {
          auto* row = main.AddSectionDictionary("DRAFT");
          row->SetValue("DRAFT_HREF", PagePath(patient.id, d.id));
          row->SetValue("DRAFT_DATE", PrettyDate(d.session_date));
          int photos = 0;
          for (std::string_view view : store::kDraftViews) photos += !d.Photo(view)->empty();
          row->SetIntValue("PHOTOS", photos);
        }
        if (drafts->empty()) main.ShowSection("NO_DRAFTS");
        if (record->sessions.empty()) main.ShowSection("BASELINE");
      });
}

Response GetNewSession(const Capture& capture, Request& request) {
  auto patient = LoadPatientForRequest(*capture.patients->store, request);
  if (!patient) return ErrorResponse(request, patient.error(), capture.patients->log);
  return RenderNewSession(capture, request, *patient, {}, 200);
}

// Creates a draft from `date` and `course_id` text (form or JSON).
Result<store::SessionDraft> CreateDraftFrom(const PatientContext& context, const Request& request,
                                            const std::string& patient_id, const std::string& date,
                                            const std::string& course_id) {
  auto day = Date::Parse(date, "session_date");
  if (!day) {
    return MakeError(ErrorCode::kInvalidArgument, "must be a date YYYY-MM-DD", "session_date");
  }
  const std::string today = Today(*context.store);
  if (day->ToString() > today) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "is in the future; a session records photos taken today or earlier",
                     "session_date");
  }
  store::SessionDraft draft;
  draft.patient_id = patient_id;
  draft.course_id = course_id;
  draft.session_date = *day;
  const store::Actor actor = request.principal->actor();
  return context.store->With([&](store::Store& s) { return s.CreateDraft(actor, draft); });
}

Response PostCreateDraftPage(const Capture& capture, Request& request) {
  auto patient = LoadPatientForRequest(*capture.patients->store, request);
  if (!patient) return ErrorResponse(request, patient.error(), capture.patients->log);
  FormState state;
  state.values["session_date"] = request.form.GetOne("session_date").value_or("");
  state.values["course_id"] = request.form.GetOne("course_id").value_or("");
  auto draft = CreateDraftFrom(*capture.patients, request, patient->id,
                               state.values["session_date"], state.values["course_id"]);
  if (!draft) {
    if (HttpStatusFor(draft.error().code) == 500) {
      return ErrorResponse(request, draft.error(), capture.patients->log);
    }
    PutError(state, draft.error());
    return RenderNewSession(capture, request, *patient, state, 400);
  }
  return RedirectResponse(PagePath(patient->id, draft->id));
}

// --- upload -------------------------------------------------------------------------------

// The upload's decode and intake errors in words a patient can act on (field "photo").
Error UploadError(const Error& error) {
  Error out{ErrorCode::kInvalidArgument, "", "photo"};
  switch (error.code) {
    case ErrorCode::kTooLarge:
      out.code = ErrorCode::kTooLarge;
      out.message = fmt::format(
          "This photo is too large ({}). Take it again, or choose a smaller copy: at most {} MB "
          "and {} megapixels.",
          error.message, kMaxCapturePhotoBytes >> 20, imaging::kMaxImagePixels / 1'000'000);
      break;
    case ErrorCode::kUnsupported:
      out.code = ErrorCode::kUnsupported;
      out.message =
          "This file is not a photo Tricholog can read. Choose a JPEG, PNG, WebP or HEIC photo.";
      break;
    case ErrorCode::kParseError:
      out.code = ErrorCode::kParseError;
      out.message =
          "This photo file is damaged or incomplete (" + error.message + "). Take the photo again.";
      break;
    default:
      return error;
  }
  return out;
}

}  // namespace

Result<const MultipartPart*> CapturePhotoPart(const Request& request) {
  const MultipartPart* part = nullptr;
  for (const MultipartPart& file : request.files) {
    if (file.name == "photo") part = &file;
  }
  if (part == nullptr || part->body.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "Choose a photo to upload.", "photo");
  }
  return part;
}

Result<app::IntakenPhoto> IntakeCapturePhoto(store::BlobStore& blobs, const std::string& view,
                                             const MultipartPart& part) {
  imaging::DecodeLimits limits;
  limits.max_bytes = kMaxCapturePhotoBytes;
  auto intaken = app::IntakePhoto(
      blobs, view,
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(part.body.data()),
                                    part.body.size()),
      limits);
  if (!intaken) return tl::unexpected(UploadError(intaken.error()));
  return intaken;
}

Result<store::PhotoAnalysis> QueueCaptureAnalysis(store::Store& s, const store::Actor& actor,
                                                  const std::string& patient_id,
                                                  const std::string& sha, const std::string& view) {
  auto q = s.QueuePhotoAnalysis(actor, patient_id, sha, view);
  if (!q) return tl::unexpected(q.error());
  if (q->view != view) {
    // The same photo was taken in before as another view: analyse it again as this one
    // (masks, figures and corrections of the other view do not apply).
    q->view = view;
    q->status = "pending";
    q->error.clear();
    q->scalp_mask_sha256.clear();
    q->loss_mask_sha256.clear();
    q->user_scalp_mask_sha256.clear();
    q->user_loss_mask_sha256.clear();
    q->result_json = "{}";
    auto resaved = s.SavePhotoAnalysis(actor, *q);
    if (!resaved) return tl::unexpected(resaved.error());
    q = resaved;
  }
  return q;
}

namespace {

// The upload's answer: the page redirects back to the step (or shows the error there), the API
// returns the queued analysis and its verdict.
Response UploadFailed(const Capture& capture, Request& request, const Error& error, bool page) {
  if (!page || error.field != "photo") {
    return ErrorResponse(request, error, capture.patients->log);
  }
  auto loaded = LoadDraft(*capture.patients, request);
  if (!loaded) return ErrorResponse(request, loaded.error(), capture.patients->log);
  FormState state;
  state.errors["photo"] = error.message;
  return RenderWizard(capture, request, *loaded, std::string(request.PathParam("view")), state,
                      HttpStatusFor(error.code));
}

Response UploadDone(const store::SessionDraft& draft, const store::PhotoAnalysis& analysis,
                    const std::string& view, bool page) {
  if (page) return RedirectResponse(PagePath(draft.patient_id, draft.id, view));
  nlohmann::json out = {{"view", view},
                        {"photo_sha256", analysis.photo_sha256},
                        {"analysis", PhotoAnalysisJson(analysis)},
                        {"verdict", PhotoVerdictJson(analysis)},
                        {"analysis_url", "/api/v1/patients/" + analysis.patient_id +
                                             "/photo-analyses/" + analysis.photo_sha256},
                        {"draft_url", ApiPath(draft.patient_id, draft.id)}};
  return JsonResponse(analysis.status == "pending" ? 202 : 200, out);
}

// Takes the photo in (decode limits, metadata stripped) on the worker pool, queues its analysis
// and sets it as the draft's photo of the view in one transaction, then submits the analysis job.
// One coroutine per request (GCC 12 misreports a coroutine awaited by another as a mismatched
// new/delete of Asio's frame).
Task<Response> PostUpload(Shared capture, Request& request, bool page) {
  const PatientContext& context = *capture->patients;
  auto loaded = LoadDraft(context, request);
  if (!loaded) co_return UploadFailed(*capture, request, loaded.error(), false);
  const std::string view(request.PathParam("view"));
  if (FindView(view) == nullptr) {
    co_return UploadFailed(
        *capture, request,
        Error{ErrorCode::kNotFound, "must be one of top, front, back, left, right", "view"}, false);
  }
  auto part = CapturePhotoPart(request);
  if (!part) co_return UploadFailed(*capture, request, part.error(), page);
  store::BlobStore* blobs = context.blobs;
  const MultipartPart* photo_part = *part;
  auto job = [blobs, photo_part, &view] { return IntakeCapturePhoto(*blobs, view, *photo_part); };
  auto intaken = co_await RunOnWorkers(*context.pool, job);
  if (!intaken) co_return UploadFailed(*capture, request, intaken.error(), page);
  const store::Actor actor = request.principal->actor();
  const std::string sha = intaken->photo.sha256;
  for (const ViewInfo& other : kViews) {
    if (other.name != view && *loaded->draft.Photo(other.name) == sha) {
      co_return UploadFailed(
          *capture, request,
          Error{ErrorCode::kInvalidArgument,
                fmt::format("This is the same photo as the {} view. Take a photo of the {}.",
                            other.title, FindView(view)->title),
                "photo"},
          page);
    }
  }
  store::PhotoAnalysis queued;
  auto saved = context.store->With([&](store::Store& s) -> Result<void> {
    return s.RunInTransaction([&]() -> Result<void> {
      auto q = QueueCaptureAnalysis(s, actor, loaded->patient.id, sha, view);
      if (!q) return tl::unexpected(q.error());
      queued = *q;
      store::SessionDraft draft = loaded->draft;
      *draft.Photo(view) = sha;
      auto updated = s.UpdateDraft(actor, draft);
      if (!updated) return tl::unexpected(updated.error());
      loaded->draft = *updated;
      return {};
    });
  });
  if (!saved) co_return UploadFailed(*capture, request, saved.error(), page);
  // The same photo uploaded again keeps its finished analysis; a pending one is (re)submitted.
  if (queued.status == "pending") capture->jobs->Submit(actor, queued);
  co_return UploadDone(loaded->draft, queued, view, page);
}

// --- answers and confirm ------------------------------------------------------------------

Result<store::SessionDraft> SaveAnswers(const PatientContext& context, const Request& request,
                                        store::SessionDraft draft,
                                        const app::DraftAnswers& answers) {
  draft.answers_json = app::DraftAnswersToJson(answers).dump();
  const store::Actor actor = request.principal->actor();
  return context.store->With([&](store::Store& s) { return s.UpdateDraft(actor, draft); });
}

std::map<std::string, std::string> FormMap(const Request& request) {
  std::map<std::string, std::string> form;
  for (const auto& [name, value] : request.form.entries()) form[name] = value;
  return form;
}

Response PostAnswersPage(const Capture& capture, Request& request) {
  auto loaded = LoadDraft(*capture.patients, request);
  if (!loaded) return ErrorResponse(request, loaded.error(), capture.patients->log);
  const auto form = FormMap(request);
  auto answers = app::DraftAnswersFromForm(form);
  if (!answers) {
    FormState state;
    for (const auto& [name, value] : form) {
      if (name != "csrf") state.values[name] = value;
    }
    PutError(state, answers.error());
    return RenderWizard(capture, request, *loaded, "form", state, 400);
  }
  auto saved = SaveAnswers(*capture.patients, request, loaded->draft, *answers);
  if (!saved) return ErrorResponse(request, saved.error(), capture.patients->log);
  return RedirectResponse(PagePath(loaded->draft.patient_id, loaded->draft.id, "review"));
}

Result<store::TrackingSession> Confirm(const PatientContext& context, const Request& request,
                                       const Loaded& loaded) {
  const store::Actor actor = request.principal->actor();
  return context.store->With([&](store::Store& s) {
    return app::ConfirmSessionDraft(s, actor, loaded.patient.id, loaded.draft.id);
  });
}

Response PostConfirmPage(const Capture& capture, Request& request) {
  auto loaded = LoadDraft(*capture.patients, request);
  if (!loaded) return ErrorResponse(request, loaded.error(), capture.patients->log);
  auto session = Confirm(*capture.patients, request, *loaded);
  if (!session) {
    if (HttpStatusFor(session.error().code) == 500 ||
        session.error().code == ErrorCode::kNotFound) {
      return ErrorResponse(request, AsNotFound(session.error()), capture.patients->log);
    }
    FormState state;
    if (session.error().field.rfind("photo_", 0) == 0) {
      state.errors[session.error().field] = session.error().message;
      state.form_error = "The session is not recorded yet: " + session.error().message;
    } else {
      state.form_error = "The session is not recorded yet: " + session.error().message + " (in " +
                         session.error().field + "; change it in step 6)";
    }
    return RenderWizard(capture, request, *loaded, "review", state,
                        HttpStatusFor(session.error().code));
  }
  return RedirectResponse("/patients/" + loaded->patient.id +
                          "/sessions/new?recorded=" + session->id);
}

Response PostDiscardPage(const Capture& capture, Request& request) {
  auto loaded = LoadDraft(*capture.patients, request);
  if (!loaded) return ErrorResponse(request, loaded.error(), capture.patients->log);
  const store::Actor actor = request.principal->actor();
  auto gone = capture.patients->store->With(
      [&](store::Store& s) { return s.DeleteDraft(actor, loaded->patient.id, loaded->draft.id); });
  if (!gone) return ErrorResponse(request, gone.error(), capture.patients->log);
  return RedirectResponse("/patients/" + loaded->patient.id + "/sessions/new");
}

// --- JSON API -----------------------------------------------------------------------------

Result<nlohmann::json> JsonBody(const Request& request) {
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return MakeError(ErrorCode::kInvalidArgument, "the body must be a JSON object", "body");
  }
  return body;
}

Response ApiCreateDraft(const Capture& capture, Request& request) {
  auto patient = LoadPatientForRequest(*capture.patients->store, request);
  if (!patient) return ErrorResponse(request, patient.error(), capture.patients->log);
  auto body = JsonBody(request);
  if (!body) return ErrorResponse(request, body.error());
  std::string date = Today(*capture.patients->store);
  std::string course;
  if (body->contains("session_date")) {
    if (!(*body)["session_date"].is_string()) {
      return ErrorResponse(
          request, Error{ErrorCode::kInvalidArgument, "must be a date YYYY-MM-DD", "session_date"});
    }
    date = (*body)["session_date"].get<std::string>();
  }
  if (body->contains("course_id") && !(*body)["course_id"].is_null()) {
    if (!(*body)["course_id"].is_string()) {
      return ErrorResponse(request,
                           Error{ErrorCode::kInvalidArgument, "must be text", "course_id"});
    }
    course = (*body)["course_id"].get<std::string>();
  }
  auto draft = CreateDraftFrom(*capture.patients, request, patient->id, date, course);
  if (!draft) return ErrorResponse(request, draft.error(), capture.patients->log);
  Loaded loaded{*patient, *draft, {}};
  return JsonResponse(201,
                      DraftJson(loaded, QuestionnairesDueFor(*capture.patients, request, *draft)));
}

Response ApiListDrafts(const Capture& capture, Request& request) {
  auto patient = LoadPatientForRequest(*capture.patients->store, request);
  if (!patient) return ErrorResponse(request, patient.error(), capture.patients->log);
  const store::Actor actor = request.principal->actor();
  auto drafts = capture.patients->store->With(
      [&](store::Store& s) { return s.ListDrafts(actor, patient->id); });
  if (!drafts) return ErrorResponse(request, drafts.error(), capture.patients->log);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& d : *drafts) {
    nlohmann::json views = nlohmann::json::array();
    for (std::string_view view : store::kDraftViews) {
      if (!d.Photo(view)->empty()) views.push_back(view);
    }
    list.push_back(
        {{"id", d.id},
         {"session_date", d.session_date.ToString()},
         {"course_id", d.course_id.empty() ? nlohmann::json() : nlohmann::json(d.course_id)},
         {"views_taken", views},
         {"url", ApiPath(d.patient_id, d.id)},
         {"page_url", PagePath(d.patient_id, d.id)},
         {"updated_at", d.updated_at}});
  }
  return JsonResponse(200, {{"drafts", list}});
}

Response ApiGetDraft(const Capture& capture, Request& request) {
  auto loaded = LoadDraft(*capture.patients, request);
  if (!loaded) return ErrorResponse(request, loaded.error(), capture.patients->log);
  return JsonResponse(
      200, DraftJson(*loaded, QuestionnairesDueFor(*capture.patients, request, loaded->draft)));
}

Response ApiPutAnswers(const Capture& capture, Request& request) {
  auto loaded = LoadDraft(*capture.patients, request);
  if (!loaded) return ErrorResponse(request, loaded.error(), capture.patients->log);
  auto body = JsonBody(request);
  if (!body) return ErrorResponse(request, body.error());
  auto answers = app::DraftAnswersFromJson(*body);
  if (!answers) return ErrorResponse(request, answers.error());
  auto saved = SaveAnswers(*capture.patients, request, loaded->draft, *answers);
  if (!saved) return ErrorResponse(request, saved.error(), capture.patients->log);
  loaded->draft = *saved;
  return JsonResponse(
      200, DraftJson(*loaded, QuestionnairesDueFor(*capture.patients, request, loaded->draft)));
}

Response ApiConfirm(const Capture& capture, Request& request) {
  auto loaded = LoadDraft(*capture.patients, request);
  if (!loaded) return ErrorResponse(request, loaded.error(), capture.patients->log);
  auto session = Confirm(*capture.patients, request, *loaded);
  if (!session) return ErrorResponse(request, AsNotFound(session.error()), capture.patients->log);
  nlohmann::json salt = nlohmann::json::array();
  for (const auto& r : session->salt_regions) {
    salt.push_back({{"region", r.region}, {"loss_pct", r.loss_pct}});
  }
  return JsonResponse(201, {{"session_id", session->id},
                            {"patient_id", session->patient_id},
                            {"session_date", session->session_date.ToString()},
                            {"salt_regions", salt},
                            {"photos", session->photos.size()}});
}

Response ApiDeleteDraft(const Capture& capture, Request& request) {
  auto loaded = LoadDraft(*capture.patients, request);
  if (!loaded) return ErrorResponse(request, loaded.error(), capture.patients->log);
  const store::Actor actor = request.principal->actor();
  auto gone = capture.patients->store->With(
      [&](store::Store& s) { return s.DeleteDraft(actor, loaded->patient.id, loaded->draft.id); });
  if (!gone) return ErrorResponse(request, gone.error(), capture.patients->log);
  Response response;
  response.status = 204;
  return response;
}

}  // namespace

Result<void> AddCaptureRoutes(Router& router, std::shared_ptr<const PatientContext> patients,
                              std::shared_ptr<AnalysisJobs> jobs) {
  auto capture = std::make_shared<const Capture>(Capture{std::move(patients), std::move(jobs)});
  auto sync = [capture](Response (*handler)(const Capture&, Request&)) {
    return SyncHandler([capture, handler](Request& r) { return handler(*capture, r); });
  };
  const std::string page = "/patients/{patient_id}";
  const std::string api = "/api/v1/patients/{patient_id}";
  std::vector<Route> routes;
  routes.push_back({Method::kGet, page + "/sessions/new", "capture.new", Access::kSignedIn,
                    kDefaultMaxBodyBytes, sync(&GetNewSession)});
  routes.push_back({Method::kPost, page + "/drafts", "capture.create", Access::kSignedIn,
                    kDefaultMaxBodyBytes, sync(&PostCreateDraftPage)});
  routes.push_back({Method::kGet, page + "/drafts/{draft_id}", "capture.wizard", Access::kSignedIn,
                    kDefaultMaxBodyBytes, sync(&GetWizard)});
  routes.push_back({Method::kPost, page + "/drafts/{draft_id}/photos/{view}", "capture.upload",
                    Access::kSignedIn, kMaxCaptureUploadBody,
                    [capture](Request& r) { return PostUpload(capture, r, true); }});
  routes.push_back({Method::kPost, page + "/drafts/{draft_id}/answers", "capture.answers",
                    Access::kSignedIn, kDefaultMaxBodyBytes, sync(&PostAnswersPage)});
  routes.push_back({Method::kPost, page + "/drafts/{draft_id}/confirm", "capture.confirm",
                    Access::kSignedIn, kDefaultMaxBodyBytes, sync(&PostConfirmPage)});
  routes.push_back({Method::kPost, api + "/drafts", "api.capture.create", Access::kSignedIn,
                    kDefaultMaxBodyBytes, sync(&ApiCreateDraft)});
  routes.push_back({Method::kGet, api + "/drafts", "api.capture.list", Access::kSignedIn,
                    kDefaultMaxBodyBytes, sync(&ApiListDrafts)});
  routes.push_back({Method::kGet, api + "/drafts/{draft_id}", "api.capture.get", Access::kSignedIn,
                    kDefaultMaxBodyBytes, sync(&ApiGetDraft)});
  routes.push_back({Method::kPut, api + "/drafts/{draft_id}/answers", "api.capture.answers",
                    Access::kSignedIn, kDefaultMaxBodyBytes, sync(&ApiPutAnswers)});
  routes.push_back({Method::kPost, api + "/drafts/{draft_id}/confirm", "api.capture.confirm",
                    Access::kSignedIn, kDefaultMaxBodyBytes, sync(&ApiConfirm)});
  routes.push_back({Method::kPost, api + "/drafts/{draft_id}/photos/{view}", "api.capture.upload",
                    Access::kSignedIn, kMaxCaptureUploadBody,
                    [capture](Request& r) { return PostUpload(capture, r, false); }});
  // Last: the route x actor test walks routes in order, and these end the draft.
  routes.push_back({Method::kPost, page + "/drafts/{draft_id}/discard", "capture.discard",
                    Access::kSignedIn, kDefaultMaxBodyBytes, sync(&PostDiscardPage)});
  routes.push_back({Method::kDelete, api + "/drafts/{draft_id}", "api.capture.delete",
                    Access::kSignedIn, kDefaultMaxBodyBytes, sync(&ApiDeleteDraft)});
  for (auto& route : routes) {
    if (auto added = router.Add(std::move(route)); !added) return added;
  }
  return {};
}

}  // namespace tricholog::http
