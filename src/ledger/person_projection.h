// PersonProjection: what the ledger knows about one person now, folded from the log entries of
// every identity of that person (the identities joined by accepted link decisions; an unlinked
// identity is a person of its own) in fold order: custody intervals (where, since when, and
// whose record ended each), removal, family units, the separations where the person is the
// child, every parent any record names (with the basis: a record, a claim, the linker), the
// youngest plausible birth date, and a family-unit id dropped after a separation. Pure
// computation: no storage (ProjectionStore writes it, Ledger keeps it current).
//
//   PersonProjection p("cbp:S1", {"cbp:S1", "orr:UAC7"});   // the person and its identities
//   p.Apply({.seq = 1, .effective_at = t, .event = &apprehension});
//   p.current_custody();   // CBP, the station, since t
//
// Fold order (FoldTimeOf): effective time, except that a record with a date but no time (an
// effective time of exactly 00:00:00 UTC, which is how every date-only field reaches the ledger)
// is read as "some time that day" and placed after the day's timed entries, in the pipeline's
// order (apprehension, referral, Marshals, ORR placement, ICE, release, removal), and its change
// (a custody opened or ended, a removal, a separation) takes effect at that moment: at the start
// of the day it happened on, nothing says it had happened yet. Apply expects
// entries in (FoldTimeOf, seq) order; an entry that sorts before the last one applied is out of
// order, and the caller must rebuild the projection by replaying every entry (the ledger does
// this, see docs/event-semantics.md). Thread safety: a plain value.
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
  // The agency whose record ended the interval (a release, transfer, removal, ORR discharge);
  // unset when the end was inferred from a later custody of another agency on the person.
  std::optional<Agency> ended_by;
};

// How a parent came to be recorded for a child, strongest first. The linker's conclusion ranks
// above a bare claim: it weighed the claim itself (an agency's claimed parent is one piece of its
// evidence) with the family unit, co-apprehension, names and ages, so where they disagree the
// claim was outweighed.
enum class ParentBasis {
  kRecord,   // a separation or ORR referral record names the parent
  kLinked,   // the record linker rebuilt it (a relationship of kind "inferred")
  kClaimed,  // an agency record claims the relationship (CBP's CLAIMED_PARENT_ID, a relationship)
};
std::string_view ToString(ParentBasis basis);

struct ParentLink {
  PersonId parent_id;  // the parent's identity as the record names it
  ParentBasis basis = ParentBasis::kRecord;
  std::string event_id;  // the entry that named the parent
};

struct SeparationRecord {
  PersonId parent_id;  // empty when the record did not say from whom (an ORR referral's flag)
  // True when no record named the parent and parent_id is a parent the linker inferred (a
  // `relationship` event of kind "inferred"); a parent a record names later replaces it.
  bool parent_inferred = false;
  // Where parent_id came from: the separation record itself, a claim on a linked record, or the
  // linker. A stronger basis replaces a weaker one in place.
  ParentBasis parent_basis = ParentBasis::kRecord;
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
  // For a correction: the event it supersedes, when the caller has it. A family unit the
  // original recorded and the replacement leaves out stays known, noted as dropped by the agency
  // when the correction was entered (a record overwritten without its family unit, as e3 did).
  const Event* superseded = nullptr;
};

// Where an entry falls in fold order: its effective time, or for a date-only entry a moment near
// the end of its day chosen by its place in the pipeline (see above).
Timestamp FoldTimeOf(const ProjectionInput& input);
// True when `t` carries no time of day (00:00:00 UTC): the ledger reads it as a whole day.
bool IsDateOnly(Timestamp t);

class PersonProjection {
 public:
  // `identities`: every identity of the person (sorted or not); empty means just `person_id`.
  explicit PersonProjection(PersonId person_id, std::vector<PersonId> identities = {});

  // True when `input` is not older than the last entry applied (it can be applied in place).
  bool InOrder(const ProjectionInput& input) const;
  void Apply(const ProjectionInput& input);

  const PersonId& person_id() const { return person_id_; }
  const std::vector<PersonId>& identities() const { return identities_; }
  // True when `id` is one of the person's identities.
  bool IsSelf(std::string_view id) const;
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
  // The same parents with the strongest basis each was recorded on (same order).
  const std::vector<ParentLink>& parent_links_detail() const { return parent_detail_; }
  const std::optional<FamilyUnitId>& dropped_family_unit_id() const { return dropped_family_; }
  const std::optional<Timestamp>& dropped_at() const { return dropped_at_; }
  const std::string& dropped_by() const { return dropped_by_; }
  // The youngest plausible birth date across the person's records (the one whose latest possible
  // day is latest), so child protections apply whenever any record allows it; and the identity
  // whose record gave it.
  const std::optional<PartialDate>& birth_date() const { return birth_date_; }
  const PersonId& birth_date_source() const { return birth_date_source_; }
  Timestamp last_effective_at() const { return last_effective_at_; }
  int64_t events() const { return events_; }

 private:
  void ApplyEvent(const Event& event, Timestamp at);
  // A correction that dropped the family unit its original recorded.
  void NoteUnitOverwritten(const Event& correction, const Event& original);
  void OpenCustody(Agency agency, const std::string& facility, Timestamp at,
                   std::optional<Timestamp> agency_since);
  // Closes open intervals of `agency` (every agency when unset); returns the earliest
  // agency_since among those closed.
  // `by`: the agency whose record ended it (unset: inferred from a later custody).
  std::optional<Timestamp> CloseCustody(std::optional<Agency> agency, Timestamp at,
                                        std::optional<Agency> by);
  void NoteFamilyUnit(const std::optional<FamilyUnitId>& unit, Agency recorded_by, Timestamp at);
  // Closes open separations from `parent_id` (every open one when empty).
  void Reunify(const PersonId& parent_id, Timestamp at);
  void AddParent(const PersonId& parent_id, ParentBasis basis, const std::string& event_id);
  // Gives every open separation whose parent is unknown or weaker than the best parent any
  // record names (the linker's first, then a claim) that parent.
  void FillParents();
  void OpenSeparation(const PersonId& parent_id, const std::optional<FamilyUnitId>& unit,
                      Timestamp at, SeparationReason reason, const std::string& event_id);

  PersonId person_id_;
  std::vector<PersonId> identities_;  // sorted
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
  std::vector<ParentLink> parent_detail_;
  std::optional<FamilyUnitId> dropped_family_;
  std::optional<Timestamp> dropped_at_;
  std::string dropped_by_;
  std::optional<PartialDate> birth_date_;
  PersonId birth_date_source_;
  Timestamp last_effective_at_{};
  Timestamp last_fold_at_{};
  Timestamp latest_custody_start_{};
  int64_t last_seq_ = 0;
  int64_t events_ = 0;
};

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_PERSON_PROJECTION_H_
