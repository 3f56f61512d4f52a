#include "linkage/linker.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <future>
#include <random>
#include <thread>

#include "linkage/internal/parallel_for.h"
#include "linkage/internal/record_prefetch.h"
#include "linkage/pair_scorer.h"
#include "linkage/training.h"

namespace kinlink::linkage {
namespace {

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}
// CPU time of the whole process (every thread).
double ProcessCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

PatternCounts RandomPatterns(const std::vector<PreparedRecord>& records,
                             const std::vector<Comparison>& comparisons, bool link_only,
                             uint64_t count, uint64_t seed) {
  PatternCounts counts;
  std::vector<uint32_t> first;
  std::vector<uint32_t> second;
  for (uint32_t i = 0; i < records.size(); ++i) {
    (link_only && records[i].source == 1 ? second : first).push_back(i);
  }
  if (!link_only) second = first;
  if (first.empty() || second.empty()) return counts;
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<size_t> pick_a(0, first.size() - 1);
  std::uniform_int_distribution<size_t> pick_b(0, second.size() - 1);
  // Drawn in batches, so that the records of the pairs ahead are prefetched while one compares.
  struct Drawn {
    uint32_t a;
    uint32_t b;
  };
  std::vector<Drawn> batch;
  for (uint64_t k = 0; k < count;) {
    batch.clear();
    for (; k < count && batch.size() < 4096; ++k) {
      uint32_t a = first[pick_a(random)];
      uint32_t b = second[pick_b(random)];
      if (a != b) batch.push_back({a, b});
    }
    detail::ForEachPrefetched(batch, 0, batch.size(), records, [&](size_t i) {
      ++counts[ComparePair(comparisons, records[batch[i].a], records[batch[i].b])];
    });
  }
  return counts;
}

// Level counts of one comparison over up to `count` random pairs of records that both hold a
// value for it. u is conditional on both values being present, so sampling among those records
// estimates a field that only some records carry (a court's case number, on a docket and a
// Marshals booking) as finely as one every record has; sampled among all pairs, it would rest on
// the few pairs where both happen to be present, and its smoothing would cap the weight of an
// exact agreement.
std::vector<double> PresentPairLevelCounts(const std::vector<PreparedRecord>& records,
                                           const Comparison& comparison, bool link_only,
                                           uint64_t count, uint64_t seed) {
  std::vector<double> levels(static_cast<size_t>(comparison.level_count()), 0.0);
  std::vector<uint32_t> first;
  std::vector<uint32_t> second;
  for (uint32_t i = 0; i < records.size(); ++i) {
    if (comparison.Level(records[i], records[i]) == kNullLevel) continue;
    (link_only && records[i].source == 1 ? second : first).push_back(i);
  }
  if (!link_only) second = first;
  if (first.empty() || second.empty() || (!link_only && first.size() < 2)) return levels;
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<size_t> pick_a(0, first.size() - 1);
  std::uniform_int_distribution<size_t> pick_b(0, second.size() - 1);
  uint64_t counted = 0;
  // Scoped identifiers (an agency's own numbering) are null across scopes: draw a few times more.
  for (uint64_t attempt = 0; attempt < 4 * count && counted < count; ++attempt) {
    uint32_t a = first[pick_a(random)];
    uint32_t b = second[pick_b(random)];
    if (a == b) continue;
    int level = comparison.Level(records[a], records[b]);
    if (level == kNullLevel) continue;
    levels[static_cast<size_t>(level)] += 1;
    ++counted;
  }
  return levels;
}

// Rules without a key on a field left out of the comparisons: such a rule would let the field back
// in (e.g. FEBRL "without soc_sec_id" must not block or train on it).
std::vector<BlockingRule> WithoutSkippedFields(std::vector<BlockingRule> rules,
                                               const RecordSchema& schema,
                                               const std::vector<std::string>& skip) {
  std::erase_if(rules, [&](const BlockingRule& rule) {
    return std::any_of(rule.keys.begin(), rule.keys.end(), [&](const BlockingKey& key) {
      return key.kind == BlockingKeyKind::kField && key.field_index >= 0 &&
             std::find(skip.begin(), skip.end(),
                       schema.fields[static_cast<size_t>(key.field_index)].name) != skip.end();
    });
  });
  return rules;
}

// What runs beside blocking and comparing (see TrainModel).
struct BackgroundTraining {
  PatternCounts random;                                                // random pairs, for u
  std::vector<std::pair<size_t, std::vector<double>>> present_levels;  // u of sparse comparisons
  std::vector<SessionPatterns> sessions;
};

// CPU time of the calling thread.
double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

}  // namespace

Result<LinkResult> TrainModel(const RecordSet& set, const LinkOptions& options) {
  if (set.records.size() < 2) return FailedPreconditionError("need at least two records to link");
  LinkResult result;
  auto progress = [&](const std::string& stage, uint64_t done, uint64_t total) {
    if (options.progress) options.progress(stage, done, total);
  };
  auto start = Clock::now();
  double cpu_start = ProcessCpuSeconds();
  progress("prepare", 0, set.records.size());
  result.prepared = PrepareRecords(set, options.threads);
  result.seconds_prepare = Since(start);
  result.cpu_seconds_prepare = ProcessCpuSeconds() - cpu_start;

  // Work that needs neither the candidate pairs nor any model parameter runs beside blocking and
  // comparing, which leave a core idle most of the time (blocking is one thread): the random
  // pairs for u and the training sessions' blocking and comparing. Each part is deterministic on
  // its own, so the result does not depend on how the threads interleave.
  const auto comparisons = DefaultComparisons(set.schema, options.skip_fields);
  BlockingOptions blocking = options.blocking;
  blocking.link_only = options.link_only;
  const auto& prepared = result.prepared;
  const int threads = std::max(1, options.threads);
  const std::vector<BlockingRule> training_rules =
      options.supervised
          ? std::vector<BlockingRule>{}
          : WithoutSkippedFields(options.training_rules.empty() ? DefaultTrainingRules(set.schema)
                                                                : options.training_rules,
                                 set.schema, options.skip_fields);
  TrainingOptions training;
  training.seed = options.seed;
  training.threads = 1;
  // Work items: 0 is the random pairs for u, 1 + r is training session r. A second thread takes
  // items while this one blocks and compares; then this one takes what is left.
  BackgroundTraining work;
  work.sessions.resize(training_rules.size());
  std::vector<double> item_cpu(1 + training_rules.size(), 0.0);
  std::atomic<size_t> next_item{0};
  auto do_item = [&](size_t item) {
    const double thread_cpu_start = ThreadCpuSeconds();
    if (item == 0) {
      work.random = RandomPatterns(prepared, comparisons, options.link_only, options.random_pairs,
                                   options.seed);
      for (size_t c = 0; c < comparisons.size(); ++c) {
        uint64_t present = 0;
        uint64_t sampled = 0;
        for (const auto& [pattern, count] : work.random) {
          sampled += count;
          if (LevelOf(pattern, c) != kNullLevel) present += count;
        }
        // A comparison null in most random pairs: u again from pairs where both are present.
        if (2 * present < sampled) {
          work.present_levels.emplace_back(
              c, PresentPairLevelCounts(prepared, comparisons[c], options.link_only,
                                        options.random_pairs, options.seed + 1 + c));
        }
      }
    } else {
      work.sessions[item - 1] = CollectSessionPatterns(
          comparisons, prepared, training_rules[item - 1], item - 1, blocking, training);
    }
    item_cpu[item] = ThreadCpuSeconds() - thread_cpu_start;
  };
  auto take_items = [&] {
    for (size_t item = next_item++; item < item_cpu.size(); item = next_item++) do_item(item);
  };
  std::future<void> background;
  if (threads > 1) background = std::async(std::launch::async, take_items);

  start = Clock::now();
  cpu_start = ProcessCpuSeconds();
  progress("block", 0, 1);
  std::vector<BlockingRule> rules = WithoutSkippedFields(
      options.blocking_rules.empty() ? DefaultBlockingRules(set.schema) : options.blocking_rules,
      set.schema, options.skip_fields);
  std::vector<std::string> truth;
  bool has_truth = false;
  truth.reserve(set.records.size());
  for (const auto& r : set.records) {
    truth.push_back(r.truth_entity);
    has_truth = has_truth || !r.truth_entity.empty();
  }
  std::vector<CandidatePair> pairs =
      Blocker(rules, blocking)
          .Pairs(prepared, &result.blocking, has_truth ? &truth : nullptr, threads);
  result.seconds_block = Since(start);
  result.cpu_seconds_block = ProcessCpuSeconds() - cpu_start;

  start = Clock::now();
  cpu_start = ProcessCpuSeconds();
  result.model = std::make_unique<MatchModel>(comparisons);
  result.kept_pairs.resize(pairs.size());
  // Pairs are compared in runs that threads take as they are free. The pattern counts must not
  // depend on which thread took which run: EM sums over them in their map's order. They are
  // merged as if `threads` workers had each counted one contiguous part of the pairs in order
  // (each run keeps its patterns in the order they first appear, so the merge inserts them into
  // its part's map in the same order a worker counting the part alone would).
  struct RunCounts {
    std::vector<Pattern> first_seen;
    PatternCounts counts;
    std::vector<Pattern> first_seen_true;
    PatternCounts true_counts;
  };
  const size_t parts = pairs.size() < 20000 ? 1 : static_cast<size_t>(threads);
  constexpr size_t kRun = 1 << 16;
  std::vector<std::pair<size_t, size_t>> runs;  // [begin, end), inside one part
  std::vector<size_t> part_of_run;
  for (size_t w = 0; w < parts; ++w) {
    const size_t part_end = pairs.size() * (w + 1) / parts;
    for (size_t begin = pairs.size() * w / parts; begin < part_end; begin += kRun) {
      runs.emplace_back(begin, std::min(part_end, begin + kRun));
      part_of_run.push_back(w);
    }
  }
  std::vector<RunCounts> run_counts(runs.size());
  std::atomic<uint64_t> compared{0};
  detail::ParallelForEach(runs.size(), threads, [&](size_t k) {
    RunCounts& out = run_counts[k];
    auto count = [](PatternCounts& counts, std::vector<Pattern>& first_seen, Pattern pattern) {
      auto [it, inserted] = counts.try_emplace(pattern, 0);
      if (inserted) first_seen.push_back(pattern);
      ++it->second;
    };
    detail::ForEachPrefetched(pairs, runs[k].first, runs[k].second, prepared, [&](size_t i) {
      const auto& p = pairs[i];
      Pattern pattern = ComparePair(comparisons, prepared[p.a], prepared[p.b]);
      result.kept_pairs[i] = {p.a, p.b, pattern, 0.f, 0.f};
      count(out.counts, out.first_seen, pattern);
      if (options.supervised && !truth[p.a].empty() && truth[p.a] == truth[p.b]) {
        count(out.true_counts, out.first_seen_true, pattern);
      }
    });
    const uint64_t done = compared += runs[k].second - runs[k].first;
    if (options.progress && k % 16 == 0) progress("compare", done, pairs.size());
  });
  std::vector<PatternCounts> partial_counts(parts);
  std::vector<PatternCounts> partial_true(parts);
  for (size_t k = 0; k < runs.size(); ++k) {
    const RunCounts& run = run_counts[k];
    for (Pattern pattern : run.first_seen) {
      partial_counts[part_of_run[k]][pattern] += run.counts.at(pattern);
    }
    for (Pattern pattern : run.first_seen_true) {
      partial_true[part_of_run[k]][pattern] += run.true_counts.at(pattern);
    }
  }
  std::vector<RunCounts>().swap(run_counts);
  PatternCounts blocked;
  PatternCounts matching;
  for (auto& part : partial_counts) {
    for (const auto& [pattern, count] : part) blocked[pattern] += count;
  }
  for (auto& part : partial_true) {
    for (const auto& [pattern, count] : part) matching[pattern] += count;
  }
  result.comparisons = pairs.size();
  std::vector<CandidatePair>().swap(pairs);
  result.seconds_compare = Since(start);
  result.cpu_seconds_compare = ProcessCpuSeconds() - cpu_start;

  start = Clock::now();
  cpu_start = ProcessCpuSeconds();
  progress("train", 0, 1);
  take_items();
  if (background.valid()) background.get();
  for (double seconds : item_cpu) result.seconds_train_background += seconds;
  KINLINK_RETURN_IF_ERROR(result.model->EstimateU(work.random));
  for (auto& [c, levels] : work.present_levels) {
    result.model->SetUFromLevelCounts(c, std::move(levels));
  }
  const double possible_pairs = static_cast<double>(result.blocking.possible_pairs);
  if (options.supervised) {
    if (!has_truth) return FailedPreconditionError("--supervised needs truth labels");
    KINLINK_RETURN_IF_ERROR(result.model->EstimateMFromLabels(matching));
    uint64_t matches = 0;
    for (const auto& [pattern, count] : matching) matches += count;
    // The prior is over all record pairs, as the blocking fields' weights assume.
    result.model->set_lambda(
        std::clamp(static_cast<double>(matches) / std::max(possible_pairs, 1.0), 1e-12, 1 - 1e-6));
  } else {
    auto sessions = TrainOnSessions(*result.model, work.sessions, training);
    if (sessions.ok()) {
      result.training = *std::move(sessions);
      if (!result.training.never_estimated.empty()) {
        // Sessions too small to estimate some comparisons (a small input): those take m from
        // one EM over the candidate pairs, started from the sessions' estimates.
        MatchModel filled = *result.model;
        KINLINK_ASSIGN_OR_RETURN(EmReport em, filled.EstimateMByEm(blocked));
        result.training.single_em_iterations = em.iterations;
        const auto& names = result.training.never_estimated;
        for (size_t c = 0; c < comparisons.size(); ++c) {
          if (std::find(names.begin(), names.end(), comparisons[c].name()) == names.end()) continue;
          std::vector<double> m;
          for (int l = 0; l < comparisons[c].level_count(); ++l) m.push_back(filled.m(c, l));
          result.model->SetM(c, std::move(m));
        }
      }
    } else {
      // Too few pairs in every session (a small input): one EM over the candidate pairs.
      KINLINK_ASSIGN_OR_RETURN(EmReport em, result.model->EstimateMByEm(blocked));
      result.training.single_em_iterations = em.iterations;
    }
    KINLINK_ASSIGN_OR_RETURN(result.training.lambda_iterations,
                             result.model->EstimateLambda(blocked, possible_pairs));
    for (const auto& [pattern, count] : blocked) {
      result.training.expected_matches +=
          MatchModel::ProbabilityOfWeight(result.model->Weight(pattern)) *
          static_cast<double>(count);
    }
  }
  result.seconds_train = Since(start);
  result.cpu_seconds_train = ProcessCpuSeconds() - cpu_start;
  return result;
}

Result<LinkResult> RunLinkage(const RecordSet& set, const LinkOptions& options) {
  KINLINK_ASSIGN_OR_RETURN(LinkResult result, TrainModel(set, options));
  auto start = Clock::now();
  double cpu_start = ProcessCpuSeconds();
  const auto& prepared = result.prepared;
  const MatchModel& model = *result.model;
  auto& pairs = result.kept_pairs;
  const PairScorer scorer(model, prepared, options.threads);
  // Each run of pairs caches its patterns' weights; they are gathered for the clustering guard.
  const size_t run_count = (pairs.size() + (1 << 16) - 1) >> 16;
  std::vector<PairScorer::PatternWeights> run_weights(run_count);
  detail::ParallelForChunks(pairs.size(), options.threads, 1 << 16, [&](size_t begin, size_t end) {
    PairScorer::PatternWeights& pattern_weights = run_weights[begin >> 16];
    for (size_t k = begin; k < end; ++k) {
      auto& p = pairs[k];
      double weight = scorer.Weight(p.pattern, p.a, p.b, pattern_weights);
      p.weight = static_cast<float>(weight);
      p.probability = static_cast<float>(MatchModel::ProbabilityOfWeight(weight));
    }
  });
  const float review = static_cast<float>(options.review_threshold);
  pairs.erase(std::remove_if(pairs.begin(), pairs.end(),
                             [&](const ScoredPair& p) { return p.probability < review; }),
              pairs.end());
  pairs.shrink_to_fit();
  std::vector<ScoredEdge> edges;
  if (options.link_only && options.one_to_one) {
    // Greedy one-to-one: strongest pairs first; a record already linked takes no other link.
    std::vector<ScoredPair> sorted = pairs;
    std::sort(sorted.begin(), sorted.end(), [](const ScoredPair& x, const ScoredPair& y) {
      return x.weight != y.weight ? x.weight > y.weight : std::tie(x.a, x.b) < std::tie(y.a, y.b);
    });
    std::vector<uint8_t> used(prepared.size(), 0);
    for (const auto& p : sorted) {
      if (used[p.a] || used[p.b]) continue;
      used[p.a] = used[p.b] = 1;
      edges.push_back({p.a, p.b, p.probability});
    }
  } else {
    edges.reserve(pairs.size());
    for (const auto& p : pairs) edges.push_back({p.a, p.b, p.probability});
  }
  PairScorer::PatternWeights known_weights;  // read by the guard's threads
  for (auto& run : run_weights) known_weights.merge(run);
  std::vector<PairScorer::PatternWeights>().swap(run_weights);
  std::vector<std::string> keys;
  keys.reserve(set.records.size());
  for (const auto& r : set.records) keys.push_back(std::to_string(r.source) + "/" + r.record_id);
  const auto& comparisons = model.comparisons();
  // A pair that shares nothing but names (a court docket has no birth date, no A-number) carries
  // no evidence for or against being one person; the guard leaves it out of a cluster's cohesion
  // instead of counting its low name-only probability against the cluster.
  auto score = [&](uint32_t a, uint32_t b) {
    if (options.link_only && prepared[a].source == prepared[b].source) return 0.0;
    Pattern pattern = ComparePair(comparisons, prepared[a], prepared[b]);
    bool beyond_names = false;
    for (size_t c = 0; c < comparisons.size() && !beyond_names; ++c) {
      const ComparisonKind kind = comparisons[c].kind();
      if (kind == ComparisonKind::kGivenName || kind == ComparisonKind::kSurname ||
          kind == ComparisonKind::kSex) {
        continue;
      }
      beyond_names = LevelOf(pattern, c) != kNullLevel;
    }
    if (!beyond_names) return kNoEvidenceBeyondNames;
    return MatchModel::ProbabilityOfWeight(scorer.Weight(pattern, a, b, known_weights));
  };
  if (options.progress) options.progress("cluster", 0, 1);
  ClusterOptions cluster_options = options.clustering;
  if (options.link_only) cluster_options.min_cohesion = 0.0;  // sources do not compare inside
  cluster_options.threads = options.threads;                  // `score` only reads
  result.persons =
      ClusterRecords(prepared.size(), edges, keys, score, cluster_options, &result.clustering);
  result.person_of_record.assign(prepared.size(), 0);
  for (uint32_t p = 0; p < result.persons.size(); ++p) {
    for (uint32_t m : result.persons[p].members) result.person_of_record[m] = p;
  }
  result.seconds_cluster = Since(start);
  result.cpu_seconds_cluster = ProcessCpuSeconds() - cpu_start;
  return result;
}

}  // namespace kinlink::linkage
