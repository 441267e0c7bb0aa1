#include "store/model.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "store/blob_store.h"

namespace tricholog::store {
namespace {

Result<void> RequireText(std::string_view field, const std::string& value) {
  if (value.empty()) return MissingField(std::string(field));
  return {};
}

Result<void> RequireOneOf(std::string_view field, const std::string& value,
                          std::initializer_list<std::string_view> allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return {};
  std::string list;
  for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  return InvalidArgument(std::string(field),
                         fmt::format("\"{}\" is not allowed; allowed: {}", value, list));
}

Result<void> InRange(std::string_view field, double value, double lo, double hi) {
  auto r = RequireInRange(field, value, lo, hi);
  if (!r) return tl::unexpected(r.error());
  return {};
}

Result<void> InRange(std::string_view field, int value, int lo, int hi) {
  auto r = RequireInRange(field, value, lo, hi);
  if (!r) return tl::unexpected(r.error());
  return {};
}

#define TRY_VOID(expr)                    \
  do {                                    \
    if (auto r_ = (expr); !r_) return r_; \
  } while (false)

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kPatient:
      return "patient";
    case Role::kPhysician:
      return "physician";
    case Role::kAdmin:
      return "admin";
  }
  return "patient";
}

Result<Role> ParseRole(std::string_view text, std::string_view field) {
  if (text == "patient") return Role::kPatient;
  if (text == "physician") return Role::kPhysician;
  if (text == "admin") return Role::kAdmin;
  return InvalidArgument(std::string(field), fmt::format("\"{}\" is not a role; allowed: "
                                                         "patient, physician, admin",
                                                         text));
}

Result<void> Validate(const Condition& c) {
  TRY_VOID(RequireText("condition.patient_id", c.patient_id));
  TRY_VOID(
      RequireOneOf("condition.kind", c.kind, {"alopecia_areata", "atopic_dermatitis", "other"}));
  return {};
}

Result<void> Validate(const Course& c) {
  TRY_VOID(RequireText("course.patient_id", c.patient_id));
  TRY_VOID(RequireText("course.protocol_id", c.protocol_id));
  TRY_VOID(RequireText("course.medication", c.medication));
  TRY_VOID(
      RequireOneOf("course.treatment_class", c.treatment_class,
                   {"il4r_antibody", "jak_inhibitor", "corticosteroid", "minoxidil", "other"}));
  if (c.end_date && *c.end_date < c.start_date) {
    return InvalidArgument("course.end_date",
                           "is before course.start_date " + c.start_date.ToString());
  }
  return {};
}

Result<void> Validate(const Administration& a) {
  TRY_VOID(RequireText("administration.course_id", a.course_id));
  TRY_VOID(InRange("administration.dose_mg", a.dose_mg, 0.0, 10000.0));
  return {};
}

Result<void> Validate(const TrackingSession& s) {
  TRY_VOID(RequireText("session.patient_id", s.patient_id));
  if (s.week) TRY_VOID(InRange("session.week", *s.week, 0, 520));
  for (std::size_t i = 0; i < s.photos.size(); ++i) {
    const std::string f = fmt::format("session.photos[{}]", i);
    TRY_VOID(RequireText(f + ".view", s.photos[i].view));
    if (!IsSha256Hex(s.photos[i].sha256)) {
      return InvalidArgument(f + ".sha256", "must be 64 lower-case hex digits");
    }
    TRY_VOID(InRange(f + ".width_px", s.photos[i].width_px, 1, 100000));
    TRY_VOID(InRange(f + ".height_px", s.photos[i].height_px, 1, 100000));
  }
  for (std::size_t i = 0; i < s.zone_densities.size(); ++i) {
    const std::string f = fmt::format("session.zone_densities[{}]", i);
    TRY_VOID(RequireText(f + ".zone", s.zone_densities[i].zone));
    TRY_VOID(InRange(f + ".hairs_per_cm2", s.zone_densities[i].hairs_per_cm2, 0.0, 1000.0));
  }
  for (std::size_t i = 0; i < s.salt_regions.size(); ++i) {
    const std::string f = fmt::format("session.salt_regions[{}]", i);
    TRY_VOID(
        RequireOneOf(f + ".region", s.salt_regions[i].region, {"top", "back", "left", "right"}));
    TRY_VOID(InRange(f + ".loss_pct", s.salt_regions[i].loss_pct, 0.0, 100.0));
    TRY_VOID(RequireOneOf(f + ".confirmation", s.salt_regions[i].confirmation,
                          {"automatic", "user_corrected", "user_accepted", "retaken"}));
  }
  for (std::size_t i = 0; i < s.easi_regions.size(); ++i) {
    const EasiRegion& e = s.easi_regions[i];
    const std::string f = fmt::format("session.easi_regions[{}]", i);
    TRY_VOID(RequireOneOf(f + ".region", e.region,
                          {"head_neck", "upper_limbs", "trunk", "lower_limbs"}));
    // EASI: area score 0..6, each sign 0..3 (Hanifin 2001, Exp Dermatol 10:11).
    TRY_VOID(InRange(f + ".area_score", e.area_score, 0, 6));
    TRY_VOID(InRange(f + ".erythema", e.erythema, 0, 3));
    TRY_VOID(InRange(f + ".induration", e.induration, 0, 3));
    TRY_VOID(InRange(f + ".excoriation", e.excoriation, 0, 3));
    TRY_VOID(InRange(f + ".lichenification", e.lichenification, 0, 3));
  }
  if (s.itch_nrs) TRY_VOID(InRange("session.itch_nrs", *s.itch_nrs, 0, 10));
  if (s.poem) TRY_VOID(InRange("session.poem", *s.poem, 0, 28));
  if (s.dlqi) TRY_VOID(InRange("session.dlqi", *s.dlqi, 0, 30));
  if (s.vellus_fraction) TRY_VOID(InRange("session.vellus_fraction", *s.vellus_fraction, 0.0, 1.0));
  if (s.patient_reported_hair_change) {
    TRY_VOID(RequireOneOf("session.patient_reported_hair_change", *s.patient_reported_hair_change,
                          {"none", "less_hair", "more_hair"}));
  }
  for (std::size_t i = 0; i < s.injection_site_reactions.size(); ++i) {
    const auto& r = s.injection_site_reactions[i];
    const std::string f = fmt::format("session.injection_site_reactions[{}]", i);
    TRY_VOID(RequireText(f + ".site", r.site));
    TRY_VOID(RequireText(f + ".reaction", r.reaction));
    if (r.ctcae_grade) TRY_VOID(InRange(f + ".ctcae_grade", *r.ctcae_grade, 1, 5));
  }
  return {};
}

Result<void> Validate(const AdverseEvent& e) {
  TRY_VOID(RequireText("adverse_event.patient_id", e.patient_id));
  TRY_VOID(RequireText("adverse_event.term", e.term));
  // CTCAE grades 1..5 (grade 5 = death); versions 5.0 (2017) and 6.0 (2025), clinical.md §2.5.
  TRY_VOID(InRange("adverse_event.ctcae_grade", e.ctcae_grade, 1, 5));
  TRY_VOID(RequireOneOf("adverse_event.ctcae_version", e.ctcae_version, {"5.0", "6.0"}));
  TRY_VOID(RequireOneOf("adverse_event.action_taken", e.action_taken,
                        {"none", "dose_delayed", "dose_reduced", "drug_withdrawn", "other"}));
  if (e.resolved && *e.resolved < e.onset) {
    return InvalidArgument("adverse_event.resolved",
                           "is before adverse_event.onset " + e.onset.ToString());
  }
  return {};
}

Result<void> Validate(const Decision& d) {
  TRY_VOID(RequireText("decision.patient_id", d.patient_id));
  TRY_VOID(RequireText("decision.course_id", d.course_id));
  if (d.week) TRY_VOID(InRange("decision.week", *d.week, 0, 520));
  TRY_VOID(RequireOneOf("decision.decision", d.decision, {"continue", "stop", "change_treatment"}));
  if (d.reason.empty() || d.reason.size() > kMaxDecisionReasonBytes) {
    return InvalidArgument("decision.reason",
                           fmt::format("is {} bytes; allowed 1 to {} bytes", d.reason.size(),
                                       kMaxDecisionReasonBytes));
  }
  return {};
}

}  // namespace tricholog::store
