// Event dates: the custody dates each agency records, read in every agency format and compared
// between agencies only.
#include <gtest/gtest.h>

#include <sstream>

#include "linkage/column_mapping.h"
#include "linkage/comparison.h"
#include "linkage/record_reader.h"

namespace kinlink::linkage {
namespace {

Result<ColumnMapping> MappingWithEventDate(const std::string& extra) {
  return ColumnMapping::Parse(
      "record_id = \"id\"\nagency = \"cbp\"\ndate_order = \"mdy\"\n[names]\ngiven = \"g\"\n"
      "[[fields]]\nname = \"custody_date\"\ncolumn = \"when\"\nkind = \"event_date\"\n" +
          extra,
      "m.toml");
}

TEST(EventDateTest, EveryAgencyFormatBecomesOneDay) {
  auto mapping = MappingWithEventDate("");
  ASSERT_TRUE(mapping.ok()) << mapping.status().ToString();
  const FieldMapping& field = mapping->fields[0];
  EXPECT_EQ(field.kind, FieldKind::kEventDate);
  EXPECT_EQ(field.date_order, DayMonthOrder::kMonthFirst);      // from the file's date_order
  EXPECT_EQ(*field.Normalize("10/01/2018"), "20181001");        // CBP, month first
  EXPECT_EQ(*field.Normalize("2018-10-02 16:15"), "20181002");  // ICE, with a time
  EXPECT_EQ(*field.Normalize("2018-10-02T16:15:00Z"), "20181002");
  EXPECT_EQ(*field.Normalize("20181001"), "20181001");     // Marshals
  EXPECT_EQ(*field.Normalize("02-OCT-2018"), "20181002");  // courts
  EXPECT_EQ(*field.Normalize("10/5/2018"), "20181005");    // ORR
  EXPECT_EQ(*field.Normalize(""), "");
  EXPECT_FALSE(field.Normalize("13/45/2018").ok());
  EXPECT_FALSE(field.Normalize("2018").ok());  // a year is not a day

  auto day_first = MappingWithEventDate("order = \"dmy\"\n");
  ASSERT_TRUE(day_first.ok());
  EXPECT_EQ(*day_first->fields[0].Normalize("10/01/2018"), "20180110");

  // Without a known order, "03/04/2018" is two days: not one full date.
  auto unknown = ColumnMapping::Parse(
      "record_id = \"id\"\n[names]\ngiven = \"g\"\n"
      "[[fields]]\nname = \"d\"\nkind = \"event_date\"\n",
      "m.toml");
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown->fields[0].Normalize("03/04/2018").ok());
  EXPECT_EQ(*unknown->fields[0].Normalize("13/04/2018"), "20180413");

  // `order` belongs to event dates only.
  auto misplaced = ColumnMapping::Parse(
      "record_id = \"id\"\n[names]\ngiven = \"g\"\n"
      "[[fields]]\nname = \"city\"\nkind = \"text\"\norder = \"mdy\"\n",
      "m.toml");
  EXPECT_FALSE(misplaced.ok());
}

TEST(EventDateTest, ABadDateIsReportedAndTheRecordStillLinks) {
  auto mapping = MappingWithEventDate("");
  ASSERT_TRUE(mapping.ok());
  std::istringstream csv("id,g,when\n1,Juan,10/01/2018\n2,Ana,31/31/2018\n3,Rosa,\n");
  RecordSet set;
  set.schema = mapping->Schema();
  std::vector<Reject> rejects;
  ASSERT_TRUE(ReadRecords(csv, "in.csv", *mapping, 0, set, rejects).ok());
  ASSERT_EQ(set.records.size(), 3u);
  EXPECT_EQ(set.records[0].fields[0], "20181001");
  EXPECT_EQ(set.records[1].fields[0], "");
  EXPECT_EQ(set.records[2].fields[0], "");
  ASSERT_EQ(rejects.size(), 1u);
  EXPECT_EQ(rejects[0].line, 3u);
  EXPECT_NE(rejects[0].action, "rejected");
  EXPECT_NE(rejects[0].reason.find("custody_date"), std::string::npos) << rejects[0].reason;
}

class EventDateLevelTest : public ::testing::Test {
 protected:
  PreparedRecord Record(const std::string& agency, const std::string& day) {
    LinkRecord record;
    record.agency = agency;
    record.given_names = "Juan";
    record.fields = {day};
    return PrepareRecord(record, schema_);
  }
  int Level(const PreparedRecord& a, const PreparedRecord& b) { return comparison_.Level(a, b); }

  RecordSchema schema_{{{"custody_date", FieldKind::kEventDate, false, false}}};
  Comparison comparison_{"custody_date", ComparisonKind::kField, 0, FieldKind::kEventDate};
};

TEST_F(EventDateLevelTest, LevelsBetweenAgencies) {
  auto cbp = Record("cbp", "20181001");
  EXPECT_EQ(Level(cbp, Record("usms", "20181001")), 0);
  EXPECT_EQ(Level(cbp, Record("ice", "20181006")), 1);
  EXPECT_EQ(Level(Record("ice", "20181006"), cbp), 1);  // symmetric
  EXPECT_EQ(Level(cbp, Record("ice", "20181008")), 1);  // 7 days
  EXPECT_EQ(Level(cbp, Record("ice", "20181009")), 2);  // 8 days
  EXPECT_EQ(Level(cbp, Record("ice", "20181130")), 2);  // 60 days
  EXPECT_EQ(Level(cbp, Record("ice", "20181201")), 3);  // 61 days
  EXPECT_EQ(Level(cbp, Record("orr", "20171001")), 3);
  EXPECT_EQ(Level(Record("cbp", "20181231"), Record("ice", "20190102")), 1);  // across a year
  EXPECT_EQ(comparison_.level_count(), 4);
  EXPECT_EQ(comparison_.label(1), "within 7 days");
  EXPECT_EQ(comparison_.ValueOf(cbp), "2018-10-01");
}

TEST_F(EventDateLevelTest, OneAgencysDatesAreNotCompared) {
  // A person's two apprehensions are months apart; a family is apprehended on one day.
  EXPECT_EQ(Level(Record("cbp", "20181001"), Record("cbp", "20181001")), kNullLevel);
  EXPECT_EQ(Level(Record("cbp", "20181001"), Record("cbp", "20190301")), kNullLevel);
  EXPECT_EQ(Level(Record("cbp", "20181001"), Record("ice", "")), kNullLevel);
  // Records without an agency label (one plain file) compare their dates.
  EXPECT_EQ(Level(Record("", "20181001"), Record("", "20181003")), 1);
}

// An agency's own numbers (a scoped identifier) are issued in sequence: a number one digit off
// is another person, so there is no "one edit" level; another agency's numbers are no evidence.
TEST(ScopedIdentifierTest, ExactOrElseWithinAScope) {
  RecordSchema schema;
  schema.fields.push_back({"agency_id", FieldKind::kIdentifier, false, true});
  auto p = [&](const std::string& value) {
    LinkRecord r;
    r.fields = {value};
    return PrepareRecord(r, schema);
  };
  Comparison id("agency_id", ComparisonKind::kField, 0, FieldKind::kIdentifier, false, true);
  EXPECT_EQ(id.level_count(), 2);
  EXPECT_EQ(id.Level(p("cbp:S000000011"), p("cbp:S000000011")), 0);
  EXPECT_EQ(id.Level(p("cbp:S000000011"), p("cbp:S000000012")), 1);
  EXPECT_EQ(id.Level(p("cbp:S000000011"), p("orr:S000000011")), kNullLevel);
  EXPECT_EQ(id.Level(p("cbp:S000000011"), p("")), kNullLevel);
}

}  // namespace
}  // namespace kinlink::linkage
