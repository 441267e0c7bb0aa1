#include "core/date.h"

#include <gtest/gtest.h>

namespace tricholog {
namespace {

TEST(Date, ParsesAndFormatsRoundTrip) {
  const auto d = Date::Parse("2026-11-23");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->ToString(), "2026-11-23");
  EXPECT_EQ(d->ToBasicString(), "20261123");
}

TEST(Date, EpochIsZero) { EXPECT_EQ(Date::Parse("1970-01-01")->days_since_epoch(), 0); }

TEST(Date, AddsDaysAcrossLeapYear) {
  const Date d = *Date::Parse("2024-02-28");
  EXPECT_EQ(d.AddDays(1).ToString(), "2024-02-29");
  EXPECT_EQ(d.AddDays(2).ToString(), "2024-03-01");
  EXPECT_EQ(d.AddDays(366).ToString(), "2025-02-28");
  EXPECT_EQ(d.DaysUntil(d.AddDays(-10)), -10);
}

TEST(Date, RejectsMalformedText) {
  for (const char* text : {"", "2026-1-23", "2026/11/23", "20261123", "2026-11-2x", "abcd-ef-gh"}) {
    const auto d = Date::Parse(text, "start");
    ASSERT_FALSE(d.has_value()) << text;
    EXPECT_EQ(d.error().field, "start");
    EXPECT_NE(d.error().message.find("YYYY-MM-DD"), std::string::npos);
  }
}

TEST(Date, RejectsImpossibleDays) {
  EXPECT_FALSE(Date::Parse("2025-02-29").has_value());
  EXPECT_FALSE(Date::Parse("2026-13-01").has_value());
  EXPECT_FALSE(Date::Parse("2026-04-31").has_value());
  EXPECT_TRUE(Date::Parse("2024-02-29").has_value());
}

TEST(Date, OrdersChronologically) {
  EXPECT_LT(*Date::Parse("2025-12-31"), *Date::Parse("2026-01-01"));
}

}  // namespace
}  // namespace tricholog
