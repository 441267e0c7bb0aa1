// The physician report: what a dermatologist reads in two minutes to decide whether a treatment
// works (design/UI.md, "The PDF report"). This file decides what the report says, from the stored
// record and the core's own assessment (nothing is recomputed here: the verdict, the responder
// thresholds and the alerts are the assessment's); report/document.h lays it out as a PDF.
//
//   page 1   summary: patient, conditions, course, off-label status, week and phase; the verdict
//            with its reason; SALT now vs baseline with AA-IGA and responder thresholds; EASI and
//            itch change; open alerts with their reasons and the studies they rest on
//   then     SALT progression, density (or coverage) by zone, AD response charts (the trends
//            page's charts, as vectors) with their text equivalents; POEM and DLQI
//            the photo timeline: each view's sessions in order, loss mask outlined
//            side effects (CTCAE), injection sites and administrations; adherence to the
//            schedule; clinicians' decisions and notes; methods and limits; the disclaimer
#ifndef TRICHOLOG_APP_PHYSICIAN_REPORT_H_
#define TRICHOLOG_APP_PHYSICIAN_REPORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/patient_trends.h"
#include "core/alerts.h"
#include "core/date.h"
#include "core/error.h"
#include "core/protocol.h"
#include "core/response_assessment.h"
#include "report/document.h"
#include "store/blob_store.h"
#include "store/model.h"
#include "store/store.h"

namespace tricholog::app {

// Everything the report reads from the store, loaded in one go (and so authorised and audited
// as the actor's reads).
struct PhysicianReportData {
  store::PatientRecord record;
  std::vector<store::PastTreatment> treatment_history;
  std::vector<store::Medication> medications;
  AnalysesBySha analyses;
};
Result<PhysicianReportData> LoadPhysicianReportData(store::Store& store, const store::Actor& actor,
                                                    const std::string& patient_id);

struct PhysicianReportOptions {
  report::Paper paper = report::Paper::kA4;
  // The period the photo timeline and the logs show. The assessment, the charts and the summary
  // are as of `to` (sessions after it are left out) and use every session before it.
  std::optional<Date> from;
  Date to;
  std::string generated_at;   // ISO 8601 UTC, the PDF's creation date
  report::Progress progress;  // per block laid out; optional
};

// The one-line answer of the first page, from the assessment and its alerts.
struct ReportVerdict {
  std::string label;   // "Too early to judge", "Responding", "Not responding", "Worsening", ...
  std::string reason;  // the assessment's own words
  std::uint32_t rgb = 0x0072B2;  // Okabe–Ito, always with the word
};
ReportVerdict VerdictOf(const ResponseAssessment& assessment, const std::vector<Alert>& alerts);

// The report as a document (photos read from `blobs`: their print copies and mask outlines,
// made and kept when missing). kInvalidArgument naming "from" when from is after to.
Result<report::Document> PhysicianReportDocument(const PhysicianReportData& data,
                                                 store::BlobStore& blobs,
                                                 const std::vector<Protocol>& catalog,
                                                 const PhysicianReportOptions& options);

// The report as PDF bytes.
Result<std::vector<std::uint8_t>> BuildPhysicianReport(const PhysicianReportData& data,
                                                       store::BlobStore& blobs,
                                                       const std::vector<Protocol>& catalog,
                                                       const PhysicianReportOptions& options);

}  // namespace tricholog::app

#endif  // TRICHOLOG_APP_PHYSICIAN_REPORT_H_
