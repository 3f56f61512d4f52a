// The quick agency date and time readings must agree with the core parser wherever they answer
// (they may decline; they must never differ), and must answer for the layouts the exports use.
#include "ledger/internal/agency_date.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kinlink::ledger::detail {
namespace {

// What the mapper reads through the core parser: the unambiguous full date, or nullopt.
std::optional<PartialDate> CoreFullDate(std::string_view text, DayMonthOrder order) {
  auto reading = ParseAgencyDate(text, order);
  if (!reading.ok()) return std::nullopt;
  auto date = reading->Unambiguous(text);
  if (!date.ok()) return std::nullopt;
  return *date;
}

struct Candidate {
  std::string text;
  bool quick_layout;  // a layout QuickAgencyDate reads (not D-M-YYYY with dashes, not "Sept")
};

std::vector<Candidate> Candidates() {
  std::vector<Candidate> out;
  const std::vector<int> years = {1799, 1800, 1900, 2000, 2016, 2018, 2019, 2100, 2200, 2201};
  const char* months[] = {"JAN", "feb", "Mar", "ENE", "ago", "DIC", "Sept", "XYZ", "sep"};
  for (int year : years) {
    for (int a = 0; a <= 32; ++a) {
      for (int b = 0; b <= 13; ++b) {
        out.push_back({fmt::format("{:04d}-{:02d}-{:02d}", year, b, a), true});
        out.push_back({fmt::format("{:04d}{:02d}{:02d}", year, b, a), true});
        for (char sep : {'/', '.', '-'}) {
          out.push_back({fmt::format("{}{}{}{}{}", a, sep, b, sep, year), sep != '-'});
          out.push_back({fmt::format("{:02d}{}{:02d}{}{}", b, sep, a, sep, year), sep != '-'});
        }
      }
      for (const char* month : months) {
        out.push_back({fmt::format("{:02d}-{}-{}", a, month, year), month != std::string("Sept")});
      }
    }
  }
  for (const char* odd : {"",
                          " ",
                          "2018",
                          "2018-10",
                          "10/01/18",
                          " 10/01/2018",
                          "10/01/2018 ",
                          "~2011-03-05",
                          "est. 2011",
                          "age 7 on 2018-05-10",
                          "1/1/20188",
                          "100/1/2018",
                          "1//2018",
                          "2018-1-02",
                          "2018-10-2",
                          "201810021",
                          "2018-10-02T00:00",
                          "02-OCT-18",
                          "2-OCT-2018x",
                          "x2-OCT-2018"}) {
    out.push_back({odd, false});
  }
  return out;
}

TEST(AgencyDateTest, QuickReadingsAgreeWithTheCoreParser) {
  size_t answered = 0, valid = 0;
  for (DayMonthOrder order :
       {DayMonthOrder::kUnknown, DayMonthOrder::kMonthFirst, DayMonthOrder::kDayFirst}) {
    for (const auto& [text, quick_layout] : Candidates()) {
      std::optional<PartialDate> quick = QuickAgencyDate(text, order);
      std::optional<PartialDate> core = CoreFullDate(text, order);
      if (quick_layout && core && core->ExactDate()) ++valid;
      if (!quick) continue;
      if (quick_layout) ++answered;
      ASSERT_TRUE(core) << "'" << text << "' order " << static_cast<int>(order);
      EXPECT_EQ(*quick, *core) << "'" << text << "' order " << static_cast<int>(order);
    }
  }
  // Every full date the core reads in the quick layouts is answered quickly.
  EXPECT_EQ(answered, valid);
  EXPECT_GT(valid, 10000u);
}

TEST(AgencyDateTest, TheExportLayoutsAreReadQuickly) {
  EXPECT_TRUE(QuickAgencyDate("10/01/2018", DayMonthOrder::kMonthFirst));
  EXPECT_TRUE(QuickAgencyDate("4/15/2003", DayMonthOrder::kMonthFirst));
  EXPECT_TRUE(QuickAgencyDate("2018-10-02", DayMonthOrder::kUnknown));
  EXPECT_TRUE(QuickAgencyDate("20181002", DayMonthOrder::kUnknown));
  EXPECT_TRUE(QuickAgencyDate("02-OCT-2018", DayMonthOrder::kDayFirst));
  EXPECT_FALSE(QuickAgencyDate("03/05/2011", DayMonthOrder::kUnknown));  // ambiguous
  EXPECT_FALSE(QuickAgencyDate("2018-02-30", DayMonthOrder::kUnknown));
}

TEST(AgencyDateTest, QuickTimeOfDay) {
  EXPECT_EQ(QuickTimeOfDay("00:01"), 60);
  EXPECT_EQ(QuickTimeOfDay("9:05"), 9 * 3600 + 5 * 60);
  EXPECT_EQ(QuickTimeOfDay("23:59:59"), 86399);
  EXPECT_EQ(QuickTimeOfDay("10:5"), 10 * 3600 + 5 * 60);
  for (const char* bad : {"", "24:00", "10:60", "10:20:60", "10", "10:", "10:20:", " 10:20",
                          "10:20x", "100:20", "10:200", "1a:20"}) {
    EXPECT_FALSE(QuickTimeOfDay(bad)) << bad;
  }
}

}  // namespace
}  // namespace kinlink::ledger::detail
