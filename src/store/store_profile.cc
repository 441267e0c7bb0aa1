// Store: the onboarding profile (schema v5): display name and birth year, treatment history,
// current medications. See store.h.
#include <fmt/format.h>

#include "store/account_rules.h"
#include "store/store.h"
#include "store/store_sql.h"

namespace tricholog::store {
namespace {

using namespace sql;  // NOLINT(build/namespaces): the value converters

constexpr std::size_t kMaxNameBytes = 200;
constexpr std::size_t kMaxDoseBytes = 200;
constexpr std::size_t kMaxResponseBytes = 2000;
constexpr int kEarliestBirthYear = 1900;
constexpr std::string_view kEarliestDate = "1900-01-01";

Result<void> CheckText(const std::string& value, std::string_view field, std::size_t max_bytes,
                       bool required) {
  if (required && value.find_first_not_of(" \t\r\n") == std::string::npos) {
    return MakeError(ErrorCode::kInvalidArgument, "must not be empty", std::string(field));
  }
  if (value.size() > max_bytes) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("is {} bytes long; allowed at most {}", value.size(), max_bytes),
                     std::string(field));
  }
  for (unsigned char c : value) {
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
      return MakeError(ErrorCode::kInvalidArgument, "must not contain control characters",
                       std::string(field));
    }
  }
  return {};
}

Result<void> CheckDate(const std::optional<Date>& date, std::string_view field, Date today) {
  if (!date) return {};
  if (*date < *Date::Parse(kEarliestDate) || *date > today) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("{} is out of range; allowed {} to today ({})", date->ToString(),
                                 kEarliestDate, today.ToString()),
                     std::string(field));
  }
  return {};
}

Date TodayOf(const std::string& now) { return Date::Parse(now.substr(0, 10)).value_or(Date()); }

}  // namespace

Result<Patient> Store::UpdatePatientProfile(const Actor& actor, const std::string& patient_id,
                                            const std::string& display_name,
                                            std::optional<int> birth_year) {
  if (auto ok = CheckDisplayName(display_name, "display_name"); !ok) {
    return tl::unexpected(ok.error());
  }
  const std::string now = Now().first;
  const int this_year = static_cast<int>(TodayOf(now).ymd().year());
  if (birth_year && (*birth_year < kEarliestBirthYear || *birth_year > this_year)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("{} is out of range; allowed {} to {}", *birth_year,
                                 kEarliestBirthYear, this_year),
                     "birth_year");
  }
  return Transact<Patient>([&]() -> Result<Patient> {
    if (auto a = Authorize(actor, patient_id, "patient", patient_id); !a) {
      return tl::unexpected(a.error());
    }
    if (actor.role == Role::kPhysician) {
      pending_denial_ =
          AuditEntry{0, {}, actor.user_id, actor.role, "denied", "patient", patient_id, patient_id};
      return MakeError(ErrorCode::kPermissionDenied, "only the patient may change the profile",
                       "patient_id");
    }
    auto updated = Sql("UPDATE patients SET display_name = ?, birth_year = ? WHERE id = ?",
                       {Text(display_name), Int(birth_year), Text(patient_id)});
    if (!updated) return tl::unexpected(updated.error());
    auto rows =
        Sql("SELECT id, user_id, display_name, birth_year, created_at FROM patients WHERE id = ?",
            {patient_id});
    if (!rows) return tl::unexpected(rows.error());
    if (auto a = Audit(actor, "update", "patient", patient_id, patient_id); !a) {
      return tl::unexpected(a.error());
    }
    const auto& r = rows->rows.at(0);
    return Patient{AsText(r[0]), AsText(r[1]), AsText(r[2]), AsOptInt(r[3]), AsText(r[4])};
  });
}

Result<PastTreatment> Store::AddPastTreatment(const Actor& actor, PastTreatment t) {
  const std::string now = Now().first;
  const Date today = TodayOf(now);
  for (auto check :
       {CheckText(t.name, "name", kMaxNameBytes, true),
        CheckText(t.response, "response", kMaxResponseBytes, false),
        CheckDate(t.started_on, "started_on", today), CheckDate(t.ended_on, "ended_on", today)}) {
    if (!check) return tl::unexpected(check.error());
  }
  if (t.started_on && t.ended_on && *t.ended_on < *t.started_on) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "is before the start date " + t.started_on->ToString(), "ended_on");
  }
  return Transact<PastTreatment>([&]() -> Result<PastTreatment> {
    if (auto a = Authorize(actor, t.patient_id, "treatment_history", t.id); !a) {
      return tl::unexpected(a.error());
    }
    t.id = NewId(t.id);
    t.recorded_at = now;
    auto inserted =
        Sql("INSERT INTO treatment_history (id, patient_id, name, started_on, ended_on, response, "
            "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            {Text(t.id), Text(t.patient_id), Text(t.name), Day(t.started_on), Day(t.ended_on),
             Text(t.response), Text(t.recorded_at)});
    if (!inserted) return tl::unexpected(inserted.error());
    if (auto a = Audit(actor, "create", "treatment_history", t.id, t.patient_id); !a) {
      return tl::unexpected(a.error());
    }
    return t;
  });
}

Result<Medication> Store::AddMedication(const Actor& actor, Medication m) {
  const std::string now = Now().first;
  const Date today = TodayOf(now);
  for (auto check :
       {CheckText(m.name, "name", kMaxNameBytes, true),
        CheckText(m.dose, "dose", kMaxDoseBytes, false), CheckDate(m.since, "since", today)}) {
    if (!check) return tl::unexpected(check.error());
  }
  return Transact<Medication>([&]() -> Result<Medication> {
    if (auto a = Authorize(actor, m.patient_id, "medication", m.id); !a) {
      return tl::unexpected(a.error());
    }
    m.id = NewId(m.id);
    m.recorded_at = now;
    auto inserted =
        Sql("INSERT INTO medications (id, patient_id, name, dose, since, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            {Text(m.id), Text(m.patient_id), Text(m.name), Text(m.dose), Day(m.since),
             Text(m.recorded_at)});
    if (!inserted) return tl::unexpected(inserted.error());
    if (auto a = Audit(actor, "create", "medication", m.id, m.patient_id); !a) {
      return tl::unexpected(a.error());
    }
    return m;
  });
}

Result<void> Store::RemoveMedication(const Actor& actor, const std::string& patient_id,
                                     const std::string& medication_id) {
  return Transact<void>([&]() -> Result<void> {
    if (auto a = Authorize(actor, patient_id, "medication", medication_id); !a) return a;
    auto rows = Sql("SELECT id FROM medications WHERE id = ? AND patient_id = ?",
                    {medication_id, patient_id});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->rows.empty()) {
      return MakeError(ErrorCode::kNotFound, "no such medication in this record", "medication_id");
    }
    auto deleted = Sql("DELETE FROM medications WHERE id = ?", {medication_id});
    if (!deleted) return tl::unexpected(deleted.error());
    return Audit(actor, "delete", "medication", medication_id, patient_id);
  });
}

Result<PatientProfile> Store::GetPatientProfile(const Actor& actor, const std::string& patient_id) {
  return ReadTransact<PatientProfile>([&]() -> Result<PatientProfile> {
    if (auto a = Authorize(actor, patient_id, "profile", patient_id); !a) {
      return tl::unexpected(a.error());
    }
    PatientProfile out;
    const std::vector<SqlValue> key = {patient_id};
    auto p = Sql(
        "SELECT id, user_id, display_name, birth_year, created_at FROM patients WHERE id = ?", key);
    if (!p) return tl::unexpected(p.error());
    const auto& pr = p->rows.at(0);
    out.patient = {AsText(pr[0]), AsText(pr[1]), AsText(pr[2]), AsOptInt(pr[3]), AsText(pr[4])};
    auto conditions =
        Sql("SELECT id, patient_id, kind, snomed_code, icd10_code, icd11_code, subtype, onset "
            "FROM conditions WHERE patient_id = ? ORDER BY id",
            key);
    if (!conditions) return tl::unexpected(conditions.error());
    for (const auto& r : conditions->rows) {
      out.conditions.push_back({AsText(r[0]), AsText(r[1]), AsText(r[2]), AsText(r[3]),
                                AsText(r[4]), AsText(r[5]), AsText(r[6]), AsOptDay(r[7])});
    }
    auto courses =
        Sql("SELECT id, patient_id, condition_id, protocol_id, treatment_class, medication, "
            "dosing, reason, off_label, start_date, end_date FROM courses WHERE patient_id = ? "
            "ORDER BY start_date, id",
            key);
    if (!courses) return tl::unexpected(courses.error());
    for (const auto& r : courses->rows) {
      out.courses.push_back({AsText(r[0]), AsText(r[1]), AsText(r[2]), AsText(r[3]), AsText(r[4]),
                             AsText(r[5]), AsText(r[6]), AsText(r[7]), AsBool(r[8]), AsDay(r[9]),
                             AsOptDay(r[10])});
    }
    // Unknown start dates first (NULL sorts first on SQLite, last on PostgreSQL by default).
    auto history =
        Sql("SELECT id, patient_id, name, started_on, ended_on, response, recorded_at FROM "
            "treatment_history WHERE patient_id = ? "
            "ORDER BY CASE WHEN started_on IS NULL THEN 0 ELSE 1 END, started_on, id",
            key);
    if (!history) return tl::unexpected(history.error());
    for (const auto& r : history->rows) {
      out.treatment_history.push_back({AsText(r[0]), AsText(r[1]), AsText(r[2]), AsOptDay(r[3]),
                                       AsOptDay(r[4]), AsText(r[5]), AsText(r[6])});
    }
    auto medications =
        Sql("SELECT id, patient_id, name, dose, since, recorded_at FROM medications "
            "WHERE patient_id = ? ORDER BY name, id",
            key);
    if (!medications) return tl::unexpected(medications.error());
    for (const auto& r : medications->rows) {
      out.medications.push_back(
          {AsText(r[0]), AsText(r[1]), AsText(r[2]), AsText(r[3]), AsOptDay(r[4]), AsText(r[5])});
    }
    if (auto a = Audit(actor, "read", "profile", patient_id, patient_id); !a) {
      return tl::unexpected(a.error());
    }
    return out;
  });
}

}  // namespace tricholog::store
