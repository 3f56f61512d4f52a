// PairScorer against MatchModel::Weight: bit for bit, on the small synthesized agency records
// (names repeated across agencies and families, so many exact agreements with term-frequency
// adjustments, records without a given name or surname, equal frequencies on both sides).
#include "linkage/pair_scorer.h"

#include <gtest/gtest.h>

#include <string>

#include "linkage/linker.h"
#include "linkage/synth_input.h"

namespace kinlink::linkage {
namespace {

TEST(PairScorerTest, WeightsAreTheModelsToTheLastBit) {
  auto files = FindSynthExports(std::string(KINLINK_TEST_DATA_DIR) + "/data/small_synth");
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  RecordSet set;
  std::vector<Reject> rejects;
  ASSERT_TRUE(ReadSynthExports(*files, set, rejects).ok());
  LinkOptions options;
  options.threads = 2;
  auto trained = TrainModel(set, options);
  ASSERT_TRUE(trained.ok()) << trained.status().ToString();
  const MatchModel& model = *trained->model;
  const auto& records = trained->prepared;
  const PairScorer scorer(model, records, 2);
  PairScorer::PatternWeights cache;
  size_t compared = 0;
  size_t adjusted = 0;  // pairs with a term-frequency adjustment
  const auto step = static_cast<uint32_t>(std::max<size_t>(1, records.size() / 120));
  for (uint32_t a = 0; a < records.size(); a += step) {
    for (uint32_t b = 0; b < records.size(); b += 2) {
      const Pattern pattern = ComparePair(model.comparisons(), records[a], records[b]);
      const double expected = model.Weight(pattern, records[a], records[b]);
      ASSERT_EQ(scorer.Weight(pattern, a, b, cache), expected) << a << " " << b;
      if (expected != model.Weight(pattern)) ++adjusted;
      ++compared;
    }
  }
  // The read-only overload, with the patterns seen so far and with none.
  const PairScorer::PatternWeights none;
  for (uint32_t a = 0; a < records.size(); a += 7 * step) {
    for (uint32_t b = 0; b < records.size(); b += 3) {
      const Pattern pattern = ComparePair(model.comparisons(), records[a], records[b]);
      const double expected = model.Weight(pattern, records[a], records[b]);
      ASSERT_EQ(scorer.Weight(pattern, a, b, static_cast<const PairScorer::PatternWeights&>(cache)),
                expected);
      ASSERT_EQ(scorer.Weight(pattern, a, b, none), expected);
    }
  }
  EXPECT_GT(compared, 50'000u);
  EXPECT_GT(adjusted, 500u);
}

}  // namespace
}  // namespace kinlink::linkage
