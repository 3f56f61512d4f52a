#include "linkage/pair_scorer.h"

#include "linkage/internal/parallel_for.h"

namespace kinlink::linkage {

PairScorer::PairScorer(const MatchModel& model, const std::vector<PreparedRecord>& records,
                       int threads)
    : model_(model) {
  const auto& comparisons = model.comparisons();
  for (size_t c = 0; c < comparisons.size(); ++c) {
    if (!comparisons[c].term_frequency()) continue;
    TermFrequencyComparison tf{c, std::vector<float>(records.size()),
                               std::vector<double>(records.size())};
    detail::ParallelFor(records.size(), threads, [&](size_t, size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) {
        const double frequency = comparisons[c].Frequency(records[i]);
        tf.frequency[i] = static_cast<float>(frequency);
        tf.adjustment[i] = model.TermFrequencyAdjustment(c, frequency);
      }
    });
    term_frequency_.push_back(std::move(tf));
  }
}

double PairScorer::Weight(Pattern pattern, uint32_t a, uint32_t b, PatternWeights& cache) const {
  auto [it, inserted] = cache.try_emplace(pattern, 0.0);
  if (inserted) it->second = model_.Weight(pattern);
  return WithTermFrequencies(it->second, pattern, a, b);
}

double PairScorer::Weight(Pattern pattern, uint32_t a, uint32_t b,
                          const PatternWeights& known) const {
  auto it = known.find(pattern);
  return WithTermFrequencies(it != known.end() ? it->second : model_.Weight(pattern), pattern, a,
                             b);
}

double PairScorer::WithTermFrequencies(double pattern_weight, Pattern pattern, uint32_t a,
                                       uint32_t b) const {
  double weight = pattern_weight;
  // As MatchModel::Weight: the adjustment at the larger of the two frequencies (std::max keeps
  // the first of two equal ones), for each term-frequency comparison at its exact level.
  for (const auto& tf : term_frequency_) {
    if (LevelOf(pattern, tf.comparison) != 0) continue;
    weight += tf.frequency[a] < tf.frequency[b] ? tf.adjustment[b] : tf.adjustment[a];
  }
  return weight;
}

}  // namespace kinlink::linkage
