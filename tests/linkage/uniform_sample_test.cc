#include "linkage/internal/uniform_sample.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace kinlink::linkage::detail {
namespace {

TEST(UniformSortedSampleTest, DistinctAscendingInRangeAndOfTheSize) {
  for (uint64_t population : {1u, 2u, 10u, 1000u, 123457u}) {
    for (uint64_t count : {uint64_t{0}, uint64_t{1}, population / 3, population / 2,
                           population / 2 + 1, population - 1, population, population + 5}) {
      const auto chosen = UniformSortedSample(population, count, 17);
      ASSERT_EQ(chosen.size(), std::min(count, population)) << population << " " << count;
      for (size_t k = 0; k < chosen.size(); ++k) {
        ASSERT_LT(chosen[k], population);
        if (k > 0) {
          ASSERT_LT(chosen[k - 1], chosen[k]);
        }
      }
    }
  }
}

TEST(UniformSortedSampleTest, SameSeedSamePositionsOtherSeedOthers) {
  EXPECT_EQ(UniformSortedSample(1'000'000, 5000, 3), UniformSortedSample(1'000'000, 5000, 3));
  EXPECT_NE(UniformSortedSample(1'000'000, 5000, 3), UniformSortedSample(1'000'000, 5000, 4));
}

// Every position is kept equally often, and so is every pair of positions (a sample that kept
// neighbours together, or favoured the start, fails), both when drawing the kept positions and
// when drawing the left-out ones (count above half the population).
TEST(UniformSortedSampleTest, EveryPositionAndPairOfPositionsEquallyLikely) {
  constexpr uint64_t kPopulation = 12;
  constexpr int kRounds = 60'000;
  for (uint64_t count : {uint64_t{4}, uint64_t{9}}) {
    std::vector<double> single(kPopulation, 0.0);
    std::vector<double> both(kPopulation * kPopulation, 0.0);
    for (int round = 0; round < kRounds; ++round) {
      const auto chosen = UniformSortedSample(kPopulation, count, 1000 + round);
      for (uint64_t x : chosen) {
        single[x] += 1;
        for (uint64_t y : chosen) both[x * kPopulation + y] += 1;
      }
    }
    const double p = static_cast<double>(count) / kPopulation;
    const double expected_single = kRounds * p;
    for (uint64_t x = 0; x < kPopulation; ++x) {
      EXPECT_NEAR(single[x], expected_single, 5 * std::sqrt(expected_single * (1 - p)))
          << "position " << x << ", count " << count;
    }
    const double q = p * (static_cast<double>(count) - 1) / (kPopulation - 1);
    const double expected_both = kRounds * q;
    for (uint64_t x = 0; x < kPopulation; ++x) {
      for (uint64_t y = 0; y < kPopulation; ++y) {
        if (x == y) continue;
        EXPECT_NEAR(both[x * kPopulation + y], expected_both,
                    5 * std::sqrt(expected_both * (1 - q)))
            << "positions " << x << ", " << y << ", count " << count;
      }
    }
  }
}

}  // namespace
}  // namespace kinlink::linkage::detail
