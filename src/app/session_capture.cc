#include "app/session_capture.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "app/photo_analysis.h"
#include "core/schedule.h"

namespace tricholog::app {
namespace {

// Score ranges, each with its source: EASI area 0..6 and signs 0..3 (Hanifin 2001, Exp Dermatol
// 10:11; clinical.md §1.5), Peak Pruritus NRS 0..10 (clinical.md §1.7), POEM 0..28 (clinical.md
// §1.8), DLQI 0..30 (clinical.md §1.9), CTCAE grades 1..5 (CTCAE v5.0; clinical.md §2.5).
struct Range {
  int min;
  int max;
};
constexpr Range kEasiArea{0, 6};
constexpr Range kEasiSign{0, 3};
constexpr Range kItch{0, 10};
constexpr Range kPoem{0, 28};
constexpr Range kDlqi{0, 30};
constexpr Range kGrade{1, 5};
constexpr std::size_t kMaxText = 200;

Error FieldError(const std::string& field, const std::string& message) {
  return Error{ErrorCode::kInvalidArgument, message, field};
}

Result<std::optional<int>> IntFromJson(const nlohmann::json& json, const std::string& key,
                                       const std::string& field, Range range) {
  if (!json.contains(key) || json[key].is_null()) return std::optional<int>();
  const auto& v = json[key];
  if (!v.is_number_integer()) {
    return tl::unexpected(FieldError(
        field, fmt::format("must be a whole number from {} to {}", range.min, range.max)));
  }
  const long long n = v.get<long long>();
  if (n < range.min || n > range.max) {
    return tl::unexpected(FieldError(
        field, fmt::format("{} is out of range; allowed {} to {}", n, range.min, range.max)));
  }
  return std::optional<int>(static_cast<int>(n));
}

Result<std::optional<int>> IntFromText(const std::string& text, const std::string& field,
                                       Range range) {
  std::string t = text;
  t.erase(0, t.find_first_not_of(" \t"));
  t.erase(t.find_last_not_of(" \t") + 1);
  if (t.empty()) return std::optional<int>();
  int value = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (ec != std::errc() || end != t.data() + t.size()) {
    return tl::unexpected(FieldError(
        field, fmt::format("must be a whole number from {} to {}", range.min, range.max)));
  }
  if (value < range.min || value > range.max) {
    return tl::unexpected(FieldError(
        field, fmt::format("{} is out of range; allowed {} to {}", value, range.min, range.max)));
  }
  return std::optional<int>(value);
}

Result<std::string> TextFromJson(const nlohmann::json& json, const std::string& key,
                                 const std::string& field) {
  if (!json.contains(key) || json[key].is_null()) return std::string();
  if (!json[key].is_string()) return tl::unexpected(FieldError(field, "must be text"));
  std::string value = json[key].get<std::string>();
  if (value.size() > kMaxText) {
    return tl::unexpected(FieldError(field, fmt::format("is longer than {} bytes", kMaxText)));
  }
  return value;
}

Result<void> CheckText(const std::string& value, const std::string& field) {
  if (value.size() > kMaxText) {
    return tl::unexpected(FieldError(field, fmt::format("is longer than {} bytes", kMaxText)));
  }
  for (unsigned char c : value) {
    if (c < 0x20 || c == 0x7f)
      return tl::unexpected(FieldError(field, "holds a control character"));
  }
  return {};
}

Result<void> CheckAction(const std::string& action, const std::string& field) {
  if (std::find(kAdverseEventActions.begin(), kAdverseEventActions.end(), action) ==
      kAdverseEventActions.end()) {
    return tl::unexpected(FieldError(field,
                                     "must be one of none, dose_delayed, dose_reduced, "
                                     "drug_withdrawn, other"));
  }
  return {};
}

// "has your hair changed?": one of kHairChangeAnswers, or empty (not answered). "not_sure"
// records nothing, like no answer.
Result<std::optional<std::string>> HairChangeFrom(const std::string& answer) {
  if (answer.empty() || answer == "not_sure") return std::optional<std::string>();
  if (std::find(kHairChangeAnswers.begin(), kHairChangeAnswers.end(), answer) ==
      kHairChangeAnswers.end()) {
    return tl::unexpected(
        FieldError("hair_change", "must be one of more_hair, none, less_hair, not_sure"));
  }
  return std::optional<std::string>(answer);
}

int& EasiValue(store::EasiRegion& region, std::string_view field) {
  if (field == "area") return region.area_score;
  if (field == "erythema") return region.erythema;
  if (field == "induration") return region.induration;
  if (field == "excoriation") return region.excoriation;
  return region.lichenification;
}

int EasiValue(const store::EasiRegion& region, std::string_view field) {
  return EasiValue(const_cast<store::EasiRegion&>(region), field);
}

std::vector<store::EasiRegion> EmptyEasi() {
  std::vector<store::EasiRegion> out;
  out.reserve(kEasiRegions.size());
  for (std::string_view r : kEasiRegions) out.push_back({std::string(r), 0, 0, 0, 0, 0});
  return out;
}

// `var` names a declaration, so it cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define TRY_ASSIGN(var, expr)                           \
  auto var##_r = (expr);                                \
  if (!var##_r) return tl::unexpected(var##_r.error()); \
  auto var = std::move(*var##_r)
// NOLINTEND(bugprone-macro-parentheses)

}  // namespace

nlohmann::json DraftAnswersToJson(const DraftAnswers& a) {
  nlohmann::json out = nlohmann::json::object();
  if (a.easi.empty()) {
    out["easi"] = nullptr;
  } else {
    nlohmann::json easi = nlohmann::json::object();
    for (const auto& region : a.easi) {
      nlohmann::json r = nlohmann::json::object();
      for (std::string_view f : kEasiFields) r[std::string(f)] = EasiValue(region, f);
      easi[region.region] = r;
    }
    out["easi"] = easi;
  }
  auto opt = [](const std::optional<int>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  out["itch_nrs"] = opt(a.itch_nrs);
  out["poem"] = opt(a.poem);
  out["dlqi"] = opt(a.dlqi);
  out["hair_change"] = a.hair_change ? nlohmann::json(*a.hair_change) : nlohmann::json();
  out["adverse_events"] = nlohmann::json::array();
  for (const auto& e : a.adverse_events) {
    out["adverse_events"].push_back(
        {{"term", e.term},
         {"grade", e.grade},
         {"onset", e.onset ? nlohmann::json(e.onset->ToString()) : nlohmann::json()},
         {"action", e.action}});
  }
  out["injection_sites"] = nlohmann::json::array();
  for (const auto& s : a.injection_sites) {
    out["injection_sites"].push_back(
        {{"site", s.site}, {"reaction", s.reaction}, {"grade", opt(s.ctcae_grade)}});
  }
  return out;
}

Result<DraftAnswers> DraftAnswersFromJson(const nlohmann::json& json) {
  if (!json.is_object()) return tl::unexpected(FieldError("answers", "must be a JSON object"));
  DraftAnswers a;
  if (json.contains("easi") && !json["easi"].is_null()) {
    const auto& easi = json["easi"];
    if (!easi.is_object()) return tl::unexpected(FieldError("easi", "must be an object"));
    for (const auto& [key, value] : easi.items()) {
      if (std::find(kEasiRegions.begin(), kEasiRegions.end(), key) == kEasiRegions.end()) {
        return tl::unexpected(
            FieldError("easi", "'" + key.substr(0, 32) +
                                   "' is not one of head_neck, upper_limbs, trunk, lower_limbs"));
      }
      if (!value.is_object()) {
        return tl::unexpected(FieldError("easi_" + key + "_area", "must be an object"));
      }
    }
    a.easi = EmptyEasi();
    for (auto& region : a.easi) {
      if (!easi.contains(region.region)) continue;
      const auto& r = easi[region.region];
      for (std::string_view f : kEasiFields) {
        const std::string field = "easi_" + region.region + "_" + std::string(f);
        TRY_ASSIGN(v, IntFromJson(r, std::string(f), field, f == "area" ? kEasiArea : kEasiSign));
        EasiValue(region, f) = v.value_or(0);
      }
    }
  }
  {
    TRY_ASSIGN(v, IntFromJson(json, "itch_nrs", "itch_nrs", kItch));
    a.itch_nrs = v;
  }
  {
    TRY_ASSIGN(v, IntFromJson(json, "poem", "poem", kPoem));
    a.poem = v;
  }
  {
    TRY_ASSIGN(v, IntFromJson(json, "dlqi", "dlqi", kDlqi));
    a.dlqi = v;
  }
  {
    TRY_ASSIGN(text, TextFromJson(json, "hair_change", "hair_change"));
    TRY_ASSIGN(v, HairChangeFrom(text));
    a.hair_change = v;
  }
  if (json.contains("adverse_events") && !json["adverse_events"].is_null()) {
    const auto& list = json["adverse_events"];
    if (!list.is_array() || list.size() > kMaxAnswerRows) {
      return tl::unexpected(
          FieldError("adverse_events",
                     fmt::format("must be a list of at most {} side effects", kMaxAnswerRows)));
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string p = fmt::format("ae_{}_", i);
      if (!list[i].is_object()) return tl::unexpected(FieldError(p + "term", "must be an object"));
      DraftAdverseEvent e;
      TRY_ASSIGN(term, TextFromJson(list[i], "term", p + "term"));
      if (term.empty()) return tl::unexpected(FieldError(p + "term", "name the side effect"));
      if (auto c = CheckText(term, p + "term"); !c) return tl::unexpected(c.error());
      e.term = term;
      TRY_ASSIGN(grade, IntFromJson(list[i], "grade", p + "grade", kGrade));
      if (!grade) return tl::unexpected(FieldError(p + "grade", "choose a grade from 1 to 5"));
      e.grade = *grade;
      TRY_ASSIGN(onset, TextFromJson(list[i], "onset", p + "onset"));
      if (!onset.empty()) {
        auto d = Date::Parse(onset, p + "onset");
        if (!d) return tl::unexpected(FieldError(p + "onset", "must be a date YYYY-MM-DD"));
        e.onset = *d;
      }
      TRY_ASSIGN(action, TextFromJson(list[i], "action", p + "action"));
      e.action = action.empty() ? "none" : action;
      if (auto c = CheckAction(e.action, p + "action"); !c) return tl::unexpected(c.error());
      a.adverse_events.push_back(std::move(e));
    }
  }
  if (json.contains("injection_sites") && !json["injection_sites"].is_null()) {
    const auto& list = json["injection_sites"];
    if (!list.is_array() || list.size() > kMaxAnswerRows) {
      return tl::unexpected(
          FieldError("injection_sites",
                     fmt::format("must be a list of at most {} injection sites", kMaxAnswerRows)));
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string p = fmt::format("site_{}_", i);
      if (!list[i].is_object()) return tl::unexpected(FieldError(p + "site", "must be an object"));
      store::InjectionSiteReaction r;
      TRY_ASSIGN(site, TextFromJson(list[i], "site", p + "site"));
      TRY_ASSIGN(reaction, TextFromJson(list[i], "reaction", p + "reaction"));
      if (site.empty()) return tl::unexpected(FieldError(p + "site", "name the injection site"));
      if (reaction.empty()) {
        return tl::unexpected(FieldError(p + "reaction", "describe the reaction"));
      }
      if (auto c = CheckText(site, p + "site"); !c) return tl::unexpected(c.error());
      if (auto c = CheckText(reaction, p + "reaction"); !c) return tl::unexpected(c.error());
      r.site = site;
      r.reaction = reaction;
      TRY_ASSIGN(grade, IntFromJson(list[i], "grade", p + "grade", kGrade));
      r.ctcae_grade = grade;
      a.injection_sites.push_back(std::move(r));
    }
  }
  return a;
}

Result<DraftAnswers> DraftAnswersFromForm(const std::map<std::string, std::string>& form) {
  auto get = [&form](const std::string& key) {
    auto it = form.find(key);
    return it == form.end() ? std::string() : it->second;
  };
  auto trimmed = [&get](const std::string& key) {
    std::string t = get(key);
    t.erase(0, t.find_first_not_of(" \t\r\n"));
    t.erase(t.find_last_not_of(" \t\r\n") + 1);
    return t;
  };
  DraftAnswers a;
  bool any_easi = false;
  std::vector<store::EasiRegion> easi = EmptyEasi();
  for (auto& region : easi) {
    for (std::string_view f : kEasiFields) {
      const std::string field = "easi_" + region.region + "_" + std::string(f);
      TRY_ASSIGN(v, IntFromText(get(field), field, f == "area" ? kEasiArea : kEasiSign));
      if (v) {
        any_easi = true;
        EasiValue(region, f) = *v;
      }
    }
  }
  if (any_easi) a.easi = std::move(easi);
  {
    TRY_ASSIGN(v, IntFromText(get("itch_nrs"), "itch_nrs", kItch));
    a.itch_nrs = v;
  }
  {
    TRY_ASSIGN(v, IntFromText(get("poem"), "poem", kPoem));
    a.poem = v;
  }
  {
    TRY_ASSIGN(v, IntFromText(get("dlqi"), "dlqi", kDlqi));
    a.dlqi = v;
  }
  {
    TRY_ASSIGN(v, HairChangeFrom(trimmed("hair_change")));
    a.hair_change = v;
  }
  for (int i = 0; i < kMaxAnswerRows; ++i) {
    const std::string p = fmt::format("ae_{}_", i);
    const std::string term = trimmed(p + "term");
    const std::string grade_text = trimmed(p + "grade");
    const std::string onset = trimmed(p + "onset");
    if (term.empty() && grade_text.empty() && onset.empty()) continue;
    DraftAdverseEvent e;
    if (term.empty()) return tl::unexpected(FieldError(p + "term", "name the side effect"));
    if (auto c = CheckText(term, p + "term"); !c) return tl::unexpected(c.error());
    e.term = term;
    TRY_ASSIGN(grade, IntFromText(grade_text, p + "grade", kGrade));
    if (!grade) return tl::unexpected(FieldError(p + "grade", "choose a grade from 1 to 5"));
    e.grade = *grade;
    if (!onset.empty()) {
      auto d = Date::Parse(onset, p + "onset");
      if (!d) return tl::unexpected(FieldError(p + "onset", "must be a date YYYY-MM-DD"));
      e.onset = *d;
    }
    const std::string action = trimmed(p + "action");
    e.action = action.empty() ? "none" : action;
    if (auto c = CheckAction(e.action, p + "action"); !c) return tl::unexpected(c.error());
    a.adverse_events.push_back(std::move(e));
  }
  for (int i = 0; i < kMaxAnswerRows; ++i) {
    const std::string p = fmt::format("site_{}_", i);
    const std::string site = trimmed(p + "site");
    const std::string reaction = trimmed(p + "reaction");
    const std::string grade_text = trimmed(p + "grade");
    if (site.empty() && reaction.empty() && grade_text.empty()) continue;
    if (site.empty()) return tl::unexpected(FieldError(p + "site", "name the injection site"));
    if (reaction.empty())
      return tl::unexpected(FieldError(p + "reaction", "describe the reaction"));
    if (auto c = CheckText(site, p + "site"); !c) return tl::unexpected(c.error());
    if (auto c = CheckText(reaction, p + "reaction"); !c) return tl::unexpected(c.error());
    TRY_ASSIGN(grade, IntFromText(grade_text, p + "grade", kGrade));
    a.injection_sites.push_back({site, reaction, grade});
  }
  return a;
}

std::map<std::string, std::string> DraftAnswersToForm(const DraftAnswers& a) {
  std::map<std::string, std::string> form;
  for (const auto& region : a.easi) {
    for (std::string_view f : kEasiFields) {
      form["easi_" + region.region + "_" + std::string(f)] = std::to_string(EasiValue(region, f));
    }
  }
  if (a.itch_nrs) form["itch_nrs"] = std::to_string(*a.itch_nrs);
  if (a.poem) form["poem"] = std::to_string(*a.poem);
  if (a.dlqi) form["dlqi"] = std::to_string(*a.dlqi);
  if (a.hair_change) form["hair_change"] = *a.hair_change;
  for (std::size_t i = 0; i < a.adverse_events.size(); ++i) {
    const auto& e = a.adverse_events[i];
    const std::string p = fmt::format("ae_{}_", i);
    form[p + "term"] = e.term;
    form[p + "grade"] = std::to_string(e.grade);
    form[p + "onset"] = e.onset ? e.onset->ToString() : "";
    form[p + "action"] = e.action;
  }
  for (std::size_t i = 0; i < a.injection_sites.size(); ++i) {
    const auto& s = a.injection_sites[i];
    const std::string p = fmt::format("site_{}_", i);
    form[p + "site"] = s.site;
    form[p + "reaction"] = s.reaction;
    form[p + "grade"] = s.ctcae_grade ? std::to_string(*s.ctcae_grade) : "";
  }
  return form;
}

bool QuestionnairesDue(const std::optional<Protocol>& protocol,
                       const std::optional<Date>& course_start, bool has_earlier_session,
                       Date date) {
  if (!has_earlier_session) return true;
  if (!protocol || !course_start) return false;
  if (date <= *course_start) return true;
  auto schedule = BuildSchedule(*protocol, *course_start, kDefaultHorizonWeeks);
  if (!schedule) return false;
  for (const ScheduledSession& s : schedule->sessions) {
    if (s.index == 0 && date <= s.window_end) return true;
    if (s.decision_point && s.window_start <= date && date <= s.window_end) return true;
  }
  return false;
}

Result<store::TrackingSession> ConfirmSessionDraft(store::Store& store, const store::Actor& actor,
                                                   const std::string& patient_id,
                                                   const std::string& draft_id) {
  store::TrackingSession recorded;
  auto done = store.RunInTransaction([&]() -> Result<void> {
    auto draft = store.GetDraft(actor, patient_id, draft_id);
    if (!draft) return tl::unexpected(draft.error());
    const nlohmann::json answers_json = nlohmann::json::parse(draft->answers_json, nullptr, false);
    auto answers = DraftAnswersFromJson(answers_json);
    if (!answers) return tl::unexpected(answers.error());

    store::TrackingSession session;
    session.patient_id = patient_id;
    session.course_id = draft->course_id;
    session.session_date = draft->session_date;
    std::vector<store::PhotoAnalysis> analyses;
    for (std::string_view view : store::kDraftViews) {
      const std::string field = "photo_" + std::string(view);
      const std::string& sha = *draft->Photo(view);
      if (sha.empty()) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "the " + std::string(view) + " photo is not taken yet", field);
      }
      auto analysis = store.GetPhotoAnalysis(actor, patient_id, sha);
      if (!analysis) return tl::unexpected(analysis.error());
      if (analysis->status == "pending") {
        return MakeError(ErrorCode::kConflict,
                         "the " + std::string(view) +
                             " photo is still being analysed; wait a "
                             "moment and confirm again",
                         field);
      }
      if (analysis->status != "done") {
        return MakeError(ErrorCode::kInvalidArgument,
                         "the " + std::string(view) + " photo could not be analysed (" +
                             analysis->error + "); retake it",
                         field);
      }
      const nlohmann::json figures = nlohmann::json::parse(analysis->result_json, nullptr, false);
      store::SessionPhoto photo;
      photo.view = std::string(view);
      photo.sha256 = sha;
      if (figures.is_object()) {
        photo.width_px = figures.value("width", 0);
        photo.height_px = figures.value("height", 0);
      }
      session.photos.push_back(photo);
      if (analysis->view != view) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "the " + std::string(view) + " photo was analysed as the " +
                             analysis->view + " view; upload it again",
                         field);
      }
      analyses.push_back(*analysis);
    }
    auto salt = SaltRegionsFromAnalyses(analyses);
    if (!salt) {
      Error e = salt.error();
      if (e.field == "top" || e.field == "back" || e.field == "left" || e.field == "right") {
        e.field = "photo_" + e.field;
      }
      return tl::unexpected(e);
    }
    session.salt_regions = std::move(*salt);
    session.easi_regions = answers->easi;
    session.itch_nrs = answers->itch_nrs;
    session.poem = answers->poem;
    session.dlqi = answers->dlqi;
    session.patient_reported_hair_change = answers->hair_change;
    session.injection_site_reactions = answers->injection_sites;

    std::vector<store::AdverseEvent> events;
    for (const auto& e : answers->adverse_events) {
      store::AdverseEvent event;
      event.patient_id = patient_id;
      event.course_id = draft->course_id;
      event.term = e.term;
      event.ctcae_grade = e.grade;
      event.ctcae_version = "5.0";
      event.onset = e.onset.value_or(draft->session_date);
      event.action_taken = e.action;
      // Seriousness (hospitalisation, ...) is a regulatory judgement the patient's form does not
      // ask; a physician records it.
      event.serious = false;
      events.push_back(std::move(event));
    }
    if (!draft->course_id.empty()) {
      auto record = store.GetPatientRecord(actor, patient_id);
      if (!record) return tl::unexpected(record.error());
      for (const auto& course : record->courses) {
        if (course.id == draft->course_id && course.start_date <= draft->session_date) {
          session.week = std::min(520, course.start_date.DaysUntil(draft->session_date) / 7);
        }
      }
    }
    auto confirmed = store.ConfirmDraft(actor, patient_id, draft_id, std::move(session), events);
    if (!confirmed) return tl::unexpected(confirmed.error());
    recorded = std::move(*confirmed);
    return {};
  });
  if (!done) return tl::unexpected(done.error());
  return recorded;
}

Result<store::TrackingSession> RetakeSessionView(store::Store& store, const store::Actor& actor,
                                                 const std::string& patient_id,
                                                 const std::string& session_id,
                                                 const std::string& view,
                                                 const std::string& sha256) {
  store::TrackingSession out;
  auto done = store.RunInTransaction([&]() -> Result<void> {
    auto session = store.GetSession(actor, session_id);
    if (!session || session->patient_id != patient_id) {
      if (!session && session.error().code != ErrorCode::kNotFound &&
          session.error().code != ErrorCode::kPermissionDenied) {
        return tl::unexpected(session.error());
      }
      return MakeError(ErrorCode::kNotFound, "no such session in this record", "session_id");
    }
    bool has_view = false;
    for (const auto& p : session->photos) has_view = has_view || p.view == view;
    if (!has_view) {
      return MakeError(ErrorCode::kNotFound, "this session has no " + view + " photo", "view");
    }
    auto analysis = store.GetPhotoAnalysis(actor, patient_id, sha256);
    if (!analysis) {
      if (analysis.error().code == ErrorCode::kNotFound) {
        return MakeError(ErrorCode::kNotFound, "no photo with this hash in this record", "photo");
      }
      return tl::unexpected(analysis.error());
    }
    if (analysis->view != view) {
      return MakeError(
          ErrorCode::kInvalidArgument,
          "the new photo was analysed as the " + analysis->view + " view; upload it again",
          "photo");
    }
    if (analysis->status == "pending") {
      return MakeError(ErrorCode::kConflict,
                       "the new photo is still being analysed; wait a moment and try again",
                       "photo");
    }
    if (analysis->status != "done") {
      return MakeError(
          ErrorCode::kInvalidArgument,
          "the new photo could not be analysed (" + analysis->error + "); take it again", "photo");
    }
    const nlohmann::json figures = nlohmann::json::parse(analysis->result_json, nullptr, false);
    if (auto verdict = UnmeasurableVerdict(figures)) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "the new photo cannot be measured: " + verdict->message, "photo");
    }
    store::SessionPhoto photo;
    photo.view = view;
    photo.sha256 = sha256;
    if (figures.is_object()) {
      photo.width_px = figures.value("width", 0);
      photo.height_px = figures.value("height", 0);
    }
    auto replaced = store.ReplaceSessionPhoto(actor, session_id, photo);
    if (!replaced) return tl::unexpected(replaced.error());
    out = std::move(*replaced);
    if (view == "front") return {};  // not a SALT view: no region to recompute
    std::vector<store::PhotoAnalysis> rows;
    for (const auto& p : out.photos) {
      auto row = store.GetPhotoAnalysis(actor, patient_id, p.sha256);
      if (row) rows.push_back(std::move(*row));
    }
    std::vector<store::SaltRegionLoss> regions = SessionRegionsFromAnalyses(out, rows);
    for (auto& r : regions) {
      for (const auto& old : out.salt_regions) {
        if (old.region == r.region) r.confirmation = old.confirmation;
      }
      if (r.region == view) r.confirmation = "retaken";
    }
    auto updated = store.UpdateSessionSaltRegions(actor, session_id, regions);
    if (!updated) return tl::unexpected(updated.error());
    out = std::move(*updated);
    return {};
  });
  if (!done) return tl::unexpected(done.error());
  return out;
}

}  // namespace tricholog::app
