// A patient's record as one FHIR R4 (4.0.1) Bundle of type "collection" (docs/fhir.md):
// Patient, Condition, MedicationStatement (a course), MedicationAdministration (a dose),
// Observation (SALT with its regions, AA-IGA, EASI with its regions, itch NRS, POEM, DLQI,
// vellus percent, density by zone), AdverseEvent (CTCAE grade in an extension), Media (a
// session photo), CarePlan (the current course's schedule), DiagnosticReport (the physician
// summary, the PDF when given) and the project CodeSystems the codes come from.
//
// Pure and deterministic: the record, the protocol catalog, `today` and the photo bytes come
// in; no clock, no I/O. Resource ids are UUIDs derived from the store ids (SHA-256 of a fixed
// prefix and the id), entries are in a fixed order, so two exports of the same store are
// byte-identical.
#ifndef TRICHOLOG_EXPORT_FHIR_BUNDLE_H_
#define TRICHOLOG_EXPORT_FHIR_BUNDLE_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/protocol.h"
#include "store/model.h"

namespace tricholog::exporter {

// The canonical base of the project's own code systems, extensions and identifier systems.
inline constexpr std::string_view kFhirBase = "https://tricholog.org/fhir/";
// Code systems (CodeSystem resources of the same URL are in every Bundle).
inline constexpr std::string_view kScoresSystem = "https://tricholog.org/fhir/CodeSystem/scores";
inline constexpr std::string_view kSaltRegionsSystem =
    "https://tricholog.org/fhir/CodeSystem/salt-regions";
inline constexpr std::string_view kEasiComponentsSystem =
    "https://tricholog.org/fhir/CodeSystem/easi-components";
inline constexpr std::string_view kScalpZonesSystem =
    "https://tricholog.org/fhir/CodeSystem/scalp-zones";
inline constexpr std::string_view kMedicationsSystem =
    "https://tricholog.org/fhir/CodeSystem/medications";
inline constexpr std::string_view kAaIgaSystem = "https://tricholog.org/fhir/CodeSystem/aa-iga";
inline constexpr std::string_view kCarePlanActivitiesSystem =
    "https://tricholog.org/fhir/CodeSystem/care-plan-activities";
inline constexpr std::string_view kDocumentsSystem =
    "https://tricholog.org/fhir/CodeSystem/documents";
// Extensions.
inline constexpr std::string_view kCtcaeGradeExtension =
    "https://tricholog.org/fhir/StructureDefinition/ctcae-grade";
inline constexpr std::string_view kAdverseEventActionExtension =
    "https://tricholog.org/fhir/StructureDefinition/adverse-event-action-taken";
inline constexpr std::string_view kResolvedDateExtension =
    "https://tricholog.org/fhir/StructureDefinition/adverse-event-resolved-date";
inline constexpr std::string_view kOffLabelExtension =
    "https://tricholog.org/fhir/StructureDefinition/off-label";
// Identifier systems: the store's own ids, and a photo's SHA-256.
inline constexpr std::string_view kStoreIdSystem = "https://tricholog.org/fhir/sid/store-id";
inline constexpr std::string_view kPhotoSha256System =
    "https://tricholog.org/fhir/sid/photo-sha256";

// Terminologies of others.
inline constexpr std::string_view kSnomedSystem = "http://snomed.info/sct";
inline constexpr std::string_view kIcd10CmSystem = "http://hl7.org/fhir/sid/icd-10-cm";
inline constexpr std::string_view kIcd11MmsSystem = "http://id.who.int/icd/release/11/mms";
inline constexpr std::string_view kMeddraSystem = "http://terminology.hl7.org/CodeSystem/mdr";
inline constexpr std::string_view kUcumSystem = "http://unitsofmeasure.org";
inline constexpr std::string_view kSnomedScalp = "41695006";  // Scalp structure (clinical.md §3.1)

// A photo's bytes, for inline attachments.
using FhirPhotoBytes = std::map<std::string, std::vector<std::uint8_t>>;  // by SHA-256 hex

struct FhirBundleOptions {
  // Inline photos: Media.content.data (base64) from `photo_bytes`; a photo missing there is an
  // error. When false, Media.content.url points at the photo on a tricholog server
  // ("/api/v1/patients/{patient id}/photos/{sha256}", relative to the server's base URL).
  bool inline_photos = false;
  FhirPhotoBytes photo_bytes;
  // The physician report as PDF: DiagnosticReport.presentedForm when non-empty.
  std::vector<std::uint8_t> report_pdf;
};

// The Bundle for `record` at `today` (the schedule's statuses, the assessment, the medication
// statement's status). `catalog` supplies the protocols of the courses (names, routes,
// schedules). Errors: kNotFound naming "protocol_id" when a course's protocol is not in the
// catalog; kNotFound naming "photos" when inline_photos is set and a photo's bytes are
// missing; the assessment's errors.
Result<nlohmann::ordered_json> BuildFhirBundle(const store::PatientRecord& record,
                                               const std::vector<Protocol>& catalog, Date today,
                                               const FhirBundleOptions& options = {});

// The resource id (a UUID, lower-case) the Bundle gives the thing named `key` (e.g.
// "patient/<store id>"): the first 16 bytes of SHA-256("tricholog-fhir:" + key) with the
// version nibble 8 and the RFC 9562 variant bits. Exposed for tests.
std::string FhirResourceId(std::string_view key);

}  // namespace tricholog::exporter

#endif  // TRICHOLOG_EXPORT_FHIR_BUNDLE_H_
