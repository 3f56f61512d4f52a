// Linker: the whole person-linkage job, from a RecordSet to persons.
//
// Steps: prepare (normalize) every record; block; compare every candidate pair into a pattern
// (in parallel); estimate u from random pairs, m by EM in one session per training rule and the
// prior from the candidate pairs (training.h), or m and the prior from the truth labels when
// `supervised`; score each pair with term-frequency adjustment; in link-only
// mode optionally keep each record's best link only (one-to-one); cluster with the chaining guard.
//
//   LinkOptions options;
//   options.link_only = true;
//   KINLINK_ASSIGN_OR_RETURN(LinkResult result, RunLinkage(set, options));
//   for (const PersonCluster& person : result.persons) ...
//
// Errors: FailedPrecondition when there are too few records or pairs to learn a model.
// Thread safety: RunLinkage uses `threads` workers internally; the result is a plain value and
// does not depend on how the threads interleave.
#ifndef KINLINK_LINKAGE_LINKER_H_
#define KINLINK_LINKAGE_LINKER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "linkage/blocking.h"
#include "linkage/clustering.h"
#include "linkage/match_model.h"
#include "linkage/prepared_record.h"
#include "linkage/training.h"

namespace kinlink::linkage {

struct LinkOptions {
  bool link_only = false;
  std::vector<BlockingRule> blocking_rules;  // empty: DefaultBlockingRules(schema)
  BlockingOptions blocking;                  // link_only is copied from above
  std::vector<std::string> skip_fields;      // schema fields not compared
  std::vector<BlockingRule> training_rules;  // EM sessions; empty: DefaultTrainingRules(schema)
  ClusterOptions clustering;
  double review_threshold = 0.5;   // pairs between this and the cluster threshold are "possible"
  bool one_to_one = false;         // link-only: each record links to at most one other
  bool supervised = false;         // estimate m from truth labels instead of EM
  uint64_t random_pairs = 400000;  // for u
  uint64_t seed = 42;
  int threads = 2;
  // Called with (stage, done, total) while working; may be empty.
  std::function<void(const std::string&, uint64_t, uint64_t)> progress;
};

struct ScoredPair {
  uint32_t a;
  uint32_t b;
  Pattern pattern;
  float weight;
  float probability;
};

struct LinkResult {
  std::vector<PreparedRecord> prepared;
  std::unique_ptr<MatchModel> model;
  TrainingReport training;  // unsupervised only
  BlockingReport blocking;
  ClusteringReport clustering;
  std::vector<ScoredPair> kept_pairs;  // pairs at or above review_threshold
  std::vector<PersonCluster> persons;
  std::vector<uint32_t> person_of_record;  // index into persons
  uint64_t comparisons = 0;
  // Wall seconds per step. With threads > 1 the training's heavy part (random pairs for u, the
  // sessions' blocking and comparing) runs on its own thread beside blocking and comparing:
  // seconds_train is then only the wait for it plus EM, and seconds_train_background the CPU
  // seconds that thread took.
  double seconds_prepare = 0, seconds_block = 0, seconds_compare = 0, seconds_train = 0,
         seconds_cluster = 0, seconds_train_background = 0;
  // CPU seconds of the whole process (every thread) during each step.
  double cpu_seconds_prepare = 0, cpu_seconds_block = 0, cpu_seconds_compare = 0,
         cpu_seconds_train = 0, cpu_seconds_cluster = 0;
};

Result<LinkResult> RunLinkage(const RecordSet& set, const LinkOptions& options);

// Trains the model only (prepare, block, compare, estimate); used by `kinlink link explain`.
Result<LinkResult> TrainModel(const RecordSet& set, const LinkOptions& options);

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_LINKER_H_
