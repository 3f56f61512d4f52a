// The event vocabulary of the pipeline: everything that can happen to a person or a family on
// the way through Border Patrol, the US Attorneys, the Marshals and courts, ICE and ORR.
//
// The simulator emits these as ground truth, the ledger stores them, the synthesizer renders them
// as agency records. Each Event has an id, the instant it took effect, optionally when and from
// which source it was recorded, and a typed payload. Names follow NIEM 6.0 where one exists
// (j:CustodyTransfer, hs:ParentChildAssociation, im:AlienDetentionEncounter); the mapping and the
// meaning of each type are in docs/data-model.md.
//
// Events are facts and never change; a Correction is a new event that supersedes an old one.
//
//   Event e{.event_id = "e-1", .effective_at = t,
//           .payload = Separation{.child_id = "p-2", .parent_id = "p-1",
//                                 .reason = SeparationReason::kParentProsecution}};
//   e.type();        // EventType::kSeparation
//   e.Subjects();    // {"p-2", "p-1"}
//
// Thread safety: plain values (a Correction shares its immutable replacement).
#ifndef KINLINK_CORE_EVENT_H_
#define KINLINK_CORE_EVENT_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/agency.h"
#include "core/civil_time.h"
#include "core/family.h"
#include "core/person.h"
#include "core/status.h"

namespace kinlink {

enum class EventType {
  kApprehension,
  kReferral,
  kProsecutionDecision,
  kHearing,
  kSentence,
  kCustodyTransfer,
  kSeparation,
  kOrrReferral,
  kOrrPlacement,
  kOrrRelease,
  kRemoval,
  kContact,
  kReunification,
  kRelationship,
  kCorrection,
};
std::string_view ToString(EventType type);
Result<EventType> ParseEventType(std::string_view code);
std::span<const EventType> AllEventTypes();

enum class Statute { kIllegalEntry1325, kIllegalReentry1326 };
enum class DeclinationReason { kCapacity, kChildAge, kMedical, kEvidence, kHumanitarian, kOther };
enum class Disposition { kTimeServed, kCustodyDays, kDismissed };
enum class SeparationReason {
  kParentProsecution,  // parent referred and taken into Marshals custody
  kParentCriminalHistory,
  kParentMedical,
  kParentFitness,           // a danger to the child
  kRelationshipUnverified,  // the adult could not show they are the parent
  kOther,
};
enum class SponsorCategory { kParent, kCloseRelative, kDistantRelative, kUnrelated };
enum class ContactChannel { kPhone, kVideo, kInPerson };

std::string_view ToString(Statute v);
std::string_view ToString(DeclinationReason v);
std::string_view ToString(Disposition v);
std::string_view ToString(SeparationReason v);
std::string_view ToString(SponsorCategory v);
std::string_view ToString(ContactChannel v);
Result<Statute> ParseStatute(std::string_view code);
Result<DeclinationReason> ParseDeclinationReason(std::string_view code);
Result<Disposition> ParseDisposition(std::string_view code);
Result<SeparationReason> ParseSeparationReason(std::string_view code);
Result<SponsorCategory> ParseSponsorCategory(std::string_view code);
Result<ContactChannel> ParseContactChannel(std::string_view code);

// Where a person is held: the agency and its facility.
struct Custody {
  Agency agency = Agency::kCbp;
  std::string facility_id;
  friend bool operator==(const Custody&, const Custody&) = default;
};

// Border Patrol apprehends a person between ports of entry (im:AlienDetentionEncounter).
struct Apprehension {
  PersonId person_id;
  std::optional<FamilyUnitId> family_unit_id;  // set when recorded as part of a family unit
  Sector sector = Sector::kRioGrandeValley;
  std::string station_id;
  friend bool operator==(const Apprehension&, const Apprehension&) = default;
};

// CBP refers an adult to a US Attorney for prosecution.
struct Referral {
  PersonId person_id;
  District district = District::kSdTex;
  Statute statute = Statute::kIllegalEntry1325;
  friend bool operator==(const Referral&, const Referral&) = default;
};

// The US Attorney prosecutes or declines.
struct ProsecutionDecision {
  PersonId person_id;
  District district = District::kSdTex;
  bool prosecute = true;
  std::optional<DeclinationReason> declination_reason;  // set iff !prosecute
  friend bool operator==(const ProsecutionDecision&, const ProsecutionDecision&) = default;
};

// A defendant appears in court; `defendants` counts everyone in the same (mass) hearing.
struct Hearing {
  PersonId person_id;
  District district = District::kSdTex;
  std::string court_id;
  std::string case_number;
  int defendants = 1;
  friend bool operator==(const Hearing&, const Hearing&) = default;
};

struct Sentence {
  PersonId person_id;
  std::string case_number;
  Disposition disposition = Disposition::kTimeServed;
  int custody_days = 0;  // days ordered beyond time served
  friend bool operator==(const Sentence&, const Sentence&) = default;
};

// A person passes from one custodian to another (j:CustodyTransfer). No releasing custodian: the
// person enters custody; no receiving custodian: the person is released from all custody.
struct CustodyTransfer {
  PersonId person_id;
  std::optional<Custody> releasing;
  std::optional<Custody> receiving;
  std::string official;  // the releasing or receiving official, when recorded
  friend bool operator==(const CustodyTransfer&, const CustodyTransfer&) = default;
};

// A child is separated from the adult they arrived with.
struct Separation {
  PersonId child_id;
  PersonId parent_id;
  std::optional<FamilyUnitId> family_unit_id;
  SeparationReason reason = SeparationReason::kParentProsecution;
  friend bool operator==(const Separation&, const Separation&) = default;
};

// A child is referred to ORR; a separated child is re-designated unaccompanied.
struct OrrReferral {
  PersonId child_id;
  Agency referring_agency = Agency::kCbp;
  bool separated = false;
  std::optional<PersonId> parent_id;  // the parent the child was separated from, when recorded
  friend bool operator==(const OrrReferral&, const OrrReferral&) = default;
};

struct OrrPlacement {
  PersonId child_id;
  std::string facility_id;
  friend bool operator==(const OrrPlacement&, const OrrPlacement&) = default;
};

// ORR releases a child to a vetted sponsor.
struct OrrRelease {
  PersonId child_id;
  SponsorCategory sponsor = SponsorCategory::kCloseRelative;
  std::optional<PersonId> sponsor_id;
  friend bool operator==(const OrrRelease&, const OrrRelease&) = default;
};

// A person is removed from the United States, with the children who leave with them.
struct Removal {
  PersonId person_id;
  std::string country;  // ISO 3166-1 alpha-3
  std::vector<PersonId> accompanying_children;
  friend bool operator==(const Removal&, const Removal&) = default;
};

// A separated parent and child speak or meet.
struct Contact {
  PersonId parent_id;
  PersonId child_id;
  ContactChannel channel = ContactChannel::kPhone;
  friend bool operator==(const Contact&, const Contact&) = default;
};

struct Reunification {
  PersonId parent_id;
  PersonId child_id;
  std::string facility_id;  // where it happened, when known
  friend bool operator==(const Reunification&, const Reunification&) = default;
};

// A parent-child relationship is recorded, verified or disproven (hs:ParentChildAssociation).
struct Relationship {
  ParentChildAssociation association;
  friend bool operator==(const Relationship&, const Relationship&) = default;
};

struct Event;

// A later event that supersedes an earlier one; with no replacement it retracts it.
struct Correction {
  std::string supersedes_event_id;
  std::string reason;
  std::shared_ptr<const Event> replacement;
  friend bool operator==(const Correction& a, const Correction& b);
};

using EventPayload =
    std::variant<Apprehension, Referral, ProsecutionDecision, Hearing, Sentence, CustodyTransfer,
                 Separation, OrrReferral, OrrPlacement, OrrRelease, Removal, Contact, Reunification,
                 Relationship, Correction>;

// Which agency record an event was read from.
struct EventSource {
  Agency agency = Agency::kCbp;
  std::string system;     // "e3", "EARM", "UAC Portal", "synth"...
  std::string file;       // the file it was read from, when ingested from one
  std::string record_id;  // the record's id in that system
  friend bool operator==(const EventSource&, const EventSource&) = default;
};

struct Event {
  std::string event_id;
  Timestamp effective_at;                // when it happened
  std::optional<Timestamp> recorded_at;  // when a system learned of it (may be much later)
  std::optional<EventSource> source;
  std::string actor;  // who recorded or decided it, when known
  EventPayload payload;

  EventType type() const { return static_cast<EventType>(payload.index()); }
  // The persons the event concerns, principal first.
  std::vector<PersonId> Subjects() const;

  friend bool operator==(const Event&, const Event&) = default;
};

}  // namespace kinlink

#endif  // KINLINK_CORE_EVENT_H_
