// The ingest mapper's fast path (typed events, column indexes, quick dates) must give exactly the
// reference path's outcome: the same identity and events, byte for byte in their stored JSON,
// and for a bad row the same quarantine field and reason. Compared over every shipped export
// layout (tests/linkage/data/small_synth), each column of the first rows replaced by awkward
// values, the quarantine test layout, and a layout using the other event types.
#include "ledger/row_mapper.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "ledger/internal/json_text.h"
#include "ledger/internal/typed_mapper.h"
#include "ledger_test_util.h"

namespace kinlink::ledger::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string SourcePath(std::string_view relative) {
  return std::string(KINLINK_SOURCE_DIR) + "/" + std::string(relative);
}

// Everything of an outcome that reaches the ledger, as text.
std::string Describe(const MapOutcome& out) {
  std::string text = "record_id=" + out.record_id + "\n";
  if (out.failure) text += "failure " + out.failure->field + ": " + out.failure->reason + "\n";
  if (!out.row) return text;
  const MappedRow& row = *out.row;
  text += "row record_id=" + row.record_id + "\n";
  if (row.entered) text += "entered=" + detail::TimestampText(*row.entered) + "\n";
  if (row.person) text += "person=" + detail::PersonJsonText(*row.person) + "\n";
  for (const Event& event : row.events) text += "event=" + detail::EventJsonText(event) + "\n";
  return text;
}

void ExpectSameOutcome(const RowMapper& mapper, const RawRecord& record, const std::string& what) {
  MapOutcome fast = mapper.Map(record);
  MapOutcome reference = mapper.MapReference(record);
  ASSERT_EQ(Describe(fast), Describe(reference)) << what << "\nrow: " << record.text;
  if (fast.row && reference.row) {
    EXPECT_EQ(fast.row->person, reference.row->person) << what;
    EXPECT_EQ(fast.row->events, reference.row->events) << what;
  }
}

RawRecord WithValue(const RawRecord& record, size_t column, std::string_view value) {
  RawRecord copy;
  copy.line = record.line;
  copy.text = record.text;
  copy.names = record.names;
  for (size_t i = 0; i < record.size(); ++i) copy.Add(i == column ? value : record.Value(i));
  return copy;
}

const std::vector<std::string> kAwkwardValues = {"",
                                                 " ",
                                                 "XXX",
                                                 "0",
                                                 "1",
                                                 "-5",
                                                 "121",
                                                 "7",
                                                 "true",
                                                 "no",
                                                 "Y",
                                                 "1e3",
                                                 "12abc",
                                                 "99999999999",
                                                 "13/45/2010",
                                                 "02/30/2018",
                                                 "2/29/2016",
                                                 "2/29/2019",
                                                 "00/00/2018",
                                                 "0/5/2018",
                                                 "5/0/2018",
                                                 "03/05/2011",
                                                 "3/3/2011",
                                                 "12/12/1799",
                                                 "1/1/2201",
                                                 " 10/01/2018",
                                                 "10/01/2018 ",
                                                 "10/01/18",
                                                 "05.03.2011",
                                                 "2018-10-02",
                                                 "2018-10-02 16:15",
                                                 "2018-10-02T16:15:00Z",
                                                 "2018-10-02 25:00",
                                                 "2018-10-02 7:5",
                                                 "2018-10-02 16:15:61",
                                                 "2018-13-02",
                                                 "2018-10",
                                                 "2018",
                                                 "20181002",
                                                 "20181302",
                                                 "02-OCT-2018",
                                                 "2-oct-2018",
                                                 "02-ENE-2018",
                                                 "02-Sept-2018",
                                                 "31-FEB-2018",
                                                 "~2011-03-05",
                                                 "est. 2011",
                                                 "age 7 on 2018-05-10",
                                                 "10:20",
                                                 "9:05",
                                                 "24:00",
                                                 "10:60",
                                                 "10:20:30",
                                                 "10:20:",
                                                 " 10:20",
                                                 "10:20x",
                                                 "A012345678",
                                                 "A12",
                                                 "A-012-345-678",
                                                 "GTM",
                                                 "gtm",
                                                 "GUATEMALA",
                                                 "guatemala",
                                                 "Honduras",
                                                 "F",
                                                 "M",
                                                 "U",
                                                 "Female",
                                                 "x",
                                                 "RGV",
                                                 "rgv",
                                                 "REMOVED",
                                                 "ICE",
                                                 "RELEASED",
                                                 "CBP",
                                                 "Sponsor - parent",
                                                 "Transfer",
                                                 "a;b;;c",
                                                 ";",
                                                 "CUSTODY",
                                                 "TIME SERVED",
                                                 "8 USC 1326",
                                                 "S.D. Cal.",
                                                 "LÓPEZ, José María",
                                                 "Ana María López-Díaz",
                                                 "Ana  -  López",
                                                 "O'Neil \"Q\"",
                                                 "tab\there",
                                                 "@person"};

struct Layout {
  std::string mapping;  // under config/mappings or tests/ledger/data
  std::string data;
};

// Maps every record of `data` both ways; then, for the first `mutated_rows` readable rows, every
// column replaced by each awkward value. Returns how many clean rows the fast path decided.
size_t CompareFile(const Mapping& mapping, const std::string& data_path, size_t mutated_rows,
                   size_t* clean_rows) {
  auto reader = RecordReader::FromBytes(ReadFile(data_path), mapping.format).value();
  RowMapper mapper(mapping, "file.csv", reader->shared_columns());
  auto typed = detail::TypedMapper::Compile(mapping, "file.csv", reader->shared_columns());
  EXPECT_TRUE(typed) << mapping.name << " should compile to the fast path";
  size_t decided = 0, clean = 0, mutated = 0;
  while (auto record = reader->Next()) {
    if (record->error) continue;
    ++clean;
    if (typed && typed->Map(*record)) ++decided;
    ExpectSameOutcome(mapper, *record, mapping.name + " line " + std::to_string(record->line));
    if (mutated >= mutated_rows) continue;
    ++mutated;
    for (size_t column = 0; column < record->size(); ++column) {
      for (const std::string& value : kAwkwardValues) {
        RawRecord changed = WithValue(*record, column, value);
        ExpectSameOutcome(mapper, changed,
                          fmt::format("{} line {} column {} = '{}'", mapping.name, record->line,
                                      (*record->names)[column], value));
        if (::testing::Test::HasFatalFailure()) return decided;
      }
    }
  }
  *clean_rows = clean;
  return decided;
}

TEST(RowMapperTest, FastPathMatchesTheReferenceOnEveryExportLayout) {
  const std::vector<Layout> layouts = {
      {"config/mappings/cbp.toml", "tests/linkage/data/small_synth/cbp_apprehensions.csv"},
      {"config/mappings/ice.toml", "tests/linkage/data/small_synth/ice_detentions.tsv"},
      {"config/mappings/usao.toml", "tests/linkage/data/small_synth/usao_dockets.txt"},
      {"config/mappings/usms.toml", "tests/linkage/data/small_synth/usms_bookings.csv"},
      {"config/mappings/orr.toml", "tests/linkage/data/small_synth/orr_placements.jsonl"},
  };
  for (const Layout& layout : layouts) {
    Mapping mapping = LoadMapping(SourcePath(layout.mapping)).value();
    size_t clean = 0;
    size_t decided = CompareFile(mapping, SourcePath(layout.data), 12, &clean);
    if (HasFatalFailure()) return;
    EXPECT_GT(clean, 100u) << layout.data;
    // The synthesizer's rows are valid: the fast path must decide (nearly) all of them itself,
    // or the speed-up is gone while the results stay right.
    EXPECT_GE(decided * 100, clean * 99) << layout.mapping << ": " << decided << " of " << clean;
  }
}

// The courts write DD-MON-YYYY: the T of OCT is part of the month, not the start of a time
// (every October docket row was once quarantined as "cannot read date '02-OC'").
TEST(RowMapperTest, DocketDatesOfEveryMonthAreRead) {
  Mapping mapping = LoadMapping(SourcePath("config/mappings/usao.toml")).value();
  auto reader =
      RecordReader::FromBytes(
          ReadFile(SourcePath("tests/linkage/data/small_synth/usao_dockets.txt")), mapping.format)
          .value();
  RowMapper mapper(mapping, "usao_dockets.txt", reader->shared_columns());
  auto record = reader->Next();
  ASSERT_TRUE(record && !record->error);
  std::vector<size_t> date_columns;
  for (size_t i = 0; i < record->size(); ++i) {
    const std::string& name = (*record->names)[i];
    if (name.size() > 5 && name.compare(name.size() - 5, 5, "_DATE") == 0)
      date_columns.push_back(i);
  }
  ASSERT_FALSE(date_columns.empty());
  for (const char* month :
       {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}) {
    RawRecord changed = *record;
    for (size_t column : date_columns)
      changed = WithValue(changed, column, fmt::format("02-{}-2018", month));
    MapOutcome out = mapper.Map(changed);
    EXPECT_FALSE(out.failure) << month << ": " << out.failure->field << ": " << out.failure->reason;
    EXPECT_TRUE(out.row) << month;
    ExpectSameOutcome(mapper, changed, month);
  }
}

TEST(RowMapperTest, FastPathMatchesTheReferenceOnTheQuarantineLayout) {
  Mapping mapping = LoadMapping(DataPath("border_log.toml")).value();
  size_t clean = 0;
  CompareFile(mapping, DataPath("border_log.csv"), 8, &clean);
  EXPECT_EQ(clean, 6u);
}

// The event types and field kinds the shipped layouts do not use: optional and enum fields,
// ints and bools, lists, the actor, ignored fields, a custody object's extra keys.
constexpr std::string_view kOtherTypes = R"(
[source]
agency = "ice"
system = "other"
[format]
kind = "delimited"
delimiter = ","
date_order = "dmy"
[record]
id = "{ID}"
entered = { value = "{WHEN}", type = "timestamp" }
[person]
id = ["x:{A}", "y:{ID}"]
paternal_surname = "{P}"
maternal_surname = { value = "{M}", required = true }
given_names = "{G}"
language = "{L}"
sex = { value = "{X}", map = "sex" }
age = { value = "{N}", on = "{WHEN}" }
identifiers.ice_subject_id = "{A}"
[[event]]
name = "sep"
type = "separation"
effective_at = { value = "{WHEN}", time = "{T}" }
[event.fields]
child_id = "@person"
parent_id = "p:{B}"
family_unit_id = "{C}"
reason = { value = "{K}", map = "reason" }
actor = "{G}"
note = { value = "{N}", type = "int" }
[[event]]
name = "decision"
type = "prosecution_decision"
if = [{ value = "{K}", in = ["MED", "FIT", ""] }]
effective_at = "{WHEN}"
[event.fields]
person_id = "@record"
district = "{D}"
prosecute = { value = ["{B}", "false"], type = "bool" }
declination_reason = "{C}"
[[event]]
name = "removal"
type = "removal"
when = "{B}"
effective_at = { value = "{WHEN}", type = "timestamp" }
[event.fields]
person_id = "@person"
country = "{S}"
accompanying_children = { value = "{C}", type = "list" }
[[event]]
name = "contact"
type = "contact"
effective_at = "{WHEN}"
[event.fields]
parent_id = "{A}"
child_id = "{B}"
channel = "{K}"
[[event]]
name = "sentence"
type = "sentence"
effective_at = "{WHEN}"
[event.fields]
person_id = "@person"
case_number = { value = "{D}", type = "date" }
disposition = "{K}"
custody_days = { value = ["{N}", "0"], type = "int" }
[[event]]
name = "transfer"
type = "custody_transfer"
effective_at = "{WHEN}"
[event.fields]
person_id = "@person"
"releasing.agency" = "{D}"
"releasing.facility_id" = "{C}"
"releasing.note" = "{T}"
"receiving.agency" = "orr"
"receiving.facility_id" = "{G}"
official = "{L}"
[[event]]
name = "release"
type = "orr_release"
effective_at = "{WHEN}"
[event.fields]
child_id = "@person"
sponsor = "{K}"
sponsor_id = "{B}"
[[event]]
name = "reunification"
type = "reunification"
effective_at = "{WHEN}"
[event.fields]
parent_id = "{A}"
child_id = "@person"
facility_id = "{C}"
[[event]]
name = "hearing"
type = "hearing"
effective_at = "{WHEN}"
[event.fields]
person_id = "@person"
district = "{D}"
court_id = "{C}"
case_number = "{B}"
defendants = { value = "{N}", type = "int" }
[maps.sex]
F = "female"
M = "male"
[maps.reason]
MED = "parent_medical"
FIT = "parent_fitness"
PROS = "parent_prosecution"
)";

// Each [[event]] table of kOtherTypes on its own (so rows reach every event type's success
// path), then all of them together.
std::vector<std::string> OtherTypeLayouts() {
  std::string_view text = kOtherTypes;
  size_t first = text.find("[[event]]"), maps = text.find("[maps.sex]");
  std::string head(text.substr(0, first)), tail(text.substr(maps));
  std::vector<std::string> layouts;
  size_t at = first;
  while (at < maps) {
    size_t next = std::min(text.find("[[event]]", at + 1), maps);
    layouts.push_back(head + std::string(text.substr(at, next - at)) + tail);
    at = next;
  }
  layouts.emplace_back(kOtherTypes);
  return layouts;
}

TEST(RowMapperTest, FastPathMatchesTheReferenceOnTheOtherEventTypes) {
  std::string csv =
      "ID,A,B,C,D,G,K,L,M,N,P,S,T,WHEN,X\n"
      "R1,A1,B1,FU-1,sd_tex,Ana,MED,es,Díaz,3,López,GTM,10:20,05/03/2018,F\n"
      "R2,,,,wd_tex,Ana María,PROS,,Díaz,,López,F,,2018-03-05 10:20,M\n"
      "R3,A3,true,child-1;child-2,d_ariz,G,phone,,M,12,P,M,,5/3/2018,F\n"
      "R4,A4,false,,sd_cal,G,FIT,en,M,0,P,HND,23:59:59,31/12/2018,M\n"
      "R5,A5,B5,FU-5,d_nm,G,parent,,M,7,P,SLV,00:00,01/01/2019,F\n"
      "R6,A6,B6,capacity,d_nm,G,video,,M,1,P,SLV,,01/01/2019,M\n"
      "R7,A7,B7,2018-01-02,sd_cal,G,in_person,,M,2,P,SLV,,01/01/2019,F\n"
      "R8,A8,B8,FAC,cbp,G,close_relative,,M,4,P,SLV,,01/01/2019,M\n";
  std::string path = ::testing::TempDir() + "/other_types.csv";
  std::ofstream(path, std::ios::binary) << csv;
  std::vector<std::string> layouts = OtherTypeLayouts();
  ASSERT_EQ(layouts.size(), 10u);
  size_t decided = 0;
  for (const std::string& toml : layouts) {
    Mapping mapping = ParseMapping(toml, "other").value();
    size_t clean = 0;
    decided += CompareFile(mapping, path, 8, &clean);
    if (HasFatalFailure()) return;
    EXPECT_EQ(clean, 8u);
  }
  EXPECT_GT(decided, 20u) << "the rows should reach the success path of most event types";
}

// A layout the fast path leaves to the reference path (a field shadowing the event's own id)
// still maps, with the reference path's result.
TEST(RowMapperTest, AMappingTheFastPathCannotCompileUsesTheReference) {
  std::string toml = std::string(kOtherTypes) + R"(
[[event]]
name = "shadow"
type = "orr_placement"
effective_at = "{WHEN}"
[event.fields]
child_id = "@person"
facility_id = "{C}"
event_id = "{B}"
)";
  Mapping mapping = ParseMapping(toml, "other").value();
  EXPECT_FALSE(detail::TypedMapper::Compile(mapping, "f", nullptr));
  std::string text =
      "ID,A,B,C,D,G,K,L,M,N,P,S,T,WHEN\nR1,A1,B1,FU-1,sd_tex,Ana,MED,es,D,3,L,GTM,10:20,05/03/"
      "2018\n";
  auto reader = RecordReader::FromBytes(text, mapping.format).value();
  RowMapper mapper(mapping, "f", reader->shared_columns());
  auto record = reader->Next();
  ASSERT_TRUE(record && !record->error);
  MapOutcome out = mapper.Map(*record);
  EXPECT_EQ(Describe(out), Describe(mapper.MapReference(*record)));
}

}  // namespace
}  // namespace kinlink::ledger::testing
