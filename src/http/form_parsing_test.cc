#include "http/form_parsing.h"

#include <gtest/gtest.h>

namespace tricholog::http {
namespace {

TEST(PercentDecode, DecodesEscapesAndPlus) {
  EXPECT_EQ(PercentDecode("a%20b%C3%A9", false).value(), "a b\xC3\xA9");
  EXPECT_EQ(PercentDecode("a+b", true).value(), "a b");
  EXPECT_EQ(PercentDecode("a+b", false).value(), "a+b");
  EXPECT_EQ(PercentDecode("%2f%2F", false).value(), "//");
}

TEST(PercentDecode, RefusesTruncatedAndNonHexEscapes) {
  for (const char* bad : {"%", "%4", "abc%", "%zz", "%4g", "%%41"}) {
    auto decoded = PercentDecode(bad, false, "q");
    ASSERT_FALSE(decoded) << bad;
    EXPECT_EQ(decoded.error().code, ErrorCode::kParseError);
    EXPECT_EQ(decoded.error().field, "q");
  }
}

TEST(PercentDecode, InvertsPercentEncodeForEveryByte) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  const std::string encoded = PercentEncode(all);
  EXPECT_EQ(encoded.find_first_of(" %/?&=+#\r\n", 0), encoded.find('%'));
  EXPECT_EQ(PercentDecode(encoded, false).value(), all);
}

TEST(FieldText, RefusesControlsNulAndInvalidUtf8) {
  EXPECT_TRUE(IsValidFieldText("plain text\twith tab\r\n"));
  EXPECT_TRUE(IsValidFieldText("caf\xC3\xA9 \xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidFieldText(std::string("a\0b", 3)));
  EXPECT_FALSE(IsValidFieldText("\x01"));
  EXPECT_FALSE(IsValidFieldText("\xC3"));              // truncated
  EXPECT_FALSE(IsValidFieldText("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidFieldText("\xED\xA0\x80"));      // a UTF-16 surrogate
  EXPECT_FALSE(IsValidFieldText("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsValidFieldText("\xFF"));
}

TEST(UrlEncoded, ParsesPairsInOrderSkippingEmptyOnes) {
  auto fields = ParseUrlEncoded("a=1&&b=two+words&flag&c=%C3%A9&");
  ASSERT_TRUE(fields) << fields.error().ToString();
  ASSERT_EQ(fields->size(), 4u);
  EXPECT_EQ(fields->entries()[0], (std::pair<std::string, std::string>{"a", "1"}));
  EXPECT_EQ(fields->GetOne("b"), "two words");
  EXPECT_EQ(fields->GetOne("flag"), "");
  EXPECT_EQ(fields->GetOne("c"), "\xC3\xA9");
  EXPECT_EQ(fields->GetOne("missing"), std::nullopt);
}

TEST(UrlEncoded, DuplicateNamesAreKeptAndRefusedBySingleGet) {
  auto fields = ParseUrlEncoded("id=a&id=b&x=1");
  ASSERT_TRUE(fields);
  EXPECT_EQ(fields->All("id"), (std::vector<std::string>{"a", "b"}));
  auto single = fields->Get("id");
  ASSERT_FALSE(single);
  EXPECT_EQ(single.error().field, "id");
  EXPECT_EQ(fields->GetOne("id"), std::nullopt);
  EXPECT_EQ(fields->Get("x").value(), "1");
}

TEST(UrlEncoded, EnforcesEveryLimit) {
  FormLimits limits;
  limits.max_fields = 3;
  limits.max_name_bytes = 4;
  limits.max_value_bytes = 5;
  limits.max_total_bytes = 40;
  EXPECT_EQ(ParseUrlEncoded("a=1&b=2&c=3&d=4", "form", limits).error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(ParseUrlEncoded("abcde=1", "form", limits).error().code, ErrorCode::kInvalidArgument);
  auto long_value = ParseUrlEncoded("a=123456", "form", limits);
  EXPECT_EQ(long_value.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(long_value.error().field, "a");
  EXPECT_EQ(ParseUrlEncoded(std::string(41, 'a'), "form", limits).error().code,
            ErrorCode::kTooLarge);
  // A value's limit applies after decoding: 5 escaped bytes are 15 characters but fit.
  EXPECT_TRUE(ParseUrlEncoded("a=%41%41%41%41%41", "form", limits));
}

TEST(UrlEncoded, HostileInputsAreErrorsNamingTheField) {
  for (const std::string& bad :
       {std::string("=value"), std::string("a=%zz"), std::string("%00=x"), std::string("a=%00"),
        std::string("a=%FF%FE"), std::string("n=%ED%A0%80"), std::string("a=1&%")}) {
    auto fields = ParseUrlEncoded(bad, "query");
    ASSERT_FALSE(fields) << bad;
    EXPECT_FALSE(fields.error().field.empty()) << bad;
  }
}

TEST(CookieHeader, ParsesLenientlyLikeBrowsers) {
  const auto cookies =
      ParseCookieHeader("session=abc; csrf=\"quoted\";; theme = dark ;novalue; =x; a b=1");
  EXPECT_EQ(cookies.at("session"), "abc");
  EXPECT_EQ(cookies.at("csrf"), "quoted");
  EXPECT_EQ(cookies.at("theme"), "dark");
  EXPECT_EQ(cookies.count("novalue"), 0u);
  EXPECT_EQ(cookies.count(""), 0u);
  EXPECT_EQ(cookies.count("a b"), 0u);
}

TEST(CookieHeader, FirstDuplicateWinsAndCountIsBounded) {
  EXPECT_EQ(ParseCookieHeader("s=first; s=second").at("s"), "first");
  std::string many;
  for (int i = 0; i < 100; ++i) many += "c" + std::to_string(i) + "=v; ";
  const auto cookies = ParseCookieHeader(many, 64);
  EXPECT_EQ(cookies.size(), 64u);
  EXPECT_EQ(cookies.count("c64"), 0u);
}

}  // namespace
}  // namespace tricholog::http
