// Clustering: from scored pairs to persons.
//
// Records joined by a pair whose match probability reaches `threshold` form connected components.
// Connected components chain: A~B and B~C put A and C together even when A and C disagree. The
// guard checks every component with three or more records: it scores all pairs inside it (through
// the `score` callback, so pairs blocking never produced are scored too) and, while the mean
// internal probability is below `min_cohesion`, removes the component's weakest edge and splits it
// into the components that remain. Pairs the callback scores kNoEvidenceBeyondNames are left out
// of the mean. Each person gets a stable id, derived from its
// lexicographically smallest record key (so the id does not depend on input order or on the other
// persons), and a confidence: the mean internal match probability (for a single record, one minus
// the highest probability of any pair that was not accepted).
//
//   ClusterOptions options{.threshold = 0.9};
//   std::vector<PersonCluster> persons = ClusterRecords(n, edges, keys, score, options);
//
// Thread safety: a pure function of its inputs. With `threads` > 1 components are checked (and
// confidences computed) on several threads at once, so `score` must be safe to call concurrently;
// the result does not depend on the number of threads.
#ifndef KINLINK_LINKAGE_CLUSTERING_H_
#define KINLINK_LINKAGE_CLUSTERING_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace kinlink::linkage {

// What `score` returns for a pair whose records share nothing the model can weigh beyond names
// (one has no birth date and no identifier the other has): the guard leaves such pairs out of
// the mean, since a low name-only probability is absence of evidence, not evidence of two people.
inline constexpr double kNoEvidenceBeyondNames = -1.0;

struct ScoredEdge {
  uint32_t a;
  uint32_t b;
  double probability;
};

struct ClusterOptions {
  double threshold = 0.9;       // accept a pair at or above this match probability
  double min_cohesion = 0.6;    // mean internal probability a cluster of >= 3 records must reach
  size_t max_guard_size = 200;  // larger components are split by raising the threshold instead
  int threads = 1;              // components are checked in parallel (`score` must be thread-safe)
};

struct PersonCluster {
  std::string person_id;          // "K-" + 12 hex digits
  std::vector<uint32_t> members;  // record indexes, ascending
  double confidence = 1.0;
  bool split_by_guard = false;  // the component was split because its internal evidence was weak
};

struct ClusteringReport {
  uint64_t components_checked = 0;
  uint64_t components_split = 0;
  uint64_t edges_removed = 0;
};

// `record_keys[i]` is a stable text key of record i (e.g. "source/record_id") used for ids.
// `score(i, j)` returns the match probability of any two records.
std::vector<PersonCluster> ClusterRecords(size_t record_count, const std::vector<ScoredEdge>& edges,
                                          const std::vector<std::string>& record_keys,
                                          const std::function<double(uint32_t, uint32_t)>& score,
                                          const ClusterOptions& options,
                                          ClusteringReport* report = nullptr);

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_CLUSTERING_H_
