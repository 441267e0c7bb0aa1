#include "core/salt_score.h"

#include <fmt/format.h>

namespace tricholog {
namespace {

// Binary floating point cannot hold most decimal fractions, so a SALT that is exactly 20 on
// paper can arrive as 20.000000000000004. Comparisons at band edges allow this much slack;
// it is far below any difference a clinician could score.
constexpr double kTolerance = 1e-9;

bool AtMost(double value, double limit) { return value <= limit + kTolerance; }
bool AtLeast(double value, double limit) { return value >= limit - kTolerance; }

}  // namespace

Result<SaltScore> ComputeSalt(const SaltRegionLoss& loss) {
  for (const auto& [field, value] :
       {std::pair{"top", loss.top_percent}, std::pair{"back", loss.back_percent},
        std::pair{"left", loss.left_percent}, std::pair{"right", loss.right_percent}}) {
    if (auto checked = RequireInRange(field, value, 0.0, 100.0); !checked) {
      return tl::unexpected(checked.error());
    }
  }
  // Olsen 2004, JAAD 51:440: vertex 40 %, posterior 24 %, each side 18 % of the scalp.
  // Summed with whole-number weights and divided once, so whole-number inputs give the
  // double nearest the exact SALT (20 % right-side loss gives the same double as 3.6).
  const double weighted = 40.0 * loss.top_percent + 24.0 * loss.back_percent +
                          18.0 * loss.left_percent + 18.0 * loss.right_percent;
  return ClassifySalt(weighted / 100.0);
}

Result<SaltScore> ClassifySalt(double salt, std::string_view field) {
  auto checked = RequireInRange(field, salt, 0.0, 100.0);
  if (!checked) return tl::unexpected(checked.error());
  SaltScore score;
  score.salt = salt;
  score.aa_iga = AaIgaForSalt(salt);
  score.olsen_s_class = OlsenSClass(salt);
  // Absolute targets: SALT <= 20 (>= 80 % scalp hair) and <= 10 (Wyrwich 2020; BRAVE-AA,
  // ALLEGRO, THRIVE-AA primary and key secondary endpoints).
  score.salt_le_20 = AtMost(salt, 20);
  score.salt_le_10 = AtMost(salt, 10);
  return score;
}

AaIga AaIgaForSalt(double salt) {
  // Wyrwich 2020, BJD 183:702 (bands as given by Lilly Medical): 0; 1-20; 21-49; 50-94;
  // 95-100. Fractions are assigned as documented in the header.
  if (salt <= 0) return AaIga::kNone;
  if (AtMost(salt, 20)) return AaIga::kLimited;
  if (!AtLeast(salt, 50)) return AaIga::kModerate;
  if (!AtLeast(salt, 95)) return AaIga::kSevere;
  return AaIga::kVerySevere;
}

std::string_view AaIgaLabel(AaIga value) {
  switch (value) {
    case AaIga::kNone:
      return "None";
    case AaIga::kLimited:
      return "Limited";
    case AaIga::kModerate:
      return "Moderate";
    case AaIga::kSevere:
      return "Severe";
    case AaIga::kVerySevere:
      return "Very severe";
  }
  return "None";
}

std::string_view AaIgaSeverity(AaIga value) {
  switch (value) {
    case AaIga::kNone:
      return "none";
    case AaIga::kLimited:
      return "limited";
    case AaIga::kModerate:
      return "moderate";
    case AaIga::kSevere:
      return "severe";
    case AaIga::kVerySevere:
      return "very severe";
  }
  return "none";
}

int OlsenSClass(double salt) {
  // Olsen 2004 S classes (ubiehealth summary): S0 0 %, S1 1-24, S2 25-49, S3 50-74,
  // S4 75-99, S5 100.
  if (salt <= 0) return 0;
  if (!AtLeast(salt, 25)) return 1;
  if (!AtLeast(salt, 50)) return 2;
  if (!AtLeast(salt, 75)) return 3;
  if (!AtLeast(salt, 100)) return 4;
  return 5;
}

std::string OlsenSClassName(int s_class) { return fmt::format("S{}", s_class); }

Result<SaltResponse> CompareSalt(double baseline_salt, double current_salt) {
  if (auto checked = RequireInRange("baseline", baseline_salt, 0.0, 100.0); !checked) {
    return tl::unexpected(checked.error());
  }
  if (auto checked = RequireInRange("salt", current_salt, 0.0, 100.0); !checked) {
    return tl::unexpected(checked.error());
  }
  SaltResponse response;
  response.baseline_salt = baseline_salt;
  response.current_salt = current_salt;
  if (baseline_salt <= 0) {
    response.relative_response_reason =
        "baseline SALT is 0 (no scalp hair loss), so a percent improvement is undefined and "
        "no SALT30/50/75/90/100 response applies";
    return response;
  }
  // clinical.md §1.3: pct = (SALT0 - SALTt) / SALT0 * 100. Multiplying before dividing keeps
  // exact cases exact (e.g. 30 -> 21 gives 30, not 29.999999999999996).
  const double pct = (baseline_salt - current_salt) * 100.0 / baseline_salt;
  response.percent_improvement = pct;
  response.salt30 = AtLeast(pct, 30);
  response.salt50 = AtLeast(pct, 50);
  response.salt75 = AtLeast(pct, 75);
  response.salt90 = AtLeast(pct, 90);
  response.salt100 = AtLeast(pct, 100);
  return response;
}

}  // namespace tricholog
