#include "store/record_validate.h"

#include <fmt/format.h>

#include <chrono>
#include <map>

namespace tricholog::store {
namespace {

constexpr int kMaxIdLength = 128;

// --- whole-record validation ------------------------------------------------------------

// The model's Validate names fields "session.week"; import names them by JSON path.
Error AtPath(Error e, std::string_view model_prefix, const std::string& path) {
  if (e.field.rfind(model_prefix, 0) == 0) {
    e.field = path + e.field.substr(model_prefix.size());
  } else {
    e.field = path + "." + e.field;
  }
  return e;
}

#define RETURN_IF_ERROR(expr)                                     \
  do {                                                            \
    if (auto r_ = (expr); !r_) return tl::unexpected(r_.error()); \
  } while (false)

Result<void> RequireId(const std::string& id, const std::string& path) {
  if (id.empty()) return InvalidArgument(path, "must not be empty");
  if (id.size() > kMaxIdLength) {
    return InvalidArgument(
        path, fmt::format("is {} characters; allowed 1 to {}", id.size(), kMaxIdLength));
  }
  return {};
}

// Each id once per kind; `seen` maps id -> the path where it first appeared.
Result<void> RequireUnique(const std::string& id, const std::string& path,
                           std::map<std::string, std::string>& seen) {
  RETURN_IF_ERROR(RequireId(id, path));
  auto [it, inserted] = seen.emplace(id, path);
  if (!inserted) {
    return InvalidArgument(path,
                           fmt::format("{} appears twice (also at {})", Quote(id), it->second));
  }
  return {};
}

Result<void> RequireOwner(const std::string& patient_id, const std::string& path,
                          const std::string& owner) {
  if (patient_id == owner) return {};
  return InvalidArgument(path, fmt::format("{} is not the imported patient {}; every record in "
                                           "the file must belong to it",
                                           Quote(patient_id), Quote(owner)));
}

// An optional (may be empty) reference that must name a row of the file.
Result<void> RequireInside(const std::string& ref, const std::string& path,
                           const std::map<std::string, std::string>& ids, std::string_view kind) {
  if (ref.empty() || ids.count(ref) != 0) return {};
  return InvalidArgument(path, fmt::format("{} is not a {} in this file; a record may refer only "
                                           "to its own {}s",
                                           Quote(ref), kind, kind));
}

Result<void> RequireTimestamp(const std::string& text, const std::string& path) {
  if (IsIsoTimestamp(text)) return {};
  return InvalidArgument(path, fmt::format("{} is not an ISO-8601 timestamp "
                                           "(YYYY-MM-DDTHH:MM:SSZ)",
                                           Quote(text.substr(0, 64))));
}

bool Digits(std::string_view text, std::size_t at, std::size_t count, int lo, int hi) {
  if (at + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return value >= lo && value <= hi;
}

Result<void> ValidateSessions(const PatientRecord& rec,
                              const std::map<std::string, std::string>& course_ids,
                              std::map<std::string, std::string>& session_ids) {
  for (std::size_t i = 0; i < rec.sessions.size(); ++i) {
    const TrackingSession& s = rec.sessions[i];
    const std::string q = fmt::format("$.sessions[{}]", i);
    RETURN_IF_ERROR(RequireUnique(s.id, q + ".id", session_ids));
    RETURN_IF_ERROR(RequireOwner(s.patient_id, q + ".patient_id", rec.patient.id));
    RETURN_IF_ERROR(RequireInside(s.course_id, q + ".course_id", course_ids, "course"));
    if (auto v = Validate(s); !v) return tl::unexpected(AtPath(v.error(), "session.", q + "."));
    RETURN_IF_ERROR(RequireId(s.recorded_by, q + ".recorded_by"));
    RETURN_IF_ERROR(RequireTimestamp(s.recorded_at, q + ".recorded_at"));
  }
  return {};
}

}  // namespace

int CurrentUtcYear() {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return static_cast<int>(std::chrono::year_month_day(today).year());
}

bool IsIsoTimestamp(std::string_view t) {
  if (t.size() < 20 || t.size() > 40 || t[10] != 'T' || t[13] != ':' || t[16] != ':') {
    return false;
  }
  if (!Date::Parse(t.substr(0, 10))) return false;
  // Seconds to 60: a leap second is a real time.
  if (!Digits(t, 11, 2, 0, 23) || !Digits(t, 14, 2, 0, 59) || !Digits(t, 17, 2, 0, 60)) {
    return false;
  }
  std::size_t at = 19;
  if (t[at] == '.') {
    const std::size_t first = ++at;
    while (at < t.size() && t[at] >= '0' && t[at] <= '9') ++at;
    if (at == first) return false;
  }
  const std::string_view zone = t.substr(at);
  if (zone == "Z") return true;
  return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' &&
         Digits(zone, 1, 2, 0, 23) && Digits(zone, 4, 2, 0, 59);
}

Result<void> ValidateRecord(const PatientRecord& rec) {
  const Patient& p = rec.patient;
  RETURN_IF_ERROR(RequireId(p.id, "$.patient.id"));
  if (p.birth_year) {
    RETURN_IF_ERROR(RequireInRange("$.patient.birth_year", *p.birth_year, 1900, CurrentUtcYear()));
  }
  RETURN_IF_ERROR(RequireTimestamp(p.created_at, "$.patient.created_at"));
  std::map<std::string, std::string> condition_ids, course_ids, admin_ids, session_ids, event_ids,
      note_ids, share_ids, decision_ids;
  for (std::size_t i = 0; i < rec.conditions.size(); ++i) {
    const Condition& c = rec.conditions[i];
    const std::string q = fmt::format("$.conditions[{}]", i);
    RETURN_IF_ERROR(RequireUnique(c.id, q + ".id", condition_ids));
    RETURN_IF_ERROR(RequireOwner(c.patient_id, q + ".patient_id", p.id));
    if (auto v = Validate(c); !v) return tl::unexpected(AtPath(v.error(), "condition.", q + "."));
  }
  for (std::size_t i = 0; i < rec.courses.size(); ++i) {
    const Course& c = rec.courses[i];
    const std::string q = fmt::format("$.courses[{}]", i);
    RETURN_IF_ERROR(RequireUnique(c.id, q + ".id", course_ids));
    RETURN_IF_ERROR(RequireOwner(c.patient_id, q + ".patient_id", p.id));
    RETURN_IF_ERROR(RequireInside(c.condition_id, q + ".condition_id", condition_ids, "condition"));
    if (auto v = Validate(c); !v) return tl::unexpected(AtPath(v.error(), "course.", q + "."));
  }
  for (std::size_t i = 0; i < rec.administrations.size(); ++i) {
    const Administration& a = rec.administrations[i];
    const std::string q = fmt::format("$.administrations[{}]", i);
    RETURN_IF_ERROR(RequireUnique(a.id, q + ".id", admin_ids));
    RETURN_IF_ERROR(RequireId(a.course_id, q + ".course_id"));
    RETURN_IF_ERROR(RequireInside(a.course_id, q + ".course_id", course_ids, "course"));
    if (!(a.dose_mg > 0)) {
      return InvalidArgument(q + ".dose_mg",
                             fmt::format("{} is out of range; allowed 0.001 to 10000", a.dose_mg));
    }
    if (auto v = Validate(a); !v) {
      return tl::unexpected(AtPath(v.error(), "administration.", q + "."));
    }
  }
  RETURN_IF_ERROR(ValidateSessions(rec, course_ids, session_ids));
  for (std::size_t i = 0; i < rec.adverse_events.size(); ++i) {
    const AdverseEvent& e = rec.adverse_events[i];
    const std::string q = fmt::format("$.adverse_events[{}]", i);
    RETURN_IF_ERROR(RequireUnique(e.id, q + ".id", event_ids));
    RETURN_IF_ERROR(RequireOwner(e.patient_id, q + ".patient_id", p.id));
    RETURN_IF_ERROR(RequireInside(e.course_id, q + ".course_id", course_ids, "course"));
    if (auto v = Validate(e); !v) {
      return tl::unexpected(AtPath(v.error(), "adverse_event.", q + "."));
    }
  }
  for (std::size_t i = 0; i < rec.notes.size(); ++i) {
    const Note& n = rec.notes[i];
    const std::string q = fmt::format("$.notes[{}]", i);
    RETURN_IF_ERROR(RequireUnique(n.id, q + ".id", note_ids));
    RETURN_IF_ERROR(RequireOwner(n.patient_id, q + ".patient_id", p.id));
    RETURN_IF_ERROR(RequireInside(n.session_id, q + ".session_id", session_ids, "session"));
    RETURN_IF_ERROR(RequireId(n.author_user_id, q + ".author_user_id"));
    RETURN_IF_ERROR(RequireTimestamp(n.written_at, q + ".written_at"));
    if (n.text.empty()) return InvalidArgument(q + ".text", "must not be empty");
  }
  for (std::size_t i = 0; i < rec.shares.size(); ++i) {
    const Share& s = rec.shares[i];
    const std::string q = fmt::format("$.shares[{}]", i);
    RETURN_IF_ERROR(RequireUnique(s.id, q + ".id", share_ids));
    RETURN_IF_ERROR(RequireOwner(s.patient_id, q + ".patient_id", p.id));
    RETURN_IF_ERROR(RequireId(s.physician_user_id, q + ".physician_user_id"));
    if (s.physician_user_id == p.user_id) {
      return InvalidArgument(q + ".physician_user_id", "is the patient's own account");
    }
    RETURN_IF_ERROR(RequireTimestamp(s.granted_at, q + ".granted_at"));
    if (s.revoked_at) {
      RETURN_IF_ERROR(RequireTimestamp(*s.revoked_at, q + ".revoked_at"));
      if (*s.revoked_at < s.granted_at) {
        return InvalidArgument(q + ".revoked_at", "is before granted_at " + s.granted_at);
      }
    }
  }
  for (std::size_t i = 0; i < rec.decisions.size(); ++i) {
    const Decision& d = rec.decisions[i];
    const std::string q = fmt::format("$.decisions[{}]", i);
    RETURN_IF_ERROR(RequireUnique(d.id, q + ".id", decision_ids));
    RETURN_IF_ERROR(RequireOwner(d.patient_id, q + ".patient_id", p.id));
    RETURN_IF_ERROR(RequireId(d.course_id, q + ".course_id"));
    RETURN_IF_ERROR(RequireInside(d.course_id, q + ".course_id", course_ids, "course"));
    RETURN_IF_ERROR(RequireId(d.decided_by, q + ".decided_by"));
    RETURN_IF_ERROR(RequireTimestamp(d.recorded_at, q + ".recorded_at"));
    if (auto v = Validate(d); !v) return tl::unexpected(AtPath(v.error(), "decision.", q + "."));
  }
  return {};
}

}  // namespace tricholog::store
