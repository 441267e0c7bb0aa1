// store_bench: rows/s for recording tracking sessions (one transaction per session, every data
// point) and the time of a full patient export, on SQLite and — when TRICHOLOG_TEST_POSTGRES_URL
// is set (scripts/with-postgres.sh) — PostgreSQL. Prints a table; not a test.
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
  return rc;
}
