#include "evaluate/true_conditions.h"

#include <algorithm>

namespace kinlink::evaluate {

using ledger::AlertKind;
using ledger::AlertRule;

TrueConditions::TrueConditions(const TruthModel& truth, const AnswerKey& key,
                               std::optional<Date> order_date,
                               const std::set<std::pair<std::string, std::string>>* linked_pairs)
    : truth_(truth), order_date_(order_date), linked_pairs_(linked_pairs) {
  for (const auto& [k, record] : key.records()) {
    if (record.agency != "cbp") continue;
    if (std::find(record.errors.begin(), record.errors.end(), kFamilyUnitDroppedError) !=
        record.errors.end()) {
      dropped_unit_persons_.insert(record.person_id);
    }
  }
}

std::set<std::string> TrueConditions::Cases(const AlertRule& rule, Timestamp t) const {
  switch (rule.kind) {
    case AlertKind::kCbpCustodyLimit:
      return CbpChildOverLimit(rule, t);
    case AlertKind::kCourtOrderReunification:
      return CourtOrderOverdue(rule, t);
    case AlertKind::kParentRemovedChildInOrr:
      return ParentRemovedChildInOrr(t);
    case AlertKind::kSeparatedWithoutParentLink:
      return WithoutParentLink(rule, t);
    case AlertKind::kConcurrentCustody:
      return {};  // the truth never holds a person in two places
    case AlertKind::kFamilyUnitDropped:
      return FamilyUnitDropped(t);
    case AlertKind::kCustodyEndUnrecorded:
      return {};  // a data-quality rule: scored on its alerts alone (scorer.cc)
  }
  return {};
}

std::set<std::string> TrueConditions::CbpChildOverLimit(const AlertRule& rule, Timestamp t) const {
  std::set<std::string> out;
  for (const auto& person : truth_.PersonsInCustodyAt(t)) {
    auto custody = truth_.CustodyAt(person, t);
    if (custody->agency != Agency::kCbp) continue;
    if (t - custody->agency_since <= std::chrono::hours(rule.hours)) continue;
    auto age = truth_.AgeOn(person, DateOf(t));
    if (age && *age < 18) out.insert(person);
  }
  return out;
}

std::set<std::string> TrueConditions::CourtOrderOverdue(const AlertRule& rule, Timestamp t) const {
  std::set<std::string> out;
  if (!order_date_) return out;
  for (const TruthSeparation* s : truth_.OpenSeparationsAt(t)) {
    const Timestamp start = std::max(StartOfDay(*order_date_), s->separated_at);
    auto age = truth_.AgeOn(s->child_id, DateOf(start));
    if (!age || *age < rule.min_age || *age >= rule.max_age) continue;
    if (t > start + std::chrono::days(rule.days)) out.insert(s->child_id);
  }
  return out;
}

std::set<std::string> TrueConditions::ParentRemovedChildInOrr(Timestamp t) const {
  std::set<std::string> out;
  for (const TruthSeparation* s : truth_.OpenSeparationsAt(t)) {
    const TruthPerson* parent = truth_.Find(s->parent_id);
    if (parent == nullptr || !parent->removed_at) continue;
    const Timestamp removed = *parent->removed_at;
    if (removed < s->separated_at || removed > t) continue;
    auto custody = truth_.CustodyAt(s->child_id, removed);
    if (custody && custody->agency == Agency::kOrr) out.insert(s->child_id);
  }
  return out;
}

std::set<std::string> TrueConditions::WithoutParentLink(const AlertRule& rule, Timestamp t) const {
  std::set<std::string> out;
  for (const TruthSeparation* s : truth_.OpenSeparationsAt(t)) {
    if (s->separated_at + std::chrono::hours(rule.hours) > t) continue;
    if (linked_pairs_ != nullptr && linked_pairs_->count({s->child_id, s->parent_id}) != 0) {
      continue;
    }
    out.insert(s->child_id);
  }
  return out;
}

std::set<std::string> TrueConditions::FamilyUnitDropped(Timestamp t) const {
  std::set<std::string> out;
  for (const auto& person : dropped_unit_persons_) {
    const TruthPerson* p = truth_.Find(person);
    if (p == nullptr || p->family_unit_id.empty()) continue;
    auto family = truth_.families().find(p->family_unit_id);
    if (family == truth_.families().end()) continue;
    for (const auto& member : family->second) {
      const TruthPerson* m = truth_.Find(member);
      if (m != nullptr && m->first_referral_at && *m->first_referral_at <= t) {
        out.insert(person);
        break;
      }
    }
  }
  return out;
}

}  // namespace kinlink::evaluate
