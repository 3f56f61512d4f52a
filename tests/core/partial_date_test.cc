#include "core/partial_date.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kinlink {
namespace {

PartialDate ReadOne(std::string_view text, DayMonthOrder order = DayMonthOrder::kUnknown) {
  auto reading = ParseAgencyDate(text, order);
  EXPECT_TRUE(reading.ok()) << text << ": " << reading.status().ToString();
  if (!reading.ok()) return {};
  EXPECT_FALSE(reading->ambiguous()) << text;
  return reading->candidates.front();
}

TEST(ParseAgencyDateTest, IsoForms) {
  EXPECT_EQ(ReadOne("2011-03-05").ToString(), "2011-03-05");
  EXPECT_EQ(ReadOne("2011-03").ToString(), "2011-03");
  EXPECT_EQ(ReadOne("2011").ToString(), "2011");
  EXPECT_EQ(ReadOne("2011").precision(), DatePrecision::kYear);
  EXPECT_EQ(ReadOne("2011-03").precision(), DatePrecision::kMonth);
}

// "YYYY-MM-DD" and "YYYYMMDD" are read in place; padded with spaces, the same text takes the
// general path. Both must give the same reading, or both the same kind of error, for every day of
// several years and for values that are not calendar dates.
TEST(ParseAgencyDateTest, QuickLayoutsReadAsTheGeneralPath) {
  std::vector<std::string> texts;
  for (int year : {1799, 1800, 1999, 2000, 2018, 2019, 2024, 2200, 2201, 9999}) {
    for (int month = 0; month <= 13; ++month) {
      for (int day = 0; day <= 32; ++day) {
        texts.push_back(fmt::format("{:04d}-{:02d}-{:02d}", year, month, day));
        texts.push_back(fmt::format("{:04d}{:02d}{:02d}", year, month, day));
      }
    }
  }
  for (const char* odd : {"0000-00-00", "2018-1a-01", "2018/01/01", "20180101 ", "2018010",
                          "2018-01-1", "99999999", "2018-02-29", "2020-02-29"}) {
    texts.emplace_back(odd);
  }
  for (const auto& text : texts) {
    for (DayMonthOrder order : {DayMonthOrder::kUnknown, DayMonthOrder::kMonthFirst}) {
      auto quick = ParseAgencyDate(text, order);
      auto general = ParseAgencyDate(" " + text + " ", order);
      ASSERT_EQ(quick.ok(), general.ok()) << text;
      if (!quick.ok()) {
        EXPECT_EQ(quick.status().code(), general.status().code()) << text;
        continue;
      }
      EXPECT_EQ(quick->format, general->format) << text;
      ASSERT_EQ(quick->candidates.size(), general->candidates.size()) << text;
      for (size_t k = 0; k < quick->candidates.size(); ++k) {
        EXPECT_EQ(quick->candidates[k].ToString(), general->candidates[k].ToString()) << text;
      }
    }
  }
}

TEST(ParseAgencyDateTest, SlashFormWithKnownOrder) {
  EXPECT_EQ(ReadOne("03/05/2011", DayMonthOrder::kMonthFirst).ToString(), "2011-03-05");
  EXPECT_EQ(ReadOne("03/05/2011", DayMonthOrder::kDayFirst).ToString(), "2011-05-03");
  EXPECT_EQ(ReadOne("3/5/2011", DayMonthOrder::kMonthFirst).ToString(), "2011-03-05");
}

TEST(ParseAgencyDateTest, SlashFormAmbiguousWhenOrderUnknown) {
  auto reading = ParseAgencyDate("03/05/2011");
  ASSERT_TRUE(reading.ok());
  ASSERT_TRUE(reading->ambiguous());
  EXPECT_EQ(reading->candidates[0].ToString(), "2011-03-05");
  EXPECT_EQ(reading->candidates[1].ToString(), "2011-05-03");
  auto single = reading->Unambiguous("03/05/2011");
  ASSERT_FALSE(single.ok());
  EXPECT_NE(single.status().message().find("ambiguous"), std::string::npos);
}

TEST(ParseAgencyDateTest, SlashFormResolvedByADayAboveTwelve) {
  EXPECT_EQ(ReadOne("25/12/2011").ToString(), "2011-12-25");
  EXPECT_EQ(ReadOne("12/25/2011").ToString(), "2011-12-25");
  // Same day and month: both orders agree, so nothing is ambiguous.
  EXPECT_EQ(ReadOne("04/04/2011").ToString(), "2011-04-04");
}

TEST(ParseAgencyDateTest, SlashFormInvalidInTheDeclaredOrder) {
  EXPECT_FALSE(ParseAgencyDate("25/12/2011", DayMonthOrder::kMonthFirst).ok());
  EXPECT_FALSE(ParseAgencyDate("13/13/2011").ok());
  EXPECT_FALSE(ParseAgencyDate("03/05/11").ok());  // two-digit years are refused
}

TEST(ParseAgencyDateTest, MonthNameForms) {
  EXPECT_EQ(ReadOne("5-MAR-2011").ToString(), "2011-03-05");
  EXPECT_EQ(ReadOne("05-Mar-2011").ToString(), "2011-03-05");
  EXPECT_EQ(ReadOne("5-ENE-2011").ToString(), "2011-01-05");  // Spanish abbreviation
  EXPECT_EQ(ReadOne("31-dic-2010").ToString(), "2010-12-31");
  EXPECT_FALSE(ParseAgencyDate("31-FEB-2011").ok());
  EXPECT_FALSE(ParseAgencyDate("5-XYZ-2011").ok());
}

TEST(ParseAgencyDateTest, CompactForm) {
  EXPECT_EQ(ReadOne("20110305").ToString(), "2011-03-05");
  EXPECT_FALSE(ParseAgencyDate("20111305").ok());
  EXPECT_FALSE(ParseAgencyDate("201103").ok());
}

TEST(ParseAgencyDateTest, AgeOnADay) {
  PartialDate date = ReadOne("age 7 on 2018-05-10");
  EXPECT_TRUE(date.age_derived);
  EXPECT_TRUE(date.estimated);
  EXPECT_EQ(date.stated_age, 7);
  EXPECT_EQ(FormatDate(date.Earliest()), "2010-05-11");
  EXPECT_EQ(FormatDate(date.Latest()), "2011-05-10");
  EXPECT_EQ(date.ToString(), "age 7 on 2018-05-10");
  EXPECT_FALSE(date.ExactDate().has_value());
  // The day the age was stated may itself be in an agency format.
  EXPECT_EQ(ReadOne("Age 7 on 5-MAY-2018").ToString(), "age 7 on 2018-05-05");
  EXPECT_FALSE(ParseAgencyDate("age 7").ok());
  EXPECT_FALSE(ParseAgencyDate("age seven on 2018-05-10").ok());
}

TEST(ParseAgencyDateTest, EstimateMarkers) {
  PartialDate date = ReadOne("~2011");
  EXPECT_TRUE(date.estimated);
  EXPECT_FALSE(date.age_derived);
  EXPECT_EQ(date.ToString(), "~2011");
  EXPECT_TRUE(ReadOne("est. 2011-03-05").estimated);
}

TEST(ParseAgencyDateTest, RejectsGarbage) {
  for (const char* text : {"", "   ", "yesterday", "2011-3-5", "1700-01-01", "2011-02-30"}) {
    EXPECT_FALSE(ParseAgencyDate(text).ok()) << text;
  }
}

TEST(PartialDateTest, RangesOfPartialDates) {
  EXPECT_EQ(FormatDate(ReadOne("2012-02").Earliest()), "2012-02-01");
  EXPECT_EQ(FormatDate(ReadOne("2012-02").Latest()), "2012-02-29");
  EXPECT_EQ(FormatDate(ReadOne("2011").Latest()), "2011-12-31");
  EXPECT_EQ(FormatDate(*ReadOne("2011-03-05").ExactDate()), "2011-03-05");
}

}  // namespace
}  // namespace kinlink
