// TrueConditions: when each alert rule's condition truly holds, per truth person, at a moment T.
// The rule kinds and parameters are the ledger's (config/alert-rules.toml); the conditions are
// read from the truth alone (TruthModel), except the two a rule is about the records themselves:
//
//   cbp_custody_limit            a person under 18 at T (true birth date) held by CBP without a
//                                break for more than `hours` at T
//   court_order_reunification    a child whose true age at the later of the order date (00:00Z)
//                                and the separation is in [min_age, max_age), truly separated at T,
//                                more than `days` after that later moment
//   parent_removed_child_in_orr  a child truly separated from a parent who was removed at or
//                                before T, after the separation, while the child was in ORR
//                                custody, and still separated from that parent at T
//   separated_without_parent_link  a child truly separated at T (for at least `hours`) from a
//                                parent, and no identity of the child's records carries a parent
//                                link to any identity of that parent's records
//   concurrent_custody           never: the truth holds each person in one place
//   family_unit_dropped          a person whose CBP record lost the family-unit id (the answer
//                                key's `family_unit_dropped_after_separation` error) once a member
//                                of their family was referred for prosecution at or before T
//
//   TrueConditions conditions(truth, key, order_date, &linked_pairs);
//   std::set<std::string> cases = conditions.Cases(rule, t);
//
// Errors: none. Thread safety: immutable after construction; the referents must outlive it.
#ifndef KINLINK_EVALUATE_TRUE_CONDITIONS_H_
#define KINLINK_EVALUATE_TRUE_CONDITIONS_H_

#include <optional>
#include <set>
#include <string>
#include <utility>

#include "core/civil_time.h"
#include "evaluate/answer_key.h"
#include "evaluate/truth_model.h"
#include "ledger/alert_rules.h"

namespace kinlink::evaluate {

// The answer key's error kind for a CBP record whose family unit was deleted.
inline constexpr std::string_view kFamilyUnitDroppedError = "family_unit_dropped_after_separation";

class TrueConditions {
 public:
  // `linked_pairs`: (child, parent) truth persons between whose records the ledger holds a parent
  // link; may be null (no links).
  TrueConditions(const TruthModel& truth, const AnswerKey& key, std::optional<Date> order_date,
                 const std::set<std::pair<std::string, std::string>>* linked_pairs);

  // The truth persons for whom the rule's condition holds at `t`.
  std::set<std::string> Cases(const ledger::AlertRule& rule, Timestamp t) const;

 private:
  std::set<std::string> CbpChildOverLimit(const ledger::AlertRule& rule, Timestamp t) const;
  std::set<std::string> CourtOrderOverdue(const ledger::AlertRule& rule, Timestamp t) const;
  std::set<std::string> ParentRemovedChildInOrr(Timestamp t) const;
  std::set<std::string> WithoutParentLink(const ledger::AlertRule& rule, Timestamp t) const;
  std::set<std::string> FamilyUnitDropped(Timestamp t) const;

  const TruthModel& truth_;
  std::optional<Date> order_date_;
  const std::set<std::pair<std::string, std::string>>* linked_pairs_;
  std::set<std::string> dropped_unit_persons_;  // from the answer key's CBP records
};

}  // namespace kinlink::evaluate

#endif  // KINLINK_EVALUATE_TRUE_CONDITIONS_H_
