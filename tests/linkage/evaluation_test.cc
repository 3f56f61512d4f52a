#include "linkage/evaluation.h"

#include <gtest/gtest.h>

namespace kinlink::linkage {
namespace {

TEST(EvaluationTest, HandCountedDedupeExample) {
  // Records 0..5; truth entities: {0,1,2} = X, {3,4} = Y, {5} = Z.
  // Clusters: {0,1} {2,3} {4} {5}.
  std::vector<std::string> entity = {"X", "X", "X", "Y", "Y", "Z"};
  std::vector<uint32_t> cluster = {0, 0, 1, 1, 2, 3};
  std::vector<uint32_t> source(6, 0);
  ClusterScores s = ScoreClusters(cluster, entity, source, false);
  // Predicted pairs: (0,1) true, (2,3) false. True pairs: (0,1) (0,2) (1,2) (3,4).
  EXPECT_EQ(s.pairwise.true_positives, 1u);
  EXPECT_EQ(s.pairwise.false_positives, 1u);
  EXPECT_EQ(s.pairwise.false_negatives, 3u);
  EXPECT_DOUBLE_EQ(s.pairwise.precision(), 0.5);
  EXPECT_DOUBLE_EQ(s.pairwise.recall(), 0.25);
  EXPECT_NEAR(s.pairwise.f1(), 1.0 / 3.0, 1e-12);
  // B-cubed precision per record: 0:1 1:1 2:1/2 3:1/2 4:1 5:1 -> 5/6.
  EXPECT_NEAR(s.bcubed_precision, 5.0 / 6.0, 1e-12);
  // B-cubed recall per record: 0:2/3 1:2/3 2:1/3 3:1/2 4:1/2 5:1 -> (11/3)/6 = 11/18.
  EXPECT_NEAR(s.bcubed_recall, 11.0 / 18.0, 1e-12);
}

TEST(EvaluationTest, LinkOnlyCountsCrossSourcePairsOnly) {
  // Entity X has records in both sources (0 in A, 1 and 2 in B); all three clustered together.
  std::vector<std::string> entity = {"X", "X", "X"};
  std::vector<uint32_t> cluster = {0, 0, 0};
  std::vector<uint32_t> source = {0, 1, 1};
  ClusterScores s = ScoreClusters(cluster, entity, source, true);
  EXPECT_EQ(s.pairwise.true_positives, 2u);
  EXPECT_EQ(s.pairwise.false_positives, 0u);
  EXPECT_EQ(s.pairwise.false_negatives, 0u);
}

TEST(EvaluationTest, LinkScores) {
  std::set<EntityLink> truth = {{"P1", "C1"}, {"P2", "C2"}, {"P3", "C3"}};
  std::set<EntityLink> predicted = {{"P1", "C1"}, {"P2", "C3"}};
  PairCounts c = ScoreLinks(predicted, truth);
  EXPECT_EQ(c.true_positives, 1u);
  EXPECT_EQ(c.false_positives, 1u);
  EXPECT_EQ(c.false_negatives, 2u);
  EXPECT_DOUBLE_EQ(c.precision(), 0.5);
  EXPECT_NEAR(c.recall(), 1.0 / 3.0, 1e-12);
}

}  // namespace
}  // namespace kinlink::linkage
