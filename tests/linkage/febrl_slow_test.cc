// FEBRL4 end to end, unsupervised, without soc_sec_id: F1 above a floor. Reads the benchmark from
// ../shared/benchmarks/febrl (skipped when it is absent).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "linkage/column_mapping.h"
#include "linkage/evaluation.h"
#include "linkage/linker.h"
#include "linkage/record_reader.h"

namespace kinlink::linkage {
namespace {

const std::filesystem::path kFebrl =
    std::filesystem::path(KINLINK_SOURCE_DIR) / ".." / "shared" / "benchmarks" / "febrl";

TEST(FebrlSlowTest, Febrl4LinkOnlyWithoutSocialSecurityNumber) {
  if (!std::filesystem::exists(kFebrl / "dataset4a.csv")) GTEST_SKIP() << "FEBRL files absent";
  auto mapping =
      ColumnMapping::Load(std::string(KINLINK_SOURCE_DIR) + "/data/linkage/mappings/febrl.toml");
  ASSERT_TRUE(mapping.ok()) << mapping.status().ToString();
  RecordSet set;
  set.schema = mapping->Schema();
  std::vector<Reject> rejects;
  ASSERT_TRUE(ReadRecordFile((kFebrl / "dataset4a.csv").string(), *mapping, 0, set, rejects).ok());
  ASSERT_TRUE(ReadRecordFile((kFebrl / "dataset4b.csv").string(), *mapping, 1, set, rejects).ok());
  ASSERT_EQ(set.records.size(), 10000u);
  LinkOptions options;
  options.link_only = true;
  options.one_to_one = true;
  options.skip_fields = {"soc_sec_id"};
  for (const auto& text : mapping->blocking) {
    if (text.find("soc_sec_id") == std::string::npos) {
      options.blocking_rules.push_back(*ParseBlockingRule(text, set.schema));
    }
  }
  auto result = RunLinkage(set, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  std::vector<std::string> entities;
  std::vector<uint32_t> sources;
  for (const auto& r : set.records) {
    entities.push_back(r.truth_entity);
    sources.push_back(r.source);
  }
  ClusterScores scores = ScoreClusters(result->person_of_record, entities, sources, true);
  std::printf(
      "FEBRL4 without soc_sec_id: precision %.4f recall %.4f F1 %.4f, blocking recall %.4f\n",
      scores.pairwise.precision(), scores.pairwise.recall(), scores.pairwise.f1(),
      result->blocking.recall());
  EXPECT_EQ(scores.pairwise.true_positives + scores.pairwise.false_negatives, 5000u);
  EXPECT_GE(scores.pairwise.f1(), 0.98)
      << "precision " << scores.pairwise.precision() << " recall " << scores.pairwise.recall();
}

}  // namespace
}  // namespace kinlink::linkage
