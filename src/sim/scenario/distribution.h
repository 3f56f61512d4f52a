// Random quantities a scenario sets: durations, counts and categorical choices.
//
// A DistributionSpec is a value read from a scenario ({ dist = "lognormal", mean = 2, sd = 1 }).
// It only describes the distribution: the pipeline turns it into the engine's Distribution
// (sim/engine/random.h), whose draws are bit-identical on every platform. Values are in the unit
// the scenario key names (hours or days); the loader never converts silently.
// Categorical<T> is a weighted choice among values (nationalities, reasons, counts).
//
//   DistributionSpec d = DistributionSpec::Lognormal(90.0, 45.0);   // days
//   d.Mean();       // 90
//   Categorical<int> children({1, 2, 3}, {0.8, 0.15, 0.05});
//   int k = children.Sample(u);   // u uniform in [0, 1)
//
// Thread safety: values.
#ifndef KINLINK_SIM_SCENARIO_DISTRIBUTION_H_
#define KINLINK_SIM_SCENARIO_DISTRIBUTION_H_

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace kinlink::sim {

enum class DistributionKind {
  kFixed,        // value
  kUniform,      // min, max
  kExponential,  // mean
  kLognormal,    // mean, sd (of the quantity itself, not of its logarithm)
  kTriangular,   // min, mode, max
  kEmpirical,    // values, weights: a weighted choice among listed values
};
std::string_view ToString(DistributionKind kind);

struct DistributionSpec {
  DistributionKind kind = DistributionKind::kFixed;
  double a = 0;                // fixed: value; uniform/triangular: min; exponential/lognormal: mean
  double b = 0;                // uniform: max; triangular: mode; lognormal: sd
  double c = 0;                // triangular: max
  std::vector<double> values;  // empirical
  std::vector<double> weights;  // empirical, cumulative after Normalize()

  static DistributionSpec Fixed(double value);
  static DistributionSpec Uniform(double min, double max);
  static DistributionSpec Exponential(double mean);
  static DistributionSpec Lognormal(double mean, double sd);
  static DistributionSpec Triangular(double min, double mode, double max);
  static DistributionSpec Empirical(std::vector<double> values, std::vector<double> weights);

  double Mean() const;
  // "lognormal(mean 90, sd 45)".
  std::string Describe() const;
};

// A weighted choice among values; weights need not sum to 1 (they are normalised).
template <typename T>
class Categorical {
 public:
  Categorical() = default;
  Categorical(std::vector<T> items, const std::vector<double>& weights) : items_(std::move(items)) {
    double total = 0;
    for (double w : weights) total += w;
    double running = 0;
    for (double w : weights) {
      running += total > 0 ? w / total : 0;
      cumulative_.push_back(running);
    }
    if (!cumulative_.empty()) cumulative_.back() = 1.0;
  }
  bool empty() const { return items_.empty(); }
  const std::vector<T>& items() const { return items_; }
  double Probability(size_t i) const { return cumulative_[i] - (i == 0 ? 0 : cumulative_[i - 1]); }
  // `u` uniform in [0, 1).
  const T& Sample(double u) const { return items_[SampleIndex(u)]; }
  // The index in items() of Sample(u).
  size_t SampleIndex(double u) const {
    size_t i = std::upper_bound(cumulative_.begin(), cumulative_.end(), u) - cumulative_.begin();
    return std::min(i, items_.size() - 1);
  }

 private:
  std::vector<T> items_;
  std::vector<double> cumulative_;
};

}  // namespace kinlink::sim

#endif  // KINLINK_SIM_SCENARIO_DISTRIBUTION_H_
