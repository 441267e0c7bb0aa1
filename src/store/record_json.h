// PatientRecord <-> JSON, the format of `tricholog export --format json` and of import.
// Keys are sorted and every list keeps the store's stable order, so the same record always
// serialises to the same bytes, whichever backend it came from. Absent optionals are null.
//
// Reading is strict (docs/store.md, "Import validation"): every number is read at full width
// and checked against the range of its column, dates and timestamps are parsed, ids are
// non-empty and unique, every row belongs to the file's patient and every reference
// (course_id, condition_id, session_id) points inside the file. Errors name the JSON path,
// e.g. "$.sessions[3].itch_nrs".
#ifndef TRICHOLOG_STORE_RECORD_JSON_H_
#define TRICHOLOG_STORE_RECORD_JSON_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/blob_store.h"
#include "store/model.h"
#include "store/record_validate.h"

namespace tricholog::store {

// The export format version written as "format": "tricholog.patient_record/1".
inline constexpr const char* kRecordFormat = "tricholog.patient_record/1";

// A record as read from a file, with the photos it embeds (export --with-photos), each one
// already verified against its hash.
struct RecordFile {
  PatientRecord record;
  PhotoBytes photos;
};

nlohmann::json RecordToJson(const PatientRecord& record);
// RecordToJson plus "photos": {sha256: base64 bytes} for every photo the sessions refer to,
// read from `blobs`. kNotFound naming the hash and session when one is missing.
Result<nlohmann::json> RecordToJsonWithPhotos(const PatientRecord& record, const BlobStore& blobs);

// Parses what RecordToJson wrote and validates it whole (ValidateRecord). kParseError or
// kInvalidArgument naming the JSON path; no exception escapes.
Result<PatientRecord> RecordFromJson(const nlohmann::json& json);
// RecordFromJson, and the embedded "photos" (optional) decoded and checked against their hashes.
Result<RecordFile> RecordFileFromJson(const nlohmann::json& json);

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_RECORD_JSON_H_
