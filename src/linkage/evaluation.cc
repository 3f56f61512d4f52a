#include "linkage/evaluation.h"

#include <map>
#include <unordered_map>

namespace kinlink::linkage {
namespace {

double Ratio(uint64_t num, uint64_t den) {
  return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den);
}
double Harmonic(double p, double r) { return p + r == 0 ? 0.0 : 2 * p * r / (p + r); }

}  // namespace

double PairCounts::precision() const {
  return Ratio(true_positives, true_positives + false_positives);
}
double PairCounts::recall() const {
  return Ratio(true_positives, true_positives + false_negatives);
}
double PairCounts::f1() const { return Harmonic(precision(), recall()); }
nlohmann::json PairCounts::ToJson() const {
  return {{"true_positives", true_positives},
          {"false_positives", false_positives},
          {"false_negatives", false_negatives},
          {"precision", precision()},
          {"recall", recall()},
          {"f1", f1()}};
}

double ClusterScores::bcubed_f1() const { return Harmonic(bcubed_precision, bcubed_recall); }
nlohmann::json ClusterScores::ToJson() const {
  return {{"pairwise", pairwise.ToJson()},
          {"bcubed",
           {{"precision", bcubed_precision}, {"recall", bcubed_recall}, {"f1", bcubed_f1()}}}};
}

ClusterScores ScoreClusters(const std::vector<uint32_t>& cluster_of,
                            const std::vector<std::string>& entity_of,
                            const std::vector<uint32_t>& source_of, bool link_only) {
  // Count records per (cluster, entity, source), per cluster and per entity.
  struct Cell {
    uint64_t by_source[2] = {0, 0};
    uint64_t total() const { return by_source[0] + by_source[1]; }
  };
  std::map<std::pair<uint32_t, std::string>, Cell> joint;
  std::unordered_map<uint32_t, Cell> per_cluster;
  std::unordered_map<std::string, Cell> per_entity;
  for (size_t i = 0; i < cluster_of.size(); ++i) {
    if (entity_of[i].empty()) continue;
    uint32_t s = link_only ? std::min<uint32_t>(source_of[i], 1) : 0;
    ++joint[{cluster_of[i], entity_of[i]}].by_source[s];
    ++per_cluster[cluster_of[i]].by_source[s];
    ++per_entity[entity_of[i]].by_source[s];
  }
  auto pairs_in = [&](const Cell& c) -> uint64_t {
    if (link_only) return c.by_source[0] * c.by_source[1];
    uint64_t k = c.total();
    return k * (k - (k > 0 ? 1 : 0)) / 2;
  };
  uint64_t true_positive = 0;
  uint64_t predicted = 0;
  uint64_t actual = 0;
  for (const auto& [key, cell] : joint) true_positive += pairs_in(cell);
  for (const auto& [cluster, cell] : per_cluster) predicted += pairs_in(cell);
  for (const auto& [entity, cell] : per_entity) actual += pairs_in(cell);
  ClusterScores scores;
  scores.pairwise.true_positives = true_positive;
  scores.pairwise.false_positives = predicted - true_positive;
  scores.pairwise.false_negatives = actual - true_positive;
  // B-cubed: sum over records of |C ∩ E| / |C| and |C ∩ E| / |E|.
  double precision_sum = 0;
  double recall_sum = 0;
  uint64_t records = 0;
  for (const auto& [key, cell] : joint) {
    double overlap = static_cast<double>(cell.total());
    double cluster_size = static_cast<double>(per_cluster[key.first].total());
    double entity_size = static_cast<double>(per_entity[key.second].total());
    precision_sum += overlap * overlap / cluster_size;
    recall_sum += overlap * overlap / entity_size;
    records += cell.total();
  }
  if (records > 0) {
    scores.bcubed_precision = precision_sum / static_cast<double>(records);
    scores.bcubed_recall = recall_sum / static_cast<double>(records);
  }
  return scores;
}

PairCounts ScoreLinks(const std::set<EntityLink>& predicted, const std::set<EntityLink>& truth) {
  PairCounts counts;
  for (const auto& link : predicted) {
    if (truth.count(link)) {
      ++counts.true_positives;
    } else {
      ++counts.false_positives;
    }
  }
  counts.false_negatives = truth.size() - counts.true_positives;
  return counts;
}

}  // namespace kinlink::linkage
