#include "linkage/training.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>

#include "linkage/internal/parallel_for.h"

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

// A uniform sample of `count` pairs (all of them when there are fewer), in their original order.
std::vector<CandidatePair> SamplePairs(std::vector<CandidatePair> pairs, uint64_t count,
                                       uint64_t seed) {
  if (pairs.size() <= count) return pairs;
  std::mt19937_64 random(seed);
  // Selection sampling (Knuth's algorithm S): each pair kept with the probability still needed.
  std::vector<CandidatePair> kept;
  kept.reserve(count);
  uint64_t needed = count;
  uint64_t left = pairs.size();
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (const auto& pair : pairs) {
    if (unit(random) * static_cast<double>(left) < static_cast<double>(needed)) {
      kept.push_back(pair);
      if (--needed == 0) break;
    }
    --left;
  }
  return kept;
}

// Patterns of `pairs` with the `fixed` comparisons set to the null level.
PatternCounts MaskedPatterns(const std::vector<CandidatePair>& pairs,
                             const std::vector<PreparedRecord>& records,
                             const std::vector<Comparison>& comparisons,
                             const std::vector<bool>& fixed, int threads) {
  Pattern null_mask = 0;
  for (size_t c = 0; c < comparisons.size(); ++c) {
    if (fixed[c]) null_mask |= static_cast<Pattern>(kNullLevel) << (4 * c);
  }
  std::vector<PatternCounts> partial(static_cast<size_t>(std::max(1, threads)));
  detail::ParallelFor(pairs.size(), threads, [&](size_t worker, size_t begin, size_t end) {
    auto& counts = partial[worker];
    for (size_t k = begin; k < end; ++k) {
      const auto& p = pairs[k];
      Pattern pattern = ComparePair(comparisons, records[p.a], records[p.b]);
      ++counts[pattern | null_mask];
    }
  });
  PatternCounts total;
  for (auto& part : partial) {
    for (const auto& [pattern, count] : part) total[pattern] += count;
  }
  return total;
}

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

Result<TrainingReport> TrainBySessions(MatchModel& model,
                                       const std::vector<PreparedRecord>& records,
                                       const std::vector<BlockingRule>& rules,
                                       const BlockingOptions& blocking,
                                       const TrainingOptions& options) {
  const auto& comparisons = model.comparisons();
  const size_t count = comparisons.size();
  std::vector<std::vector<double>> m_sum(count);
  std::vector<int> estimates(count, 0);
  for (size_t c = 0; c < count; ++c) {
    m_sum[c].assign(static_cast<size_t>(comparisons[c].level_count()), 0.0);
  }
  TrainingReport report;
  for (size_t r = 0; r < rules.size(); ++r) {
    TrainingSession session;
    session.rule = rules[r].Description();
    std::vector<bool> fixed = ComparisonsFixedBy(rules[r], comparisons);
    for (size_t c = 0; c < count; ++c) {
      if (fixed[c]) session.fixed.push_back(comparisons[c].name());
    }
    std::vector<CandidatePair> pairs = Blocker({rules[r]}, blocking).Pairs(records, nullptr);
    session.pairs = pairs.size();
    pairs = SamplePairs(std::move(pairs), options.max_pairs_per_session, options.seed + r);
    session.compared = pairs.size();
    if (pairs.empty()) {
      report.sessions.push_back(std::move(session));
      continue;
    }
    PatternCounts counts = MaskedPatterns(pairs, records, comparisons, fixed, options.threads);
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
      if (fixed[c] || mass[c] < options.min_match_mass) continue;
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

}  // namespace kinlink::linkage
