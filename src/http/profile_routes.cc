// Onboarding: the profile page (name and birth year, conditions, treatment history, current
// medications), starting a course from a protocol, and their JSON twins. Every action is one
// Store call (one transaction), authorised and audited by the store. A form that fails comes
// back with each error next to its field and what was typed kept.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/patient_overview.h"
#include "app/protocol_catalog.h"
#include "core/strict_json.h"
#include "http/patient_pages_routes.h"
#include "store/store.h"

namespace tricholog::http {
namespace {

using nlohmann::json;

struct Onboarding {
  std::shared_ptr<const PatientContext> context;
  std::shared_ptr<const std::vector<Protocol>> catalog;
};
using Shared = std::shared_ptr<const Onboarding>;

// Form fields as text: a page's form or a JSON body's values.
using Fields = std::map<std::string, std::string>;

constexpr std::string_view kEarliestDate = "1900-01-01";
// A course may be entered up to a year ahead (planned start); sessions attach once it starts.
constexpr int kMaxDaysAhead = 366;
constexpr std::size_t kMaxReasonBytes = 500;

// Condition codes (clinical.md §3.1): SNOMED CT, ICD-10, ICD-11.
struct ConditionKind {
  std::string_view kind;
  std::string_view label;
  std::string_view snomed;
  std::string_view icd10;
  std::string_view icd11;
};
constexpr ConditionKind kConditionKinds[] = {
    {"alopecia_areata", "Alopecia areata", "68225006", "L63.9", "ED70.2"},
    {"atopic_dermatitis", "Atopic dermatitis (eczema)", "24079001", "L20.9", "EA80"},
    {"other", "Something else", "", "", ""},
};
// Alopecia areata patterns (clinical.md §1.1); "" is "not sure".
constexpr std::pair<std::string_view, std::string_view> kAaSubtypes[] = {
    {"", "Not sure"},
    {"patchy", "Patchy"},
    {"ophiasis", "Ophiasis (a band at the back and sides)"},
    {"totalis", "Totalis (the whole scalp)"},
    {"universalis", "Universalis (scalp and body)"},
    {"diffuse", "Diffuse"},
};

const ConditionKind* FindKind(std::string_view kind) {
  for (const ConditionKind& k : kConditionKinds) {
    if (k.kind == kind) return &k;
  }
  return nullptr;
}

std::string KindLabel(std::string_view kind) {
  const ConditionKind* k = FindKind(kind);
  return k != nullptr ? std::string(k->label) : std::string(kind);
}

std::string Get(const Fields& fields, const std::string& key) {
  auto it = fields.find(key);
  return it == fields.end() ? std::string() : it->second;
}

std::string Trim(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

Date TodayOf(store::Store& s) {
  return Date::Parse(s.clock().NowUtc().substr(0, 10)).value_or(Date());
}

// An optional date field: empty -> none; else YYYY-MM-DD from 1900-01-01 to `latest`.
Result<std::optional<Date>> OptionalDate(const std::string& text, const std::string& field,
                                         Date latest) {
  if (text.empty()) return std::optional<Date>();
  auto date = Date::Parse(text, field);
  if (!date) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "'" + text.substr(0, 20) + "' is not a date; use YYYY-MM-DD", field);
  }
  if (*date < *Date::Parse(kEarliestDate) || *date > latest) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("{} is out of range; allowed {} to {}", date->ToString(),
                                 kEarliestDate, latest.ToString()),
                     field);
  }
  return std::optional<Date>(*date);
}

// Birth year text: empty -> none; four digits otherwise (the range is the store's).
Result<std::optional<int>> BirthYear(const std::string& text) {
  if (text.empty()) return std::optional<int>();
  int year = 0;
  bool digits = text.size() == 4;
  for (std::size_t i = 0; digits && i < text.size(); ++i) {
    digits = std::isdigit(static_cast<unsigned char>(text[i])) != 0;
    year = year * 10 + (text[i] - '0');
  }
  if (!digits) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "'" + text.substr(0, 20) + "' is not a year; write four digits, e.g. 1990",
                     "birth_year");
  }
  return std::optional<int>(year);
}

std::string PatientIdOf(const Request& request) {
  return std::string(request.PathParam("patient_id"));
}

// Access errors are 404 (never 403) for someone who may not see the record.
Error Shown(Error error) {
  if (error.code == ErrorCode::kPermissionDenied) {
    return Error{ErrorCode::kNotFound, "no such patient, or not one you may see", "patient_id"};
  }
  return error;
}

// ---- the actions (one store call each) -------------------------------------------------------

Result<store::Patient> SaveProfile(const PatientContext& c, const Request& r, const Fields& f) {
  auto year = BirthYear(Trim(Get(f, "birth_year")));
  if (!year) return tl::unexpected(year.error());
  const std::string name = Trim(Get(f, "display_name"));
  return c.store->With([&](store::Store& s) {
    return s.UpdatePatientProfile(r.principal->actor(), PatientIdOf(r), name, *year);
  });
}

Result<store::Condition> AddCondition(const PatientContext& c, const Request& r, const Fields& f) {
  const std::string kind = Get(f, "kind");
  const ConditionKind* k = FindKind(kind);
  if (k == nullptr) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "choose alopecia areata, atopic dermatitis or something else", "kind");
  }
  std::string subtype = Trim(Get(f, "subtype"));
  if (kind == "alopecia_areata") {
    const bool known = std::any_of(std::begin(kAaSubtypes), std::end(kAaSubtypes),
                                   [&](const auto& s) { return s.first == subtype; });
    if (!known) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "choose patchy, ophiasis, totalis, universalis, diffuse or not sure",
                       "subtype");
    }
  } else if (subtype.size() > 200) {
    return MakeError(ErrorCode::kInvalidArgument, "is longer than 200 bytes", "subtype");
  }
  return c.store->With([&](store::Store& s) -> Result<store::Condition> {
    auto onset = OptionalDate(Trim(Get(f, "onset")), "onset", TodayOf(s));
    if (!onset) return tl::unexpected(onset.error());
    return s.AddCondition(r.principal->actor(),
                          {"", PatientIdOf(r), kind, std::string(k->snomed), std::string(k->icd10),
                           std::string(k->icd11), subtype, *onset});
  });
}

Result<store::PastTreatment> AddHistory(const PatientContext& c, const Request& r,
                                        const Fields& f) {
  return c.store->With([&](store::Store& s) -> Result<store::PastTreatment> {
    const Date today = TodayOf(s);
    auto started = OptionalDate(Trim(Get(f, "started_on")), "started_on", today);
    if (!started) return tl::unexpected(started.error());
    auto ended = OptionalDate(Trim(Get(f, "ended_on")), "ended_on", today);
    if (!ended) return tl::unexpected(ended.error());
    return s.AddPastTreatment(
        r.principal->actor(),
        {"", PatientIdOf(r), Trim(Get(f, "name")), *started, *ended, Trim(Get(f, "response")), ""});
  });
}

Result<store::Medication> AddMedication(const PatientContext& c, const Request& r,
                                        const Fields& f) {
  return c.store->With([&](store::Store& s) -> Result<store::Medication> {
    auto since = OptionalDate(Trim(Get(f, "since")), "since", TodayOf(s));
    if (!since) return tl::unexpected(since.error());
    return s.AddMedication(r.principal->actor(), {"", PatientIdOf(r), Trim(Get(f, "name")),
                                                  Trim(Get(f, "dose")), *since, ""});
  });
}

// "600 mg loading dose, then 300 mg every 2 weeks, subcutaneous", from a protocol regimen.
std::string DosingText(const Regimen& regimen) {
  std::string text;
  if (regimen.loading_dose_mg)
    text = fmt::format("{:g} mg loading dose, then ", *regimen.loading_dose_mg);
  if (regimen.dose) {
    const Dose& d = *regimen.dose;
    text += d.amount_max ? fmt::format("{:g} to {:g} {}", d.amount, *d.amount_max, d.unit)
                         : fmt::format("{:g} {}", d.amount, d.unit);
    if (d.times_per_day) {
      text +=
          *d.times_per_day == 1 ? " once a day" : fmt::format(" {} times a day", *d.times_per_day);
    } else if (d.every_weeks) {
      text += d.every_weeks_max
                  ? fmt::format(" every {} to {} weeks", *d.every_weeks, *d.every_weeks_max)
                  : fmt::format(" every {} week{}", *d.every_weeks, *d.every_weeks == 1 ? "" : "s");
    }
  } else {
    text += "dose set by the prescriber";
  }
  return text + ", " + regimen.route;
}

std::string LabelWords(const LabelStatus& label) {
  switch (label.status) {
    case LabelStatusKind::kApproved: {
      std::string regions;
      for (const std::string& r : label.regions) regions += (regions.empty() ? "" : ", ") + r;
      return regions.empty() ? "approved" : "approved (" + regions + ")";
    }
    case LabelStatusKind::kOffLabel:
      return "off-label";
    case LabelStatusKind::kNotIndicated:
      return "not a treatment for it";
  }
  return "";
}

Result<store::Course> StartCourse(const Onboarding& o, const Request& r, const Fields& f) {
  const std::string protocol_id = Get(f, "protocol_id");
  auto protocol = app::FindProtocol(*o.catalog, protocol_id);
  if (!protocol) {
    return MakeError(ErrorCode::kInvalidArgument, "choose one of the protocols listed",
                     "protocol_id");
  }
  const Regimen* regimen = nullptr;
  const std::string regimen_id = Get(f, "regimen_id");
  for (const Regimen& candidate : protocol->dosing.regimens) {
    if (candidate.id == regimen_id || (regimen_id.empty() && regimen == nullptr)) {
      regimen = &candidate;
    }
  }
  if (regimen == nullptr) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "choose one of the dosing regimens of " + protocol->name, "regimen_id");
  }
  const std::string reason = Trim(Get(f, "reason"));
  if (reason.size() > kMaxReasonBytes) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        fmt::format("is {} bytes long; allowed at most {}", reason.size(), kMaxReasonBytes),
        "reason");
  }
  const std::string condition_id = Get(f, "condition_id");
  return o.context->store->With([&](store::Store& s) -> Result<store::Course> {
    const store::Actor actor = r.principal->actor();
    auto start =
        OptionalDate(Trim(Get(f, "start_date")), "start_date", TodayOf(s).AddDays(kMaxDaysAhead));
    if (!start) return tl::unexpected(start.error());
    if (!*start)
      return MakeError(ErrorCode::kMissingField, "give the day of the first dose", "start_date");
    auto profile = s.GetPatientProfile(actor, PatientIdOf(r));
    if (!profile) return tl::unexpected(profile.error());
    const store::Condition* condition = nullptr;
    for (const store::Condition& c : profile->conditions) {
      if (c.id == condition_id) condition = &c;
    }
    if (condition == nullptr) {
      return MakeError(ErrorCode::kInvalidArgument,
                       profile->conditions.empty()
                           ? "add the condition this course treats to your profile first"
                           : "choose one of your conditions",
                       "condition_id");
    }
    const auto treated = app::ProtocolConditionOf(condition->kind);
    if (treated && protocol->Label(*treated).status == LabelStatusKind::kNotIndicated) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("{} is not a treatment for {}; choose another protocol or "
                                   "condition",
                                   protocol->name, KindLabel(condition->kind)),
                       "protocol_id");
    }
    store::Course course;
    course.patient_id = PatientIdOf(r);
    course.condition_id = condition->id;
    course.protocol_id = protocol->id;
    course.treatment_class = std::string(TreatmentClassName(protocol->treatment_class));
    course.medication = protocol->id;
    course.dosing = DosingText(*regimen);
    course.reason = reason;
    course.off_label = app::OffLabelFor(*protocol, condition->kind);
    course.start_date = **start;
    return s.StartCourse(actor, course);
  });
}

// ---- JSON -------------------------------------------------------------------------------------

json OptDate(const std::optional<Date>& d) { return d ? json(d->ToString()) : json(nullptr); }

json ConditionJson(const store::Condition& c) {
  return {{"id", c.id},
          {"kind", c.kind},
          {"subtype", c.subtype},
          {"onset", OptDate(c.onset)},
          {"snomed_code", c.snomed_code},
          {"icd10_code", c.icd10_code},
          {"icd11_code", c.icd11_code}};
}
json CourseJson(const store::Course& c) {
  return {{"id", c.id},
          {"condition_id", c.condition_id},
          {"protocol_id", c.protocol_id},
          {"treatment_class", c.treatment_class},
          {"medication", c.medication},
          {"dosing", c.dosing},
          {"reason", c.reason},
          {"off_label", c.off_label},
          {"start_date", c.start_date.ToString()},
          {"end_date", OptDate(c.end_date)}};
}
json HistoryJson(const store::PastTreatment& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"started_on", OptDate(t.started_on)},
          {"ended_on", OptDate(t.ended_on)},
          {"response", t.response},
          {"recorded_at", t.recorded_at}};
}
json MedicationJson(const store::Medication& m) {
  return {{"id", m.id},
          {"name", m.name},
          {"dose", m.dose},
          {"since", OptDate(m.since)},
          {"recorded_at", m.recorded_at}};
}
json PatientJson(const store::Patient& p) {
  return {{"id", p.id},
          {"display_name", p.display_name},
          {"birth_year", p.birth_year ? json(*p.birth_year) : json(nullptr)}};
}

// A JSON object body as text fields: strings as they are, integers in decimal, null as absent.
Result<Fields> FieldsFromJson(const Request& request, const std::vector<std::string>& keys) {
  auto body = ParseStrictJson(request.body, "body");
  if (!body) return tl::unexpected(body.error());
  if (!body->is_object()) {
    return MakeError(ErrorCode::kInvalidArgument, "must be a JSON object", "body");
  }
  Fields out;
  for (const auto& [key, value] : body->items()) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      std::string allowed;
      for (const std::string& k : keys) allowed += (allowed.empty() ? "" : ", ") + k;
      return MakeError(ErrorCode::kInvalidArgument, "is not a known field; allowed: " + allowed,
                       key);
    }
    if (value.is_null()) continue;
    if (value.is_string()) {
      out[key] = value.get<std::string>();
    } else if (value.is_number_integer()) {
      out[key] = value.dump();
    } else {
      return MakeError(ErrorCode::kInvalidArgument, "must be a string", key);
    }
  }
  return out;
}

Response ApiError(const Request& request, const Error& error, const PatientContext& c) {
  return ErrorResponse(request, Shown(error), c.log);
}

template <typename T, typename Action, typename ToJson>
Response ApiAction(const Onboarding& o, Request& request, const std::vector<std::string>& keys,
                   Action action, ToJson to_json, int status) {
  // Someone who may not see the record gets 404 before the body is even looked at.
  if (auto patient = LoadPatientForRequest(*o.context->store, request); !patient) {
    return ApiError(request, patient.error(), *o.context);
  }
  auto fields = FieldsFromJson(request, keys);
  if (!fields) return ApiError(request, fields.error(), *o.context);
  Result<T> done = action(*fields);
  if (!done) return ApiError(request, done.error(), *o.context);
  return JsonResponse(status, to_json(*done));
}

Response GetProfileJson(const Onboarding& o, Request& request) {
  auto profile = o.context->store->With([&](store::Store& s) {
    return s.GetPatientProfile(request.principal->actor(), PatientIdOf(request));
  });
  if (!profile) return ApiError(request, profile.error(), *o.context);
  json conditions = json::array(), courses = json::array(), history = json::array(),
       medications = json::array();
  for (const auto& c : profile->conditions) conditions.push_back(ConditionJson(c));
  for (const auto& c : profile->courses) courses.push_back(CourseJson(c));
  for (const auto& t : profile->treatment_history) history.push_back(HistoryJson(t));
  for (const auto& m : profile->medications) medications.push_back(MedicationJson(m));
  return JsonResponse(200, {{"patient", PatientJson(profile->patient)},
                            {"conditions", conditions},
                            {"courses", courses},
                            {"treatment_history", history},
                            {"medications", medications}});
}

Response DeleteMedicationJson(const Onboarding& o, Request& request) {
  const std::string id(request.PathParam("medication_id"));
  auto removed = o.context->store->With([&](store::Store& s) {
    return s.RemoveMedication(request.principal->actor(), PatientIdOf(request), id);
  });
  if (!removed) return ApiError(request, removed.error(), *o.context);
  Response response;
  response.status = 204;
  return response;
}

// ---- pages ------------------------------------------------------------------------------------

// What a page shows again after a failed form: the kept values and the error of one form.
struct FormState {
  std::string form;  // which form failed: "profile", "condition", "history", "medication"
  Fields values;
  std::string field;    // the field the error names, when the form has it
  std::string message;  // the error
};

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

const std::map<std::string, std::vector<std::string>>& FormFieldsByForm() {
  static const std::map<std::string, std::vector<std::string>> kFields = {
      {"profile", {"display_name", "birth_year"}},
      {"condition", {"kind", "subtype", "onset"}},
      {"history", {"name", "started_on", "ended_on", "response"}},
      {"medication", {"name", "dose", "since"}},
      {"course", {"protocol_id", "regimen_id", "condition_id", "start_date", "reason"}},
  };
  return kFields;
}

FormState FailedForm(const std::string& form, Fields values, const Error& error) {
  FormState state{form, std::move(values), "", ""};
  const auto& fields = FormFieldsByForm().at(form);
  const bool has_field = std::find(fields.begin(), fields.end(), error.field) != fields.end();
  state.field = has_field ? error.field : "";
  state.message = error.code == ErrorCode::kInternal || error.code == ErrorCode::kIo
                      ? "Something went wrong on our side; please try again."
                      : error.message;
  if (!has_field && !error.field.empty() && error.code != ErrorCode::kInternal) {
    state.message = error.field + ": " + state.message;
  }
  return state;
}

// Fills "<FORM>_<FIELD>" values and the error sections ("<FORM>_<FIELD>_ERROR" next to the
// field, "<FORM>_ERROR" above the form when the error names no field of it).
void FillForm(ctemplate::TemplateDictionary& d, const FormState* state) {
  if (state == nullptr) return;
  const std::string prefix = Upper(state->form) + "_";
  for (const auto& [key, value] : state->values) d.SetValue(prefix + Upper(key), value);
  if (state->field.empty()) {
    d.SetValueAndShowSection("MESSAGE", state->message, prefix + "ERROR");
  } else {
    d.SetValueAndShowSection("MESSAGE", state->message, prefix + Upper(state->field) + "_ERROR");
    d.SetValueAndShowSection("MESSAGE", "Please correct the field marked below.", prefix + "ERROR");
  }
}

void AddOptions(ctemplate::TemplateDictionary& d, const std::string& section,
                const std::vector<std::pair<std::string, std::string>>& options,
                const std::string& selected) {
  for (const auto& [value, label] : options) {
    auto* option = d.AddSectionDictionary(section);
    option->SetValue("VALUE", value);
    option->SetValue("LABEL", label);
    if (value == selected) option->ShowSection("SELECTED");
  }
}

Response Render(const PatientContext& c, const Request& request, Page page,
                const std::function<void(ctemplate::TemplateDictionary&)>& fill, int status) {
  page.principal = &*request.principal;
  auto html = RenderPage(*c.renderer, page, fill);
  if (!html) throw std::runtime_error("onboarding page: " + html.error().ToString());
  return HtmlResponse(status, std::move(*html));
}

Response ProfilePage(const Onboarding& o, Request& request, const FormState* failed, int status,
                     const std::string& notice) {
  const PatientContext& c = *o.context;
  auto profile = c.store->With([&](store::Store& s) {
    return s.GetPatientProfile(request.principal->actor(), PatientIdOf(request));
  });
  if (!profile) return ErrorResponse(request, Shown(profile.error()), c.log);
  const std::string id = profile->patient.id;
  return Render(
      c, request, Page{"Profile", "profile.tpl", nullptr, id, "profile"},
      [&](ctemplate::TemplateDictionary& d) {
        d.SetValue("CSRF", request.principal->csrf_token);
        d.SetValue("PATIENT_ID", id);
        if (!notice.empty()) d.SetValueAndShowSection("MESSAGE", notice, "NOTICE");
        d.SetValue("PROFILE_DISPLAY_NAME", profile->patient.display_name);
        d.SetValue("PROFILE_BIRTH_YEAR",
                   profile->patient.birth_year ? std::to_string(*profile->patient.birth_year) : "");
        FillForm(d, failed);
        const std::string kind = failed && failed->form == "condition"
                                     ? Get(failed->values, "kind")
                                     : std::string("alopecia_areata");
        const std::string subtype =
            failed && failed->form == "condition" ? Get(failed->values, "subtype") : "";
        std::vector<std::pair<std::string, std::string>> kinds, subtypes;
        for (const ConditionKind& k : kConditionKinds) {
          kinds.emplace_back(std::string(k.kind), std::string(k.label));
        }
        for (const auto& [value, label] : kAaSubtypes) {
          subtypes.emplace_back(std::string(value), std::string(label));
        }
        AddOptions(d, "KIND_OPTION", kinds, kind);
        AddOptions(d, "SUBTYPE_OPTION", subtypes, subtype);
        if (profile->conditions.empty()) d.ShowSection("NO_CONDITIONS");
        for (const store::Condition& condition : profile->conditions) {
          auto* row = d.AddSectionDictionary("CONDITION");
          row->SetValue("KIND", KindLabel(condition.kind));
          row->SetValue("SUBTYPE", condition.subtype.empty() ? "-" : condition.subtype);
          row->SetValue("ONSET", condition.onset ? condition.onset->ToString() : "-");
        }
        if (profile->treatment_history.empty()) d.ShowSection("NO_HISTORY");
        for (const store::PastTreatment& t : profile->treatment_history) {
          auto* row = d.AddSectionDictionary("HISTORY");
          row->SetValue("NAME", t.name);
          row->SetValue("STARTED", t.started_on ? t.started_on->ToString() : "-");
          row->SetValue("ENDED", t.ended_on ? t.ended_on->ToString() : "-");
          row->SetValue("RESPONSE", t.response.empty() ? "-" : t.response);
        }
        if (profile->medications.empty()) d.ShowSection("NO_MEDICATIONS");
        for (const store::Medication& m : profile->medications) {
          auto* row = d.AddSectionDictionary("MEDICATION");
          row->SetValue("NAME", m.name);
          row->SetValue("DOSE", m.dose.empty() ? "-" : m.dose);
          row->SetValue("SINCE", m.since ? m.since->ToString() : "-");
          row->SetValue("ID", m.id);
          row->SetValue("CSRF", request.principal->csrf_token);
          row->SetValue("PATIENT_ID", id);
        }
        if (profile->courses.empty()) d.ShowSection("NO_COURSES");
        for (const store::Course& course : profile->courses) {
          auto* row = d.AddSectionDictionary("COURSE");
          row->SetValue("PROTOCOL", course.protocol_id);
          row->SetValue("DOSING", course.dosing);
          row->SetValue("START", course.start_date.ToString());
          if (course.off_label) row->ShowSection("OFF_LABEL");
        }
      },
      status);
}

Fields FormFields(const Request& request, const std::string& form) {
  Fields values;
  for (const std::string& key : FormFieldsByForm().at(form)) {
    values[key] = request.form.GetOne(key).value_or("");
  }
  return values;
}

Response PostProfile(const Onboarding& o, Request& request) {
  const PatientContext& c = *o.context;
  // Someone who may not see the record learns nothing from the form's validation.
  if (auto patient = LoadPatientForRequest(*c.store, request); !patient) {
    return ErrorResponse(request, patient.error(), c.log);
  }
  const std::string form = request.form.GetOne("form").value_or("");
  const std::string id = PatientIdOf(request);
  if (form == "remove_medication") {
    const std::string medication = request.form.GetOne("medication_id").value_or("");
    auto removed = c.store->With([&](store::Store& s) {
      return s.RemoveMedication(request.principal->actor(), id, medication);
    });
    if (!removed) return ErrorResponse(request, Shown(removed.error()), c.log);
    return RedirectResponse("/patients/" + id + "/profile#medications");
  }
  if (!FormFieldsByForm().contains(form) || form == "course") {
    return ErrorResponse(request, Error{ErrorCode::kInvalidArgument,
                                        "this form is not one of the profile's", "form"});
  }
  const Fields values = FormFields(request, form);
  Result<void> done;
  std::string anchor;
  if (form == "profile") {
    auto r = SaveProfile(c, request, values);
    done = r ? Result<void>() : Result<void>(tl::unexpected(r.error()));
    anchor = "about";
  } else if (form == "condition") {
    auto r = AddCondition(c, request, values);
    done = r ? Result<void>() : Result<void>(tl::unexpected(r.error()));
    anchor = "conditions";
  } else if (form == "history") {
    auto r = AddHistory(c, request, values);
    done = r ? Result<void>() : Result<void>(tl::unexpected(r.error()));
    anchor = "history";
  } else {
    auto r = AddMedication(c, request, values);
    done = r ? Result<void>() : Result<void>(tl::unexpected(r.error()));
    anchor = "medications";
  }
  if (!done) {
    const Error shown = Shown(done.error());
    if (shown.code == ErrorCode::kNotFound || shown.code == ErrorCode::kInternal) {
      return ErrorResponse(request, shown, c.log);
    }
    const FormState state = FailedForm(form, values, shown);
    return ProfilePage(o, request, &state, HttpStatusFor(shown.code), "");
  }
  return RedirectResponse("/patients/" + id + "/profile?saved=" + form + "#" + anchor);
}

Response GetProfilePage(const Onboarding& o, Request& request) {
  auto saved = request.query.Get("saved");
  std::string notice;
  if (saved && *saved) {
    const std::string& which = **saved;
    if (which == "profile") notice = "Your name and year of birth are saved.";
    if (which == "condition") notice = "The condition is added.";
    if (which == "history") notice = "The past treatment is added.";
    if (which == "medication") notice = "The medication is added.";
  }
  return ProfilePage(o, request, nullptr, 200, notice);
}

Response CoursePage(const Onboarding& o, Request& request, const FormState* failed, int status) {
  const PatientContext& c = *o.context;
  auto loaded =
      c.store->With([&](store::Store& s) -> Result<std::pair<store::PatientProfile, Date>> {
        auto profile = s.GetPatientProfile(request.principal->actor(), PatientIdOf(request));
        if (!profile) return tl::unexpected(profile.error());
        return std::make_pair(std::move(*profile), TodayOf(s));
      });
  if (!loaded) return ErrorResponse(request, Shown(loaded.error()), c.log);
  const store::PatientProfile& profile = loaded->first;
  const std::string id = profile.patient.id;
  return Render(
      c, request, Page{"Start a course", "course_new.tpl", nullptr, id, "profile"},
      [&](ctemplate::TemplateDictionary& d) {
        d.SetValue("CSRF", request.principal->csrf_token);
        d.SetValue("PATIENT_ID", id);
        d.SetValue("COURSE_START_DATE", loaded->second.ToString());
        FillForm(d, failed);
        const std::string chosen_protocol =
            failed ? Get(failed->values, "protocol_id") : std::string();
        const std::string chosen_regimen = failed ? Get(failed->values, "regimen_id") : "";
        std::string chosen_condition = failed ? Get(failed->values, "condition_id") : "";
        if (profile.conditions.empty()) d.ShowSection("NO_CONDITIONS");
        std::vector<std::pair<std::string, std::string>> conditions;
        for (const store::Condition& condition : profile.conditions) {
          std::string label = KindLabel(condition.kind);
          if (!condition.subtype.empty()) label += " (" + condition.subtype + ")";
          conditions.emplace_back(condition.id, label);
        }
        if (!profile.conditions.empty()) {
          AddOptions(*d.AddSectionDictionary("HAS_CONDITIONS"), "CONDITION_OPTION", conditions,
                     chosen_condition);
        }
        for (const Protocol& protocol : *o.catalog) {
          auto* row = d.AddSectionDictionary("PROTOCOL");
          row->SetValue("ID", protocol.id);
          row->SetValue("NAME", protocol.name);
          row->SetValue("SUMMARY", protocol.summary);
          if (protocol.id == chosen_protocol) row->ShowSection("CHECKED");
          for (const LabelStatus& label : protocol.labels) {
            auto* l = row->AddSectionDictionary("LABEL");
            l->SetValue("CONDITION", label.condition == Condition::kAlopeciaAreata
                                         ? "Alopecia areata"
                                         : "Atopic dermatitis");
            l->SetValue("STATUS", LabelWords(label));
            l->SetValue("CLASS", std::string(LabelStatusKindName(label.status)));
            if (label.status == LabelStatusKind::kOffLabel) l->ShowSection("OFF_LABEL");
          }
          // The patient's own conditions this protocol is off-label for.
          for (const store::Condition& condition : profile.conditions) {
            if (app::OffLabelFor(protocol, condition.kind)) {
              row->AddSectionDictionary("OFF_LABEL_FOR_YOU")
                  ->SetValue("CONDITION", KindLabel(condition.kind));
            }
          }
          for (const Regimen& regimen : protocol.dosing.regimens) {
            auto* option = d.AddSectionDictionary("REGIMEN_OPTION");
            option->SetValue("VALUE", regimen.id);
            option->SetValue(
                "LABEL", protocol.name + ": " + regimen.population + ": " + DosingText(regimen));
            if (regimen.id == chosen_regimen && protocol.id == chosen_protocol) {
              option->ShowSection("SELECTED");
            }
          }
        }
      },
      status);
}

Response PostCourse(const Onboarding& o, Request& request) {
  const PatientContext& c = *o.context;
  if (auto patient = LoadPatientForRequest(*c.store, request); !patient) {
    return ErrorResponse(request, patient.error(), c.log);
  }
  const Fields values = FormFields(request, "course");
  auto course = StartCourse(o, request, values);
  if (!course) {
    const Error shown = Shown(course.error());
    if (shown.code == ErrorCode::kNotFound || shown.code == ErrorCode::kInternal) {
      return ErrorResponse(request, shown, c.log);
    }
    const FormState state = FailedForm("course", values, shown);
    return CoursePage(o, request, &state, HttpStatusFor(shown.code));
  }
  return RedirectResponse("/patients/" + PatientIdOf(request) + "/dashboard");
}

}  // namespace

Result<void> AddProfileRoutes(Router& router, std::shared_ptr<const PatientContext> context,
                              std::shared_ptr<const std::vector<Protocol>> catalog) {
  auto o = std::make_shared<const Onboarding>(Onboarding{context, std::move(catalog)});
  auto sync = [o](Response (*fn)(const Onboarding&, Request&)) {
    return SyncHandler([o, fn](Request& r) { return fn(*o, r); });
  };
  constexpr std::size_t kFormBytes = 16 << 10;
  std::vector<Route> routes;
  routes.push_back({Method::kGet, "/patients/{patient_id}/profile", "patient.profile",
                    Access::kSignedIn, 0, sync(&GetProfilePage)});
  routes.push_back({Method::kPost, "/patients/{patient_id}/profile", "patient.profile.save",
                    Access::kSignedIn, kFormBytes, sync(&PostProfile)});
  routes.push_back({Method::kGet, "/patients/{patient_id}/courses/new", "patient.course.new",
                    Access::kSignedIn, 0,
                    SyncHandler([o](Request& r) { return CoursePage(*o, r, nullptr, 200); })});
  routes.push_back({Method::kPost, "/patients/{patient_id}/courses/new", "patient.course.start",
                    Access::kSignedIn, kFormBytes, sync(&PostCourse)});
  routes.push_back({Method::kGet, "/api/v1/patients/{patient_id}/profile", "api.patient.profile",
                    Access::kSignedIn, 0, sync(&GetProfileJson)});
  routes.push_back(
      {Method::kPut, "/api/v1/patients/{patient_id}/profile", "api.patient.profile.update",
       Access::kSignedIn, kFormBytes, SyncHandler([o](Request& r) {
         return ApiAction<store::Patient>(
             *o, r, {"display_name", "birth_year"},
             [&](const Fields& f) { return SaveProfile(*o->context, r, f); }, PatientJson, 200);
       })});
  routes.push_back(
      {Method::kPost, "/api/v1/patients/{patient_id}/conditions", "api.patient.conditions.create",
       Access::kSignedIn, kFormBytes, SyncHandler([o](Request& r) {
         return ApiAction<store::Condition>(
             *o, r, {"kind", "subtype", "onset"},
             [&](const Fields& f) { return AddCondition(*o->context, r, f); }, ConditionJson, 201);
       })});
  routes.push_back({Method::kPost, "/api/v1/patients/{patient_id}/treatment-history",
                    "api.patient.treatment_history.create", Access::kSignedIn, kFormBytes,
                    SyncHandler([o](Request& r) {
                      return ApiAction<store::PastTreatment>(
                          *o, r, {"name", "started_on", "ended_on", "response"},
                          [&](const Fields& f) { return AddHistory(*o->context, r, f); },
                          HistoryJson, 201);
                    })});
  routes.push_back({Method::kPost, "/api/v1/patients/{patient_id}/medications",
                    "api.patient.medications.create", Access::kSignedIn, kFormBytes,
                    SyncHandler([o](Request& r) {
                      return ApiAction<store::Medication>(
                          *o, r, {"name", "dose", "since"},
                          [&](const Fields& f) { return AddMedication(*o->context, r, f); },
                          MedicationJson, 201);
                    })});
  routes.push_back({Method::kDelete, "/api/v1/patients/{patient_id}/medications/{medication_id}",
                    "api.patient.medications.delete", Access::kSignedIn, 0,
                    sync(&DeleteMedicationJson)});
  routes.push_back(
      {Method::kPost, "/api/v1/patients/{patient_id}/courses", "api.patient.courses.create",
       Access::kSignedIn, kFormBytes, SyncHandler([o](Request& r) {
         return ApiAction<store::Course>(
             *o, r, {"protocol_id", "regimen_id", "condition_id", "start_date", "reason"},
             [&](const Fields& f) { return StartCourse(*o, r, f); }, CourseJson, 201);
       })});
  for (auto& route : routes) {
    if (auto added = router.Add(std::move(route)); !added) return added;
  }
  return {};
}

}  // namespace tricholog::http
