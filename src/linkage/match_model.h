// MatchModel: the Fellegi–Sunter model over comparison levels, and how its parameters are learned.
//
// For each comparison c and level l the model holds m[c][l] = P(level l | same person) and
// u[c][l] = P(level l | different persons). A pair's match weight is the log2 Bayes factor
//     weight = log2(lambda / (1 - lambda)) + sum_c log2(m[c][l_c] / u[c][l_c])
// (null levels add nothing), and its match probability is 2^weight / (1 + 2^weight). With term-
// frequency adjustment, an exact agreement on a name uses u = the share of records with that
// value instead of u[c][0], so "maria" agreeing counts less than "xochiquetzal".
//
// Learning: EstimateU() from comparison patterns of random pairs (nearly all non-matches);
// EstimateMByEm() runs expectation–maximisation over the blocked pairs' pattern counts with u
// fixed, learning m and lambda without labels (training.h runs it once per blocking rule, so that
// it cannot learn "same family"); EstimateLambda() sets the prior from the blocked pairs with m and
// u fixed; EstimateMFromLabels() counts levels among known matching pairs when labels exist.
//
//   MatchModel model(comparisons);
//   model.EstimateU(random_pattern_counts);
//   EmReport em = model.EstimateMByEm(blocked_pattern_counts);
//   double p = model.Probability(pattern);
//
// Errors: estimation with no usable pairs returns FailedPrecondition.
// Thread safety: const methods are safe from any thread; estimation mutates and is not.
#ifndef KINLINK_LINKAGE_MATCH_MODEL_H_
#define KINLINK_LINKAGE_MATCH_MODEL_H_

#include <nlohmann/json.hpp>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "linkage/comparison.h"

namespace kinlink::linkage {

// How many pairs showed each comparison pattern.
using PatternCounts = std::unordered_map<Pattern, uint64_t>;

struct EmReport {
  int iterations = 0;
  bool converged = false;
  double lambda = 0;  // estimated share of matches among the pairs EM saw
};

class MatchModel {
 public:
  explicit MatchModel(std::vector<Comparison> comparisons);

  const std::vector<Comparison>& comparisons() const { return comparisons_; }
  double m(size_t comparison, int level) const {
    return m_[comparison][static_cast<size_t>(level)];
  }
  double u(size_t comparison, int level) const {
    return u_[comparison][static_cast<size_t>(level)];
  }
  double lambda() const { return lambda_; }
  void set_lambda(double lambda) { lambda_ = lambda; }
  void SetM(size_t comparison, std::vector<double> m) { m_[comparison] = std::move(m); }
  void SetU(size_t comparison, std::vector<double> u) { u_[comparison] = std::move(u); }

  Status EstimateU(const PatternCounts& random_pairs);
  // Sets u of one comparison from how many random non-matching pairs fell in each of its levels
  // (null pairs not counted), with half a pair of smoothing per level. No-op when all are zero.
  void SetUFromLevelCounts(size_t comparison, std::vector<double> level_counts);
  Result<EmReport> EstimateMByEm(const PatternCounts& blocked_pairs, int max_iterations = 100,
                                 double tolerance = 1e-6);
  // `matching_pairs`: patterns of pairs known to be the same person.
  Status EstimateMFromLabels(const PatternCounts& matching_pairs);
  // Sets lambda, with m and u fixed, to the fixed point of
  //     lambda = (sum over blocked pairs of P(match | pattern, lambda)) / possible_pairs,
  // taking pairs outside the blocked set as non-matches. Returns the iterations used.
  Result<int> EstimateLambda(const PatternCounts& blocked_pairs, double possible_pairs,
                             int max_iterations = 200);

  // log2(m/u) of one level, without term-frequency adjustment; 0 for the null level.
  double LevelWeight(size_t comparison, int level) const;
  // The term-frequency adjustment added to an exact level's weight: log2(u[c][0] / frequency).
  double TermFrequencyAdjustment(size_t comparison, double frequency) const;
  double PriorWeight() const;
  double Weight(Pattern pattern) const;
  // Weight with term-frequency adjustments for the two records compared.
  double Weight(Pattern pattern, const PreparedRecord& a, const PreparedRecord& b) const;
  static double ProbabilityOfWeight(double weight);

  nlohmann::json ToJson() const;
  // Takes m, u and lambda from `json`, a ToJson() of a model with the same comparisons (same names
  // and level labels, in order): a saved `model.json` reused without training again.
  // InvalidArgument, naming the comparison or level, when the saved model does not fit.
  Status LoadParameters(const nlohmann::json& json);

 private:
  std::vector<Comparison> comparisons_;
  std::vector<std::vector<double>> m_;
  std::vector<std::vector<double>> u_;
  double lambda_ = 1e-4;
};

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_MATCH_MODEL_H_
