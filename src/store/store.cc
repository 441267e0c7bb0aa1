// Store: opening, transactions, authorisation, audit, users, patients and shares.
// The clinical records (conditions .. sessions, whole-record import/export) are in
// store_records.cc.
#include "store/store.h"

#include <fmt/format.h>

#include "store/migrations.h"
#include "store/password.h"
#include "store/schema.h"
#include "store/store_sql.h"

namespace tricholog::store {

using namespace sql;  // NOLINT(google-build-using-namespace): the value helpers above

Store::Store(std::unique_ptr<Database> db, std::shared_ptr<Clock> clock, PasswordCost cost)
    : db_(std::move(db)), clock_(std::move(clock)), password_cost_(cost) {}

Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::Open(std::unique_ptr<Database> db, StoreOptions options) {
  if (!options.clock) options.clock = std::make_shared<SystemClock>();
  std::unique_ptr<Store> store(new Store(std::move(db), options.clock, options.password_cost));
  if (options.migrate_on_open) {
    if (auto r = Migrate(*store->db_, store->clock_->NowUtc()); !r) {
      return tl::unexpected(r.error());
    }
  } else {
    auto version = CurrentSchemaVersion(*store->db_);
    if (!version) return tl::unexpected(version.error());
    const int latest = LatestSchemaVersion(store->db_->dialect());
    if (*version != latest) {
      return MakeError(ErrorCode::kConflict,
                       fmt::format("the database is at schema version {}, this tricholog needs "
                                   "{}; run `tricholog migrate`",
                                   *version, latest),
                       "db");
    }
  }
  return store;
}

Result<int> Store::SchemaVersion() { return CurrentSchemaVersion(*db_); }

Result<void> Store::RunInTransaction(const std::function<Result<void>()>& body) {
  return Transact<void>(body);
}

Result<SqlRows> Store::Sql(std::string_view text, const std::vector<SqlValue>& params) {
  return db_->Query(text, params);
}

std::string Store::NewId(const std::string& given) { return given.empty() ? NewUuid() : given; }

Result<void> Store::Audit(const Actor& actor, std::string_view action, std::string_view entity,
                          const std::string& entity_id, const std::string& patient_id) {
  auto r =
      Sql("INSERT INTO audit_log (at, actor_user_id, actor_role, action, entity, entity_id, "
          "patient_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
          {clock_->NowUtc(), actor.user_id, std::string(RoleName(actor.role)), std::string(action),
           std::string(entity), entity_id, patient_id});
  if (!r) return tl::unexpected(r.error());
  return {};
}

Result<void> Store::Authorize(const Actor& actor, const std::string& patient_id,
                              std::string_view entity, const std::string& entity_id) {
  auto deny = [&]() -> Result<void> {
    pending_denial_ = AuditEntry{
        0, {}, actor.user_id, actor.role, "denied", std::string(entity), entity_id, patient_id};
    // The same answer whether the record exists or not, so that ids cannot be probed.
    return MakeError(
        ErrorCode::kPermissionDenied,
        fmt::format("{} {} may not access this {}", RoleName(actor.role), actor.user_id, entity),
        std::string(entity) + "_id");
  };
  switch (actor.role) {
    case Role::kAdmin: {
      if (actor.user_id != Actor::LocalAdmin().user_id) {
        auto rows = Sql("SELECT 1 FROM users WHERE id = ? AND role = 'admin'", {actor.user_id});
        if (!rows) return tl::unexpected(rows.error());
        if (rows->rows.empty()) return deny();
      }
      auto rows = Sql("SELECT 1 FROM patients WHERE id = ?", {patient_id});
      if (!rows) return tl::unexpected(rows.error());
      if (rows->rows.empty()) {
        return MakeError(ErrorCode::kNotFound, "no patient with id " + patient_id, "patient_id");
      }
      return {};
    }
    case Role::kPatient: {
      auto rows =
          Sql("SELECT 1 FROM patients WHERE id = ? AND user_id = ?", {patient_id, actor.user_id});
      if (!rows) return tl::unexpected(rows.error());
      return rows->rows.empty() ? deny() : Result<void>();
    }
    case Role::kPhysician: {
      auto rows =
          Sql("SELECT 1 FROM shares s JOIN users u ON u.id = s.physician_user_id "
              "WHERE s.patient_id = ? AND s.physician_user_id = ? AND "
              "s.revoked_at IS NULL AND u.role = 'physician'",
              {patient_id, actor.user_id});
      if (!rows) return tl::unexpected(rows.error());
      return rows->rows.empty() ? deny() : Result<void>();
    }
  }
  return deny();
}

// --- users ----------------------------------------------------------------------------------

Result<User> Store::CreateUser(const Actor& actor, User user, std::string_view password) {
  auto email = NormalizeEmail(user.email, "user.email");
  if (!email) return tl::unexpected(email.error());
  user.email = *email;
  if (user.display_name.empty()) return MissingField("user.display_name");
  if (auto ok = CheckNewPassword(password, user.email); !ok) return tl::unexpected(ok.error());
  auto hash = HashPassword(password, password_cost_);  // slow on purpose; outside the transaction
  if (!hash) return tl::unexpected(hash.error());
  return Transact<User>([&]() -> Result<User> {
    if (auto admin = RequireAdmin(actor, "user"); !admin) return tl::unexpected(admin.error());
    auto created = InsertUser(user, *hash);
    if (!created) return created;
    if (auto a = Audit(actor, "create", "user", created->id, ""); !a) {
      return tl::unexpected(a.error());
    }
    return created;
  });
}

Result<User> Store::InsertUser(User user, const std::string& password_hash) {
  user.id = NewId(user.id);
  user.created_at = clock_->NowUtc();
  auto r =
      Sql("INSERT INTO users (id, role, email, display_name, password_hash, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?)",
          {user.id, std::string(RoleName(user.role)), user.email, user.display_name, password_hash,
           user.created_at});
  if (!r) {
    Error e = r.error();
    if (e.code == ErrorCode::kConflict) {
      e = {ErrorCode::kConflict, "email already in use", "user.email"};
    }
    return tl::unexpected(e);
  }
  return user;
}

Result<void> Store::RequireAdmin(const Actor& actor, std::string_view entity) {
  bool admin = actor.role == Role::kAdmin;
  if (admin && actor.user_id != Actor::LocalAdmin().user_id) {
    auto rows = Sql("SELECT 1 FROM users WHERE id = ? AND role = 'admin'", {actor.user_id});
    if (!rows) return tl::unexpected(rows.error());
    admin = !rows->rows.empty();
  }
  if (admin) return {};
  pending_denial_ =
      AuditEntry{0, {}, actor.user_id, actor.role, "denied", std::string(entity), "", ""};
  return MakeError(ErrorCode::kPermissionDenied,
                   fmt::format("only an admin may do this to a {}", entity), "actor");
}

const std::string& Store::DummyPasswordHash() {
  if (dummy_password_hash_.empty()) {
    dummy_password_hash_ = HashPassword(NewUuid(), password_cost_).value_or("");
  }
  return dummy_password_hash_;
}

Result<Actor> Store::Authenticate(std::string_view email, std::string_view password) {
  const auto refuse = MakeError(ErrorCode::kPermissionDenied, "wrong email or password", "email");
  auto normalized = NormalizeEmail(email);
  auto rows = Sql("SELECT id, role, password_hash FROM users WHERE email = ?",
                  {normalized.value_or(std::string(email))});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->rows.empty()) {
    (void)VerifyPassword(DummyPasswordHash(), password);  // as long as a wrong password
    return refuse;
  }
  const auto& row = rows->rows[0];
  if (!VerifyPassword(AsText(row[2]), password)) return refuse;
  auto role = ParseRole(AsText(row[1]));
  if (!role) return tl::unexpected(role.error());
  return Actor{AsText(row[0]), *role};
}

// --- patients and shares --------------------------------------------------------------------

namespace {
constexpr std::string_view kPatientColumns = "id, user_id, display_name, birth_year, created_at";

Patient PatientFromRow(const std::vector<SqlValue>& row) {
  return Patient{AsText(row[0]), AsText(row[1]), AsText(row[2]), AsOptInt(row[3]), AsText(row[4])};
}
}  // namespace

Result<Patient> Store::CreatePatient(const Actor& actor, Patient patient) {
  if (patient.display_name.empty()) return MissingField("patient.display_name");
  if (patient.birth_year) {
    if (auto r = RequireInRange("patient.birth_year", *patient.birth_year, 1900, 2100); !r) {
      return tl::unexpected(r.error());
    }
  }
  return Transact<Patient>([&]() -> Result<Patient> {
    const bool self = actor.role == Role::kPatient && patient.user_id == actor.user_id;
    if (actor.role != Role::kAdmin && !self) {
      pending_denial_ = AuditEntry{0, {}, actor.user_id, actor.role, "denied", "patient", "", ""};
      return MakeError(ErrorCode::kPermissionDenied,
                       "only an admin or the patient themself may create a patient record",
                       "patient.user_id");
    }
    patient.id = NewId(patient.id);
    patient.created_at = clock_->NowUtc();
    auto r =
        Sql("INSERT INTO patients (id, user_id, display_name, birth_year, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            {patient.id, TextOrNull(patient.user_id), patient.display_name, Int(patient.birth_year),
             patient.created_at});
    if (!r) return tl::unexpected(r.error());
    if (auto a = Audit(actor, "create", "patient", patient.id, patient.id); !a) {
      return tl::unexpected(a.error());
    }
    return patient;
  });
}

Result<Patient> Store::GetPatient(const Actor& actor, const std::string& patient_id) {
  return ReadTransact<Patient>([&]() -> Result<Patient> {
    if (auto a = Authorize(actor, patient_id, "patient", patient_id); !a) {
      return tl::unexpected(a.error());
    }
    auto rows =
        Sql(fmt::format("SELECT {} FROM patients WHERE id = ?", kPatientColumns), {patient_id});
    if (!rows) return tl::unexpected(rows.error());
    if (auto a = Audit(actor, "read", "patient", patient_id, patient_id); !a) {
      return tl::unexpected(a.error());
    }
    return PatientFromRow(rows->rows.at(0));
  });
}

Result<std::vector<Patient>> Store::ListPatients(const Actor& actor) {
  return ReadTransact<std::vector<Patient>>([&]() -> Result<std::vector<Patient>> {
    Result<SqlRows> rows;
    switch (actor.role) {
      case Role::kAdmin:
        if (actor.user_id != Actor::LocalAdmin().user_id) {
          auto admin = Sql("SELECT 1 FROM users WHERE id = ? AND role = 'admin'", {actor.user_id});
          if (!admin) return tl::unexpected(admin.error());
          if (admin->rows.empty()) return std::vector<Patient>{};
        }
        rows = Sql(fmt::format("SELECT {} FROM patients ORDER BY id", kPatientColumns), {});
        break;
      case Role::kPatient:
        rows = Sql(
            fmt::format("SELECT {} FROM patients WHERE user_id = ? ORDER BY id", kPatientColumns),
            {actor.user_id});
        break;
      case Role::kPhysician:
        rows =
            Sql("SELECT p.id, p.user_id, p.display_name, p.birth_year, p.created_at "
                "FROM patients p JOIN shares s ON s.patient_id = p.id "
                "WHERE s.physician_user_id = ? AND s.revoked_at IS NULL "
                "GROUP BY p.id, p.user_id, p.display_name, p.birth_year, p.created_at "
                "ORDER BY p.id",
                {actor.user_id});
        break;
    }
    if (!rows) return tl::unexpected(rows.error());
    std::vector<Patient> out;
    for (const auto& row : rows->rows) {
      out.push_back(PatientFromRow(row));
      if (auto a = Audit(actor, "read", "patient", out.back().id, out.back().id); !a) {
        return tl::unexpected(a.error());
      }
    }
    return out;
  });
}

Result<Share> Store::GrantShare(const Actor& actor, const std::string& patient_id,
                                const std::string& physician_user_id) {
  return Transact<Share>([&]() -> Result<Share> {
    // Physicians cannot pass access on: only the owner (or an admin) grants.
    if (actor.role == Role::kPhysician) {
      pending_denial_ =
          AuditEntry{0, {}, actor.user_id, actor.role, "denied", "share", "", patient_id};
      return MakeError(ErrorCode::kPermissionDenied, "only the patient or an admin may share",
                       "patient_id");
    }
    if (auto a = Authorize(actor, patient_id, "share", ""); !a) return tl::unexpected(a.error());
    auto physician = Sql("SELECT role FROM users WHERE id = ?", {physician_user_id});
    if (!physician) return tl::unexpected(physician.error());
    if (physician->rows.empty() || AsText(physician->rows[0][0]) != "physician") {
      return MakeError(ErrorCode::kNotFound, "no physician with id " + physician_user_id,
                       "physician_user_id");
    }
    Share share{NewUuid(), patient_id, physician_user_id, clock_->NowUtc(), std::nullopt};
    auto r =
        Sql("INSERT INTO shares (id, patient_id, physician_user_id, granted_at, revoked_at) "
            "VALUES (?, ?, ?, ?, NULL)",
            {share.id, share.patient_id, share.physician_user_id, share.granted_at});
    if (!r) return tl::unexpected(r.error());
    if (auto a = Audit(actor, "create", "share", share.id, patient_id); !a) {
      return tl::unexpected(a.error());
    }
    return share;
  });
}

Result<void> Store::RevokeShare(const Actor& actor, const std::string& share_id) {
  return Transact<void>([&]() -> Result<void> {
    auto rows = Sql("SELECT patient_id FROM shares WHERE id = ?", {share_id});
    if (!rows) return tl::unexpected(rows.error());
    const std::string patient_id = rows->rows.empty() ? "" : AsText(rows->rows[0][0]);
    if (actor.role == Role::kPhysician) {
      // A physician may give up a share made to them, nothing more.
      auto own = Sql("SELECT 1 FROM shares WHERE id = ? AND physician_user_id = ?",
                     {share_id, actor.user_id});
      if (!own) return tl::unexpected(own.error());
      if (own->rows.empty()) {
        pending_denial_ =
            AuditEntry{0, {}, actor.user_id, actor.role, "denied", "share", share_id, patient_id};
        return MakeError(ErrorCode::kPermissionDenied, "not your share", "share_id");
      }
    } else if (auto a = Authorize(actor, patient_id, "share", share_id); !a) {
      return tl::unexpected(a.error());
    }
    auto r = Sql("UPDATE shares SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                 {clock_->NowUtc(), share_id});
    if (!r) return tl::unexpected(r.error());
    return Audit(actor, "update", "share", share_id, patient_id);
  });
}

// --- audit and blobs ------------------------------------------------------------------------

Result<std::vector<AuditEntry>> Store::ListAudit(const Actor& actor,
                                                 const std::string& patient_id) {
  return ReadTransact<std::vector<AuditEntry>>([&]() -> Result<std::vector<AuditEntry>> {
    if (actor.role == Role::kPhysician) {
      pending_denial_ =
          AuditEntry{0, {}, actor.user_id, actor.role, "denied", "audit", "", patient_id};
      return MakeError(ErrorCode::kPermissionDenied, "physicians may not read the audit log",
                       "patient_id");
    }
    if (auto a = Authorize(actor, patient_id, "audit", ""); !a) return tl::unexpected(a.error());
    auto rows =
        Sql("SELECT seq, at, actor_user_id, actor_role, action, entity, entity_id, "
            "patient_id FROM audit_log WHERE patient_id = ? ORDER BY seq",
            {patient_id});
    if (!rows) return tl::unexpected(rows.error());
    std::vector<AuditEntry> out;
    for (const auto& row : rows->rows) {
      out.push_back(AuditEntry{AsInt64(row[0]), AsText(row[1]), AsText(row[2]),
                               ParseRole(AsText(row[3])).value_or(Role::kPatient), AsText(row[4]),
                               AsText(row[5]), AsText(row[6]), AsText(row[7])});
    }
    if (auto a = Audit(actor, "read", "audit", "", patient_id); !a)
      return tl::unexpected(a.error());
    return out;
  });
}

Result<std::set<std::string>> Store::ReferencedBlobs(const Actor& actor) {
  if (actor.role != Role::kAdmin) {
    return MakeError(ErrorCode::kPermissionDenied, "only an admin may list blobs", "actor");
  }
  std::set<std::string> out;
  for (const BlobColumn& c : BlobColumns()) {
    auto rows = Sql(fmt::format("SELECT DISTINCT {} FROM {}", c.column, c.table), {});
    if (!rows) return tl::unexpected(rows.error());
    for (const auto& row : rows->rows) {
      if (!AsText(row[0]).empty()) out.insert(AsText(row[0]));
    }
  }
  return out;
}

}  // namespace tricholog::store
