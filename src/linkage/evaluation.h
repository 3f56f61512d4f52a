// Evaluation against truth: pairwise precision/recall/F1 and B-cubed cluster scores.
//
// Pairwise: every pair of records placed in one cluster is a predicted link; every pair of records
// of one true entity is a true link (in link-only mode only pairs across the two sources count).
// B-cubed (Bagga & Baldwin 1998): for each record, precision is the share of its cluster that
// belongs to its entity and recall the share of its entity that is in its cluster, averaged over
// records. Records without a truth entity are left out. Links between persons (parent–child) are
// scored as sets of (parent entity, child entity) pairs.
//
//   ClusterScores s = ScoreClusters(cluster_of_record, entity_of_record, sources, link_only);
//   s.pairwise.f1();
//
// Thread safety: pure functions.
#ifndef KINLINK_LINKAGE_EVALUATION_H_
#define KINLINK_LINKAGE_EVALUATION_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace kinlink::linkage {

struct PairCounts {
  uint64_t true_positives = 0;
  uint64_t false_positives = 0;
  uint64_t false_negatives = 0;
  double precision() const;
  double recall() const;
  double f1() const;
  nlohmann::json ToJson() const;
};

struct ClusterScores {
  PairCounts pairwise;
  double bcubed_precision = 0;
  double bcubed_recall = 0;
  double bcubed_f1() const;
  nlohmann::json ToJson() const;
};

// `cluster_of[i]` and `entity_of[i]` per record ("" entity = unknown); `source_of[i]` is used in
// link-only mode.
ClusterScores ScoreClusters(const std::vector<uint32_t>& cluster_of,
                            const std::vector<std::string>& entity_of,
                            const std::vector<uint32_t>& source_of, bool link_only);

using EntityLink = std::pair<std::string, std::string>;  // (parent entity, child entity)
PairCounts ScoreLinks(const std::set<EntityLink>& predicted, const std::set<EntityLink>& truth);

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_EVALUATION_H_
