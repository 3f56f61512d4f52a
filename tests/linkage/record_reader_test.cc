#include "linkage/record_reader.h"

#include <gtest/gtest.h>

#include <sstream>

#include "linkage/linker.h"

namespace kinlink::linkage {
namespace {

constexpr const char* kMapping = R"(
format = "csv"
record_id = "id"
truth = "person"
sex = "sex"
a_number = "anum"
[names]
full = "name"
[birth_date]
column = "dob"
order = "mdy"
january_first_is_placeholder = true
[[fields]]
name = "city"
kind = "text"
[family]
family_unit_id = "unit"
)";

TEST(ColumnMappingTest, ParsesAndValidates) {
  auto mapping = ColumnMapping::Parse(kMapping, "test.toml");
  ASSERT_TRUE(mapping.ok()) << mapping.status().ToString();
  EXPECT_EQ(mapping->full_name, "name");
  EXPECT_EQ(mapping->birth_date_order, DayMonthOrder::kMonthFirst);
  ASSERT_EQ(mapping->fields.size(), 1u);
  EXPECT_EQ(mapping->fields[0].kind, FieldKind::kText);
  EXPECT_FALSE(ColumnMapping::Parse("format = \"xml\"\nrecord_id=\"id\"", "m").ok());
  EXPECT_FALSE(ColumnMapping::Parse("[names]\ngiven = \"g\"", "m").ok());  // no record_id
  auto bad_kind =
      ColumnMapping::Parse("record_id=\"id\"\n[[fields]]\nname=\"x\"\nkind=\"blob\"", "m");
  EXPECT_FALSE(bad_kind.ok());
  EXPECT_FALSE(ColumnMapping::Parse("record_id = [", "m").ok());
}

TEST(RecordReaderTest, ReadsCsvAndRejectsMalformedRows) {
  auto mapping = *ColumnMapping::Parse(kMapping, "test.toml");
  std::istringstream csv(
      "id,person,sex,anum,name,dob,city,unit\n"
      "1,P1,M,A012345678,\"LOPEZ HERNANDEZ, Juan\",03/05/1990,\"McAllen, TX\",FU1\n"
      "2,P1,M,A1234,Juan Lopez,13/45/1990,,FU1\n"  // bad A-number and date: fields ignored
      "3,P2,F,,Ana Cruz,01/01/2012\n"              // too few columns: rejected
      ",P3,F,,Rosa Diaz,,,\n"                      // no id: rejected
      "1,P1,M,,Juan,,,\n"                          // duplicate id: rejected
      "4,P4,X,,\"Maria \"\"Lupe\"\" Soto\",01/01/2012,,\n");  // sex not understood; 01/01
                                                              // placeholder
  RecordSet set;
  set.schema = mapping.Schema();
  std::vector<Reject> rejects;
  ASSERT_TRUE(ReadRecords(csv, "in.csv", mapping, 0, set, rejects).ok());
  ASSERT_EQ(set.records.size(), 3u);
  const LinkRecord& first = set.records[0];
  EXPECT_EQ(first.full_name, "LOPEZ HERNANDEZ, Juan");
  EXPECT_EQ(first.a_number, "A012345678");
  EXPECT_EQ(first.sex, Sex::kMale);
  ASSERT_EQ(first.birth_dates.size(), 1u);
  EXPECT_EQ(first.birth_dates[0].ToString(), "1990-03-05");
  EXPECT_EQ(first.fields[0], "McAllen, TX");
  EXPECT_EQ(first.family_unit_id, "FU1");
  EXPECT_EQ(first.truth_entity, "P1");
  EXPECT_TRUE(set.records[1].birth_dates.empty());
  EXPECT_TRUE(set.records[1].a_number.empty());
  EXPECT_EQ(set.records[2].full_name, "Maria \"Lupe\" Soto");
  ASSERT_EQ(set.records[2].birth_dates.size(), 1u);
  EXPECT_EQ(set.records[2].birth_dates[0].precision(), DatePrecision::kYear);
  size_t rejected = 0;
  size_t ignored = 0;
  for (const auto& r : rejects) {
    EXPECT_EQ(r.file, "in.csv");
    (r.action == "rejected" ? rejected : ignored)++;
  }
  EXPECT_EQ(rejected, 3u);
  EXPECT_EQ(ignored, 3u);
  bool found_line_4 = false;
  for (const auto& r : rejects) found_line_4 |= r.line == 4 && r.action == "rejected";
  EXPECT_TRUE(found_line_4);
}

TEST(RecordReaderTest, ReadsJsonLines) {
  auto mapping = *ColumnMapping::Parse(
      "format = \"jsonl\"\nrecord_id = \"id\"\n[names]\ngiven = \"given\"\nsurname = \"surname\"\n"
      "[birth_date]\ncolumn = \"dob\"\n",
      "m.toml");
  std::istringstream lines(
      "{\"id\": 1, \"given\": \"Jos\\u00e9\", \"surname\": \"Perez Soto\", \"dob\": "
      "\"2011-03-05\"}\n"
      "not json\n"
      "{\"id\": \"2\", \"given\": null, \"surname\": \"Perez\"}\n");
  RecordSet set;
  std::vector<Reject> rejects;
  ASSERT_TRUE(ReadRecords(lines, "in.jsonl", mapping, 0, set, rejects).ok());
  ASSERT_EQ(set.records.size(), 2u);
  EXPECT_EQ(set.records[0].record_id, "1");
  EXPECT_EQ(set.records[0].given_names, "Jos\xC3\xA9");
  EXPECT_TRUE(set.records[1].given_names.empty());
  ASSERT_EQ(rejects.size(), 1u);
  EXPECT_EQ(rejects[0].line, 2u);
}

TEST(RecordReaderTest, MissingColumnIsAnError) {
  auto mapping = *ColumnMapping::Parse(kMapping, "test.toml");
  std::istringstream csv("id,name\n1,Juan\n");
  RecordSet set;
  std::vector<Reject> rejects;
  Status status = ReadRecords(csv, "in.csv", mapping, 0, set, rejects);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
}

TEST(LinkerTest, SmallDedupeFindsTheDuplicates) {
  // Twelve persons, each written twice with typical agency variation.
  const char* names[][2] = {{"Maria Guadalupe Lopez Hernandez", "LOPEZ HERNANDEZ, Ma. Guadalupe"},
                            {"Jose Luis Perez Soto", "PEREZ SOTO, Jose Luis"},
                            {"Francisco Ramos Diaz", "RAMOS DIAZ, Pancho"},
                            {"Ana Cruz Mendez", "CRUZ MENDEZ, Ana"},
                            {"Juan Carlos Gomez Ruiz", "GOMEZ RUIZ, Juan Carlos"},
                            {"Rosa Maria Quispe Mamani", "QUISPE MAMANI, Rosa Maria"},
                            {"Pedro Alvarez Castillo", "ALVAREZ CASTILLO, Pedro"},
                            {"Carmen Jimenez Ortiz", "JIMENEZ ORTIZ, Carmen"},
                            {"Luis Fernando Vargas Rojas", "BARGAS ROJAS, Luis Fernando"},
                            {"Sofia Morales Reyes", "MORALES REYES, Sofia"},
                            {"Miguel Angel Torres Flores", "TORRES FLORES, Miguel Angel"},
                            {"Yesenia Gutierrez Chavez", "GUTIERRES CHAVEZ, Yessenia"}};
  RecordSet set;
  for (int p = 0; p < 12; ++p) {
    for (int copy = 0; copy < 2; ++copy) {
      LinkRecord r;
      r.record_id = std::to_string(p) + "-" + std::to_string(copy);
      r.full_name = names[p][copy];
      r.birth_dates.push_back(*PartialDate::Make(1980 + p, 1 + p % 12, 1 + (p * 7) % 28));
      if (copy == 1 && p % 3 == 0) {
        std::swap(r.birth_dates[0].month, r.birth_dates[0].day);  // day/month swapped
        if (r.birth_dates[0].month > 12) std::swap(r.birth_dates[0].month, r.birth_dates[0].day);
      }
      r.truth_entity = std::to_string(p);
      set.records.push_back(std::move(r));
    }
  }
  LinkOptions options;
  options.random_pairs = 20000;
  options.blocking_rules = {*ParseBlockingRule("birth_year", set.schema),
                            *ParseBlockingRule("surname_sound", set.schema)};
  auto result = RunLinkage(set, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  int joined = 0;
  for (int p = 0; p < 12; ++p) {
    joined += result->person_of_record[static_cast<size_t>(2 * p)] ==
                      result->person_of_record[static_cast<size_t>(2 * p + 1)]
                  ? 1
                  : 0;
  }
  EXPECT_GE(joined, 11);
  EXPECT_GE(result->persons.size(), 12u);
}

}  // namespace
}  // namespace kinlink::linkage
