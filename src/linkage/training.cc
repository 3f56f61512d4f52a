#include "linkage/training.h"

#include <fmt/format.h>

#include <algorithm>

#include "linkage/internal/parallel_for.h"
#include "linkage/internal/record_prefetch.h"
#include "linkage/internal/uniform_sample.h"

namespace kinlink::linkage {
namespace {

// The comparison kind a blocking key constrains (kField: the field's own comparison).
bool KeyFixes(const BlockingKey& key, const Comparison& comparison) {
  switch (key.kind) {
    case BlockingKeyKind::kGivenSound:
    case BlockingKeyKind::kGivenPrefix3:
    case BlockingKeyKind::kGivenInitial:
      return comparison.kind() == ComparisonKind::kGivenName;
    case BlockingKeyKind::kSurnameSound:
    case BlockingKeyKind::kSurnameMetaphone:
    case BlockingKeyKind::kSurnamePrefix3:
    case BlockingKeyKind::kSurnameInitial:
      return comparison.kind() == ComparisonKind::kSurname;
    case BlockingKeyKind::kBirthDate:
    case BlockingKeyKind::kBirthYear:
    case BlockingKeyKind::kBirthMonthDay:
      return comparison.kind() == ComparisonKind::kBirthDate;
    case BlockingKeyKind::kANumber:
      return comparison.kind() == ComparisonKind::kANumber;
    case BlockingKeyKind::kSex:
      return comparison.kind() == ComparisonKind::kSex;
    case BlockingKeyKind::kField:
      return comparison.kind() == ComparisonKind::kField &&
             comparison.field_index() == key.field_index;
  }
  return false;
}

// A uniform sample of `count` of the pairs `blocker` produces (all of them when there are fewer),
// in their blocking order. The sample's positions are drawn first, and only the blocks holding
// them are walked or indexed: the rule's pairs are never all generated, nor held.
std::vector<CandidatePair> SampledPairs(const Blocker& blocker,
                                        const std::vector<PreparedRecord>& records, uint64_t count,
                                        uint64_t seed, uint64_t* total_pairs) {
  return blocker.PairsAt(
      records, [&](uint64_t total) { return detail::UniformSortedSample(total, count, seed); },
      total_pairs);
}

// Patterns of `pairs` with the `fixed` comparisons set to the null level.
PatternCounts MaskedPatterns(const std::vector<CandidatePair>& pairs,
                             const std::vector<PreparedRecord>& records,
                             const std::vector<Comparison>& comparisons,
                             const std::vector<bool>& fixed) {
  Pattern null_mask = 0;
  for (size_t c = 0; c < comparisons.size(); ++c) {
    if (fixed[c]) null_mask |= static_cast<Pattern>(kNullLevel) << (4 * c);
  }
  PatternCounts counts;
  detail::ForEachPrefetched(pairs, 0, pairs.size(), records, [&](size_t i) {
    ++counts[ComparePair(comparisons, records[pairs[i].a], records[pairs[i].b]) | null_mask];
  });
  return counts;
}

}  // namespace

SessionPatterns CollectSessionPatterns(const std::vector<Comparison>& comparisons,
                                       const std::vector<PreparedRecord>& records,
                                       const BlockingRule& rule, size_t index,
                                       const BlockingOptions& blocking,
                                       const TrainingOptions& options) {
  const uint64_t seed = options.seed + index;
  SessionPatterns out;
  out.session.rule = rule.Description();
  out.fixed = ComparisonsFixedBy(rule, comparisons);
  for (size_t c = 0; c < comparisons.size(); ++c) {
    if (out.fixed[c]) out.session.fixed.push_back(comparisons[c].name());
  }
  uint64_t total_pairs = 0;
  const std::vector<CandidatePair> pairs = SampledPairs(
      Blocker({rule}, blocking), records, options.max_pairs_per_session, seed, &total_pairs);
  out.session.pairs = total_pairs;
  out.session.compared = pairs.size();
  if (!pairs.empty()) out.counts = MaskedPatterns(pairs, records, comparisons, out.fixed);
  return out;
}

namespace {

// Expected matches with comparison c present, under the session's trained model.
std::vector<double> MatchMassPerComparison(const MatchModel& model, const PatternCounts& counts) {
  std::vector<double> mass(model.comparisons().size(), 0.0);
  for (const auto& [pattern, count] : counts) {
    double posterior = MatchModel::ProbabilityOfWeight(model.Weight(pattern));
    for (size_t c = 0; c < mass.size(); ++c) {
      if (LevelOf(pattern, c) != kNullLevel) mass[c] += posterior * static_cast<double>(count);
    }
  }
  return mass;
}

}  // namespace

std::vector<bool> ComparisonsFixedBy(const BlockingRule& rule,
                                     const std::vector<Comparison>& comparisons) {
  std::vector<bool> fixed(comparisons.size(), false);
  for (size_t c = 0; c < comparisons.size(); ++c) {
    for (const auto& key : rule.keys) fixed[c] = fixed[c] || KeyFixes(key, comparisons[c]);
  }
  return fixed;
}

std::vector<BlockingRule> DefaultTrainingRules(const RecordSchema& schema) {
  std::vector<std::string> texts = {"given_sound & birth_date", "surname_sound & birth_date",
                                    "given_prefix3 & surname_prefix3", "a_number"};
  for (const auto& field : schema.fields) {
    if (field.kind == FieldKind::kIdentifier) texts.push_back("field:" + field.name);
  }
  std::vector<BlockingRule> rules;
  for (const auto& text : texts) {
    auto rule = ParseBlockingRule(text, schema);
    if (rule.ok()) rules.push_back(*std::move(rule));
  }
  return rules;
}

std::vector<SessionPatterns> CollectSessionPatterns(const std::vector<Comparison>& comparisons,
                                                    const std::vector<PreparedRecord>& records,
                                                    const std::vector<BlockingRule>& rules,
                                                    const BlockingOptions& blocking,
                                                    const TrainingOptions& options) {
  std::vector<SessionPatterns> sessions(rules.size());
  // Sessions in parallel, each on one thread: every session is deterministic on its own.
  detail::ParallelForEach(rules.size(), options.threads, [&](size_t r) {
    sessions[r] = CollectSessionPatterns(comparisons, records, rules[r], r, blocking, options);
  });
  return sessions;
}

Result<TrainingReport> TrainOnSessions(MatchModel& model,
                                       const std::vector<SessionPatterns>& sessions,
                                       const TrainingOptions& options) {
  const auto& comparisons = model.comparisons();
  const size_t count = comparisons.size();
  std::vector<std::vector<double>> m_sum(count);
  std::vector<int> estimates(count, 0);
  for (size_t c = 0; c < count; ++c) {
    m_sum[c].assign(static_cast<size_t>(comparisons[c].level_count()), 0.0);
  }
  TrainingReport report;
  for (const auto& collected : sessions) {
    TrainingSession session = collected.session;
    const PatternCounts& counts = collected.counts;
    if (counts.empty()) {
      report.sessions.push_back(std::move(session));
      continue;
    }
    MatchModel trained = model;  // u and the starting m; lambda is the session's own
    auto em = trained.EstimateMByEm(counts);
    if (!em.ok()) {
      report.sessions.push_back(std::move(session));
      continue;
    }
    session.iterations = em->iterations;
    session.converged = em->converged;
    session.lambda = em->lambda;
    std::vector<double> mass = MatchMassPerComparison(trained, counts);
    for (size_t c = 0; c < count; ++c) {
      if (collected.fixed[c] || mass[c] < options.min_match_mass) continue;
      for (size_t l = 0; l < m_sum[c].size(); ++l) {
        m_sum[c][l] += trained.m(c, static_cast<int>(l));
      }
      ++estimates[c];
      session.estimated.push_back(comparisons[c].name());
    }
    report.sessions.push_back(std::move(session));
  }
  bool any = false;
  for (size_t c = 0; c < count; ++c) {
    if (estimates[c] == 0) {
      report.never_estimated.push_back(comparisons[c].name());
      continue;
    }
    any = true;
    for (double& v : m_sum[c]) v /= estimates[c];
    model.SetM(c, std::move(m_sum[c]));
  }
  if (!any) {
    return FailedPreconditionError(
        "no training session had enough pairs to estimate m; give blocking rules that produce "
        "pairs, or labels (--supervised)");
  }
  return report;
}

Result<TrainingReport> TrainBySessions(MatchModel& model,
                                       const std::vector<PreparedRecord>& records,
                                       const std::vector<BlockingRule>& rules,
                                       const BlockingOptions& blocking,
                                       const TrainingOptions& options) {
  return TrainOnSessions(
      model, CollectSessionPatterns(model.comparisons(), records, rules, blocking, options),
      options);
}

}  // namespace kinlink::linkage
