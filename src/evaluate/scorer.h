// Scorer: the ledger's answers against the truth, for each as-of moment and knowledge mode.
//
// For each moment T and mode ("all": everything recorded; "known": what was known at T) it scores
//   - where now: over every truth person in custody at T, the ledger's answer for the identity
//     holding most of that person's records is right when it says in custody with the same
//     agency (facility agreement is a second figure); no identity at all counts as wrong;
//   - family state: over every truth family with a member in custody at T, separated or not, the
//     ledger's answer for the family-unit ids recorded on its members' identities (separated when
//     any is); no unit recorded counts as wrong;
//   - each alert rule: alerts mapped to truth persons, counted once per (rule, person); precision
//     over them, recall over the true cases the ledger could know of (persons with a record);
//   - open separations: the same, per child; and for the correct ones, whether the parent named
//     is a parent the child is truly separated from at T, missing, or another adult.
// A mode the ledger cannot answer (NotAnswerableYet) is marked unavailable with the reason.
//
//   KINLINK_ASSIGN_OR_RETURN(EvaluationReport report,
//                            Evaluate(truth, key, answers, rules, {t1, t2}));
//
// Errors: the answer source's errors. Thread safety: as the answer source.
#ifndef KINLINK_EVALUATE_SCORER_H_
#define KINLINK_EVALUATE_SCORER_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/civil_time.h"
#include "evaluate/answer_key.h"
#include "evaluate/ledger_answers.h"
#include "evaluate/truth_model.h"
#include "ledger/alert_rules.h"

namespace kinlink::evaluate {

struct Ratio {
  int64_t hits = 0;
  int64_t total = 0;
  // nullopt when there is nothing to divide by.
  std::optional<double> value() const {
    if (total == 0) return std::nullopt;
    return static_cast<double>(hits) / static_cast<double>(total);
  }
};

struct DetectionScore {
  std::string id;          // the rule id, or "open_separations"
  int64_t answers = 0;     // alerts or rows the ledger gave
  Ratio precision;         // distinct flagged persons that truly hold / flagged
  Ratio recall;            // knowable true cases flagged / knowable true cases
  int64_t true_cases = 0;  // including persons the ledger has no record of
};

struct ParentNamed {
  int64_t true_parent = 0;
  int64_t missing = 0;
  int64_t wrong_adult = 0;
  int64_t total() const { return true_parent + missing + wrong_adult; }
};

struct ModeScore {
  std::string mode;  // "all" or "known"
  bool available = true;
  std::string unavailable_reason;
  Ratio where_now;
  Ratio where_facility;
  // Wrong where-now answers by "<true agency> -> <ledger's answer>" (an agency, "not in custody",
  // "no identity"), so a reader can see which mistake dominates.
  std::map<std::string, int64_t> where_now_errors;
  int64_t in_custody_without_identity = 0;
  Ratio family_state;
  int64_t families_without_unit = 0;
  // Wrong family states by "<true state> -> <ledger's answer>" ("separated", "not separated",
  // "no unit recorded").
  std::map<std::string, int64_t> family_state_errors;
  std::vector<DetectionScore> rules;
  DetectionScore separations;
  ParentNamed parent_named;
};

struct DateScore {
  Timestamp as_of;
  int64_t persons_in_custody = 0;
  int64_t families_in_custody = 0;
  std::vector<ModeScore> modes;
};

struct EvaluationReport {
  std::vector<DateScore> dates;
  int64_t identities = 0;
  int64_t mixed_identities = 0;
  int64_t records_not_in_key = 0;
};

// Precision and recall of a set of flagged persons against true cases; `knowable` says whether
// the ledger could know of a true case (has a record of the person).
template <typename Flagged, typename Cases, typename Knowable>
void ScoreDetection(const Flagged& flagged, const Cases& cases, Knowable knowable,
                    DetectionScore& score) {
  for (const auto& p : flagged) {
    ++score.precision.total;
    score.precision.hits += cases.count(p) != 0;
  }
  score.true_cases = static_cast<int64_t>(cases.size());
  for (const auto& p : cases) {
    if (!knowable(p)) continue;
    ++score.recall.total;
    score.recall.hits += flagged.count(p) != 0;
  }
}

Result<EvaluationReport> Evaluate(const TruthModel& truth, const AnswerKey& key,
                                  LedgerAnswerSource& answers, const ledger::AlertRules& rules,
                                  const std::vector<Timestamp>& dates);

}  // namespace kinlink::evaluate

#endif  // KINLINK_EVALUATE_SCORER_H_
