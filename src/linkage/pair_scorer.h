// PairScorer: a trained MatchModel's match weight of record pairs, with what the model's own
// Weight(pattern, a, b) recomputes per pair computed once.
//
// MatchModel::Weight takes a log2 per comparison level and per term-frequency adjustment of every
// pair; on the agencies' records (hundreds of millions of candidate pairs) those logarithms were
// a twentieth of the linker's time. The scorer keeps each pattern's weight in a small cache per
// caller and each record's term-frequency adjustment per comparison, so a pair costs additions.
// Its weights are the model's to the last bit: the same functions of the same arguments, summed
// in the same order (pair_scorer_test.cc compares them over every pair of a linked set).
//
// Ownership: keeps references to `model` and `records`, which must outlive it and stay unchanged.
// Thread safety: const; a PatternWeights a thread fills is its own, one only read may be shared.
//
//   const PairScorer scorer(model, prepared, threads);
//   PairScorer::PatternWeights cache;
//   double weight = scorer.Weight(pattern, a, b, cache);
#ifndef KINLINK_LINKAGE_PAIR_SCORER_H_
#define KINLINK_LINKAGE_PAIR_SCORER_H_

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "linkage/match_model.h"
#include "linkage/prepared_record.h"

namespace kinlink::linkage {

class PairScorer {
 public:
  // A caller's cache of pattern weights (MatchModel::Weight(pattern)).
  using PatternWeights = std::unordered_map<Pattern, double>;

  // Computes every record's term-frequency adjustments, on up to `threads` threads.
  PairScorer(const MatchModel& model, const std::vector<PreparedRecord>& records, int threads);

  // model.Weight(pattern, records[a], records[b]); the pattern's weight from `cache`, which it
  // fills.
  double Weight(Pattern pattern, uint32_t a, uint32_t b, PatternWeights& cache) const;

  // The same, with the pattern's weight looked up in `known` (read only, so threads may share
  // it), or computed when it is not there.
  double Weight(Pattern pattern, uint32_t a, uint32_t b, const PatternWeights& known) const;

 private:
  struct TermFrequencyComparison {
    size_t comparison;
    std::vector<float> frequency;    // per record, as Comparison::Frequency gives it
    std::vector<double> adjustment;  // per record: the adjustment at that frequency
  };

  // `pattern_weight` (model.Weight(pattern)) plus the pair's term-frequency adjustments.
  double WithTermFrequencies(double pattern_weight, Pattern pattern, uint32_t a, uint32_t b) const;

  const MatchModel& model_;
  std::vector<TermFrequencyComparison> term_frequency_;
};

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_PAIR_SCORER_H_
