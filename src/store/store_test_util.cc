#include "store/store_test_util.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>

#include "store/clock.h"
#include "store/postgres/postgres_database.h"
#include "store/sqlite/sqlite_database.h"

namespace tricholog::store::testing {

std::string PostgresTestUrl() {
  const char* url = std::getenv("TRICHOLOG_TEST_POSTGRES_URL");
  return url != nullptr ? url : "";
}

std::string UniqueName(const std::string& prefix) {
  static std::atomic<int> counter{0};
  std::string random = NewUuid().substr(0, 8);
  return fmt::format("{}{}_{}_{}", prefix, ::getpid(), counter++, random);
}

Result<TestDatabase> OpenTestDatabase(const std::string& backend,
                                      const std::filesystem::path& dir) {
  TestDatabase out;
  if (backend == "postgres") {
    out.schema = UniqueName("t_");
    auto db = OpenPostgresDatabase(PostgresTestUrl(), out.schema);
    if (!db) return tl::unexpected(db.error());
    out.db = std::move(*db);
    return out;
  }
  std::filesystem::create_directories(dir);
  auto db = OpenSqliteDatabase((dir / (UniqueName("store_") + ".db")).string());
  if (!db) return tl::unexpected(db.error());
  out.db = std::move(*db);
  return out;
}

void DropPostgresSchema(const std::string& schema) {
  if (schema.empty()) return;
  auto db = OpenPostgresDatabase(PostgresTestUrl());
  if (db) (void)(*db)->ExecScript("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
}

TrackingSession SampleSession(const std::string& patient_id, const std::string& course_id, int n) {
  TrackingSession s;
  s.patient_id = patient_id;
  s.course_id = course_id;
  s.session_date = Date::FromDaysSinceEpoch(20000 + 14 * n);
  s.week = (2 * n) % 500;
  const char* views[] = {"top", "back", "left", "right"};
  for (int v = 0; v < 4; ++v) {
    std::string sha = fmt::format("{:064x}", static_cast<unsigned long long>(n * 4 + v + 1));
    s.photos.push_back({views[v], sha, 1600 + v, 1200});
    s.zone_densities.push_back({std::string(views[v]) + "_zone", 60.0 + (n % 40) + v * 0.25});
    s.salt_regions.push_back({views[v], std::max(0.0, 80.0 - n * 1.5 - v)});
  }
  const char* easi_regions[] = {"head_neck", "upper_limbs", "trunk", "lower_limbs"};
  for (int r = 0; r < 4; ++r) {
    s.easi_regions.push_back(
        {easi_regions[r], (n + r) % 7, (n + r) % 4, n % 4, r % 4, (n * r) % 4});
  }
  s.itch_nrs = n % 11;
  s.poem = n % 29;
  s.dlqi = n % 31;
  s.vellus_fraction = 0.05 + (n % 10) * 0.031;
  // Schema v8: not asked, about the same, less hair, more hair in turn.
  static const char* const kHairChanges[] = {nullptr, "none", "less_hair", "more_hair"};
  if (const char* change = kHairChanges[n % 4]) s.patient_reported_hair_change = change;
  s.injection_site_reactions.push_back({"abdomen_left", "erythema", 1});
  return s;
}

Result<std::unique_ptr<Store>> OpenFreshTestStore(const std::string& backend,
                                                  const std::filesystem::path& dir,
                                                  std::vector<std::string>& schemas) {
  auto db = OpenTestDatabase(backend, dir);
  if (!db) return tl::unexpected(db.error());
  schemas.push_back(db->schema);
  StoreOptions options;
  options.clock = std::make_shared<SteppingClock>();
  options.password_cost = PasswordCost::kMinimum;
  return Store::Open(std::move(db->db), options);
}

}  // namespace tricholog::store::testing
