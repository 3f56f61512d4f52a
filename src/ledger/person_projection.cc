#include "ledger/person_projection.h"

#include <algorithm>
#include <type_traits>

namespace kinlink::ledger {

bool PersonProjection::InOrder(const ProjectionInput& input) const {
  if (events_ == 0) return true;
  if (input.effective_at != last_effective_at_) return input.effective_at > last_effective_at_;
  return input.seq > last_seq_;
}

std::string_view PersonProjection::status() const {
  if (current_custody() != nullptr) return "in_custody";
  if (removed_at_) return "removed";
  if (released_) return "released";
  return "unknown";
}

const CustodyInterval* PersonProjection::current_custody() const {
  for (auto it = custody_.rbegin(); it != custody_.rend(); ++it) {
    if (!it->end) return &*it;
  }
  return nullptr;
}

void PersonProjection::Apply(const ProjectionInput& input) {
  ++events_;
  if (input.effective_at > last_effective_at_ || events_ == 1) {
    last_effective_at_ = input.effective_at;
  }
  last_seq_ = std::max(last_seq_, input.seq);
  if (input.person != nullptr && input.person->person_id == person_id_) {
    if (input.person->birth_date) birth_date_ = input.person->birth_date;
  }
  if (input.family != nullptr) {
    NoteFamilyUnit(input.family->family_unit_id, Agency::kCbp, input.effective_at);
  }
  if (input.event != nullptr) ApplyEvent(*input.event, input.effective_at);
}

void PersonProjection::OpenCustody(Agency agency, const std::string& facility, Timestamp at,
                                   std::optional<Timestamp> agency_since) {
  released_ = false;
  custody_.push_back({agency, facility, at, agency_since.value_or(at), std::nullopt});
}

std::optional<Timestamp> PersonProjection::CloseCustody(std::optional<Agency> agency,
                                                        Timestamp at) {
  std::optional<Timestamp> since;
  for (auto& interval : custody_) {
    if (interval.end || (agency && interval.agency != *agency)) continue;
    interval.end = std::max(at, interval.start);
    if (!since || interval.agency_since < *since) since = interval.agency_since;
  }
  return since;
}

void PersonProjection::NoteFamilyUnit(const std::optional<FamilyUnitId>& unit, Agency recorded_by,
                                      Timestamp at) {
  if (unit && !unit->empty()) {
    if (std::find(family_units_.begin(), family_units_.end(), *unit) == family_units_.end()) {
      family_units_.push_back(*unit);
      family_units_seen_.push_back(at);
    }
    family_unit_id_ = unit;
    family_unit_agency_ = recorded_by;
    return;
  }
  // The agency that recorded the family unit now records this person without it, after a
  // separation: the 2018 "deleted family unit".
  if (family_unit_id_ && family_unit_agency_ == recorded_by && last_separation_at_ &&
      *last_separation_at_ <= at && !dropped_family_) {
    dropped_family_ = family_unit_id_;
    dropped_at_ = at;
    dropped_by_ = std::string(ToString(recorded_by));
  }
}

void PersonProjection::Reunify(const PersonId& parent_id, Timestamp at) {
  for (auto& separation : separations_) {
    if (!separation.reunified_at && (parent_id.empty() || separation.parent_id == parent_id)) {
      separation.reunified_at = at;
    }
  }
}

void PersonProjection::AddParent(const PersonId& parent_id) {
  if (parent_id.empty()) return;
  ++parent_links_;
  if (std::find(parent_ids_.begin(), parent_ids_.end(), parent_id) == parent_ids_.end()) {
    parent_ids_.push_back(parent_id);
  }
}

void PersonProjection::OpenSeparation(const PersonId& parent_id,
                                      const std::optional<FamilyUnitId>& unit, Timestamp at,
                                      SeparationReason reason, const std::string& event_id) {
  for (auto& s : separations_) {
    if (s.reunified_at) continue;
    if (s.parent_id == parent_id) {
      if (!parent_id.empty()) s.parent_inferred = false;  // a record now names them
      return;
    }
    // The parent becomes known (a record's word replaces the linker's inference).
    if ((s.parent_id.empty() || s.parent_inferred) && !parent_id.empty()) {
      s.parent_id = parent_id;
      s.parent_inferred = false;
      if (unit) s.family_unit_id = unit;
      s.separated_at = std::min(s.separated_at, at);
      s.reason = reason;
      s.event_id = event_id;
      return;
    }
    if (parent_id.empty()) return;  // a flag without a parent adds nothing to a known one
  }
  separations_.push_back({parent_id, false, unit, at, reason, event_id, std::nullopt});
  if (parent_id.empty()) FillInferredParents();
}

void PersonProjection::FillInferredParents() {
  if (inferred_parent_ids_.empty()) return;
  for (auto& s : separations_) {
    if (s.reunified_at || !s.parent_id.empty()) continue;
    s.parent_id = inferred_parent_ids_.front();
    s.parent_inferred = true;
  }
}

void PersonProjection::ApplyEvent(const Event& event, Timestamp at) {
  const Agency source_agency = event.source ? event.source->agency : Agency::kCbp;
  std::visit(
      [&](const auto& p) {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, Apprehension>) {
          if (p.person_id != person_id_) return;
          CloseCustody(std::nullopt, at);
          OpenCustody(Agency::kCbp, p.station_id, at, std::nullopt);
          NoteFamilyUnit(p.family_unit_id, source_agency, at);
        } else if constexpr (std::is_same_v<T, CustodyTransfer>) {
          std::optional<Timestamp> since;
          if (p.releasing) since = CloseCustody(p.releasing->agency, at);
          if (p.receiving) {
            bool same_agency = p.releasing && p.releasing->agency == p.receiving->agency;
            OpenCustody(p.receiving->agency, p.receiving->facility_id, at,
                        same_agency ? since : std::nullopt);
          } else if (current_custody() == nullptr) {
            released_ = true;
          }
        } else if constexpr (std::is_same_v<T, Separation>) {
          last_separation_at_ = at;
          if (p.child_id == person_id_) {
            AddParent(p.parent_id);
            OpenSeparation(p.parent_id, p.family_unit_id, at, p.reason, event.event_id);
          }
          NoteFamilyUnit(p.family_unit_id, source_agency, at);
        } else if constexpr (std::is_same_v<T, OrrReferral>) {
          if (p.child_id != person_id_) return;
          if (p.separated && !separated_flag_at_) separated_flag_at_ = at;
          if (p.parent_id) AddParent(*p.parent_id);
          if (p.separated) {
            OpenSeparation(p.parent_id.value_or(""), std::nullopt, at, SeparationReason::kOther,
                           event.event_id);
          }
        } else if constexpr (std::is_same_v<T, OrrPlacement>) {
          if (p.child_id != person_id_) return;
          // A placement moves the child within ORR, or is ORR taking custody when no transfer
          // was recorded for this identity.
          auto since = CloseCustody(std::nullopt, at);
          bool was_orr = false;
          for (const auto& c : custody_) was_orr |= (c.end == at && c.agency == Agency::kOrr);
          OpenCustody(Agency::kOrr, p.facility_id, at, was_orr ? since : std::nullopt);
        } else if constexpr (std::is_same_v<T, OrrRelease>) {
          if (p.child_id != person_id_) return;
          CloseCustody(Agency::kOrr, at);
          if (current_custody() == nullptr) released_ = true;
          if (p.sponsor == SponsorCategory::kParent) Reunify(p.sponsor_id.value_or(""), at);
        } else if constexpr (std::is_same_v<T, Removal>) {
          CloseCustody(std::nullopt, at);
          removed_at_ = at;
          removal_recorded_at_ = event.recorded_at.value_or(at);
          if (p.person_id != person_id_) Reunify(p.person_id, at);  // leaves with the parent
        } else if constexpr (std::is_same_v<T, Reunification>) {
          if (p.child_id == person_id_) Reunify(p.parent_id, at);
        } else if constexpr (std::is_same_v<T, Relationship>) {
          if (p.association.child_id == person_id_ &&
              p.association.kind != RelationshipKind::kDisproven) {
            AddParent(p.association.parent_id);
            if (p.association.kind == RelationshipKind::kInferred &&
                !p.association.parent_id.empty() &&
                std::find(inferred_parent_ids_.begin(), inferred_parent_ids_.end(),
                          p.association.parent_id) == inferred_parent_ids_.end()) {
              inferred_parent_ids_.push_back(p.association.parent_id);
              FillInferredParents();
            }
          }
        } else if constexpr (std::is_same_v<T, Correction>) {
          if (p.replacement) ApplyEvent(*p.replacement, p.replacement->effective_at);
        }
      },
      event.payload);
}

}  // namespace kinlink::ledger
