// PersonProjection: what the ledger knows about one identity now, folded from its log entries in
// effective-time order: custody intervals (where, since when), removal, family units, the
// separations where the person is the child, parent links, and a family-unit id dropped after a
// separation. Pure computation: no storage (ProjectionStore writes it, Ledger keeps it current).
//
//   PersonProjection p("P1");
//   p.Apply({.seq = 1, .effective_at = t, .event = &apprehension});
//   p.current_custody();   // CBP, the station, since t
//
// Apply expects entries in (effective_at, seq) order; an entry older than the last one applied is
// out of order, and the caller must rebuild the projection by replaying every entry (the ledger
// does this, see docs/event-semantics.md). Thread safety: a plain value.
#ifndef KINLINK_LEDGER_PERSON_PROJECTION_H_
#define KINLINK_LEDGER_PERSON_PROJECTION_H_

#include <optional>
#include <string>
#include <vector>

#include "core/agency.h"
#include "core/civil_time.h"
#include "core/event.h"
#include "core/family.h"
#include "core/person.h"

namespace kinlink::ledger {

// Log entry types that are not core events (docs/ledger.md).
inline constexpr std::string_view kPersonRecordType = "person_record";
inline constexpr std::string_view kFamilyUnitRecordType = "family_unit_record";
inline constexpr std::string_view kLinkDecisionType = "link_decision";
inline constexpr std::string_view kFamilyLinkType = "family_link";  // family_link_decision.h

struct CustodyInterval {
  Agency agency = Agency::kCbp;
  std::string facility_id;
  Timestamp start;
  Timestamp agency_since;  // start of the unbroken stay with this agency (across its facilities)
  std::optional<Timestamp> end;
};

struct SeparationRecord {
  PersonId parent_id;  // empty when the record did not say from whom (an ORR referral's flag)
  // True when no record named the parent and parent_id is a parent the linker inferred (a
  // `relationship` event of kind "inferred"); a parent a record names later replaces it.
  bool parent_inferred = false;
  std::optional<FamilyUnitId> family_unit_id;
  Timestamp separated_at;
  SeparationReason reason = SeparationReason::kOther;
  std::string event_id;
  std::optional<Timestamp> reunified_at;
};

// One entry as the projection sees it: a core event, a person record or a family-unit record.
struct ProjectionInput {
  int64_t seq = 0;
  Timestamp effective_at;
  const Event* event = nullptr;
  const Person* person = nullptr;
  const FamilyUnit* family = nullptr;
};

class PersonProjection {
 public:
  explicit PersonProjection(PersonId person_id) : person_id_(std::move(person_id)) {}

  // True when `input` is not older than the last entry applied (it can be applied in place).
  bool InOrder(const ProjectionInput& input) const;
  void Apply(const ProjectionInput& input);

  const PersonId& person_id() const { return person_id_; }
  // "unknown" (no custody event yet), "in_custody", "released" or "removed".
  std::string_view status() const;
  // The most recently opened custody interval still open.
  const CustodyInterval* current_custody() const;
  const std::vector<CustodyInterval>& custody() const { return custody_; }
  const std::vector<SeparationRecord>& separations() const { return separations_; }
  const std::vector<FamilyUnitId>& family_units() const { return family_units_; }
  // When each of family_units() was first seen (same order).
  const std::vector<Timestamp>& family_units_seen() const { return family_units_seen_; }
  const std::optional<FamilyUnitId>& family_unit_id() const { return family_unit_id_; }
  const std::optional<Timestamp>& removed_at() const { return removed_at_; }
  const std::optional<Timestamp>& removal_recorded_at() const { return removal_recorded_at_; }
  const std::optional<Timestamp>& separated_flag_at() const { return separated_flag_at_; }
  int parent_links() const { return parent_links_; }
  // Every person recorded as this person's parent (separation, relationship, ORR referral),
  // disproven claims excluded, in the order first recorded.
  const std::vector<PersonId>& parent_ids() const { return parent_ids_; }
  const std::optional<FamilyUnitId>& dropped_family_unit_id() const { return dropped_family_; }
  const std::optional<Timestamp>& dropped_at() const { return dropped_at_; }
  const std::string& dropped_by() const { return dropped_by_; }
  const std::optional<PartialDate>& birth_date() const { return birth_date_; }
  Timestamp last_effective_at() const { return last_effective_at_; }
  int64_t events() const { return events_; }

 private:
  void ApplyEvent(const Event& event, Timestamp at);
  void OpenCustody(Agency agency, const std::string& facility, Timestamp at,
                   std::optional<Timestamp> agency_since);
  // Closes open intervals of `agency` (every agency when unset); returns the earliest
  // agency_since among those closed.
  std::optional<Timestamp> CloseCustody(std::optional<Agency> agency, Timestamp at);
  void NoteFamilyUnit(const std::optional<FamilyUnitId>& unit, Agency recorded_by, Timestamp at);
  // Closes open separations from `parent_id` (every open one when empty).
  void Reunify(const PersonId& parent_id, Timestamp at);
  void AddParent(const PersonId& parent_id);
  // Gives every open separation that names no parent the first inferred parent, if any.
  void FillInferredParents();
  void OpenSeparation(const PersonId& parent_id, const std::optional<FamilyUnitId>& unit,
                      Timestamp at, SeparationReason reason, const std::string& event_id);

  PersonId person_id_;
  std::vector<CustodyInterval> custody_;
  std::vector<SeparationRecord> separations_;
  std::vector<FamilyUnitId> family_units_;
  std::vector<Timestamp> family_units_seen_;
  std::optional<FamilyUnitId> family_unit_id_;
  std::optional<Agency> family_unit_agency_;
  std::optional<Timestamp> last_separation_at_;
  std::optional<Timestamp> removed_at_;
  std::optional<Timestamp> removal_recorded_at_;
  bool released_ = false;
  std::optional<Timestamp> separated_flag_at_;
  int parent_links_ = 0;
  std::vector<PersonId> parent_ids_;
  std::vector<PersonId> inferred_parent_ids_;  // from relationships of kind "inferred"
  std::optional<FamilyUnitId> dropped_family_;
  std::optional<Timestamp> dropped_at_;
  std::string dropped_by_;
  std::optional<PartialDate> birth_date_;
  Timestamp last_effective_at_{};
  int64_t last_seq_ = 0;
  int64_t events_ = 0;
};

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_PERSON_PROJECTION_H_
