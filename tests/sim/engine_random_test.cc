// Generator, streams, deterministic math and distributions.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <vector>

#include "sim/engine/random.h"

namespace kinlink::sim {
namespace {

TEST(EngineRandom, XoshiroMatchesTheReferenceSequence) {
  // Reference: Blackman & Vigna's xoshiro256starstar.c from state {1, 2, 3, 4}.
  Rng rng(std::array<std::uint64_t, 4>{1, 2, 3, 4});
  const std::vector<std::uint64_t> expected = {11520ULL,
                                               0ULL,
                                               1509978240ULL,
                                               1215971899390074240ULL,
                                               1216172134540287360ULL,
                                               607988272756665600ULL};
  for (std::uint64_t e : expected) EXPECT_EQ(rng.Next(), e);
}

TEST(EngineRandom, SplitMixAndSeedingMatchTheReference) {
  std::uint64_t state = 1234567;
  EXPECT_EQ(SplitMix64(state), 6457827717110365317ULL);
  EXPECT_EQ(SplitMix64(state), 3203168211198807973ULL);
  EXPECT_EQ(SplitMix64(state), 9817491932198370423ULL);
  Rng rng(42);  // state = four SplitMix64 outputs from 42
  EXPECT_EQ(rng.Next(), 1546998764402558742ULL);
  EXPECT_EQ(rng.Next(), 6990951692964543102ULL);
  EXPECT_EQ(rng.Next(), 12544586762248559009ULL);
}

TEST(EngineRandom, JumpsMatchTheReference) {
  Rng a(std::array<std::uint64_t, 4>{1, 2, 3, 4});
  a.Jump();
  EXPECT_EQ(a.state()[0], 0x8c7a153956b5f3d1ULL);
  EXPECT_EQ(a.state()[3], 0x8386b786c4408050ULL);
  EXPECT_EQ(a.Next(), 13534147089533256664ULL);
  Rng b(std::array<std::uint64_t, 4>{1, 2, 3, 4});
  b.LongJump();
  EXPECT_EQ(b.Next(), 5942309088398569549ULL);
}

TEST(EngineRandom, StreamsAreDistinctAndReproducible) {
  RandomStreams streams(2018);
  std::set<std::uint64_t> firsts;
  for (std::uint64_t r = 0; r < 50; ++r) {
    for (std::uint64_t s = 0; s < 4; ++s) {
      Rng g = streams.Stream(r, s);
      firsts.insert(g.Next());
      Rng again = streams.Stream(r, s);
      EXPECT_EQ(again.Next(), RandomStreams(2018).Stream(r, s).Next());
    }
  }
  EXPECT_EQ(firsts.size(), 200u);
  // Stream s of a replication is stream 0 jumped s times.
  Rng s0 = streams.Stream(7, 0);
  s0.Jump();
  s0.Jump();
  EXPECT_EQ(s0.Next(), streams.Stream(7, 2).Next());
  EXPECT_NE(RandomStreams(1).Stream(0, 0).Next(), RandomStreams(2).Stream(0, 0).Next());
}

double UlpDistance(double a, double b) {
  if (a == b) return 0;
  const auto ia = std::bit_cast<std::int64_t>(a);
  const auto ib = std::bit_cast<std::int64_t>(b);
  return static_cast<double>(ia > ib ? ia - ib : ib - ia);
}

TEST(EngineRandom, DeterministicLogAndExpAreAccurate) {
  Rng rng(3);
  double worst_log = 0, worst_exp = 0, worst_log1p = 0;
  for (int i = 0; i < 200000; ++i) {
    // Positive doubles across many binades, including subnormals.
    const double x = std::ldexp(1.0 + rng.Uniform01(), static_cast<int>(rng.Below(2100)) - 1070);
    worst_log = std::max(worst_log, UlpDistance(DetLog(x), std::log(x)));
    const double y = rng.Uniform(-740, 709);
    worst_exp = std::max(worst_exp, UlpDistance(DetExp(y), std::exp(y)));
    const double z = std::ldexp(rng.Uniform(-1, 1), -static_cast<int>(rng.Below(60)));
    worst_log1p = std::max(worst_log1p, UlpDistance(DetLog1p(z), std::log1p(z)));
  }
  EXPECT_LE(worst_log, 1);
  EXPECT_LE(worst_exp, 1);
  EXPECT_LE(worst_log1p, 2);
  EXPECT_EQ(DetLog(1), 0);
  EXPECT_EQ(DetExp(0), 1);
  EXPECT_EQ(DetLog(0), -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(DetLog(-1)));
  EXPECT_EQ(DetExp(1000), std::numeric_limits<double>::infinity());
  EXPECT_EQ(DetExp(-1000), 0);
}

TEST(EngineRandom, IntegersAreUnbiasedAndInRange) {
  Rng rng(9);
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 70000; ++i) ++counts[rng.Below(7)];
  for (int c : counts) EXPECT_NEAR(c, 10000, 450);
  for (int i = 0; i < 1000; ++i) {
    const std::int64_t v = rng.UniformInt(-3, 3);
    EXPECT_GE(v, -3);
    EXPECT_LE(v, 3);
  }
  for (int i = 0; i < 1000; ++i) {
    const double u = rng.Uniform01();
    EXPECT_GE(u, 0);
    EXPECT_LT(u, 1);
    EXPECT_GT(rng.UniformOpen0(), 0);
  }
}

struct Moments {
  double mean = 0;
  double var = 0;
};

template <class F>
Moments Sample(F draw, int n) {
  double mean = 0, m2 = 0;
  for (int i = 1; i <= n; ++i) {
    const double x = draw();
    const double d = x - mean;
    mean += d / i;
    m2 += d * (x - mean);
  }
  return {mean, m2 / (n - 1)};
}

// Checks the sample mean against the true mean within 5 standard errors, and the variance within
// 5%.
void ExpectMoments(const Moments& m, double mean, double var, int n, const char* what) {
  EXPECT_NEAR(m.mean, mean, 5 * std::sqrt(var / n)) << what;
  EXPECT_NEAR(m.var, var, 0.05 * var) << what;
}

TEST(EngineRandom, DistributionsHaveTheRightMoments) {
  constexpr int kN = 400000;
  Rng rng(2024);
  ExpectMoments(Sample([&] { return rng.Exponential(3.0); }, kN), 3, 9, kN, "exponential");
  ExpectMoments(Sample([&] { return rng.Normal(-2, 1.5); }, kN), -2, 2.25, kN, "normal");
  ExpectMoments(Sample([&] { return rng.Uniform(2, 8); }, kN), 5, 3, kN, "uniform");
  const double mu = 1.0, s = 0.5;
  const double ln_mean = std::exp(mu + s * s / 2);
  const double ln_var = (std::exp(s * s) - 1) * std::exp(2 * mu + s * s);
  ExpectMoments(Sample([&] { return rng.Lognormal(mu, s); }, kN), ln_mean, ln_var, kN, "lognormal");
  ExpectMoments(Sample([&] { return rng.Gamma(2.5, 2.0); }, kN), 5, 10, kN, "gamma k>1");
  ExpectMoments(Sample([&] { return rng.Gamma(0.4, 3.0); }, kN), 1.2, 3.6, kN, "gamma k<1");
  ExpectMoments(Sample([&] { return static_cast<double>(rng.Poisson(4.2)); }, kN), 4.2, 4.2, kN,
                "poisson small");
  ExpectMoments(Sample([&] { return static_cast<double>(rng.Poisson(250)); }, kN), 250, 250, kN,
                "poisson large");
  ExpectMoments(Sample([&] { return rng.Bernoulli(0.3) ? 1.0 : 0.0; }, kN), 0.3, 0.21, kN,
                "bernoulli");
  // Triangular(0, 1, 4): mean 5/3, variance (a²+b²+c²-ab-ac-bc)/18 = (0+1+16-0-0-4)/18.
  ExpectMoments(Sample([&] { return rng.Triangular(0, 1, 4); }, kN), 5.0 / 3, 13.0 / 18, kN,
                "triangular");
  // Weibull(k=2, lambda=3): mean 3 Gamma(1.5), variance 9 (1 - Gamma(1.5)^2).
  const double g15 = std::tgamma(1.5);
  ExpectMoments(Sample([&] { return rng.Weibull(2, 3); }, kN), 3 * g15, 9 * (1 - g15 * g15), kN,
                "weibull");
}

TEST(EngineRandom, NormalTailsAreRight) {
  // P(|Z| > 3) = 0.0026998; the ziggurat's base-strip tail starts at 3.44.
  Rng rng(77);
  constexpr int kN = 2000000;
  int beyond3 = 0, beyond4 = 0;
  for (int i = 0; i < kN; ++i) {
    const double z = rng.StandardNormal();
    beyond3 += std::fabs(z) > 3;
    beyond4 += std::fabs(z) > 4;
  }
  EXPECT_NEAR(beyond3 / static_cast<double>(kN), 0.0026998, 0.00025);
  EXPECT_NEAR(beyond4 / static_cast<double>(kN), 6.334e-5, 2.5e-5);
}

TEST(EngineRandom, DiscreteSamplerFrequencies) {
  const std::vector<double> w = {1, 0, 3, 6};
  DiscreteSampler d(w);
  EXPECT_DOUBLE_EQ(d.Probability(3), 0.6);
  Rng rng(1);
  std::vector<int> counts(4, 0);
  constexpr int kN = 200000;
  for (int i = 0; i < kN; ++i) ++counts[d.Sample(rng)];
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(counts[0] / static_cast<double>(kN), 0.1, 0.003);
  EXPECT_NEAR(counts[2] / static_cast<double>(kN), 0.3, 0.004);
  EXPECT_NEAR(counts[3] / static_cast<double>(kN), 0.6, 0.004);
  EXPECT_THROW(DiscreteSampler(std::vector<double>{}), std::invalid_argument);
  EXPECT_THROW(DiscreteSampler(std::vector<double>{0, 0}), std::invalid_argument);
  EXPECT_THROW(DiscreteSampler(std::vector<double>{1, -1}), std::invalid_argument);
}

TEST(EngineRandom, DistributionObjects) {
  Rng rng(5);
  const Distribution lognormal = Distribution::LognormalFromMoments(30, 12);
  EXPECT_NEAR(lognormal.Mean(), 30, 1e-9);
  EXPECT_EQ(lognormal.ParameterError(), "");
  double sum = 0;
  for (int i = 0; i < 200000; ++i) sum += lognormal.Sample(rng);
  EXPECT_NEAR(sum / 200000, 30, 0.15);

  const Distribution disc = Distribution::Discrete({1, 2, 5}, {0.5, 0.25, 0.25});
  EXPECT_DOUBLE_EQ(disc.Mean(), 0.5 + 0.5 + 1.25);
  EXPECT_EQ(disc.ParameterError(), "");
  const Distribution emp = Distribution::Empirical({2, 4, 9});
  EXPECT_DOUBLE_EQ(emp.Mean(), 5);
  for (int i = 0; i < 100; ++i) {
    const double x = emp.Sample(rng);
    EXPECT_TRUE(x == 2 || x == 4 || x == 9);
  }
  const Distribution tn = Distribution::TruncatedNormal(0, 1, 0, 10);
  EXPECT_NEAR(tn.Mean(), std::sqrt(2 / M_PI), 1e-9);
  for (int i = 0; i < 1000; ++i) EXPECT_GE(tn.Sample(rng), 0);

  EXPECT_EQ(Distribution::Constant(3).Sample(rng), 3);
  EXPECT_EQ(Distribution::Exponential(2).ToString(), "exponential(mean=2)");
  EXPECT_EQ(Distribution::Gamma(-1, 2).ParameterError(), "gamma shape and scale must be > 0");
  EXPECT_NE(Distribution::Uniform(3, 1).ParameterError(), "");
  EXPECT_NE(Distribution::Bernoulli(1.5).ParameterError(), "");
  EXPECT_NE(Distribution::Normal(0, std::nan("")).ParameterError(), "");
  EXPECT_NE(Distribution::Discrete({1, 2}, {1}).ParameterError(), "");
  EXPECT_NE(Distribution::Discrete({1, 2}, {0, 0}).ParameterError(), "");
  EXPECT_NE(Distribution::Empirical({}).ParameterError(), "");
  EXPECT_NE(Distribution::LognormalFromMoments(-1, 1).ParameterError(), "");
}

// The bit patterns of draws from every distribution, hashed: a change here means the same seed no
// longer gives the same numbers (on this or any other platform).
TEST(EngineRandom, DrawsAreBitForBitStable) {
  Rng rng(20180505);
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](double x) {
    const auto bits = std::bit_cast<std::uint64_t>(x);
    for (int i = 0; i < 8; ++i) {
      h ^= (bits >> (8 * i)) & 0xFF;
      h *= 1099511628211ULL;
    }
  };
  for (int i = 0; i < 2000; ++i) {
    mix(rng.Uniform01());
    mix(rng.Exponential(2));
    mix(rng.Normal(1, 2));
    mix(rng.Lognormal(0.5, 0.7));
    mix(rng.Gamma(0.7, 1));
    mix(rng.Gamma(3, 2));
    mix(static_cast<double>(rng.Poisson(3)));
    mix(static_cast<double>(rng.Poisson(80)));
    mix(rng.Triangular(1, 2, 7));
    mix(rng.Weibull(1.5, 2));
    mix(static_cast<double>(rng.Below(1000)));
  }
  EXPECT_EQ(h, 2083181239510109590ULL)
      << "record the new value only if the change of draws is intended";
}

}  // namespace
}  // namespace kinlink::sim
