// `tricholog export --format fhir` in-process on the demo store (small photos): the Bundle on
// standard output and in a file (mode 0600), photos by reference and inline, and the store's
// files refused as an output. The schema check of the same Bundle is the
// `fhir_demo_bundle_schema` test (tools/fhir/check-demo-bundle.sh).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"

namespace tricholog::cli {
namespace {

namespace fs = std::filesystem;

using test_util::CliRun;
using test_util::RunTricholog;

fs::path FreshDir(const std::string& name) {
  const fs::path dir = fs::path(TRICHOLOG_BINARY_DIR) / "test_tmp" / "export_fhir" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

int CountType(const nlohmann::json& bundle, const std::string& type) {
  int n = 0;
  for (const auto& e : bundle["entry"]) n += e["resource"]["resourceType"] == type;
  return n;
}

TEST(ExportFhirCommand, DemoBundleByReferenceAndInline) {
  const fs::path dir = FreshDir("demo");
  const fs::path db_path = dir / "demo.db";
  const std::string db = "sqlite:" + db_path.string();
  CliRun demo = RunTricholog({"demo", "--db", db, "--photo-size", "320x240"});
  ASSERT_EQ(demo.code, 0) << demo.err;
  const auto summary = nlohmann::json::parse(demo.out);
  const int photos = summary["photos"];
  ASSERT_GT(photos, 0);

  CliRun by_reference = RunTricholog({"export", "--db", db, "--format", "fhir"});
  ASSERT_EQ(by_reference.code, 0) << by_reference.err;
  const auto bundle = nlohmann::json::parse(by_reference.out);
  EXPECT_EQ(bundle["resourceType"], "Bundle");
  EXPECT_EQ(bundle["type"], "collection");
  EXPECT_EQ(CountType(bundle, "Patient"), 1);
  EXPECT_EQ(CountType(bundle, "Media"), photos);
  EXPECT_EQ(CountType(bundle, "CarePlan"), 1);
  EXPECT_EQ(CountType(bundle, "DiagnosticReport"), 1);
  for (const auto& e : bundle["entry"]) {
    if (e["resource"]["resourceType"] != "Media") continue;
    EXPECT_TRUE(e["resource"]["content"].contains("url"));
    EXPECT_FALSE(e["resource"]["content"].contains("data"));
  }

  const fs::path out = dir / "bundle.json";
  CliRun inline_run =
      RunTricholog({"export", "--db", db, "--format", "fhir", "--with-photos", "--out", out});
  ASSERT_EQ(inline_run.code, 0) << inline_run.err;
  EXPECT_TRUE(inline_run.out.empty());
  struct stat st {};
  ASSERT_EQ(::stat(out.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::ifstream in(out);
  const auto with_photos = nlohmann::json::parse(in);
  int inline_media = 0;
  for (const auto& e : with_photos["entry"]) {
    if (e["resource"]["resourceType"] != "Media") continue;
    ++inline_media;
    EXPECT_EQ(e["resource"]["content"]["contentType"], "image/jpeg");
    EXPECT_FALSE(e["resource"]["content"]["data"].get<std::string>().empty());
  }
  EXPECT_EQ(inline_media, photos);
  // Same entries, same ids: only the photos' content differs.
  ASSERT_EQ(with_photos["entry"].size(), bundle["entry"].size());
  for (std::size_t i = 0; i < bundle["entry"].size(); ++i) {
    EXPECT_EQ(with_photos["entry"][i]["fullUrl"], bundle["entry"][i]["fullUrl"]);
  }

  // The DiagnosticReport carries the physician report as a PDF ("%PDF-" is "JVBERi0" in
  // base64), unless --without-report.
  auto presented = [](const nlohmann::json& b) {
    for (const auto& e : b["entry"]) {
      if (e["resource"]["resourceType"] == "DiagnosticReport") {
        return e["resource"].value("presentedForm", nlohmann::json::array());
      }
    }
    return nlohmann::json::array();
  };
  ASSERT_EQ(presented(bundle).size(), 1u);
  EXPECT_EQ(presented(bundle)[0]["contentType"], "application/pdf");
  EXPECT_EQ(presented(bundle)[0]["data"].get<std::string>().rfind("JVBERi0", 0), 0u);
  CliRun without = RunTricholog({"export", "--db", db, "--format", "fhir", "--without-report"});
  ASSERT_EQ(without.code, 0) << without.err;
  EXPECT_TRUE(presented(nlohmann::json::parse(without.out)).empty());

  // Never onto the store's own files; an unknown patient is an error.
  CliRun onto_store =
      RunTricholog({"export", "--db", db, "--format", "fhir", "--out", db_path.string()});
  EXPECT_EQ(onto_store.code, 1);
  EXPECT_NE(onto_store.err.find("an output never overwrites it"), std::string::npos)
      << onto_store.err;
  CliRun unknown =
      RunTricholog({"export", "--db", db, "--format", "fhir", "--patient", "no-such-patient"});
  EXPECT_EQ(unknown.code, 1);
}

}  // namespace
}  // namespace tricholog::cli
