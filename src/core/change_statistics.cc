#include "core/change_statistics.h"

#include <fmt/format.h>

#include <cmath>

namespace tricholog {

namespace {

// √2 · 1.96 — the factor between SEM and MDC95 (clinical.md §5.3).
double MdcFactor() { return kZ95 * std::sqrt(2.0); }

}  // namespace

Result<double> SemFromReliability(double sd, double icc, std::string_view sd_field,
                                  std::string_view icc_field) {
  if (!std::isfinite(sd) || sd < 0) {
    return InvalidArgument(
        std::string(sd_field),
        fmt::format("{} is not a valid standard deviation; allowed 0 or more", sd));
  }
  auto checked_icc = RequireInRange(icc_field, icc, 0.0, 1.0);
  if (!checked_icc) return tl::unexpected(checked_icc.error());
  // SEM = SD·√(1 − ICC); clinical.md §5.3; ICC form must be stated (Koo & Li 2016).
  return sd * std::sqrt(1.0 - icc);
}

Result<double> SemFromRepeatPairs(std::span<const std::pair<double, double>> pairs,
                                  std::string_view field) {
  if (pairs.size() < static_cast<size_t>(kMinRepeatPairs)) {
    return InvalidArgument(std::string(field),
                           fmt::format("has {} pairs; at least {} repeat-capture pairs are needed",
                                       pairs.size(), kMinRepeatPairs));
  }
  double sum_sq = 0;
  for (size_t i = 0; i < pairs.size(); ++i) {
    const auto [a, b] = pairs[i];
    if (!std::isfinite(a) || !std::isfinite(b)) {
      return InvalidArgument(fmt::format("{}[{}]", field, i), "both values must be numbers");
    }
    sum_sq += (a - b) * (a - b);
  }
  // Within-subject SD from duplicate measurements: Var(a − b) = 2·SEM², so
  // SEM = √(Σd² / 2n) (the "Dahlberg" form for paired repeats).
  return std::sqrt(sum_sq / (2.0 * static_cast<double>(pairs.size())));
}

double Mdc95FromSem(double sem) { return MdcFactor() * sem; }

double SemFromMdc95(double mdc95) { return mdc95 / MdcFactor(); }

Result<double> ReliableChangeIndex(double baseline, double current, double sem) {
  if (!std::isfinite(sem) || sem <= 0) {
    return InvalidArgument("sem", fmt::format("{} must be greater than 0", sem));
  }
  // Jacobson & Truax 1991, J Consult Clin Psychol 59:12; clinical.md §5.3.
  return (current - baseline) / (std::sqrt(2.0) * sem);
}

bool IsReliableChange(double rci) { return std::abs(rci) > kZ95; }

std::optional<double> PercentChange(double baseline, double current) {
  if (baseline == 0) return std::nullopt;
  return (current - baseline) / baseline * 100.0;
}

std::optional<double> PercentReduction(double baseline, double current) {
  if (baseline == 0) return std::nullopt;
  return (baseline - current) / baseline * 100.0;
}

std::string_view NoiseSourceName(NoiseSource source) {
  switch (source) {
    case NoiseSource::kConfigured:
      return "configured";
    case NoiseSource::kRepeatCapture:
      return "repeat_capture";
    case NoiseSource::kMeasured:
      return "measured";
  }
  return "configured";
}

Result<NoiseSource> ParseNoiseSource(std::string_view name) {
  if (name == "configured") return NoiseSource::kConfigured;
  if (name == "repeat_capture") return NoiseSource::kRepeatCapture;
  if (name == "measured") return NoiseSource::kMeasured;
  return InvalidArgument("source", Quote(name) +
                                       " is not a noise source; allowed: configured, "
                                       "repeat_capture, measured");
}

NoiseModel NoiseModel::FromSem(double sem, NoiseSource source, std::string basis) {
  return NoiseModel{sem, Mdc95FromSem(sem), false, source, std::move(basis)};
}

NoiseModel NoiseModel::FromMdc95(double mdc95, NoiseSource source, std::string basis) {
  return NoiseModel{SemFromMdc95(mdc95), mdc95, false, source, std::move(basis)};
}

NoiseModel NoiseModel::PercentOfBaselineMdc95(double mdc95_percent, std::string basis) {
  return NoiseModel{SemFromMdc95(mdc95_percent), mdc95_percent, true, NoiseSource::kConfigured,
                    std::move(basis)};
}

double NoiseModel::Mdc95At(double baseline) const {
  return percent_of_baseline ? std::abs(baseline) * mdc95 / 100.0 : mdc95;
}

double NoiseModel::SemAt(double baseline) const {
  return percent_of_baseline ? std::abs(baseline) * sem / 100.0 : sem;
}

Result<NoiseModel> ValidateNoiseModel(const NoiseModel& model, std::string_view field) {
  if (!std::isfinite(model.sem) || model.sem <= 0) {
    return InvalidArgument(std::string(field) + ".sem",
                           fmt::format("{} must be a number greater than 0", model.sem));
  }
  if (!std::isfinite(model.mdc95) || model.mdc95 <= 0) {
    return InvalidArgument(std::string(field) + ".mdc95",
                           fmt::format("{} must be a number greater than 0", model.mdc95));
  }
  return model;
}

}  // namespace tricholog
