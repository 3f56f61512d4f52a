#include "linkage/clustering.h"

#include <gtest/gtest.h>

#include <map>

namespace kinlink::linkage {
namespace {

std::vector<std::string> Keys(size_t n) {
  std::vector<std::string> keys;
  for (size_t i = 0; i < n; ++i) keys.push_back("r" + std::to_string(i));
  return keys;
}

TEST(ClusteringTest, ConnectedComponentsAtThreshold) {
  std::vector<ScoredEdge> edges = {{0, 1, 0.99}, {1, 2, 0.95}, {3, 4, 0.5}};
  auto score = [](uint32_t, uint32_t) { return 0.97; };
  auto persons = ClusterRecords(5, edges, Keys(5), score, {});
  ASSERT_EQ(persons.size(), 3u);
  EXPECT_EQ(persons[0].members, (std::vector<uint32_t>{0, 1, 2}));
  EXPECT_EQ(persons[1].members, (std::vector<uint32_t>{3}));
  EXPECT_EQ(persons[2].members, (std::vector<uint32_t>{4}));
  EXPECT_NEAR(persons[1].confidence, 0.5, 1e-9);  // one minus its best rejected pair
  EXPECT_FALSE(persons[0].split_by_guard);
}

TEST(ClusteringTest, GuardSplitsAPlantedChain) {
  // A chain 0-1-2-3-4-5: each neighbour pair looks like a match, the ends do not.
  std::vector<ScoredEdge> edges;
  for (uint32_t i = 0; i + 1 < 6; ++i) edges.push_back({i, i + 1, i == 2 ? 0.91 : 0.97});
  auto score = [](uint32_t a, uint32_t b) {
    uint32_t gap = a > b ? a - b : b - a;
    return gap == 1 ? 0.97 : 0.01;
  };
  ClusteringReport report;
  auto persons = ClusterRecords(6, edges, Keys(6), score, {}, &report);
  EXPECT_EQ(report.components_split, 1u);
  EXPECT_GE(persons.size(), 2u);
  std::map<uint32_t, size_t> cluster_of;
  for (size_t p = 0; p < persons.size(); ++p) {
    EXPECT_LE(persons[p].members.size(), 3u) << "a chained cluster survived";
    for (uint32_t m : persons[p].members) cluster_of[m] = p;
  }
  EXPECT_NE(cluster_of[0], cluster_of[5]);
  EXPECT_NE(cluster_of[2], cluster_of[3]);  // cut at the weakest link
  EXPECT_EQ(cluster_of[0], cluster_of[2]);
  EXPECT_EQ(cluster_of[3], cluster_of[5]);
  EXPECT_TRUE(persons[0].split_by_guard);
}

// A court docket (record 0) shares only a name with the CBP and ICE records (1, 2), and a case
// number with the Marshals booking (3). Its name-only pairs are no evidence either way: the guard
// must not split the person for them, and they do not lower its confidence.
TEST(ClusteringTest, GuardIgnoresPairsWithNoEvidenceBeyondNames) {
  std::vector<ScoredEdge> edges = {{0, 3, 0.97}, {1, 2, 0.99}, {2, 3, 0.95}};
  auto score = [](uint32_t a, uint32_t b) {
    if ((a == 0 || b == 0) && a + b != 3) return kNoEvidenceBeyondNames;
    return 0.85;
  };
  ClusteringReport report;
  auto persons = ClusterRecords(4, edges, Keys(4), score, {}, &report);
  ASSERT_EQ(persons.size(), 1u);
  EXPECT_EQ(report.components_split, 0u);
  EXPECT_NEAR(persons[0].confidence, 0.85, 1e-9);

  // Counted as probability 0.01 instead, the same pairs pull the mean below 0.6 and split it.
  auto counted = [](uint32_t a, uint32_t b) {
    if ((a == 0 || b == 0) && a + b != 3) return 0.01;
    return 0.85;
  };
  EXPECT_GT(ClusterRecords(4, edges, Keys(4), counted, {}).size(), 1u);
}

TEST(ClusteringTest, GuardKeepsACohesiveCluster) {
  std::vector<ScoredEdge> edges = {{0, 1, 0.99}, {1, 2, 0.99}, {2, 3, 0.99}};
  auto score = [](uint32_t, uint32_t) { return 0.95; };
  ClusteringReport report;
  auto persons = ClusterRecords(4, edges, Keys(4), score, {}, &report);
  ASSERT_EQ(persons.size(), 1u);
  EXPECT_EQ(report.components_split, 0u);
  EXPECT_NEAR(persons[0].confidence, 0.95, 1e-9);
}

TEST(ClusteringTest, IdsAreStableUnderReordering) {
  auto score = [](uint32_t, uint32_t) { return 0.99; };
  auto first = ClusterRecords(3, {{0, 1, 0.99}}, {"a/x", "a/y", "a/z"}, score, {});
  auto second = ClusterRecords(3, {{1, 2, 0.99}}, {"a/z", "a/x", "a/y"}, score, {});
  std::set<std::string> ids_first;
  std::set<std::string> ids_second;
  for (const auto& p : first) ids_first.insert(p.person_id);
  for (const auto& p : second) ids_second.insert(p.person_id);
  EXPECT_EQ(ids_first, ids_second);
}

}  // namespace
}  // namespace kinlink::linkage
