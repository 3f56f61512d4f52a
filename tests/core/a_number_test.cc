#include "core/a_number.h"

#include <gtest/gtest.h>

namespace kinlink {
namespace {

TEST(ANumberTest, NormalizesAcceptedForms) {
  struct Case {
    const char* input;
    const char* normalized;
  } cases[] = {
      {"A012345678", "A012345678"},    {"a012345678", "A012345678"},
      {"A12345678", "A012345678"},     {"012345678", "A012345678"},
      {"12345678", "A012345678"},      {"A-012-345-678", "A012345678"},
      {"A 012 345 678", "A012345678"}, {" A212345678 ", "A212345678"},
      {"A012-345-678", "A012345678"},
  };
  for (const auto& c : cases) {
    auto parsed = ANumber::Parse(c.input);
    ASSERT_TRUE(parsed.ok()) << c.input << ": " << parsed.status().ToString();
    EXPECT_EQ(parsed->ToString(), c.normalized) << c.input;
    EXPECT_EQ(parsed->digits().size(), 9u);
  }
}

TEST(ANumberTest, RejectsMalformed) {
  for (const char* input :
       {"", "A", "A1234567", "A1234567890", "B012345678", "A01234567X", "A000000000", "00000000",
        "A--012345678", "A012345678-", "A0123 45678 9"}) {
    auto parsed = ANumber::Parse(input);
    EXPECT_FALSE(parsed.ok()) << "accepted '" << input << "'";
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
    }
  }
}

TEST(ANumberTest, EightAndNineDigitFormsOfOneNumberAreEqual) {
  EXPECT_EQ(*ANumber::Parse("A12345678"), *ANumber::Parse("A012345678"));
  EXPECT_NE(*ANumber::Parse("A12345678"), *ANumber::Parse("A123456780"));
}

TEST(ANumberTest, ErrorNamesTheDigitCount) {
  auto parsed = ANumber::Parse("A1234");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("4 digits"), std::string::npos);
}

}  // namespace
}  // namespace kinlink
