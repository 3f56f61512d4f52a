// Generators, streams and distributions. Everything here is built from IEEE-754 basic operations
// (+, -, *, /, sqrt, which are correctly rounded everywhere) so results are bit-identical across
// platforms. Floating-point contraction (fused multiply-add) would change roundings on machines
// that have it, so it is switched off for this file.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=off")
#endif
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

#include "sim/engine/random.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace kinlink::sim {

std::uint64_t SplitMix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// ---- Deterministic elementary functions (after fdlibm's e_log.c / e_exp.c, Sun Microsystems,
// freely redistributable) ----

namespace {

constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;

constexpr double kLg1 = 6.666666666666735130e-01;
constexpr double kLg2 = 3.999999999940941908e-01;
constexpr double kLg3 = 2.857142874366239149e-01;
constexpr double kLg4 = 2.222219843214978396e-01;
constexpr double kLg5 = 1.818357216161805012e-01;
constexpr double kLg6 = 1.531383769920937332e-01;
constexpr double kLg7 = 1.479819860511658591e-01;

constexpr double kP1 = 1.66666666666666019037e-01;
constexpr double kP2 = -2.77777777770155933842e-03;
constexpr double kP3 = 6.61375632143793436117e-05;
constexpr double kP4 = -1.65339022054652515390e-06;
constexpr double kP5 = 4.13813679705723846039e-08;

constexpr double Abs(double x) { return x < 0 ? -x : x; }

// 2^k as a double, for -1022 <= k <= 1023.
constexpr double Pow2(int k) {
  return std::bit_cast<double>(static_cast<std::uint64_t>(k + 1023) << 52);
}

// y * 2^k for any k a double exponent can reach.
constexpr double ScaleB(double y, int k) {
  if (k > 1023) {
    y *= Pow2(1023);
    k -= 1023;
    if (k > 1023) k = 1023;
  } else if (k < -1022) {
    y *= Pow2(-1022);
    k += 1022;
    if (k < -1022) {
      y *= Pow2(-1022);
      k += 1022;
      if (k < -1022) k = -1022;
    }
  }
  return y * Pow2(k);
}

// log(x) for finite x > 0.
constexpr double LogCore(double x) {
  std::uint64_t bits = std::bit_cast<std::uint64_t>(x);
  int k = 0;
  if ((bits >> 52) == 0) {  // subnormal: scale up by 2^54
    x *= 0x1.0p54;
    k -= 54;
    bits = std::bit_cast<std::uint64_t>(x);
  }
  k += static_cast<int>(bits >> 52) - 1023;
  // m in [1, 2)
  const std::uint64_t mbits = (bits & 0x000FFFFFFFFFFFFFULL) | 0x3FF0000000000000ULL;
  double m = std::bit_cast<double>(mbits);
  if (m > 1.4142135623730951) {  // keep 1+f in (sqrt(2)/2, sqrt(2)]
    m *= 0.5;
    ++k;
  }
  const double f = m - 1.0;
  const double dk = static_cast<double>(k);
  const double hfsq = 0.5 * f * f;
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double w = z * z;
  const double t1 = w * (kLg2 + w * (kLg4 + w * kLg6));
  const double t2 = z * (kLg1 + w * (kLg3 + w * (kLg5 + w * kLg7)));
  const double r = t2 + t1;
  return dk * kLn2Hi - ((hfsq - (s * (hfsq + r) + dk * kLn2Lo)) - f);
}

// e^x for x within the finite, non-underflowing range.
constexpr double ExpCore(double x) {
  double hi = x;
  double lo = 0;
  int k = 0;
  if (Abs(x) > 0.5 * kLn2Hi) {
    k = static_cast<int>(kInvLn2 * x + (x < 0 ? -0.5 : 0.5));
    const double dk = static_cast<double>(k);
    hi = x - dk * kLn2Hi;
    lo = dk * kLn2Lo;
  } else if (Abs(x) < 0x1.0p-28) {
    return 1.0 + x;
  }
  const double r = hi - lo;
  const double t = r * r;
  const double c = r - t * (kP1 + t * (kP2 + t * (kP3 + t * (kP4 + t * kP5))));
  const double y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
  return k == 0 ? y : ScaleB(y, k);
}

// Correctly rounded sqrt of a positive normal double, by integer square root (so it can run at
// compile time; at run time std::sqrt gives the same IEEE-754 result).
constexpr double SqrtCore(double x) {
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(x);
  unsigned __int128 m = (bits & 0x000FFFFFFFFFFFFFULL) | (std::uint64_t{1} << 52);
  int e = static_cast<int>(bits >> 52) - 1075;  // x = m * 2^e
  if ((e & 1) != 0) {
    m <<= 1;
    e -= 1;
  }
  unsigned __int128 op = m << 52;  // sqrt(op) in [2^52, 2^53]
  unsigned __int128 res = 0;
  unsigned __int128 one = static_cast<unsigned __int128>(1) << 126;
  while (one > op) one >>= 2;
  while (one != 0) {
    if (op >= res + one) {
      op -= res + one;
      res = (res >> 1) + one;
    } else {
      res >>= 1;
    }
    one >>= 2;
  }
  if (op > res) ++res;  // round to nearest (no ties for non-squares)
  return static_cast<double>(static_cast<std::uint64_t>(res)) * Pow2((e - 52) / 2);
}

}  // namespace

double DetLog(double x) {
  if (x != x || x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -std::numeric_limits<double>::infinity();
  if (x == std::numeric_limits<double>::infinity()) return x;
  return LogCore(x);
}

double DetExp(double x) {
  if (x != x) return x;
  if (x > 7.09782712893383973096e+02) return std::numeric_limits<double>::infinity();
  if (x < -7.45133219101941108420e+02) return 0.0;
  return ExpCore(x);
}

double DetLog1p(double x) {
  const double u = 1.0 + x;
  if (u == 1.0) return x;
  return DetLog(u) * (x / (u - 1.0));
}

// ---- Ziggurat tables (Marsaglia & Tsang 2000), computed at compile time ----

namespace detail {

namespace {

constexpr ZigguratTables MakeZiggurat() {
  ZigguratTables z{};
  constexpr double m = 0x1.0p53;  // the magnitude has 53 random bits
  {
    // Exponential, 256 layers.
    double de = kZigExpR;
    double te = de;
    const double ve = 3.949659822581572e-3;
    const double q = ve / ExpCore(-de);
    z.ke[0] = static_cast<std::uint64_t>((de / q) * m);
    z.ke[1] = 0;
    z.we[0] = q / m;
    z.we[255] = de / m;
    z.fe[0] = 1.0;
    z.fe[255] = ExpCore(-de);
    for (int i = 254; i >= 1; --i) {
      de = -LogCore(ve / de + ExpCore(-de));
      z.ke[i + 1] = static_cast<std::uint64_t>((de / te) * m);
      te = de;
      z.fe[i] = ExpCore(-de);
      z.we[i] = de / m;
    }
  }
  {
    // Normal, 128 layers.
    double dn = kZigNormR;
    double tn = dn;
    const double vn = 9.91256303526217e-3;
    const double q = vn / ExpCore(-0.5 * dn * dn);
    z.kn[0] = static_cast<std::uint64_t>((dn / q) * m);
    z.kn[1] = 0;
    z.wn[0] = q / m;
    z.wn[127] = dn / m;
    z.fn[0] = 1.0;
    z.fn[127] = ExpCore(-0.5 * dn * dn);
    for (int i = 126; i >= 1; --i) {
      dn = SqrtCore(-2.0 * LogCore(vn / dn + ExpCore(-0.5 * dn * dn)));
      z.kn[i + 1] = static_cast<std::uint64_t>((dn / tn) * m);
      tn = dn;
      z.fn[i] = ExpCore(-0.5 * dn * dn);
      z.wn[i] = dn / m;
    }
  }
  return z;
}

}  // namespace

constinit const ZigguratTables kZiggurat = MakeZiggurat();

}  // namespace detail

double Rng::ExponentialTail(std::uint64_t bits) {
  const auto& z = detail::kZiggurat;
  for (;;) {
    const unsigned i = static_cast<unsigned>(bits & 0xFF);
    const std::uint64_t u = bits >> 11;
    if (i == 0) return detail::kZigExpR - DetLog(UniformOpen0());
    const double x = static_cast<double>(u) * z.we[i];
    if (z.fe[i] + Uniform01() * (z.fe[i - 1] - z.fe[i]) < DetExp(-x)) return x;
    bits = Next();
    const unsigned j = static_cast<unsigned>(bits & 0xFF);
    const std::uint64_t v = bits >> 11;
    if (v < z.ke[j]) return static_cast<double>(v) * z.we[j];
  }
}

double Rng::NormalTail(std::uint64_t bits) {
  const auto& z = detail::kZiggurat;
  for (;;) {
    const unsigned i = static_cast<unsigned>(bits & 0x7F);
    const bool negative = ((bits >> 7) & 1U) != 0;
    const std::uint64_t u = bits >> 11;
    if (i == 0) {
      // The base strip's tail beyond r (Marsaglia 1964).
      double x, y;
      do {
        x = -DetLog(UniformOpen0()) / detail::kZigNormR;
        y = -DetLog(UniformOpen0());
      } while (y + y < x * x);
      return negative ? -(detail::kZigNormR + x) : detail::kZigNormR + x;
    }
    const double x = static_cast<double>(u) * z.wn[i];
    if (z.fn[i] + Uniform01() * (z.fn[i - 1] - z.fn[i]) < DetExp(-0.5 * x * x)) {
      return negative ? -x : x;
    }
    bits = Next();
    const unsigned j = static_cast<unsigned>(bits & 0x7F);
    const std::uint64_t v = bits >> 11;
    if (v < z.kn[j]) {
      const double y = static_cast<double>(v) * z.wn[j];
      return ((bits >> 7) & 1U) != 0 ? -y : y;
    }
  }
}

namespace {

// log(Gamma(x)) for x > 0 (Lanczos, g = 7, n = 9), built on DetLog.
double LogGamma(double x) {
  static constexpr double kCoef[9] = {
      0.99999999999980993,  676.5203681218851,     -1259.1392167224028,
      771.32342877765313,   -176.61502916214059,   12.507343278686905,
      -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
  if (x < 0.5) {
    // Reflection is not needed by the callers here (x >= 0.5 always); keep it simple and exact
    // for x in (0, 0.5) by the recurrence Gamma(x) = Gamma(x + 1) / x.
    return LogGamma(x + 1.0) - DetLog(x);
  }
  x -= 1.0;
  double a = kCoef[0];
  const double t = x + 7.5;
  for (int i = 1; i < 9; ++i) a += kCoef[i] / (x + static_cast<double>(i));
  return 0.91893853320467274178 + (x + 0.5) * DetLog(t) - t + DetLog(a);
}

// log(k!) exactly summed for small k, Stirling's series above.
double LogFactorial(std::int64_t k) {
  static const auto* table = [] {
    auto* t = new std::array<double, 32>();
    double s = 0;
    (*t)[0] = 0;
    for (int i = 1; i < 32; ++i) {
      s += DetLog(static_cast<double>(i));
      (*t)[i] = s;
    }
    return t;
  }();
  if (k < 32) return (*table)[k];
  const double n = static_cast<double>(k) + 1.0;  // log Gamma(n)
  const double inv = 1.0 / n;
  const double inv2 = inv * inv;
  return (n - 0.5) * DetLog(n) - n + 0.91893853320467274178 +
         inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680))));
}

}  // namespace

// ---- Rng ----

Rng::Rng(std::uint64_t seed) {
  std::uint64_t sm = seed;
  for (auto& w : s_) w = SplitMix64(sm);
}

namespace {
void ApplyJump(std::array<std::uint64_t, 4>& s, const std::uint64_t (&poly)[4], Rng& rng) {
  std::array<std::uint64_t, 4> acc{0, 0, 0, 0};
  for (std::uint64_t word : poly) {
    for (int b = 0; b < 64; ++b) {
      if ((word & (std::uint64_t{1} << b)) != 0) {
        const auto& cur = rng.state();
        for (int i = 0; i < 4; ++i) acc[i] ^= cur[i];
      }
      rng.Next();
    }
  }
  s = acc;
}
}  // namespace

void Rng::Jump() {
  static constexpr std::uint64_t kJump[4] = {0x180ec6d33cfd0abaULL, 0xd5a61266f0c9392cULL,
                                             0xa9582618e03fc9aaULL, 0x39abdc4529b1661cULL};
  std::array<std::uint64_t, 4> out;
  ApplyJump(out, kJump, *this);
  s_ = out;
}

void Rng::LongJump() {
  static constexpr std::uint64_t kLongJump[4] = {0x76e15d3efefdcbbfULL, 0xc5004e441c522fb3ULL,
                                                 0x77710069854ee241ULL, 0x39109bb02acbe635ULL};
  std::array<std::uint64_t, 4> out;
  ApplyJump(out, kLongJump, *this);
  s_ = out;
}

std::uint64_t Rng::Below(std::uint64_t n) {
  // Lemire, "Fast random integer generation in an interval" (2019).
  std::uint64_t x = Next();
  unsigned __int128 m = static_cast<unsigned __int128>(x) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      x = Next();
      m = static_cast<unsigned __int128>(x) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

std::int64_t Rng::UniformInt(std::int64_t lo, std::int64_t hi) {
  const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  if (span == std::numeric_limits<std::uint64_t>::max()) return static_cast<std::int64_t>(Next());
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + Below(span + 1));
}

double Rng::Lognormal(double mu, double sigma) { return DetExp(Normal(mu, sigma)); }

double Rng::Gamma(double shape, double scale) {
  if (shape < 1.0) {
    // Gamma(k) = Gamma(k + 1) * U^(1/k)
    const double g = Gamma(shape + 1.0, 1.0);
    return scale * g * DetExp(DetLog(UniformOpen0()) / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = Normal(0.0, 1.0);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = UniformOpen0();
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return scale * d * v;
    if (DetLog(u) < 0.5 * x2 + d * (1.0 - v + DetLog(v))) return scale * d * v;
  }
}

std::int64_t Rng::Poisson(double mean) {
  if (!(mean > 0)) return 0;
  if (mean < 30.0) {
    // Multiplication of uniforms (Knuth); expected mean + 1 draws.
    const double limit = DetExp(-mean);
    std::int64_t k = 0;
    double p = Uniform01();
    while (p > limit) {
      ++k;
      p *= Uniform01();
    }
    return k;
  }
  // PTRS: transformed rejection with squeeze (Hormann 1993).
  const double slam = std::sqrt(mean);
  const double loglam = DetLog(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = Uniform01() - 0.5;
    const double v = Uniform01();
    const double us = 0.5 - Abs(u);
    const auto k = static_cast<std::int64_t>(std::floor((2.0 * a / us + b) * u + mean + 0.43));
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (DetLog(v) + DetLog(invalpha) - DetLog(a / (us * us) + b) <=
        -mean + static_cast<double>(k) * loglam - LogFactorial(k)) {
      return k;
    }
  }
}

double Rng::Triangular(double lo, double mode, double hi) {
  const double u = Uniform01();
  const double span = hi - lo;
  if (!(span > 0)) return lo;
  const double fc = (mode - lo) / span;
  if (u < fc) return lo + std::sqrt(u * span * (mode - lo));
  return hi - std::sqrt((1.0 - u) * span * (hi - mode));
}

double Rng::Weibull(double shape, double scale) {
  const double e = -DetLog(UniformOpen0());
  return scale * DetExp(DetLog(e) / shape);
}

// ---- RandomStreams ----

Rng RandomStreams::Stream(std::uint64_t replication, std::uint64_t stream) const {
  std::uint64_t sm = seed_;
  const std::uint64_t whitened = SplitMix64(sm);
  // A bijective mix of the replication number, so distinct replications get distinct starts.
  std::uint64_t r = replication + 0x2545F4914F6CDD1DULL;
  r = (r ^ (r >> 33)) * 0xFF51AFD7ED558CCDULL;
  r = (r ^ (r >> 33)) * 0xC4CEB9FE1A85EC53ULL;
  r ^= r >> 33;
  std::uint64_t state = whitened ^ r;
  std::array<std::uint64_t, 4> s;
  for (auto& w : s) w = SplitMix64(state);
  Rng rng(s);
  for (std::uint64_t i = 0; i < stream; ++i) rng.Jump();
  return rng;
}

// ---- DiscreteSampler (Vose's alias method) ----

DiscreteSampler::DiscreteSampler(std::span<const double> weights) {
  const std::size_t n = weights.size();
  if (n == 0) throw std::invalid_argument("DiscreteSampler: no weights");
  double total = 0;
  for (double w : weights) {
    if (!(w >= 0) || w == std::numeric_limits<double>::infinity()) {
      throw std::invalid_argument("DiscreteSampler: weights must be finite and >= 0");
    }
    total += w;
  }
  if (!(total > 0)) throw std::invalid_argument("DiscreteSampler: weights sum to 0");
  p_.resize(n);
  prob_.assign(n, 0.0);
  alias_.assign(n, 0);
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small, large;
  for (std::size_t i = 0; i < n; ++i) {
    p_[i] = weights[i] / total;
    scaled[i] = p_[i] * static_cast<double>(n);
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    const std::uint32_t s = small.back();
    small.pop_back();
    const std::uint32_t l = large.back();
    large.pop_back();
    prob_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] = (scaled[l] + scaled[s]) - 1.0;
    (scaled[l] < 1.0 ? small : large).push_back(l);
  }
  for (std::uint32_t l : large) prob_[l] = 1.0;
  for (std::uint32_t s : small) prob_[s] = 1.0;  // rounding leftovers
}

std::size_t DiscreteSampler::Sample(Rng& rng) const {
  const std::size_t i = rng.Below(prob_.size());
  return rng.Uniform01() < prob_[i] ? i : alias_[i];
}

// ---- Distribution ----

namespace {
Distribution::Kind KindOf(const Distribution& d) { return d.kind(); }
}  // namespace

Distribution Distribution::Constant(double value) {
  Distribution d(Kind::kConstant);
  d.params_ = {value};
  return d;
}
Distribution Distribution::Uniform(double lo, double hi) {
  Distribution d(Kind::kUniform);
  d.params_ = {lo, hi};
  return d;
}
Distribution Distribution::Exponential(double mean) {
  Distribution d(Kind::kExponential);
  d.params_ = {mean};
  return d;
}
Distribution Distribution::Normal(double mean, double stddev) {
  Distribution d(Kind::kNormal);
  d.params_ = {mean, stddev};
  return d;
}
Distribution Distribution::TruncatedNormal(double mean, double stddev, double lo, double hi) {
  Distribution d(Kind::kTruncatedNormal);
  d.params_ = {mean, stddev, lo, hi};
  return d;
}
Distribution Distribution::Lognormal(double mu, double sigma) {
  Distribution d(Kind::kLognormal);
  d.params_ = {mu, sigma};
  return d;
}
Distribution Distribution::LognormalFromMoments(double mean, double stddev) {
  Distribution d(Kind::kLognormal);
  if (mean > 0 && stddev > 0) {
    const double v = DetLog1p((stddev * stddev) / (mean * mean));
    d.params_ = {DetLog(mean) - 0.5 * v, std::sqrt(v)};
  } else {
    d.params_ = {std::numeric_limits<double>::quiet_NaN(),
                 std::numeric_limits<double>::quiet_NaN()};
  }
  return d;
}
Distribution Distribution::Gamma(double shape, double scale) {
  Distribution d(Kind::kGamma);
  d.params_ = {shape, scale};
  return d;
}
Distribution Distribution::Triangular(double lo, double mode, double hi) {
  Distribution d(Kind::kTriangular);
  d.params_ = {lo, mode, hi};
  return d;
}
Distribution Distribution::Weibull(double shape, double scale) {
  Distribution d(Kind::kWeibull);
  d.params_ = {shape, scale};
  return d;
}
Distribution Distribution::Poisson(double mean) {
  Distribution d(Kind::kPoisson);
  d.params_ = {mean};
  return d;
}
Distribution Distribution::Bernoulli(double p) {
  Distribution d(Kind::kBernoulli);
  d.params_ = {p};
  return d;
}
Distribution Distribution::Discrete(std::vector<double> values, std::vector<double> weights) {
  Distribution d(Kind::kDiscrete);
  d.params_ = weights;
  d.values_ = std::move(values);
  if (d.values_.size() == weights.size() && !weights.empty()) {
    double total = 0;
    bool ok = true;
    for (double w : weights) {
      ok = ok && w >= 0 && w != std::numeric_limits<double>::infinity();
      total += w;
    }
    if (ok && total > 0) d.sampler_ = DiscreteSampler(weights);
  }
  return d;
}
Distribution Distribution::Empirical(std::vector<double> samples) {
  Distribution d(Kind::kEmpirical);
  d.values_ = std::move(samples);
  return d;
}

std::string Distribution::ParameterError() const {
  const auto& p = params_;
  auto finite = [&] {
    for (double x : p) {
      if (!std::isfinite(x)) return false;
    }
    return true;
  };
  if (!finite()) return "parameters must be finite numbers";
  switch (KindOf(*this)) {
    case Kind::kConstant:
      return "";
    case Kind::kUniform:
      return p[0] <= p[1] ? "" : "uniform needs lo <= hi";
    case Kind::kExponential:
      return p[0] >= 0 ? "" : "exponential mean must be >= 0";
    case Kind::kNormal:
      return p[1] >= 0 ? "" : "normal stddev must be >= 0";
    case Kind::kTruncatedNormal:
      if (p[1] < 0) return "normal stddev must be >= 0";
      return p[2] <= p[3] ? "" : "truncated normal needs lo <= hi";
    case Kind::kLognormal:
      return p[1] >= 0 ? "" : "lognormal sigma must be >= 0";
    case Kind::kGamma:
      return p[0] > 0 && p[1] > 0 ? "" : "gamma shape and scale must be > 0";
    case Kind::kTriangular:
      return p[0] <= p[1] && p[1] <= p[2] ? "" : "triangular needs lo <= mode <= hi";
    case Kind::kWeibull:
      return p[0] > 0 && p[1] > 0 ? "" : "weibull shape and scale must be > 0";
    case Kind::kPoisson:
      return p[0] >= 0 ? "" : "poisson mean must be >= 0";
    case Kind::kBernoulli:
      return p[0] >= 0 && p[0] <= 1 ? "" : "bernoulli p must be in [0, 1]";
    case Kind::kDiscrete:
      if (values_.size() != p.size()) return "discrete needs as many weights as values";
      if (p.empty()) return "discrete needs at least one value";
      if (sampler_.size() == 0) return "discrete weights must be >= 0 with a positive sum";
      return "";
    case Kind::kEmpirical:
      return values_.empty() ? "empirical needs at least one sample" : "";
  }
  return "unknown distribution";
}

double Distribution::Sample(Rng& rng) const {
  const auto& p = params_;
  switch (kind_) {
    case Kind::kConstant:
      return p[0];
    case Kind::kUniform:
      return rng.Uniform(p[0], p[1]);
    case Kind::kExponential:
      return rng.Exponential(p[0]);
    case Kind::kNormal:
      return rng.Normal(p[0], p[1]);
    case Kind::kTruncatedNormal: {
      if (p[2] == p[3]) return p[2];
      for (int i = 0; i < 1000; ++i) {
        const double x = rng.Normal(p[0], p[1]);
        if (x >= p[2] && x <= p[3]) return x;
      }
      return std::min(std::max(p[0], p[2]), p[3]);  // the window is far in a tail
    }
    case Kind::kLognormal:
      return rng.Lognormal(p[0], p[1]);
    case Kind::kGamma:
      return rng.Gamma(p[0], p[1]);
    case Kind::kTriangular:
      return rng.Triangular(p[0], p[1], p[2]);
    case Kind::kWeibull:
      return rng.Weibull(p[0], p[1]);
    case Kind::kPoisson:
      return static_cast<double>(rng.Poisson(p[0]));
    case Kind::kBernoulli:
      return rng.Bernoulli(p[0]) ? 1.0 : 0.0;
    case Kind::kDiscrete:
      return values_[sampler_.Sample(rng)];
    case Kind::kEmpirical:
      return values_[rng.Below(values_.size())];
  }
  return 0;
}

double Distribution::Mean() const {
  const auto& p = params_;
  switch (kind_) {
    case Kind::kConstant:
      return p[0];
    case Kind::kUniform:
      return 0.5 * (p[0] + p[1]);
    case Kind::kExponential:
    case Kind::kNormal:
      return p[0];  // the mean is the first parameter
    case Kind::kTruncatedNormal: {
      // Mean of a normal truncated to [lo, hi]: mu + sigma (phi(a) - phi(b)) / (Phi(b) - Phi(a)).
      if (p[1] == 0) return std::min(std::max(p[0], p[2]), p[3]);
      const double a = (p[2] - p[0]) / p[1];
      const double b = (p[3] - p[0]) / p[1];
      const double phi_a = DetExp(-0.5 * a * a) * 0.3989422804014327;
      const double phi_b = DetExp(-0.5 * b * b) * 0.3989422804014327;
      const double mass = 0.5 * (std::erfc(-b / std::sqrt(2.0)) - std::erfc(-a / std::sqrt(2.0)));
      if (!(mass > 0)) return std::min(std::max(p[0], p[2]), p[3]);
      return p[0] + p[1] * (phi_a - phi_b) / mass;
    }
    case Kind::kLognormal:
      return DetExp(p[0] + 0.5 * p[1] * p[1]);
    case Kind::kGamma:
      return p[0] * p[1];
    case Kind::kTriangular:
      return (p[0] + p[1] + p[2]) / 3.0;
    case Kind::kWeibull:
      return p[1] * DetExp(LogGamma(1.0 + 1.0 / p[0]));
    case Kind::kPoisson:
    case Kind::kBernoulli:
      return p[0];  // the mean (p for Bernoulli)
    case Kind::kDiscrete: {
      double m = 0;
      for (std::size_t i = 0; i < values_.size() && i < sampler_.size(); ++i) {
        m += values_[i] * sampler_.Probability(i);
      }
      return m;
    }
    case Kind::kEmpirical: {
      if (values_.empty()) return 0;
      double s = 0;
      for (double v : values_) s += v;
      return s / static_cast<double>(values_.size());
    }
  }
  return 0;
}

std::string Distribution::ToString() const {
  std::ostringstream out;
  out.precision(10);
  const auto& p = params_;
  switch (kind_) {
    case Kind::kConstant:
      out << "constant(" << p[0] << ")";
      break;
    case Kind::kUniform:
      out << "uniform(lo=" << p[0] << ", hi=" << p[1] << ")";
      break;
    case Kind::kExponential:
      out << "exponential(mean=" << p[0] << ")";
      break;
    case Kind::kNormal:
      out << "normal(mean=" << p[0] << ", sd=" << p[1] << ")";
      break;
    case Kind::kTruncatedNormal:
      out << "truncated_normal(mean=" << p[0] << ", sd=" << p[1] << ", lo=" << p[2]
          << ", hi=" << p[3] << ")";
      break;
    case Kind::kLognormal:
      out << "lognormal(mu=" << p[0] << ", sigma=" << p[1] << ")";
      break;
    case Kind::kGamma:
      out << "gamma(shape=" << p[0] << ", scale=" << p[1] << ")";
      break;
    case Kind::kTriangular:
      out << "triangular(lo=" << p[0] << ", mode=" << p[1] << ", hi=" << p[2] << ")";
      break;
    case Kind::kWeibull:
      out << "weibull(shape=" << p[0] << ", scale=" << p[1] << ")";
      break;
    case Kind::kPoisson:
      out << "poisson(mean=" << p[0] << ")";
      break;
    case Kind::kBernoulli:
      out << "bernoulli(p=" << p[0] << ")";
      break;
    case Kind::kDiscrete:
      out << "discrete(" << values_.size() << " values)";
      break;
    case Kind::kEmpirical:
      out << "empirical(" << values_.size() << " samples)";
      break;
  }
  return out.str();
}

}  // namespace kinlink::sim
