// TruthModel: what really happened, read from the simulator's truth stream
// (docs/truth-format.md), and asked about any moment T: where each person was, which children
// were separated from which parent, which families were apart. It is the benchmark's referee, so
// it is its own code: it never calls the ledger's projections.
//
// Custody is the fold of the truth's custody events in stream order (the simulator emits a
// custody_transfer for every move): a receiving custodian opens custody there (the unbroken stay
// with one agency continues across its facilities), none ends all custody; apprehension,
// orr_placement, orr_release and removal are read too, so a hand-built stream without transfers
// works. A separation opens at its `separation` event and closes at the first of: a reunification
// of that child with that parent, an orr_release of the child to that parent (sponsor_id), or a
// removal of the child with that parent (the parent's removal listing the child, or the child's
// own removal when the parent was removed at the same moment).
//
//   KINLINK_ASSIGN_OR_RETURN(TruthModel truth, TruthModel::Load("truth.jsonl"));
//   for (const std::string& p : truth.PersonsInCustodyAt(t)) Use(*truth.CustodyAt(p, t));
//
// Errors: NotFound for a missing file, InvalidArgument "<file>:<line>: <what>" for a malformed
// stream or an event naming an undeclared person. Thread safety: immutable after loading.
#ifndef KINLINK_EVALUATE_TRUTH_MODEL_H_
#define KINLINK_EVALUATE_TRUTH_MODEL_H_

#include <istream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/civil_time.h"
#include "core/event.h"
#include "core/family.h"
#include "core/person.h"
#include "core/status.h"

namespace kinlink::evaluate {

struct TruthCustody {
  Agency agency = Agency::kCbp;
  std::string facility_id;
  Timestamp start;
  std::optional<Timestamp> end;
  Timestamp agency_since;  // start of the unbroken stay with this agency
};

struct TruthSeparation {
  std::string child_id;
  std::string parent_id;
  std::string family_unit_id;
  Timestamp separated_at;
  std::optional<Timestamp> ended_at;  // reunified, released to the parent, removed together

  bool OpenAt(Timestamp t) const { return separated_at <= t && (!ended_at || *ended_at > t); }
};

struct TruthPerson {
  std::optional<PartialDate> birth_date;
  std::string family_unit_id;  // empty when the person came alone
  std::vector<TruthCustody> custody;
  std::optional<Timestamp> removed_at;
  std::optional<Timestamp> first_referral_at;
};

class TruthModel {
 public:
  static Result<TruthModel> Load(const std::string& path);
  static Result<TruthModel> Read(std::istream& in, const std::string& name);

  // Building by hand (tests; Read uses the same): declarations first, events in time order.
  void AddFacility(const Facility& facility);
  void AddPerson(const Person& person);
  void AddFamily(const FamilyUnit& family);
  void AddRelationship(const ParentChildAssociation& association);
  // InvalidArgument when the event names an undeclared person.
  Status AddEvent(const Event& event);

  // The custody interval holding `person` at `t` (start <= t < end), if any.
  std::optional<TruthCustody> CustodyAt(const std::string& person, Timestamp t) const;
  bool RemovedBy(const std::string& person, Timestamp t) const;
  // Every person held by some agency at `t`, sorted.
  std::vector<std::string> PersonsInCustodyAt(Timestamp t) const;
  // The facility's name from the truth's facility lines ("" when not declared).
  std::string FacilityName(const std::string& facility_id) const;

  std::vector<const TruthSeparation*> OpenSeparationsAt(Timestamp t) const;
  const std::vector<TruthSeparation>& separations() const { return separations_; }
  // The parents the child was ever separated from.
  std::set<std::string> SeparationParentsOf(const std::string& child) const;
  // Whether `parent` is the child's true parent (biological, adoptive, legal guardian).
  bool IsParentOf(const std::string& parent, const std::string& child) const;

  // Family units and their members (adults first).
  const std::map<std::string, std::vector<std::string>>& families() const { return families_; }
  // A family is separated at `t` when a separation of one of its children is open.
  bool FamilySeparatedAt(const std::string& family_unit_id, Timestamp t) const;

  const TruthPerson* Find(const std::string& person) const;
  std::optional<int> AgeOn(const std::string& person, Date day) const;
  std::optional<Timestamp> EventTime(const std::string& event_id) const;
  size_t person_count() const { return persons_.size(); }

 private:
  TruthPerson* Mutable(const std::string& person);
  void OpenCustody(TruthPerson& p, Agency agency, const std::string& facility, Timestamp t);
  void CloseCustody(TruthPerson& p, Timestamp t);
  void EndSeparations(const std::string& child, const std::string& parent, Timestamp t);

  std::unordered_map<std::string, TruthPerson> persons_;
  std::map<std::string, std::vector<std::string>> families_;
  std::set<std::pair<std::string, std::string>> parental_;  // (parent, child)
  std::unordered_map<std::string, std::string> facility_names_;
  std::vector<TruthSeparation> separations_;
  std::unordered_map<std::string, std::vector<size_t>> separations_of_child_;
  std::unordered_map<std::string, Timestamp> event_times_;
};

}  // namespace kinlink::evaluate

#endif  // KINLINK_EVALUATE_TRUTH_MODEL_H_
