#include "sim/engine/replication.h"

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

namespace kinlink::sim {

namespace {

double LogGammaHalfSafe(double x) { return std::lgamma(x); }

// Continued fraction for the regularized incomplete beta function (modified Lentz).
double BetaContinuedFraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  constexpr double kEps = 1e-16;
  const double qab = a + b;
  const double qap = a + 1.0;
  const double qam = a - 1.0;
  double c = 1.0;
  double d = 1.0 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1.0 / d;
  double h = d;
  for (int m = 1; m <= 10000; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1.0 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1.0 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1.0) < kEps) break;
  }
  return h;
}

// I_x(a, b).
double RegularizedBeta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double ln_front = LogGammaHalfSafe(a + b) - LogGammaHalfSafe(a) - LogGammaHalfSafe(b) +
                          a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(ln_front);
  if (x < (a + 1.0) / (a + b + 2.0)) return front * BetaContinuedFraction(a, b, x) / a;
  return 1.0 - front * BetaContinuedFraction(b, a, 1.0 - x) / b;
}

// P(T <= t) for Student's t with nu degrees of freedom.
double StudentTCdf(double t, double nu) {
  const double x = nu / (nu + t * t);
  const double tail = 0.5 * RegularizedBeta(0.5 * nu, 0.5, x);
  return t >= 0 ? 1.0 - tail : tail;
}

}  // namespace

double StudentTQuantile(double p, double dof) {
  if (!(p > 0 && p < 1) || !(dof > 0)) return std::numeric_limits<double>::quiet_NaN();
  if (p == 0.5) return 0;
  if (p < 0.5) return -StudentTQuantile(1.0 - p, dof);
  // Bracket, then bisect: the CDF is monotone, and 200 halvings reach double precision.
  double lo = 0;
  double hi = 1;
  while (StudentTCdf(hi, dof) < p) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return std::numeric_limits<double>::infinity();
  }
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (mid == lo || mid == hi) break;
    if (StudentTCdf(mid, dof) < p) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

Estimate MeanConfidenceInterval(std::span<const double> values, double confidence) {
  Estimate e;
  e.confidence = confidence;
  e.n = values.size();
  if (values.empty()) return e;
  double mean = 0;
  double m2 = 0;
  double mn = values[0];
  double mx = values[0];
  std::size_t k = 0;
  for (double x : values) {
    ++k;
    const double d = x - mean;
    mean += d / static_cast<double>(k);
    m2 += d * (x - mean);
    mn = std::min(mn, x);
    mx = std::max(mx, x);
  }
  e.mean = mean;
  e.min = mn;
  e.max = mx;
  if (e.n >= 2) {
    e.stddev = std::sqrt(m2 / static_cast<double>(e.n - 1));
    const double t = StudentTQuantile(0.5 + 0.5 * confidence, static_cast<double>(e.n - 1));
    e.half_width = t * e.stddev / std::sqrt(static_cast<double>(e.n));
  }
  e.lower = e.mean - e.half_width;
  e.upper = e.mean + e.half_width;
  return e;
}

void Metrics::Set(const std::string& name, double value) {
  for (auto& [k, v] : entries_) {
    if (k == name) {
      v = value;
      return;
    }
  }
  entries_.emplace_back(name, value);
}

std::optional<double> Metrics::Get(const std::string& name) const {
  for (const auto& [k, v] : entries_) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::vector<MetricSummary> Summarize(std::span<const Metrics> runs, double confidence) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<double>> values;
  for (const Metrics& m : runs) {
    for (const auto& [name, v] : m.entries()) {
      auto [it, inserted] = values.try_emplace(name);
      if (inserted) order.push_back(name);
      it->second.push_back(v);
    }
  }
  std::vector<MetricSummary> out;
  out.reserve(order.size());
  for (const std::string& name : order) {
    out.push_back(MetricSummary{name, MeanConfidenceInterval(values[name], confidence)});
  }
  return out;
}

}  // namespace kinlink::sim
