// PatientRecord <-> JSON, the format of `tricholog export --format json` and of import.
// Keys are sorted and every list keeps the store's stable order, so the same record always
// serialises to the same bytes, whichever backend it came from. Absent optionals are null.
#ifndef TRICHOLOG_STORE_RECORD_JSON_H_
#define TRICHOLOG_STORE_RECORD_JSON_H_

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "store/model.h"

namespace tricholog::store {

// The export format version written as "format": "tricholog.patient_record/1".
inline constexpr const char* kRecordFormat = "tricholog.patient_record/1";

nlohmann::json RecordToJson(const PatientRecord& record);
// Parses what RecordToJson wrote; kParseError naming the JSON path on a missing or mistyped key.
Result<PatientRecord> RecordFromJson(const nlohmann::json& json);

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_RECORD_JSON_H_
