// FamilyLinkDecision: a parent–child link rebuilt from agencies' records (by `kinlink link`, or a
// person reviewing its queue), written to the ledger so that a family link, once known, is never
// lost.
//
// Each decision is one `family_link` entry in the hash-chained log: the parent's and the child's
// identities, asserted or proposed, the confidence, the evidence and who decided. An asserted link
// also appends one core `relationship` event (kind "inferred") per identity of the child, so each
// child record's projection lists the parent; an open separation whose records never named the
// parent (an ORR referral's "separated" flag) then shows the inferred parent, marked as inferred,
// until a record names one (docs/event-semantics.md). A proposed link changes no projection: it
// waits for review.
//
// Idempotent: the entry id is derived from (parent, children, state) and each relationship's id
// from (parent, child), so recording the same conclusion again adds nothing.
//
//   FamilyLinkDecision d{.parent_id = "ice:E12", .child_ids = {"cbp:S7", "orr:UAC3"},
//                        .role = "mother", .confidence = 0.97, .asserted = true,
//                        .evidence = {...}, .decided_by = "kinlink link",
//                        .effective_at = apprehended_at};
//   KINLINK_RETURN_IF_ERROR(ledger.Begin());
//   KINLINK_ASSIGN_OR_RETURN(FamilyLinkWrite w, RecordFamilyLinkDecision(ledger, d));
//   KINLINK_RETURN_IF_ERROR(ledger.Commit());
//
// Errors: InvalidArgument for an empty parent, no children, or a parent among the children;
// storage errors (the caller aborts the batch). Thread safety: one thread, like the Ledger.
#ifndef KINLINK_LEDGER_FAMILY_LINK_DECISION_H_
#define KINLINK_LEDGER_FAMILY_LINK_DECISION_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/civil_time.h"
#include "core/person.h"
#include "ledger/ledger.h"
#include "ledger/person_projection.h"

namespace kinlink::ledger {

struct FamilyLinkDecision {
  PersonId parent_id;               // the parent's identity (one source record's)
  std::vector<PersonId> child_ids;  // every identity of the child (one per source record)
  std::string role;                 // "father", "mother" or "parent"
  double confidence = 0;            // 0..1
  bool asserted = false;            // true: relationship events; false: proposed for review
  nlohmann::json evidence;          // what the link rests on (kind, detail, weight per item)
  std::string decided_by;           // "kinlink link", "reviewer:jdoe"
  // When the link is known to hold from (the earliest record showing them together); it orders
  // the relationship among the child's events.
  Timestamp effective_at{};
};

struct FamilyLinkWrite {
  bool new_entry = false;  // false when this exact decision was already in the log
  int relationships = 0;   // relationship events appended
};

Result<FamilyLinkWrite> RecordFamilyLinkDecision(Ledger& ledger, const FamilyLinkDecision& d);

// The id of the `relationship` event an asserted link writes for (parent, child identity): with
// EventLog::Contains, whether the linker found this parent of this child.
std::string InferredRelationshipEventId(const PersonId& parent_id, const PersonId& child_id);

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_FAMILY_LINK_DECISION_H_
