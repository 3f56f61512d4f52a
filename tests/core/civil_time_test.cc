#include "core/civil_time.h"

#include <gtest/gtest.h>

namespace kinlink {
namespace {

TEST(CivilTimeTest, TimestampRoundTrip) {
  auto t = ParseTimestamp("2018-06-26T13:05:09Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(FormatTimestamp(*t), "2018-06-26T13:05:09Z");
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("2018-06-26")), "2018-06-26T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("2018-06-26 01:02:03")), "2018-06-26T01:02:03Z");
}

TEST(CivilTimeTest, RejectsOffsetsAndGarbage) {
  EXPECT_FALSE(ParseTimestamp("2018-06-26T13:05:09+02:00").ok());
  EXPECT_FALSE(ParseTimestamp("2018-06-26T25:00:00Z").ok());
  EXPECT_FALSE(ParseTimestamp("26/06/2018").ok());
  EXPECT_FALSE(ParseIsoDate("2018-02-30").ok());
}

TEST(CivilTimeTest, CourtDeadlineArithmetic) {
  Date order = *ParseIsoDate("2018-06-26");
  EXPECT_EQ(FormatDate(order + std::chrono::days(14)), "2018-07-10");
  EXPECT_EQ(FormatDate(order + std::chrono::days(30)), "2018-07-26");
}

TEST(CivilTimeTest, AgeInYears) {
  Date birth = *ParseIsoDate("2011-05-10");
  EXPECT_EQ(AgeInYears(birth, *ParseIsoDate("2018-05-09")), 6);
  EXPECT_EQ(AgeInYears(birth, *ParseIsoDate("2018-05-10")), 7);
}

}  // namespace
}  // namespace kinlink
