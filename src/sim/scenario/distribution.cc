#include "sim/scenario/distribution.h"

#include <fmt/format.h>

#include <algorithm>

namespace kinlink::sim {

std::string_view ToString(DistributionKind kind) {
  switch (kind) {
    case DistributionKind::kFixed:
      return "fixed";
    case DistributionKind::kUniform:
      return "uniform";
    case DistributionKind::kExponential:
      return "exponential";
    case DistributionKind::kLognormal:
      return "lognormal";
    case DistributionKind::kTriangular:
      return "triangular";
    case DistributionKind::kEmpirical:
      return "empirical";
  }
  return "fixed";
}

DistributionSpec DistributionSpec::Fixed(double value) {
  DistributionSpec spec;
  spec.a = value;
  return spec;
}
DistributionSpec DistributionSpec::Uniform(double min, double max) {
  DistributionSpec spec;
  spec.kind = DistributionKind::kUniform;
  spec.a = min;
  spec.b = max;
  return spec;
}
DistributionSpec DistributionSpec::Exponential(double mean) {
  DistributionSpec spec;
  spec.kind = DistributionKind::kExponential;
  spec.a = mean;
  return spec;
}
DistributionSpec DistributionSpec::Lognormal(double mean, double sd) {
  DistributionSpec spec;
  spec.kind = DistributionKind::kLognormal;
  spec.a = mean;
  spec.b = sd;
  return spec;
}
DistributionSpec DistributionSpec::Triangular(double min, double mode, double max) {
  DistributionSpec spec;
  spec.kind = DistributionKind::kTriangular;
  spec.a = min;
  spec.b = mode;
  spec.c = max;
  return spec;
}
DistributionSpec DistributionSpec::Empirical(std::vector<double> values,
                                             std::vector<double> weights) {
  DistributionSpec spec;
  spec.kind = DistributionKind::kEmpirical;
  double total = 0;
  for (double w : weights) total += w;
  double running = 0;
  for (double w : weights) {
    running += total > 0 ? w / total : 0;
    spec.weights.push_back(running);
  }
  if (!spec.weights.empty()) spec.weights.back() = 1.0;
  spec.values = std::move(values);
  return spec;
}

double DistributionSpec::Mean() const {
  switch (kind) {
    case DistributionKind::kFixed:
      return a;
    case DistributionKind::kUniform:
      return (a + b) / 2;
    case DistributionKind::kExponential:
      return a;
    case DistributionKind::kLognormal:
      return a;
    case DistributionKind::kTriangular:
      return (a + b + c) / 3;
    case DistributionKind::kEmpirical: {
      double mean = 0, previous = 0;
      for (size_t i = 0; i < values.size(); ++i) {
        mean += values[i] * (weights[i] - previous);
        previous = weights[i];
      }
      return mean;
    }
  }
  return a;
}

std::string DistributionSpec::Describe() const {
  switch (kind) {
    case DistributionKind::kFixed:
      return fmt::format("fixed({:g})", a);
    case DistributionKind::kUniform:
      return fmt::format("uniform({:g}..{:g})", a, b);
    case DistributionKind::kExponential:
      return fmt::format("exponential(mean {:g})", a);
    case DistributionKind::kLognormal:
      return fmt::format("lognormal(mean {:g}, sd {:g})", a, b);
    case DistributionKind::kTriangular:
      return fmt::format("triangular({:g}, mode {:g}, {:g})", a, b, c);
    case DistributionKind::kEmpirical:
      return fmt::format("empirical({} values, mean {:g})", values.size(), Mean());
  }
  return "";
}

}  // namespace kinlink::sim
