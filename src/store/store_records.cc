// Store: the clinical record — conditions, courses, administrations, tracking sessions with all
// their data points, adverse events, notes — and whole-record export/import.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "store/record_json.h"
#include "store/store.h"
#include "store/store_sql.h"

namespace tricholog::store {

using namespace sql;  // NOLINT(google-build-using-namespace)

namespace {

#define TRY(expr)                                                 \
  do {                                                            \
    if (auto r_ = (expr); !r_) return tl::unexpected(r_.error()); \
  } while (false)

Result<void> Exec(Database& db, std::string_view text, const std::vector<SqlValue>& params) {
  auto r = db.Query(text, params);
  if (!r) return tl::unexpected(r.error());
  return {};
}

Result<void> InsertCondition(Database& db, const Condition& c) {
  return Exec(db,
              "INSERT INTO conditions (id, patient_id, kind, snomed_code, icd10_code, icd11_code, "
              "subtype, onset) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              {c.id, c.patient_id, c.kind, c.snomed_code, c.icd10_code, c.icd11_code, c.subtype,
               Day(c.onset)});
}

Result<void> InsertCourse(Database& db, const Course& c) {
  return Exec(
      db,
      "INSERT INTO courses (id, patient_id, condition_id, protocol_id, treatment_class, "
      "medication, dosing, reason, off_label, start_date, end_date) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {c.id, c.patient_id, TextOrNull(c.condition_id), c.protocol_id, c.treatment_class,
       c.medication, c.dosing, c.reason, Bool(c.off_label), Day(c.start_date), Day(c.end_date)});
}

Result<void> InsertAdministration(Database& db, const Administration& a) {
  return Exec(db,
              "INSERT INTO administrations (id, course_id, given_on, dose_mg, injection_site) "
              "VALUES (?, ?, ?, ?, ?)",
              {a.id, a.course_id, Day(a.given_on), Real(a.dose_mg), a.injection_site});
}

Result<void> InsertAdverseEvent(Database& db, const AdverseEvent& e) {
  return Exec(
      db,
      "INSERT INTO adverse_events (id, patient_id, course_id, term, meddra_code, "
      "ctcae_grade, ctcae_version, onset, resolved, action_taken, serious) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {e.id, e.patient_id, TextOrNull(e.course_id), e.term, e.meddra_code, Int(e.ctcae_grade),
       e.ctcae_version, Day(e.onset), Day(e.resolved), e.action_taken, Bool(e.serious)});
}

Result<void> InsertNote(Database& db, const Note& n) {
  return Exec(
      db,
      "INSERT INTO notes (id, patient_id, session_id, author_user_id, written_at, body) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {n.id, n.patient_id, TextOrNull(n.session_id), n.author_user_id, n.written_at, n.text});
}

Result<void> InsertDecision(Database& db, const Decision& d) {
  return Exec(db,
              "INSERT INTO decisions (id, patient_id, course_id, decided_on, week, decision, "
              "reason, decided_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {d.id, d.patient_id, d.course_id, Day(d.decided_on), Int(d.week), d.decision,
               d.reason, d.decided_by, d.recorded_at});
}

Result<void> InsertShare(Database& db, const Share& s) {
  return Exec(db,
              "INSERT INTO shares (id, patient_id, physician_user_id, granted_at, revoked_at) "
              "VALUES (?, ?, ?, ?, ?)",
              {s.id, s.patient_id, s.physician_user_id, s.granted_at,
               s.revoked_at ? SqlValue(*s.revoked_at) : SqlValue()});
}

// The session row first, then each data point with its position, so order survives a round trip.
Result<void> InsertSessionRows(Database& db, const TrackingSession& s) {
  TRY(Exec(db,
           "INSERT INTO sessions (id, patient_id, course_id, session_date, week, itch_nrs, poem, "
           "dlqi, vellus_fraction, recorded_by, recorded_at, patient_reported_hair_change) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           {s.id, s.patient_id, TextOrNull(s.course_id), Day(s.session_date), Int(s.week),
            Int(s.itch_nrs), Int(s.poem), Int(s.dlqi), Real(s.vellus_fraction), s.recorded_by,
            s.recorded_at, SqlValue(s.patient_reported_hair_change)}));
  for (std::size_t i = 0; i < s.photos.size(); ++i) {
    const SessionPhoto& p = s.photos[i];
    TRY(Exec(db,
             "INSERT INTO session_photos (session_id, ordinal, view_name, sha256, width_px, "
             "height_px) VALUES (?, ?, ?, ?, ?, ?)",
             {s.id, Int(static_cast<long long>(i)), p.view, p.sha256, Int(p.width_px),
              Int(p.height_px)}));
  }
  for (std::size_t i = 0; i < s.zone_densities.size(); ++i) {
    TRY(Exec(db,
             "INSERT INTO session_zone_densities (session_id, ordinal, zone, hairs_per_cm2) "
             "VALUES (?, ?, ?, ?)",
             {s.id, Int(static_cast<long long>(i)), s.zone_densities[i].zone,
              Real(s.zone_densities[i].hairs_per_cm2)}));
  }
  for (std::size_t i = 0; i < s.salt_regions.size(); ++i) {
    TRY(Exec(db,
             "INSERT INTO session_salt_regions (session_id, ordinal, region, loss_pct, "
             "confirmation) VALUES (?, ?, ?, ?, ?)",
             {s.id, Int(static_cast<long long>(i)), s.salt_regions[i].region,
              Real(s.salt_regions[i].loss_pct), s.salt_regions[i].confirmation}));
  }
  for (std::size_t i = 0; i < s.easi_regions.size(); ++i) {
    const EasiRegion& e = s.easi_regions[i];
    TRY(Exec(db,
             "INSERT INTO session_easi_regions (session_id, ordinal, region, area_score, "
             "erythema, induration, excoriation, lichenification) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
             {s.id, Int(static_cast<long long>(i)), e.region, Int(e.area_score), Int(e.erythema),
              Int(e.induration), Int(e.excoriation), Int(e.lichenification)}));
  }
  for (std::size_t i = 0; i < s.injection_site_reactions.size(); ++i) {
    const InjectionSiteReaction& r = s.injection_site_reactions[i];
    TRY(Exec(db,
             "INSERT INTO session_injection_site_reactions (session_id, ordinal, site, reaction, "
             "ctcae_grade) VALUES (?, ?, ?, ?, ?)",
             {s.id, Int(static_cast<long long>(i)), r.site, r.reaction, Int(r.ctcae_grade)}));
  }
  return {};
}

// Loads the data points of the sessions matching `where` (on alias s) into `by_id`.
Result<void> LoadSessionChildren(Database& db, std::string_view where, const std::string& key,
                                 std::map<std::string, TrackingSession*>& by_id) {
  auto query = [&](std::string_view columns, std::string_view table) {
    return db.Query(fmt::format("SELECT c.session_id, {} FROM {} c JOIN sessions s ON "
                                "s.id = c.session_id WHERE {} ORDER BY c.session_id, c.ordinal",
                                columns, table, where),
                    {key});
  };
  auto photos = query("c.view_name, c.sha256, c.width_px, c.height_px", "session_photos");
  if (!photos) return tl::unexpected(photos.error());
  for (const auto& r : photos->rows) {
    by_id.at(AsText(r[0]))
        ->photos.push_back({AsText(r[1]), AsText(r[2]), AsInt(r[3]), AsInt(r[4])});
  }
  auto zones = query("c.zone, c.hairs_per_cm2", "session_zone_densities");
  if (!zones) return tl::unexpected(zones.error());
  for (const auto& r : zones->rows) {
    by_id.at(AsText(r[0]))->zone_densities.push_back({AsText(r[1]), AsReal(r[2])});
  }
  auto salt = query("c.region, c.loss_pct, c.confirmation", "session_salt_regions");
  if (!salt) return tl::unexpected(salt.error());
  for (const auto& r : salt->rows) {
    by_id.at(AsText(r[0]))->salt_regions.push_back({AsText(r[1]), AsReal(r[2]), AsText(r[3])});
  }
  auto easi = query(
      "c.region, c.area_score, c.erythema, c.induration, c.excoriation, "
      "c.lichenification",
      "session_easi_regions");
  if (!easi) return tl::unexpected(easi.error());
  for (const auto& r : easi->rows) {
    by_id.at(AsText(r[0]))
        ->easi_regions.push_back(
            {AsText(r[1]), AsInt(r[2]), AsInt(r[3]), AsInt(r[4]), AsInt(r[5]), AsInt(r[6])});
  }
  auto isr = query("c.site, c.reaction, c.ctcae_grade", "session_injection_site_reactions");
  if (!isr) return tl::unexpected(isr.error());
  for (const auto& r : isr->rows) {
    by_id.at(AsText(r[0]))
        ->injection_site_reactions.push_back({AsText(r[1]), AsText(r[2]), AsOptInt(r[3])});
  }
  return {};
}

// Accounts a record refers to but this store lacks (a record moved between stores) are created
// locked: "!" is no Argon2id hash, so nobody can sign in until an admin sets a password.
Result<void> EnsureUsers(Database& db, const PatientRecord& record) {
  struct Wanted {
    std::string id, role, path;
  };
  std::vector<Wanted> wanted;
  if (!record.patient.user_id.empty()) {
    wanted.push_back({record.patient.user_id, "patient", "$.patient.user_id"});
  }
  for (std::size_t i = 0; i < record.shares.size(); ++i) {
    wanted.push_back({record.shares[i].physician_user_id, "physician",
                      fmt::format("$.shares[{}].physician_user_id", i)});
  }
  for (const auto& [id, role, path] : wanted) {
    auto rows = db.Query("SELECT role FROM users WHERE id = ?", {id});
    if (!rows) return tl::unexpected(rows.error());
    if (!rows->rows.empty()) {
      if (AsText(rows->rows[0][0]) != role) {
        return MakeError(ErrorCode::kConflict,
                         fmt::format("account {} exists here as a {}, not a {}", Quote(id),
                                     AsText(rows->rows[0][0]), role),
                         path);
      }
      continue;
    }
    TRY(Exec(db,
             "INSERT INTO users (id, role, email, display_name, password_hash, created_at) "
             "VALUES (?, ?, ?, ?, '!', ?)",
             {id, role, id + "@imported.invalid", "imported " + role, record.patient.created_at}));
  }
  return {};
}

}  // namespace

Result<std::string> Store::PatientOfCourse(const std::string& course_id) {
  auto rows = Sql("SELECT patient_id FROM courses WHERE id = ?", {course_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->rows.empty()) return std::string();  // Authorize refuses an empty patient id
  return AsText(rows->rows[0][0]);
}

Result<std::string> Store::PatientOfSession(const std::string& session_id) {
  auto rows = Sql("SELECT patient_id FROM sessions WHERE id = ?", {session_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->rows.empty()) return std::string();
  return AsText(rows->rows[0][0]);
}

Result<Condition> Store::AddCondition(const Actor& actor, Condition c) {
  TRY(Validate(c));
  return Transact<Condition>([&]() -> Result<Condition> {
    TRY(Authorize(actor, c.patient_id, "condition", c.id));
    c.id = NewId(c.id);
    TRY(InsertCondition(*db_, c));
    TRY(Audit(actor, "create", "condition", c.id, c.patient_id));
    return c;
  });
}

Result<Course> Store::StartCourse(const Actor& actor, Course c) {
  TRY(Validate(c));
  return Transact<Course>([&]() -> Result<Course> {
    TRY(Authorize(actor, c.patient_id, "course", c.id));
    c.id = NewId(c.id);
    TRY(InsertCourse(*db_, c));
    TRY(Audit(actor, "create", "course", c.id, c.patient_id));
    return c;
  });
}

Result<Administration> Store::RecordAdministration(const Actor& actor, Administration a) {
  TRY(Validate(a));
  return Transact<Administration>([&]() -> Result<Administration> {
    auto patient_id = PatientOfCourse(a.course_id);
    if (!patient_id) return tl::unexpected(patient_id.error());
    TRY(Authorize(actor, *patient_id, "administration", a.id));
    a.id = NewId(a.id);
    TRY(InsertAdministration(*db_, a));
    TRY(Audit(actor, "create", "administration", a.id, *patient_id));
    return a;
  });
}

Result<TrackingSession> Store::RecordSession(const Actor& actor, TrackingSession s) {
  TRY(Validate(s));
  return Transact<TrackingSession>([&]() -> Result<TrackingSession> {
    TRY(Authorize(actor, s.patient_id, "session", s.id));
    if (!s.course_id.empty()) {
      auto owner = PatientOfCourse(s.course_id);
      if (!owner) return tl::unexpected(owner.error());
      if (*owner != s.patient_id) {
        return InvalidArgument("session.course_id", "is not a course of patient " + s.patient_id);
      }
    }
    s.id = NewId(s.id);
    s.recorded_by = actor.user_id;
    s.recorded_at = clock_->NowUtc();
    TRY(InsertSessionRows(*db_, s));
    TRY(Audit(actor, "create", "session", s.id, s.patient_id));
    return s;
  });
}

Result<std::vector<TrackingSession>> Store::LoadSessions(std::string_view where,
                                                         const std::string& key) {
  auto rows = Sql(fmt::format("SELECT s.id, s.patient_id, s.course_id, s.session_date, s.week, "
                              "s.itch_nrs, s.poem, s.dlqi, s.vellus_fraction, s.recorded_by, "
                              "s.recorded_at, s.patient_reported_hair_change "
                              "FROM sessions s WHERE {} "
                              "ORDER BY s.session_date, s.id",
                              where),
                  {key});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<TrackingSession> out(rows->rows.size());
  std::map<std::string, TrackingSession*> by_id;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto& r = rows->rows[i];
    TrackingSession& s = out[i];
    s.id = AsText(r[0]);
    s.patient_id = AsText(r[1]);
    s.course_id = AsText(r[2]);
    s.session_date = AsDay(r[3]);
    s.week = AsOptInt(r[4]);
    s.itch_nrs = AsOptInt(r[5]);
    s.poem = AsOptInt(r[6]);
    s.dlqi = AsOptInt(r[7]);
    s.vellus_fraction = AsOptReal(r[8]);
    s.recorded_by = AsText(r[9]);
    s.recorded_at = AsText(r[10]);
    s.patient_reported_hair_change = r[11];
    by_id[s.id] = &s;
  }
  TRY(LoadSessionChildren(*db_, where, key, by_id));
  return out;
}

Result<TrackingSession> Store::GetSession(const Actor& actor, const std::string& session_id) {
  return ReadTransact<TrackingSession>([&]() -> Result<TrackingSession> {
    auto patient_id = PatientOfSession(session_id);
    if (!patient_id) return tl::unexpected(patient_id.error());
    TRY(Authorize(actor, *patient_id, "session", session_id));
    auto sessions = LoadSessions("s.id = ?", session_id);
    if (!sessions) return tl::unexpected(sessions.error());
    if (sessions->empty()) {
      return MakeError(ErrorCode::kNotFound, "no session with id " + session_id, "session_id");
    }
    TRY(Audit(actor, "read", "session", session_id, *patient_id));
    return sessions->front();
  });
}

Result<std::vector<TrackingSession>> Store::ListSessions(const Actor& actor,
                                                         const std::string& patient_id) {
  return ReadTransact<std::vector<TrackingSession>>([&]() -> Result<std::vector<TrackingSession>> {
    TRY(Authorize(actor, patient_id, "session", ""));
    auto sessions = LoadSessions("s.patient_id = ?", patient_id);
    if (!sessions) return tl::unexpected(sessions.error());
    TRY(Audit(actor, "read", "sessions", "", patient_id));
    return sessions;
  });
}

Result<AdverseEvent> Store::RecordAdverseEvent(const Actor& actor, AdverseEvent e) {
  TRY(Validate(e));
  return Transact<AdverseEvent>([&]() -> Result<AdverseEvent> {
    TRY(Authorize(actor, e.patient_id, "adverse_event", e.id));
    e.id = NewId(e.id);
    TRY(InsertAdverseEvent(*db_, e));
    TRY(Audit(actor, "create", "adverse_event", e.id, e.patient_id));
    return e;
  });
}

Result<Note> Store::AddNote(const Actor& actor, Note n) {
  if (n.patient_id.empty()) return MissingField("note.patient_id");
  if (n.text.empty()) return MissingField("note.text");
  return Transact<Note>([&]() -> Result<Note> {
    TRY(Authorize(actor, n.patient_id, "note", n.id));
    n.id = NewId(n.id);
    n.author_user_id = actor.user_id;
    n.written_at = clock_->NowUtc();
    TRY(InsertNote(*db_, n));
    TRY(Audit(actor, "create", "note", n.id, n.patient_id));
    return n;
  });
}

Result<Decision> Store::RecordDecision(const Actor& actor, Decision d) {
  TRY(Validate(d));
  return Transact<Decision>([&]() -> Result<Decision> {
    if (actor.role == Role::kPatient) {
      // Deciding on a course is the clinician's act, even on the patient's own record.
      pending_denial_ =
          AuditEntry{0, {}, actor.user_id, actor.role, "denied", "decision", d.id, d.patient_id};
      return MakeError(
          ErrorCode::kPermissionDenied,
          fmt::format("patient {} may not record a decision; a clinician does", actor.user_id),
          "decision_id");
    }
    TRY(Authorize(actor, d.patient_id, "decision", d.id));
    auto owner = PatientOfCourse(d.course_id);
    if (!owner) return tl::unexpected(owner.error());
    if (*owner != d.patient_id) {
      return InvalidArgument("decision.course_id", "is not a course of patient " + d.patient_id);
    }
    d.id = NewId(d.id);
    d.decided_by = actor.user_id;
    d.recorded_at = clock_->NowUtc();
    TRY(InsertDecision(*db_, d));
    TRY(Audit(actor, "create", "decision", d.id, d.patient_id));
    return d;
  });
}

Result<std::vector<Decision>> Store::LoadDecisions(const std::string& patient_id) {
  auto rows =
      Sql("SELECT id, patient_id, course_id, decided_on, week, decision, reason, decided_by, "
          "recorded_at FROM decisions WHERE patient_id = ? ORDER BY decided_on, id",
          {patient_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Decision> out;
  for (const auto& r : rows->rows) {
    out.push_back({AsText(r[0]), AsText(r[1]), AsText(r[2]), AsDay(r[3]), AsOptInt(r[4]),
                   AsText(r[5]), AsText(r[6]), AsText(r[7]), AsText(r[8])});
  }
  return out;
}

Result<std::vector<Decision>> Store::ListDecisions(const Actor& actor,
                                                   const std::string& patient_id) {
  return ReadTransact<std::vector<Decision>>([&]() -> Result<std::vector<Decision>> {
    TRY(Authorize(actor, patient_id, "decision", ""));
    auto decisions = LoadDecisions(patient_id);
    if (!decisions) return tl::unexpected(decisions.error());
    TRY(Audit(actor, "read", "decisions", "", patient_id));
    return decisions;
  });
}

Result<PatientRecord> Store::GetPatientRecord(const Actor& actor, const std::string& patient_id) {
  return ReadTransact<PatientRecord>([&]() -> Result<PatientRecord> {
    TRY(Authorize(actor, patient_id, "record", patient_id));
    PatientRecord record;
    const std::vector<SqlValue> key = {patient_id};
    auto p =
        Sql("SELECT id, user_id, display_name, birth_year, created_at FROM patients "
            "WHERE id = ?",
            key);
    if (!p) return tl::unexpected(p.error());
    const auto& pr = p->rows.at(0);
    record.patient = {AsText(pr[0]), AsText(pr[1]), AsText(pr[2]), AsOptInt(pr[3]), AsText(pr[4])};

    auto conditions =
        Sql("SELECT id, patient_id, kind, snomed_code, icd10_code, icd11_code, "
            "subtype, onset FROM conditions WHERE patient_id = ? ORDER BY id",
            key);
    if (!conditions) return tl::unexpected(conditions.error());
    for (const auto& r : conditions->rows) {
      record.conditions.push_back({AsText(r[0]), AsText(r[1]), AsText(r[2]), AsText(r[3]),
                                   AsText(r[4]), AsText(r[5]), AsText(r[6]), AsOptDay(r[7])});
    }
    auto courses =
        Sql("SELECT id, patient_id, condition_id, protocol_id, treatment_class, "
            "medication, dosing, reason, off_label, start_date, end_date FROM courses "
            "WHERE patient_id = ? ORDER BY start_date, id",
            key);
    if (!courses) return tl::unexpected(courses.error());
    for (const auto& r : courses->rows) {
      record.courses.push_back({AsText(r[0]), AsText(r[1]), AsText(r[2]), AsText(r[3]),
                                AsText(r[4]), AsText(r[5]), AsText(r[6]), AsText(r[7]),
                                AsBool(r[8]), AsDay(r[9]), AsOptDay(r[10])});
    }
    auto admins =
        Sql("SELECT a.id, a.course_id, a.given_on, a.dose_mg, a.injection_site FROM "
            "administrations a JOIN courses c ON c.id = a.course_id "
            "WHERE c.patient_id = ? ORDER BY a.given_on, a.id",
            key);
    if (!admins) return tl::unexpected(admins.error());
    for (const auto& r : admins->rows) {
      record.administrations.push_back(
          {AsText(r[0]), AsText(r[1]), AsDay(r[2]), AsReal(r[3]), AsText(r[4])});
    }
    auto sessions = LoadSessions("s.patient_id = ?", patient_id);
    if (!sessions) return tl::unexpected(sessions.error());
    record.sessions = std::move(*sessions);
    auto events =
        Sql("SELECT id, patient_id, course_id, term, meddra_code, ctcae_grade, "
            "ctcae_version, onset, resolved, action_taken, serious FROM adverse_events "
            "WHERE patient_id = ? ORDER BY onset, id",
            key);
    if (!events) return tl::unexpected(events.error());
    for (const auto& r : events->rows) {
      record.adverse_events.push_back({AsText(r[0]), AsText(r[1]), AsText(r[2]), AsText(r[3]),
                                       AsText(r[4]), AsInt(r[5]), AsText(r[6]), AsDay(r[7]),
                                       AsOptDay(r[8]), AsText(r[9]), AsBool(r[10])});
    }
    auto notes =
        Sql("SELECT id, patient_id, session_id, author_user_id, written_at, body FROM "
            "notes WHERE patient_id = ? ORDER BY written_at, id",
            key);
    if (!notes) return tl::unexpected(notes.error());
    for (const auto& r : notes->rows) {
      record.notes.push_back(
          {AsText(r[0]), AsText(r[1]), AsText(r[2]), AsText(r[3]), AsText(r[4]), AsText(r[5])});
    }
    auto shares =
        Sql("SELECT id, patient_id, physician_user_id, granted_at, revoked_at FROM "
            "shares WHERE patient_id = ? ORDER BY granted_at, id",
            key);
    if (!shares) return tl::unexpected(shares.error());
    for (const auto& r : shares->rows) {
      record.shares.push_back({AsText(r[0]), AsText(r[1]), AsText(r[2]), AsText(r[3]),
                               r[4] ? std::optional<std::string>(*r[4]) : std::nullopt});
    }
    auto decisions = LoadDecisions(patient_id);
    if (!decisions) return tl::unexpected(decisions.error());
    record.decisions = std::move(*decisions);
    TRY(Audit(actor, "read", "record", patient_id, patient_id));
    return record;
  });
}

Result<void> Store::InsertRecord(const PatientRecord& record) {
  const Patient& p = record.patient;
  TRY(Exec(*db_,
           "INSERT INTO patients (id, user_id, display_name, birth_year, created_at) "
           "VALUES (?, ?, ?, ?, ?)",
           {p.id, TextOrNull(p.user_id), p.display_name, Int(p.birth_year), p.created_at}));
  for (const auto& c : record.conditions) TRY(InsertCondition(*db_, c));
  for (const auto& c : record.courses) TRY(InsertCourse(*db_, c));
  for (const auto& a : record.administrations) TRY(InsertAdministration(*db_, a));
  for (const auto& s : record.sessions) TRY(InsertSessionRows(*db_, s));
  for (const auto& e : record.adverse_events) TRY(InsertAdverseEvent(*db_, e));
  for (const auto& n : record.notes) TRY(InsertNote(*db_, n));
  for (const auto& s : record.shares) TRY(InsertShare(*db_, s));
  for (const auto& d : record.decisions) TRY(InsertDecision(*db_, d));
  return {};
}

namespace {

// The ids among `ids` that `table` already holds, asked in chunks to bound each statement.
Result<std::set<std::string>> ExistingIds(Database& db, std::string_view table,
                                          const std::vector<std::string>& ids) {
  std::set<std::string> found;
  constexpr std::size_t kChunk = 200;
  for (std::size_t at = 0; at < ids.size(); at += kChunk) {
    const std::size_t n = std::min(kChunk, ids.size() - at);
    std::string marks;
    for (std::size_t i = 0; i < n; ++i) marks += i == 0 ? "?" : ", ?";
    std::vector<SqlValue> params(ids.begin() + static_cast<std::ptrdiff_t>(at),
                                 ids.begin() + static_cast<std::ptrdiff_t>(at + n));
    auto rows = db.Query(fmt::format("SELECT id FROM {} WHERE id IN ({})", table, marks), params);
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& r : rows->rows) found.insert(AsText(r[0]));
  }
  return found;
}

template <typename Row>
Result<void> RequireNewIds(Database& db, std::string_view table, std::string_view path,
                           const std::vector<Row>& rows) {
  std::vector<std::string> ids;
  for (const Row& r : rows) ids.push_back(r.id);
  auto taken = ExistingIds(db, table, ids);
  if (!taken) return tl::unexpected(taken.error());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (taken->count(rows[i].id) != 0) {
      return MakeError(ErrorCode::kConflict,
                       fmt::format("{} already exists in this store (a row of another record); "
                                   "an import may not write into another record",
                                   Quote(rows[i].id)),
                       fmt::format("{}[{}].id", path, i));
    }
  }
  return {};
}

}  // namespace

Result<void> Store::CheckImportAgainstStore(const PatientRecord& record) {
  const Patient& p = record.patient;
  auto exists = Sql("SELECT 1 FROM patients WHERE id = ?", {p.id});
  if (!exists) return tl::unexpected(exists.error());
  if (!exists->rows.empty()) {
    return MakeError(ErrorCode::kConflict, "patient " + p.id + " already exists", "patient.id");
  }
  if (!p.user_id.empty()) {
    auto owned = Sql("SELECT id FROM patients WHERE user_id = ? ORDER BY id", {p.user_id});
    if (!owned) return tl::unexpected(owned.error());
    if (!owned->rows.empty()) {
      return MakeError(ErrorCode::kConflict,
                       fmt::format("account {} already owns patient {}; an import may not join "
                                   "another record's account",
                                   Quote(p.user_id), Quote(AsText(owned->rows[0][0]))),
                       "$.patient.user_id");
    }
  }
  TRY(RequireNewIds(*db_, "conditions", "$.conditions", record.conditions));
  TRY(RequireNewIds(*db_, "courses", "$.courses", record.courses));
  TRY(RequireNewIds(*db_, "administrations", "$.administrations", record.administrations));
  TRY(RequireNewIds(*db_, "sessions", "$.sessions", record.sessions));
  TRY(RequireNewIds(*db_, "adverse_events", "$.adverse_events", record.adverse_events));
  TRY(RequireNewIds(*db_, "notes", "$.notes", record.notes));
  TRY(RequireNewIds(*db_, "shares", "$.shares", record.shares));
  TRY(RequireNewIds(*db_, "decisions", "$.decisions", record.decisions));
  return {};
}

Result<void> Store::ImportPatientRecord(const Actor& actor, const PatientRecord& record,
                                        BlobStore* blobs, const PhotoBytes& photos) {
  TRY(ValidateRecord(record));
  if (blobs != nullptr) {
    for (std::size_t i = 0; i < record.sessions.size(); ++i) {
      const auto& s = record.sessions[i];
      for (std::size_t k = 0; k < s.photos.size(); ++k) {
        const std::string& sha = s.photos[k].sha256;
        if (photos.count(sha) == 0 && !blobs->Contains(sha)) {
          return MakeError(ErrorCode::kNotFound,
                           fmt::format("photo {} is neither in the file (export --with-photos) "
                                       "nor in this store's photos",
                                       sha),
                           fmt::format("$.sessions[{}].photos[{}].sha256", i, k));
        }
      }
    }
  }
  std::vector<std::string> added;  // blobs this import wrote, undone when it fails
  auto result = Transact<void>([&]() -> Result<void> {
    if (actor.role != Role::kAdmin) {
      pending_denial_ = AuditEntry{0,        {},       actor.user_id,     actor.role,
                                   "denied", "record", record.patient.id, record.patient.id};
      return MakeError(ErrorCode::kPermissionDenied, "only an admin may import records", "actor");
    }
    TRY(CheckImportAgainstStore(record));
    TRY(EnsureUsers(*db_, record));
    if (blobs != nullptr) {
      auto put = blobs->PutNew(photos);
      if (!put) return tl::unexpected(put.error());
      added = std::move(*put);
    }
    TRY(InsertRecord(record));
    return Audit(actor, "create", "record", record.patient.id, record.patient.id);
  });
  if (!result && blobs != nullptr) blobs->RemoveAll(added);
  return result;
}

Result<void> Store::AuditStoreAction(const Actor& actor, std::string_view action,
                                     std::string_view entity, const std::string& entity_id) {
  return Transact<void>(
      [&]() -> Result<void> { return Audit(actor, action, entity, entity_id, ""); });
}

Result<void> Store::AuditAction(const Actor& actor, std::string_view action,
                                std::string_view entity, const std::string& entity_id) {
  return Transact<void>(
      [&]() -> Result<void> { return Audit(actor, action, entity, entity_id, ""); });
}

tl::unexpected<Error> Store::Deny(const Actor& actor, std::string_view entity,
                                  const std::string& entity_id, std::string message,
                                  std::string field) {
  const AuditEntry denial{0,         {}, actor.user_id, actor.role, "denied", std::string(entity),
                          entity_id, ""};
  if (transaction_depth_ > 0) {
    pending_denial_ = denial;
  } else {
    (void)Transact<void>(
        [&]() -> Result<void> { return Audit(actor, "denied", entity, entity_id, ""); });
  }
  return MakeError(ErrorCode::kPermissionDenied, std::move(message), std::move(field));
}

}  // namespace tricholog::store
