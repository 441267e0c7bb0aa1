// libFuzzer target for the readers of untrusted store documents: bytes -> ParseStrictJson ->
// RecordFileFromJson (import) and ValidateBackup (restore). Neither may crash, throw or hang on
// any input; both are pure, so no database is needed. Replayed under g++ by
// record_reader_fuzz_replay (fuzz/json_replay_main.cc) with the corpus in
// fuzz/corpus/record_reader/.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/strict_json.h"
#include "store/backup.h"
#include "store/migrations.h"
#include "store/record_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto json = tricholog::ParseStrictJson(text, "fuzz input");
  if (!json) return 0;
  (void)tricholog::store::RecordFileFromJson(*json);
  (void)tricholog::store::ValidateBackup(*json, tricholog::store::LatestSchemaVersion("sqlite"));
  return 0;
}
