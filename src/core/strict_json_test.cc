#include "core/strict_json.h"

#include <gtest/gtest.h>

#include <string>

namespace tricholog {
namespace {

using nlohmann::json;

TEST(StrictJson, ParsesAnOrdinaryDocument) {
  auto parsed = ParseStrictJson(R"({"a": [1, {"b": 2}], "c": "x"})", "in.json");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  EXPECT_EQ((*parsed)["a"][1]["b"], 2);
}

TEST(StrictJson, RefusesADuplicateKeyNamingItsPath) {
  auto parsed = ParseStrictJson(R"({"patient": {"id": "a", "id": "b"}})", "in.json");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, ErrorCode::kParseError);
  EXPECT_EQ(parsed.error().field, "$.patient.id");
  EXPECT_NE(parsed.error().message.find("twice"), std::string::npos);
}

TEST(StrictJson, DuplicateKeyPathCountsArrayElements) {
  auto parsed = ParseStrictJson(R"({"s": [{"w": 1}, [2, 3], 4, {"w": 1, "w": 2}]})", "in.json");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().field, "$.s[3].w");
}

TEST(StrictJson, TheSameKeyInTwoObjectsIsFine) {
  EXPECT_TRUE(ParseStrictJson(R"([{"id": 1}, {"id": 2}, {"x": {"id": 3}}])", "in").has_value());
}

TEST(StrictJson, NumberOverflowIsAParseErrorNotAnException) {
  auto parsed = ParseStrictJson(R"({"score": 1e999})", "itch.json");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, ErrorCode::kParseError);
  EXPECT_EQ(parsed.error().field, "itch.json");
  EXPECT_NE(parsed.error().message.find("1e999"), std::string::npos);
}

TEST(StrictJson, SyntaxErrorNamesTheSource) {
  auto parsed = ParseStrictJson("{\"a\": ", "standard input");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().field, "standard input");
  EXPECT_NE(parsed.error().message.find("not valid JSON"), std::string::npos);
}

TEST(StrictJson, RefusesDeepNesting) {
  std::string deep(kMaxJsonDepth + 5, '[');
  deep += std::string(kMaxJsonDepth + 5, ']');
  auto parsed = ParseStrictJson(deep, "in");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_NE(parsed.error().message.find("nesting"), std::string::npos);
  std::string shallow(kMaxJsonDepth - 1, '[');
  shallow += std::string(kMaxJsonDepth - 1, ']');
  EXPECT_TRUE(ParseStrictJson(shallow, "in").has_value());
}

TEST(StrictJson, IntegerIsReadAtFullWidthAndRangeChecked) {
  EXPECT_EQ(JsonInteger(json(7), "$.week", 0, 520).value(), 7);
  EXPECT_EQ(JsonInteger(json(3.0), "$.week", 0, 520).value(), 3);
  // These were once stored as 4, 1 and 2.
  auto wrapped = JsonInteger(json(4294967300LL), "$.itch_nrs", 0, 10);
  ASSERT_FALSE(wrapped.has_value());
  EXPECT_EQ(wrapped.error().field, "$.itch_nrs");
  EXPECT_NE(wrapped.error().message.find("4294967300"), std::string::npos);
  EXPECT_FALSE(JsonInteger(json(4294967297ULL), "$.week", 0, 520).has_value());
  auto fraction = JsonInteger(json(2.7), "$.week", 0, 520);
  ASSERT_FALSE(fraction.has_value());
  EXPECT_NE(fraction.error().message.find("whole number"), std::string::npos);
  EXPECT_FALSE(JsonInteger(json(-1), "$.week", 0, 520).has_value());
  EXPECT_FALSE(JsonInteger(json("3"), "$.week", 0, 520).has_value());
  EXPECT_FALSE(JsonInteger(json(true), "$.week", 0, 520).has_value());
  EXPECT_FALSE(JsonInteger(json(1e300), "$.week", 0, 520).has_value());
  EXPECT_EQ(JsonInteger(json(std::numeric_limits<std::int64_t>::min()), "$.x",
                        std::numeric_limits<std::int64_t>::min(), 0)
                .value(),
            std::numeric_limits<std::int64_t>::min());
  EXPECT_FALSE(
      JsonInteger(json(18446744073709551615ULL), "$.x", 0, std::numeric_limits<std::int64_t>::max())
          .has_value());
}

TEST(StrictJson, NumberIsFiniteAndInRange) {
  EXPECT_DOUBLE_EQ(JsonNumber(json(2.5), "$.dose_mg", 0, 1000).value(), 2.5);
  EXPECT_DOUBLE_EQ(JsonNumber(json(300), "$.dose_mg", 0, 1000).value(), 300);
  auto negative = JsonNumber(json(-300), "$.dose_mg", 0, 1000);
  ASSERT_FALSE(negative.has_value());
  EXPECT_EQ(negative.error().field, "$.dose_mg");
  EXPECT_FALSE(JsonNumber(json("300"), "$.dose_mg", 0, 1000).has_value());
  EXPECT_FALSE(JsonNumber(json(nullptr), "$.dose_mg", 0, 1000).has_value());
}

}  // namespace
}  // namespace tricholog
