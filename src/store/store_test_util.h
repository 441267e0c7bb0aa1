// Helpers shared by the store's tests and store_bench: opening a throwaway database on either
// backend, and building realistic sessions. Not part of the library.
#ifndef TRICHOLOG_STORE_STORE_TEST_UTIL_H_
#define TRICHOLOG_STORE_STORE_TEST_UTIL_H_

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "store/database.h"
#include "store/model.h"
#include "store/store.h"

namespace tricholog::store::testing {

// $TRICHOLOG_TEST_POSTGRES_URL, or empty when PostgreSQL tests should skip.
std::string PostgresTestUrl();

// A fresh, empty database: SQLite in a new file under `dir`, or PostgreSQL in a new schema of
// the test database (dropped by DropPostgresSchema). `backend` is "sqlite" or "postgres".
struct TestDatabase {
  std::unique_ptr<Database> db;
  std::string schema;  // postgres only
};
Result<TestDatabase> OpenTestDatabase(const std::string& backend, const std::filesystem::path& dir);
void DropPostgresSchema(const std::string& schema);

// A migrated Store on a fresh OpenTestDatabase, with a SteppingClock and the cheapest password
// cost; the PostgreSQL schema it made is appended to `schemas` (drop them in TearDown).
Result<std::unique_ptr<Store>> OpenFreshTestStore(const std::string& backend,
                                                  const std::filesystem::path& dir,
                                                  std::vector<std::string>& schemas);

// A unique name for a file, schema or id: prefix + pid + counter + random.
std::string UniqueName(const std::string& prefix);

// A full tracking session (4 photos, 4 zones, 4 SALT regions, 4 EASI regions, PROs, vellus,
// one injection-site reaction) whose values derive from `n`.
TrackingSession SampleSession(const std::string& patient_id, const std::string& course_id, int n);
// Rows SampleSession writes: 1 session + 4 + 4 + 4 + 4 + 1 data points.
inline constexpr int kSampleSessionRows = 18;

}  // namespace tricholog::store::testing

#endif  // TRICHOLOG_STORE_STORE_TEST_UTIL_H_
