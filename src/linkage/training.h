// Training: unsupervised estimation of a MatchModel that cannot settle on "same family".
//
// One EM over every blocked pair finds the strongest two-class structure in those pairs. In
// agencies' records of families that structure is "same family" against "unrelated": siblings and
// parents share surnames, places and dates, so EM learns m for "same family" and links whole
// families into one person. Training therefore follows Splink's procedure:
//   1. u from random pairs (done by the caller: MatchModel::EstimateU).
//   2. m by EM in sessions, one per training blocking rule. Each session takes the pairs its rule
//      produces (a uniform sample when there are more than `max_pairs_per_session`) and runs EM
//      with the comparisons the rule fixes left out: a rule on "given-name sound and birth date"
//      teaches nothing about how often the given names of one person agree, because every pair it
//      produced agrees on them. A comparison's m is the mean of its estimates over the sessions
//      that left it free and saw enough of it; one never estimated keeps its starting values and is
//      named in the report.
//   3. lambda, the probability that two records drawn at random are the same person, from the
//      linkage's blocked pairs with m and u fixed: the fixed point of
//          lambda = (sum over blocked pairs of P(match | pattern, lambda)) / possible pairs.
//      Blocked pairs that the rules miss are taken as non-matches; blocking recall near 1 makes
//      this exact enough for a prior.
//
// A session's heavy part, blocking its rule and comparing its (sampled) pairs, needs no model
// parameters: CollectSessionPatterns does it alone, so that the linker can run it while it blocks
// and compares its own candidate pairs, and TrainOnSessions then runs the (cheap) EM over the
// pattern counts. TrainBySessions does both.
//
//   TrainingOptions options;
//   KINLINK_ASSIGN_OR_RETURN(TrainingReport report,
//       TrainBySessions(model, prepared, rules, blocking, options));
//   KINLINK_ASSIGN_OR_RETURN(double lambda, model.EstimateLambda(blocked, possible_pairs));
//
// Errors: FailedPrecondition when no session has pairs to learn from.
// Thread safety: TrainBySessions and TrainOnSessions mutate `model`; CollectSessionPatterns only
// reads its arguments. Each uses `options.threads` workers internally; results do not depend on
// how the threads interleave.
#ifndef KINLINK_LINKAGE_TRAINING_H_
#define KINLINK_LINKAGE_TRAINING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "linkage/blocking.h"
#include "linkage/match_model.h"
#include "linkage/prepared_record.h"

namespace kinlink::linkage {

struct TrainingOptions {
  uint64_t max_pairs_per_session = 2'000'000;  // larger sessions are sampled uniformly
  // A session's estimate of a comparison counts only when its expected matches with that
  // comparison present reach this many.
  double min_match_mass = 10.0;
  uint64_t seed = 42;
  int threads = 2;
};

struct TrainingSession {
  std::string rule;
  uint64_t pairs = 0;     // pairs the rule produced
  uint64_t compared = 0;  // pairs compared (a sample when fewer than `pairs`)
  int iterations = 0;
  bool converged = false;
  double lambda = 0;                   // the share of matches EM saw among the session's pairs
  std::vector<std::string> fixed;      // comparisons the rule fixes, left out
  std::vector<std::string> estimated;  // comparisons whose m this session contributed to
};

struct TrainingReport {
  std::vector<TrainingSession> sessions;
  std::vector<std::string> never_estimated;  // comparisons left at their starting m
  // When no session could learn (a small input), the linker falls back to one EM over all
  // candidate pairs (then `sessions` is empty); when sessions left some comparisons unestimated,
  // those take their m from such an EM. This is its iteration count, 0 when it did not run.
  int single_em_iterations = 0;
  int lambda_iterations = 0;
  double expected_matches = 0;  // among the blocked pairs, at the final lambda
};

// Which comparisons the keys of `rule` fix (true at their indexes).
std::vector<bool> ComparisonsFixedBy(const BlockingRule& rule,
                                     const std::vector<Comparison>& comparisons);

// Rules for the EM sessions: each fixes a different part of the record, so that every comparison
// is free in at least one session. Rules whose keys are absent from the schema are left out.
std::vector<BlockingRule> DefaultTrainingRules(const RecordSchema& schema);

// One session's pairs, counted by comparison pattern with the comparisons its rule fixes set to
// the null level.
struct SessionPatterns {
  TrainingSession session;  // rule, pairs, compared and fixed filled in
  std::vector<bool> fixed;  // per comparison
  PatternCounts counts;
};

// Blocks each rule's pairs, samples at most `options.max_pairs_per_session` of them and counts
// their patterns (sessions in parallel when `options.threads` > 1).
std::vector<SessionPatterns> CollectSessionPatterns(const std::vector<Comparison>& comparisons,
                                                    const std::vector<PreparedRecord>& records,
                                                    const std::vector<BlockingRule>& rules,
                                                    const BlockingOptions& blocking,
                                                    const TrainingOptions& options);

// One session: rule `index` of the training rules (its sample is drawn with seed + index), on
// the calling thread.
SessionPatterns CollectSessionPatterns(const std::vector<Comparison>& comparisons,
                                       const std::vector<PreparedRecord>& records,
                                       const BlockingRule& rule, size_t index,
                                       const BlockingOptions& blocking,
                                       const TrainingOptions& options);

// Estimates m in `model` (whose u must already be estimated and whose comparisons must be those
// the sessions were collected with) by EM over each session's pattern counts.
Result<TrainingReport> TrainOnSessions(MatchModel& model,
                                       const std::vector<SessionPatterns>& sessions,
                                       const TrainingOptions& options);

// Estimates m in `model` (whose u must already be estimated) by EM sessions, one per rule.
Result<TrainingReport> TrainBySessions(MatchModel& model,
                                       const std::vector<PreparedRecord>& records,
                                       const std::vector<BlockingRule>& rules,
                                       const BlockingOptions& blocking,
                                       const TrainingOptions& options);

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_TRAINING_H_
