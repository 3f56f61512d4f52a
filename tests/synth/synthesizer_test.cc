// End-to-end tests of Synthesize on truth streams built in code and on tests/synth/data.
#include "synth/synthesizer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "synth_run.h"
#include "synthetic_truth.h"
#include "truth_builder.h"

namespace kinlink::synth {
namespace {

using testing::Apprehend;
using testing::Cell;
using testing::KeyLines;
using testing::MakeEvent;
using testing::MakePerson;
using testing::ReadRows;
using testing::SmallTruth;
using testing::Synth;
using testing::TruthBuilder;

std::string MediumTruth() {
  testing::SyntheticTruthOptions options;
  options.families = 300;
  options.single_adults = 200;
  options.unaccompanied_children = 40;
  options.days = 60;
  options.seed = 21;
  std::ostringstream out;
  testing::WriteSyntheticTruth(options, out);
  return out.str();
}

TEST(SynthesizerTest, SmallTruthGivesTheExpectedRecords) {
  SynthOptions options;
  options.seed = 7;
  auto run = Synth(SmallTruth(), options);
  const auto& rows = run->summary.rows;
  // Apprehensions of six persons, one docket, one booking, four ICE stays, two ORR placements,
  // plus any duplicates the seed drew.
  EXPECT_GE(rows[static_cast<int>(ExportAgency::kCbp)], 6);
  EXPECT_GE(rows[static_cast<int>(ExportAgency::kUsao)], 1);
  EXPECT_GE(rows[static_cast<int>(ExportAgency::kUsms)], 1);
  EXPECT_GE(rows[static_cast<int>(ExportAgency::kIce)], 4);
  EXPECT_GE(rows[static_cast<int>(ExportAgency::kOrr)], 2);
  // Every CBP record whose person left CBP on a later day than it was entered has a revision.
  int64_t revisions = 0;
  for (const auto& r : KeyLines(*run, "record")) revisions += r["version"].get<int>() > 1;
  EXPECT_GT(revisions, 0);
  EXPECT_EQ(run->summary.revision_rows, revisions);
  EXPECT_EQ(run->summary.total_rows(), 14 + run->summary.duplicate_rows + revisions);
  EXPECT_EQ(run->summary.relationships, 3);
}

TEST(SynthesizerTest, AnswerKeyCoversEveryRowOfEveryExport) {
  SynthOptions options;
  options.seed = 3;
  auto run = Synth(MediumTruth(), options);
  auto records = KeyLines(*run, "record");
  // (record id, version) is unique; versions of a record follow each other in the key's order.
  std::map<std::string, std::map<std::string, int>> key_versions;
  for (const auto& r : records) {
    int& last = key_versions[r["agency"]][r["record_id"]];
    EXPECT_EQ(r["version"].get<int>(), last + 1) << r["record_id"];
    last = r["version"].get<int>();
    EXPECT_TRUE(r["version"] == 1 || r["agency"] == "cbp") << "only CBP records are revised";
    EXPECT_FALSE(r["person_id"].get<std::string>().empty());
    EXPECT_FALSE(r["event_ids"].empty());
  }
  int64_t total = 0;
  for (ExportAgency agency : kAllExportAgencies) {
    auto rows = ReadRows(*run, agency);
    EXPECT_GT(rows.size(), 0u) << ToString(agency);
    std::map<std::string, int> file_versions;
    for (const auto& row : rows) {
      ++file_versions[Cell(row, agency, LayoutFor(agency).record_id_column)];
    }
    EXPECT_EQ(file_versions, key_versions[std::string(ToString(agency))]) << ToString(agency);
    EXPECT_EQ(static_cast<int64_t>(rows.size()), run->summary.rows[static_cast<int>(agency)]);
    total += static_cast<int64_t>(rows.size());
  }
  EXPECT_EQ(total, static_cast<int64_t>(records.size()));
  // The footer's tally agrees with the errors listed record by record (an error counts once per
  // record copy however many of its versions list it).
  auto footer = KeyLines(*run, "footer").at(0);
  std::map<std::string, std::map<std::string, int64_t>> per_record;  // record -> kind -> most
  for (const auto& r : records) {
    std::map<std::string, int64_t> on_row;
    for (const auto& e : r["errors"]) ++on_row[e["kind"]];
    auto& most =
        per_record[r["agency"].get<std::string>() + "/" + r["record_id"].get<std::string>()];
    for (const auto& [kind, n] : on_row) most[kind] = std::max(most[kind], n);
  }
  std::map<std::string, int64_t> listed;
  for (const auto& [record, kinds] : per_record) {
    for (const auto& [kind, n] : kinds) listed[kind] += n;
  }
  for (const auto& info : AllErrorKinds()) {
    EXPECT_EQ(footer["errors"][std::string(info.code)]["applied"].get<int64_t>(),
              listed[std::string(info.code)])
        << info.code;
  }
  EXPECT_EQ(KeyLines(*run, "relationship").size(), static_cast<size_t>(run->summary.relationships));
}

TEST(SynthesizerTest, SameSeedSameFilesOtherSeedOtherFiles) {
  std::string truth = MediumTruth();
  SynthOptions options;
  options.seed = 11;
  auto a = Synth(truth, options);
  auto b = Synth(truth, options);
  options.seed = 12;
  auto c = Synth(truth, options);
  for (ExportAgency agency : kAllExportAgencies) {
    const auto name = LayoutFor(agency).file_name;
    EXPECT_FALSE(a->sink.Contents(name).empty());
    EXPECT_EQ(a->sink.Contents(name), b->sink.Contents(name)) << name;
    EXPECT_NE(a->sink.Contents(name), c->sink.Contents(name)) << name;
  }
  EXPECT_EQ(a->sink.Contents(kAnswerKeyFileName), b->sink.Contents(kAnswerKeyFileName));
}

TEST(SynthesizerTest, SpanishNamingWithoutErrors) {
  TruthBuilder truth;
  truth.AddPerson(MakePerson("P1", Sex::kMale, "1984-06-01", "SLV"));
  truth.AddPerson(MakePerson("P2", Sex::kFemale, "1988-02-03", "SLV"));
  truth.AddPerson(MakePerson("P3", Sex::kFemale, "2012-09-30", "SLV"));
  truth.AddPerson(MakePerson("P4", Sex::kMale, "1990-01-01", "SLV"));
  truth.AddFamily({"F1", {"P1", "P2", "P3", "P4"}});
  truth.AddRelationship({"P1", "P3", RelationshipKind::kBiological});
  truth.AddRelationship({"P2", "P3", RelationshipKind::kBiological});
  truth.AddRelationship({"P4", "P3", RelationshipKind::kOtherRelative});
  for (int i = 1; i <= 4; ++i) {
    truth.AddEvent(
        Apprehend("E" + std::to_string(i), "2018-06-01T10:00:00Z", "P" + std::to_string(i), "F1"));
  }
  SynthOptions options;
  options.config = SynthConfig::NoErrors();
  auto run = Synth(truth.Finish(), options);
  auto rows = ReadRows(*run, ExportAgency::kCbp);
  ASSERT_EQ(rows.size(), 4u);
  auto surnames = [&](size_t i) {
    std::string name = Cell(rows[i], ExportAgency::kCbp, "NAME");
    return name.substr(0, name.find(','));
  };
  auto first = [](const std::string& s) { return s.substr(0, s.find(' ')); };
  // The child: father's first surname, then mother's first surname.
  EXPECT_EQ(surnames(2), first(surnames(0)) + " " + first(surnames(1)));
  EXPECT_EQ(Cell(rows[0], ExportAgency::kCbp, "FAMILY_ROLE"), "HOH");
  EXPECT_EQ(Cell(rows[2], ExportAgency::kCbp, "FAMILY_ROLE"), "CHILD");
  EXPECT_EQ(Cell(rows[2], ExportAgency::kCbp, "CLAIMED_PARENT_ID"),
            Cell(rows[0], ExportAgency::kCbp, "SUBJECT_ID"));
  EXPECT_EQ(Cell(rows[2], ExportAgency::kCbp, "DOB"), "09/30/2012");
  EXPECT_EQ(Cell(rows[2], ExportAgency::kCbp, "AGE"), "5");
  EXPECT_EQ(Cell(rows[0], ExportAgency::kCbp, "CITIZENSHIP"), "EL SALVADOR");
  EXPECT_EQ(Cell(rows[0], ExportAgency::kCbp, "APPREHENSION_DATE"), "06/01/2018");
  for (const auto& r : KeyLines(*run, "record")) EXPECT_TRUE(r["errors"].empty());
}

TEST(SynthesizerTest, ReferredFamilyUnitIsDeletedInARevisionWhenTheRateIsOne) {
  TruthBuilder truth;
  truth.AddPerson(MakePerson("P1", Sex::kFemale, "1984-06-01", "GTM"));
  truth.AddPerson(MakePerson("P2", Sex::kMale, "2014-09-30", "GTM"));
  truth.AddFamily({"F1", {"P1", "P2"}});
  truth.AddRelationship({"P1", "P2", RelationshipKind::kBiological});
  truth.AddEvent(Apprehend("E1", "2018-06-01T10:00:00Z", "P1", "F1"));
  truth.AddEvent(Apprehend("E2", "2018-06-01T10:00:00Z", "P2", "F1"));
  truth.AddEvent(MakeEvent("E3", "2018-06-02T20:00:00Z",
                           Referral{"P1", District::kSdTex, Statute::kIllegalEntry1325}));
  SynthOptions options;
  options.config = SynthConfig::NoErrors();
  options.config.entry_lag_one_day = 0;
  options.config.set_rate(ErrorKind::kFamilyUnitDroppedAfterSeparation, 1.0);
  auto run = Synth(truth.Finish(), options);
  auto rows = ReadRows(*run, ExportAgency::kCbp);
  auto records = KeyLines(*run, "record");
  ASSERT_EQ(rows.size(), 4u);  // each member: entered with the unit, then rewritten without it
  ASSERT_EQ(records.size(), 4u);
  for (size_t i = 0; i < rows.size(); i += 2) {
    const ExportRow& first = rows[i];
    const ExportRow& revision = rows[i + 1];
    EXPECT_EQ(Cell(first, ExportAgency::kCbp, "EVENT_NO"),
              Cell(revision, ExportAgency::kCbp, "EVENT_NO"));
    EXPECT_EQ(Cell(first, ExportAgency::kCbp, "FAMILY_UNIT_ID"), "FMU-RGV-0000001");
    EXPECT_NE(Cell(first, ExportAgency::kCbp, "FAMILY_ROLE"), "");
    EXPECT_EQ(Cell(first, ExportAgency::kCbp, "ENTRY_DATE"), "06/01/2018");
    EXPECT_EQ(Cell(revision, ExportAgency::kCbp, "FAMILY_UNIT_ID"), "");
    EXPECT_EQ(Cell(revision, ExportAgency::kCbp, "FAMILY_ROLE"), "");
    EXPECT_EQ(Cell(revision, ExportAgency::kCbp, "CLAIMED_PARENT_ID"), "");
    EXPECT_EQ(Cell(revision, ExportAgency::kCbp, "ENTRY_DATE"), "06/02/2018");  // the referral
    EXPECT_EQ(Cell(first, ExportAgency::kCbp, "NAME"), Cell(revision, ExportAgency::kCbp, "NAME"));
    EXPECT_EQ(records[i]["version"], 1);
    EXPECT_EQ(records[i + 1]["version"], 2);
    EXPECT_TRUE(records[i]["errors"].empty());
    ASSERT_EQ(records[i + 1]["errors"].size(), 1u);
    EXPECT_EQ(records[i + 1]["errors"][0]["kind"], "family_unit_dropped_after_separation");
    EXPECT_EQ(records[i + 1]["family_unit_id"], "F1");  // the truth keeps the family
  }
  // The child's first row names the mother; the revision does not.
  EXPECT_EQ(Cell(rows[2], ExportAgency::kCbp, "CLAIMED_PARENT_ID"),
            Cell(rows[0], ExportAgency::kCbp, "SUBJECT_ID"));
  EXPECT_EQ(records[2]["claimed_parent_id"], "P1");
  EXPECT_TRUE(records[3]["claimed_parent_id"].is_null());
}

TEST(SynthesizerTest, UnknownPersonIsReportedWithItsLine) {
  TruthBuilder truth;
  truth.AddPerson(MakePerson("P1", Sex::kFemale, "1984-06-01", "GTM"));
  truth.AddEvent(Apprehend("E1", "2018-06-01T10:00:00Z", "P9", std::nullopt));
  MemorySink sink;
  std::istringstream in(truth.Finish());
  SynthOptions options;
  options.truth_name = "t.jsonl";
  auto result = Synthesize(in, sink, options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("t.jsonl:3:"), std::string::npos)
      << result.status().message();
  EXPECT_NE(result.status().message().find("P9"), std::string::npos);
}

TEST(SynthesizerTest, OrrRecordsTheParentOfASeparatedChild) {
  SynthOptions options;
  options.config = SynthConfig::NoErrors();
  options.config.orr_parent_info = 1.0;
  auto run = Synth(SmallTruth(), options);
  auto rows = ReadRows(*run, ExportAgency::kOrr);
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    EXPECT_FALSE(Cell(row, ExportAgency::kOrr, "parent_info").empty());
    EXPECT_EQ(Cell(row, ExportAgency::kOrr, "separated"), "true");
    EXPECT_EQ(Cell(row, ExportAgency::kOrr, "program"), "Casa Padre");
    EXPECT_EQ(Cell(row, ExportAgency::kOrr, "referral_date"), "5/11/2018");
  }
  for (const auto& r : KeyLines(*run, "record")) {
    if (r["agency"] != "orr") continue;
    EXPECT_EQ(r["claimed_parent_id"], "P1");
    EXPECT_EQ(r["claim_true"], true);
  }
  // The father's ICE stay ended in removal.
  auto ice = ReadRows(*run, ExportAgency::kIce);
  bool removed = false;
  for (const auto& row : ice) {
    if (Cell(row, ExportAgency::kIce, "BOOK_OUT_REASON") == "REMOVED") {
      removed = true;
      EXPECT_EQ(Cell(row, ExportAgency::kIce, "REMOVAL_DATE"), "2018-06-04");
      EXPECT_EQ(Cell(row, ExportAgency::kIce, "REMOVAL_COUNTRY"), "GTM");
    }
  }
  EXPECT_TRUE(removed);
  auto usms = ReadRows(*run, ExportAgency::kUsms);
  ASSERT_EQ(usms.size(), 1u);
  EXPECT_EQ(Cell(usms[0], ExportAgency::kUsms, "CASE_NUMBER"), "1:18-mj-00417");
  EXPECT_EQ(Cell(usms[0], ExportAgency::kUsms, "RELEASED_TO"), "ICE");
  EXPECT_EQ(Cell(usms[0], ExportAgency::kUsms, "BOOKING_DATE"), "20180510");
}

}  // namespace
}  // namespace kinlink::synth
