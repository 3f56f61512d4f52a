// Random numbers for the simulator: a small fast generator, independent streams per replication
// derived from one seed, and the distributions the models need, all implemented here.
//
//   RandomStreams streams(/*seed=*/42);
//   Rng arrivals = streams.Stream(/*replication=*/3, /*stream=*/0);
//   Rng service  = streams.Stream(3, 1);
//   double gap = arrivals.Exponential(/*mean=*/0.5);
//
//   Distribution stay = Distribution::Lognormal(/*mu=*/3.2, /*sigma=*/0.6);
//   double days = stay.Sample(service);
//
// Exponential and normal variates use the ziggurat method (Marsaglia & Tsang 2000, with the layer
// index and the magnitude taken from disjoint bits of one 64-bit draw); its tables are computed at
// compile time by the same deterministic arithmetic.
//
// Generator: xoshiro256** (Blackman & Vigna), 256 bits of state, period 2^256 - 1, seeded by
// SplitMix64. Streams: Stream(r, s) seeds a generator from a SplitMix64 hash of (seed, r) and then
// applies s jumps of 2^128 steps, so the streams of one replication are provably disjoint
// sequences; different replications start from unrelated hashed states (the chance that two
// overlap within 2^64 draws is below 2^-120).
//
// Reproducibility: every distribution below is implemented in this engine from uniform draws
// (no <random> distributions, whose algorithms differ between standard libraries), and the
// elementary functions they need (log, exp, sqrt, sin/cos are avoided; see random.cc) are the
// engine's own deterministic implementations built from IEEE-754 +, -, *, / and sqrt, compiled
// without floating-point contraction. So the same seed gives bit-identical draws on every
// platform with IEEE-754 doubles (x86-64, AArch64), with any compiler and standard library.
//
// Thread safety: an Rng is a value; use one per thread (one per replication stream).
#ifndef KINLINK_SIM_ENGINE_RANDOM_H_
#define KINLINK_SIM_ENGINE_RANDOM_H_

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace kinlink::sim {

// SplitMix64: the standard 64-bit mixer; used for seeding.
std::uint64_t SplitMix64(std::uint64_t& state);

// Deterministic elementary functions (accurate to about 1 ulp; identical on every IEEE-754
// platform). Exposed for tests and for models that need reproducible math.
double DetLog(double x);    // natural log; x > 0
double DetExp(double x);    // e^x
double DetLog1p(double x);  // log(1 + x), x > -1

namespace detail {
// Ziggurat tables (exponential: 256 layers; normal: 128 layers), built at compile time.
inline constexpr double kZigExpR = 7.697117470131487;
inline constexpr double kZigNormR = 3.442619855899;
struct ZigguratTables {
  std::uint64_t ke[256];
  double we[256];
  double fe[256];
  std::uint64_t kn[128];
  double wn[128];
  double fn[128];
};
extern const ZigguratTables kZiggurat;
}  // namespace detail

// xoshiro256**. Satisfies UniformRandomBitGenerator.
class Rng {
 public:
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  // Seeds the 256-bit state from `seed` through SplitMix64.
  explicit Rng(std::uint64_t seed = 0);
  // From an explicit state (not all zero).
  explicit Rng(const std::array<std::uint64_t, 4>& state) : s_(state) {}

  result_type operator()() { return Next(); }
  std::uint64_t Next() {
    const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Advances 2^128 steps (2^128 non-overlapping subsequences).
  void Jump();
  // Advances 2^192 steps.
  void LongJump();
  const std::array<std::uint64_t, 4>& state() const { return s_; }

  // ---- Draws ----
  // Uniform on [0, 1), 53 random bits.
  double Uniform01() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform on (0, 1]: never 0, safe for log.
  double UniformOpen0() { return static_cast<double>((Next() >> 11) + 1) * 0x1.0p-53; }
  // Uniform on [a, b).
  double Uniform(double a, double b) { return a + (b - a) * Uniform01(); }
  // Uniform integer in [0, n), unbiased (Lemire's method); n > 0.
  std::uint64_t Below(std::uint64_t n);
  // Uniform integer in [lo, hi], inclusive.
  std::int64_t UniformInt(std::int64_t lo, std::int64_t hi);
  // True with probability p.
  bool Bernoulli(double p) { return Uniform01() < p; }
  // Exponential with mean 1 (ziggurat method: one 64-bit draw and a table lookup 99% of the time).
  double StandardExponential() {
    const std::uint64_t bits = Next();
    const std::uint64_t u = bits >> 11;
    const unsigned i = static_cast<unsigned>(bits & 0xFF);
    if (u < detail::kZiggurat.ke[i]) return static_cast<double>(u) * detail::kZiggurat.we[i];
    return ExponentialTail(bits);
  }
  // Exponential with the given mean (mean = 1 / rate). mean >= 0.
  double Exponential(double mean) { return mean * StandardExponential(); }
  // Standard normal (ziggurat method).
  double StandardNormal() {
    const std::uint64_t bits = Next();
    const std::uint64_t u = bits >> 11;
    const unsigned i = static_cast<unsigned>(bits & 0x7F);
    if (u < detail::kZiggurat.kn[i]) {
      const double x = static_cast<double>(u) * detail::kZiggurat.wn[i];
      return ((bits >> 7) & 1U) != 0 ? -x : x;
    }
    return NormalTail(bits);
  }
  // Normal with the given mean and standard deviation.
  double Normal(double mean, double stddev) { return mean + stddev * StandardNormal(); }
  // exp(Normal(mu, sigma)): mu and sigma are those of the underlying normal.
  double Lognormal(double mu, double sigma);
  // Gamma with shape k > 0 and scale theta (mean k * theta); Marsaglia-Tsang.
  double Gamma(double shape, double scale);
  // Poisson with the given mean >= 0 (inversion below 30, PTRS above).
  std::int64_t Poisson(double mean);
  // Triangular on [lo, hi] with the given mode.
  double Triangular(double lo, double mode, double hi);
  // Weibull with shape k > 0 and scale lambda.
  double Weibull(double shape, double scale);

 private:
  static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  double ExponentialTail(std::uint64_t bits);
  double NormalTail(std::uint64_t bits);
  std::array<std::uint64_t, 4> s_;
};

// Independent streams per replication and purpose, from one master seed.
class RandomStreams {
 public:
  explicit RandomStreams(std::uint64_t seed) : seed_(seed) {}
  std::uint64_t seed() const { return seed_; }
  // The generator for `stream` (a model-defined purpose: arrivals, durations...) in `replication`.
  Rng Stream(std::uint64_t replication, std::uint64_t stream) const;

 private:
  std::uint64_t seed_;
};

// Sampling from a discrete distribution over indices 0..n-1 with given weights (Walker/Vose alias
// method: O(1) per draw).
class DiscreteSampler {
 public:
  DiscreteSampler() = default;
  // Weights must be >= 0 with a positive sum.
  explicit DiscreteSampler(std::span<const double> weights);
  std::size_t Sample(Rng& rng) const;
  std::size_t size() const { return prob_.size(); }
  // Normalized probability of index i.
  double Probability(std::size_t i) const { return p_[i]; }

 private:
  std::vector<double> prob_;
  std::vector<std::uint32_t> alias_;
  std::vector<double> p_;
};

// A distribution chosen at run time (e.g. from a scenario file). A value type.
class Distribution {
 public:
  enum class Kind {
    kConstant,
    kUniform,
    kExponential,
    kNormal,
    kTruncatedNormal,  // normal resampled until within [lo, hi]
    kLognormal,
    kGamma,
    kTriangular,
    kWeibull,
    kPoisson,
    kBernoulli,
    kDiscrete,   // values with weights
    kEmpirical,  // one of the observed samples, uniformly
  };

  Distribution() : Distribution(Kind::kConstant) {}

  static Distribution Constant(double value);
  static Distribution Uniform(double lo, double hi);
  static Distribution Exponential(double mean);
  static Distribution Normal(double mean, double stddev);
  static Distribution TruncatedNormal(double mean, double stddev, double lo, double hi);
  static Distribution Lognormal(double mu, double sigma);
  // The lognormal whose own mean and standard deviation are given (both > 0).
  static Distribution LognormalFromMoments(double mean, double stddev);
  static Distribution Gamma(double shape, double scale);
  static Distribution Triangular(double lo, double mode, double hi);
  static Distribution Weibull(double shape, double scale);
  static Distribution Poisson(double mean);
  static Distribution Bernoulli(double p);
  static Distribution Discrete(std::vector<double> values, std::vector<double> weights);
  static Distribution Empirical(std::vector<double> samples);

  double Sample(Rng& rng) const;
  // Empty if the parameters are valid, else what is wrong, e.g. "sigma must be > 0". Factories
  // accept anything; callers that read parameters from input (scenario files) check this.
  std::string ParameterError() const;
  // The theoretical mean (the sample mean for kEmpirical).
  double Mean() const;
  Kind kind() const { return kind_; }
  // The parameters as given to the factory, in order (for printing and tests).
  const std::vector<double>& params() const { return params_; }
  // e.g. "lognormal(mu=3.2, sigma=0.6)".
  std::string ToString() const;

 private:
  explicit Distribution(Kind kind) : kind_(kind) {}
  Kind kind_;
  std::vector<double> params_;
  std::vector<double> values_;  // discrete values, empirical samples
  DiscreteSampler sampler_;
};

}  // namespace kinlink::sim

#endif  // KINLINK_SIM_ENGINE_RANDOM_H_
