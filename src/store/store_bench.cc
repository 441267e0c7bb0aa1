// store_bench: rows/s for recording tracking sessions (one transaction per session, every data
// point) and the time of a full patient export, on SQLite and — when TRICHOLOG_TEST_POSTGRES_URL
// is set (scripts/with-postgres.sh) — PostgreSQL; then the web sign-in path: SignIn at the
// production Argon2id cost and ResolveSession (what every signed-in request costs). Prints
// tables; not a test.
// Usage: store_bench [sessions=300]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "store/record_json.h"
#include "store/store.h"
#include "store/store_test_util.h"

namespace ts = tricholog::store;

namespace {

int Run(const std::string& backend, int sessions) {
  const auto dir = std::filesystem::temp_directory_path() / ts::testing::UniqueName("store_bench_");
  auto db = ts::testing::OpenTestDatabase(backend, dir);
  if (!db)
    return std::fprintf(stderr, "%s: %s\n", backend.c_str(), db.error().ToString().c_str()), 1;
  auto store = ts::Store::Open(std::move(db->db), {});
  if (!store) return std::fprintf(stderr, "%s\n", store.error().ToString().c_str()), 1;
  const ts::Actor admin = ts::Actor::LocalAdmin();
  auto patient = (*store)->CreatePatient(admin, {"", "", "Bench", 1990, ""});
  if (!patient) return 1;
  const auto t0 = std::chrono::steady_clock::now();
  for (int n = 0; n < sessions; ++n) {
    if (!(*store)->RecordSession(admin, ts::testing::SampleSession(patient->id, "", n))) return 1;
  }
  const auto t1 = std::chrono::steady_clock::now();
  auto record = (*store)->GetPatientRecord(admin, patient->id);
  if (!record) return 1;
  const std::string json = ts::RecordToJson(*record).dump(2);
  const auto t2 = std::chrono::steady_clock::now();
  const double write_s = std::chrono::duration<double>(t1 - t0).count();
  const double export_ms = std::chrono::duration<double, std::milli>(t2 - t1).count();
  const double rows = static_cast<double>(sessions) * ts::testing::kSampleSessionRows;
  std::printf("%-9s %8d %10.0f %10.0f %12.1f %10zu\n", backend.c_str(), sessions,
              sessions / write_s, rows / write_s, export_ms, json.size());
  ts::testing::DropPostgresSchema(db->schema);
  std::filesystem::remove_all(dir);
  return 0;
}

// Mean SignIn time (interactive Argon2id cost) over 5 sign-ins, and ResolveSession calls per
// second for one live token over `resolves` calls.
int RunSessions(const std::string& backend, int resolves) {
  const auto dir = std::filesystem::temp_directory_path() / ts::testing::UniqueName("store_bench_");
  auto db = ts::testing::OpenTestDatabase(backend, dir);
  if (!db) return 1;
  auto store = ts::Store::Open(std::move(db->db), {});
  if (!store) return 1;
  if (!(*store)->SignUpPatient({"bench@example.org", "bench password", "Bench", std::nullopt})) {
    return 1;
  }
  std::string token;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) {
    auto s = (*store)->SignIn("bench@example.org", "bench password", "192.0.2.1");
    if (!s) return std::fprintf(stderr, "%s\n", s.error().ToString().c_str()), 1;
    token = s->token;
  }
  const auto t1 = std::chrono::steady_clock::now();
  for (int i = 0; i < resolves; ++i) {
    auto r = (*store)->ResolveSession(token);
    if (!r || !*r) return 1;
  }
  const auto t2 = std::chrono::steady_clock::now();
  std::printf("%-9s %12.1f %12.0f\n", backend.c_str(),
              std::chrono::duration<double, std::milli>(t1 - t0).count() / 5,
              resolves / std::chrono::duration<double>(t2 - t1).count());
  ts::testing::DropPostgresSchema(db->schema);
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const int sessions = argc > 1 ? std::atoi(argv[1]) : 300;
  std::printf("%-9s %8s %10s %10s %12s %10s\n", "backend", "sessions", "sessions/s", "rows/s",
              "export_ms", "json_bytes");
  int rc = Run("sqlite", sessions);
  if (!ts::testing::PostgresTestUrl().empty())
    rc |= Run("postgres", sessions);
  else
    std::printf("postgres  (skipped: TRICHOLOG_TEST_POSTGRES_URL not set)\n");
  std::printf("\n%-9s %12s %12s\n", "backend", "sign_in_ms", "resolves/s");
  rc |= RunSessions("sqlite", 20000);
  if (!ts::testing::PostgresTestUrl().empty()) rc |= RunSessions("postgres", 20000);
  return rc;
}
