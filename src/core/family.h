// Family units and parent-child relationships (NIEM hs:ParentChildAssociation).
//
// A FamilyUnit is the group CBP records at apprehension under one family-unit number. A
// ParentChildAssociation is one adult-child link with its kind; "claimed_unverified" is a claim
// nobody has checked, "disproven" a claim shown false (in 2018, 5 of 102 adults in the under-5
// class). A link once known is never deleted: a disproven claim stays, marked disproven.
//
// Thread safety: plain values.
#ifndef KINLINK_CORE_FAMILY_H_
#define KINLINK_CORE_FAMILY_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/person.h"
#include "core/status.h"

namespace kinlink {

using FamilyUnitId = std::string;

enum class RelationshipKind {
  kBiological,
  kAdoptive,
  kLegalGuardian,
  kOtherRelative,      // grandparent, aunt, uncle, adult sibling
  kClaimedUnverified,  // an adult says they are the parent; nobody has checked
  kDisproven,          // a claim found false
  kInferred,  // rebuilt by record linkage from agencies' records (evidence in its family_link
              // entry); nobody has verified it
};
std::string_view ToString(RelationshipKind kind);
Result<RelationshipKind> ParseRelationshipKind(std::string_view code);
// True for the kinds a court treats as a parent (biological, adoptive, legal guardian).
bool IsParentalKind(RelationshipKind kind);

struct FamilyUnit {
  FamilyUnitId family_unit_id;
  std::vector<PersonId> members;
  friend bool operator==(const FamilyUnit&, const FamilyUnit&) = default;
};

struct ParentChildAssociation {
  PersonId parent_id;
  PersonId child_id;
  RelationshipKind kind = RelationshipKind::kClaimedUnverified;
  friend bool operator==(const ParentChildAssociation&, const ParentChildAssociation&) = default;
};

}  // namespace kinlink

#endif  // KINLINK_CORE_FAMILY_H_
