// CBP's e3 book-out and the versions of a CBP record (src/synth/cbp_versions.h), on hand-built
// truth streams and on tests/synth/data/small_truth.jsonl.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/partial_date.h"
#include "synth/cbp_versions.h"
#include "synth_run.h"
#include "truth_builder.h"

namespace kinlink::synth {
namespace {

using testing::Apprehend;
using testing::At;
using testing::Cell;
using testing::KeyLines;
using testing::MakeEvent;
using testing::MakePerson;
using testing::ReadRows;
using testing::SmallTruth;
using testing::Synth;
using testing::TruthBuilder;

// "06/04/2018" as a Date.
Date Mdy(const std::string& text) {
  return ParseAgencyDate(text, DayMonthOrder::kMonthFirst)->candidates.at(0).ExactDate().value();
}

Date Day(int month, int day) {
  return std::chrono::sys_days(std::chrono::year(2018) / month / day);
}

TEST(PlanCbpVersionsTest, BookOutTheSameDayIsFoldedIntoTheFirstRow) {
  auto versions =
      PlanCbpVersions(Day(6, 1), /*has_unit=*/false, std::nullopt, At("2018-06-01T18:30:00Z"));
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_EQ(versions[0], (CbpVersion{Day(6, 1), false, true}));
}

TEST(PlanCbpVersionsTest, DeletionIsAlwaysARowOfItsOwnAndDaysNeverGoBack) {
  // Entered the next day (lag): the referral the day before still makes a second row, that day.
  auto versions = PlanCbpVersions(Day(6, 2), /*has_unit=*/true, At("2018-06-01T20:00:00Z"),
                                  At("2018-06-04T13:40:00Z"));
  ASSERT_EQ(versions.size(), 3u);
  EXPECT_EQ(versions[0], (CbpVersion{Day(6, 2), true, false}));
  EXPECT_EQ(versions[1], (CbpVersion{Day(6, 2), false, false}));
  EXPECT_EQ(versions[2], (CbpVersion{Day(6, 4), false, true}));
  // Booked out later the day of the deletion: the deletion row carries it.
  versions =
      PlanCbpVersions(Day(6, 1), true, At("2018-06-02T08:00:00Z"), At("2018-06-02T09:00:00Z"));
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[1], (CbpVersion{Day(6, 2), false, true}));
  // A late record (entered in August) still shows the unit first.
  versions = PlanCbpVersions(Day(8, 20), true, At("2018-06-01T20:00:00Z"), std::nullopt);
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[1], (CbpVersion{Day(8, 20), false, false}));
  // No unit recorded: nothing to delete.
  EXPECT_EQ(PlanCbpVersions(Day(6, 1), false, At("2018-06-01T20:00:00Z"), std::nullopt).size(), 1u);
}

Event Transfer(std::string id, const std::string& time, std::string person,
               std::optional<Custody> releasing, std::optional<Custody> receiving) {
  return MakeEvent(
      std::move(id), time,
      CustodyTransfer{std::move(person), std::move(releasing), std::move(receiving), ""});
}

const Custody kStation{Agency::kCbp, "station-1"};

// A family (mother referred, child to ORR), a single adult released the same day, one returned
// to Mexico, one held past cbp_hold_hours and then sent to ICE, and one still held at the end.
std::string BookOutTruth() {
  TruthBuilder truth;
  truth.AddPerson(MakePerson("P1", Sex::kFemale, "1984-06-01", "GTM"));
  truth.AddPerson(MakePerson("P2", Sex::kMale, "2014-09-30", "GTM"));
  truth.AddPerson(MakePerson("P3", Sex::kMale, "1990-03-03", "HND"));
  truth.AddPerson(MakePerson("P4", Sex::kMale, "1991-04-04", "SLV"));
  truth.AddPerson(MakePerson("P5", Sex::kMale, "1992-05-05", "MEX"));
  truth.AddPerson(MakePerson("P6", Sex::kFemale, "1993-06-06", "HND"));
  truth.AddFamily({"F1", {"P1", "P2"}});
  truth.AddRelationship({"P1", "P2", RelationshipKind::kBiological});
  truth.AddEvent(Apprehend("E1", "2018-06-01T10:00:00Z", "P1", "F1"));
  truth.AddEvent(Apprehend("E2", "2018-06-01T10:00:00Z", "P2", "F1"));
  truth.AddEvent(Apprehend("E3", "2018-06-01T11:00:00Z", "P3", std::nullopt));
  truth.AddEvent(Apprehend("E4", "2018-06-01T12:00:00Z", "P5", std::nullopt));
  truth.AddEvent(Transfer("E5", "2018-06-01T18:30:00Z", "P3", kStation, std::nullopt));
  truth.AddEvent(MakeEvent("E6", "2018-06-01T20:00:00Z",
                           Referral{"P1", District::kSdTex, Statute::kIllegalEntry1325}));
  truth.AddEvent(
      Transfer("E7", "2018-06-02T08:15:00Z", "P1", kStation, Custody{Agency::kUsms, "usms-1"}));
  truth.AddEvent(MakeEvent("E8", "2018-06-02T09:00:00Z", Removal{"P5", "MEX", {}}));
  truth.AddEvent(Transfer("E9", "2018-06-02T09:00:00Z", "P5", kStation, std::nullopt));
  truth.AddEvent(
      Transfer("E10", "2018-06-04T13:40:00Z", "P2", kStation, Custody{Agency::kOrr, "orr-1"}));
  truth.AddEvent(Apprehend("E11", "2018-06-10T09:00:00Z", "P6", std::nullopt));
  truth.AddEvent(Apprehend("E12", "2018-06-20T07:00:00Z", "P4", std::nullopt));
  truth.AddEvent(
      Transfer("E13", "2018-06-20T16:45:00Z", "P6", kStation, Custody{Agency::kIce, "ice-1"}));
  return truth.Finish();
}

SynthOptions CleanOptions() {
  SynthOptions options;
  options.config = SynthConfig::NoErrors();
  options.config.entry_lag_one_day = 0;
  options.config.set_rate(ErrorKind::kFamilyUnitDroppedAfterSeparation, 1.0);
  return options;
}

struct CbpRow {
  std::string person, entered, unit, book_out_date, book_out_time, disposition;
  int version = 0;
};

std::vector<CbpRow> CbpRows(const testing::Run& run) {
  auto rows = ReadRows(run, ExportAgency::kCbp);
  std::vector<nlohmann::json> keys;
  for (const auto& r : KeyLines(run, "record")) {
    if (r["agency"] == "cbp") keys.push_back(r);
  }
  EXPECT_EQ(rows.size(), keys.size());
  std::vector<CbpRow> out;
  for (size_t i = 0; i < rows.size() && i < keys.size(); ++i) {
    const auto cell = [&](std::string_view column) {
      return Cell(rows[i], ExportAgency::kCbp, column);
    };
    EXPECT_EQ(cell("EVENT_NO"), keys[i]["record_id"]);
    out.push_back({keys[i]["person_id"], cell("ENTRY_DATE"), cell("FAMILY_UNIT_ID"),
                   cell("BOOK_OUT_DATE"), cell("BOOK_OUT_TIME"), cell("BOOK_OUT_DISPOSITION"),
                   keys[i]["version"].get<int>()});
  }
  return out;
}

TEST(CbpBookOutTest, EachRecordIsWrittenAsTheVersionsE3Entered) {
  auto run = Synth(BookOutTruth(), CleanOptions());
  auto rows = CbpRows(*run);
  std::map<std::string, std::vector<CbpRow>> by_person;
  for (const auto& row : rows) by_person[row.person].push_back(row);

  // The referred mother: entered with the unit, the unit deleted at referral, booked out to the
  // Marshals the next morning.
  const auto& mother = by_person["P1"];
  ASSERT_EQ(mother.size(), 3u);
  EXPECT_EQ(mother[0].unit, "FMU-RGV-0000001");
  EXPECT_EQ(mother[0].book_out_date, "");
  EXPECT_EQ(mother[1].unit, "");
  EXPECT_EQ(mother[1].entered, "06/01/2018");
  EXPECT_EQ(mother[2].entered, "06/02/2018");
  EXPECT_EQ(mother[2].book_out_date, "06/02/2018");
  EXPECT_EQ(mother[2].book_out_time, "08:15");
  EXPECT_EQ(mother[2].disposition, "TRANSFER_USMS");
  // Her child: the same deletion, then handed to ORR three days later.
  const auto& child = by_person["P2"];
  ASSERT_EQ(child.size(), 3u);
  EXPECT_EQ(child[0].unit, "FMU-RGV-0000001");
  EXPECT_EQ(child[1].unit, "");
  EXPECT_EQ(child[2].entered, "06/04/2018");
  EXPECT_EQ(child[2].disposition, "TRANSFER_ORR");
  EXPECT_EQ(child[2].book_out_time, "13:40");
  // Released the day he was caught: one row.
  ASSERT_EQ(by_person["P3"].size(), 1u);
  EXPECT_EQ(by_person["P3"][0].disposition, "RELEASED");
  EXPECT_EQ(by_person["P3"][0].book_out_time, "18:30");
  // Removed from the station the next day.
  ASSERT_EQ(by_person["P5"].size(), 2u);
  EXPECT_EQ(by_person["P5"][1].disposition, "VOLUNTARY_RETURN");
  EXPECT_EQ(by_person["P5"][1].entered, "06/02/2018");
  // Held ten days: the first row written at cbp_hold_hours, the book-out when it came.
  ASSERT_EQ(by_person["P6"].size(), 2u);
  EXPECT_EQ(by_person["P6"][0].book_out_date, "");
  EXPECT_EQ(by_person["P6"][1].book_out_date, "06/20/2018");
  EXPECT_EQ(by_person["P6"][1].disposition, "TRANSFER_ICE");
  EXPECT_EQ(by_person["P6"][1].entered, "06/20/2018");
  // Still in CBP at the end of the run: no book-out.
  ASSERT_EQ(by_person["P4"].size(), 1u);
  EXPECT_EQ(by_person["P4"][0].book_out_date, "");
  EXPECT_EQ(by_person["P4"][0].disposition, "");

  // Versions number 1, 2, ... with entry days that never go back.
  std::map<std::string, std::pair<int, Date>> last;
  for (const auto& row : rows) {
    auto [version, day] = last[row.person];
    EXPECT_EQ(row.version, version + 1) << row.person;
    Date entered = Mdy(row.entered);
    if (version > 0) {
      EXPECT_LE(day, entered) << row.person;
    }
    last[row.person] = {row.version, entered};
  }
}

TEST(CbpBookOutTest, BookOutMatchesTheTruthsTransferOutOfCbp) {
  // Default error rates: the book-out a row shows is still exactly the truth's.
  for (uint64_t seed : {1u, 7u, 12u}) {
    SynthOptions options;
    options.seed = seed;
    const std::string truth_text = SmallTruth();
    auto run = Synth(truth_text, options);
    std::map<std::string, nlohmann::json> events;
    std::istringstream truth(truth_text);
    for (std::string line; std::getline(truth, line);) {
      auto j = nlohmann::json::parse(line);
      if (j["record"] == "event") events[j["event_id"]] = j;
    }
    auto rows = ReadRows(*run, ExportAgency::kCbp);
    auto keys = KeyLines(*run, "record");
    size_t cbp = 0, booked_out = 0;
    for (const auto& key : keys) {
      if (key["agency"] != "cbp") continue;
      const ExportRow& row = rows.at(cbp++);
      const std::string date = Cell(row, ExportAgency::kCbp, "BOOK_OUT_DATE");
      if (date.empty()) {
        EXPECT_EQ(Cell(row, ExportAgency::kCbp, "BOOK_OUT_TIME"), "");
        EXPECT_EQ(Cell(row, ExportAgency::kCbp, "BOOK_OUT_DISPOSITION"), "");
        continue;
      }
      ++booked_out;
      const auto& transfer = events.at(key["event_ids"].back().get<std::string>());
      ASSERT_EQ(transfer["type"], "custody_transfer");
      EXPECT_EQ(transfer["person_id"], key["person_id"]);
      EXPECT_EQ(transfer["releasing"]["agency"], "cbp");
      const std::string at = transfer["effective_at"];  // 2018-05-10T14:00:00Z
      EXPECT_EQ(date, at.substr(5, 2) + "/" + at.substr(8, 2) + "/" + at.substr(0, 4));
      EXPECT_EQ(Cell(row, ExportAgency::kCbp, "BOOK_OUT_TIME"), at.substr(11, 5));
      std::string expected = "RELEASED";
      if (transfer.contains("receiving")) {
        expected = transfer["receiving"]["agency"].get<std::string>();
        for (auto& c : expected) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        expected = "TRANSFER_" + expected;
      }
      EXPECT_EQ(Cell(row, ExportAgency::kCbp, "BOOK_OUT_DISPOSITION"), expected);
      // The row was entered on or after the book-out it shows.
      EXPECT_LE(Mdy(date), Mdy(Cell(row, ExportAgency::kCbp, "ENTRY_DATE")));
    }
    EXPECT_EQ(cbp, rows.size());
    EXPECT_GE(booked_out, 4u) << "seed " << seed;  // the five persons leave CBP; a hole is rare
  }
}

TEST(CbpBookOutTest, UnrecordedBookOutLeavesEveryVersionWithout) {
  SynthOptions options = CleanOptions();
  options.config.set_rate(ErrorKind::kBookOutNotRecorded, 1.0);
  auto run = Synth(BookOutTruth(), options);
  for (const auto& row : CbpRows(*run)) EXPECT_EQ(row.book_out_date, "") << row.person;
  auto footer = KeyLines(*run, "footer").at(0);
  // Five persons left CBP during the run (P4 never did).
  EXPECT_EQ(footer["errors"]["book_out_not_recorded"]["opportunities"], 5);
  EXPECT_EQ(footer["errors"]["book_out_not_recorded"]["applied"], 5);
}

TEST(CbpBookOutTest, SameSeedSameFilesWithVersions) {
  SynthOptions options;
  options.seed = 5;
  options.config.set_rate(ErrorKind::kFamilyUnitDroppedAfterSeparation, 1.0);
  auto a = Synth(BookOutTruth(), options);
  auto b = Synth(BookOutTruth(), options);
  for (ExportAgency agency : kAllExportAgencies) {
    const auto name = LayoutFor(agency).file_name;
    EXPECT_EQ(a->sink.Contents(name), b->sink.Contents(name)) << name;
  }
  EXPECT_EQ(a->sink.Contents(kAnswerKeyFileName), b->sink.Contents(kAnswerKeyFileName));
}

}  // namespace
}  // namespace kinlink::synth
