// CSV output: plain fields stay as they are; fields a CSV reader would split or trim are quoted.
#include "core/csv_writer.h"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace kinlink {
namespace {

TEST(CsvWriterTest, PlainFieldsAreWrittenAsTheyAre) {
  EXPECT_EQ(CsvField("cbp:S000000123"), "cbp:S000000123");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("2018-07-26T00:00:00Z"), "2018-07-26T00:00:00Z");
  EXPECT_EQ(CsvField("Ángela María"), "Ángela María");
}

TEST(CsvWriterTest, DelimitersQuotesLineBreaksAndEdgeSpacesAreQuoted) {
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("cr\r"), "\"cr\r\"");
  EXPECT_EQ(CsvField(" padded"), "\" padded\"");
  EXPECT_EQ(CsvField("padded "), "\"padded \"");
  EXPECT_EQ(CsvField("inner space"), "inner space");
}

TEST(CsvWriterTest, RowsJoinFieldsWithCommasAndEndWithANewline) {
  std::ostringstream out;
  WriteCsvRow(out, {"child_id", "parent_id", ""});
  std::vector<std::string> row = {"orr:UAC1", "held, then \"released\"", "x"};
  WriteCsvRow(out, row);
  EXPECT_EQ(out.str(),
            "child_id,parent_id,\n"
            "orr:UAC1,\"held, then \"\"released\"\"\",x\n");
}

}  // namespace
}  // namespace kinlink
