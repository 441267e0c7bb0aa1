#include "http/multipart.h"

#include <gtest/gtest.h>

namespace tricholog::http {
namespace {

std::string Part(const std::string& headers, const std::string& body) {
  return "--B\r\n" + headers + "\r\n\r\n" + body + "\r\n";
}

TEST(MultipartBoundary, ReadsPlainAndQuotedBoundaries) {
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=----WebKit123").value(),
            "----WebKit123");
  EXPECT_EQ(MultipartBoundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b'c\"").value(),
            "a b'c");
}

TEST(MultipartBoundary, RefusesOtherTypesAndBadBoundaries) {
  EXPECT_EQ(MultipartBoundary("application/json").error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(MultipartBoundary("multipart/form-data").error().field, "Content-Type");
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary="));
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=" + std::string(71, 'x')));
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=a<b"));
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=\"unterminated"));
}

TEST(Multipart, ParsesFieldsAndFiles) {
  const std::string body =
      "preamble to ignore\r\n" + Part("Content-Disposition: form-data; name=\"csrf\"", "tok") +
      Part(
          "content-disposition: form-data; name=\"photo\"; filename=\"scalp top.jpg\"\r\n"
          "Content-Type: Image/JPEG",
          std::string("\xff\xd8\r\n--notB\0\xff", 10)) +
      Part("Content-Disposition: form-data; name=\"empty\"", "") + "--B--\r\nepilogue";
  auto parts = ParseMultipart(body, "B");
  ASSERT_TRUE(parts) << parts.error().ToString();
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ((*parts)[0].name, "csrf");
  EXPECT_EQ((*parts)[0].body, "tok");
  EXPECT_FALSE((*parts)[0].filename);
  EXPECT_EQ((*parts)[0].content_type, "text/plain");
  EXPECT_EQ((*parts)[1].name, "photo");
  EXPECT_EQ((*parts)[1].filename, "scalp top.jpg");
  EXPECT_EQ((*parts)[1].content_type, "image/jpeg");
  EXPECT_EQ((*parts)[1].body, std::string("\xff\xd8\r\n--notB\0\xff", 10));
  EXPECT_EQ((*parts)[2].body, "");
}

TEST(Multipart, QuotedNamesKeepEscapedQuotes) {
  const std::string body =
      Part(R"(Content-Disposition: form-data; name="a\"b"; filename="c\\d.png")", "x") + "--B--";
  auto parts = ParseMultipart(body, "B");
  ASSERT_TRUE(parts) << parts.error().ToString();
  EXPECT_EQ((*parts)[0].name, "a\"b");
  EXPECT_EQ((*parts)[0].filename, "c\\d.png");
}

TEST(Multipart, HostileBodiesAreErrorsNamingThePart) {
  struct Case {
    std::string body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"no boundary at all", "body"},
      {Part("Content-Disposition: form-data; name=\"a\"", "never closed"), "part 1"},
      {Part("Content-Disposition: form-data; name=\"a\"", "x").substr(0, 20), "part 1"},
      {Part("Content-Disposition: form-data", "no name") + "--B--", "part 1"},
      {Part("Content-Disposition: form-data; name=\"\"", "empty name") + "--B--", "part 1"},
      {Part("Content-Disposition: attachment; name=\"a\"", "x") + "--B--", "part 1"},
      {Part("Content-Type: text/plain", "no disposition") + "--B--", "part 1"},
      {Part("Content-Disposition: form-data; name=\"a\"\r\nbroken header line", "x") + "--B--",
       "part 1"},
      {Part("Content-Disposition: form-data; name=\"a", "unterminated quote") + "--B--", "part 1"},
      {Part("Content-Disposition: form-data; name=\"a\"", "ok") +
           Part("Content-Disposition: form-data; name=\"b\"; filename=\"\x01.jpg\"", "x") + "--B--",
       "b"},
      {"--B junk\r\n", "body"},
      {"--B\r\nContent-Disposition: form-data; name=\"a\"" + std::string(5000, ' '), "part 1"},
  };
  for (const Case& c : cases) {
    auto parts = ParseMultipart(c.body, "B");
    ASSERT_FALSE(parts) << c.body;
    EXPECT_EQ(parts.error().field, c.field) << c.body << " -> " << parts.error().ToString();
  }
}

TEST(Multipart, EnforcesPartCountPartSizeAndTotal) {
  MultipartLimits limits;
  limits.max_parts = 2;
  limits.max_part_bytes = 4;
  limits.max_total_bytes = 400;
  const std::string field = "Content-Disposition: form-data; name=\"f\"";
  auto too_many =
      ParseMultipart(Part(field, "1") + Part(field, "2") + Part(field, "3") + "--B--", "B", limits);
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code, ErrorCode::kTooLarge);
  auto too_big = ParseMultipart(Part(field, "12345") + "--B--", "B", limits);
  ASSERT_FALSE(too_big);
  EXPECT_EQ(too_big.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(too_big.error().field, "f");
  auto total = ParseMultipart(std::string(401, 'x'), "B", limits);
  ASSERT_FALSE(total);
  EXPECT_EQ(total.error().code, ErrorCode::kTooLarge);
  EXPECT_TRUE(ParseMultipart(Part(field, "1234") + Part(field, "") + "--B--", "B", limits));
}

TEST(Multipart, EveryTruncationOfAValidBodyIsHandled) {
  const std::string body =
      Part("Content-Disposition: form-data; name=\"a\"", "value") +
      Part("Content-Disposition: form-data; name=\"f\"; filename=\"x\"", "file") + "--B--\r\n";
  for (std::size_t n = 0; n < body.size(); ++n) {
    auto parts = ParseMultipart(body.substr(0, n), "B");
    if (parts) {
      EXPECT_GE(n, body.size() - 4) << n;  // only the trailing "\r\n" or "--\r\n" may go
    }
  }
}

}  // namespace
}  // namespace tricholog::http
