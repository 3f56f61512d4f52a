#include "linkage/blocking.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace kinlink::linkage {
namespace {

std::vector<PreparedRecord> RandomRecords(size_t n, uint64_t seed, uint32_t sources) {
  const char* given[] = {"maria", "jose", "juan", "ana", "luis", "rosa", "pedro", "carmen"};
  const char* surnames[] = {"lopez", "garcia", "perez", "cruz", "ramos", "diaz"};
  std::mt19937_64 random(seed);
  std::vector<PreparedRecord> records;
  for (size_t i = 0; i < n; ++i) {
    LinkRecord r;
    r.source = static_cast<uint32_t>(i % sources);
    r.given_names = given[random() % 8];
    r.paternal_surname = surnames[random() % 6];
    if (random() % 5 != 0) {
      r.birth_dates.push_back(*PartialDate::Make(2000 + static_cast<int>(random() % 4),
                                                 1 + static_cast<int>(random() % 2), 1));
    }
    records.push_back(PrepareRecord(r, RecordSchema{}));
  }
  return records;
}

// Every pair some rule covers is produced exactly once.
void CheckCoverage(bool link_only, size_t max_block) {
  auto records = RandomRecords(300, 3, link_only ? 2 : 1);
  RecordSchema schema;
  std::vector<BlockingRule> rules = {*ParseBlockingRule("surname_sound & birth_year", schema),
                                     *ParseBlockingRule("given_prefix3", schema),
                                     *ParseBlockingRule("birth_date", schema)};
  BlockingOptions options;
  options.link_only = link_only;
  options.max_block_size = max_block;
  options.window = 1000000;  // a window that spans the block: nothing may be dropped
  BlockingReport report;
  auto pairs = Blocker(rules, options).Pairs(records, &report);
  std::set<std::pair<uint32_t, uint32_t>> produced;
  for (const auto& p : pairs) {
    EXPECT_TRUE(produced.insert({std::min(p.a, p.b), std::max(p.a, p.b)}).second) << "duplicate";
    if (link_only) {
      EXPECT_EQ(records[p.a].source, 0u);
      EXPECT_EQ(records[p.b].source, 1u);
    }
  }
  uint64_t expected = 0;
  for (uint32_t a = 0; a < records.size(); ++a) {
    for (uint32_t b = a + 1; b < records.size(); ++b) {
      if (link_only && records[a].source == records[b].source) continue;
      bool covered = false;
      for (const auto& rule : rules) {
        uint64_t ka = Blocker::KeyOf(rule, records[a]);
        covered |= ka != 0 && ka == Blocker::KeyOf(rule, records[b]);
      }
      if (covered) {
        ++expected;
        EXPECT_TRUE(produced.count({a, b})) << a << "," << b;
      }
    }
  }
  EXPECT_EQ(produced.size(), expected);
  EXPECT_EQ(report.total_pairs, expected);
  uint64_t per_rule = 0;
  for (const auto& r : report.rules) per_rule += r.pairs;
  EXPECT_EQ(per_rule, expected);
}

TEST(BlockingTest, NeverDropsACoveredPairDedupe) { CheckCoverage(false, 1000000); }
TEST(BlockingTest, NeverDropsACoveredPairLinkOnly) { CheckCoverage(true, 1000000); }
TEST(BlockingTest, WindowedBlocksStillProduceEachPairOnce) { CheckCoverage(false, 5); }

TEST(BlockingTest, LargeBlocksAreWindowed) {
  auto records = RandomRecords(400, 5, 1);
  RecordSchema schema;
  BlockingOptions options;
  options.max_block_size = 10;
  options.window = 3;
  BlockingReport report;
  auto pairs =
      Blocker({*ParseBlockingRule("sex", schema), *ParseBlockingRule("given_initial", schema)},
              options)
          .Pairs(records, &report);
  EXPECT_GT(report.rules[1].windowed_blocks, 0u);
  EXPECT_LE(pairs.size(), records.size() * 3 * 2);  // window 3, in two orders
}

// A big name block is windowed; two records far apart in its window share a birth date. The
// birth-date rule must still produce them (the earlier rule's keys agree, but it never compared
// them), and a pair inside the window must not come twice.
TEST(BlockingTest, LaterRuleFindsPairsAnEarlierWindowLeftOut) {
  std::vector<PreparedRecord> records;
  for (int i = 0; i < 50; ++i) {
    LinkRecord r;
    r.given_names = "maria";
    r.paternal_surname = "lopez";
    // Records i and i + 25 share a birth date and nothing else tells them apart.
    r.birth_dates.push_back(*PartialDate::Make(1980 + i % 25, 1, 1));
    records.push_back(PrepareRecord(r, RecordSchema{}));
  }
  RecordSchema schema;
  BlockingOptions options;
  options.max_block_size = 10;
  options.window = 3;
  BlockingReport report;
  auto pairs = Blocker({*ParseBlockingRule("given_prefix3", schema),
                        *ParseBlockingRule("birth_date", schema)},
                       options)
                   .Pairs(records, &report);
  std::set<std::pair<uint32_t, uint32_t>> produced;
  for (const auto& p : pairs) {
    EXPECT_TRUE(produced.insert({std::min(p.a, p.b), std::max(p.a, p.b)}).second) << "duplicate";
  }
  for (uint32_t i = 0; i < 25; ++i) EXPECT_TRUE(produced.count({i, i + 25})) << i;
  EXPECT_EQ(report.rules[0].windowed_blocks, 1u);
  EXPECT_EQ(report.rules[1].pairs, 25u);
}

TEST(BlockingTest, ReportsRecallAgainstTruth) {
  auto records = RandomRecords(50, 9, 1);
  std::vector<std::string> truth(records.size());
  for (size_t i = 0; i < records.size(); ++i) truth[i] = std::to_string(i / 2);  // pairs
  RecordSchema schema;
  BlockingReport report;
  Blocker({*ParseBlockingRule("given_prefix3", schema)}, {}).Pairs(records, &report, &truth);
  EXPECT_EQ(report.true_pairs_total, 25u);
  uint64_t same_given = 0;
  for (size_t i = 0; i + 1 < records.size(); i += 2) {
    same_given += records[i].given == records[i + 1].given ? 1 : 0;
  }
  EXPECT_EQ(report.true_pairs_found, same_given);
}

TEST(BlockingTest, RejectsUnknownKeys) {
  RecordSchema schema;
  EXPECT_FALSE(ParseBlockingRule("surname_sound & shoe_size", schema).ok());
  EXPECT_FALSE(ParseBlockingRule("field:postcode", schema).ok());
  EXPECT_FALSE(ParseBlockingRule("", schema).ok());
}

}  // namespace
}  // namespace kinlink::linkage
