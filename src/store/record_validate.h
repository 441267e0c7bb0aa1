// Whole-record checks for import: what a patient record must satisfy before any of it is written,
// however it was built (read from a file by RecordFromJson, or assembled in code). Field paths
// are the JSON paths of the export format ("$.courses[1].end_date"). Ranges: docs/store.md,
// "Import validation".
#ifndef TRICHOLOG_STORE_RECORD_VALIDATE_H_
#define TRICHOLOG_STORE_RECORD_VALIDATE_H_

#include <string_view>

#include "core/error.h"
#include "store/model.h"

namespace tricholog::store {

// Ids non-empty (at most 128 characters) and unique per kind; every row carries the record's
// patient id; course_id / condition_id / session_id references point inside the record; the
// model's ranges and enumerations (Validate), a positive dose, birth year 1900 to this year,
// ISO-8601 timestamps. kInvalidArgument (or kMissingField) naming the path.
Result<void> ValidateRecord(const PatientRecord& record);

// True for "YYYY-MM-DDTHH:MM:SS" with optional fraction of a second and "Z" or "+HH:MM" /
// "-HH:MM", naming a real calendar day and time.
bool IsIsoTimestamp(std::string_view text);

// The current calendar year (UTC), the upper bound of a birth year.
int CurrentUtcYear();

}  // namespace tricholog::store

#endif  // TRICHOLOG_STORE_RECORD_VALIDATE_H_
