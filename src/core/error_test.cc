#include "core/error.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace tricholog {
namespace {

TEST(RequireInRange, AcceptsBoundsInclusive) {
  EXPECT_EQ(RequireInRange("top", 0.0, 0.0, 100.0).value(), 0.0);
  EXPECT_EQ(RequireInRange("top", 100.0, 0.0, 100.0).value(), 100.0);
  EXPECT_EQ(RequireInRange("itch", 10, 0, 10).value(), 10);
}

TEST(RequireInRange, NamesFieldValueAndRange) {
  const auto r = RequireInRange("top", 120.5, 0.0, 100.0);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "top");
  EXPECT_EQ(r.error().ToString(), "top: 120.5 is out of range; allowed 0 to 100");
}

TEST(RequireInRange, RejectsNaNAndInfinity) {
  EXPECT_FALSE(RequireInRange("x", std::nan(""), 0.0, 1.0).has_value());
  EXPECT_FALSE(RequireInRange("x", std::numeric_limits<double>::infinity(), 0.0, 1.0).has_value());
}

TEST(ErrorCodeName, IsStableSnakeCase) {
  EXPECT_EQ(ErrorCodeName(ErrorCode::kInvalidArgument), "invalid_argument");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kNotFound), "not_found");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kTooLarge), "too_large");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kResourceExhausted), "resource_exhausted");
}

}  // namespace
}  // namespace tricholog
