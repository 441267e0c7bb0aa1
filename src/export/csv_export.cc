#include "export/csv_export.h"

#include <fmt/format.h>

#include <map>

#include "app/patient_overview.h"
#include "core/easi_score.h"
#include "core/patient_reported.h"
#include "core/salt_score.h"

namespace tricholog::exporter {
namespace {

using Row = std::vector<std::string>;

constexpr CsvType kId = CsvType::kId;
constexpr CsvType kText = CsvType::kText;
constexpr CsvType kCode = CsvType::kCode;
constexpr CsvType kInt = CsvType::kInteger;
constexpr CsvType kDec = CsvType::kDecimal;
constexpr CsvType kDate = CsvType::kDate;
constexpr CsvType kTime = CsvType::kTimestamp;
constexpr CsvType kBool = CsvType::kBoolean;

// Every score in scores.csv has this many decimals (SALT from measured percents; EASI is a
// multiple of 0.05; the others are whole numbers).
constexpr int kScoreDecimals = 2;
constexpr int kPercentDecimals = 2;
constexpr int kDensityDecimals = 2;
constexpr int kDoseDecimals = 3;  // the store's smallest dose is 0.001 mg

constexpr std::string_view kSaltSource = "Olsen 2004, JAAD 51:440";
constexpr std::string_view kPatient = "The patient the row belongs to (patient.csv)";
constexpr std::string_view kSessionRef = "The tracking session (sessions.csv)";
constexpr std::string_view kCourseRef = "The course (courses.csv); empty when none";

std::vector<CsvFileSpec> MakeSpecs() {
  const CsvColumnSpec patient_id{"patient_id", kId, 0, "", "", kPatient, ""};
  const CsvColumnSpec session_id{"session_id", kId, 0, "", "", kSessionRef, ""};
  const CsvColumnSpec session_date{"session_date",        kDate, 0, "", "YYYY-MM-DD",
                                   "Date of the session", ""};
  const CsvColumnSpec week{
      "week", kInt, 0, "weeks", "0 to 520", "Weeks since the course started; empty off course", ""};
  return {
      {"patient.csv",
       "The patient: one row.",
       {patient_id,
        {"display_name", kText, 0, "", "", "Name shown in the app", ""},
        {"birth_year", kInt, 0, "year", "1900 to this year", "Year of birth; empty when unknown",
         ""},
        {"created_at", kTime, 0, "", "ISO 8601 UTC", "When the record was created", ""}}},
      {"conditions.csv",
       "Diagnoses: one row per condition.",
       {patient_id,
        {"condition_id", kId, 0, "", "", "The condition", ""},
        {"kind", kCode, 0, "", "alopecia_areata, atopic_dermatitis, other", "The condition", ""},
        {"snomed_code", kCode, 0, "", "", "SNOMED CT concept id", "SNOMED CT"},
        {"icd10_code", kCode, 0, "", "", "ICD-10 code", "ICD-10"},
        {"icd11_code", kCode, 0, "", "", "ICD-11 code", "ICD-11"},
        {"subtype", kText, 0, "", "", "Subtype, e.g. patchy", ""},
        {"onset", kDate, 0, "", "YYYY-MM-DD", "Onset; empty when unknown", ""}}},
      {"courses.csv",
       "Treatment courses: one row per course.",
       {patient_id,
        {"course_id", kId, 0, "", "", "The course", ""},
        {"condition_id", kId, 0, "", "", "The condition treated (conditions.csv); may be empty",
         ""},
        {"protocol_id", kCode, 0, "", "", "Tricholog protocol (data/protocols/<id>.json)", ""},
        {"treatment_class", kCode, 0, "", "e.g. il4r_antibody, jak_inhibitor", "Treatment class",
         ""},
        {"medication", kText, 0, "", "", "Medication", ""},
        {"dosing", kText, 0, "", "", "Dosing as prescribed", ""},
        {"reason", kText, 0, "", "", "Why the course was started", ""},
        {"off_label", kBool, 0, "", "true, false", "Off-label for the treated condition", ""},
        {"start_date", kDate, 0, "", "YYYY-MM-DD", "First day of the course", ""},
        {"end_date", kDate, 0, "", "YYYY-MM-DD", "Last day; empty while running", ""}}},
      {"administrations.csv",
       "Doses given: one row per administration.",
       {patient_id,
        {"administration_id", kId, 0, "", "", "The administration", ""},
        {"course_id", kId, 0, "", "", "The course (courses.csv)", ""},
        {"given_on", kDate, 0, "", "YYYY-MM-DD", "Date given", ""},
        {"dose_mg", kDec, kDoseDecimals, "mg", "0.001 to 10000", "Dose", ""},
        {"injection_site", kCode, 0, "", "e.g. abdomen_left, thigh_right",
         "Injection site; empty for oral treatment", ""}}},
      {"sessions.csv",
       "Tracking sessions: one row per session, with its scores (scores.csv has every score "
       "and sub-score in long form).",
       {patient_id,
        session_id,
        session_date,
        week,
        {"course_id", kId, 0, "", "", kCourseRef, ""},
        {"salt", kDec, kScoreDecimals, "% of scalp", "0 to 100",
         "SALT from the four regions (0.40 top + 0.24 back + 0.18 left + 0.18 right); empty "
         "unless all four are recorded",
         kSaltSource},
        {"aa_iga", kInt, 0, "grade", "0 to 4",
         "AA-IGA from SALT: 0 none, 1 limited (<= 20), 2 moderate (< 50), 3 severe (< 95), "
         "4 very severe",
         "Wyrwich 2020, BJD 183:702"},
        {"easi", kDec, kScoreDecimals, "points", "0 to 72",
         "EASI total (child weights under 8 years); empty when not recorded",
         "Hanifin 2001, Exp Dermatol 10:11"},
        {"itch_nrs", kInt, 0, "points", "0 to 10", "Peak Pruritus NRS, worst itch in 24 hours",
         "Yosipovitch 2019, BJD 181:761"},
        {"poem", kInt, 0, "points", "0 to 28", "POEM total",
         "Charman 2004, Arch Dermatol 140:1513"},
        {"dlqi", kInt, 0, "points", "0 to 30", "DLQI total",
         "Finlay 1994, Clin Exp Dermatol 19:210"},
        {"vellus_percent", kDec, kPercentDecimals, "%", "0 to 100",
         "Vellus hairs among vellus + terminal (trichoscopy)", ""},
        {"patient_reported_hair_change", kCode, 0, "", "none, less_hair, more_hair",
         "The patient's answer to \"Since your last session, has your hair changed?\"; empty "
         "when not asked or not sure",
         ""},
        {"photo_count", kInt, 0, "photos", "0 or more", "Photos of the session (photos.csv)", ""},
        {"recorded_by", kId, 0, "", "", "User who recorded the session", ""},
        {"recorded_at", kTime, 0, "", "ISO 8601 UTC", "When it was recorded", ""}}},
      {"scores.csv",
       "Every score and sub-score of every session, one row each (long form).",
       {patient_id,
        session_id,
        session_date,
        week,
        {"measure", kCode, 0, "", "salt, aa_iga, easi, itch_nrs, poem, dlqi", "The instrument", ""},
        {"component", kCode, 0, "",
         "total; salt: top, back, left, right; easi: <region>.area_score, .erythema, "
         ".induration, .excoriation, .lichenification, .score with region head_neck, "
         "upper_limbs, trunk, lower_limbs",
         "The total, or which part of it", ""},
        {"value", kDec, kScoreDecimals, "see unit", "the measure's range", "The value", ""},
        {"unit", kText, 0, "", "", "Unit of value", ""},
        {"label", kText, 0, "", "",
         "The band of a total: AA-IGA label, EASI severity (Leshem 2015), itch severity, POEM "
         "severity, DLQI effect; empty otherwise",
         ""},
        {"confirmation", kCode, 0, "", "automatic, user_corrected, user_accepted, retaken",
         "salt regions only: how the region's figure was settled", ""},
        {"source", kText, 0, "", "", "The instrument's reference", ""}}},
      {"zones.csv",
       "Hair density per scalp zone: one row per zone measured in a session.",
       {patient_id,
        session_id,
        session_date,
        {"ordinal", kInt, 0, "", "0 or more", "Position in the session", ""},
        {"zone", kCode, 0, "", "", "Scalp zone", ""},
        {"hairs_per_cm2", kDec, kDensityDecimals, "hairs/cm2", "0 to 1000", "Hair density", ""}}},
      {"photos.csv",
       "Session photos by reference (the images stay in the store): one row per photo.",
       {patient_id,
        session_id,
        session_date,
        {"ordinal", kInt, 0, "", "0 or more", "Position in the session", ""},
        {"view", kCode, 0, "", "top, front, back, left, right, ...", "Scalp view", ""},
        {"sha256", kCode, 0, "", "64 hex digits", "The photo's SHA-256 in the store", ""},
        {"width_px", kInt, 0, "px", "1 to 100000", "Width", ""},
        {"height_px", kInt, 0, "px", "1 to 100000", "Height", ""}}},
      {"injection_site_reactions.csv",
       "Local reactions at injection sites reported in a session: one row each.",
       {patient_id,
        session_id,
        session_date,
        {"ordinal", kInt, 0, "", "0 or more", "Position in the session", ""},
        {"site", kCode, 0, "", "", "Injection site", ""},
        {"reaction", kText, 0, "", "e.g. erythema, swelling, pruritus", "Reaction", ""},
        {"ctcae_grade", kInt, 0, "grade", "1 to 5", "CTCAE grade; empty when not graded",
         "CTCAE v5.0"}}},
      {"adverse_events.csv",
       "Adverse events: one row per event.",
       {patient_id,
        {"adverse_event_id", kId, 0, "", "", "The event", ""},
        {"course_id", kId, 0, "", "", kCourseRef, ""},
        {"term", kText, 0, "", "", "CTCAE term", "CTCAE"},
        {"meddra_code", kCode, 0, "", "", "MedDRA code; may be empty", "MedDRA"},
        {"ctcae_grade", kInt, 0, "grade", "1 to 5", "CTCAE grade", "CTCAE"},
        {"ctcae_version", kCode, 0, "", "5.0, 6.0", "CTCAE version of the grade", "CTCAE"},
        {"onset", kDate, 0, "", "YYYY-MM-DD", "Onset", ""},
        {"resolved", kDate, 0, "", "YYYY-MM-DD", "Resolved; empty while ongoing", ""},
        {"action_taken", kCode, 0, "", "none, dose_delayed, dose_reduced, drug_withdrawn, other",
         "Action taken", ""},
        {"serious", kBool, 0, "", "true, false", "Serious adverse event", ""}}},
      {"decisions.csv",
       "Clinicians' decisions about a course: one row per decision.",
       {patient_id,
        {"decision_id", kId, 0, "", "", "The decision", ""},
        {"course_id", kId, 0, "", "", "The course decided on (courses.csv)", ""},
        {"decided_on", kDate, 0, "", "YYYY-MM-DD", "Date of the decision", ""},
        {"week", kInt, 0, "weeks", "0 to 520", "Weeks since the course started; may be empty", ""},
        {"decision", kCode, 0, "", "continue, stop, change_treatment", "The decision", ""},
        {"reason", kText, 0, "", "1 to 2000 bytes", "Why", ""},
        {"decided_by", kId, 0, "", "", "User who decided (a physician or the admin)", ""},
        {"recorded_at", kTime, 0, "", "ISO 8601 UTC", "When it was recorded", ""}}},
      {"notes.csv",
       "Free-text notes: one row per note.",
       {patient_id,
        {"note_id", kId, 0, "", "", "The note", ""},
        {"session_id", kId, 0, "", "", "The session it is about (sessions.csv); may be empty", ""},
        {"author_user_id", kId, 0, "", "", "Who wrote it", ""},
        {"written_at", kTime, 0, "", "ISO 8601 UTC", "When", ""},
        {"text", kText, 0, "", "", "The note", ""}}},
  };
}

// --- field formatting -----------------------------------------------------------------------

std::string Text(std::string_view text) { return CsvGuard(text); }
std::string Int(std::optional<int> v) { return v ? std::to_string(*v) : std::string(); }
std::string Day(const Date& d) { return d.ToString(); }
std::string Day(const std::optional<Date>& d) { return d ? d->ToString() : std::string(); }
std::string Bool(bool b) { return b ? "true" : "false"; }

// The four SALT regions of a session when all four are recorded (as the overview reads them).
std::optional<SaltRegionLoss> RegionsOf(const store::TrackingSession& s) {
  SaltRegionLoss loss;
  int found = 0;
  for (const store::SaltRegionLoss& r : s.salt_regions) {
    if (r.region == "top") loss.top_percent = r.loss_pct, ++found;
    if (r.region == "back") loss.back_percent = r.loss_pct, ++found;
    if (r.region == "left") loss.left_percent = r.loss_pct, ++found;
    if (r.region == "right") loss.right_percent = r.loss_pct, ++found;
  }
  if (found != 4) return std::nullopt;
  return loss;
}

struct SessionScores {
  std::optional<SaltScore> salt;
  std::optional<EasiScore> easi;
};

Result<SessionScores> ScoresOf(const store::PatientRecord& record,
                               const store::TrackingSession& s) {
  SessionScores out;
  if (auto regions = RegionsOf(s)) {
    auto salt = ComputeSalt(*regions);
    if (!salt) return tl::unexpected(salt.error());
    out.salt = *salt;
  }
  out.easi = app::SessionEasi(s, app::AgeYears(record.patient, s.session_date));
  return out;
}

std::string_view EasiPart(int part) {
  static constexpr std::string_view kParts[] = {"area_score", "erythema", "induration",
                                                "excoriation", "lichenification"};
  return kParts[part];
}

class Writer {
 public:
  explicit Writer(const CsvFileSpec& spec) : spec_(spec) {
    Row header;
    for (const CsvColumnSpec& c : spec.columns) header.emplace_back(c.name);
    text_ = CsvLine(header);
  }
  void Add(const Row& row) {
    // A row of the wrong width is a bug here, never the record's fault: keep the file regular.
    Row fixed = row;
    fixed.resize(spec_.columns.size());
    text_ += CsvLine(fixed);
    ++rows_;
  }
  CsvFile Done() { return {std::string(spec_.file), std::move(text_), rows_}; }

 private:
  const CsvFileSpec& spec_;
  std::string text_;
  int rows_ = 0;
};

Writer WriterFor(std::string_view file) { return Writer(*FindCsvFileSpec(file)); }

}  // namespace

std::string_view CsvTypeName(CsvType type) {
  switch (type) {
    case CsvType::kId:
      return "id";
    case CsvType::kText:
      return "text";
    case CsvType::kCode:
      return "code";
    case CsvType::kInteger:
      return "integer";
    case CsvType::kDecimal:
      return "decimal";
    case CsvType::kDate:
      return "date";
    case CsvType::kTimestamp:
      return "timestamp";
    case CsvType::kBoolean:
      return "boolean";
  }
  return "text";
}

const std::vector<CsvFileSpec>& CsvFileSpecs() {
  static const std::vector<CsvFileSpec> kSpecs = MakeSpecs();
  return kSpecs;
}

const CsvFileSpec* FindCsvFileSpec(std::string_view file) {
  for (const CsvFileSpec& f : CsvFileSpecs()) {
    if (f.file == file) return &f;
  }
  return nullptr;
}

std::string CsvQuote(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string CsvGuard(std::string_view text) {
  if (!text.empty() && std::string_view("=+-@\t\r'").find(text.front()) != std::string_view::npos) {
    return "'" + std::string(text);
  }
  return std::string(text);
}

std::string CsvUnguard(std::string_view field) {
  if (field.size() >= 2 && field.front() == '\'' &&
      std::string_view("=+-@\t\r'").find(field[1]) != std::string_view::npos) {
    return std::string(field.substr(1));
  }
  return std::string(field);
}

std::string CsvLine(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += CsvQuote(fields[i]);
  }
  line += "\r\n";
  return line;
}

std::string CsvNumber(double value, int decimals) {
  // fmt formats in the C locale unless asked otherwise ('L'), whatever the global locale.
  std::string text = fmt::format("{:.{}f}", value, decimals);
  if (text.front() == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
  return text;
}

Result<std::vector<CsvFile>> RecordToCsvFiles(const store::PatientRecord& record) {
  const std::string pid = Text(record.patient.id);
  std::vector<CsvFile> files;

  Writer patient = WriterFor("patient.csv");
  const store::Patient& p = record.patient;
  patient.Add({pid, Text(p.display_name), Int(p.birth_year), p.created_at});
  files.push_back(patient.Done());

  Writer conditions = WriterFor("conditions.csv");
  for (const store::Condition& c : record.conditions) {
    conditions.Add({pid, Text(c.id), Text(c.kind), Text(c.snomed_code), Text(c.icd10_code),
                    Text(c.icd11_code), Text(c.subtype), Day(c.onset)});
  }
  files.push_back(conditions.Done());

  Writer courses = WriterFor("courses.csv");
  for (const store::Course& c : record.courses) {
    courses.Add({pid, Text(c.id), Text(c.condition_id), Text(c.protocol_id),
                 Text(c.treatment_class), Text(c.medication), Text(c.dosing), Text(c.reason),
                 Bool(c.off_label), Day(c.start_date), Day(c.end_date)});
  }
  files.push_back(courses.Done());

  Writer administrations = WriterFor("administrations.csv");
  for (const store::Administration& a : record.administrations) {
    administrations.Add({pid, Text(a.id), Text(a.course_id), Day(a.given_on),
                         CsvNumber(a.dose_mg, kDoseDecimals), Text(a.injection_site)});
  }
  files.push_back(administrations.Done());

  Writer sessions = WriterFor("sessions.csv");
  Writer scores = WriterFor("scores.csv");
  Writer zones = WriterFor("zones.csv");
  Writer photos = WriterFor("photos.csv");
  Writer reactions = WriterFor("injection_site_reactions.csv");
  for (const store::TrackingSession& s : record.sessions) {
    auto computed = ScoresOf(record, s);
    if (!computed) return tl::unexpected(computed.error());
    const std::string sid = Text(s.id);
    const std::string date = Day(s.session_date);
    const std::string week = Int(s.week);
    sessions.Add(
        {pid, sid, date, week, Text(s.course_id),
         computed->salt ? CsvNumber(computed->salt->salt, kScoreDecimals) : "",
         computed->salt ? std::to_string(static_cast<int>(computed->salt->aa_iga)) : "",
         computed->easi ? CsvNumber(computed->easi->total, kScoreDecimals) : "", Int(s.itch_nrs),
         Int(s.poem), Int(s.dlqi),
         s.vellus_fraction ? CsvNumber(*s.vellus_fraction * 100, kPercentDecimals) : std::string(),
         s.patient_reported_hair_change ? Text(*s.patient_reported_hair_change) : "",
         std::to_string(s.photos.size()), Text(s.recorded_by), s.recorded_at});

    auto score = [&](std::string_view measure, const std::string& component, double value,
                     std::string_view unit, std::string_view label, std::string_view confirmation,
                     std::string_view source) {
      scores.Add({pid, sid, date, week, std::string(measure), Text(component),
                  CsvNumber(value, kScoreDecimals), std::string(unit), Text(label),
                  Text(confirmation), std::string(source)});
    };
    if (computed->salt) {
      score("salt", "total", computed->salt->salt, "% of scalp", "", "", kSaltSource);
    }
    for (const store::SaltRegionLoss& r : s.salt_regions) {
      score("salt", r.region, r.loss_pct, "% of region", "", r.confirmation, kSaltSource);
    }
    if (computed->salt) {
      const AaIga band = computed->salt->aa_iga;
      score("aa_iga", "total", static_cast<double>(band), "grade 0-4", AaIgaLabel(band), "",
            "Wyrwich 2020, BJD 183:702");
    }
    if (computed->easi) {
      const EasiScore& e = *computed->easi;
      constexpr std::string_view kEasiSource = "Hanifin 2001, Exp Dermatol 10:11";
      score("easi", "total", e.total, "points 0-72", EasiSeverityName(e.severity), "", kEasiSource);
      for (const store::EasiRegion& r : s.easi_regions) {
        const int parts[] = {r.area_score, r.erythema, r.induration, r.excoriation,
                             r.lichenification};
        for (int i = 0; i < 5; ++i) {
          score("easi", r.region + "." + std::string(EasiPart(i)), parts[i],
                i == 0 ? "score 0-6" : "score 0-3", "", "", kEasiSource);
        }
        for (const EasiRegionScore& rs : e.regions) {
          if (EasiRegionName(rs.region) != r.region) continue;
          score("easi", r.region + ".score", rs.contribution, "points", "", "", kEasiSource);
        }
      }
    }
    if (s.itch_nrs) {
      auto itch = ScoreItchNrs(*s.itch_nrs, "itch_nrs");
      if (!itch) return tl::unexpected(itch.error());
      score("itch_nrs", "total", *s.itch_nrs, "points 0-10", ItchSeverityName(itch->severity), "",
            "Yosipovitch 2019, BJD 181:761");
    }
    if (s.poem) {
      score("poem", "total", *s.poem, "points 0-28", PoemSeverityName(PoemSeverityFor(*s.poem)), "",
            "Charman 2004, Arch Dermatol 140:1513");
    }
    if (s.dlqi) {
      score("dlqi", "total", *s.dlqi, "points 0-30", DlqiEffectName(DlqiEffectFor(*s.dlqi)), "",
            "Finlay 1994, Clin Exp Dermatol 19:210");
    }

    for (std::size_t i = 0; i < s.zone_densities.size(); ++i) {
      zones.Add({pid, sid, date, std::to_string(i), Text(s.zone_densities[i].zone),
                 CsvNumber(s.zone_densities[i].hairs_per_cm2, kDensityDecimals)});
    }
    for (std::size_t i = 0; i < s.photos.size(); ++i) {
      const store::SessionPhoto& ph = s.photos[i];
      photos.Add({pid, sid, date, std::to_string(i), Text(ph.view), Text(ph.sha256),
                  std::to_string(ph.width_px), std::to_string(ph.height_px)});
    }
    for (std::size_t i = 0; i < s.injection_site_reactions.size(); ++i) {
      const store::InjectionSiteReaction& r = s.injection_site_reactions[i];
      reactions.Add(
          {pid, sid, date, std::to_string(i), Text(r.site), Text(r.reaction), Int(r.ctcae_grade)});
    }
  }
  files.push_back(sessions.Done());
  files.push_back(scores.Done());
  files.push_back(zones.Done());
  files.push_back(photos.Done());
  files.push_back(reactions.Done());

  Writer events = WriterFor("adverse_events.csv");
  for (const store::AdverseEvent& e : record.adverse_events) {
    events.Add({pid, Text(e.id), Text(e.course_id), Text(e.term), Text(e.meddra_code),
                std::to_string(e.ctcae_grade), Text(e.ctcae_version), Day(e.onset), Day(e.resolved),
                Text(e.action_taken), Bool(e.serious)});
  }
  files.push_back(events.Done());

  Writer decisions = WriterFor("decisions.csv");
  for (const store::Decision& d : record.decisions) {
    decisions.Add({pid, Text(d.id), Text(d.course_id), Day(d.decided_on), Int(d.week),
                   Text(d.decision), Text(d.reason), Text(d.decided_by), d.recorded_at});
  }
  files.push_back(decisions.Done());

  Writer notes = WriterFor("notes.csv");
  for (const store::Note& n : record.notes) {
    notes.Add(
        {pid, Text(n.id), Text(n.session_id), Text(n.author_user_id), n.written_at, Text(n.text)});
  }
  files.push_back(notes.Done());

  files.push_back(CsvDictionary());
  return files;
}

CsvFile CsvDictionary() {
  CsvFile out{
      "dictionary.csv",
      CsvLine({"file", "column", "type", "decimals", "unit", "allowed", "description", "source"}),
      0};
  for (const CsvFileSpec& f : CsvFileSpecs()) {
    for (const CsvColumnSpec& c : f.columns) {
      out.text += CsvLine(
          {std::string(f.file), std::string(c.name), std::string(CsvTypeName(c.type)),
           c.type == CsvType::kDecimal ? std::to_string(c.decimals) : "", std::string(c.unit),
           CsvGuard(c.allowed), std::string(c.description), std::string(c.source)});
      ++out.rows;
    }
  }
  return out;
}

std::string CsvReadme(const store::PatientRecord& record, const std::vector<CsvFile>& files) {
  std::string out = fmt::format(
      "# Tricholog CSV export\n\n"
      "Patient `{}`: {} session(s), {} decision(s). Written by `tricholog export --format csv`; "
      "the column-by-column description is in `dictionary.csv` (and docs/csv.md).\n\n"
      "| File | Rows | Holds |\n|---|---:|---|\n",
      record.patient.id, record.sessions.size(), record.decisions.size());
  for (const CsvFile& f : files) {
    const CsvFileSpec* spec = FindCsvFileSpec(f.name);
    out += fmt::format("| `{}` | {} | {} |\n", f.name, f.rows,
                       spec != nullptr ? spec->description
                                       : std::string_view("The data dictionary: one row per "
                                                          "column of every file."));
  }
  out +=
      "\n## Conventions\n\n"
      "- RFC 4180: UTF-8, CRLF line ends, one header row; a field holding a comma, a double "
      "quote, CR or LF is quoted, with inner double quotes doubled.\n"
      "- Columns keep their order and names; new columns are only ever added at the end.\n"
      "- Dates are ISO 8601 (`YYYY-MM-DD`); timestamps are ISO 8601 UTC as stored.\n"
      "- Numbers use `.` as the decimal point, no thousands separator, and the fixed number of "
      "decimals given in `dictionary.csv` (scores: 2). An empty field is an absent value.\n"
      "- Booleans are `true` / `false`.\n"
      "- Formula guard: a text, id or code field whose first character is `=`, `+`, `-`, `@`, "
      "tab, CR or `'` is written with one extra leading `'`, so a spreadsheet shows it as text "
      "and never runs it. Remove one leading `'` from such a field to get the stored text.\n"
      "- Every file starts with `patient_id`, so the exports of several patients can be "
      "concatenated (skipping the repeated header rows).\n";
  return out;
}

std::string CsvDictionaryMarkdown() {
  // A table cell: '|' would end the cell and '<' open an HTML tag.
  auto cell = [](std::string_view text) {
    std::string out;
    for (char c : text) {
      if (c == '|') {
        out += "\\|";
      } else if (c == '<') {
        out += "&lt;";
      } else {
        out += c;
      }
    }
    return out;
  };
  std::string out;
  for (const CsvFileSpec& f : CsvFileSpecs()) {
    out += fmt::format(
        "### `{}`\n\n{}\n\n| Column | Type | Unit | Allowed | Description | Source |\n"
        "|---|---|---|---|---|---|\n",
        f.file, cell(f.description));
    for (const CsvColumnSpec& c : f.columns) {
      std::string type(CsvTypeName(c.type));
      if (c.type == CsvType::kDecimal) type += fmt::format(" ({} dp)", c.decimals);
      out += fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", c.name, type, cell(c.unit),
                         cell(c.allowed), cell(c.description), cell(c.source));
    }
    out += "\n";
  }
  return out;
}

}  // namespace tricholog::exporter
