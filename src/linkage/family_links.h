// Family links: parent–child relationships inferred between clustered persons.
//
// Evidence, each recorded on the link with its weight (natural-log odds):
//   shared CBP family-unit id          +3.0   a family unit groups adults with their children
//   relationship claim between records +2.5   "this adult is the mother of R17"
//   co-apprehension                    +2.5   same place within two minutes (taken together)
//                                      +1.0   same place within fifteen minutes
//   the only adult with a minor        +1.5   the minor was apprehended with this adult alone
//   naming rule                        +2.5   child's first surname = the adult's paternal surname
//                                             (father), or child's second surname = the adult's
//                                             paternal surname (mother); any surname on the two
//                                             persons' records counts, and surnames that sound
//                                             alike (Giménez / Jiménez) or differ by a typo
//                                             (Persz / Perez) agree
//                                      +2.0   child's first surname = a woman's paternal surname
//                                             (a single mother's surnames passed on)
//   naming rule reversed               +1.0   the child carries the adult's second surname: the
//                                             adult's surnames may be recorded swapped
//   naming rule broken                 -4.0   both sets of surnames known and none of these holds
//   sex contradicts the naming role    -1.0   e.g. the "father" by surname is recorded female
//   age gap under 13 years             -6.0   not a plausible parent
//   age gap 13–60 years                +0.5
//   the "child" an adult               -2.5   18 or older when apprehended: family units join
//                                             parents with minors
//   outside the child's family unit    -2.0   the child's unit holds another adult, not this one
// starting from a prior of -2.0. Confidence = 1 / (1 + e^-sum). A link at or above
// `assert_threshold` is asserted unless the naming rule is broken: then it goes to review with a
// "needs_confirmation" note (a false parent brings a family unit, a claim and a co-apprehension
// too; on the 2018 synthesized records 588 of 933 such links were false claims). One between
// `review_threshold` and it, or any link backed by a claim or a shared family unit that the
// evidence does not support, goes to the review queue with its reasons; the rest are dropped. A
// child has one father and one mother: when more adults than that are asserted for one child, the
// strongest fills each place and the rest go to review with a "competing_parent" note naming the
// stronger candidate. Candidates are only pairs that share a family unit, a claim or a
// co-apprehension, with one person at least 13 years older than the other (or roles stated by a
// claim).
//
//   std::vector<FamilyLink> links = InferFamilyLinks(set, prepared, persons, person_of_record, {});
//
// Thread safety: a pure function of its inputs.
#ifndef KINLINK_LINKAGE_FAMILY_LINKS_H_
#define KINLINK_LINKAGE_FAMILY_LINKS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "linkage/clustering.h"
#include "linkage/evaluation.h"
#include "linkage/link_record.h"
#include "linkage/prepared_record.h"

namespace kinlink::linkage {

struct LinkEvidence {
  std::string kind;    // "family_unit", "claim", "co_apprehension", "naming_rule", ...
  std::string detail;  // human-readable, names the records
  double weight = 0;
};

enum class FamilyLinkStatus { kAsserted, kReview };
std::string_view ToString(FamilyLinkStatus status);

struct FamilyLink {
  uint32_t parent = 0;  // index into persons
  uint32_t child = 0;
  std::string role;  // "father", "mother" or "parent"
  double confidence = 0;
  FamilyLinkStatus status = FamilyLinkStatus::kReview;
  std::vector<LinkEvidence> evidence;
  nlohmann::json ToJson(const std::vector<PersonCluster>& persons) const;
};

struct FamilyOptions {
  double assert_threshold = 0.9;
  double review_threshold = 0.5;
  int co_apprehension_minutes = 15;
};

std::vector<FamilyLink> InferFamilyLinks(const RecordSet& set,
                                         const std::vector<PreparedRecord>& prepared,
                                         const std::vector<PersonCluster>& persons,
                                         const std::vector<uint32_t>& person_of_record,
                                         const FamilyOptions& options);

// For evaluation: the asserted links as (parent entity, child entity) pairs, where a person's
// entity is the truth entity most of its records carry.
std::set<EntityLink> PredictedEntityLinks(const RecordSet& set,
                                          const std::vector<PersonCluster>& persons,
                                          const std::vector<FamilyLink>& links);

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_FAMILY_LINKS_H_
