// The parallel blocker (Blocker::Pairs on several threads) and the streaming one
// (Blocker::ForEachPair) against the serial blocker they replaced: the same pairs, in the same
// order, with the same per-rule counts, on random records whose rules overlap (so later rules
// must skip pairs earlier ones produced) and whose large blocks are windowed.
#include <gtest/gtest.h>

#include <random>
#include <utility>
#include <vector>

#include "linkage/blocking.h"
#include "reference_blocking.h"

namespace kinlink::linkage {
namespace {

std::vector<PreparedRecord> RandomRecords(size_t n, uint64_t seed, uint32_t sources) {
  const char* given[] = {"maria", "mario", "marta", "jose", "josefa", "juan",  "juana",
                         "ana",   "luis",  "luisa", "rosa", "pedro",  "carmen"};
  const char* surnames[] = {"lopez", "lopes", "garcia",  "garza", "perez", "peres",
                            "cruz",  "ramos", "ramirez", "diaz",  "dias",  "castro"};
  std::mt19937_64 random(seed);
  std::vector<PreparedRecord> records;
  for (size_t i = 0; i < n; ++i) {
    LinkRecord r;
    r.source = static_cast<uint32_t>(random() % sources);
    if (random() % 10 != 0) r.given_names = given[random() % std::size(given)];
    if (random() % 10 != 0) r.paternal_surname = surnames[random() % std::size(surnames)];
    if (random() % 2 == 0) r.maternal_surname = surnames[random() % std::size(surnames)];
    if (random() % 5 != 0) {
      r.birth_dates.push_back(*PartialDate::Make(1990 + static_cast<int>(random() % 5),
                                                 1 + static_cast<int>(random() % 3),
                                                 1 + static_cast<int>(random() % 3)));
    }
    r.sex = random() % 2 ? Sex::kFemale : Sex::kMale;
    records.push_back(PrepareRecord(r, RecordSchema{}));
  }
  return records;
}

std::vector<BlockingRule> OverlappingRules() {
  RecordSchema schema;
  std::vector<BlockingRule> rules;
  for (const char* text : {"surname_sound & birth_year", "given_prefix3 & sex",
                           "birth_date & given_initial", "surname_initial", "birth_year"}) {
    rules.push_back(*ParseBlockingRule(text, schema));
  }
  return rules;
}

std::vector<std::pair<uint32_t, uint32_t>> AsPairs(const std::vector<CandidatePair>& pairs) {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  out.reserve(pairs.size());
  for (const auto& p : pairs) out.emplace_back(p.a, p.b);
  return out;
}

struct Case {
  bool link_only;
  size_t max_block_size;
  size_t window;
};

class ParallelBlockingTest : public ::testing::TestWithParam<Case> {};

TEST_P(ParallelBlockingTest, SamePairsInTheSameOrderAsTheSerialBlocker) {
  const Case c = GetParam();
  const auto records = RandomRecords(1500, 11, c.link_only ? 2 : 1);
  const auto rules = OverlappingRules();
  BlockingOptions options;
  options.link_only = c.link_only;
  options.max_block_size = c.max_block_size;
  options.window = c.window;
  std::vector<uint64_t> per_rule;
  const auto expected = AsPairs(reference::SerialPairs(rules, options, records, &per_rule));
  ASSERT_GT(expected.size(), 10000u);  // several batches and many runs of blocks
  for (size_t r = 1; r < rules.size(); ++r) EXPECT_GT(per_rule[r], 0u) << r;
  const Blocker blocker(rules, options);
  for (int threads : {1, 2, 3, 8}) {
    BlockingReport report;
    const auto pairs = AsPairs(blocker.Pairs(records, &report, nullptr, threads));
    EXPECT_EQ(pairs, expected) << "threads " << threads;
    ASSERT_EQ(report.rules.size(), rules.size());
    for (size_t r = 0; r < rules.size(); ++r) {
      EXPECT_EQ(report.rules[r].pairs, per_rule[r]) << "threads " << threads << ", rule " << r;
    }
    EXPECT_EQ(report.total_pairs, expected.size());
  }
  // Streamed: the same pairs in the same order, counted before the first batch.
  std::vector<std::pair<uint32_t, uint32_t>> streamed;
  uint64_t total = 0;
  const uint64_t visited = blocker.ForEachPair(
      records,
      [&](std::span<const CandidatePair> batch) {
        EXPECT_EQ(total, expected.size());  // known before the first batch
        for (const auto& p : batch) streamed.emplace_back(p.a, p.b);
        return true;
      },
      &total);
  EXPECT_EQ(streamed, expected);
  EXPECT_EQ(visited, expected.size());
  EXPECT_EQ(total, expected.size());
}

// PairsAt: the pairs at chosen positions are those positions of the full sequence, whether the
// blocks holding them are indexed by arithmetic (first rule, dedupe, not windowed) or walked.
TEST_P(ParallelBlockingTest, PairsAtChosenPositionsArePairsOfTheFullSequence) {
  const Case c = GetParam();
  const auto records = RandomRecords(1500, 11, c.link_only ? 2 : 1);
  BlockingOptions options;
  options.link_only = c.link_only;
  options.max_block_size = c.max_block_size;
  options.window = c.window;
  RecordSchema schema;
  std::vector<std::vector<BlockingRule>> rule_sets = {
      OverlappingRules(), {*ParseBlockingRule("given_prefix3 & surname_prefix3", schema)}};
  for (const auto& rules : rule_sets) {
    const Blocker blocker(rules, options);
    const auto all = AsPairs(blocker.Pairs(records, nullptr));
    ASSERT_GT(all.size(), 1000u);
    std::mt19937_64 random(3);
    // Every position; none; the first and last; and random subsets of several densities.
    std::vector<std::vector<uint64_t>> choices(3);
    for (uint64_t i = 0; i < all.size(); ++i) choices[0].push_back(i);
    choices[2] = {0, all.size() - 1};
    for (uint64_t every : {2u, 7u, 97u, 1000u}) {
      std::vector<uint64_t> chosen;
      for (uint64_t i = 0; i < all.size(); ++i) {
        if (random() % every == 0) chosen.push_back(i);
      }
      choices.push_back(chosen);
    }
    for (const auto& chosen : choices) {
      uint64_t total = 0;
      uint64_t told = 0;
      const auto got = AsPairs(blocker.PairsAt(
          records,
          [&](uint64_t n) {
            told = n;
            return chosen;
          },
          &total));
      EXPECT_EQ(told, all.size());
      EXPECT_EQ(total, all.size());
      ASSERT_EQ(got.size(), chosen.size());
      for (size_t k = 0; k < chosen.size(); ++k) {
        ASSERT_EQ(got[k], all[chosen[k]]) << "position " << chosen[k] << " of " << all.size();
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, ParallelBlockingTest,
                         ::testing::Values(Case{false, 1000000, 40}, Case{false, 30, 4},
                                           Case{false, 30, 1000000}, Case{true, 1000000, 40},
                                           Case{true, 25, 3}));

// One rule alone, full blocks in dedupe mode: the count is taken without walking the pairs, and
// must still agree with the pairs.
TEST(ParallelBlockingTest, CountOfASingleRuleMatchesItsPairs) {
  const auto records = RandomRecords(2000, 5, 1);
  RecordSchema schema;
  for (const char* text : {"given_prefix3 & surname_prefix3", "sex"}) {
    BlockingOptions options;
    options.max_block_size = 300;  // "sex" is windowed, given & surname blocks are not
    options.window = 7;
    const Blocker blocker({*ParseBlockingRule(text, schema)}, options);
    const auto pairs = blocker.Pairs(records, nullptr, nullptr, 2);
    uint64_t total = 0;
    uint64_t seen = 0;
    blocker.ForEachPair(
        records,
        [&](std::span<const CandidatePair> batch) {
          seen += batch.size();
          return true;
        },
        &total);
    EXPECT_EQ(total, pairs.size()) << text;
    EXPECT_EQ(seen, pairs.size()) << text;
  }
}

TEST(ParallelBlockingTest, ForEachPairStopsWhenAsked) {
  const auto records = RandomRecords(1500, 3, 1);
  const Blocker blocker(OverlappingRules(), BlockingOptions{});
  const auto all = AsPairs(blocker.Pairs(records, nullptr));
  ASSERT_GT(all.size(), 3 * 4096u);
  std::vector<std::pair<uint32_t, uint32_t>> first;
  int batches = 0;
  const uint64_t visited = blocker.ForEachPair(records, [&](std::span<const CandidatePair> batch) {
    ++batches;
    for (const auto& p : batch) first.emplace_back(p.a, p.b);
    return batches < 2;
  });
  EXPECT_EQ(batches, 2);
  EXPECT_EQ(visited, first.size());
  ASSERT_LT(first.size(), all.size());
  EXPECT_TRUE(std::equal(first.begin(), first.end(), all.begin()));
}

TEST(ParallelBlockingTest, NoRecordsNoPairs) {
  const Blocker blocker(OverlappingRules(), BlockingOptions{});
  BlockingReport report;
  EXPECT_TRUE(blocker.Pairs({}, &report, nullptr, 4).empty());
  EXPECT_EQ(report.rules.size(), OverlappingRules().size());
  uint64_t total = 1;
  EXPECT_EQ(blocker.ForEachPair(
                {}, [](std::span<const CandidatePair>) { return true; }, &total),
            0u);
  EXPECT_EQ(total, 0u);
}

}  // namespace
}  // namespace kinlink::linkage
