// Protocol: one treatment protocol (dupilumab, a JAK inhibitor, triamcinolone, minoxidil, ...)
// as data. Protocol files live in data/protocols/<id>.json; their format is documented key by
// key in docs/protocols.md. Parsing is pure: the caller reads the file and passes its text.
//
// A new protocol needs no code change. The parser is strict so that typos surface at once:
// unknown keys, wrong types, missing required keys and out-of-range values are errors that name
// the file, the key path ("dosing.regimens[1].dose.amount") and what is allowed.
#ifndef TRICHOLOG_CORE_PROTOCOL_H_
#define TRICHOLOG_CORE_PROTOCOL_H_

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/treatment.h"

namespace tricholog {

// Conditions a protocol states its label status for.
enum class Condition { kAlopeciaAreata, kAtopicDermatitis };

// Stable names used in protocol files: "AA", "AD".
std::string_view ConditionName(Condition value);

// Regulatory status of a treatment for one condition. "approved" in at least one region
// (see LabelStatus::regions), "off_label" (prescribed outside its label), or "not_indicated"
// (not a treatment for that condition at all, e.g. minoxidil for eczema).
enum class LabelStatusKind { kApproved, kOffLabel, kNotIndicated };

// Stable names: "approved", "off_label", "not_indicated".
std::string_view LabelStatusKindName(LabelStatusKind value);

struct LabelStatus {
  Condition condition = Condition::kAlopeciaAreata;
  LabelStatusKind status = LabelStatusKind::kOffLabel;
  std::vector<std::string> regions;  // e.g. {"US", "EU"}; empty when not approved anywhere
  std::string note;                  // plain-language detail, may be empty
};

// An amount and how often it is given. `amount_max` makes the amount a range (e.g.
// triamcinolone 2.5 to 10 mg/mL). Exactly one of times_per_day / every_weeks is set;
// `every_weeks_max` makes the interval a range (every 4 to 6 weeks).
struct Dose {
  double amount = 0;
  std::optional<double> amount_max;
  std::string unit;  // "mg", "mg/mL", "%"
  std::optional<int> times_per_day;
  std::optional<int> every_weeks;
  std::optional<int> every_weeks_max;
};

// One way of giving the drug: a population (adults, a weight band), a route and a dose.
// `dose` is empty where the sources give no standard dose and the prescriber sets it.
struct Regimen {
  std::string id;          // unique within the protocol, e.g. "child_15_to_30kg"
  std::string population;  // plain text, e.g. "Children 6 to 17 years, 15 to <30 kg"
  std::string route;       // "subcutaneous", "oral", "topical", "intralesional", "intramuscular"
  std::optional<int> min_age_years;
  std::optional<int> max_age_years;       // exclusive
  std::optional<double> min_weight_kg;    // inclusive
  std::optional<double> max_weight_kg;    // exclusive
  std::optional<double> loading_dose_mg;  // a one-off first dose, when there is one
  std::string loading_note;               // e.g. "two 300 mg injections at different sites"
  std::optional<Dose> dose;
  std::string note;
};

struct Dosing {
  std::vector<Regimen> regimens;   // at least one
  std::vector<std::string> notes;  // administration advice, missed doses, site rotation
};

// Expected session cadence in one timeline phase: the interval from a session in this phase
// to the next one must lie in [min_interval_weeks, max_interval_weeks] (clinical.md §5.5).
struct PhaseRule {
  PhaseSpan span;
  int min_interval_weeks = 4;
  int max_interval_weeks = 4;
  std::string guidance;  // what the patient reads while in this phase
};

// How wide a session's window is, from `from_week` on (until the next rule's from_week).
struct WindowRule {
  int from_week = 0;
  int days_before = 7;
  int days_after = 7;
};

// When tracking sessions happen: explicit weeks, then one every `then_every_weeks`.
struct TrackingPlan {
  std::vector<int> session_weeks;   // strictly increasing, starts at 0 (baseline)
  int then_every_weeks = 12;        // after the last explicit week, up to the horizon
  std::vector<WindowRule> windows;  // sorted by from_week, first from_week is 0
};

// A week at which the course is judged against the label or the trials.
struct DecisionWeek {
  int week = 0;
  std::string reason;  // why this week, with its source
};

// A side effect to ask about at every session.
struct SideEffectQuestion {
  std::string ctcae_term;   // CTCAE v5.0 term, e.g. "Injection site reaction"
  std::string meddra_code;  // MedDRA code where clinical.md §2.5 gives one, else empty
  std::string question;     // patient-facing question
};

// A laboratory test the label asks for, at given weeks since the course start (0 = before
// the first dose).
struct LabCheck {
  std::string id;    // unique within the protocol, e.g. "alc_platelets"
  std::string test;  // e.g. "Absolute lymphocyte count and platelets"
  std::vector<int> weeks;
  bool then_routinely = false;  // repeated as part of routine care after the listed weeks
  std::string note;
};

// A source a protocol relies on. Titles in square brackets describe the work where its exact
// title was not confirmed. Identifiers, years and journals appear only where the project's
// reference notes (clinical.md) give them; never guessed.
struct Citation {
  std::string authors;
  std::string title;
  std::string journal;  // or the kind of document, e.g. "US prescribing information"; may be empty
  int year = 0;         // 0 when not known
  std::string details;  // volume, pages, or anything that locates the work
  std::string pmid;
  std::string pmcid;
  std::string doi;
  std::string nct;
  std::string url;
  std::string supports;  // what the protocol takes from it
};

struct Protocol {
  std::string id;  // equals the file name without ".json"
  std::string name;
  TreatmentClass treatment_class = TreatmentClass::kOther;
  std::string summary;
  std::vector<LabelStatus> labels;  // one per Condition, AA first
  Dosing dosing;
  std::vector<PhaseRule> phases;  // the four TimelinePhases, in order, contiguous
  TrackingPlan tracking;
  std::vector<DecisionWeek> decision_weeks;  // strictly increasing, each a session week
  std::vector<SideEffectQuestion> side_effects;
  std::vector<LabCheck> labs;
  std::vector<Citation> evidence;  // at least one

  // The label status for `condition`; every valid Protocol has both.
  const LabelStatus& Label(Condition condition) const;
  // The phase that contains `week` (the last phase for weeks past every end).
  const PhaseRule& PhaseAt(int week) const;
};

// Parses and validates one protocol file. `source` names the file in error messages (its
// path or file name). Errors: kParseError for text that is not JSON; kMissingField,
// kInvalidArgument for a bad key, with Error::field = "<source>: <key path>".
Result<Protocol> ParseProtocol(std::string_view json_text, std::string_view source);

// The protocol in the file format (every default filled in); ParseProtocol(ToJson(p).dump())
// gives `p` back.
nlohmann::json ProtocolToJson(const Protocol& protocol);

}  // namespace tricholog

#endif  // TRICHOLOG_CORE_PROTOCOL_H_
