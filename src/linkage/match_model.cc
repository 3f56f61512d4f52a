#include "linkage/match_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

namespace kinlink::linkage {
namespace {

constexpr double kFloor = 1e-6;  // no level is impossible: keeps weights finite

void Normalize(std::vector<double>& probabilities) {
  double total = 0;
  for (double& p : probabilities) {
    p = std::max(p, kFloor);
    total += p;
  }
  for (double& p : probabilities) p /= total;
}

}  // namespace

MatchModel::MatchModel(std::vector<Comparison> comparisons) : comparisons_(std::move(comparisons)) {
  for (const auto& c : comparisons_) {
    const auto levels = static_cast<size_t>(c.level_count());
    // Starting values: matches mostly agree exactly, non-matches mostly disagree.
    std::vector<double> m(levels, 0.1 / static_cast<double>(levels));
    std::vector<double> u(levels, 0.05 / static_cast<double>(levels));
    m[0] = 0.9;
    u[levels - 1] = 0.95;
    Normalize(m);
    Normalize(u);
    m_.push_back(std::move(m));
    u_.push_back(std::move(u));
  }
}

Status MatchModel::EstimateU(const PatternCounts& random_pairs) {
  if (random_pairs.empty()) return FailedPreconditionError("no random pairs to estimate u from");
  for (size_t c = 0; c < comparisons_.size(); ++c) {
    std::vector<double> counts(u_[c].size(), 0.0);
    for (const auto& [pattern, count] : random_pairs) {
      int level = LevelOf(pattern, c);
      if (level == kNullLevel) continue;
      counts[static_cast<size_t>(level)] += static_cast<double>(count);
    }
    SetUFromLevelCounts(c, std::move(counts));
  }
  return Status::Ok();
}

void MatchModel::SetUFromLevelCounts(size_t comparison, std::vector<double> counts) {
  double total = 0;
  for (double v : counts) total += v;
  if (total == 0) return;  // the field is never present: keep the defaults
  // Half a pair of smoothing per level so an unseen level is rare, not impossible.
  for (double& v : counts) v = (v + 0.5) / (total + 0.5 * static_cast<double>(counts.size()));
  Normalize(counts);
  u_[comparison] = std::move(counts);
}

Result<EmReport> MatchModel::EstimateMByEm(const PatternCounts& blocked_pairs, int max_iterations,
                                           double tolerance) {
  if (blocked_pairs.empty()) return FailedPreconditionError("no candidate pairs for EM");
  std::vector<std::pair<Pattern, double>> patterns;
  patterns.reserve(blocked_pairs.size());
  double total = 0;
  for (const auto& [pattern, count] : blocked_pairs) {
    patterns.emplace_back(pattern, static_cast<double>(count));
    total += static_cast<double>(count);
  }
  std::sort(patterns.begin(), patterns.end());  // deterministic summation order
  EmReport report;
  if (lambda_ < 1e-3) lambda_ = 0.1;  // a blocked set holds far more matches than random pairs
  for (int iteration = 0; iteration < max_iterations; ++iteration) {
    std::vector<std::vector<double>> m_sum(comparisons_.size());
    for (size_t c = 0; c < comparisons_.size(); ++c) m_sum[c].assign(m_[c].size(), 0.0);
    double match_mass = 0;
    for (const auto& [pattern, count] : patterns) {
      double posterior = ProbabilityOfWeight(Weight(pattern));
      double mass = posterior * count;
      match_mass += mass;
      for (size_t c = 0; c < comparisons_.size(); ++c) {
        int level = LevelOf(pattern, c);
        if (level != kNullLevel) m_sum[c][static_cast<size_t>(level)] += mass;
      }
    }
    double max_change = 0;
    for (size_t c = 0; c < comparisons_.size(); ++c) {
      double level_total = 0;
      for (double v : m_sum[c]) level_total += v;
      if (level_total <= 0) continue;
      for (double& v : m_sum[c]) v /= level_total;
      Normalize(m_sum[c]);
      for (size_t l = 0; l < m_sum[c].size(); ++l) {
        max_change = std::max(max_change, std::abs(m_sum[c][l] - m_[c][l]));
      }
      m_[c] = std::move(m_sum[c]);
    }
    // Bounded away from 1: when (nearly) every candidate pair is a match, a prior of +10 bits is
    // still evidence the comparisons can overturn.
    double new_lambda = std::clamp(match_mass / total, 1e-9, 0.999);
    max_change = std::max(max_change, std::abs(new_lambda - lambda_));
    lambda_ = new_lambda;
    report.iterations = iteration + 1;
    if (max_change < tolerance) {
      report.converged = true;
      break;
    }
  }
  report.lambda = lambda_;
  return report;
}

Status MatchModel::EstimateMFromLabels(const PatternCounts& matching_pairs) {
  if (matching_pairs.empty()) return FailedPreconditionError("no labelled matching pairs");
  for (size_t c = 0; c < comparisons_.size(); ++c) {
    std::vector<double> counts(m_[c].size(), 0.0);
    double total = 0;
    for (const auto& [pattern, count] : matching_pairs) {
      int level = LevelOf(pattern, c);
      if (level == kNullLevel) continue;
      counts[static_cast<size_t>(level)] += static_cast<double>(count);
      total += static_cast<double>(count);
    }
    if (total == 0) continue;
    for (double& v : counts) v = (v + 0.5) / (total + 0.5 * static_cast<double>(counts.size()));
    Normalize(counts);
    m_[c] = std::move(counts);
  }
  return Status::Ok();
}

Result<int> MatchModel::EstimateLambda(const PatternCounts& blocked_pairs, double possible_pairs,
                                       int max_iterations) {
  if (blocked_pairs.empty() || possible_pairs <= 0) {
    return FailedPreconditionError("no candidate pairs to estimate the match prior from");
  }
  std::vector<std::pair<Pattern, double>> patterns;
  patterns.reserve(blocked_pairs.size());
  for (const auto& [pattern, count] : blocked_pairs) {
    patterns.emplace_back(pattern, static_cast<double>(count));
  }
  std::sort(patterns.begin(), patterns.end());  // deterministic summation order
  // Start well below the share of candidates among all pairs; the iteration then rises
  // monotonically to the fixed point.
  lambda_ = std::clamp(1e-3 * static_cast<double>(patterns.size()) / possible_pairs, 1e-12, 0.5);
  int iteration = 0;
  while (iteration < max_iterations) {
    ++iteration;
    double expected = 0;
    for (const auto& [pattern, count] : patterns) {
      expected += ProbabilityOfWeight(Weight(pattern)) * count;
    }
    double next = std::clamp(expected / possible_pairs, 1e-12, 0.5);
    double change = std::abs(next - lambda_) / lambda_;
    lambda_ = next;
    if (change < 1e-6) break;
  }
  return iteration;
}

double MatchModel::LevelWeight(size_t comparison, int level) const {
  if (level == kNullLevel) return 0.0;
  auto l = static_cast<size_t>(level);
  return std::log2(m_[comparison][l] / u_[comparison][l]);
}

double MatchModel::TermFrequencyAdjustment(size_t comparison, double frequency) const {
  if (frequency <= 0) return 0.0;
  return std::log2(u_[comparison][0] / std::max(frequency, kFloor));
}

double MatchModel::PriorWeight() const { return std::log2(lambda_ / (1 - lambda_)); }

double MatchModel::Weight(Pattern pattern) const {
  double weight = PriorWeight();
  for (size_t c = 0; c < comparisons_.size(); ++c) weight += LevelWeight(c, LevelOf(pattern, c));
  return weight;
}

double MatchModel::Weight(Pattern pattern, const PreparedRecord& a, const PreparedRecord& b) const {
  double weight = Weight(pattern);
  for (size_t c = 0; c < comparisons_.size(); ++c) {
    if (!comparisons_[c].term_frequency() || LevelOf(pattern, c) != 0) continue;
    double frequency = std::max(comparisons_[c].Frequency(a), comparisons_[c].Frequency(b));
    weight += TermFrequencyAdjustment(c, frequency);
  }
  return weight;
}

double MatchModel::ProbabilityOfWeight(double weight) {
  if (weight > 60) return 1.0;
  if (weight < -60) return 0.0;
  double odds = std::exp2(weight);
  return odds / (1 + odds);
}

nlohmann::json MatchModel::ToJson() const {
  nlohmann::json j;
  j["lambda"] = lambda_;
  j["comparisons"] = nlohmann::json::array();
  for (size_t c = 0; c < comparisons_.size(); ++c) {
    nlohmann::json levels = nlohmann::json::array();
    for (int l = 0; l < comparisons_[c].level_count(); ++l) {
      levels.push_back({{"label", comparisons_[c].label(l)},
                        {"m", m_[c][static_cast<size_t>(l)]},
                        {"u", u_[c][static_cast<size_t>(l)]},
                        {"weight", LevelWeight(c, l)}});
    }
    j["comparisons"].push_back({{"name", comparisons_[c].name()},
                                {"term_frequency", comparisons_[c].term_frequency()},
                                {"levels", levels}});
  }
  return j;
}

Status MatchModel::LoadParameters(const nlohmann::json& json) {
  auto number = [](const nlohmann::json& object, const char* key) -> std::optional<double> {
    auto it = object.find(key);
    if (it == object.end() || !it->is_number()) return std::nullopt;
    return it->get<double>();
  };
  if (!json.is_object() || !json.contains("comparisons") || !json["comparisons"].is_array()) {
    return InvalidArgumentError("saved model: no 'comparisons' array");
  }
  std::optional<double> lambda = number(json, "lambda");
  if (!lambda || !(*lambda > 0 && *lambda < 1)) {
    return InvalidArgumentError("saved model: 'lambda' is not a probability in (0, 1)");
  }
  const auto& saved = json["comparisons"];
  if (saved.size() != comparisons_.size()) {
    return InvalidArgumentError(fmt::format(
        "saved model has {} comparisons, these inputs have {}: it was trained on other fields",
        saved.size(), comparisons_.size()));
  }
  std::vector<std::vector<double>> m(comparisons_.size());
  std::vector<std::vector<double>> u(comparisons_.size());
  for (size_t c = 0; c < comparisons_.size(); ++c) {
    const auto& comparison = saved[c];
    const std::string name = comparison.is_object() ? comparison.value("name", "") : "";
    if (name != comparisons_[c].name()) {
      return InvalidArgumentError(
          fmt::format("saved model's comparison {} is '{}', these inputs have '{}' there", c + 1,
                      name, comparisons_[c].name()));
    }
    const auto levels = comparison.find("levels");
    if (levels == comparison.end() || !levels->is_array() ||
        levels->size() != static_cast<size_t>(comparisons_[c].level_count())) {
      return InvalidArgumentError(
          fmt::format("saved model's comparison '{}' has other levels than this build's", name));
    }
    for (int l = 0; l < comparisons_[c].level_count(); ++l) {
      const auto& level = (*levels)[static_cast<size_t>(l)];
      std::optional<double> level_m = level.is_object() ? number(level, "m") : std::nullopt;
      std::optional<double> level_u = level.is_object() ? number(level, "u") : std::nullopt;
      if (!level.is_object() || level.value("label", "") != comparisons_[c].label(l) || !level_m ||
          !level_u || !(*level_m >= 0 && *level_m <= 1) || !(*level_u >= 0 && *level_u <= 1)) {
        return InvalidArgumentError(
            fmt::format("saved model's comparison '{}' level {} ('{}') does not fit: label or m/u",
                        name, l + 1, comparisons_[c].label(l)));
      }
      m[c].push_back(*level_m);
      u[c].push_back(*level_u);
    }
  }
  m_ = std::move(m);
  u_ = std::move(u);
  lambda_ = *lambda;
  return Status::Ok();
}

}  // namespace kinlink::linkage
