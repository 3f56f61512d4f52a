#include "ledger/person_projection.h"

#include <algorithm>
#include <type_traits>

namespace kinlink::ledger {
namespace {

// The pipeline's stage of custody with an agency: Border Patrol first, then the Marshals (and
// ORR, which takes the children at the same stage), then ICE.
int CustodyStage(Agency agency) {
  switch (agency) {
    case Agency::kCbp:
      return 0;
    case Agency::kUsao:
    case Agency::kCourt:
      return 3;
    case Agency::kUsms:
      return 4;
    case Agency::kOrr:
      return 5;
    case Agency::kIce:
      return 6;
    case Agency::kNgo:
      return 7;
  }
  return 7;
}

// An event's place in the pipeline within one day (0 = first), for date-only records.
int PipelineRank(const Event& event) {
  return std::visit(
      [&](const auto& p) -> int {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, Apprehension>) {
          return 0;
        } else if constexpr (std::is_same_v<T, Relationship>) {
          return 1;
        } else if constexpr (std::is_same_v<T, Separation>) {
          return 2;
        } else if constexpr (std::is_same_v<T, Referral> || std::is_same_v<T, OrrReferral> ||
                             std::is_same_v<T, ProsecutionDecision>) {
          return 3;
        } else if constexpr (std::is_same_v<T, Hearing> || std::is_same_v<T, Sentence>) {
          return 4;
        } else if constexpr (std::is_same_v<T, CustodyTransfer>) {
          if (p.receiving) return CustodyStage(p.receiving->agency);
          if (p.releasing) return CustodyStage(p.releasing->agency) + 1;
          return 7;
        } else if constexpr (std::is_same_v<T, OrrPlacement>) {
          return 5;
        } else if constexpr (std::is_same_v<T, OrrRelease> || std::is_same_v<T, Contact>) {
          return 8;
        } else if constexpr (std::is_same_v<T, Reunification> || std::is_same_v<T, Removal>) {
          return 9;
        } else if constexpr (std::is_same_v<T, Correction>) {
          return p.replacement ? PipelineRank(*p.replacement) : 9;
        }
        return 9;
      },
      event.payload);
}

constexpr int kRanks = 10;

}  // namespace

std::string_view ToString(ParentBasis basis) {
  switch (basis) {
    case ParentBasis::kRecord:
      return "record";
    case ParentBasis::kClaimed:
      return "claimed";
    case ParentBasis::kLinked:
      return "linked";
  }
  return "record";
}

bool IsDateOnly(Timestamp t) { return StartOfDay(DateOf(t)) == t; }

Timestamp FoldTimeOf(const ProjectionInput& input) {
  if (!IsDateOnly(input.effective_at)) return input.effective_at;
  // Identity records come first in their day: they only describe the person.
  int rank = input.event != nullptr ? PipelineRank(*input.event) + 1 : 0;
  return input.effective_at + std::chrono::days(1) - std::chrono::seconds(kRanks + 1 - rank);
}

PersonProjection::PersonProjection(PersonId person_id, std::vector<PersonId> identities)
    : person_id_(std::move(person_id)), identities_(std::move(identities)) {
  if (identities_.empty()) identities_.push_back(person_id_);
  std::sort(identities_.begin(), identities_.end());
  identities_.erase(std::unique(identities_.begin(), identities_.end()), identities_.end());
}

bool PersonProjection::IsSelf(std::string_view id) const {
  if (identities_.size() == 1) return identities_.front() == id;
  return std::binary_search(identities_.begin(), identities_.end(), id,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

bool PersonProjection::InOrder(const ProjectionInput& input) const {
  if (events_ == 0) return true;
  Timestamp at = FoldTimeOf(input);
  if (at != last_fold_at_) return at > last_fold_at_;
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
  Timestamp fold_at = FoldTimeOf(input);
  if (input.effective_at > last_effective_at_ || events_ == 1) {
    last_effective_at_ = input.effective_at;
  }
  if (fold_at > last_fold_at_ || events_ == 1) last_fold_at_ = fold_at;
  last_seq_ = std::max(last_seq_, input.seq);
  if (input.person != nullptr && IsSelf(input.person->person_id) && input.person->birth_date) {
    // The youngest plausible reading across records: child protections apply whenever any record
    // allows the person to be a child.
    const PartialDate& date = *input.person->birth_date;
    if (!birth_date_ || date.Latest() > birth_date_->Latest() ||
        (birth_date_source_ == input.person->person_id && date.Latest() == birth_date_->Latest())) {
      birth_date_ = date;
      birth_date_source_ = input.person->person_id;
    } else if (birth_date_source_ == input.person->person_id) {
      // The record that gave the youngest reading was revised to an older one.
      birth_date_ = date;
    }
  }
  if (input.family != nullptr) {
    NoteFamilyUnit(input.family->family_unit_id, Agency::kCbp, input.effective_at);
  }
  if (input.event != nullptr) {
    if (input.superseded != nullptr) NoteUnitOverwritten(*input.event, *input.superseded);
    // A date-only change takes effect at its place near the end of its day: until then, the day
    // it happened on is not over, and the person is taken to be where they were.
    ApplyEvent(*input.event, IsDateOnly(input.effective_at) ? fold_at : input.effective_at);
  }
}

namespace {

// The family unit an apprehension or separation records, if any.
std::optional<FamilyUnitId> UnitOf(const Event& event) {
  if (const auto* a = std::get_if<Apprehension>(&event.payload)) return a->family_unit_id;
  if (const auto* s = std::get_if<Separation>(&event.payload)) return s->family_unit_id;
  if (const auto* c = std::get_if<Correction>(&event.payload); c && c->replacement) {
    return UnitOf(*c->replacement);  // a correction corrected again: what it had put in place
  }
  return std::nullopt;
}

}  // namespace

void PersonProjection::NoteUnitOverwritten(const Event& correction, const Event& original) {
  const auto* fix = std::get_if<Correction>(&correction.payload);
  if (fix == nullptr) return;
  std::optional<FamilyUnitId> unit = UnitOf(original);
  if (!unit || unit->empty()) return;
  const bool kept = fix->replacement && UnitOf(*fix->replacement) == unit;
  if (kept) return;
  // A family link, once recorded, is never lost: the unit stays the person's, and the ledger
  // notes that the agency's record dropped it, when the overwrite was entered.
  if (std::find(family_units_.begin(), family_units_.end(), *unit) == family_units_.end()) {
    family_units_.push_back(*unit);
    family_units_seen_.push_back(original.effective_at);
  }
  if (!dropped_family_) {
    dropped_family_ = unit;
    dropped_at_ = correction.recorded_at.value_or(correction.effective_at);
    dropped_by_ =
        std::string(ToString(correction.source ? correction.source->agency : Agency::kCbp));
  }
}

void PersonProjection::OpenCustody(Agency agency, const std::string& facility, Timestamp at,
                                   std::optional<Timestamp> agency_since) {
  released_ = false;
  // A person is in one place at a time: a date-only record on the day of a timed one starts no
  // earlier than the custody before it.
  at = std::max(at, latest_custody_start_);
  CustodyInterval* open = nullptr;
  for (auto it = custody_.rbegin(); it != custody_.rend() && open == nullptr; ++it) {
    if (!it->end) open = &*it;
  }
  if (open != nullptr && open->agency == agency &&
      (facility.empty() || facility == open->facility_id)) {
    // The same custody told again (the receiving agency's own book-in and the releasing
    // agency's transfer record): nothing new.
    return;
  }
  // Custody of another agency (or another facility) that nobody recorded ending ends here.
  std::optional<Timestamp> continued;
  for (auto& interval : custody_) {
    if (interval.end) continue;
    interval.end = std::max(at, interval.start);
    if (interval.agency == agency && (!continued || interval.agency_since < *continued)) {
      continued = interval.agency_since;
    }
  }
  Timestamp since = agency_since.value_or(continued.value_or(at));
  latest_custody_start_ = at;
  custody_.push_back({agency, facility, at, std::min(since, at), std::nullopt, std::nullopt});
}

std::optional<Timestamp> PersonProjection::CloseCustody(std::optional<Agency> agency, Timestamp at,
                                                        std::optional<Agency> by) {
  std::optional<Timestamp> since;
  bool closed_any = false;
  for (auto& interval : custody_) {
    if (interval.end || (agency && interval.agency != *agency)) continue;
    interval.end = std::max(at, interval.start);
    interval.ended_by = by;
    closed_any = true;
    if (!since || interval.agency_since < *since) since = interval.agency_since;
  }
  if (!closed_any && agency && by) {
    // The agency's own record ends a custody that a later custody of another agency was taken
    // to have ended earlier: the record is right about its own custody, so both agencies held
    // the person for a while (what the two-custodies alert reports).
    for (auto it = custody_.rbegin(); it != custody_.rend(); ++it) {
      if (it->agency != *agency) continue;
      if (it->end && !it->ended_by && at > *it->end && it->start <= at) {
        it->end = at;
        it->ended_by = by;
        since = it->agency_since;
      }
      break;
    }
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

void PersonProjection::AddParent(const PersonId& parent_id, ParentBasis basis,
                                 const std::string& event_id) {
  if (parent_id.empty() || IsSelf(parent_id)) return;
  ++parent_links_;
  auto known = std::find_if(parent_detail_.begin(), parent_detail_.end(),
                            [&](const ParentLink& l) { return l.parent_id == parent_id; });
  if (known == parent_detail_.end()) {
    parent_ids_.push_back(parent_id);
    parent_detail_.push_back({parent_id, basis, event_id});
  } else if (basis < known->basis) {
    known->basis = basis;
    known->event_id = event_id;
  }
  FillParents();
}

void PersonProjection::OpenSeparation(const PersonId& parent_id,
                                      const std::optional<FamilyUnitId>& unit, Timestamp at,
                                      SeparationReason reason, const std::string& event_id) {
  for (auto& s : separations_) {
    if (s.reunified_at) continue;
    if (s.parent_id == parent_id) {
      if (!parent_id.empty()) {  // a record now names them
        s.parent_inferred = false;
        s.parent_basis = ParentBasis::kRecord;
      }
      return;
    }
    // The parent becomes known (a record's word replaces a claim or the linker's inference).
    if ((s.parent_id.empty() || s.parent_basis != ParentBasis::kRecord) && !parent_id.empty()) {
      s.parent_id = parent_id;
      s.parent_inferred = false;
      s.parent_basis = ParentBasis::kRecord;
      if (unit) s.family_unit_id = unit;
      s.separated_at = std::min(s.separated_at, at);
      s.reason = reason;
      s.event_id = event_id;
      return;
    }
    if (parent_id.empty()) return;  // a flag without a parent adds nothing to a known one
  }
  separations_.push_back(
      {parent_id, false, ParentBasis::kRecord, unit, at, reason, event_id, std::nullopt});
  if (parent_id.empty()) FillParents();
}

void PersonProjection::FillParents() {
  // The best parent no separation record named: the linker's, then a claim on any of the
  // person's records.
  const ParentLink* best = nullptr;
  for (const ParentLink& link : parent_detail_) {
    if (link.basis == ParentBasis::kRecord) continue;
    if (best == nullptr || link.basis < best->basis) best = &link;
  }
  if (best == nullptr) return;
  for (auto& s : separations_) {
    if (s.reunified_at) continue;
    if (!s.parent_id.empty() && s.parent_basis <= best->basis) continue;
    s.parent_id = best->parent_id;
    s.parent_basis = best->basis;
    s.parent_inferred = best->basis == ParentBasis::kLinked;
  }
}

void PersonProjection::ApplyEvent(const Event& event, Timestamp at) {
  const Agency source_agency = event.source ? event.source->agency : Agency::kCbp;
  std::visit(
      [&](const auto& p) {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, Apprehension>) {
          if (!IsSelf(p.person_id)) return;
          const CustodyInterval* open = current_custody();
          // Two records of one arrest (two identities of the person, a duplicate record): the
          // same stay, not a new one.
          const bool same_stay = open != nullptr && open->agency == Agency::kCbp &&
                                 open->facility_id == p.station_id &&
                                 DateOf(open->start) == DateOf(at);
          if (!same_stay) {
            CloseCustody(std::nullopt, at, std::nullopt);
            OpenCustody(Agency::kCbp, p.station_id, at, std::nullopt);
          }
          NoteFamilyUnit(p.family_unit_id, source_agency, at);
        } else if constexpr (std::is_same_v<T, CustodyTransfer>) {
          std::optional<Timestamp> since;
          if (p.releasing) since = CloseCustody(p.releasing->agency, at, source_agency);
          if (p.receiving) {
            bool same_agency = p.releasing && p.releasing->agency == p.receiving->agency;
            OpenCustody(p.receiving->agency, p.receiving->facility_id, at,
                        same_agency ? since : std::nullopt);
          } else if (current_custody() == nullptr) {
            released_ = true;
          }
        } else if constexpr (std::is_same_v<T, Separation>) {
          last_separation_at_ = at;
          if (IsSelf(p.child_id)) {
            AddParent(p.parent_id, ParentBasis::kRecord, event.event_id);
            OpenSeparation(p.parent_id, p.family_unit_id, at, p.reason, event.event_id);
          }
          NoteFamilyUnit(p.family_unit_id, source_agency, at);
        } else if constexpr (std::is_same_v<T, OrrReferral>) {
          if (!IsSelf(p.child_id)) return;
          if (p.separated && !separated_flag_at_) separated_flag_at_ = at;
          if (p.parent_id) AddParent(*p.parent_id, ParentBasis::kRecord, event.event_id);
          if (p.separated) {
            OpenSeparation(p.parent_id.value_or(""), std::nullopt, at, SeparationReason::kOther,
                           event.event_id);
          }
        } else if constexpr (std::is_same_v<T, OrrPlacement>) {
          if (!IsSelf(p.child_id)) return;
          // A placement moves the child within ORR, or is ORR taking custody (whoever held the
          // child before: their custody ends here).
          OpenCustody(Agency::kOrr, p.facility_id, at, std::nullopt);
        } else if constexpr (std::is_same_v<T, OrrRelease>) {
          if (!IsSelf(p.child_id)) return;
          CloseCustody(Agency::kOrr, at, Agency::kOrr);
          if (current_custody() == nullptr) released_ = true;
          if (p.sponsor == SponsorCategory::kParent) Reunify(p.sponsor_id.value_or(""), at);
        } else if constexpr (std::is_same_v<T, Removal>) {
          CloseCustody(std::nullopt, at, source_agency);
          removed_at_ = at;
          removal_recorded_at_ = event.recorded_at.value_or(at);
          if (!IsSelf(p.person_id)) Reunify(p.person_id, at);  // leaves with the parent
        } else if constexpr (std::is_same_v<T, Reunification>) {
          if (IsSelf(p.child_id)) Reunify(p.parent_id, at);
        } else if constexpr (std::is_same_v<T, Relationship>) {
          if (IsSelf(p.association.child_id) &&
              p.association.kind != RelationshipKind::kDisproven) {
            AddParent(p.association.parent_id,
                      p.association.kind == RelationshipKind::kInferred ? ParentBasis::kLinked
                                                                        : ParentBasis::kClaimed,
                      event.event_id);
          }
        } else if constexpr (std::is_same_v<T, Correction>) {
          if (p.replacement) {
            const Timestamp when = p.replacement->effective_at;
            ApplyEvent(*p.replacement, IsDateOnly(when) ? FoldTimeOf({.effective_at = when,
                                                                      .event = p.replacement.get()})
                                                        : when);
          }
        }
      },
      event.payload);
}

}  // namespace kinlink::ledger
